package dev.vigil.rtsp.sim;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The runtime fault switches of one path ("camera") of a {@link SimulatedCamera}, set while it
 * runs, from any thread: unlike the {@link Quirks}, which are fixed at start and apply to every
 * path, these hit one camera so that the others can show they lose nothing. What a switch does
 * to the media is read by {@link MediaStream} at each frame, on its event loop.
 */
public final class CameraFaults {
    private final LongSupplier nanoTime;
    private final Set<Channel> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong timestampShift = new AtomicLong();
    private final AtomicInteger garbagePending = new AtomicInteger();
    // Seeded: a scenario run twice loses the same packets.
    private final Random lossRandom = new Random(0x5EED);
    private volatile long downUntilNanos;
    private volatile long stallUntilNanos;
    private volatile double loss;
    private volatile Clip clip;
    private volatile Quirks.Login login;

    CameraFaults(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.downUntilNanos = nanoTime.getAsLong();
        this.stallUntilNanos = downUntilNanos;
    }

    /**
     * A reboot: every connection of this path is dropped now, and for {@code down} every request
     * on this path is answered by closing the connection, as a camera whose RTSP server is not up
     * yet would (a refused TCP connection cannot be told apart by path on a shared port).
     */
    public void restart(Duration down) {
        downUntilNanos = nanoTime.getAsLong() + down.toNanos();
        connections.forEach(Channel::close);
    }

    /** No media on this path's connections for {@code duration}; the connections stay open and answer requests. */
    public void stall(Duration duration) {
        stallUntilNanos = nanoTime.getAsLong() + duration.toNanos();
    }

    /** Drops {@code fraction} of the RTP packets sent over UDP from now on (0 stops the loss), as a lossy network would. */
    public void loss(double fraction) {
        if (fraction < 0 || fraction > 1) throw new IllegalArgumentException("loss fraction " + fraction);
        loss = fraction;
    }

    /** Shifts the RTP timestamps of this path's streams by {@code ticks} (90 kHz) from the next frame on; shifts add up. */
    public void jumpTimestamps(long ticks) {
        timestampShift.addAndGet(ticks);
    }

    /**
     * Continues with {@code next} from the next frame on, beginning at its first (key) frame with
     * its SPS and PPS in band: a camera whose resolution was changed. New connections describe it.
     * The timestamps go on from the frame number: {@code next} should have the same frame rate.
     */
    public void switchClip(Clip next) {
        clip = next;
    }

    /** Puts {@code bytes} of junk once between two interleaved frames of a playing TCP connection of this path. */
    public void garbage(int bytes) {
        garbagePending.set(bytes);
    }

    /** Demands Digest authentication with {@code user}/{@code password} on this path from the next connection on. */
    public void requireLogin(String user, String password) {
        login = new Quirks.Login(user, password);
    }

    /** Frames sent on this path, over all its connections (a frame some of whose UDP packets were lost counts as sent). */
    public long framesSent() {
        return framesSent.get();
    }

    // ---- read by the camera's sessions ----

    boolean down() {
        return nanoTime.getAsLong() - downUntilNanos < 0;
    }

    boolean stalled() {
        return nanoTime.getAsLong() - stallUntilNanos < 0;
    }

    boolean losePacket() {
        double l = loss;
        if (l == 0) return false;
        synchronized (lossRandom) {
            return lossRandom.nextDouble() < l;
        }
    }

    long timestampShift() {
        return timestampShift.get();
    }

    /** The clip this path serves now, or null for the camera's own. */
    Clip clip() {
        return clip;
    }

    /** Junk bytes to send now (once), 0 if none. */
    int takeGarbage() {
        return garbagePending.getAndSet(0);
    }

    Quirks.Login login() {
        return login;
    }

    void attach(Channel connection) {
        connections.add(connection);
        connection.closeFuture().addListener(f -> connections.remove(connection));
    }

    void frameSent() {
        framesSent.incrementAndGet();
    }
}
