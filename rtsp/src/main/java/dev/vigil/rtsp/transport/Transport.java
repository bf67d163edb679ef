package dev.vigil.rtsp.transport;

import dev.vigil.rtsp.codec.Depacketizer;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty's I/O transport: native epoll where it loads (Linux), NIO elsewhere. An event loop group
 * only takes channels of its own kind, so the group and the channel classes always come from here
 * together. {@code -Dvigil.transport=nio} forces NIO (to rule the native code out when chasing a
 * problem); {@code epoll} asks for it, falling back to NIO with a warning when it cannot load.
 *
 * <p>The groups' loops wake for I/O at most once per {@link PacedWakeups} period while busy (100
 * ms; 10 ms for a loop serving an RTP datagram socket);
 * {@code -Dvigil.wakeupPeriodMillis=0} makes them wake for every burst (Netty's default), any
 * other value sets the period.
 */
public enum Transport {
    EPOLL {
        @Override
        EventLoopGroup newGroup(int threads, ThreadFactory threadFactory, SelectStrategyFactory wakeups) {
            return new EpollEventLoopGroup(threads, threadFactory, wakeups);
        }

        @Override
        public Class<? extends SocketChannel> socketChannel() {
            return EpollSocketChannel.class;
        }

        @Override
        public Class<? extends ServerSocketChannel> serverSocketChannel() {
            return EpollServerSocketChannel.class;
        }

        @Override
        public Class<? extends DatagramChannel> datagramChannel() {
            return EpollDatagramChannel.class;
        }
    },
    NIO {
        @Override
        EventLoopGroup newGroup(int threads, ThreadFactory threadFactory, SelectStrategyFactory wakeups) {
            return new NioEventLoopGroup(threads, threadFactory, SelectorProvider.provider(), wakeups);
        }

        @Override
        public Class<? extends SocketChannel> socketChannel() {
            return NioSocketChannel.class;
        }

        @Override
        public Class<? extends ServerSocketChannel> serverSocketChannel() {
            return NioServerSocketChannel.class;
        }

        @Override
        public Class<? extends DatagramChannel> datagramChannel() {
            return NioDatagramChannel.class;
        }
    };

    /** The system property that picks the transport: {@code epoll} (the default) or {@code nio}. */
    public static final String PROPERTY = "vigil.transport";
    /** The system property that sets the {@link PacedWakeups} period in ms; 0 turns pacing off. */
    public static final String WAKEUP_PROPERTY = "vigil.wakeupPeriodMillis";

    private static final Logger log = LoggerFactory.getLogger(Transport.class);

    /** A new event loop group of this transport; {@code threadFactory} null for Netty's default. */
    public EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
        return newGroup(threads, threadFactory, Chosen.WAKEUPS);
    }

    /** A new event loop group whose loops wait for I/O as {@code wakeups} says. */
    abstract EventLoopGroup newGroup(int threads, ThreadFactory threadFactory, SelectStrategyFactory wakeups);

    public abstract Class<? extends SocketChannel> socketChannel();

    public abstract Class<? extends ServerSocketChannel> serverSocketChannel();

    public abstract Class<? extends DatagramChannel> datagramChannel();

    /** A new event loop group of this transport, with Netty's default threads. */
    public EventLoopGroup newGroup(int threads) {
        return newGroup(threads, null);
    }

    /**
     * Keeps the loop of {@code datagramChannel} waking often while the channel is open: a datagram
     * socket's buffer cannot grow while the loop sleeps, as a TCP socket's does ({@link PacedWakeups}).
     * Call once the channel is registered.
     */
    public static void keepWakeupsShort(io.netty.channel.Channel datagramChannel) {
        PacedWakeups.keepShort(datagramChannel);
    }

    /** The transport of the process, chosen once from the property and what loads here. */
    public static Transport chosen() {
        return Chosen.TRANSPORT;
    }

    /**
     * The transport a group was made for. Channels must match their loop's kind, and a caller may
     * hand in a group it made itself (a test's NIO group) whatever {@link #chosen()} says.
     */
    public static Transport of(EventLoopGroup group) {
        EventLoopGroup parent = group instanceof io.netty.channel.EventLoop loop && loop.parent() != null ? loop.parent() : group;
        return parent instanceof EpollEventLoopGroup ? EPOLL : NIO;
    }

    /** Pure choice, apart from the logging, so the rule can be tested without the property. */
    static Transport choose(String property, boolean epollAvailable, Throwable whyNot) {
        String wanted = property == null || property.isBlank() ? "epoll" : property.trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "nio" -> {
                return NIO;
            }
            case "epoll" -> {
                if (epollAvailable) return EPOLL;
                if (property != null) log.warn("{}=epoll, but native epoll cannot be used here ({}); using NIO", PROPERTY, String.valueOf(whyNot));
                return NIO;
            }
            default -> {
                log.warn("{}={} is neither epoll nor nio; using the default", PROPERTY, property);
                return choose(null, epollAvailable, whyNot);
            }
        }
    }

    /** How loops wait for I/O: paced by {@code property} (ms, null for the default), or not at all at 0. */
    static SelectStrategyFactory wakeups(String property) {
        Duration period = PacedWakeups.DEFAULT_PERIOD;
        if (property != null && !property.isBlank()) {
            try {
                period = Duration.ofMillis(Long.parseLong(property.trim()));
            } catch (NumberFormatException e) {
                log.warn("{}={} is not a whole number of milliseconds; using {} ms", WAKEUP_PROPERTY, property, period.toMillis());
            }
        }
        if (period.isNegative()) {
            log.warn("{}={} is negative; using {} ms", WAKEUP_PROPERTY, property, PacedWakeups.DEFAULT_PERIOD.toMillis());
            period = PacedWakeups.DEFAULT_PERIOD;
        }
        return period.isZero() ? DefaultSelectStrategyFactory.INSTANCE : new PacedWakeups(period);
    }

    /** Holder: decided (and logged) on first use, once per process. */
    private static final class Chosen {
        // First: the line decide() logs names the pacing too.
        static final SelectStrategyFactory WAKEUPS = wakeups(System.getProperty(WAKEUP_PROPERTY));
        static final Transport TRANSPORT = decide();

        private static Transport decide() {
            boolean available = Epoll.isAvailable();
            Transport t = choose(System.getProperty(PROPERTY), available, available ? null : Epoll.unavailabilityCause());
            log.info("network transport: {}{}, {}, {}", t.name().toLowerCase(Locale.ROOT),
                    t == NIO && !available ? " (native epoll unavailable: " + Epoll.unavailabilityCause() + ")" : "",
                    WAKEUPS instanceof PacedWakeups p ? "wake-ups paced at " + p.period().toMillis() + " ms" : "wake-ups not paced",
                    Depacketizer.startCodeScan());
            return t;
        }
    }
}
