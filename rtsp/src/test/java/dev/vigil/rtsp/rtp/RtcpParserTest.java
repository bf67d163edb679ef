package dev.vigil.rtsp.rtp;

import static dev.vigil.rtsp.testing.Rtp.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpParserTest {
    // 2024-01-01T00:00:00.5Z is NTP 3913056000 s (0xE93C_7F00) + 0x8000_0000 fraction.
    static final String SR = "80 C8 0006 11223344 E93C7F00 80000000 00012345 00000010 00000400";
    static final String RR = "81 C9 0007 11223344 55667788 00000000 00000000 00000000 00000000 00000000";
    static final String SDES = "81 CA 0002 11223344 0100 0000";

    @Test
    void findsTheSenderReportInACompoundPacket() {
        List<SenderReport> srs = RtcpParser.senderReports(Unpooled.wrappedBuffer(hex(RR + SR + SDES)));
        assertThat(srs).hasSize(1);
        SenderReport sr = srs.get(0);
        assertThat(sr.ssrc()).isEqualTo(0x11223344);
        assertThat(sr.rtpTimestamp()).isEqualTo(0x12345);
        assertThat(sr.packetCount()).isEqualTo(16);
        assertThat(sr.octetCount()).isEqualTo(1024);
        assertThat(sr.unixNanos()).isEqualTo(Instant.parse("2024-01-01T00:00:00.5Z").toEpochMilli() * 1_000_000L);
    }

    @Test
    void mapsRtpTimeToWallclock() {
        SenderReport sr = RtcpParser.senderReports(Unpooled.wrappedBuffer(hex(SR))).get(0);
        long at = sr.unixNanosAt(0x12345 + 90_000 * 3 / 2, 0x12345, 90_000);
        assertThat(at - sr.unixNanos()).isEqualTo(1_500_000_000L);
        assertThat(sr.unixNanosAt(0x12345 - 45_000, 0x12345, 90_000) - sr.unixNanos()).isEqualTo(-500_000_000L);
    }

    @Test
    void malformedInputYieldsWhatParsedBeforeTheFault() {
        assertThat(RtcpParser.senderReports(Unpooled.wrappedBuffer(hex("80 C8 00FF 11223344")))).isEmpty();
        assertThat(RtcpParser.senderReports(Unpooled.wrappedBuffer(hex(SR + "00 C8 0006")))).hasSize(1);
        assertThat(RtcpParser.senderReports(Unpooled.wrappedBuffer(new byte[3]))).isEmpty();
    }
}
