#!/usr/bin/env bash
# smoke_test.sh - end-to-end check of the private Slurm harness.
#
# Starts a cluster with slurm_up.sh in a fresh temp dir, runs a few
# `sbatch --wait` jobs against it, and always stops it with slurm_down.sh
# (EXIT trap, also on INT/TERM). Checks:
#   mpi_launch   2 tasks via `srun --mpi=pmix` (mpirun as fallback) -> 2 lines
#   exit_code    a job that exits 3 makes `sbatch --wait` return non-zero
#   usr1_signal  `scancel --signal=USR1 --batch` reaches the batch script trap
#   mpi_hello    (only if mpicc exists) a real MPI program sees size 2 under
#                `srun --mpi=pmix`, i.e. Slurm's PMIx wires up Open MPI
#
# Exit: 0 all passed; 77 (ctest "skip") only when Slurm is not installed and
# cannot be installed; 1 otherwise.
#
# Environment knobs:
#   SLURM_SMOKE_KEEP=1          keep the temp dir (it is kept on failure anyway)
#   SLURM_SMOKE_FAIL_AFTER_UP=1 fail on purpose right after the cluster is up
#                               (to test that cleanup still happens)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly HERE
readonly JOB_TIMEOUT=30 # seconds any single sbatch --wait may take
WORK=""
FAILED=0

log() { printf 'smoke_test: %s\n' "$*" >&2; }

# --- setup / teardown ----------------------------------------------------

# Make sure the daemons and clients exist; exit 77 if they cannot be had.
ensure_slurm() {
    local b missing=0
    for b in slurmctld slurmd sbatch munged; do
        command -v "$b" >/dev/null || missing=1
    done
    ((missing == 0)) && return 0
    log "Slurm not installed; trying tests/slurm/install_slurm.sh"
    if ! "$HERE/install_slurm.sh"; then
        log "SKIP: Slurm packages are not installed and could not be installed"
        exit 77
    fi
}

cleanup() {
    local rc=$?
    # Ignore further INT/TERM so a second signal cannot cut the teardown
    # short and leave daemons behind (slurm_down.sh is time-bounded).
    trap - EXIT
    trap '' INT TERM
    if [[ -n $WORK && -d $WORK ]]; then
        "$HERE/slurm_down.sh" "$WORK" || { log "slurm_down.sh failed"; rc=1; }
        if ((rc != 0)) || [[ ${SLURM_SMOKE_KEEP:-0} == 1 ]]; then
            log "kept $WORK for inspection (logs in $WORK/log)"
        else
            rm -rf "$WORK"
        fi
    fi
    exit "$rc"
}

start_cluster() {
    # A short fixed prefix keeps slurmd's UNIX socket paths short.
    WORK=$(mktemp -d /tmp/slurm-smoke.XXXXXX)
    trap cleanup EXIT
    # Turn INT/TERM into a normal exit so the EXIT trap stops the cluster.
    trap 'log "interrupted (INT)"; exit 130' INT
    trap 'log "terminated (TERM)"; exit 143' TERM
    local envlines
    envlines=$("$HERE/slurm_up.sh" "$WORK") || { log "slurm_up.sh failed"; exit 1; }
    eval "$envlines"
    log "cluster up: SLURM_CONF=$SLURM_CONF"
}

# Write a batch script $1 from stdin and make it executable.
job_script() {
    cat >"$WORK/$1"
    chmod +x "$WORK/$1"
}

# sbatch --wait with an upper bound, so a job stuck PENDING cannot hang the
# test; prints sbatch's exit code (timeout's 124 on a hang).
run_wait() {
    local rc=0
    timeout "$JOB_TIMEOUT" sbatch --wait --quiet --chdir="$WORK" --time=1 "$@" || rc=$?
    echo "$rc"
}

# --- checks --------------------------------------------------------------

