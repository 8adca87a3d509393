package org.blindgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The records and enumerations refuse what the wire refuses, so no invalid frame exists. */
class WireModelTest {

    static final UUID A = UUID.randomUUID();
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    static void refuses(Executable construction) {
        assertThatThrownBy(construction::execute).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void messageNeedsExactlyOneOfRecipientAndConversation() {
        refuses(() -> new ClientFrame.Message(A, A, A, T, "s", MessageType.TEXT));
        refuses(() -> new ClientFrame.Message(A, null, null, T, "s", MessageType.TEXT));
    }

    @Test
    void recordsRefuseNullComponents() {
        refuses(() -> new ClientFrame.Message(null, A, null, T, "s", MessageType.TEXT));
        refuses(() -> new ClientFrame.Message(A, A, null, null, "s", MessageType.TEXT));
        refuses(() -> new ClientFrame.Message(A, A, null, T, null, MessageType.TEXT));
        refuses(() -> new ClientFrame.Message(A, A, null, T, "s", null));
        refuses(() -> new ClientFrame.Typing(A, null));
        refuses(() -> new ClientFrame.CallInvite(A, null, CallMedia.AUDIO));
        refuses(() -> new ClientFrame.CallEnd(null));
        refuses(() -> new ClientFrame.AuthRefresh(null));
        refuses(() -> new ServerFrame.Ack(A, A, null, T));
        refuses(() -> new ServerFrame.Message(A, A, A, null, A, T, T, "s", MessageType.TEXT, 1));
        refuses(() -> new ServerFrame.Receipt(List.of(A), ReceiptStatus.READ, A, null));
        refuses(() -> new ServerFrame.Presence(null, PresenceStatus.ONLINE, null));
        refuses(() -> new ServerFrame.Error(null, null, "m"));
        refuses(() -> new ServerFrame.Error(ErrorCode.FORBIDDEN, null, null));
        refuses(() -> new Inbound(null, null));
        refuses(() -> new Outbound("id", null));
    }

    @Test
    void recordsRefuseValuesOutOfBounds() {
        refuses(() -> new ClientFrame.Sync(-1, 10));
        refuses(() -> new ClientFrame.Sync(0, 0));
        refuses(() -> new ClientFrame.Sync(0, Limits.MAX_SYNC_LIMIT + 1));
        refuses(() -> new ClientFrame.Message(A, A, null, T, "s".repeat(129), MessageType.TEXT));
        refuses(() -> new ClientFrame.Message(A, A, null, T, "with space", MessageType.TEXT));
        refuses(() -> new ClientFrame.Message(A, A, null, Instant.parse("+10000-01-01T00:00:00Z"), "s", MessageType.TEXT));
        refuses(() -> new ClientFrame.Message(A, A, null, Instant.parse("-0001-12-31T23:59:59Z"), "s", MessageType.TEXT));
        refuses(() -> new ClientFrame.AuthRefresh(""));
        refuses(() -> new ClientFrame.AuthRefresh("a b"));
        refuses(() -> new ClientFrame.AuthRefresh("a".repeat(Limits.MAX_TOKEN_CHARS + 1)));
        refuses(() -> new ServerFrame.Message(A, A, A, A, A, T, T, "s", MessageType.TEXT, 0));
        refuses(() -> new ServerFrame.SyncDone(-1, false));
        refuses(() -> new ServerFrame.CallState(A, CallStateValue.ENDED, T, "Connection lost"));
        refuses(() -> new ServerFrame.CallState(A, CallStateValue.ENDED, T, ""));
        refuses(() -> new ServerFrame.Error(ErrorCode.FORBIDDEN, " ", "m"));
        refuses(() -> new ServerFrame.Error(ErrorCode.FORBIDDEN, null, " "));
        refuses(() -> new Inbound("bad id", new ClientFrame.Ping()));
    }

    @Test
    void idListsHoldOneToTheirBound() {
        List<UUID> hundredAndOne = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            hundredAndOne.add(UUID.randomUUID());
        }
        refuses(() -> new ClientFrame.Delivered(List.of()));
        refuses(() -> new ClientFrame.Read(hundredAndOne));
        refuses(() -> new ClientFrame.Read(Arrays.asList(A, null)));
        refuses(() -> new ClientFrame.PresenceSubscribe(List.of()));
        refuses(() -> new ServerFrame.Receipt(List.of(), ReceiptStatus.READ, A, T));
        assertThat(new ClientFrame.Read(hundredAndOne.subList(0, 100)).messageIds()).hasSize(100);
        assertThat(new ServerFrame.Receipt(hundredAndOne, ReceiptStatus.READ, A, T).messageIds()).hasSize(101);
    }

