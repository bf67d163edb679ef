package dev.vigil.rtsp.codec;

import dev.vigil.rtsp.AccessUnit;
import dev.vigil.rtsp.AccessUnitSink;
import dev.vigil.rtsp.Gap;
import dev.vigil.rtsp.TrackConfig;
import dev.vigil.rtsp.TrackStats;
import dev.vigil.rtsp.TrackStats.Counter;
import dev.vigil.rtsp.rtp.RtpPacket;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Access-unit assembly common to H.264 and H.265; subclasses only unpack their payload formats
 * into NAL units.
 *
 * <p><b>Where an access unit ends.</b> At a change of RTP timestamp, always. At the marker bit
 * only if the unit already holds a picture slice (VCL NAL unit): some cameras set the marker on
 * the SEI or on the parameter sets sent ahead of the slices with the same timestamp, and ending
 * there would cut the picture off its own SEI/SPS/PPS. A unit that ends without any slice
 * (parameter sets or SEI sent under a timestamp of their own) is not emitted on its own but
 * carried into the next unit, where a decoder needs it.
 *
 * <p><b>Loss.</b> Any missing packet, or fragment inconsistency, discards the unit being built
 * and every further packet with the same timestamp (the lost packet may have belonged to
 * either), then units are dropped until one with a key frame; that one has {@code lossBefore}.
 * The first unit ever emitted is a key frame too, since nothing before it can be decoded.
 *
 * <p><b>Copies.</b> Each NAL unit is copied once, from the network buffers into an array of
 * its exact size. A fragmented one is kept as its fragments' payloads (retained, with offsets) until
 * the end fragment, then copied in one go; a growing reassembly buffer would copy it twice and,
 * kept per track, stay as big as the biggest unit ever seen. Large ones (the slices of a picture)
 * go into arrays lent by {@link NalArrays}, which the sink gives back by releasing the unit;
 * a lent array is never kept here beyond the unit it went out in (a parameter set in one is copied
 * out, since it is kept).
 */
abstract class VideoDepacketizer extends BaseDepacketizer {
    /** Bound on non-picture units carried forward, against a camera that never sends slices. */
    static final int MAX_CARRIED = 32;
    /** A NAL unit is at most this big after reassembly; beyond it a fragment run is abandoned. */
    static final int MAX_NAL_SIZE = 8 << 20;

    final ParameterSets parameterSets = new ParameterSets();
    int width;
    int height;

    private final List<Nal> nals = new ArrayList<>();
    private final List<Nal> carried = new ArrayList<>();
    private final NalArrays arrays = NalArrays.SHARED;

    /** A NAL unit: the first {@code length} bytes of {@code bytes}, which {@link #arrays} lent if {@code lent}. */
    private record Nal(byte[] bytes, int length, boolean lent) {
        Nal(byte[] exact) {
            this(exact, exact.length, false);
        }
    }
    private boolean open;
    private long unitTimestamp;
    private long unitReceiveNanos;
    private boolean hasPicture;
    private boolean hasKey;
    private boolean waitForKey = true;

    private boolean broken;
    private long brokenTimestamp;
    private long currentTimestamp;
    private long currentReceiveNanos;

    /** The fragments of the NAL unit being reassembled: the payloads we hold a reference to (the header is {@link #fragmentHeader}). */
    private final List<ByteBuf> fragments = new ArrayList<>();
    /** Where each kept payload's part of the unit begins (its reader index plus the FU header). */
    private int[] fragmentFrom = new int[64];
    private byte[] fragmentHeader;
    private int fragmentSize;
    private boolean inFragment;

    VideoDepacketizer(TrackConfig config, AccessUnitSink sink, TrackStats stats) {
        super(config, sink, stats);
    }

    /**
     * Unpacks one RTP payload (its readable bytes, never empty), calling {@link #addNal} and the
     * fragment methods. Borrowed: the fragment methods retain what they keep.
     */
    abstract void depacketize(ByteBuf payload);

    /** The NAL unit type of a complete unit, or -1 if it is too short to have a header. */
    abstract int nalType(byte[] nal);

    abstract boolean isPicture(int type);

    abstract int flags(int type);

    /** Called for every complete parameter set NAL (in-band); updates {@link #parameterSets} and the size. */
    abstract void parameterSet(int type, byte[] nal);

    @Override
    public final void push(RtpPacket packet, long timestamp, long receiveNanos, int lostBefore) {
        currentTimestamp = timestamp;
        currentReceiveNanos = receiveNanos;
        if (lostBefore > 0) damaged(Gap.Reason.PACKET_LOSS, lostBefore);
        if (broken) {
            if (timestamp == brokenTimestamp) {
                stats.increment(Counter.PACKETS_DROPPED);
                return;
            }
            broken = false;
        }
        if (open && timestamp != unitTimestamp) {
            if (inFragment) {
                // The new timestamp arrived before the fragment run ended: the old unit is
                // incomplete, but nothing of the new one is known to be missing.
                stats.increment(Counter.FRAGMENTS_DROPPED);
                currentTimestamp = unitTimestamp;
                damaged(Gap.Reason.PACKET_LOSS, 0);
                currentTimestamp = timestamp;
                broken = false;
            } else {
                finish();
            }
        }
        if (!open) {
            open = true;
            unitTimestamp = timestamp;
            unitReceiveNanos = receiveNanos;
        }
        ByteBuf payload = packet.payload();
        if (startsWithStartCode(payload)) {
            // Some cameras put an Annex-B byte stream in the payload, whatever its first byte says.
            notFragment();
            addNal(copy(payload, 0, payload.readableBytes()));
        } else if (payload.isReadable()) {
            depacketize(payload);
        }
        if (!broken && packet.marker() && hasPicture && !inFragment) finish();
    }

