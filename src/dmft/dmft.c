/* MckDMFT: creation, the model (type), options, set-up, stepping, the result, view. The run
 * protocols are composed in dmftrun.c; the models are src/dmft/scs.c and src/dmft/pspin.c. */
#include "dmft/dmftimpl.h"

MCK_TYPED_RETYPE(DMFTRetype, MckDMFT, NULL, MckDMFTCreateFn, (x, x->ops, &x->data))
static const MckTypedClass DMFTClass = {
    "MckDMFT",
    &MckDMFTList,
    "-dmft_model",
    "model",
    "Model: scs (random rate network, Sompolinsky-Crisanti-Sommers), pspin (spherical p-spin glass), or registered",
    MCKDMFT_SCS,
    DMFTRetype};

/*@C
  MckDMFTCreate - Creates a dynamical mean-field theory solver.

  Collective

  Input Parameter:
. comm - the communicator

  Output Parameter:
. d - the solver; its model (type) is set by `MckDMFTSetType()` or -dmft_model (default scs)

  Level: beginner

.seealso: `MckDMFTSetFromOptions()`, `MckDMFTSetUp()`, `MckDMFTSolve()`, `MckRunSetSolver()`, `MckDMFTDestroy()`
@*/
PetscErrorCode MckDMFTCreate(MPI_Comm comm, MckDMFT *d)
{
  PetscFunctionBeginUser;
  PetscValidPointer(d, 2);
  PetscCall(MckDMFTInitializePackage());
  PetscCall(PetscHeaderCreate(*d, MCK_DMFT_CLASSID, "MckDMFT", "Dynamical mean-field theory", "MckDMFT", comm,
                              MckDMFTDestroy, MckDMFTView));
  PetscCall(MckObjectComposeRunMethods((PetscObject)*d, &MckDMFTStepper, &MckDMFTCheckpoint));
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTSetType - Sets the model.

  Collective

  Input Parameters:
+ d    - the solver
- type - `MCKDMFT_SCS`, `MCKDMFT_PSPIN`, or a model added with `MckDMFTRegister()`

  Options Database Key:
. -dmft_model <type> - the model

  Level: intermediate

.seealso: `MckDMFTRegister()`, `MckDMFTGetType()`
@*/
PetscErrorCode MckDMFTSetType(MckDMFT d, MckDMFTType type)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  PetscCall(McKeanTypedSetType((PetscObject)d, &DMFTClass, d->setup, type));
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTGetType - The model's type name.

  Not Collective

  Input Parameter:
. d - the solver

  Output Parameter:
. type - the type name (NULL before one is set)

  Level: intermediate

.seealso: `MckDMFTSetType()`
@*/
PetscErrorCode MckDMFTGetType(MckDMFT d, MckDMFTType *type)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  *type = ((PetscObject)d)->type_name;
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTGetTypeData - The model type's own state, as its constructor set it.

  Not Collective

  Input Parameter:
. d - the solver

  Output Parameter:
. data - the state

  Level: developer

.seealso: `MckDMFTRegister()`, `MckDMFTCreateFn`
@*/
PetscErrorCode MckDMFTGetTypeData(MckDMFT d, void **data)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  *data = d->data;
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTSetOptionsPrefix - Sets the prefix of the solver's options (-<prefix>dmft_g,
  -<prefix>pspin_p, -<prefix>dmft_snes_type), so that two solvers in one run have their own.

  Logically Collective

  Input Parameters:
+ d      - the solver
- prefix - the prefix, without the leading dash

  Level: intermediate