    @Test
    void copiesListsSoLaterChangesDoNotReachTheFrame() {
        List<UUID> ids = new ArrayList<>(List.of(A));
        ClientFrame.Delivered delivered = new ClientFrame.Delivered(ids);
        ids.add(UUID.randomUUID());

        assertThat(delivered.messageIds()).containsExactly(A);
        assertThatThrownBy(() -> delivered.messageIds().add(A)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void syncWithoutLimitAsksForTheDefaultPage() {
        assertThat(new ClientFrame.Sync(3)).isEqualTo(new ClientFrame.Sync(3, Limits.DEFAULT_SYNC_LIMIT));
    }

    @Test
    void keepsTokensOutOfToString() {
        assertThat(new ClientFrame.AuthRefresh("secret.jwt.value")).asString().doesNotContain("secret");
    }

    @Test
    void everyFrameNamesItsWireType() {
        assertThat(List.of(new ClientFrame.Message(A, A, null, T, "s", MessageType.TEXT),
                new ClientFrame.Delivered(List.of(A)), new ClientFrame.Read(List.of(A)), new ClientFrame.Sync(0),
                new ClientFrame.Typing(A, TypingState.STARTED), new ClientFrame.PresenceSubscribe(List.of(A)),
                new ClientFrame.CallInvite(A, A, CallMedia.VIDEO), new ClientFrame.CallAccept(A),
                new ClientFrame.CallReject(A), new ClientFrame.CallCancel(A), new ClientFrame.CallEnd(A),
                new ClientFrame.AuthRefresh("t"), new ClientFrame.Ping()))
                .extracting(Frame::type)
                .containsExactly("message", "delivered", "read", "sync", "typing", "presence.subscribe",
                        "call.invite", "call.accept", "call.reject", "call.cancel", "call.end", "auth.refresh", "ping");
        assertThat(List.of(new ServerFrame.Ack(A, A, AckStatus.STORED, T),
                new ServerFrame.Message(A, A, A, A, A, T, T, "s", MessageType.TEXT, 1), new ServerFrame.SyncDone(0, false),
                new ServerFrame.Receipt(List.of(A), ReceiptStatus.READ, A, T),
                new ServerFrame.Presence(A, PresenceStatus.ONLINE, null), new ServerFrame.Typing(A, A, TypingState.STOPPED),
                new ServerFrame.CallInvite(A, A, CallMedia.AUDIO, A), new ServerFrame.CallState(A, CallStateValue.BUSY, T, null),
                new ServerFrame.Error(ErrorCode.NOT_FOUND, null, "m"), new ServerFrame.Pong()))
                .extracting(Frame::type)
                .containsExactly("ack", "message", "sync.done", "receipt", "presence", "typing", "call.invite",
                        "call.state", "error", "pong");
        assertThat(ClientPayloads.TYPES).hasSize(13);
        assertThat(ServerPayloads.TYPES).hasSize(10);
    }

    @Test
    void enumerationsHaveTheProtocolsSpellings() {
        assertSpellings(MessageType.values(), MessageType::wire, MessageType::fromWire, "text", "image", "video",
                "audio", "file", "location", "contact", "sticker", "reaction", "call_signal", "system");
        assertSpellings(TypingState.values(), TypingState::wire, TypingState::fromWire, "started", "stopped");
        assertSpellings(CallMedia.values(), CallMedia::wire, CallMedia::fromWire, "audio", "video");
        assertSpellings(AckStatus.values(), AckStatus::wire, AckStatus::fromWire, "stored", "duplicate");
        assertSpellings(ReceiptStatus.values(), ReceiptStatus::wire, ReceiptStatus::fromWire, "delivered", "read");
        assertSpellings(PresenceStatus.values(), PresenceStatus::wire, PresenceStatus::fromWire, "online", "offline");
        assertSpellings(CallStateValue.values(), CallStateValue::wire, CallStateValue::fromWire, "ringing", "accepted",
                "rejected", "cancelled", "missed", "busy", "ended");
        assertSpellings(ErrorCode.values(), ErrorCode::wire, ErrorCode::fromWire, "unknown_field", "invalid_field",
                "unknown_type", "too_large", "forbidden", "rate_limited", "not_found", "unavailable");
    }

    @Test
    void enumerationsReadOnlyExactSpellings() {
        assertThat(MessageType.fromWire("TEXT")).isEmpty();
        assertThat(MessageType.fromWire("text ")).isEmpty();
        assertThat(MessageType.fromWire("CALL_SIGNAL")).isEmpty();
        assertThat(ErrorCode.fromWire("")).isEmpty();
        assertThat(ErrorCode.fromWire(null)).isEmpty();
    }

    private static <E> void assertSpellings(E[] values, Function<E, String> wire,
            Function<String, java.util.Optional<E>> fromWire, String... spellings) {
        assertThat(values).extracting(wire::apply).containsExactly(spellings);
        for (E value : values) {
            assertThat(fromWire.apply(wire.apply(value))).contains(value);
        }
    }

    @Test
    void limitsAreTheProtocols() {
        assertThat(Limits.MAX_FRAME_BYTES).isEqualTo(4096);
        assertThat(Limits.MAX_REQUEST_ID_CHARS).isEqualTo(64);
        assertThat(Limits.MAX_SESSION_ID_CHARS).isEqualTo(128);
        assertThat(Limits.MAX_MESSAGE_IDS).isEqualTo(100);
        assertThat(Limits.MAX_PRESENCE_USER_IDS).isEqualTo(500);
        assertThat(Limits.MAX_SYNC_LIMIT).isEqualTo(1000);
        assertThat(Limits.DEFAULT_SYNC_LIMIT).isEqualTo(500);
        assertThat(Limits.MAX_TOKEN_CHARS).isEqualTo(2048);
        assertThat(Limits.SUBPROTOCOL).isEqualTo("blindgate.v1");
        assertThat(Limits.BEARER_SUBPROTOCOL_PREFIX).isEqualTo("bearer.");
    }

    @Test
    void protocolExceptionKeepsItsPartsAndBecomesAnErrorFrame() {
        ProtocolException e = new ProtocolException(ErrorCode.FORBIDDEN, "payload.recipientId", "not allowed");
        ProtocolException echoed = e.withRequestId("r9");

        assertThat(echoed.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(echoed.field()).isEqualTo("payload.recipientId");
        assertThat(echoed.requestId()).isEqualTo("r9");
        assertThat(echoed.toFrame()).isEqualTo(new ServerFrame.Error(ErrorCode.FORBIDDEN, "payload.recipientId",
                "not allowed"));
        assertThat(echoed.getStackTrace()).as("refusals are the peer's fault; no stack is captured").isEmpty();
    }
}
