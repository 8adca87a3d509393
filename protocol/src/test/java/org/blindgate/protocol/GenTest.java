package org.blindgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The generators reach what the properties rely on them to reach: every frame type, every
 * enumeration value, null and set for every nullable field, and both bounds of every length,
 * count and range. A generator that silently stopped doing so would leave the properties
 * passing and proving less.
 */
class GenTest {

    /** Enough draws that a value drawn once in a few hundred shows up without fail. */
    private static final int DRAWS = 20_000;

    private static <T> List<T> draw(Gen<T> gen) {
        SplittableRandom random = new SplittableRandom(42);
        return IntStream.range(0, DRAWS).mapToObj(i -> gen.next(random)).collect(Collectors.toList());
    }

    private static <F, T> Set<Object> seen(List<F> frames, Class<T> type, Function<T, Object> part) {
        Set<Object> values = new HashSet<>();
        for (F frame : frames) {
            if (type.isInstance(frame)) {
                values.add(part.apply(type.cast(frame)));
            }
        }
        return values;
    }

    @Test
    void numbersReachTheirBoundsAndStayWithin() {
        List<Long> longs = draw(Gen.longs(-5, Long.MAX_VALUE));
        List<Integer> ints = draw(Gen.ints(1, Limits.MAX_SYNC_LIMIT));

        assertThat(longs).contains(-5L, 0L, 1L, Long.MAX_VALUE).allMatch(n -> n >= -5);
        assertThat(longs).anyMatch(n -> n > 1L << 40 && n < Long.MAX_VALUE - 1);
        assertThat(ints).contains(1, 2, Limits.MAX_SYNC_LIMIT).allMatch(n -> n >= 1 && n <= Limits.MAX_SYNC_LIMIT);
        assertThat(draw(Gen.unitDoubles())).contains(0.0, Math.nextDown(1.0)).allMatch(d -> d >= 0 && d < 1);
        assertThat(draw(Gen.bytes(0, 255))).anyMatch(b -> b.length == 0).anyMatch(b -> b.length == 255);
    }

    @Test
    void stringsReachBothLengthsAndOnlyTheirAlphabet() {
        List<String> sessionIds = draw(Frames.sessionIds());
        List<String> requestIds = draw(Frames.requestIds());

        assertThat(sessionIds).allMatch(Rules::isSessionId)
                .anyMatch(s -> s.length() == 1).anyMatch(s -> s.length() == Limits.MAX_SESSION_ID_CHARS);
        assertThat(requestIds).containsNull()
                .anyMatch(s -> s != null && s.length() == 1)
                .anyMatch(s -> s != null && s.length() == Limits.MAX_REQUEST_ID_CHARS)
                .allMatch(s -> s == null || Rules.isRequestId(s));
        assertThat(String.join("", sessionIds).chars().distinct().count())
                .isEqualTo((long) (Gen.ALPHANUMERIC + "._:+/=-").length());
        assertThat(draw(Gen.anyChar())).contains('\u0000', '"', '\\', '\ud800', '\udfff')
                .noneMatch(c -> c >= '\ue000' && c <= '\uf8ff').noneMatch(c -> c >= '\ufffe');
    }

