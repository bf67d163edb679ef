package dev.vigil.rtsp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One RTSP interleaved binary frame (RFC 2326 §10.12): {@code $}, channel, 16-bit length, data.
 * The content is a retained slice of the connection's buffer, no copy; whoever consumes the
 * message releases it ({@code ReferenceCountUtil.release(msg)} or a {@code SimpleChannelInboundHandler}).
 */
public final class InterleavedFrame extends DefaultByteBufHolder {
    private final int channel;

    public InterleavedFrame(int channel, ByteBuf content) {
        super(content);
        this.channel = channel;
    }

    /** The interleaved channel: by convention even for RTP, odd for RTCP, as set up by SETUP. */
    public int channel() {
        return channel;
    }

    @Override
    public InterleavedFrame replace(ByteBuf content) {
        return new InterleavedFrame(channel, content);
    }

    @Override
    public InterleavedFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public InterleavedFrame retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public InterleavedFrame touch() {
        super.touch();
        return this;
    }

    @Override
    public InterleavedFrame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "InterleavedFrame[channel=" + channel + ", " + content().readableBytes() + "B]";
    }
}
