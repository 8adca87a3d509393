package org.blindgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.blindgate.sdk.HistoryEntry;
import org.blindgate.sdk.StoreException;
import org.blindgate.sdk.WrongPassphraseException;
import org.junit.jupiter.api.Test;

/** The encrypted local store: a client restarts from it, and a wrong passphrase destroys nothing. */
class StoreTest extends OnSharedServers {

    private static Map<Path, byte[]> snapshot(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toMap(p -> p, p -> {
                try {
                    return Files.readAllBytes(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
    }

    @Test
    void aliceRestartsFromHerEncryptedStoreAndContinuesTheSession() throws IOException {
        String a = unique("alice");
        String b = unique("bob");
        Path aliceStore;
        UUID bobId;
        try (Device bob = Device.registered(servers, b)) {
            bobId = bob.client.account().orElseThrow().userId();
            try (Device alice = Device.registered(servers, a)) {
                aliceStore = alice.store;
                alice.send(b, "before the restart");
                await().atMost(Device.WAIT).until(() -> bob.messages.size() == 1);
                bob.send(a, "reply before the restart");
                await().atMost(Device.WAIT).until(() -> alice.messages.size() == 1);
            }
            // Nothing readable on disk: neither the texts nor the names of what is stored.
            String disk = new String(Files.readAllBytes(aliceStore.resolve("store.bgs")), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(disk).doesNotContain("before the restart", "reply before", "session/", "history/", bobId.toString());

            try (Device again = Device.open(servers, aliceStore, "pass " + a)) {
                assertThat(again.client.isLoggedIn()).isTrue(); // the stored refresh token resumes the session
                assertThat(again.client.account().orElseThrow().username()).isEqualTo(a);
                assertThat(again.client.history(bobId, 10)).extracting(HistoryEntry::text)
                        .containsExactly("before the restart", "reply before the restart");
                again.connect();
                again.send(b, "after the restart");
                await().atMost(Device.WAIT).until(() -> bob.messages.size() == 2);
                assertThat(bob.texts()).containsExactly("before the restart", "after the restart");
                bob.send(a, "reply after the restart");
                await().atMost(Device.WAIT).until(() -> again.messages.size() == 1);
                assertThat(again.texts()).containsExactly("reply after the restart");
                assertThat(bob.errors).isEmpty();
                assertThat(again.errors).isEmpty();
            }
        }
    }

    @Test
    void aWrongPassphraseIsAClearErrorAndDestroysNothing() throws IOException {
        String a = unique("alice");
        Path store;
        try (Device alice = Device.registered(servers, a)) {
            store = alice.store;
        }
        Map<Path, byte[]> before = snapshot(store);

        assertThatThrownBy(() -> Device.open(servers, store, "not the passphrase"))
                .isInstanceOf(WrongPassphraseException.class)
                .hasMessage("the passphrase does not open the store at " + store + "; nothing was changed");

        Map<Path, byte[]> after = snapshot(store);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((file, bytes) -> assertThat(after.get(file)).as(file.toString()).isEqualTo(bytes));
        try (Device alice = Device.open(servers, store, "pass " + a)) {
            assertThat(alice.client.account().orElseThrow().username()).isEqualTo(a);
            assertThat(alice.client.isLoggedIn()).isTrue();
        }
    }

    @Test
    void aStoreInUseByAnotherClientIsRefused() {
        try (Device alice = Device.create(servers, unique("alice"))) {
            assertThatThrownBy(() -> Device.open(servers, alice.store, "anything"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("is in use by another Blindgate client");
        }
    }

    @Test
    void aStoreBelongsToOneAccount() {
        String a = unique("alice");
        String b = unique("bob");
        try (Device bob = Device.registered(servers, b); Device alice = Device.registered(servers, a)) {
            assertThatThrownBy(() -> alice.client.login(b, "password of " + b))
                    .hasMessage("this store belongs to '" + a + "'; use another store directory for '" + b + "'");
            assertThatThrownBy(() -> alice.client.register(unique("carol"), "password of carol"))
                    .hasMessageContaining("this store already belongs to '" + a + "'");
            assertThat(List.of(bob.client.isLoggedIn(), alice.client.isLoggedIn())).containsOnly(true);
        }
    }

    @Test
    void afterLogoutTheSameDeviceLogsInAgainAndKeepsItsSessions() {
        String a = unique("alice");
        String b = unique("bob");
        try (Device alice = Device.registered(servers, a); Device bob = Device.registered(servers, b)) {
            UUID device = alice.client.account().orElseThrow().deviceId();
            alice.send(b, "before logout");
            alice.client.logout();
            assertThat(alice.client.isLoggedIn()).isFalse();
            assertThatThrownBy(() -> alice.client.send(b, "logged out")).isInstanceOf(org.blindgate.sdk.AuthException.class)
                    .hasMessage("not logged in: register or log in first");

            assertThat(alice.client.login(a, "password of " + a).deviceId()).isEqualTo(device);
            alice.connect();
            alice.send(b, "after login");
            await().atMost(Device.WAIT).until(() -> bob.messages.size() == 2);
            assertThat(bob.texts()).containsExactly("before logout", "after login");
            assertThat(bob.identityChanges).isEmpty(); // the same device, the same key
        }
    }
}

