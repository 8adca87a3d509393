package org.blindgate.vault.store;

/** What an upload came to. */
public enum PutOutcome {
    /** Stored now: {@code 201}. */
    CREATED,
    /** The same bytes were already there (a retried upload): {@code 200}, nothing changed. */
    SAME,
    /** Other bytes are already there: {@code 409 conflict}, nothing changed. */
    CONFLICT
}
