package org.blindgate.sdk.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.blindgate.sdk.ServerException;
import org.blindgate.sdk.UserNotFoundException;
import org.blindgate.sdk.transport.Http;

/**
 * The vault's HTTP API (PROTOCOL.md §4): ciphertext blobs, encrypted attachments and the public
 * prekey directory. Blocking calls; each throws {@link ServerException} when the vault refuses or
 * cannot be reached.
 */
public final class VaultClient {

    private static final String OCTETS = "application/octet-stream";

    private final Http http;

    /** Calls the vault through {@code http}. */
    public VaultClient(Http http) {
        this.http = http;
    }

    /**
     * Stores one recipient device's ciphertext. The same bytes again are accepted (a retry); other
     * bytes at the same address are refused with {@code conflict}.
     */
    public void putBlob(UUID messageId, UUID recipientId, UUID deviceId, byte[] blob) {
        http.call("PUT", "/v1/blobs/" + messageId + "/" + recipientId + "/" + deviceId,
                HttpRequest.BodyPublishers.ofByteArray(blob), OCTETS, true, true, Set.of()).close();
    }

    /** This device's blob of a message, or empty when the vault has none for it (404). */
    public Optional<byte[]> getBlob(UUID messageId) {
        try (Http.Answer a = http.call("GET", "/v1/blobs/" + messageId, null, null, true, true, Set.of(404))) {
            return a.status() == 404 ? Optional.empty() : Optional.of(a.bytes());
        }
    }

    /** Deletes this device's blob of a message; a blob already gone is not an error. */
    public void deleteBlob(UUID messageId) {
        http.call("DELETE", "/v1/blobs/" + messageId, null, null, true, true, Set.of(404)).close();
    }

    /** Streams an encrypted attachment file to the vault (write-once). */
    public void putAttachment(UUID attachmentId, Path encrypted) {
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(encrypted);
        } catch (IOException e) {
            throw new ServerException("vault", "cannot read " + encrypted + " to upload it", e);
        }
        http.call("PUT", "/v1/attachments/" + attachmentId, body, OCTETS, true, false, Set.of()).close();
    }

    /** Streams an attachment's stored bytes into {@code target} (replaced). */
    public void getAttachment(UUID attachmentId, Path target) {
        try (Http.Answer a = http.call("GET", "/v1/attachments/" + attachmentId, null, null, true, false, Set.of());
                InputStream in = a.body()) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ServerException("vault", "the download of attachment " + attachmentId + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** Replaces this device's bundle and appends its one-time prekeys. */
    public void putKeys(KeyUpload upload) {
        http.json("PUT", "/v1/keys", upload, true);
    }

    /** How many one-time prekeys the vault still holds for this device. */
    public int oneTimeKeyCount() {
        return http.json("GET", "/v1/keys/count", null, true).path("oneTimePreKeys").asInt();
    }

    /**
     * Every device bundle of {@code userId}, consuming one one-time prekey of each.
     *
     * @throws UserNotFoundException if the user has no device with keys
     */
    public List<DeviceBundle> fetchBundles(UUID userId) {
        JsonNode body;
        try (Http.Answer a = http.call("GET", "/v1/keys/" + userId, null, null, true, true, Set.of(404))) {
            if (a.status() == 404) {
                throw noKeys(userId);
            }
            body = a.json();
        }
        List<DeviceBundle> out = new ArrayList<>();
        Base64.Decoder b64 = Base64.getDecoder();
        for (JsonNode d : body.path("devices")) {
            JsonNode one = d.get("oneTimePreKey");
            out.add(new DeviceBundle(UUID.fromString(d.path("deviceId").asText()), d.path("registrationId").asInt(),
                    b64.decode(d.path("identityKey").asText()), signed(d.path("signedPreKey")),
                    signed(d.path("kyberPreKey")), one == null || one.isNull() ? null
                            : new DeviceBundle.OneTime((int) one.path("keyId").asLong(), b64.decode(one.path("publicKey").asText()))));
        }
        return out;
    }

    private static DeviceBundle.Signed signed(JsonNode k) {
        // Key ids are u32 on the wire; libsignal's Java ints carry the same 32 bits.
        return new DeviceBundle.Signed((int) k.path("keyId").asLong(), Base64.getDecoder().decode(k.path("publicKey").asText()),
                Base64.getDecoder().decode(k.path("signature").asText()));
    }

    /**
     * The devices of {@code userId} that have keys, with their registration ids, consuming nothing.
     *
     * @throws UserNotFoundException if the user has no device with keys
     */
    public Map<UUID, Integer> devices(UUID userId) {
        JsonNode body;
        try (Http.Answer a = http.call("GET", "/v1/keys/" + userId + "/devices", null, null, true, true, Set.of(404))) {
            if (a.status() == 404) {
                throw noKeys(userId);
            }
            body = a.json();
        }
        Map<UUID, Integer> out = new LinkedHashMap<>();
        for (JsonNode d : body.path("devices")) {
            out.put(UUID.fromString(d.path("deviceId").asText()), d.path("registrationId").asInt());
        }
        return out;
    }

    private static UserNotFoundException noKeys(UUID userId) {
        return new UserNotFoundException("user " + userId + " has no device that can receive messages yet"
                + " (no keys in the vault)");
    }
}
