package org.blindgate.cli.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import org.blindgate.sdk.Attachment;
import org.blindgate.sdk.IncomingMessage;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How {@code send}, {@code inbox} and {@code listen} print messages: one line each, for people, or
 * with {@code --json} one JSON object per line for scripts ({@code messageId}, {@code from} and
 * {@code to} as usernames, {@code text}, {@code timestamp} as ISO-8601 UTC, {@code kind}, and
 * {@code attachment} when there is one). Lines are flushed at once, so a pipe sees each message
 * as it arrives.
 */
public final class MessageOutput {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter LOCAL_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    @Option(names = "--json", description = "Print one JSON object per message and line: messageId, from, to, "
            + "text, timestamp (ISO-8601 UTC), kind, attachment.")
    boolean json;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** A message this user received. */
    public void received(IncomingMessage m, String me) {
        print(m.messageId().toString(), m.from().username(), me, m.timestamp(), m.kind(), m.text(), m.attachment(),
                m.from().username());
    }

    /** A message this user sent, acknowledged by the gateway at {@code at}. */
    public void sent(UUID messageId, String me, String to, Instant at, String text, Attachment attachment) {
        IncomingMessage.Kind kind = attachment == null ? IncomingMessage.Kind.TEXT : IncomingMessage.Kind.ATTACHMENT;
        print(messageId.toString(), me, to, at, kind, text, attachment, "you → " + to);
    }

    private void print(String messageId, String from, String to, Instant timestamp, IncomingMessage.Kind kind,
            String text, Attachment attachment, String who) {
        PrintWriter out = command.commandLine().getOut();
        if (!json) {
            out.println("[" + LOCAL_TIME.format(timestamp) + "] " + who + ": " + MessageText.of(kind, text, attachment));
        } else {
            ObjectNode o = JSON.createObjectNode().put("messageId", messageId).put("from", from).put("to", to)
                    .put("text", text).put("timestamp", timestamp.toString())
                    .put("kind", kind.name().toLowerCase(Locale.ROOT));
            if (attachment != null) {
                o.putObject("attachment").put("name", attachment.name()).put("mime", attachment.mime())
                        .put("size", attachment.size());
            }
            try {
                out.println(JSON.writeValueAsString(o));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree always serialises", e);
            }
        }
        out.flush();
    }
}
