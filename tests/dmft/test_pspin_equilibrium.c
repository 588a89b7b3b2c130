/* Above the dynamical transition (p = 3, T = 1 > T_d = 0.612) the p-spin equilibrates:
 *  - time-translation invariance: C(t' + tau, t') does not depend on t' once t' >= 10;
 *  - fluctuation-dissipation: R(t, t') = (1/T) dC(t, t')/dt' (central difference in t');
 *  - the energy per spin e = (T - mu)/p tends to the paramagnetic value -f(1)/T = -1/(2T);
 *  - started in equilibrium at T' = T the dynamics is stationary from t = 0, with the constant
 *    multiplier mu = T + f'(1)/T = T + p/(2T).
 * Each is a discretisation error, O(h^2) for Heun + trapezoid: the test runs h = 0.1, 0.05,
 * 0.025 and requires every error to fall by more than 2.5 per halving of h (4 expected, 2 would
 * be first order) and to be below its bound at h = 0.025 (about 3x the measured values: FDT
 * 1.0e-4, energy 6.4e-4, stationary start 1.9e-4 in C and 1.9e-3 in mu). The TTI residual at
 * t' >= 10 (1.9e-4, the same for every h) is the physical transient of the random start, not a
 * discretisation error: it is bounded by 5e-4 only. */
#include "pspintest.h"

typedef struct {
  PetscReal fdt, tti, energy, stationary, mu;
} Errors;

static PetscErrorCode Measure(PetscReal h, Errors *e)
{
  const PetscReal T = 1.0, tmax = 20, twait = 10, taumax = 5;
  char            opts[256];
  PSpinRun        run, eq;

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(opts, sizeof opts, "-pspin_p 3 -pspin_temperature %g -pspin_tmax %g -pspin_dt %g", (double)T,
                          (double)tmax, (double)h));
  PetscCall(PSpinSolveWith(opts, &run));
  PetscCall(PetscSNPrintf(
      opts, sizeof opts,
      "-pspin_p 3 -pspin_temperature %g -pspin_tmax %g -pspin_dt %g -pspin_init equilibrium -pspin_init_temperature %g",
      (double)T, (double)tmax / 2, (double)h, (double)T));
  PetscCall(PSpinSolveWith(opts, &eq));
  PetscCall(PetscMemzero(e, sizeof(*e)));
  {
    const PetscInt w = (PetscInt)PetscFloorReal(twait / h + 0.5), K = (PetscInt)PetscFloorReal(taumax / h + 0.5);
    for (PetscInt j = w; j + 1 < run.M; j++)
      for (PetscInt k = 2; k <= K && j + k < run.M; k++) { /* k >= 2: the difference stays off the cusp at t = t' */
        PetscReal dC = (PSPIN_C(&run, j + k, j + 1) - PSPIN_C(&run, j + k, j - 1)) / (2 * h);
        e->fdt       = PetscMax(e->fdt, PetscAbsReal(PSPIN_R(&run, j + k, j) - dC / T));
        e->tti       = PetscMax(e->tti, PetscAbsReal(PSPIN_C(&run, j + k, j) - PSPIN_C(&run, w + k, w)));
      }
    e->energy = PetscAbsReal((T - run.mu[run.M - 1]) / 3 + 0.5 / T);
    for (PetscInt j = 0; j < eq.M; j++) {
      e->mu = PetscMax(e->mu, PetscAbsReal(eq.mu[j] - (T + 1.5 / T)));
      for (PetscInt k = 0; j + k < eq.M; k++)
        e->stationary = PetscMax(e->stationary, PetscAbsReal(PSPIN_C(&eq, j + k, j) - PSPIN_C(&eq, k, 0)));
    }
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "h = %-6g FDT %.3e  TTI %.3e  energy %.3e  stationary start: C %.3e mu %.3e\n", (double)h,
                        (double)e->fdt, (double)e->tti, (double)e->energy, (double)e->stationary, (double)e->mu));
  PetscCall(PSpinRunFree(&run));
  PetscCall(PSpinRunFree(&eq));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckRate(const char what[], PetscReal coarse, PetscReal fine, PetscReal bound)
{
  PetscFunctionBeginUser;
  PetscCheck(fine < bound, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%s error %.3e at the finest h, bound %.1e", what,
             (double)fine, (double)bound);
  PetscCheck(coarse > 2.5 * fine, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "%s error fell only by %.2f when h was halved (%.3e -> %.3e)", what, (double)(coarse / fine),
             (double)coarse, (double)fine);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  Errors e[3];

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(Measure(0.1, &e[0]));
  PetscCall(Measure(0.05, &e[1]));
  PetscCall(Measure(0.025, &e[2]));
  for (int k = 0; k < 2; k++) {
    const PetscReal bound = PETSC_MAX_REAL; /* the bounds apply to the finest grid only */
    PetscCall(CheckRate("FDT", e[k].fdt, e[k + 1].fdt, k ? 3e-4 : bound));
    PetscCall(CheckRate("energy", e[k].energy, e[k + 1].energy, k ? 2e-3 : bound));
    PetscCall(CheckRate("stationary start", e[k].stationary, e[k + 1].stationary, k ? 5e-4 : bound));
    PetscCall(CheckRate("stationary multiplier", e[k].mu, e[k + 1].mu, k ? 6e-3 : bound));
  }
  PetscCheck(e[2].tti < 5e-4, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "TTI error %.3e at t' >= 10", (double)e[2].tti);
  PetscCall(McKeanFinalize());
  return 0;
}
