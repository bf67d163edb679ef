package dev.vigil.daemon.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The longest GC pause since {@link #reset()}: the beans only sum pause time, and one long pause
 * (a frame late by its length) matters more to a recorder than many short ones.
 */
public final class GcPauses implements AutoCloseable {
    private final AtomicLong maxMillis = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = (n, handback) -> {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        if (concurrent(info.getGcName())) return;
        maxMillis.accumulateAndGet(info.getGcInfo().getDuration(), Math::max);
    };

    public GcPauses() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(listener, null, null);
                emitters.add(e);
            }
        }
    }

    /** Collectors whose "collection time" runs beside the application (G1's, ZGC's cycles). */
    static boolean concurrent(String gcName) {
        return gcName.contains("Concurrent") || gcName.contains("Cycles") || gcName.equals("ZGC");
    }

    public void reset() {
        maxMillis.set(0);
    }

    public long maxMillis() {
        return maxMillis.get();
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // never added
            }
        }
    }
}
