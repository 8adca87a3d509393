package org.blindgate.bench.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to launch a Java program of this repository as a separate process: from its shaded jar
 * when it exists, else from this JVM's own class path (tests run before {@code package}).
 */
public final class JavaCommand {

    private JavaCommand() {
    }

    /** The {@code java} of the running JVM, so children run on the same JDK. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * {@code java OPTS -jar JAR ARGS} if {@code jar} exists, else {@code java OPTS -cp <this
     * class path> MAIN ARGS} when {@code mainClass} is on this class path.
     *
     * @throws IllegalStateException if neither can run the program, naming what to build
     */
    public static List<String> of(Path jar, String mainClass, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        if (jar != null && Files.isRegularFile(jar)) {
            command.add("-jar");
            command.add(jar.toAbsolutePath().toString());
        } else if (onClassPath(mainClass)) {
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(mainClass);
        } else {
            throw new IllegalStateException("cannot find " + (jar == null ? mainClass : jar.toString())
                    + ": build it first with `mvn -q -DskipTests package` (or pass its path)");
        }
        command.addAll(args);
        return command;
    }

    /** Runs a main class of this very class path (the bench's own hidden subcommands). */
    public static List<String> self(String mainClass, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    private static boolean onClassPath(String mainClass) {
        try {
            Class.forName(mainClass, false, JavaCommand.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Splits a flag value such as {@code "-Xmx2g -XX:+UseG1GC"} into JVM options. */
    public static List<String> split(String options) {
        List<String> out = new ArrayList<>();
        if (options != null) {
            for (String s : options.trim().split("\\s+")) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }
}
