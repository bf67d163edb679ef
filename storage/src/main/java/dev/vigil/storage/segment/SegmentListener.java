package dev.vigil.storage.segment;

/** Told when a segment is opened and when it is closed, e.g. to keep the catalog in step. */
public interface SegmentListener {
    SegmentListener NONE = new SegmentListener() {};

    default void opened(SegmentInfo segment) {}

    default void closed(SegmentInfo segment) {}
}
