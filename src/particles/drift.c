/* Drift terms of MckLangevin as objects: one per name in -lgv_drifts, of the type of that name,
 * sharing the dynamics' communicator and options prefix. */
#include "langevinimpl.h"

PetscErrorCode MckDriftCreate(MckLangevin l, const char type[], MckDrift *d)
{
  MckDriftCreateFn create;
  const char      *prefix;

  PetscFunctionBeginUser;
  PetscCall(McKeanFunctionListFind(l, MckDriftList, "-lgv_drifts", "drift", type, &create));
  PetscCall(PetscHeaderCreate(*d, MCK_DRIFT_CLASSID, "MckDrift", "Langevin drift term", "MckLangevin", l->comm,
                              MckDriftDestroy, MckDriftView));
  PetscCall(PetscObjectGetOptionsPrefix((PetscObject)l, &prefix));
  PetscCall(PetscObjectSetOptionsPrefix((PetscObject)*d, prefix));
  PetscCall(PetscObjectChangeTypeName((PetscObject)*d, type));
  (*d)->comm = l->comm;
  (*d)->name = ((PetscObject)*d)->type_name;
  PetscCall(MckParticlesGetSizes(l->p, &(*d)->N, &(*d)->dim, NULL, NULL));
  PetscCall((*create)(*d));
  if ((*d)->ops->setfromoptions) PetscCall((*(*d)->ops->setfromoptions)(*d));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDriftDestroy(MckDrift *d)
{
  PetscBool last;

  PetscFunctionBeginUser;
  PetscCall(McKeanObjectRelease((PetscObject *)d, MCK_DRIFT_CLASSID, &last));
  if (!last) PetscFunctionReturn(0);
  if ((*d)->ops->destroy) PetscCall((*(*d)->ops->destroy)(*d));
  PetscCall(PetscHeaderDestroy(d));
  PetscFunctionReturn(0);
}

/*@C
  MckDriftView - Prints a drift term.

  Collective

  Input Parameters:
+ d      - the drift
- viewer - an ASCII viewer

  Level: intermediate

.seealso: `MckLangevinView()`
@*/
PetscErrorCode MckDriftView(MckDrift d, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DRIFT_CLASSID, 1);
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(d->comm, &viewer));
  PetscCall(PetscViewerASCIIPrintf(viewer, "drift %s\n", d->name));
  PetscCall(PetscViewerASCIIPushTab(viewer));
  if (d->ops->view) PetscCall((*d->ops->view)(d, viewer));
  PetscCall(PetscViewerASCIIPopTab(viewer));
  PetscFunctionReturn(0);
}

/*@C
  MckDriftGetType - The drift's type name, as given in -lgv_drifts.

  Not Collective

  Input Parameter:
. d - the drift

  Output Parameter:
. type - its type name

  Level: intermediate

.seealso: `MckLangevinGetDrift()`
@*/
PetscErrorCode MckDriftGetType(MckDrift d, const char **type)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DRIFT_CLASSID, 1);
  *type = d->name;
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinGetDrift - The drift term of a type in -lgv_drifts.

  Not Collective

  Input Parameters:
+ l    - the dynamics
- name - the drift's type name

  Output Parameter:
. d - the drift (owned by l), or NULL when there is none of that type

  Level: intermediate

.seealso: `MckDriftFourierMeanFieldSetStrength()`
@*/
PetscErrorCode MckLangevinGetDrift(MckLangevin l, const char name[], MckDrift *d)
{
  PetscBool same;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(l, MCK_LANGEVIN_CLASSID, 1);
  *d = NULL;
  for (PetscInt i = 0; i < l->ndrifts && !*d; i++) {
    PetscCall(PetscStrcmp(l->drifts[i]->name, name, &same));
    if (same) *d = l->drifts[i];
  }
  PetscFunctionReturn(0);
}

/*@C
  MckDriftChunkRows - The rows of a chunk in the particles' position arrays and in the force
  arrays, as a drift's force op indexes them (from 0 to c->n).

  Not Collective

  Input Parameters:
+ c - the chunk
- F - the force arrays F[a] of all local particles (may be NULL)

  Output Parameters:
+ x - x[a] = c->x[a] + c->offset, a < c->dim
- f - f[a] = F[a] + c->offset, a < c->dim (may be NULL when F is)

  Level: developer

.seealso: `MckDriftOps`, `MckDriftChunkFourierPoints()`
@*/
void MckDriftChunkRows(const MckChunk *c, PetscReal *const *F, const PetscReal *x[], PetscReal *f[])
{
  for (PetscInt a = 0; a < c->dim; a++) {
    x[a] = c->x[a] + c->offset;
    if (F) f[a] = F[a] + c->offset;
  }
}

/*@C
  MckDriftChunkFourierPoints - Sets a chunk's particles as the points of a Fourier-mode helper,
  whose modes a drift then accumulates or evaluates.

  Not Collective

  Input Parameters:
+ c       - the chunk
- fourier - the helper, of the particles' dimension

  Level: developer

.seealso: `MckFourierSetPoints()`, `MckDriftChunkRows()`
@*/
PetscErrorCode MckDriftChunkFourierPoints(const MckChunk *c, MckFourier fourier)
{
  const PetscReal *x[MCK_MAX_DIM];

  PetscFunctionBeginUser;
  MckDriftChunkRows(c, NULL, x, NULL);
  PetscCall(MckFourierSetPoints(fourier, c->n, x));
  PetscFunctionReturn(0);
}
