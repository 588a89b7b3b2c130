/* MckRun: creation, the options common to every app, and what apps add to a run. */
#include "runimpl.h"

PetscClassId     MCK_RUN_CLASSID;
static PetscBool MckRunPackageInitialized;

static PetscErrorCode MckRunFinalizePackage(void)
{
  PetscFunctionBeginUser;
  MckRunPackageInitialized = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/*@C
  MckRunInitializePackage - Registers the MckRun class; called by MckRunCreate().

  Not Collective

  Level: developer

.seealso: `MckRunCreate()`
@*/
PetscErrorCode MckRunInitializePackage(void)
{
  PetscFunctionBeginUser;
  if (MckRunPackageInitialized) PetscFunctionReturn(0);
  MckRunPackageInitialized = PETSC_TRUE;
  PetscCall(PetscClassIdRegister("McKean run", &MCK_RUN_CLASSID));
  PetscCall(PetscRegisterFinalize(MckRunFinalizePackage));
  PetscFunctionReturn(0);
}

/*@C
  MckRunCreate - Creates the run driver of an app: its options, run file, loop and checkpoints.

  Collective

  Input Parameter:
. comm - the communicator of the whole run (normally `PETSC_COMM_WORLD`)

  Output Parameter:
. run - the new run

  Level: beginner

.seealso: `MckRunSetFromOptions()`, `MckRunSetSolver()`, `MckRunAddObject()`, `MckRunSolve()`, `MckRunDestroy()`
@*/
PetscErrorCode MckRunCreate(MPI_Comm comm, MckRun *run)
{
  MckRun r;

  PetscFunctionBeginUser;
  PetscValidPointer(run, 2);
  PetscCall(MckRunInitializePackage());
  PetscCall(PetscHeaderCreate(r, MCK_RUN_CLASSID, "MckRun", "McKean run", "MckRun", comm, MckRunDestroy, MckRunView));
  PetscCall(PetscTime(&r->start));
  PetscCall(PetscStrncpy(r->output, "run.h5", sizeof(r->output)));
  r->seed              = 1;
  r->progress_interval = -1;
  *run                 = r;
  PetscFunctionReturn(0);
}

/*@C
  MckRunCreateFromOptions - Creates the run of an app: its default run file, sidecar and default
  options set, and the options common to every app read.

  Collective

  Input Parameters:
+ comm     - the communicator of the whole run (normally `PETSC_COMM_WORLD`)
. output   - the run file written when -output is not given
. sidecar  - `PETSC_TRUE` when the app writes an XDMF sidecar next to the run file
- defaults - the app's default options, pairs of name and value ended by NULL, or NULL for none

  Output Parameter:
. run - the run, ready for its objects

  Options Database Keys:
. -output, -seed, -checkpoint, -checkpoint_interval, -restart, -progress_interval - see `MckRunSetFromOptions()`

  Level: beginner

.seealso: `MckRunCreate()`, `MckRunSetDefaultOutput()`, `MckRunSetSidecar()`, `MckRunSetDefaultOptions()`,
          `MckRunSetFromOptions()`, `MckRunSolveObject()`
@*/
PetscErrorCode MckRunCreateFromOptions(MPI_Comm comm, const char output[], PetscBool sidecar,
                                       const char *const defaults[], MckRun *run)
{
  PetscFunctionBeginUser;
  PetscCall(MckRunCreate(comm, run));
  PetscCall(MckRunSetDefaultOutput(*run, output));
  PetscCall(MckRunSetSidecar(*run, sidecar));
  if (defaults) PetscCall(MckRunSetDefaultOptions(*run, defaults));
  PetscCall(MckRunSetFromOptions(*run));
  PetscFunctionReturn(0);
}

/*@C
  MckRunSetDefaultOutput - The run file written when -output is not given.

  Logically Collective

  Input Parameters:
+ run  - the run
- path - the default path (an app names it after itself, e.g. "langevin.h5")

  Level: intermediate

.seealso: `MckRunSetFromOptions()`
@*/
PetscErrorCode MckRunSetDefaultOutput(MckRun run, const char path[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  PetscCall(PetscStrncpy(run->output, path, sizeof(run->output)));
  PetscFunctionReturn(0);
}

/*@C
  MckRunSetSidecar - Says that the run writes an XDMF sidecar next to its run file
  (`MckIOWriteXDMF()`), so that `MckRunSetFromOptions()` claims it with the other outputs: a
  sidecar path that may not be written is refused before any work, not at the end of the run.

  Logically Collective

  Input Parameters:
+ run     - the run
- sidecar - `PETSC_TRUE` when the app writes the sidecar

  Level: intermediate

.seealso: `MckRunSetFromOptions()`, `MckIOWriteXDMF()`, `MckIOSidecarPath()`
@*/
PetscErrorCode MckRunSetSidecar(MckRun run, PetscBool sidecar)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  run->sidecar = sidecar;
  PetscFunctionReturn(0);
}

/*@C
  MckRunSetDefaultOptions - Values the app's objects take for options that neither the deck nor
  the command line gives: an app whose objects' own defaults do not make a consistent
  configuration sets the few that do, so it runs (and lists its options with -help) without a
  deck. Call it before any object reads its options.

  Logically Collective

  Input Parameters:
+ run     - the run
- options - option names and their values, in pairs, ended by NULL (e.g. {"-lgv_drifts",
            "fourier_meanfield", NULL})

  Level: intermediate

.seealso: `MckRunSetDefaultOutput()`, `MckRunSetFromOptions()`
@*/
PetscErrorCode MckRunSetDefaultOptions(MckRun run, const char *const options[])
{
  PetscBool given;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  for (const char *const *o = options; o[0]; o += 2) {
    PetscCheck(o[1], PetscObjectComm((PetscObject)run), PETSC_ERR_ARG_WRONG,
               "MckRunSetDefaultOptions: %s has no value (give name and value pairs, ended by NULL)", o[0]);
    PetscCall(PetscOptionsHasName(NULL, NULL, o[0], &given));
    if (!given) PetscCall(PetscOptionsSetValue(NULL, o[0], o[1]));
  }
  PetscFunctionReturn(0);
}

/* run.h5 -> run.chk.h5: the checkpoint sits next to the run file it belongs to. */
static PetscErrorCode DefaultCheckpointPath(const char output[], char chk[], size_t len)
{
  size_t n;

  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(chk, output, len));
  PetscCall(PetscStrlen(chk, &n));
  if (n > 3 && !strcmp(chk + n - 3, ".h5")) chk[n - 3] = 0;
  PetscCall(PetscStrlcat(chk, ".chk.h5", len));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckCommonOptions(MckRun run, PetscBool restart_set)
{
  MPI_Comm comm = PetscObjectComm((PetscObject)run);

  PetscFunctionBeginUser;
  PetscCheck(run->output[0], comm, PETSC_ERR_USER_INPUT, "-output: an output file name is required");
  PetscCheck(run->seed >= 0, comm, PETSC_ERR_USER_INPUT, "-seed %" PetscInt_FMT ": must be zero or positive",
             run->seed);
  PetscCheck(run->checkpoint_interval >= 0, comm, PETSC_ERR_USER_INPUT,
             "-checkpoint_interval %" PetscInt_FMT ": must be zero (never) or a positive number of steps",
             run->checkpoint_interval);
  PetscCheck(run->progress_interval >= -1, comm, PETSC_ERR_USER_INPUT,
             "-progress_interval %" PetscInt_FMT ": must be -1 (automatic), 0 (never) or a positive number of steps",
             run->progress_interval);
  PetscCheck(!restart_set || run->restart[0], comm, PETSC_ERR_USER_INPUT,
             "-restart: needs the name of a checkpoint file");
  PetscCheck(strcmp(run->output, run->checkpoint), comm, PETSC_ERR_USER_INPUT,
             "-checkpoint %s: must differ from -output", run->checkpoint);
  PetscFunctionReturn(0);
}

/* The run file, the checkpoint when checkpoints are written, and the XDMF sidecar of an app that
 * writes one. */
static PetscErrorCode ClaimOutputs(MckRun run)
{
  MPI_Comm comm = PetscObjectComm((PetscObject)run);

  PetscFunctionBegin;
  PetscCall(MckIOClaimOutput(comm, run->output, "-output", MCKIO_RUN_FILE));
  if (run->checkpoint_interval > 0)
    PetscCall(MckIOClaimOutput(comm, run->checkpoint, "-checkpoint", MCKIO_CHECKPOINT_FILE));
  if (run->sidecar) {
    char        xmf[PETSC_MAX_PATH_LEN];
    const char *base;

    PetscCall(MckIOSidecarPath(run->output, xmf, sizeof(xmf), &base));
    PetscCall(MckIOClaimOutput(comm, xmf, "-output", MCKIO_XDMF_FILE));
  }
  PetscFunctionReturn(0);
}

/*@C
  MckRunSetFromOptions - Reads the options common to every app and creates the run's random
  number generator from the seed.

  Collective

  Input Parameter:
. run - the run

  Options Database Keys:
+ -output FILE              - HDF5 run file to write (default set by `MckRunSetDefaultOutput()`)
. -seed N                   - random seed; with the options it determines every result bit for bit
. -checkpoint_interval N    - write a checkpoint every N steps (0: never)
. -checkpoint FILE          - checkpoint file (default: the run file's name with .chk.h5)
. -restart FILE             - continue from this checkpoint
- -progress_interval N      - a progress line every N steps (0: never, -1: about ten per run)

  Level: beginner

.seealso: `MckRunCreate()`, `MckRunGetRNG()`, `MckRunSolve()`
@*/
PetscErrorCode MckRunSetFromOptions(MckRun run)
{
  PetscBool restart_set;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  PetscObjectOptionsBegin((PetscObject)run);
  MckOptionsCall(
      MckOptionsString("-output", "HDF5 run file to write", run->output, run->output, sizeof(run->output), NULL));
  MckOptionsCall(MckOptionsInt("-seed", "Random seed (with the options, it determines every result bit for bit)",
                               run->seed, &run->seed, NULL));
  MckOptionsCall(MckOptionsInt("-checkpoint_interval", "Write a checkpoint every this many steps (0: never)",
                               run->checkpoint_interval, &run->checkpoint_interval, NULL));
  MckOptionsCall(DefaultCheckpointPath(run->output, run->checkpoint, sizeof(run->checkpoint)));
  MckOptionsCall(MckOptionsString("-checkpoint", "Checkpoint file (default: the run file's name with .chk.h5)",
                                  run->checkpoint, run->checkpoint, sizeof(run->checkpoint), NULL));
  MckOptionsCall(MckOptionsString("-restart", "Continue from this checkpoint file", run->restart, run->restart,
                                  sizeof(run->restart), &restart_set));
  MckOptionsCall(MckOptionsInt("-progress_interval",
                               "Print a progress line every this many steps (0: never, -1: ten lines per run)",
                               run->progress_interval, &run->progress_interval, NULL));
  PetscOptionsEnd();
  PetscCall(PetscOptionsHasHelp(NULL, &run->help));
  PetscCall(CheckCommonOptions(run, restart_set));
  if (!run->help) PetscCall(ClaimOutputs(run)); /* a refused output is said before any work */
  PetscCall(MckRNGDestroy(&run->rng));
  PetscCall(MckRNGCreate(PetscObjectComm((PetscObject)run), &run->rng));
  PetscCall(MckRNGSetSeed(run->rng, run->seed));
  run->setfromoptions = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/*@C
  MckRunGetSeed - The run's -seed.

  Not Collective

  Input Parameter:
. run - the run (after `MckRunSetFromOptions()`)

  Output Parameter:
. seed - the seed

  Level: intermediate

.seealso: `MckRunGetRNG()`
@*/
PetscErrorCode MckRunGetSeed(MckRun run, PetscInt64 *seed)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  *seed = run->seed;
  PetscFunctionReturn(0);
}

/*@C
  MckRunGetRNG - The generator keyed by the run's -seed, for the objects of the run.

  Not Collective

  Input Parameter:
. run - the run (after `MckRunSetFromOptions()`)

  Output Parameter:
. rng - the generator, owned by the run

  Level: intermediate

.seealso: `MckRunGetSeed()`, `MckRNGNormals()`
@*/
PetscErrorCode MckRunGetRNG(MckRun run, MckRNG *rng)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  PetscCheck(run->setfromoptions, PetscObjectComm((PetscObject)run), PETSC_ERR_ORDER,
             "MckRunSetFromOptions() must come before MckRunGetRNG()");
  *rng = run->rng;
  PetscFunctionReturn(0);
}

