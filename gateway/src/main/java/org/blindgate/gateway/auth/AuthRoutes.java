package org.blindgate.gateway.auth;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.blindgate.gateway.http.Timestamps;
import org.blindgate.gateway.store.Blocking;
import org.blindgate.gateway.store.DeviceStore;
import org.blindgate.gateway.store.UserStore;
import org.blindgate.service.auth.BearerAuth;
import org.blindgate.service.http.ApiException;
import org.blindgate.service.http.Http;
import org.blindgate.service.http.HttpError;
import org.blindgate.service.http.JsonBodies;
import org.blindgate.token.SigningKeys;

/** The HTTP side of PROTOCOL.md §1. Handlers parse, call {@link Accounts} off the loop, answer. */
public final class AuthRoutes {

    record RegisterRequest(String username, String password) {
    }

    record LoginRequest(String username, String password, String deviceName, String deviceId) {
    }

    record RefreshRequest(String refreshToken) {
    }

    record UserView(UUID userId, String username) {
    }

    record DeviceView(UUID deviceId, String name, String createdAt, String lastSeen) {
    }

    private final Accounts accounts;
    private final UserStore users;
    private final Authenticator authenticator;
    private final BearerAuth<Caller> bearer;
    private final Blocking blocking;
    private final SigningKeys signingKeys;

    /**
     * @param signingKeys null with an external identity provider: it publishes its own JWKS
     */
    public AuthRoutes(Accounts accounts, UserStore users, Authenticator authenticator, Blocking blocking,
            SigningKeys signingKeys) {
        this.accounts = accounts;
        this.users = users;
        this.authenticator = authenticator;
        this.bearer = new BearerAuth<>(authenticator::authenticate, Caller::userId);
        this.blocking = blocking;
        this.signingKeys = signingKeys;
    }

    public void mount(Router router) {
        if (accounts.issuesTokens()) {
            router.post("/v1/auth/register").handler(this::register);
            router.post("/v1/auth/login").handler(this::login);
            router.post("/v1/auth/refresh").handler(this::refresh);
            router.post("/v1/auth/logout").handler(this::logout);
        }
        // Devices and erasure are the user's right whoever issues the tokens.
        router.get("/v1/devices").handler(bearer.wrap(this::listDevices));
        router.delete("/v1/devices/:deviceId").handler(bearer.wrap(this::removeDevice));
        router.delete("/v1/account").handler(bearer.wrap(this::deleteAccount));
        if (signingKeys != null) {
            router.get("/.well-known/jwks.json").handler(ctx -> ctx.response()
                    .putHeader("Content-Type", "application/jwk-set+json")
                    .putHeader("Cache-Control", "max-age=60")
                    .end(signingKeys.jwksJson()));
        }
        router.get("/v1/users/by-username/:username").handler(bearer.wrap(this::byUsername));
        // Addition to PROTOCOL.md §1: a received message names its sender by id only, and a client
        // shows a username (docs/protocol.md, "Differences").
        router.get("/v1/users/:userId").handler(bearer.wrap(this::byId));
    }

    private void register(RoutingContext ctx) {
        RegisterRequest req = JsonBodies.COERCING.read(ctx, RegisterRequest.class);
        Http.respond(ctx, 201, blocking.run(() -> accounts.register(req.username(), req.password())),
                u -> new UserView(u.id(), u.username()));
    }

    private void login(RoutingContext ctx) {
        LoginRequest req = JsonBodies.COERCING.read(ctx, LoginRequest.class);
        String address = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
        Http.respond(ctx, 200, blocking.run(() -> accounts.login(req.username(), req.password(), req.deviceName(),
                req.deviceId(), address)), s -> s);
    }

    private void refresh(RoutingContext ctx) {
        RefreshRequest req = JsonBodies.COERCING.read(ctx, RefreshRequest.class);
        Http.respond(ctx, 200, blocking.run(() -> accounts.refresh(req.refreshToken())), s -> s);
    }

    private void logout(RoutingContext ctx) {
        RefreshRequest req = JsonBodies.COERCING.read(ctx, RefreshRequest.class);
        Http.respondEmpty(ctx, blocking.run(() -> {
            accounts.logout(req.refreshToken());
            return null;
        }));
    }

    private void listDevices(RoutingContext ctx, Caller caller) {
        Http.respond(ctx, 200, blocking.run(() -> accounts.devices(caller.userId())), list -> Map.of("devices",
                list.stream().map(d -> new DeviceView(d.id(), d.name(), Timestamps.format(d.createdAt()),
                        Timestamps.format(d.lastSeen()))).toList()));
    }

    private void removeDevice(RoutingContext ctx, Caller caller) {
        UUID deviceId = Http.uuidParam(ctx, "deviceId");
        Http.respondEmpty(ctx, blocking.run(() -> {
            accounts.removeDevice(caller.userId(), deviceId);
            authenticator.forget(deviceId);
            return null;
        }));
    }

    private void deleteAccount(RoutingContext ctx, Caller caller) {
        Http.respondEmpty(ctx, blocking.run(() -> {
            List<DeviceStore.Device> owned = accounts.devices(caller.userId());
            accounts.deleteAccount(caller.userId());
            owned.forEach(d -> authenticator.forget(d.id()));
            return null;
        }));
    }

    private void byUsername(RoutingContext ctx, Caller caller) {
        String username = ctx.pathParam("username");
        Usernames.require(username);
        Http.respond(ctx, 200, blocking.run(() -> users.byUsername(username).orElseThrow(() ->
                new ApiException(HttpError.NOT_FOUND, "no user is named '" + username + "'"))),
                u -> new UserView(u.id(), u.username()));
    }

    private void byId(RoutingContext ctx, Caller caller) {
        UUID userId = Http.uuidParam(ctx, "userId");
        Http.respond(ctx, 200, blocking.run(() -> users.byId(userId).orElseThrow(() ->
                new ApiException(HttpError.NOT_FOUND, "no user has this id"))),
                u -> new UserView(u.id(), u.username()));
    }
}
