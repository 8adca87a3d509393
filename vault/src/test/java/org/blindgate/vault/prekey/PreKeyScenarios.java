package org.blindgate.vault.prekey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.blindgate.vault.testing.SignalDevice;
import org.blindgate.vault.testing.TestIssuer;
import org.blindgate.vault.testing.TestVault;
import org.blindgate.vault.testing.VaultClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.kem.KEMPublicKey;
import org.signal.libsignal.protocol.message.CiphertextMessage;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.state.PreKeyBundle;

/**
 * PROTOCOL.md §4 keys over real HTTP, once per store, with bundles made by libsignal itself: a
 * fetched bundle really starts a session, one-time prekeys go out once each even under 50
 * concurrent fetches, and every malformed upload is refused naming its field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PreKeyScenarios {

    private TestIssuer issuer;
    private TestVault vault;
    private VaultClient client;

    abstract TestVault.Store store();

    @BeforeAll
    void start() {
        issuer = new TestIssuer();
        vault = TestVault.start(store(), issuer);
        client = vault.client();
    }

    @AfterAll
    void stop() {
        vault.close();
        issuer.close();
    }

    private void upload(TestIssuer.Device device, Object body) {
        VaultClient.Response r = client.putJson("/v1/keys", body, device.token());
        assertThat(r.status()).as("upload: %s", r.json()).isEqualTo(204);
    }

    private JsonNode fetch(UUID user, String token) {
        VaultClient.Response r = client.get("/v1/keys/" + user, token);
        assertThat(r.status()).as("fetch: %s", r.json()).isEqualTo(200);
        return r.json();
    }

    private int count(TestIssuer.Device device) {
        return client.get("/v1/keys/count", device.token()).json().get("oneTimePreKeys").asInt();
    }

    private static byte[] b64(JsonNode n) {
        return Base64.getDecoder().decode(n.asText());
    }

    @Test
    void aFetchedBundleStartsALibsignalSessionAndTheBlobDecrypts() throws Exception {
        TestIssuer.Device bob = issuer.newDevice();
        SignalDevice bobKeys = new SignalDevice();
        upload(bob, bobKeys.upload(5));
        TestIssuer.Device alice = issuer.newDevice();
        SignalDevice aliceKeys = new SignalDevice();

        JsonNode bundles = fetch(bob.userId(), alice.token());
        assertThat(bundles.get("userId").asText()).isEqualTo(bob.userId().toString());
        assertThat(bundles.get("devices")).hasSize(1);
        JsonNode d = bundles.get("devices").get(0);
        assertThat(d.get("deviceId").asText()).isEqualTo(bob.deviceId().toString());
        assertThat(d.get("registrationId").asInt()).isEqualTo(bobKeys.registrationId());
        assertThat(d.has("oneTimePreKey")).isTrue();

        SignalProtocolAddress bobAddress = new SignalProtocolAddress(bob.userId().toString(), 1);
        new SessionBuilder(aliceKeys.store(), bobAddress).process(new PreKeyBundle(
                d.get("registrationId").asInt(), 1,
                d.get("oneTimePreKey").get("keyId").asInt(), new ECPublicKey(b64(d.get("oneTimePreKey").get("publicKey"))),
                d.get("signedPreKey").get("keyId").asInt(), new ECPublicKey(b64(d.get("signedPreKey").get("publicKey"))),
                b64(d.get("signedPreKey").get("signature")),
                new IdentityKey(b64(d.get("identityKey"))),
                d.get("kyberPreKey").get("keyId").asInt(), new KEMPublicKey(b64(d.get("kyberPreKey").get("publicKey"))),
                b64(d.get("kyberPreKey").get("signature"))));
        CiphertextMessage sealed = new SessionCipher(aliceKeys.store(), bobAddress)
                .encrypt("hello through the vault".getBytes(StandardCharsets.UTF_8));
        assertThat(sealed.getType()).isEqualTo(CiphertextMessage.PREKEY_TYPE);

        // PROTOCOL.md §5: the ciphertext goes to the vault, addressed to Bob's device; Bob decrypts it.
        UUID message = UUID.randomUUID();
        assertThat(client.put("/v1/blobs/" + message + "/" + bob.userId() + "/" + bob.deviceId(), sealed.serialize(),
                alice.token()).status()).isEqualTo(201);
        byte[] fetched = client.get("/v1/blobs/" + message, bob.token()).bytes();
        byte[] plaintext = new SessionCipher(bobKeys.store(),
                new SignalProtocolAddress(alice.userId().toString(), 1)).decrypt(new PreKeySignalMessage(fetched));
        assertThat(new String(plaintext, StandardCharsets.UTF_8)).isEqualTo("hello through the vault");
        assertThat(count(bob)).isEqualTo(4);
    }

    @Test
    void eachFetchTakesOneOneTimePreKeyAndTheKyberKeyIsLastResort() {
        TestIssuer.Device bob = issuer.newDevice();
        SignalDevice keys = new SignalDevice();
        upload(bob, keys.upload(3));
        assertThat(count(bob)).isEqualTo(3);
        TestIssuer.Device fetcher = issuer.newDevice();

        Set<Long> handedOut = new HashSet<>();
        JsonNode kyber = null;
        for (int i = 0; i < 3; i++) {
            JsonNode d = fetch(bob.userId(), fetcher.token()).get("devices").get(0);
            assertThat(handedOut.add(d.get("oneTimePreKey").get("keyId").asLong())).isTrue();
            kyber = d.get("kyberPreKey");
        }
        JsonNode drained = fetch(bob.userId(), fetcher.token()).get("devices").get(0);
        assertThat(drained.has("oneTimePreKey")).isFalse();
        assertThat(drained.get("kyberPreKey")).as("handed out again until replaced").isEqualTo(kyber);
        assertThat(count(bob)).isZero();
    }

    @Test
    void listsEveryDeviceOfAUserAndCountsPerDevice() {
        TestIssuer.Device phone = issuer.newDevice();
        TestIssuer.Device laptop = issuer.device(phone.userId());
        SignalDevice phoneKeys = new SignalDevice();
        SignalDevice laptopKeys = new SignalDevice();
        upload(phone, phoneKeys.upload(2));
        upload(laptop, laptopKeys.upload(4));
        TestIssuer.Device other = issuer.newDevice();

        VaultClient.Response devices = client.get("/v1/keys/" + phone.userId() + "/devices", other.token());
        assertThat(devices.status()).isEqualTo(200);
        Map<String, Integer> registrations = new LinkedHashMap<>();
        devices.json().get("devices").forEach(d -> registrations.put(d.get("deviceId").asText(),
                d.get("registrationId").asInt()));
        assertThat(registrations).containsOnly(Map.entry(phone.deviceId().toString(), phoneKeys.registrationId()),
                Map.entry(laptop.deviceId().toString(), laptopKeys.registrationId()));
        assertThat(count(phone)).as("listing consumes nothing").isEqualTo(2);

        JsonNode bundles = fetch(phone.userId(), other.token());
        assertThat(bundles.get("devices")).hasSize(2);
        bundles.get("devices").forEach(d -> assertThat(d.has("oneTimePreKey")).isTrue());
        assertThat(count(phone)).isEqualTo(1);
        assertThat(count(laptop)).isEqualTo(3);

        // A device of the same user removes a lost device's bundle; nobody else can.
        assertThat(client.delete("/v1/keys/devices/" + laptop.deviceId(), other.token()).status()).isEqualTo(404);
        assertThat(client.delete("/v1/keys/devices/" + laptop.deviceId(), phone.token()).status()).isEqualTo(204);
        assertThat(fetch(phone.userId(), other.token()).get("devices")).hasSize(1);
        assertThat(count(laptop)).isZero();
    }

    @Test
    void aNewUploadReplacesTheBundleAndAppendsOneTimePreKeysUnlessTheIdentityChanged() {
        TestIssuer.Device bob = issuer.newDevice();
        SignalDevice keys = new SignalDevice();
        upload(bob, keys.upload(2));
        keys.rotateSignedKeys();
        upload(bob, keys.upload(3));
        assertThat(count(bob)).isEqualTo(5);
        JsonNode d = fetch(bob.userId(), issuer.newDevice().token()).get("devices").get(0);
        assertThat(d.get("signedPreKey").get("keyId").asInt()).isEqualTo(2);
        assertThat(d.get("kyberPreKey").get("keyId").asInt()).isEqualTo(2);

        SignalDevice reinstalled = new SignalDevice();
        upload(bob, reinstalled.upload(1));
        assertThat(count(bob)).as("the old identity's one-time prekeys are gone").isEqualTo(1);
        assertThat(fetch(bob.userId(), issuer.newDevice().token()).get("devices").get(0).get("identityKey").asText())
                .isEqualTo(SignalDevice.b64(reinstalled.identity().getPublicKey().serialize()));
    }

    @Test
    void fiftyConcurrentFetchesHandOutTwentyDistinctPreKeysAndThirtyBundlesWithout() throws Exception {
        TestIssuer.Device bob = issuer.newDevice();
        upload(bob, new SignalDevice().upload(20));
        List<TestIssuer.Device> fetchers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fetchers.add(issuer.newDevice());
        }
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (TestIssuer.Device f : fetchers) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return fetch(bob.userId(), f.token()).get("devices").get(0);
                }));
            }
            go.countDown();
            List<Long> keyIds = new ArrayList<>();
            int without = 0;
            for (Future<JsonNode> a : answers) {
                JsonNode d = a.get();
                if (d.has("oneTimePreKey")) {
                    keyIds.add(d.get("oneTimePreKey").get("keyId").asLong());
                } else {
                    without++;
                }
            }
            assertThat(keyIds).hasSize(20).doesNotHaveDuplicates();
            assertThat(without).isEqualTo(30);
            assertThat(count(bob)).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesMalformedBundlesNamingTheField() {
        TestIssuer.Device bob = issuer.newDevice();
        SignalDevice keys = new SignalDevice();
        byte[] otherSigned = ECKeyPair.generate().getPublicKey().serialize();
        String foreignSignature = SignalDevice.b64(new SignalDevice().identity().getPrivateKey()
                .calculateSignature(otherSigned));
        Map<String, Consumer<Map<String, Object>>> mutations = new LinkedHashMap<>();
        mutations.put("registrationId", b -> b.remove("registrationId"));
        mutations.put("registrationId must be 1-16383", b -> b.put("registrationId", 0));
        mutations.put("registrationId must be 1-16383 ", b -> b.put("registrationId", 16384));
        mutations.put("'registrationId' has the wrong type", b -> b.put("registrationId", "5"));
        mutations.put("'registrationId' has the wrong type ", b -> b.put("registrationId", 1.5));
        mutations.put("identityKey must be 33 bytes", b -> b.put("identityKey", SignalDevice.b64(new byte[32])));
        mutations.put("identityKey must start with the type byte 0x05", b -> b.put("identityKey",
                SignalDevice.b64(withFirst(keys.identity().getPublicKey().serialize(), (byte) 6))));
        mutations.put("identityKey is not base64", b -> b.put("identityKey", "!!!!"));
        mutations.put("signedPreKey.signature is not canonical", b -> nested(b, "signedPreKey").put("signature",
                ((String) nested(b, "signedPreKey").get("signature")).replace("=", "")));
        mutations.put("identityKey is not base64 ", b -> b.put("identityKey",
                ((String) b.get("identityKey")).substring(0, 20) + "\n" + ((String) b.get("identityKey")).substring(20)));
        mutations.put("signedPreKey.signature must be 64 bytes", b -> nested(b, "signedPreKey").put("signature",
                SignalDevice.b64(new byte[63])));
        mutations.put("signedPreKey.signature is not identityKey's signature", b -> {
            byte[] sig = Base64.getDecoder().decode((String) nested(b, "signedPreKey").get("signature"));
            sig[10] ^= 1;
            nested(b, "signedPreKey").put("signature", SignalDevice.b64(sig));
        });
        mutations.put("signedPreKey.signature is not identityKey's signature ", b -> {
            nested(b, "signedPreKey").put("publicKey", SignalDevice.b64(otherSigned));
            nested(b, "signedPreKey").put("signature", foreignSignature);
        });
        mutations.put("kyberPreKey.publicKey must be 1569 bytes", b -> nested(b, "kyberPreKey").put("publicKey",
                SignalDevice.b64(withFirst(new byte[1568], (byte) 8))));
        mutations.put("kyberPreKey.publicKey must start with the type byte 0x08", b -> nested(b, "kyberPreKey")
                .put("publicKey", SignalDevice.b64(withFirst(new byte[1569], (byte) 5))));
        mutations.put("kyberPreKey.signature is not identityKey's signature", b -> nested(b, "kyberPreKey")
                .put("signature", nested(b, "signedPreKey").get("signature")));
        mutations.put("kyberPreKey is required", b -> b.remove("kyberPreKey"));
        mutations.put("signedPreKey.keyId must be 0-4294967295", b -> nested(b, "signedPreKey").put("keyId", -1));
        mutations.put("oneTimePreKeys may hold at most 100", b -> b.put("oneTimePreKeys", keys.oneTimePreKeys(101)));
        mutations.put("appears twice", b -> {
            List<Map<String, Object>> two = keys.oneTimePreKeys(2);
            two.get(1).put("keyId", two.get(0).get("keyId"));
            b.put("oneTimePreKeys", two);
        });
        mutations.put("oneTimePreKeys[0].keyId must be 0-4294967295", b -> {
            List<Map<String, Object>> one = keys.oneTimePreKeys(1);
            one.get(0).put("keyId", 4294967296L);
            b.put("oneTimePreKeys", one);
        });
        mutations.put("oneTimePreKeys[0].publicKey must start with the type byte 0x05", b -> {
            List<Map<String, Object>> one = keys.oneTimePreKeys(1);
            one.get(0).put("publicKey", SignalDevice.b64(withFirst(new byte[33], (byte) 8)));
            b.put("oneTimePreKeys", one);
        });
        mutations.put("unknown field 'privateKey'", b -> b.put("privateKey", "AAAA"));
        mutations.put("unknown field 'privateKey' ", b -> nested(b, "signedPreKey").put("privateKey", "AAAA"));

        for (Map.Entry<String, Consumer<Map<String, Object>>> m : mutations.entrySet()) {
            Map<String, Object> body = keys.upload(1);
            m.getValue().accept(body);
            VaultClient.Response r = client.putJson("/v1/keys", body, bob.token());
            assertThat(r.status()).as(m.getKey()).isEqualTo(400);
            assertThat(r.errorCode()).as(m.getKey()).isEqualTo("invalid_request");
            assertThat(r.json().path("error").path("message").asText()).as(m.getKey()).contains(m.getKey().trim());
        }
        String json = json(keys.upload(1));
        for (String broken : new String[] {json.substring(0, json.length() / 2), json + "{}", json + " x", "[]", "null"}) {
            VaultClient.Response r = client.putJson("/v1/keys", broken, bob.token());
            assertThat(r.status()).as(broken.length() > 20 ? broken.substring(broken.length() - 20) : broken)
                    .isEqualTo(400);
        }
        VaultClient.Response text = client.send(HttpRequest.newBuilder(client.uri("/v1/keys"))
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString(json)), bob.token());
        assertThat(text.status()).isEqualTo(400);
        VaultClient.Response huge = client.putJson("/v1/keys", json.replace("{\"registrationId\"",
                "{\"padding\":\"" + "x".repeat(40_000) + "\",\"registrationId\""), bob.token());
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.errorCode()).isEqualTo("too_large");

        assertThat(client.get("/v1/keys/" + bob.userId(), issuer.newDevice().token()).status())
                .as("nothing was stored").isEqualTo(404);
    }

    @Test
    void answersUnknownUsersBadIdsAndMissingTokensWithTheirErrors() {
        TestIssuer.Device caller = issuer.newDevice();
        assertThat(client.get("/v1/keys/" + UUID.randomUUID(), caller.token()).errorCode()).isEqualTo("not_found");
        assertThat(client.get("/v1/keys/" + UUID.randomUUID() + "/devices", caller.token()).status()).isEqualTo(404);
        assertThat(client.get("/v1/keys/not-a-uuid", caller.token()).status()).isEqualTo(400);
        assertThat(client.get("/v1/keys/count", caller.token()).json().get("oneTimePreKeys").asInt()).isZero();
        for (String path : new String[] {"/v1/keys/" + caller.userId(), "/v1/keys/count",
                "/v1/keys/" + caller.userId() + "/devices"}) {
            assertThat(client.get(path, null).status()).as(path).isEqualTo(401);
        }
        assertThat(client.putJson("/v1/keys", new SignalDevice().upload(1), null).status()).isEqualTo(401);
        assertThat(client.putJson("/v1/keys", new SignalDevice().upload(1),
                issuer.forgedToken(caller.userId(), caller.deviceId())).status()).isEqualTo(401);
    }

    @Test
    void limitsKeyFetchesPerUserSoOneTimePreKeysCannotBeDrained() {
        try (TestVault strict = TestVault.start(store(), issuer,
                c -> c.withLimits(c.limits().withRates(100, Duration.ofMillis(100), 5, Duration.ofMinutes(1))))) {
            VaultClient limited = strict.client();
            TestIssuer.Device bob = issuer.newDevice();
            assertThat(limited.putJson("/v1/keys", new SignalDevice().upload(20), bob.token()).status()).isEqualTo(204);
            TestIssuer.Device drainer = issuer.newDevice();
            for (int i = 0; i < 5; i++) {
                assertThat(limited.get("/v1/keys/" + bob.userId(), drainer.token()).status()).isEqualTo(200);
            }
            VaultClient.Response refused = limited.get("/v1/keys/" + bob.userId(), drainer.token());
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.errorCode()).isEqualTo("rate_limited");
            assertThat(refused.header("Retry-After")).isNotNull();
            assertThat(limited.get("/v1/keys/count", bob.token()).json().get("oneTimePreKeys").asInt())
                    .as("the refused fetch consumed nothing").isEqualTo(15);
            assertThat(limited.get("/v1/keys/" + bob.userId(), issuer.newDevice().token()).status()).isEqualTo(200);
        }
    }

    private static String json(Object body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nested(Map<String, Object> body, String key) {
        return (Map<String, Object>) body.get(key);
    }

    private static byte[] withFirst(byte[] bytes, byte first) {
        byte[] copy = bytes.clone();
        copy[0] = first;
        return copy;
    }
}
