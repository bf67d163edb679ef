package dev.vigil.storage.mp4;

/**
 * The boxes of a track in a moov (ISO/IEC 14496-12): headers and sample tables. Tables are
 * run-length coded where the format allows (stts, stsc, a constant stsz).
 */
final class MovieBoxes {
    private MovieBoxes() {}

    static void tkhd(Boxes b, TrackPlan t, int id, long creation, long movieDuration) {
        b.openFull("tkhd", 0, 3).u32(creation).u32(creation).u32(id).u32(0).u32(movieDuration);
        b.zeros(8).u16(0).u16(t.isVideo() ? 0 : 1).u16(t.isVideo() ? 0 : 0x0100).u16(0).matrix();
        b.u32((long) t.width << 16).u32((long) t.height << 16).close();
    }

    /**
     * The edit list maps the presentation start onto the track: a track that starts before it (at
     * the key frame decoding needs) skips {@code -firstSampleOffset}; one that starts after it (the
     * first audio frame) is preceded by an empty edit. A track that starts exactly there has none.
     */
    static void edts(Boxes b, TrackPlan t, long movieDuration) {
        if (t.firstSampleOffset == 0) return;
        b.open("edts");
        if (t.firstSampleOffset < 0) {
            b.openFull("elst", 0, 0).u32(1).u32(movieDuration).u32(-t.firstSampleOffset).u32(0x00010000).close();
        } else {
            long empty = Math.round(t.firstSampleOffset * (double) Mp4File.MOVIE_TIMESCALE / t.timescale);
            b.openFull("elst", 0, 0).u32(2).u32(empty).u32(0xFFFF_FFFFL).u32(0x00010000);
            b.u32(Math.max(0, movieDuration - empty)).u32(0).u32(0x00010000).close();
        }
        b.close();
    }

    static void mdhd(Boxes b, TrackPlan t, long creation) {
        long d = t.mediaDuration();
        if (d > 0xFFFF_FFFFL) b.openFull("mdhd", 1, 0).u64(creation).u64(creation).u32(t.timescale).u64(d);
        else b.openFull("mdhd", 0, 0).u32(creation).u32(creation).u32(t.timescale).u32(d);
        b.u16(0x55C4).u16(0).close(); // language "und"
    }

    static void hdlr(Boxes b, TrackPlan t) {
        b.openFull("hdlr", 0, 0).u32(0).fourcc(t.isVideo() ? "vide" : "soun").zeros(12);
        b.bytes((t.isVideo() ? "Vigil video\0" : "Vigil audio\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII)).close();
    }

    static void mediaHeaderAndDinf(Boxes b, TrackPlan t) {
        if (t.isVideo()) b.openFull("vmhd", 0, 1).u16(0).u16(0).u16(0).u16(0).close();
        else b.openFull("smhd", 0, 0).u16(0).u16(0).close();
        b.open("dinf").openFull("dref", 0, 0).u32(1).openFull("url ", 0, 1).close().close().close();
    }

    static void stts(Boxes b, TrackPlan t) {
        IntList runs = new IntList();
        for (int i = 0; i < t.count; ) {
            int j = i + 1;
            while (j < t.count && t.duration[j] == t.duration[i]) j++;
            runs.add(j - i);
            runs.add(t.duration[i]);
            i = j;
        }
        b.openFull("stts", 0, 0).u32(runs.size() / 2);
        for (int i = 0; i < runs.size(); i++) b.u32(runs.get(i));
        b.close();
    }

    static void stss(Boxes b, TrackPlan t) {
        int n = 0;
        for (int i = 0; i < t.count; i++) if (t.key[i]) n++;
        b.openFull("stss", 0, 0).u32(n);
        for (int i = 0; i < t.count; i++) if (t.key[i]) b.u32(i + 1);
        b.close();
    }

    /** stsc: one entry per run of chunks with the same number of samples. */
    static void stsc(Boxes b, int[] samplesPerChunk) {
        IntList entries = new IntList();
        for (int c = 0; c < samplesPerChunk.length; c++) {
            if (c == 0 || samplesPerChunk[c] != samplesPerChunk[c - 1]) {
                entries.add(c + 1);
                entries.add(samplesPerChunk[c]);
            }
        }
        b.openFull("stsc", 0, 0).u32(entries.size() / 2);
        for (int i = 0; i < entries.size(); i += 2) b.u32(entries.get(i)).u32(entries.get(i + 1)).u32(1);
        b.close();
    }

    static void stsz(Boxes b, TrackPlan t) {
        boolean constant = t.count > 0;
        for (int i = 1; i < t.count && constant; i++) constant = t.size[i] == t.size[0];
        b.openFull("stsz", 0, 0);
        if (constant) {
            b.u32(t.size[0]).u32(t.count);
        } else {
            b.u32(0).u32(t.count);
            for (int i = 0; i < t.count; i++) b.u32(t.size[i]);
        }
        b.close();
    }

    static void chunkOffsets(Boxes b, long[] offsets, long dataStart, boolean large) {
        b.openFull(large ? "co64" : "stco", 0, 0).u32(offsets.length);
        for (long o : offsets) {
            if (large) b.u64(dataStart + o);
            else b.u32(dataStart + o);
        }
        b.close();
    }
}
