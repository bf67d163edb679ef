package dev.vigil.rtsp.session;

import dev.vigil.rtsp.AccessUnit;
import dev.vigil.rtsp.AccessUnitSink;
import dev.vigil.rtsp.Gap;
import dev.vigil.rtsp.TrackConfig;
import dev.vigil.rtsp.TrackReceiver;
import dev.vigil.rtsp.transport.InterleavedFrameDecoder;
import dev.vigil.rtsp.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One RTSP connection to a camera: OPTIONS, DESCRIBE, SETUP of each wanted track, PLAY, then
 * keep-alives and media until it fails or is stopped. The outcome goes to {@link RtspClient}, which
 * decides about reconnecting. Runs entirely on the connection's event loop.
 */
final class RtspConnection extends SimpleChannelInboundHandler<Object> {
    private enum Step { OPTIONS, DESCRIBE, SETUP, PLAY, PLAYING, TEARDOWN }

    private static final String USER_AGENT = "Vigil NVR";
    private static final int DEFAULT_TIMEOUT_SECONDS = 60;
    private static final int MAX_UDP_BIND_ATTEMPTS = 20;

    private final RtspClient client;
    private final RtspUrl url;
    private final Authenticator authenticator;
    private final boolean tcp;
    private final boolean audio;
    private final AccessUnitSink sink;
    private final LongSupplier nanoTime;
    private final long stallNanos;
    /** This connection's framing: told the channels as SETUP assigns them, hands us their frames, counts what it skips. */
    private final InterleavedFrameDecoder framing;
    private final BitSet interleavedChannels = new BitSet();
    private final List<SetupTrack> tracks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private ChannelHandlerContext ctx;
    private Step step = Step.OPTIONS;
    /** Whether the camera answered anything on this connection (see RtspClient.closed). */
    private boolean answered;
    private int cseq;
    private FullHttpRequest pending;
    private PublicMethods publicMethods = PublicMethods.parse(List.of());
    private String session;
    private int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
    private int setupIndex;
    private String server = "";
    private long lastMediaNanos;
    private ScheduledFuture<?> keepAlive;
    private ScheduledFuture<?> watchdog;
    private String failure;
    /** The session-level control URL PLAY and TEARDOWN go to. */
    private String aggregate;

    RtspConnection(RtspClient client, RtspUrl url, boolean tcp, boolean audio, AccessUnitSink sink, LongSupplier nanoTime, long stallNanos,
                   InterleavedFrameDecoder framing) {
        this.framing = framing;
        // No interleaved channel is ours until a SETUP asks for it: a '$' before that is garbage.
        framing.expectChannels(new BitSet());
        framing.deliverFramesTo(this::onFrame);
        this.client = client;
        this.url = url;
        this.authenticator = url.credentialsIfAny().map(Authenticator::new).orElse(null);
        this.tcp = tcp;
        this.audio = audio;
        this.sink = sink;
        this.nanoTime = nanoTime;
        this.stallNanos = stallNanos;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        send(RtspMethods.OPTIONS, url.withoutCredentials());
        // A camera that accepts the connection and then says nothing must not hold us forever.
        lastMediaNanos = nanoTime.getAsLong();
        watchdog = ctx.executor().scheduleAtFixedRate(this::watch, 1, 1, TimeUnit.SECONDS);
    }

    /** An interleaved frame, straight from the framing (see {@link InterleavedFrameDecoder#deliverFramesTo}). */
    private void onFrame(int channel, ByteBuf content) {
        int track = channel / 2;
        // The framing already skips channels never set up (quirk: unassigned interleaved channels).
        if (step == Step.PLAYING || step == Step.PLAY) {
            if (track < tracks.size() && tracks.get(track).receiver != null) {
                TrackReceiver r = tracks.get(track).receiver;
                if (channel % 2 == 0) r.onRtp(content);
                else r.onRtcp(content);
            }
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpResponse response) {
            onResponse(response);
        } else if (msg instanceof FullHttpRequest request) {
            // Servers may send requests (ANNOUNCE, GET_PARAMETER); answer politely and ignore.
            answerServerRequest(request);
        }
    }

