package dev.vigil.rtsp.testing;

import dev.vigil.rtsp.AccessUnit;
import dev.vigil.rtsp.AccessUnitSink;
import dev.vigil.rtsp.Gap;
import java.util.ArrayList;
import java.util.List;

public final class CollectingSink implements AccessUnitSink {
    public final List<AccessUnit> units = new ArrayList<>();
    public final List<Gap> gaps = new ArrayList<>();

    @Override
    public void accept(AccessUnit au) {
        units.add(au);
    }

    @Override
    public void gap(Gap gap) {
        gaps.add(gap);
    }

    /** The units of access unit {@code i} as arrays. */
    public List<byte[]> nals(int i) {
        AccessUnit au = units.get(i);
        List<byte[]> out = new ArrayList<>();
        for (int k = 0; k < au.units().size(); k++) out.add(au.unitBytes(k));
        return out;
    }
}
