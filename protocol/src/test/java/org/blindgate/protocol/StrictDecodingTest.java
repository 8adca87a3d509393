package org.blindgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the server refuses, and how: the error code, the field path and the request id that
 * come back, and the promise that no message repeats the value that was refused.
 */
class StrictDecodingTest {

    static final String A = ClientFrameDecodingTest.A;
    static final String B = ClientFrameDecodingTest.B;
    static final String C = ClientFrameDecodingTest.C;

    /** A marker put into refused values; it must never show up in an error message. */
    static final String MARKER = "Zq9SMUGGLED";

    /** A valid message payload's fields, to be varied one at a time. */
    static final String MESSAGE_FIELDS = "\"messageId\":\"" + A + "\",\"recipientId\":\"" + B
            + "\",\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"sessionId\":\"s1\",\"messageType\":\"text\"";

    static String message(String fields) {
        return "{\"type\":\"message\",\"id\":\"r1\",\"payload\":{" + fields + "}}";
    }

    /** The valid message with {@code field}'s value replaced by {@code json}. */
    static String messageWith(String field, String json) {
        return message(MESSAGE_FIELDS.replaceFirst("\"" + field + "\":(\"[^\"]*\")",
                Matcher.quoteReplacement("\"" + field + "\":" + json)));
    }

    static ProtocolException refused(String json) {
        Throwable t = catchThrowable(() -> FrameCodec.decodeClient(json));
        assertThat(t).as(json).isInstanceOf(ProtocolException.class);
        ProtocolException e = (ProtocolException) t;
        assertThat(e.getMessage()).doesNotContain(MARKER);
        // The same bytes must meet the same verdict on the byte path.
        if (json.getBytes(StandardCharsets.UTF_8).length <= Limits.MAX_FRAME_BYTES) {
            Throwable b = catchThrowable(() -> FrameCodec.decodeClient(json.getBytes(StandardCharsets.UTF_8)));
            assertThat(b).as(json).isInstanceOf(ProtocolException.class);
            assertThat(((ProtocolException) b).code()).isEqualTo(e.code());
            assertThat(((ProtocolException) b).field()).isEqualTo(e.field());
        }
        return e;
    }

    static void assertRefused(String json, ErrorCode code, String field) {
        ProtocolException e = refused(json);
        assertThat(e.code()).as(json).isEqualTo(code);
        assertThat(e.field()).as(json).isEqualTo(field);
    }

    @Test
    void acceptsTheMessageTheseTestsVary() {
        assertThat(FrameCodec.decodeClient(message(MESSAGE_FIELDS)).frame()).isInstanceOf(ClientFrame.Message.class);
    }

    // --------------------------------------------------------------- unknown fields and types

    @ParameterizedTest
    @ValueSource(strings = {"content", "ciphertext", "body", "senderId", "text", "attachment"})
    void refusesUnknownPayloadField(String name) {
        assertRefused(message(MESSAGE_FIELDS + ",\"" + name + "\":\"" + MARKER + "\""),
                ErrorCode.UNKNOWN_FIELD, "payload." + name);
    }

    @Test
    void refusesUnknownPayloadFieldWhateverItsValue() {
        for (String value : new String[] {"null", "1", "{\"a\":\"" + MARKER + "\"}", "[\"" + MARKER + "\"]", "true"}) {
            assertRefused(message("\"content\":" + value + "," + MESSAGE_FIELDS), ErrorCode.UNKNOWN_FIELD,
                    "payload.content");
        }
    }

    @Test
    void refusesUnknownTopLevelField() {
        assertRefused("{\"type\":\"ping\",\"payload\":{},\"content\":\"" + MARKER + "\"}", ErrorCode.UNKNOWN_FIELD,
                "content");
        assertRefused("{\"meta\":{},\"type\":\"ping\",\"payload\":{}}", ErrorCode.UNKNOWN_FIELD, "meta");
    }

    @Test
    void refusesAnyFieldInPingPayload() {
        assertRefused("{\"type\":\"ping\",\"payload\":{\"body\":\"" + MARKER + "\"}}", ErrorCode.UNKNOWN_FIELD,
                "payload.body");
    }

