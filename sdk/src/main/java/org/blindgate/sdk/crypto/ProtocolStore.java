package org.blindgate.sdk.crypto;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.blindgate.sdk.StoreException;
import org.blindgate.sdk.store.LocalStore;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.ReusedBaseKeyException;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.state.IdentityKeyStore;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.KyberPreKeyStore;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyStore;
import org.signal.libsignal.protocol.state.SessionRecord;
import org.signal.libsignal.protocol.state.SessionStore;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyStore;

/**
 * libsignal's state interfaces over one {@link LocalStore.Batch}: everything libsignal reads comes
 * from the store as the batch will leave it, and everything it writes joins the batch, so a
 * decryption's session update commits together with the message it produced (or not at all).
 * One instance per task; not thread-safe.
 *
 * <p>Identity policy (what makes a key change visible, never silently accepted): the keys of a
 * peer's devices are trusted on first use only at first contact with that peer (no device of the
 * user known yet, or {@link #allowFirstUse} for the task that makes first contact). After that, a
 * different key for a known device, <em>and</em> the key of a device not seen before (a reinstall,
 * or a device the vault made up), is untrusted in both directions and remembered as pending under
 * {@code peer/<user>/<n>/changed}, until {@link #approve} makes it trusted. Keys are per device
 * (PROTOCOL.md §4), so a user's identity is the set of its devices' keys, and a new member of that
 * set is a change. libsignal refuses to encrypt to or decrypt from a device that is not trusted
 * ({@code UntrustedIdentityException}).
 *
 * <p>Store names: {@code identity/key-pair}, {@code identity/registration-id},
 * {@code prekey/<id>}, {@code signed-prekey/<id>}, {@code kyber-prekey/<id>},
 * {@code kyber-used/<kyberId>/<signedId>/<base key hex>}, {@code session/<user>/<n>},
 * {@code peer/<user>/<n>/identity}, {@code peer/<user>/<n>/changed}. {@code <user>} is the peer's
 * user id and {@code <n>} the local device number of {@link PeerDevices}.
 */
