#!/usr/bin/env bash
# slurm_down.sh DIR - stop the private cluster that `slurm_up.sh DIR` started.
#
# Only ever signals the PIDs recorded under DIR (slurmd.pid, slurmctld.pid,
# and munged.started when slurm_up.sh started munged), and only after
# checking that the PID still belongs to the expected program, so a recycled
# PID is never hit. Safe to call twice, or after a partial start.
#
# Environment knobs:
#   SLURM_DOWN_TIMEOUT  seconds to wait for each daemon after SIGTERM before
#                       sending SIGKILL (default 10)
set -euo pipefail

readonly DOWN_TIMEOUT=${SLURM_DOWN_TIMEOUT:-10}

log() { printf 'slurm_down: %s\n' "$*" >&2; }

usage() {
    echo "usage: $0 DIR" >&2
    exit 2
}

# Print the PID in file $1 if it is alive and its command name is $2.
owned_pid() {
    local pid comm
    pid=$(cat "$1" 2>/dev/null || true)
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
    [[ $comm == "$2" ]] || return 1
    echo "$pid"
}

# Wait until PID $1 is gone; false after $2 seconds.
wait_gone() {
    local pid=$1 deadline=$((SECONDS + $2))
    while kill -0 "$pid" 2>/dev/null; do
        ((SECONDS < deadline)) || return 1
        sleep 0.2
    done
}

# Stop the daemon named $2 whose pid file is $1: TERM, wait, then KILL.
stop_daemon() {
    local pidfile=$1 name=$2 pid
    if ! pid=$(owned_pid "$pidfile" "$name"); then
        log "$name: not running (no live pid in $pidfile)"
        rm -f "$pidfile"
        return 0
    fi
    log "$name: stopping pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_gone "$pid" "$DOWN_TIMEOUT"; then
        log "$name: pid $pid still alive after ${DOWN_TIMEOUT}s; sending KILL"
        kill -KILL "$pid" 2>/dev/null || true
        wait_gone "$pid" 5 || { log "$name: pid $pid would not die"; return 1; }
    fi
    rm -f "$pidfile"
}

# Cancel this cluster's jobs while slurmctld is still up, so their
# slurmstepd/job processes end too instead of outliving slurmd.
cancel_jobs() {
    owned_pid "$DIR/slurmctld.pid" slurmctld >/dev/null || return 0
    export SLURM_CONF=$DIR/slurm.conf
    local jobs
    jobs=$(squeue -h -o %i 2>/dev/null | tr '\n' ' ' || true)
    [[ -n ${jobs// /} ]] || return 0
    log "cancelling jobs: $jobs"
    # shellcheck disable=SC2086 # word splitting of the id list is wanted
    scancel $jobs 2>/dev/null || true
    local deadline=$((SECONDS + DOWN_TIMEOUT))
    while ((SECONDS < deadline)); do
        [[ -z $(squeue -h -o %i 2>/dev/null || true) ]] && return 0
        sleep 0.5
    done
    log "jobs still listed after ${DOWN_TIMEOUT}s; stopping daemons anyway"
}

# PIDs of Slurm daemons still running on this machine (other clusters, or
# a system Slurm); called after ours are stopped.
other_slurm_daemons() {
    local f
    for f in /proc/[0-9]*/comm; do
        case $(cat "$f" 2>/dev/null) in
        slurmctld | slurmd | slurmstepd) f=${f#/proc/} && echo "${f%/comm}" ;;
        esac
    done
}

# Stop the munged that slurm_up.sh started for DIR, unless another cluster
# (started later, which reused it) still needs it: then leave it running.
stop_our_munged() {
    [[ -f $DIR/munged.started ]] || return 0
    local others
    others=$(other_slurm_daemons | tr '\n' ' ')
    if [[ -n $others ]]; then
        log "munged: left running, other Slurm daemons still use it (pids $others)"
        rm -f "$DIR/munged.started"
        return 0
    fi
    stop_daemon "$DIR/munged.started" munged
}

main() {
    [[ $# -eq 1 ]] || usage
    if [[ ! -d $1 ]]; then
        log "DIR '$1' does not exist; nothing to stop"
        return 0
    fi
    DIR=$(cd "$1" && pwd -P)
    readonly DIR
    local rc=0
    cancel_jobs
    # slurmd first, so it does not report the controller as unreachable.
    stop_daemon "$DIR/slurmd.pid" slurmd || rc=1
    stop_daemon "$DIR/slurmctld.pid" slurmctld || rc=1
    # munged is shared machine-wide: stop it only if slurm_up.sh started it.
    stop_our_munged || rc=1
    return "$rc"
}

main "$@"
