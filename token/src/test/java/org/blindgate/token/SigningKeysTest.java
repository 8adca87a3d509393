package org.blindgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

    private static final Duration ROTATE_EVERY = Duration.ofDays(30);
    private static final Duration KEEP_RETIRED = Duration.ofMinutes(17);

    @TempDir Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00.250Z"));

    private SigningKeys load(Path file) {
        return SigningKeys.loadOrCreate(file, clock, ROTATE_EVERY, KEEP_RETIRED);
    }

    @Test
    void createsAnEs256KeyAndReloadsTheSameOne() throws Exception {
        Path file = dir.resolve("keys/signing.jwks");

        ECKey first = load(file).active();
        ECKey reloaded = load(file).active();

        assertThat(first.getCurve()).isEqualTo(Curve.P_256);
        assertThat(first.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(first.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
        assertThat(first.isPrivate()).isTrue();
        assertThat(first.getKeyID()).matches("[A-Za-z0-9_-]{11}");
        assertThat(reloaded.getKeyID()).isEqualTo(first.getKeyID());
        assertThat(reloaded).isEqualTo(first);
        assertThat(JWKSet.parse(Files.readString(file)).getKeys()).hasSize(1);
    }

    @Test
    void writesTheKeyFileOwnerOnly() throws Exception {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "POSIX file system");
        Path file = dir.resolve("signing.jwks");

        SigningKeys keys = load(file);
        keys.rotate();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        try (var entries = Files.list(dir)) {
            assertThat(entries).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void recordsTheCreationTimeAsJwkIatRoundedUp() throws Exception {
        SigningKeys keys = load(dir.resolve("signing.jwks"));

        assertThat(keys.active().getIssueTime().toInstant())
                .isEqualTo(Instant.parse("2026-01-01T00:00:01Z"));
        Map<String, Object> published = keys.publicKeys().getKeys().get(0).toJSONObject();
        assertThat(published).containsEntry("iat", 1767225601L);
    }

    @Test
    void publishesNoPrivateParts() throws Exception {
        SigningKeys keys = load(dir.resolve("signing.jwks"));
        keys.rotate();

        assertThat(keys.jwksJson()).doesNotContain("\"d\"");
        JWKSet published = JWKSet.parse(keys.jwksJson());
        assertThat(published.getKeys()).hasSize(2).noneMatch(JWK::isPrivate);
        assertThat(published.containsNonPublicKeys()).isFalse();
        // ...while the file keeps them, or a restart could not sign.
        assertThat(Files.readString(keys.file())).contains("\"d\"");
    }

    @Test
    void rotatesOnceTheActiveKeyIsOlderThanRotateEvery() {
        SigningKeys keys = load(dir.resolve("signing.jwks"));
        String first = keys.active().getKeyID();

        // The clock starts at .250 and creation times are rounded up to the next second, so the
        // key counts as 0.75 s younger than it is: not yet due after exactly ROTATE_EVERY.
        clock.advance(ROTATE_EVERY);
        assertThat(keys.active().getKeyID()).isEqualTo(first);
        assertThat(keys.rotateIfDue()).isFalse();

        clock.advance(Duration.ofSeconds(1));
        String second = keys.active().getKeyID();

        assertThat(second).isNotEqualTo(first);
        assertThat(kids(keys.publicKeys())).containsExactly(first, second);
        assertThat(load(keys.file()).active().getKeyID()).isEqualTo(second);
    }

    @Test
    void rotatesAtLoadWhenTheStoredKeyIsDue() {
        Path file = dir.resolve("signing.jwks");
        String first = load(file).active().getKeyID();
        clock.advance(ROTATE_EVERY.plusDays(1));

        SigningKeys keys = load(file);

        assertThat(keys.active().getKeyID()).isNotEqualTo(first);
        assertThat(kids(keys.publicKeys())).containsExactly(first, keys.active().getKeyID());
    }

    @Test
    void dropsARetiredKeyOnceKeepRetiredForHasPassed() throws Exception {
        SigningKeys keys = load(dir.resolve("signing.jwks"));
        String old = keys.active().getKeyID();
        clock.advance(Duration.ofHours(1));
        keys.rotate();
        String current = keys.active().getKeyID();

        // Rounded up like every creation time: kept 0.75 s longer than KEEP_RETIRED, never less.
        clock.advance(KEEP_RETIRED);
        assertThat(kids(keys.publicKeys())).containsExactly(old, current);

        clock.advance(Duration.ofSeconds(1));
        assertThat(kids(keys.publicKeys())).containsExactly(current);

        // Gone from memory at once, from the file at the next write.
        assertThat(kids(JWKSet.parse(Files.readString(keys.file())))).containsExactly(old, current);
        assertThat(keys.rotateIfDue()).isFalse();
        assertThat(kids(JWKSet.parse(Files.readString(keys.file())))).containsExactly(current);
    }

    @Test
    void dropsExpiredRetiredKeysWhenLoading() {
        Path file = dir.resolve("signing.jwks");
        SigningKeys keys = load(file);
        keys.rotate();
        String current = keys.active().getKeyID();
        clock.advance(KEEP_RETIRED.plusMinutes(1));

        assertThat(kids(load(file).publicKeys())).containsExactly(current);
    }

    @Test
    void keepsSigningWithTheCurrentKeyWhenARotationCannotBePersisted() throws Exception {
        Path sub = dir.resolve("sub");
        SigningKeys keys = load(sub.resolve("signing.jwks"));
        String first = keys.active().getKeyID();
        // Break the directory (permissions would not stop a root test run): a file in its place.
        Files.delete(keys.file());
        Files.delete(sub);
        Files.writeString(sub, "not a directory");
        clock.advance(ROTATE_EVERY.plusDays(1));

        assertThat(keys.active().getKeyID()).isEqualTo(first);
        assertThatThrownBy(keys::rotateIfDue).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot write signing keys");
        assertThat(kids(keys.publicKeys())).containsExactly(first);

        Files.delete(sub);
        Files.createDirectory(sub);
        assertThat(keys.active().getKeyID()).as("retried at most once a minute").isEqualTo(first);
        clock.advance(SigningKeys.ROTATION_RETRY);
        assertThat(keys.active().getKeyID()).isNotEqualTo(first);
        assertThat(load(keys.file()).active().getKeyID()).isEqualTo(keys.active().getKeyID());
    }

    @Test
    void keepsCreationOrderWhenTheClockGoesBackwards() {
        Path file = dir.resolve("signing.jwks");
        SigningKeys keys = load(file);
        clock.advance(Duration.ofHours(-2));
        keys.rotate();
        String newest = keys.active().getKeyID();

        assertThat(load(file).active().getKeyID()).isEqualTo(newest);
    }

    @Test
    void refusesAFileThatIsNotAKeyRing() throws Exception {
        Path garbage = dir.resolve("garbage.jwks");
        Files.writeString(garbage, "{\"d\":\"secret-looking\"");
        Path publicOnly = dir.resolve("public.jwks");
        Files.writeString(publicOnly, load(dir.resolve("signing.jwks")).jwksJson());

        assertThatThrownBy(() -> load(garbage))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a JWK set")
                .hasMessageNotContaining("secret-looking");
        assertThatThrownBy(() -> load(publicOnly))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a private P-256 EC key");
    }

    @Test
    void refusesNonPositiveDurations() {
        Path file = dir.resolve("signing.jwks");
        assertThatThrownBy(() -> SigningKeys.loadOrCreate(file, clock, Duration.ZERO, KEEP_RETIRED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rotateEvery");
        assertThatThrownBy(() -> SigningKeys.loadOrCreate(file, clock, ROTATE_EVERY, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepRetiredFor");
    }

    static List<String> kids(JWKSet set) {
        return set.getKeys().stream().map(JWK::getKeyID).toList();
    }
}
