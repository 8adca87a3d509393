package org.blindgate.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.blindgate.gateway.auth.PasswordHasher.Params;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {

    /** Cheap parameters: the behaviour under test does not depend on the cost. */
    private static final Params FAST = new Params(1024, 1, 1);
    private final PasswordHasher hasher = new PasswordHasher(FAST);

    @Test
    void verifiesTheHashedPassword() {
        String phc = hasher.hash("correct horse battery staple");

        assertThat(phc).matches("\\$argon2id\\$v=19\\$m=1024,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(hasher.verify("correct horse battery staple", phc)).isTrue();
    }

    @Test
    void refusesAWrongPassword() {
        String phc = hasher.hash("correct horse battery staple");

        assertThat(hasher.verify("correct horse battery stapl", phc)).isFalse();
        assertThat(hasher.verify("", phc)).isFalse();
        assertThat(hasher.verify(null, phc)).isFalse();
    }

    @Test
    void saltsEveryHash() {
        assertThat(hasher.hash("same password")).isNotEqualTo(hasher.hash("same password"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "not a hash",
            "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$",
            "$argon2id$v=19$m=1024,t=1,p=1$$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
            "$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
            "$argon2id$v=16$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
            "$argon2id$v=19$t=1,m=1024,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
            "$argon2id$v=19$m=+1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
            "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
            "$argon2id$v=19$m=1024,t=0,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
            "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRz!Wx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
            "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g$",
    })
    void treatsAMalformedStoredStringAsAMismatch(String phc) {
        assertThat(hasher.verify("password", phc)).isFalse();
        assertThat(hasher.needsRehash(phc)).isTrue();
    }

    @Test
    void readsTheCostParametersFromTheStoredString() {
        String phc = hasher.hash("a password");
        PasswordHasher upgraded = new PasswordHasher(Params.DEFAULT);

        assertThat(upgraded.verify("a password", phc)).isTrue();
        assertThat(upgraded.verify("another one", phc)).isFalse();
        assertThat(upgraded.needsRehash(phc)).isTrue();
        assertThat(hasher.needsRehash(phc)).isFalse();
    }

    @Test
    void hashesWithTheOwaspDefaults() {
        PasswordHasher defaults = new PasswordHasher();
        String phc = defaults.hash("a password");

        assertThat(phc).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(defaults.verify("a password", phc)).isTrue();
        defaults.burn("a password"); // the unknown-user path: same work, no answer, no exception
    }

    @Test
    void burnAcceptsAnyInput() {
        hasher.burn("whatever");
        hasher.burn("");
        hasher.burn(null);
    }

    @Test
    void matchesPasswordsTypedInDifferentUnicodeForms() {
        String composed = "caf\u00e9 au lait";
        String decomposed = "cafe\u0301 au lait";

        assertThat(hasher.verify(decomposed, hasher.hash(composed))).isTrue();
    }

    @Test
    void refusesParametersOutOfRange() {
        assertThatThrownBy(() -> new Params(4, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memoryKiB");
        assertThatThrownBy(() -> new Params(1024, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("iterations");
        assertThatThrownBy(() -> new Params(1024, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parallelism");
        assertThatThrownBy(() -> new Params((1 << 20) + 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memoryKiB");
    }
}
