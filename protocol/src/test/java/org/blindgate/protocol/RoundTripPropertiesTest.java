package org.blindgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** What one side writes, the other reads back unchanged. */
class RoundTripPropertiesTest {

    @Provide
    Arbitrary<ClientFrame> clientFrames() {
        return Frames.clientFrames();
    }

    @Provide
    Arbitrary<ServerFrame> serverFrames() {
        return Frames.serverFrames();
    }

    @Provide
    Arbitrary<String> requestIds() {
        return Frames.requestIds();
    }

    @Property
    void everyClientFrameRoundTrips(@ForAll("clientFrames") ClientFrame frame,
            @ForAll("requestIds") String requestId) {
        String json = FrameCodec.encodeClient(requestId, frame);

        assertThat(FrameCodec.decodeClient(json)).isEqualTo(new Inbound(requestId, frame));
        assertThat(FrameCodec.decodeClient(json.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Inbound(requestId, frame));
    }

    @Property
    void everyClientFrameReadsTheSameWithPayloadFirst(@ForAll("clientFrames") ClientFrame frame,
            @ForAll("requestIds") String requestId) {
        String json = FrameCodec.encodeClient(requestId, frame);
        int payloadAt = json.indexOf(",\"payload\":");
        String reordered = "{" + json.substring(payloadAt + 1, json.length() - 1) + ","
                + json.substring(1, payloadAt) + "}";

        assertThat(FrameCodec.decodeClient(reordered)).isEqualTo(new Inbound(requestId, frame));
        assertThat(FrameCodec.decodeClient(reordered.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Inbound(requestId, frame));
    }

    @Property
    void everyServerFrameRoundTrips(@ForAll("serverFrames") ServerFrame frame,
            @ForAll("requestIds") String requestId) {
        String json = FrameCodec.encode(requestId, frame);

        assertThat(FrameCodec.decodeServerEnvelope(json)).isEqualTo(new Outbound(requestId, frame));
        assertThat(FrameCodec.decodeServer(json)).isEqualTo(frame);
    }
}
