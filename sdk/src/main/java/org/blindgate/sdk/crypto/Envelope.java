package org.blindgate.sdk.crypto;

import java.util.Arrays;
import org.signal.libsignal.protocol.message.CiphertextMessage;

/**
 * The bytes stored in the vault for one recipient device (PROTOCOL.md §6): {@code 0x01} (envelope
 * version), one byte of libsignal {@code CiphertextMessage} type ({@code 3} PreKeySignalMessage,
 * {@code 2} SignalMessage), then that message's serialized bytes.
 *
 * @param type libsignal's {@link CiphertextMessage#PREKEY_TYPE} or {@link CiphertextMessage#WHISPER_TYPE}
 */
public record Envelope(int type, byte[] message) {

    /** The only envelope version of protocol 1. */
    public static final byte VERSION = 1;

    /** Refuses what §6 does not define. */
    public Envelope {
        if (type != CiphertextMessage.PREKEY_TYPE && type != CiphertextMessage.WHISPER_TYPE) {
            throw new IllegalArgumentException("envelope type must be 2 or 3, was " + type);
        }
        message = message.clone();
    }

    /** The envelope of a message libsignal just encrypted. */
    public static Envelope of(CiphertextMessage m) {
        return new Envelope(m.getType(), m.serialize());
    }

    /**
     * Reads a blob.
     *
     * @throws IllegalArgumentException if it is not an envelope of version 1 and a known type
     */
    public static Envelope parse(byte[] blob) {
        if (blob.length < 3) {
            throw new IllegalArgumentException("the blob is too short to be an envelope");
        }
        if (blob[0] != VERSION) {
            throw new IllegalArgumentException("unknown envelope version " + (blob[0] & 0xff));
        }
        return new Envelope(blob[1] & 0xff, Arrays.copyOfRange(blob, 2, blob.length));
    }

    /** The blob's bytes. */
    public byte[] bytes() {
        byte[] out = new byte[2 + message.length];
        out[0] = VERSION;
        out[1] = (byte) type;
        System.arraycopy(message, 0, out, 2, message.length);
        return out;
    }

    @Override
    public byte[] message() {
        return message.clone();
    }
}
