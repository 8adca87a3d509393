package org.blindgate.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** A small real HTTP client for the gateway's REST calls, for tests. */
public final class Api {

    /** A logged-in device: what the login answered, plus the username. */
    public record Login(String username, UUID userId, UUID deviceId, String accessToken, String refreshToken,
            long lastSeq) {
    }

    /** A raw answer: status, headers' Retry-After, and the JSON body (null when empty). */
    public record Response(int status, JsonNode body, String retryAfter) {
        public String errorCode() {
            return body == null ? null : body.path("error").path("code").asText(null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final int port;

    public Api(int port) {
        this.port = port;
    }

    /** A unique username for this test run. */
    public static String uniqueName(String prefix) {
        return prefix + NAMES.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** Registers a fresh user and logs one device in. */
    public Login newUser(String prefix) {
        String name = uniqueName(prefix);
        Response r = post("/v1/auth/register", Map.of("username", name, "password", "correct horse"), null);
        if (r.status() != 201) {
            throw new IllegalStateException("register answered " + r.status() + " " + r.body());
        }
        return login(name, null);
    }

    /** Logs in (a new device when {@code deviceId} is null). */
    public Login login(String username, UUID deviceId) {
        Map<String, Object> body = deviceId == null
                ? Map.of("username", username, "password", "correct horse")
                : Map.of("username", username, "password", "correct horse", "deviceId", deviceId.toString());
        Response r = post("/v1/auth/login", body, null);
        if (r.status() != 200) {
            throw new IllegalStateException("login answered " + r.status() + " " + r.body());
        }
        JsonNode b = r.body();
        return new Login(username, UUID.fromString(b.get("userId").asText()),
                UUID.fromString(b.get("deviceId").asText()), b.get("accessToken").asText(),
                b.get("refreshToken").asText(), b.get("lastSeq").asLong());
    }

    public Response post(String path, Object body, String token) {
        try {
            return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            body instanceof String s ? s : JSON.writeValueAsString(body))), token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Response get(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), token);
    }

    public Response delete(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), token);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static Response send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body() == null || r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new Response(r.statusCode(), body, r.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
