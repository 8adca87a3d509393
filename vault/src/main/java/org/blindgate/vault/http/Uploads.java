package org.blindgate.vault.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.blindgate.service.http.ApiException;
import org.blindgate.service.http.Http;
import org.blindgate.service.http.HttpError;
import org.blindgate.vault.store.PutOutcome;
import org.blindgate.vault.store.Spooled;

/** The answers shared by the two upload calls (blobs and attachments). */
public final class Uploads {

    private static final String OCTET_STREAM = "application/octet-stream";

    private Uploads() {
    }

    /** Refuses a body that is not {@code application/octet-stream}: uploads are opaque bytes. */
    public static void requireOctetStream(RoutingContext ctx) {
        if (!Http.hasContentType(ctx.request(), OCTET_STREAM)) {
            throw new ApiException(HttpError.INVALID_REQUEST, "the body must be application/octet-stream");
        }
    }

    /** {@code 201} or {@code 200} with {@code {size, sha256, expiresAt}}, or {@code 409 conflict}. */
    public static void answer(RoutingContext ctx, PutOutcome outcome, Spooled spooled, String conflict) {
        if (outcome == PutOutcome.CONFLICT) {
            Http.error(ctx, new ApiException(HttpError.CONFLICT, conflict));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", spooled.size());
        body.put("sha256", Base64.getEncoder().encodeToString(spooled.sha256()));
        Http.json(ctx, outcome == PutOutcome.CREATED ? 201 : 200, body);
    }
}