/*@C
  MckRunGetCheckpointInterval - The run's -checkpoint_interval (0: no periodic checkpoints).

  Not Collective

  Input Parameter:
. run - the run

  Output Parameter:
. interval - steps between checkpoints

  Level: intermediate

.seealso: `MckRunSetFromOptions()`
@*/
PetscErrorCode MckRunGetCheckpointInterval(MckRun run, PetscInt *interval)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  *interval = run->checkpoint_interval;
  PetscFunctionReturn(0);
}

/*@C
  MckRunIsRestart - Whether the run continues a checkpoint (-restart).

  Not Collective

  Input Parameter:
. run - the run

  Output Parameter:
. restart - `PETSC_TRUE` when -restart was given

  Level: intermediate

.seealso: `MckRunSetFromOptions()`
@*/
PetscErrorCode MckRunIsRestart(MckRun run, PetscBool *restart)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  *restart = run->restart[0] ? PETSC_TRUE : PETSC_FALSE;
  PetscFunctionReturn(0);
}

/*@C
  MckRunHasHelp - Whether -help was given: the options have been listed, the run does nothing.

  Not Collective

  Input Parameter:
. run - the run

  Output Parameter:
. help - `PETSC_TRUE` with -help

  Level: intermediate

.seealso: `MckRunSolve()`
@*/
PetscErrorCode MckRunHasHelp(MckRun run, PetscBool *help)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  *help = run->help;
  PetscFunctionReturn(0);
}