.seealso: `MckDMFTSetFromOptions()`
@*/
PetscErrorCode MckDMFTSetOptionsPrefix(MckDMFT d, const char prefix[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  PetscCall(PetscObjectSetOptionsPrefix((PetscObject)d, prefix));
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTSetFromOptions - Sets the model from the options database, and the model its own
  options (docs/dmft.md, docs/pspin.md).

  Collective

  Input Parameter:
. d - the solver

  Options Database Keys:
+ -dmft_model <scs|pspin> - the model (the type)
- -dmft_view              - view the solver at set-up

  Level: beginner

.seealso: `MckDMFTCreate()`, `MckDMFTSetUp()`, `MckDMFTSetOptionsPrefix()`
@*/
PetscErrorCode MckDMFTSetFromOptions(MckDMFT d)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  PetscCheck(!d->setup, PetscObjectComm((PetscObject)d), PETSC_ERR_ORDER,
             "MckDMFTSetFromOptions() must come before MckDMFTSetUp()");
  PetscObjectOptionsBegin((PetscObject)d);
  MckOptionsCall(MckOptionsTyped(d, &DMFTClass, d->setup));
  if (d->ops->setfromoptions) MckOptionsCall((*d->ops->setfromoptions)(d, PetscOptionsObject));
  PetscOptionsEnd();
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTSetRNG - The generator of the model's random numbers (fields, noise, couplings,
  initial conditions); models without randomness need none.

  Logically Collective

  Input Parameters:
+ d   - the solver
- rng - the generator (the solver keeps a reference); e.g. `MckRunGetRNG()`

  Level: beginner

.seealso: `MckDMFTSetUp()`, `MckRNGNormals()`
@*/
PetscErrorCode MckDMFTSetRNG(MckDMFT d, MckRNG rng)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  PetscCall(MckRNGReplace(&d->rng, rng));
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTGetRNG - The generator set with `MckDMFTSetRNG()`, or a user error (for a model that
  needs one) naming the missing call.

  Not Collective

  Input Parameter:
. d - the solver

  Output Parameter:
. rng - the generator

  Level: developer

.seealso: `MckDMFTSetRNG()`
@*/
PetscErrorCode MckDMFTGetRNG(MckDMFT d, MckRNG *rng)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  PetscCheck(d->rng, PetscObjectComm((PetscObject)d), PETSC_ERR_ORDER,
             "MckDMFTSetRNG() must come before MckDMFTSetUp() for the %s model", ((PetscObject)d)->type_name);
  *rng = d->rng;
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTSetUp - Checks the configuration (memory included: an error says how much the solve
  needs) and allocates everything the solve needs.

  Collective

  Input Parameter:
. d - the solver

  Note:
  With -help the options are read as without it and the types allocate nothing (nor check memory).

  Level: beginner

.seealso: `MckDMFTSetFromOptions()`, `MckDMFTInitialize()`, `MckDMFTSolve()`
@*/
PetscErrorCode MckDMFTSetUp(MckDMFT d)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  if (d->setup) PetscFunctionReturn(0);
  if (!((PetscObject)d)->type_name) PetscCall(MckDMFTSetType(d, MCKDMFT_SCS));
  PetscCall(PetscOptionsHasHelp(((PetscObject)d)->options, &d->help));
  if (d->ops->setup) PetscCall((*d->ops->setup)(d));
  d->setup = PETSC_TRUE;
  PetscCall(PetscObjectViewFromOptions((PetscObject)d, NULL, "-dmft_view"));
  PetscFunctionReturn(0);
}

