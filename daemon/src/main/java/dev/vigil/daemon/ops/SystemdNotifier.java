package dev.vigil.daemon.ops;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd how the daemon is doing ({@code sd_notify(3)}): {@code READY=1} once recording
 * started, {@code STATUS=...} for {@code systemctl status}, {@code WATCHDOG=1} pings, and
 * {@code STOPPING=1} at shutdown. Without {@code NOTIFY_SOCKET} (not started by systemd, or not
 * {@code Type=notify}) every call does nothing.
 *
 * <p>Why JNA and not Netty's {@code EpollDomainDatagramChannel}: Java 17 NIO has no unix datagram
 * sockets, and both are already on the class path (JNA through storage, epoll through rtsp). JNA
 * sends synchronously from the calling thread with plain {@code socket}/{@code sendto}, so
 * {@code READY=1} is on its way when {@link #ready()} returns and {@code STOPPING=1} still works
 * while the Netty event loops are being shut down; a channel would need an event loop of its own
 * to outlive them. Building the {@code sockaddr_un} ourselves also pins down its exact length,
 * which abstract names ({@code @name}) depend on. A fresh socket per message, like
 * {@code sd_notify} itself: a few messages a minute cost nothing, and no descriptor is held.
 *
 * <p>Failures to send are logged (once until a send works again), never thrown: a lost
 * notification must not take the recorder down; systemd's own timeouts report it.
 */
public final class SystemdNotifier {
    private static final Logger log = LoggerFactory.getLogger(SystemdNotifier.class);
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** {@code sizeof(((struct sockaddr_un *) 0)->sun_path)} on Linux. */
    private static final int SUN_PATH_MAX = 108;

    private final String socket;
    private final Optional<Duration> watchdogInterval;
    private volatile boolean failing;
    private volatile boolean unhealthyLogged;

    private SystemdNotifier(String socket, Optional<Duration> watchdogInterval) {
        this.socket = socket;
        this.watchdogInterval = watchdogInterval;
    }

    /** From this process's environment ({@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC}, {@code WATCHDOG_PID}). */
    public static SystemdNotifier fromEnvironment() {
        return of(System.getenv(), ProcessHandle.current().pid());
    }

    /** From {@code env} as if this process had pid {@code pid}. */
    static SystemdNotifier of(Map<String, String> env, long pid) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket != null && socket.isEmpty()) socket = null;
        return new SystemdNotifier(socket, watchdogInterval(env, pid));
    }

    /**
     * Half of {@code WATCHDOG_USEC}, as {@code sd_watchdog_enabled(3)} advises; empty when the
     * variable is unset or invalid, or when {@code WATCHDOG_PID} names another process (the
     * variables were inherited from a parent that systemd watches).
     */
    static Optional<Duration> watchdogInterval(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        if (usec == null || usec.isBlank()) return Optional.empty();
        String watchedPid = env.get("WATCHDOG_PID");
        try {
            if (watchedPid != null && !watchedPid.isBlank() && Long.parseLong(watchedPid.strip()) != pid) {
                return Optional.empty();
            }
            long micros = Long.parseLong(usec.strip());
            if (micros <= 0) return Optional.empty();
            return Optional.of(Duration.ofNanos(micros * 1000 / 2));
        } catch (NumberFormatException e) {
            log.warn("ignoring the systemd watchdog: WATCHDOG_USEC='{}' / WATCHDOG_PID='{}' are not numbers", usec, watchedPid);
            return Optional.empty();
        }
    }

    /** Whether systemd listens, i.e. {@code NOTIFY_SOCKET} is set. */
    public boolean enabled() {
        return socket != null;
    }

    /** How often to ping the watchdog, if systemd watches this process. */
    public Optional<Duration> watchdogInterval() {
        return enabled() ? watchdogInterval : Optional.empty();
    }

    /** Start-up is complete: {@code systemctl start} returns now. */
    public boolean ready() {
        return send("READY=1");
    }

    /** Free text shown by {@code systemctl status}; one line (newlines become spaces). */
    public boolean status(String text) {
        return send("STATUS=" + text.replace('\n', ' ').replace('\r', ' '));
    }

    public boolean watchdog() {
        return send("WATCHDOG=1");
    }

    /** Shutdown has begun. */
    public boolean stopping() {
        return send("STOPPING=1");
    }

    /**
     * Pings the watchdog every {@link #watchdogInterval()} on {@code scheduler}, but only when
     * {@code healthy} says so: a daemon that is alive yet stuck then gets restarted by systemd.
     * Returns empty when there is no watchdog; cancel the future to stop pinging.
     */
    public Optional<ScheduledFuture<?>> startWatchdog(ScheduledExecutorService scheduler, BooleanSupplier healthy) {
        Optional<Duration> interval = watchdogInterval();
        if (interval.isEmpty()) return Optional.empty();
        long nanos = interval.get().toNanos();
        return Optional.of(scheduler.scheduleAtFixedRate(() -> pingIfHealthy(healthy), 0, nanos, TimeUnit.NANOSECONDS));
    }

    private void pingIfHealthy(BooleanSupplier healthy) {
        boolean ok;
        String why = "the health check failed";
        try {
            ok = healthy.getAsBoolean();
        } catch (RuntimeException e) {
            // A throwing check would otherwise cancel the periodic task silently, and keep pinging never.
            ok = false;
            why = "the health check threw " + e;
        }
        if (ok) {
            if (unhealthyLogged) log.info("healthy again: pinging the systemd watchdog again");
            unhealthyLogged = false;
            watchdog();
        } else if (!unhealthyLogged) {
            unhealthyLogged = true;
            log.error("{}: no longer pinging the systemd watchdog, so systemd will restart the daemon", why);
        }
    }

    /** Sends newline-separated {@code KEY=VALUE} assignments; true if sent (false also when disabled). */
    boolean send(String message) {
        if (socket == null) return false;
        try {
            sendTo(socket, message.getBytes(StandardCharsets.UTF_8));
            if (failing) log.info("notifying systemd works again");
            failing = false;
            return true;
        } catch (IOException | RuntimeException | LinkageError e) {
            if (!failing) {
                log.warn("cannot notify systemd on NOTIFY_SOCKET={} ({}); check that the unit's NotifyAccess= allows this process: {}",
                        socket, firstLine(message), e.getMessage());
            }
            failing = true;
            return false;
        }
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static void sendTo(String socket, byte[] message) throws IOException {
        if (!Platform.isLinux()) throw new IOException("unix datagram notifications are only implemented for Linux");
        byte[] address = sockaddrUn(socket);
        LibC libc = LibC.INSTANCE;
        int fd;
        try {
            fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new IOException("socket(AF_UNIX, SOCK_DGRAM) failed: " + e.getMessage(), e);
        }
        try {
            long sent = libc.sendto(fd, message, message.length, MSG_NOSIGNAL, address, address.length);
            if (sent != message.length) throw new IOException("sent " + sent + " of " + message.length + " bytes");
        } catch (LastErrorException e) {
            throw new IOException("sendto failed: " + e.getMessage(), e);
        } finally {
            libc.close(fd);
        }
    }

    /**
     * {@code struct sockaddr_un} for {@code socket}, exactly as long as its name: a path gets its
     * terminating NUL, an abstract name ({@code @name}, sent as {@code \0name}) gets none, because
     * the kernel compares abstract names over the given length, NULs included.
     */
    static byte[] sockaddrUn(String socket) throws IOException {
        boolean abstractName = socket.startsWith("@");
        if (!abstractName && !socket.startsWith("/")) {
            throw new IOException("NOTIFY_SOCKET must be an absolute path or an @abstract name");
        }
        byte[] name = socket.getBytes(StandardCharsets.UTF_8);
        if (abstractName) name[0] = 0;
        int pathLength = abstractName ? name.length : name.length + 1;
        if (pathLength > SUN_PATH_MAX) throw new IOException("NOTIFY_SOCKET is longer than " + SUN_PATH_MAX + " bytes");
        byte[] address = new byte[2 + pathLength];
        // sa_family_t is a native-endian unsigned short.
        address[ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 0 : 1] = (byte) AF_UNIX;
        System.arraycopy(name, 0, address, 2, name.length);
        return address;
    }

    interface LibC extends com.sun.jna.Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        /** {@code size_t} and {@code ssize_t} are 64 bits on the 64-bit Linux the daemon ships for. */
        long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen) throws LastErrorException;

        int close(int fd);
    }
}
