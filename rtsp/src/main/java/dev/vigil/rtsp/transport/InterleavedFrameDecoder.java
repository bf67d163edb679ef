package dev.vigil.rtsp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of an RTSP-over-TCP pipeline. The connection carries two kinds of data mixed:
 * binary interleaved frames ({@code $} channel length data) and RTSP text messages (the server's
 * replies, and its own requests such as GET_PARAMETER). Netty's {@code RtspDecoder} knows only
 * the latter, so this decoder separates them: each frame becomes an {@link InterleavedFrame},
 * each complete RTSP message (start line, headers, Content-Length body) is passed on as a
 * {@link ByteBuf} for the {@code RtspDecoder} behind it.
 *
 * <p>Both outputs are retained slices of the cumulation buffer, never copies; the next handler
 * owns and releases them. Frames may instead go straight to a {@link FrameSink}
 * ({@link #deliverFramesTo}), past the handlers in between.
 *
 * <p>Anything else is garbage (a camera that lost track of its own framing, or sent a stray
 * byte): bytes are skipped, one at a time, up to the next place a frame or a message plausibly
 * starts, counted, and reported in one WARN line per resynchronisation. A {@code $} is taken for
 * a frame only when its header is plausible: a length within {@code maxFrameBytes} and, once the
 * session has said which channels it set up ({@link #expectChannels}), at least an RTCP header
 * long, its data starting like RTP or RTCP (version 2). A frame on a channel that was not set up
 * is dropped whole (and said once per channel): cameras do send those. A frame whose
 * announced end is followed by something that starts neither a frame nor a message, while a
 * frame does start inside it, had a lying length: it is not delivered, and the bytes after its
 * {@code $} are searched again, so the good frames the lie would have swallowed still come out,
 * intact. (Without a frame inside, it is a good frame with garbage after it.) Text messages are bounded by
 * {@code maxMessageBytes}; exceeding it discards what is buffered and raises
 * {@link TooLongFrameException} (the session handler closes the connection). So nothing is ever
 * buffered beyond the larger of the two limits.
 */
public final class InterleavedFrameDecoder extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(InterleavedFrameDecoder.class);

    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
    /** No limit beyond the 16-bit length field's own. */
    public static final int MAX_FRAME_BYTES = 0xFFFF;
    /** The smallest RTP or RTCP packet: an RTCP header (a BYE without sources, an empty RR is 8). */
    private static final int MIN_PACKET_BYTES = 4;

    /** Every way an RTSP message from the server can begin: a response, or one of its requests. */
    private static final byte[][] START_TOKENS = tokens(
            "RTSP/1.0 ", "OPTIONS ", "DESCRIBE ", "ANNOUNCE ", "SETUP ", "PLAY ", "PAUSE ", "TEARDOWN ",
            "GET_PARAMETER ", "SET_PARAMETER ", "REDIRECT ", "RECORD ");

    private final String name;
    private final int maxMessageBytes;
    private final int maxFrameBytes;
    /** Takes interleaved frames on the event loop, in order with the messages passed down the pipeline. */
    public interface FrameSink {
        /** @param content the frame's data, borrowed: valid during the call, to be retained by a sink that keeps it */
        void frame(int channel, ByteBuf content);
    }

    /** Where frames go instead of down the pipeline; null: down the pipeline, as {@link InterleavedFrame}s. */
    private FrameSink frameSink;
    /** The interleaved channels set up, by number; null until the session says (any channel goes). */
    private BitSet channels;
    /** Written on the event loop only; volatile so that other threads (metrics) can read them. */
    private volatile long skippedBytes;
    private volatile long resyncs;
    private volatile long ignoredFrames;
    /** Channels whose stray frames were reported already: one line each, not one per frame. */
    private final BitSet ignoredChannels = new BitSet();
    /** The resynchronisation under way: why it began and what it skipped so far; null when in step. */
    private String resyncReason;
    private long resyncSkipped;

    public InterleavedFrameDecoder() {
        this(DEFAULT_MAX_MESSAGE_BYTES);
    }

    public InterleavedFrameDecoder(int maxMessageBytes) {
        this("", maxMessageBytes, MAX_FRAME_BYTES);
    }

    /**
     * @param name            what the WARN lines name the connection by (a redacted camera URL)
     * @param maxMessageBytes the longest RTSP message taken
     * @param maxFrameBytes   the longest interleaved frame believed; a longer announced length is
     *                        taken for garbage at once rather than waited for
     */
    public InterleavedFrameDecoder(String name, int maxMessageBytes, int maxFrameBytes) {
        if (maxFrameBytes < MIN_PACKET_BYTES || maxFrameBytes > MAX_FRAME_BYTES) throw new IllegalArgumentException("max frame " + maxFrameBytes);
        this.name = name;
        this.maxMessageBytes = maxMessageBytes;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * From now on, frames are believed only on these channels, and only when they look like RTP or
     * RTCP. Called on the channel's event loop, as SETUP assigns channels; an empty set rejects
     * every frame (nothing is set up yet).
     */
    public void expectChannels(BitSet assigned) {
        channels = (BitSet) assigned.clone();
    }

    /**
     * From now on, frames go to {@code sink}, called from {@link #decode} on the event loop, rather
     * than down the pipeline, where Netty's RTSP decoder and aggregator would only hand them on:
     * at 400 frames a second per camera, those hops and an {@link InterleavedFrame} per frame were
     * a tenth of the event loops' time. Order with the RTSP messages is kept, since a message is
     * passed on before the next decode call.
     */
    public void deliverFramesTo(FrameSink sink) {
        this.frameSink = sink;
    }

    /** Garbage bytes skipped so far while resynchronising. */
    public long skippedBytes() {
        return skippedBytes;
    }

    /** Well-formed frames dropped because their channel was not set up. */
    public long ignoredFrames() {
        return ignoredFrames;
    }

    /** Times the decoder lost step and found it again (or is looking for it). */
    public long resyncs() {
        return resyncs;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        // One message per call: ByteToMessageDecoder calls again while bytes are consumed, and
        // the next handler may change the pipeline (or close) between messages.
        while (in.isReadable()) {
            int start = in.readerIndex();
            switch (startAt(in, start, false)) {
                case NEED_MORE -> {
                    return;
                }
                case NO -> skipGarbage(in, in.getByte(start) == '$' ? implausible(in, start) : "bytes that start neither a frame nor a message");
                case MATCH -> {
                    if (in.getByte(start) != '$') {
                        decodeMessage(in, out);
                        if (!out.isEmpty()) inStep();
                        return;
                    }
                    int length = in.getUnsignedShort(start + 2);
                    int end = start + 4 + length;
                    if (in.writerIndex() < end) return; // the rest of the frame is still to come
                    if (end < in.writerIndex() && startAt(in, end, false) == Match.NO && frameInside(in, start + 1, end)) {
                        // What follows is no frame and no message, and a frame starts inside: the length
                        // lied, swallowing what came next. Searched again from just after the '$'.
                        skipGarbage(in, "a frame announcing " + length + " bytes on channel " + in.getUnsignedByte(start + 1) + " overran its data");
                        continue;
                    }
                    int channel = in.getUnsignedByte(start + 1);
                    if (channels != null && !channels.get(channel)) {
                        // A well-formed frame on a channel we did not set up (a stale session, a
                        // metadata stream nobody asked for): dropped whole, no resynchronisation.
                        ignore(in, channel, length);
                        inStep();
                        continue;
                    }
                    in.skipBytes(4);
                    inStep();
                    if (frameSink != null) {
                        frameSink.frame(channel, in.readSlice(length));
                    } else {
                        out.add(new InterleavedFrame(channel, in.readRetainedSlice(length)));
                    }
                    return;
                }
            }
        }
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

    /**
     * Skips at least one byte, up to the next byte where a frame or a message could start (or
     * could, once more bytes are in); all of what is buffered if there is none.
     */
    private void skipGarbage(ByteBuf in, String why) {
        if (resyncReason == null) {
            resyncReason = why;
            resyncSkipped = 0;
            resyncs++;
        }
        int from = in.readerIndex();
        int to = in.writerIndex();
        int i = from + 1;
        while (i < to && startAt(in, i, true) == Match.NO) i++;
        skippedBytes += i - from;
        resyncSkipped += i - from;
        in.readerIndex(i);
    }

    /**
     * Whether a frame or message plausibly starts in {@code [from, to)}. Garbage after a frame is
     * told apart from a frame whose length lied by this: a lie swallows the next frame.
     */
    private boolean frameInside(ByteBuf in, int from, int to) {
        for (int i = from; i < to; i++) {
            if (startAt(in, i, true) == Match.MATCH) return true;
        }
        return false;
    }

    /** A frame or message came out: a resynchronisation under way is over, and said so once. */
    private void inStep() {
        if (resyncReason == null) return;
        log.warn("{}interleaved stream out of step ({}): skipped {} bytes to the next frame or message",
                name.isEmpty() ? "" : "camera " + name + ": ", resyncReason, resyncSkipped);
        resyncReason = null;
    }

    private enum Match { MATCH, NEED_MORE, NO }

    /**
     * Whether a frame or a message plausibly starts at {@code i}, as far as the buffered bytes tell.
     * {@code strict} believes frames on the channels set up only: that is what searching inside
     * data needs (garbage, or a frame suspected of a lying length), where a '$' followed by any
     * channel number and an RTP-like byte turns up every kilobyte or so of video; in step, a frame
     * on another channel is plausible too (and then dropped whole).
     */
    private Match startAt(ByteBuf in, int i, boolean strict) {
        return in.getByte(i) == '$' ? frameHeaderAt(in, i, strict) : matchStartLine(in, i);
    }

    private Match frameHeaderAt(ByteBuf in, int i, boolean strict) {
        int available = in.writerIndex() - i;
        if (available < 2) return Match.NEED_MORE;
        if (strict && channels != null && !channels.get(in.getUnsignedByte(i + 1))) return Match.NO;
        if (available < 4) return Match.NEED_MORE;
        int length = in.getUnsignedShort(i + 2);
        if (length > maxFrameBytes) return Match.NO;
        if (channels == null) return Match.MATCH;
        if (length < MIN_PACKET_BYTES) return Match.NO;
        if (available < 5) return Match.NEED_MORE;
        // RTP and RTCP both begin with version 2 in the top two bits.
        return (in.getUnsignedByte(i + 4) & 0xC0) == 0x80 ? Match.MATCH : Match.NO;
    }

    /** Drops a whole frame on a channel not set up; says so once per channel and connection. */
    private void ignore(ByteBuf in, int channel, int length) {
        in.skipBytes(4 + length);
        ignoredFrames++;
        if (ignoredChannels.get(channel)) return;
        ignoredChannels.set(channel);
        log.info("{}ignoring interleaved data on channel {}, which was not set up", name.isEmpty() ? "" : "camera " + name + ": ", channel);
    }

    /** Why the frame header at {@code i}, which {@link #frameHeaderAt} refused, is not believed. */
    private String implausible(ByteBuf in, int i) {
        int channel = in.getUnsignedByte(i + 1);
        int length = in.getUnsignedShort(i + 2);
        if (length > maxFrameBytes) return "a frame announcing " + length + " bytes, more than " + maxFrameBytes;
        if (length < MIN_PACKET_BYTES) return "a frame of " + length + " bytes, too short for RTP or RTCP";
        return "a frame on channel " + channel + " whose data is not RTP or RTCP";
    }

    private static Match matchStartLine(ByteBuf in, int start) {
        int available = in.writerIndex() - start;
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
