package org.blindgate.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code blindgate-chat} as a real child process, launched from the test classpath (surefire runs
 * before {@code package}, so the shaded jar may not exist yet): real exit codes, real environment
 * variables, and no terminal, as a script runs it. Output goes to files, read when it is needed.
 */
final class Cli {

    /** A finished run. */
    record Result(int exit, List<String> stdout, List<String> stderr) {
        @Override
        public String toString() {
            return "exit " + exit + ", stdout " + stdout + ", stderr " + stderr;
        }
    }

    /** A run still going ({@code listen}). */
    record Running(Process process, Path stdout, Path stderr) implements AutoCloseable {
        List<String> err() {
            return lines(stderr);
        }

        Result awaitExit() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("blindgate-chat did not exit; stderr " + err());
            }
            return new Result(process.exitValue(), lines(stdout), err());
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private Cli() {
    }

    /** Runs {@code blindgate-chat args} to its end with exactly {@code env} as BLINDGATE_* variables. */
    static Result run(Map<String, String> env, List<String> args) throws IOException, InterruptedException {
        return start(env, args).awaitExit();
    }

    static Running start(Map<String, String> env, List<String> args) throws IOException {
        Path dir = Files.createTempDirectory("blindgate-chat-run");
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(new File("/dev/null"));
        // The test's settings are its arguments alone, whatever the machine running it exports.
        pb.environment().keySet().removeIf(k -> k.startsWith("BLINDGATE_"));
        pb.environment().putAll(env);
        return new Running(pb.start(), out, err);
    }

    /** The command line that runs {@code blindgate-chat args} with this JVM and the test classpath. */
    static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Short runs: the first JIT tier starts faster, and a cheap store key (see ClientSetup).
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-D" + ClientSetup.STORE_KDF_PROPERTY + "=64,1,1",
                "-cp", System.getProperty("java.class.path"), BlindgateChat.class.getName()));
        command.addAll(args);
        return command;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
