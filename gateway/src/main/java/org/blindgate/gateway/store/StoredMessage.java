package org.blindgate.gateway.store;

import java.time.Instant;
import java.util.UUID;
import org.blindgate.protocol.MessageType;
import org.blindgate.protocol.ServerFrame;

/**
 * One committed row of {@code messages}: the metadata of a message for one recipient, with the
 * {@code seq} it was given. Routing and {@code sync} both send exactly this, so a recipient sees
 * the same thing live and on replay.
 */
public record StoredMessage(
        UUID messageId,
        UUID conversationId,
        UUID senderId,
        UUID senderDeviceId,
        UUID recipientId,
        Instant timestamp,
        Instant serverTimestamp,
        String sessionId,
        MessageType messageType,
        long seq) {

    public ServerFrame.Message toFrame() {
        return new ServerFrame.Message(messageId, conversationId, senderId, senderDeviceId, recipientId,
                timestamp, serverTimestamp, sessionId, messageType, seq);
    }
}
