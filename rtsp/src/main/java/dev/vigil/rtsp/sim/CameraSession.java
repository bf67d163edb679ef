package dev.vigil.rtsp.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One client connection of the simulated camera: the RTSP exchange and, after PLAY, the media. */
final class CameraSession extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Pattern INTERLEAVED = Pattern.compile("interleaved=(\\d+)-(\\d+)");
    private static final Pattern CLIENT_PORT = Pattern.compile("client_port=(\\d+)-(\\d+)");
    private static final int CLOCK_RATE = 90_000;

    private final SimulatedCamera camera;
    private final String sessionId = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private final long timestampBase = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private final H264Packetizer packetizer = new H264Packetizer(1400, ssrc, ThreadLocalRandom.current().nextInt(0x10000));
    private ChannelHandlerContext ctx;
    private int rtpChannel = -1;
    private Channel udpRtp;
    private Channel udpRtcp;
    private InetSocketAddress clientRtp;
    private InetSocketAddress clientRtcp;
    private ScheduledFuture<?> pacer;
    private long frameNumber;
    private long packetCount;
    private long octetCount;

    CameraSession(SimulatedCamera camera) {
        this.camera = camera;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
        String cseq = req.headers().get(RtspHeaderNames.CSEQ, "0");
        FullHttpResponse res = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, HttpResponseStatus.OK);
        res.headers().set(RtspHeaderNames.CSEQ, cseq).set(RtspHeaderNames.SERVER, "Vigil simulated camera");
        String method = req.method().name();
        if (method.equals(RtspMethods.OPTIONS.name())) {
            res.headers().set(RtspHeaderNames.PUBLIC, "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER");
        } else if (method.equals(RtspMethods.DESCRIBE.name())) {
            byte[] sdp = sdp(req.uri()).getBytes(StandardCharsets.US_ASCII);
            res.headers().set(RtspHeaderNames.CONTENT_TYPE, "application/sdp")
                    .set(RtspHeaderNames.CONTENT_BASE, req.uri().endsWith("/") ? req.uri() : req.uri() + "/")
                    .setInt(RtspHeaderNames.CONTENT_LENGTH, sdp.length);
            res.content().writeBytes(sdp);
        } else if (method.equals(RtspMethods.SETUP.name())) {
            String transport = req.headers().get(RtspHeaderNames.TRANSPORT, "");
            res.headers().set(RtspHeaderNames.SESSION, sessionId + ";timeout=60").set(RtspHeaderNames.TRANSPORT, setUp(transport));
        } else if (method.equals(RtspMethods.PLAY.name())) {
            res.headers().set(RtspHeaderNames.SESSION, sessionId)
                    .set(RtspHeaderNames.RTP_INFO, "url=" + req.uri() + "/trackID=0;seq=" + packetizer.nextSequence() + ";rtptime=" + rtpTime());
            play();
        } else if (method.equals(RtspMethods.TEARDOWN.name())) {
            stop();
            ctx.writeAndFlush(res).addListener(f -> ctx.close());
            return;
        } else if (method.equals(RtspMethods.GET_PARAMETER.name()) || method.equals(RtspMethods.SET_PARAMETER.name())) {
            res.headers().set(RtspHeaderNames.SESSION, sessionId);
        } else {
            res.setStatus(HttpResponseStatus.METHOD_NOT_ALLOWED);
        }
        ctx.writeAndFlush(res);
    }

    private String sdp(String uri) {
        Base64.Encoder b64 = Base64.getEncoder();
        Clip clip = camera.clip();
        String profile = String.format("%02X%02X%02X", clip.sps()[1], clip.sps()[2], clip.sps()[3]);
        return "v=0\r\no=- " + sessionId.hashCode() + " 1 IN IP4 127.0.0.1\r\ns=Vigil simulated camera\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
                + "a=control:*\r\na=range:npt=now-\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
                + "a=fmtp:96 packetization-mode=1;profile-level-id=" + profile + ";sprop-parameter-sets="
                + b64.encodeToString(clip.sps()) + "," + b64.encodeToString(clip.pps()) + "\r\n"
                + "a=framerate:" + clip.fps() + "\r\na=control:trackID=0\r\n";
    }

    private String setUp(String transport) throws java.io.IOException {
        Matcher m = INTERLEAVED.matcher(transport);
        if (transport.contains("/TCP") || m.find()) {
            rtpChannel = m.find(0) ? Integer.parseInt(m.group(1)) : 0;
            return "RTP/AVP/TCP;unicast;interleaved=" + rtpChannel + "-" + (rtpChannel + 1) + ";ssrc=" + String.format("%08X", ssrc);
        }
        Matcher c = CLIENT_PORT.matcher(transport);
        if (!c.find()) throw new IllegalArgumentException("SETUP without interleaved= or client_port=: " + transport);
        InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
        clientRtp = new InetSocketAddress(peer.getAddress(), Integer.parseInt(c.group(1)));
        clientRtcp = new InetSocketAddress(peer.getAddress(), Integer.parseInt(c.group(2)));
        udpRtp = udpChannel();
        udpRtcp = udpChannel();
        return "RTP/AVP;unicast;client_port=" + clientRtp.getPort() + "-" + clientRtcp.getPort() + ";server_port="
                + ((InetSocketAddress) udpRtp.localAddress()).getPort() + "-" + ((InetSocketAddress) udpRtcp.localAddress()).getPort()
                + ";ssrc=" + String.format("%08X", ssrc);
    }

    /**
     * A UDP socket bound now, so its port goes into this very SETUP answer: binding through Netty
     * would complete later on this same event loop, which must not wait for itself.
     */
    private Channel udpChannel() throws java.io.IOException {
        java.nio.channels.DatagramChannel socket = java.nio.channels.DatagramChannel.open();
        socket.bind(new InetSocketAddress("127.0.0.1", 0));
        Channel ch = new NioDatagramChannel(socket);
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter());
        ctx.channel().eventLoop().register(ch);
        return ch;
    }

    private long rtpTime() {
        return timestampBase + frameNumber * CLOCK_RATE / camera.clip().fps();
    }

    private void play() {
        if (pacer != null) return;
        long period = 1_000_000_000L / camera.clip().fps();
        pacer = ctx.executor().scheduleAtFixedRate(this::tick, 0, period, TimeUnit.NANOSECONDS);
    }

    /** Sends the next frame of the loop; frame numbers (and so timestamps) never go back. */
    private void tick() {
        if (camera.paused.get()) return;
        Clip clip = camera.clip();
        long n = frameNumber++;
        List<ByteBuf> packets = new ArrayList<>();
        long timestamp = timestampBase + n * CLOCK_RATE / clip.fps();
        packetizer.packetize(clip.frames().get((int) (n % clip.frames().size())), timestamp, ctx.alloc(), packets::add);
        if (n % (5L * clip.fps()) == 0) sendSenderReport(timestamp);
        if (udpRtp == null && !ctx.channel().isWritable()) {
            // A real camera drops what its socket cannot take; the skipped sequence numbers show it.
            packets.forEach(ByteBuf::release);
            camera.framesSkipped.incrementAndGet();
            return;
        }
        for (ByteBuf p : packets) {
            packetCount++;
            octetCount += p.readableBytes() - 12;
            send(p, false);
        }
        flush();
        camera.framesSent.incrementAndGet();
    }

    private void sendSenderReport(long rtpTimestamp) {
        long now = System.currentTimeMillis();
        long ntpSeconds = now / 1000 + 2_208_988_800L;
        long ntpFraction = ((now % 1000) << 32) / 1000;
        ByteBuf sr = ctx.alloc().buffer(28);
        sr.writeByte(0x80).writeByte(200).writeShort(6).writeInt(ssrc)
                .writeInt((int) ntpSeconds).writeInt((int) ntpFraction).writeInt((int) rtpTimestamp)
                .writeInt((int) packetCount).writeInt((int) octetCount);
        send(sr, true);
    }

    private void send(ByteBuf packet, boolean rtcp) {
        if (udpRtp != null) {
            (rtcp ? udpRtcp : udpRtp).write(new DatagramPacket(packet, rtcp ? clientRtcp : clientRtp));
            return;
        }
        ChannelHandlerContext raw = ctx.pipeline().firstContext();
        ByteBuf header = Unpooled.buffer(4).writeByte('$').writeByte(rtpChannel + (rtcp ? 1 : 0)).writeShort(packet.readableBytes());
        raw.write(header);
        raw.write(packet);
    }

    private void flush() {
        if (udpRtp != null) {
            udpRtp.flush();
            udpRtcp.flush();
        } else {
            ctx.pipeline().firstContext().flush();
        }
    }

    private void stop() {
        if (pacer != null) pacer.cancel(false);
        pacer = null;
        if (udpRtp != null) udpRtp.close();
        if (udpRtcp != null) udpRtcp.close();
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