check_mpi_launch() {
    job_script launch.sh <<'EOF'
#!/bin/bash
# srun with PMIx is the real path; mpirun is only a fallback, and says so.
if srun --mpi=pmix -n 2 hostname >hosts.txt; then
    echo "launcher=srun-pmix"
else
    echo "srun --mpi=pmix failed; falling back to mpirun" >&2
    OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
        mpirun -n 2 --allow-run-as-root hostname >hosts.txt || exit 1
    echo "launcher=mpirun"
fi
EOF
    local rc lines
    rc=$(run_wait -n 2 -o launch.out -e launch.err launch.sh)
    lines=$(wc -l <"$WORK/hosts.txt" 2>/dev/null || echo 0)
    log "mpi_launch: sbatch rc=$rc, $(cat "$WORK/launch.out" 2>/dev/null), $lines host lines"
    [[ $rc == 0 && $lines == 2 ]] || { cat "$WORK"/launch.* >&2 2>/dev/null; return 1; }
}

check_exit_code() {
    local rc
    rc=$(run_wait -o exit3.out --wrap 'exit 3')
    log "exit_code: sbatch --wait rc=$rc for a job exiting 3"
    # 124 would mean our timeout fired, which is not the job's failure.
    [[ $rc != 0 && $rc != 124 ]]
}

check_usr1_signal() {
    job_script usr1.sh <<'EOF'
#!/bin/bash
trap 'echo "USR1 at $(date +%T)" >usr1.marker; exit 0' USR1
touch usr1.ready
# Wait on a background sleep: bash runs traps only between commands, and
# `wait` is interrupted by the signal while a foreground sleep is not.
sleep 50 &
wait $!
exit 9   # reached only if the signal never came
EOF
    local idfile=$WORK/usr1.id rc=0 id="" i pid
    # --parsable prints the id at submit time, then --wait blocks.
    timeout "$JOB_TIMEOUT" sbatch --wait --parsable --chdir="$WORK" --time=1 \
        -o usr1.out usr1.sh >"$idfile" &
    pid=$!
    for ((i = 0; i < 100; i++)); do # up to 20 s for the trap to be set
        [[ -e $WORK/usr1.ready ]] && break
        sleep 0.2
    done
    id=$(cut -d';' -f1 "$idfile")
    if [[ ! -e $WORK/usr1.ready || -z $id ]]; then
        log "usr1_signal: job '$id' never started"
        kill "$pid" 2>/dev/null || true # slurm_down.sh cancels the job
        wait "$pid" || true
        return 1
    fi
    scancel --signal=USR1 --batch "$id"
    wait "$pid" || rc=$?
    log "usr1_signal: job $id sbatch rc=$rc, marker: $(cat "$WORK/usr1.marker" 2>/dev/null || echo missing)"
    [[ $rc == 0 && -s $WORK/usr1.marker ]]
}

check_mpi_hello() {
    if ! command -v mpicc >/dev/null; then
        log "mpi_hello: mpicc not found, not run"
        return 0
    fi
    cat >"$WORK/hello.c" <<'EOF'
#include <mpi.h>
#include <stdio.h>
int main(int argc, char **argv) {
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    printf("rank %d of %d\n", rank, size);
    MPI_Finalize();
    return 0;
}
EOF
    mpicc -o "$WORK/hello" "$WORK/hello.c" || return 1
    local rc
    rc=$(run_wait -n 2 -o hello.out -e hello.err --wrap 'srun --mpi=pmix -n 2 ./hello')
    log "mpi_hello: sbatch rc=$rc, output: $(sort "$WORK/hello.out" | tr '\n' ';')"
    if [[ $rc == 0 ]] && grep -qx 'rank 0 of 2' "$WORK/hello.out" &&
        grep -qx 'rank 1 of 2' "$WORK/hello.out"; then
        return 0
    fi
    cat "$WORK/hello.err" >&2 2>/dev/null
    return 1
}

# Run check $1, count and report the result without stopping the others.
run_check() {
    local start=$SECONDS
    if "check_$1"; then
        echo "PASS $1 ($((SECONDS - start)) s)"
    else
        echo "FAIL $1 ($((SECONDS - start)) s)"
        FAILED=$((FAILED + 1))
    fi
}

main() {
    ensure_slurm
    start_cluster
    if [[ ${SLURM_SMOKE_FAIL_AFTER_UP:-0} == 1 ]]; then
        log "failing on purpose (SLURM_SMOKE_FAIL_AFTER_UP=1)"
        exit 1
    fi
    local c total=0
    for c in mpi_launch exit_code usr1_signal mpi_hello; do
        run_check "$c"
        total=$((total + 1))
    done
    echo "$((total - FAILED)) passed, $FAILED failed"
    ((FAILED == 0))
}

main "$@"
