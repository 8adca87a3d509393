package org.blindgate.vault.prekey;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.blindgate.service.auth.BearerAuth;
import org.blindgate.service.db.Database;
import org.blindgate.service.http.ApiException;
import org.blindgate.service.http.Http;
import org.blindgate.service.http.HttpError;
import org.blindgate.service.http.JsonBodies;
import org.blindgate.token.RateLimiter;
import org.blindgate.vault.auth.Caller;
import org.blindgate.vault.store.Blocking;

/**
 * PROTOCOL.md §4 keys: a device uploads its own bundle (the token's {@code sub} and {@code did}
 * say whose); anyone authenticated fetches a user's bundles, which consumes one one-time prekey
 * per device and is rate-limited per caller, since a flood of fetches is how one-time prekeys get
 * drained. Additions to §4: {@code DELETE /v1/keys/devices/{deviceId}} lets any device of a user
 * remove the bundle of another device of that user (a removed or lost device), so senders stop
 * encrypting for it.
 */
public final class PreKeyRoutes {

    /** A full upload (Kyber key and 100 one-time prekeys, base64) is about 12 KiB. */
    private static final int BODY_LIMIT = 32 * 1024;

    private final PreKeyStore store;
    private final BearerAuth<Caller> auth;
    private final RateLimiter uploads;
    private final RateLimiter fetches;
    private final Blocking blocking;

    public PreKeyRoutes(Database database, BearerAuth<Caller> auth, RateLimiter uploads, RateLimiter fetches,
            Blocking blocking) {
        this.store = new PreKeyStore(database);
        this.auth = auth;
        this.uploads = uploads;
        this.fetches = fetches;
        this.blocking = blocking;
    }

    public void mount(Router router) {
        router.put("/v1/keys").handler(BodyHandler.create().setBodyLimit(BODY_LIMIT).setHandleFileUploads(false))
                .handler(auth.wrap(uploads, this::upload));
        router.get("/v1/keys/count").handler(auth.wrap(this::count));
        router.delete("/v1/keys/devices/:deviceId").handler(auth.wrap(this::removeDevice));
        router.get("/v1/keys/:userId").handler(auth.wrap(fetches, this::fetch));
        router.get("/v1/keys/:userId/devices").handler(auth.wrap(this::devices));
    }

    private void upload(RoutingContext ctx, Caller caller) {
        DeviceKeys keys = KeyRules.check(JsonBodies.STRICT.read(ctx, Wire.Upload.class));
        blocking.run(() -> {
            store.upload(caller.userId(), caller.deviceId(), keys);
            return null;
        }).onComplete(ar -> {
            if (ar.failed()) {
                Http.failure(ctx, ar.cause());
            } else {
                Http.noContent(ctx);
            }
        });
    }

    private void fetch(RoutingContext ctx, Caller caller) {
        UUID user = Http.uuidParam(ctx, "userId");
        blocking.run(() -> store.fetch(user)).onComplete(ar -> {
            if (ar.failed()) {
                Http.failure(ctx, ar.cause());
                return;
            }
            if (ar.result().isEmpty()) {
                Http.error(ctx, new ApiException(HttpError.NOT_FOUND, "no key bundle for this user"));
                return;
            }
            List<Wire.Device> devices = new ArrayList<>();
            for (DeviceBundle b : ar.result()) {
                devices.add(new Wire.Device(b.deviceId().toString(), b.registrationId(), base64(b.identityKey()),
                        signed(b.signedPreKey()), signed(b.kyberPreKey()),
                        b.oneTimePreKey() == null ? null
                                : new Wire.OneTime(b.oneTimePreKey().keyId(), base64(b.oneTimePreKey().publicKey()))));
            }
            Http.json(ctx, 200, new Wire.Bundles(user.toString(), devices));
        });
    }

    private void devices(RoutingContext ctx, Caller caller) {
        UUID user = Http.uuidParam(ctx, "userId");
        blocking.run(() -> store.devices(user)).onComplete(ar -> {
            if (ar.failed()) {
                Http.failure(ctx, ar.cause());
            } else if (ar.result().isEmpty()) {
                Http.error(ctx, new ApiException(HttpError.NOT_FOUND, "no key bundle for this user"));
            } else {
                List<Wire.Registration> devices = new ArrayList<>();
                for (Map.Entry<UUID, Integer> e : ar.result().entrySet()) {
                    devices.add(new Wire.Registration(e.getKey().toString(), e.getValue()));
                }
                Http.json(ctx, 200, new Wire.Registrations(user.toString(), devices));
            }
        });
    }

    private void count(RoutingContext ctx, Caller caller) {
        blocking.run(() -> store.count(caller.userId(), caller.deviceId())).onComplete(ar -> {
            if (ar.failed()) {
                Http.failure(ctx, ar.cause());
            } else {
                Http.json(ctx, 200, new Wire.Count(ar.result()));
            }
        });
    }

    private void removeDevice(RoutingContext ctx, Caller caller) {
        UUID device = Http.uuidParam(ctx, "deviceId");
        blocking.run(() -> store.remove(caller.userId(), device)).onComplete(ar -> {
            if (ar.failed()) {
                Http.failure(ctx, ar.cause());
            } else if (!ar.result()) {
                Http.error(ctx, new ApiException(HttpError.NOT_FOUND, "no key bundle for this device of yours"));
            } else {
                Http.noContent(ctx);
            }
        });
    }

    private static Wire.Signed signed(DeviceKeys.SignedKey k) {
        return new Wire.Signed(k.keyId(), base64(k.publicKey()), base64(k.signature()));
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