    @Override
    public final void restart(long receiveNanos) {
        currentReceiveNanos = receiveNanos;
        damaged(Gap.Reason.SOURCE_RESTART, 0);
        broken = false; // a new source has no packets belonging to the old unit
    }

    /**
     * A complete NAL unit from a payload. Annex-B start codes inside it are split off here, so
     * every packetization path tolerates them.
     */
    final void addNal(byte[] nal) {
        for (byte[] unit : AnnexB.split(nal)) addOne(new Nal(unit));
    }

    /** {@link #addNal(byte[])} for the first {@code length} bytes of an array lent by {@link #arrays}. */
    private void addLent(byte[] nal, int length) {
        List<byte[]> units = AnnexB.split(nal, length);
        if (units == null) {
            addOne(new Nal(nal, length, true));
            return;
        }
        arrays.give(nal); // split copied its parts out
        for (byte[] unit : units) addOne(new Nal(unit));
    }

    private void addOne(Nal unit) {
        byte[] nal = unit.bytes();
        int type = nalType(nal);
        if (type < 0) {
            stats.increment(Counter.MALFORMED_PAYLOAD);
            return;
        }
        int f = flags(type);
        if ((f & dev.vigil.rtsp.NalFlags.ESSENTIAL) != 0) {
            if (unit.lent()) {
                // Parameter sets are kept (below, and in parameterSets): never in a lent array.
                nal = java.util.Arrays.copyOf(nal, unit.length());
                arrays.give(unit.bytes());
                unit = new Nal(nal);
            }
            // Some payloaders (GStreamer's with config-interval=-1 and a sliced encoder) repeat the
            // parameter sets before every key-frame slice. After the first slice a parameter set
            // ends the access unit by the H.264/H.265 rules, so a decoder would see two pictures;
            // an identical copy adds nothing, and is dropped.
            // Once a changed set appears, later ones belong to it and are kept.
            if (hasPicture && !parameterSetsChanged) {
                if (containsSame(nal)) {
                    stats.increment(Counter.REPEATED_PARAMETER_SETS);
                    return;
                }
                parameterSetsChanged = true;
            }
            // Cameras repeat their parameter sets before every key frame. The same bytes as the last
            // set of this type change nothing, so the parse (a cold path that stays slow) is skipped.
            if (!java.util.Arrays.equals(nal, lastParameterSet[type])) {
                parameterSet(type, nal);
                lastParameterSet[type] = nal;
            }
        }
        if (isPicture(type)) hasPicture = true;
        if ((f & dev.vigil.rtsp.NalFlags.KEY_FRAME) != 0) hasKey = true;
        nals.add(unit);
    }

    /** A parameter set different from the unit's own came after its first slice. */
    private boolean parameterSetsChanged;

    /** The last in-band parameter set of each NAL unit type (H.265 has 64 types), as last parsed. */
    private final byte[][] lastParameterSet = new byte[64][];

    /** An SDP {@code sprop-*} value decoded, or null (counted) when it is not base64. */
    final byte[] decodeSprop(String b64) {
        try {
            return java.util.Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            stats.increment(Counter.INVALID_SPROP);
            return null;
        }
    }

    private boolean containsSame(byte[] nal) {
        for (Nal n : nals) if (java.util.Arrays.equals(n.bytes(), 0, n.length(), nal, 0, nal.length)) return true;
        return false;
    }

    @Override
    public final void close() {
        releaseFragments();
        inFragment = false;
    }

    /** A payload that starts with a start code is an Annex-B byte stream, whatever its first byte says. */
    static boolean startsWithStartCode(ByteBuf p) {
        int n = p.readableBytes();
        return n >= 3 && u8(p, 0) == 0 && u8(p, 1) == 0 && (u8(p, 2) == 1 || (u8(p, 2) == 0 && n >= 4 && u8(p, 3) == 1));
    }

    /** The unsigned byte at {@code i} of {@code p}'s readable bytes. */
    static int u8(ByteBuf p, int i) {
        return p.getUnsignedByte(p.readerIndex() + i);
    }

    /** {@code length} bytes from {@code from} of {@code p}'s readable bytes, as an array of their own. */
    static byte[] copy(ByteBuf p, int from, int length) {
        byte[] b = new byte[length];
        p.getBytes(p.readerIndex() + from, b);
        return b;
    }

    /** Any non-fragment payload: a fragment run still open can never complete now. */
    final void notFragment() {
        if (inFragment) fragmentLost();
    }

