/* User-registered external potentials: MckDriftRegisterPotential(name, force, ctx). */
#include <mckean/mckdriftimpl.h>

#define MCK_MAX_USER_POTENTIALS 16

typedef struct {
  char                name[64];
  MckPotentialForceFn force;
  void               *ctx;
} UserPotential;

static UserPotential user_potentials[MCK_MAX_USER_POTENTIALS];
static PetscInt      n_user_potentials;

static PetscErrorCode Force_User(MckDrift d, const MckChunk *c, const PetscReal *sums, PetscReal *const *F)
{
  const UserPotential *u = (const UserPotential *)d->data;
  const PetscReal     *x[MCK_MAX_DIM];
  PetscReal           *f[MCK_MAX_DIM];

  PetscFunctionBeginUser;
  (void)sums;
  MckDriftChunkRows(c, F, x, f);
  PetscCall((*u->force)(c->dim, c->n, x, f, u->ctx));
  PetscFunctionReturn(0);
}

static PetscErrorCode Create_User(MckDrift d)
{
  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < n_user_potentials; i++)
    if (!strcmp(user_potentials[i].name, d->name)) d->data = &user_potentials[i];
  PetscCheck(d->data, d->comm, PETSC_ERR_PLIB, "drift %s was registered without a potential", d->name);
  d->ops->force = Force_User;
  PetscFunctionReturn(0);
}

/*@C
  MckDriftRegisterPotential - Registers an external potential V as a drift type: f adds -grad V.

  Not Collective

  Input Parameters:
+ name - the drift's type name, for -lgv_drifts
. f    - adds the force -grad V at n points x[a][i] to F[a][i]
- ctx  - f's context

  Level: beginner

.seealso: `MckDriftRegister()`, `MckPotentialForceFn`
@*/
PetscErrorCode MckDriftRegisterPotential(const char name[], MckPotentialForceFn f, void *ctx)
{
  UserPotential *u;

  PetscFunctionBeginUser;
  PetscCheck(n_user_potentials < MCK_MAX_USER_POTENTIALS, PETSC_COMM_SELF, PETSC_ERR_SUP, "at most %d user potentials",
             MCK_MAX_USER_POTENTIALS);
  u = &user_potentials[n_user_potentials++];
  PetscCall(PetscStrncpy(u->name, name, sizeof(u->name)));
  u->force = f;
  u->ctx   = ctx;
  PetscCall(MckDriftRegister(name, Create_User));
  PetscFunctionReturn(0);
}
