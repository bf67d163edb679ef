package dev.vigil.rtsp.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.rtsp.AccessUnit;
import dev.vigil.rtsp.session.RtspClient;
import dev.vigil.rtsp.session.RtspClientConfig;
import dev.vigil.rtsp.session.TransportMode;
import dev.vigil.rtsp.sim.Clip;
import dev.vigil.rtsp.sim.SimulatedCamera;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PacedWakeupsTest {
    private static final long MS = 1_000_000;

    private long now = 1_000 * MS;
    private final List<Long> sleeps = new ArrayList<>();
    private final SelectStrategy strategy = sleepingLoop(Duration.ofMillis(10));

    /** A loop paced at {@code period} on the test's clock, whose sleeps are noted and take their full time. */
    private SelectStrategy sleepingLoop(Duration period) {
        return new PacedWakeups(period, () -> now, n -> {
            sleeps.add(n);
            now += n;
        }).newSelectStrategy();
    }

    @Test
    void aLoopThatWaitedLessThanAPeriodAgoSleepsOutTheRestBeforeWaitingAgain() throws Exception {
        assertThat(strategy.calculateStrategy(() -> 0, false)).isEqualTo(SelectStrategy.SELECT);
        assertThat(sleeps).isEmpty(); // the first wait ever is not held back
        now += 3 * MS; // woken, and busy reading for 3 ms
        assertThat(strategy.calculateStrategy(() -> 0, false)).isEqualTo(SelectStrategy.SELECT);
        assertThat(sleeps).containsExactly(7 * MS);
        now += 1 * MS;
        strategy.calculateStrategy(() -> 0, false);
        assertThat(sleeps).containsExactly(7 * MS, 9 * MS); // paced from the end of the last sleep
    }

    @Test
    void aLoopIdleForAPeriodOrMoreWaitsAtOnce() throws Exception {
        strategy.calculateStrategy(() -> 0, false);
        now += 10 * MS;
        strategy.calculateStrategy(() -> 0, false);
        now += 250 * MS;
        strategy.calculateStrategy(() -> 0, false);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void pendingTasksAreNeverHeldBackAndDoNotCountAsAWait() throws Exception {
        strategy.calculateStrategy(() -> 0, false);
        now += 1 * MS;
        assertThat(strategy.calculateStrategy(() -> 5, true)).isEqualTo(5); // Netty's selectNow: what is ready
        assertThat(sleeps).isEmpty();
        now += 1 * MS;
        strategy.calculateStrategy(() -> 0, false);
        assertThat(sleeps).containsExactly(8 * MS); // still paced from the last real wait
    }

    @Test
    void aSleepCutShortStillEndsInAWait() throws Exception {
        SelectStrategy woken = new PacedWakeups(Duration.ofMillis(10), () -> now, n -> sleeps.add(n)).newSelectStrategy();
        woken.calculateStrategy(() -> 0, false);
        now += 2 * MS;
        assertThat(woken.calculateStrategy(() -> 0, false)).isEqualTo(SelectStrategy.SELECT);
        now += 1 * MS;
        woken.calculateStrategy(() -> 0, false);
        assertThat(sleeps).containsExactly(8 * MS, 9 * MS); // from when it really went to wait
    }

    @Test
    void eachLoopPacesOnItsOwn() throws Exception {
        PacedWakeups wakeups = new PacedWakeups(Duration.ofMillis(10), () -> now, sleeps::add);
        SelectStrategy one = wakeups.newSelectStrategy();
        SelectStrategy two = wakeups.newSelectStrategy();
        one.calculateStrategy(() -> 0, false);
        two.calculateStrategy(() -> 0, false);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aLoopServingADatagramSocketWaitsAtMostTheDatagramPeriodUntilTheSocketCloses() throws Exception {
        SelectStrategy loop = sleepingLoop(Duration.ofMillis(100));
        // EmbeddedChannel's loop runs its tasks on this thread, which is the paced loop's here.
        loop.calculateStrategy(() -> 0, true);
        EmbeddedChannel rtp = new EmbeddedChannel();
        EmbeddedChannel rtp2 = new EmbeddedChannel();
        PacedWakeups.keepShort(rtp);
        PacedWakeups.keepShort(rtp2);
        rtp.runPendingTasks();
        rtp2.runPendingTasks();
        loop.calculateStrategy(() -> 0, false);
        now += 3 * MS;
        loop.calculateStrategy(() -> 0, false);
        rtp.close().sync();
        now += 3 * MS;
        loop.calculateStrategy(() -> 0, false);
        rtp2.close().sync();
        now += 3 * MS;
        loop.calculateStrategy(() -> 0, false);
        assertThat(sleeps).containsExactly(7 * MS, 7 * MS, 97 * MS); // 10 ms while either is open, then 100 ms
    }

    @Test
    void aDatagramPeriodNeverLengthensAShorterPeriod() throws Exception {
        SelectStrategy loop = sleepingLoop(Duration.ofMillis(4));
        loop.calculateStrategy(() -> 0, false);
        EmbeddedChannel rtp = new EmbeddedChannel();
        PacedWakeups.keepShort(rtp);
        rtp.runPendingTasks();
        now += 1 * MS;
        loop.calculateStrategy(() -> 0, false);
        assertThat(sleeps).containsExactly(3 * MS); // its own 4 ms, not the datagram period's 10
    }

    @Test
    void aChannelClosedBeforeItsLoopTookItDoesNotShortenThePeriod() throws Exception {
        SelectStrategy loop = sleepingLoop(Duration.ofMillis(100));
        loop.calculateStrategy(() -> 0, false);
        EmbeddedChannel rtp = new EmbeddedChannel();
        PacedWakeups.keepShort(rtp);
        rtp.close().sync();
        rtp.runPendingTasks();
        now += 3 * MS;
        loop.calculateStrategy(() -> 0, false);
        assertThat(sleeps).containsExactly(97 * MS);
    }

    @Test
    void thePeriodMustBePositive() {
        assertThatThrownBy(() -> new PacedWakeups(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> new PacedWakeups(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePropertySetsThePeriodOrTurnsPacingOff() {
        assertThat(Transport.wakeups(null)).isInstanceOf(PacedWakeups.class);
        assertThat(((PacedWakeups) Transport.wakeups(null)).period()).isEqualTo(Duration.ofMillis(100));
        assertThat(((PacedWakeups) Transport.wakeups("25")).period()).isEqualTo(Duration.ofMillis(25));
        assertThat(Transport.wakeups("0")).isSameAs(DefaultSelectStrategyFactory.INSTANCE);
        assertThat(((PacedWakeups) Transport.wakeups("soon")).period()).isEqualTo(Duration.ofMillis(100));
        assertThat(((PacedWakeups) Transport.wakeups("-5")).period()).isEqualTo(Duration.ofMillis(100));
    }

    /**
     * A real session on a loop paced at 100 ms: over UDP, the loop never sleeps more than 10 ms
     * once the RTP socket is bound; over TCP (the control, showing the loop is paced), it sleeps
     * longer.
     */
    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void aSessionOverUdpKeepsItsLoopWakingEvery10Ms(TransportMode mode) throws Exception {
        Assumptions.assumeTrue(mode != TransportMode.AUTO);
        List<Long> slept = new CopyOnWriteArrayList<>();
        SelectStrategyFactory paced = new PacedWakeups(Duration.ofMillis(100), System::nanoTime, n -> {
            slept.add(n);
            LockSupport.parkNanos(n);
        });
        EventLoopGroup group = Transport.chosen().newGroup(1, null, paced);
        List<AccessUnit> frames = new CopyOnWriteArrayList<>();
        try (SimulatedCamera camera = SimulatedCamera.start(Clip.demo(), 0);
             RtspClient client = new RtspClient(RtspClientConfig.of(camera.url("cam")).withTransport(mode), group, frames::add,
                     new RtspClient.Listener() {}, System::nanoTime, new Random(1))) {
            client.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); // a hang guard, not a speed claim
            while (frames.size() < 5 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(frames).as("frames over " + mode).hasSizeGreaterThanOrEqualTo(5);
            slept.clear(); // from here on the RTP socket is long bound
            while (frames.size() < 25 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(frames).hasSizeGreaterThanOrEqualTo(25);
            // Frames come 67 ms apart. At 100 ms the loop is always busy and sleeps out the rest
            // of each period; at 10 ms it is mostly idle and rarely sleeps at all.
            if (mode == TransportMode.UDP) assertThat(slept).allMatch(n -> n <= 10 * MS, "at most 10 ms");
            else assertThat(slept).anyMatch(n -> n > 10 * MS);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /**
     * On a real loop, with a period far longer than the test's pauses: once the loop has woken
     * (for the connection, then for "a"), two messages sent 20 ms apart are read in one go.
     * Without pacing each would be a read of its own.
     */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void aRealLoopThatWokeLessThanAPeriodAgoReadsWhatCameMeanwhileInOneGo(Transport transport) throws Exception {
        if (transport == Transport.EPOLL) Assumptions.assumeTrue(Epoll.isAvailable(), "native epoll loads here");
        // The real sleep, until the test is done: then closing and shutting down need not wait out periods.
        AtomicBoolean pacing = new AtomicBoolean(true);
        AtomicReference<Thread> loop = new AtomicReference<>();
        SelectStrategyFactory paced = new PacedWakeups(Duration.ofSeconds(3), System::nanoTime, n -> {
            loop.set(Thread.currentThread());
            if (pacing.get()) LockSupport.parkNanos(n);
        });
        EventLoopGroup server = transport.newGroup(1, null, paced);
        EventLoopGroup client = transport.newGroup(1);
        BlockingQueue<String> reads = new LinkedBlockingQueue<>();
        try {
            Channel listener = new ServerBootstrap().group(server).channel(transport.serverSocketChannel())
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ByteBuf b = (ByteBuf) msg;
                                    reads.add(b.toString(StandardCharsets.US_ASCII));
                                    b.release();
                                }
                            });
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            Channel c = new Bootstrap().group(client).channel(transport.socketChannel()).handler(new ChannelInboundHandlerAdapter())
                    .connect((InetSocketAddress) listener.localAddress()).sync().channel();
            c.writeAndFlush(Unpooled.copiedBuffer("a", StandardCharsets.US_ASCII)).sync();
            assertThat(reads.poll(10, TimeUnit.SECONDS)).isEqualTo("a");
            c.writeAndFlush(Unpooled.copiedBuffer("b", StandardCharsets.US_ASCII)).sync();
            Thread.sleep(20);
            c.writeAndFlush(Unpooled.copiedBuffer("c", StandardCharsets.US_ASCII)).sync();
            assertThat(reads.poll(10, TimeUnit.SECONDS)).isEqualTo("bc");
            pacing.set(false);
            LockSupport.unpark(loop.get());
            c.close().sync();
            listener.close().sync();
        } finally {
            pacing.set(false);
            if (loop.get() != null) LockSupport.unpark(loop.get());
            client.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            server.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
