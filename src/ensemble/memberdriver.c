/* What advances or evaluates one member: an MckModel, or the caller's callback. The model is
 * only reached here, so the rest of the layer codes against the callbacks' signature. */
#include "ensemble/ensimpl.h"
#include <mckean/mckmodel.h>

/*@C
  MckEnsembleSetModel - Drives the members with a model: their sizes, layouts, forecasts and
  forward evaluations come from it.

  Logically Collective

  Input Parameters:
+ ens   - the ensemble, not yet set up
- model - a model created on the member communicator (`MckEnsembleGetMemberComm()`) and set up;
          the ensemble keeps a reference

  Level: beginner

.seealso: `MckEnsembleGetModel()`, `MckModelCreate()`, `MckEnsembleSetAdvance()`, `MckEnsembleSetForward()`
@*/
PetscErrorCode MckEnsembleSetModel(MckEnsemble ens, MckModel model)
{
  MckModelKind kind;
  PetscInt     n, ndata;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCheck(!ens->setup, ens->comm, PETSC_ERR_ORDER, "MckEnsembleSetModel() must come before MckEnsembleSetUp()");
  PetscCall(MckModelGetKind(model, &kind));
  PetscCall(MckModelGetSizes(model, &n, &ndata));
  PetscCall(MckEnsembleSetSizes(ens, n, kind == MCK_MODEL_INVERSE ? ndata : 0));
  PetscCall(PetscObjectReference((PetscObject)model));
  PetscCall(MckModelDestroy(&ens->model));
  ens->model = model;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetModel - The model that drives the members.

  Not Collective

  Input Parameter:
. ens - the ensemble

  Output Parameter:
. model - this rank's member model (a borrowed reference), or NULL when callbacks drive them

  Level: intermediate

.seealso: `MckEnsembleSetModel()`
@*/
PetscErrorCode MckEnsembleGetModel(MckEnsemble ens, MckModel *model)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  *model = ens->model;
  PetscFunctionReturn(0);
}

/* The model of type mtype on the member communicator, set up and given to ens; left in model for
 * the caller to destroy, after an error too. */