/*@C
  MckRunSetSolver - The object the run advances, through the stepping protocol composed on it.

  Logically Collective

  Input Parameters:
+ run    - the run
- solver - an object composing `MckObjectComposeStepper()` methods (e.g. an `MckLangevin`)

  Note:
  The solver takes part in checkpoints only if it is also added with `MckRunAddObject()`.

  Level: beginner

.seealso: `MckObjectComposeStepper()`, `MckRunAddObject()`, `MckRunSolve()`
@*/
PetscErrorCode MckRunSetSolver(MckRun run, PetscObject solver)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  PetscValidHeader(solver, 2);
  PetscCall(MckObjectGetStepper(solver, &run->stepper));
  PetscCheck(run->stepper.step && run->stepper.getstep, PetscObjectComm((PetscObject)run), PETSC_ERR_ARG_WRONG,
             "MckRunSetSolver: %s composes no stepping methods (MckObjectComposeStepper)", solver->class_name);
  PetscCall(PetscObjectReference(solver));
  PetscCall(PetscObjectDestroy(&run->solver));
  run->solver = solver;
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckObjectName(MckRun run, const char name[])
{
  MPI_Comm comm = PetscObjectComm((PetscObject)run);
  size_t   len;

  PetscFunctionBeginUser;
  PetscCall(PetscStrlen(name, &len));
  PetscCheck(len > 0 && len < MCK_RUN_NAME_LEN && !strchr(name, '/'), comm, PETSC_ERR_ARG_WRONG,
             "MckRunAddObject: name \"%s\" must be 1 to %d characters without '/'", name, MCK_RUN_NAME_LEN - 1);
  for (PetscInt i = 0; i < run->nobjects; i++)
    PetscCheck(strcmp(run->objects[i].name, name), comm, PETSC_ERR_ARG_WRONG, "MckRunAddObject: two objects named %s",
               name);
  PetscCheck(strcmp(name, "run"), comm, PETSC_ERR_ARG_WRONG, "MckRunAddObject: the name \"run\" is the run's own");
  PetscFunctionReturn(0);
}

