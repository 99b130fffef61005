#!/bin/sh
# campaign.sh SECONDS JOBS NAME... - a fuzzing campaign with libFuzzer.
#
# Runs each harness build/fuzz/NAME for SECONDS of wall time, JOBS at a
# time (one per core), each with the input size that suits it, then merges
# the inputs that add coverage into tests/fuzz/corpus/NAME/ (libFuzzer's
# -merge=1 adds only those), so that campaigns add up across changes.
# Crashes are kept as build/fuzz/NAME-crash-* and make the campaign fail.
# Prints one line per harness: CPU seconds, executions, execs/s, edges
# covered (cov), features (ft), committed corpus files before->after, crashes.
#
# Called by `make fuzz` (FUZZ_SECONDS=0 only merges what earlier runs left
# in build/fuzz/corpus/); logs are in build/fuzz/log/.
set -u
secs=$1 jobs=$2
shift 2
names="$*"
mkdir -p build/fuzz/log

# The largest input worth trying: what the harness reads at most (its own
# caps in tests/fuzz/*.c), not the 4 KiB libFuzzer would pick from the
# seeds alone, so that long documents and long notes are reached.
max_len() {
    case $1 in
    fuzz_diff | fuzz_emit) echo 65536 ;;
    fuzz_build) echo 16384 ;;
    fuzz_cli) echo 8192 ;;
    *) echo 32768 ;;
    esac
}

run_one() {
    name=$1
    work=build/fuzz/corpus/$name
    mkdir -p "$work"
    if [ "$secs" = 0 ]; then # only merge what earlier runs found
        echo 0 >"build/fuzz/log/$name.rc"
        return
    fi
    # -timeout: a single input taking 20 s is a hang worth reporting;
    # -rss_limit_mb: a whole build stays well under 2 GiB.
    build/fuzz/$name -max_total_time="$secs" -max_len="$(max_len "$name")" -len_control=20 -timeout=20 \
        -rss_limit_mb=2048 -artifact_prefix="build/fuzz/$name-" -print_final_stats=1 \
        "$work" "tests/fuzz/corpus/$name" >"build/fuzz/log/$name.log" 2>&1
    echo $? >"build/fuzz/log/$name.rc"
}

# A two-slot queue in plain sh: start up to $jobs, wait for the oldest.
pids=""
for name in "$@"; do
    rm -f "build/fuzz/log/$name.rc"
    run_one "$name" &
    pids="$pids $!"
    set -- $pids
    if [ $# -ge "$jobs" ]; then
        wait "$1"
        shift
        pids="$*"
    fi
done
wait

# Merge into the committed corpus the campaign's inputs that reach edges it
# does not (-merge=1 adds, never removes, so campaigns add up; with
# -use_counters=0 an input counts for new edges, not for new hit counts,
# which would add ten times the files for the same lines, and CI replays
# every file under ASan).
merge() {
    name=$1
    build/fuzz/$name -merge=1 -use_counters=0 -max_len="$(max_len "$name")" -artifact_prefix="build/fuzz/$name-" \
        "tests/fuzz/corpus/$name" "build/fuzz/corpus/$name" >"build/fuzz/log/$name.merge.log" 2>&1
}

status=0
printf '%-11s %7s %10s %8s %6s %7s %11s %7s\n' harness cpu_s execs exec/s cov ft files crashes
for name in $names; do
    log=build/fuzz/log/$name.log
    before=$(ls "tests/fuzz/corpus/$name" | wc -l)
    merge "$name" || status=1
    after=$(ls "tests/fuzz/corpus/$name" | wc -l)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    cov=$(printf '%s\n' "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    ft=$(printf '%s\n' "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    crashes=$(ls build/fuzz/"$name"-crash-* build/fuzz/"$name"-leak-* build/fuzz/"$name"-timeout-* \
        2>/dev/null | wc -l)
    printf '%-11s %7s %10s %8s %6s %7s %11s %7s\n' "$name" "$secs" "${execs:-?}" "${rate:-?}" \
        "${cov:-?}" "${ft:-?}" "$before->$after" "$crashes"
    if [ "$(cat "build/fuzz/log/$name.rc")" != 0 ] || [ "$crashes" != 0 ]; then
        echo "fuzz: $name found a problem: see $log and build/fuzz/$name-*" >&2
        status=1
    fi
done
exit $status
