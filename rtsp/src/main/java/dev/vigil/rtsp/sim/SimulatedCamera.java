package dev.vigil.rtsp.sim;

import dev.vigil.rtsp.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated IP camera: a real RTSP server on 127.0.0.1 that serves a pre-encoded H.264 clip in
 * a loop at real-time pace, over TCP-interleaved or UDP transport, with RTP timestamps that keep
 * increasing across loops and RTCP sender reports every 5 s. Every path serves the clip; each
 * connection is an independent stream. {@code vigil demo} and {@code vigil bench} record it, and
 * tests use its fault switches: pause media, drop every connection, the {@link Quirks} of real
 * cameras chosen at start, and per path the {@link CameraFaults} switched while it runs.
 */
public final class SimulatedCamera implements AutoCloseable {
    private final Clip clip;
    private final Quirks quirks;
    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final Channel server;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    final AtomicBoolean paused = new AtomicBoolean();
    final AtomicLong framesSent = new AtomicLong();
    final AtomicLong framesSkipped = new AtomicLong();
    final AtomicInteger connectionsAccepted = new AtomicInteger();
    final List<String> requestsWhilePlaying = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<String, CameraFaults> faults = new ConcurrentHashMap<>();
    private volatile long firstFrameDelayNanos;

    private SimulatedCamera(Clip clip, Quirks quirks, EventLoopGroup group, boolean ownGroup, int port) throws InterruptedException {
        this.clip = clip;
        this.quirks = quirks;
        this.group = group;
        this.ownGroup = ownGroup;
        SimulatedCamera camera = this;
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast("raw", RAW_OUT)
                                .addLast(new RtspDecoder())
                                .addLast(new HttpObjectAggregator(64 * 1024))
                                .addLast(new RtspEncoder())
                                .addLast(new CameraSession(camera, connectionsAccepted.incrementAndGet()));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
    }

    /** Serves {@code clip} on 127.0.0.1:{@code port} (0 picks a free port) on its own event loop. */
    public static SimulatedCamera start(Clip clip, int port) throws InterruptedException {
        return start(clip, port, Quirks.NONE);
    }

    /** Serves {@code clip} with {@code quirks}, on its own event loop. */
    public static SimulatedCamera start(Clip clip, int port, Quirks quirks) throws InterruptedException {
        return new SimulatedCamera(clip, quirks, new NioEventLoopGroup(1), true, port);
    }

    /**
     * Serves on a given event loop group (many cameras on few threads, as {@code vigil bench} does).
     * It must be a NIO group: the camera's UDP sockets are plain NIO channels, bound at once so that
     * their ports can go into the SETUP answer being written.
     */
    public static SimulatedCamera start(Clip clip, int port, EventLoopGroup group) throws InterruptedException {
        if (Transport.of(group) != Transport.NIO) throw new IllegalArgumentException("the simulated camera needs a NIO event loop group");
        return new SimulatedCamera(clip, Quirks.NONE, group, false, port);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public String url(String path) {
        return "rtsp://127.0.0.1:" + port() + "/" + path;
    }

    Clip clip() {
        return clip;
    }

    /**
     * Makes every connection that starts playing from now on wait {@code delay} before its first
     * frame. Real cameras' key frames fall at unrelated instants; cameras started together with
     * different delays have them spread the same way, instead of all in the same instant.
     */
    public SimulatedCamera delayFirstFrame(java.time.Duration delay) {
        if (delay.isNegative()) throw new IllegalArgumentException("a negative delay: " + delay);
        firstFrameDelayNanos = delay.toNanos();
        return this;
    }

    long firstFrameDelayNanos() {
        return firstFrameDelayNanos;
    }

    Quirks quirks() {
        return quirks;
    }

    /** Stops (true) or resumes (false) sending media on every connection, which stay open: a stall. */
    public void pause(boolean pause) {
        paused.set(pause);
    }

    /** Closes every client connection, as a camera that reboots does. */
    public void disconnectAll() {
        connections.close().syncUninterruptibly();
    }

    /**
     * The runtime fault switches of one path (the first segment of the URL's path, e.g. {@code cam-1}
     * for {@code rtsp://127.0.0.1:port/cam-1}), made on first use.
     */
    public CameraFaults faults(String path) {
        return faults.computeIfAbsent(path, p -> new CameraFaults(System::nanoTime));
    }

    /** The clip a path serves now. */
    Clip clip(CameraFaults path) {
        Clip switched = path == null ? null : path.clip();
        return switched != null ? switched : clip;
    }

    /** Frames sent (over all connections). */
    public long framesSent() {
        return framesSent.get();
    }

    /** TCP connections accepted so far. */
    public int connectionsAccepted() {
        return connectionsAccepted.get();
    }

    /** The methods of the requests that arrived on playing connections (keep-alives, TEARDOWN), in order. */
    public List<String> requestsWhilePlaying() {
        return List.copyOf(requestsWhilePlaying);
    }

    /** Frames skipped because a client's TCP connection could not take them (their sequence numbers are skipped too). */
    public long framesSkipped() {
        return framesSkipped.get();
    }

    /** Stops serving; closing again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        server.close().syncUninterruptibly();
        connections.close().syncUninterruptibly();
        if (ownGroup) group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** First in the pipeline: writes through its context reach the socket without the RTSP encoder. */
    private static final ChannelHandler RAW_OUT = new Sharable();

    @ChannelHandler.Sharable
    private static final class Sharable extends ChannelOutboundHandlerAdapter {}
}