    private void onResponse(FullHttpResponse r) {
        answered = true;
        int status = r.status().code();
        String method = pending == null ? "?" : pending.method().name();
        if (status == 401 && pending != null) {
            if (authenticator == null) {
                fail(method + " answered 401 Unauthorized: the camera wants credentials and none are configured", true);
                return;
            }
            AuthResult result = authenticator.onUnauthorized(r.headers().getAll(RtspHeaderNames.WWW_AUTHENTICATE));
            if (result instanceof AuthResult.Fail f) {
                fail(method + " answered 401 Unauthorized: " + f.message(), f.wrongCredentials());
                return;
            }
            resend();
            return;
        }
        if (authenticator != null) authenticator.onAccepted();
        String serverHeader = r.headers().get(RtspHeaderNames.SERVER);
        if (serverHeader != null) server = serverHeader;
        if (step == Step.TEARDOWN) {
            close("stopped");
            return;
        }
        if (step == Step.PLAYING) {
            // A keep-alive answer. A 4xx to GET_PARAMETER (454, 400, 405) is tolerated: use OPTIONS from now on.
            if (status >= 400 && method.equals("GET_PARAMETER")) client.getParameterRefused();
            pending = null;
            return;
        }
        if (status >= 300 && status < 400 && step == Step.DESCRIBE) {
            String location = r.headers().get(io.netty.handler.codec.http.HttpHeaderNames.LOCATION);
            if (location != null) {
                client.redirect(location);
                close("redirected");
                return;
            }
        }
        if (status < 200 || status >= 300) {
            fail(method + " answered " + status + " " + r.status().reasonPhrase(), false);
            return;
        }
        pending = null;
        switch (step) {
            case OPTIONS -> {
                publicMethods = PublicMethods.parse(r.headers().getAll(RtspHeaderNames.PUBLIC));
                step = Step.DESCRIBE;
                FullHttpRequest describe = request(RtspMethods.DESCRIBE, url.withoutCredentials());
                describe.headers().set(RtspHeaderNames.ACCEPT, "application/sdp");
                send(describe);
            }
            case DESCRIBE -> onDescribe(r);
            case SETUP -> onSetup(r);
            case PLAY -> onPlay();
            default -> { }
        }
    }

    private void onDescribe(FullHttpResponse r) {
        Sdp sdp = Sdp.parse(r.content().toString(StandardCharsets.UTF_8));
        ControlUrls controls = ControlUrls.of(sdp, url.withoutCredentials(), r.headers().get(RtspHeaderNames.CONTENT_BASE),
                r.headers().get(RtspHeaderNames.CONTENT_LOCATION));
        SetupTrack video = null, sound = null;
        List<String> offered = new ArrayList<>();
        for (int i = 0; i < sdp.media().size(); i++) {
            SdpMedia m = sdp.media().get(i);
            dev.vigil.rtsp.Codec codec = m.direction().mayCarryMedia() ? SetupTrack.outputCodec(m.codec()) : null;
            offered.add(m.type() + " " + m.encodingName() + (m.direction().mayCarryMedia() ? "" : " (inactive)"));
            if (codec == null) continue;
            if (codec.isVideo() && video == null) video = new SetupTrack(0, m, controls.media().get(i), codec);
            else if (!codec.isVideo() && audio && sound == null) sound = new SetupTrack(1, m, controls.media().get(i), codec);
        }
        if (video == null) {
            fail("no supported video track (the camera offers " + String.join(", ", offered) + ")", false);
            return;
        }
        tracks.add(video);
        if (sound != null) tracks.add(sound);
        aggregate = controls.aggregate();
        for (SetupTrack t : tracks) {
            int clockRate = t.media.clockRate() > 0 ? t.media.clockRate() : 90_000;
            Map<String, String> fmtp = t.media.fmtp() == null ? Map.of() : t.media.fmtp().parameters();
            TrackConfig config = tcp ? TrackConfig.tcp(t.index, t.codec, t.media.payloadType(), clockRate, fmtp)
                    : TrackConfig.udp(t.index, t.codec, t.media.payloadType(), clockRate, fmtp);
            t.receiver = new TrackReceiver(config, mediaSink, nanoTime);
        }
        step = Step.SETUP;
        sendSetup();
    }

    private void sendSetup() {
        SetupTrack t = tracks.get(setupIndex);
        if (tcp) {
            FullHttpRequest setup = request(RtspMethods.SETUP, t.controlUrl);
            setup.headers().set(RtspHeaderNames.TRANSPORT, TransportHeader.tcpRequest(2 * t.index));
            // Believed from now on: some cameras send the first packets before the SETUP answer.
            interleavedChannels.set(2 * t.index, 2 * t.index + 2);
            framing.expectChannels(interleavedChannels);
            send(setup);
        } else {
            // The SETUP names our ports, so it waits for them; the binds complete on this loop later.
            bindUdp(t, 0);
        }
    }

    private void sendUdpSetup(SetupTrack t) {
        FullHttpRequest setup = request(RtspMethods.SETUP, t.controlUrl);
        setup.headers().set(RtspHeaderNames.TRANSPORT, TransportHeader.udpRequest(((InetSocketAddress) t.rtpSocket.localAddress()).getPort()));
        send(setup);
    }

