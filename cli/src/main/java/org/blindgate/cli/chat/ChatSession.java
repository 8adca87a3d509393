package org.blindgate.cli.chat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.blindgate.cli.identity.SafetyText;
import org.blindgate.cli.messages.MessageText;
import org.blindgate.sdk.Attachment;
import org.blindgate.sdk.BlindgateClient;
import org.blindgate.sdk.BlindgateException;
import org.blindgate.sdk.ClientListener;
import org.blindgate.sdk.ConnectionState;
import org.blindgate.sdk.HistoryEntry;
import org.blindgate.sdk.IdentityChangedException;
import org.blindgate.sdk.IncomingMessage;
import org.blindgate.sdk.Receipt;
import org.blindgate.sdk.SafetyNumbers;
import org.blindgate.sdk.User;

/**
 * One chat with one peer: what arrives (the SDK's listener: messages, ticks, connection, changed
 * keys) printed above the input line, and what the user types (a message, or a slash command).
 * Messages from the peer are marked read as they are shown, since the chat is open in front of the
 * user; messages from others are shown too, with their sender, and stay unread.
 */
final class ChatSession implements ClientListener {

    private static final int HISTORY = 20;
    private static final List<String> HELP = List.of(
            "Type a message and press Enter to send it (start with // to send a line beginning with /).",
            "  /file PATH     send a file, encrypted",
            "  /save [DIR]    save the last file received here (default: the current directory)",
            "  /safety        show the safety numbers with the peer, and confirm a changed one",
            "  /history       show the last " + HISTORY + " messages again, with their ticks",
            "  /help          this list",
            "  /quit          leave (Ctrl-D too); messages keep arriving for 'inbox' or the next chat",
            "Ticks on your messages: " + ChatLines.DELIVERED + " delivered, " + ChatLines.READ + " read.");

    private final AtomicReference<Attachment> lastAttachment = new AtomicReference<>();
    // Set by run(): the listener exists before the client it listens to. Nothing arrives before connect().
    private volatile BlindgateClient client;
    private volatile User peer;
    private volatile ChatScreen screen;
    private volatile ConnectionState shownState;

    /**
     * Shows the conversation with {@code peer} so far, connects, and reads what the user types
     * until {@code /quit}. {@code client} is the one this session listens to.
     */
    void run(BlindgateClient client, User peer, ChatScreen on) {
        this.client = client;
        this.peer = peer;
        this.screen = on;
        show("Chat with " + peer.username() + " as " + client.account().orElseThrow().username()
                + ", end-to-end encrypted. /help lists the commands.");
        history();
        client.connect().whenComplete((caughtUp, error) -> {
            if (error != null) {
                show("! " + cause(error).getMessage());
            } else {
                markRead(client.history(peer.userId(), HISTORY).stream()
                        .filter(e -> !e.outgoing() && "received".equals(e.status())).map(HistoryEntry::messageId)
                        .toList());
            }
        });
        for (String line = on.read("you> "); line != null; line = on.read("you> ")) {
            try {
                if (!typed(line.strip())) {
                    return;
                }
            } catch (BlindgateException | IllegalArgumentException e) {
                show("! " + e.getMessage());
            }
        }
    }

    /** Handles one typed line; false to leave. */
    private boolean typed(String line) {
        if (line.isEmpty()) {
            return true;
        }
        if (!line.startsWith("/") || line.startsWith("//")) {
            send(line.startsWith("//") ? line.substring(1) : line);
            return true;
        }
        String[] words = line.split("\\s+", 2);
        String argument = words.length > 1 ? words[1].strip() : "";
        switch (words[0]) {
            case "/quit", "/exit" -> {
                return false;
            }
            case "/help" -> HELP.forEach(this::show);
            case "/file" -> file(argument);
            case "/save" -> save(argument);
            case "/safety" -> safety();
            case "/history" -> history();
            default -> show("unknown command " + words[0] + "; /help lists them");
        }
        return true;
    }

    private void send(String text) {
        show(ChatLines.message(Instant.now(), "you", text));
        client.send(peer.userId(), text).whenComplete((sent, error) -> {
            if (error != null) {
                show("! not sent: " + cause(error).getMessage());
            }
        });
    }