/*@C
  MckRunAddObject - Adds an object whose state the run checkpoints, restores and writes.

  Logically Collective

  Input Parameters:
+ run  - the run
. name - a name unique in the run: the object's groups are /checkpoint/config/<name>,
         /checkpoint/<name> and, at the end, /<name>
- obj  - an object composing `MckObjectComposeCheckpoint()` methods

  Notes:
  On a fresh start the objects are initialized, and on a restart read, in the order they were
  added: add an object before those whose state derives from it (particles before dynamics).

  Level: beginner

.seealso: `MckObjectComposeCheckpoint()`, `MckRunSetSolver()`, `MckRunSolve()`
@*/
PetscErrorCode MckRunAddObject(MckRun run, const char name[], PetscObject obj)
{
  MckRunObject *o;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  PetscValidHeader(obj, 3);
  PetscCall(CheckObjectName(run, name));
  PetscCall(PetscRealloc(sizeof(MckRunObject) * (run->nobjects + 1), &run->objects));
  o = &run->objects[run->nobjects];
  PetscCall(PetscMemzero(o, sizeof(*o)));
  PetscCall(PetscStrncpy(o->name, name, sizeof(o->name)));
  PetscCall(MckObjectGetCheckpoint(obj, &o->ops));
  PetscCall(PetscObjectReference(obj));
  o->obj = obj;
  run->nobjects++;
  PetscFunctionReturn(0);
}

