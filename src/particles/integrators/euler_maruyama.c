/* Overdamped Langevin by Euler-Maruyama (weak order one):
 *   X_{n+1} = X_n + (dt / gamma) F(X_n) + sqrt(2 T(t_n) dt / gamma) xi_n */
#include "../langevinimpl.h"

static PetscErrorCode Move_EulerMaruyama(MckLangevin l, const MckChunk *c, PetscInt64 step)
{
  PetscReal T;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetTemperature(l, (PetscReal)step * l->dt, &T));
  PetscCall(MckLangevinChunkNoise(l, c, step, NULL));
  const PetscReal h = l->dt / l->gamma, sigma = PetscSqrtReal(2 * T * l->dt / l->gamma);
  for (PetscInt a = 0; a < c->dim; a++) {
    PetscReal *restrict x        = c->x[a] + c->offset;
    const PetscReal *restrict F  = l->F[a] + c->offset;
    const PetscReal *restrict xi = l->noise[a];
    for (PetscInt i = 0; i < c->n; i++) x[i] += h * F[i] + sigma * xi[i];
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
