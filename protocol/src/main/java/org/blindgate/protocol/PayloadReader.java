package org.blindgate.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads the fields of one {@code payload} object from a parser positioned on its
 * {@code START_OBJECT}, checking each value's JSON kind and form and naming the field at fault
 * by its path from the frame root.
 *
 * <p>A strict reader (the server reading client frames) refuses unknown fields; a lenient one
 * (a client reading server frames) skips them, because servers may add fields.
 *
 * <p>Hazard: every message here must name the field and the rule only. Never append
 * {@code parser.getText()} or any other value to a message.
 */
final class PayloadReader {

    private final JsonParser parser;
    private final String type;
    private final boolean strict;

    PayloadReader(JsonParser parser, String type, boolean strict) {
        this.parser = parser;
        this.type = type;
        this.strict = strict;
    }

    /** The next field's name, or null at the end of the payload. */
    String nextField() throws IOException {
        // Inside an object Jackson yields only FIELD_NAME or END_OBJECT.
        return parser.nextToken() == JsonToken.FIELD_NAME ? parser.currentName() : null;
    }

    /** Handles a field this type does not have: refused when strict, skipped when lenient. */
    void unknown(String name) throws IOException {
        if (strict) {
            throw unknownField("payload", name, type);
        }
        parser.nextToken();
        parser.skipChildren();
    }

    /** Refuses a field that is not there; {@code value} is what was read for it, or null. */
    <T> T required(T value, String name) {
        if (value == null) {
            throw invalid(name, "is missing");
        }
        return value;
    }

    UUID uuid(String name) throws IOException {
        UUID id = Rules.parseUuid(string(name));
        if (id == null) {
            throw invalid(name, "must be a lowercase canonical UUID");
        }
        return id;
    }

    Instant timestamp(String name) throws IOException {
        Instant t = Rfc3339.parse(string(name));
        if (t == null) {
            throw invalid(name, "must be an RFC 3339 timestamp between years 0000 and 9999,"
                    + " like 2026-01-01T00:00:00.000Z");
        }
        return t;
    }

    String sessionId(String name) throws IOException {
        String s = string(name);
        if (!Rules.isSessionId(s)) {
            throw invalid(name, "must be " + Rules.SESSION_ID_RULE);
        }
        return s;
    }

    /** A string that is not empty or blank; its form is otherwise free (server text). */
    String text(String name) throws IOException {
        String s = string(name);
        if (s.isBlank()) {
            throw invalid(name, "must not be blank");
        }
        return s;
    }

    String string(String name) throws IOException {
        expect(name, JsonToken.VALUE_STRING, "a string");
        return parser.getText();
    }

    boolean bool(String name) throws IOException {
        JsonToken t = parser.nextToken();
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        throw wrongKind(name, t, "true or false");
    }

    /**
     * An integer from {@code min} to {@code max}. Only a JSON integer will do: {@code 5.0},
     * {@code 5e0} and {@code "5"} are refused, so that a value has one spelling.
     */
    long integer(String name, long min, long max) throws IOException {
        expect(name, JsonToken.VALUE_NUMBER_INT, "an integer");
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw outOfRange(name, min, max);
        }
        long v = parser.getLongValue();
        if (v < min || v > max) {
            throw outOfRange(name, min, max);
        }
        return v;
    }

    /** One of an enumeration's wire spellings; {@code allowed} lists them for the message. */
    <E> E choice(String name, Function<String, Optional<E>> fromWire, String allowed)
            throws IOException {
        Optional<E> e = fromWire.apply(string(name));
        if (e.isEmpty()) {
            throw invalid(name, "must be one of " + allowed);
        }
        return e.get();
    }

    /** An array of 1 to {@code max} UUIDs; it stops reading at the first id too many. */
    List<UUID> uuids(String name, int max) throws IOException {
        expect(name, JsonToken.START_ARRAY, "an array");
        List<UUID> ids = new ArrayList<>();
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (ids.size() == max) {
                throw invalid(name, "must hold 1-" + max + " ids");
            }
            if (t != JsonToken.VALUE_STRING) {
                throw wrongKind(name + "[" + ids.size() + "]", t, "a string");
            }
            UUID id = Rules.parseUuid(parser.getText());
            if (id == null) {
                throw invalid(name + "[" + ids.size() + "]", "must be a lowercase canonical UUID");
            }
            ids.add(id);
        }
        if (ids.isEmpty()) {
            throw invalid(name, "must hold 1-" + max + " ids");
        }
        return ids;
    }

    ProtocolException invalid(String name, String rule) {
        String path = "payload." + name;
        return new ProtocolException(ErrorCode.INVALID_FIELD, path, path + " " + rule);
    }

    /** For a rule spanning several fields, where no single field is at fault. */
    ProtocolException invalidPayload(String rule) {
        return new ProtocolException(ErrorCode.INVALID_FIELD, "payload", "payload " + rule);
    }

    private void expect(String name, JsonToken expected, String kind) throws IOException {
        JsonToken t = parser.nextToken();
        if (t != expected) {
            throw wrongKind(name, t, kind);
        }
    }

    private ProtocolException wrongKind(String name, JsonToken found, String kind) {
        return invalid(name, found == JsonToken.VALUE_NULL ? "must not be null" : "must be " + kind);
    }

    private ProtocolException outOfRange(String name, long min, long max) {
        return invalid(name, max == Long.MAX_VALUE
                ? "must be an integer of at least " + min
                : "must be an integer from " + min + " to " + max);
    }

    /**
     * The refusal of a field the protocol does not have. Its name came from the peer, so it
     * is only shown when it looks like a field name (a short identifier); anything else could
     * be content dressed up as a name and is withheld as {@code *}.
     */
    static ProtocolException unknownField(String parent, String name, String frameType) {
        String where = frameType == null ? "the envelope" : "a frame of type " + frameType;
        if (isShortIdentifier(name)) {
            String path = parent == null ? name : parent + "." + name;
            return new ProtocolException(ErrorCode.UNKNOWN_FIELD, path,
                    "field " + path + " is not part of " + where);
        }
        String path = parent == null ? "*" : parent + ".*";
        return new ProtocolException(ErrorCode.UNKNOWN_FIELD, path,
                (parent == null ? "the frame" : parent) + " holds a field that is not part of "
                        + where + " (its name is withheld: it is not a short identifier)");
    }

    static boolean isShortIdentifier(String name) {
        int n = name.length();
        if (n == 0 || n > 32) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            if (!(letter || (i > 0 && c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}