    @Test
    void clientFramesCoverEveryTypeValueAndBound() {
        List<ClientFrame> frames = draw(Frames.clientFrames());
        Instant min = Instant.ofEpochMilli(Rfc3339.MIN.toEpochMilli());
        Instant max = Instant.ofEpochMilli(Rfc3339.MAX.toEpochMilli());

        assertThat(frames.stream().map(Object::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(ClientFrame.class.getPermittedSubclasses());
        assertThat(seen(frames, ClientFrame.Message.class, ClientFrame.Message::messageType))
                .containsExactlyInAnyOrder((Object[]) MessageType.values());
        assertThat(seen(frames, ClientFrame.Message.class, m -> m.recipientId() == null)).containsExactlyInAnyOrder(true, false);
        assertThat(seen(frames, ClientFrame.Message.class, ClientFrame.Message::timestamp)).contains(min, max);
        assertThat(seen(frames, ClientFrame.Message.class, m -> m.sessionId().length()))
                .contains(1, Limits.MAX_SESSION_ID_CHARS);
        assertThat(seen(frames, ClientFrame.Read.class, r -> r.messageIds().size())).contains(1, Limits.MAX_MESSAGE_IDS);
        assertThat(seen(frames, ClientFrame.Delivered.class, d -> d.messageIds().size()))
                .contains(1, Limits.MAX_MESSAGE_IDS);
        assertThat(seen(frames, ClientFrame.PresenceSubscribe.class, p -> p.userIds().size())).contains(1, 100);
        assertThat(seen(frames, ClientFrame.Sync.class, ClientFrame.Sync::limit)).contains(1, Limits.MAX_SYNC_LIMIT);
        assertThat(seen(frames, ClientFrame.Sync.class, ClientFrame.Sync::afterSeq)).contains(0L, Long.MAX_VALUE);
        assertThat(seen(frames, ClientFrame.Typing.class, ClientFrame.Typing::state))
                .containsExactlyInAnyOrder((Object[]) TypingState.values());
        assertThat(seen(frames, ClientFrame.CallInvite.class, ClientFrame.CallInvite::media))
                .containsExactlyInAnyOrder((Object[]) CallMedia.values());
        assertThat(seen(frames, ClientFrame.AuthRefresh.class, a -> a.token().length()))
                .contains(1, Limits.MAX_TOKEN_CHARS);
    }

    @Test
    void serverFramesCoverEveryTypeValueAndNullableField() {
        List<ServerFrame> frames = draw(Frames.serverFrames());

        assertThat(frames.stream().map(Object::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(ServerFrame.class.getPermittedSubclasses());
        assertThat(seen(frames, ServerFrame.Ack.class, ServerFrame.Ack::status))
                .containsExactlyInAnyOrder((Object[]) AckStatus.values());
        assertThat(seen(frames, ServerFrame.Message.class, ServerFrame.Message::seq)).contains(1L, Long.MAX_VALUE);
        assertThat(seen(frames, ServerFrame.Message.class, ServerFrame.Message::messageType))
                .containsExactlyInAnyOrder((Object[]) MessageType.values());
        assertThat(seen(frames, ServerFrame.SyncDone.class, ServerFrame.SyncDone::lastSeq)).contains(0L, Long.MAX_VALUE);
        assertThat(seen(frames, ServerFrame.Receipt.class, r -> r.messageIds().size())).contains(1, 200);
        assertThat(seen(frames, ServerFrame.Receipt.class, ServerFrame.Receipt::status))
                .containsExactlyInAnyOrder((Object[]) ReceiptStatus.values());
        assertThat(seen(frames, ServerFrame.Presence.class, ServerFrame.Presence::status))
                .containsExactlyInAnyOrder((Object[]) PresenceStatus.values());
        assertThat(seen(frames, ServerFrame.Presence.class, p -> p.lastSeen() == null)).containsExactlyInAnyOrder(true, false);
        assertThat(seen(frames, ServerFrame.CallState.class, ServerFrame.CallState::state))
                .containsExactlyInAnyOrder((Object[]) CallStateValue.values());
        assertThat(seen(frames, ServerFrame.CallState.class, c -> c.reason() == null)).containsExactlyInAnyOrder(true, false);
        assertThat(seen(frames, ServerFrame.CallInvite.class, ServerFrame.CallInvite::media))
                .containsExactlyInAnyOrder((Object[]) CallMedia.values());
        assertThat(seen(frames, ServerFrame.Error.class, ServerFrame.Error::code))
                .containsExactlyInAnyOrder((Object[]) ErrorCode.values());
        assertThat(seen(frames, ServerFrame.Error.class, e -> e.field() == null)).containsExactlyInAnyOrder(true, false);
        assertThat(seen(frames, ServerFrame.Typing.class, ServerFrame.Typing::state))
                .containsExactlyInAnyOrder((Object[]) TypingState.values());
    }

    @Test
    void uuidsReachTheExtremeBitPatterns() {
        Set<String> uuids = draw(Frames.uuids()).stream().map(Object::toString).collect(Collectors.toSet());

        assertThat(uuids).contains("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff");
        assertThat(uuids.size()).isGreaterThan(DRAWS / 2);
    }
}
