package org.blindgate.vault.testing;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;
import org.signal.libsignal.protocol.state.impl.InMemorySignalProtocolStore;
import org.signal.libsignal.protocol.util.KeyHelper;

/**
 * A client device's Signal Protocol state made by libsignal itself (test scope only): its identity,
 * registration id and prekeys, kept in an in-memory store so that sessions built from what the
 * vault hands out really decrypt. {@link #upload} is the {@code PUT /v1/keys} body it would send.
 */
public final class SignalDevice {

    private final IdentityKeyPair identity = IdentityKeyPair.generate();
    private final int registrationId = KeyHelper.generateRegistrationId(false);
    private final InMemorySignalProtocolStore store = new InMemorySignalProtocolStore(identity, registrationId);
    private int nextPreKeyId = 1;
    private int nextSignedId = 1;
    private Map<String, Object> signed;
    private Map<String, Object> kyber;

    public SignalDevice() {
        rotateSignedKeys();
    }

    public InMemorySignalProtocolStore store() {
        return store;
    }

    public IdentityKeyPair identity() {
        return identity;
    }

    public int registrationId() {
        return registrationId;
    }

    /** New signed and Kyber prekeys, stored locally, for the next upload. */
    public void rotateSignedKeys() {
        int id = nextSignedId++;
        ECKeyPair signedPair = ECKeyPair.generate();
        byte[] signedPublic = signedPair.getPublicKey().serialize();
        byte[] signedSignature = identity.getPrivateKey().calculateSignature(signedPublic);
        store.storeSignedPreKey(id, new SignedPreKeyRecord(id, System.currentTimeMillis(), signedPair, signedSignature));
        KEMKeyPair kyberPair = KEMKeyPair.generate(KEMKeyType.KYBER_1024);
        byte[] kyberPublic = kyberPair.getPublicKey().serialize();
        byte[] kyberSignature = identity.getPrivateKey().calculateSignature(kyberPublic);
        store.storeKyberPreKey(id, new KyberPreKeyRecord(id, System.currentTimeMillis(), kyberPair, kyberSignature));
        signed = signedKey(id, signedPublic, signedSignature);
        kyber = signedKey(id, kyberPublic, kyberSignature);
    }

    private static Map<String, Object> signedKey(long id, byte[] publicKey, byte[] signature) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("keyId", id);
        m.put("publicKey", b64(publicKey));
        m.put("signature", b64(signature));
        return m;
    }

    /** {@code n} new one-time prekeys, stored locally, as the upload lists them. */
    public List<Map<String, Object>> oneTimePreKeys(int n) {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = nextPreKeyId++;
            ECKeyPair pair = ECKeyPair.generate();
            store.storePreKey(id, new PreKeyRecord(id, pair));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("keyId", id);
            m.put("publicKey", b64(pair.getPublicKey().serialize()));
            keys.add(m);
        }
        return keys;
    }

    /** A complete {@code PUT /v1/keys} body with {@code oneTime} new one-time prekeys. */
    public Map<String, Object> upload(int oneTime) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("registrationId", registrationId);
        body.put("identityKey", b64(identity.getPublicKey().serialize()));
        body.put("signedPreKey", new LinkedHashMap<>(signed));
        body.put("kyberPreKey", new LinkedHashMap<>(kyber));
        body.put("oneTimePreKeys", oneTimePreKeys(oneTime));
        return body;
    }

    public static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
