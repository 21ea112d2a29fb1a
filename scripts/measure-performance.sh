#!/usr/bin/env bash
# Measures the release build in a real window (Xvfb, Mesa software OpenGL): start-up time (launch to
# the first frame on screen), resident memory, and CPU while idle over 30 s, with the bundled data and
# with a generated 100,000-card deck open. Prints one line per figure for the README's Performance
# section. Needs Xvfb and xdotool (apt-get install xvfb xdotool) and `cargo build --release` first.
#
# usage: scripts/measure-performance.sh [IDLE_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/kz-civics
idle=${1:-30}
[[ -x $bin ]] || { echo "build first: cargo build --release" >&2; exit 2; }
command -v Xvfb >/dev/null && command -v xdotool >/dev/null || { echo "needs Xvfb and xdotool" >&2; exit 2; }

work=$(mktemp -d)
n=120
while [[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]]; do n=$((n + 1)); done
Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=
cleanup() {
    [[ -n $app ]] && { kill "$app" 2>/dev/null; wait "$app" 2>/dev/null || true; }
    kill "$xvfb" 2>/dev/null; wait "$xvfb" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
export DISPLAY=":$n"
for _ in $(seq 50); do xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done

# A 100,000-card deck (about 15 MB of RON).
python3 - "$work/big.ron" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('Deck(\n    version: 1,\n    id: "big",\n    title: "100,000 cards",\n    cards: [\n')
    for i in range(100_000):
        f.write(f'        (id: "c{i}", front: "Question number {i}: which body is meant here?", back: "Answer {i}", accept: ["a{i}"], tags: ["t{i % 50}"]),\n')
    f.write('    ],\n)\n')
PY

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mib() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
hz=$(getconf CLK_TCK)

measure() {
    local label=$1; shift
    # Fresh data and settings folders: no progress, no remembered window state, no welcome choice.
    export XDG_DATA_HOME="$work/xdg-$label" KZ_CIVICS_DATA_DIR="$work/data-$label"
    local t0 t1
    t0=$(date +%s.%N)
    "$bin" "$@" >"$work/log-$label" 2>&1 &
    app=$!
    local win=
    for _ in $(seq 600); do
        win=$(xdotool search --onlyvisible --pid "$app" 2>/dev/null | head -n 1) && [[ -n $win ]] && break
        sleep 0.01
    done
    t1=$(date +%s.%N)
    [[ -n $win ]] || { echo "no window for $label" >&2; cat "$work/log-$label" >&2; exit 1; }
    # Let start-up work and the first frames settle (the app retries taking the keyboard focus for the
    # first 5 s where no window manager gives it), then measure while nothing happens.
    sleep 8
    local rss a b
    rss=$(rss_mib "$app")
    a=$(ticks "$app")
    sleep "$idle"
    b=$(ticks "$app")
    kill "$app"; wait "$app" 2>/dev/null || true; app=
    awk -v l="$label" -v s="$t0" -v e="$t1" -v r="$rss" -v a="$a" -v b="$b" -v hz="$hz" -v t="$idle" 'BEGIN {
        printf "%s: start-up %.2f s, resident memory %d MiB, idle CPU %.2f %% over %d s\n",
            l, e - s, r, 100 * (b - a) / hz / t, t }'
}

measure "bundled data"
measure "100,000-card deck" "$work/big.ron"
echo "machine: $(nproc) cores $(uname -m), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), Xvfb + Mesa $(glxinfo 2>/dev/null | awk -F': ' '/OpenGL renderer/ {print $2}' || true)"
