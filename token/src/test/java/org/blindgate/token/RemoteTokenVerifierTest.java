package org.blindgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.blindgate.token.InvalidTokenException.Reason;
import org.blindgate.token.TokenVerifier.VerifiedToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link TokenVerifier#remote} against a simulated external identity provider. */
class RemoteTokenVerifierTest {

    private static final String IDP_ISSUER = "https://idp.example.test/";
    private static final String IDP_AUDIENCE = "blindgate-api";
    private static final Duration SKEW = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private HttpServer idp;
    private final AtomicReference<String> published = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private URL jwksUrl;
    private ECKey idpKey;

    @BeforeEach
    void startIdp() throws Exception {
        idpKey = ecKey("idp-key-1");
        publish(idpKey);
        idp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        idp.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        idp.start();
        jwksUrl = URI.create("http://127.0.0.1:" + idp.getAddress().getPort()
                + "/.well-known/jwks.json").toURL();
    }

    @AfterEach
    void stopIdp() {
        idp.stop(0);
    }

    @Test
    void verifiesAnExternalProvidersToken() throws Exception {
        // The public four-argument factory, on the system clock (which the test clock started at).
        TokenVerifier verifier = TokenVerifier.remote(jwksUrl, IDP_ISSUER, IDP_AUDIENCE, SKEW);
        Instant exp = clock.instant().plusSeconds(300);

        VerifiedToken verified = verifier.verify(sign(idpKey, claims()
                .expirationTime(Date.from(exp)).build()));

        assertThat(verified.subject()).isEqualTo("auth0|5f7c8ec7c33c6c004bbafe82");
        assertThat(verified.deviceClaim()).isNull();
        assertThat(verified.preferredUsername()).isEqualTo("alice");
        assertThat(verified.jti()).isNull();
        assertThat(verified.expiresAt()).isEqualTo(exp);
    }

    @Test
    void fetchesTheKeySetOnceForManyTokens() throws Exception {
        TokenVerifier verifier = verifier();

        for (int i = 0; i < 20; i++) {
            verifier.verify(sign(idpKey, claims().build()));
        }

        assertThat(fetches).hasValue(1);
    }

    @Test
    void followsTheProvidersRotationWithoutRebuilding() throws Exception {
        TokenVerifier verifier = verifier();
        verifier.verify(sign(idpKey, claims().build()));

        ECKey rotated = ecKey("idp-key-2");
        publish(idpKey, rotated);
        VerifiedToken verified = verifier.verify(sign(rotated, claims().build()));

        assertThat(verified.subject()).isEqualTo("auth0|5f7c8ec7c33c6c004bbafe82");
        assertThat(fetches).hasValue(2);
        assertThat(verifier.verify(sign(idpKey, claims().build())).subject()).isNotNull();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void doesNotLetForgedKidsHammerTheProvider() throws Exception {
        TokenVerifier verifier = verifier();
        verifier.verify(sign(idpKey, claims().build()));

        for (int i = 0; i < 10; i++) {
            // Refused, as invalid while a refetch is allowed, as unavailable once the provider
            // has been asked enough for now; never accepted.
            assertThat(rejection(verifier, sign(ecKey("forged-" + i), claims().build())).reason())
                    .isIn(Reason.INVALID, Reason.UNAVAILABLE);
        }

        assertThat(fetches.get()).isLessThanOrEqualTo(2);
        assertThat(verifier.verify(sign(idpKey, claims().build())).subject()).isNotNull();
    }

    @Test
    void acceptsRs256AndAtJwtFromAProvider() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("idp-rsa").keyUse(KeyUse.SIGNATURE).generate();
        publish(idpKey, rsa);
        TokenVerifier verifier = verifier();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("idp-rsa")
                .type(new JOSEObjectType("at+jwt")).build(), claims().build());
        jwt.sign(new RSASSASigner(rsa));

        assertThat(verifier.verify(jwt.serialize()).preferredUsername()).isEqualTo("alice");
    }

    @Test
    void refusesHmacAndForeignClaimsFromAProvider() throws Exception {
        TokenVerifier verifier = verifier();

        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("idp-key-1")
                .build(), claims().build());
        hmac.sign(new MACSigner(new byte[32]));

        for (String token : List.of(hmac.serialize(),
                sign(idpKey, claims().issuer("https://other-idp.test/").build()),
                sign(idpKey, claims().audience("someone-else").build()),
                sign(idpKey, claims().subject(null).build()))) {
            assertThat(rejection(verifier, token).reason()).isEqualTo(Reason.INVALID);
        }
    }

    @Test
    void reportsAnUnreachableProviderAsUnavailable() throws Exception {
        TokenVerifier verifier = verifier();
        String token = sign(idpKey, claims().build());
        idp.stop(0);

        assertThat(rejection(verifier, token).reason()).isEqualTo(Reason.UNAVAILABLE);
    }

    // ------------------------------------------------------------------ helpers

    private TokenVerifier verifier() {
        return TokenVerifier.remote(jwksUrl, IDP_ISSUER, IDP_AUDIENCE, SKEW, clock);
    }

    private void publish(JWK... keys) {
        published.set(new JWKSet(List.of(keys)).toString(true));
    }

    private static ECKey ecKey(String kid) throws Exception {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
    }

    /** What a typical provider sends: no {@code did}, no {@code jti}, a non-UUID subject. */
    private JWTClaimsSet.Builder claims() {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer(IDP_ISSUER)
                .audience(List.of(IDP_AUDIENCE, "https://idp.example.test/userinfo"))
                .subject("auth0|5f7c8ec7c33c6c004bbafe82")
                .claim("preferred_username", "alice")
                .claim("scope", "openid profile")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
    }

    private static String sign(ECKey key, JWTClaimsSet claims) throws Exception {
        JWSSigner signer = new ECDSASigner(key);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static InvalidTokenException rejection(TokenVerifier verifier, String token) {
        InvalidTokenException e = catchThrowableOfType(InvalidTokenException.class,
                () -> verifier.verify(token));
        assertThat(e).as("verify should throw InvalidTokenException").isNotNull();
        return e;
    }
}
