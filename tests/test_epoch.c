/* test_epoch.c: Epoch AI's replication of Chinchilla's Approach 3 (Besiroglu et al. 2024), run
   through the whole program (SweepMain, as scalesweep runs it) and checked in the NetCDF file it
   writes, read back with the NetCDF library. Skips (77) when ../shared/data is absent. */
#include "driver.h"
#include "testing.h"
#include <netcdf.h>
#include <unistd.h>

/* One value of a variable; config 0 is implied (the study has one config). */
static double Get(int ncid, const char *name, size_t i0, size_t i1, size_t i2)
{
  int    v, nd;
  size_t idx[4] = {0, i0, i1, i2};
  double x      = NAN;
  if (nc_inq_varid(ncid, name, &v) || nc_inq_varndims(ncid, v, &nd) ||
      nc_get_var1_double(ncid, v, nd == 1 ? idx + 1 : idx, &x))
    printf("#   cannot read %s\n", name);
  return x;
}

int main(int argc, char **argv)
{
  char        data[4096], opts[8192], out[4096];
  const char *dir = getenv("SWEEP_SHARED_DATA");
  int         ncid;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  snprintf(data, sizeof(data), "%s/chinchilla_epoch_svg.csv", dir ? dir : "../shared/data");
  if (access(data, R_OK)) {
    printf("skipped: %s is absent\n", data);
    PetscCall(PetscFinalize());
    return 77;
  }
  snprintf(out, sizeof(out), "%s", argc > 1 ? argv[1] : "epoch.nc");
  /* Budgets 1e21, 1e22, 1e23, 1e24 exactly: the grid's ends are exact. */
  snprintf(opts, sizeof(opts),
           "-sweep_input %s -sweep_col_n Model_Size -sweep_col_c Training_FLOP -sweep_drop_highest 5 "
           "-sweep_huber_delta 1e-3 -sweep_starts hoffmann -sweep_laws chinchilla,compute_only "
           "-sweep_budget 1e21:1e24:4 -sweep_model_size 1e8:1e12:5 -sweep_data_size 1e9:1e13:5 -sweep_overwrite "
           "-sweep_output %s",
           data, out);
  PetscCall(PetscOptionsInsertString(NULL, opts));
  PetscCall(SweepMain(PETSC_COMM_WORLD, argc, argv));

  SweepCheck("the output file opens with the NetCDF library", nc_open(out, NC_NOWRITE, &ncid) == NC_NOERR);
  /* params(config, law, replicate, param): chinchilla is law 0, params (A, B, E, alpha, beta) */
  SweepCheckRel("objective 0.0010182740 (Epoch AI)", Get(ncid, "objective", 0, 0, 0), 0.0010182740, 1e-6);
  SweepCheckAbs("alpha 0.34731", Get(ncid, "params", 0, 0, 3), 0.34731, 2e-4);
  SweepCheckAbs("beta 0.36718", Get(ncid, "params", 0, 0, 4), 0.36718, 2e-4);
  SweepCheckAbs("E 1.8172", Get(ncid, "params", 0, 0, 2), 1.8172, 5e-4);
  SweepCheckRel("A 477.8", Get(ncid, "params", 0, 0, 0), 477.8, 0.01);
  SweepCheckRel("B 2143", Get(ncid, "params", 0, 0, 1), 2143, 0.02);
  SweepCheckAbs("tokens per parameter at 1e21 FLOP: 21.4", Get(ncid, "tokens_per_param", 0, 0, 0), 21.4, 0.2);
  SweepCheckAbs("tokens per parameter at 1e24 FLOP: 17.6", Get(ncid, "tokens_per_param", 0, 3, 0), 17.6, 0.2);
  SweepCheckRel("budget grid holds 1e24 exactly", Get(ncid, "budget", 3, 0, 0), 1e24, 0);
  SweepCheck("the best start converged (status > 0)", Get(ncid, "status", 0, 0, 0) > 0);
  {
    int    v;
    size_t n;
    int    used[245], count = 0; /* run_used(config, run) with one config */
    nc_inq_dimid(ncid, "run", &v);
    nc_inq_dimlen(ncid, v, &n);
    nc_inq_varid(ncid, "run_used", &v);
    if (n == 245 && !nc_get_var_int(ncid, v, used))
      for (int i = 0; i < 245; i++) count += used[i];
    SweepCheck("run dimension 245, run_used sums to 240", n == 245 && count == 240);
  }
  SweepCheck("compute_only has no optimum: n_opt is _FillValue", Get(ncid, "n_opt", 1, 0, 0) > 9e36);
  nc_close(ncid);
  int status = SweepTestsDone();
  PetscCall(PetscFinalize());
  return status;
}
