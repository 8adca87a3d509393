package org.blindgate.vault.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.blindgate.vault.testing.LogCapture;
import org.blindgate.vault.testing.SignalDevice;
import org.blindgate.vault.testing.TestIssuer;
import org.blindgate.vault.testing.TestVault;
import org.blindgate.vault.testing.VaultClient;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md invariant 7: the vault records no sender. Its schema is an allow-list (no column can
 * name an uploader), and after a run of uploads its rows, its files and its logs hold nowhere the
 * uploader's user or device id, as text or as the 16 bytes of a UUID. It stores public keys only:
 * a device's private keys appear nowhere either.
 */
abstract class SenderAnonymityScenarios {

    /** Every column of the vault's own tables. A new column is a decision: add it here, with care. */
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "vault_blobs", Set.of("message_id", "recipient_id", "device_id", "object_id", "sha256", "size", "expires_at"),
            "vault_attachments", Set.of("id", "object_id", "sha256", "size", "expires_at"),
            "vault_objects", Set.of("id", "size", "chunk_size", "created_at"),
            "vault_chunks", Set.of("object_id", "seq", "data"),
            "vault_prekey_bundles", Set.of("user_id", "device_id", "registration_id", "identity_key",
                    "signed_prekey_id", "signed_prekey", "signed_prekey_signature", "kyber_prekey_id", "kyber_prekey",
                    "kyber_prekey_signature"),
            "vault_one_time_prekeys", Set.of("user_id", "device_id", "key_id", "public_key"),
            "vault_schema_history", Set.of("installed_rank", "version", "description", "type", "script", "checksum",
                    "installed_by", "installed_on", "execution_time", "success"));

    abstract TestVault.Store store();

    @Test
    void theSchemaHasOnlyAllowedColumns() throws SQLException {
        try (TestIssuer issuer = new TestIssuer(); TestVault vault = TestVault.start(store(), issuer)) {
            assertThat(columns(vault)).isEqualTo(new TreeMap<>(ALLOWED.entrySet().stream().collect(
                    java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> new TreeSet<>(e.getValue())))));
        }
    }

    @Test
    void noRowFileOrLogLineNamesTheSender() throws Exception {
        try (TestIssuer issuer = new TestIssuer(); TestVault vault = TestVault.start(store(), issuer);
                LogCapture logs = new LogCapture()) {
            VaultClient client = vault.client();
            TestIssuer.Device sender = issuer.newDevice();
            TestIssuer.Device recipient = issuer.newDevice();
            SignalDevice recipientKeys = new SignalDevice();
            assertThat(client.putJson("/v1/keys", recipientKeys.upload(3), recipient.token()).status()).isEqualTo(204);

            // The sender fetches keys, uploads a blob and an attachment, retries, collides, and errs.
            assertThat(client.get("/v1/keys/" + recipient.userId(), sender.token()).status()).isEqualTo(200);
            UUID message = UUID.randomUUID();
            String blob = "/v1/blobs/" + message + "/" + recipient.userId() + "/" + recipient.deviceId();
            assertThat(client.put(blob, new byte[] {1, 3, 5, 7}, sender.token()).status()).isEqualTo(201);
            assertThat(client.put(blob, new byte[] {1, 3, 5, 7}, sender.token()).status()).isEqualTo(200);
            assertThat(client.put(blob, new byte[] {2}, sender.token()).status()).isEqualTo(409);
            assertThat(client.put("/v1/attachments/" + UUID.randomUUID(), new byte[300_000], sender.token()).status())
                    .isEqualTo(201);
            assertThat(client.put(blob, new byte[300_000], sender.token()).status()).isEqualTo(413);
            assertThat(client.get("/v1/blobs/" + message, sender.token()).status()).isEqualTo(404);
            assertThat(client.get("/v1/blobs/" + message, recipient.token()).status()).isEqualTo(200);

            List<String> needles = List.of(sender.userId().toString(), sender.deviceId().toString());
            List<byte[]> binaryNeedles = List.of(bytes(sender.userId()), bytes(sender.deviceId()));
            assertThat(dump(vault)).as("rows").doesNotContain(needles)
                    .as("positive control: the recipient is there").contains(recipient.userId().toString());
            assertThat(logs.text()).as("logs").doesNotContain(needles).doesNotContain(sender.token());
            if (store() == TestVault.Store.FILES) { // positive control: the scan finds ids in the H2 file
                String h2 = new String(Files.readAllBytes(vault.vaultDir().resolve("vault.mv.db")),
                        StandardCharsets.ISO_8859_1);
                assertThat(h2).contains(new String(bytes(recipient.userId()), StandardCharsets.ISO_8859_1));
            }
            for (Path file : files(vault.vaultDir())) {
                byte[] content = Files.readAllBytes(file);
                String text = new String(content, StandardCharsets.ISO_8859_1);
                assertThat(file.toString()).doesNotContain(needles);
                assertThat(text).as(file.toString()).doesNotContain(needles);
                for (byte[] needle : binaryNeedles) {
                    assertThat(text).as(file.toString()).doesNotContain(new String(needle, StandardCharsets.ISO_8859_1));
                }
            }
            // Public keys only: the device's private keys never reached the vault.
            String privateIdentity = new String(recipientKeys.identity().getPrivateKey().serialize(),
                    StandardCharsets.ISO_8859_1);
            assertThat(dump(vault)).doesNotContain(SignalDevice.b64(recipientKeys.identity().getPrivateKey()
                    .serialize()));
            for (Path file : files(vault.vaultDir())) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain(privateIdentity);
            }
        }
    }

    private static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private static Map<String, Set<String>> columns(TestVault vault) throws SQLException {
        Map<String, Set<String>> columns = new TreeMap<>();
        try (Connection c = vault.vault().database().connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name, column_name FROM information_schema.columns"
                        + " WHERE LOWER(table_schema) = 'public'")) {
            while (rs.next()) {
                columns.computeIfAbsent(rs.getString(1).toLowerCase(), k -> new TreeSet<>())
                        .add(rs.getString(2).toLowerCase());
            }
        }
        return columns;
    }

    /** Every value of every vault table, as text (UUIDs canonical, bytes as base64 and as Latin-1). */
    private static String dump(TestVault vault) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = vault.vault().database().connection(); Statement s = c.createStatement()) {
            for (String table : ALLOWED.keySet()) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            if (v instanceof byte[] b) {
                                values.add(java.util.Base64.getEncoder().encodeToString(b));
                                values.add(new String(b, StandardCharsets.ISO_8859_1));
                            } else {
                                values.add(String.valueOf(v));
                            }
                        }
                    }
                }
            }
        }
        return String.join("\n", values);
    }
}
