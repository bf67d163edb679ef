package dev.vigil.rtsp.rtp;

import static dev.vigil.rtsp.testing.Rtp.bytes;
import static dev.vigil.rtsp.testing.Rtp.concat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.testing.Rtp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RtpParserTest {
    @Test
    void parsesFixedHeaderFields() {
        byte[] d = Rtp.packet(96, 0xFFFE, 0xFFFF_FFF0L, 0xDEADBEEF, true, bytes(1, 2, 3));
        RtpPacket p = RtpParser.parse(d);
        assertThat(p).isNotNull();
        assertThat(p.marker()).isTrue();
        assertThat(p.payloadType()).isEqualTo(96);
        assertThat(p.sequence()).isEqualTo(0xFFFE);
        assertThat(p.timestamp()).isEqualTo(0xFFFF_FFF0L);
        assertThat(p.ssrc()).isEqualTo(0xDEADBEEF);
        assertThat(ByteBufUtil.getBytes(p.payload())).containsExactly(1, 2, 3);
        p.release();
    }

    @Test
    void skipsCsrcsExtensionAndPadding() {
        byte[] header = Rtp.packet(97, 1, 2, 3, false, new byte[0]);
        header[0] = (byte) (0x80 | 0x20 | 0x10 | 2); // padding, extension, 2 CSRCs
        byte[] csrcs = bytes(0, 0, 0, 1, 0, 0, 0, 2);
        byte[] ext = bytes(0xBE, 0xDE, 0, 1, 9, 9, 9, 9); // one word of extension
        byte[] payload = bytes(0x41, 0x42);
        byte[] pad = bytes(0, 0, 3);
        RtpPacket p = RtpParser.parse(concat(header, csrcs, ext, payload, pad));
        assertThat(p).isNotNull();
        assertThat(p.csrcCount()).isEqualTo(2);
        assertThat(p.extension()).isTrue();
        assertThat(p.padding()).isTrue();
        assertThat(ByteBufUtil.getBytes(p.payload())).containsExactly(0x41, 0x42);
        p.release();
    }

    @Test
    void leavesTheBufferAlone() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes(bytes(9, 9)); // not part of the packet
        buf.readerIndex(2);
        buf.writeBytes(Rtp.packet(96, 5, 6, 7, false, bytes(1)));
        RtpPacket p = RtpParser.parse(buf);
        assertThat(p.sequence()).isEqualTo(5);
        assertThat(buf.readerIndex()).isEqualTo(2);
        p.release();
        assertThat(buf.release()).isTrue();
    }

    @Test
    void thePayloadIsARetainedSliceNotACopy() {
        ByteBuf buf = Unpooled.directBuffer();
        buf.writeBytes(Rtp.packet(96, 5, 6, 7, false, bytes(1, 2, 3)));
        RtpPacket p = RtpParser.parse(buf);
        assertThat(buf.release()).as("the packet still holds a reference").isFalse();
        buf.setByte(13, 9); // the second payload byte, in the network buffer
        assertThat(ByteBufUtil.getBytes(p.payload())).containsExactly(1, 9, 3);
        p.release();
        assertThat(buf.refCnt()).isZero();
    }

    @Test
    void aRejectedPacketRetainsNothing() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes(Rtp.packet(96, 5, 6, 7, false, bytes(1, 2, 3)));
        buf.setByte(1, 200); // RTCP
        assertThat(RtpParser.parse(buf)).isNull();
        assertThat(buf.release()).isTrue();
    }

    @Test
    void rejectsMalformedPacketsWithoutThrowing() {
        byte[] ok = Rtp.packet(96, 1, 2, 3, false, bytes(1, 2, 3, 4));
        assertThat(RtpParser.parse(new byte[0])).isNull();
        assertThat(RtpParser.parse(java.util.Arrays.copyOf(ok, 11))).as("short").isNull();

        byte[] v1 = ok.clone();
        v1[0] = 0x40;
        assertThat(RtpParser.parse(v1)).as("version 1").isNull();

        byte[] csrc = ok.clone();
        csrc[0] = (byte) (0x80 | 15); // 60 bytes of CSRC in a 16-byte packet
        assertThat(RtpParser.parse(csrc)).as("CSRC overflow").isNull();

        byte[] ext = concat(ok, bytes());
        ext[0] = (byte) 0x90;
        ext[14] = (byte) 0xFF; // extension length far beyond the packet
        assertThat(RtpParser.parse(ext)).as("extension overflow").isNull();

        byte[] zeroPad = ok.clone();
        zeroPad[0] = (byte) 0xA0;
        zeroPad[zeroPad.length - 1] = 0;
        assertThat(RtpParser.parse(zeroPad)).as("padding count 0").isNull();

        byte[] bigPad = ok.clone();
        bigPad[0] = (byte) 0xA0;
        bigPad[bigPad.length - 1] = 5; // only 4 payload bytes
        assertThat(RtpParser.parse(bigPad)).as("padding beyond payload").isNull();

        byte[] rtcp = ok.clone();
        rtcp[1] = (byte) 200; // an RTCP SR arriving on the RTP port
        assertThat(RtpParser.parse(rtcp)).as("RTCP").isNull();
    }

    @Test
    void headerOnlyPacketHasEmptyPayload() {
        RtpPacket p = RtpParser.parse(Rtp.packet(96, 1, 2, 3, false, new byte[0]));
        assertThat(p).isNotNull();
        assertThat(p.payload().readableBytes()).isZero();
        p.release();
    }
}
