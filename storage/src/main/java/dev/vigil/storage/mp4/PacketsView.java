package dev.vigil.storage.mp4;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The packets file of a track, mapped read-only, for the few bytes the planner must look at
 * before any output is sent: the start code length of each NAL unit (a 3-byte one grows by a byte
 * when it becomes a length), ADTS header sizes, parameter sets. Mapping makes each look a memory
 * access instead of a system call.
 */
final class PacketsView {
    private final MappedByteBuffer map;

    PacketsView(FileChannel packets, long end) throws IOException {
        if (end > Integer.MAX_VALUE) throw new IOException("packets file larger than 2 GiB");
        map = packets.map(FileChannel.MapMode.READ_ONLY, 0, end);
    }

    /** 4 for {@code 00 00 00 01}, 3 for {@code 00 00 01}, 0 when the payload has no start code. */
    int startCode(long location, int length) {
        int p = (int) location;
        if (length >= 3 && map.get(p) == 0 && map.get(p + 1) == 0) {
            byte third = map.get(p + 2);
            if (third == 1) return 3;
            if (third == 0 && length >= 4 && map.get(p + 3) == 1) return 4;
        }
        return 0;
    }

    int u8(long location) {
        return map.get((int) location) & 0xFF;
    }

    byte[] bytes(long location, int length) {
        byte[] b = new byte[length];
        map.get((int) location, b);
        return b;
    }
}
