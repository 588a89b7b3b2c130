/* MckTwin: the twin-experiment object, its registry of types, the run protocols (stepping and
 * checkpoints) and what its types share. The types: twin/filter.c, twin/inverse.c. */
#include "twin/twinimpl.h"
#include <stdint.h>

PetscClassId             MCK_TWIN_CLASSID;
static PetscFunctionList MckTwinList = NULL;

static PetscErrorCode MckTwinFinalizePackage(void)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListDestroy(&MckTwinList));
  PetscFunctionReturn(0);
}

/* Called by MckEnsembleInitializePackage(): the twin experiments belong to the ensemble layer. */
PETSC_INTERN PetscErrorCode MckTwinRegisterAll(void);
PetscErrorCode              MckTwinRegisterAll(void)
{
  PetscFunctionBeginUser;
  PetscCall(PetscClassIdRegister("McKean twin experiment", &MCK_TWIN_CLASSID));
  PetscCall(PetscFunctionListAdd(&MckTwinList, MCKTWIN_FILTER, MckTwinCreate_Filter));
  PetscCall(PetscFunctionListAdd(&MckTwinList, MCKTWIN_INVERSE, MckTwinCreate_Inverse));
  PetscCall(PetscRegisterFinalize(MckTwinFinalizePackage));
  PetscFunctionReturn(0);
}

/*@C
  MckTwinRegister - Adds a type of twin experiment.

  Not Collective

  Input Parameters:
+ name   - the type name
- create - its constructor, which fills the object's operations and data (src/ensemble/twin/twinimpl.h)

  Level: advanced

.seealso: `MckTwinSetType()`
@*/
PetscErrorCode MckTwinRegister(const char name[], MckTwinCreateFn create)
{
  PetscFunctionBeginUser;
  PetscCall(MckEnsembleInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckTwinList, name, create));
  PetscFunctionReturn(0);
}

static PetscErrorCode Step_Twin(PetscObject obj)
{
  MckTwin tw = (MckTwin)obj;

  PetscFunctionBeginUser;
  PetscCall((*tw->ops->step)(tw));
  PetscFunctionReturn(0);
}

static PetscErrorCode GetStep_Twin(PetscObject obj, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time)
{
  MckTwin    tw = (MckTwin)obj;
  PetscInt64 s, n;
  PetscReal  t;

  PetscFunctionBeginUser;
  PetscCall((*tw->ops->getstep)(tw, &s, &n, &t));
  if (step) *step = s;
  if (nsteps) *nsteps = n;
  if (time) *time = t;
  PetscFunctionReturn(0);
}

static PetscErrorCode Headline_Twin(PetscObject obj, const char **name, PetscReal *value)
{
  PetscFunctionBeginUser;
  PetscCall(MckTwinGetHeadline((MckTwin)obj, name, value));
  PetscFunctionReturn(0);
}

/* The settings a checkpoint depends on: the members' model, the ensemble, the experiment's own. */
static PetscErrorCode Config_Twin(PetscObject obj, MckIO io, PetscBool check)
{
  MckTwin tw = (MckTwin)obj;

  PetscFunctionBeginUser;
  PetscCall(MckModelConfig(tw->model, io, check));
  PetscCall(MckEnsembleConfig(tw->ens, io, check));
  if (tw->ops->config) PetscCall((*tw->ops->config)(tw, io, check));
  PetscFunctionReturn(0);
}

static PetscErrorCode Write_Twin(PetscObject obj, MckIO io, const char group[])
{
  MckTwin tw = (MckTwin)obj;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleWrite(tw->ens, io, group));
  if (tw->ops->write) PetscCall((*tw->ops->write)(tw, io, group));
  PetscFunctionReturn(0);
}

static PetscErrorCode Read_Twin(PetscObject obj, MckIO io, const char group[])
{
  MckTwin tw = (MckTwin)obj;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleRead(tw->ens, io, group));
  if (tw->ops->read) PetscCall((*tw->ops->read)(tw, io, group));
  PetscFunctionReturn(0);
}

static PetscErrorCode Initialize_Twin(PetscObject obj)
{
  MckTwin tw = (MckTwin)obj;

  PetscFunctionBeginUser;
  PetscCall((*tw->ops->initialize)(tw));
  PetscFunctionReturn(0);
}

