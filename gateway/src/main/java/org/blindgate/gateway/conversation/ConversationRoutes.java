package org.blindgate.gateway.conversation;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.blindgate.gateway.auth.Caller;
import org.blindgate.gateway.http.Timestamps;
import org.blindgate.gateway.store.Blocking;
import org.blindgate.gateway.store.ConversationStore;
import org.blindgate.gateway.store.MessageStore;
import org.blindgate.service.auth.BearerAuth;
import org.blindgate.service.http.ApiException;
import org.blindgate.service.http.Http;
import org.blindgate.service.http.HttpError;
import org.blindgate.service.http.JsonBodies;

/** PROTOCOL.md §3: conversations and message-metadata history. Members only; strangers get 404. */
public final class ConversationRoutes {

    record CreateRequest(String type, List<String> memberIds) {
    }

    record MemberView(UUID userId, String role) {
    }

    record ConversationView(UUID conversationId, String type, List<MemberView> members, String createdAt,
            String lastMessageAt, Long unreadCount) {
    }

    record MessageView(UUID messageId, UUID conversationId, UUID senderId, UUID senderDeviceId, UUID recipientId,
            String messageType, String timestamp, String serverTimestamp, String sessionId, long seq,
            String deliveredAt, boolean isRead, String readAt) {
    }

    private static final int MAX_HISTORY = 200;
    private static final int DEFAULT_HISTORY = 50;

    private final ConversationStore conversations;
    private final MessageStore messages;
    private final Blocking blocking;
    private final BearerAuth<Caller> bearer;

    public ConversationRoutes(ConversationStore conversations, MessageStore messages, Blocking blocking,
            BearerAuth<Caller> bearer) {
        this.conversations = conversations;
        this.messages = messages;
        this.blocking = blocking;
        this.bearer = bearer;
    }

    public void mount(Router router) {
        router.post("/v1/conversations").handler(bearer.wrap(this::create));
        router.get("/v1/conversations").handler(bearer.wrap(this::list));
        router.get("/v1/conversations/:id").handler(bearer.wrap(this::get));
        router.get("/v1/conversations/:id/messages").handler(bearer.wrap(this::history));
    }

    private void create(RoutingContext ctx, Caller caller) {
        CreateRequest req = JsonBodies.COERCING.read(ctx, CreateRequest.class);
        if (!"direct".equals(req.type())) {
            throw new ApiException(HttpError.INVALID_REQUEST,
                    "type must be \"direct\" (group conversations are not served by this version yet)");
        }
        if (req.memberIds() == null || req.memberIds().size() != 1) {
            throw new ApiException(HttpError.INVALID_REQUEST,
                    "a direct conversation takes memberIds with exactly one other user");
        }
        UUID other = Http.uuid(req.memberIds().get(0), "memberIds[0]");
        if (other.equals(caller.userId())) {
            throw new ApiException(HttpError.INVALID_REQUEST, "a direct conversation needs another user");
        }
        Http.respond(ctx, 200, blocking.run(() -> conversations.direct(caller.userId(), other, Instant.now())
                .orElseThrow(() -> new ApiException(HttpError.NOT_FOUND, "no user has id " + other))),
                ConversationRoutes::view);
    }

    private void list(RoutingContext ctx, Caller caller) {
        Http.respond(ctx, 200, blocking.run(() -> conversations.list(caller.userId())),
                list -> Map.of("conversations", list.stream().map(ConversationRoutes::view).toList()));
    }

    private void get(RoutingContext ctx, Caller caller) {
        UUID id = Http.uuidParam(ctx, "id");
        Http.respond(ctx, 200, blocking.run(() -> conversations.get(caller.userId(), id)
                .orElseThrow(() -> new ApiException(HttpError.NOT_FOUND, "no conversation " + id))),
                ConversationRoutes::view);
    }

    private void history(RoutingContext ctx, Caller caller) {
        UUID id = Http.uuidParam(ctx, "id");
        Instant before = before(ctx.queryParams().get("before"));
        int limit = limit(ctx.queryParams().get("limit"));
        Http.respond(ctx, 200, blocking.run(() -> {
            if (conversations.get(caller.userId(), id).isEmpty()) {
                throw new ApiException(HttpError.NOT_FOUND, "no conversation " + id);
            }
            return messages.history(caller.userId(), id, before, limit);
        }), list -> Map.of("messages", list.stream().map(e -> new MessageView(e.message().messageId(),
                e.message().conversationId(), e.message().senderId(), e.message().senderDeviceId(),
                e.message().recipientId(), e.message().messageType().wire(),
                Timestamps.format(e.message().timestamp()), Timestamps.format(e.message().serverTimestamp()),
                e.message().sessionId(), e.message().seq(), Timestamps.format(e.deliveredAt()), e.read(),
                Timestamps.format(e.readAt()))).toList()));
    }

    private static Instant before(String value) {
        if (value == null) {
            return Instant.now().plusSeconds(1);
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiException(HttpError.INVALID_REQUEST, "before must be an RFC 3339 timestamp");
        }
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_HISTORY;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_HISTORY) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // the error below says what is accepted
        }
        throw new ApiException(HttpError.INVALID_REQUEST, "limit must be an integer from 1 to " + MAX_HISTORY);
    }

    private static ConversationView view(ConversationStore.Conversation c) {
        return new ConversationView(c.id(), c.type(),
                c.members().stream().map(m -> new MemberView(m.userId(), m.role())).toList(),
                Timestamps.format(c.createdAt()), Timestamps.format(c.lastMessageAt()), c.unreadCount());
    }
}
