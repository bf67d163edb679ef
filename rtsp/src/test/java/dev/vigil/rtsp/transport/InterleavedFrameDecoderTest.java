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
import java.util.BitSet;
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

    /** Frames to a sink, messages down the pipeline: one list in arrival order, at every split of the stream. */
    @Test
    void aFrameSinkGetsTheFramesInOrderWithTheMessagesWhateverTheSplit() {
        for (int k = 0; k <= STREAM.length; k++) {
            List<String> events = new ArrayList<>();
            InterleavedFrameDecoder decoder = new InterleavedFrameDecoder();
            decoder.deliverFramesTo((channel, content) -> events.add("$" + channel + ":" + ByteBufUtil.hexDump(content)));
            EmbeddedChannel ch = new EmbeddedChannel(decoder, new io.netty.channel.ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                    assertThat(msg).as("only messages come down the pipeline").isInstanceOf(ByteBuf.class);
                    events.add("rtsp:" + ((ByteBuf) msg).toString(StandardCharsets.US_ASCII));
                    ReferenceCountUtil.release(msg);
                }
            });
            ch.writeInbound(pooled(Arrays.copyOfRange(STREAM, 0, k)));
            ch.writeInbound(pooled(Arrays.copyOfRange(STREAM, k, STREAM.length)));
            assertThat(events).as("split at %d", k).containsExactlyElementsOf(expected());
            assertThat(ch.finish()).isFalse();
        }
    }

    /** The content is borrowed: a sink that keeps it retains it, and it outlives the decode call and the input. */
    @Test
    void aFrameSinkKeepsWhatItRetains() {
        List<ByteBuf> kept = new ArrayList<>();
        InterleavedFrameDecoder decoder = new InterleavedFrameDecoder();
        decoder.deliverFramesTo((channel, content) -> kept.add(content.retain()));
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(pooled(concat(frame(0, rtp(20, 1)), frame(2, rtp(30, 2)))));
        assertThat(ch.finish()).isFalse();
        assertThat(kept).extracting(ByteBufUtil::hexDump).containsExactly(ByteBufUtil.hexDump(rtp(20, 1)), ByteBufUtil.hexDump(rtp(30, 2)));
        kept.forEach(ReferenceCountUtil::release);
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

    // ---- a session's framing: channels set up, frames checked, resynchronisation ----

    static final int MAX_FRAME = 2048;

    /** A decoder as a session uses it, with channels 0 and 1 (one track) set up. */
    static InterleavedFrameDecoder sessionDecoder() {
        InterleavedFrameDecoder decoder = new InterleavedFrameDecoder("test", InterleavedFrameDecoder.DEFAULT_MAX_MESSAGE_BYTES, MAX_FRAME);
        BitSet channels = new BitSet();
        channels.set(0, 2);
        decoder.expectChannels(channels);
        return decoder;
    }

    /** A frame header announcing {@code length} bytes, whatever follows. */
    static byte[] header(int channel, int length) {
        return new byte[] {'$', (byte) channel, (byte) (length >> 8), (byte) length};
    }

    static String hex(int channel, byte[] data) {
        return "$" + channel + ":" + ByteBufUtil.hexDump(data);
    }

    @Test
    void aLengthBeyondTheMaximumIsNotWaitedForAndTheNextFrameComesWhole() {
        InterleavedFrameDecoder decoder = sessionDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        byte[] lie = concat(header(0, 60_000), rtp(14, 9));
        ch.writeInbound(pooled(concat(frame(0, rtp(1400, 1)), lie, frame(0, rtp(1400, 2)), frame(1, rtp(28, 3)))));
        assertThat(drain(ch)).containsExactly(hex(0, rtp(1400, 1)), hex(0, rtp(1400, 2)), hex(1, rtp(28, 3)));
        assertThat(decoder.skippedBytes()).isEqualTo(lie.length);
        assertThat(decoder.resyncs()).isOne();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aLengthWithinTheMaximumThatSwallowsTheNextFramesIsFoundOutOnceItsBytesAreIn() {
        InterleavedFrameDecoder decoder = sessionDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        byte[] lie = concat(header(0, 1800), rtp(14, 9));
        byte[] after = concat(frame(0, rtp(1000, 2)), frame(0, rtp(1000, 3)));
        ch.writeInbound(pooled(lie));
        ch.writeInbound(pooled(Arrays.copyOf(after, 1000)));
        assertThat(drain(ch)).as("the announced frame is not complete yet").isEmpty();
        ch.writeInbound(pooled(Arrays.copyOfRange(after, 1000, after.length)));
        // What followed the announced end is no frame, and a frame starts inside: the length lied.
        assertThat(drain(ch)).containsExactly(hex(0, rtp(1000, 2)), hex(0, rtp(1000, 3)));
        assertThat(decoder.skippedBytes()).isEqualTo(lie.length);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aFrameOnAChannelNotSetUpIsDroppedWholeWithoutAResync() {
        InterleavedFrameDecoder decoder = sessionDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        byte[] stray = frame(7, rtp(40, 7));
        ch.writeInbound(pooled(concat(stray, frame(0, rtp(100, 1)), stray, ascii(KEEPALIVE_REPLY))));
        assertThat(drain(ch)).containsExactly(hex(0, rtp(100, 1)), "rtsp:" + KEEPALIVE_REPLY);
        assertThat(decoder.ignoredFrames()).isEqualTo(2);
        assertThat(decoder.skippedBytes()).isZero();
        assertThat(decoder.resyncs()).isZero();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void beforeAnyChannelIsSetUpEveryFrameIsDroppedButMessagesPass() {
        InterleavedFrameDecoder decoder = new InterleavedFrameDecoder("test", InterleavedFrameDecoder.DEFAULT_MAX_MESSAGE_BYTES, MAX_FRAME);
        decoder.expectChannels(new BitSet());
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        byte[] early = frame(0, rtp(20, 1));
        ch.writeInbound(pooled(concat(early, ascii(DESCRIBE_REPLY))));
        assertThat(drain(ch)).containsExactly("rtsp:" + DESCRIBE_REPLY);
        assertThat(decoder.ignoredFrames()).isOne();
        assertThat(decoder.resyncs()).isZero();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void dataThatIsNotRtpOrAFrameTooShortForItIsNotBelieved() {
        InterleavedFrameDecoder decoder = sessionDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        byte[] notRtp = frame(0, ascii("hello, world"));
        byte[] tooShort = frame(1, new byte[] {(byte) 0x80, 0});
        ch.writeInbound(pooled(concat(notRtp, tooShort, frame(0, rtp(30, 1)))));
        assertThat(drain(ch)).containsExactly(hex(0, rtp(30, 1)));
        assertThat(decoder.skippedBytes()).isEqualTo(notRtp.length + tooShort.length);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void garbageBetweenFramesIsSkippedAndCountedAsOneResyncEach() {
        InterleavedFrameDecoder decoder = sessionDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        byte[] garbage = ascii("\0\0\r\njunk from a confused camera\r\n");
        ch.writeInbound(pooled(concat(frame(0, rtp(200, 1)), garbage, frame(0, rtp(200, 2)), garbage, garbage, frame(1, rtp(28, 3)))));
        // A good frame followed by garbage is still good: nothing that could start a frame is inside it.
        assertThat(drain(ch)).containsExactly(hex(0, rtp(200, 1)), hex(0, rtp(200, 2)), hex(1, rtp(28, 3)));
        assertThat(decoder.skippedBytes()).isEqualTo(3L * garbage.length);
        assertThat(decoder.resyncs()).isEqualTo(2);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void garbageSplitAcrossReadsIsNeverBufferedAndTheFrameAfterItComesWhole() {
        InterleavedFrameDecoder decoder = sessionDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        byte[] garbage = new byte[5000];
        for (int i = 0; i < garbage.length; i++) garbage[i] = (byte) ('a' + i % 26);
        byte[] good = frame(0, rtp(1200, 4));
        byte[] stream = concat(garbage, header(0, 60_000), good);
        List<String> out = new ArrayList<>();
        for (int k = 0; k < stream.length; k += 333) {
            int end = Math.min(stream.length, k + 333);
            ch.writeInbound(pooled(Arrays.copyOfRange(stream, k, end)));
            out.addAll(drain(ch));
            // Garbage is dropped (and counted) as soon as it is seen, not held for later.
            if (end <= garbage.length) assertThat(decoder.skippedBytes()).as("skipped after %d bytes", end).isEqualTo(end);
        }
        assertThat(out).containsExactly(hex(0, rtp(1200, 4)));
        assertThat(decoder.skippedBytes()).isEqualTo(garbage.length + 4);
        assertThat(decoder.resyncs()).isOne();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aSessionStreamSplitAtEveryOffsetDecodesTheSame() {
        byte[] garbage = ascii("xx\r\n");
        byte[] stream = concat(frame(0, rtp(50, 1)), garbage, ascii(KEEPALIVE_REPLY), concat(header(1, 40_000), rtp(8, 5)),
                frame(1, rtp(28, 2)), frame(9, rtp(10, 3)), frame(0, rtp(60, 4)));
        List<String> expected = List.of(hex(0, rtp(50, 1)), "rtsp:" + KEEPALIVE_REPLY, hex(1, rtp(28, 2)), hex(0, rtp(60, 4)));
        for (int k = 0; k <= stream.length; k++) {
            InterleavedFrameDecoder decoder = sessionDecoder();
            EmbeddedChannel ch = new EmbeddedChannel(decoder);
            List<String> out = new ArrayList<>();
            ch.writeInbound(pooled(Arrays.copyOfRange(stream, 0, k)));
            out.addAll(drain(ch));
            ch.writeInbound(pooled(Arrays.copyOfRange(stream, k, stream.length)));
            out.addAll(drain(ch));
            assertThat(out).as("split at %d", k).containsExactlyElementsOf(expected);
            assertThat(decoder.skippedBytes()).as("split at %d", k).isEqualTo(garbage.length + 4 + 8);
            assertThat(decoder.ignoredFrames()).as("split at %d: the frame on channel 9", k).isOne();
            assertThat(ch.finish()).isFalse();
        }
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
