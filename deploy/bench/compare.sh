#!/usr/bin/env bash
# The stream-copy recorder users run today (one `ffmpeg -c copy -f segment` process per camera, as
# Frigate does) against Vigil, on the same simulated cameras, in one run:
#
#   deploy/bench/compare.sh [N...]        (default: 8 32 64)
#
# For each N it starts N simulated cameras (the same child JVM `vigil bench` uses, serving a clip
# made with ffmpeg and cached in ~/.cache/vigil), records them for T seconds after a warm-up with N
# ffmpeg processes, sampling their CPU (utime+stime from /proc/PID/stat) and the sum of their RSS,
# then runs `vigil bench --json` with the same N, T and clip, and prints both side by side.
#
# Environment: VIGIL_JAR (default daemon/target/vigil.jar next to this script, else
# /usr/share/vigil/vigil.jar), SECONDS_PER_RUN (T, default 60), WARMUP (default 300: past the minutes in which
# the JIT still compiles the work a recorder does a few times a second, a cost paid once per start),
# RESOLUTION (1920x1080), FPS (15), BITRATE (4M), GOP (15), VIGIL_JAVA_OPTS (for vigil bench, which
# runs through the launcher deploy/vigil and so with its JVM defaults).
# Needs bash, ffmpeg, java 17, awk. CPU is in % of one core; "x" columns are ffmpeg / Vigil. "of which
# kernel" is the part of each process figure spent in the kernel on its behalf: receiving, writing and
# syncing the same bytes, at a cost that depends on how many system calls a recorder makes for them. "machine"
# is the whole machine's busy time over the window but the simulated cameras', per camera: it also
# counts the kernel's flusher threads, which write back ffmpeg's files (ffmpeg never syncs) while
# Vigil's fdatasync does that work in its own threads.
# Both recorders' files are kept until the script ends, in one temporary directory (about 50 MB per
# camera per 100 s of run): deleting a run's gigabytes while the next run is measured would charge that
# run for the file system's work (on a disk mounted with discard, a lot of it).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
jar=${VIGIL_JAR:-}
if [ -z "$jar" ]; then
    if [ -f "$here/../../daemon/target/vigil.jar" ]; then jar="$here/../../daemon/target/vigil.jar"; else jar=/usr/share/vigil/vigil.jar; fi
fi
T=${SECONDS_PER_RUN:-60}
WARMUP=${WARMUP:-300}
RESOLUTION=${RESOLUTION:-1920x1080}
FPS=${FPS:-15}
BITRATE=${BITRATE:-4M}
GOP=${GOP:-15}
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(8 32 64)

command -v ffmpeg >/dev/null || { echo "compare.sh: ffmpeg is not installed: it is both the clip maker and the recorder compared" >&2; exit 2; }
[ -f "$jar" ] || { echo "compare.sh: no vigil jar at $jar (build it, or set VIGIL_JAR)" >&2; exit 2; }
hz=$(getconf CLK_TCK)
work=$(mktemp -d /tmp/vigil-compare.XXXXXX)
sim_pid=""
ffmpeg_pids=()

