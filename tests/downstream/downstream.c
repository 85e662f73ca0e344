/* downstream.c: uses the installed libscalesweep: creates the chinchilla law and prints the
   compute-optimal N at 5.76e23 FLOP for Epoch AI's fitted parameters (about 7.3e10). */
#include <law.h>
#include <stdio.h>

int main(int argc, char **argv)
{
  SweepLaw  law;
  PetscReal q[5] = {477.826, 2143.42, 1.81722, 0.34731, 0.367172}, N, D;
  PetscBool ok;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(SweepLawCreate("chinchilla", &law));
  PetscCall(law->optimum(q, 5.76e23, &N, &D, &ok));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "downstream: %s N_opt(5.76e23 FLOP) = %.4e\n", law->name, (double) N));
  PetscCall(SweepLawDestroy(&law));
  PetscCall(PetscFinalize());
  return ok ? 0 : 1;
}
