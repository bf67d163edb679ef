package dev.vigil.daemon;

import java.time.Duration;
import java.util.List;

/**
 * One scripted fault against the simulated cameras, for {@code vigil faults}: what the faulted
 * camera looks like from the start, how the fault is injected, how long the run goes on after it,
 * and what must hold beyond the common verdict (the other cameras lose nothing, the faulted one
 * records again).
 *
 * @param name      short, for the command line and the table
 * @param what      one line for humans
 * @param setup     how camera 1 (or the disk) is set up before the run
 * @param injection injects the fault; returns the instant recovery is measured from
 * @param observe   how long the run goes on after that instant, at least
 * @param bound     the longest time-to-recording-again that is still correct behaviour (a sane upper
 *                  bound from the timeouts and backoff, not a performance target)
 * @param check     the scenario's own findings; empty when all is well
 */
record FaultScenario(String name, String what, Setup setup, Injection injection, Duration observe, Duration bound, Check check) {
    /**
     * How the run is set up before any fault.
     *
     * @param udp           camera 1 is received over UDP (the others over TCP)
     * @param wrongPassword camera 1 demands a login that its config gets wrong: it must never record
     * @param fullDisk      the storage is a small tmpfs of its own, and every camera is faulted by it
     */
    record Setup(boolean udp, boolean wrongPassword, boolean fullDisk) {
        static final Setup PLAIN = new Setup(false, false, false);
    }

    /** Injects the fault (it may wait, e.g. for a reboot to end); returns the monotonic instant (ns) recovery counts from. */
    interface Injection {
        long inject(FaultContext context) throws Exception;
    }

    /** The scenario's own checks of a run. */
    interface Check {
        List<String> problems(FaultOutcome outcome) throws Exception;

        Check NONE = o -> List.of();
    }
}
