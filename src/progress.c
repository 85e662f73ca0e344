/* progress.c: see progress.h. Time comes from MPI_Wtime(). */
#include "progress.h"
#include <string.h>
#include <unistd.h>

/*@C
  SweepProgressStart - starts a display for total tasks; mode is auto, bar, lines or none.
  Not collective.
@*/
PetscErrorCode SweepProgressStart(SweepProgress *p, const char mode[], const char label[], PetscInt total)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(p, sizeof(*p)));
  p->fp = stderr;
  if (!strcmp(mode, "bar") || (!strcmp(mode, "auto") && isatty(fileno(stderr))))
    p->mode = SWEEP_PROGRESS_BAR;
  else if (!strcmp(mode, "none"))
    p->mode = SWEEP_PROGRESS_NONE;
  else
    p->mode = SWEEP_PROGRESS_LINES;
  PetscCall(PetscStrncpy(p->label, label, sizeof(p->label)));
  p->total = total;
  p->t0 = p->last = MPI_Wtime();
  PetscFunctionReturn(0);
}

static void Print(SweepProgress *p, PetscReal now)
{
  PetscReal elapsed = now - p->t0, rate = elapsed > 0 ? p->done / elapsed : 0;
  PetscReal eta = rate > 0 ? (p->total - p->done) / rate : 0, frac = p->total ? (PetscReal) p->done / p->total : 1;
  if (p->mode == SWEEP_PROGRESS_BAR) {
    char bar[31];
    int  fill = (int) (30 * frac);
    for (int i = 0; i < 30; i++) bar[i] = i < fill ? '#' : '.';
    bar[30] = 0;
    fprintf(p->fp, "\r%-8s [%s] %3.0f%% %" PetscInt_FMT "/%" PetscInt_FMT " tasks, %.1f/s, %.0fs elapsed, ETA %.0fs ",
            p->label, bar, 100 * frac, p->done, p->total, (double) rate, (double) elapsed, (double) eta);
  } else
    fprintf(p->fp, "progress %s: %3d%% (%" PetscInt_FMT "/%" PetscInt_FMT " tasks, %.1f/s, %.0fs elapsed, ETA %.0fs)\n",
            p->label, (int) (100 * frac), p->done, p->total, (double) rate, (double) elapsed, (double) eta);
  fflush(p->fp);
  p->last = now;
}

/*@C
  SweepProgressUpdate - records done tasks and prints when it is time. Not collective.
@*/
PetscErrorCode SweepProgressUpdate(SweepProgress *p, PetscInt done)
{
  PetscReal now;
  PetscInt  decile;

  PetscFunctionBegin;
  p->done = done;
  if (p->mode == SWEEP_PROGRESS_NONE) PetscFunctionReturn(0);
  now    = MPI_Wtime();
  decile = p->total ? 10 * done / p->total : 10;
  if (p->mode == SWEEP_PROGRESS_BAR && (now - p->last >= 0.1 || done == p->total)) Print(p, now);
  /* lines: each further 10% or 30 s, but nothing for a phase over within its first second */
  if (p->mode == SWEEP_PROGRESS_LINES && now - p->t0 >= 1.0 && (decile > p->last_decile || now - p->last >= 30)) {
    p->last_decile = decile;
    Print(p, now);
  }
  PetscFunctionReturn(0);
}

/*@C
  SweepProgressEnd - finishes the display (the bar's line is ended). Not collective.
@*/
PetscErrorCode SweepProgressEnd(SweepProgress *p)
{
  PetscFunctionBegin;
  if (p->mode == SWEEP_PROGRESS_BAR) {
    Print(p, MPI_Wtime());
    fputc('\n', p->fp);
  }
  PetscFunctionReturn(0);
}
