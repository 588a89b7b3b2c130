/* Objectives for consensus-based optimisation, E(x) for rows x of length D = -mfnet_dim,
 * shifted so that the global minimiser is x* = (s, ..., s), s = -mfnet_objective_shift:
 *   quadratic  E = |x - s|^2 / 2                                     (minimum 0 at x*)
 *   rastrigin  E = 10 D + sum_k [(x_k - s)^2 - 10 cos(2 pi (x_k - s))] (minimum 0 at x*, local
 *              minima near every integer lattice point)
 * Per-element scalar libm cos: the same value whatever the loop position. */
#include "learn/mfnetimpl.h"
#include <math.h>

static PetscErrorCode Dim_Plain(MckMFNet net, PetscInt *D)
{
  PetscFunctionBeginUser;
  *D = net->d;
  PetscFunctionReturn(0);
}

static PetscErrorCode Eval_Quadratic(MckMFNet net, PetscInt n, const PetscReal x[], PetscReal E[])
{
  const PetscInt  D = net->D;
  const PetscReal s = net->obj_shift;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < n; i++) {
    PetscReal e = 0;
    for (PetscInt k = 0; k < D; k++) e += (x[i * D + k] - s) * (x[i * D + k] - s);
    E[i] = 0.5 * e;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Eval_Rastrigin(MckMFNet net, PetscInt n, const PetscReal x[], PetscReal E[])
{
  const PetscInt  D = net->D;
  const PetscReal s = net->obj_shift, twopi = 2 * PETSC_PI;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < n; i++) {
    PetscReal e = 10.0 * D;
    for (PetscInt k = 0; k < D; k++) {
      const PetscReal z = x[i * D + k] - s;
      e += z * z - 10.0 * cos(twopi * z);
    }
    E[i] = e;
  }
  PetscFunctionReturn(0);
}

/* An objective of the point alone (no data, no network): D = -mfnet_dim. */
static PetscErrorCode CreatePlain(MckMFNetObjective *obj,
                                  PetscErrorCode (*eval)(MckMFNet, PetscInt, const PetscReal[], PetscReal[]))
{
  PetscFunctionBeginUser;
  obj->dim     = Dim_Plain;
  obj->eval    = eval;
  obj->network = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetObjectiveCreate_Quadratic(MckMFNetObjective *obj)
{
  PetscFunctionBeginUser;
  PetscCall(CreatePlain(obj, Eval_Quadratic));
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetObjectiveCreate_Rastrigin(MckMFNetObjective *obj)
{
  PetscFunctionBeginUser;
  PetscCall(CreatePlain(obj, Eval_Rastrigin));
  PetscFunctionReturn(0);
}