    @Test
    void refusesFieldOfAnotherFrameType() {
        assertRefused("{\"type\":\"delivered\",\"payload\":{\"messageIds\":[\"" + A + "\"],\"limit\":5}}",
                ErrorCode.UNKNOWN_FIELD, "payload.limit");
    }

    @Test
    void withholdsUnknownFieldNamesThatAreNotShortIdentifiers() {
        ProtocolException e = refused(message(MESSAGE_FIELDS + ",\"" + MARKER + " is a secret\":1"));
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_FIELD);
        assertThat(e.field()).isEqualTo("payload.*");

        ProtocolException longName = refused(message(MESSAGE_FIELDS + ",\"" + "a".repeat(33) + "\":1"));
        assertThat(longName.field()).isEqualTo("payload.*");
        assertThat(longName.getMessage()).doesNotContain("a".repeat(33));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zq9SMUGGLED", "Message", "message ", "ack", "pong", "error", "", "presence"})
    void refusesUnknownType(String type) {
        assertRefused("{\"type\":\"" + type + "\",\"payload\":{}}", ErrorCode.UNKNOWN_TYPE, "type");
    }

    @Test
    void refusesUnknownTypeBeforeLookingAtPayload() {
        assertRefused("{\"type\":\"Zq9SMUGGLED\"}", ErrorCode.UNKNOWN_TYPE, "type");
        assertRefused("{\"payload\":{\"x\":1},\"type\":\"Zq9SMUGGLED\"}", ErrorCode.UNKNOWN_TYPE, "type");
    }

    // --------------------------------------------------------------- missing fields

    @ParameterizedTest
    @ValueSource(strings = {"messageId", "timestamp", "sessionId", "messageType"})
    void refusesMessageWithoutRequiredField(String field) {
        String fields = MESSAGE_FIELDS.replaceFirst(",?\"" + field + "\":\"[^\"]*\"", "").replaceFirst("^,", "");
        assertRefused(message(fields), ErrorCode.INVALID_FIELD, "payload." + field);
    }

    @Test
    void refusesMissingFieldsOfEveryOtherType() {
        assertRefused("{\"type\":\"delivered\",\"payload\":{}}", ErrorCode.INVALID_FIELD, "payload.messageIds");
        assertRefused("{\"type\":\"read\",\"payload\":{}}", ErrorCode.INVALID_FIELD, "payload.messageIds");
        assertRefused("{\"type\":\"sync\",\"payload\":{\"limit\":5}}", ErrorCode.INVALID_FIELD, "payload.afterSeq");
        assertRefused("{\"type\":\"typing\",\"payload\":{\"state\":\"started\"}}", ErrorCode.INVALID_FIELD,
                "payload.conversationId");
        assertRefused("{\"type\":\"typing\",\"payload\":{\"conversationId\":\"" + A + "\"}}", ErrorCode.INVALID_FIELD,
                "payload.state");
        assertRefused("{\"type\":\"presence.subscribe\",\"payload\":{}}", ErrorCode.INVALID_FIELD, "payload.userIds");
        assertRefused("{\"type\":\"call.invite\",\"payload\":{\"callId\":\"" + A + "\",\"media\":\"audio\"}}",
                ErrorCode.INVALID_FIELD, "payload.calleeId");
        assertRefused("{\"type\":\"call.invite\",\"payload\":{\"callId\":\"" + A + "\",\"calleeId\":\"" + B + "\"}}",
                ErrorCode.INVALID_FIELD, "payload.media");
        for (String type : new String[] {"call.accept", "call.reject", "call.cancel", "call.end"}) {
            assertRefused("{\"type\":\"" + type + "\",\"payload\":{}}", ErrorCode.INVALID_FIELD, "payload.callId");
        }
        assertRefused("{\"type\":\"auth.refresh\",\"payload\":{}}", ErrorCode.INVALID_FIELD, "payload.token");
    }

    @Test
    void refusesFrameWithoutType() {
        assertRefused("{\"payload\":{}}", ErrorCode.INVALID_FIELD, "type");
    }

