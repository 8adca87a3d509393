package org.blindgate.cli.identity;

import java.util.ArrayList;
import java.util.List;
import org.blindgate.sdk.SafetyNumbers;

/** Safety numbers as lines, the same in {@code safety} and in the chat's {@code /safety}. */
public final class SafetyText {

    private SafetyText() {
    }

    /** A heading, then one number per device of the peer, the changed ones marked. */
    public static List<String> lines(SafetyNumbers numbers) {
        String peer = numbers.user().username();
        List<String> lines = new ArrayList<>();
        lines.add("Safety numbers with " + peer + " (one per device; compare them with " + peer
                + "'s screen, in person or on a call):");
        for (SafetyNumbers.Device d : numbers.devices()) {
            lines.add("  " + d.number() + (d.changed() ? "   CHANGED, not trusted yet" : ""));
        }
        if (numbers.devices().isEmpty()) {
            lines.add("  (" + peer + " has no device that can receive messages)");
        }
        return lines;
    }
}
