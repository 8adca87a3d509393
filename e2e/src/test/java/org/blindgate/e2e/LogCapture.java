package org.blindgate.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Everything logged in this JVM (any logger, at the levels of logback-test.xml) while open. */
final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    LogCapture() {
        appender.start();
        root.addAppender(appender);
    }

    /** The captured lines, arguments formatted, stack traces expanded. */
    String text() {
        synchronized (appender) {
            return appender.list.stream()
                    .map(e -> e.getLoggerName() + " " + e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                            : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                    .collect(Collectors.joining("\n"));
        }
    }

    int lines() {
        return appender.list.size();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
