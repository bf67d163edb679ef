package dev.vigil.storage.rf1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectBuffersTest {
    @TempDir
    Path dir;

    @Test
    void aBufferGivenBackIsTheNextOneTaken() {
        DirectBuffers pool = new DirectBuffers(1024);
        ByteBuffer a = pool.take();
        assertThat(a.isDirect()).isTrue();
        assertThat(a.capacity()).isEqualTo(1024);
        a.put((byte) 1);
        pool.give(a);
        assertThat(pool.idle()).isEqualTo(1);
        ByteBuffer b = pool.take();
        assertThat(b).isSameAs(a);
        assertThat(b.position()).as("cleared").isZero();
        assertThat(pool.take()).isNotSameAs(a);
    }

    @Test
    void buffersOfAnotherSizeOrOnTheHeapAreNotKept() {
        DirectBuffers pool = new DirectBuffers(1024);
        pool.give(ByteBuffer.allocateDirect(2048));
        pool.give(ByteBuffer.allocate(1024));
        assertThat(pool.idle()).isZero();
    }

    @Test
    void aWriterGivesItsBuffersBackOnceHoweverOftenItIsClosed() throws Exception {
        int gather = PacketsFile.BUFFERS[0].idle();
        int index = TrackWriter.INDEX_BUFFERS.idle();
        TrackWriter w = TrackWriter.create(TrackFiles.of(dir, "1", "video"), TrackHeader.video(Codec.H264, 90_000, 320, 240));
        w.append(0, ByteBuffer.wrap(new byte[] {0x65, 1, 2, 3}), Rf1Flags.ANNEX_B);
        w.close();
        w.close();
        w.abandon();
        assertThat(PacketsFile.BUFFERS[0].idle()).isEqualTo(Math.max(gather, 1));
        assertThat(TrackWriter.INDEX_BUFFERS.idle()).isEqualTo(Math.max(index, 1));
    }
}
