/* kernel.c: the fit objective's hot loops, value and gradient in one pass over the runs, with no
   stored Jacobian and no allocation. This file alone is compiled with -O3 -ffast-math (see
   src/CMakeLists.txt): that lets GCC vectorise the loops, reassociate the sums, and call glibc's
   vector exp and log (libmvec). Each kernel is built once per instruction set (target_clones) and
   the loader picks the widest the CPU has, so a portable binary still uses AVX-512 or AVX2.

   Fast math assumes finite values. The kernels are only called through SweepObjectiveEval, which
   checks their result outside this file and redoes the evaluation with the strict scalar code of
   the law when anything is not finite (an exp that overflowed far from any optimum). */
#include "kernel.h"
#include <math.h>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__gnu_linux__)
#define SWEEP_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define SWEEP_CLONES
#endif

/* log Lhat = e + log(1 + t1 + t2), t1 = exp(a - alpha log N - e), t2 = exp(b - beta log D - e):
   the log-sum-exp of REFERENCE 1.1 referred to e, two exp and one log per run. */
SWEEP_CLONES
double SweepKernelChinchilla(const double p[5], long n, const double *restrict logN, const double *restrict logD,
                             const double *restrict logL, const double *restrict w, double delta, double g[5])
{
  const double a = p[0] - p[2], b = p[1] - p[2], e = p[2], alpha = p[3], beta = p[4];
  double       f = 0, g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0;

  for (long i = 0; i < n; i++) {
    double t1 = exp(a - alpha * logN[i]), t2 = exp(b - beta * logD[i]), s = 1.0 + t1 + t2;
    double r  = e + log(s) - logL[i];
    double ar = r < 0 ? -r : r;
    double c  = r > delta ? delta : (r < -delta ? -delta : r); /* Huber's derivative */
    f += w[i] * (ar <= delta ? 0.5 * r * r : delta * (ar - 0.5 * delta));
    double psi = w[i] * c / s;
    g0 += psi * t1;
    g1 += psi * t2;
    g2 += psi;
    g3 -= psi * t1 * logN[i];
    g4 -= psi * t2 * logD[i];
  }
  g[0] = g0, g[1] = g1, g[2] = g2, g[3] = g3, g[4] = g4;
  return f;
}

/* log Lhat = e + log(1 + t), t = exp(a - gamma log C - e), log C = log 6 + log N + log D. */
SWEEP_CLONES
double SweepKernelComputeOnly(const double p[3], long n, const double *restrict logN, const double *restrict logD,
                              const double *restrict logL, const double *restrict w, double delta, double g[3])
{
  const double a = p[0] - p[1], e = p[1], gamma = p[2], log6 = 1.791759469228055;
  double       f = 0, g0 = 0, g1 = 0, g2 = 0;

  for (long i = 0; i < n; i++) {
    double logC = log6 + logN[i] + logD[i];
    double t = exp(a - gamma * logC), s = 1.0 + t;
    double r  = e + log(s) - logL[i];
    double ar = r < 0 ? -r : r;
    double c  = r > delta ? delta : (r < -delta ? -delta : r);
    f += w[i] * (ar <= delta ? 0.5 * r * r : delta * (ar - 0.5 * delta));
    double psi = w[i] * c / s;
    g0 += psi * t;
    g1 += psi;
    g2 -= psi * t * logC;
  }
  g[0] = g0, g[1] = g1, g[2] = g2;
  return f;
}
