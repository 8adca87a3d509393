package org.blindgate.sdk.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import org.blindgate.sdk.Attachment;
import org.blindgate.sdk.IncomingMessage.Kind;
import org.blindgate.sdk.store.Json;

/**
 * What libsignal encrypts (PROTOCOL.md §6): a UTF-8 JSON object {@code {"v":1,"kind":...}}, then
 * one {@code 0x80} byte and {@code 0x00} bytes up to the next multiple of {@value #BLOCK} bytes,
 * so that ciphertext sizes do not reveal message lengths.
 */
public final class Plaintext {

    /** Padded plaintexts are a multiple of this many bytes. */
    public static final int BLOCK = 160;
    /** Shown for a {@code kind} this version does not know. */
    public static final String UNSUPPORTED = "unsupported message";

    private Plaintext() {
    }

    /** The decoded content: what {@link org.blindgate.sdk.IncomingMessage} shows. */
    public record Content(Kind kind, String text, Attachment attachment) {
    }

    /** {@code {"v":1,"kind":"text","text":...}}, padded. */
    public static byte[] text(String text) {
        ObjectNode o = header("text");
        o.put("text", text);
        return pad(Json.bytes(o));
    }

    /** {@code {"v":1,"kind":"attachment",...}}, padded; {@code caption} is left out when null. */
    public static byte[] attachment(Attachment a) {
        ObjectNode o = header("attachment");
        o.put("attachmentId", a.attachmentId().toString());
        o.put("key", Base64.getEncoder().encodeToString(a.key()));
        o.put("sha256", Base64.getEncoder().encodeToString(a.sha256()));
        o.put("size", a.size());
        o.put("mime", a.mime());
        o.put("name", a.name());
        if (a.caption() != null) {
            o.put("caption", a.caption());
        }
        return pad(Json.bytes(o));
    }

    private static ObjectNode header(String kind) {
        ObjectNode o = Json.object();
        o.put("v", 1);
        o.put("kind", kind);
        return o;
    }

    /**
     * Reads a padded plaintext. Unknown fields are ignored; an unknown {@code kind} or version, or a
     * known kind missing what it needs, reads as {@link Kind#UNSUPPORTED} rather than failing, so a
     * newer peer never makes a message disappear.
     *
     * @throws IllegalArgumentException if the padding or the JSON is malformed
     */
    public static Content read(byte[] padded) {
        JsonNode o;
        try {
            o = Json.tree(unpad(padded));
        } catch (IOException e) {
            throw new IllegalArgumentException("the decrypted message is not JSON");
        }
        if (!o.isObject()) {
            throw new IllegalArgumentException("the decrypted message is not a JSON object");
        }
        if (o.path("v").asInt() != 1) {
            return unsupported();
        }
        try {
            return switch (o.path("kind").asText("")) {
                case "text" -> new Content(Kind.TEXT, requireText(o, "text"), null);
                case "attachment" -> {
                    Attachment a = new Attachment(UUID.fromString(requireText(o, "attachmentId")),
                            Base64.getDecoder().decode(requireText(o, "key")),
                            Base64.getDecoder().decode(requireText(o, "sha256")), o.path("size").asLong(-1),
                            requireText(o, "mime"), requireText(o, "name"),
                            o.hasNonNull("caption") ? o.get("caption").asText() : null);
                    yield new Content(Kind.ATTACHMENT, a.caption(), a);
                }
                case "call_signal" -> new Content(Kind.CALL_SIGNAL, UNSUPPORTED, null);
                default -> unsupported();
            };
        } catch (IllegalArgumentException e) {
            return unsupported();
        }
    }

    private static Content unsupported() {
        return new Content(Kind.UNSUPPORTED, UNSUPPORTED, null);
    }

    private static String requireText(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(field + " missing");
        }
        return v.asText();
    }

    /** Appends {@code 0x80}, then zeros to the next multiple of {@value #BLOCK}. */
    public static byte[] pad(byte[] content) {
        int length = (content.length / BLOCK + 1) * BLOCK;
        byte[] out = Arrays.copyOf(content, length);
        out[content.length] = (byte) 0x80;
        return out;
    }

    /**
     * Strips the padding: trailing zeros, then the {@code 0x80} before them.
     *
     * @throws IllegalArgumentException if there is no {@code 0x80} marker
     */
    public static byte[] unpad(byte[] padded) {
        int i = padded.length - 1;
        while (i >= 0 && padded[i] == 0) {
            i--;
        }
        if (i < 0 || padded[i] != (byte) 0x80) {
            throw new IllegalArgumentException("the decrypted message has no padding marker");
        }
        return Arrays.copyOf(padded, i);
    }

}
