package org.blindgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whatever arrives, the decoders answer with a frame or a {@link ProtocolException}: no
 * parser exception, no NullPointerException, no IllegalArgumentException from a record
 * escapes, since any of those would be a server bug a peer can trigger at will.
 */
class FuzzPropertiesTest {

    /** Put into frames by mutations; may show in a message only as part of a field name. */
    private static final String MARKER = "Zq9";

    private static final String JSON_CHARS = "{}[]\":,.-+eE0123456789\\ \t\nnultrfasdxZT/u";

    enum Kind { DELETE, INSERT, REPLACE, INSERT_MARKER, INJECT_FIELD }

    record Mutation(Kind kind, double at, char c) {
        String apply(String s) {
            int i = (int) (at * s.length());
            switch (kind) {
                case DELETE:
                    return s.isEmpty() ? s : s.substring(0, Math.min(i, s.length() - 1)) + s.substring(Math.min(i, s.length() - 1) + 1);
                case INSERT:
                    return s.substring(0, i) + c + s.substring(i);
                case REPLACE:
                    return s.isEmpty() ? s : s.substring(0, Math.min(i, s.length() - 1)) + c
                            + s.substring(Math.min(i, s.length() - 1) + 1);
                case INSERT_MARKER:
                    return s.substring(0, i) + MARKER + s.substring(i);
                default:
                    List<Integer> braces = new ArrayList<>();
                    for (int k = 0; k < s.length(); k++) {
                        if (s.charAt(k) == '{') {
                            braces.add(k);
                        }
                    }
                    if (braces.isEmpty()) {
                        return s;
                    }
                    int brace = braces.get((int) (at * braces.size()));
                    boolean empty = brace + 1 < s.length() && s.charAt(brace + 1) == '}';
                    return s.substring(0, brace + 1) + "\"x" + (int) c + "\":\"" + MARKER + "\"" + (empty ? "" : ",")
                            + s.substring(brace + 1);
            }
        }
    }

    static Gen<List<Mutation>> mutations() {
        Gen<Kind> kinds = Gen.of(Kind.class);
        Gen<Double> positions = Gen.unitDoubles();
        Gen<Character> chars = Gen.oneOf(Gen.chars(JSON_CHARS), Gen.anyChar());
        Gen<Mutation> mutation = random -> new Mutation(kinds.next(random), positions.next(random), chars.next(random));
        return mutation.list(1, 4);
    }

    static Gen<String> randomText() {
        Gen<Character> jsonChars = Gen.chars(JSON_CHARS);
        return Gen.oneOf(
                Gen.strings(Gen.anyChar(), 0, 200),
                Gen.strings(jsonChars, 0, 80),
                Gen.strings(jsonChars, 0, 30).map(s -> "{" + s + "}"),
                Gen.strings(jsonChars, 0, 30).map(s -> "{\"type\":\"sync\",\"payload\":{\"afterSeq\":" + s + "}}"));
    }

    static Gen<String> fieldNames() {
        // A leading "x" keeps clear of every field the protocol defines.
        return Gen.strings(Gen.chars(Gen.ALPHANUMERIC), 0, 31).map(s -> "x" + s);
    }

    static Gen<String> jsonValues() {
        return Gen.of("1", "-2.5e3", "null", "true", "\"text\"", "[]", "{}", "[1,{\"a\":[null]}]",
                "{\"content\":\"ciphertext\",\"n\":{\"m\":[]}}");
    }

    @Test
    void randomTextIsAnsweredWithFrameOrProtocolException() {
        Property.forAll(randomText(), text -> {
            assertOnlyProtocolException(() -> FrameCodec.decodeClient(text));
            assertOnlyProtocolException(() -> FrameCodec.decodeClient(text.getBytes(StandardCharsets.UTF_8)));
            assertOnlyProtocolException(() -> FrameCodec.decodeServer(text));
        });
    }

