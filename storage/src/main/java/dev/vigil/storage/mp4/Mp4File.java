package dev.vigil.storage.mp4;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A progressive ("faststart") MP4 of a plan, generated on the fly:
 *
 * <pre>
 * ftyp  isom, minor 512, compatible isom iso2 mp41 (+ avc1)
 * moov  mvhd (timescale 1000) | trak video | [trak audio]
 *       trak: tkhd | [edts/elst] | mdia: mdhd, hdlr, minf: vmhd|smhd, dinf/dref, stbl:
 *             stsd, stts, [stss], stsc, stsz, stco|co64
 * mdat  8-byte header (16 with a 64-bit size), then the chunks: about half a second of one
 *       track's samples at a time, video and audio interleaved by time
 * </pre>
 *
 * Only the header (ftyp + moov + mdat header) is held in memory; {@link #write} produces any byte
 * range of the file, the mdat part straight from the packets files, so that HTTP range requests get
 * exactly the bytes of the full response.
 */
public final class Mp4File {
    /** Interleave: a chunk holds up to this much of one track. */
    static final long CHUNK_MICROS = 500_000;
    static final int MOVIE_TIMESCALE = 1000;
    /** Seconds from 1904-01-01 (the MP4 epoch) to 1970-01-01. */
    static final long MP4_EPOCH_OFFSET = 2_082_844_800L;

    private final Mp4Plan plan;
    private final byte[] header;
    private final MdatBody body;

    private Mp4File(Mp4Plan plan, byte[] header, MdatBody body) {
        this.plan = plan;
        this.header = header;
        this.body = body;
    }

    public static Mp4File of(Mp4Plan plan) {
        if (plan.isEmpty()) throw new IllegalArgumentException("nothing to export in this range");
        List<TrackPlan> tracks = new ArrayList<>(2);
        tracks.add(plan.video());
        if (plan.audio() != null) tracks.add(plan.audio());
        Layout layout = Layout.of(tracks);
        byte[] ftyp = ftyp(plan.video());
        MdatBody body = layout.body(plan);
        long bodyLength = body.length();
        // The header's size depends only on whether 64-bit offsets are needed, not on their values.
        boolean large = ftyp.length + moov(plan, tracks, layout, 0, true).length + 16 + bodyLength > 0xFFFF_FFFFL;
        int mdatHeader = bodyLength + 8 > 0xFFFF_FFFFL ? 16 : 8;
        int moovLength = moov(plan, tracks, layout, 0, large).length;
        long dataStart = ftyp.length + moovLength + mdatHeader;
        byte[] moov = moov(plan, tracks, layout, dataStart, large);
        Boxes h = new Boxes(ftyp.length + moov.length + 16).bytes(ftyp).bytes(moov);
        if (mdatHeader == 16) h.u32(1).fourcc("mdat").u64(bodyLength + 16);
        else h.u32(bodyLength + 8).fourcc("mdat");
        return new Mp4File(plan, h.toArray(), body);
    }

    public Mp4Plan plan() {
        return plan;
    }

    /** The whole file's length, known before any byte is sent. */
    public long length() {
        return header.length + body.length();
    }

    /** ftyp + moov + the mdat header: where the samples begin. */
    public int headerLength() {
        return header.length;
    }

    public String etag() {
        return plan.etag();
    }

    /** Writes bytes {@code [from, to)} of the file. */
    public void write(long from, long to, WritableByteChannel out) throws IOException {
        write(from, to, out, MdatBody.READ_SIZE);
    }

    void write(long from, long to, WritableByteChannel out, int readSize) throws IOException {
        if (from < 0 || to > length() || from > to) throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + length());
        if (from < header.length) {
            ByteBuffer h = ByteBuffer.wrap(header, (int) from, (int) (Math.min(to, header.length) - from));
            while (h.hasRemaining()) out.write(h);
        }
        if (to > header.length) body.write(Math.max(from, header.length) - header.length, to - header.length, out, readSize);
    }

    /** Writes the whole file. */
    public void writeTo(OutputStream out) throws IOException {
        write(0, length(), Channels.newChannel(out));
    }

    static byte[] ftyp(TrackPlan video) {
        Boxes b = new Boxes(40).open("ftyp").fourcc("isom").u32(512).fourcc("isom").fourcc("iso2").fourcc("mp41");
        if (video.codec == dev.vigil.storage.rf1.Codec.H264) b.fourcc("avc1");
        return b.close().toArray();
    }

    private static byte[] moov(Mp4Plan plan, List<TrackPlan> tracks, Layout layout, long dataStart, boolean large) {
        long creation = Math.floorDiv(plan.startMicros(), 1_000_000L) + MP4_EPOCH_OFFSET;
        long duration = 0;
        for (TrackPlan t : tracks) duration = Math.max(duration, presentedMovieDuration(t));
        Boxes b = new Boxes(64 * 1024 + 16 * (plan.videoSamples() + plan.audioSamples()));
        b.open("moov");
        b.openFull("mvhd", 0, 0).u32(creation).u32(creation).u32(MOVIE_TIMESCALE).u32(duration);
        b.u32(0x00010000).u16(0x0100).zeros(10).matrix().zeros(24).u32(tracks.size() + 1).close();
        for (int i = 0; i < tracks.size(); i++) {
            TrackPlan t = tracks.get(i);
            b.open("trak");
            MovieBoxes.tkhd(b, t, i + 1, creation, presentedMovieDuration(t));
            MovieBoxes.edts(b, t, presentedMovieDuration(t));
            b.open("mdia");
            MovieBoxes.mdhd(b, t, creation);
            MovieBoxes.hdlr(b, t);
            b.open("minf");
            MovieBoxes.mediaHeaderAndDinf(b, t);
            b.open("stbl");
            SampleDescriptions.stsd(b, t);
            MovieBoxes.stts(b, t);
            if (t.isVideo() && !t.allSync()) MovieBoxes.stss(b, t);
            MovieBoxes.stsc(b, layout.chunkSamples(i));
            MovieBoxes.stsz(b, t);
            MovieBoxes.chunkOffsets(b, layout.chunkOffsets(i), dataStart, large);
            b.close().close().close().close();
        }
        return b.close().toArray();
    }

    /** From the presentation start to the track's end, in the movie timescale. */
    static long presentedMovieDuration(TrackPlan t) {
        long end = t.firstSampleOffset + t.mediaDuration();
        return Math.max(0, Math.round(end * (double) MOVIE_TIMESCALE / t.timescale));
    }

    /** Where each track's chunks go in the mdat body, and the body's pieces in that order. */
    record Layout(List<TrackPlan> tracks, List<int[]> chunkFirst, List<long[]> chunkOffset, int[] order) {
        static Layout of(List<TrackPlan> tracks) {
            int n = tracks.size();
            int[] next = new int[n];
            List<IntList> first = new ArrayList<>();
            List<LongList> offsets = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                first.add(new IntList());
                offsets.add(new LongList());
            }
            IntList order = new IntList(); // chunks in body order: track, first sample, end sample
            long at = 0;
            while (true) {
                int pick = -1;
                for (int i = 0; i < n; i++) {
                    if (next[i] >= tracks.get(i).count) continue;
                    if (pick < 0 || micros(tracks.get(i), next[i]) < micros(tracks.get(pick), next[pick])) pick = i;
                }
                if (pick < 0) break;
                TrackPlan t = tracks.get(pick);
                int s = next[pick];
                long limit = micros(t, s) + CHUNK_MICROS;
                int e = s + 1;
                while (e < t.count && micros(t, e) < limit) e++;
                first.get(pick).add(s);
                offsets.get(pick).add(at);
                for (int k = s; k < e; k++) at += t.size[k];
                order.add(pick);
                order.add(s);
                order.add(e);
                next[pick] = e;
            }
            List<int[]> cf = new ArrayList<>();
            List<long[]> co = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                cf.add(first.get(i).toArray());
                co.add(offsets.get(i).toArray());
            }
            return new Layout(tracks, cf, co, order.toArray());
        }

        /** A sample's time from the presentation start, in microseconds (for ordering only). */
        static long micros(TrackPlan t, int i) {
            return Math.floorDiv((t.firstSampleOffset + t.dts[i]) * 1_000_000L, t.timescale);
        }

        /** Samples per chunk of track i. */
        int[] chunkSamples(int track) {
            int[] f = chunkFirst.get(track);
            int[] n = new int[f.length];
            for (int c = 0; c < f.length; c++) n[c] = (c + 1 < f.length ? f[c + 1] : tracks.get(track).count) - f[c];
            return n;
        }

        long[] chunkOffsets(int track) {
            return chunkOffset.get(track);
        }

        MdatBody body(Mp4Plan plan) {
            return MdatBody.of(plan.sources(), tracks, order);
        }
    }
}
