package dev.vigil.rtsp.transport;

import io.netty.channel.Channel;
import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Lets a busy event loop wake for I/O at most once a period, so that what every camera sent
 * meanwhile is read in one wake-up instead of one wake-up per burst.
 *
 * <p>Why: a camera sends a frame as one burst of packets, 15 to 30 a second. An event loop woken
 * for each burst at 64 cameras switched context about 900 times a second, and the switches and
 * the empty returns to {@code epoll_wait} cost more than reading the bytes. Recording needs no
 * frame within milliseconds of its arrival (a frame's time comes from its RTP timestamp, slewed
 * toward its arrival by a few hundred ppm at most, and the flush interval is what durability
 * promises). The longer the period, the more each {@code recv} reads and the fewer window updates
 * the kernel sends back: measured with {@code vigil bench} at 64 cameras over TCP, the event loops
 * used 7.1-7.2 % of a core at 10 ms, 5.0-5.4 % at 50 ms and 4.0-4.1 % at 100 ms (BENCHMARKS.md).
 *
 * <p>How: before a loop blocks in {@code epoll_wait}, if it last went to wait less than a period
 * ago, it first sleeps out the rest of the period. So a loop kept busy waits about once a period,
 * and finds many sockets ready each time. A loop that has not woken for a period or more goes to
 * wait at once, so on an idle loop a lone message (an RTSP reply) is read the moment it comes;
 * otherwise it is read at most a period late. A loop with tasks queued never sleeps; a task
 * submitted during the sleep runs after it, and a timer due then fires after it: at most a period
 * late.
 *
 * <p>What a socket must hold meanwhile: a period of its camera's stream, and a key frame's burst.
 * A TCP socket's buffer grows to what is read from it at a time (Linux's receive autotuning, up to
 * the maximum in {@code net.ipv4.tcp_rmem}, several MiB), and the camera waits, losing nothing,
 * while it grows. A datagram socket holds what its buffer holds and drops the rest, and Linux
 * grants it at most {@code net.core.rmem_max}, 208 KiB by default, about a hundred packets. So a
 * loop that serves an RTP datagram socket ({@link #keepShort}) waits at most
 * {@link #DATAGRAM_PERIOD}.
 */
final class PacedWakeups implements SelectStrategyFactory {
    /** The period when nothing else is asked for: a frame interval at 10 frames a second. */
    static final Duration DEFAULT_PERIOD = Duration.ofMillis(100);
    /** The longest period of a loop that serves a datagram socket: short next to a frame interval. */
    static final Duration DATAGRAM_PERIOD = Duration.ofMillis(10);

    /** The strategy of the loop whose thread this is, once it has first gone to wait. */
    private static final ThreadLocal<Strategy> CURRENT = new ThreadLocal<>();

    private final long periodNanos;
    private final long datagramPeriodNanos;
    private final LongSupplier nanoTime;
    private final LongConsumer sleep;

    PacedWakeups(Duration period) {
        this(period, System::nanoTime, LockSupport::parkNanos);
    }

    PacedWakeups(Duration period, LongSupplier nanoTime, LongConsumer sleep) {
        if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("wake-up period must be positive, not " + period);
        this.periodNanos = period.toNanos();
        this.datagramPeriodNanos = Math.min(periodNanos, DATAGRAM_PERIOD.toNanos());
        this.nanoTime = nanoTime;
        this.sleep = sleep;
    }

    Duration period() {
        return Duration.ofNanos(periodNanos);
    }

    /**
     * Keeps the period of {@code channel}'s loop at most {@link #DATAGRAM_PERIOD} while the channel
     * is open. For datagram sockets, whose buffers cannot grow. Harmless on a loop not paced here.
     */
    static void keepShort(Channel channel) {
        channel.eventLoop().execute(() -> {
            Strategy s = CURRENT.get();
            if (s == null || !channel.isOpen()) return;
            s.datagrams++;
            channel.closeFuture().addListener(f -> s.datagrams--); // on the same loop's thread
        });
    }

    /** One per event loop: its state is the loop's own, touched by the loop's thread alone. */
    @Override
    public SelectStrategy newSelectStrategy() {
        return new Strategy();
    }

    private final class Strategy implements SelectStrategy {
        private long lastWait;
        private boolean waited;
        private int datagrams;
        private boolean known;

        @Override
        public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
            if (!known) {
                CURRENT.set(this); // before any task of the loop's runs, keepShort's included
                known = true;
            }
            if (hasTasks) return selectNow.get(); // as Netty's default: tasks are never held back
            long now = nanoTime.getAsLong();
            long rest = waited ? lastWait + (datagrams > 0 ? datagramPeriodNanos : periodNanos) - now : 0;
            if (rest > 0) {
                // parkNanos may return early (a spurious wake-up): the wait below is still correct, merely sooner.
                sleep.accept(rest);
                now = nanoTime.getAsLong();
            }
            lastWait = now;
            waited = true;
            return SelectStrategy.SELECT;
        }
    }
}
