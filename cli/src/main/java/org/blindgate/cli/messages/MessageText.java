package org.blindgate.cli.messages;

import java.util.Locale;
import org.blindgate.sdk.Attachment;
import org.blindgate.sdk.IncomingMessage;

/** How a message's content reads on one line, in the scripted commands and in the chat alike. */
public final class MessageText {

    private MessageText() {
    }

    /** The text; for an attachment its name, type and size in brackets, then its caption. */
    public static String of(IncomingMessage.Kind kind, String text, Attachment attachment) {
        if (kind == IncomingMessage.Kind.ATTACHMENT && attachment != null) {
            String described = "[" + attachment.name() + ", " + attachment.mime() + ", " + size(attachment.size()) + "]";
            return text == null || text.isEmpty() ? described : described + " " + text;
        }
        return text == null ? "" : text;
    }

    /** {@code 512 B}, {@code 12.3 KiB}, {@code 20.0 MiB}. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
