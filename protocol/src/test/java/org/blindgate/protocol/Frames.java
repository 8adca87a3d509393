package org.blindgate.protocol;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Generators of every valid frame, for the property tests. */
final class Frames {

    private Frames() {
    }

    static Gen<UUID> uuids() {
        Gen<Long> bits = Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE);
        return random -> new UUID(bits.next(random), bits.next(random));
    }

    /** Millisecond precision: the encoder writes three fraction digits, so finer would not round-trip. */
    static Gen<Instant> instants() {
        return Gen.longs(Rfc3339.MIN.toEpochMilli(), Rfc3339.MAX.toEpochMilli()).map(Instant::ofEpochMilli);
    }

    static Gen<String> sessionIds() {
        return Gen.strings(Gen.chars(Gen.ALPHANUMERIC + "._:+/=-"), 1, Limits.MAX_SESSION_ID_CHARS);
    }

    static Gen<String> requestIds() {
        return Gen.strings(Gen.chars(Gen.ALPHANUMERIC + "._:-"), 1, Limits.MAX_REQUEST_ID_CHARS).orNull(0.3);
    }

    static Gen<String> tokens() {
        return Gen.strings(Gen.chars(Gen.ALPHANUMERIC + "_.-"), 1, Limits.MAX_TOKEN_CHARS);
    }

    static Gen<List<UUID>> uuidLists(int max) {
        return uuids().list(1, max);
    }

    static Gen<ClientFrame> clientFrames() {
        Gen<UUID> uuids = uuids();
        Gen<Instant> instants = instants();
        Gen<String> sessionIds = sessionIds();
        Gen<Boolean> booleans = Gen.booleans();
        Gen<MessageType> messageTypes = Gen.of(MessageType.class);
        Gen<ClientFrame> message = random -> {
            UUID id = uuids.next(random);
            UUID to = uuids.next(random);
            boolean group = booleans.next(random);
            return new ClientFrame.Message(id, group ? null : to, group ? to : null, instants.next(random),
                    sessionIds.next(random), messageTypes.next(random));
        };
        Gen<Long> afterSeqs = Gen.longs(0, Long.MAX_VALUE);
        Gen<Integer> limits = Gen.ints(1, Limits.MAX_SYNC_LIMIT);
        Gen<TypingState> typingStates = Gen.of(TypingState.class);
        Gen<CallMedia> media = Gen.of(CallMedia.class);
        return Gen.oneOf(
                message,
                uuidLists(Limits.MAX_MESSAGE_IDS).map(ClientFrame.Delivered::new),
                uuidLists(Limits.MAX_MESSAGE_IDS).map(ClientFrame.Read::new),
                random -> new ClientFrame.Sync(afterSeqs.next(random), limits.next(random)),
                random -> new ClientFrame.Typing(uuids.next(random), typingStates.next(random)),
                // Up to 100: more ids than that do not fit in one 4,096-byte frame.
                uuidLists(100).map(ClientFrame.PresenceSubscribe::new),
                random -> new ClientFrame.CallInvite(uuids.next(random), uuids.next(random), media.next(random)),
                uuids.map(ClientFrame.CallAccept::new),
                uuids.map(ClientFrame.CallReject::new),
                uuids.map(ClientFrame.CallCancel::new),
                uuids.map(ClientFrame.CallEnd::new),
                tokens().map(ClientFrame.AuthRefresh::new),
                Gen.constant(new ClientFrame.Ping()));
    }

    static Gen<ServerFrame> serverFrames() {
        Gen<UUID> uuids = uuids();
        Gen<Instant> instants = instants();
        Gen<String> sessionIds = sessionIds();
        Gen<MessageType> messageTypes = Gen.of(MessageType.class);
        Gen<Long> seqs = Gen.longs(1, Long.MAX_VALUE);
        Gen<ServerFrame> message = random -> new ServerFrame.Message(uuids.next(random), uuids.next(random),
                uuids.next(random), uuids.next(random), uuids.next(random), instants.next(random),
                instants.next(random), sessionIds.next(random), messageTypes.next(random), seqs.next(random));
        Gen<String> reasons = Gen.strings(Gen.chars("abcdefghijklmnopqrstuvwxyz0123456789_"), 1, 64).orNull(0.4);
        Gen<String> humanText = Gen.strings(Gen.anyChar(), 1, 80).filter(s -> !s.isBlank());
        Gen<String> fields = humanText.orNull(0.3);
        Gen<AckStatus> ackStatuses = Gen.of(AckStatus.class);
        Gen<Long> lastSeqs = Gen.longs(0, Long.MAX_VALUE);
        Gen<Boolean> booleans = Gen.booleans();
        Gen<List<UUID>> receiptIds = uuidLists(200);
        Gen<ReceiptStatus> receiptStatuses = Gen.of(ReceiptStatus.class);
        Gen<PresenceStatus> presenceStatuses = Gen.of(PresenceStatus.class);
        Gen<Instant> lastSeens = instants.orNull(0.5);
        Gen<TypingState> typingStates = Gen.of(TypingState.class);
        Gen<CallMedia> media = Gen.of(CallMedia.class);
        Gen<CallStateValue> callStates = Gen.of(CallStateValue.class);
        Gen<ErrorCode> errorCodes = Gen.of(ErrorCode.class);
        return Gen.oneOf(
                random -> new ServerFrame.Ack(uuids.next(random), uuids.next(random), ackStatuses.next(random),
                        instants.next(random)),
                message,
                random -> new ServerFrame.SyncDone(lastSeqs.next(random), booleans.next(random)),
                random -> new ServerFrame.Receipt(receiptIds.next(random), receiptStatuses.next(random),
                        uuids.next(random), instants.next(random)),
                random -> new ServerFrame.Presence(uuids.next(random), presenceStatuses.next(random),
                        lastSeens.next(random)),
                random -> new ServerFrame.Typing(uuids.next(random), uuids.next(random), typingStates.next(random)),
                random -> new ServerFrame.CallInvite(uuids.next(random), uuids.next(random), media.next(random),
                        uuids.next(random)),
                random -> new ServerFrame.CallState(uuids.next(random), callStates.next(random),
                        instants.next(random), reasons.next(random)),
                random -> new ServerFrame.Error(errorCodes.next(random), fields.next(random), humanText.next(random)),
                Gen.constant(new ServerFrame.Pong()));
    }
}
