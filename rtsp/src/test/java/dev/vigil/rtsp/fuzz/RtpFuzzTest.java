package dev.vigil.rtsp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.rtsp.rtp.RtcpParser;
import dev.vigil.rtsp.rtp.RtpPacket;
import dev.vigil.rtsp.rtp.RtpParser;
import dev.vigil.rtsp.rtp.SenderReport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;

/**
 * Datagrams off the RTP and RTCP ports (or out of interleaved frames): anything may arrive there.
 * The parsers return null / what they could read, never throw, never move the buffer's indices,
 * and what they return is a faithful reading of the bytes.
 */
class RtpFuzzTest {
    /** Bytes placed in front of the datagram in the buffer, so that a parser ignoring readerIndex fails. */
    static final int PREFIX = 3;

    @FuzzTest(maxDuration = "60s")
    void rtp(byte[] datagram) {
        ByteBuf buf = offset(datagram);
        RtpPacket p = null;
        RtpPacket q = null;
        try {
            p = RtpParser.parse(buf);
            assertThat(buf.readerIndex()).isEqualTo(PREFIX);
            assertThat(buf.writerIndex()).isEqualTo(PREFIX + datagram.length);
            q = RtpParser.parse(datagram);
            if (p == null) {
                assertThat(q).isNull();
                assertThat(buf.refCnt()).as("nothing retained").isEqualTo(1);
                return;
            }
            assertThat(q).isNotNull();
            assertThat(ByteBufUtil.getBytes(p.payload())).isEqualTo(ByteBufUtil.getBytes(q.payload()));

            assertThat(datagram.length).isGreaterThanOrEqualTo(12);
            assertThat(datagram[0] & 0xC0).isEqualTo(0x80);
            assertThat(p.payloadType()).isEqualTo(datagram[1] & 0x7F);
            assertThat(p.payloadType() >= 72 && p.payloadType() <= 76).as("RTCP type range (RFC 5761)").isFalse();
            assertThat(p.marker()).isEqualTo((datagram[1] & 0x80) != 0);
            assertThat(p.sequence()).isEqualTo(((datagram[2] & 0xFF) << 8) | (datagram[3] & 0xFF));
            assertThat(p.timestamp()).isBetween(0L, 0xFFFF_FFFFL);
            assertThat(p.csrcCount()).isEqualTo(datagram[0] & 0x0F);
            // RFC 3550 §5.1, §5.3.1: the payload is what follows the header, CSRCs and extension,
            // less the padding the last octet counts.
            int start = 12 + 4 * p.csrcCount();
            if (p.extension()) start += 4 + 4 * (((datagram[start + 2] & 0xFF) << 8) | (datagram[start + 3] & 0xFF));
            int end = datagram.length - (p.padding() ? datagram[datagram.length - 1] & 0xFF : 0);
            assertThat(p.extension()).isEqualTo((datagram[0] & 0x10) != 0);
            assertThat(p.padding()).isEqualTo((datagram[0] & 0x20) != 0);
            assertThat(ByteBufUtil.getBytes(p.payload())).isEqualTo(Arrays.copyOfRange(datagram, start, end));
        } finally {
            if (p != null) p.release();
            if (q != null) q.release();
            assertThat(buf.release()).as("the packet held one reference, now given back").isTrue();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void rtcp(byte[] datagram) {
        ByteBuf buf = offset(datagram);
        try {
            List<SenderReport> reports = RtcpParser.senderReports(buf);
            assertThat(buf.readerIndex()).isEqualTo(PREFIX);
            assertThat(reports.size()).isLessThanOrEqualTo(datagram.length / 28);
            for (SenderReport sr : reports) {
                assertThat(sr.rtpTimestamp()).isBetween(0L, 0xFFFF_FFFFL);
                sr.unixNanos();
                sr.unixNanosAt(sr.rtpTimestamp() + 90_000, sr.rtpTimestamp(), 90_000);
            }
        } finally {
            buf.release();
        }
    }

    private static ByteBuf offset(byte[] datagram) {
        ByteBuf buf = Unpooled.buffer(PREFIX + datagram.length);
        buf.writeBytes(new byte[] {(byte) 0x80, (byte) 0xE0, 0});
        buf.writeBytes(datagram);
        buf.readerIndex(PREFIX);
        return buf;
    }
}
