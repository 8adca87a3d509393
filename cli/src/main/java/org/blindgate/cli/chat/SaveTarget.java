package org.blindgate.cli.chat;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code /save} writes a received attachment. The name comes from the peer, so it is never
 * trusted as a path: separators, control characters and leading dots are replaced, and an existing
 * file is never overwritten ({@code name (1).ext} instead).
 */
final class SaveTarget {

    private static final int MAX_NAME = 120;

    private SaveTarget() {
    }

    static Path in(Path dir, String offeredName) {
        String name = offeredName.replaceAll("[\\p{Cntrl}/\\\\:]", "_").strip().replaceFirst("^\\.+", "");
        if (name.isEmpty()) {
            name = "attachment";
        }
        if (name.length() > MAX_NAME) {
            name = name.substring(name.length() - MAX_NAME);
        }
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        Path target = dir.resolve(name);
        for (int i = 1; Files.exists(target); i++) {
            target = dir.resolve(base + " (" + i + ")" + extension);
        }
        return target;
    }
}
