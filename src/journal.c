/* journal.c: the checkpoint journal (journal.h). */
#include "journal.h"
#include "provenance.h"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "SWEEPJNL"
#define RECORD_MAGIC 0x53575052u
#define SYNC_SECONDS 2.0
#define MAX_RECORD_LEN (1 << 26) /* doubles; a longer length field is damage, not a record */

typedef struct {
  uint32_t magic;
  int32_t  phase;
  int64_t  lo, hi, len;
} RecordHead;

static PetscErrorCode Check(const void *buf, size_t len, uint64_t *check)
{
  unsigned char md[32];

  PetscFunctionBegin;
  PetscCall(SweepSHA256(buf, len, md));
  memcpy(check, md, sizeof(*check));
  PetscFunctionReturn(0);
}

/* Writes all of buf, or fails naming the file. */
static PetscErrorCode WriteAll(int fd, const char path[], const void *buf, size_t len)
{
  const char *p = (const char *) buf;

  PetscFunctionBegin;
  while (len > 0) {
    ssize_t got = write(fd, p, len);
    if (got < 0 && errno == EINTR) continue;
    PetscCheck(got > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot write checkpoint journal '%s': %s", path,
               strerror(errno));
    p += got, len -= (size_t) got;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode JournalNew(const char path[], SweepJournal *j)
{
  PetscFunctionBegin;
  PetscCall(PetscNew(j));
  PetscCall(PetscStrncpy((*j)->path, path, sizeof((*j)->path)));
  (*j)->fd = -1;
  PetscCall(PetscTime(&(*j)->synced));
  PetscFunctionReturn(0);
}

/*@C
  SweepJournalCreate - creates (or empties) the journal at path with the study's identity text and
  syncs it. Not collective.
@*/
PetscErrorCode SweepJournalCreate(const char path[], const char text[], SweepJournal *j)
{
  uint64_t n = strlen(text), check = 0;
  char    *head;
  size_t   len = 8 + sizeof(n) + n;

  PetscFunctionBegin;
  PetscCall(JournalNew(path, j));
  (*j)->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
  PetscCheck((*j)->fd >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot write checkpoint journal '%s': %s", path,
             strerror(errno));
  PetscCall(PetscMalloc1(len + sizeof(check), &head));
  memcpy(head, MAGIC, 8);
  memcpy(head + 8, &n, sizeof(n));
  memcpy(head + 8 + sizeof(n), text, n);
  PetscCall(Check(head, len, &check));
  memcpy(head + len, &check, sizeof(check));
  PetscCall(WriteAll((*j)->fd, path, head, len + sizeof(check)));
  PetscCall(PetscFree(head));
  PetscCall(SweepJournalSync(*j, PETSC_TRUE));
  PetscFunctionReturn(0);
}

/* The whole file in memory. */
static PetscErrorCode ReadFile(const char path[], char **buf, size_t *len)
{
  struct stat st;
  int         fd;
  size_t      got = 0;

  PetscFunctionBegin;
  fd = open(path, O_RDONLY);
  PetscCheck(fd >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot read checkpoint journal '%s': %s", path,
             strerror(errno));
  if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
    close(fd);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot read checkpoint journal '%s': not a regular file", path);
  }
  *len = (size_t) st.st_size;
  PetscCall(PetscMalloc1(*len + 1, buf));
  while (got < *len) {
    ssize_t r = read(fd, *buf + got, *len - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (size_t) r;
  }
  close(fd);
  PetscCheck(got == *len, PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "cannot read checkpoint journal '%s': %s", path,
             strerror(errno));
  PetscFunctionReturn(0);
}

/* The header's text (allocated) and where the records start. */
static PetscErrorCode ParseHeader(const char path[], const char *buf, size_t len, char **text, size_t *end)
{
  uint64_t n, check = 0, want = 0;

  PetscFunctionBegin;
  PetscCheck(len >= 8 + 2 * sizeof(uint64_t) && !memcmp(buf, MAGIC, 8), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "'%s' is not a scalesweep checkpoint journal", path);
  memcpy(&n, buf + 8, sizeof(n));
  PetscCheck(n <= len - 8 - 2 * sizeof(uint64_t), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "checkpoint journal '%s': its header is damaged (remove the file to start afresh)", path);
  memcpy(&check, buf + 8 + sizeof(n) + n, sizeof(check));
  PetscCall(Check(buf, 8 + sizeof(n) + n, &want));
  PetscCheck(check == want, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "checkpoint journal '%s': its header is damaged (remove the file to start afresh)", path);
  PetscCall(PetscMalloc1(n + 1, text));
  memcpy(*text, buf + 8 + sizeof(n), n);
  (*text)[n] = 0;
  *end       = 8 + sizeof(n) + n + sizeof(check);
  PetscFunctionReturn(0);
}

/* The value of the line "name value" in text, into val; empty when absent. */
static void LineValue(const char text[], const char name[], char val[], size_t len)
{
  size_t      n = strlen(name);
  const char *p = text;

  val[0] = 0;
  while (p && *p) {
    if (!strncmp(p, name, n) && p[n] == ' ') {
      const char *e = strchr(p, '\n');
      size_t      k = e ? (size_t) (e - p - n - 1) : strlen(p + n + 1);
      if (k >= len) k = len - 1;
      memcpy(val, p + n + 1, k);
      val[k] = 0;
      return;
    }
    p = strchr(p, '\n');
    if (p) p++;
  }
}

/* The name of the "name value" line at p into name; returns the next line, and in *empty whether
   the line has no value. */
static const char *LineName(const char *p, char name[], size_t len, PetscBool *empty)
{
  const char *sp = strchr(p, ' '), *e = strchr(p, '\n');
  size_t      n;

  if (!e) e = p + strlen(p);
  if (!sp || sp > e) sp = e;
  n = PetscMin((size_t) (sp - p), len - 1);
  memcpy(name, p, n);
  name[n] = 0;
  *empty  = (PetscBool) (sp == e || sp + 1 == e);
  return *e ? e + 1 : e;
}

/* Refuses a journal written for another study, naming the first difference. */
static PetscErrorCode CompareText(const char path[], const char mine[], const char theirs[])
{
  const char *p = mine, *next;
  PetscBool   empty;

  PetscFunctionBegin;
  for (; *p; p = next) {
    char name[256], a[1024], b[1024];
    next = LineName(p, name, sizeof(name), &empty);
    LineValue(mine, name, a, sizeof(a));
    LineValue(theirs, name, b, sizeof(b));
    if (strcmp(a, b)) {
      PetscCheck(strcmp(name, "input_sha256"), PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
                 "checkpoint journal '%s' does not match this run: the input has changed since it was written "
                 "(SHA-256 %.12s... now, %.12s... in the journal)",
                 path, a, b[0] ? b : "none");
      PetscCheck(strcmp(name, "shard"), PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
                 "checkpoint journal '%s' does not match this run: it holds shard %s, this run is shard %s", path,
                 b[0] ? b : "none", a[0] ? a : "none");
      PetscCheck(name[0] == '-', PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
                 "checkpoint journal '%s' does not match this run: %s is %s here but %s in the journal", path, name,
                 a[0] ? a : "(none)", b[0] ? b : "(none)");
      SETERRQ(PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
              "checkpoint journal '%s' does not match this run: option %s is %s here but %s in the journal", path, name,
              a[0] ? a : "(not set)", b[0] ? b : "(not set)");
    }
  }
  for (p = theirs; *p; p = next) { /* an option the journal's run set and this one does not (TAO's own) */
    char name[256], a[8];
    next = LineName(p, name, sizeof(name), &empty);
    LineValue(mine, name, a, sizeof(a));
    PetscCheck(a[0] || empty, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
               "checkpoint journal '%s' does not match this run: option %s is set in the journal but not here", path,
               name);
  }
  PetscFunctionReturn(0);
}

/* Reads the records after the header until the end or the first damaged one. */
static PetscErrorCode ParseRecords(SweepJournal j, const char *buf, size_t len, size_t at)
{
  PetscInt maxrec = 0;
  size_t   ndata = 0, maxdata = 0;

  PetscFunctionBegin;
  while (len - at >= sizeof(RecordHead)) {
    RecordHead h;
    uint64_t   check = 0, want = 0;
    memcpy(&h, buf + at, sizeof(h));
    if (h.magic != RECORD_MAGIC || h.len < 0 || h.len > MAX_RECORD_LEN || h.phase < 0 || h.lo < 0 || h.hi <= h.lo)
      break;
    size_t body = sizeof(h) + (size_t) h.len * sizeof(PetscReal);
    if (len - at < body + sizeof(check)) break;
    memcpy(&check, buf + at + body, sizeof(check));
    PetscCall(Check(buf + at, body, &want));
    if (check != want) break;
    if (j->nrec == maxrec) {
      maxrec = PetscMax(64, 2 * maxrec);
      PetscCall(PetscRealloc(maxrec * sizeof(*j->rec), &j->rec));
    }
    if (ndata + (size_t) h.len > maxdata) {
      maxdata = PetscMax(2 * maxdata, ndata + (size_t) h.len + 1024);
      PetscCall(PetscRealloc(maxdata * sizeof(PetscReal), &j->data));
    }
    memcpy(j->data + ndata, buf + at + sizeof(h), (size_t) h.len * sizeof(PetscReal));
    j->rec[j->nrec++] = (SweepJournalRecord){h.phase, (PetscInt) h.lo, (PetscInt) h.hi, (PetscInt) h.len, ndata};
    ndata += (size_t) h.len;
    at += body + sizeof(check);
  }
  j->torn = len - at;
  PetscFunctionReturn(0);
}

/*@C
  SweepJournalReadText - the identity text of the journal at path (allocated; free with PetscFree).
  Not collective.
@*/
PetscErrorCode SweepJournalReadText(const char path[], char **text)
{
  char  *buf;
  size_t len, at;

  PetscFunctionBegin;
  PetscCall(ReadFile(path, &buf, &len));
  PetscCall(ParseHeader(path, buf, len, text, &at));
  PetscCall(PetscFree(buf));
  PetscFunctionReturn(0);
}

/*@C
  SweepJournalOpen - reads the journal at path: refuses one whose identity differs from text
  (text NULL: accepts any), keeps its intact records, and with append cuts off a torn end and opens
  the file for appending. Not collective.
@*/
PetscErrorCode SweepJournalOpen(const char path[], const char text[], PetscBool append, SweepJournal *j)
{
  char  *buf, *theirs;
  size_t len, at;

  PetscFunctionBegin;
  PetscCall(ReadFile(path, &buf, &len));
  PetscCall(ParseHeader(path, buf, len, &theirs, &at));
  if (text) PetscCall(CompareText(path, text, theirs));
  PetscCall(PetscFree(theirs));
  PetscCall(JournalNew(path, j));
  PetscCall(ParseRecords(*j, buf, len, at));
  PetscCall(PetscFree(buf));
  if (append) {
    (*j)->fd = open(path, O_WRONLY | O_APPEND);
    PetscCheck((*j)->fd >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot append to checkpoint journal '%s': %s",
               path, strerror(errno));
    if ((*j)->torn)
      PetscCheck(!ftruncate((*j)->fd, (off_t) (len - (*j)->torn)), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE,
                 "cannot cut the torn end off checkpoint journal '%s': %s", path, strerror(errno));
  }
  PetscFunctionReturn(0);
}

/*@C
  SweepJournalAppend - appends one task's result record (one write) and syncs when the last sync
  is SYNC_SECONDS old. Not collective.
@*/
PetscErrorCode SweepJournalAppend(SweepJournal j, PetscInt phase, PetscInt lo, PetscInt hi, const PetscReal rec[],
                                  PetscInt len)
{
  RecordHead h     = {RECORD_MAGIC, (int32_t) phase, lo, hi, len};
  size_t     body  = sizeof(h) + (size_t) len * sizeof(PetscReal);
  uint64_t   check = 0;
  char      *buf;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(body + sizeof(check), &buf));
  memcpy(buf, &h, sizeof(h));
  memcpy(buf + sizeof(h), rec, (size_t) len * sizeof(PetscReal));
  PetscCall(Check(buf, body, &check));
  memcpy(buf + body, &check, sizeof(check));
  PetscCall(WriteAll(j->fd, j->path, buf, body + sizeof(check)));
  PetscCall(PetscFree(buf));
  PetscCall(SweepJournalSync(j, PETSC_FALSE));
  PetscFunctionReturn(0);
}

/*@C
  SweepJournalSync - fdatasync()s the journal: always with force, else when the last sync is a few
  seconds old. Not collective.
@*/
PetscErrorCode SweepJournalSync(SweepJournal j, PetscBool force)
{
  PetscLogDouble now;

  PetscFunctionBegin;
  if (!j || j->fd < 0) PetscFunctionReturn(0);
  PetscCall(PetscTime(&now));
  if (!force && now - j->synced < SYNC_SECONDS) PetscFunctionReturn(0);
  PetscCheck(!fdatasync(j->fd), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot sync checkpoint journal '%s': %s",
             j->path, strerror(errno));
  j->synced = now;
  PetscFunctionReturn(0);
}

/*@C
  SweepJournalDestroy - syncs and closes the journal (the file stays). Not collective.
@*/
PetscErrorCode SweepJournalDestroy(SweepJournal *j)
{
  PetscFunctionBegin;
  if (!*j) PetscFunctionReturn(0);
  if ((*j)->fd >= 0) {
    PetscErrorCode ierr = SweepJournalSync(*j, PETSC_TRUE);
    close((*j)->fd);
    (*j)->fd = -1;
    PetscCall(ierr);
  }
  PetscCall(PetscFree((*j)->rec));
  PetscCall(PetscFree((*j)->data));
  PetscCall(PetscFree(*j));
  PetscFunctionReturn(0);
}
