package org.blindgate.bench.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonLinkTest {

    @Test
    void readsTheSeqAtTheEndOfAGatewayMessageFrame() {
        assertThat(JsonLink.seq(bytes("{\"type\":\"message\",\"payload\":{\"messageId\":\"x\",\"seq\":1234}}")))
                .isEqualTo(1234);
    }

    @Test
    void answersMinusOneWithoutASeq() {
        assertThat(JsonLink.seq(bytes("{\"type\":\"message\",\"payload\":{\"messageId\":\"x\"}}"))).isEqualTo(-1);
        assertThat(JsonLink.seq(bytes("{\"type\":\"message\",\"payload\":{\"other\":12}}"))).isEqualTo(-1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
