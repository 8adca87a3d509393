package org.blindgate.sdk.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.blindgate.sdk.StoreException;
import org.blindgate.sdk.WrongPassphraseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreTest {

    private static final KdfParams CHEAP = new KdfParams(64, 1, 1);
    private static final char[] PASS = "correct horse".toCharArray();

    @TempDir
    Path dir;

    private LocalStore open() {
        return LocalStore.open(dir, PASS, CHEAP);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keepsBatchesAcrossReopeningAndAppliesThemWhole() {
        try (LocalStore s = open()) {
            s.batch().put("a/1", utf8("one")).put("a/2", utf8("two")).put("b", utf8("bee")).commit();
            s.batch().delete("a/1").put("a/3", utf8("three")).commit();
            LocalStore.Batch pending = s.batch().put("a/4", utf8("never committed"));
            assertThat(pending.get("a/4")).isEqualTo(utf8("never committed"));
            assertThat(s.get("a/4")).isNull();
        }
        try (LocalStore s = open()) {
            assertThat(s.withPrefix("a/").keySet()).containsExactly("a/2", "a/3");
            assertThat(s.get("b")).isEqualTo(utf8("bee"));
        }
    }

    @Test
    void aWrongPassphraseIsRefusedWithoutWritingAnything() throws IOException {
        try (LocalStore s = open()) {
            s.batch().put("secret", utf8("value")).commit();
        }
        byte[] before = Files.readAllBytes(dir.resolve(LocalStore.FILE));

        assertThatThrownBy(() -> LocalStore.open(dir, "wrong".toCharArray(), CHEAP))
                .isInstanceOf(WrongPassphraseException.class)
                .hasMessageContaining("nothing was changed");

        assertThat(Files.readAllBytes(dir.resolve(LocalStore.FILE))).isEqualTo(before);
        try (LocalStore s = open()) {
            assertThat(s.get("secret")).isEqualTo(utf8("value"));
        }
    }

    @Test
    void storesNothingInTheClear() throws IOException {
        try (LocalStore s = open()) {
            s.batch().put("history/some-name", utf8("a private message")).commit();
        }
        String file = Files.readString(dir.resolve(LocalStore.FILE), StandardCharsets.ISO_8859_1);
        assertThat(file).doesNotContain("history", "some-name", "private");
    }

    @Test
    void aTornLastEntryIsCutOffAndKeptBesideTheStore() throws IOException {
        try (LocalStore s = open()) {
            s.batch().put("kept", utf8("yes")).commit();
        }
        long good = Files.size(dir.resolve(LocalStore.FILE));
        Files.write(dir.resolve(LocalStore.FILE), new byte[] {0, 0, 1, 0, 42, 42, 42}, StandardOpenOption.APPEND);

        try (LocalStore s = open()) {
            assertThat(s.get("kept")).isEqualTo(utf8("yes"));
            s.batch().put("after", utf8("the repair")).commit();
        }
        try (LocalStore s = open(); Stream<Path> files = Files.list(dir)) {
            assertThat(s.get("after")).isEqualTo(utf8("the repair"));
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith(LocalStore.FILE + ".tail-"));
        }
        assertThat(Files.size(dir.resolve(LocalStore.FILE))).isGreaterThan(good);
    }

    @Test
    void aDamagedEntryFollowedByMoreDataIsRefusedNotRepaired() throws IOException {
        try (LocalStore s = open()) {
            s.batch().put("one", utf8("1")).commit();
            s.batch().put("two", utf8("2")).commit();
        }
        Path file = dir.resolve(LocalStore.FILE);
        byte[] bytes = Files.readAllBytes(file);
        int firstEntryByte = bytes.length - 1 - 80; // inside the first entry, not the last
        bytes[firstEntryByte] ^= 1;
        Files.write(file, bytes);

        assertThatThrownBy(this::open).isInstanceOf(StoreException.class).hasMessageContaining("damaged");
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    }

    @Test
    void compactionKeepsOnlyWhatIsLive() throws IOException {
        byte[] big = new byte[64 * 1024];
        try (LocalStore s = open()) {
            for (int i = 0; i < 200; i++) {
                s.batch().put("churn", big).commit();
            }
            s.batch().put("last", utf8("word")).commit();
        }
        assertThat(Files.size(dir.resolve(LocalStore.FILE))).isLessThan(5L * 1024 * 1024);
        try (LocalStore s = open()) {
            assertThat(s.get("churn")).hasSize(big.length);
            assertThat(s.get("last")).isEqualTo(utf8("word"));
        }
    }

    @Test
    void oneProcessAtATime() {
        try (LocalStore s = open()) {
            assertThatThrownBy(this::open).isInstanceOf(StoreException.class).hasMessageContaining("in use");
        }
    }
}
