/* schedule.c: the root/worker protocol. A worker's message is always a result (empty for its
   first request): [lo, hi, len, record...] with tag RESULT; the root answers with [lo, hi] and
   tag WORK, or tag STOP. A task that fails on any rank is reported (len = -1 - error code); the root
   then hands out nothing more, stops every worker as it reports, and every rank returns the error:
   a failure never leaves a rank waiting. Only SweepScheduleRun() communicates; it is collective. */
#include "schedule.h"

#define TAG_RESULT 7301
#define TAG_WORK 7302
#define TAG_STOP 7303

typedef struct {
  const SweepPhase *ph;
  PetscMPIInt       size;
  PetscInt          next;   /* first item not handed out */
  PetscInt          done;   /* items whose result was consumed */
  PetscErrorCode    failed; /* the first error of any rank's task, or 0 */
} Root;

/* The next range: a share of what remains (guided self-scheduling), at least 1 item, clipped
   at the unit boundary and at max_chunk. */
static void NextRange(Root *r, PetscInt divisor, PetscInt *lo, PetscInt *hi)
{
  const SweepPhase *ph   = r->ph;
  PetscInt          left = ph->n - r->next, want = PetscMax(1, left / divisor);
  want    = PetscMin(want, ph->max_chunk);
  *lo     = r->next;
  *hi     = PetscMin(*lo + want, ph->unit_end(ph->ctx, *lo));
  r->next = *hi;
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
  while (working > 0 || (r->next < ph->n && !r->failed)) {
    PetscMPIInt flag = 0;
    MPI_Status  status;
    if (working > 0) PetscCallMPI(MPI_Iprobe(MPI_ANY_SOURCE, TAG_RESULT, comm, &flag, &status));
    if (!flag && r->next < ph->n && !r->failed && (!ph->root_idle || r->size == 1)) { /* nobody waits: the root works */
      PetscInt lo, hi, len;
      NextRange(r, 4 * r->size, &lo, &hi);
      /* with workers, one item at a time, so that a waiting request is answered within one task */
      hi        = PetscMin(hi, lo + (r->size > 1 ? 1 : PetscMax(1, ph->max_chunk / 4)));
      r->next   = hi;
      r->failed = ph->compute(ph->ctx, lo, hi, buf + 3, &len);
      if (!r->failed) r->failed = RootConsume(r, lo, hi, buf + 3, len);
      st->root_ranges++;
      continue;
    }
    if (!flag) PetscCallMPI(MPI_Probe(MPI_ANY_SOURCE, TAG_RESULT, comm, &status));
    PetscCallMPI(MPI_Recv(buf, (PetscMPIInt) buflen, MPIU_REAL, status.MPI_SOURCE, TAG_RESULT, comm, &status));
    if (buf[2] < 0 && !r->failed)
      r->failed = (PetscErrorCode) (-1 - buf[2]);
    else if (buf[0] >= 0 && !r->failed)
      r->failed = RootConsume(r, (PetscInt) buf[0], (PetscInt) buf[1], buf + 3, (PetscInt) buf[2]);
    if (r->next < ph->n && !r->failed) {
      PetscInt range[2];
      NextRange(r, 2 * r->size, &range[0], &range[1]);
      PetscCallMPI(MPI_Send(range, 2, MPIU_INT, status.MPI_SOURCE, TAG_WORK, comm));
      st->handed++;
    } else {
      PetscInt code = (PetscInt) r->failed;
      PetscCallMPI(MPI_Send(&code, 1, MPIU_INT, status.MPI_SOURCE, TAG_STOP, comm));
      working--;
    }
  }
  PetscFunctionReturn(0);
}

/* Returns the phase's error (its own task's, or one the root reports with STOP) in *failed. */
static PetscErrorCode WorkerLoop(MPI_Comm comm, const SweepPhase *ph, PetscReal *buf, PetscErrorCode *failed)
{
  PetscInt len = 0;

  PetscFunctionBegin;
  buf[0] = buf[1] = -1, buf[2] = 0; /* the first message asks for work */
  for (;;) {
    PetscInt   range[2];
    MPI_Status status;
    PetscCallMPI(MPI_Send(buf, (PetscMPIInt) (3 + PetscMax(len, 0)), MPIU_REAL, 0, TAG_RESULT, comm));
    PetscCallMPI(MPI_Recv(range, 2, MPIU_INT, 0, MPI_ANY_TAG, comm, &status));
    if (status.MPI_TAG == TAG_STOP) {
      *failed = (PetscErrorCode) range[0];
      break;
    }
    PetscErrorCode ierr = ph->compute(ph->ctx, range[0], range[1], buf + 3, &len);
    buf[0] = (PetscReal) range[0], buf[1] = (PetscReal) range[1], buf[2] = ierr ? -1.0 - ierr : (PetscReal) len;
    if (ierr) len = 0;
  }
  PetscFunctionReturn(0);
}

/*@C
  SweepScheduleRun - runs a phase over all ranks of comm; the root also computes. Collective on comm.
  When a task fails on any rank, every rank returns that error once all have stopped.
@*/
PetscErrorCode SweepScheduleRun(MPI_Comm comm, const SweepPhase *ph, SweepPhaseStats *stats)
{
  PetscMPIInt    rank, size;
  PetscReal     *buf, t0 = MPI_Wtime();
  PetscInt       buflen = 3;
  Root           r;
  PetscErrorCode failed = 0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscMemzero(stats, sizeof(*stats)));
  /* the largest record of any range of at most max_chunk items */
  buflen += ph->reclen(ph->ctx, 0, PetscMin(ph->n, ph->max_chunk));
  PetscCall(PetscMalloc1(buflen, &buf));
  if (!rank) {
    r.ph = ph, r.size = size, r.next = 0, r.done = 0, r.failed = 0;
    PetscCall(RootLoop(comm, &r, buf, buflen, stats));
    failed = r.failed;
  } else
    PetscCall(WorkerLoop(comm, ph, buf, &failed));
  PetscCall(PetscFree(buf));
  stats->seconds = MPI_Wtime() - t0;
  PetscFunctionReturn(failed); /* already reported where it happened */
}
