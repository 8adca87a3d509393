package org.blindgate.protocol;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.arbitraries.StringArbitrary;

/** Generators of every valid frame, for the property tests. */
final class Frames {

    private Frames() {
    }

    static Arbitrary<UUID> uuids() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
    }

    /** Millisecond precision: the encoder writes three fraction digits, so finer would not round-trip. */
    static Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(Rfc3339.MIN.toEpochMilli(), Rfc3339.MAX.toEpochMilli())
                .map(Instant::ofEpochMilli);
    }

    private static StringArbitrary alphanumeric() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9');
    }

    static Arbitrary<String> sessionIds() {
        return alphanumeric().withChars("._:+/=-").ofMinLength(1).ofMaxLength(Limits.MAX_SESSION_ID_CHARS);
    }

    static Arbitrary<String> requestIds() {
        return alphanumeric().withChars("._:-").ofMinLength(1).ofMaxLength(Limits.MAX_REQUEST_ID_CHARS)
                .injectNull(0.3);
    }

    static Arbitrary<String> tokens() {
        return alphanumeric().withChars("_.-").ofMinLength(1).ofMaxLength(Limits.MAX_TOKEN_CHARS);
    }

    static Arbitrary<List<UUID>> uuidLists(int max) {
        return uuids().list().ofMinSize(1).ofMaxSize(max);
    }

    static Arbitrary<ClientFrame> clientFrames() {
        Arbitrary<ClientFrame> message = Combinators.combine(uuids(), uuids(), Arbitraries.of(true, false), instants(),
                        sessionIds(), Arbitraries.of(MessageType.class))
                .as((id, to, group, t, session, type) -> new ClientFrame.Message(id, group ? null : to,
                        group ? to : null, t, session, type));
        return Arbitraries.oneOf(List.of(
                message,
                uuidLists(Limits.MAX_MESSAGE_IDS).map(ClientFrame.Delivered::new),
                uuidLists(Limits.MAX_MESSAGE_IDS).map(ClientFrame.Read::new),
                Combinators.combine(Arbitraries.longs().greaterOrEqual(0),
                        Arbitraries.integers().between(1, Limits.MAX_SYNC_LIMIT)).as(ClientFrame.Sync::new),
                Combinators.combine(uuids(), Arbitraries.of(TypingState.class)).as(ClientFrame.Typing::new),
                // Up to 100: more ids than that do not fit in one 4,096-byte frame.
                uuidLists(100).map(ClientFrame.PresenceSubscribe::new),
                Combinators.combine(uuids(), uuids(), Arbitraries.of(CallMedia.class)).as(ClientFrame.CallInvite::new),
                uuids().map(ClientFrame.CallAccept::new),
                uuids().map(ClientFrame.CallReject::new),
                uuids().map(ClientFrame.CallCancel::new),
                uuids().map(ClientFrame.CallEnd::new),
                tokens().map(ClientFrame.AuthRefresh::new),
                Arbitraries.just(new ClientFrame.Ping())));
    }

    static Arbitrary<ServerFrame> serverFrames() {
        Arbitrary<ServerFrame> message = Combinators.combine(uuids().list().ofSize(5), instants(), instants(),
                        sessionIds(), Arbitraries.of(MessageType.class), Arbitraries.longs().greaterOrEqual(1))
                .as((ids, t, serverT, session, type, seq) -> new ServerFrame.Message(ids.get(0), ids.get(1),
                        ids.get(2), ids.get(3), ids.get(4), t, serverT, session, type, seq));
        Arbitrary<String> reasons = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .withChars('_').ofMinLength(1).ofMaxLength(64).injectNull(0.4);
        Arbitrary<String> humanText = Arbitraries.strings().ofMinLength(1).ofMaxLength(80)
                .filter(s -> !s.isBlank());
        return Arbitraries.oneOf(List.of(
                Combinators.combine(uuids(), uuids(), Arbitraries.of(AckStatus.class), instants())
                        .as(ServerFrame.Ack::new),
                message,
                Combinators.combine(Arbitraries.longs().greaterOrEqual(0), Arbitraries.of(true, false))
                        .as(ServerFrame.SyncDone::new),
                Combinators.combine(uuidLists(200), Arbitraries.of(ReceiptStatus.class), uuids(), instants())
                        .as(ServerFrame.Receipt::new),
                Combinators.combine(uuids(), Arbitraries.of(PresenceStatus.class), instants().injectNull(0.5))
                        .as(ServerFrame.Presence::new),
                Combinators.combine(uuids(), uuids(), Arbitraries.of(TypingState.class)).as(ServerFrame.Typing::new),
                Combinators.combine(uuids(), uuids(), Arbitraries.of(CallMedia.class), uuids())
                        .as(ServerFrame.CallInvite::new),
                Combinators.combine(uuids(), Arbitraries.of(CallStateValue.class), instants(), reasons)
                        .as(ServerFrame.CallState::new),
                Combinators.combine(Arbitraries.of(ErrorCode.class), humanText.injectNull(0.3), humanText)
                        .as(ServerFrame.Error::new),
                Arbitraries.just(new ServerFrame.Pong())));
    }
}
