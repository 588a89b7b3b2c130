/* What advances or evaluates one member: an MckModel, or the caller's callback. The model is
 * only reached here, so the rest of the layer codes against the callbacks' signature. */
#include "ensemble/ensimpl.h"
#if __has_include(<mckean/mckmodel.h>)
  #include <mckean/mckmodel.h>
  #define MCK_ENS_HAVE_MODEL 1
#else
  #define MCK_ENS_HAVE_MODEL 0
#endif

PetscErrorCode MckEnsembleSetModel(MckEnsemble ens, MckModel model)
{
  PetscFunctionBeginUser;
#if MCK_ENS_HAVE_MODEL
  MckModelKind kind;
  PetscInt     n, ndata;
  PetscCall(MckModelGetKind(model, &kind));
  PetscCall(MckModelGetSizes(model, &n, &ndata));
  PetscCall(MckEnsembleSetSizes(ens, n, kind == MCK_MODEL_INVERSE ? ndata : 0));
  ens->model = model;
#else
  (void)model;
  SETERRQ(ens->comm, PETSC_ERR_SUP, "this build has no MckModel");
#endif
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsMemberAdvance(MckEnsemble ens, PetscInt64 j, PetscReal t, PetscInt nsteps, Vec x, PetscBool *failed)
{
  PetscFunctionBeginUser;
  *failed = PETSC_FALSE;
  if (ens->advance) PetscCall(ens->advance(ens, j, t, nsteps, x, failed, ens->actx));
#if MCK_ENS_HAVE_MODEL
  else if (ens->model) PetscCall(MckModelAdvance(ens->model, t, nsteps, x, failed));
#endif
  else SETERRQ(ens->comm, PETSC_ERR_ORDER, "MckEnsembleForecast: no model and no advance callback");
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsMemberForward(MckEnsemble ens, PetscInt64 j, Vec u, Vec g, PetscBool *failed)
{
  PetscFunctionBeginUser;
  *failed = PETSC_FALSE;
  if (ens->forward) PetscCall(ens->forward(ens, j, u, g, failed, ens->fctx));
#if MCK_ENS_HAVE_MODEL
  else if (ens->model) PetscCall(MckModelForward(ens->model, u, g, failed));
#endif
  else SETERRQ(ens->comm, PETSC_ERR_ORDER, "MckEnsembleIterate: no model and no forward callback");
  PetscFunctionReturn(0);
}

/* The local members' Vecs: the model's layout, or a standard layout on the member comm. */
PetscErrorCode MckEnsMemberCreateVecs(MckEnsemble ens, MckEnsField *f, PetscBool data)
{
  Vec proto = NULL;

  PetscFunctionBeginUser;
  (void)data;
#if MCK_ENS_HAVE_MODEL
  if (ens->model) {
    if (data) PetscCall(MckModelCreateDataVec(ens->model, &proto));
    else PetscCall(MckModelCreateStateVec(ens->model, &proto));
  }
#endif
  if (!proto) PetscCall(VecCreateMPI(ens->mcomm, PETSC_DECIDE, f->N, &proto));
  PetscCall(VecGetOwnershipRange(proto, &f->lo, &f->hi));
  PetscCall(PetscCalloc1(ens->nlocal + 1, &f->vecs));
  for (PetscInt j = 0; j < ens->nlocal; j++) PetscCall(VecDuplicate(proto, &f->vecs[j]));
  if (!ens->nlocal) f->lo = f->hi = 0; /* a group without members holds no pieces */
  PetscCall(VecDestroy(&proto));
  PetscFunctionReturn(0);
}
