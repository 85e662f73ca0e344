/* schedule.c: the root/worker protocol. A worker's message is always a result (empty for its
   first request): [lo, hi, len, record...] with tag RESULT; the root answers with [lo, hi] and
   tag WORK, or tag STOP once the worker holds no range. The root keeps one range queued ahead of
   each worker (two on its first request), so a worker goes straight from one range to the next
   instead of waiting for the answer to its last result. A task that fails on any rank is reported (len = -1 - error
   code); the root then hands out nothing more, stops every worker as it reports, and every rank returns the error: a
   failure never leaves a rank waiting. Only SweepScheduleRun() communicates; it is collective. */
#include "schedule.h"
#include "signals.h"

#define TAG_RESULT 7301
#define TAG_WORK 7302
#define TAG_STOP 7303

typedef struct {
  const SweepPhase *ph;
  PetscMPIInt       size;
  PetscInt         *outstanding; /* [size] ranges handed to each worker and not yet returned */
  PetscInt          next;        /* first item not handed out */
  PetscInt          done;        /* items whose result was consumed */
  PetscErrorCode    failed;      /* the first error of any rank's task, or 0 */
  PetscBool         stopping;    /* a stop signal came: hand out nothing more */
} Root;

/* Moves next past items already done. */
static void Advance(Root *r)
{
  if (r->ph->skip)
    while (r->next < r->ph->n && r->ph->skip[r->next]) r->next++;
}

/* The next range: a share of what remains (guided self-scheduling), at least 1 item and at most
   cap, clipped at the unit boundary, at max_chunk and at the next item already done. */
static void NextRange(Root *r, PetscInt divisor, PetscInt cap, PetscInt *lo, PetscInt *hi)
{
  const SweepPhase *ph   = r->ph;
  PetscInt          left = ph->n - r->next, want = PetscMax(1, left / divisor);
  want = PetscMin(PetscMin(want, ph->max_chunk), cap);
  *lo  = r->next;
  *hi  = PetscMin(*lo + want, ph->unit_end(ph->ctx, *lo));
  if (ph->skip)
    for (PetscInt k = *lo + 1; k < *hi; k++)
      if (ph->skip[k]) {
        *hi = k;
        break;
      }
  r->next = *hi;
  Advance(r);
}

static PetscErrorCode RootConsume(Root *r, PetscInt lo, PetscInt hi, const PetscReal rec[], PetscInt len)
{
  PetscFunctionBegin;
  PetscCall(r->ph->consume(r->ph->ctx, lo, hi, rec, len));
  r->done += hi - lo;
  if (r->ph->progress) PetscCall(r->ph->progress(r->ph->ctx, r->done));
  PetscFunctionReturn(0);
}

static PetscErrorCode RootLoop(MPI_Comm comm, Root *r, PetscReal *buf, PetscInt buflen, SweepPhaseStats *st)
{
  const SweepPhase *ph      = r->ph;
  PetscMPIInt       working = r->size - 1; /* workers not yet stopped */

  PetscFunctionBegin;
  while (working > 0 || (r->next < ph->n && !r->failed && !r->stopping)) {
    PetscMPIInt flag = 0;
    MPI_Status  status;
    if (!r->stopping && SweepSignalReceived()) r->stopping = PETSC_TRUE;
    PetscBool more = (PetscBool) (r->next < ph->n && !r->failed && !r->stopping);
    if (!more && working == 0) break; /* a stop came since the loop test, and no worker is left to hear from */
    if (working > 0) PetscCallMPI(MPI_Iprobe(MPI_ANY_SOURCE, TAG_RESULT, comm, &flag, &status));
    if (!flag && more && (!ph->root_idle || r->size == 1)) { /* nobody waits: the root works */
      PetscInt lo, hi, len;
      /* with workers, one item at a time, so that a waiting request is answered within one task */
      NextRange(r, 4 * r->size, r->size > 1 ? 1 : PetscMax(1, ph->max_chunk / 4), &lo, &hi);
      r->failed = ph->compute(ph->ctx, lo, hi, buf + 3, &len);
      if (!r->failed) r->failed = RootConsume(r, lo, hi, buf + 3, len);
      st->root_ranges++;
      continue;
    }
    if (!flag) PetscCallMPI(MPI_Probe(MPI_ANY_SOURCE, TAG_RESULT, comm, &status));
    PetscMPIInt w = status.MPI_SOURCE;
    PetscCallMPI(MPI_Recv(buf, (PetscMPIInt) buflen, MPIU_REAL, w, TAG_RESULT, comm, &status));
    PetscInt want = buf[0] < 0 && buf[2] >= 0 ? 2 : 1; /* a first request gets a range queued ahead */
    if (buf[0] >= 0 || buf[2] < 0) r->outstanding[w]--;
    if (buf[2] < 0 && !r->failed)
      r->failed = (PetscErrorCode) (-1 - buf[2]);
    else if (buf[0] >= 0 && !r->failed) /* a stop still takes in the results of ranges already handed out */
      r->failed = RootConsume(r, (PetscInt) buf[0], (PetscInt) buf[1], buf + 3, (PetscInt) buf[2]);
    if (!r->stopping && SweepSignalReceived()) r->stopping = PETSC_TRUE;
    for (PetscInt k = 0; k < want && r->next < ph->n && !r->failed && !r->stopping; k++) {
      PetscInt range[2];
      NextRange(r, 2 * r->size, PETSC_MAX_INT, &range[0], &range[1]);
      PetscCallMPI(MPI_Send(range, 2, MPIU_INT, w, TAG_WORK, comm));
      r->outstanding[w]++;
      st->handed++;
    }
    if (r->outstanding[w] == 0) { /* nothing left for it, a failure or a stop: it may stop */
      PetscInt code = (PetscInt) (r->failed ? r->failed : r->stopping && r->next < ph->n ? SWEEP_ERR_INTERRUPTED : 0);
      PetscCallMPI(MPI_Send(&code, 1, MPIU_INT, w, TAG_STOP, comm));
      working--;
    }
  }
  /* after a stop, the items never handed out are what is left: none, and the phase is complete */
  if (r->stopping && !r->failed && r->next < ph->n) r->failed = SWEEP_ERR_INTERRUPTED;
  PetscFunctionReturn(0);
}

