package org.blindgate.vault.testing;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.blindgate.token.SigningKeys;
import org.blindgate.token.TokenIssuer;

/**
 * A token issuer for vault tests, standing in for the gateway (or an external identity provider):
 * its own ES256 key ring, published as a JWKS by a JDK HTTP server on a loopback port, and tokens
 * minted with the token module's {@link TokenIssuer}, exactly as the gateway mints them.
 */
public final class TestIssuer implements AutoCloseable {

    public static final String ISSUER = "blindgate";
    public static final String AUDIENCE = "blindgate";

    private final Path dir;
    private final SigningKeys keys;
    private final TokenIssuer issuer;
    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile boolean down;

    public TestIssuer() {
        try {
            dir = Files.createTempDirectory("blindgate-issuer");
            keys = SigningKeys.loadOrCreate(dir.resolve("signing-keys.json"), Clock.systemUTC(),
                    Duration.ofDays(30), Duration.ofMinutes(16));
            issuer = new TokenIssuer(keys, ISSUER, AUDIENCE, Duration.ofMinutes(15), Clock.systemUTC());
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            if (down) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            byte[] body = keys.jwksJson().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public URL jwksUrl() {
        try {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json").toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A gateway-style access token for {@code device} of {@code user}. */
    public String token(UUID user, UUID device) {
        return issuer.issue(user, device).token();
    }

    /** A fresh identity: a new user with one device and its token. */
    public Device newDevice() {
        UUID user = UUID.randomUUID();
        return device(user);
    }

    /** Another device of {@code user}. */
    public Device device(UUID user) {
        UUID device = UUID.randomUUID();
        return new Device(user, device, token(user, device));
    }

    /** A user's device and a token for it. */
    public record Device(UUID userId, UUID deviceId, String token) {
    }

    /**
     * A token as an external identity provider would sign it: any {@code sub}, {@code did} only if
     * given, no {@code jti}; signed with this issuer's active key.
     */
    public String externalToken(String sub, String did) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(sub)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
        if (did != null) {
            claims.claim("did", did);
        }
        return sign(keys.active(), claims.build());
    }

    /** A well-formed token for the device, but expired an hour ago. */
    public String expiredToken(UUID user, UUID device) {
        Instant then = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        return sign(keys.active(), new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE)
                .subject(user.toString()).claim("did", device.toString()).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(then)).expirationTime(Date.from(then.plus(Duration.ofMinutes(15)))).build());
    }

    /** A token naming this issuer's kid, but signed by a key the issuer never published. */
    public String forgedToken(UUID user, UUID device) {
        try {
            ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(keys.active().getKeyID()).generate();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            return sign(impostor, new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE)
                    .subject(user.toString()).claim("did", device.toString()).jwtID(UUID.randomUUID().toString())
                    .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5)))).build());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(ECKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Generates and publishes a new signing key (a key rotation); new tokens carry its kid. */
    public void rotate() {
        keys.rotate();
    }

    /** Makes the JWKS answer 503 (an unreachable issuer) or serve again. */
    public void setDown(boolean down) {
        this.down = down;
    }

    /** How many times the JWKS was fetched. */
    public int fetches() {
        return fetches.get();
    }

    @Override
    public void close() {
        server.stop(0);
        TestVault.deleteTree(dir);
    }
}
