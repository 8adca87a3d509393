package org.blindgate.gateway.routing;

import org.blindgate.gateway.store.MessageWriter;
import org.blindgate.gateway.store.PendingMessage;
import org.blindgate.gateway.store.StoredMessage;
import org.blindgate.gateway.store.WriteOutcome;
import org.blindgate.protocol.AckStatus;
import org.blindgate.protocol.ClientFrame;
import org.blindgate.protocol.ServerFrame;

/**
 * The path of a {@code message} frame: durable write, then {@code ack}, then routing of the
 * committed rows. The outcome callback runs on the writer's one fan-out thread in commit order,
 * so each recipient receives its messages in seq order.
 */
public final class MessageRelay {

    private final MessageWriter writer;
    private final Dispatcher router;

    public MessageRelay(MessageWriter writer, Dispatcher router) {
        this.writer = writer;
        this.router = router;
    }

    /** See {@link MessageWriter#backlogged()}. */
    public boolean backlogged() {
        return writer.backlogged();
    }

    /** See {@link MessageWriter#whenRoom(Runnable)}. */
    public void whenRoom(Runnable resume) {
        writer.whenRoom(resume);
    }

    /**
     * @param settled runs once the message is acknowledged or refused, for flow control
     */
    public void send(Outbox from, String requestId, ClientFrame.Message message, Runnable settled) {
        PendingMessage pending = new PendingMessage(from.caller().userId(), from.caller().deviceId(), message);
        writer.submit(pending, outcome -> {
            try {
                if (outcome instanceof WriteOutcome.Stored s) {
                    from.reply(requestId, new ServerFrame.Ack(message.messageId(), s.conversationId(),
                            AckStatus.STORED, s.serverTimestamp()));
                    for (StoredMessage row : s.rows()) {
                        router.route(row);
                    }
                } else if (outcome instanceof WriteOutcome.Duplicate d) {
                    from.reply(requestId, new ServerFrame.Ack(message.messageId(), d.conversationId(),
                            AckStatus.DUPLICATE, d.serverTimestamp()));
                } else if (outcome instanceof WriteOutcome.Refused r) {
                    from.reply(requestId, new ServerFrame.Error(r.code(), r.field(), r.message()));
                }
            } finally {
                settled.run();
            }
        });
    }
}
