package dev.vigil.rtsp.rtp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Extracts sender reports from a (compound) RTCP packet. Only SRs matter to a receiver that
 * records; the rest (RR, SDES, BYE, APP) is skipped by its length. Malformed input yields what
 * was parsed up to the fault, never an exception.
 */
public final class RtcpParser {
    static final int SR = 200;

    private RtcpParser() {}

    /** Does not move {@code buf}'s indices nor take ownership. */
    public static List<SenderReport> senderReports(ByteBuf buf) {
        List<SenderReport> out = new ArrayList<>(1);
        int pos = buf.readerIndex();
        int end = buf.writerIndex();
        while (end - pos >= 4) {
            int b0 = buf.getUnsignedByte(pos);
            if ((b0 >> 6) != 2) break;
            int pt = buf.getUnsignedByte(pos + 1);
            int bytes = 4 * (buf.getUnsignedShort(pos + 2) + 1);
            if (bytes > end - pos) break;
            // SR: header(4) ssrc(4) ntp(8) rtp(4) packets(4) octets(4), then report blocks.
            if (pt == SR && bytes >= 28) {
                out.add(new SenderReport(
                        buf.getInt(pos + 4),
                        buf.getLong(pos + 8),
                        buf.getUnsignedInt(pos + 16),
                        buf.getUnsignedInt(pos + 20),
                        buf.getUnsignedInt(pos + 24)));
            }
            pos += bytes;
        }
        return out;
    }
}
