package org.blindgate.cli;

/**
 * A failure found by the client itself rather than the SDK (a missing secret, no store yet), with
 * its exit code. The message is one sentence, printed as it is.
 */
public final class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String sentence) {
        super(sentence);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
