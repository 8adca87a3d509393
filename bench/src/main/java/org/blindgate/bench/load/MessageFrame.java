package org.blindgate.bench.load;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.blindgate.protocol.ClientFrame;
import org.blindgate.protocol.FrameCodec;
import org.blindgate.protocol.MessageType;

/**
 * A real {@code message} frame (PROTOCOL.md §2.1) to one recipient, encoded ONCE by the
 * protocol's own {@link FrameCodec#encodeClient}; each send copies it and overwrites the
 * message id and timestamp in place. So the frames are exactly what the codec writes, at a
 * fraction of its cost, and the load generator leaves the CPU to the system it measures.
 *
 * <p>The {@code sessionId} is padded so the frame has the requested size; the relay and the
 * peers carry frames of the same size.
 */
public final class MessageFrame {

    private static final UUID PLACEHOLDER_ID = UUID.fromString("ffffffff-ffff-4fff-bfff-fffffffffffe");
    private static final Instant PLACEHOLDER_TIME = Instant.parse("2001-02-03T04:05:06.789Z");
    private static final String SESSION_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final byte[] template;
    private final int idOffset;
    private final int timeOffset;
    private final MessageIds ids;

    private MessageFrame(byte[] template, int idOffset, int timeOffset, MessageIds ids) {
        this.template = template;
        this.idOffset = idOffset;
        this.timeOffset = timeOffset;
        this.ids = ids;
    }

    /**
     * A frame to {@code recipient} of {@code bytes} bytes (or the smallest valid frame, when
     * {@code bytes} is below it).
     *
     * @throws IllegalArgumentException if {@code bytes} needs a sessionId longer than the
     *                                  protocol's 128 characters
     */
    public static MessageFrame to(UUID recipient, int bytes, MessageIds ids) {
        int minimum = encode(recipient, "s").length();
        int sessionChars = Math.max(1, 1 + bytes - minimum);
        if (sessionChars > 128) {
            throw new IllegalArgumentException("a message frame can be at most " + (minimum + 127)
                    + " bytes (sessionId is at most 128 characters); asked for " + bytes);
        }
        StringBuilder session = new StringBuilder(sessionChars);
        for (int i = 0; i < sessionChars; i++) {
            session.append(SESSION_ALPHABET.charAt(i % SESSION_ALPHABET.length()));
        }
        String text = encode(recipient, session.toString());
        byte[] template = text.getBytes(StandardCharsets.US_ASCII);
        int id = once(text, PLACEHOLDER_ID.toString());
        int time = once(text, "2001-02-03T04:05:06.789Z");
        return new MessageFrame(template, id, time, ids);
    }

    /** The size of every frame rendered, in bytes. */
    public int size() {
        return template.length;
    }

    /** The frame of message {@code counter} of {@code sender}, as ASCII bytes. */
    public byte[] render(int sender, long counter) {
        byte[] b = template.clone();
        ids.write(b, idOffset, sender, counter);
        System.arraycopy(Timestamps.now(), 0, b, timeOffset, Timestamps.LENGTH);
        return b;
    }

    /** The frame as a string (ASCII only, so Latin-1 decoding is a plain copy). */
    public String renderText(int sender, long counter) {
        return new String(render(sender, counter), StandardCharsets.ISO_8859_1);
    }

    private static String encode(UUID recipient, String sessionId) {
        return FrameCodec.encodeClient(null, new ClientFrame.Message(PLACEHOLDER_ID, recipient, null,
                PLACEHOLDER_TIME, sessionId, MessageType.TEXT));
    }

    private static int once(String text, String needle) {
        int at = text.indexOf(needle);
        if (at < 0 || text.indexOf(needle, at + 1) >= 0) {
            throw new IllegalStateException("the encoded frame does not hold '" + needle + "' exactly once: " + text);
        }
        return at;
    }
}
