package org.blindgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.blindgate.sdk.BlindgateClient;
import org.blindgate.sdk.crypto.PreKeys;
import org.junit.jupiter.api.Test;

/**
 * Prekeys over time: the signed and Kyber prekeys rotate after 7 days and the old ones still open
 * first messages for the grace period, not after; one-time prekeys are replenished when the vault
 * runs low. Time is moved with a clock the test controls.
 */
class KeyLifecycleTest extends OnSharedServers {

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration d) {
            offset = offset.plus(d);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static long vaultNumber(String sql, UUID device) throws SQLException {
        try (Connection c = servers.vault().database().connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, device);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Device registered(String name, Clock clock) {
        Device d = Device.via(servers.gatewayUrl(), servers, name, clock);
        d.client.register(name, "password of " + name);
        d.connect();
        return d;
    }

    @Test
    void signedAndKyberPrekeysRotateAndRetiredOnesServeOnlyForTheGracePeriod() throws SQLException {
        MovableClock clock = new MovableClock();
        String b = unique("bob");
        try (Device bob = registered(b, clock); Device early = Device.registered(servers, unique("early"));
                Device late = Device.registered(servers, unique("late"))) {
            UUID bobId = bob.client.account().orElseThrow().userId();
            UUID bobDevice = bob.client.account().orElseThrow().deviceId();
            String signedId = "SELECT signed_prekey_id FROM vault_prekey_bundles WHERE device_id = ?";
            String kyberId = "SELECT kyber_prekey_id FROM vault_prekey_bundles WHERE device_id = ?";
            long first = vaultNumber(signedId, bobDevice);
            // Both fetch Bob's bundle (and build a session) now, before any rotation, and send later.
            early.client.safetyNumbers(bobId);
            late.client.safetyNumbers(bobId);

            clock.advance(PreKeys.ROTATION.plusHours(1));
            bob.client.maintainKeys();
            long second = vaultNumber(signedId, bobDevice);
            assertThat(second).isNotEqualTo(first);
            assertThat(vaultNumber(kyberId, bobDevice)).isEqualTo(second);

            early.send(b, "built on the retired keys, within the grace period");
            await().atMost(Device.WAIT).until(() -> bob.messages.size() == 1);

            clock.advance(PreKeys.GRACE.plusHours(1));
            bob.client.maintainKeys();
            assertThat(vaultNumber(signedId, bobDevice)).isNotIn(first, second); // rotated again
            late.send(b, "built on keys retired past the grace period");
            await().atMost(Device.WAIT).until(() -> bob.errors.stream()
                    .anyMatch(e -> e.getMessage().contains("could not be read")));
            assertThat(bob.texts()).containsExactly("built on the retired keys, within the grace period");

            try (Device newcomer = Device.registered(servers, unique("new"))) {
                newcomer.send(b, "built on the current keys");
                await().atMost(Device.WAIT).until(() -> bob.messages.size() == 2);
            }
        }
    }

    @Test
    void oneTimePrekeysAreReplenishedWhenTheVaultRunsLow() throws SQLException {
        String b = unique("bob");
        try (Device bob = Device.registered(servers, b)) {
            UUID bobId = bob.client.account().orElseThrow().userId();
            UUID bobDevice = bob.client.account().orElseThrow().deviceId();
            String count = "SELECT COUNT(*) FROM vault_one_time_prekeys WHERE device_id = ?";
            assertThat(vaultNumber(count, bobDevice)).isEqualTo(PreKeys.BATCH);

            // 85 bundle fetches (first contacts) consume 85 one-time prekeys.
            String token = accessToken(unique("drain"));
            for (int i = 0; i < 85; i++) {
                assertThat(http("GET", servers.vaultUrl() + "/v1/keys/" + bobId, null, token).statusCode()).isEqualTo(200);
            }
            assertThat(vaultNumber(count, bobDevice)).isEqualTo(PreKeys.BATCH - 85);

            bob.client.maintainKeys();
            assertThat(vaultNumber(count, bobDevice)).isEqualTo(2 * PreKeys.BATCH - 85);
            BlindgateClient.await(bob.client.connect(), Device.WAIT);
        }
    }

    private static java.net.http.HttpResponse<String> http(String method, String url, String json, String token) {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .method(method, json == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return java.net.http.HttpClient.newHttpClient().send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new user's access token, by the gateway's REST calls alone. */
    private static String accessToken(String name) {
        String credentials = "{\"username\":\"" + name + "\",\"password\":\"password of " + name + "\"}";
        http("POST", servers.gatewayUrl() + "/v1/auth/register", credentials, null);
        String body = http("POST", servers.gatewayUrl() + "/v1/auth/login", credentials, null).body();
        return body.replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
    }
}
