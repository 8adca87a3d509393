package org.blindgate.gateway.store;

import java.util.UUID;
import org.blindgate.protocol.ClientFrame;

/**
 * A {@code message} frame waiting for the group-commit writer, with the sender taken from the
 * connection's token (never from the frame: DESIGN.md invariant 5).
 */
public record PendingMessage(UUID senderId, UUID senderDeviceId, ClientFrame.Message frame) {
}