/*@C
  MckTwinCreate - Creates a twin experiment for an ensemble: a synthetic truth, its noisy data,
  the prior ensemble, and the cycles or iterations of the ensemble against them.

  Collective

  Input Parameter:
. ens - the ensemble, with its options set (`MckEnsembleSetFromOptions()`) and its model
        (`MckEnsembleSetModel()`), not yet set up: the experiment checks the model and the
        analysis it needs and sets the ensemble up itself

  Output Parameter:
. tw - the experiment (keeps a reference to the ensemble)

  Note:
  The experiment is a solver an `MckRun` advances (`MckRunSetSolver()`) and an object it
  checkpoints (`MckRunAddObject()`): its group holds the ensemble (`MckEnsembleWrite()`) and
  the experiment's state (the filter's truth, rank histogram and summary sums).

  Level: beginner

.seealso: `MckTwinSetType()`, `MckTwinSetFromOptions()`, `MckTwinSetUp()`, `MckRunSetSolver()`
@*/
PetscErrorCode MckTwinCreate(MckEnsemble ens, MckTwin *tw)
{
  const MckStepperOps    stepper    = {Step_Twin, GetStep_Twin, Headline_Twin};
  const MckCheckpointOps checkpoint = {Config_Twin, Write_Twin, Read_Twin, Initialize_Twin};
  MckTwin                t;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscValidPointer(tw, 2);
  PetscCall(MckEnsembleInitializePackage());
  PetscCall(PetscHeaderCreate(t, MCK_TWIN_CLASSID, "MckTwin", "Twin experiment", "MckTwin",
                              PetscObjectComm((PetscObject)ens), MckTwinDestroy, MckTwinView));
  PetscCall(MckObjectComposeStepper((PetscObject)t, &stepper));
  PetscCall(MckObjectComposeCheckpoint((PetscObject)t, &checkpoint));
  PetscCall(PetscObjectReference((PetscObject)ens));
  t->ens  = ens;
  t->comm = PetscObjectComm((PetscObject)t);
  *tw     = t;
  PetscFunctionReturn(0);
}

/*@C
  MckTwinSetType - Sets the kind of experiment.

  Collective

  Input Parameters:
+ tw   - the experiment
- type - `MCKTWIN_FILTER` (data assimilation) or `MCKTWIN_INVERSE` (EKI/EKS), or a type added
         with `MckTwinRegister()`

  Level: intermediate

.seealso: `MckTwinCreate()`, `MckTwinRegister()`
@*/
PetscErrorCode MckTwinSetType(MckTwin tw, MckTwinType type)
{
  MckTwinCreateFn create;
  PetscBool       same;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tw, MCK_TWIN_CLASSID, 1);
  PetscCall(PetscObjectTypeCompare((PetscObject)tw, type, &same));
  if (same) PetscFunctionReturn(0);
  PetscCheck(!tw->setup, tw->comm, PETSC_ERR_ORDER, "MckTwinSetType() must come before MckTwinSetUp()");
  PetscCall(PetscFunctionListFind(MckTwinList, type, &create));
  PetscCheck(create, tw->comm, PETSC_ERR_ARG_UNKNOWN_TYPE, "MckTwinSetType: unknown twin experiment %s", type);
  if (tw->ops->destroy) PetscCall((*tw->ops->destroy)(tw));
  PetscCall(PetscMemzero(tw->ops, sizeof(*tw->ops)));
  tw->data = NULL;
  PetscCall((*create)(tw));
  PetscCall(PetscObjectChangeTypeName((PetscObject)tw, type));
  PetscFunctionReturn(0);
}

/*@C
  MckTwinGetType - The kind of experiment.

  Not Collective

  Input Parameter:
. tw - the experiment

  Output Parameter:
. type - the type name

  Level: intermediate

.seealso: `MckTwinSetType()`
@*/
PetscErrorCode MckTwinGetType(MckTwin tw, MckTwinType *type)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tw, MCK_TWIN_CLASSID, 1);
  *type = ((PetscObject)tw)->type_name;
  PetscFunctionReturn(0);
}

/*@C
  MckTwinSetOptionsPrefix - Sets the prefix that names the experiment's options: with "da_"
  the filter reads -da_cycles, -da_obs_var, ..., and -da_view views it.

  Logically Collective

  Input Parameters:
+ tw     - the experiment
- prefix - the prefix, without the leading dash

  Level: beginner

.seealso: `MckTwinSetFromOptions()`
@*/
PetscErrorCode MckTwinSetOptionsPrefix(MckTwin tw, const char prefix[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tw, MCK_TWIN_CLASSID, 1);
  PetscCall(PetscObjectSetOptionsPrefix((PetscObject)tw, prefix));
  PetscFunctionReturn(0);
}

