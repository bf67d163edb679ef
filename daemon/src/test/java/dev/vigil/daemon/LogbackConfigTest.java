package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.Status;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** logback.xml loads cleanly and logs one journald-friendly line per event to stderr. */
class LogbackConfigTest {
    @Test
    void rootLogsToStderrWithoutTimestamps() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(context.getStatusManager().getCopyOfStatusList()).noneMatch(s -> s.getLevel() >= Status.WARN);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<?> appender = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertThat(appender).as("the STDERR appender of logback.xml").isNotNull();
        assertThat(appender.getTarget()).isEqualTo("System.err");
        PatternLayoutEncoder encoder = (PatternLayoutEncoder) appender.getEncoder();
        String line = encoder.getLayout().doLayout(event("camera up", null));
        assertThat(line).isEqualTo("INFO  LogbackConfigTest - camera up\n");
    }

    @Test
    void credentialsInRtspUrlsAreMaskedInMessagesAndStackTraces() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ConsoleAppender<?> appender = (ConsoleAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        PatternLayoutEncoder encoder = (PatternLayoutEncoder) appender.getEncoder();
        String line = encoder.getLayout().doLayout(event("cannot reach rtsp://admin:s3cret@10.0.0.5/stream",
                new IllegalStateException("from rtsps://u:p%40ss@cam:322/x")));
        assertThat(line).contains("rtsp://admin:***@10.0.0.5/stream").contains("rtsps://u:***@cam:322/x")
                .doesNotContain("s3cret").doesNotContain("p%40ss");
    }

    private static ch.qos.logback.classic.spi.LoggingEvent event(String message, Throwable thrown) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger logger = context.getLogger(LogbackConfigTest.class);
        return new ch.qos.logback.classic.spi.LoggingEvent(Logger.class.getName(), logger, ch.qos.logback.classic.Level.INFO, message, thrown, null);
    }
}
