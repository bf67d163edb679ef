package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.session.GstRtspServer;
import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.catalog.SegmentState;
import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.rf1.TrackFiles;
import dev.vigil.storage.rf1.TrackHeader;
import dev.vigil.storage.rf1.TrackWriter;
import dev.vigil.storage.testing.TinyDisk;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk under the running daemon recording GStreamer's RTSP server (a 160 MiB tmpfs
 * that another process fills): the
 * daemon does not die, closes the segment it could not extend, deletes the oldest footage to make
 * room, and records again; nothing it leaves is unreadable.
 */
class FullDiskIT {
    static final long OLD = 1_577_836_800_000_000L; // 2020-01-01

    @TempDir
    Path tmp;

    @Test
    void aFullDiskIsSurvivedByDeletingTheOldestFootage() throws Exception {
        try (TinyDisk disk = TinyDisk.mount(tmp.resolve("disk"), 160); GstRtspServer camera = GstRtspServer.start()) {
            Path archive = disk.root.resolve("archive");
            TrackFiles old = oldSegment(archive.resolve("front"), 70 << 20);
            int port = VigilProcess.freePort();
            // No free-space floor: the regular retention pass (every 2 s with 2 s segments) must not
            // free the disk before a write hits ENOSPC; what is under test is the write error's path.
            Path config = Files.writeString(tmp.resolve("vigil.yaml"), """
                    storageRoot: %s
                    httpBind: 127.0.0.1:%d
                    segmentDuration: 2s
                    retention: {minFreeDisk: 0B}
                    cameras:
                      - {name: front, url: "%s"}
                    """.formatted(archive, port, camera.url("h264")));
            Path log = tmp.resolve("vigil.log");
            try (VigilProcess vigil = VigilProcess.start(log, port, "run", "--config", config.toString())) {
                vigil.awaitHealthy();
                DaemonIT.awaitSegments(archive.resolve("front"), 2);
                // Someone else fills the disk to the last byte. (Leaving some room would not do: closing a
                // segment trims its unused preallocation, which the next segment then takes.)
                disk.fillLeaving(0);
                long before = videoSegments(archive.resolve("front"));
                awaitLog(log, "disk full: deleted the");
                // Recording goes on: new segments keep appearing on the disk that was full.
                DaemonIT.awaitSegments(archive.resolve("front"), (int) before + 1);
                assertThat(Files.exists(old.index())).as("the oldest footage was deleted to make room").isFalse();
                assertThat(vigil.awaitHealthy()).contains("\"state\":\"recording\"");
                assertThat(vigil.terminate()).isZero();
            }
            assertThat(Files.readString(log)).contains("cannot write to its segment").doesNotContain("Exception in thread");
            DaemonIT.assertEveryTrackChecksCleanAndDecodes(DaemonIT.tracks(archive));
            try (Catalog catalog = Catalog.open("jdbc:sqlite:" + archive.resolve("catalog.db"))) {
                assertThat(catalog.allSegments()).isNotEmpty().allMatch(r -> r.state() == SegmentState.CLOSED && r.startMicros() > OLD);
            }
        }
    }

    /** A closed segment from 2020 of about {@code bytes} packet bytes, unknown to the catalog until recovery registers it. */
    static TrackFiles oldSegment(Path dir, int bytes) throws Exception {
        TrackFiles f = TrackFiles.of(Files.createDirectories(dir), Long.toString(OLD / 1000), "video");
        byte[] slice = new byte[100_000];
        for (int i = 1; i < slice.length; i++) slice[i] = (byte) (1 + i % 250);
        try (TrackWriter w = TrackWriter.create(f, TrackHeader.video(Codec.H264, OLD, 640, 360))) {
            w.append(0, ByteBuffer.wrap(new byte[] {0x67, 0x42, (byte) 0xC0, 0x1E, (byte) 0xD9, 0x01, 0x40, 0x16}), 6);
            w.append(0, ByteBuffer.wrap(new byte[] {0x68, (byte) 0xCB, (byte) 0x83, (byte) 0xCB, 0x20}), 6);
            for (int i = 0; i * slice.length < bytes; i++) {
                slice[0] = (byte) (i % 15 == 0 ? 0x65 : 0x41);
                w.append(i * 273, ByteBuffer.wrap(slice), i % 15 == 0 ? 5 : 4);
            }
        }
        return f;
    }

    static long videoSegments(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith("_video.rf1i")).count();
        }
    }

    static void awaitLog(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.readString(log).contains(text)) {
            if (System.nanoTime() > deadline) throw new AssertionError("the log never said '" + text + "':\n" + Files.readString(log));
            Thread.sleep(200);
        }
    }
}
