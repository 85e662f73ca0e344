/* provenance.c: provenance strings; SHA-256 through OpenSSL's EVP interface. */
#include "provenance.h"
#include "sweep_git.h" /* generated at build time: SWEEP_GIT_REVISION */
#include <errno.h>
#include <openssl/evp.h>
#include <string.h>
#include <time.h>

const char SweepVersion[]     = SWEEP_VERSION;
const char SweepGitRevision[] = SWEEP_GIT_REVISION;

/*@C
  SweepSHA256File - the SHA-256 of a file's bytes as 64 lowercase hex digits. Not collective.
@*/
PetscErrorCode SweepSHA256File(const char path[], char hex[65])
{
  unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
  unsigned int  mdlen = 0;
  size_t        got;
  FILE         *fp;
  EVP_MD_CTX   *ctx;
  int           ok;

  PetscFunctionBegin;
  fp = fopen(path, "rb");
  PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot open input '%s': %s", path, strerror(errno));
  ctx = EVP_MD_CTX_new();
  ok  = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
  while (ok && (got = fread(buf, 1, sizeof(buf), fp)) > 0) ok = EVP_DigestUpdate(ctx, buf, got);
  ok = ok && !ferror(fp) && EVP_DigestFinal_ex(ctx, md, &mdlen);
  EVP_MD_CTX_free(ctx);
  fclose(fp);
  PetscCheck(ok && mdlen == 32, PETSC_COMM_SELF, PETSC_ERR_LIB, "cannot compute the SHA-256 of '%s'", path);
  for (unsigned i = 0; i < mdlen; i++) snprintf(hex + 2 * i, 3, "%02x", md[i]);
  PetscFunctionReturn(0);
}

/*@C
  SweepSHA256 - the SHA-256 of len bytes. Not collective.
@*/
PetscErrorCode SweepSHA256(const void *buf, size_t len, unsigned char md[32])
{
  unsigned int mdlen = 0;

  PetscFunctionBegin;
  PetscCheck(EVP_Digest(buf, len, md, &mdlen, EVP_sha256(), NULL) && mdlen == 32, PETSC_COMM_SELF, PETSC_ERR_LIB,
             "cannot compute a SHA-256");
  PetscFunctionReturn(0);
}

/*@C
  SweepProvenanceCreate - fills the provenance of a run; options is the options database as the run
  started (PetscOptionsGetAll() before anything is read); input NULL for a study without one. Not collective (call it on
the writing rank).
@*/
PetscErrorCode SweepProvenanceCreate(int argc, char **argv, PetscMPIInt nranks, const char input[],
                                     const char options[], SweepProvenance *prov)
{
  char      stamp[64];
  time_t    now = time(NULL);
  struct tm utc;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(prov, sizeof(*prov)));
  PetscCall(
      PetscSNPrintf(prov->source, sizeof(prov->source), "scalesweep %s (git %s)", SweepVersion, SweepGitRevision));
  gmtime_r(&now, &utc);
  strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &utc);
  PetscCall(PetscSNPrintf(prov->history, sizeof(prov->history), "%s:", stamp));
  for (int i = 0; i < argc; i++) {
    PetscCall(PetscStrlcat(prov->history, " ", sizeof(prov->history)));
    PetscCall(PetscStrlcat(prov->history, argv[i], sizeof(prov->history)));
  }
  PetscCall(PetscSNPrintf(stamp, sizeof(stamp), " (%d MPI rank%s)", (int) nranks, nranks == 1 ? "" : "s"));
  PetscCall(PetscStrlcat(prov->history, stamp, sizeof(prov->history)));
  if (input)
    PetscCall(SweepSHA256File(input, prov->input_sha256));
  else
    PetscCall(PetscStrncpy(prov->input_sha256, "none", sizeof(prov->input_sha256))); /* a computed study */
  PetscCall(PetscStrallocpy(options, &prov->options));
  PetscFunctionReturn(0);
}

PetscErrorCode SweepProvenanceDestroy(SweepProvenance *prov)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(prov->options));
  PetscFunctionReturn(0);
}
