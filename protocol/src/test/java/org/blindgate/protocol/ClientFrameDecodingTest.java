package org.blindgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every client frame type, decoded from a literal example as a third-party client writes it. */
class ClientFrameDecodingTest {

    static final String A = "3f2a6c1e-8b4d-4e7a-9c1f-2d5e8a7b6c40";
    static final String B = "0b7e4f6a-1c2d-4e3f-8a9b-0c1d2e3f4a5b";
    static final String C = "9d8c7b6a-5f4e-4d3c-b2a1-0f9e8d7c6b5a";

    private static ClientFrame decode(String json) {
        return FrameCodec.decodeClient(json).frame();
    }

    @Test
    void decodesOneToOneMessage() {
        Inbound in = FrameCodec.decodeClient("""
                {"type":"message","id":"req-1","payload":{"messageId":"%s","recipientId":"%s",
                 "timestamp":"2026-01-01T00:00:00.000Z","sessionId":"sess:AbC+/=_.-1",
                 "messageType":"text"}}""".formatted(A, B));

        assertThat(in.requestId()).isEqualTo("req-1");
        assertThat(in.frame()).isEqualTo(new ClientFrame.Message(UUID.fromString(A),
                UUID.fromString(B), null, Instant.parse("2026-01-01T00:00:00Z"),
                "sess:AbC+/=_.-1", MessageType.TEXT));
    }

    @Test
    void decodesGroupMessage() {
        ClientFrame f = decode("""
                {"type":"message","payload":{"messageId":"%s","conversationId":"%s",
                 "timestamp":"2026-03-04T05:06:07.089Z","sessionId":"s","messageType":"call_signal"}}
                """.formatted(A, C));

        assertThat(f).isEqualTo(new ClientFrame.Message(UUID.fromString(A), null,
                UUID.fromString(C), Instant.parse("2026-03-04T05:06:07.089Z"), "s",
                MessageType.CALL_SIGNAL));
    }

    @Test
    void decodesDelivered() {
        assertThat(decode("{\"type\":\"delivered\",\"payload\":{\"messageIds\":[\"" + A + "\",\""
                + B + "\"]}}"))
                .isEqualTo(new ClientFrame.Delivered(List.of(UUID.fromString(A), UUID.fromString(B))));
    }

    @Test
    void decodesRead() {
        assertThat(decode("{\"type\":\"read\",\"payload\":{\"messageIds\":[\"" + A + "\"]}}"))
                .isEqualTo(new ClientFrame.Read(List.of(UUID.fromString(A))));
    }

    @Test
    void decodesSync() {
        assertThat(decode("{\"type\":\"sync\",\"payload\":{\"afterSeq\":42,\"limit\":1000}}"))
                .isEqualTo(new ClientFrame.Sync(42, 1000));
    }

    @Test
    void decodesSyncWithoutLimitAsDefaultPage() {
        assertThat(decode("{\"type\":\"sync\",\"payload\":{\"afterSeq\":0}}"))
                .isEqualTo(new ClientFrame.Sync(0, Limits.DEFAULT_SYNC_LIMIT));
    }

    @Test
    void decodesSyncFromLargestSeq() {
        assertThat(decode("{\"type\":\"sync\",\"payload\":{\"afterSeq\":9223372036854775807}}"))
                .isEqualTo(new ClientFrame.Sync(Long.MAX_VALUE));
    }

    @Test
    void decodesTyping() {
        assertThat(decode("{\"type\":\"typing\",\"payload\":{\"conversationId\":\"" + C
                + "\",\"state\":\"started\"}}"))
                .isEqualTo(new ClientFrame.Typing(UUID.fromString(C), TypingState.STARTED));
    }

    @Test
    void decodesPresenceSubscribe() {
        assertThat(decode("{\"type\":\"presence.subscribe\",\"payload\":{\"userIds\":[\"" + A
                + "\",\"" + B + "\",\"" + C + "\"]}}"))
                .isEqualTo(new ClientFrame.PresenceSubscribe(List.of(UUID.fromString(A),
                        UUID.fromString(B), UUID.fromString(C))));
    }

    @Test
    void decodesCallInvite() {
        assertThat(decode("{\"type\":\"call.invite\",\"payload\":{\"callId\":\"" + A
                + "\",\"calleeId\":\"" + B + "\",\"media\":\"video\"}}"))
                .isEqualTo(new ClientFrame.CallInvite(UUID.fromString(A), UUID.fromString(B),
                        CallMedia.VIDEO));
    }

    @Test
    void decodesCallAcceptRejectCancelAndEnd() {
        String payload = "\"payload\":{\"callId\":\"" + A + "\"}}";
        UUID call = UUID.fromString(A);

        assertThat(decode("{\"type\":\"call.accept\"," + payload)).isEqualTo(new ClientFrame.CallAccept(call));
        assertThat(decode("{\"type\":\"call.reject\"," + payload)).isEqualTo(new ClientFrame.CallReject(call));
        assertThat(decode("{\"type\":\"call.cancel\"," + payload)).isEqualTo(new ClientFrame.CallCancel(call));
        assertThat(decode("{\"type\":\"call.end\"," + payload)).isEqualTo(new ClientFrame.CallEnd(call));
    }

