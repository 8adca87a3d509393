package org.blindgate.sdk.transport;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.blindgate.sdk.AuthException;
import org.blindgate.sdk.ServerException;
import org.blindgate.sdk.store.Json;

/**
 * HTTP to one service (the gateway's REST API or the vault): bearer tokens renewed once on 401,
 * error bodies {@code {"error":{"code","message"}}} (PROTOCOL.md §0) turned into
 * {@link ServerException}s whose message says which service refused what, and every I/O failure
 * into a {@code unreachable} {@link ServerException}. HTTP/1.1 only: the services speak it, and the
 * JDK client would otherwise try an {@code h2c} upgrade on plain-HTTP URLs.
 */
public final class Http {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final String service;
    private final URI base;
    private final HttpClient client;
    private final AccessTokens tokens;

    /**
     * @param service {@code gateway} or {@code vault}, for messages
     * @param base    the service's root URL, e.g. {@code http://127.0.0.1:8081}
     * @param tokens  bearer tokens, or null for a client that only makes anonymous calls
     */
    public Http(String service, URI base, HttpClient client, AccessTokens tokens) {
        this.service = service;
        this.base = base;
        this.client = client;
        this.tokens = tokens;
    }

    /** A client fit for both services. */
    public static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The service's name, for messages. */
    public String service() {
        return service;
    }

    /** An answered call: its status and body stream (to close). */
    public record Answer(int status, InputStream body) implements AutoCloseable {
        /** The whole body. */
        public byte[] bytes() {
            try (InputStream in = body) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The whole body as JSON. */
        public JsonNode json() {
            try {
                return Json.tree(bytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException ignored) {
                // the response is done with
            }
        }
    }

    /**
     * Makes a call and returns its answer when the status is 2xx or listed in {@code expected};
     * throws otherwise.
     *
     * @param body        the request body, or null
     * @param contentType its type, or null
     * @param timeout     whether to bound the whole call (not for large streams)
     * @throws ServerException a refusal with the service's code and message, or no answer at all
     * @throws AuthException   when the session has ended
     */
    public Answer call(String method, String path, HttpRequest.BodyPublisher body, String contentType,
            boolean authenticated, boolean timeout, Set<Integer> expected) {
        String token = authenticated ? tokens.current() : null;
        Answer a = once(method, path, body, contentType, token, timeout);
        if (a.status() == 401 && authenticated) {
            a.close();
            a = once(method, path, body, contentType, tokens.renew(token), timeout);
        }
        if (a.status() / 100 == 2 || expected.contains(a.status())) {
            return a;
        }
        throw refusal(a, method, path);
    }

    /** A JSON call: {@code body} (or null) as JSON, the answer's JSON (or null for 204). */
    public JsonNode json(String method, String path, Object body, boolean authenticated) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body));
        try (Answer a = call(method, path, publisher, body == null ? null : "application/json", authenticated, true,
                Set.of())) {
            byte[] bytes = a.bytes();
            if (bytes.length == 0) {
                return null;
            }
            try {
                return Json.tree(bytes);
            } catch (IOException e) {
                throw new ServerException(service, a.status(), "invalid_response",
                        "the " + service + " answered " + method + " " + path + " with something that is not JSON");
            }
        }
    }

    private Answer once(String method, String path, HttpRequest.BodyPublisher body, String contentType, String token,
            boolean timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        if (timeout) {
            b.timeout(CALL_TIMEOUT);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            return new Answer(r.statusCode(), r.body());
        } catch (HttpTimeoutException e) {
            throw new ServerException(service, "the " + service + " at " + base + " did not answer in time", e);
        } catch (ConnectException e) {
            throw new ServerException(service, "cannot connect to the " + service + " at " + base, e);
        } catch (IOException e) {
            throw new ServerException(service, "the connection to the " + service + " at " + base + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerException(service, "interrupted while calling the " + service, e);
        }
    }

    /** The service's own error, or a plain description when the body is not the error form. */
    public ServerException refusal(Answer a, String method, String path) {
        byte[] bytes = a.bytes();
        String code = "http_" + a.status();
        String message = null;
        try {
            JsonNode error = Json.tree(bytes).path("error");
            if (error.hasNonNull("code")) {
                code = error.get("code").asText();
            }
            if (error.hasNonNull("message")) {
                message = error.get("message").asText();
            }
        } catch (IOException | RuntimeException ignored) {
            // not the error form: described by its status below
        }
        if (message == null) {
            message = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8).strip();
        }
        return new ServerException(service, a.status(), code, "the " + service + " refused " + method + " "
                + path.replaceAll("\\?.*", "") + " (" + a.status() + " " + code + ")"
                + (message.isEmpty() ? "" : ": " + message));
    }
}
