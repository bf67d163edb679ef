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
        assertThat(((PatternLayoutEncoder) appender.getEncoder()).getPattern()).isEqualTo("%-5level %logger{0} - %msg%n");
    }
}
