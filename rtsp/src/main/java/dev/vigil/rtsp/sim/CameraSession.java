package dev.vigil.rtsp.sim;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One client connection of the simulated camera: the RTSP exchange, with the answers' quirks;
 * after SETUP its {@link MediaStream} carries the media.
 */
final class CameraSession extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Pattern INTERLEAVED = Pattern.compile("interleaved=(\\d+)-(\\d+)");
    private static final Pattern CLIENT_PORT = Pattern.compile("client_port=(\\d+)-(\\d+)");

    private final SimulatedCamera camera;
    private final Quirks quirks;
    private final int connection;
    private DigestGate digest;
    /** The runtime faults of the path this connection asked for; null until a request names one. */
    private CameraFaults faults;
    private final String sessionId = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    private ChannelHandlerContext ctx;
    private MediaStream media;
    private String previousCseq;
    private long lastRequestNanos = System.nanoTime();
    private ScheduledFuture<?> expiry;

    /** @param connection 1 for the first connection the camera accepted, then 2, ... */
    CameraSession(SimulatedCamera camera, int connection) {
        this.camera = camera;
        this.quirks = camera.quirks();
        this.connection = connection;
        this.digest = quirks.digest() == null ? null : new DigestGate(quirks.digest());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // Real cameras end a session nobody keeps alive; so does this one, or keep-alives prove nothing.
        expiry = ctx.executor().scheduleAtFixedRate(this::expireIfIdle, 100, 100, TimeUnit.MILLISECONDS);
    }

    private void expireIfIdle() {
        if (System.nanoTime() - lastRequestNanos > TimeUnit.SECONDS.toNanos(quirks.sessionTimeout())) ctx.close();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
        lastRequestNanos = System.nanoTime();
        String method = req.method().name();
        if (faults == null && pathOf(req.uri()) != null) {
            faults = camera.faults(pathOf(req.uri()));
            faults.attach(ctx.channel());
            if (digest == null && faults.login() != null) digest = new DigestGate(faults.login());
        }
        if (faults != null && faults.down()) {
            ctx.close(); // rebooting: nothing answers on this path yet
            return;
        }
        if (media != null && media.playing()) camera.requestsWhilePlaying.add(method);
        String cseq = req.headers().get(RtspHeaderNames.CSEQ, "0");
        String echoed = quirks.has(Quirk.STALE_CSEQ) && previousCseq != null ? previousCseq : cseq;
        previousCseq = cseq;
        FullHttpResponse res = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, HttpResponseStatus.OK);
        res.headers().set(RtspHeaderNames.CSEQ, echoed).set(RtspHeaderNames.SERVER, "Vigil simulated camera");
        if (digest != null && !method.equals("OPTIONS") && !digest.admits(method, req.headers().get(RtspHeaderNames.AUTHORIZATION))) {
            res.setStatus(HttpResponseStatus.UNAUTHORIZED);
            res.headers().set(RtspHeaderNames.WWW_AUTHENTICATE, digest.challenge());
            ctx.writeAndFlush(res);
            return;
        }
        switch (method) {
            case "OPTIONS" -> res.headers().set(RtspHeaderNames.PUBLIC, "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER, SET_PARAMETER");
            case "DESCRIBE" -> {
                byte[] sdp = sdp().getBytes(StandardCharsets.US_ASCII);
                res.headers().set(RtspHeaderNames.CONTENT_TYPE, "application/sdp")
                        .set(RtspHeaderNames.CONTENT_BASE, req.uri().endsWith("/") ? req.uri() : req.uri() + "/")
                        .setInt(RtspHeaderNames.CONTENT_LENGTH, sdp.length);
                res.content().writeBytes(sdp);
            }
            case "SETUP" -> {
                if (!setUp(req, res)) break;
                ctx.writeAndFlush(res);
                media.setUpAnswered();
                return;
            }
            case "PLAY" -> {
                if (media == null) {
                    res.setStatus(RtspResponseStatuses.METHOD_NOT_VALID);
                    break;
                }
                res.headers().set(RtspHeaderNames.SESSION, sessionId).set(RtspHeaderNames.RTP_INFO, media.rtpInfo(req.uri() + "/trackID=0"));
                media.play();
            }
            case "TEARDOWN" -> {
                stop();
                ctx.writeAndFlush(res).addListener(f -> ctx.close());
                return;
            }
            case "GET_PARAMETER" -> {
                if (quirks.has(Quirk.DROP_ON_GET_PARAMETER)) {
                    res.release();
                    ctx.close();
                    return;
                }
                if (quirks.has(Quirk.GET_PARAMETER_454)) res.setStatus(RtspResponseStatuses.SESSION_NOT_FOUND);
                res.headers().set(RtspHeaderNames.SESSION, sessionId);
            }
            case "SET_PARAMETER" -> {
                if (quirks.has(Quirk.SET_PARAMETER_400)) res.setStatus(RtspResponseStatuses.BAD_REQUEST);
                res.headers().set(RtspHeaderNames.SESSION, sessionId);
            }
            default -> res.setStatus(HttpResponseStatus.METHOD_NOT_ALLOWED);
        }
        ctx.writeAndFlush(res);
    }

    private String sdp() {
        Base64.Encoder b64 = Base64.getEncoder();
        Clip clip = camera.clip(faults);
        String profile = String.format("%02X%02X%02X", clip.sps()[1], clip.sps()[2], clip.sps()[3]);
        String sdp = "v=0\r\no=- " + sessionId.hashCode() + " 1 IN IP4 127.0.0.1\r\ns=Vigil simulated camera\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
                + "a=control:*\r\na=range:npt=now-\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
                + "a=fmtp:96 packetization-mode=1;profile-level-id=" + profile + ";sprop-parameter-sets="
                + b64.encodeToString(clip.sps()) + "," + b64.encodeToString(clip.pps()) + "\r\n"
                + "a=framerate:" + clip.fps() + "\r\na=control:trackID=0\r\n";
        if (quirks.has(Quirk.UNSUPPORTED_CODECS)) {
            return "v=0\r\no=- " + sessionId.hashCode() + " 1 IN IP4 127.0.0.1\r\ns=Vigil simulated camera\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
                    + "a=control:*\r\nm=video 0 RTP/AVP 26\r\na=control:trackID=0\r\n"
                    + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\na=control:trackID=1\r\n";
        }
        if (!quirks.has(Quirk.MALFORMED_SDP)) return sdp;
        return sdp.replaceFirst("o=[^\r]*\r\n", "").replace("\r\n", "  \r\n");
    }

    /** Fills in the SETUP answer; false when it is a refusal. */
    private boolean setUp(FullHttpRequest req, FullHttpResponse res) throws IOException {
        String transport = req.headers().get(RtspHeaderNames.TRANSPORT, "");
        if (media == null) media = new MediaStream(camera, ctx, quirks, connection, faults);
        Matcher m = INTERLEAVED.matcher(transport);
        String answer;
        if (transport.contains("/TCP") || m.find()) {
            answer = media.setUpTcp(m.find(0) ? Integer.parseInt(m.group(1)) : 0);
        } else {
            if (quirks.has(Quirk.REFUSE_UDP)) {
                res.setStatus(RtspResponseStatuses.UNSUPPORTED_TRANSPORT);
                return false;
            }
            Matcher c = CLIENT_PORT.matcher(transport);
            if (!c.find()) throw new IllegalArgumentException("SETUP without interleaved= or client_port=: " + transport);
            InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
            answer = media.setUpUdp(new InetSocketAddress(peer.getAddress(), Integer.parseInt(c.group(1))),
                    new InetSocketAddress(peer.getAddress(), Integer.parseInt(c.group(2))));
        }
        String timeout = quirks.has(Quirk.NO_SESSION_TIMEOUT) ? "" : ";timeout=" + quirks.sessionTimeout();
        res.headers().set(RtspHeaderNames.SESSION, sessionId + timeout).set(RtspHeaderNames.TRANSPORT, answer);
        return true;
    }

    /** The first segment of a request URI's path ({@code cam-1} of {@code rtsp://host:554/cam-1/trackID=0}); null if none. */
    static String pathOf(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme < 0) return null;
        int slash = uri.indexOf('/', scheme + 3);
        if (slash < 0) return null;
        int end = slash + 1;
        while (end < uri.length() && uri.charAt(end) != '/' && uri.charAt(end) != '?') end++;
        return end == slash + 1 ? null : uri.substring(slash + 1, end);
    }

    private void stop() {
        if (expiry != null) expiry.cancel(false);
        if (media != null) media.stop();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