    private void file(String path) {
        if (path.isEmpty()) {
            show("usage: /file PATH");
            return;
        }
        Path file = Path.of(path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path);
        show("sending " + file.getFileName() + " …");
        client.sendAttachment(peer.userId(), file, null, null).whenComplete((sent, error) -> {
            if (error != null) {
                show("! not sent: " + cause(error).getMessage());
            } else {
                sentEntry(sent.messageId()).ifPresent(e -> show(ChatLines.entry(e, peer.username())));
            }
        });
    }

    private void save(String dir) {
        Attachment a = Optional.ofNullable(lastAttachment.get()).or(this::lastReceivedAttachment).orElse(null);
        if (a == null) {
            show("no file was received in this chat yet");
            return;
        }
        Path target = SaveTarget.in(Path.of(dir.isEmpty() ? "." : dir), a.name());
        show("saving " + a.name() + " …");
        client.saveAttachment(a, target);
        show("saved " + a.name() + " to " + target.toAbsolutePath().normalize());
    }

    private Optional<Attachment> lastReceivedAttachment() {
        List<HistoryEntry> entries = client.history(peer.userId(), 200);
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (!entries.get(i).outgoing() && entries.get(i).attachment() != null) {
                return Optional.of(entries.get(i).attachment());
            }
        }
        return Optional.empty();
    }

    private void safety() {
        SafetyNumbers numbers = client.safetyNumbers(peer.userId());
        SafetyText.lines(numbers).forEach(this::show);
        if (numbers.changedDevices().isEmpty()) {
            return;
        }
        String answer = screen.read("Do they match " + peer.username() + "'s screen? Type yes to trust the new keys: ");
        if (answer != null && answer.strip().equalsIgnoreCase("yes")) {
            client.trust(peer.userId());
            show("trusted; messages held from " + peer.username() + " are shown now, and sending works again");
        } else {
            show("not trusted: nothing is sent to or read from the changed device");
        }
    }

    private void history() {
        client.history(peer.userId(), HISTORY).forEach(e -> show(ChatLines.entry(e, peer.username())));
    }

    private void markRead(List<UUID> ids) {
        if (!ids.isEmpty()) {
            client.markRead(ids).whenComplete((done, error) -> {
                if (error != null) {
                    show("! " + cause(error).getMessage());
                }
            });
        }
    }

    private Optional<HistoryEntry> sentEntry(UUID messageId) {
        return client.history(peer.userId(), 200).stream().filter(e -> e.messageId().equals(messageId)).findFirst();
    }

    // ------------------------------------------------------------------ what the SDK reports

    @Override
    public void onMessage(IncomingMessage message) {
        show(ChatLines.received(message));
        if (!message.from().userId().equals(peer.userId())) {
            return;
        }
        if (message.attachment() != null) {
            lastAttachment.set(message.attachment());
            show("        (/save keeps " + message.attachment().name() + ")");
        }
        markRead(List.of(message.messageId()));
    }

    @Override
    public void onReceipt(Receipt receipt) {
        for (UUID id : receipt.messageIds()) {
            client.history(receipt.by(), 200).stream().filter(e -> e.messageId().equals(id)).findFirst()
                    .ifPresent(e -> show(ChatLines.receipt(receipt.status(),
                            MessageText.of(e.kind(), e.text(), e.attachment()))));
        }
    }

    @Override
    public void onIdentityChanged(IdentityChangedException change) {
        show("! " + change.getMessage() + " (/safety shows it)");
    }

    @Override
    public void onConnectionState(ConnectionState state) {
        if (state == ConnectionState.SYNCING || state == shownState) {
            return;
        }
        shownState = state;
        show(switch (state) {
            case ONLINE -> "· online";
            case CONNECTING -> "· connecting …";
            default -> "· offline";
        });
    }

    @Override
    public void onError(BlindgateException error) {
        show("! " + error.getMessage());
    }

    private void show(String line) {
        ChatScreen s = screen;
        if (s != null) {
            s.show(line);
        }
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
