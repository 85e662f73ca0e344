/* nccmp.c: sweep-nccmp A.nc B.nc [ATTR ...] exits 0 when two NetCDF files hold the same
   dimensions, the same variables with bit-identical data and the same attributes, except for the
   global attributes named on the command line (e.g. history). Reads both with the NetCDF library;
   prints each difference. */
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int Fail(const char *what, const char *name)
{
  printf("differs: %s %s\n", what, name);
  return 1;
}

/* Compares one attribute of variable varid (NC_GLOBAL for the file) byte for byte. */
static int CompareAtt(int a, int b, int varid, const char *att)
{
  nc_type ta, tb;
  size_t  la, lb, size;
  int     diff = 0;
  if (nc_inq_att(a, varid, att, &ta, &la) || nc_inq_att(b, varid, att, &tb, &lb) || ta != tb || la != lb)
    return Fail("attribute", att);
  if (ta == NC_STRING) return 0; /* scalesweep writes text attributes as NC_CHAR */
  nc_inq_type(a, ta, NULL, &size);
  char *xa = malloc(la * size + 1), *xb = malloc(lb * size + 1);
  if (nc_get_att(a, varid, att, xa) || nc_get_att(b, varid, att, xb) || memcmp(xa, xb, la * size))
    diff = Fail("attribute", att);
  free(xa), free(xb);
  return diff;
}

static int CompareStrings(int a, int b, int va, int vb, size_t n, const char *name)
{
  char **sa = calloc(n, sizeof(char *)), **sb = calloc(n, sizeof(char *));
  int    diff = nc_get_var_string(a, va, sa) || nc_get_var_string(b, vb, sb);
  for (size_t i = 0; !diff && i < n; i++) diff = strcmp(sa[i] ? sa[i] : "", sb[i] ? sb[i] : "") != 0;
  nc_free_string(n, sa), nc_free_string(n, sb);
  free(sa), free(sb);
  return diff ? Fail("variable", name) : 0;
}

static int CompareVar(int a, int b, int va)
{
  char    name[NC_MAX_NAME + 1];
  int     vb, nda, ndb, da[NC_MAX_VAR_DIMS], db[NC_MAX_VAR_DIMS], natts, diff = 0;
  nc_type ta, tb;
  size_t  n = 1, size, len;
  nc_inq_var(a, va, name, &ta, &nda, da, &natts);
  if (nc_inq_varid(b, name, &vb)) return Fail("missing variable", name);
  nc_inq_var(b, vb, NULL, &tb, &ndb, db, NULL);
  if (ta != tb || nda != ndb) return Fail("type or rank of", name);
  for (int d = 0; d < nda; d++) {
    size_t lb;
    nc_inq_dimlen(a, da[d], &len);
    nc_inq_dimlen(b, db[d], &lb);
    if (len != lb) return Fail("shape of", name);
    n *= len;
  }
  for (int i = 0; i < natts; i++) {
    char att[NC_MAX_NAME + 1];
    nc_inq_attname(a, va, i, att);
    diff |= CompareAtt(a, b, va, att);
  }
  if (ta == NC_STRING) return diff | CompareStrings(a, b, va, vb, n, name);
  nc_inq_type(a, ta, NULL, &size);
  char *xa = malloc(n * size + 1), *xb = malloc(n * size + 1);
  if (nc_get_var(a, va, xa) || nc_get_var(b, vb, xb) || memcmp(xa, xb, n * size)) diff |= Fail("data of", name);
  free(xa), free(xb);
  return diff;
}

int main(int argc, char **argv)
{
  int a, b, nva, nvb, nga, ngb, diff = 0;
  if (argc < 3) {
    fprintf(stderr, "usage: sweep-nccmp A.nc B.nc [IGNORED_GLOBAL_ATTRIBUTE ...]\n");
    return 2;
  }
  if (nc_open(argv[1], NC_NOWRITE, &a) || nc_open(argv[2], NC_NOWRITE, &b)) {
    fprintf(stderr, "sweep-nccmp: cannot open %s or %s\n", argv[1], argv[2]);
    return 2;
  }
  nc_inq(a, NULL, &nva, &nga, NULL);
  nc_inq(b, NULL, &nvb, &ngb, NULL);
  if (nva != nvb) diff = Fail("number of variables", "");
  for (int v = 0; v < nva; v++) diff |= CompareVar(a, b, v);
  if (nga != ngb) diff |= Fail("number of global attributes", "");
  for (int i = 0; i < nga; i++) {
    char att[NC_MAX_NAME + 1];
    int  ignored = 0;
    nc_inq_attname(a, NC_GLOBAL, i, att);
    for (int k = 3; k < argc; k++) ignored |= !strcmp(att, argv[k]);
    if (!ignored) diff |= CompareAtt(a, b, NC_GLOBAL, att);
  }
  nc_close(a), nc_close(b);
  printf("%s: %s and %s (%d variables)\n", diff ? "DIFFERENT" : "identical", argv[1], argv[2], nva);
  return diff;
}
