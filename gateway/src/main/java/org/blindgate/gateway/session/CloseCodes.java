package org.blindgate.gateway.session;

/** WebSocket close codes of PROTOCOL.md §2.2. */
public final class CloseCodes {

    public static final short GOING_AWAY = 1001;
    public static final short TOO_BIG = 1009;
    public static final short TOKEN_EXPIRED = 4001;
    public static final short FORBIDDEN = 4003;
    public static final short PROTOCOL_ERRORS = 4008;
    public static final short RATE_LIMITED = 4029;

    private CloseCodes() {
    }
}
