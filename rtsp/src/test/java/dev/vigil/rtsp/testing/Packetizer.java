package dev.vigil.rtsp.testing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A test-side RTP packetizer for H.264 (RFC 6184 mode 1) and H.265 (RFC 7798): a NAL unit that
 * fits goes alone (or aggregated with its small neighbours into a STAP-A / AP), a larger one is
 * fragmented (FU-A / FU). Returns payloads; the marker goes on the last one of an access unit.
 */
public final class Packetizer {
    public enum Kind { H264, H265 }

    private final Kind kind;
    private final int mtu;
    private final boolean aggregate;

    public Packetizer(Kind kind, int mtu, boolean aggregate) {
        this.kind = kind;
        this.mtu = mtu;
        this.aggregate = aggregate;
    }

    public List<byte[]> packetize(List<byte[]> au) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        while (i < au.size()) {
            byte[] nal = au.get(i);
            if (nal.length > mtu) {
                out.addAll(fragment(nal));
                i++;
                continue;
            }
            // Aggregate this and following small units while they fit.
            int headerLen = kind == Kind.H264 ? 1 : 2;
            int size = headerLen + 2 + nal.length;
            int j = i + 1;
            while (aggregate && j < au.size() && size + 2 + au.get(j).length <= mtu) {
                size += 2 + au.get(j).length;
                j++;
            }
            if (j - i == 1) {
                out.add(nal);
            } else {
                out.add(aggregation(au.subList(i, j)));
            }
            i = j;
        }
        return out;
    }

    private byte[] aggregation(List<byte[]> nals) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (kind == Kind.H264) {
            int nri = 0;
            for (byte[] n : nals) nri = Math.max(nri, n[0] & 0x60);
            b.write(nri | 24);
        } else {
            b.write(48 << 1);
            b.write(1); // TID 1
        }
        for (byte[] n : nals) {
            b.write(n.length >> 8);
            b.write(n.length & 0xFF);
            b.writeBytes(n);
        }
        return b.toByteArray();
    }

    private List<byte[]> fragment(byte[] nal) {
        List<byte[]> out = new ArrayList<>();
        int headerLen = kind == Kind.H264 ? 1 : 2;
        int type = kind == Kind.H264 ? nal[0] & 0x1F : (nal[0] >> 1) & 0x3F;
        int pos = headerLen;
        int chunk = mtu - headerLen - 1;
        while (pos < nal.length) {
            int n = Math.min(chunk, nal.length - pos);
            boolean start = pos == headerLen;
            boolean end = pos + n == nal.length;
            int fuHeader = (start ? 0x80 : 0) | (end ? 0x40 : 0) | type;
            byte[] p;
            if (kind == Kind.H264) {
                p = new byte[2 + n];
                p[0] = (byte) ((nal[0] & 0xE0) | 28);
                p[1] = (byte) fuHeader;
                System.arraycopy(nal, pos, p, 2, n);
            } else {
                p = new byte[3 + n];
                p[0] = (byte) ((nal[0] & 0x81) | (49 << 1));
                p[1] = nal[1];
                p[2] = (byte) fuHeader;
                System.arraycopy(nal, pos, p, 3, n);
            }
            out.add(p);
            pos += n;
        }
        return out;
    }

    /** Splits an Annex-B elementary stream into NAL units (start codes removed). */
    public static List<byte[]> nalUnits(byte[] stream) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 2 < stream.length; i++) {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1) starts.add(i + 3);
        }
        List<byte[]> out = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            int from = starts.get(k);
            int to = k + 1 < starts.size() ? starts.get(k + 1) - 3 : stream.length;
            while (to > from && stream[to - 1] == 0) to--;
            out.add(Arrays.copyOfRange(stream, from, to));
        }
        return out;
    }

    /**
     * Groups NAL units into access units the way a decoder does (H.264 §7.4.1.2.3, H.265
     * §7.4.2.4.4): a parameter set, SEI or AUD after a slice, or a slice that is the first of a
     * picture (first_mb_in_slice 0 / first_slice_segment_in_pic_flag) after a slice, starts a new one.
     */
    public static List<List<byte[]>> accessUnits(Kind kind, List<byte[]> nals) {
        List<List<byte[]>> aus = new ArrayList<>();
        List<byte[]> cur = new ArrayList<>();
        boolean curHasSlice = false;
        for (byte[] nal : nals) {
            boolean slice;
            boolean firstOfPicture;
            boolean prefix;
            if (kind == Kind.H264) {
                int t = nal[0] & 0x1F;
                slice = t >= 1 && t <= 5;
                firstOfPicture = slice && (nal[1] & 0x80) != 0; // ue(v) 0 is the single bit '1'
                prefix = t == 6 || t == 7 || t == 8 || t == 9;
            } else {
                int t = (nal[0] >> 1) & 0x3F;
                slice = t < 32;
                firstOfPicture = slice && (nal[2] & 0x80) != 0;
                prefix = t >= 32 && t <= 35 || t == 39;
            }
            if (curHasSlice && (prefix || firstOfPicture)) {
                aus.add(cur);
                cur = new ArrayList<>();
                curHasSlice = false;
            }
            cur.add(nal);
            curHasSlice |= slice;
        }
        if (!cur.isEmpty()) aus.add(cur);
        return aus;
    }
}
