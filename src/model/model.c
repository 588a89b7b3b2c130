/* MckModel: creation, type, options, set-up, accessors, view, destroy. Stepping and the
 * failure check: step.c; the registry: registry.c; each model type: its own file. */
#include "modelimpl.h"

MCK_CONFIG_METHOD(Config_Model, MckModel, MckModelConfig)

/*@C
  MckModelCreate - Creates a forward model for one ensemble member.

  Collective

  Input Parameter:
. comm - the member's communicator (`MckEnsembleGetMemberComm()`), or any communicator for a
         model used on its own

  Output Parameter:
. m - the model, without a type until `MckModelSetType()` or `MckModelSetFromOptions()`

  Note:
  The model takes part in the checkpoints of an `MckRun` it is added to with its settings only
  (it has no state of its own).

  Level: beginner

.seealso: `MckModelSetFromOptions()`, `MckModelSetUp()`, `MckModelAdvance()`, `MckModelForward()`, `MckEnsembleSetModel()`
@*/
PetscErrorCode MckModelCreate(MPI_Comm comm, MckModel *m)
{
  const MckCheckpointOps ops = {Config_Model, NULL, NULL, NULL};

  PetscFunctionBeginUser;
  PetscValidPointer(m, 2);
  PetscCall(MckModelInitializePackage());
  PetscCall(PetscHeaderCreate(*m, MCK_MODEL_CLASSID, "MckModel", "Forward model", "MckModel", comm, MckModelDestroy,
                              MckModelView));
  PetscCall(MckObjectComposeCheckpoint((PetscObject)*m, &ops));
  (*m)->comm    = PetscObjectComm((PetscObject)*m);
  (*m)->memcomm = (*m)->comm;
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelResetType(MckModel m)
{
  PetscFunctionBeginUser;
  if (m->ops->destroy) PetscCall((*m->ops->destroy)(m));
  PetscCall(PetscMemzero(m->ops, sizeof(*m->ops)));
  m->data = NULL;
  m->dt   = 0;
  PetscFunctionReturn(0);
}

static PetscErrorCode ModelRetype(PetscObject obj, void (*create)(void))
{
  PetscFunctionBeginUser;
  PetscCall(MckModelResetType((MckModel)obj));
  PetscCall((*(MckModelCreateFn)create)((MckModel)obj));
  PetscFunctionReturn(0);
}
static const MckTypedClass ModelClass = {"MckModel",      &MckModelList,     "-model_type", "model",
                                         "Forward model", MCKMODEL_LORENZ96, ModelRetype};

/*@C
  MckModelSetType - Sets the model.

  Collective

  Input Parameters:
+ m    - the model, not yet set up
- type - `MCKMODEL_LORENZ96`, `MCKMODEL_LORENZ63`, `MCKMODEL_LINEAR`, `MCKMODEL_DARCY`,
         `MCKMODEL_MCKEAN_VLASOV`, or a type added with `MckModelRegister()`

  Options Database Key:
. -model_type <type> - the model

  Level: intermediate

.seealso: `MckModelRegister()`, `MckModelGetType()`, `MckModelSetFromOptions()`
@*/
PetscErrorCode MckModelSetType(MckModel m, MckModelType type)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  PetscCall(McKeanTypedSetType((PetscObject)m, &ModelClass, m->setup, type));
  PetscFunctionReturn(0);
}

/*@C
  MckModelGetType - The model's type name.

  Not Collective

  Input Parameter:
. m - the model

  Output Parameter:
. type - the type name (NULL before a type is set)

  Level: intermediate

.seealso: `MckModelSetType()`
@*/
PetscErrorCode MckModelGetType(MckModel m, MckModelType *type)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  *type = ((PetscObject)m)->type_name;
  PetscFunctionReturn(0);
}

