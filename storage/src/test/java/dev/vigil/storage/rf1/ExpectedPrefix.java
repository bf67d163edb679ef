package dev.vigil.storage.rf1;

import java.util.List;

/**
 * The entries a correct recovery returns from a damaged track, computed from the ground truth and
 * the damaged bytes alone (not from anything the reader or writer says).
 *
 * <p>Entry {@code i} survives when its 8 index bytes are exactly the entry appended, the location
 * in slot {@code i + 1} (the next entry or the sentinel) is exactly where entry {@code i} ends, since
 * that is where its length comes from, and its payload bytes in the packets file are exactly the
 * start code and NAL unit appended. The valid prefix is the longest run of surviving entries from
 * entry 0 among the {@code written} entries the index was meant to hold; when it stops short, the
 * entries at its end that share the pts of the first lost entry are dropped too (the rest of an
 * access unit that was not completely recovered).
 */
final class ExpectedPrefix {
    private ExpectedPrefix() {}

    static int of(List<Long> entries, List<byte[]> stored, int written, FileImage index, FileImage packets) {
        int k = 0;
        while (k < written && survives(entries, stored, k, index, packets)) k++;
        if (k < written) {
            int lostPts = IndexEntry.ptsOf(entries.get(k));
            while (k > 0 && IndexEntry.ptsOf(entries.get(k - 1)) == lostPts) k--;
        }
        return k;
    }

    private static boolean survives(List<Long> entries, List<byte[]> stored, int i, FileImage index, FileImage packets) {
        long location = IndexEntry.locationOf(entries.get(i));
        byte[] bytes = stored.get(i);
        return index.longAt(slot(i)) == entries.get(i)
                && IndexEntry.locationOf(index.longAt(slot(i + 1))) == location + bytes.length
                && packets.holds(location, bytes);
    }

    static long slot(int i) {
        return TrackHeader.BYTES + (long) i * IndexEntry.BYTES;
    }
}
