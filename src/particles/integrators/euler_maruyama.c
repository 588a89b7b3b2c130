/* Overdamped Langevin by Euler-Maruyama (weak order one):
 *   X_{n+1} = X_n + (dt / gamma) F(X_n) + sqrt(2 T(t_n) dt / gamma) xi_n */
#include "../langevinimpl.h"

/* x += h F + sigma xi for n particles from index off of the local arrays; coef: h, sigma. */
static void EulerMaruyamaBlock(const MckChunk *c, PetscReal *const F[], PetscInt off, PetscInt n, PetscReal *const xi[],
                               const PetscReal coef[])
{
  const PetscReal h = coef[0], sigma = coef[1];

  for (PetscInt a = 0; a < c->dim; a++) {
    PetscReal *restrict x        = c->x[a] + off;
    const PetscReal *restrict G  = F[a] + off;
    const PetscReal *restrict xa = xi[a];
    for (PetscInt i = 0; i < n; i++) x[i] += h * G[i] + sigma * xa[i];
  }
}

/* The noise sub-block by sub-block (MckLangevinMoveByNoiseBlocks). */
static PetscErrorCode Move_EulerMaruyama(MckLangevin l, const MckChunk *c, PetscInt64 step)
{
  PetscReal T;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetTemperature(l, (PetscReal)step * l->dt, &T));
  const PetscReal coef[2] = {l->dt / l->gamma, PetscSqrtReal(2 * T * l->dt / l->gamma)};
  PetscCall(MckLangevinMoveByNoiseBlocks(l, c, step, EulerMaruyamaBlock, coef));
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