/*@C
  MckModelSetOptionsPrefix - Sets the prefix of the model's options (-<prefix>model_type,
  -<prefix>l96_n, ...) and of the objects it creates, so that two models in one run read their
  own.

  Logically Collective

  Input Parameters:
+ m      - the model
- prefix - the prefix, without the leading dash

  Level: intermediate

.seealso: `MckModelSetFromOptions()`
@*/
PetscErrorCode MckModelSetOptionsPrefix(MckModel m, const char prefix[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  PetscCall(PetscObjectSetOptionsPrefix((PetscObject)m, prefix));
  PetscFunctionReturn(0);
}

/*@C
  MckModelSetFromOptions - Sets the model's type and the type's own options from the options
  database.

  Collective

  Input Parameter:
. m - the model

  Options Database Keys:
+ -model_type <type> - the model (default lorenz96, or the type already set)
. -model_dt <dt>     - RK4 step of a dynamical model (default: the type's)
- -model_view        - view the model at set-up

  Note:
  The options of each type (-l96_*, -l63_*, -linear_*, -darcy_*, -mv_*) are read by that type
  only: an option of a model that was not chosen is unused, and refused. A shell keeps its
  callbacks unless -model_type names another type.

  Level: beginner

.seealso: `MckModelCreate()`, `MckModelSetType()`, `MckModelSetOptionsPrefix()`
@*/
PetscErrorCode MckModelSetFromOptions(MckModel m)
{
  PetscObject obj = (PetscObject)m;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  PetscObjectOptionsBegin(obj);
  MckOptionsCall(MckOptionsTyped(m, &ModelClass, m->setup));
  if (m->kind == MCK_MODEL_DYNAMICAL)
    MckOptionsCall(MckOptionsReal("-model_dt", "Model time step (RK4)", m->dt, &m->dt, NULL));
  if (m->ops->setfromoptions) MckOptionsCall((*m->ops->setfromoptions)(m, PetscOptionsObject));
  PetscOptionsEnd();
  if (m->kind == MCK_MODEL_DYNAMICAL)
    PetscCall(McKeanCheckPositive(m->comm, McKeanOptionName(obj, "-model_dt"), m->dt));
  PetscFunctionReturn(0);
}

/*@C
  MckModelSetMemoryComm - The ranks that set up models together with this one: the members'
  models of an ensemble on their member communicators, which share the nodes' memory. A model
  whose set-up checks the memory of the node first (allen_cahn, darcy: `McKeanCheckMemory()`)
  counts all of their allocations, not only those of its own communicator.

  Logically Collective

  Input Parameters:
+ m    - the model, before `MckModelSetUp()`
- comm - a communicator that contains the model's, whose every rank calls `MckModelSetUp()` on
         its own model at the same time; used only during `MckModelSetUp()`

  Level: developer

.seealso: `MckModelSetUp()`, `McKeanCheckMemory()`, `MckEnsembleCreateWithModel()`
@*/
PetscErrorCode MckModelSetMemoryComm(MckModel m, MPI_Comm comm)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  PetscCheck(!m->setup, m->comm, PETSC_ERR_ORDER, "MckModelSetMemoryComm() must come before MckModelSetUp()");
  m->memcomm = comm;
  PetscFunctionReturn(0);
}

/*@C
  MckModelSetUp - Sets up the model: its sizes and everything a step or a forward solve needs,
  so that neither allocates.

  Collective

  Input Parameter:
. m - the model (lorenz96 if no type was set)

  Level: beginner

.seealso: `MckModelSetFromOptions()`, `MckModelGetSizes()`
@*/
PetscErrorCode MckModelSetUp(MckModel m)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  if (m->setup) PetscFunctionReturn(0);
  if (!((PetscObject)m)->type_name) PetscCall(MckModelSetType(m, MCKMODEL_LORENZ96));
  PetscCall(PetscOptionsHasHelp(((PetscObject)m)->options, &m->help));
  if (m->ops->setup) PetscCall((*m->ops->setup)(m));
  m->setup = PETSC_TRUE;
  if (m->kind == MCK_MODEL_DYNAMICAL && !m->help) { /* -help: no state vectors */
    PetscCall(MckModelCreateStateVec(m, &m->xs));
    for (int s = 0; s < 4; s++) PetscCall(VecDuplicate(m->xs, &m->k[s]));
    PetscCall(MckModelSetUpArrayStepper(m));
  }
  PetscCall(PetscObjectViewFromOptions((PetscObject)m, NULL, "-model_view"));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelCheckSetUp(MckModel m, const char caller[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  PetscCheck(m->setup, m->comm, PETSC_ERR_ORDER, "%s: call MckModelSetUp() first", caller);
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelDestroyData(MckModel m)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(m->data));
  PetscFunctionReturn(0);
}