    /** The first fragment: the rebuilt NAL unit {@code header}, then {@code payload} from {@code from}. */
    final void fragmentStart(byte[] header, ByteBuf payload, int from) {
        if (inFragment) {
            fragmentLost();
            if (broken) return;
        }
        inFragment = true;
        releaseFragments();
        fragmentHeader = header;
        fragmentSize = header.length;
        keep(payload, from);
    }

    /** A continuation, {@code payload} from {@code from}; {@code end} completes the NAL unit. */
    final void fragmentContinue(ByteBuf payload, int from, boolean end) {
        if (!inFragment) {
            // Its start was lost (or we joined mid-unit): the unit cannot be rebuilt.
            fragmentLost();
            return;
        }
        keep(payload, from);
        if (fragmentSize > MAX_NAL_SIZE) {
            fragmentLost();
            return;
        }
        if (end) {
            inFragment = false;
            boolean lend = fragmentSize >= NalArrays.SMALLEST;
            byte[] nal = lend ? arrays.take(fragmentSize) : new byte[fragmentSize];
            System.arraycopy(fragmentHeader, 0, nal, 0, fragmentHeader.length);
            int pos = fragmentHeader.length;
            for (int i = 0; i < fragments.size(); i++) {
                ByteBuf f = fragments.get(i);
                int n = f.writerIndex() - fragmentFrom[i];
                f.getBytes(fragmentFrom[i], nal, pos, n);
                pos += n;
            }
            int size = fragmentSize;
            releaseFragments();
            if (lend) addLent(nal, size);
            else addNal(nal);
        }
    }

    /**
     * Keeps {@code payload} from {@code from} for the unit being reassembled: a reference of our
     * own to the payload itself and the offset: no slice object per fragment.
     */
    private void keep(ByteBuf payload, int from) {
        int length = payload.readableBytes() - from;
        if (length <= 0) return;
        if (fragments.size() == fragmentFrom.length) fragmentFrom = java.util.Arrays.copyOf(fragmentFrom, fragmentFrom.length * 2);
        fragmentFrom[fragments.size()] = payload.readerIndex() + from;
        fragments.add(payload.retain());
        fragmentSize += length;
    }

    private void releaseFragments() {
        for (ByteBuf f : fragments) f.release();
        fragments.clear();
        fragmentHeader = null;
        fragmentSize = 0;
    }

    private void fragmentLost() {
        stats.increment(Counter.FRAGMENTS_DROPPED);
        damaged(Gap.Reason.PACKET_LOSS, 0);
    }

    /** Drops units that will not go out, giving back what was lent for them. */
    private void forget(List<Nal> units) {
        for (Nal n : units) forget(n);
        units.clear();
    }

    private void forget(Nal n) {
        if (n.lent()) arrays.give(n.bytes());
    }

    /** Discards the unit in progress and everything else with the current timestamp. */
    private void damaged(Gap.Reason reason, long lostPackets) {
        if (!nals.isEmpty()) stats.increment(Counter.UNITS_DROPPED);
        forget(nals);
        hasPicture = false;
        hasKey = false;
        parameterSetsChanged = false;
        open = false;
        inFragment = false;
        releaseFragments();
        broken = true;
        brokenTimestamp = currentTimestamp;
        waitForKey = true;
        gap(reason, lostPackets, currentReceiveNanos);
    }

    private void finish() {
        open = false;
        if (nals.isEmpty()) return;
        try {
            if (!hasPicture) {
                // Parameter sets / SEI under their own timestamp: keep them for the picture.
                carried.addAll(nals);
                while (carried.size() > MAX_CARRIED) forget(carried.remove(0));
                return;
            }
            if (waitForKey && !hasKey) {
                stats.increment(Counter.UNITS_DROPPED);
                forget(carried);
                forget(nals);
                return;
            }
            List<Nal> all = new ArrayList<>(carried.size() + nals.size());
            all.addAll(carried);
            all.addAll(nals);
            carried.clear();
            List<ByteBuffer> units = new ArrayList<>(all.size());
            int[] unitFlags = new int[all.size()];
            int lent = 0;
            for (int i = 0; i < all.size(); i++) {
                Nal nal = all.get(i);
                units.add(ByteBuffer.wrap(nal.bytes(), 0, nal.length()).slice());
                unitFlags[i] = flags(nalType(nal.bytes()));
                if (nal.lent()) lent++;
            }
            Runnable release = AccessUnit.NOTHING_TO_RELEASE;
            if (lent > 0) {
                byte[][] back = new byte[lent][];
                for (Nal nal : all) if (nal.lent()) back[--lent] = nal.bytes();
                release = new NalArrays.Lease(arrays, back);
            }
            waitForKey = false;
            emit(new AccessUnit(trackId, codec, unitTimestamp, clockRate, unitReceiveNanos, units, unitFlags,
                    hasKey, takeLossPending(), parameterSets.snapshot(), width, height, release));
        } finally {
            nals.clear();
            hasPicture = false;
            hasKey = false;
            parameterSetsChanged = false;
        }
    }
}
