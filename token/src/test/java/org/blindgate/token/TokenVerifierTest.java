package org.blindgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.blindgate.token.InvalidTokenException.Reason;
import org.blindgate.token.TokenIssuer.IssuedToken;
import org.blindgate.token.TokenVerifier.VerifiedToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenVerifierTest {

    private static final String ISSUER = "https://gateway.test";
    private static final String AUDIENCE = "blindgate";
    private static final Duration LIFETIME = Duration.ofMinutes(15);
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final UUID USER = UUID.fromString("6f1c2b8e-3d4a-4e5f-9a0b-1c2d3e4f5a6b");
    private static final UUID DEVICE = UUID.fromString("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");

    @TempDir Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private SigningKeys keys;
    private TokenIssuer issuer;
    private TokenVerifier verifier;

    @BeforeEach
    void setUp() {
        keys = SigningKeys.loadOrCreate(dir.resolve("signing.jwks"), clock, Duration.ofDays(30),
                LIFETIME.plus(SKEW));
        issuer = new TokenIssuer(keys, ISSUER, AUDIENCE, LIFETIME, clock);
        verifier = TokenVerifier.local(keys, ISSUER, AUDIENCE, SKEW, clock);
    }

    @Test
    void verifiesAnIssuedTokenWithItsClaims() throws Exception {
        IssuedToken issued = issuer.issue(USER, DEVICE);

        VerifiedToken verified = verifier.verify(issued.token());

        assertThat(verified.subject()).isEqualTo(USER.toString());
        assertThat(verified.deviceClaim()).isEqualTo(DEVICE.toString());
        assertThat(verified.preferredUsername()).isNull();
        assertThat(verified.jti()).isEqualTo(issued.jti());
        assertThat(verified.expiresAt()).isEqualTo(issued.expiresAt())
                .isEqualTo(clock.instant().plus(LIFETIME));
        assertThat(issued.toString()).doesNotContain(issued.token());
    }

    @Test
    void writesTheProtocolHeaderAndClaims() throws Exception {
        IssuedToken issued = issuer.issue(USER, DEVICE);
        SignedJWT jwt = SignedJWT.parse(issued.token());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(keys.active().getKeyID());
        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        assertThat(claims.getClaims().keySet())
                .containsExactlyInAnyOrder("iss", "aud", "sub", "did", "iat", "exp", "jti");
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getAudience()).containsExactly(AUDIENCE);
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(clock.instant());
        assertThat(UUID.fromString(claims.getJWTID())).isNotNull();
        assertThat(issuer.issue(USER, DEVICE).jti()).isNotEqualTo(issued.jti());
    }

    @Test
    void reportsAnExpiredTokenAsExpired() {
        IssuedToken issued = issuer.issue(USER, DEVICE);

        clock.advance(LIFETIME.plus(SKEW).plusSeconds(1));

        assertRejected(issued.token(), Reason.EXPIRED, "expired");
    }

    @Test
    void aTokenVerifiedBeforeStillExpiresOnTime() throws Exception {
        IssuedToken issued = issuer.issue(USER, DEVICE);
        assertThat(verifier.verify(issued.token()).subject()).isEqualTo(USER.toString());
        assertThat(verifier.verify(issued.token()).subject()).isEqualTo(USER.toString());

        clock.advance(LIFETIME.plus(SKEW));

        assertRejected(issued.token(), Reason.EXPIRED, "expired");
    }

    @Test
    void toleratesTheClockSkewAfterExpiry() throws Exception {
        IssuedToken issued = issuer.issue(USER, DEVICE);

        clock.advance(LIFETIME.plus(SKEW).minusSeconds(1));

        assertThat(verifier.verify(issued.token()).subject()).isEqualTo(USER.toString());
    }

    @Test
    void refusesASignatureByAnotherKeyUnderTheSameKid() throws Exception {
        ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(keys.active().getKeyID()).generate();

        String forged = sign(new ECDSASigner(impostor), JWSAlgorithm.ES256, impostor.getKeyID(),
                validClaims().build());

        assertRejected(forged, Reason.INVALID, "invalid signature");
    }

    @Test
    void refusesAnAllZeroSignature() throws Exception {
        // CVE-2022-21449 ("psychic signatures"): r = s = 0 passed some JDKs' ECDSA check.
        String[] parts = issuer.issue(USER, DEVICE).token().split("\\.");
        String zero = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);

        assertRejected(parts[0] + "." + parts[1] + "." + zero, Reason.INVALID, "");
    }

    @Test
    void refusesAlgNone() throws Exception {
        String genuine = issuer.issue(USER, DEVICE).token();
        String payload = genuine.split("\\.")[1];

        assertRejected(b64("{\"alg\":\"none\"}") + "." + payload + ".", Reason.INVALID,
                "alg none");
        assertRejected(b64("{\"alg\":\"none\",\"kid\":\"" + keys.active().getKeyID() + "\"}")
                + "." + payload + ".", Reason.INVALID, "alg none");
    }

    @Test
    void refusesAnHmacToken() throws Exception {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);

        String hmac = sign(new MACSigner(secret), JWSAlgorithm.HS256, keys.active().getKeyID(),
                validClaims().build());

        assertRejected(hmac, Reason.INVALID, "another algorithm expected");
    }

    @Test
    void refusesAnHmacTokenKeyedWithThePublicKey() throws Exception {
        // The classic confusion attack: the public key, which everyone has, as the HMAC secret.
        byte[] publicKey = keys.jwksJson().getBytes(StandardCharsets.UTF_8);

        String hmac = sign(new MACSigner(publicKey), JWSAlgorithm.HS256, keys.active().getKeyID(),
                validClaims().build());

        assertRejected(hmac, Reason.INVALID, "another algorithm expected");
    }

    @Test
    void refusesAWrongIssuer() throws Exception {
        assertRejected(signWithActiveKey(validClaims().issuer("https://evil.test").build()),
                Reason.INVALID, "iss");
    }

    @Test
    void refusesAWrongAudience() throws Exception {
        assertRejected(signWithActiveKey(validClaims().audience("vault").build()), Reason.INVALID,
                "aud claim rejected");
    }

    @Test
    void refusesAnUnknownKid() throws Exception {
        assertRejected(sign(new ECDSASigner(keys.active()), JWSAlgorithm.ES256, "unknown-kid",
                validClaims().build()), Reason.INVALID, "no matching key");
    }

    @Test
    void refusesATokenWithoutKid() throws Exception {
        assertRejected(sign(new ECDSASigner(keys.active()), JWSAlgorithm.ES256, null,
                validClaims().build()), Reason.INVALID, "no kid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"exp", "sub", "iat", "iss", "aud", "did", "jti"})
    void refusesATokenMissingARequiredClaim(String claim) throws Exception {
        assertRejected(signWithActiveKey(validClaims().claim(claim, null).build()), Reason.INVALID,
                claim.equals("aud") ? "missing required aud" : "missing required claims: [" + claim + "]");
    }

    @Test
    void refusesATokenIssuedInTheFuture() throws Exception {
        Instant future = clock.instant().plus(SKEW).plusSeconds(5);

        assertRejected(signWithActiveKey(validClaims().issueTime(Date.from(future))
                .expirationTime(Date.from(future.plus(LIFETIME))).build()), Reason.INVALID,
                "iat is in the future");
    }

    @Test
    void refusesATokenNotYetValid() throws Exception {
        Instant later = clock.instant().plus(SKEW).plusSeconds(5);

        assertRejected(signWithActiveKey(validClaims().notBeforeTime(Date.from(later)).build()),
                Reason.INVALID, "before use time");
    }

    @Test
    void refusesAnUnexpectedType() throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(keys.active().getKeyID()).type(new JOSEObjectType("secevent+jwt")).build();
        SignedJWT jwt = new SignedJWT(header, validClaims().build());
        jwt.sign(new ECDSASigner(keys.active()));

        assertRejected(jwt.serialize(), Reason.INVALID, "typ");
    }

    @Test
    void acceptsATokenWithoutType() throws Exception {
        String token = sign(new ECDSASigner(keys.active()), JWSAlgorithm.ES256,
                keys.active().getKeyID(), validClaims().build());

        assertThat(verifier.verify(token).subject()).isEqualTo(USER.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a.b.c", "a.b", "....", "eyJhbGciOiJFUzI1NiJ9.e30.%%%",
            "eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln", "Bearer x.y.z"})
    void refusesMalformedStrings(String token) {
        assertRejected(token, Reason.INVALID, "");
    }

    @Test
    void refusesNullAndOverlongTokens() {
        assertRejected(null, Reason.INVALID, "no token");
        assertRejected("a".repeat(TokenVerifier.MAX_TOKEN_CHARS + 1), Reason.INVALID, "longer than");
    }

    @Test
    void neverPutsTheTokenInTheMessage() throws Exception {
        String expired = issuer.issue(USER, DEVICE).token();
        String forgedIssuer = signWithActiveKey(validClaims().issuer("https://evil.test").build());
        clock.advance(Duration.ofHours(1));

        for (String token : List.of(expired, forgedIssuer, expired + "x", expired.substring(5))) {
            InvalidTokenException e = catchThrowableOfType(InvalidTokenException.class,
                    () -> verifier.verify(token));
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).doesNotContain(token)
                    .doesNotContain(token.split("\\.")[0]).doesNotContain(token.split("\\.")[1]);
            assertThat(e.getCause() == null ? "" : String.valueOf(e.getCause().getMessage()))
                    .doesNotContain(token);
        }
    }

    @Test
    void verifiesTokensSignedBeforeARotation() throws Exception {
        IssuedToken before = issuer.issue(USER, DEVICE);
        String oldKid = keys.active().getKeyID();

        keys.rotate();
        IssuedToken after = issuer.issue(USER, DEVICE);

        assertThat(SigningKeysTest.kids(keys.publicKeys()))
                .containsExactly(oldKid, keys.active().getKeyID());
        assertThat(SignedJWT.parse(after.token()).getHeader().getKeyID())
                .isEqualTo(keys.active().getKeyID()).isNotEqualTo(oldKid);
        assertThat(verifier.verify(before.token()).jti()).isEqualTo(before.jti());
        assertThat(verifier.verify(after.token()).jti()).isEqualTo(after.jti());
    }

    @Test
    void refusesTokensOfAKeyDroppedAfterKeepRetiredFor() throws Exception {
        ECKey old = keys.active();
        keys.rotate();

        clock.advance(LIFETIME.plus(SKEW).minusSeconds(1));
        assertThat(verifier.verify(signWith(old)).subject()).isEqualTo(USER.toString());

        clock.advance(Duration.ofSeconds(1));
        // Freshly dated, so only the key's removal can make it fail.
        String token = signWith(old);

        assertThat(SigningKeysTest.kids(keys.publicKeys())).containsExactly(keys.active().getKeyID());
        assertRejected(token, Reason.INVALID, "no matching key");
    }

    @Test
    void signsAndVerifiesWhileAnotherThreadRotates() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicBoolean rotating = new AtomicBoolean(true);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                workers.add(pool.submit(() -> {
                    int verified = 0;
                    while (rotating.get() || verified < 50) {
                        IssuedToken issued = issuer.issue(USER, DEVICE);
                        assertThat(verifier.verify(issued.token()).jti()).isEqualTo(issued.jti());
                        verified++;
                    }
                    return verified;
                }));
            }
            for (int i = 0; i < 20; i++) {
                keys.rotate();
            }
            rotating.set(false);
            for (Future<Integer> worker : workers) {
                assertThat(worker.get(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(50);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(keys.publicKeys().getKeys()).hasSize(21);
    }

    @Test
    void refusesALifetimeOverFifteenMinutes() {
        assertThatThrownBy(() -> new TokenIssuer(keys, ISSUER, AUDIENCE,
                Duration.ofMinutes(15).plusSeconds(1), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most PT15M");
        assertThatThrownBy(() -> new TokenIssuer(keys, ISSUER, AUDIENCE, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ helpers

    private JWTClaimsSet.Builder validClaims() {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(USER.toString())
                .claim("did", DEVICE.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .jwtID(UUID.randomUUID().toString());
    }

    private String signWithActiveKey(JWTClaimsSet claims) throws Exception {
        return sign(new ECDSASigner(keys.active()), JWSAlgorithm.ES256, keys.active().getKeyID(),
                claims);
    }


    private String signWith(ECKey key) throws Exception {
        return sign(new ECDSASigner(key), JWSAlgorithm.ES256, key.getKeyID(), validClaims().build());
    }

    private static String sign(JWSSigner signer, JWSAlgorithm alg, String kid, JWTClaimsSet claims)
            throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Asserts the rejection and its reason; {@code because} is a fragment of the message
     * that shows the token failed for the reason the test means, not by accident. */
    private void assertRejected(String token, Reason reason, String because) {
        InvalidTokenException e = catchThrowableOfType(InvalidTokenException.class,
                () -> verifier.verify(token));
        assertThat(e).as("verify should throw InvalidTokenException").isNotNull();
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
        assertThat(e.getMessage()).containsIgnoringCase(because);
    }

}