/*@C
  MckModelGetKind - Whether the model is dynamical (data assimilation) or inverse (EKI/EKS).

  Not Collective

  Input Parameter:
. m - the model, with its type set

  Output Parameter:
. kind - `MCK_MODEL_DYNAMICAL` or `MCK_MODEL_INVERSE`

  Level: beginner

.seealso: `MckModelTypesOfKind()`
@*/
PetscErrorCode MckModelGetKind(MckModel m, MckModelKind *kind)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  PetscCheck(((PetscObject)m)->type_name, m->comm, PETSC_ERR_ORDER, "MckModelGetKind: set the type first");
  *kind = m->kind;
  PetscFunctionReturn(0);
}

/*@C
  MckModelGetComm - The model's communicator (the member's).

  Not Collective

  Input Parameter:
. m - the model

  Output Parameter:
. comm - the communicator

  Level: intermediate

.seealso: `MckModelCreate()`
@*/
PetscErrorCode MckModelGetComm(MckModel m, MPI_Comm *comm)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  *comm = m->comm;
  PetscFunctionReturn(0);
}

/*@C
  MckModelGetSizes - The state (dynamical) or parameter (inverse) length and the data length.

  Not Collective

  Input Parameter:
. m - the model, set up

  Output Parameters:
+ n     - state or parameter length (may be NULL)
- ndata - length of G(u), 0 for a dynamical model (may be NULL)

  Level: beginner

.seealso: `MckModelCreateStateVec()`, `MckModelCreateDataVec()`
@*/
PetscErrorCode MckModelGetSizes(MckModel m, PetscInt *n, PetscInt *ndata)
{
  PetscFunctionBeginUser;
  PetscCall(MckModelCheckSetUp(m, "MckModelGetSizes"));
  if (n) *n = m->n;
  if (ndata) *ndata = m->ndata;
  PetscFunctionReturn(0);
}

/*@C
  MckModelGetGridShape - The shape of the periodic grid a dynamical model's state lives on, in
  the order of the state's components: component i0 + s0 (i1 + s1 i2) of a grid of sizes
  s0 x s1 x s2 (the first index runs fastest). Observation coordinates and localisation
  distances of an ensemble are measured on this grid (`MckEnsembleSetGridShape()`).

  Not Collective

  Input Parameter:
. m - the model, set up

  Output Parameters:
+ dim   - the number of grid dimensions, 1 to `MCK_MODEL_MAX_DIM` (1 for a model that sets none)
- sizes - the grid points per dimension, dim entries (sizes[0] = n in 1D; may be NULL)

  Level: intermediate

.seealso: `MckModelGetSizes()`
@*/
PetscErrorCode MckModelGetGridShape(MckModel m, PetscInt *dim, PetscInt sizes[])
{
  PetscFunctionBeginUser;
  PetscCall(MckModelCheckSetUp(m, "MckModelGetGridShape"));
  *dim = m->griddim ? m->griddim : 1;
  if (sizes) {
    if (m->griddim)
      for (PetscInt a = 0; a < m->griddim; a++) sizes[a] = m->gridsizes[a];
    else sizes[0] = m->n;
  }
  PetscFunctionReturn(0);
}

/*@C
  MckModelCreateStateVec - A state (or parameter) vector laid out as the model needs it.

  Collective

  Input Parameter:
. m - the model, set up

  Output Parameter:
. x - the vector, on the model's communicator

  Level: beginner

.seealso: `MckModelCreateDataVec()`, `MckModelGetInitialState()`
@*/
PetscErrorCode MckModelCreateStateVec(MckModel m, Vec *x)
{
  PetscFunctionBeginUser;
  PetscCall(MckModelCheckSetUp(m, "MckModelCreateStateVec"));
  if (m->ops->createstatevec) PetscCall((*m->ops->createstatevec)(m, x));
  else PetscCall(VecCreateMPI(m->comm, PETSC_DECIDE, m->n, x));
  PetscFunctionReturn(0);
}

/*@C
  MckModelCreateDataVec - A data vector G(u) laid out as the model needs it.

  Collective

  Input Parameter:
. m - the model, set up (an inverse model)

  Output Parameter:
. g - the vector, on the model's communicator

  Level: beginner

.seealso: `MckModelCreateStateVec()`, `MckModelForward()`
@*/
PetscErrorCode MckModelCreateDataVec(MckModel m, Vec *g)
{
  PetscFunctionBeginUser;
  PetscCall(MckModelCheckSetUp(m, "MckModelCreateDataVec"));
  if (m->ops->createdatavec) PetscCall((*m->ops->createdatavec)(m, g));
  else PetscCall(VecCreateMPI(m->comm, PETSC_DECIDE, m->ndata, g));
  PetscFunctionReturn(0);
}

