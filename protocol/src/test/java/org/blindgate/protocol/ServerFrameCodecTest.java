package org.blindgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The exact bytes a server writes, and how leniently a client reads them. */
class ServerFrameCodecTest {

    static final UUID A = UUID.fromString(ClientFrameDecodingTest.A);
    static final UUID B = UUID.fromString(ClientFrameDecodingTest.B);
    static final UUID C = UUID.fromString(ClientFrameDecodingTest.C);
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void writesAckWithRequestIdAfterType() {
        assertThat(FrameCodec.encode("req-1", new ServerFrame.Ack(A, C, AckStatus.STORED, T)))
                .isEqualTo("{\"type\":\"ack\",\"id\":\"req-1\",\"payload\":{\"messageId\":\"" + A
                        + "\",\"conversationId\":\"" + C + "\",\"status\":\"stored\","
                        + "\"serverTimestamp\":\"2026-01-01T00:00:00.000Z\"}}");
    }

    @Test
    void writesMessageInComponentOrder() {
        ServerFrame.Message m = new ServerFrame.Message(A, C, B, A, C, T, Instant.parse("2026-01-01T00:00:01.5Z"),
                "sess/1=", MessageType.REACTION, 7);
        assertThat(FrameCodec.encode(null, m)).isEqualTo("{\"type\":\"message\",\"payload\":{\"messageId\":\"" + A
                + "\",\"conversationId\":\"" + C + "\",\"senderId\":\"" + B + "\",\"senderDeviceId\":\"" + A
                + "\",\"recipientId\":\"" + C + "\",\"timestamp\":\"2026-01-01T00:00:00.000Z\","
                + "\"serverTimestamp\":\"2026-01-01T00:00:01.500Z\",\"sessionId\":\"sess/1=\","
                + "\"messageType\":\"reaction\",\"seq\":7}}");
    }

    @Test
    void writesEveryOtherFrame() {
        assertThat(FrameCodec.encode(null, new ServerFrame.SyncDone(0, false)))
                .isEqualTo("{\"type\":\"sync.done\",\"payload\":{\"lastSeq\":0,\"hasMore\":false}}");
        assertThat(FrameCodec.encode("r", new ServerFrame.Receipt(List.of(A, B), ReceiptStatus.READ, C, T)))
                .isEqualTo("{\"type\":\"receipt\",\"id\":\"r\",\"payload\":{\"messageIds\":[\"" + A + "\",\"" + B
                        + "\"],\"status\":\"read\",\"by\":\"" + C + "\",\"at\":\"2026-01-01T00:00:00.000Z\"}}");
        assertThat(FrameCodec.encode(null, new ServerFrame.Typing(C, A, TypingState.STOPPED)))
                .isEqualTo("{\"type\":\"typing\",\"payload\":{\"conversationId\":\"" + C + "\",\"userId\":\"" + A
                        + "\",\"state\":\"stopped\"}}");
        assertThat(FrameCodec.encode(null, new ServerFrame.CallInvite(A, B, CallMedia.AUDIO, C)))
                .isEqualTo("{\"type\":\"call.invite\",\"payload\":{\"callId\":\"" + A + "\",\"callerId\":\"" + B
                        + "\",\"media\":\"audio\",\"conversationId\":\"" + C + "\"}}");
        assertThat(FrameCodec.encode(null, new ServerFrame.Pong())).isEqualTo("{\"type\":\"pong\",\"payload\":{}}");
    }

    @Test
    void leavesNullFieldsOut() {
        assertThat(FrameCodec.encode(null, new ServerFrame.Presence(A, PresenceStatus.ONLINE, null)))
                .isEqualTo("{\"type\":\"presence\",\"payload\":{\"userId\":\"" + A + "\",\"status\":\"online\"}}");
        assertThat(FrameCodec.encode(null, new ServerFrame.Presence(A, PresenceStatus.OFFLINE, T)))
                .isEqualTo("{\"type\":\"presence\",\"payload\":{\"userId\":\"" + A
                        + "\",\"status\":\"offline\",\"lastSeen\":\"2026-01-01T00:00:00.000Z\"}}");
        assertThat(FrameCodec.encode(null, new ServerFrame.CallState(A, CallStateValue.RINGING, T, null)))
                .isEqualTo("{\"type\":\"call.state\",\"payload\":{\"callId\":\"" + A
                        + "\",\"state\":\"ringing\",\"at\":\"2026-01-01T00:00:00.000Z\"}}");
        assertThat(FrameCodec.encode(null, new ServerFrame.CallState(A, CallStateValue.ENDED, T, "connection_lost")))
                .endsWith(",\"reason\":\"connection_lost\"}}");
        assertThat(FrameCodec.encode("x", new ServerFrame.Error(ErrorCode.RATE_LIMITED, null, "slow down")))
                .isEqualTo("{\"type\":\"error\",\"id\":\"x\",\"payload\":{\"code\":\"rate_limited\","
                        + "\"message\":\"slow down\"}}");
    }

