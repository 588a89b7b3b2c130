/* Overdamped Langevin by Euler-Maruyama (weak order one):
 *   X_{n+1} = X_n + (dt / gamma) F(X_n) + sqrt(2 T(t_n) dt / gamma) xi_n */
#include "../langevinimpl.h"

/* The noise of each sub-block of MCK_LANGEVIN_NOISE_BLOCK particles is generated just before its
 * update, inside the pass over the chunk (see Move_BAOAB). */
static PetscErrorCode Move_EulerMaruyama(MckLangevin l, const MckChunk *c, PetscInt64 step)
{
  PetscReal T;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetTemperature(l, (PetscReal)step * l->dt, &T));
  const PetscReal h = l->dt / l->gamma, sigma = PetscSqrtReal(2 * T * l->dt / l->gamma);
  for (PetscInt i0 = 0; i0 < c->n; i0 += MCK_LANGEVIN_NOISE_BLOCK) {
    const PetscInt    n = PetscMin(MCK_LANGEVIN_NOISE_BLOCK, c->n - i0);
    PetscReal *const *xi;

    PetscCall(MckLangevinChunkNoiseRange(l, c, step, i0, n, &xi));
    for (PetscInt a = 0; a < c->dim; a++) {
      PetscReal *restrict x        = c->x[a] + c->offset + i0;
      const PetscReal *restrict F  = l->F[a] + c->offset + i0;
      const PetscReal *restrict xa = xi[a];
      for (PetscInt i = 0; i < n; i++) x[i] += h * F[i] + sigma * xa[i];
    }
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckIntegratorCreate_EulerMaruyama(MckLangevin l, MckIntegratorOps *ops, void **data)
{
  PetscFunctionBeginUser;
  (void)l;
  *data                 = NULL;
  ops->move             = Move_EulerMaruyama;
  ops->finish           = NULL;
  ops->needs_velocities = PETSC_FALSE;
  PetscFunctionReturn(0);
}