/*@C
  MckModelGetInitialState - The state a run of the model starts from: the model's own
  (Lorenz-96: x_i = F, x_0 = F + 0.01; Lorenz-63: (0, 1, 0)), zero for other models (the prior
  mean of an inverse model).

  Collective

  Input Parameters:
+ m - the model, set up
- x - a state vector (`MckModelCreateStateVec()`)

  Output Parameter:
. x - the initial state

  Level: intermediate

.seealso: `MckModelAdvance()`
@*/
PetscErrorCode MckModelGetInitialState(MckModel m, Vec x)
{
  PetscFunctionBeginUser;
  PetscCall(MckModelCheckSetUp(m, "MckModelGetInitialState"));
  if (m->ops->initialstate) PetscCall((*m->ops->initialstate)(m, x));
  else PetscCall(VecSet(x, 0));
  PetscFunctionReturn(0);
}

/*@C
  MckModelGetTimeStep - The RK4 step of a dynamical model (-model_dt).

  Not Collective

  Input Parameter:
. m - a dynamical model

  Output Parameter:
. dt - the step

  Level: intermediate

.seealso: `MckModelAdvance()`
@*/
PetscErrorCode MckModelGetTimeStep(MckModel m, PetscReal *dt)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  PetscCheck(m->kind == MCK_MODEL_DYNAMICAL, m->comm, PETSC_ERR_ARG_WRONG,
             "MckModelGetTimeStep: %s is not a dynamical model", ((PetscObject)m)->type_name);
  *dt = m->dt;
  PetscFunctionReturn(0);
}

/*@C
  MckModelGetPhysicalField - The physical field a parameter represents, for output and plots
  (Darcy: the log-permeability on the grid).

  Collective

  Input Parameters:
+ m - the model, set up
- u - a parameter vector

  Output Parameters:
+ field - the field (owned by the model, named, valid until the next call), or NULL if the
          model has none
- dm    - its DM (may be NULL)

  Level: intermediate

.seealso: `MckModelForward()`
@*/
PetscErrorCode MckModelGetPhysicalField(MckModel m, Vec u, Vec *field, DM *dm)
{
  PetscFunctionBeginUser;
  PetscCall(MckModelCheckSetUp(m, "MckModelGetPhysicalField"));
  *field = NULL;
  if (dm) *dm = NULL;
  if (m->ops->physicalfield) PetscCall((*m->ops->physicalfield)(m, u, field, dm));
  PetscFunctionReturn(0);
}

/*@C
  MckModelGaussianPosterior - The exact posterior of u for the prior N(0, I) and data
  y = G(u) + N(0, diag(gamma)), when the model is linear (the linear model): covariance
  (A^T Gamma^-1 A + I)^-1 and mean cov A^T Gamma^-1 y.

  Collective

  Input Parameters:
+ m     - the model, set up
. gamma - noise variances (length ndata, replicated)
- y     - data (length ndata, replicated)

  Output Parameters:
+ mean   - posterior mean (length n, replicated)
. cov    - posterior covariance (n x n, row-major, replicated)
- exists - `PETSC_FALSE` (and mean, cov untouched) for a model without a closed-form posterior

  Level: intermediate

.seealso: `MckModelLinearGetMatrix()`
@*/
PetscErrorCode MckModelGaussianPosterior(MckModel m, const PetscReal gamma[], const PetscReal y[], PetscReal mean[],
                                         PetscReal cov[], PetscBool *exists)
{
  PetscFunctionBeginUser;
  PetscCall(MckModelCheckSetUp(m, "MckModelGaussianPosterior"));
  *exists = m->ops->gaussianposterior ? PETSC_TRUE : PETSC_FALSE;
  if (!*exists) PetscFunctionReturn(0);
  for (PetscInt i = 0; i < m->ndata; i++)
    PetscCheck(gamma[i] > 0, m->comm, PETSC_ERR_ARG_OUTOFRANGE,
               "MckModelGaussianPosterior: noise variance %" PetscInt_FMT " is %g, must be positive", i,
               (double)gamma[i]);
  PetscCall((*m->ops->gaussianposterior)(m, gamma, y, mean, cov));
  PetscFunctionReturn(0);
}

