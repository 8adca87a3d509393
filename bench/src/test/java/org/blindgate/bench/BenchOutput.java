package org.blindgate.bench;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A bench run in this JVM with its stdout captured: the exit code, and what it printed. */
record BenchOutput(int exit, String out) {

    static BenchOutput run(String... args) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = BlindgateBench.execute(args);
        } finally {
            System.setOut(original);
        }
        return new BenchOutput(exit, captured.toString(StandardCharsets.UTF_8));
    }

    /** The final JSON line. */
    JsonObject json() {
        List<String> lines = out.lines().toList();
        return new JsonObject(lines.get(lines.size() - 1));
    }
}
