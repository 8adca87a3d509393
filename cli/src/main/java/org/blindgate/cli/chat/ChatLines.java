package org.blindgate.cli.chat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.blindgate.cli.messages.MessageText;
import org.blindgate.sdk.HistoryEntry;
import org.blindgate.sdk.IncomingMessage;
import org.blindgate.sdk.Receipt;

/**
 * How the chat writes things: {@code [12:03] bob: hello}, with the date before the time when it is
 * not today, and the ticks of sent messages: ✓ delivered, ✓✓ read.
 */
final class ChatLines {

    static final String DELIVERED = "✓";
    static final String READ = "✓✓";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final int QUOTE = 40;

    private ChatLines() {
    }

    static String message(Instant at, String who, String body) {
        ZoneId zone = ZoneId.systemDefault();
        boolean today = LocalDate.ofInstant(at, zone).equals(LocalDate.now(zone));
        return "[" + (today ? TIME : DATE_TIME).withZone(zone).format(at) + "] " + who + ": " + body;
    }

    static String received(IncomingMessage m) {
        return message(m.timestamp(), m.from().username(), MessageText.of(m.kind(), m.text(), m.attachment()));
    }

    /** A history entry, with its tick when it was sent from here. */
    static String entry(HistoryEntry e, String peer) {
        String body = MessageText.of(e.kind(), e.text(), e.attachment());
        return e.outgoing() ? message(e.timestamp(), "you", body) + tick(e.status()) : message(e.timestamp(), peer, body);
    }

    /** The line a receipt adds under the conversation: {@code ✓✓ read: hello}. */
    static String receipt(Receipt.Status status, String quoted) {
        String q = quoted.length() > QUOTE ? quoted.substring(0, QUOTE - 1) + "…" : quoted;
        return "        " + (status == Receipt.Status.READ ? READ + " read: " : DELIVERED + " delivered: ") + q;
    }

    private static String tick(String status) {
        return switch (status) {
            case "delivered" -> " " + DELIVERED;
            case "read" -> " " + READ;
            case "failed" -> "  (not sent)";
            case "sending" -> "  (waiting to be sent)";
            default -> "";
        };
    }
}
