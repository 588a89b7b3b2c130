/* Spherical p-spin theory used to judge the solver (docs/pspin.md): the dynamical transition
 * and the plateau of the equilibrium (mode-coupling) equation.
 *
 * With FDT and time-translation invariance the Cugliandolo-Kurchan equations reduce to
 *   dC/dtau = -T C - (1/T) int_0^tau ds f'(C(tau - s)) dC/ds,   f'(q) = (p/2) q^(p-1),
 * a mode-coupling equation whose long-time limit q obeys T^2 q = (1 - q) f'(q), i.e.
 *   (p/2) q^(p-2) (1 - q) = T^2.
 * The left side is largest at q_d = (p-2)/(p-1), so a non-zero plateau exists for
 * T <= T_d = sqrt(p (p-2)^(p-2) / (2 (p-1)^(p-1)))  (p = 3: T_d = sqrt(3/8), q_d = 1/2). */
#include "dmft/pspinimpl.h"

PetscErrorCode MckPSpinDynamicalTemperature(PetscInt p, PetscReal *Td)
{
  PetscFunctionBeginUser;
  PetscCheck(p >= 3, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "p = %" PetscInt_FMT ": the dynamical transition needs p >= 3", p);
  *Td = PetscSqrtReal(p * PetscPowReal(p - 2.0, p - 2.0) / (2.0 * PetscPowReal(p - 1.0, p - 1.0)));
  PetscFunctionReturn(0);
}

/* The largest root of (p/2) q^(p-2) (1 - q) = T^2 (the stable plateau), 0 above T_d. The left
 * side decreases on [q_d, 1], so bisection converges to the last bit. */
PetscErrorCode MckPSpinPlateau(PetscInt p, PetscReal T, PetscReal *q)
{
  PetscReal Td, lo = (p - 2.0) / (p - 1.0), hi = 1.0;

  PetscFunctionBeginUser;
  PetscCall(MckPSpinDynamicalTemperature(p, &Td));
  *q = 0;
  if (T > Td) PetscFunctionReturn(0);
  for (PetscInt it = 0; it < 200 && hi - lo > 0; it++) {
    PetscReal mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (0.5 * p * PetscPowReal(mid, p - 2.0) * (1 - mid) >= T * T) lo = mid;
    else hi = mid;
  }
  *q = lo;
  PetscFunctionReturn(0);
}
