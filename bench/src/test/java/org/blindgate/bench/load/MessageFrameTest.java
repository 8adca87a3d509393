package org.blindgate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.blindgate.protocol.ClientFrame;
import org.blindgate.protocol.FrameCodec;
import org.blindgate.protocol.Inbound;
import org.junit.jupiter.api.Test;

class MessageFrameTest {

    private final MessageIds ids = new MessageIds(42);
    private final UUID recipient = UUID.randomUUID();

    @Test
    void rendersFramesTheStrictServerDecoderAccepts() {
        MessageFrame frame = MessageFrame.to(recipient, 256, ids);
        String text = frame.renderText(7, 123_456);

        Inbound in = FrameCodec.decodeClient(text);

        ClientFrame.Message m = (ClientFrame.Message) in.frame();
        assertThat(m.recipientId()).isEqualTo(recipient);
        assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(256);
        long lsb = ids.parse(m.messageId().toString(), 0);
        assertThat(MessageIds.sender(lsb)).isEqualTo(7);
        assertThat(MessageIds.counter(lsb)).isEqualTo(123_456);
    }

    @Test
    void givesEveryMessageItsOwnId() {
        MessageFrame frame = MessageFrame.to(recipient, 0, ids);
        ClientFrame.Message a = (ClientFrame.Message) FrameCodec.decodeClient(frame.renderText(1, 1)).frame();
        ClientFrame.Message b = (ClientFrame.Message) FrameCodec.decodeClient(frame.renderText(1, 2)).frame();
        ClientFrame.Message c = (ClientFrame.Message) FrameCodec.decodeClient(frame.renderText(2, 1)).frame();
        assertThat(a.messageId()).isNotEqualTo(b.messageId()).isNotEqualTo(c.messageId());
    }

    @Test
    void oneSendersIdsAreScatteredLikeRandomOnesAndStillDecode() {
        // A store indexes message ids; consecutive ids would make its inserts appends (PROTOCOL.md: random ids).
        List<String> inOrder = new ArrayList<>();
        for (int counter = 1; counter <= 1000; counter++) {
            String id = ids.string(3, counter);
            inOrder.add(id);
            long lsb = ids.parse(id, 0);
            assertThat(MessageIds.sender(lsb)).isEqualTo(3);
            assertThat(MessageIds.counter(lsb)).isEqualTo(counter);
        }
        List<String> sorted = new ArrayList<>(inOrder);
        Collections.sort(sorted);
        int ascendingNeighbours = 0;
        for (int i = 1; i < inOrder.size(); i++) {
            if (inOrder.get(i).compareTo(inOrder.get(i - 1)) > 0) {
                ascendingNeighbours++;
            }
        }
        assertThat(sorted).isNotEqualTo(inOrder);
        assertThat(ascendingNeighbours).isBetween(400, 600); // about half, as for random ids
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long v = random.nextLong();
            assertThat(MessageIds.unmix(MessageIds.mix(v))).isEqualTo(v);
        }
    }

    @Test
    void refusesIdsOfAnotherRun() {
        String other = new MessageIds(43).string(1, 1);
        assertThat(ids.parse(other, 0)).isEqualTo(-1);
        assertThat(ids.parse(ids.string(1, 1), 0)).isEqualTo(MessageIds.lsb(1, 1));
    }

    @Test
    void refusesSizesTheProtocolCannotCarry() {
        assertThatThrownBy(() -> MessageFrame.to(recipient, 4000, ids))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sessionId is at most 128");
    }
}
