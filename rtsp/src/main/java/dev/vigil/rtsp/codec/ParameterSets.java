package dev.vigil.rtsp.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameter sets in effect, by kind and id: a newer set with the same id replaces the older
 * one, as a decoder would. The snapshot is cached because nearly every unit shares it.
 */
final class ParameterSets {
    enum Kind { VPS, SPS, PPS }

    private final List<Map<Integer, byte[]>> byKind = List.of(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
    private List<byte[]> snapshot = List.of();

    void put(Kind kind, int id, byte[] nal) {
        byte[] old = byKind.get(kind.ordinal()).put(id, nal);
        if (old == null || !java.util.Arrays.equals(old, nal)) snapshot = null;
    }

    /** VPS, SPS, PPS, each in id order; fresh read-only views of arrays nobody mutates. */
    List<ByteBuffer> snapshot() {
        if (snapshot == null) {
            List<byte[]> l = new ArrayList<>();
            for (Map<Integer, byte[]> m : byKind) l.addAll(m.values());
            snapshot = List.copyOf(l);
        }
        List<ByteBuffer> views = new ArrayList<>(snapshot.size());
        for (byte[] nal : snapshot) views.add(ByteBuffer.wrap(nal).asReadOnlyBuffer());
        return views;
    }

    boolean has(Kind kind) {
        return !byKind.get(kind.ordinal()).isEmpty();
    }
}
