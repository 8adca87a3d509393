package org.blindgate.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;

/**
 * Verifies access tokens: signature against a JWK source, then {@code iss}, {@code aud},
 * {@code exp}, {@code nbf} and {@code iat} with a small clock skew.
 *
 * <p>Only asymmetric algorithms are accepted, chosen by the verifier, never by the token:
 * ES256 for the gateway's own tokens; ES256, ES384, RS256 and PS256 for an external identity
 * provider (EdDSA would need Tink, which the gateway does not ship). So {@code alg: none}, every
 * HMAC algorithm (the classic "sign with the public key as HMAC secret" forgery) and unexpected
 * algorithms are refused. A token must name its key ({@code kid}); a {@code typ} header, if
 * present, must be {@code JWT} (or {@code at+jwt}, RFC 9068, for an external provider).
 *
 * <p>Built once and shared: the Nimbus processor is thread-safe once configured and is reused,
 * so a {@linkplain #local local} verification is one parse, one ECDSA verification and a few
 * comparisons, with no I/O. A {@linkplain #remote remote} verifier blocks while it fetches the
 * provider's JWKS: at the first use, when its cache expires (5 minutes after the last fetch),
 * and when a token names a {@code kid} it has not seen. Call it from a worker thread.
 */
public final class TokenVerifier {

    /** Longer strings are refused before parsing: a real token is well under 2 KiB. */
    static final int MAX_TOKEN_CHARS = 8192;
    /** How long a remote JWKS is trusted before it is fetched again. */
    static final Duration REMOTE_CACHE_TTL = Duration.ofMinutes(5);
    /** How long callers wait for another thread's fetch of the remote JWKS. */
    static final Duration REMOTE_REFRESH_TIMEOUT = Duration.ofSeconds(15);
    /**
     * Nimbus allows two remote fetches per this interval. Fetches for unknown {@code kid}s draw
     * on it, so forged {@code kid}s cannot make the verifier hammer the provider; beyond it a
     * token with an unknown {@code kid} is answered {@code UNAVAILABLE}.
     */
    static final Duration REMOTE_MIN_FETCH_INTERVAL = Duration.ofSeconds(30);
    /** How long the last good remote JWKS is used while the provider cannot be reached. */
    static final Duration REMOTE_OUTAGE_TOLERANCE = Duration.ofHours(1);
    private static final int REMOTE_HTTP_TIMEOUT_MILLIS = 2_000;
    private static final int REMOTE_SIZE_LIMIT_BYTES = 256 * 1024;
    private static final Duration MAX_SKEW = Duration.ofMinutes(5);

