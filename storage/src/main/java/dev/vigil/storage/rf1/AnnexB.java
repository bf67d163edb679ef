package dev.vigil.storage.rf1;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an Annex-B byte stream into NAL units. Start codes may be 3 ({@code 00 00 01}) or
 * 4 ({@code 00 00 00 01}) bytes; the units come back without them, so that a writer can put a
 * uniform 4-byte start code in front of each. Trailing zero bytes before a start code belong to
 * neither unit (they are {@code trailing_zero_8bits}) and are dropped.
 */
public final class AnnexB {
    /** The start code RF1 stores in front of every NAL unit. */
    public static final byte[] START_CODE = {0, 0, 0, 1};

    private AnnexB() {}

    /** Slices of {@code stream} (sharing its content), one per NAL unit, start codes removed. */
    public static List<ByteBuffer> split(ByteBuffer stream) {
        List<ByteBuffer> units = new ArrayList<>();
        int end = stream.limit();
        int p = stream.position();
        int nalStart = -1;
        while (p + 2 < end) {
            // Skip fast while the third byte cannot end a start code.
            byte b2 = stream.get(p + 2);
            if (b2 > 1) {
                p += 3;
                continue;
            }
            if (b2 == 1 && stream.get(p) == 0 && stream.get(p + 1) == 0) {
                if (nalStart >= 0) units.add(slice(stream, nalStart, trimZeros(stream, nalStart, p)));
                nalStart = p + 3;
                p += 3;
            } else {
                p++;
            }
        }
        if (nalStart >= 0) {
            units.add(slice(stream, nalStart, trimZeros(stream, nalStart, end)));
        }
        units.removeIf(u -> !u.hasRemaining());
        return units;
    }

    /** True when {@code b} at {@code offset} holds {@code 00 00 01} or {@code 00 00 00 01}. */
    public static boolean startsWithStartCode(ByteBuffer b, int offset, int length) {
        if (length >= 3 && b.get(offset) == 0 && b.get(offset + 1) == 0) {
            byte third = b.get(offset + 2);
            if (third == 1) return true;
            return third == 0 && length >= 4 && b.get(offset + 3) == 1;
        }
        return false;
    }

    private static int trimZeros(ByteBuffer b, int from, int to) {
        while (to > from && b.get(to - 1) == 0) to--;
        return to;
    }

    private static ByteBuffer slice(ByteBuffer b, int from, int to) {
        return b.duplicate().limit(to).position(from).slice();
    }
}
