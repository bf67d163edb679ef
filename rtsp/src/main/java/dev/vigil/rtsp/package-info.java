/**
 * The media half of Vigil's RTSP client: RTP packets in, access units out.
 *
 * <p>What the daemon uses: {@link dev.vigil.rtsp.TrackReceiver} (one per SETUP track, fed
 * with RTP and RTCP packets by the transport), configured by a {@link dev.vigil.rtsp.TrackConfig}
 * built from the SDP ({@link dev.vigil.rtsp.Fmtp} parses {@code a=fmtp}), delivering
 * {@link dev.vigil.rtsp.AccessUnit}s and {@link dev.vigil.rtsp.Gap}s to an
 * {@link dev.vigil.rtsp.AccessUnitSink}, with {@link dev.vigil.rtsp.TrackStats} for metrics.
 * Over TCP, {@link dev.vigil.rtsp.transport.InterleavedFrameDecoder} sits first in the pipeline.
 *
 * <p>Sub-packages {@code rtp} and {@code codec} are internals; their types are public only
 * because Java has no module-private visibility across packages. Nothing here depends on
 * storage; {@link dev.vigil.rtsp.NalFlags} are bit-compatible with RF1's flags by design.
 *
 * <p>Time: every time-dependent decision uses the {@code LongSupplier} monotonic clock given to
 * the receiver, never the wall clock, so tests drive time by hand.
 */
package dev.vigil.rtsp;
