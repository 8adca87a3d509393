package org.blindgate.cli.chat;

import java.io.IOException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The terminal of the chat: one line being typed at the bottom, everything else printed above it.
 * JLine redraws the typed line after each printed one, so a message arriving mid-sentence does not
 * tear what the user is typing; {@link #show} may be called from any thread.
 */
final class ChatScreen implements AutoCloseable {

    private final Terminal terminal;
    private final LineReader reader;

    private ChatScreen(Terminal terminal) {
        this.terminal = terminal;
        this.reader = LineReaderBuilder.builder().terminal(terminal)
                // "!" in a message is text, not a history reference
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                // the typed line is shown again, with its time, as the sent message
                .option(LineReader.Option.ERASE_LINE_ON_FINISH, true)
                .build();
    }

    static ChatScreen open() {
        try {
            return new ChatScreen(TerminalBuilder.builder().system(true).build());
        } catch (IOException e) {
            throw new IllegalStateException("cannot use the terminal: " + e.getMessage(), e);
        }
    }

    /** The next line typed after {@code prompt}, or null when the user ends the chat (Ctrl-D, Ctrl-C). */
    String read(String prompt) {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
    }

    /** Prints {@code line} above the line being typed. */
    void show(String line) {
        reader.printAbove(line);
    }

    @Override
    public void close() {
        try {
            terminal.close();
        } catch (IOException e) {
            // the process is ending; the terminal's settings are restored by the shell
        }
    }
}
