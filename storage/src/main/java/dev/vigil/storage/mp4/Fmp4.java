package dev.vigil.storage.mp4;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A fragmented MP4 of a plan, for HLS (and live playlists): an init segment and one fragment per
 * GOP, each addressable by index and generated on demand.
 *
 * <pre>
 * init      ftyp (iso6; compatible iso6 mp41 [avc1]) | moov: mvhd, trak per track with empty sample
 *           tables (stts/stsc/stsz/stco of 0 entries), mvex: trex per track
 * fragment  moof: mfhd (sequence = index + 1), per track a traf:
 *                 tfhd (default-base-is-moof, track id), tfdt v1 (base media decode time),
 *                 trun (data offset; per sample duration, size, flags)
 *           mdat: the video samples of the GOP, then the audio samples that start during it
 * </pre>
 *
 * Fragment k begins with a key frame. Decode times count from the plan's first key frame (the
 * media start): a fragmented file presents from there, without an edit list, as HLS expects.
 */
public final class Fmp4 {
    static final int KEY_FLAGS = 0x0200_0000; // sample_depends_on = 2: depends on no other sample
    static final int NON_KEY_FLAGS = 0x0101_0000; // sample_depends_on = 1, sample_is_non_sync_sample

    /**
     * One fragment: where it starts (absolute, µs since the epoch), how long it lasts and its size.
     */
    public record Fragment(int index, long startMicros, long durationMicros, long bytes) {}

    private final Mp4Plan plan;
    private final List<TrackPlan> tracks;
    /** Per fragment, per track: the first sample; a last row closes the last fragment. */
    private final int[][] first;
    /** Per track, the first sample's decode time from the media start, in its timescale. */
    private final long[] origin;
    private final List<Fragment> fragments;

    private Fmp4(Mp4Plan plan) {
        this.plan = plan;
        List<TrackPlan> t = new ArrayList<>(2);
        t.add(plan.video());
        if (plan.audio() != null) t.add(plan.audio());
        this.tracks = t;
        TrackPlan v = plan.video();
        origin = new long[t.size()];
        for (int i = 0; i < t.size(); i++) {
            // Relative to the video's first sample, which is where decoding starts; audio never starts before it.
            long micros = Mp4File.Layout.micros(t.get(i), 0) - Mp4File.Layout.micros(v, 0);
            origin[i] = Math.max(0, Math.floorDiv(micros * t.get(i).timescale, 1_000_000L));
        }
        List<Integer> keys = new ArrayList<>();
        for (int s = 0; s < v.count; s++) if (s == 0 || v.key[s]) keys.add(s);
        first = new int[keys.size() + 1][t.size()];
        for (int f = 0; f <= keys.size(); f++) {
            int vs = f < keys.size() ? keys.get(f) : v.count;
            first[f][0] = vs;
            for (int i = 1; i < t.size(); i++) {
                TrackPlan a = t.get(i);
                int as = f == 0 ? 0 : first[f - 1][i];
                if (f == keys.size()) {
                    as = a.count;
                } else {
                    long limit = Mp4File.Layout.micros(v, vs);
                    while (f > 0 && as < a.count && Mp4File.Layout.micros(a, as) < limit) as++;
                }
                first[f][i] = as;
            }
        }
        List<Fragment> list = new ArrayList<>(keys.size());
        for (int f = 0; f < keys.size(); f++) {
            int s = first[f][0], e = first[f + 1][0];
            long start = Mp4File.Layout.micros(v, s);
            long end = Math.floorDiv((v.firstSampleOffset + v.dts[e - 1] + v.duration[e - 1]) * 1_000_000L, v.timescale);
            long bytes = moof(f).length + 8 + body(f).length();
            list.add(new Fragment(f, plan.startMicros() + start, end - start, bytes));
        }
        fragments = Collections.unmodifiableList(list);
    }

    public static Fmp4 of(Mp4Plan plan) {
        if (plan.isEmpty()) throw new IllegalArgumentException("nothing to export in this range");
        return new Fmp4(plan);
    }

    public Mp4Plan plan() {
        return plan;
    }

    /** The fragments in order, one per GOP. */
    public List<Fragment> fragments() {
        return fragments;
    }

