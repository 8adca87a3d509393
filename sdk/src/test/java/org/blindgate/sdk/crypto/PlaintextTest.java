package org.blindgate.sdk.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.blindgate.sdk.Attachment;
import org.blindgate.sdk.IncomingMessage.Kind;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md §6 byte for byte: the JSON, the padding and the envelope. */
class PlaintextTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesTextAsTheEnvelopeJsonThenPaddingToAMultipleOf160() {
        byte[] padded = Plaintext.text("héllo");
        byte[] json = utf8("{\"v\":1,\"kind\":\"text\",\"text\":\"héllo\"}");

        assertThat(padded).hasSize(160);
        assertThat(Arrays.copyOf(padded, json.length)).isEqualTo(json);
        assertThat(padded[json.length]).isEqualTo((byte) 0x80);
        for (int i = json.length + 1; i < padded.length; i++) {
            assertThat(padded[i]).isZero();
        }
        assertThat(Plaintext.unpad(padded)).isEqualTo(json);
    }

    @Test
    void aContentOfExactly160BytesGetsAWholeBlockOfPadding() {
        assertThat(Plaintext.pad(new byte[159])).hasSize(160);
        assertThat(Plaintext.pad(new byte[160])).hasSize(320);
        assertThat(Plaintext.pad(new byte[0])).hasSize(160);
    }

    @Test
    void refusesPaddingWithoutItsMarker() {
        assertThatThrownBy(() -> Plaintext.unpad(new byte[160])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsWhatAnotherClientWritesIgnoringUnknownFields() {
        byte[] fromFlutter = Plaintext.pad(utf8("{\"kind\":\"text\",\"v\":1,\"text\":\"hi\",\"replyTo\":\"x\"}"));
        Plaintext.Content c = Plaintext.read(fromFlutter);
        assertThat(c.kind()).isEqualTo(Kind.TEXT);
        assertThat(c.text()).isEqualTo("hi");
    }

    @Test
    void showsUnknownKindsAndVersionsAsUnsupported() {
        assertThat(Plaintext.read(Plaintext.pad(utf8("{\"v\":1,\"kind\":\"poll\"}"))).kind()).isEqualTo(Kind.UNSUPPORTED);
        assertThat(Plaintext.read(Plaintext.pad(utf8("{\"v\":2,\"kind\":\"text\",\"text\":\"x\"}"))).text())
                .isEqualTo("unsupported message");
        assertThat(Plaintext.read(Plaintext.pad(utf8("{\"v\":1,\"kind\":\"text\"}"))).kind()).isEqualTo(Kind.UNSUPPORTED);
    }

    @Test
    void attachmentsRoundTripWithTheirKey() {
        byte[] key = new byte[32];
        key[0] = 7;
        Attachment a = new Attachment(UUID.randomUUID(), key, new byte[32], 1234, "image/png", "cat.png", null);
        byte[] padded = Plaintext.attachment(a);
        String json = new String(Plaintext.unpad(padded), StandardCharsets.UTF_8);

        assertThat(json).startsWith("{\"v\":1,\"kind\":\"attachment\",\"attachmentId\":\"" + a.attachmentId() + "\",\"key\":\"")
                .doesNotContain("caption");
        Plaintext.Content c = Plaintext.read(padded);
        assertThat(c.kind()).isEqualTo(Kind.ATTACHMENT);
        assertThat(c.attachment().key()).isEqualTo(key);
        assertThat(c.attachment().name()).isEqualTo("cat.png");
        assertThat(c.attachment().toString()).doesNotContain("key");
    }

    @Test
    void envelopesAreVersionTypeThenMessage() {
        Envelope e = Envelope.parse(new byte[] {1, 3, 9, 9});
        assertThat(e.type()).isEqualTo(3);
        assertThat(e.message()).containsExactly(9, 9);
        assertThat(e.bytes()).containsExactly(1, 3, 9, 9);
        assertThatThrownBy(() -> Envelope.parse(new byte[] {2, 3, 9})).hasMessageContaining("version");
        assertThatThrownBy(() -> Envelope.parse(new byte[] {1, 7, 9})).hasMessageContaining("type");
    }
}
