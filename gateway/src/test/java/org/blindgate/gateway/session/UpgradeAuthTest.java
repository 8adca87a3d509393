package org.blindgate.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import org.blindgate.gateway.testing.Api;
import org.blindgate.gateway.testing.TestGateway;
import org.blindgate.gateway.testing.WsClient;
import org.blindgate.token.SigningKeys;
import org.blindgate.token.TokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The WebSocket upgrade is answered 401 before any upgrade unless the token is genuine and current. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpgradeAuthTest {

    private TestGateway gateway;
    private Api.Login alice;

    @BeforeAll
    void start() {
        gateway = TestGateway.start(TestGateway.Db.H2);
        alice = gateway.api().newUser("alice");
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    private int upgrade(String token) {
        return WsClient.upgradeStatus(gateway.port(), token == null ? null : "Bearer " + token);
    }

    /** The gateway's own key ring, read from its data directory as an insider would. */
    private SigningKeys keys(Clock clock) {
        return SigningKeys.loadOrCreate(gateway.dataDir().resolve("signing-keys.json"), clock, Duration.ofDays(30),
                Duration.ofMinutes(16));
    }

    private JWTClaimsSet claims(String audience, Instant expires) {
        return new JWTClaimsSet.Builder().issuer("blindgate").audience(audience).subject(alice.userId().toString())
                .claim("did", alice.deviceId().toString()).issueTime(new Date())
                .expirationTime(Date.from(expires)).jwtID(UUID.randomUUID().toString()).build();
    }

    @Test
    void acceptsTheGenuineTokenByHeader() {
        assertThat(upgrade(alice.accessToken())).isEqualTo(101);
    }

    @Test
    void refusesAMissingOrMalformedToken() {
        assertThat(upgrade(null)).isEqualTo(401);
        assertThat(WsClient.upgradeStatus(gateway.port(), "Basic dXNlcjpwYXNz")).isEqualTo(401);
        assertThat(upgrade("not.a.jwt")).isEqualTo(401);
    }

    @Test
    void refusesAnExpiredToken() {
        Clock past = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20));
        String expired = new TokenIssuer(keys(past), "blindgate", "blindgate", Duration.ofMinutes(15), past)
                .issue(alice.userId(), alice.deviceId()).token();
        assertThat(upgrade(expired)).isEqualTo(401);
    }

    @Test
    void refusesATokenForAnotherAudience() {
        Clock now = Clock.systemUTC();
        String other = new TokenIssuer(keys(now), "blindgate", "somebody-else", Duration.ofMinutes(15), now)
                .issue(alice.userId(), alice.deviceId()).token();
        assertThat(upgrade(other)).isEqualTo(401);
    }

    @Test
    void refusesATokenForgedWithAnotherKeyUnderTheRealKid() throws Exception {
        String kid = keys(Clock.systemUTC()).active().getKeyID();
        ECKey forger = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(JOSEObjectType.JWT)
                .build(), claims("blindgate", Instant.now().plusSeconds(600)));
        jwt.sign(new ECDSASigner(forger));
        assertThat(upgrade(jwt.serialize())).isEqualTo(401);
    }

    @Test
    void refusesAnUnsignedAlgNoneToken() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String body = b64.encodeToString(claims("blindgate", Instant.now().plusSeconds(600)).toString()
                .getBytes(StandardCharsets.UTF_8));
        assertThat(upgrade(header + "." + body + ".")).isEqualTo(401);
    }

    @Test
    void refusesAnHs256TokenEvenUnderTheRealKid() throws Exception {
        String kid = keys(Clock.systemUTC()).active().getKeyID();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(),
                claims("blindgate", Instant.now().plusSeconds(600)));
        jwt.sign(new MACSigner(secret));
        assertThat(upgrade(jwt.serialize())).isEqualTo(401);
    }

    @Test
    void restCallsNeedTheTokenToo() {
        assertThat(gateway.api().get("/v1/devices", null).status()).isEqualTo(401);
        assertThat(gateway.api().get("/v1/devices", "forged").errorCode()).isEqualTo("unauthorized");
        assertThat(gateway.api().get("/v1/devices", alice.accessToken()).status()).isEqualTo(200);
    }
}