/*@C
  MckTwinSetRNG - The generator of the experiment's random numbers that are not the ensemble's:
  the filter's prior offset and observation noise, the noise on a caller's truth.

  Logically Collective

  Input Parameters:
+ tw  - the experiment
- rng - the generator (normally the run's, `MckRunGetRNG()`; the experiment keeps a reference)

  Level: beginner

.seealso: `MckTwinSetUp()`
@*/
PetscErrorCode MckTwinSetRNG(MckTwin tw, MckRNG rng)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tw, MCK_TWIN_CLASSID, 1);
  PetscCall(MckRNGReplace(&tw->rng, rng));
  PetscFunctionReturn(0);
}

/*@C
  MckTwinSetTruthFunction - The truth of an inverse experiment from the caller, instead of a
  parameter drawn from the prior: a function that computes the clean data (e.g. a PDE observed
  the way the model observes its members).

  Logically Collective

  Input Parameters:
+ tw    - an inverse experiment, not yet set up
. truth - computes the noise-free data, the same on every rank; called once, by `MckTwinSetUp()`
          (so the options it reads are known before the run checks them; a restart recomputes
          the data, they are not stored)
- ctx   - its context

  Note:
  A checkpoint records a fingerprint of the clean data, so a restart whose truth differs (in any
  of the settings the caller's truth depends on) is refused.

  Level: intermediate

.seealso: `MckTwinGetData()`, `MckTwinSetRNG()`
@*/
PetscErrorCode MckTwinSetTruthFunction(MckTwin tw, MckTwinTruthFn truth, void *ctx)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tw, MCK_TWIN_CLASSID, 1);
  PetscCheck(!tw->setup, tw->comm, PETSC_ERR_ORDER, "MckTwinSetTruthFunction() must come before MckTwinSetUp()");
  tw->truth    = truth;
  tw->truthctx = ctx;
  PetscFunctionReturn(0);
}

/*@C
  MckTwinSetMaxSteps - The largest number of cycles or iterations, set by the caller (an app
  with an option of its own); the type then does not read its own option for it.

  Logically Collective

  Input Parameters:
+ tw     - the experiment, before `MckTwinSetFromOptions()`
- nsteps - the limit (>= 1)

  Level: intermediate

.seealso: `MckTwinSetFromOptions()`
@*/
PetscErrorCode MckTwinSetMaxSteps(MckTwin tw, PetscInt64 nsteps)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tw, MCK_TWIN_CLASSID, 1);
  PetscCheck(nsteps >= 1, tw->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "MckTwinSetMaxSteps: %" PetscInt64_FMT " steps; at least 1", nsteps);
  tw->maxsteps = nsteps;
  PetscFunctionReturn(0);
}

/*@C
  MckTwinSetFromOptions - Reads the experiment's options (named by its prefix).

  Collective

  Input Parameter:
. tw - the experiment (filter by default)

  Options Database Keys (with the prefix p_ the app gives):
+ -p_cycles, -p_obs_every, -p_obs_steps, -p_obs_var, -p_spinup, -p_init_spread, -p_burnin - filter
. -p_truth_seed, -p_noise_std, -p_max_iterations, -p_discrepancy_tau                       - inverse
- -p_view - view the experiment, its ensemble and model at set-up

  Level: beginner

.seealso: `MckTwinSetOptionsPrefix()`, `MckTwinSetUp()`
@*/
PetscErrorCode MckTwinSetFromOptions(MckTwin tw)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tw, MCK_TWIN_CLASSID, 1);
  if (!((PetscObject)tw)->type_name) PetscCall(MckTwinSetType(tw, MCKTWIN_FILTER));
  PetscObjectOptionsBegin((PetscObject)tw);
  if (tw->ops->setfromoptions) MckOptionsCall((*tw->ops->setfromoptions)(tw, PetscOptionsObject));
  PetscOptionsEnd();
  PetscFunctionReturn(0);
}

