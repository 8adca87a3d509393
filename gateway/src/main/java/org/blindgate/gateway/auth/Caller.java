package org.blindgate.gateway.auth;

import java.time.Instant;
import java.util.UUID;

/** Who is calling: the verified token's user and device. The only source of a sender's identity. */
public record Caller(UUID userId, UUID deviceId, Instant expiresAt) {
}
