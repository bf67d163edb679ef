package dev.vigil.daemon.ops;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Feeds a {@link Response.Body} to Netty's {@code ChunkedWriteHandler} one piece at a time: the
 * handler asks for the next piece only when the connection is writable again, so a slow client
 * holds at most a piece or two in memory, never the file.
 */
final class BodyInput implements ChunkedInput<ByteBuf> {
    /** Large enough for few system calls per second at disk speed, small enough to be cheap per connection. */
    static final int PIECE = 1024 * 1024;

    private final Response.Body body;
    private final long length;
    private long offset;

    BodyInput(Response.Body body) {
        this.body = body;
        this.length = body.length();
    }

    @Override
    public boolean isEndOfInput() {
        return offset >= length;
    }

    @Override
    public void close() {
        // Nothing held between pieces: each write opens and closes what it reads.
    }

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) throws Exception {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) throws IOException {
        if (isEndOfInput()) return null;
        int n = (int) Math.min(PIECE, length - offset);
        ByteBuf buf = allocator.buffer(n, n);
        boolean done = false;
        try {
            body.write(offset, offset + n, new Sink(buf));
            if (buf.readableBytes() != n) {
                throw new IOException("the body wrote " + buf.readableBytes() + " bytes where " + n + " were due");
            }
            offset += n;
            done = true;
            return buf;
        } finally {
            if (!done) buf.release();
        }
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long progress() {
        return offset;
    }

    /** Appends what is written to a buffer that was sized for it. */
    private static final class Sink implements WritableByteChannel {
        private final ByteBuf buf;

        Sink(ByteBuf buf) {
            this.buf = buf;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = src.remaining();
            if (n > buf.writableBytes()) throw new IOException("the body wrote past the piece asked for");
            buf.writeBytes(src);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }
}
