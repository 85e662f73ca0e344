/* kernel.h: vectorised value-and-gradient kernels of the summed Huber objective, one per law.
   Plain C types (no PETSc) so that kernel.c compiles on its own with fast math; see kernel.c for
   what the caller must check. Each returns sum_i w_i Huber_delta(log Lhat_i - log L_i) and fills
   g with its gradient in the law's fit parameters. */
#pragma once

double SweepKernelChinchilla(const double p[5], long n, const double *restrict logN, const double *restrict logD,
                             const double *restrict logL, const double *restrict w, double delta, double g[5]);
double SweepKernelComputeOnly(const double p[3], long n, const double *restrict logN, const double *restrict logD,
                              const double *restrict logL, const double *restrict w, double delta, double g[3]);
