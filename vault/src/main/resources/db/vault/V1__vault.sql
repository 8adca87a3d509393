-- Blindgate vault schema: ciphertext, encrypted attachments and public prekeys, and nothing that
-- names who uploaded them (DESIGN.md invariant 7). A blob's row is its address (message,
-- recipient, device), the digest and size of its bytes, and its expiry; SenderAnonymityScenarios
-- compares the live schema of H2 and PostgreSQL with an allow-list, so a new column must be added
-- there too. Plain SQL accepted by both PostgreSQL and H2 in MODE=PostgreSQL.
-- Every table is prefixed vault_, and Flyway's own table is vault_schema_history, so the vault's
-- tables never mix with the gateway's even if an operator points both at one database.

-- The bytes of blobs and attachments, stored by a vault-made random id. Used by the PostgreSQL
-- object store only (the embedded default keeps them in files); chunked so that neither writing
-- nor reading ever holds a whole attachment in memory.
CREATE TABLE vault_objects (
    id         UUID PRIMARY KEY,
    size       BIGINT NOT NULL,
    chunk_size INTEGER NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX vault_objects_created ON vault_objects (created_at);

CREATE TABLE vault_chunks (
    object_id UUID NOT NULL REFERENCES vault_objects (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    data      BYTEA NOT NULL,
    PRIMARY KEY (object_id, seq)
);

-- One ciphertext per recipient device of a message. No sender, no conversation.
CREATE TABLE vault_blobs (
    message_id   UUID NOT NULL,
    recipient_id UUID NOT NULL,
    device_id    UUID NOT NULL,
    object_id    UUID NOT NULL UNIQUE,
    sha256       BYTEA NOT NULL,
    size         BIGINT NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (message_id, recipient_id, device_id)
);
CREATE INDEX vault_blobs_expiry ON vault_blobs (expires_at);

-- Client-encrypted attachments, write-once under a client-made random id. No uploader.
CREATE TABLE vault_attachments (
    id         UUID PRIMARY KEY,
    object_id  UUID NOT NULL UNIQUE,
    sha256     BYTEA NOT NULL,
    size       BIGINT NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX vault_attachments_expiry ON vault_attachments (expires_at);

-- The public prekey directory: one bundle per device (libsignal serialize() outputs, public keys
-- only), plus the device's unused one-time prekeys.
CREATE TABLE vault_prekey_bundles (
    user_id                 UUID NOT NULL,
    device_id               UUID NOT NULL,
    registration_id         INTEGER NOT NULL,
    identity_key            BYTEA NOT NULL,
    signed_prekey_id        BIGINT NOT NULL,
    signed_prekey           BYTEA NOT NULL,
    signed_prekey_signature BYTEA NOT NULL,
    kyber_prekey_id         BIGINT NOT NULL,
    kyber_prekey            BYTEA NOT NULL,
    kyber_prekey_signature  BYTEA NOT NULL,
    PRIMARY KEY (user_id, device_id)
);

CREATE TABLE vault_one_time_prekeys (
    user_id    UUID NOT NULL,
    device_id  UUID NOT NULL,
    key_id     BIGINT NOT NULL,
    public_key BYTEA NOT NULL,
    PRIMARY KEY (user_id, device_id, key_id),
    FOREIGN KEY (user_id, device_id) REFERENCES vault_prekey_bundles (user_id, device_id) ON DELETE CASCADE
);
