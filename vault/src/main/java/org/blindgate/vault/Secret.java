package org.blindgate.vault;

/** A configuration value that must never reach a log: {@code toString()} hides it. */
public record Secret(String value) {

    @Override
    public String toString() {
        return "[REDACTED]";
    }
}
