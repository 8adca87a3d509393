package org.blindgate.gateway.session;

import org.blindgate.gateway.auth.Authenticator;
import org.blindgate.gateway.routing.MessageRelay;
import org.blindgate.gateway.routing.Receipts;
import org.blindgate.gateway.routing.Replay;

/** The node-wide capabilities every connection hands its frames to. */
public record SessionServices(
        Authenticator authenticator,
        MessageRelay relay,
        Replay replay,
        Receipts receipts,
        ConnectionRegistry registry,
        SessionMetrics metrics,
        SessionLimits limits) {
}