    @Test
    void refusesFrameWithoutPayloadEvenForPing() {
        assertRefused("{\"type\":\"ping\"}", ErrorCode.INVALID_FIELD, "payload");
        assertRefused("{\"type\":\"sync\",\"id\":\"1\"}", ErrorCode.INVALID_FIELD, "payload");
    }

    @Test
    void refusesMessageWithBothRecipientAndConversation() {
        assertRefused(message(MESSAGE_FIELDS + ",\"conversationId\":\"" + C + "\""), ErrorCode.INVALID_FIELD,
                "payload");
    }

    @Test
    void refusesMessageWithNeitherRecipientNorConversation() {
        assertRefused(message(MESSAGE_FIELDS.replace("\"recipientId\":\"" + B + "\",", "")), ErrorCode.INVALID_FIELD,
                "payload");
    }

    // --------------------------------------------------------------- wrong kinds

    @Test
    void refusesPayloadThatIsNotAnObject() {
        for (String payload : new String[] {"[]", "\"" + MARKER + "\"", "1", "true", "null"}) {
            assertRefused("{\"type\":\"ping\",\"payload\":" + payload + "}", ErrorCode.INVALID_FIELD, "payload");
        }
    }

    @Test
    void refusesTypeThatIsNotAString() {
        for (String type : new String[] {"1", "null", "true", "[\"ping\"]", "{}"}) {
            assertRefused("{\"type\":" + type + ",\"payload\":{}}", ErrorCode.INVALID_FIELD, "type");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "false", "null", "[]", "{}", "[\"" + A + "\"]"})
    void refusesNonStringWhereStringExpected(String value) {
        for (String field : new String[] {"messageId", "recipientId", "timestamp", "sessionId", "messageType"}) {
            assertRefused(messageWith(field, value), ErrorCode.INVALID_FIELD, "payload." + field);
        }
    }

    @Test
    void refusesExplicitNullEverywhere() {
        assertRefused("{\"type\":\"sync\",\"payload\":{\"afterSeq\":1,\"limit\":null}}", ErrorCode.INVALID_FIELD,
                "payload.limit");
        assertRefused("{\"type\":\"ping\",\"id\":null,\"payload\":{}}", ErrorCode.INVALID_FIELD, "id");
        assertRefused(message(MESSAGE_FIELDS + ",\"conversationId\":null"), ErrorCode.INVALID_FIELD,
                "payload.conversationId");
        assertRefused("{\"type\":\"read\",\"payload\":{\"messageIds\":null}}", ErrorCode.INVALID_FIELD,
                "payload.messageIds");
        assertRefused("{\"type\":\"read\",\"payload\":{\"messageIds\":[\"" + A + "\",null]}}", ErrorCode.INVALID_FIELD,
                "payload.messageIds[1]");
        assertThat(refused("{\"type\":\"sync\",\"payload\":{\"afterSeq\":1,\"limit\":null}}").getMessage())
                .contains("null");
    }

    @Test
    void refusesIdListThatIsNotAnArray() {
        assertRefused("{\"type\":\"read\",\"payload\":{\"messageIds\":\"" + A + "\"}}", ErrorCode.INVALID_FIELD,
                "payload.messageIds");
        assertRefused("{\"type\":\"read\",\"payload\":{\"messageIds\":{\"0\":\"" + A + "\"}}}",
                ErrorCode.INVALID_FIELD, "payload.messageIds");
    }

    @Test
    void refusesNonStringIdInList() {
        assertRefused("{\"type\":\"delivered\",\"payload\":{\"messageIds\":[\"" + A + "\",[\"" + B + "\"]]}}",
                ErrorCode.INVALID_FIELD, "payload.messageIds[1]");
        assertRefused("{\"type\":\"delivered\",\"payload\":{\"messageIds\":[{\"id\":\"" + A + "\"}]}}",
                ErrorCode.INVALID_FIELD, "payload.messageIds[0]");
    }