/* A solver set up under -help holds nothing of the grid's size: it cannot start. */
static PetscErrorCode CheckNotHelp(MckDMFT d, const char what[])
{
  PetscFunctionBeginUser;
  PetscCheck(!d->help, PetscObjectComm((PetscObject)d), PETSC_ERR_ORDER,
             "%s: the solver was set up with -help, which allocates nothing of the grid's size; set it up without "
             "-help to solve",
             what);
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTInitialize - Makes the fresh-start state: step 0 of a new solve (a run restarting from
  a checkpoint reads the state instead, `MckDMFTRead()`).

  Collective

  Input Parameter:
. d - the solver

  Level: intermediate

.seealso: `MckDMFTStep()`, `MckDMFTSolve()`
@*/
PetscErrorCode MckDMFTInitialize(MckDMFT d)
{
  PetscFunctionBeginUser;
  PetscCall(MckDMFTSetUp(d));
  PetscCall(CheckNotHelp(d, "MckDMFTInitialize"));
  if (d->ops->initialize) PetscCall((*d->ops->initialize)(d));
  d->started = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTStep - Advances the solve by one step: an iteration of a self-consistency, a time step
  of an integration, or the whole of a solver that takes one step.

  Collective

  Input Parameter:
. d - the solver, initialized or restored

  Level: intermediate

.seealso: `MckDMFTGetStep()`, `MckDMFTSolve()`, `MckRunSolve()`
@*/
PetscErrorCode MckDMFTStep(MckDMFT d)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  PetscCheck(d->started, PetscObjectComm((PetscObject)d), PETSC_ERR_ORDER,
             "MckDMFTInitialize() or MckDMFTRead() must come before MckDMFTStep()");
  PetscCall((*d->ops->step)(d));
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTGetStep - The steps done, the steps of the solve (a solve that finished early, such as a
  converged self-consistency, has nsteps = step) and the time of the current state.

  Not Collective

  Input Parameter:
. d - the solver, set up

  Output Parameters:
+ step   - steps done (may be NULL)
. nsteps - steps of the solve (may be NULL)
- time   - time of the current state; the iteration count for an iteration (may be NULL)

  Level: intermediate

.seealso: `MckDMFTStep()`
@*/
PetscErrorCode MckDMFTGetStep(MckDMFT d, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time)
{
  PetscInt64 s, n;
  PetscReal  t;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  PetscCheck(d->setup, PetscObjectComm((PetscObject)d), PETSC_ERR_ORDER,
             "MckDMFTSetUp() must come before MckDMFTGetStep()");
  PetscCall((*d->ops->getstep)(d, &s, &n, &t));
  if (step) *step = s;
  if (nsteps) *nsteps = n;
  if (time) *time = t;
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTSolve - Solves: from the fresh start (or, once, from a state read with `MckDMFTRead()`)
  step by step to the end. An app drives the steps through an `MckRun` instead.

  Collective

  Input Parameter:
. d - the solver

  Level: beginner

.seealso: `MckDMFTStep()`, `MckRunSolve()`
@*/
PetscErrorCode MckDMFTSolve(MckDMFT d)
{
  PetscInt64 step, nsteps;

  PetscFunctionBeginUser;
  PetscCall(MckDMFTSetUp(d));
  PetscCall(MckDMFTGetStep(d, &step, &nsteps, NULL));
  if (!d->started || step >= nsteps) PetscCall(MckDMFTInitialize(d));
  PetscCall(MckDMFTGetStep(d, &step, &nsteps, NULL));
  while (step < nsteps) {
    PetscCall(MckDMFTStep(d));
    PetscCall(MckDMFTGetStep(d, &step, &nsteps, NULL));
  }
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTCheckCheckpointing - Refuses periodic checkpoints or a restart that the model (or its
  solver) cannot honour, naming the option; an app calls it with its run's settings.

  Collective

  Input Parameters:
+ d        - the solver, set up
. interval - the run's -checkpoint_interval (0: none)
- restart  - whether the run continues a checkpoint (-restart)

  Level: intermediate

.seealso: `MckRunGetCheckpointInterval()`, `MckRunIsRestart()`
@*/
PetscErrorCode MckDMFTCheckCheckpointing(MckDMFT d, PetscInt interval, PetscBool restart)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  if (d->ops->checkpointing) PetscCall((*d->ops->checkpointing)(d, interval, restart));
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTConfig - Records or compares the settings a checkpoint of the solver depends on.

  Collective

  Input Parameters:
+ d     - the solver
. io    - the checkpoint
- check - `PETSC_FALSE` to record, `PETSC_TRUE` to compare

  Level: developer

.seealso: `MckRunAddObject()`, `MckIOConfigString()`
@*/
PetscErrorCode MckDMFTConfig(MckDMFT d, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  PetscCall(MckIOConfigString(io, check, McKeanOptionName((PetscObject)d, "-dmft_model"), ((PetscObject)d)->type_name));
  if (d->ops->config) PetscCall((*d->ops->config)(d, io, check));
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTWrite - Writes the solver into a group of a file: the result of a finished solve (the
  /dmft group of a run file, docs/dmft.md), or the state of an unfinished one (a checkpoint).

  Collective

  Input Parameters:
+ d     - the solver
. io    - the file, open for writing
- group - the group, e.g. "/dmft"

  Level: intermediate

.seealso: `MckDMFTRead()`, `MckRunAddObject()`
@*/
PetscErrorCode MckDMFTWrite(MckDMFT d, MckIO io, const char group[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  PetscCheck(d->started, PetscObjectComm((PetscObject)d), PETSC_ERR_ORDER,
             "MckDMFTWrite(): nothing to write before MckDMFTInitialize() or MckDMFTSolve()");
  PetscCheck(d->ops->write, PetscObjectComm((PetscObject)d), PETSC_ERR_SUP,
             "MckDMFTWrite(): the %s model writes nothing", ((PetscObject)d)->type_name);
  PetscCall((*d->ops->write)(d, io, group));
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTRead - Restores what `MckDMFTWrite()` wrote, bit for bit, on any rank count: the solve
  then continues (or is finished) as the one that wrote it.

  Collective

  Input Parameters:
+ d     - the solver, set up with the same configuration
. io    - the file, open for reading
- group - the group

  Level: intermediate

.seealso: `MckDMFTWrite()`, `MckRunAddObject()`
@*/
PetscErrorCode MckDMFTRead(MckDMFT d, MckIO io, const char group[])
{
  PetscFunctionBeginUser;
  PetscCall(MckDMFTSetUp(d));
  PetscCall(CheckNotHelp(d, "MckDMFTRead"));
  PetscCheck(d->ops->read, PetscObjectComm((PetscObject)d), PETSC_ERR_SUP, "MckDMFTRead(): the %s model reads nothing",
             ((PetscObject)d)->type_name);
  PetscCall((*d->ops->read)(d, io, group));
  d->started = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTGetHeadline - The number the model shows on a run's progress line (the residual of a
  self-consistency, the energy of a p-spin), for the current state.

  Not Collective

  Input Parameter:
. d - the solver

  Output Parameters:
+ name  - its name (NULL: the model shows none)
- value - its value

  Level: intermediate

.seealso: `MckRunSetHeadline()`
@*/
PetscErrorCode MckDMFTGetHeadline(MckDMFT d, const char **name, PetscReal *value)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  *name  = NULL;
  *value = 0;
  if (d->ops->headline && d->started) PetscCall((*d->ops->headline)(d, name, value));
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTGetHistory - The time series the model fills while it steps (the population solver's
  /timeseries/dmft_iterations: iteration, residual, mean diagonal of C_phi).

  Not Collective

  Input Parameter:
. d - the solver, set up

  Output Parameter:
. history - the series, owned by d (NULL: the model keeps none)

  Level: intermediate

.seealso: `MckRunAddSeries()`
@*/
PetscErrorCode MckDMFTGetHistory(MckDMFT d, MckSeries *history)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  *history = NULL;
  if (d->ops->history) PetscCall((*d->ops->history)(d, history));
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTResultView - Prints a summary of the result (convergence of a self-consistency,
  Delta(0) and the last lag of the autocorrelation).

  Collective

  Input Parameters:
+ d      - the solver, solved
- viewer - an ASCII viewer (NULL: standard output)

  Level: intermediate

.seealso: `MckDMFTView()`, `MckRunAddFinish()`
@*/
PetscErrorCode MckDMFTResultView(MckDMFT d, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(PetscObjectComm((PetscObject)d), &viewer));
  if (d->ops->resultview) PetscCall((*d->ops->resultview)(d, viewer));
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTView - Prints the solver: model, parameters, grid, solver, memory.

  Collective

  Input Parameters:
+ d      - the solver
- viewer - an ASCII viewer (NULL: standard output)

  Options Database Key:
. -dmft_view - view at set-up

  Level: intermediate

.seealso: `MckDMFTSetUp()`, `MckDMFTResultView()`
@*/
PetscErrorCode MckDMFTView(MckDMFT d, PetscViewer viewer)
{
  PetscBool ascii;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  PetscCall(McKeanObjectViewBegin((PetscObject)d, &viewer, &ascii));
  if (!ascii) PetscFunctionReturn(0);
  PetscCall(PetscViewerASCIIPushTab(viewer));
  if (d->ops->view) PetscCall((*d->ops->view)(d, viewer));
  PetscCall(PetscViewerASCIIPopTab(viewer));
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTDestroy - Drops a reference to the solver, freeing it with the last.

  Collective

  Input Parameter:
. d - the solver

  Level: beginner

.seealso: `MckDMFTCreate()`
@*/
PetscErrorCode MckDMFTDestroy(MckDMFT *d)
{
  PetscBool last;

  PetscFunctionBeginUser;
  PetscCall(McKeanObjectRelease((PetscObject *)d, MCK_DMFT_CLASSID, &last));
  if (!last) PetscFunctionReturn(0);
  if ((*d)->ops->destroy) PetscCall((*(*d)->ops->destroy)(*d));
  PetscCall(MckRNGDestroy(&(*d)->rng));
  PetscCall(PetscHeaderDestroy(d));
  PetscFunctionReturn(0);
}
