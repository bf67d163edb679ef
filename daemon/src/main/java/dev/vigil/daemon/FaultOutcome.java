package dev.vigil.daemon;

import dev.vigil.storage.catalog.SegmentRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What one scenario's run measured.
 *
 * @param scenario     what ran
 * @param recoveryNanos time-to-recording-again of the faulted camera: from the instant the
 *                     injection returned (the fault's end, or its start for a lasting one) to the
 *                     arrival of the first frame written afterwards; for the full disk, the longest
 *                     such time over the cameras, each from its first failed write; empty if it
 *                     never recorded again
 * @param longestGapNanos the longest time between two frames the faulted camera(s) wrote, from the
 *                     injection's start to the end of the run (by arrival; the outage as a viewer sees it)
 * @param faulted      the faulted cameras (camera 1, or all of them for the full disk)
 * @param others       the cameras that were left alone
 * @param faultedRows  the catalog's segments of camera 1 after the run
 * @param storage      the storage root (its files are still there when the checks run)
 * @param startMicros  wall time the run began
 * @param endMicros    wall time the run ended
 * @param notes        what the injection observed, worth printing
 * @param problems     the common findings and the scenario's own; empty when it passed
 */
record FaultOutcome(FaultScenario scenario, OptionalLong recoveryNanos, long longestGapNanos, List<CameraCount> faulted, List<CameraCount> others,
                    List<SegmentRecord> faultedRows, Path storage, long startMicros, long endMicros, List<String> notes,
                    List<String> problems) {
    /**
     * One camera's counts over the run.
     *
     * @param sent       frames the simulated camera sent on its path
     * @param written    frames the recorder wrote
     * @param reconnects sessions made after the first
     * @param lastError  the session's last failure, one line, credentials redacted; null if none
     */
    record CameraCount(String camera, long sent, long written, long reconnects, String lastError) {
        long lost() {
            return sent - written;
        }
    }

    boolean passed() {
        return problems.isEmpty();
    }

    FaultOutcome withProblems(List<String> more) {
        List<String> all = new ArrayList<>(problems);
        all.addAll(more);
        return new FaultOutcome(scenario, recoveryNanos, longestGapNanos, faulted, others, faultedRows, storage, startMicros, endMicros, notes, List.copyOf(all));
    }

    CameraCount camera1() {
        return faulted.get(0);
    }

    static long sum(List<CameraCount> cameras, java.util.function.ToLongFunction<CameraCount> f) {
        return cameras.stream().mapToLong(f).sum();
    }
}
