package dev.vigil.rtsp.testing;

import java.util.function.LongSupplier;

/** A monotonic clock the test moves by hand. */
public final class FakeClock implements LongSupplier {
    private long now = 1_000_000_000L;

    @Override
    public long getAsLong() {
        return now;
    }

    public void advanceMillis(long ms) {
        now += ms * 1_000_000L;
    }
}
