package org.blindgate.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import java.util.UUID;

/**
 * Issues the gateway's access tokens: ES256 JWTs signed with the {@linkplain SigningKeys#active()
 * active key}, header {@code kid} and {@code typ: JWT}, claims {@code iss}, {@code aud},
 * {@code sub} (user id), {@code did} (device id), {@code iat}, {@code exp} and a random
 * {@code jti}.
 *
 * <p>Lifetimes are capped at 15 minutes (PROTOCOL.md §1): an access token cannot be revoked, so
 * its lifetime is how long a removed device or a stolen token keeps working.
 *
 * <p>Thread-safe. {@link #issue} may block briefly when a key rotation is due (the key ring
 * writes its file), so call it from the same worker that handles the login or refresh.
 */
public final class TokenIssuer {

    /** The protocol's ceiling on an access token's lifetime. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(15);

    /** A signed token and what the caller needs to answer the client. */
    public record IssuedToken(String token, Instant expiresAt, String jti) {
        public IssuedToken {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(jti, "jti");
        }

        /** Never prints the token: it is a bearer credential. */
        @Override
        public String toString() {
            return "IssuedToken[token=[REDACTED], expiresAt=" + expiresAt + ", jti=" + jti + "]";
        }
    }

    private final SigningKeys keys;
    private final String issuer;
    private final String audience;
    private final Duration lifetime;
    private final Clock clock;
    /** The signer of the last key used; rebuilt only after a rotation. */
    private volatile CachedSigner signer;

    private record CachedSigner(ECKey key, JWSSigner signer) { }

    /**
     * @param lifetime positive, at most {@link #MAX_LIFETIME}
     * @throws IllegalArgumentException for a blank issuer or audience or a lifetime out of range
     */
    public TokenIssuer(SigningKeys keys, String issuer, String audience, Duration lifetime,
            Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.issuer = requireText(issuer, "issuer");
        this.audience = requireText(audience, "audience");
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException(
                    "access token lifetime must be positive and at most " + MAX_LIFETIME
                    + ", was " + lifetime);
        }
        if (lifetime.getNano() != 0) {
            throw new IllegalArgumentException(
                    "access token lifetime must be whole seconds (JWT times are), was " + lifetime);
        }
        this.lifetime = lifetime;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The lifetime of issued tokens: the {@code expiresIn} of a login answer. */
    public Duration lifetime() {
        return lifetime;
    }

    /** Signs a new access token for {@code deviceId} of {@code userId}. */
    public IssuedToken issue(UUID userId, UUID deviceId) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        // JWT times are whole seconds; truncating here makes expiresAt equal the exp claim.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(lifetime);
        String jti = UUID.randomUUID().toString();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(userId.toString())
                .claim("did", deviceId.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(jti)
                .build();
        CachedSigner current = signerFor(keys.active());
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(current.key().getKeyID())
                .type(JOSEObjectType.JWT)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(current.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an access token with key "
                    + current.key().getKeyID(), e);
        }
        return new IssuedToken(jwt.serialize(), expiresAt, jti);
    }

    private CachedSigner signerFor(ECKey key) {
        CachedSigner cached = signer;
        if (cached != null && cached.key() == key) {
            return cached;
        }
        try {
            cached = new CachedSigner(key, new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("key " + key.getKeyID() + " cannot sign ES256", e);
        }
        signer = cached; // a benign race: two threads may both build one after a rotation
        return cached;
    }

    private static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
