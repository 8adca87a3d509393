package org.blindgate.sdk;

import java.time.Instant;
import java.util.UUID;

/**
 * A message this device received, decrypted and stored in its history. It has been acknowledged to
 * the gateway as delivered; call {@link BlindgateClient#markRead} once the user has seen it.
 *
 * @param from           the sender, with the username the gateway has for the sender's id
 * @param senderDeviceId the sending device (the one whose Signal session decrypted it)
 * @param timestamp      the sender's clock
 * @param serverTimestamp when the gateway stored it
 * @param seq            the gateway's per-user sequence number
 * @param kind           what it holds
 * @param text           the text ({@link Kind#TEXT}), the caption or null ({@link Kind#ATTACHMENT}),
 *                       "unsupported message" otherwise
 * @param attachment     the attachment ({@link Kind#ATTACHMENT}), else null
 */
public record IncomingMessage(UUID messageId, UUID conversationId, User from, UUID senderDeviceId, Instant timestamp,
        Instant serverTimestamp, long seq, Kind kind, String text, Attachment attachment) {

    /** What a message holds (PROTOCOL.md §6 {@code kind}). */
    public enum Kind {
        /** {@code "kind":"text"}. */
        TEXT,
        /** {@code "kind":"attachment"}: an image or file in the vault. */
        ATTACHMENT,
        /** {@code "kind":"call_signal"}: WebRTC signalling, not for display. */
        CALL_SIGNAL,
        /** A {@code kind} this version does not know, shown as "unsupported message". */
        UNSUPPORTED
    }
}
