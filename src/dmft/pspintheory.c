/* Spherical p-spin theory used to judge the solver (docs/pspin.md): the dynamical transition
 * and the plateau of the equilibrium (mode-coupling) equation.
 *
 * With FDT and time-translation invariance the Cugliandolo-Kurchan equations reduce to
 *   dC/dtau = -T C - (1/T) int_0^tau ds f'(C(tau - s)) dC/ds,   f'(q) = (p/2) q^(p-1),
 * a mode-coupling equation whose long-time limit q obeys T^2 q = (1 - q) f'(q), i.e.
 *   (p/2) q^(p-2) (1 - q) = T^2.
 * The left side is largest at q_d = (p-2)/(p-1), so a non-zero plateau exists for
 * T <= T_d = sqrt(p (p-2)^(p-2) / (2 (p-1)^(p-1)))  (p = 3: T_d = sqrt(3/8), q_d = 1/2).
 * From a random start below T_d the system ages instead; the plateau of C(t_w + tau, t_w) at
 * t_w >> tau >> 1 is then fixed by the marginality condition (Cugliandolo-Kurchan)
 *   f''(q) (1 - q)^2 = T^2,  i.e.  (p(p-1)/2) q^(p-2) (1 - q)^2 = T^2,
 * whose largest root meets q_d at T_d (p = 3: 3 q (1-q)^2 = 3/8 at q = 1/2). */
#include "dmft/pspinimpl.h"

/*@C
  MckPSpinDynamicalTemperature - The dynamical transition of the spherical p-spin glass,
  T_d = sqrt(p (p-2)^(p-2) / (2 (p-1)^(p-1))), where a non-zero plateau of the equilibrium
  (mode-coupling) equation first appears (p = 3: sqrt(3/8)).

  Not Collective

  Input Parameter:
. p - the interaction order, p >= 3

  Output Parameter:
. Td - the transition temperature

  Level: intermediate

.seealso: `MckPSpinPlateau()`, `MckPSpinAgingPlateau()`, `MCKDMFT_PSPIN`
@*/
PetscErrorCode MckPSpinDynamicalTemperature(PetscInt p, PetscReal *Td)
{
  PetscFunctionBeginUser;
  PetscCheck(p >= 3, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "p = %" PetscInt_FMT ": the dynamical transition needs p >= 3", p);
  *Td = PetscSqrtReal(p * PetscPowReal(p - 2.0, p - 2.0) / (2.0 * PetscPowReal(p - 1.0, p - 1.0)));
  PetscFunctionReturn(0);
}

/* The largest root in [lo, 1] of g(q) = T^2, for g decreasing there with g(lo) >= T^2 > g(1) = 0:
 * bisection to the last bit. */
static PetscReal LargestRoot(PetscReal (*g)(PetscInt, PetscReal), PetscInt p, PetscReal T, PetscReal lo)
{
  PetscReal hi = 1.0;
  for (PetscInt it = 0; it < 200; it++) {
    PetscReal mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (g(p, mid) >= T * T) lo = mid;
    else hi = mid;
  }
  return lo;
}

static PetscReal Ergodicity(PetscInt p, PetscReal q) { return 0.5 * p * PetscPowReal(q, p - 2.0) * (1 - q); }
static PetscReal Marginality(PetscInt p, PetscReal q)
{
  return 0.5 * p * (p - 1) * PetscPowReal(q, p - 2.0) * (1 - q) * (1 - q);
}

/* A plateau: 0 above T_d, below it the largest root in [lo, 1] of g(q) = T^2. */
static PetscErrorCode PlateauBelowTd(PetscReal (*g)(PetscInt, PetscReal), PetscInt p, PetscReal T, PetscReal lo,
                                     PetscReal *q)
{
  PetscReal Td;

  PetscFunctionBeginUser;
  PetscCall(MckPSpinDynamicalTemperature(p, &Td));
  *q = T > Td ? 0 : LargestRoot(g, p, T, lo);
  PetscFunctionReturn(0);
}

/*@C
  MckPSpinPlateau - The plateau q(T) of equilibrium dynamics below T_d: the largest root of
  (p/2) q^(p-2) (1 - q) = T^2 (the left side decreases on [q_d, 1]); 0 above T_d.

  Not Collective

  Input Parameters:
+ p - the interaction order, p >= 3
- T - the temperature

  Output Parameter:
. q - the plateau of equilibrium dynamics (0 above T_d)

  Level: intermediate

.seealso: `MckPSpinDynamicalTemperature()`, `MckPSpinAgingPlateau()`
@*/
PetscErrorCode MckPSpinPlateau(PetscInt p, PetscReal T, PetscReal *q)
{
  PetscFunctionBeginUser;
  PetscCall(PlateauBelowTd(Ergodicity, p, T, (p - 2.0) / (p - 1.0), q));
  PetscFunctionReturn(0);
}

/*@C
  MckPSpinAgingPlateau - The aging plateau q_EA(T) of a random start below T_d, fixed by the
  marginality condition: the largest root of (p(p-1)/2) q^(p-2) (1 - q)^2 = T^2 (the left side
  decreases on [(p-2)/p, 1]); 0 above T_d.

  Not Collective

  Input Parameters:
+ p - the interaction order, p >= 3
- T - the temperature

  Output Parameter:
. q - the aging plateau q_EA (0 above T_d)

  Level: intermediate

.seealso: `MckPSpinDynamicalTemperature()`, `MckPSpinPlateau()`
@*/
PetscErrorCode MckPSpinAgingPlateau(PetscInt p, PetscReal T, PetscReal *q)
{
  PetscFunctionBeginUser;
  PetscCall(PlateauBelowTd(Marginality, p, T, (p - 2.0) / p, q));
  PetscFunctionReturn(0);
}
