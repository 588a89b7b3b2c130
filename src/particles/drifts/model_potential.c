/* A drift -grad V for a shared external potential V (mckkernel.h): the particles and the
 * Fokker-Planck field evaluate the same definition. */
#include "modelpotential.h"

static PetscErrorCode SetFromOptions_ModelPotential(MckDrift d)
{
  PetscFunctionBeginUser;
  PetscCall(MckPotentialSetFromOptions(d->comm, ((PetscObject)d)->prefix, (MckPotential *)d->data));
  PetscFunctionReturn(0);
}

static PetscErrorCode Force_ModelPotential(MckDrift d, const MckChunk *c, const PetscReal *sums, PetscReal *const *F)
{
  const PetscReal *x[MCK_MAX_DIM];
  PetscReal       *f[MCK_MAX_DIM];

  PetscFunctionBeginUser;
  (void)sums;
  MckDriftChunkRows(c, F, x, f);
  MckPotentialAddForce((const MckPotential *)d->data, c->dim, c->n, x, f);
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_ModelPotential(MckDrift d, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckPotentialConfig((const MckPotential *)d->data, d->dim, io, check));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_ModelPotential(MckDrift d, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscCall(MckPotentialView((const MckPotential *)d->data, viewer));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_ModelPotential(MckDrift d)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(d->data));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDriftCreate_ModelPotential(MckDrift d, MckPotentialKind kind)
{
  MckPotential *V;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&V));
  PetscCall(MckPotentialSetDefaults(V, kind));
  d->data                = V;
  d->ops->setfromoptions = SetFromOptions_ModelPotential;
  d->ops->force          = Force_ModelPotential;
  d->ops->config         = Config_ModelPotential;
  d->ops->view           = View_ModelPotential;
  d->ops->destroy        = Destroy_ModelPotential;
  PetscFunctionReturn(0);
}
