#!/usr/bin/env bash
# slurm_up.sh DIR - start a private single-node Slurm cluster under DIR.
#
# DIR is a directory the caller created (e.g. with mktemp -d). Everything the
# cluster writes (slurm.conf, state, spool, pid files, logs) lives under it,
# so several clusters can coexist and `slurm_down.sh DIR` can stop exactly
# this one. Must run as root: SlurmUser=root, and munged/ /run/munge may
# need to be set up.
#
# On success prints shell lines to eval, and writes the same to DIR/env.sh:
#     eval "$(slurm_up.sh "$dir")"      or      slurm_up.sh "$dir" && . "$dir/env.sh"
#
# Files written under DIR:
#   slurm.conf env.sh  state/ spool/ tmp/ log/{slurmctld,slurmd}.log
#   slurmctld.pid slurmd.pid  munged.started (only if this script started munged)
#
# Environment knobs:
#   SLURM_UP_TIMEOUT  seconds to wait for the node to become idle (default 30)
#   SLURM_UP_PORT     first port to try for slurmctld (default 6817); slurmd
#                     uses the next one. Busy ports are skipped.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly HERE
readonly NODE=localhost
readonly MUNGE_SOCKET=/run/munge/munge.socket.2
readonly MUNGE_KEY=/etc/munge/munge.key
readonly UP_TIMEOUT=${SLURM_UP_TIMEOUT:-30}