    // --------------------------------------------------------------- numbers

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "1e2", "1E0", "-0.0", "\"5\"", "9223372036854775808",
        "123456789012345678901234567890", "-1", "-9223372036854775808", "true"})
    void refusesAfterSeqThatIsNotANonNegativeLong(String value) {
        assertRefused("{\"type\":\"sync\",\"payload\":{\"afterSeq\":" + value + "}}", ErrorCode.INVALID_FIELD,
                "payload.afterSeq");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "-1", "500.0", "5e2", "\"500\"", "2147483648", "99999999999999999999"})
    void refusesSyncLimitOutOfBoundsOrNotInteger(String value) {
        assertRefused("{\"type\":\"sync\",\"payload\":{\"afterSeq\":0,\"limit\":" + value + "}}",
                ErrorCode.INVALID_FIELD, "payload.limit");
    }

    @Test
    void acceptsSyncLimitBounds() {
        assertThat(FrameCodec.decodeClient("{\"type\":\"sync\",\"payload\":{\"afterSeq\":0,\"limit\":1}}").frame())
                .isEqualTo(new ClientFrame.Sync(0, 1));
        assertThat(FrameCodec.decodeClient("{\"type\":\"sync\",\"payload\":{\"afterSeq\":-0,\"limit\":1000}}").frame())
                .isEqualTo(new ClientFrame.Sync(0, 1000));
    }

    @Test
    void refusesNumbersJsonDoesNotAllow() {
        for (String value : new String[] {"01", "+1", "NaN", "Infinity", "0x10", ".5"}) {
            assertRefused("{\"type\":\"sync\",\"payload\":{\"afterSeq\":" + value + "}}", ErrorCode.INVALID_FIELD,
                    null);
        }
    }

    // --------------------------------------------------------------- UUIDs

    @ParameterizedTest
    @ValueSource(strings = {
        "3F2A6C1E-8B4D-4E7A-9C1F-2D5E8A7B6C40", // uppercase
        "3f2a6c1e-8b4d-4e7a-9c1f-2d5e8a7b6C40", // one uppercase digit
        "{3f2a6c1e-8b4d-4e7a-9c1f-2d5e8a7b6c40}", // braces
        "3f2a6c1e8b4d4e7a9c1f2d5e8a7b6c40", // no hyphens
        "3f2a6c1e-8b4d-4e7a-9c1f-2d5e8a7b6c4", // short
        "3f2a6c1e-8b4d-4e7a-9c1f-2d5e8a7b6c400", // long
        "1-2-3-4-5", // UUID.fromString would take it
        "3f2a6c1e-8b4d-4e7a-9c1f-2d5e8a7b6cg0", // not hex
        "3f2a6c1e-8b4d-4e7a-9c1f+2d5e8a7b6c40", // wrong separator
        " 3f2a6c1e-8b4d-4e7a-9c1f-2d5e8a7b6c4", // padded
        "Zq9SMUGGLED-8b4d-4e7a-9c1f-2d5e8a7b", // 36 chars with the marker
        ""})
    void refusesUuidNotInLowercaseCanonicalForm(String uuid) {
        assertRefused(messageWith("messageId", "\"" + uuid + "\""), ErrorCode.INVALID_FIELD, "payload.messageId");
    }

    @Test
    void refusesUppercaseUuid() {
        assertRefused(messageWith("recipientId", "\"" + B.toUpperCase() + "\""), ErrorCode.INVALID_FIELD,
                "payload.recipientId");
    }

    @Test
    void namesTheBadElementOfAnIdList() {
        StringBuilder ids = new StringBuilder("\"" + A + "\",\"" + B + "\",\"" + C + "\",\"" + A.toUpperCase() + "\"");
        assertRefused("{\"type\":\"read\",\"payload\":{\"messageIds\":[" + ids + "]}}", ErrorCode.INVALID_FIELD,
                "payload.messageIds[3]");
        assertRefused("{\"type\":\"presence.subscribe\",\"payload\":{\"userIds\":[\"" + A + "\",\"" + MARKER + "\"]}}",
                ErrorCode.INVALID_FIELD, "payload.userIds[1]");
    }

    // --------------------------------------------------------------- list bounds

    static String ids(int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append(i == 0 ? "" : ",").append('"').append(String.format("%08x", i)).append(A.substring(8)).append('"');
        }
        return b.toString();
    }

    @Test
    void refusesEmptyMessageIds() {
        assertRefused("{\"type\":\"delivered\",\"payload\":{\"messageIds\":[]}}", ErrorCode.INVALID_FIELD,
                "payload.messageIds");
        assertRefused("{\"type\":\"read\",\"payload\":{\"messageIds\":[]}}", ErrorCode.INVALID_FIELD,
                "payload.messageIds");
    }

    @Test
    void refuses101MessageIdsAsInvalidNotTooLarge() {
        String json = "{\"type\":\"read\",\"payload\":{\"messageIds\":[" + ids(101) + "]}}";
        assertThat(json.length()).isLessThanOrEqualTo(Limits.MAX_FRAME_BYTES);
        assertRefused(json, ErrorCode.INVALID_FIELD, "payload.messageIds");
    }

    @Test
    void refusesEmptyPresenceSubscription() {
        assertRefused("{\"type\":\"presence.subscribe\",\"payload\":{\"userIds\":[]}}", ErrorCode.INVALID_FIELD,
                "payload.userIds");
    }

    // --------------------------------------------------------------- strings of a form

    @Test
    void refusesOversizeSessionId() {
        assertRefused(messageWith("sessionId", "\"" + "s".repeat(129) + "\""), ErrorCode.INVALID_FIELD,
                "payload.sessionId");
        assertThat(FrameCodec.decodeClient(messageWith("sessionId", "\"" + "s".repeat(128) + "\"")).frame())
                .isInstanceOf(ClientFrame.Message.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "tab\\t", "caf\u00e9", "emoji\uD83D\uDE00", "esc\\u0020aped",
        "quote\\\"", "back\\\\slash", "semi;colon", "Zq9SMUGGLED secret", "nul\\u0000"})
    void refusesIllFormedSessionId(String sessionId) {
        assertRefused(messageWith("sessionId", "\"" + sessionId + "\""), ErrorCode.INVALID_FIELD,
                "payload.sessionId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TEXT", "Text", "texts", "", "ciphertext", "call-signal", "Zq9SMUGGLED"})
    void refusesUnknownMessageType(String type) {
        assertRefused(messageWith("messageType", "\"" + type + "\""), ErrorCode.INVALID_FIELD,
                "payload.messageType");
    }

    @Test
    void refusesUnknownEnumValuesInOtherFrames() {
        assertRefused("{\"type\":\"typing\",\"payload\":{\"conversationId\":\"" + A + "\",\"state\":\"paused\"}}",
                ErrorCode.INVALID_FIELD, "payload.state");
        assertRefused("{\"type\":\"call.invite\",\"payload\":{\"callId\":\"" + A + "\",\"calleeId\":\"" + B
                + "\",\"media\":\"screen\"}}", ErrorCode.INVALID_FIELD, "payload.media");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-01-01T00:00:00", // no zone
        "2026-01-01 00:00:00Z", // space
        "2026-01-01t00:00:00z", // lowercase
        "2026-01-01T00:00Z", // no seconds
        "2026-1-01T00:00:00Z",
        "2026-02-30T00:00:00Z", // no such day
        "2025-02-29T00:00:00Z", // not a leap year
        "2026-13-01T00:00:00Z",
        "2026-01-01T24:00:00Z",
        "2026-01-01T23:59:60Z", // leap second
        "2026-01-01T00:00:00.Z",
        "2026-01-01T00:00:00.1234567890Z", // ten fraction digits
        "2026-01-01T00:00:00+0100",
        "2026-01-01T00:00:00+01",
        "2026-01-01T00:00:00+24:00",
        "2026-01-01T00:00:00-18:01", // beyond what java.time can hold
        "2026-01-01T00:00:00+01:00:00",
        "+12026-01-01T00:00:00Z",
        "0000-01-01T00:00:00+00:01", // before year 0000 in UTC
        "9999-12-31T23:59:59-00:01", // after year 9999 in UTC
        "2026-01-01T00:00:00.000000000000000000000Z", // over 40 characters
        "1767225600000",
        "Zq9SMUGGLED",
        ""})
    void refusesTimestampNotInRfc3339(String timestamp) {
        assertRefused(messageWith("timestamp", "\"" + timestamp + "\""), ErrorCode.INVALID_FIELD,
                "payload.timestamp");
    }

    @Test
    void refusesTimestampAsNumber() {
        assertRefused(messageWith("timestamp", "1767225600000"), ErrorCode.INVALID_FIELD, "payload.timestamp");
    }

    @Test
    void refusesMalformedToken() {
        String frame = "{\"type\":\"auth.refresh\",\"payload\":{\"token\":\"%s\"}}";
        assertRefused(frame.formatted(""), ErrorCode.INVALID_FIELD, "payload.token");
        assertRefused(frame.formatted("a.b c" + MARKER), ErrorCode.INVALID_FIELD, "payload.token");
        assertRefused(frame.formatted("a".repeat(Limits.MAX_TOKEN_CHARS + 1)), ErrorCode.INVALID_FIELD, "payload.token");
        assertRefused(frame.formatted("a+b/c="), ErrorCode.INVALID_FIELD, "payload.token");
        assertThat(FrameCodec.decodeClient(frame.formatted("a".repeat(Limits.MAX_TOKEN_CHARS))).frame())
                .isInstanceOf(ClientFrame.AuthRefresh.class);
    }

    // --------------------------------------------------------------- envelope id

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/", "plus+", "caf\u00e9", "Zq9SMUGGLED!",
        "a234567890123456789012345678901234567890123456789012345678901234x"})
    void refusesBadRequestId(String id) {
        ProtocolException e = refused("{\"type\":\"ping\",\"id\":\"" + id + "\",\"payload\":{}}");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(e.field()).isEqualTo("id");
        assertThat(e.requestId()).as("an id that is refused is not echoed").isNull();
    }

    @Test
    void refusesRequestIdThatIsNotAString() {
        assertRefused("{\"type\":\"ping\",\"id\":42,\"payload\":{}}", ErrorCode.INVALID_FIELD, "id");
    }

    @Test
    void acceptsRequestIdOfEveryAllowedCharacterAndLength() {
        String id = "azAZ09._:-" + "x".repeat(54);
        assertThat(FrameCodec.decodeClient("{\"type\":\"ping\",\"id\":\"" + id + "\",\"payload\":{}}").requestId())
                .isEqualTo(id);
    }

    @Test
    void echoesRequestIdReadBeforeTheFault() {
        ProtocolException e = refused(message(MESSAGE_FIELDS + ",\"content\":\"x\""));
        assertThat(e.requestId()).isEqualTo("r1");
        assertThat(e.toFrame()).isEqualTo(new ServerFrame.Error(ErrorCode.UNKNOWN_FIELD, "payload.content",
                e.getMessage()));
    }

    @Test
    void echoesRequestIdThatFollowsTheFault() {
        assertThat(refused("{\"type\":\"ping\",\"payload\":{\"x\":1},\"id\":\"late\"}").requestId()).isEqualTo("late");
        assertThat(refused("{\"type\":\"nope\",\"payload\":{},\"id\":\"late\"}").requestId()).isEqualTo("late");
        assertThat(refused("{\"type\":\"ping\",\"payload\":{}} trailing\"id\"").requestId()).isNull();
    }

    @Test
    void echoesNoRequestIdFromMalformedJson() {
        assertThat(refused("{\"id\":\"r\",\"type\":\"ping\",\"payload\":{}").requestId()).isEqualTo("r");
        assertThat(refused("{\"type\":\"ping\",\"payload\":{,\"id\":\"r\"}").requestId()).isNull();
    }

    // --------------------------------------------------------------- size

    @Test
    void refusesFrameOver4096BytesAsTooLarge() {
        String ping = "{\"type\":\"ping\",\"payload\":{}}";
        String padded = ping + " ".repeat(4097 - ping.length());
        assertThat(padded.length()).isEqualTo(4097);
        assertRefused(padded, ErrorCode.TOO_LARGE, null);

        Throwable b = catchThrowable(() -> FrameCodec.decodeClient(padded.getBytes(StandardCharsets.UTF_8)));
        assertThat(b).isInstanceOf(ProtocolException.class);
        assertThat(((ProtocolException) b).code()).isEqualTo(ErrorCode.TOO_LARGE);
    }

    @Test
    void acceptsFrameOfExactly4096Bytes() {
        String ping = "{\"type\":\"ping\",\"payload\":{}}";
        String padded = ping + " ".repeat(4096 - ping.length());
        assertThat(padded.length()).isEqualTo(4096);
        assertThat(FrameCodec.decodeClient(padded).frame()).isEqualTo(new ClientFrame.Ping());
    }

    @Test
    void countsBytesNotCharacters() {
        // 2,000 characters of 3 bytes each: 6,000 bytes in under 4,096 characters.
        String json = "{\"type\":\"ping\",\"payload\":{\"x\":\"" + "\u20ac".repeat(2000) + "\"}}";
        assertThat(json.length()).isLessThan(Limits.MAX_FRAME_BYTES);
        assertRefused(json, ErrorCode.TOO_LARGE, null);
        String astral = "{\"type\":\"ping\",\"payload\":{\"x\":\"" + "\uD83D\uDE00".repeat(1020) + "\"}}";
        assertRefused(astral, ErrorCode.TOO_LARGE, null);
    }

    // --------------------------------------------------------------- JSON shape

    @Test
    void refusesDuplicateKeys() {
        assertRefused("{\"type\":\"ping\",\"type\":\"ping\",\"payload\":{}}", ErrorCode.INVALID_FIELD, "type");
        assertRefused("{\"type\":\"ping\",\"id\":\"a\",\"id\":\"b\",\"payload\":{}}", ErrorCode.INVALID_FIELD, "id");
        assertRefused("{\"type\":\"ping\",\"payload\":{},\"payload\":{}}", ErrorCode.INVALID_FIELD, "payload");
        assertRefused(message(MESSAGE_FIELDS + ",\"messageId\":\"" + A + "\""), ErrorCode.INVALID_FIELD,
                "payload.messageId");
        assertRefused("{\"payload\":{\"afterSeq\":1,\"afterSeq\":2},\"type\":\"sync\"}", ErrorCode.INVALID_FIELD,
                "payload.afterSeq");
        assertThat(refused("{\"type\":\"ping\",\"type\":\"ping\",\"payload\":{}}").getMessage())
                .isEqualTo("field type appears more than once");
    }

    @ParameterizedTest
    @ValueSource(strings = {" x", "}", "]", ",", "{}", "{\"type\":\"ping\",\"payload\":{}}", "1", "\"s\"", "null"})
    void refusesTrailingContent(String trailing) {
        assertRefused("{\"type\":\"ping\",\"payload\":{}}" + trailing, ErrorCode.INVALID_FIELD, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "[]", "[{\"type\":\"ping\",\"payload\":{}}]", "\"ping\"", "42", "null", "true"})
    void refusesNonObjectJson(String json) {
        assertRefused(json, ErrorCode.INVALID_FIELD, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"type\":\"ping\",\"payload\":{}", "{type:\"ping\",\"payload\":{}}",
        "{'type':'ping','payload':{}}", "{\"type\":\"ping\",\"payload\":{},}", "{\"type\":\"ping\" \"payload\":{}}",
        "{\"type\":\"ping\",\"payload\":{}} // comment", "/* c */{\"type\":\"ping\",\"payload\":{}}",
        "{\"type\":\"pi\nng\",\"payload\":{}}", "{\"type\":\"\\x\",\"payload\":{}}", "\u0000"})
    void refusesMalformedJson(String json) {
        ProtocolException e = refused(json);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(e.field()).isNull();
    }

    @Test
    void saysMalformedJsonIsNotValidJson() {
        assertThat(refused("{\"type\":").getMessage()).isEqualTo("frame is not valid JSON");
    }

    @Test
    void refusesDeepNestingWithoutOverflowingTheStack() {
        String deep = "[".repeat(2000) + "]".repeat(2000);
        assertRefused("{\"type\":\"ping\",\"payload\":{},\"x\":" + deep + "}", ErrorCode.UNKNOWN_FIELD, "x");
        assertRefused("{\"payload\":{\"x\":" + deep + "},\"type\":\"ping\"}", ErrorCode.INVALID_FIELD, null);
        assertRefused(deep, ErrorCode.INVALID_FIELD, null);
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        String json = "{\"type\":\"ping\",\"payload\":{}}";
        for (byte[] bytes : new byte[][] {json.getBytes(StandardCharsets.UTF_16BE), json.getBytes(StandardCharsets.UTF_16LE),
            json.getBytes(StandardCharsets.UTF_16), ("\uFEFF" + json).getBytes(StandardCharsets.UTF_8),
            json.getBytes(java.nio.charset.Charset.forName("UTF-32")),
            {'{', '"', 't', (byte) 0xC3, '"', ':', '1', '}'}, {(byte) 0xFF}, {}}) {
            Throwable t = catchThrowable(() -> FrameCodec.decodeClient(bytes));
            assertThat(t).isInstanceOf(ProtocolException.class);
            assertThat(((ProtocolException) t).code()).isEqualTo(ErrorCode.INVALID_FIELD);
        }
    }

    @Test
    void saysIllFormedUtf8IsNotUtf8() {
        byte[] overlong = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        byte[] encodedSurrogate = {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'};
        for (byte[] bytes : new byte[][] {overlong, encodedSurrogate}) {
            Throwable t = catchThrowable(() -> FrameCodec.decodeClient(bytes));
            assertThat(t).isInstanceOf(ProtocolException.class).hasMessage("frame is not valid UTF-8");
        }
    }

    @Test
    void refusesByteOrderMarkInText() {
        assertRefused("\uFEFF{\"type\":\"ping\",\"payload\":{}}", ErrorCode.INVALID_FIELD, null);
    }

    @Test
    void answersBinaryFramesWithAnInvalidFieldError() {
        ProtocolException e = FrameCodec.nonTextFrame();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(e.field()).isNull();
        assertThat(e.requestId()).isNull();
        assertThat(e.getMessage()).contains("text");
    }

    // --------------------------------------------------------------- messages

    @Test
    void errorMessagesNameTheFieldAndTheRuleButNeverTheValue() {
        String[] frames = {
            messageWith("sessionId", "\"" + MARKER + " x\""),
            messageWith("sessionId", "\"" + MARKER.repeat(20) + "\""),
            messageWith("messageId", "\"" + MARKER + "\""),
            messageWith("timestamp", "\"" + MARKER + "\""),
            messageWith("messageType", "\"" + MARKER + "\""),
            "{\"type\":\"" + MARKER + "\",\"payload\":{}}",
            "{\"type\":\"ping\",\"id\":\"" + MARKER + "!\",\"payload\":{}}",
            "{\"type\":\"auth.refresh\",\"payload\":{\"token\":\"" + MARKER + "=\"}}",
            "{\"type\":\"read\",\"payload\":{\"messageIds\":[\"" + MARKER + "\"]}}",
            "{\"type\":\"ping\",\"payload\":{}}\"" + MARKER + "\"",
            "{\"type\":\"ping\",\"payload\":{\"" + MARKER + "!\":1}}",
            "{\"type\":\"ping\",\"payload\":{\"a\":\"" + MARKER + "\",\"a\":1}}",
            "{\"type\":\"sync\",\"payload\":{\"afterSeq\":\"" + MARKER + "\"}}",
            "{\"type\":\"ping\",\"payload\":{\"" + MARKER + "\"}}"};
        for (String frame : frames) {
            ProtocolException e = refused(frame);
            assertThat(e.getMessage()).as(frame).doesNotContain(MARKER).doesNotContain("Zq9");
            assertThat(e.toFrame().message()).doesNotContain(MARKER);
            assertThat(String.valueOf(e.field())).doesNotContain(MARKER);
        }
        assertThat(refused(messageWith("sessionId", "\"bad value\"")).getMessage())
                .isEqualTo("payload.sessionId must be 1-128 characters of [A-Za-z0-9._:+/=-]");
    }
}