    @Test
    void truncatesTimestampsToMilliseconds() {
        Instant fine = Instant.parse("2026-06-30T12:34:56.789999999Z");
        assertThat(FrameCodec.encode(null, new ServerFrame.SyncDone(1, true))).contains("true");
        assertThat(FrameCodec.encode(null, new ServerFrame.Ack(A, C, AckStatus.DUPLICATE, fine)))
                .contains("\"serverTimestamp\":\"2026-06-30T12:34:56.789Z\"");
        assertThat(FrameCodec.encode(null, new ServerFrame.Ack(A, C, AckStatus.DUPLICATE, Instant.parse("0000-01-01T00:00:00Z"))))
                .contains("\"0000-01-01T00:00:00.000Z\"");
        assertThat(FrameCodec.encode(null, new ServerFrame.Ack(A, C, AckStatus.DUPLICATE, Rfc3339.MAX)))
                .contains("\"9999-12-31T23:59:59.999Z\"");
        assertThat(FrameCodec.encode(null, new ServerFrame.Ack(A, C, AckStatus.DUPLICATE, Instant.parse("1969-12-31T23:59:59.999Z"))))
                .contains("\"1969-12-31T23:59:59.999Z\"");
    }

    @Test
    void escapesErrorMessagesAsJson() {
        ServerFrame.Error e = new ServerFrame.Error(ErrorCode.NOT_FOUND, "payload.x", "a \"quoted\"\n\\ line \u0001 \u00e9");
        String json = FrameCodec.encode(null, e);
        assertThat(json).contains("\\\"quoted\\\"\\n\\\\").contains("\\u0001");
        assertThat(FrameCodec.decodeServer(json)).isEqualTo(e);
    }

