package org.blindgate.sdk.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.blindgate.sdk.StoreException;
import org.blindgate.sdk.store.Json;
import org.blindgate.sdk.vault.KeyUpload;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;
import org.signal.libsignal.protocol.util.KeyHelper;

/**
 * This device's keys and their life cycle, made only here and only by libsignal: the identity key
 * pair and registration id (once), the signed EC prekey and the Kyber-1024 last-resort prekey
 * (rotated together every {@link #ROTATION}; the ones they replace stay for {@link #GRACE}, so a
 * first message built from a bundle fetched before the rotation still decrypts), and one-time
 * prekeys (replenished in batches of {@link #BATCH} when the vault holds fewer than
 * {@link #LOW_WATER}).
 *
 * <p>Each method changes the {@link ProtocolStore}'s batch and returns the {@code PUT /v1/keys}
 * body to send. Callers commit the batch <em>before</em> uploading: keys stored but never uploaded
 * are harmless, while keys uploaded but not stored would make first messages undecryptable.
 *
 * <p>Bookkeeping lives under {@code prekeys/state}: the next one-time key id, the current signed
 * and Kyber key id and when it was made, and the retired ids with their retirement time.
 */
public final class PreKeys {

    /** How long a signed prekey and its Kyber prekey serve before they are replaced. */
    public static final Duration ROTATION = Duration.ofDays(7);
    /** How long a replaced one is kept: the vault keeps an undelivered blob this long by default. */
    public static final Duration GRACE = Duration.ofDays(30);
    /** One-time prekeys made at a time (the vault's per-upload maximum). */
    public static final int BATCH = 100;
    /** Below this many one-time prekeys in the vault, a new batch is uploaded. */
    public static final int LOW_WATER = 20;

    private static final String STATE = "prekeys/state";
    private static final int MAX_ID = Integer.MAX_VALUE;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ProtocolStore store;
    private final Clock clock;

    /** The key life cycle over {@code store}'s batch, timed by {@code clock}. */
    public PreKeys(ProtocolStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Sets a new device up: identity, registration id, signed and Kyber prekeys and a batch of
     * one-time prekeys. For a device that has its keys (logging in again) it only republishes the
     * bundle: new one-time prekeys come from {@link #replenish} when the vault runs low, so logins
     * do not pile them up against the vault's per-device cap.
     */
    public KeyUpload setUp() {
        if (!store.hasIdentity()) {
            store.setIdentity(IdentityKeyPair.generate(), KeyHelper.generateRegistrationId(false));
        }
        ObjectNode state = state();
        if (state.has("current")) {
            return upload(state, List.of());
        }
        state.put("nextOneTimeId", 1 + RANDOM.nextInt(1 << 24));
        state.put("nextSignedId", 1 + RANDOM.nextInt(1 << 24));
        state.putArray("retired");
        makeSignedKeys(state);
        return upload(state, newOneTimeKeys(state, BATCH));
    }

    /**
     * Rotates the signed and Kyber prekeys when they are {@link #ROTATION} old, and drops the
     * retired ones past {@link #GRACE}.
     *
     * @return the upload that publishes the new keys, or null when nothing was due
     */
    public KeyUpload rotateIfDue() {
        ObjectNode state = state();
        long now = clock.millis();
        ArrayNode retired = (ArrayNode) state.get("retired");
        for (int i = retired.size() - 1; i >= 0; i--) {
            JsonNode r = retired.get(i);
            if (now - r.path("at").asLong() >= GRACE.toMillis()) {
                store.removeSignedPreKey(r.path("id").asInt());
                store.removeKyberPreKey(r.path("id").asInt());
                retired.remove(i);
            }
        }
        KeyUpload upload = null;
        if (now - state.path("currentAt").asLong() >= ROTATION.toMillis()) {
            retired.addObject().put("id", state.path("current").asInt()).put("at", now);
            makeSignedKeys(state);
            upload = upload(state, List.of());
        }
        save(state);
        return upload;
    }

    /** A batch of new one-time prekeys with the current signed keys, for replenishing. */
    public KeyUpload replenish() {
        ObjectNode state = state();
        return upload(state, newOneTimeKeys(state, BATCH));
    }

    /** The id of the signed (and Kyber) prekey in use, for tests and diagnostics. */
    public int currentSignedKeyId() {
        return state().path("current").asInt();
    }

    private void makeSignedKeys(ObjectNode state) {
        int id = state.path("nextSignedId").asInt();
        state.put("nextSignedId", id == MAX_ID ? 1 : id + 1);
        long now = clock.millis();
        IdentityKeyPair identity = store.getIdentityKeyPair();
        ECKeyPair signed = ECKeyPair.generate();
        store.storeSignedPreKey(id, new SignedPreKeyRecord(id, now, signed,
                identity.getPrivateKey().calculateSignature(signed.getPublicKey().serialize())));
        KEMKeyPair kyber = KEMKeyPair.generate(KEMKeyType.KYBER_1024);
        store.storeKyberPreKey(id, new KyberPreKeyRecord(id, now, kyber,
                identity.getPrivateKey().calculateSignature(kyber.getPublicKey().serialize())));
        state.put("current", id);
        state.put("currentAt", now);
        save(state);
    }

    private List<KeyUpload.OneTimeKey> newOneTimeKeys(ObjectNode state, int n) {
        List<KeyUpload.OneTimeKey> keys = new ArrayList<>(n);
        int id = state.path("nextOneTimeId").asInt();
        for (int i = 0; i < n; i++) {
            ECKeyPair pair = ECKeyPair.generate();
            store.storePreKey(id, new PreKeyRecord(id, pair));
            keys.add(new KeyUpload.OneTimeKey(id, b64(pair.getPublicKey().serialize())));
            id = id == MAX_ID ? 1 : id + 1;
        }
        state.put("nextOneTimeId", id);
        save(state);
        return keys;
    }

    private KeyUpload upload(ObjectNode state, List<KeyUpload.OneTimeKey> oneTime) {
        int id = state.path("current").asInt();
        try {
            SignedPreKeyRecord signed = store.loadSignedPreKey(id);
            KyberPreKeyRecord kyber = store.loadKyberPreKey(id);
            return new KeyUpload(store.getLocalRegistrationId(), b64(store.getIdentityKeyPair().getPublicKey().serialize()),
                    new KeyUpload.SignedKey(id, b64(signed.getKeyPair().getPublicKey().serialize()), b64(signed.getSignature())),
                    new KeyUpload.SignedKey(id, b64(kyber.getKeyPair().getPublicKey().serialize()), b64(kyber.getSignature())),
                    oneTime);
        } catch (InvalidKeyIdException | org.signal.libsignal.protocol.InvalidKeyException e) {
            throw new StoreException("the store's current signed prekey " + id + " is missing or damaged", e);
        }
    }

    private ObjectNode state() {
        byte[] b = store.batch().get(STATE);
        if (b == null) {
            return Json.object();
        }
        try {
            return (ObjectNode) Json.tree(b);
        } catch (IOException | ClassCastException e) {
            throw new StoreException("the store's " + STATE + " is damaged", e);
        }
    }

    private void save(ObjectNode state) {
        store.batch().put(STATE, Json.bytes(state));
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
