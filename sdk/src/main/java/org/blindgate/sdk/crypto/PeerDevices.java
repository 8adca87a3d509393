package org.blindgate.sdk.crypto;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.blindgate.sdk.StoreException;
import org.blindgate.sdk.store.Json;
import org.blindgate.sdk.store.LocalStore;
import org.signal.libsignal.protocol.SignalProtocolAddress;

/**
 * The map from a peer's device ids (UUIDs on the wire) to the small integers libsignal addresses
 * need (PROTOCOL.md §6: 1-127, chosen by each client, never sent). Kept with the sessions, under
 * {@code peer/<user>/devices} as a JSON object {@code {"<deviceId>": n}}.
 */
public final class PeerDevices {

    /** libsignal's device ids are 7 bits here (§6). */
    public static final int MAX_DEVICES = 127;

    private final LocalStore.Batch batch;

    /** The map as {@code batch} will leave it. */
    public PeerDevices(LocalStore.Batch batch) {
        this.batch = batch;
    }

    private static String name(UUID user) {
        return "peer/" + user + "/devices";
    }

    /** Every known device of {@code user} and its number. */
    public Map<UUID, Integer> of(UUID user) {
        byte[] b = batch.get(name(user));
        Map<UUID, Integer> out = new LinkedHashMap<>();
        if (b == null) {
            return out;
        }
        try {
            Json.tree(b).fields().forEachRemaining(e -> out.put(UUID.fromString(e.getKey()), e.getValue().asInt()));
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreException("the store's device map of " + user + " is damaged", e);
        }
        return out;
    }

    /** The libsignal address of a peer device, numbering it if it is new. */
    public SignalProtocolAddress address(UUID user, UUID device) {
        Map<UUID, Integer> known = of(user);
        Integer n = known.get(device);
        if (n == null) {
            n = 1;
            while (known.containsValue(n)) {
                n++;
            }
            if (n > MAX_DEVICES) {
                throw new StoreException("user " + user + " has more than " + MAX_DEVICES + " devices");
            }
            known.put(device, n);
            write(user, known);
        }
        return new SignalProtocolAddress(user.toString(), n);
    }

    /** The number of a known device, or null. */
    public Integer number(UUID user, UUID device) {
        return of(user).get(device);
    }

    /** Forgets a device that its user removed, with its session and keys; its number may be reused. */
    public void forget(UUID user, UUID device) {
        Map<UUID, Integer> known = of(user);
        Integer n = known.remove(device);
        if (n == null) {
            return;
        }
        write(user, known);
        batch.withPrefix("peer/" + user + "/" + n + "/").keySet().forEach(batch::delete);
        batch.delete("session/" + user + "/" + n);
    }

    private void write(UUID user, Map<UUID, Integer> known) {
        ObjectNode o = Json.object();
        known.forEach((k, v) -> o.put(k.toString(), v));
        batch.put(name(user), Json.bytes(o));
    }

}