cleanup() {
    for p in "${ffmpeg_pids[@]}"; do kill "$p" 2>/dev/null || true; done
    [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true
    exec 3>&- 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# Sum over the given pids of an awk expression of their /proc/PID/stat fields, in clock ticks.
stat_ticks() {
    local expr=$1 sum=0 p t
    shift
    for p in "$@"; do
        t=$(awk "{print $expr}" "/proc/$p/stat" 2>/dev/null || echo 0)
        sum=$((sum + t))
    done
    echo "$sum"
}

# utime+stime (fields 14 and 15), and stime alone: the part spent in the kernel on the processes' behalf.
cpu_ticks() { stat_ticks '$14 + $15' "$@"; }
sys_ticks() { stat_ticks '$15' "$@"; }

# The whole machine's busy clock ticks (user nice system irq softirq; not idle, not iowait, not
# steal: time the hypervisor gave another guest is no work of this machine's).
machine_ticks() {
    awk '/^cpu / {print $2 + $3 + $4 + $7 + $8; exit}' /proc/stat
}

# Sum of VmRSS over the given pids, in kB.
rss_kb() {
    local sum=0 p r
    for p in "$@"; do
        r=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
        sum=$((sum + ${r:-0}))
    done
    echo "$sum"
}

# Starts the simulated cameras; sets sim_pid, clip, urls[]. Their stdin is fd 3 (a fifo).
start_cameras() {
    local n=$1
    rm -f "$work/sim.in" "$work/sim.out"
    mkfifo "$work/sim.in"
    java -Xmx512m -XX:+UseSerialGC -cp "$jar" dev.vigil.daemon.bench.SimCameras --cameras "$n" --fps "$FPS" \
        --resolution "$RESOLUTION" --bitrate "$BITRATE" --gop "$GOP" <"$work/sim.in" >"$work/sim.out" &
    sim_pid=$!
    exec 3>"$work/sim.in"
    for _ in $(seq 1 1200); do
        grep -q '^READY' "$work/sim.out" 2>/dev/null && break
        kill -0 "$sim_pid" 2>/dev/null || { echo "compare.sh: the simulated cameras failed to start" >&2; exit 1; }
        sleep 0.1
    done
    grep -q '^READY' "$work/sim.out" || { echo "compare.sh: the simulated cameras did not start" >&2; exit 1; }
    clip=$(awk '/^CLIP / {print $2}' "$work/sim.out")
    clip_bps=$(awk '/^CLIP / {print $3}' "$work/sim.out")
    mapfile -t urls < <(awk '/^URL / {print $2}' "$work/sim.out")
}

# Stops the cameras; prints the frames they could not send (their recorder was not reading).
stop_cameras() {
    echo stop >&3
    for _ in $(seq 1 100); do grep -q '^STOPPED' "$work/sim.out" && break; sleep 0.1; done
    awk '/^SKIPPED / {n = split($2, a, ","); s = 0; for (i = 1; i <= n; i++) s += a[i]; print s}' "$work/sim.out"
    echo quit >&3
    exec 3>&-
    wait "$sim_pid" 2>/dev/null || true
    sim_pid=""
}

# Records N cameras with N ffmpeg stream-copy processes; prints "cpu_percent_per_camera rss_max_kb skipped
# machine_percent_per_camera kernel_percent_per_camera" (machine: the whole machine's busy time but the
# cameras', kernel threads included: ffmpeg never syncs, so the kernel's flusher threads write its files
# back, outside its processes; kernel: the part of the first figure spent in the kernel).
run_ffmpeg() {
    local n=$1 i
    start_cameras "$n"
    ffmpeg_pids=()
    for i in $(seq 1 "$n"); do
        mkdir -p "$work/ffmpeg-$n/cam$i"
        ffmpeg -nostdin -loglevel error -rtsp_transport tcp -i "${urls[$((i - 1))]}" -c copy -f segment -segment_time 60 \
            -reset_timestamps 1 "$work/ffmpeg-$n/cam$i/%05d.mp4" &
        ffmpeg_pids+=($!)
    done
    sleep "$WARMUP"
    local t0 c0 c1 k0 k1 t1 rss max=0 end m0 m1 s0 s1
    m0=$(machine_ticks)
    s0=$(cpu_ticks "$sim_pid")
    c0=$(cpu_ticks "${ffmpeg_pids[@]}")
    k0=$(sys_ticks "${ffmpeg_pids[@]}")
    t0=$(date +%s%N)
    end=$((t0 + T * 1000000000))
    while [ "$(date +%s%N)" -lt "$end" ]; do
        sleep 1
        rss=$(rss_kb "${ffmpeg_pids[@]}")
        [ "$rss" -gt "$max" ] && max=$rss
    done
    c1=$(cpu_ticks "${ffmpeg_pids[@]}")
    k1=$(sys_ticks "${ffmpeg_pids[@]}")
    m1=$(machine_ticks)
    s1=$(cpu_ticks "$sim_pid")
    t1=$(date +%s%N)
    local alive=0
    for i in "${ffmpeg_pids[@]}"; do kill -0 "$i" 2>/dev/null && alive=$((alive + 1)); done
    for i in "${ffmpeg_pids[@]}"; do kill -INT "$i" 2>/dev/null || true; done
    for i in "${ffmpeg_pids[@]}"; do wait "$i" 2>/dev/null || true; done
    ffmpeg_pids=()
    local skipped
    skipped=$(stop_cameras)
    [ "$alive" -eq "$n" ] || echo "compare.sh: only $alive of $n ffmpeg processes were still running at the end" >&2
    awk -v c="$((c1 - c0))" -v hz="$hz" -v ns="$((t1 - t0))" -v n="$n" -v rss="$max" -v sk="${skipped:-0}" \
        -v m="$((m1 - m0 - (s1 - s0)))" -v k="$((k1 - k0))" \
        'BEGIN { printf "%.3f %d %d %.3f %.3f\n", 100 * c / hz / (ns / 1e9) / n, rss, sk, 100 * m / hz / (ns / 1e9) / n, 100 * k / hz / (ns / 1e9) / n }'
}

# A field of vigil bench's JSON ("name" : value), first match: plain text, no jq needed.
json_field() {
    grep -o "\"$1\" : [-0-9.eE]*" "$2" | head -1 | awk '{print $3}'
}

rows=()
status=0
for n in "${counts[@]}"; do
    echo "== N=$n: ffmpeg stream copy, ${T} s after ${WARMUP} s warm-up (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    # In a subshell (its output is read): what it learnt of the clip is read back from its file.
    read -r f_cpu f_rss f_skipped f_machine f_kernel < <(run_ffmpeg "$n")
    clip=$(awk '/^CLIP / {print $2}' "$work/sim.out")
    clip_bps=$(awk '/^CLIP / {print $3}' "$work/sim.out")
    echo "== N=$n: vigil bench, ${T} s after ${WARMUP} s warm-up (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    # Through the launcher, so Vigil runs with the JVM options it is installed with (VIGIL_JAVA_OPTS added).
    if ! VIGIL_JAR="$jar" sh "$here/../vigil" bench --json --cameras "$n" --seconds "$T" --warmup "$WARMUP" --fps "$FPS" \
        --clip "$clip" --storage "$work/vigil-$n" >"$work/vigil-$n.json"; then
        status=1
    fi
    v_cpu=$(json_field perCameraPercent "$work/vigil-$n.json")
    v_machine=$(json_field machinePerCameraPercent "$work/vigil-$n.json")
    v_kernel=$(awk -v s="$(json_field systemPercent "$work/vigil-$n.json")" -v n="$n" 'BEGIN { printf "%.3f", s / n }')
    v_rss=$(json_field rssMaxMiB "$work/vigil-$n.json")
    v_lost=$(json_field lost "$work/vigil-$n.json")
    load=$(cut -d' ' -f1 /proc/loadavg)
    rows+=("$(awk -v n="$n" -v fc="$f_cpu" -v vc="$v_cpu" -v fk="$f_kernel" -v vk="$v_kernel" -v fm="$f_machine" -v vm="${v_machine:-0}" -v fr="$f_rss" -v vr="$v_rss" -v fs="$f_skipped" -v vl="$v_lost" -v load="$load" 'BEGIN {
        frm = fr / 1024
        printf "%4d  %10.2f %10.2f %7.1fx  %10.2f %10.2f  %10.2f %10.2f %7.1fx  %10.1f %10.1f %7.1fx  %10d %10s  %6s\n", n, fc, vc, (vc > 0 ? fc / vc : 0),
            fk, vk, fm, vm, (vm > 0 ? fm / vm : 0), frm, vr, (vr > 0 ? frm / vr : 0), fs, vl, load }')")
done

echo
echo "clip: $clip ($(awk -v b="$clip_bps" 'BEGIN { printf "%.2f", b / 1e6 }') Mbit/s at $FPS fps), ${T} s measured after ${WARMUP} s warm-up; CPU in % of one core"
printf "%4s  %10s %10s %8s  %10s %10s  %10s %10s %8s  %10s %10s %8s  %10s %10s  %6s\n" N "ffmpeg cpu" "vigil cpu" "ratio" "of which" "of which" "ffmpeg" "vigil" "ratio" "ffmpeg rss" "vigil rss" "ratio" "ffmpeg" "vigil" "load"
printf "%4s  %10s %10s %8s  %10s %10s  %10s %10s %8s  %10s %10s %8s  %10s %10s  %6s\n" "" "/camera" "/camera" "" "kernel" "kernel" "machine" "machine" "" "MiB total" "MiB" "" "skipped" "lost" "1 min"
for r in "${rows[@]}"; do echo "$r"; done
exit "$status"
