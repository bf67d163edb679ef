package dev.vigil.rtsp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * First handler of an RTSP-over-TCP pipeline. The connection carries two kinds of data mixed:
 * binary interleaved frames ({@code $} channel length data) and RTSP text messages (the server's
 * replies, and its own requests such as GET_PARAMETER). Netty's {@code RtspDecoder} knows only
 * the latter, so this decoder separates them: each frame becomes an {@link InterleavedFrame},
 * each complete RTSP message (start line, headers, Content-Length body) is passed on as a
 * {@link ByteBuf} for the {@code RtspDecoder} behind it.
 *
 * <p>Both outputs are retained slices of the cumulation buffer, never copies; the next handler
 * owns and releases them.
 *
 * <p>Anything else is garbage (a camera that lost track of its own framing, or sent a stray
 * byte): bytes are skipped until a {@code $} or the start of an RTSP start line, and counted.
 * Text messages are bounded by {@code maxMessageBytes}; exceeding it discards what is buffered
 * and raises {@link TooLongFrameException} (the session handler closes the connection). Binary
 * frames are bounded by their 16-bit length anyway.
 */
public final class InterleavedFrameDecoder extends ByteToMessageDecoder {
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;

    /** Every way an RTSP message from the server can begin: a response, or one of its requests. */
    private static final byte[][] START_TOKENS = tokens(
            "RTSP/1.0 ", "OPTIONS ", "DESCRIBE ", "ANNOUNCE ", "SETUP ", "PLAY ", "PAUSE ", "TEARDOWN ",
            "GET_PARAMETER ", "SET_PARAMETER ", "REDIRECT ", "RECORD ");

    private final int maxMessageBytes;
    private long skippedBytes;

    public InterleavedFrameDecoder() {
        this(DEFAULT_MAX_MESSAGE_BYTES);
    }

    public InterleavedFrameDecoder(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Garbage bytes skipped so far while resynchronising. */
    public long skippedBytes() {
        return skippedBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        // One message per call: ByteToMessageDecoder calls again while bytes are consumed, and
        // the next handler may change the pipeline (or close) between messages.
        while (in.isReadable()) {
            int start = in.readerIndex();
            if (in.getByte(start) == '$') {
                decodeFrame(in, out);
                return;
            }
            switch (matchStartLine(in, start)) {
                case MATCH -> {
                    decodeMessage(in, out);
                    return;
                }
                case NEED_MORE -> {
                    return;
                }
                case NO -> skipGarbage(in);
            }
        }
    }

    private static void decodeFrame(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) return;
        int start = in.readerIndex();
        int length = in.getUnsignedShort(start + 2);
        if (in.readableBytes() < 4 + length) return;
        int channel = in.getUnsignedByte(start + 1);
        in.skipBytes(4);
        out.add(new InterleavedFrame(channel, in.readRetainedSlice(length)));
    }

    private void decodeMessage(ByteBuf in, List<Object> out) throws TooLongFrameException {
        int start = in.readerIndex();
        int searchEnd = start + Math.min(in.readableBytes(), maxMessageBytes);
        int headerEnd = endOfHeaders(in, start, searchEnd);
        if (headerEnd < 0) {
            if (in.readableBytes() >= maxMessageBytes) tooLong(in, "RTSP headers longer than " + maxMessageBytes + " bytes");
            return;
        }
        long contentLength = contentLength(in, start, headerEnd);
        if (contentLength < 0) {
            tooLong(in, "RTSP message with an invalid Content-Length");
        }
        long total = (headerEnd - start) + contentLength;
        if (total > maxMessageBytes) tooLong(in, "RTSP message of " + total + " bytes, more than " + maxMessageBytes);
        if (in.readableBytes() < total) return;
        out.add(in.readRetainedSlice((int) total));
    }

    /** Drops what is buffered, so an unclosed channel cannot make us hold it, then raises. */
    private static void tooLong(ByteBuf in, String message) throws TooLongFrameException {
        in.skipBytes(in.readableBytes());
        throw new TooLongFrameException(message);
    }

    /** Skips at least one byte, up to the next byte that could start a frame or a message. */
    private void skipGarbage(ByteBuf in) {
        int from = in.readerIndex() + 1;
        int to = in.writerIndex();
        int i = from;
        while (i < to && !couldStart(in.getByte(i))) i++;
        skippedBytes += i - in.readerIndex();
        in.readerIndex(i);
    }

    private static boolean couldStart(byte b) {
        if (b == '$') return true;
        for (byte[] t : START_TOKENS) {
            if (t[0] == b) return true;
        }
        return false;
    }

    private enum Match { MATCH, NEED_MORE, NO }

    private static Match matchStartLine(ByteBuf in, int start) {
        int available = in.readableBytes();
        boolean prefixOfSome = false;
        for (byte[] t : START_TOKENS) {
            int n = Math.min(t.length, available);
            boolean equal = true;
            for (int i = 0; i < n && equal; i++) equal = in.getByte(start + i) == t[i];
            if (!equal) continue;
            if (n == t.length) return Match.MATCH;
            prefixOfSome = true;
        }
        return prefixOfSome ? Match.NEED_MORE : Match.NO;
    }

    /** Index just past the blank line ending the headers ({@code CRLFCRLF}, or bare {@code LFLF}), or -1. */
    private static int endOfHeaders(ByteBuf in, int from, int to) {
        for (int i = from; i < to; i++) {
            if (in.getByte(i) != '\n') continue;
            if (i + 1 < to && in.getByte(i + 1) == '\n') return i + 2;
            if (i + 2 < to && in.getByte(i + 1) == '\r' && in.getByte(i + 2) == '\n') return i + 3;
        }
        return -1;
    }

    /** The Content-Length header's value (0 if absent, -1 if malformed). */
    private static long contentLength(ByteBuf in, int from, int to) {
        String headers = in.toString(from, to - from, StandardCharsets.ISO_8859_1);
        for (String line : headers.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || !line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) continue;
            try {
                long v = Long.parseLong(line.substring(colon + 1).trim());
                return v < 0 ? -1 : v;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return 0;
    }

    private static byte[][] tokens(String... s) {
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) out[i] = s[i].getBytes(StandardCharsets.US_ASCII);
        return out;
    }
}
