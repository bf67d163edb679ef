package dev.vigil.storage.segment;

import java.util.ArrayList;
import java.util.List;

/** Remembers what a segment writer announced. */
final class RecordingListener implements SegmentListener {
    final List<SegmentInfo> opened = new ArrayList<>();
    final List<SegmentInfo> closed = new ArrayList<>();

    @Override
    public void opened(SegmentInfo segment) {
        opened.add(segment);
    }

    @Override
    public void closed(SegmentInfo segment) {
        closed.add(segment);
    }
}
