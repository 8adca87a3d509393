package org.blindgate.bench.load;

/**
 * One authenticated connection of one bench user to a system under test. A sender's link
 * knows its partner; {@link #send} sends the next message to it.
 */
public interface Link {

    /**
     * Sends message {@code counter} of sender {@code sender} to this link's partner. Called on
     * the link's own event loop (its context), or any thread for links that say so.
     */
    void send(int sender, long counter);

    /** Closes the connection; returns at once. */
    void close();

    /** What a link reports; each method may run on the link's I/O thread. */
    interface Listener {

        /** The system took responsibility for message {@code counter} (the sender's ack). */
        void acked(int sender, long counter);

        /** Message {@code counter} of {@code sender} arrived; {@code seq} is -1 if the system has none. */
        void received(int sender, long counter, long seq);

        /** Something the run cannot ignore: an error frame, a refused message, a lost connection. */
        void problem(String what);

        /** A {@code sync.done} (gateway only). */
        default void syncDone(long lastSeq, boolean hasMore) {
        }
    }
}