/*@C
  MckRunAddSeries - A time series the run keeps in step with the run file: flushed at every
  checkpoint and at the end, reloaded on restart.

  Logically Collective

  Input Parameters:
+ run    - the run
- series - the series; the caller keeps its reference and appends its rows (usually in a monitor)

  Level: beginner

.seealso: `MckSeriesCreate()`, `MckRunAddMonitor()`
@*/
PetscErrorCode MckRunAddSeries(MckRun run, MckSeries series)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  PetscCall(PetscRealloc(sizeof(MckSeries) * (run->nseries + 1), &run->series));
  run->series[run->nseries++] = series;
  PetscFunctionReturn(0);
}

/* Monitors in call order; positive: the interval may not be 0 (a monitor that writes rows). */
static PetscErrorCode AddMonitor(MckRun run, const char option[], PetscInt interval, PetscBool positive,
                                 MckRunMonitorFn fn, void *ctx)
{
  MPI_Comm       comm = PetscObjectComm((PetscObject)run);
  const char    *name = option ? option : "monitor interval";
  MckRunMonitor *m;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  PetscCheck(!positive || interval > 0, comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": must be a positive number of steps", name, interval);
  PetscCheck(interval >= 0, comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": must be 0 (never) or a positive number of steps", name, interval);
  PetscCall(PetscRealloc(sizeof(MckRunMonitor) * (run->nmonitors + 1), &run->monitors));
  m = &run->monitors[run->nmonitors++];
  PetscCall(PetscMemzero(m, sizeof(*m)));
  if (option) PetscCall(PetscStrncpy(m->option, option, sizeof(m->option)));
  m->interval = interval;
  m->fn       = fn;
  m->ctx      = ctx;
  PetscFunctionReturn(0);
}

/*@C
  MckRunAddMonitor - Calls fn after every step that is a multiple of interval, and on the
  initial state of a fresh run.

  Logically Collective

  Input Parameters:
+ run      - the run
. option   - the option that set the interval (recorded with the checkpoint's settings:
             a restart must observe at the same steps), or NULL for a fixed interval
. interval - steps between calls (0: never)
. fn       - the monitor
- ctx      - its context

  Level: beginner

.seealso: `MckRunAddOutputMonitor()`, `MckRunMonitorFn`, `MckRunGetIO()`, `MckRunSetHeadline()`
@*/
PetscErrorCode MckRunAddMonitor(MckRun run, const char option[], PetscInt interval, MckRunMonitorFn fn, void *ctx)
{
  PetscFunctionBeginUser;
  PetscCall(AddMonitor(run, option, interval, PETSC_FALSE, fn, ctx));
  PetscFunctionReturn(0);
}

