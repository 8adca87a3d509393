package org.blindgate.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one codec of protocol version 1: envelopes {@code {"type", "id"?, "payload"}} to frames
 * and back, with no I/O, so every rule can be tested with strings alone.
 *
 * <p>Reading client frames ({@link #decodeClient}) is strict, because that is what keeps the
 * gateway blind: a field the protocol does not define is refused, so no field can carry
 * content. Reading server frames ({@link #decodeServer}) skips unknown fields instead, because
 * servers may add fields without a new protocol version.
 *
 * <p>Stateless and thread-safe: all methods are static and share one Jackson
 * {@link JsonFactory}. Only Jackson's streaming API is used (no data binding, no reflection).
 */
public final class FrameCodec {

    /**
     * Duplicate keys are refused: a frame must mean one thing to every reader.
     *
     * <p>Field names are neither canonicalized nor interned. They come from peers, and both
     * features keep names in tables shared by every parser of the process (Jackson's symbol
     * table, the JVM's string table): a peer could fill them with names of its choosing, or
     * with names that collide in their hash, which Jackson answers with an unchecked exception
     * that could then hit innocent frames. A frame has about ten names; allocating them is
     * cheaper than that risk.
     *
     * <p>The nesting bound is far above the protocol's depth of three and far below anything
     * that could exhaust a stack.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private FrameCodec() {
    }

    /**
     * Reads a client frame received as text, strictly (see the class comment).
     *
     * @throws ProtocolException if the frame is refused; it carries the wire error code, the
     *                           field at fault and the request id to echo when one was readable
     */
    public static Inbound decodeClient(String text) {
        Rules.require(text, "text");
        if (text.length() > Limits.MAX_FRAME_BYTES || utf8Length(text) > Limits.MAX_FRAME_BYTES) {
            throw tooLarge();
        }
        Envelope e = decode(text, true);
        return new Inbound(e.requestId(), (ClientFrame) e.frame());
    }

    /**
     * Reads a client frame received as UTF-8 bytes, strictly; the same rules as
     * {@link #decodeClient(String)}, and the bytes must be well-formed UTF-8.
     *
     * <p>The bytes are decoded to text first, strictly, rather than handed to Jackson's byte
     * parser: that parser would guess UTF-16 or UTF-32 from the first bytes and accept those
     * too, and without shared field-name tables it reads through a lenient decoder anyway.
     */
    public static Inbound decodeClient(byte[] utf8) {
        Rules.require(utf8, "utf8");
        if (utf8.length > Limits.MAX_FRAME_BYTES) {
            throw tooLarge();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, null, "frame is not valid UTF-8");
        }
        return decodeClient(text);
    }

    /**
     * Reads a server frame, for clients. Known fields are checked as strictly as the server
     * checks client frames; unknown fields are skipped; an unknown type is refused with
     * {@link ErrorCode#UNKNOWN_TYPE}, which a client should ignore rather than treat as fatal.
     * There is no size limit: the server is trusted not to flood its own clients.
     *
     * @throws ProtocolException if the frame is refused
     */
    public static ServerFrame decodeServer(String text) {
        return decodeServerEnvelope(text).frame();
    }

    /** Like {@link #decodeServer}, keeping the echoed request id to match replies to requests. */
    public static Outbound decodeServerEnvelope(String text) {
        Rules.require(text, "text");
        Envelope e = decode(text, false);
        return new Outbound(e.requestId(), (ServerFrame) e.frame());
    }

    /**
     * Writes a server frame as compact JSON: {@code type}, then {@code id} (left out when
     * null), then {@code payload}; null fields are left out and timestamps have exactly three
     * fraction digits (finer precision is truncated).
     *
     * @throws IllegalArgumentException if {@code requestId} is not of the form the protocol
     *                                  allows (a server echoes only ids it has decoded)
     */
    public static String encode(String requestId, ServerFrame frame) {
        Rules.requireRequestId(requestId, "requestId");
        Rules.require(frame, "frame");
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            startEnvelope(g, frame.type(), requestId);
            ServerPayloads.write(g, frame);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return out.toString();
    }

    /**
     * Writes a client frame as compact JSON, in the same layout as {@link #encode}; used by
     * clients, tests and load generators.
     *
     * @throws IllegalArgumentException if {@code requestId} is not of the protocol's form, or
     *                                  the frame would exceed {@link Limits#MAX_FRAME_BYTES}
     *                                  (a {@code presence.subscribe} of more than about 100
     *                                  ids does): the server would refuse it, so split it
     */
    public static String encodeClient(String requestId, ClientFrame frame) {
        Rules.requireRequestId(requestId, "requestId");
        Rules.require(frame, "frame");
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            startEnvelope(g, frame.type(), requestId);
            ClientPayloads.write(g, frame);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        String text = out.toString();
        int bytes = utf8Length(text);
        if (bytes > Limits.MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("this " + frame.type() + " frame would be " + bytes
                    + " bytes, more than the " + Limits.MAX_FRAME_BYTES
                    + " a server accepts; split it into smaller frames");
        }
        return text;
    }

    /**
     * What a server answers a binary WebSocket frame with: the protocol has text frames only,
     * and a binary frame is the likeliest place for a client to try to push content.
     */
    public static ProtocolException nonTextFrame() {
        return new ProtocolException(ErrorCode.INVALID_FIELD, null,
                "frames must be UTF-8 JSON text frames, not binary frames");
    }

    // ------------------------------------------------------------------ envelope

    private static void startEnvelope(JsonGenerator g, String type, String requestId)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("type", type);
        if (requestId != null) {
            g.writeStringField("id", requestId);
        }
        g.writeFieldName("payload");
        g.writeStartObject();
    }

    /** A decoded envelope, before it is handed out as {@link Inbound} or {@link Outbound}. */
    private record Envelope(String requestId, Frame frame) {
    }

    /**
     * Reads one envelope. The payload is read as it streams by when {@code type} came first
     * (as every encoder here writes it). JSON objects are unordered, though, and some encoders
     * sort keys, putting {@code payload} before {@code type}; then the payload is skipped (still
     * checked for well-formed JSON and duplicate keys) and parsed again once the type is known.
     */
    private static Envelope decode(String text, boolean client) {
        String requestId = null;
        JsonParser p = null;
        JsonParser again = null;
        try {
            p = JSON.createParser(text);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, null,
                        "frame must be a JSON object");
            }
            String type = null;
            Frame frame = null;
            int payloadFrom = -1;
            int payloadTo = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                switch (name) {
                    case "type":
                        type = readType(p, client);
                        break;
                    case "id":
                        requestId = readRequestId(p);
                        break;
                    case "payload":
                        JsonToken t = p.nextToken();
                        if (t != JsonToken.START_OBJECT) {
                            throw new ProtocolException(ErrorCode.INVALID_FIELD, "payload",
                                    t == JsonToken.VALUE_NULL ? "payload must not be null"
                                            : "payload must be a JSON object");
                        }
                        if (type != null) {
                            frame = readPayload(p, type, client);
                        } else {
                            payloadFrom = (int) p.currentTokenLocation().getCharOffset();
                            p.skipChildren();
                            payloadTo = (int) p.currentTokenLocation().getCharOffset() + 1;
                        }
                        break;
                    default:
                        if (client) {
                            throw PayloadReader.unknownField(null, name, null);
                        }
                        p.nextToken();
                        p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, null,
                        "frame must hold exactly one JSON object and nothing after it");
            }
            if (type == null) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "type", "type is missing");
            }
            if (frame == null) {
                if (payloadFrom < 0) {
                    throw new ProtocolException(ErrorCode.INVALID_FIELD, "payload",
                            "payload is missing (a frame without fields has payload {})");
                }
                again = JSON.createParser(text.substring(payloadFrom, payloadTo));
                again.nextToken();
                frame = readPayload(again, type, client);
            }
            return new Envelope(requestId, frame);
        } catch (ProtocolException e) {
            throw echo(e, requestId, text);
        } catch (JsonProcessingException e) {
            throw echo(jsonError(e, again), requestId, text);
        } catch (IOException e) {
            throw echo(notJson(), requestId, text);
        } finally {
            close(p);
            close(again);
        }
    }

    private static Frame readPayload(JsonParser p, String type, boolean client)
            throws IOException {
        PayloadReader r = new PayloadReader(p, type, client);
        return client ? ClientPayloads.read(type, r) : ServerPayloads.read(type, r);
    }

    private static String readType(JsonParser p, boolean client) throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.VALUE_STRING) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "type",
                    t == JsonToken.VALUE_NULL ? "type must not be null" : "type must be a string");
        }
        String type = p.getText();
        if (!(client ? ClientPayloads.TYPES : ServerPayloads.TYPES).contains(type)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "type", "type is not a "
                    + (client ? "client" : "server") + " frame type of protocol version 1");
        }
        return type;
    }

    private static String readRequestId(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.VALUE_STRING) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "id",
                    t == JsonToken.VALUE_NULL ? "id must not be null" : "id must be a string");
        }
        String id = p.getText();
        if (!Rules.isRequestId(id)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "id",
                    "id must be " + Rules.REQUEST_ID_RULE);
        }
        return id;
    }

    // ------------------------------------------------------------------ errors

    /**
     * The refusal, echoing the request id read before the fault or, failing that, one found by
     * reading the envelope's top level again: a client can match the error to its request
     * even when the fault came before the id.
     */
    private static ProtocolException echo(ProtocolException e, String requestId, String text) {
        String id = requestId != null ? requestId : findRequestId(text);
        return id == null ? e : e.withRequestId(id);
    }

    /** The envelope's well-formed {@code id}, or null; never throws. */
    private static String findRequestId(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String id = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean isId = p.currentName().equals("id");
                JsonToken t = p.nextToken();
                if (isId && t == JsonToken.VALUE_STRING) {
                    id = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            return id != null && Rules.isRequestId(id) ? id : null;
        } catch (IOException | RuntimeException e) {
            // Best effort on a frame already known to be bad: no id is a fine answer.
            return null;
        }
    }

    private static ProtocolException jsonError(JsonProcessingException e, JsonParser again) {
        if (e instanceof StreamConstraintsException) {
            return new ProtocolException(ErrorCode.INVALID_FIELD, null,
                    "frame is not acceptable JSON: it is nested too deeply or a value is too long");
        }
        String original = e.getOriginalMessage();
        // Jackson reports duplicates with this wording (JsonReadContext._checkDup). Should it
        // change, a duplicate is still refused, only as "not valid JSON".
        if (e instanceof JsonParseException && original != null
                && original.startsWith("Duplicate field") && e.getProcessor() instanceof JsonParser) {
            JsonParser at = (JsonParser) e.getProcessor();
            String path = path(at.getParsingContext(), at == again ? "payload" : null);
            return new ProtocolException(ErrorCode.INVALID_FIELD, path,
                    "field " + path + " appears more than once");
        }
        return notJson();
    }

    /**
     * The dotted path of a parser's current field, from the frame root; {@code prefix} names
     * the field the parser's root stands for when it parses only part of the frame. Names that
     * are not short identifiers are withheld as {@code *}, as in {@link PayloadReader}.
     */
    private static String path(JsonStreamContext ctx, String prefix) {
        List<String> leafFirst = new ArrayList<>();
        for (; ctx != null && !ctx.inRoot(); ctx = ctx.getParent()) {
            if (ctx.inArray()) {
                leafFirst.add("[" + ctx.getCurrentIndex() + "]");
            } else {
                String name = ctx.getCurrentName();
                leafFirst.add(name != null && PayloadReader.isShortIdentifier(name) ? name : "*");
            }
        }
        StringBuilder b = new StringBuilder(prefix == null ? "" : prefix);
        for (int i = leafFirst.size() - 1; i >= 0; i--) {
            String segment = leafFirst.get(i);
            if (b.length() > 0 && segment.charAt(0) != '[') {
                b.append('.');
            }
            b.append(segment);
        }
        return b.toString();
    }

    private static ProtocolException notJson() {
        return new ProtocolException(ErrorCode.INVALID_FIELD, null, "frame is not valid JSON");
    }

    private static ProtocolException tooLarge() {
        return new ProtocolException(ErrorCode.TOO_LARGE, null,
                "frame is larger than " + Limits.MAX_FRAME_BYTES + " bytes");
    }

    private static void close(JsonParser p) {
        if (p != null) {
            try {
                p.close();
            } catch (IOException e) {
                // Parsers over strings and arrays hold nothing that could fail to close.
            }
        }
    }

    /**
     * The UTF-8 length of {@code s}, without encoding it. Each surrogate counts two bytes, so
     * that a pair counts the four it takes in UTF-8.
     */
    static int utf8Length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                // 2 bytes below U+0800, 3 above; a surrogate pair is 4 bytes for 2 chars.
                bytes += c < 0x800 ? 1 : (Character.isSurrogate(c) ? 1 : 2);
            }
        }
        return bytes;
    }
}
