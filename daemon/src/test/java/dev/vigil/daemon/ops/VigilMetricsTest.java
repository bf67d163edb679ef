package dev.vigil.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reads the Prometheus text a scrape produces, as Prometheus would. */
class VigilMetricsTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final VigilMetrics metrics = new VigilMetrics(clock::get);

    @AfterEach
    void close() {
        metrics.close();
    }

    /** Counters a test sets directly, standing for a recorder and its session. */
    static final class FakeCamera {
        final AtomicLong frames = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong writeErrors = new AtomicLong();
        final AtomicLong segments = new AtomicLong();
        final AtomicLong flushNanos = new AtomicLong();
        final AtomicLong lastFrame = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong reconnects = new AtomicLong();
        final AtomicLong lost = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();

        CameraSources sources() {
            return new CameraSources(frames::get, bytes::get, dropped::get, writeErrors::get, segments::get,
                    flushNanos::get, lastFrame::get, reconnects::get, lost::get, skipped::get);
        }
    }

    /** Sample lines by {@code name{labels}}, e.g. {@code vigil_camera_frames_total{camera="a"}}. */
    static Map<String, Double> samples(String scrape) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int space = line.lastIndexOf(' ');
            out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return out;
    }

    private Map<String, Double> scrape() {
        return samples(metrics.scrape());
    }

    @Test
    void cameraCountersAreScrapedWithPrometheusNamesAndTheCameraTag() {
        FakeCamera cam = new FakeCamera();
        metrics.addCamera("front-door", cam.sources());
        cam.frames.set(120);
        cam.bytes.set(1_500_000);
        cam.dropped.set(3);
        cam.writeErrors.set(1);
        cam.segments.set(2);
        cam.reconnects.set(4);
        cam.lost.set(17);
        cam.skipped.set(60_014);
        cam.flushNanos.set(12_500_000);

        Map<String, Double> s = scrape();
        String tag = "{camera=\"front-door\"}";
        assertThat(s).containsEntry("vigil_camera_frames_total" + tag, 120.0)
                .containsEntry("vigil_camera_bytes_total" + tag, 1_500_000.0)
                .containsEntry("vigil_camera_dropped_frames_total" + tag, 3.0)
                .containsEntry("vigil_camera_write_errors_total" + tag, 1.0)
                .containsEntry("vigil_camera_segments_total" + tag, 2.0)
                .containsEntry("vigil_camera_reconnects_total" + tag, 4.0)
                .containsEntry("vigil_camera_rtp_lost_packets_total" + tag, 17.0)
                .containsEntry("vigil_camera_interleaved_skipped_bytes_total" + tag, 60_014.0)
                .containsEntry("vigil_camera_flush_latency_seconds" + tag, 0.0125);

        cam.frames.addAndGet(5);
        assertThat(scrape()).as("read at every scrape").containsEntry("vigil_camera_frames_total" + tag, 125.0);
    }

    @Test
    void everyVigilMeterHasHelpAndType() {
        metrics.addCamera("a", new FakeCamera().sources());
        metrics.bindStorage(new StorageSources(() -> Map.of("a", 1L), () -> 0, () -> 0));
        String text = metrics.scrape();
        List<String> names = samples(text).keySet().stream().filter(k -> k.startsWith("vigil_"))
                .map(k -> k.contains("{") ? k.substring(0, k.indexOf('{')) : k).distinct().toList();
        assertThat(names).containsExactlyInAnyOrder("vigil_camera_frames_total", "vigil_camera_bytes_total",
                "vigil_camera_dropped_frames_total", "vigil_camera_write_errors_total", "vigil_camera_segments_total",
                "vigil_camera_reconnects_total", "vigil_camera_rtp_lost_packets_total", "vigil_camera_interleaved_skipped_bytes_total",
                "vigil_camera_frame_rate_frames_per_second", "vigil_camera_bit_rate_bits_per_second",
                "vigil_camera_flush_latency_seconds", "vigil_camera_last_frame_age_seconds",
                "vigil_storage_used_bytes", "vigil_storage_segments", "vigil_storage_free_bytes",
                "vigil_retention_deleted_segments_total", "vigil_retention_deleted_bytes_total");
        for (String name : names) {
            assertThat(text).as(name).containsPattern("(?m)^# HELP " + name + " \\S.*$").contains("# TYPE " + name + " ");
        }
        assertThat(text).contains("# TYPE vigil_camera_frames_total counter", "# TYPE vigil_camera_frame_rate_frames_per_second gauge");
    }

    @Test
    void ratesComeFromTwoSamplesOverTheInjectedClock() {
        FakeCamera cam = new FakeCamera();
        metrics.addCamera("a", cam.sources());
        String fps = "vigil_camera_frame_rate_frames_per_second{camera=\"a\"}";
        String bps = "vigil_camera_bit_rate_bits_per_second{camera=\"a\"}";

        cam.frames.set(1000);
        cam.bytes.set(10_000);
        metrics.sample();
        assertThat(scrape().get(fps)).as("no rate from one sample").isNaN();

        clock.addAndGet(2 * SECOND);
        cam.frames.addAndGet(50);
        cam.bytes.addAndGet(100_000);
        metrics.sample();
        assertThat(scrape()).containsEntry(fps, 25.0).containsEntry(bps, 400_000.0);

        // Scrapes between samples do not move the rate, however long they come after.
        clock.addAndGet(60 * SECOND);
        assertThat(scrape()).containsEntry(fps, 25.0);

        // 60 s later with nothing new: the camera stopped.
        metrics.sample();
        assertThat(scrape()).containsEntry(fps, 0.0).containsEntry(bps, 0.0);

        // A replaced recorder starts counting from zero again.
        clock.addAndGet(SECOND);
        cam.frames.set(10);
        cam.bytes.set(0);
        metrics.sample();
        assertThat(scrape()).containsEntry(fps, 10.0);
    }

    @Test
    void lastFrameAgeUsesTheMonotonicClockAndIsNaNBeforeAnyFrame() {
        FakeCamera cam = new FakeCamera();
        metrics.addCamera("a", cam.sources());
        String age = "vigil_camera_last_frame_age_seconds{camera=\"a\"}";
        assertThat(scrape().get(age)).isNaN();
        cam.lastFrame.set(clock.get());
        clock.addAndGet(3 * SECOND + SECOND / 2);
        assertThat(scrape()).containsEntry(age, 3.5);
    }

    @Test
    void camerasCanBeRemovedAndReplaced() {
        FakeCamera a = new FakeCamera();
        FakeCamera b = new FakeCamera();
        b.frames.set(7);
        metrics.addCamera("a", a.sources());
        metrics.addCamera("b", b.sources());
        assertThat(scrape()).containsKeys("vigil_camera_frames_total{camera=\"a\"}", "vigil_camera_frames_total{camera=\"b\"}");

        metrics.removeCamera("a");
        assertThat(metrics.scrape()).doesNotContain("camera=\"a\"");
        assertThat(scrape()).containsEntry("vigil_camera_frames_total{camera=\"b\"}", 7.0);

        FakeCamera b2 = new FakeCamera();
        b2.frames.set(1);
        metrics.addCamera("b", b2.sources());
        assertThat(scrape()).containsEntry("vigil_camera_frames_total{camera=\"b\"}", 1.0);
        metrics.removeCamera("nobody");
    }

    @Test
    void storageFiguresAreRefreshedBySamplesNotScrapes() {
        Map<String, Long> used = new ConcurrentHashMap<>(Map.of("a", 1_000L, "b", 2_500L));
        AtomicLong segments = new AtomicLong(12);
        AtomicLong free = new AtomicLong(5_000_000_000L);
        AtomicLong catalogQueries = new AtomicLong();
        metrics.bindStorage(new StorageSources(() -> {
            catalogQueries.incrementAndGet();
            return Map.copyOf(used);
        }, segments::get, free::get));

        Map<String, Double> s = scrape();
        assertThat(s).containsEntry("vigil_storage_used_bytes{camera=\"a\"}", 1_000.0)
                .containsEntry("vigil_storage_used_bytes{camera=\"b\"}", 2_500.0)
                .containsEntry("vigil_storage_segments", 12.0)
                .containsEntry("vigil_storage_free_bytes", 5e9);

        used.remove("a");
        used.put("b", 3_000L);
        segments.set(13);
        scrape();
        assertThat(catalogQueries).as("a scrape does not query the catalog").hasValue(1);

        io.micrometer.core.instrument.Gauge gaugeOfB = metrics.registry().get("vigil.storage.used").tag("camera", "b").gauge();
        metrics.sample();
        assertThat(scrape()).doesNotContainKey("vigil_storage_used_bytes{camera=\"a\"}")
                .containsEntry("vigil_storage_used_bytes{camera=\"b\"}", 3_000.0)
                .containsEntry("vigil_storage_segments", 13.0);
        assertThat(metrics.registry().get("vigil.storage.used").tag("camera", "b").gauge())
                .as("a sample updates a camera's gauge, it does not register it again").isSameAs(gaugeOfB);

        used.put("c", 7L);
        metrics.sample();
        assertThat(scrape()).containsEntry("vigil_storage_used_bytes{camera=\"c\"}", 7.0)
                .containsEntry("vigil_storage_used_bytes{camera=\"b\"}", 3_000.0);
    }

    @Test
    void aFailingCatalogKeepsThePreviousFigures() {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        metrics.bindStorage(new StorageSources(() -> {
            if (failure.get() != null) throw failure.get();
            return Map.of("a", 1L);
        }, () -> 4, () -> 9));
        failure.set(new IllegalStateException("catalog locked"));
        metrics.sample();
        assertThat(scrape()).containsEntry("vigil_storage_used_bytes{camera=\"a\"}", 1.0).containsEntry("vigil_storage_segments", 4.0);
    }

    @Test
    void retentionDeletionsAreCounted() {
        metrics.retentionDeleted(3, 3_000);
        metrics.retentionDeleted(1, 500);
        assertThat(scrape()).containsEntry("vigil_retention_deleted_segments_total", 4.0)
                .containsEntry("vigil_retention_deleted_bytes_total", 3_500.0);
    }

    @Test
    void jvmAndProcessMetricsAreBound() {
        String text = metrics.scrape();
        assertThat(text).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                "system_cpu_count", "process_files_open_files", "process_uptime_seconds", "jvm_gc_");
    }
}