log() { printf 'slurm_up: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

usage() {
    echo "usage: $0 DIR   (DIR: an existing, preferably empty, directory)" >&2
    exit 2
}

check_prereqs() {
    [[ $(id -u) -eq 0 ]] || die "must run as root (SlurmUser=root, munged setup)"
    local b
    for b in munged munge unmunge slurmctld slurmd sinfo; do
        command -v "$b" >/dev/null ||
            die "'$b' not found; run tests/slurm/install_slurm.sh first"
    done
    # slurmstepd creates UNIX sockets under SlurmdSpoolDir; their path must
    # fit in sun_path (108 bytes), so refuse DIRs that would overflow it.
    ((${#DIR} <= 70)) ||
        die "DIR path too long (${#DIR} > 70 chars) for slurmd's UNIX sockets: $DIR"
}

# --- munge ---------------------------------------------------------------

# True when a munged answers on the default socket (encode + decode works).
munge_works() {
    munge -n -S "$MUNGE_SOCKET" 2>/dev/null |
        unmunge -S "$MUNGE_SOCKET" >/dev/null 2>&1
}

# Create the munge key if missing; prefer mungekey (munge >= 0.5.14), fall
# back to the older create-munge-key script.
ensure_munge_key() {
    [[ -s $MUNGE_KEY ]] && return 0
    log "creating munge key $MUNGE_KEY"
    install -d -m 0700 -o munge -g munge "$(dirname "$MUNGE_KEY")"
    if command -v mungekey >/dev/null; then
        mungekey --create --keyfile="$MUNGE_KEY"
    elif command -v create-munge-key >/dev/null; then
        create-munge-key -f
    else
        die "no mungekey/create-munge-key to create $MUNGE_KEY"
    fi
    chown munge:munge "$MUNGE_KEY"
    chmod 0400 "$MUNGE_KEY"
}

# Reuse a running munged; otherwise start one as user munge (no systemd
# here, and munged refuses dirs with unsafe ownership, hence the chowns).
ensure_munged() {
    if munge_works; then
        log "reusing running munged ($MUNGE_SOCKET)"
        return 0
    fi
    ensure_munge_key
    # /run is a tmpfs on most machines: /run/munge vanishes on reboot.
    install -d -m 0755 -o munge -g munge /run/munge
    install -d -m 0700 -o munge -g munge /var/log/munge
    install -d -m 0711 -o munge -g munge /var/lib/munge
    local pidfile=/run/munge/munged.pid force=()
    local oldpid
    oldpid=$(cat "$pidfile" 2>/dev/null || true)
    if [[ -n $oldpid ]] && kill -0 "$oldpid" 2>/dev/null; then
        die "munged (pid $oldpid) is running but does not answer on $MUNGE_SOCKET"
    fi
    # A stale socket left by a killed munged would make it refuse to start.
    [[ -e $MUNGE_SOCKET ]] && force=(--force)
    log "starting munged as user munge"
    runuser -u munge -- munged "${force[@]}" ||
        die "munged failed to start; see /var/log/munge/munged.log"
    local i
    for ((i = 0; i < 50; i++)); do
        munge_works && break
        sleep 0.1
    done
    munge_works || die "munged started but does not answer on $MUNGE_SOCKET"
    # Record it so slurm_down.sh stops munged only when we started it.
    cat "$pidfile" >"$DIR/munged.started"
}

# --- configuration -------------------------------------------------------

# True if something listens on TCP port $1 (any address).
port_busy() {
    ss -Htln "sport = :$1" 2>/dev/null | grep -q .
}

# Pick two consecutive free ports (slurmctld, slurmd), so that a second
# cluster (or a system Slurm) on this machine does not collide with ours.
pick_ports() {
    local p=${SLURM_UP_PORT:-6817}
    local last=$((p + 200))
    while ((p < last)); do
        if ! port_busy "$p" && ! port_busy $((p + 1)); then
            CTLD_PORT=$p
            SLURMD_PORT=$((p + 1))
            return 0
        fi
        p=$((p + 2))
    done
    die "no free port pair found in ${SLURM_UP_PORT:-6817}..$last"
}

write_conf() {
    local cpus
    cpus=$(nproc)
    mkdir -p "$DIR/state" "$DIR/spool" "$DIR/log" "$DIR/tmp"
    cat >"$DIR/slurm.conf" <<EOF
# Private single-node test cluster written by tests/slurm/slurm_up.sh.
ClusterName=scalesweep-test
SlurmctldHost=$NODE
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
# Running everything as root avoids a slurm user owning files under DIR.
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# cred_expire also sets how long a requeued job waits before it may start
# again (default 120 s); keep it short so requeue tests stay fast.
AuthInfo=socket=$MUNGE_SOCKET,cred_expire=10

StateSaveLocation=$DIR/state
# Job/step scratch (e.g. PMIx's spmix_appdir_*) goes here instead of /tmp.
TmpFS=$DIR/tmp
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info

# No cgroups: containers/CI machines rarely have a writable cgroup tree.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
# Debian's Open MPI speaks PMIx only (pmi2/none do not work with it).
MpiDefault=pmix
SelectType=select/cons_tres
# Cores only: memory is not tracked, so jobs need no --mem.
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
# A job whose begin time passes (e.g. a requeued one) starts only at the next
# periodic scheduling pass: 60 s (main) / 30 s (backfill) by default.
SchedulerParameters=sched_interval=2,bf_interval=1

# No slurmdbd: accounting and job metric gathering off.
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none

# Let tests requeue jobs (e.g. after SIGUSR1) and let a restarted slurmd
# rejoin as usable instead of staying DOWN.
JobRequeue=1
ReturnToService=2
# Short timers so jobs end and get cleaned up quickly in tests.
KillWait=5
MinJobAge=300
InactiveLimit=0
Waittime=0
SlurmdTimeout=60
SlurmctldTimeout=60
MailProg=/bin/true

NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
}

write_env() {
    cat >"$DIR/env.sh" <<EOF
export SLURM_CONF=$DIR/slurm.conf
export SLURM_TEST_DIR=$DIR
EOF
}

# --- daemons -------------------------------------------------------------

# Print the pid recorded in pid file $1 if that process is alive.
live_pid() {
    local pid
    pid=$(cat "$1" 2>/dev/null || true)
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# Wait up to 5 s for a daemon to write its pid file (they fork first).
wait_pidfile() {
    local i
    for ((i = 0; i < 50; i++)); do
        live_pid "$1" >/dev/null && return 0
        sleep 0.1
    done
    return 1
}

start_daemons() {
    if live_pid "$DIR/slurmctld.pid" >/dev/null; then
        die "a slurmctld for $DIR is already running; run slurm_down.sh first"
    fi
    log "starting slurmctld (port $CTLD_PORT)"
    # -i: do not abort on missing/damaged state files (a fresh DIR has none;
    # a rerun on the same DIR keeps its jobs).
    slurmctld -i -f "$DIR/slurm.conf" ||
        fail_with_logs "slurmctld failed to start"
    wait_pidfile "$DIR/slurmctld.pid" ||
        fail_with_logs "slurmctld exited right after start"
    log "starting slurmd -N $NODE (port $SLURMD_PORT)"
    slurmd -f "$DIR/slurm.conf" -N "$NODE" ||
        fail_with_logs "slurmd failed to start"
    wait_pidfile "$DIR/slurmd.pid" ||
        fail_with_logs "slurmd exited right after start"
}

# sinfo's compact state of our node, e.g. "idle", "idle*", "down*", "unk*".
node_state() {
    SLURM_CONF=$DIR/slurm.conf sinfo -h -n "$NODE" -o %t 2>/dev/null | head -n1
}

wait_idle() {
    local deadline=$((SECONDS + UP_TIMEOUT)) state=""
    while ((SECONDS < deadline)); do
        state=$(node_state || true)
        [[ $state == idle ]] && return 0
        sleep 0.5
    done
    fail_with_logs "node '$NODE' not idle after ${UP_TIMEOUT}s (state: '${state:-none}')"
}

# Show what the daemons said, stop what we started, and fail.
fail_with_logs() {
    log "ERROR: $*"
    local f
    for f in "$DIR/log/slurmctld.log" "$DIR/log/slurmd.log"; do
        [[ -f $f ]] || continue
        log "---- last lines of $f ----"
        tail -n 25 "$f" >&2
    done
    "$HERE/slurm_down.sh" "$DIR" >&2 || true
    exit 1
}

main() {
    [[ $# -eq 1 ]] || usage
    [[ -d $1 ]] || die "DIR '$1' does not exist (the caller creates it)"
    DIR=$(cd "$1" && pwd -P)
    readonly DIR
    check_prereqs
    ensure_munged
    pick_ports
    write_conf
    write_env
    start_daemons
    wait_idle
    log "node $NODE idle; cluster up in $DIR"
    cat "$DIR/env.sh"
}

main "$@"
