package org.blindgate.vault.auth;

import java.util.UUID;

/**
 * Who is calling: the verified token's user and device. Used to decide access (a blob is read by
 * its addressed device only) and to rate-limit; never stored with anything uploaded.
 */
public record Caller(UUID userId, UUID deviceId) {
}
