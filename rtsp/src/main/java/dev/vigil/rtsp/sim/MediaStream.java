package dev.vigil.rtsp.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The media of one connection once set up: the clip's frames as RTP at real-time pace, RTCP
 * sender reports every 5 s, over TCP-interleaved or UDP. Runs on the connection's event loop.
 * What a quirk adds or changes is asked of {@link MediaQuirks} at a few fixed points.
 */
final class MediaStream {
    static final int CLOCK_RATE = 90_000;

    private final SimulatedCamera camera;
    private final ChannelHandlerContext ctx;
    private final MediaQuirks quirks;
    /** The path's runtime faults; null when the connection named no path. */
    private final CameraFaults faults;
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private final long timestampBase = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private final H264Packetizer packetizer = new H264Packetizer(1400, ssrc, ThreadLocalRandom.current().nextInt(0x10000));
    private int rtpChannel = -1;
    private Channel udpRtp;
    private Channel udpRtcp;
    private InetSocketAddress clientRtp;
    private InetSocketAddress clientRtcp;
    private ScheduledFuture<?> pacer;
    private long frameNumber;
    private long packetCount;
    private long octetCount;
    /** The clip being played, and the frame number at which it began (a switched clip starts at its key frame). */
    private Clip playing;
    private long clipStart;

    MediaStream(SimulatedCamera camera, ChannelHandlerContext ctx, Quirks quirks, int connection, CameraFaults faults) {
        this.camera = camera;
        this.ctx = ctx;
        this.quirks = new MediaQuirks(quirks, connection, this);
        this.faults = faults;
    }

    /** The Transport answer for interleaved channels {@code channel} and {@code channel + 1}. */
    String setUpTcp(int channel) {
        rtpChannel = channel;
        return "RTP/AVP/TCP;unicast;interleaved=" + rtpChannel + "-" + (rtpChannel + 1) + ";ssrc=" + String.format("%08X", ssrc);
    }

    /** The Transport answer for UDP to the client's ports, from two server ports bound now. */
    String setUpUdp(InetSocketAddress rtp, InetSocketAddress rtcp) throws IOException {
        clientRtp = rtp;
        clientRtcp = rtcp;
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
    private Channel udpChannel() throws IOException {
        java.nio.channels.DatagramChannel socket = java.nio.channels.DatagramChannel.open();
        socket.bind(new InetSocketAddress("127.0.0.1", 0));
        Channel ch = new NioDatagramChannel(socket);
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter());
        ctx.channel().eventLoop().register(ch);
        return ch;
    }

    boolean tcp() {
        return udpRtp == null;
    }

    boolean playing() {
        return pacer != null;
    }

