/* The operations shared by the types whose state is a periodic DMDA (lorenz96.c, allen_cahn.c):
 * the type's data starts with an MckModelDMDA, so one state layout, one right-hand side
 * preamble and one destroy serve them all. */
#include "modelimpl.h"
#include <petscdmda.h>

static MckModelDMDA *Grid(MckModel m) { return (MckModelDMDA *)m->data; }

PetscErrorCode MckModelCreateStateVec_DMDA(MckModel m, Vec *x)
{
  PetscFunctionBeginUser;
  PetscCall(DMCreateGlobalVector(Grid(m)->da, x));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelDMDAGetArrays(MckModel m, Vec x, Vec f, void *xa, void *fa)
{
  MckModelDMDA *g = Grid(m);

  PetscFunctionBeginUser;
  PetscCall(DMGlobalToLocalBegin(g->da, x, INSERT_VALUES, g->local));
  PetscCall(DMGlobalToLocalEnd(g->da, x, INSERT_VALUES, g->local));
  PetscCall(DMDAVecGetArrayRead(g->da, g->local, xa));
  PetscCall(DMDAVecGetArray(g->da, f, fa));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelDMDARestoreArrays(MckModel m, Vec f, void *xa, void *fa)
{
  MckModelDMDA *g = Grid(m);

  PetscFunctionBeginUser;
  PetscCall(DMDAVecRestoreArray(g->da, f, fa));
  PetscCall(DMDAVecRestoreArrayRead(g->da, g->local, xa));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelDestroy_DMDA(MckModel m)
{
  MckModelDMDA *g = Grid(m);

  PetscFunctionBeginUser;
  PetscCall(VecDestroy(&g->local));
  PetscCall(DMDestroy(&g->da));
  PetscCall(PetscFree(m->data));
  PetscFunctionReturn(0);
}
