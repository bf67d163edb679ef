package dev.vigil.rtsp.session;

import dev.vigil.rtsp.AccessUnitSink;
import dev.vigil.rtsp.transport.InterleavedFrameDecoder;
import dev.vigil.rtsp.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's RTSP session, kept alive for as long as it runs: it connects, plays, and after any
 * failure (refused connection, a 4xx, a stall, a dropped connection) waits with exponential
 * backoff and jitter, then connects again. Access units go to the sink on the session's event
 * loop. Credentials never appear in a log line or a state message.
 */
public final class RtspClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RtspClient.class);
    private static final int MAX_REDIRECTS = 5;
    private static final int MAX_RTSP_MESSAGE = 1 << 20;
    /**
     * The longest interleaved frame believed: all that the 16-bit length can say. Most cameras send
     * RTP packets of about an Ethernet MTU over TCP, but some send far larger ones, and refusing
     * them would stall such a camera for good. A length that lies is found out once its bytes are
     * in (what follows is no frame): at most 64 KiB buffered, a fraction of a second of video.
     */
    static final int MAX_INTERLEAVED_FRAME = InterleavedFrameDecoder.MAX_FRAME_BYTES;
    /**
     * An unreachable camera (rebooting, unplugged) is retried at least this often, so that it records
     * again within seconds of coming back; a camera that answers and refuses (401, 404, no track)
     * backs off to the configured maximum, since asking again soon would change nothing.
     */
    static final java.time.Duration UNREACHABLE_RETRY_MAX = java.time.Duration.ofSeconds(4);

    /** Told about the session's life, on its event loop. */
    public interface Listener {
        /** PLAY succeeded: a new run of media begins. */
        default void playing(String server, List<String> tracks, boolean tcp) {}

        /** The connection ended; a reconnect follows unless the client was closed. */
        default void disconnected(String reason) {}
    }

    private final RtspClientConfig config;
    private final EventLoop loop;
    private final AccessUnitSink sink;
    private final Listener listener;
    private final LongSupplier nanoTime;
    private final Backoff backoff;
    private final Backoff unreachableBackoff;
    private final String redactedUrl;
    private volatile SessionState state = new SessionState(SessionState.Phase.IDLE, null, 0);
    private String currentUrl;
    private int redirects;
    private boolean tcp;
    private boolean getParameterBroken;
    private boolean stopping;
    private boolean mediaSeen;
    private long connections;
    private Channel channel;
    private volatile RtspConnection connection;
    /** RTP packets lost by connections that have ended. */
    private final java.util.concurrent.atomic.AtomicLong lostBefore = new java.util.concurrent.atomic.AtomicLong();
    /** Garbage bytes skipped on the RTSP connections that have ended. */
    private final java.util.concurrent.atomic.AtomicLong skippedBefore = new java.util.concurrent.atomic.AtomicLong();
    private ScheduledFuture<?> reconnect;
    /**
     * The failure last logged at WARN, until the camera plays again: a camera that fails the same way
     * on every retry is one WARN line, not one per attempt, while the retries go on with backoff.
     */
    private String lastWarned;
    /** Completes when the client has stopped for good (its last connection closed). */
    private final java.util.concurrent.CompletableFuture<Void> stopped = new java.util.concurrent.CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicBoolean stopAsked = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param group any event loop group; {@link Transport#chosen()} makes the process's (epoll where
     *              it loads), and the session's channels are of whatever kind the group is
     */
    public RtspClient(RtspClientConfig config, EventLoopGroup group, AccessUnitSink sink, Listener listener, LongSupplier nanoTime,
                      RandomGenerator random) {
        this.config = config;
        this.loop = group.next();
        this.sink = sink;
        this.listener = listener;
        this.nanoTime = nanoTime;
        this.backoff = new Backoff(config.backoffMin(), config.backoffMax(), random);
        java.time.Duration fastMax = config.backoffMax().compareTo(UNREACHABLE_RETRY_MAX) < 0 ? config.backoffMax() : UNREACHABLE_RETRY_MAX;
        this.unreachableBackoff = new Backoff(config.backoffMin().compareTo(fastMax) < 0 ? config.backoffMin() : fastMax, fastMax, random);
        this.currentUrl = config.url();
        this.redactedUrl = RtspUrl.parse(config.url()).redacted();
        this.tcp = config.transport() == TransportMode.TCP;
    }

    public void start() {
        loop.execute(this::connect);
    }

    public SessionState state() {
        return state;
    }

    /** RTP packets lost over the client's whole life, every connection counted. Any thread. */
    public long lostPackets() {
        RtspConnection c = connection;
        return lostBefore.get() + (c == null ? 0 : c.lostPackets());
    }

    /**
     * Bytes of the RTSP connections skipped as garbage while resynchronising interleaved framing,
     * over the client's whole life. Any thread.
     */
    public long skippedBytes() {
        RtspConnection c = connection;
        return skippedBefore.get() + (c == null ? 0 : c.skippedBytes());
    }

    private void connect() {
        if (stopping) return;
        reconnect = null;
        RtspUrl url;
        try {
            // Credentials of the configured URL (or given apart) also go to a redirect's location.
            url = RtspUrl.parse(currentUrl, credentials());
        } catch (IllegalArgumentException e) {
            setState(SessionState.Phase.STOPPED, "bad camera URL " + redactedUrl + ": " + e.getMessage());
            return;
        }
        setState(SessionState.Phase.CONNECTING, state.lastError());
        mediaSeen = false;
        connections++;
        InterleavedFrameDecoder framing = new InterleavedFrameDecoder(redactedUrl, InterleavedFrameDecoder.DEFAULT_MAX_MESSAGE_BYTES, MAX_INTERLEAVED_FRAME);
        RtspConnection c = new RtspConnection(this, url, tcp, config.audio(), sink, nanoTime, config.stallTimeout().toNanos(), framing);
        connection = c;
        Bootstrap b = new Bootstrap().group(loop).channel(Transport.of(loop).socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(framing, new RtspDecoder(), new HttpObjectAggregator(MAX_RTSP_MESSAGE),
                                new RtspEncoder(), c);
                    }
                });
        ChannelFuture f = b.connect(url.host(), url.port());
        channel = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                String reason = "cannot connect to " + url.host() + ":" + url.port() + ": " + rootMessage(done.cause());
                // RTSP itself is always TCP: a refused connect (a rebooting camera) says nothing about the media transport.
                failed(reason, false, false);
                channel = null;
                connection = null;
                listener.disconnected(reason);
                if (stopping) {
                    setState(SessionState.Phase.STOPPED, state.lastError());
                    stopped.complete(null);
                } else {
                    scheduleReconnect(unreachableBackoff);
                }
            }
        });
    }

    // ---- called by RtspConnection, on the loop ----

    void playing(String server, List<String> tracks, boolean overTcp) {
        redirects = 0;
        lastWarned = null;
        setState(SessionState.Phase.PLAYING, state.lastError());
        log.info("camera {}: playing {} over {} from '{}'", redactedUrl, tracks, overTcp ? "TCP" : "UDP", server);
        listener.playing(server, tracks, overTcp);
    }

    void mediaArrived() {
        if (!mediaSeen) {
            backoff.reset();
            unreachableBackoff.reset();
        }
        mediaSeen = true;
    }

    void failed(String reason, boolean wrongCredentials) {
        failed(reason, wrongCredentials, true);
    }

    private void failed(String reason, boolean wrongCredentials, boolean connected) {
        String line = RtspUrl.redact(reason);
        setState(state.phase(), line);
        if (connected && config.transport() == TransportMode.AUTO && (!mediaSeen || line.contains(" 461 "))) {
            // UDP that never brings media (a NAT, a firewall) or a refused transport: try the other.
            tcp = !tcp;
        }
        if (line.equals(lastWarned)) {
            // The same refusal on every retry (no supported track, 404, unreachable): it was said once.
            log.debug("camera {}: again: {}", redactedUrl, line);
            return;
        }
        lastWarned = line;
        log.warn("camera {}: {}{}", redactedUrl, line, wrongCredentials ? " (check the user and password in the config)" : "");
    }

    void redirect(String location) {
        if (++redirects > MAX_REDIRECTS) {
            failed("more than " + MAX_REDIRECTS + " redirects", false);
            return;
        }
        currentUrl = location;
        log.info("camera {}: redirected to {}", redactedUrl, RtspUrl.redact(location));
    }

    private Credentials credentials() {
        return config.credentials() != null ? config.credentials() : RtspUrl.parse(config.url()).credentialsIfAny().orElse(null);
    }

    boolean getParameterBroken() {
        return getParameterBroken;
    }

    void getParameterRefused() {
        getParameterBroken = true;
    }

    /**
     * The connection ended. {@code answered}: whether the camera said anything on it. One that
     * accepts a connection and drops it unanswered is starting up (its RTSP server is not ready
     * after a reboot), as good as unreachable: it is retried as often as a refused connect, so
     * that it records within seconds of being ready rather than after a long backoff.
     */
    void closed(String reason, boolean answered) {
        channel = null;
        RtspConnection ended = connection;
        if (ended != null) {
            lostBefore.addAndGet(ended.lostPackets());
            skippedBefore.addAndGet(ended.skippedBytes());
        }
        connection = null;
        listener.disconnected(RtspUrl.redact(reason));
        if (stopping) {
            setState(SessionState.Phase.STOPPED, state.lastError());
            stopped.complete(null);
            return;
        }
        if (redirects > 0 && reason.equals("redirected")) {
            connect();
            return;
        }
        scheduleReconnect(answered ? backoff : unreachableBackoff);
    }

    private void scheduleReconnect(Backoff policy) {
        if (stopping || reconnect != null) return;
        long delay = policy.nextDelayNanos();
        setState(SessionState.Phase.WAITING_TO_RECONNECT, state.lastError());
        reconnect = loop.schedule(this::connect, delay, TimeUnit.NANOSECONDS);
    }

    private void setState(SessionState.Phase phase, String error) {
        state = new SessionState(phase, error, Math.max(0, connections - 1));
    }

    static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        if (t.getMessage() == null) return t.getClass().getSimpleName();
        // The native transport names the system call ("finishConnect(..) failed: Connection refused");
        // the reason is the same as NIO's and reads the same whichever transport runs.
        return t.getMessage().replaceFirst("^\\w+\\(\\.\\.\\) failed: ", "");
    }

    /**
     * Starts tearing the session down (TEARDOWN when playing) and stops reconnecting, without
     * waiting: a daemon stopping many cameras asks them all at once, then waits for them together.
     * Completes when the last connection has closed.
     */
    public java.util.concurrent.CompletableFuture<Void> stop() {
        if (stopAsked.compareAndSet(false, true)) loop.execute(() -> {
            stopping = true;
            if (reconnect != null) reconnect.cancel(false);
            if (connection != null && channel != null && connection.stop()) {
                return; // closed() completes the stop
            } else if (channel != null && channel.isActive()) {
                channel.close();
            } else {
                if (channel != null) channel.close(); // still connecting
                setState(SessionState.Phase.STOPPED, state.lastError());
                stopped.complete(null);
            }
        });
        return stopped;
    }

    /** {@link #stop()}, waiting up to 3 s for it. */
    @Override
    public void close() {
        stop();
        try {
            stopped.get(3, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            log.warn("camera {}: the session did not stop within 3 s; its connection is abandoned", redactedUrl);
            Channel ch = channel;
            if (ch != null) ch.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
