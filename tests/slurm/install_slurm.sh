#!/usr/bin/env bash
# install_slurm.sh - install a single-node Slurm (slurmctld, slurmd, client),
# munge and Open MPI from Debian's repositories, if they are not there yet.
#
# Usage: install_slurm.sh            (must run as root, or fails clearly)
# Exit:  0 installed (or already present), 1 could not install.
#
# Another apt-get/dpkg may be running on the machine at the same time, so
# every apt-get call waits for the dpkg/lists locks and is retried when it
# still failed because of a lock.
set -euo pipefail

readonly SLURM_PKGS=(slurmctld slurmd slurm-client munge)
readonly MPI_PKGS=(openmpi-bin)
# How long (seconds) one apt-get may wait for a lock before we retry it.
readonly LOCK_WAIT=300
readonly MAX_TRIES=5

log() { printf 'install_slurm: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# True when every named package is installed ("ii" in dpkg's database).
pkgs_installed() {
    local p status
    for p in "$@"; do
        status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
        [[ $status == ii* ]] || return 1
    done
}

# True when apt knows a candidate version for every named package; before
# the first `apt-get update` the lists may be empty or stale.
pkgs_known() {
    local p cand
    for p in "$@"; do
        cand=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')
        [[ -n $cand && $cand != "(none)" ]] || return 1
    done
}

# Run apt-get with lock waiting, retrying when the failure was a held lock
# (DPkg::Lock::Timeout covers the dpkg lock; the lists lock used by
# `update` is not covered by it, hence the retry loop as well).
apt_get() {
    local try out rc
    for ((try = 1; try <= MAX_TRIES; try++)); do
        set +e
        out=$(DEBIAN_FRONTEND=noninteractive apt-get \
            -o DPkg::Lock::Timeout="$LOCK_WAIT" "$@" 2>&1)
        rc=$?
        set -e
        printf '%s\n' "$out" | tail -n 5 >&2
        ((rc == 0)) && return 0
        if grep -qiE 'could not get lock|unable to (acquire|lock)|is another process using it' \
            <<<"$out"; then
            log "apt lock held by another process; retry $try/$MAX_TRIES in 10 s"
            sleep 10
            continue
        fi
        return "$rc"
    done
    return 1
}

# Install the given packages, running `apt-get update` first only if apt
# does not know them yet (or if the install fails on stale lists).
install_pkgs() {
    pkgs_installed "$@" && return 0
    if ! pkgs_known "$@"; then
        log "packages not in apt lists; running apt-get update"
        apt_get update -q || die "apt-get update failed"
    fi
    log "installing: $*"
    if ! apt_get install -y -q --no-install-recommends "$@"; then
        log "install failed; refreshing lists and retrying once"
        apt_get update -q || die "apt-get update failed"
        apt_get install -y -q --no-install-recommends "$@" ||
            die "apt-get install $* failed"
    fi
    pkgs_installed "$@" || die "packages still not installed: $*"
}

main() {
    if pkgs_installed "${SLURM_PKGS[@]}" "${MPI_PKGS[@]}"; then
        log "already installed: ${SLURM_PKGS[*]} ${MPI_PKGS[*]}"
        return 0
    fi
    [[ $(id -u) -eq 0 ]] || die "must run as root to install packages"
    command -v apt-get >/dev/null || die "apt-get not found (not Debian?)"
    install_pkgs "${SLURM_PKGS[@]}"
    install_pkgs "${MPI_PKGS[@]}"
    log "done: $(dpkg-query -W -f='${Package} ${Version}\n' slurmctld munge openmpi-bin | tr '\n' ' ')"
}

main "$@"