    /** ftyp + moov. */
    public byte[] init() {
        long creation = Math.floorDiv(plan.startMicros(), 1_000_000L) + Mp4File.MP4_EPOCH_OFFSET;
        Boxes b = new Boxes(2048);
        b.open("ftyp").fourcc("iso6").u32(0).fourcc("iso6").fourcc("mp41");
        if (plan.video().codec == dev.vigil.storage.rf1.Codec.H264) b.fourcc("avc1");
        b.close();
        b.open("moov");
        b.openFull("mvhd", 0, 0).u32(creation).u32(creation).u32(Mp4File.MOVIE_TIMESCALE).u32(0);
        b.u32(0x00010000).u16(0x0100).zeros(10).matrix().zeros(24).u32(tracks.size() + 1).close();
        for (int i = 0; i < tracks.size(); i++) {
            TrackPlan t = tracks.get(i);
            b.open("trak");
            MovieBoxes.tkhd(b, t, i + 1, creation, 0);
            b.open("mdia");
            b.openFull("mdhd", 0, 0).u32(creation).u32(creation).u32(t.timescale).u32(0).u16(0x55C4).u16(0).close();
            MovieBoxes.hdlr(b, t);
            b.open("minf");
            MovieBoxes.mediaHeaderAndDinf(b, t);
            b.open("stbl");
            SampleDescriptions.stsd(b, t);
            b.openFull("stts", 0, 0).u32(0).close();
            b.openFull("stsc", 0, 0).u32(0).close();
            b.openFull("stsz", 0, 0).u32(0).u32(0).close();
            b.openFull("stco", 0, 0).u32(0).close();
            b.close().close().close().close();
        }
        b.open("mvex");
        for (int i = 0; i < tracks.size(); i++) b.openFull("trex", 0, 0).u32(i + 1).u32(1).u32(0).u32(0).u32(0).close();
        b.close();
        return b.close().toArray();
    }

    /** Writes fragment {@code k}: its moof, then its mdat streamed from the packets files. */
    public void write(int k, WritableByteChannel out) throws IOException {
        byte[] moof = moof(k);
        MdatBody body = body(k);
        ByteBuffer head = ByteBuffer.allocate(moof.length + 8).put(moof).putInt((int) (body.length() + 8)).put(new byte[] {'m', 'd', 'a', 't'});
        head.flip();
        while (head.hasRemaining()) out.write(head);
        body.write(0, body.length(), out);
    }

    private MdatBody body(int k) {
        int[] runs = new int[3 * tracks.size()];
        for (int i = 0; i < tracks.size(); i++) {
            runs[3 * i] = i;
            runs[3 * i + 1] = first[k][i];
            runs[3 * i + 2] = first[k + 1][i];
        }
        return MdatBody.of(plan.sources(), tracks, runs);
    }

    private byte[] moof(int k) {
        Boxes b = new Boxes(256 + 16 * (first[k + 1][0] - first[k][0]));
        b.open("moof");
        b.openFull("mfhd", 0, 0).u32(k + 1).close();
        int[] dataOffsetAt = new int[tracks.size()];
        long[] dataBefore = new long[tracks.size()];
        long data = 0;
        for (int i = 0; i < tracks.size(); i++) {
            TrackPlan t = tracks.get(i);
            int s = first[k][i], e = first[k + 1][i];
            dataBefore[i] = data;
            for (int j = s; j < e; j++) data += t.size[j];
            if (e == s) {
                dataOffsetAt[i] = -1;
                continue;
            }
            b.open("traf");
            b.openFull("tfhd", 0, 0x020000).u32(i + 1).close();
            b.openFull("tfdt", 1, 0).u64(origin[i] + t.dts[s]).close();
            b.openFull("trun", 0, 0x000701).u32(e - s);
            dataOffsetAt[i] = b.length();
            b.u32(0);
            for (int j = s; j < e; j++) b.u32(t.duration[j]).u32(t.size[j]).u32(t.key[j] ? KEY_FLAGS : NON_KEY_FLAGS);
            b.close().close();
        }
        b.close();
        int moofLength = b.length();
        for (int i = 0; i < tracks.size(); i++) {
            if (dataOffsetAt[i] >= 0) b.patchU32(dataOffsetAt[i], moofLength + 8 + dataBefore[i]);
        }
        return b.toArray();
    }
}
