package org.blindgate.sdk;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.blindgate.sdk.crypto.Fingerprints;
import org.blindgate.sdk.crypto.PeerDevices;
import org.blindgate.sdk.crypto.ProtocolStore;
import org.blindgate.sdk.vault.DeviceBundle;
import org.blindgate.sdk.vault.VaultClient;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.UntrustedIdentityException;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.kem.KEMPublicKey;
import org.signal.libsignal.protocol.state.PreKeyBundle;

/**
 * A peer's devices and the Signal sessions with them (PROTOCOL.md §5 step 1). Before each send the
 * vault's device list (which consumes nothing) is compared with the known devices: removed devices
 * are forgotten, and devices without a session, or whose registration id changed (reinstalled),
 * get one from a fetched bundle (PQXDH: signed EC prekey, Kyber-1024 prekey, one-time prekey when
 * the vault has one). libsignal verifies the bundle's signatures and the identity policy of
 * {@link ProtocolStore}: at first contact every device is trusted on first use; later, a changed
 * key or a new device stops the send with an {@link IdentityChangedException}.
 */
final class Peers {

    /** A device to encrypt for. */
    record Target(UUID deviceId, SignalProtocolAddress address) {
    }

    private final VaultClient vault;
    private final Directory directory;

    Peers(VaultClient vault, Directory directory) {
        this.vault = vault;
        this.directory = directory;
    }

    /**
     * Every device of {@code user} that can receive, with a session ready.
     *
     * @throws IdentityChangedException if a device presents a key other than the trusted one; the
     *                                  pending key is committed first, so the change can be confirmed
     * @throws UserNotFoundException    if the user has no device with keys
     */
    List<Target> sessions(ProtocolStore ps, Account self, UUID user) {
        Map<UUID, Integer> devices = vault.devices(user);
        if (!ps.knowsAnyKeyOf(user.toString())) {
            ps.allowFirstUse(user.toString());
        }
        PeerDevices known = new PeerDevices(ps.batch());
        for (UUID gone : known.of(user).keySet()) {
            if (!devices.containsKey(gone)) {
                known.forget(user, gone);
            }
        }
        Set<UUID> missing = new HashSet<>();
        Set<UUID> changed = new HashSet<>();
        devices.forEach((device, registrationId) -> {
            SignalProtocolAddress a = known.address(user, device);
            if (ps.pendingIdentity(a) != null) {
                changed.add(device);
            } else if (!ps.containsSession(a) || ps.loadSession(a).getRemoteRegistrationId() != registrationId) {
                missing.add(device);
            }
        });
        if (!missing.isEmpty()) {
            for (DeviceBundle b : vault.fetchBundles(user)) {
                if (missing.remove(b.deviceId()) && !build(ps, known.address(user, b.deviceId()), b)) {
                    changed.add(b.deviceId());
                }
            }
        }
        if (!changed.isEmpty()) {
            ps.batch().commit();
            throw new IdentityChangedException(safetyNumbers(ps, self, user));
        }
        List<Target> targets = new ArrayList<>();
        devices.keySet().forEach(d -> {
            SignalProtocolAddress a = known.address(user, d);
            if (ps.containsSession(a)) {
                targets.add(new Target(d, a));
            }
        });
        if (targets.isEmpty()) {
            throw new UserNotFoundException(directory.byId(user).username() + " has no device that can receive"
                    + " messages yet");
        }
        return targets;
    }

    /** Starts a session from a bundle; false when the bundle's identity is not the trusted one. */
    private static boolean build(ProtocolStore ps, SignalProtocolAddress address, DeviceBundle b) {
        try {
            new SessionBuilder(ps, ps, ps, ps, address).process(new PreKeyBundle(b.registrationId(),
                    address.getDeviceId(),
                    b.oneTimePreKey() == null ? PreKeyBundle.NULL_PRE_KEY_ID : b.oneTimePreKey().keyId(),
                    b.oneTimePreKey() == null ? null : new ECPublicKey(b.oneTimePreKey().publicKey()),
                    b.signedPreKey().keyId(), new ECPublicKey(b.signedPreKey().publicKey()),
                    b.signedPreKey().signature(), new IdentityKey(b.identityKey()),
                    b.kyberPreKey().keyId(), new KEMPublicKey(b.kyberPreKey().publicKey()),
                    b.kyberPreKey().signature()));
            return true;
        } catch (UntrustedIdentityException e) {
            return false;
        } catch (InvalidKeyException e) {
            throw new ServerException("vault", 0, "invalid_bundle", "the vault handed out keys for device "
                    + b.deviceId() + " that do not verify (" + e.getMessage() + "); not sending to it");
        }
    }

    /** The safety numbers with every known device of {@code user}; changed keys are shown with their new number. */
    SafetyNumbers safetyNumbers(ProtocolStore ps, Account self, UUID user) {
        IdentityKey mine = ps.getIdentityKeyPair().getPublicKey();
        PeerDevices known = new PeerDevices(ps.batch());
        List<SafetyNumbers.Device> devices = new ArrayList<>();
        known.of(user).forEach((device, n) -> {
            SignalProtocolAddress a = new SignalProtocolAddress(user.toString(), n);
            IdentityKey pending = ps.pendingIdentity(a);
            IdentityKey key = pending != null ? pending : ps.getIdentity(a);
            if (key != null) {
                devices.add(new SafetyNumbers.Device(device,
                        Fingerprints.safetyNumber(self.userId(), mine, user, key), pending != null));
            }
        });
        return new SafetyNumbers(directory.byId(user), devices);
    }
}
