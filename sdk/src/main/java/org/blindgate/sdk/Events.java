package org.blindgate.sdk;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The application's {@link ClientListener}, called safely (a throwing listener does not break the
 * client), plus internal taps such as {@link BlindgateClient#inbox}'s collector. Called only from
 * the client's worker thread, so the application sees events one at a time and in order.
 */
final class Events {

    private final ClientListener listener;
    private final List<Consumer<IncomingMessage>> taps = new CopyOnWriteArrayList<>();
    private volatile ConnectionState state = ConnectionState.OFFLINE;

    Events(ClientListener listener) {
        this.listener = listener;
    }

    void tap(Consumer<IncomingMessage> tap) {
        taps.add(tap);
    }

    void untap(Consumer<IncomingMessage> tap) {
        taps.remove(tap);
    }

    void message(IncomingMessage m) {
        taps.forEach(t -> t.accept(m));
        safely(() -> listener.onMessage(m));
    }

    void receipt(Receipt r) {
        safely(() -> listener.onReceipt(r));
    }

    void identityChanged(IdentityChangedException e) {
        safely(() -> listener.onIdentityChanged(e));
    }

    void error(BlindgateException e) {
        safely(() -> listener.onError(e));
    }

    ConnectionState state() {
        return state;
    }

    void state(ConnectionState s) {
        if (state != s) {
            state = s;
            safely(() -> listener.onConnectionState(s));
        }
    }

    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException ignored) {
            // The application's bug must not stop message processing; it is its own to log.
        }
    }
}