public final class ProtocolStore implements IdentityKeyStore, PreKeyStore, SignedPreKeyStore, KyberPreKeyStore,
        SessionStore {

    static final String KEY_PAIR = "identity/key-pair";
    static final String REGISTRATION_ID = "identity/registration-id";

    private final LocalStore.Batch batch;
    private final java.util.Set<String> firstUse = new java.util.HashSet<>();

    /** libsignal state read from, and written into, {@code batch}. */
    public ProtocolStore(LocalStore.Batch batch) {
        this.batch = batch;
    }

    /** The batch this store writes into. */
    public LocalStore.Batch batch() {
        return batch;
    }

    /** Whether this device has its identity yet. */
    public boolean hasIdentity() {
        return batch.get(KEY_PAIR) != null;
    }

    /** Stores this device's identity: done once, when the device is set up. */
    public void setIdentity(IdentityKeyPair pair, int registrationId) {
        batch.put(KEY_PAIR, pair.serialize());
        batch.put(REGISTRATION_ID, ByteBuffer.allocate(4).putInt(registrationId).array());
    }

    @Override
    public IdentityKeyPair getIdentityKeyPair() {
        byte[] b = require(KEY_PAIR);
        try {
            return new IdentityKeyPair(b);
        } catch (InvalidKeyException e) {
            throw damaged(KEY_PAIR, e);
        }
    }

    @Override
    public int getLocalRegistrationId() {
        return ByteBuffer.wrap(require(REGISTRATION_ID)).getInt();
    }

    static String peer(SignalProtocolAddress a) {
        return "peer/" + a.getName() + "/" + a.getDeviceId() + "/";
    }

    @Override
    public IdentityChange saveIdentity(SignalProtocolAddress address, IdentityKey key) {
        IdentityKey old = getIdentity(address);
        batch.put(peer(address) + "identity", key.serialize());
        batch.delete(peer(address) + "changed");
        return old == null || old.equals(key) ? IdentityChange.NEW_OR_UNCHANGED : IdentityChange.REPLACED_EXISTING;
    }

    @Override
    public boolean isTrustedIdentity(SignalProtocolAddress address, IdentityKey key, Direction direction) {
        IdentityKey trusted = getIdentity(address);
        boolean ok = trusted != null ? trusted.equals(key)
                : pendingIdentity(address) == null
                        && (firstUse.contains(address.getName()) || !knowsAnyKeyOf(address.getName()));
        if (!ok) {
            batch.put(peer(address) + "changed", key.serialize());
        }
        return ok;
    }

    /**
     * First contact with {@code user}: every device key met by this task is trusted on first use
     * (a user with two devices has two keys at first contact, and the second is no change).
     */
    public void allowFirstUse(String user) {
        firstUse.add(user);
    }

    /** Whether a key of any device of {@code user} is trusted. */
    public boolean knowsAnyKeyOf(String user) {
        return batch.withPrefix("peer/" + user + "/").keySet().stream().anyMatch(k -> k.endsWith("/identity"));
    }

    @Override
    public IdentityKey getIdentity(SignalProtocolAddress address) {
        return identityAt(peer(address) + "identity");
    }

    /** The key a peer device presented that differs from the trusted one, or null. */
    public IdentityKey pendingIdentity(SignalProtocolAddress address) {
        return identityAt(peer(address) + "changed");
    }

    /**
     * The user confirmed the new safety number: the pending key becomes the trusted one and the
     * old session goes, so the next message starts a session with the new key.
     *
     * @return whether there was a pending key
     */
    public boolean approve(SignalProtocolAddress address) {
        IdentityKey pending = pendingIdentity(address);
        if (pending == null) {
            return false;
        }
        saveIdentity(address, pending);
        deleteSession(address);
        return true;
    }

    private IdentityKey identityAt(String name) {
        byte[] b = batch.get(name);
        if (b == null) {
            return null;
        }
        try {
            return new IdentityKey(b);
        } catch (InvalidKeyException e) {
            throw damaged(name, e);
        }
    }

    @Override
    public PreKeyRecord loadPreKey(int id) throws InvalidKeyIdException {
        return load("prekey/" + id, PreKeyRecord::new, "no one-time prekey " + id);
    }

    @Override
    public void storePreKey(int id, PreKeyRecord record) {
        batch.put("prekey/" + id, record.serialize());
    }

    @Override
    public boolean containsPreKey(int id) {
        return batch.get("prekey/" + id) != null;
    }

    @Override
    public void removePreKey(int id) {
        batch.delete("prekey/" + id);
    }

    @Override
    public SignedPreKeyRecord loadSignedPreKey(int id) throws InvalidKeyIdException {
        return load("signed-prekey/" + id, SignedPreKeyRecord::new, "no signed prekey " + id);
    }

    @Override
    public List<SignedPreKeyRecord> loadSignedPreKeys() {
        return loadAll("signed-prekey/", SignedPreKeyRecord::new);
    }

    @Override
    public void storeSignedPreKey(int id, SignedPreKeyRecord record) {
        batch.put("signed-prekey/" + id, record.serialize());
    }

    @Override
    public boolean containsSignedPreKey(int id) {
        return batch.get("signed-prekey/" + id) != null;
    }

    @Override
    public void removeSignedPreKey(int id) {
        batch.delete("signed-prekey/" + id);
    }

    @Override
    public KyberPreKeyRecord loadKyberPreKey(int id) throws InvalidKeyIdException {
        return load("kyber-prekey/" + id, KyberPreKeyRecord::new, "no Kyber prekey " + id);
    }

    @Override
    public List<KyberPreKeyRecord> loadKyberPreKeys() {
        return loadAll("kyber-prekey/", KyberPreKeyRecord::new);
    }

    @Override
    public void storeKyberPreKey(int id, KyberPreKeyRecord record) {
        batch.put("kyber-prekey/" + id, record.serialize());
    }

    @Override
    public boolean containsKyberPreKey(int id) {
        return batch.get("kyber-prekey/" + id) != null;
    }

    /**
     * The Kyber prekey is a last-resort key handed out many times (PROTOCOL.md §4), so it is not
     * deleted; instead each (key, signed key, base key) use is remembered, and a second use of the
     * same triple is a replayed first message, refused.
     */
    @Override
    public void markKyberPreKeyUsed(int kyberId, int signedId, ECPublicKey baseKey) throws ReusedBaseKeyException {
        String name = "kyber-used/" + kyberId + "/" + signedId + "/" + HexFormat.of().formatHex(baseKey.serialize());
        if (batch.get(name) != null) {
            throw new ReusedBaseKeyException("this first message was already received");
        }
        batch.put(name, new byte[] {1});
    }

    /** Removes a Kyber prekey and the record of its uses (at the end of its grace period). */
    public void removeKyberPreKey(int id) {
        batch.delete("kyber-prekey/" + id);
        batch.withPrefix("kyber-used/" + id + "/").keySet().forEach(batch::delete);
    }

    static String session(SignalProtocolAddress a) {
        return "session/" + a.getName() + "/" + a.getDeviceId();
    }

    @Override
    public SessionRecord loadSession(SignalProtocolAddress address) {
        byte[] b = batch.get(session(address));
        if (b == null) {
            return new SessionRecord();
        }
        try {
            return new SessionRecord(b);
        } catch (InvalidMessageException e) {
            throw damaged(session(address), e);
        }
    }

    @Override
    public List<SessionRecord> loadExistingSessions(List<SignalProtocolAddress> addresses) throws NoSessionException {
        List<SessionRecord> out = new ArrayList<>();
        for (SignalProtocolAddress a : addresses) {
            if (!containsSession(a)) {
                throw new NoSessionException("no session with " + a);
            }
            out.add(loadSession(a));
        }
        return out;
    }

    @Override
    public List<Integer> getSubDeviceSessions(String name) {
        String prefix = "session/" + name + "/";
        return batch.withPrefix(prefix).keySet().stream()
                .map(k -> Integer.parseInt(k.substring(prefix.length()))).toList();
    }

    @Override
    public void storeSession(SignalProtocolAddress address, SessionRecord record) {
        batch.put(session(address), record.serialize());
    }

    @Override
    public boolean containsSession(SignalProtocolAddress address) {
        return batch.get(session(address)) != null;
    }

    @Override
    public void deleteSession(SignalProtocolAddress address) {
        batch.delete(session(address));
    }

    @Override
    public void deleteAllSessions(String name) {
        batch.withPrefix("session/" + name + "/").keySet().forEach(batch::delete);
    }

    /** libsignal's record constructors from serialized bytes. */
    private interface Parser<T> {
        T parse(byte[] serialized) throws InvalidMessageException;
    }

    private <T> T load(String name, Parser<T> parser, String missing) throws InvalidKeyIdException {
        byte[] b = batch.get(name);
        if (b == null) {
            throw new InvalidKeyIdException(missing);
        }
        try {
            return parser.parse(b);
        } catch (InvalidMessageException e) {
            throw damaged(name, e);
        }
    }

    private <T> List<T> loadAll(String prefix, Parser<T> parser) {
        List<T> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : batch.withPrefix(prefix).entrySet()) {
            try {
                out.add(parser.parse(e.getValue()));
            } catch (InvalidMessageException ex) {
                throw damaged(e.getKey(), ex);
            }
        }
        return out;
    }

    private byte[] require(String name) {
        byte[] b = batch.get(name);
        if (b == null) {
            throw new StoreException("the store has no " + name + "; log in to set this device up");
        }
        return b;
    }

    private static StoreException damaged(String name, Exception e) {
        return new StoreException("the store's " + name + " is damaged", e);
    }
}
