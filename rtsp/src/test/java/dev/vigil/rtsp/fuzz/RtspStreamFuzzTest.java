package dev.vigil.rtsp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.rtsp.transport.InterleavedFrame;
import dev.vigil.rtsp.transport.InterleavedFrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a camera (or anything listening on its port) sends down the RTSP connection, fed to the
 * inbound half of the client's pipeline.
 *
 * <p>Input layout: byte 0 chooses how the stream is cut into reads ({@code 1 + (b & 0x7F)} bytes
 * each, so messages and frames straddle reads) and, with its top bit, a small message limit (256
 * bytes) so that the too-long path is reached; the rest is the byte stream.
 *
 * <p>The only exception allowed out of the pipeline is {@link TooLongFrameException}, upon which
 * the session handler closes the connection; the target does the same. Every buffer (inputs,
 * cumulations, slices) must be released once the outputs are consumed and the channel is closed.
 */
class RtspStreamFuzzTest {
    /** The client's aggregator limit (RtspClient.MAX_RTSP_MESSAGE). */
    static final int MAX_AGGREGATED = 1 << 20;
    static final int SMALL_LIMIT = 256;

    static final List<byte[]> START_TOKENS = List.of(
            ascii("RTSP/1.0 "), ascii("OPTIONS "), ascii("DESCRIBE "), ascii("ANNOUNCE "), ascii("SETUP "),
            ascii("PLAY "), ascii("PAUSE "), ascii("TEARDOWN "), ascii("GET_PARAMETER "), ascii("SET_PARAMETER "),
            ascii("REDIRECT "), ascii("RECORD "));

    /** The client's inbound pipeline: separator, Netty's RTSP decoder, the aggregator. */
    @FuzzTest(maxDuration = "60s")
    void pipeline(byte[] input) {
        if (input.length == 0) return;
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        ch.pipeline().addLast(new InterleavedFrameDecoder(maxMessage(input[0])), new RtspDecoder(),
                new HttpObjectAggregator(MAX_AGGREGATED));
        int chunk = chunk(input[0]);
        try {
            for (int pos = 1; pos < input.length; pos += chunk) {
                ByteBuf in = alloc.copyOf(input, pos, Math.min(chunk, input.length - pos));
                try {
                    ch.writeInbound(in);
                } catch (TooLongFrameException e) {
                    break; // RtspConnection.exceptionCaught fails the connection; nothing more is read
                }
                consumePipelineOutputs(ch);
            }
        } finally {
            ch.finishAndReleaseAll();
        }
        assertThat(alloc.unreleased()).as("buffers still referenced after close, of %d", alloc.allocations()).isZero();
    }

    private static void consumePipelineOutputs(EmbeddedChannel ch) {
        Object msg;
        while ((msg = ch.readInbound()) != null) {
            try {
                if (msg instanceof InterleavedFrame f) {
                    assertThat(f.content().readableBytes()).isLessThanOrEqualTo(0xFFFF);
                    assertThat(f.channel()).isBetween(0, 255);
                } else if (!(msg instanceof FullHttpMessage)) {
                    fail("unexpected message out of the pipeline: " + msg.getClass().getName());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    /**
     * The separator alone. Its outputs are pieces of the input in order, with only skipped garbage
     * between them: each text message starts with a start line token, fits the limit and is not
     * re-read; the skipped-bytes counter covers at most what no output took.
     */
    @FuzzTest(maxDuration = "60s")
    void framing(byte[] input) {
        if (input.length == 0) return;
        separate(input, 1, new InterleavedFrameDecoder(maxMessage(input[0])), null);
    }

    /**
     * The separator as a session runs it: the channels SETUP assigned (the second input byte, as a
     * bit set of channels 0 to 7) are known, and it stays strict about frames that claim to be
     * RTP. The same invariants, and no frame comes out on a channel that was not set up.
     */
    @FuzzTest(maxDuration = "60s")
    void framingInSession(byte[] input) {
        if (input.length < 2) return;
        java.util.BitSet channels = java.util.BitSet.valueOf(new byte[] {input[1]});
        InterleavedFrameDecoder decoder = new InterleavedFrameDecoder("fuzz", maxMessage(input[0]), InterleavedFrameDecoder.MAX_FRAME_BYTES);
        decoder.expectChannels(channels);
        separate(input, 2, decoder, channels);
    }

    private static void separate(byte[] input, int first, InterleavedFrameDecoder decoder, java.util.BitSet channels) {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        ch.pipeline().addLast(decoder);
        int chunk = chunk(input[0]);
        int cursor = first; // where in the input the next output may start
        long taken = 0;
        boolean tooLong = false;
        try {
            for (int pos = first; pos < input.length && !tooLong; pos += chunk) {
                try {
                    ch.writeInbound(alloc.copyOf(input, pos, Math.min(chunk, input.length - pos)));
                } catch (TooLongFrameException e) {
                    tooLong = true;
                }
                Object msg;
                while ((msg = ch.readInbound()) != null) {
                    try {
                        if (channels != null && msg instanceof InterleavedFrame f) {
                            assertThat(channels.get(f.channel())).as("a frame on channel %d, which was not set up", f.channel()).isTrue();
                        }
                        byte[] piece = serialized(msg, input[0]);
                        int at = indexOf(input, piece, cursor);
                        assertThat(at).as("output %s is not the next piece of the input", msg).isGreaterThanOrEqualTo(0);
                        cursor = at + piece.length;
                        taken += piece.length;
                    } finally {
                        ReferenceCountUtil.release(msg);
                    }
                }
            }
        } finally {
            ch.finishAndReleaseAll();
        }
        assertThat(decoder.skippedBytes()).isLessThanOrEqualTo(input.length - first - taken);
        assertThat(alloc.unreleased()).as("buffers still referenced after close").isZero();
    }

    /** The bytes an output stood for in the stream, after checking what it must look like. */
    private static byte[] serialized(Object msg, byte header) {
        if (msg instanceof InterleavedFrame f) {
            byte[] data = ByteBufUtil.getBytes(f.content());
            assertThat(data.length).isLessThanOrEqualTo(0xFFFF);
            byte[] out = new byte[4 + data.length];
            out[0] = '$';
            out[1] = (byte) f.channel();
            out[2] = (byte) (data.length >> 8);
            out[3] = (byte) data.length;
            System.arraycopy(data, 0, out, 4, data.length);
            return out;
        }
        assertThat(msg).isInstanceOf(ByteBuf.class);
        byte[] text = ByteBufUtil.getBytes((ByteBuf) msg);
        assertThat(text.length).isLessThanOrEqualTo(maxMessage(header));
        assertThat(START_TOKENS.stream().anyMatch(t -> startsWith(text, t)))
                .as("message does not begin with a start line: %s", new String(text, StandardCharsets.ISO_8859_1))
                .isTrue();
        return text;
    }

    static int chunk(byte header) {
        return 1 + (header & 0x7F);
    }

    static int maxMessage(byte header) {
        return (header & 0x80) != 0 ? SMALL_LIMIT : InterleavedFrameDecoder.DEFAULT_MAX_MESSAGE_BYTES;
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        if (a.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (a[i] != prefix[i]) return false;
        return true;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
