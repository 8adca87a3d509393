package org.blindgate.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Writing values in the one form the protocol gives each kind of value (PROTOCOL.md §0). */
final class Wire {

    private Wire() {
    }

    static void uuid(JsonGenerator g, String name, UUID id) throws IOException {
        // UUID.toString() is the lowercase canonical form the protocol requires.
        g.writeStringField(name, id.toString());
    }

    static void uuids(JsonGenerator g, String name, List<UUID> ids) throws IOException {
        g.writeArrayFieldStart(name);
        for (UUID id : ids) {
            g.writeString(id.toString());
        }
        g.writeEndArray();
    }

    static void timestamp(JsonGenerator g, String name, Instant t) throws IOException {
        g.writeFieldName(name);
        char[] text = Rfc3339.format(t);
        g.writeString(text, 0, text.length);
    }

    /** The wire spellings of an enumeration, comma separated, for error messages. */
    static <E> String list(E[] values, Function<E, String> wire) {
        StringBuilder b = new StringBuilder();
        for (E value : values) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(wire.apply(value));
        }
        return b.toString();
    }
}
