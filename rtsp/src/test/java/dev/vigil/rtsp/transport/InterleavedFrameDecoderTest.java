package dev.vigil.rtsp.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InterleavedFrameDecoderTest {
    static final String SDP = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=cam\r\nm=video 0 RTP/AVP 96\r\n";
    static final String DESCRIBE_REPLY = "RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\n"
            + "content-length: " + SDP.length() + "\r\n\r\n" + SDP;
    static final String KEEPALIVE_REPLY = "RTSP/1.0 200 OK\r\nCSeq: 5\r\nSession: 1234\r\n\r\n";
    static final String SERVER_REQUEST = "GET_PARAMETER rtsp://cam/ RTSP/1.0\r\nCSeq: 9\r\n\r\n";

    /** Every buffer written in, to prove at the end that all were released. */
    final List<ByteBuf> inputs = new ArrayList<>();

    @AfterEach
    void everyInputBufferWasReleased() {
        for (ByteBuf b : inputs) assertThat(b.refCnt()).as("input buffer leaked").isZero();
    }

    ByteBuf pooled(byte[] bytes) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(bytes.length);
        b.writeBytes(bytes);
        inputs.add(b);
        return b;
    }

    static byte[] frame(int channel, byte[] data) {
        byte[] f = new byte[4 + data.length];
        f[0] = '$';
        f[1] = (byte) channel;
        f[2] = (byte) (data.length >> 8);
        f[3] = (byte) data.length;
        System.arraycopy(data, 0, f, 4, data.length);
        return f;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] rtp(int n, int fill) {
        byte[] d = new byte[n];
        Arrays.fill(d, (byte) fill);
        d[0] = (byte) 0x80;
        return d;
    }

    /** Reads every output as a description and releases it (checking the release freed it). */
    static List<String> drain(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        Object msg;
        while ((msg = ch.readInbound()) != null) {
            if (msg instanceof InterleavedFrame f) {
                out.add("$" + f.channel() + ":" + ByteBufUtil.hexDump(f.content()));
            } else {
                out.add("rtsp:" + ((ByteBuf) msg).toString(StandardCharsets.US_ASCII));
            }
            assertThat(ReferenceCountUtil.refCnt(msg)).isEqualTo(1);
            assertThat(ReferenceCountUtil.release(msg)).as("the consumer's release frees it").isTrue();
        }
        return out;
    }

    static final byte[] STREAM = concat(
            frame(0, rtp(20, 1)),
            ascii(DESCRIBE_REPLY),
            frame(1, rtp(8, 2)),
            frame(0, new byte[0]),
            ascii(SERVER_REQUEST),
            frame(2, rtp(300, 3)),
            ascii(KEEPALIVE_REPLY),
            frame(0, rtp(12, 4)));

    static List<String> expected() {
        return List.of(
                "$0:" + ByteBufUtil.hexDump(rtp(20, 1)),
                "rtsp:" + DESCRIBE_REPLY,
                "$1:" + ByteBufUtil.hexDump(rtp(8, 2)),
                "$0:",
                "rtsp:" + SERVER_REQUEST,
                "$2:" + ByteBufUtil.hexDump(rtp(300, 3)),
                "rtsp:" + KEEPALIVE_REPLY,
                "$0:" + ByteBufUtil.hexDump(rtp(12, 4)));
    }

    @Test
    void separatesFramesFromRtspMessages() {
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder());
        ch.writeInbound(pooled(STREAM));
        assertThat(drain(ch)).containsExactlyElementsOf(expected());
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void splitAtEveryByteOffset() {
        for (int k = 0; k <= STREAM.length; k++) {
            EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder());
            List<String> out = new ArrayList<>();
            ch.writeInbound(pooled(Arrays.copyOfRange(STREAM, 0, k)));
            out.addAll(drain(ch));
            ch.writeInbound(pooled(Arrays.copyOfRange(STREAM, k, STREAM.length)));
            out.addAll(drain(ch));
            assertThat(out).as("split at %d", k).containsExactlyElementsOf(expected());
            assertThat(ch.finish()).isFalse();
        }
    }

    @Test
    void oneByteAtATime() {
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder());
        List<String> out = new ArrayList<>();
        for (byte b : STREAM) {
            ch.writeInbound(pooled(new byte[] {b}));
            out.addAll(drain(ch));
        }
        assertThat(out).containsExactlyElementsOf(expected());
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void partialFrameIsNotConsumed() {
        byte[] f = frame(0, rtp(100, 5));
        for (int k = 1; k < f.length; k++) {
            EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder());
            ByteBuf head = pooled(Arrays.copyOf(f, k));
            ch.writeInbound(head);
            assertThat((InterleavedFrame) ch.readInbound()).isNull();
            // The first buffer becomes the decoder's cumulation: nothing of it was read.
            assertThat(head.readerIndex()).as("split at %d", k).isZero();
            ch.writeInbound(pooled(Arrays.copyOfRange(f, k, f.length)));
            assertThat(drain(ch)).containsExactly("$0:" + ByteBufUtil.hexDump(rtp(100, 5)));
            assertThat(ch.finish()).isFalse();
        }
    }

    @Test
    void resynchronisesOnGarbage() {
        InterleavedFrameDecoder decoder = new InterleavedFrameDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        byte[] garbage1 = ascii("\r\nxx\0\u0001Rubbish SETUPx ");
        byte[] garbage2 = new byte[] {(byte) 0xFF, 0x00, 'P', 'L', 'A', 'X'};
        ch.writeInbound(pooled(concat(garbage1, frame(0, rtp(4, 1)), garbage2, ascii(KEEPALIVE_REPLY))));
        assertThat(drain(ch)).containsExactly("$0:" + ByteBufUtil.hexDump(rtp(4, 1)), "rtsp:" + KEEPALIVE_REPLY);
        assertThat(decoder.skippedBytes()).isEqualTo(garbage1.length + garbage2.length);
        ch.finish();
    }

    @Test
    void endlessHeadersAreCutOffWithAClearError() {
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder(1024));
        ch.writeInbound(pooled(ascii("RTSP/1.0 200 OK\r\n")));
        byte[] header = ascii("X-Junk: " + "a".repeat(100) + "\r\n");
        assertThatThrownBy(() -> {
            for (int i = 0; i < 20; i++) ch.writeInbound(pooled(header));
        }).isInstanceOf(TooLongFrameException.class)
                .hasMessageContaining("longer than 1024");
        // The buffered bytes were dropped: a valid frame afterwards decodes on its own.
        ch.writeInbound(pooled(frame(1, rtp(4, 1))));
        assertThat(drain(ch)).containsExactly("$1:" + ByteBufUtil.hexDump(rtp(4, 1)));
        ch.finishAndReleaseAll();
    }

    @Test
    void hugeOrInvalidContentLengthIsRefused() {
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder(1024));
        assertThatThrownBy(() -> ch.writeInbound(pooled(ascii("RTSP/1.0 200 OK\r\nContent-Length: 5000\r\n\r\n"))))
                .isInstanceOf(TooLongFrameException.class);
        assertThatThrownBy(() -> ch.writeInbound(pooled(ascii("RTSP/1.0 200 OK\r\nContent-Length: -1\r\n\r\n"))))
                .isInstanceOf(TooLongFrameException.class);
        ch.finishAndReleaseAll();
    }

    @Test
    void feedsNettysRtspDecoderAndPassesFramesAround() {
        EmbeddedChannel ch = new EmbeddedChannel(
                new InterleavedFrameDecoder(), new RtspDecoder(), new HttpObjectAggregator(64 * 1024));
        for (int k = 0; k < STREAM.length; k += 7) {
            ch.writeInbound(pooled(Arrays.copyOfRange(STREAM, k, Math.min(STREAM.length, k + 7))));
        }
        List<Object> out = new ArrayList<>();
        Object m;
        while ((m = ch.readInbound()) != null) out.add(m);
        try {
            assertThat(out).hasSize(8);
            assertThat(out.get(0)).isInstanceOf(InterleavedFrame.class);
            FullHttpResponse describe = (FullHttpResponse) out.get(1);
            assertThat(describe.headers().get("CSeq")).isEqualTo("2");
            assertThat(describe.content().toString(StandardCharsets.US_ASCII)).isEqualTo(SDP);
            assertThat(((FullHttpRequest) out.get(4)).method().name()).isEqualTo("GET_PARAMETER");
            assertThat(((FullHttpResponse) out.get(6)).headers().get("Session")).isEqualTo("1234");
            assertThat(((InterleavedFrame) out.get(7)).content().readableBytes()).isEqualTo(12);
        } finally {
            for (Object o : out) assertThat(ReferenceCountUtil.release(o)).isTrue();
        }
        assertThat(ch.finish()).isFalse();
    }
}
