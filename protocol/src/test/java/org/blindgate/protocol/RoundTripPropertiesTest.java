package org.blindgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What one side writes, the other reads back unchanged. */
class RoundTripPropertiesTest {

    @Test
    void everyClientFrameRoundTrips() {
        Property.forAll(Frames.clientFrames(), Frames.requestIds(), (frame, requestId) -> {
            String json = FrameCodec.encodeClient(requestId, frame);

            assertThat(FrameCodec.decodeClient(json)).isEqualTo(new Inbound(requestId, frame));
            assertThat(FrameCodec.decodeClient(json.getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(new Inbound(requestId, frame));
        });
    }

    @Test
    void everyClientFrameReadsTheSameWithPayloadFirst() {
        Property.forAll(Frames.clientFrames(), Frames.requestIds(), (frame, requestId) -> {
            String json = FrameCodec.encodeClient(requestId, frame);
            int payloadAt = json.indexOf(",\"payload\":");
            String reordered = "{" + json.substring(payloadAt + 1, json.length() - 1) + ","
                    + json.substring(1, payloadAt) + "}";

            assertThat(FrameCodec.decodeClient(reordered)).isEqualTo(new Inbound(requestId, frame));
            assertThat(FrameCodec.decodeClient(reordered.getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(new Inbound(requestId, frame));
        });
    }

    @Test
    void everyServerFrameRoundTrips() {
        Property.forAll(Frames.serverFrames(), Frames.requestIds(), (frame, requestId) -> {
            String json = FrameCodec.encode(requestId, frame);

            assertThat(FrameCodec.decodeServerEnvelope(json)).isEqualTo(new Outbound(requestId, frame));
            assertThat(FrameCodec.decodeServer(json)).isEqualTo(frame);
        });
    }
}