static PetscErrorCode SetUpModel(MckEnsemble ens, MPI_Comm mcomm, const char mtype[], MckModel *model)
{
  PetscFunctionBeginUser;
  PetscCall(MckModelCreate(mcomm, model));
  PetscCall(MckModelSetType(*model, mtype));
  PetscCall(MckModelSetFromOptions(*model));
  PetscCall(MckModelSetMemoryComm(*model, ens->comm)); /* every member communicator sets up its model now */
  PetscCall(MckModelSetUp(*model));
  PetscCall(MckEnsembleSetModel(ens, *model));
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleCreateWithModel - Creates an ensemble from the options, with the model of its
  members created from the options on the member communicator: what an app that runs an
  ensemble of a forward model needs.

  Collective

  Input Parameters:
+ comm  - the communicator of all ranks that hold members
. etype - the default analysis (-ens_analysis overrides it)
- mtype - the default model (-model_type overrides it)

  Output Parameter:
. ens - the ensemble, with its options set and its model (not yet set up)

  Level: beginner

.seealso: `MckEnsembleCreate()`, `MckModelCreate()`, `MckEnsembleSetModel()`, `MckTwinCreate()`
@*/
PetscErrorCode MckEnsembleCreateWithModel(MPI_Comm comm, MckEnsembleType etype, const char mtype[], MckEnsemble *ens)
{
  MPI_Comm       mcomm;
  MckModel       model = NULL;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleCreate(comm, ens));
  PetscCall(MckEnsembleSetType(*ens, etype));
  PetscCall(MckEnsembleSetFromOptions(*ens));
  PetscCall(MckEnsembleGetMemberComm(*ens, &mcomm));
  ierr = SetUpModel(*ens, mcomm, mtype, &model);
  if (McKeanErrorIsCollective(ierr)) PetscCall(MckModelDestroy(&model)); /* the ensemble keeps its reference */
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsMemberAdvance(MckEnsemble ens, PetscInt64 j, PetscReal t, PetscInt nsteps, Vec x,
                                   PetscBool *failed)
{
  PetscFunctionBeginUser;
  *failed = PETSC_FALSE;
  if (ens->advance) PetscCall(ens->advance(ens, j, t, nsteps, x, failed, ens->actx));
  else if (ens->model) PetscCall(MckModelAdvance(ens->model, t, nsteps, x, failed));
  else SETERRQ(ens->comm, PETSC_ERR_ORDER, "MckEnsembleForecast: no model and no advance callback");
  PetscFunctionReturn(0);
}

/* Every active local member by nsteps: a model advances them as one block (on one rank, a
 * tight loop per member and no collective; on the rows of the analysis layout themselves when
 * the members are wrapped and the model steps arrays), callbacks one by one. ens->failed marks
 * failures. */
PetscErrorCode MckEnsMembersAdvance(MckEnsemble ens, PetscReal t, PetscInt nsteps)
{
  PetscInt  na     = 0;
  PetscBool arrays = PETSC_FALSE;

  PetscFunctionBeginUser;
  if (ens->advance || !ens->model) {
    for (PetscInt jj = 0; jj < ens->nlocal; jj++) {
      const PetscInt64 j = ens->m0 + jj;
      PetscBool        failed;
      if (!ens->active[j]) continue;
      PetscCall(MckEnsMemberAdvance(ens, j, t, nsteps, ens->x.vecs[jj], &failed));
      if (failed) ens->failed[j] = 1;
    }
    PetscFunctionReturn(0);
  }
  if (!ens->blockvecs)
    PetscCall(PetscMalloc3(ens->nlocal + 1, &ens->blockvecs, ens->nlocal + 1, &ens->blockrows, ens->nlocal + 1,
                           &ens->blockfailed));
  for (PetscInt jj = 0; jj < ens->nlocal; jj++)
    if (ens->active[ens->m0 + jj]) {
      ens->blockvecs[na]   = ens->x.vecs[jj];
      ens->blockrows[na++] = ens->x.blk[ens->m0 + jj];
    }
  if (ens->x.wrapped) PetscCall(MckModelHasArrayAdvance(ens->model, &arrays));
  if (arrays) {
    PetscCall(MckModelAdvanceArrays(ens->model, t, nsteps, na, ens->blockrows, ens->blockfailed));
    for (PetscInt k = 0; k < na; k++) PetscCall(PetscObjectStateIncrease((PetscObject)ens->blockvecs[k]));
  } else PetscCall(MckModelAdvanceStates(ens->model, t, nsteps, na, ens->blockvecs, ens->blockfailed));
  na = 0;
  for (PetscInt jj = 0; jj < ens->nlocal; jj++)
    if (ens->active[ens->m0 + jj] && ens->blockfailed[na++]) ens->failed[ens->m0 + jj] = 1;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsMemberForward(MckEnsemble ens, PetscInt64 j, Vec u, Vec g, PetscBool *failed)
{
  PetscFunctionBeginUser;
  *failed = PETSC_FALSE;
  if (ens->forward) PetscCall(ens->forward(ens, j, u, g, failed, ens->fctx));
  else if (ens->model) PetscCall(MckModelForward(ens->model, u, g, failed));
  else SETERRQ(ens->comm, PETSC_ERR_ORDER, "MckEnsembleIterate: no model and no forward callback");
  PetscFunctionReturn(0);
}

/* The layout of a member's Vec: the model's, or a standard layout on the member comm (a Vec for
 * the caller to duplicate and destroy). */
PetscErrorCode MckEnsMemberPrototype(MckEnsemble ens, PetscInt N, PetscBool data, Vec *proto)
{
  PetscFunctionBeginUser;
  *proto = NULL;
  if (ens->model) {
    if (data) PetscCall(MckModelCreateDataVec(ens->model, proto));
    else PetscCall(MckModelCreateStateVec(ens->model, proto));
  }
  if (!*proto) PetscCall(VecCreateMPI(ens->mcomm, PETSC_DECIDE, N, proto));
  PetscFunctionReturn(0);
}
