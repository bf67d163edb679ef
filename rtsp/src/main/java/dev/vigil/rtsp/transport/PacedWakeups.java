package dev.vigil.rtsp.transport;

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
 * frame within milliseconds of its arrival (a frame's time comes from its RTP timestamp, and the
 * flush interval is what durability promises), and a socket buffer holds many periods of a
 * camera's stream. Measured with {@code vigil bench} at 64 cameras: the event loops' CPU fell by
 * 15-30 % over TCP, their context switches by three quarters (BENCHMARKS.md).
 *
 * <p>How: before a loop blocks in {@code epoll_wait}, if it last went to wait less than a period
 * ago, it first sleeps out the rest of the period. So a loop kept busy waits about once a period,
 * and finds many sockets ready each time. A loop that has not woken for a period or more goes to
 * wait at once, so on an idle loop a lone message (an RTSP reply) is read the moment it comes;
 * otherwise it is read at most a period late. A loop with tasks queued never sleeps; a task
 * submitted during the sleep runs after it, and a timer due then fires after it: at most a period
 * late. A datagram socket must hold a period of its camera's packets, a key
 * frame's burst at worst: RTP sockets ask the kernel for a large buffer to that end.
 */
final class PacedWakeups implements SelectStrategyFactory {
    /** The period when nothing else is asked for: short next to a frame interval (33-67 ms). */
    static final Duration DEFAULT_PERIOD = Duration.ofMillis(10);

    private final long periodNanos;
    private final LongSupplier nanoTime;
    private final LongConsumer sleep;

    PacedWakeups(Duration period) {
        this(period, System::nanoTime, LockSupport::parkNanos);
    }

    PacedWakeups(Duration period, LongSupplier nanoTime, LongConsumer sleep) {
        if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("wake-up period must be positive, not " + period);
        this.periodNanos = period.toNanos();
        this.nanoTime = nanoTime;
        this.sleep = sleep;
    }

    Duration period() {
        return Duration.ofNanos(periodNanos);
    }

    /** One per event loop: its state is the loop's own, touched by the loop's thread alone. */
    @Override
    public SelectStrategy newSelectStrategy() {
        return new Strategy();
    }

    private final class Strategy implements SelectStrategy {
        private long lastWait;
        private boolean waited;

        @Override
        public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
            if (hasTasks) return selectNow.get(); // as Netty's default: tasks are never held back
            long now = nanoTime.getAsLong();
            long rest = waited ? lastWait + periodNanos - now : 0;
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
