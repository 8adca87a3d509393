package org.blindgate.vault.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.blindgate.vault.VaultConfig;
import org.blindgate.vault.testing.TestIssuer;
import org.blindgate.vault.testing.TestVault;
import org.blindgate.vault.testing.VaultClient;
import org.junit.jupiter.api.Test;

/**
 * The vault checks the issuer's tokens with the issuer's JWKS alone (no shared secret), follows a
 * key rotation without a restart, derives ids exactly as the gateway does for an external identity
 * provider, and tells "cannot check now" (503) from "not valid" (401).
 */
class VaultAuthTest {

    private static UUID userOf(String sub) {
        return UUID.nameUUIDFromBytes(("sub:" + sub).getBytes(StandardCharsets.UTF_8));
    }

    private static UUID deviceOf(UUID user, String did) {
        return UUID.nameUUIDFromBytes(("device:" + user + ":" + (did == null ? "default" : did))
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void derivesTheGatewaysIdsFromAnExternalProvidersSubjectAndDevice() {
        try (TestIssuer idp = new TestIssuer(); TestVault vault = TestVault.start(TestVault.Store.FILES, idp)) {
            VaultClient client = vault.client();
            TestIssuer.Device sender = idp.newDevice();
            record Case(String sub, String did, UUID user, UUID device) {
            }
            UUID uuidSub = UUID.randomUUID();
            UUID uuidDid = UUID.randomUUID();
            for (Case c : new Case[] {
                new Case("auth0|5f1a", null, userOf("auth0|5f1a"), deviceOf(userOf("auth0|5f1a"), null)),
                new Case("auth0|5f1b", "phone", userOf("auth0|5f1b"), deviceOf(userOf("auth0|5f1b"), "phone")),
                new Case(uuidSub.toString(), "tablet", uuidSub, deviceOf(uuidSub, "tablet")),
                new Case(uuidSub.toString(), uuidDid.toString(), uuidSub, uuidDid),
                new Case(uuidSub.toString().toUpperCase(), null, userOf(uuidSub.toString().toUpperCase()),
                        deviceOf(userOf(uuidSub.toString().toUpperCase()), null)),
            }) {
                UUID message = UUID.randomUUID();
                assertThat(client.put("/v1/blobs/" + message + "/" + c.user() + "/" + c.device(), new byte[] {1, 2},
                        sender.token()).status()).isEqualTo(201);
                VaultClient.Response got = client.get("/v1/blobs/" + message, idp.externalToken(c.sub(), c.did()));
                assertThat(got.status()).as(c.toString()).isEqualTo(200);
                assertThat(got.bytes()).containsExactly(1, 2);
            }
        }
    }

    @Test
    void followsAnIssuerKeyRotationWithoutARestart() {
        try (TestIssuer issuer = new TestIssuer(); TestVault vault = TestVault.start(TestVault.Store.FILES, issuer)) {
            VaultClient client = vault.client();
            TestIssuer.Device before = issuer.newDevice();
            assertThat(client.get("/v1/keys/count", before.token()).status()).isEqualTo(200);
            int fetches = issuer.fetches();

            issuer.rotate();
            TestIssuer.Device after = issuer.newDevice();
            assertThat(client.get("/v1/keys/count", after.token()).status()).as("a token with the new kid")
                    .isEqualTo(200);
            assertThat(issuer.fetches()).as("the unknown kid made the vault fetch the JWKS again")
                    .isGreaterThan(fetches);
            assertThat(client.get("/v1/keys/count", before.token()).status()).as("the retired key still verifies")
                    .isEqualTo(200);
        }
    }

    @Test
    void anUnreachableIssuerIs503AndAWrongAudienceIs401() {
        try (TestIssuer issuer = new TestIssuer()) {
            issuer.setDown(true);
            try (TestVault vault = TestVault.start(TestVault.Store.FILES, issuer)) {
                VaultClient.Response r = vault.client().get("/v1/keys/count", issuer.newDevice().token());
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.errorCode()).isEqualTo("unavailable");
            }
            issuer.setDown(false);
            try (TestVault vault = TestVault.start(TestVault.Store.FILES, issuer, c -> c.withAuth(
                    new VaultConfig.Auth(c.auth().jwksUrl(), c.auth().issuer(), "another-service",
                            c.auth().clockSkew())))) {
                VaultClient.Response r = vault.client().get("/v1/keys/count", issuer.newDevice().token());
                assertThat(r.status()).isEqualTo(401);
                assertThat(r.errorCode()).isEqualTo("unauthorized");
            }
        }
    }
}