/*@C
  MckModelWriteDesign - Writes what a reader of the results needs to interpret the parameter and
  the data (mckean_vlasov: the prior of log theta, the observation times, the sensors and the
  box), as datasets of a group; nothing for a model without such a description.

  Collective

  Input Parameters:
+ m     - the model, set up
. io    - the run file
- group - the group (e.g. "/twin")

  Level: intermediate

.seealso: `MckModelConfig()`, `MckTwinWriteResults()`
@*/
PetscErrorCode MckModelWriteDesign(MckModel m, MckIO io, const char group[])
{
  PetscFunctionBeginUser;
  PetscCall(MckModelCheckSetUp(m, "MckModelWriteDesign"));
  if (m->ops->writedesign) PetscCall((*m->ops->writedesign)(m, io, group));
  PetscFunctionReturn(0);
}

/*@C
  MckModelConfig - Records or compares the settings a checkpoint depends on: the type, the
  step of a dynamical model and the type's own options.

  Collective

  Input Parameters:
+ m     - the model, set up
. io    - the checkpoint
- check - `PETSC_FALSE` to record, `PETSC_TRUE` to compare

  Level: developer

.seealso: `MckRunAddObject()`, `MckIOConfigString()`
@*/
PetscErrorCode MckModelConfig(MckModel m, MckIO io, PetscBool check)
{
  PetscObject obj = (PetscObject)m;

  PetscFunctionBeginUser;
  PetscCall(MckModelCheckSetUp(m, "MckModelConfig"));
  PetscCall(MckIOConfigString(io, check, McKeanOptionName(obj, "-model_type"), obj->type_name));
  if (m->kind == MCK_MODEL_DYNAMICAL)
    PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-model_dt"), 1, &m->dt));
  if (m->ops->config) PetscCall((*m->ops->config)(m, io, check));
  PetscFunctionReturn(0);
}

/*@C
  MckModelView - Prints the model: type, kind, sizes, step and the type's own description.

  Collective

  Input Parameters:
+ m      - the model
- viewer - an ASCII viewer (NULL: standard output of the model's communicator)

  Options Database Key:
. -model_view - view the model at set-up

  Level: intermediate

.seealso: `MckModelSetUp()`
@*/
PetscErrorCode MckModelView(MckModel m, PetscViewer viewer)
{
  PetscBool ascii;
  char      dt[32], step[48] = "";

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  PetscCall(McKeanObjectViewBegin((PetscObject)m, &viewer, &ascii));
  if (!ascii) PetscFunctionReturn(0);
  PetscCall(PetscViewerASCIIPushTab(viewer));
  /* one line in one call: every call of an indented viewer starts with the indentation */
  if (m->kind == MCK_MODEL_DYNAMICAL)
    PetscCall(PetscSNPrintf(step, sizeof(step), ", dt = %s", McKeanFormatReal(m->dt, dt, sizeof(dt))));
  PetscCall(PetscViewerASCIIPrintf(viewer, "%s: n = %" PetscInt_FMT ", ndata = %" PetscInt_FMT "%s\n",
                                   MckModelKinds[m->kind], m->n, m->ndata, step));
  if (m->ops->view) PetscCall((*m->ops->view)(m, viewer));
  PetscCall(PetscViewerASCIIPopTab(viewer));
  PetscFunctionReturn(0);
}

/*@C
  MckModelDestroy - Drops a reference to the model, freeing it with the last.

  Collective

  Input Parameter:
. m - the model

  Level: beginner

.seealso: `MckModelCreate()`
@*/
PetscErrorCode MckModelDestroy(MckModel *m)
{
  PetscBool last;

  PetscFunctionBeginUser;
  PetscCall(McKeanObjectRelease((PetscObject *)m, MCK_MODEL_CLASSID, &last));
  if (!last) PetscFunctionReturn(0);
  PetscCall(MckModelResetType(*m));
  PetscCall(VecDestroy(&(*m)->xs));
  for (int s = 0; s < 4; s++) PetscCall(VecDestroy(&(*m)->k[s]));
  PetscCall(PetscFree((*m)->rk));
  PetscCall(PetscHeaderDestroy(m));
  PetscFunctionReturn(0);
}