/*@C
  MckRunAddOutputMonitor - Like `MckRunAddMonitor()`, for the monitor that writes the rows of a
  run's time series: its interval must be positive (a run without rows is refused).

  Logically Collective

  Input Parameters:
+ run      - the run
. option   - the option that set the interval, named by the refusal, or NULL for a fixed interval
. interval - steps between rows (positive)
. fn       - the monitor
- ctx      - its context

  Level: beginner

.seealso: `MckRunAddMonitor()`, `MckRunAddSeries()`
@*/
PetscErrorCode MckRunAddOutputMonitor(MckRun run, const char option[], PetscInt interval, MckRunMonitorFn fn, void *ctx)
{
  PetscFunctionBeginUser;
  PetscCall(AddMonitor(run, option, interval, PETSC_TRUE, fn, ctx));
  PetscFunctionReturn(0);
}

/*@C
  MckRunAddFinish - Calls fn once after the last step, with the run file still open.

  Logically Collective

  Input Parameters:
+ run - the run
. fn  - the finisher (summaries, attributes)
- ctx - its context

  Level: intermediate

.seealso: `MckRunFinishFn`, `MckRunSolve()`
@*/
PetscErrorCode MckRunAddFinish(MckRun run, MckRunFinishFn fn, void *ctx)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  PetscCall(PetscRealloc(sizeof(MckRunFinisher) * (run->nfinishers + 1), &run->finishers));
  run->finishers[run->nfinishers].fn    = fn;
  run->finishers[run->nfinishers++].ctx = ctx;
  PetscFunctionReturn(0);
}

static PetscErrorCode AddSetting(MckRun run, const char option[], const char value[])
{
  PetscFunctionBeginUser;
  PetscCall(PetscRealloc(sizeof(MckRunSetting) * (run->nsettings + 1), &run->settings));
  PetscCall(PetscStrncpy(run->settings[run->nsettings].option, option, MCK_RUN_NAME_LEN));
  PetscCall(PetscStrncpy(run->settings[run->nsettings].value, value, 64));
  run->nsettings++;
  PetscFunctionReturn(0);
}

/*@C
  MckRunConfigInt - Records an app setting that a checkpoint depends on (beside the objects'
  own), under /checkpoint/config/run; a restart with another value is refused.

  Logically Collective

  Input Parameters:
+ run    - the run
. option - the option name
- value  - its value

  Level: intermediate

.seealso: `MckRunConfigReal()`, `MckIOConfigInt()`
@*/
PetscErrorCode MckRunConfigInt(MckRun run, const char option[], PetscInt64 value)
{
  char buf[64];

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  PetscCall(PetscSNPrintf(buf, sizeof(buf), "%" PetscInt64_FMT, value));
  PetscCall(AddSetting(run, option, buf));
  PetscFunctionReturn(0);
}

/*@C
  MckRunConfigReal - As `MckRunConfigInt()`, for a real setting (compared exactly).

  Logically Collective

  Input Parameters:
+ run    - the run
. option - the option name
- value  - its value

  Level: intermediate

.seealso: `MckRunConfigInt()`
@*/
PetscErrorCode MckRunConfigReal(MckRun run, const char option[], PetscReal value)
{
  char buf[64];

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  (void)snprintf(buf, sizeof(buf), "%.17g", (double)value);
  PetscCall(AddSetting(run, option, buf));
  PetscFunctionReturn(0);
}

/*@C
  MckRunSetHeadline - The diagnostic shown on the progress line (the latest value set).

  Not Collective

  Input Parameters:
+ run   - the run
. name  - its name
- value - its value

  Level: intermediate

.seealso: `MckRunAddMonitor()`
@*/
PetscErrorCode MckRunSetHeadline(MckRun run, const char name[], PetscReal value)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  PetscCall(PetscStrncpy(run->headline, name, sizeof(run->headline)));
  run->headline_value = value;
  PetscFunctionReturn(0);
}

