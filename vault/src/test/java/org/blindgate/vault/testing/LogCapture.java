package org.blindgate.vault.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Captures everything logged while open, at every level (DEBUG included, for the vault's own
 * loggers), as the real logback sees it.
 */
public final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger vault = (Logger) LoggerFactory.getLogger("org.blindgate");
    private final Level vaultLevel = vault.getLevel();

    public LogCapture() {
        appender.start();
        root.addAppender(appender);
        vault.setLevel(Level.DEBUG);
    }

    /** All captured lines, with arguments formatted and stack traces expanded. */
    public String text() {
        return appender.list.stream()
                .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                        : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        vault.setLevel(vaultLevel);
    }
}