/*@C
  MckTwinSetUp - Checks that the ensemble's model and analysis suit the experiment, sets the
  ensemble up, and makes room for the truth and the data.

  Collective

  Input Parameter:
. tw - the experiment, with its generator set

  Note:
  With -help the options are checked (a caller's truth function is called to read its own, with
  -help it computes nothing) and the ensemble's sizes (`MckEnsembleSetUp()`): nothing is allocated
  and the experiment is not set up.

  Level: beginner

.seealso: `MckTwinSetFromOptions()`, `MckRunSetSolver()`
@*/
PetscErrorCode MckTwinSetUp(MckTwin tw)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tw, MCK_TWIN_CLASSID, 1);
  if (tw->setup) PetscFunctionReturn(0);
  PetscCheck(tw->rng, tw->comm, PETSC_ERR_ORDER, "MckTwinSetRNG() must come before MckTwinSetUp()");
  if (!((PetscObject)tw)->type_name) PetscCall(MckTwinSetType(tw, MCKTWIN_FILTER));
  PetscCall(MckEnsembleGetModel(tw->ens, &tw->model));
  PetscCheck(tw->model, tw->comm, PETSC_ERR_ORDER, "MckTwinSetUp: the ensemble needs a model (MckEnsembleSetModel)");
  /* -help: the type checks the options, the ensemble its sizes; nothing is allocated */
  PetscCall(PetscOptionsHasHelp(((PetscObject)tw)->options, &tw->help));
  PetscCall((*tw->ops->setup)(tw));
  if (tw->help) PetscCall(McKeanObjectViewOptionRead((PetscObject)tw, "-view"));
  if (tw->help) PetscFunctionReturn(0);
  tw->setup = PETSC_TRUE;
  PetscCall(PetscObjectViewFromOptions((PetscObject)tw, NULL, "-view"));
  PetscFunctionReturn(0);
}

/*@C
  MckTwinGetEnsemble - The experiment's ensemble.

  Not Collective

  Input Parameter:
. tw - the experiment

  Output Parameter:
. ens - the ensemble (a borrowed reference)

  Level: intermediate

.seealso: `MckTwinCreate()`
@*/
PetscErrorCode MckTwinGetEnsemble(MckTwin tw, MckEnsemble *ens)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tw, MCK_TWIN_CLASSID, 1);
  *ens = tw->ens;
  PetscFunctionReturn(0);
}

/*@C
  MckTwinGetSeries - The experiment's time series, one row per cycle or iteration (filter:
  /timeseries/da, inverse: /timeseries/eki); add it to the run to have it written.

  Not Collective

  Input Parameter:
. tw - the experiment, set up

  Output Parameter:
. series - the series (owned by the experiment)

  Note:
  An inverse experiment evaluates G at the ensemble mean after every iteration (its residual)
  only when its series is asked for or the discrepancy principle is on.

  Level: intermediate

.seealso: `MckRunAddSeries()`
@*/
PetscErrorCode MckTwinGetSeries(MckTwin tw, MckSeries *series)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tw, MCK_TWIN_CLASSID, 1);
  PetscCheck(tw->setup && tw->series, tw->comm, PETSC_ERR_ORDER, "MckTwinGetSeries: call MckTwinSetUp() first");
  tw->record = PETSC_TRUE;
  *series    = tw->series;
  PetscFunctionReturn(0);
}

/*@C
  MckTwinGetSmootherSeries - The filter experiment's series of the fixed-lag smoother
  (/timeseries/da_smoother: for each cycle k - L the smoothed RMSE and spread, written after the
  analysis of cycle k), or NULL when the ensemble has no smoother; add it to the run to have it
  written.

  Not Collective

  Input Parameter:
. tw - the experiment, set up

  Output Parameter:
. series - the series (owned by the experiment), or NULL

  Options Database Key:
. -ens_smoother_lag <L> - the smoother's lag (etkf, enkf)

  Level: intermediate

.seealso: `MckTwinGetSeries()`, `MckEnsembleGetSmoothedMean()`, `MckRunAddSeries()`
@*/
PetscErrorCode MckTwinGetSmootherSeries(MckTwin tw, MckSeries *series)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tw, MCK_TWIN_CLASSID, 1);
  PetscCheck(tw->setup, tw->comm, PETSC_ERR_ORDER, "MckTwinGetSmootherSeries: call MckTwinSetUp() first");
  *series = tw->smoothed;
  PetscFunctionReturn(0);
}

/*@C
  MckTwinGetHeadline - The diagnostic worth a progress line: the filter's last analysis RMSE,
  the inverse experiment's residual.

  Not Collective

  Input Parameter:
. tw - the experiment

  Output Parameters:
+ name  - its name
- value - its value

  Level: intermediate

.seealso: `MckRunSetHeadline()`
@*/
PetscErrorCode MckTwinGetHeadline(MckTwin tw, const char **name, PetscReal *value)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tw, MCK_TWIN_CLASSID, 1);
  PetscCall((*tw->ops->headline)(tw, name, value));
  PetscFunctionReturn(0);
}

