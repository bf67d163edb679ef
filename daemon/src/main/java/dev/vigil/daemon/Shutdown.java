package dev.vigil.daemon;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Waits for SIGTERM (systemd's stop) or SIGINT (Ctrl-C). Handling the signals ourselves, rather
 * than in a shutdown hook, lets the daemon close every segment and then exit 0, as a clean stop
 * should; a hook would end with status 143.
 */
final class Shutdown {
    private final CountDownLatch signalled = new CountDownLatch(1);

    Shutdown() {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> signalled.countDown());
        }
    }

    void await() throws InterruptedException {
        signalled.await();
    }
}
