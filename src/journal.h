/* journal.h: the checkpoint journal. As the root consumes a finished task it appends the task's
   result record to a file beside the output, so that a killed or interrupted run can resume where
   it stopped (-sweep_resume) and the shards of an array job can be merged (-sweep_merge).

   Layout (native byte order; a journal is read back by the same build on the same kind of machine):
     header: "SWEEPJNL" | uint64 n | n bytes of text | uint64 check
     record: uint32 0x53575052 | int32 phase | int64 lo | int64 hi | int64 len | len doubles | uint64 check
   check is the first 8 bytes of the SHA-256 of the bytes before it in the header or record. The
   text is the study's identity (options that change results, the input's SHA-256, the shard) as
   "name value" lines: a resume compares it line by line and names what differs. Each record is
   one write(2), so a kill leaves at most one torn record, at the end; on reading, anything from
   the first record that is short or fails its check to the end of the file is ignored (and cut off
   before appending), and those tasks run again. The file is fdatasync'ed every few seconds, at the
   end of each phase and on a signal. Root only; nothing here communicates. */
#pragma once

#include "sweepsys.h"

typedef struct {
  PetscInt phase, lo, hi, len;
  size_t   at; /* first double of the record's data in the journal's data[] */
} SweepJournalRecord;

typedef struct _p_SweepJournal {
  char                path[SWEEP_PATH_LEN];
  int                 fd; /* open for appending; -1 when read-only or closed */
  PetscLogDouble      synced;
  PetscInt            nrec;
  SweepJournalRecord *rec; /* [nrec] records read back */
  PetscReal          *data;
  size_t              torn; /* bytes ignored at the end when read */
} * SweepJournal;

PETSC_EXTERN PetscErrorCode SweepJournalCreate(const char path[], const char text[], SweepJournal *j);
PETSC_EXTERN PetscErrorCode SweepJournalOpen(const char path[], const char text[], PetscBool append, SweepJournal *j);
PETSC_EXTERN PetscErrorCode SweepJournalReadText(const char path[], char **text);
PETSC_EXTERN PetscErrorCode SweepJournalAppend(SweepJournal j, PetscInt phase, PetscInt lo, PetscInt hi,
                                               const PetscReal rec[], PetscInt len);
PETSC_EXTERN PetscErrorCode SweepJournalSync(SweepJournal j, PetscBool force);
PETSC_EXTERN PetscErrorCode SweepJournalDestroy(SweepJournal *j);
