/* Underdamped Langevin by the BAOAB splitting (Leimkuhler & Matthews 2013):
 *   B: v += dt/(2m) F      A: x += dt/2 v      O: v = c v + sqrt((1 - c^2) T / m) xi, c = exp(-gamma dt)
 *   A: x += dt/2 v         (forces at the new positions: one collective)     B: v += dt/(2m) F
 * The O step uses the temperature at the middle of the step, T(t_n + dt/2). */
#include "../langevinimpl.h"

/* B, A, O, A for n particles from index off of the local arrays, with their noise xi[a][0..n);
 * coef: the kick, drift, damping and noise factors of the step. */
static void BAOABBlock(const MckChunk *c, PetscReal *const F[], PetscInt off, PetscInt n, PetscReal *const xi[],
                       const PetscReal coef[])
{
  const PetscReal kick = coef[0], drift = coef[1], damp = coef[2], sigma = coef[3];

  for (PetscInt a = 0; a < c->dim; a++) {
    PetscReal *restrict x        = c->x[a] + off;
    PetscReal *restrict v        = c->v[a] + off;
    const PetscReal *restrict G  = F[a] + off;
    const PetscReal *restrict xa = xi[a];
    for (PetscInt i = 0; i < n; i++) {
      PetscReal vi      = v[i] + kick * G[i];
      PetscReal xi_half = x[i] + drift * vi;
      vi                = damp * vi + sigma * xa[i];
      x[i]              = xi_half + drift * vi;
      v[i]              = vi;
    }
  }
}

/* The noise sub-block by sub-block (MckLangevinMoveByNoiseBlocks). */
static PetscErrorCode Move_BAOAB(MckLangevin l, const MckChunk *c, PetscInt64 step)
{
  PetscReal T;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetTemperature(l, ((PetscReal)step + 0.5) * l->dt, &T));
  const PetscReal kick = 0.5 * l->dt / l->mass, drift = 0.5 * l->dt;
  const PetscReal damp = PetscExpReal(-l->gamma * l->dt), sigma = PetscSqrtReal((1 - damp * damp) * T / l->mass);
  const PetscReal coef[4] = {kick, drift, damp, sigma};
  PetscCall(MckLangevinMoveByNoiseBlocks(l, c, step, BAOABBlock, coef));
  PetscFunctionReturn(0);
}

static PetscErrorCode Finish_BAOAB(MckLangevin l, const MckChunk *c)
{
  PetscFunctionBeginUser;
  const PetscReal kick = 0.5 * l->dt / l->mass;
  for (PetscInt a = 0; a < c->dim; a++) {
    PetscReal *restrict v       = c->v[a] + c->offset;
    const PetscReal *restrict F = l->F[a] + c->offset;
    for (PetscInt i = 0; i < c->n; i++) v[i] += kick * F[i];
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckIntegratorCreate_BAOAB(MckLangevin l, MckIntegratorOps *ops, void **data)
{
  PetscFunctionBeginUser;
  (void)l;
  *data                 = NULL;
  ops->move             = Move_BAOAB;
  ops->finish           = Finish_BAOAB;
  ops->needs_velocities = PETSC_TRUE;
  PetscFunctionReturn(0);
}