    @Test
    void decodesAuthRefresh() {
        String jwt = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl-_";
        assertThat(decode("{\"type\":\"auth.refresh\",\"payload\":{\"token\":\"" + jwt + "\"}}"))
                .isEqualTo(new ClientFrame.AuthRefresh(jwt));
    }

    @Test
    void decodesPing() {
        Inbound in = FrameCodec.decodeClient("{\"type\":\"ping\",\"id\":\"p.1:x\",\"payload\":{}}");

        assertThat(in).isEqualTo(new Inbound("p.1:x", new ClientFrame.Ping()));
    }

    @Test
    void decodesFrameWithoutRequestId() {
        assertThat(FrameCodec.decodeClient("{\"type\":\"ping\",\"payload\":{}}").requestId()).isNull();
    }

    @Test
    void decodesWhitespaceAroundAndInsideFrame() {
        assertThat(FrameCodec.decodeClient(" \r\n\t{ \"type\" : \"ping\" ,\n \"payload\" : { } }\n ").frame())
                .isEqualTo(new ClientFrame.Ping());
    }

    @Test
    void decodesEnvelopeFieldsInAnyOrder() {
        String payload = "\"payload\":{\"messageId\":\"" + A + "\",\"recipientId\":\"" + B
                + "\",\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"sessionId\":\"s\",\"messageType\":\"image\"}";
        ClientFrame expected = new ClientFrame.Message(UUID.fromString(A), UUID.fromString(B),
                null, Instant.parse("2026-01-01T00:00:00Z"), "s", MessageType.IMAGE);

        for (String json : List.of(
                "{\"id\":\"x\"," + payload + ",\"type\":\"message\"}",
                "{" + payload + ",\"id\":\"x\",\"type\":\"message\"}",
                "{" + payload + ",\"type\":\"message\",\"id\":\"x\"}",
                "{\"type\":\"message\"," + payload + ",\"id\":\"x\"}")) {
            assertThat(FrameCodec.decodeClient(json)).as(json).isEqualTo(new Inbound("x", expected));
            assertThat(FrameCodec.decodeClient(json.getBytes(StandardCharsets.UTF_8))).as(json)
                    .isEqualTo(new Inbound("x", expected));
        }
    }

    @Test
    void decodesPayloadBeforeTypeAfterLeadingWhitespaceAndMultiByteText() {
        // Offsets into the source must be right in both chars and bytes, also when they differ.
        String json = "  {\"payload\":{\"afterSeq\":7} ,\n \"type\":\"sync\"}";
        assertThat(decode(json)).isEqualTo(new ClientFrame.Sync(7));
        assertThat(FrameCodec.decodeClient(json.getBytes(StandardCharsets.UTF_8)).frame())
                .isEqualTo(new ClientFrame.Sync(7));
    }

    @Test
    void decodesFromUtf8Bytes() {
        byte[] bytes = ("{\"type\":\"typing\",\"id\":\"7\",\"payload\":{\"conversationId\":\"" + C
                + "\",\"state\":\"stopped\"}}").getBytes(StandardCharsets.UTF_8);

        assertThat(FrameCodec.decodeClient(bytes)).isEqualTo(new Inbound("7",
                new ClientFrame.Typing(UUID.fromString(C), TypingState.STOPPED)));
    }

    @Test
    void decodesTimestampsWithNumericOffsetAndAnyFraction() {
        String base = "{\"type\":\"message\",\"payload\":{\"messageId\":\"" + A + "\",\"recipientId\":\""
                + B + "\",\"sessionId\":\"s\",\"messageType\":\"text\",\"timestamp\":\"%s\"}}";

        assertThat(((ClientFrame.Message) decode(base.formatted("2026-01-01T02:30:00+02:30"))).timestamp())
                .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(((ClientFrame.Message) decode(base.formatted("2025-12-31T23:00:00.5-01:00"))).timestamp())
                .isEqualTo(Instant.parse("2026-01-01T00:00:00.500Z"));
        assertThat(((ClientFrame.Message) decode(base.formatted("2026-01-01T00:00:00.123456789Z"))).timestamp())
                .isEqualTo(Instant.parse("2026-01-01T00:00:00.123456789Z"));
        assertThat(((ClientFrame.Message) decode(base.formatted("2024-02-29T00:00:00Z"))).timestamp())
                .isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
    }

    @Test
    void decodesLargestFrames() {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < Limits.MAX_MESSAGE_IDS; i++) {
            ids.append(i == 0 ? "" : ",").append('"').append(String.format("%08x", i)).append(A.substring(8)).append('"');
        }
        String json = "{\"type\":\"read\",\"id\":\"" + "i".repeat(64) + "\",\"payload\":{\"messageIds\":[" + ids + "]}}";

        assertThat(json.length()).isLessThanOrEqualTo(Limits.MAX_FRAME_BYTES);
        assertThat(((ClientFrame.Read) decode(json)).messageIds()).hasSize(Limits.MAX_MESSAGE_IDS);
    }
}
