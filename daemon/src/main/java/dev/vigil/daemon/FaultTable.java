package dev.vigil.daemon;

import java.io.PrintWriter;
import java.util.Locale;

/** The table {@code vigil faults} prints: one row per scenario, its notes and problems under it. */
final class FaultTable {
    private static final String FORMAT = "%-18s %12s %12s %16s %8s %20s  %s%n";

    private FaultTable() {}

    static void header(PrintWriter out) {
        out.printf(FORMAT, "scenario", "recording", "longest", "faulted camera", "faulted", "other cameras", "verdict");
        out.printf(FORMAT, "", "again after", "gap", "sent/written", "reconn.", "sent/written/lost", "");
    }

    static void row(PrintWriter out, FaultOutcome o) {
        String again = o.recoveryNanos().isPresent() ? seconds(o.recoveryNanos().getAsLong())
                : o.scenario().setup().wrongPassword() ? "never (right)" : "never";
        long sent = FaultOutcome.sum(o.faulted(), FaultOutcome.CameraCount::sent);
        long written = FaultOutcome.sum(o.faulted(), FaultOutcome.CameraCount::written);
        String others = o.others().isEmpty() ? "(all faulted)"
                : FaultOutcome.sum(o.others(), FaultOutcome.CameraCount::sent) + "/" + FaultOutcome.sum(o.others(), FaultOutcome.CameraCount::written)
                + "/" + FaultOutcome.sum(o.others(), FaultOutcome.CameraCount::lost);
        out.printf(FORMAT, o.scenario().name(), again, seconds(o.longestGapNanos()), sent + "/" + written,
                FaultOutcome.sum(o.faulted(), FaultOutcome.CameraCount::reconnects), others, o.passed() ? "PASS" : "FAIL");
        for (String note : o.notes()) out.println("    " + note);
        if (o.scenario().setup().wrongPassword()) out.println("    " + FaultRunner.FAULTED + ": " + o.camera1().lastError());
        for (String problem : o.problems()) out.println("    FAIL: " + problem);
        out.flush();
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