/*@C
  MckRunGetIO - The run file, open for writing while the run is being solved.

  Not Collective

  Input Parameter:
. run - the run

  Output Parameter:
. io - the run file (NULL outside `MckRunSolve()`)

  Level: intermediate

.seealso: `MckRunAddMonitor()`
@*/
PetscErrorCode MckRunGetIO(MckRun run, MckIO *io)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  *io = run->io;
  PetscFunctionReturn(0);
}

/*@C
  MckRunGetWallTime - Seconds since the run was created.

  Not Collective

  Input Parameter:
. run - the run

  Output Parameter:
. seconds - the wall-clock time

  Level: intermediate

.seealso: `MckRunSolve()`
@*/
PetscErrorCode MckRunGetWallTime(MckRun run, PetscLogDouble *seconds)
{
  PetscLogDouble now;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  PetscCall(PetscTime(&now));
  *seconds = now - run->start;
  PetscFunctionReturn(0);
}

/*@C
  MckRunView - Prints the run's settings and what was added to it.

  Collective

  Input Parameters:
+ run    - the run
- viewer - an ASCII viewer

  Options Database Key:
. -run_view - view the run when it starts solving

  Level: intermediate

.seealso: `MckRunSolve()`
@*/
PetscErrorCode MckRunView(MckRun run, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(PetscObjectComm((PetscObject)run), &viewer));
  PetscCall(McKeanObjectViewHeader((PetscObject)run, viewer));
  PetscCall(PetscViewerASCIIPushTab(viewer));
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "output %s, checkpoint %s every %" PetscInt_FMT " steps%s%s, seed %" PetscInt_FMT "\n", run->output,
      run->checkpoint, run->checkpoint_interval, run->restart[0] ? ", restart from " : "", run->restart, run->seed));
  if (run->solver) PetscCall(PetscViewerASCIIPrintf(viewer, "solver: %s\n", run->solver->class_name));
  for (PetscInt i = 0; i < run->nobjects; i++)
    PetscCall(PetscViewerASCIIPrintf(viewer, "object %s: %s\n", run->objects[i].name, run->objects[i].obj->class_name));
  for (PetscInt i = 0; i < run->nmonitors; i++)
    PetscCall(PetscViewerASCIIPrintf(viewer, "monitor every %" PetscInt_FMT " steps%s%s\n", run->monitors[i].interval,
                                     run->monitors[i].option[0] ? " (" : "",
                                     run->monitors[i].option[0] ? run->monitors[i].option : ""));
  PetscCall(PetscViewerASCIIPopTab(viewer));
  PetscFunctionReturn(0);
}

/*@C
  MckRunDestroy - Destroys a run (an unfinished run file is removed).

  Collective

  Input Parameter:
. run - the run

  Level: beginner

.seealso: `MckRunCreate()`
@*/
PetscErrorCode MckRunDestroy(MckRun *run)
{
  PetscBool last;

  PetscFunctionBeginUser;
  PetscCall(McKeanObjectRelease((PetscObject *)run, MCK_RUN_CLASSID, &last));
  if (!last) PetscFunctionReturn(0);
  PetscCall(MckIODestroy(&(*run)->io));
  PetscCall(MckRNGDestroy(&(*run)->rng));
  PetscCall(PetscObjectDestroy(&(*run)->solver));
  for (PetscInt i = 0; i < (*run)->nobjects; i++) PetscCall(PetscObjectDestroy(&(*run)->objects[i].obj));
  PetscCall(PetscFree((*run)->objects));
  PetscCall(PetscFree((*run)->series));
  PetscCall(PetscFree((*run)->monitors));
  PetscCall(PetscFree((*run)->finishers));
  PetscCall(PetscFree((*run)->settings));
  for (PetscInt i = 0; i < (*run)->noutputs; i++) PetscCall(MckRunOutputLinkDestroy(&(*run)->outputs[i]));
  PetscCall(PetscFree((*run)->outputs));
  PetscCall(PetscHeaderDestroy(run));
  PetscFunctionReturn(0);
}
