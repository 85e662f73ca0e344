/* schedule.c: the root/worker protocol. A worker's message is always a result (empty for its
   first request): [lo, hi, len, record...] with tag RESULT; the root answers with [lo, hi] and
   tag WORK, or tag STOP. Only SweepScheduleRun() communicates; it is collective on comm. */
#include "schedule.h"

#define TAG_RESULT 7301
#define TAG_WORK   7302
#define TAG_STOP   7303

typedef struct {
  const SweepPhase *ph;
  PetscMPIInt       size;
  PetscInt          next; /* first item not handed out */
  PetscInt          done; /* items whose result was consumed */
} Root;

/* The next range: a share of what remains (guided self-scheduling), at least 1 item, clipped
   at the unit boundary and at max_chunk. */
static void NextRange(Root *r, PetscInt divisor, PetscInt *lo, PetscInt *hi)
{
  const SweepPhase *ph   = r->ph;
  PetscInt          left = ph->n - r->next, want = PetscMax(1, left / divisor);
  want = PetscMin(want, ph->max_chunk);
  *lo  = r->next;
  *hi  = PetscMin(*lo + want, ph->unit_end(ph->ctx, *lo));
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
  while (working > 0 || r->next < ph->n) {
    PetscMPIInt flag = 0, count;
    MPI_Status  status;
    if (working > 0) PetscCallMPI(MPI_Iprobe(MPI_ANY_SOURCE, TAG_RESULT, comm, &flag, &status));
    if (!flag && r->next < ph->n) { /* nobody is waiting: the root works on a small range */
      PetscInt lo, hi, len;
      NextRange(r, 4 * r->size, &lo, &hi);
      hi = PetscMin(hi, lo + PetscMax(1, ph->max_chunk / 4));
      r->next = hi;
      PetscCall(ph->compute(ph->ctx, lo, hi, buf + 3, &len));
      PetscCall(RootConsume(r, lo, hi, buf + 3, len));
      st->root_ranges++;
      continue;
    }
    if (!flag) PetscCallMPI(MPI_Probe(MPI_ANY_SOURCE, TAG_RESULT, comm, &status));
    PetscCallMPI(MPI_Recv(buf, (PetscMPIInt) buflen, MPIU_REAL, status.MPI_SOURCE, TAG_RESULT, comm, &status));
    PetscCallMPI(MPI_Get_count(&status, MPIU_REAL, &count));
    if (buf[0] >= 0) PetscCall(RootConsume(r, (PetscInt) buf[0], (PetscInt) buf[1], buf + 3, (PetscInt) buf[2]));
    if (r->next < ph->n) {
      PetscInt range[2];
      NextRange(r, 2 * r->size, &range[0], &range[1]);
      PetscCallMPI(MPI_Send(range, 2, MPIU_INT, status.MPI_SOURCE, TAG_WORK, comm));
      st->handed++;
    } else {
      PetscCallMPI(MPI_Send(NULL, 0, MPIU_INT, status.MPI_SOURCE, TAG_STOP, comm));
      working--;
    }
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode WorkerLoop(MPI_Comm comm, const SweepPhase *ph, PetscReal *buf)
{
  PetscInt len = 0;

  PetscFunctionBegin;
  buf[0] = buf[1] = -1, buf[2] = 0; /* the first message asks for work */
  for (;;) {
    PetscInt   range[2];
    MPI_Status status;
    PetscCallMPI(MPI_Send(buf, (PetscMPIInt) (3 + len), MPIU_REAL, 0, TAG_RESULT, comm));
    PetscCallMPI(MPI_Recv(range, 2, MPIU_INT, 0, MPI_ANY_TAG, comm, &status));
    if (status.MPI_TAG == TAG_STOP) break;
    PetscCall(ph->compute(ph->ctx, range[0], range[1], buf + 3, &len));
    buf[0] = (PetscReal) range[0], buf[1] = (PetscReal) range[1], buf[2] = (PetscReal) len;
  }
  PetscFunctionReturn(0);
}

/*@C
  SweepScheduleRun - runs a phase over all ranks of comm; the root also computes. Collective on comm.
@*/
PetscErrorCode SweepScheduleRun(MPI_Comm comm, const SweepPhase *ph, SweepPhaseStats *stats)
{
  PetscMPIInt rank, size;
  PetscReal  *buf, t0 = MPI_Wtime();
  PetscInt    buflen = 3;
  Root        r;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscMemzero(stats, sizeof(*stats)));
  /* the largest record of any range of at most max_chunk items */
  buflen += ph->reclen(ph->ctx, 0, PetscMin(ph->n, ph->max_chunk));
  PetscCall(PetscMalloc1(buflen, &buf));
  if (!rank) {
    r.ph = ph, r.size = size, r.next = 0, r.done = 0;
    PetscCall(RootLoop(comm, &r, buf, buflen, stats));
  } else PetscCall(WorkerLoop(comm, ph, buf));
  PetscCall(PetscFree(buf));
  stats->seconds = MPI_Wtime() - t0;
  PetscFunctionReturn(0);
}
