#!/usr/bin/env bash
# Coverage-guided fuzzing of the readers with cargo-fuzz (libFuzzer, AddressSanitizer), one target after
# another, each for SECONDS (default 600). Needs `cargo install cargo-fuzz`; on the stable toolchain
# RUSTC_BOOTSTRAP=1 enables the nightly features it uses. Never part of CI: `cargo test --test
# fuzz_smoke` is the short run there.
#
# usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#
# New inputs found go to fuzz/target/found/TARGET/ (not committed); the committed corpus is
# fuzz/corpus/TARGET/: the hand-written seeds, and after each run at most 50 more of the found inputs,
# those covering the most (fuzz/pick_corpus.py). A crash, leak, timeout (10 s) or out-of-memory (2 GiB) input is written to
# fuzz/artifacts/TARGET/; the run's last lines and libFuzzer's final statistics go to
# fuzz/target/logs/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-600}
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(document exam result anki_text apkg quizlet csv answer)
export RUSTC_BOOTSTRAP=1
cargo fuzz build
mkdir -p target/logs
host=$(rustc -vV | sed -n 's/^host: //p')
status=0
for t in "${targets[@]}"; do
    found="target/found/$t"
    mkdir -p "$found" "artifacts/$t"
    dict=()
    case $t in document | exam | result) dict=(-dict=dict/ron.dict) ;; esac
    echo "::: $t for $seconds s"
    if cargo fuzz run "$t" "$found" "corpus/$t" -- -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 "${dict[@]}" >"target/logs/$t.log" 2>&1; then
        grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+.*DONE)" "target/logs/$t.log" || true
        echo "::: $t: no crash; $(find "$found" -type f | wc -l) inputs found"
        # The committed corpus grows by at most 50 inputs that cover the most of what was found.
        rm -rf target/merged && mkdir -p target/merged
        "target/$host/release/$t" -merge=1 -max_len=4096 -rss_limit_mb=2048 \
            -merge_control_file="target/logs/$t.merge" target/merged "corpus/$t" "$found" >/dev/null 2>&1 || true
        python3 pick_corpus.py "target/logs/$t.merge" "corpus/$t" 50
    else
        status=1
        tail -n 40 "target/logs/$t.log"
        echo "::: $t FAILED: see fuzz/artifacts/$t/"
    fi
done
exit $status