    @Test
    void refusesRequestIdOfWrongFormWhenWriting() {
        assertThatThrownBy(() -> FrameCodec.encode("bad id", new ServerFrame.Pong()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FrameCodec.encodeClient("", new ClientFrame.Ping()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FrameCodec.encode(null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesClientFramesWithTheSameLayout() {
        assertThat(FrameCodec.encodeClient("1", new ClientFrame.Sync(5)))
                .isEqualTo("{\"type\":\"sync\",\"id\":\"1\",\"payload\":{\"afterSeq\":5,\"limit\":500}}");
        assertThat(FrameCodec.encodeClient(null, new ClientFrame.Message(A, null, C, T, "s", MessageType.FILE)))
                .isEqualTo("{\"type\":\"message\",\"payload\":{\"messageId\":\"" + A + "\",\"conversationId\":\""
                        + C + "\",\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"sessionId\":\"s\","
                        + "\"messageType\":\"file\"}}");
    }

    @Test
    void refusesToWriteClientFrameTheServerWouldRefuseForSize() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < Limits.MAX_PRESENCE_USER_IDS; i++) {
            ids.add(new UUID(i, i));
        }
        ClientFrame.PresenceSubscribe all = new ClientFrame.PresenceSubscribe(ids);
        assertThatThrownBy(() -> FrameCodec.encodeClient(null, all))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("split");

        String hundred = FrameCodec.encodeClient("i".repeat(64), new ClientFrame.PresenceSubscribe(ids.subList(0, 100)));
        assertThat(FrameCodec.decodeClient(hundred).frame()).isEqualTo(new ClientFrame.PresenceSubscribe(ids.subList(0, 100)));
    }

    @Test
    void readsServerFramesIgnoringUnknownFields() {
        String json = "{\"v\":2,\"type\":\"presence\",\"id\":\"q\",\"extra\":{\"nested\":[1,{\"a\":null}]},"
                + "\"payload\":{\"userId\":\"" + A + "\",\"mood\":\"happy\",\"status\":\"offline\","
                + "\"devices\":[{\"x\":1}],\"lastSeen\":\"2026-01-01T00:00:00.000Z\",\"n\":null}}";

        assertThat(FrameCodec.decodeServerEnvelope(json))
                .isEqualTo(new Outbound("q", new ServerFrame.Presence(A, PresenceStatus.OFFLINE, T)));
        assertThat(FrameCodec.decodeServer("{\"type\":\"pong\",\"payload\":{\"serverTime\":1}}"))
                .isEqualTo(new ServerFrame.Pong());
        assertThat(FrameCodec.decodeServer("{\"payload\":{\"lastSeq\":3,\"x\":[],\"hasMore\":true},\"type\":\"sync.done\"}"))
                .isEqualTo(new ServerFrame.SyncDone(3, true));
    }

    @Test
    void readsPayloadBeforeTypeAfterNonAsciiUnknownFields() {
        String json = "{\"note\":\"caf\u00e9 \uD83D\uDE00\",\"payload\":{\"lastSeq\":9,\"hasMore\":false},"
                + "\"id\":\"n\",\"type\":\"sync.done\"}";
        assertThat(FrameCodec.decodeServerEnvelope(json)).isEqualTo(new Outbound("n", new ServerFrame.SyncDone(9, false)));
    }

    @Test
    void readsServerFramesOfAnySize() {
        List<UUID> ids = Collections.nCopies(1000, A);
        ServerFrame.Receipt big = new ServerFrame.Receipt(ids, ReceiptStatus.DELIVERED, B, T);
        String json = FrameCodec.encode(null, big);
        assertThat(json.length()).isGreaterThan(Limits.MAX_FRAME_BYTES);
        assertThat(FrameCodec.decodeServer(json)).isEqualTo(big);
    }

    @Test
    void refusesUnknownServerFrameType() {
        ProtocolException e = refusedServer("{\"type\":\"sticker.pack\",\"id\":\"z\",\"payload\":{}}");
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(e.requestId()).isEqualTo("z");
        assertThat(refusedServer("{\"type\":\"ping\",\"payload\":{}}").code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
    }

    @Test
    void refusesKnownServerFieldsOfWrongForm() {
        assertThat(refusedServer("{\"type\":\"sync.done\",\"payload\":{\"lastSeq\":1,\"hasMore\":\"yes\"}}").field())
                .isEqualTo("payload.hasMore");
        assertThat(refusedServer("{\"type\":\"sync.done\",\"payload\":{\"lastSeq\":-1,\"hasMore\":true}}").field())
                .isEqualTo("payload.lastSeq");
        assertThat(refusedServer("{\"type\":\"error\",\"payload\":{\"code\":\"teapot\",\"message\":\"m\"}}").field())
                .isEqualTo("payload.code");
        assertThat(refusedServer("{\"type\":\"error\",\"payload\":{\"code\":\"forbidden\"}}").field())
                .isEqualTo("payload.message");
        assertThat(refusedServer("{\"type\":\"presence\",\"payload\":{\"userId\":\"" + A
                + "\",\"status\":\"online\",\"lastSeen\":null}}").field()).isEqualTo("payload.lastSeen");
        assertThat(refusedServer("{\"type\":\"call.state\",\"payload\":{\"callId\":\"" + A
                + "\",\"state\":\"ended\",\"at\":\"2026-01-01T00:00:00Z\",\"reason\":\"Lost it\"}}").field())
                .isEqualTo("payload.reason");
        assertThat(refusedServer("{\"type\":\"ack\",\"payload\":{}}").field()).isEqualTo("payload.messageId");
        assertThat(refusedServer("{\"type\":\"pong\",\"payload\":{}} {}").field()).isNull();
        assertThat(refusedServer("{\"type\":\"pong\",\"payload\":{},\"type\":\"pong\"}").field()).isEqualTo("type");
    }

    @Test
    void turnsRefusalIntoAnErrorFrameThatClientsRead() {
        ProtocolException e = catchProtocol(() -> FrameCodec.decodeClient(
                "{\"type\":\"read\",\"id\":\"abc\",\"payload\":{\"messageIds\":[\"" + A + "\",\"x\"]}}"));
        String answer = FrameCodec.encode(e.requestId(), e.toFrame());

        Outbound out = FrameCodec.decodeServerEnvelope(answer);
        assertThat(out.requestId()).isEqualTo("abc");
        assertThat(out.frame()).isEqualTo(new ServerFrame.Error(ErrorCode.INVALID_FIELD, "payload.messageIds[1]",
                "payload.messageIds[1] must be a lowercase canonical UUID"));
        assertThat(FrameCodec.decodeServer(FrameCodec.encode(null, FrameCodec.nonTextFrame().toFrame())))
                .isInstanceOf(ServerFrame.Error.class);
    }

    static ProtocolException refusedServer(String json) {
        return catchProtocol(() -> FrameCodec.decodeServer(json));
    }

    static ProtocolException catchProtocol(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(ProtocolException.class);
        return (ProtocolException) t;
    }
}
