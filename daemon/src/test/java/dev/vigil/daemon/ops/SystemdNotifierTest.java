package dev.vigil.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier against real unix datagram sockets bound by the test. The receiving side is Netty's
 * epoll channel, an implementation independent of the notifier's JNA one, so a wrong
 * {@code sockaddr_un} (e.g. an abstract name with a trailing NUL) cannot go unnoticed by being
 * wrong on both sides.
 */
class SystemdNotifierTest {
    private static final long PID = 4242;
    private static EpollEventLoopGroup group;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startLoop() {
        group = new EpollEventLoopGroup(1);
    }

    @AfterAll
    static void stopLoop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A bound datagram socket and what it received, one message per element. */
    record Receiver(Channel channel, BlockingQueue<String> received) implements AutoCloseable {
        static Receiver bind(DomainSocketAddress address) throws InterruptedException {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            Channel ch = new io.netty.bootstrap.Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
                            received.add(packet.content().toString(StandardCharsets.UTF_8));
                        }
                    })
                    .bind(address).sync().channel();
            return new Receiver(ch, received);
        }

        String next() throws InterruptedException {
            String message = received.poll(5, TimeUnit.SECONDS);
            assertThat(message).as("a notification within 5 s").isNotNull();
            return message;
        }

        @Override
        public void close() {
            channel.close().syncUninterruptibly();
        }
    }

    @Test
    void sendsEveryNotificationToAPathSocket() throws Exception {
        Path socket = tmp.resolve("notify");
        try (Receiver r = Receiver.bind(new DomainSocketAddress(socket.toFile()))) {
            SystemdNotifier n = SystemdNotifier.of(Map.of("NOTIFY_SOCKET", socket.toString()), PID);
            assertThat(n.enabled()).isTrue();
            assertThat(n.ready()).isTrue();
            assertThat(n.status("recording 2 cameras\nof 3")).isTrue();
            assertThat(n.watchdog()).isTrue();
            assertThat(n.stopping()).isTrue();
            assertThat(List.of(r.next(), r.next(), r.next(), r.next()))
                    .containsExactly("READY=1", "STATUS=recording 2 cameras of 3", "WATCHDOG=1", "STOPPING=1");
        }
    }

    @Test
    void sendsToAnAbstractSocketNamedWithAnAt() throws Exception {
        String name = "vigil-test-" + UUID.randomUUID();
        // Netty names abstract sockets with a leading NUL and uses the exact length, as systemd does.
        try (Receiver r = Receiver.bind(new DomainSocketAddress("\0" + name))) {
            SystemdNotifier n = SystemdNotifier.of(Map.of("NOTIFY_SOCKET", "@" + name), PID);
            assertThat(n.ready()).isTrue();
            assertThat(r.next()).isEqualTo("READY=1");
        }
    }

    @Test
    void anAbstractNameIsNotNulTerminated() throws Exception {
        byte[] address = SystemdNotifier.sockaddrUn("@ab");
        assertThat(address).hasSize(2 + 3);
        assertThat(address[2]).isZero();
        assertThat(new String(address, 3, 2, StandardCharsets.US_ASCII)).isEqualTo("ab");
        assertThat(SystemdNotifier.sockaddrUn("/run/x")).hasSize(2 + 6 + 1);
    }

    @Test
    void withoutNotifySocketNothingIsSentAndNothingFails() {
        SystemdNotifier n = SystemdNotifier.of(Map.of("WATCHDOG_USEC", "30000000"), PID);
        assertThat(n.enabled()).isFalse();
        assertThat(n.ready()).isFalse();
        assertThat(n.watchdogInterval()).isEmpty();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            assertThat(n.startWatchdog(scheduler, () -> true)).isEmpty();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void aMissingSocketIsReportedNotThrown() {
        SystemdNotifier n = SystemdNotifier.of(Map.of("NOTIFY_SOCKET", tmp.resolve("nobody-listens").toString()), PID);
        assertThat(n.ready()).isFalse();
        assertThat(n.ready()).isFalse();
        assertThat(SystemdNotifier.of(Map.of("NOTIFY_SOCKET", "relative/path"), PID).ready()).isFalse();
    }

    @Test
    void watchdogIntervalIsHalfOfWatchdogUsecForThisProcessOnly() {
        assertThat(SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "30000000"), PID)).contains(Duration.ofSeconds(15));
        assertThat(SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "4242"), PID))
                .contains(Duration.ofSeconds(15));
        assertThat(SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "1"), PID)).isEmpty();
        assertThat(SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "soon"), PID)).isEmpty();
        assertThat(SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "0"), PID)).isEmpty();
        assertThat(SystemdNotifier.watchdogInterval(Map.of(), PID)).isEmpty();
    }

    @Test
    void watchdogPingsOnlyWhileHealthy() throws Exception {
        Path socket = tmp.resolve("watchdog");
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (Receiver r = Receiver.bind(new DomainSocketAddress(socket.toFile()))) {
            // 100 ms watchdog: pings every 50 ms.
            SystemdNotifier n = SystemdNotifier.of(Map.of("NOTIFY_SOCKET", socket.toString(), "WATCHDOG_USEC", "100000"), PID);
            assertThat(n.watchdogInterval()).contains(Duration.ofMillis(50));
            AtomicBoolean healthy = new AtomicBoolean(false);
            Optional<ScheduledFuture<?>> pinging = n.startWatchdog(scheduler, healthy::get);
            assertThat(pinging).isPresent();

            // Unhealthy: a dozen intervals pass without a ping.
            assertThat(r.received().poll(600, TimeUnit.MILLISECONDS)).isNull();

            healthy.set(true);
            assertThat(r.next()).isEqualTo("WATCHDOG=1");
            assertThat(r.next()).isEqualTo("WATCHDOG=1");

            healthy.set(false);
            Thread.sleep(200); // lets a ping already in flight arrive
            r.received().clear();
            assertThat(r.received().poll(600, TimeUnit.MILLISECONDS)).isNull();

            pinging.get().cancel(false);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void aThrowingHealthCheckStopsPingsButNotTheSchedule() throws Exception {
        Path socket = tmp.resolve("throwing");
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (Receiver r = Receiver.bind(new DomainSocketAddress(socket.toFile()))) {
            SystemdNotifier n = SystemdNotifier.of(Map.of("NOTIFY_SOCKET", socket.toString(), "WATCHDOG_USEC", "100000"), PID);
            AtomicBoolean broken = new AtomicBoolean(true);
            ScheduledFuture<?> pinging = n.startWatchdog(scheduler, () -> {
                if (broken.get()) throw new IllegalStateException("event loop gone");
                return true;
            }).orElseThrow();
            assertThat(r.received().poll(300, TimeUnit.MILLISECONDS)).isNull();
            assertThat(pinging.isDone()).as("still scheduled").isFalse();
            broken.set(false);
            assertThat(r.next()).isEqualTo("WATCHDOG=1");
            pinging.cancel(false);
        } finally {
            scheduler.shutdownNow();
        }
    }
}
