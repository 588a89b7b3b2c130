/* The dynamical transition of the p = 3 spherical p-spin found by the solver.
 *
 * Started in equilibrium at the bath temperature (-pspin_init equilibrium with T' = T), the
 * dynamics is stationary and C(tau, 0) solves the mode-coupling equation: above T_d it decays
 * to 0, at and below T_d it stays above the critical plateau q_d = (p-2)/(p-1) = 1/2 for ever
 * (it tends to the largest root q(T) >= q_d of (p/2) q^(p-2) (1-q) = T^2). The solver
 * classifies T as ergodic when C(t, 0) drops below q_d before tmax, and bisection on T gives
 * T_d(tmax). Just above T_d the time to cross q_d diverges (as (T - T_d)^(-1/2a), a ~ 0.4 for
 * p = 3), so T_d(tmax) approaches T_d from above as tmax grows; the test asserts
 *   (1) T_d <= T_d(tmax) + 2 h^2 (the h^2 slack: the grid shifts the transition by O(h^2),
 *       measured below 0.002 for h = 0.1),
 *   (2) T_d(tmax) - T_d < 0.02 for tmax = 80 (measured at this h = 0.1: 0.007; 0.014 at tmax =
 *       40; at the default h = 0.05: 0.0092 and 0.0167),
 *   (3) the bias shrinks when tmax doubles (40 -> 80),
 *   (4) below T_d (T = 0.58) the long-time value of C(t, 0) is the theoretical plateau q(T)
 *       within 0.01 (approach ~ t^-a plus O(h^2)). */
#include "pspintest.h"

/* C(t_n, 0) of a run started in equilibrium at T, and whether C(t, 0) crossed q_d. */
static PetscErrorCode Classify(PetscReal T, PetscReal tmax, PetscReal h, PetscReal qd, PetscBool *ergodic,
                               PetscReal *Cend)
{
  char     opts[256];
  PSpinRun run;

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(
      opts, sizeof opts,
      "-pspin_p 3 -pspin_temperature %.17g -pspin_init equilibrium -pspin_init_temperature %.17g -pspin_tmax %g -pspin_dt %g",
      (double)T, (double)T, (double)tmax, (double)h));
  PetscCall(PSpinSolveWith(opts, &run));
  *ergodic = PETSC_FALSE;
  for (PetscInt i = 0; i < run.M; i++)
    if (PSPIN_C(&run, i, 0) < qd) *ergodic = PETSC_TRUE;
  *Cend = PSPIN_C(&run, run.M - 1, 0);
  PetscCall(PSpinRunFree(&run));
  PetscFunctionReturn(0);
}

/* Bisection on T in [lo, hi] (lo must be arrested, hi ergodic; hi is checked only if asked)
 * down to a bracket of 2e-3, well below the finite-time bias it measures. */
static PetscErrorCode Bisect(PetscReal tmax, PetscReal h, PetscReal qd, PetscReal lo, PetscReal hi, PetscBool checkhi,
                             PetscReal *Tdnum, PetscReal *hiout)
{
  PetscReal Cend;
  PetscBool erg;

  PetscFunctionBeginUser;
  PetscCall(Classify(lo, tmax, h, qd, &erg, &Cend));
  PetscCheck(!erg, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "T = %g should be arrested", (double)lo);
  if (checkhi) {
    PetscCall(Classify(hi, tmax, h, qd, &erg, &Cend));
    PetscCheck(erg, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "T = %g should be ergodic", (double)hi);
  }
  while (hi - lo > 2e-3) {
    PetscReal mid = 0.5 * (lo + hi);
    PetscCall(Classify(mid, tmax, h, qd, &erg, &Cend));
    if (erg) hi = mid;
    else lo = mid;
  }
  *Tdnum = 0.5 * (lo + hi);
  *hiout = hi;
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const PetscReal h = 0.1, qd = 0.5;
  PetscReal       Td, T40, T80, q, Cend, hi40, hi80;
  PetscBool       erg;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(MckPSpinDynamicalTemperature(3, &Td));
  PetscCheck(PetscAbsReal(Td - PetscSqrtReal(3.0 / 8.0)) < 1e-15, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "T_d(p=3) = %.17g, expected sqrt(3/8)", (double)Td);
  { /* both plateau conditions meet q_d = 1/2 at T_d (p = 3); the aging one at T = 0.5 solves 3 q (1-q)^2 = 1/4 */
    PetscReal qe, qa, qa5;
    PetscCall(MckPSpinPlateau(3, Td, &qe));
    PetscCall(MckPSpinAgingPlateau(3, Td, &qa));
    PetscCall(MckPSpinAgingPlateau(3, 0.5, &qa5));
    PetscCheck(PetscAbsReal(qe - 0.5) < 1e-7 && PetscAbsReal(qa - 0.5) < 1e-7, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
               "plateaus at T_d: %.10f, %.10f, expected 1/2", (double)qe, (double)qa);
    PetscCheck(PetscAbsReal(3 * qa5 * (1 - qa5) * (1 - qa5) - 0.25) < 1e-14 && qa5 > 1.0 / 3, PETSC_COMM_WORLD,
               PETSC_ERR_PLIB, "aging plateau at T = 0.5: %.10f", (double)qa5);
  }
  PetscCall(Bisect(40, h, qd, 0.55, 0.7, PETSC_TRUE, &T40, &hi40));
  /* a temperature that crosses q_d before t = 40 crosses it before t = 80: hi40 stays ergodic */
  PetscCall(Bisect(80, h, qd, 0.55, hi40, PETSC_FALSE, &T80, &hi80));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "T_d theory %.5f; solver: tmax 40 -> %.5f (bias %.4f), tmax 80 -> %.5f (bias %.4f)\n",
                        (double)Td, (double)T40, (double)(T40 - Td), (double)T80, (double)(T80 - Td)));
  PetscCheck(T80 >= Td - 2 * h * h, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "solver T_d %.5f below theory %.5f", (double)T80,
             (double)Td);
  PetscCheck(T80 - Td < 0.02, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "solver T_d %.5f too far above theory %.5f",
             (double)T80, (double)Td);
  PetscCheck(T80 < T40, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "the finite-time bias did not shrink: %.5f (tmax 40) vs %.5f (tmax 80)", (double)T40, (double)T80);
  PetscCall(MckPSpinPlateau(3, 0.58, &q));
  PetscCall(Classify(0.58, 80, h, qd, &erg, &Cend));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "T = 0.58: C(80, 0) = %.5f, plateau theory %.5f\n", (double)Cend, (double)q));
  PetscCheck(!erg && PetscAbsReal(Cend - q) < 0.01, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "plateau %.5f, theory %.5f",
             (double)Cend, (double)q);
  PetscCall(McKeanFinalize());
  return 0;
}