/* Returns the phase's error (its own task's, or one the root reports with STOP) in *failed.
   Results leave by MPI_Isend from two alternating buffers: a large record does not fit Open MPI's
   eager protocol, and a blocking send would wait until the root, busy with its own task, posts the
   receive; this way the worker goes on with its queued range meanwhile. */
static PetscErrorCode WorkerLoop(MPI_Comm comm, const SweepPhase *ph, PetscReal *buf[2], PetscErrorCode *failed)
{
  MPI_Request req[2] = {MPI_REQUEST_NULL, MPI_REQUEST_NULL};
  int         cur    = 0;

  PetscFunctionBegin;
  buf[0][0] = buf[0][1] = -1, buf[0][2] = 0; /* the first message asks for work */
  PetscCallMPI(MPI_Isend(buf[0], 3, MPIU_REAL, 0, TAG_RESULT, comm, &req[0]));
  for (;;) {
    PetscInt   range[2], len = 0;
    MPI_Status status;
    PetscCallMPI(MPI_Recv(range, 2, MPIU_INT, 0, MPI_ANY_TAG, comm, &status));
    if (status.MPI_TAG == TAG_STOP) {
      *failed = (PetscErrorCode) range[0];
      break;
    }
    cur ^= 1;
    PetscCallMPI(MPI_Wait(&req[cur], MPI_STATUS_IGNORE)); /* this buffer's last send is done */
    PetscErrorCode ierr = ph->compute(ph->ctx, range[0], range[1], buf[cur] + 3, &len);
    buf[cur][0] = (PetscReal) range[0], buf[cur][1] = (PetscReal) range[1];
    buf[cur][2] = ierr ? -1.0 - ierr : (PetscReal) len;
    PetscCallMPI(MPI_Isend(buf[cur], (PetscMPIInt) (3 + (ierr ? 0 : len)), MPIU_REAL, 0, TAG_RESULT, comm, &req[cur]));
  }
  PetscCallMPI(MPI_Waitall(2, req, MPI_STATUSES_IGNORE));
  PetscFunctionReturn(0);
}

/*@C
  SweepScheduleRun - runs a phase over all ranks of comm; the root also computes. Collective on comm.
  When a task fails on any rank, every rank returns that error once all have stopped.
@*/
PetscErrorCode SweepScheduleRun(MPI_Comm comm, const SweepPhase *ph, SweepPhaseStats *stats)
{
  PetscMPIInt    rank, size;
  PetscReal     *buf[2], t0 = MPI_Wtime();
  PetscInt       buflen = 3;
  Root           r;
  PetscErrorCode failed = 0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscMemzero(stats, sizeof(*stats)));
  /* the largest record of any range of at most max_chunk items */
  buflen += ph->reclen(ph->ctx, 0, PetscMin(ph->n, ph->max_chunk));
  PetscCall(PetscMalloc2(buflen, &buf[0], buflen, &buf[1]));
  if (!rank) {
    r.ph = ph, r.size = size, r.next = 0, r.done = 0, r.failed = 0, r.stopping = PETSC_FALSE;
    PetscCall(PetscCalloc1(size, &r.outstanding));
    Advance(&r);
    if (ph->skip)
      for (PetscInt k = 0; k < ph->n; k++) r.done += ph->skip[k];
    PetscCall(RootLoop(comm, &r, buf[0], buflen, stats));
    PetscCall(PetscFree(r.outstanding));
    failed = r.failed;
  } else
    PetscCall(WorkerLoop(comm, ph, buf, &failed));
  PetscCall(PetscFree2(buf[0], buf[1]));
  /* Phases must not overlap: a worker stopped early would otherwise send the next phase's first
     request while the root still takes this phase's results on the same tag. */
  PetscCallMPI(MPI_Barrier(comm));
  stats->seconds = MPI_Wtime() - t0;
  PetscFunctionReturn(failed); /* already reported where it happened */
}