    @Test
    void randomBytesAreAnsweredWithFrameOrProtocolException() {
        // 0 to 255 bytes, as jqwik's default byte[] did.
        Property.forAll(Gen.bytes(0, 255), bytes -> assertOnlyProtocolException(() -> FrameCodec.decodeClient(bytes)));
    }

    @Test
    void mutatedClientFramesAreAnsweredWithFrameOrProtocolException() {
        Property.forAll(Frames.clientFrames(), Frames.requestIds(), mutations(), (frame, requestId, mutations) -> {
            String text = FrameCodec.encodeClient(requestId, frame);
            for (Mutation m : mutations) {
                text = m.apply(text);
            }
            String mutated = text;

            Throwable t = catchThrowable(() -> FrameCodec.decodeClient(mutated));
            if (t == null) {
                // Whatever was accepted is a frame that writes and reads back as itself.
                Inbound in = FrameCodec.decodeClient(mutated);
                String again = FrameCodec.encodeClient(in.requestId(), in.frame());
                assertThat(FrameCodec.encodeClient(in.requestId(), FrameCodec.decodeClient(again).frame()))
                        .isEqualTo(again);
            } else {
                assertThat(t).as(mutated).isInstanceOf(ProtocolException.class);
                ProtocolException e = (ProtocolException) t;
                if (e.getMessage().contains(MARKER)) {
                    assertThat(e.field()).as("a message shows peer text only as a field name: " + mutated)
                            .contains(MARKER);
                }
            }
            assertOnlyProtocolException(() -> FrameCodec.decodeClient(mutated.getBytes(StandardCharsets.UTF_8)));
            assertOnlyProtocolException(() -> FrameCodec.decodeServer(mutated));
        });
    }

    @Test
    void mutatedServerFramesAreAnsweredWithFrameOrProtocolException() {
        Property.forAll(Frames.serverFrames(), mutations(), (frame, mutations) -> {
            String text = FrameCodec.encode("r", frame);
            for (Mutation m : mutations) {
                text = m.apply(text);
            }
            String mutated = text;
            assertOnlyProtocolException(() -> FrameCodec.decodeServer(mutated));
            assertOnlyProtocolException(() -> FrameCodec.decodeClient(mutated));
        });
    }

    @Test
    void unknownPayloadFieldIsRefusedByServerAndNamed() {
        Property.forAll(Frames.clientFrames(), fieldNames(), jsonValues(), (frame, name, value) -> {
            String json = inject(FrameCodec.encodeClient("r", frame), "\"payload\":{", name, value);

            Throwable t = catchThrowable(() -> FrameCodec.decodeClient(json));
            assertThat(t).isInstanceOf(ProtocolException.class);
            ProtocolException e = (ProtocolException) t;
            assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_FIELD);
            assertThat(e.field()).isEqualTo("payload." + name);
            assertThat(e.requestId()).isEqualTo("r");
        });
    }

    @Test
    void unknownFieldsAreSkippedByClients() {
        Property.forAll(Frames.serverFrames(), fieldNames(), jsonValues(), Gen.booleans(),
                (frame, name, value, topLevel) -> {
                    String encoded = FrameCodec.encode("r", frame);
                    String json = topLevel ? inject(encoded, "{", name, value)
                            : inject(encoded, "\"payload\":{", name, value);

                    assertThat(FrameCodec.decodeServerEnvelope(json)).isEqualTo(new Outbound("r", frame));
                });
    }

    private static String inject(String json, String after, String name, String value) {
        int at = json.indexOf(after) + after.length();
        boolean empty = json.charAt(at) == '}';
        return json.substring(0, at) + "\"" + name + "\":" + value + (empty ? "" : ",") + json.substring(at);
    }

    private static void assertOnlyProtocolException(org.assertj.core.api.ThrowableAssert.ThrowingCallable decode) {
        Throwable t = catchThrowable(decode);
        if (t != null) {
            assertThat(t).isInstanceOf(ProtocolException.class);
        }
    }
}