/*@C
  MckTwinGetData - The data of an inverse experiment: noisy and clean, replicated.

  Not Collective

  Input Parameter:
. tw - an inverse experiment, started (initialized or read)

  Output Parameters:
+ ndata - their length (may be NULL)
. y     - the data the ensemble sees (may be NULL)
- clean - the noise-free data (may be NULL)

  Level: intermediate

.seealso: `MckTwinSetTruthFunction()`
@*/
PetscErrorCode MckTwinGetData(MckTwin tw, PetscInt *ndata, const PetscReal **y, const PetscReal **clean)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tw, MCK_TWIN_CLASSID, 1);
  PetscCheck(tw->ops->data, tw->comm, PETSC_ERR_SUP, "MckTwinGetData: a %s twin experiment keeps no fixed data",
             ((PetscObject)tw)->type_name);
  PetscCall((*tw->ops->data)(tw, ndata, y, clean));
  PetscFunctionReturn(0);
}

/*@C
  MckTwinWriteResults - Writes what the experiment derives at its end (summaries; an inverse
  experiment's mean, truth, data, predicted data, exact posterior and physical fields) into the
  run file; the state itself is written by the run (`MckRunAddObject()`).

  Collective

  Input Parameters:
+ tw    - the experiment
. io    - the run file (e.g. from a finisher, `MckRunAddFinish()`, `MckRunGetIO()`)
- group - the experiment's group, the name it was added to the run with ("/ensemble")

  Level: intermediate

.seealso: `MckTwinViewSummary()`, `MckRunAddFinish()`
@*/
PetscErrorCode MckTwinWriteResults(MckTwin tw, MckIO io, const char group[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tw, MCK_TWIN_CLASSID, 1);
  if (tw->ops->results) PetscCall((*tw->ops->results)(tw, io, group));
  PetscFunctionReturn(0);
}

/*@C
  MckTwinViewSummary - Prints the experiment's outcome in one line (the filter's mean analysis
  RMSE and spread; the inverse experiment's iterations and residual).

  Collective

  Input Parameters:
+ tw     - the experiment
- viewer - an ASCII viewer (NULL: standard output)

  Level: intermediate

.seealso: `MckTwinWriteResults()`
@*/
PetscErrorCode MckTwinViewSummary(MckTwin tw, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tw, MCK_TWIN_CLASSID, 1);
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(tw->comm, &viewer));
  if (tw->ops->summary) PetscCall((*tw->ops->summary)(tw, viewer));
  PetscFunctionReturn(0);
}

/* The members' model is viewed by the member group that holds rank 0 of the experiment. */
static PetscErrorCode ViewModel(MckTwin tw)
{
  MPI_Comm    mcomm;
  PetscMPIInt rank;
  PetscBool   mine;

  PetscFunctionBeginUser;
  PetscCall(MckModelGetComm(tw->model, &mcomm));
  PetscCallMPI(MPI_Comm_rank(tw->comm, &rank));
  mine = rank == 0 ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, &mine, 1, MPIU_BOOL, MPI_LOR, mcomm));
  if (mine) PetscCall(MckModelView(tw->model, PETSC_VIEWER_STDOUT_(mcomm)));
  PetscFunctionReturn(0);
}

/*@C
  MckTwinView - Prints the experiment, its ensemble and its members' model.

  Collective

  Input Parameters:
+ tw     - the experiment
- viewer - an ASCII viewer (NULL: standard output)

  Options Database Key:
. -<prefix>view - view at set-up (-da_view, -eki_view, -twin_view in the apps)

  Level: intermediate

.seealso: `MckEnsembleView()`, `MckModelView()`
@*/
PetscErrorCode MckTwinView(MckTwin tw, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tw, MCK_TWIN_CLASSID, 1);
  PetscCall(McKeanObjectViewBegin((PetscObject)tw, &viewer, NULL));
  PetscCall(PetscViewerASCIIPushTab(viewer));
  if (tw->ops->view) PetscCall((*tw->ops->view)(tw, viewer));
  PetscCall(PetscViewerASCIIPopTab(viewer));
  PetscCall(MckEnsembleView(tw->ens, viewer));
  if (tw->model) PetscCall(ViewModel(tw));
  PetscFunctionReturn(0);
}

