package dev.vigil.storage.rf1;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * What a power cut leaves of one file, given the durable image D (as of its last fsync) and the
 * current image C (what the OS had in its page cache).
 *
 * <p>Bytes where C equals D are D: they were synced or never changed. Every 512-byte sector that
 * holds unsynced bytes (C differs from D, or lies past D's length) gets one outcome:
 * <ul>
 *   <li>{@code NEW}: C's bytes reached the disk;
 *   <li>{@code OLD}: they never did, the sector still holds D;
 *   <li>{@code ZERO}: the unsynced bytes read as zeros (an allocation whose conversion to written
 *       never reached the journal);
 *   <li>{@code FLIPPED}: C's bytes with a few random bit flips (a write torn inside the device);
 *   <li>{@code GARBAGE}: the whole sector is random bytes.
 * </ul>
 * A sector that holds durable non-zero bytes only ever gets {@code NEW} or {@code OLD}: disks write
 * a sector atomically, and a sector that was synced does not lose what it held. In this protocol
 * every byte that changes after a sync was zero in D (both files are append-only over preallocated
 * zeros; a new index batch overwrites the old sentinel only in its pts and flag bits, as the first
 * new entry has the sentinel's location), so {@code ZERO} and {@code FLIPPED} only touch bytes that
 * were never written. Optionally the file is also cut at a random point inside the unsynced region
 * (its size change never reached the disk), and when C's length differs from D's (an allocation, a
 * truncation) either may have survived.
 */
final class PowerCut {
    enum Outcome { NEW, OLD, ZERO, FLIPPED, GARBAGE }

    /** Which kinds of damage model reality for a file; see {@code CrashSimulatorTest}. */
    record Policy(boolean cut, boolean flips, boolean garbage, Predicate<byte[]> garbageAllowed) {}

    /** The damaged image and a one-line account of what was done, for failure messages. */
    record Result(FileImage image, String story) {}

    private PowerCut() {}

    static Result apply(FileImage durable, FileImage current, Policy policy, SplittableRandom rng) {
        int n = Math.max(durable.head().length, current.head().length);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) out[i] = get(durable, i);
        // How the sectors fare together: all reached the disk, none did, an in-order prefix did, or a mix.
        int style = rng.nextInt(5);
        int prefixSectors = rng.nextInt(0, n / FileImage.SECTOR + 2);
        Map<Outcome, Integer> tally = new EnumMap<>(Outcome.class);
        long firstUnsynced = current.length() > durable.length() ? durable.length() : Long.MAX_VALUE;
        for (int s = 0; s * FileImage.SECTOR < n; s++) {
            int lo = s * FileImage.SECTOR;
            int hi = Math.min(n, lo + FileImage.SECTOR);
            boolean changed = false;
            boolean virgin = true;
            for (int i = lo; i < hi; i++) {
                if (get(current, i) != get(durable, i)) {
                    changed = true;
                    firstUnsynced = Math.min(firstUnsynced, i);
                }
                if (get(durable, i) != 0) virgin = false;
            }
            if (!changed) continue;
            Outcome o = switch (style) {
                case 0 -> Outcome.NEW;
                case 1 -> Outcome.OLD;
                case 2 -> s < prefixSectors ? Outcome.NEW : Outcome.OLD;
                default -> pick(rng, policy, virgin);
            };
            tally.merge(o, 1, Integer::sum);
            switch (o) {
                case NEW -> copyChanged(out, durable, current, lo, hi);
                case OLD -> { }
                case ZERO -> zeroChanged(out, durable, current, lo, hi);
                case FLIPPED -> {
                    copyChanged(out, durable, current, lo, hi);
                    flipChanged(out, durable, current, lo, hi, rng);
                }
                case GARBAGE -> garbage(out, lo, hi, policy, rng);
            }
        }
        // A size change (an allocation, a truncation) may or may not have reached the disk.
        long length = rng.nextBoolean() ? durable.length() : current.length();
        String cut = "";
        if (policy.cut() && firstUnsynced != Long.MAX_VALUE && rng.nextInt(3) == 0) {
            long at = rng.nextLong(firstUnsynced, Math.max(n, firstUnsynced + 1) + 1);
            length = Math.min(length, at);
            cut = ", cut at " + at;
        }
        if (out.length > length) out = java.util.Arrays.copyOf(out, (int) length);
        String story = (firstUnsynced == Long.MAX_VALUE ? "nothing unsynced"
                : "unsynced from " + firstUnsynced + ", style " + style + " " + tally) + cut + ", length " + length;
        return new Result(new FileImage(length, out), story);
    }

    /**
     * Flips 1 to 3 bits in never-written zeros at or after {@code from}: half the time in the 8 bytes
     * right at {@code from} (where a scan would read on), else anywhere in the next 4 sectors.
     */
    static Result flipNeverWritten(FileImage image, long from, SplittableRandom rng) {
        long window = rng.nextBoolean() ? 8 : 4L * FileImage.SECTOR;
        int end = (int) Math.min(image.length(), from + window);
        if (from >= end) return new Result(image, "no room to flip after " + from);
        byte[] out = java.util.Arrays.copyOf(image.head(), Math.max(image.head().length, end));
        StringBuilder story = new StringBuilder("flipped bits at");
        for (int k = rng.nextInt(1, 4); k > 0; k--) {
            int at = (int) rng.nextLong(from, end);
            if (image.at(at) != 0) continue;  // only bytes that were never written
            out[at] ^= (byte) (1 << rng.nextInt(8));
            story.append(' ').append(at);
        }
        return new Result(new FileImage(image.length(), out), story.toString());
    }

    private static Outcome pick(SplittableRandom rng, Policy policy, boolean virgin) {
        if (!virgin) return rng.nextBoolean() ? Outcome.NEW : Outcome.OLD;
        while (true) {
            int r = rng.nextInt(100);
            Outcome o = r < 35 ? Outcome.NEW : r < 60 ? Outcome.OLD : r < 72 ? Outcome.ZERO : r < 86 ? Outcome.FLIPPED : Outcome.GARBAGE;
            if (o == Outcome.FLIPPED && !policy.flips()) continue;
            if (o == Outcome.GARBAGE && !policy.garbage()) continue;
            return o;
        }
    }

    private static byte get(FileImage image, int i) {
        return i < image.head().length ? image.head()[i] : 0;
    }

    private static void copyChanged(byte[] out, FileImage durable, FileImage current, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            if (get(current, i) != get(durable, i)) out[i] = get(current, i);
        }
    }

    private static void zeroChanged(byte[] out, FileImage durable, FileImage current, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            if (get(current, i) != get(durable, i) && get(durable, i) == 0) out[i] = 0;
        }
    }

    private static void flipChanged(byte[] out, FileImage durable, FileImage current, int lo, int hi, SplittableRandom rng) {
        for (int k = rng.nextInt(1, 9); k > 0; k--) {
            int i = rng.nextInt(lo, hi);
            if (get(current, i) != get(durable, i) && get(durable, i) == 0) out[i] ^= (byte) (1 << rng.nextInt(8));
        }
    }

    private static void garbage(byte[] out, int lo, int hi, Policy policy, SplittableRandom rng) {
        byte[] sector = new byte[hi - lo];
        do {
            rng.nextBytes(sector);
        } while (!policy.garbageAllowed().test(sector));
        System.arraycopy(sector, 0, out, lo, sector.length);
    }
}