    private void onSetup(FullHttpResponse r) {
        SetupTrack t = tracks.get(setupIndex);
        String sessionValue = r.headers().get(RtspHeaderNames.SESSION);
        if (sessionValue != null && session == null) {
            SessionHeader h = SessionHeader.parse(sessionValue);
            if (h != null) {
                session = h.id();
                timeoutSeconds = h.timeoutSeconds();
            }
        }
        TransportHeader transport = TransportHeader.parse(r.headers().get(RtspHeaderNames.TRANSPORT, ""));
        if (transport != null) {
            transport.ssrc().ifPresent(ssrc -> t.receiver.expectSsrc((int) ssrc));
            if (!tcp && transport.serverPort() != null) {
                InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
                t.serverRtcp = new InetSocketAddress(peer.getAddress(), transport.serverPort().second());
            }
        }
        setupIndex++;
        if (setupIndex < tracks.size()) {
            sendSetup();
            return;
        }
        step = Step.PLAY;
        FullHttpRequest play = request(RtspMethods.PLAY, aggregate);
        play.headers().set(RtspHeaderNames.RANGE, "npt=0.000-");
        send(play);
    }

    private void onPlay() {
        step = Step.PLAYING;
        lastMediaNanos = nanoTime.getAsLong();
        long interval = Math.max(1, timeoutSeconds) * 1000L / 2;
        keepAlive = ctx.executor().scheduleAtFixedRate(this::keepAlive, interval, interval, TimeUnit.MILLISECONDS);
        List<String> described = new ArrayList<>();
        for (SetupTrack t : tracks) described.add(t.codec + "@" + t.media.clockRate());
        client.playing(server, described, tcp);
    }

    private void keepAlive() {
        boolean getParameter = publicMethods.supportsGetParameter() && !client.getParameterBroken();
        send(getParameter ? RtspMethods.GET_PARAMETER : RtspMethods.OPTIONS, url.withoutCredentials());
        for (SetupTrack t : tracks) if (t.serverRtcp != null) sendReceiverReport(t);
    }

    /** Reconnects when no access unit arrived for the stall timeout (or the exchange hangs). */
    private void watch() {
        long idle = nanoTime.getAsLong() - lastMediaNanos;
        if (idle > stallNanos) {
            fail(step == Step.PLAYING ? "no media for " + TimeUnit.NANOSECONDS.toSeconds(idle) + " s"
                    : "no answer to " + (pending == null ? step : pending.method().name()) + " for " + TimeUnit.NANOSECONDS.toSeconds(idle) + " s", false);
        }
        for (SetupTrack t : tracks) if (t.receiver != null && !tcp) t.receiver.flush();
    }

    private final AccessUnitSink mediaSink = new AccessUnitSink() {
        @Override
        public void accept(AccessUnit au) {
            if (lastMediaNanos == 0 || step == Step.PLAYING) client.mediaArrived();
            lastMediaNanos = au.receiveNanos();
            sink.accept(au);
        }

        @Override
        public void gap(Gap gap) {
            sink.gap(gap);
        }
    };

    /** RTP packets lost on this connection, over its tracks; readable from any thread. */
    long lostPackets() {
        long lost = 0;
        for (SetupTrack t : List.copyOf(tracks)) {
            if (t.receiver != null) lost += t.receiver.stats().get(dev.vigil.rtsp.TrackStats.Counter.LOST);
        }
        return lost;
    }

    /** Bytes the framing skipped as garbage on this connection; readable from any thread. */
    long skippedBytes() {
        return framing.skippedBytes();
    }

    /** Stops the session: TEARDOWN if it played, then closes. False when not connected yet. */
    boolean stop() {
        if (ctx == null) return false;
        if (step == Step.PLAYING && session != null) {
            step = Step.TEARDOWN;
            send(RtspMethods.TEARDOWN, aggregate);
            ctx.executor().schedule(() -> close("stopped"), 1, TimeUnit.SECONDS);
        } else {
            close("stopped");
        }
        return true;
    }

    private void fail(String reason, boolean wrongCredentials) {
        if (failure == null) failure = reason;
        client.failed(reason, wrongCredentials);
        close(reason);
    }