    /**
     * What a valid token says.
     *
     * @param subject {@code sub}: the user id for the gateway's own tokens; for an external
     *     provider its own identifier (any string), which the caller maps to a user
     * @param deviceClaim {@code did}, the device id; always present in the gateway's own tokens,
     *     null when an external provider does not send it
     * @param preferredUsername {@code preferred_username} if the token has one (external
     *     providers), else null
     * @param expiresAt {@code exp}
     * @param jti {@code jti}; always present in the gateway's own tokens, may be null from an
     *     external provider
     */
    public record VerifiedToken(String subject, String deviceClaim, String preferredUsername,
            Instant expiresAt, String jti) {
        public VerifiedToken {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        /**
         * The user this token speaks for: {@code sub} itself when it is a lowercase UUID (always,
         * for the gateway's own tokens), else a name-based UUID of it (an external identity
         * provider's subject). The gateway and the vault both use this one rule, so they agree on
         * who a user is.
         */
        public UUID userId() {
            UUID id = canonicalUuid(subject);
            return id != null ? id : UUID.nameUUIDFromBytes(("sub:" + subject).getBytes(StandardCharsets.UTF_8));
        }

        /**
         * The device: {@code did} when it is a lowercase UUID, else a name-based UUID of the user
         * and {@code did} (or {@code "default"} when a provider sends none).
         */
        public UUID deviceId() {
            UUID id = canonicalUuid(deviceClaim);
            if (id != null) {
                return id;
            }
            String name = deviceClaim == null ? "default" : deviceClaim;
            return UUID.nameUUIDFromBytes(("device:" + userId() + ":" + name).getBytes(StandardCharsets.UTF_8));
        }

        private static UUID canonicalUuid(String value) {
            if (value == null || value.length() != 36) {
                return null;
            }
            try {
                UUID id = UUID.fromString(value);
                return id.toString().equals(value) ? id : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /**
     * Tokens verified recently, by their exact text, until they expire. A client presents the
     * same token for every request and reconnection of its lifetime (the vault sees it three
     * times per message: upload, fetch, delete), and the signature check is nearly the whole cost
     * of a verification. Sound because a token's verdict can only change by expiring: revocation
     * (device removal, logout) is checked by the callers after verification, never here. The one
     * difference, for an external provider: a token whose key the provider withdraws stays
     * accepted until its own {@code exp}. Bounded; cleared when full.
     */
    private static final int VERIFIED_CACHE_SIZE = 4096;

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final Clock clock;
    private final Duration clockSkew;
    private final Map<String, VerifiedToken> verified = new ConcurrentHashMap<>();

    private TokenVerifier(DefaultJWTProcessor<SecurityContext> processor, Clock clock, Duration clockSkew) {
        this.processor = processor;
        this.clock = clock;
        this.clockSkew = clockSkew;
    }

    /**
     * A verifier of the gateway's own tokens against the live key ring: a rotation needs nothing,
     * and a retired key stops verifying when the ring stops publishing it. Requires every claim
     * {@link TokenIssuer} writes, {@code did} and {@code jti} included.
     *
     * @param clockSkew tolerated clock difference, 0 to 5 minutes, whole seconds
     */
    public static TokenVerifier local(SigningKeys keys, String issuer, String audience,
            Duration clockSkew, Clock clock) {
        Objects.requireNonNull(keys, "keys");
        JWKSource<SecurityContext> source = (selector, context) -> selector.select(keys.publicKeys());
        return new TokenVerifier(processor(source, Set.of(JWSAlgorithm.ES256),
                new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null),
                issuer, audience, clockSkew, clock,
                Set.of("iss", "aud", "sub", "iat", "exp", "jti", "did")), clock, clockSkew);
    }

    /**
     * A verifier of tokens signed by an external identity provider, or by a gateway seen from the
     * vault, whose keys are published at {@code jwksUrl}. Keys are cached for 5 minutes and fetched
     * again when a token names an unknown {@code kid}, so the provider's rotations need nothing;
     * while the provider is unreachable the last good key set is used for up to an hour.
     * Uses the system clock.
     *
     * @param clockSkew tolerated clock difference, 0 to 5 minutes, whole seconds
     */
    public static TokenVerifier remote(URL jwksUrl, String issuer, String audience,
            Duration clockSkew) {
        return remote(jwksUrl, issuer, audience, clockSkew, Clock.systemUTC());
    }

    /**
     * {@link #remote(URL, String, String, Duration)} judging token times by {@code clock} (the
     * key cache keeps Nimbus's own system-clock timing).
     */
    public static TokenVerifier remote(URL jwksUrl, String issuer, String audience,
            Duration clockSkew, Clock clock) {
        Objects.requireNonNull(jwksUrl, "jwksUrl");
        JWKSource<SecurityContext> source = JWKSourceBuilder
                .<SecurityContext>create(jwksUrl, new DefaultResourceRetriever(
                        REMOTE_HTTP_TIMEOUT_MILLIS, REMOTE_HTTP_TIMEOUT_MILLIS,
                        REMOTE_SIZE_LIMIT_BYTES))
                .cache(REMOTE_CACHE_TTL.toMillis(), REMOTE_REFRESH_TIMEOUT.toMillis())
                // Nimbus refreshes ahead by default, on an executor thread that nothing would
                // shut down; the verifier runs on a worker anyway, so a blocking reload once per
                // cache lifetime is fine.
                .refreshAheadCache(false)
                .rateLimited(REMOTE_MIN_FETCH_INTERVAL.toMillis())
                // The trade-off: a key the provider withdraws during its own outage stays trusted
                // here until the outage ends or this tolerance runs out.
                .outageTolerant(REMOTE_OUTAGE_TOLERANCE.toMillis())
                .retrying(true) // one immediate retry rides over a dropped keep-alive connection
                .build();
        return new TokenVerifier(processor(source,
                Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.RS256, JWSAlgorithm.PS256),
                new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null),
                issuer, audience, clockSkew, clock,
                Set.of("iss", "aud", "sub", "iat", "exp")), clock, clockSkew);
    }

    /**
     * Verifies {@code token} (the bare JWT, without {@code "Bearer "}).
     *
     * @throws InvalidTokenException with {@link InvalidTokenException.Reason#EXPIRED} for a
     *     genuine but expired token, {@code UNAVAILABLE} when a remote JWKS cannot be fetched
     *     (or may not be fetched again yet), and {@code INVALID} for everything else
     */
    public VerifiedToken verify(String token) throws InvalidTokenException {
        VerifiedToken known = token == null ? null : verified.get(token);
        if (known != null) {
            // The same expiry rule as the full check: expired once now - skew is past exp.
            if (clock.instant().minus(clockSkew).isBefore(known.expiresAt())) {
                return known;
            }
            verified.remove(token);
        }
        VerifiedToken result = verifyFully(token);
        if (verified.size() >= VERIFIED_CACHE_SIZE) {
            verified.clear();
        }
        verified.put(token, result);
        return result;
    }

    private VerifiedToken verifyFully(String token) throws InvalidTokenException {
        if (token == null || token.isEmpty()) {
            throw new InvalidTokenException(InvalidTokenException.Reason.INVALID, "no token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException(InvalidTokenException.Reason.INVALID,
                    "token longer than " + MAX_TOKEN_CHARS + " characters");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            // No cause and no parser message: both may quote pieces of the token.
            throw new InvalidTokenException(InvalidTokenException.Reason.INVALID, "malformed token");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new InvalidTokenException(InvalidTokenException.Reason.INVALID,
                    "not a signed JWT (unsecured alg none, or encrypted)");
        }
        if (signed.getHeader().getKeyID() == null) {
            throw new InvalidTokenException(InvalidTokenException.Reason.INVALID, "no kid header");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(signed, null);
        } catch (ExpiredJWTException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.EXPIRED, detail(e));
        } catch (KeySourceException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.UNAVAILABLE,
                    "verification keys unavailable: " + detail(e), e);
        } catch (BadJOSEException | JOSEException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.INVALID, detail(e));
        } catch (RuntimeException e) {
            // Fail closed on anything the library did not expect (odd key or claim shapes).
            throw new InvalidTokenException(InvalidTokenException.Reason.INVALID,
                    "unverifiable token (" + e.getClass().getSimpleName() + ")");
        }
        try {
            String subject = claims.getSubject();
            if (subject == null || subject.isBlank()) {
                throw new InvalidTokenException(InvalidTokenException.Reason.INVALID, "blank sub claim");
            }
            return new VerifiedToken(subject, claims.getStringClaim("did"),
                    claims.getStringClaim("preferred_username"),
                    claims.getExpirationTime().toInstant(), claims.getJWTID());
        } catch (ParseException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.INVALID,
                    "did or preferred_username claim is not a string");
        }
    }

    private static DefaultJWTProcessor<SecurityContext> processor(
            JWKSource<SecurityContext> source, Set<JWSAlgorithm> algorithms,
            DefaultJOSEObjectTypeVerifier<SecurityContext> typeVerifier,
            String issuer, String audience, Duration clockSkew, Clock clock,
            Set<String> requiredClaims) {
        requireText(issuer, "issuer");
        requireText(audience, "audience");
        Objects.requireNonNull(clockSkew, "clockSkew");
        Objects.requireNonNull(clock, "clock");
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_SKEW) > 0 || clockSkew.getNano() != 0) {
            throw new IllegalArgumentException(
                    "clockSkew must be whole seconds between 0 and " + MAX_SKEW + ", was " + clockSkew);
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSVerifierFactory(new FastEcVerifierFactory());
        processor.setJWSTypeVerifier(typeVerifier);
        processor.setJWSKeySelector(new ConvertOnceKeySelector(algorithms, source));
        processor.setJWTClaimsSetVerifier(new ClaimsVerifier(audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(), requiredClaims,
                (int) clockSkew.getSeconds(), clock));
        return processor;
    }

    /**
     * Nimbus' key selection (allowed algorithm, then the JWKs matching the header's {@code kid}),
     * except that each JWK is turned into a Java key once instead of for every token: decoding
     * the coordinates and building the key was a quarter of the gateway's CPU per connection.
     * Returning the same key object also lets {@link FastEcVerifierFactory} find its verifier
     * at once. Bounded; cleared when full (keys rotate rarely).
     */
    private static final class ConvertOnceKeySelector extends JWSVerificationKeySelector<SecurityContext> {
        private static final int MAX_CACHED_KEYS = 64;
        private final Map<JWK, List<Key>> converted = new ConcurrentHashMap<>();

        ConvertOnceKeySelector(Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> source) {
            super(algorithms, source);
        }

        @Override
        public List<Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
            if (!isAllowed(header.getAlgorithm())) {
                return List.of();
            }
            JWKMatcher matcher = createJWKMatcher(header);
            if (matcher == null) {
                return List.of();
            }
            List<Key> keys = new ArrayList<>();
            for (JWK jwk : getJWKSource().get(new JWKSelector(matcher), context)) {
                keys.addAll(javaKeys(jwk));
            }
            return keys;
        }

        private List<Key> javaKeys(JWK jwk) {
            List<Key> keys = converted.get(jwk);
            if (keys == null) {
                if (converted.size() >= MAX_CACHED_KEYS) {
                    converted.clear();
                }
                // Like Nimbus: public (and secret) keys only, never a private key.
                keys = KeyConverter.toJavaKeys(List.of(jwk)).stream()
                        .filter(k -> k instanceof PublicKey || k instanceof SecretKey)
                        .toList();
                converted.put(jwk, keys);
            }
            return keys;
        }
    }

    /**
     * Verifies ECDSA signatures with BouncyCastle (already a gateway dependency) and everything
     * else with the JDK. The JDK 17 SunEC P-256 verification measured about 1.1 ms per token
     * here against about 0.26 ms for BouncyCastle, and the signature check is nearly the whole
     * cost of a verification. RSA stays on the JDK, which is the faster one there. The provider
     * instance is passed directly, not registered globally, so nothing else changes provider.
     *
     * <p>One verifier per public key, holding the key converted to BouncyCastle's own type once:
     * BouncyCastle caches the window tables of a point on the point object, so reusing the same
     * key object halves the cost of a verification (0.27 to 0.14 ms here); converting the JDK key
     * for every token threw those tables away each time. Signing keys are few and rotate
     * rarely; the cache is cleared if it ever grows past a bound.
     */
    private static final class FastEcVerifierFactory implements JWSVerifierFactory {
        private static final int MAX_CACHED_KEYS = 64;
        private final DefaultJWSVerifierFactory jdk = new DefaultJWSVerifierFactory();
        private final Map<ECPublicKey, JWSVerifier> ecVerifiers = new ConcurrentHashMap<>();

        @Override
        public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
            if (!(key instanceof ECPublicKey ec)) {
                return jdk.createJWSVerifier(header, key);
            }
            JWSVerifier cached = ecVerifiers.get(ec);
            if (cached == null) {
                if (ecVerifiers.size() >= MAX_CACHED_KEYS) {
                    ecVerifiers.clear();
                }
                cached = bouncyCastleVerifier(ec);
                ecVerifiers.put(ec, cached);
            }
            return cached;
        }

        private static JWSVerifier bouncyCastleVerifier(ECPublicKey key) throws JOSEException {
            Provider bc = BouncyCastleProviderSingleton.getInstance();
            try {
                ECPublicKey bcKey = (ECPublicKey) KeyFactory.getInstance("EC", bc)
                        .generatePublic(new X509EncodedKeySpec(key.getEncoded()));
                ECDSAVerifier verifier = new ECDSAVerifier(bcKey);
                verifier.getJCAContext().setProvider(bc);
                return verifier;
            } catch (GeneralSecurityException e) {
                throw new JOSEException("cannot use the EC key: " + e.getMessage(), e);
            }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return jdk.supportedJWSAlgorithms();
        }

        @Override
        public JCAContext getJCAContext() {
            return jdk.getJCAContext();
        }
    }

    /**
     * Nimbus's claims check on our clock, plus a check Nimbus leaves out: a token issued in the
     * future (beyond the skew) is refused, since no honest issuer writes one.
     */
    private static final class ClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {
        private final Clock clock;

        ClaimsVerifier(String audience, JWTClaimsSet exactMatch, Set<String> required,
                int skewSeconds, Clock clock) {
            super(Set.of(audience), exactMatch, required, null);
            this.clock = clock;
            setMaxClockSkew(skewSeconds);
        }

        @Override
        protected Date currentTime() {
            return Date.from(clock.instant());
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            super.verify(claims, context);
            Date issuedAt = claims.getIssueTime();
            long latestMillis = clock.millis() + getMaxClockSkew() * 1000L;
            if (issuedAt != null && issuedAt.getTime() > latestMillis) {
                throw new BadJWTException("JWT iat is in the future");
            }
        }
    }

    /**
     * The library's message, made safe for logs: it may quote claim values the token's author
     * chose (e.g. a wrong {@code iss}), so control characters go and the length is capped.
     */
    private static String detail(Exception e) {
        String message = String.valueOf(e.getMessage());
        StringBuilder out = new StringBuilder(Math.min(message.length(), 200));
        for (int i = 0; i < message.length() && out.length() < 200; i++) {
            char c = message.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