    String rtpInfo(String trackUrl) {
        if (quirks.bogusRtpInfo()) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            return "url=" + trackUrl + ";seq=" + r.nextInt(0x10000) + ";rtptime=" + (r.nextInt() & 0xFFFFFFFFL);
        }
        return "url=" + trackUrl + ";seq=" + packetizer.nextSequence() + ";rtptime=" + timestamp(frameNumber);
    }

    /** Called after the SETUP answer went out. */
    void setUpAnswered() {
        quirks.afterSetup();
    }

    /** Called before the PLAY answer goes out. */
    void play() {
        if (pacer != null) return;
        long period = 1_000_000_000L / clip().fps();
        long firstDelay = 0;
        quirks.beforePlayAnswer();
        if (quirks.mediaBeforePlayAnswer()) {
            tick();
            firstDelay = period;
        }
        pacer = ctx.executor().scheduleAtFixedRate(this::tick, firstDelay + camera.firstFrameDelayNanos(), period, TimeUnit.NANOSECONDS);
    }

    private long timestamp(long frame) {
        return timestampBase + frame * CLOCK_RATE / clip().fps() + quirks.timestampOffset(frame) + (faults == null ? 0 : faults.timestampShift());
    }

    /** Sends the next frame of the loop; frame numbers never go back (timestamps only by a quirk). */
    private void tick() {
        if (camera.paused.get() || faults != null && faults.stalled()) return;
        long n = frameNumber;
        Clip wanted = camera.clip(faults);
        if (playing != wanted) {
            if (playing != null) clipStart = n;
            playing = wanted;
        }
        Clip clip = playing;
        frameNumber++;
        long timestamp = timestamp(n);
        quirks.beforeFrame(n);
        List<ByteBuf> packets = new ArrayList<>();
        packetizer.packetize(clip.frames().get((int) ((n - clipStart) % clip.frames().size())), timestamp, ctx.alloc(), packets::add);
        if (n % (5L * clip.fps()) == 0) sendSenderReport(timestamp);
        if (tcp() && !ctx.channel().isWritable()) {
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
        quirks.afterFrame(n, timestamp, packetizer);
        if (tcp() && faults != null) {
            int junk = faults.takeGarbage();
            if (junk > 0) raw(Unpooled.wrappedBuffer(junk(junk)));
        }
        flush();
        camera.framesSent.incrementAndGet();
        if (faults != null) faults.frameSent();
    }

    private void sendSenderReport(long rtpTimestamp) {
        send(senderReport(ssrc, System.currentTimeMillis(), rtpTimestamp, packetCount, octetCount), true);
    }

    ByteBuf senderReport(int ssrc, long unixMillis, long rtpTimestamp, long packets, long octets) {
        long ntpSeconds = unixMillis / 1000 + 2_208_988_800L;
        long ntpFraction = ((unixMillis % 1000) << 32) / 1000;
        ByteBuf sr = ctx.alloc().buffer(28);
        sr.writeByte(0x80).writeByte(200).writeShort(6).writeInt(ssrc)
                .writeInt((int) ntpSeconds).writeInt((int) ntpFraction).writeInt((int) rtpTimestamp)
                .writeInt((int) packets).writeInt((int) octets);
        return sr;
    }

    /** One RTP (or RTCP) packet of the set-up track, over whichever transport it uses; takes {@code packet}. */
    void send(ByteBuf packet, boolean rtcp) {
        if (!tcp()) {
            if (quirks.silentUdp() || !rtcp && faults != null && faults.losePacket()) {
                packet.release();
                return;
            }
            (rtcp ? udpRtcp : udpRtp).write(new DatagramPacket(packet, rtcp ? clientRtcp : clientRtp));
            return;
        }
        interleaved(rtpChannel + (rtcp ? 1 : 0), packet, 0);
    }

    /** {@code $}, channel, length (+{@code extraLength}, for a lying header), then the packet, which this takes. */
    void interleaved(int channel, ByteBuf packet, int extraLength) {
        ByteBuf header = Unpooled.buffer(4).writeByte('$').writeByte(channel).writeShort(packet.readableBytes() + extraLength);
        raw(header);
        raw(packet);
    }

    /** Bytes straight onto the TCP connection, past the RTSP encoder; takes {@code bytes}. */
    void raw(ByteBuf bytes) {
        ctx.pipeline().firstContext().write(bytes);
    }

    int rtpChannel() {
        return rtpChannel;
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    Clip clip() {
        return playing != null ? playing : camera.clip(faults);
    }

    /**
     * Random bytes, but never {@code $}: junk that happens to begin a plausible interleaved header
     * is a lying length, a fault of its own ({@link Quirk#LYING_LENGTH}).
     */
    static byte[] junk(int n) {
        byte[] b = new byte[n];
        new java.util.Random(n).nextBytes(b);
        for (int i = 0; i < n; i++) if (b[i] == '$') b[i] = '#';
        return b;
    }

    void flush() {
        if (!tcp()) {
            udpRtp.flush();
            udpRtcp.flush();
        } else {
            ctx.pipeline().firstContext().flush();
        }
    }

    void stop() {
        if (pacer != null) pacer.cancel(false);
        pacer = null;
        if (udpRtp != null) udpRtp.close();
        if (udpRtcp != null) udpRtcp.close();
    }
}
