package org.blindgate.protocol;

/**
 * A frame the protocol refuses, carrying everything needed to answer it: the wire error
 * {@link #code()}, the {@link #field()} at fault and the {@link #requestId()} to echo.
 *
 * <p>The message is safe to log and to send back: it names the field and the rule broken and
 * never repeats the offending value, which may be content a client tried to smuggle past the
 * blind gateway. Keep it that way when adding new messages.
 *
 * <p>No stack trace is captured: the fault is in the peer's frame, not in this program, and a
 * peer sending bad frames in a loop should not make the server spend its time walking stacks.
 */
public final class ProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String field;
    private final String requestId;

    /**
     * @param code      the wire error code
     * @param field     dotted path of the field at fault from the frame root ({@code type},
     *                  {@code payload.messageIds[3]}), or null when no single field is
     * @param message   a human sentence that does not contain the offending value
     * @param requestId the envelope {@code id} to echo, or null
     */
    public ProtocolException(ErrorCode code, String field, String message, String requestId) {
        super(message, null, false, false);
        this.code = Rules.require(code, "code");
        this.field = field;
        this.requestId = requestId;
        Rules.requireText(message, "message");
    }

    /** An exception that echoes no request id. */
    public ProtocolException(ErrorCode code, String field, String message) {
        this(code, field, message, null);
    }

    /** The same refusal, now echoing {@code requestId}. */
    public ProtocolException withRequestId(String requestId) {
        return new ProtocolException(code, field, getMessage(), requestId);
    }

    public ErrorCode code() {
        return code;
    }

    /** Dotted path of the field at fault, or null when the frame as a whole is at fault. */
    public String field() {
        return field;
    }

    /** The envelope {@code id} read before the fault was found, or null. */
    public String requestId() {
        return requestId;
    }

    /** The {@code error} payload to send back (with {@link #requestId()} as envelope id). */
    public ServerFrame.Error toFrame() {
        return new ServerFrame.Error(code, field, getMessage());
    }
}
