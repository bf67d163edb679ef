package dev.vigil.storage.testing;

import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.segment.RollPolicy;
import dev.vigil.storage.segment.SegmentInfo;
import dev.vigil.storage.segment.SegmentListener;
import dev.vigil.storage.segment.SegmentWriter;
import dev.vigil.storage.segment.VideoFrame;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/** Small synthetic recordings for tests here and, through the test jar, in the daemon. */
public final class ClosedSegments {
    private ClosedSegments() {}

    /** A NAL unit of {@code size} bytes with header byte {@code header} and no zero byte after it. */
    public static ByteBuffer nal(int header, int size) {
        byte[] b = new byte[size];
        b[0] = (byte) header;
        for (int i = 1; i < size; i++) b[i] = (byte) (1 + i % 250);
        return ByteBuffer.wrap(b);
    }

    /**
     * Three seconds of a 10 fps H.264 camera from {@code start} (a key frame each second) into
     * {@code root/camera}, closed and registered in {@code catalog} the way the recorder does it.
     */
    public static void record(Path root, Catalog catalog, String camera, long start) throws Exception {
        try (SegmentWriter w = new SegmentWriter(root.resolve(camera), RollPolicy.defaults(), toCatalog(catalog, camera))) {
            for (int i = 0; i < 30; i++) {
                List<ByteBuffer> nals = i % 10 == 0 ? List.of(nal(0x67, 8), nal(0x68, 4), nal(0x65, 2000)) : List.of(nal(0x41, 300));
                w.write(new VideoFrame(start + i * 100_000L, Codec.H264, 320, 240, nals));
            }
        }
    }

    /** Registers {@code camera}'s segment opens and closes in {@code catalog}, as the recorder does. */
    public static SegmentListener toCatalog(Catalog catalog, String camera) {
        return new SegmentListener() {
            @Override
            public void opened(SegmentInfo s) {
                catalog.opened(camera, s);
            }

            @Override
            public void closed(SegmentInfo s) {
                catalog.closed(camera, s);
            }
        };
    }
}
