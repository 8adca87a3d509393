package org.blindgate.bench.load;

import java.io.PrintStream;

/** Progress lines on stderr during long runs, so stdout keeps only the table and the JSON line. */
public final class Progress {

    private final PrintStream out;
    private final boolean enabled;

    public Progress(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    public static Progress quiet() {
        return new Progress(System.err, false);
    }

    public void line(String format, Object... args) {
        if (enabled) {
            out.printf(format + "%n", args);
            out.flush();
        }
    }
}
