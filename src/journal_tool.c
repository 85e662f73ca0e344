/* scalesweep-journal: what a checkpoint journal or shard file holds. Prints its identity (the
   options and input it belongs to), its records per phase with the work items they cover, and
   any torn end; exits 1 when an item appears in two records (a task run twice) or the file is
   not a journal. Usage: scalesweep-journal FILE [-records] */
#include "journal.h"
#include "study.h"

static const char help[] =
    "scalesweep-journal: what a checkpoint journal holds.\nUsage: scalesweep-journal FILE [-records]\n";

int main(int argc, char **argv)
{
  SweepJournal j;
  char        *text;
  PetscInt     nrec[SWEEP_NPHASE] = {0}, nitem[SWEEP_NPHASE] = {0}, maxhi[SWEEP_NPHASE] = {0}, repeats = 0;
  PetscBool    records = PETSC_FALSE;
  const char  *phase[SWEEP_NPHASE] = {"fit", "resample", "surface", "plan", "selection"};
  PetscInt    *seen[SWEEP_NPHASE];

  PetscCall(PetscInitialize(&argc, &argv, NULL, help));
  PetscCheck(argc >= 2 && argv[1][0] != '-', PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "usage: scalesweep-journal FILE [-records]");
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-records", &records, NULL));
  PetscCall(SweepJournalReadText(argv[1], &text));
  PetscCall(SweepJournalOpen(argv[1], NULL, PETSC_FALSE, &j));
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "journal %s\n%s", argv[1], text));
  for (PetscInt i = 0; i < j->nrec; i++) {
    const SweepJournalRecord *r = &j->rec[i];
    PetscCheck(r->phase < SWEEP_NPHASE, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "record %" PetscInt_FMT " has phase %" PetscInt_FMT, i, r->phase);
    nrec[r->phase]++, nitem[r->phase] += r->hi - r->lo, maxhi[r->phase] = PetscMax(maxhi[r->phase], r->hi);
    if (records)
      PetscCall(PetscPrintf(PETSC_COMM_SELF,
                            "record %" PetscInt_FMT ": %s items %" PetscInt_FMT " to %" PetscInt_FMT "\n", i,
                            phase[r->phase], r->lo, r->hi - 1));
  }
  for (PetscInt p = 0; p < SWEEP_NPHASE; p++) PetscCall(PetscCalloc1(maxhi[p], &seen[p]));
  for (PetscInt i = 0; i < j->nrec; i++) {
    const SweepJournalRecord *r = &j->rec[i];
    for (PetscInt t = r->lo; t < r->hi; t++) repeats += seen[r->phase][t]++ > 0;
  }
  for (PetscInt p = 0; p < SWEEP_NPHASE; p++) {
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "phase %-8s %" PetscInt_FMT " records, %" PetscInt_FMT " items\n", phase[p],
                          nrec[p], nitem[p]));
    PetscCall(PetscFree(seen[p]));
  }
  PetscCall(PetscPrintf(PETSC_COMM_SELF,
                        "torn end: %zu bytes ignored\nitems in more than one record: %" PetscInt_FMT "\n", j->torn,
                        repeats));
  PetscCall(SweepJournalDestroy(&j));
  PetscCall(PetscFree(text));
  PetscCall(PetscFinalize());
  return repeats ? 1 : 0;
}