/*@C
  MckTwinDestroy - Drops a reference to the experiment, freeing it with the last.

  Collective

  Input Parameter:
. tw - the experiment

  Level: beginner

.seealso: `MckTwinCreate()`
@*/
PetscErrorCode MckTwinDestroy(MckTwin *tw)
{
  PetscBool last;

  PetscFunctionBeginUser;
  PetscCall(McKeanObjectRelease((PetscObject *)tw, MCK_TWIN_CLASSID, &last));
  if (!last) PetscFunctionReturn(0);
  if ((*tw)->ops->destroy) PetscCall((*(*tw)->ops->destroy)(*tw));
  PetscCall(MckSeriesDestroy(&(*tw)->series));
  PetscCall(MckSeriesDestroy(&(*tw)->smoothed));
  PetscCall(MckEnsembleDestroy(&(*tw)->ens));
  PetscCall(MckRNGDestroy(&(*tw)->rng));
  PetscCall(PetscHeaderDestroy(tw));
  PetscFunctionReturn(0);
}

PetscErrorCode MckTwinNoisyData(MckRNG rng, PetscInt64 step, PetscInt n, PetscReal std, const PetscReal clean[],
                                PetscReal y[])
{
  PetscReal *xi;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(n + 1, &xi));
  PetscCall(MckRNGNormals(rng, 0, n, step, 0, 1, &xi));
  for (PetscInt i = 0; i < n; i++) y[i] = clean[i] + std * xi[i];
  PetscCall(PetscFree(xi));
  PetscFunctionReturn(0);
}

PetscErrorCode MckTwinGatherVec(VecScatter gather, Vec x, Vec all, PetscReal full[])
{
  const PetscReal *a;
  PetscInt         n;

  PetscFunctionBeginUser;
  PetscCall(VecScatterBegin(gather, x, all, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(gather, x, all, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecGetLocalSize(all, &n));
  PetscCall(VecGetArrayRead(all, &a));
  PetscCall(PetscArraycpy(full, a, n));
  PetscCall(VecRestoreArrayRead(all, &a));
  PetscFunctionReturn(0);
}

/* The model must be of the kind the experiment needs, and so must the analysis: messages name
 * the option and list the registered types that would do. */
PetscErrorCode MckTwinRequireKinds(MckTwin tw, MckModelKind model, PetscBool filter)
{
  MckModelKind    mk;
  MckEnsembleKind ek;
  MckModelType    mtype;
  MckEnsembleType etype;
  char            allowed[512], allowed2[256];

  PetscFunctionBeginUser;
  PetscCall(MckModelGetKind(tw->model, &mk));
  PetscCall(MckModelGetType(tw->model, &mtype));
  if (mk != model) {
    PetscCall(MckModelTypesOfKind(model, allowed, sizeof(allowed)));
    SETERRQ(tw->comm, PETSC_ERR_USER_INPUT, "%s %s: the %s twin experiment needs %s model; allowed: %s",
            McKeanOptionName((PetscObject)tw->model, "-model_type"), mtype, ((PetscObject)tw)->type_name,
            model == MCK_MODEL_DYNAMICAL ? "a dynamical" : "an inverse", allowed);
  }
  PetscCall(MckEnsembleGetKind(tw->ens, &ek));
  PetscCall(MckEnsembleGetType(tw->ens, &etype));
  if ((ek == MCK_ENSEMBLE_FILTER) != filter) {
    if (filter) PetscCall(MckEnsembleTypesOfKind(MCK_ENSEMBLE_FILTER, allowed, sizeof(allowed)));
    else {
      PetscCall(MckEnsembleTypesOfKind(MCK_ENSEMBLE_INVERSION, allowed, sizeof(allowed)));
      PetscCall(MckEnsembleTypesOfKind(MCK_ENSEMBLE_SAMPLER, allowed2, sizeof(allowed2)));
      PetscCall(PetscStrlcat(allowed, ", ", sizeof(allowed)));
      PetscCall(PetscStrlcat(allowed, allowed2, sizeof(allowed)));
    }
    SETERRQ(tw->comm, PETSC_ERR_USER_INPUT, "%s %s: the %s twin experiment needs %s; allowed: %s",
            McKeanOptionName((PetscObject)tw->ens, "-ens_analysis"), etype, ((PetscObject)tw)->type_name,
            filter ? "a filter" : "an inverse process", allowed);
  }
  PetscFunctionReturn(0);
}
