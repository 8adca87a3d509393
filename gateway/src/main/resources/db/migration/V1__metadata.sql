-- Blindgate gateway schema: metadata only (DESIGN.md invariant 1).
-- No column here may hold content or end-to-end keys; InvariantScenarios.liveSchemaHasOnlyAllowListedColumns compares the live
-- schema of H2 and PostgreSQL with an allow-list, so a new column must be added there too.
-- Plain SQL accepted by both PostgreSQL and H2 in MODE=PostgreSQL.

CREATE TABLE users (
    id            UUID PRIMARY KEY,
    username      VARCHAR(64) NOT NULL UNIQUE,
    -- Argon2id PHC string; NULL for users provisioned from an external identity provider.
    password_hash VARCHAR(255),
    -- Highest seq handed out to this user; bumped inside the committing transaction so that
    -- seq is gapless per recipient even with several writers (DESIGN.md, hard parts).
    last_seq      BIGINT NOT NULL DEFAULT 0,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE devices (
    id         UUID PRIMARY KEY,
    user_id    UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX devices_user ON devices (user_id);

-- Refresh tokens are stored as SHA-256 digests; a family is one login's chain of rotations.
CREATE TABLE refresh_tokens (
    token_hash VARCHAR(64) PRIMARY KEY,
    family_id  UUID NOT NULL,
    user_id    UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id  UUID NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    spent      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_device ON refresh_tokens (device_id);

CREATE TABLE conversations (
    id         UUID PRIMARY KEY,
    type       VARCHAR(8) NOT NULL,
    -- "<smaller user id>:<larger user id>" for direct conversations, so a pair has one.
    direct_key VARCHAR(73) UNIQUE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE conversation_members (
    conversation_id UUID NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id         UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            VARCHAR(8) NOT NULL,
    joined_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_members_user ON conversation_members (user_id);

-- One row per recipient user: a group message is stored once per other member.
CREATE TABLE messages (
    id               UUID NOT NULL,
    conversation_id  UUID NOT NULL,
    sender_id        UUID NOT NULL,
    sender_device_id UUID NOT NULL,
    recipient_id     UUID NOT NULL,
    message_type     VARCHAR(16) NOT NULL,
    "timestamp"      TIMESTAMP WITH TIME ZONE NOT NULL,
    server_timestamp TIMESTAMP WITH TIME ZONE NOT NULL,
    session_id       VARCHAR(128) NOT NULL,
    seq              BIGINT NOT NULL,
    delivered_at     TIMESTAMP WITH TIME ZONE,
    is_read          BOOLEAN NOT NULL DEFAULT FALSE,
    read_at          TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (recipient_id, seq)
);
-- Duplicate detection: a resent messageId from the same sender is found by this key.
CREATE UNIQUE INDEX messages_identity ON messages (id, sender_id, recipient_id);
CREATE INDEX messages_history ON messages (conversation_id, server_timestamp);
CREATE INDEX messages_retention ON messages (server_timestamp);

CREATE TABLE calls (
    id               UUID PRIMARY KEY,
    conversation_id  UUID,
    caller_id        UUID NOT NULL,
    callee_id        UUID NOT NULL,
    media            VARCHAR(8) NOT NULL,
    state            VARCHAR(12) NOT NULL,
    end_reason       VARCHAR(32),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    answered_at      TIMESTAMP WITH TIME ZONE,
    ended_at         TIMESTAMP WITH TIME ZONE,
    duration_seconds INTEGER
);
CREATE INDEX calls_caller ON calls (caller_id, created_at);
CREATE INDEX calls_callee ON calls (callee_id, created_at);

CREATE TABLE user_presence (
    user_id   UUID PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    status    VARCHAR(8) NOT NULL,
    hidden    BOOLEAN NOT NULL DEFAULT FALSE,
    last_seen TIMESTAMP WITH TIME ZONE
);