    private void close(String reason) {
        if (failure == null) failure = reason;
        if (ctx != null) ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (keepAlive != null) keepAlive.cancel(false);
        if (watchdog != null) watchdog.cancel(false);
        for (SetupTrack t : tracks) {
            if (t.receiver != null) t.receiver.close();
            t.closeSockets();
        }
        // Quirk: some servers drop the connection on GET_PARAMETER; keep alive with OPTIONS next time.
        if (step == Step.PLAYING && pending != null && pending.method().equals(RtspMethods.GET_PARAMETER)) client.getParameterRefused();
        if (pending != null) pending.release();
        pending = null;
        client.closed(failure == null ? "the camera closed the connection" + (step == Step.PLAYING ? "" : " during " + step) : failure, answered);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause.getClass().getSimpleName() + ": " + RtspUrl.redact(String.valueOf(cause.getMessage())), false);
    }

    // ---- requests ----

    private void send(HttpMethod method, String uri) {
        send(request(method, uri));
    }

    private FullHttpRequest request(HttpMethod method, String uri) {
        FullHttpRequest req = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, method, uri);
        req.headers().set(RtspHeaderNames.USER_AGENT, USER_AGENT);
        if (session != null) req.headers().set(RtspHeaderNames.SESSION, session);
        return req;
    }

    private void send(FullHttpRequest req) {
        req.headers().set(RtspHeaderNames.CSEQ, ++cseq);
        if (authenticator != null) {
            String auth = authenticator.authorization(req.method().name(), req.uri());
            if (auth != null) req.headers().set(RtspHeaderNames.AUTHORIZATION, auth);
        }
        if (pending != null) pending.release();
        pending = req.retainedDuplicate();
        ctx.writeAndFlush(req);
    }

    private void resend() {
        FullHttpRequest again = pending.copy();
        send(again);
    }

    private void answerServerRequest(FullHttpRequest request) {
        DefaultFullHttpResponse ok = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, HttpResponseStatus.OK);
        ok.headers().set(RtspHeaderNames.CSEQ, request.headers().get(RtspHeaderNames.CSEQ, "0"));
        ctx.writeAndFlush(ok);
    }

    // ---- UDP ----

    /**
     * Binds an RTP port (even, as RFC 3550 wants) and the RTCP port above it, then sends the SETUP.
     * Asynchronous: a bind through Netty completes on this very loop, which must never block
     * waiting for it. A pair whose odd half is taken is given up for another, up to 20 times.
     */
    private void bindUdp(SetupTrack t, int attempt) {
        if (attempt >= MAX_UDP_BIND_ATTEMPTS) {
            fail("cannot open UDP ports for RTP: no free pair of adjacent UDP ports after " + MAX_UDP_BIND_ATTEMPTS + " tries", false);
            return;
        }
        ChannelFuture rtpBound = udpBootstrap(t, false).bind(new InetSocketAddress(0));
        t.rtpSocket = rtpBound.channel();
        rtpBound.addListener(f -> {
            if (abandoned(t)) return;
            if (!f.isSuccess()) {
                fail("cannot open UDP ports for RTP: " + f.cause().getMessage(), false);
                return;
            }
            Transport.keepWakeupsShort(t.rtpSocket); // its buffer cannot grow as a TCP socket's does
            int port = ((InetSocketAddress) t.rtpSocket.localAddress()).getPort();
            if (port % 2 != 0 || port == 65535) {
                t.closeSockets();
                bindUdp(t, attempt + 1);
                return;
            }
            ChannelFuture rtcpBound = udpBootstrap(t, true).bind(new InetSocketAddress(port + 1));
            t.rtcpSocket = rtcpBound.channel();
            rtcpBound.addListener(g -> {
                if (abandoned(t)) return;
                if (!g.isSuccess()) {
                    // Most likely the odd port is taken: another pair.
                    t.closeSockets();
                    bindUdp(t, attempt + 1);
                    return;
                }
                sendUdpSetup(t);
            });
        });
    }

    /** True (and the track's sockets closed) when the connection ended while its ports were being bound. */
    private boolean abandoned(SetupTrack t) {
        if (ctx.channel().isActive() && step == Step.SETUP) return false;
        t.closeSockets();
        return true;
    }

    /**
     * What an RTP socket asks the kernel to buffer. A camera sends a key frame as one burst, and a
     * loop serving an RTP socket reads it once per 10 ms while busy ({@code PacedWakeups});
     * Linux's default (208 KiB, counting about 2 KiB per datagram) holds barely a hundred packets.
     * The kernel grants at most {@code net.core.rmem_max} (twice it, for its own accounting), so
     * asking more is harmless.
     */
    static final int RTP_RECEIVE_BUFFER = 4 << 20;

    private Bootstrap udpBootstrap(SetupTrack t, boolean rtcp) {
        EventLoop loop = ctx.channel().eventLoop();
        Bootstrap b = new Bootstrap();
        if (!rtcp) b.option(ChannelOption.SO_RCVBUF, RTP_RECEIVE_BUFFER);
        return b.group(loop).channel(Transport.of(loop).datagramChannel())
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext udp, DatagramPacket p) {
                        if (step != Step.PLAYING && step != Step.PLAY) return;
                        if (rtcp) t.receiver.onRtcp(p.content());
                        else t.receiver.onRtp(p.content());
                    }
                });
    }

    /** An empty receiver report: tells the camera we are alive (some stop sending without RTCP). */
    private void sendReceiverReport(SetupTrack t) {
        ByteBuf rr = Unpooled.buffer(8).writeByte(0x80).writeByte(201).writeShort(1).writeInt(0x56494731);
        t.rtcpSocket.writeAndFlush(new DatagramPacket(rr, t.serverRtcp));
    }
}
