/**
 * Fuzz targets (Jazzer's JUnit 5 integration, {@code @FuzzTest}) for everything in the rtsp module
 * that reads bytes a camera, or whatever answers on its address, chose.
 *
 * <h2>Two modes</h2>
 *
 * <p><b>Regression</b> (every {@code mvn test}; {@code JAZZER_FUZZ} unset): each target runs once
 * on the empty input and on every file under
 * {@code src/test/resources/dev/vigil/rtsp/fuzz/<TestClass>Inputs/<method>/}: the seeds written by
 * {@link dev.vigil.rtsp.fuzz.SeedWriter} and any crash input a fuzzing run found (Jazzer saves
 * those there by itself, named {@code crash-<sha1>}; commit them with the fix).
 *
 * <p><b>Fuzzing</b> ({@code JAZZER_FUZZ=1}): Jazzer runs one target, coverage-guided, for the
 * target's {@code maxDuration} (60 s, the CI budget) or {@code -Djazzer.max_duration}. Jazzer
 * fuzzes one target per JVM, so name exactly one with {@code -Dtest}:
 *
 * <pre>
 * # CI: one minute per target
 * for t in RtspStreamFuzzTest#pipeline RtspStreamFuzzTest#framing SdpFuzzTest#describe \
 *          HeaderFuzzTest#wwwAuthenticate HeaderFuzzTest#transport HeaderFuzzTest#session HeaderFuzzTest#rtpInfo \
 *          RtpFuzzTest#rtp RtpFuzzTest#rtcp \
 *          DepacketizerFuzzTest#h264 DepacketizerFuzzTest#h265 DepacketizerFuzzTest#aac DepacketizerFuzzTest#g711; do
 *   JAZZER_FUZZ=1 mvn -pl rtsp test -Dtest="$t" || exit 1
 * done
 *
 * # A long run of one target
 * JAZZER_FUZZ=1 mvn -pl rtsp test -Dtest='DepacketizerFuzzTest#h264' -Djazzer.max_duration=2h
 * </pre>
 *
 * The corpus a run grows is kept in {@code rtsp/.cifuzz-corpus/<class>/<method>/} and reused by
 * the next run; it is a cache, not part of the sources.
 *
 * <p>Surefire's {@code -Dio.netty.leakDetection.level=paranoid} holds in both modes; the pipeline
 * targets check releases exactly on top of it (see {@link dev.vigil.rtsp.fuzz.TrackingAllocator}).
 */
package dev.vigil.rtsp.fuzz;
