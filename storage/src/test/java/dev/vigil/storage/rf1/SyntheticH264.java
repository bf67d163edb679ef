package dev.vigil.storage.rf1;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic synthetic H.264 stream for the crash simulator: access units of SPS (0x67), PPS
 * (0x68) and IDR slices (0x65) every {@code gop} frames, P slices (0x41) in between, sometimes
 * several slices per picture. Payloads are random but emulation-prevented (no {@code 00 00 00},
 * {@code 00 00 01}, {@code 00 00 02} inside a NAL unit) and never end in a zero byte, as real NAL
 * units do, so that the packets file is a valid byte stream and a start code only ever appears
 * where the writer put one.
 */
final class SyntheticH264 {
    static final byte SPS = 0x67;
    static final byte PPS = 0x68;
    static final byte IDR = 0x65;
    static final byte P_SLICE = 0x41;

    /** One NAL unit without start code, the pts of its access unit and its RF1 flags. */
    record Nal(int pts, byte[] bytes, int flags) {
        /** What the packets file holds for this NAL unit: the 4-byte start code, then the unit. */
        byte[] stored() {
            byte[] out = Arrays.copyOf(AnnexB.START_CODE, AnnexB.START_CODE.length + bytes.length);
            System.arraycopy(bytes, 0, out, AnnexB.START_CODE.length, bytes.length);
            return out;
        }
    }

    private final SplittableRandom rng;
    private final int gop;
    private final int ptsStep;
    private int frame;
    private int pts;

    /** A stream whose first access unit has {@code firstPts} (0 exercises the all-zero-pts corner). */
    SyntheticH264(SplittableRandom rng, int firstPts) {
        this.rng = rng;
        this.gop = rng.nextInt(3, 31);
        this.ptsStep = IndexEntry.TICKS_PER_SECOND / rng.nextInt(5, 31);
        this.pts = firstPts;
    }

    int nextPts() {
        return pts;
    }

    /** Moves the stream on so that the next access unit has at least {@code minPts}. */
    void skipTo(int minPts) {
        pts = Math.max(pts, minPts);
    }

    /** The next access unit: all of its NAL units share one pts, strictly after the previous one's. */
    List<Nal> nextAccessUnit() {
        List<Nal> au = new ArrayList<>();
        int slices = rng.nextInt(8) == 0 ? rng.nextInt(2, 5) : 1;
        if (frame % gop == 0) {
            au.add(nal(SPS, rng.nextInt(4, 25)));
            au.add(nal(PPS, rng.nextInt(2, 9)));
            for (int s = 0; s < slices; s++) au.add(nal(IDR, logUniform(2_000, 30_000) / slices + 1));
        } else {
            for (int s = 0; s < slices; s++) au.add(nal(P_SLICE, logUniform(3, 12_000) / slices + 1));
        }
        frame++;
        // Jitter keeps pts strictly increasing but not on a fixed grid.
        pts += ptsStep + rng.nextInt(0, 1 + ptsStep / 4);
        return au;
    }

    private int logUniform(int lo, int hi) {
        return (int) Math.exp(rng.nextDouble(Math.log(lo), Math.log(hi)));
    }

    private Nal nal(byte header, int size) {
        byte[] out = new byte[Math.max(2, size)];
        out[0] = header;
        int zeros = 0;
        for (int n = 1; n < out.length; n++) {
            // Zeros are over-represented so that emulation prevention is exercised.
            int b = rng.nextInt(8) == 0 ? 0 : rng.nextInt(1, 256);
            if (zeros >= 2 && b <= 3) b = 3;  // emulation_prevention_three_byte
            out[n] = (byte) b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        // rbsp_stop_one_bit: a NAL unit never ends in a zero byte.
        if (out[out.length - 1] == 0) out[out.length - 1] = (byte) 0x80;
        return new Nal(pts, out, NalClassifier.flagsH264(header));
    }
}
