/* Overdamped Langevin by Euler-Maruyama (weak order one):
 *   X_{n+1} = X_n + (dt / gamma) F(X_n) + sqrt(2 T(t_n) dt / gamma) xi_n */
#include "../langevinimpl.h"

static PetscErrorCode Move_EulerMaruyama(MckLangevin l, const MckChunk *c, PetscInt64 step)
{
  PetscReal T;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetTemperature(l, (PetscReal)step * l->dt, &T));
  const PetscReal h = l->dt / l->gamma, sigma = PetscSqrtReal(2 * T * l->dt / l->gamma);
  /* noise and update by sub-blocks, so that the noise overlaps the streams (see baoab.c) */
  for (PetscInt s = 0; s < c->n; s += MCK_NOISE_SUBBLOCK) {
    const PetscInt ns = PetscMin(MCK_NOISE_SUBBLOCK, c->n - s);
    PetscCall(MckLangevinChunkNoise(l, c, step, s, ns));
    for (PetscInt a = 0; a < c->dim; a++) {
      PetscReal *restrict       x  = c->x[a] + c->offset + s;
      const PetscReal *restrict F  = l->F[a] + c->offset + s;
      const PetscReal *restrict xi = l->noise[a] + s;
      for (PetscInt i = 0; i < ns; i++) x[i] += h * F[i] + sigma * xi[i];
    }
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckIntegratorCreate_EulerMaruyama(MckLangevin l, MckIntegratorOps *ops)
{
  PetscFunctionBeginUser;
  (void)l;
  ops->move             = Move_EulerMaruyama;
  ops->finish           = NULL;
  ops->needs_velocities = PETSC_FALSE;
  PetscFunctionReturn(0);
}
