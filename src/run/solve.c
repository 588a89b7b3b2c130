/* MckRunSolve: start (fresh or from a checkpoint), the loop with its cadences, the finish. */
#include "runimpl.h"
#include <signal.h>

/* The solver's step, last step and time. */
PetscErrorCode MckRunGetStep(MckRun run, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time)
{
  PetscFunctionBeginUser;
  PetscCall((*run->stepper.getstep)(run->solver, step, nsteps, time));
  PetscFunctionReturn(0);
}

/* The run's own settings: the seed, the monitors' intervals and the app's settings. */
static PetscErrorCode ConfigRun(MckRun run, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckIOConfigSetObject(io, "run"));
  PetscCall(MckIOConfigInt(io, check, "-seed", run->seed));
  for (PetscInt i = 0; i < run->nmonitors; i++)
    if (run->monitors[i].option[0])
      PetscCall(MckIOConfigInt(io, check, run->monitors[i].option, run->monitors[i].interval));
  for (PetscInt i = 0; i < run->nsettings; i++)
    PetscCall(MckIOConfigString(io, check, run->settings[i].option, run->settings[i].value));
  PetscFunctionReturn(0);
}

/* Record (check = FALSE) or compare every setting a checkpoint depends on, each object's in
 * its own group; a checkpoint that records a setting this run does not have is refused too. */
PetscErrorCode MckRunConfigAll(MckRun run, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(ConfigRun(run, io, check));
  for (PetscInt i = 0; i < run->nobjects; i++) {
    MckRunObject *o = &run->objects[i];
    if (!o->ops.config) continue;
    PetscCall(MckIOConfigSetObject(io, o->name));
    PetscCall((*o->ops.config)(o->obj, io, check));
  }
  PetscCall(MckIOConfigSetObject(io, NULL));
  if (check) PetscCall(MckIOConfigCheckComplete(io)); /* and nothing this run does not have */
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteObjects(MckRun run, MckIO io, const char prefix[])
{
  char group[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < run->nobjects; i++) {
    MckRunObject *o = &run->objects[i];
    if (!o->ops.write) continue;
    PetscCall(PetscSNPrintf(group, sizeof(group), "%s/%s", prefix, o->name));
    PetscCall((*o->ops.write)(o->obj, io, group));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode FlushSeries(MckRun run)
{
  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < run->nseries; i++) PetscCall(MckSeriesFlush(run->series[i], run->io));
  PetscFunctionReturn(0);
}

/* The rows of every series when the checkpoint was taken, in the order they were added: a restart
 * continues the series of the checkpoint's copy of the run file, which nothing else checks. */
#define MCK_SERIES_ROWS "series_rows"

static PetscErrorCode WriteSeriesRows(MckRun run, MckIO chk)
{
  PetscInt64 *rows;
  PetscInt    n;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(run->nseries + 1, &rows));
  for (PetscInt i = 0; i < run->nseries; i++) {
    PetscCall(MckSeriesGetRows(run->series[i], &n, NULL, NULL));
    rows[i] = n;
  }
  PetscCall(MckIOWriteAttributeInts(chk, "/checkpoint", MCK_SERIES_ROWS, run->nseries, rows));
  PetscCall(PetscFree(rows));
  PetscFunctionReturn(0);
}

/* Compare the series loaded from the run file with the rows the checkpoint recorded (none
 * recorded: a checkpoint written before they were, not compared). */
static PetscErrorCode CheckSeriesRows(MckRun run, PetscInt nrec, const PetscInt64 rows[])
{
  MPI_Comm    comm = PetscObjectComm((PetscObject)run);
  const char *name;
  PetscInt    n;

  PetscFunctionBeginUser;
  if (nrec < 0) PetscFunctionReturn(0);
  PetscCheck(nrec == run->nseries, comm, PETSC_ERR_USER_INPUT,
             "-restart %s: the checkpoint records %" PetscInt_FMT " time series, this run has %" PetscInt_FMT
             "; restart only from a checkpoint of the same kind of run",
             run->restart, nrec, run->nseries);
  for (PetscInt i = 0; i < run->nseries; i++) {
    PetscCall(MckSeriesGetRows(run->series[i], &n, NULL, NULL));
    PetscCall(MckSeriesGetName(run->series[i], &name));
    PetscCheck(n == rows[i], comm, PETSC_ERR_USER_INPUT,
               "-restart %s: time series %s has %" PetscInt_FMT " rows, but %" PetscInt64_FMT
               " were written with the checkpoint: the file was altered after it was written",
               run->restart, name, n, rows[i]);
  }
  PetscFunctionReturn(0);
}

/* The format number, checked before anything else: a checkpoint of another format may lack what
 * this build compares, or record it differently, and would otherwise be refused for a detail. */
#define MCK_CHECKPOINT_FORMAT_ATTRIBUTE "format"

static PetscErrorCode CheckFormat(MckRun run, MckIO chk)
{
  MPI_Comm   comm = PetscObjectComm((PetscObject)run);
  PetscInt64 format;
  PetscBool  found;

  PetscFunctionBeginUser;
  PetscCall(MckIOReadAttributeInt(chk, "/checkpoint", MCK_CHECKPOINT_FORMAT_ATTRIBUTE, &format, &found));
  PetscCheck(found, comm, PETSC_ERR_USER_INPUT,
             "-restart %s: the checkpoint was written by another checkpoint format (an older format, without a "
             "format number); this build reads checkpoint format %d only: continue it with the McKean that wrote it",
             run->restart, MCK_CHECKPOINT_FORMAT);
  PetscCheck(format == MCK_CHECKPOINT_FORMAT, comm, PETSC_ERR_USER_INPUT,
             "-restart %s: the checkpoint was written by another checkpoint format (format %" PetscInt64_FMT
             "); this build reads checkpoint format %d only: continue it with the McKean that wrote it",
             run->restart, format, MCK_CHECKPOINT_FORMAT);
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteCheckpoint(MckRun run)
{
  MckIO      chk;
  PetscInt64 step;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_Checkpoint, 0, 0, 0, 0));
  PetscCall(MckRunGetStep(run, &step, NULL, NULL));
  PetscCall(FlushSeries(run));
  PetscCall(MckIOCheckpointBegin(run->io, run->checkpoint, &chk));
  PetscCall(MckRunConfigAll(run, chk, PETSC_FALSE));
  PetscCall(MckIOWriteAttributeInt(chk, "/checkpoint", MCK_CHECKPOINT_FORMAT_ATTRIBUTE, MCK_CHECKPOINT_FORMAT));
  PetscCall(MckIOWriteAttributeInt(chk, "/checkpoint", "step", step));
  PetscCall(WriteSeriesRows(run, chk));
  PetscCall(WriteObjects(run, chk, "/checkpoint"));
  PetscCall(MckIOCheckpointEnd(run->io, &chk));
  PetscCall(PetscLogEventEnd(MCK_EVENT_Checkpoint, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadObjects(MckRun run, MckIO chk)
{
  char group[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < run->nobjects; i++) {
    MckRunObject *o = &run->objects[i];
    if (!o->ops.read) continue;
    PetscCall(PetscSNPrintf(group, sizeof(group), "/checkpoint/%s", o->name));
    PetscCall((*o->ops.read)(o->obj, chk, group));
  }
  PetscFunctionReturn(0);
}

/* The series as the checkpoint holds them, checked before the run file is touched; the run file
 * is a copy of the checkpoint (MckIORestartRunFile), so they are read once, here. */
static PetscErrorCode LoadSeries(MckRun run, MckIO chk)
{
  PetscInt64    *rows;
  PetscInt       nrec;
  PetscBool      found;
  PetscErrorCode ierr = 0;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(run->nseries + 1, &rows));
  ierr = MckIOReadAttributeInts(chk, "/checkpoint", MCK_SERIES_ROWS, run->nseries + 1, rows, &nrec, &found);
  for (PetscInt i = 0; i < run->nseries && !ierr; i++) ierr = MckSeriesLoad(run->series[i], chk);
  if (!ierr) ierr = CheckSeriesRows(run, found ? nrec : -1, rows);
  PetscCall(PetscFree(rows)); /* a refusal too: the process may go on (the Python bindings) */
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

/* Refuse a checkpoint of another configuration before anything is written, restore every
 * object of the run ctx, then continue the checkpoint's copy of the run file where it stood. */
static PetscErrorCode RestartFrom(MckIO chk, void *ctx)
{
  MckRun     run  = (MckRun)ctx;
  MPI_Comm   comm = PetscObjectComm((PetscObject)run);
  PetscInt64 step, nsteps, now;
  PetscBool  found;

  PetscFunctionBeginUser;
  PetscCall(MckIOOpenRead(chk, run->restart, "-restart"));
  PetscCall(MckIOReadAttributeInt(chk, "/checkpoint", "step", &step, &found));
  PetscCheck(found, comm, PETSC_ERR_USER_INPUT, "-restart %s: not a McKean checkpoint (no /checkpoint step)",
             run->restart);
  PetscCall(CheckFormat(run, chk));
  PetscCall(MckIOCheckProgram(chk));
  PetscCheck(step >= 0, comm, PETSC_ERR_USER_INPUT,
             "-restart %s: the checkpoint is at step %" PetscInt64_FMT ": the file was altered after it was written",
             run->restart, step);
  PetscCall(MckRunConfigAll(run, chk, PETSC_TRUE));
  PetscCall(MckRunGetStep(run, NULL, &nsteps, NULL));
  PetscCheck(step <= nsteps, comm, PETSC_ERR_USER_INPUT,
             "-restart %s: the checkpoint is at step %" PetscInt64_FMT ", beyond the %" PetscInt64_FMT
             " steps of this run",
             run->restart, step, nsteps);
  PetscCall(ReadObjects(run, chk));
  PetscCall(MckRunGetStep(run, &now, NULL, NULL));
  /* the step is recorded twice, by the run and in the solver's state: a file whose two disagree
   * was altered, and the solver's would silently change how many steps remain */
  PetscCheck(now == step, comm, PETSC_ERR_USER_INPUT,
             "-restart %s: the checkpoint is at step %" PetscInt64_FMT
             " but its solver's state is at step %" PetscInt64_FMT ": the file was altered after it was written",
             run->restart, step, now);
  PetscCall(LoadSeries(run, chk));
  PetscCall(MckIORestartRunFile(run->io, run->output, "-output", chk)); /* a copy of the file that was read */
  PetscFunctionReturn(0);
}

/* The checkpoint is closed whether it is refused or not: a process that goes on after a refusal
 * (the Python bindings') can then open it for writing, or remove it, and start afresh. Every
 * refusal is raised on the run's communicator, so every rank closes it. */
static PetscErrorCode Restart(MckRun run)
{
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_Restart, 0, 0, 0, 0));
  ierr = MckIOWithHandle(PetscObjectComm((PetscObject)run), RestartFrom, run);
  PetscCall(PetscLogEventEnd(MCK_EVENT_Restart, 0, 0, 0, 0));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

/* The solver's own number for the progress line, if it has one (monitors called next may override it). */
static PetscErrorCode SolverHeadline(MckRun run)
{
  const char *name = NULL;
  PetscReal   value;

  PetscFunctionBegin;
  if (run->stepper.headline) PetscCall((*run->stepper.headline)(run->solver, &name, &value));
  if (name) PetscCall(MckRunSetHeadline(run, name, value));
  PetscFunctionReturn(0);
}

static PetscErrorCode CallMonitors(MckRun run, PetscBool initial)
{
  PetscInt64 step;
  PetscReal  time;

  PetscFunctionBeginUser;
  PetscCall(MckRunGetStep(run, &step, NULL, &time));
  for (PetscInt i = 0; i < run->nmonitors; i++) {
    MckRunMonitor *m = &run->monitors[i];
    if (m->interval && (initial || step % m->interval == 0)) PetscCall((*m->fn)(run, step, time, m->ctx));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode FreshStart(MckRun run)
{
  PetscFunctionBeginUser;
  PetscCall(MckIOOpenWrite(run->io, run->output, "-output"));
  for (PetscInt i = 0; i < run->nobjects; i++) {
    MckRunObject *o = &run->objects[i];
    if (o->ops.initialize) PetscCall((*o->ops.initialize)(o->obj));
  }
  PetscCall(CallMonitors(run, PETSC_TRUE));
  PetscFunctionReturn(0);
}

static PetscErrorCode Start(MckRun run)
{
  PetscFunctionBeginUser;
  PetscCall(PetscLogStagePush(MCK_STAGE_Setup));
  PetscCall(MckIOCreate(PetscObjectComm((PetscObject)run), &run->io));
  if (run->restart[0]) PetscCall(Restart(run));
  else PetscCall(FreshStart(run));
  PetscCall(MckIOWriteRunAttributes(run->io, run->seed));
  PetscCall(PetscLogStagePop());
  PetscFunctionReturn(0);
}

static const char *SignalName(int signum)
{
  switch (signum) {
  case SIGINT: return "SIGINT";
  case SIGTERM: return "SIGTERM";
  case SIGHUP: return "SIGHUP";
  case SIGUSR1: return "SIGUSR1";
  default: return "a signal";
  }
}

/* After SIGTERM or SIGHUP with periodic checkpoints, or SIGUSR1, the state is kept for a restart; every
 * signal then ends the run with one line (a user-level stop: no traceback, no run file). */
static PetscErrorCode StopOnSignal(MckRun run, int signum)
{
  MPI_Comm   comm = PetscObjectComm((PetscObject)run);
  PetscInt64 step, nsteps;
  PetscBool  keep =
      (PetscBool)(signum == SIGUSR1 || ((signum == SIGTERM || signum == SIGHUP) && run->checkpoint_interval > 0));

  PetscFunctionBeginUser;
  PetscCall(MckRunGetStep(run, &step, &nsteps, NULL));
  if (!keep)
    SETERRQ(comm, PETSC_ERR_USER_INPUT,
            "stopped by %s at step %" PetscInt64_FMT " of %" PetscInt64_FMT " (no checkpoint written)",
            SignalName(signum), step, nsteps);
  PetscCall(WriteCheckpoint(run));
  SETERRQ(comm, PETSC_ERR_USER_INPUT,
          "stopped by %s at step %" PetscInt64_FMT " of %" PetscInt64_FMT
          "; checkpoint %s written: continue with -restart %s",
          SignalName(signum), step, nsteps, run->checkpoint, run->checkpoint);
}

static PetscErrorCode Loop(MckRun run)
{
  MPI_Comm      comm = PetscObjectComm((PetscObject)run);
  PetscInt64    step, nsteps;
  PetscReal     time;
  MckProgress   progress;
  MckRunSignals signals;
  int           signum;

  PetscFunctionBeginUser;
  PetscCall(PetscLogStagePush(MCK_STAGE_Run));
  PetscCall(MckRunGetStep(run, &step, &nsteps, NULL));
  PetscCall(MckProgressCreate(comm, run->progress_interval, step, nsteps, &progress));
  PetscCall(MckRunSignalsBegin(comm, &signals));
  while (step < nsteps) {
    PetscCall((*run->stepper.step)(run->solver));
    PetscCall(SolverHeadline(run));
    PetscCall(CallMonitors(run, PETSC_FALSE));
    PetscCall(MckRunGetStep(run, &step, &nsteps, &time));
    if (run->checkpoint_interval && step % run->checkpoint_interval == 0) PetscCall(WriteCheckpoint(run));
    PetscCall(MckProgressUpdate(progress, step, time, run->headline[0] ? run->headline : "step",
                                run->headline[0] ? run->headline_value : (PetscReal)step));
    PetscCall(MckRunSignalsPoll(signals, &signum));
    if (signum && step < nsteps) PetscCall(StopOnSignal(run, signum));
  }
  PetscCall(MckRunSignalsEnd(&signals));
  PetscCall(MckProgressDestroy(&progress));
  PetscCall(PetscLogStagePop());
  PetscFunctionReturn(0);
}

static PetscErrorCode ProgramName(char name[], size_t len)
{
  char        prog[PETSC_MAX_PATH_LEN] = "mckean";
  const char *base;

  PetscFunctionBeginUser;
  PetscCall(PetscGetProgramName(prog, sizeof(prog)));
  base = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;
  PetscCall(PetscStrncpy(name, base, len));
  PetscFunctionReturn(0);
}

/* "wrote FILE" only once the rename that makes it true has succeeded. */
static PetscErrorCode Finish(MckRun run)
{
  PetscLogDouble wall;
  char           prog[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  PetscCall(PetscLogStagePush(MCK_STAGE_Output));
  for (PetscInt i = 0; i < run->nfinishers; i++) PetscCall((*run->finishers[i].fn)(run, run->finishers[i].ctx));
  PetscCall(FlushSeries(run));
  PetscCall(WriteObjects(run, run->io, ""));
  PetscCall(MckRunGetWallTime(run, &wall));
  PetscCall(MckIOWriteAttributeReal(run->io, "/", "wall_time_seconds", wall));
  PetscCall(MckIOClose(run->io));
  PetscCall(ProgramName(prog, sizeof(prog)));
  PetscCall(PetscPrintf(PetscObjectComm((PetscObject)run), "%s: wrote %s (%.3g s)\n", prog, run->output, wall));
  PetscCall(MckIODestroy(&run->io));
  PetscCall(PetscLogStagePop());
  PetscFunctionReturn(0);
}

/*@C
  MckRunSolve - Runs the app's job: refuses unused options, starts (fresh, or continuing the
  -restart checkpoint), advances the solver to its last step with monitors, checkpoints, the
  progress line and signal handling, writes the objects' final state and closes the run file.

  Collective

  Input Parameter:
. run - the run, with its solver set and its objects, series and monitors added

  Notes:
  An option no object has read is refused here, before any output is created, with -help too
  (so a pre-flight check with -help catches a typo); with -help nothing else is done.

  Level: beginner

.seealso: `MckRunCreate()`, `MckRunSetSolver()`, `MckRunAddObject()`, `MckRunAddMonitor()`
@*/
PetscErrorCode MckRunSolve(MckRun run)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  PetscCheck(run->setfromoptions, PetscObjectComm((PetscObject)run), PETSC_ERR_ORDER,
             "MckRunSetFromOptions() must come before MckRunSolve()");
  PetscCheck(run->solver, PetscObjectComm((PetscObject)run), PETSC_ERR_ORDER,
             "MckRunSetSolver() must come before MckRunSolve()");
  PetscCall(McKeanObjectViewFromOptions((PetscObject)run, "-run_view"));
  PetscCall(McKeanOptionsCheckUnused(PetscObjectComm((PetscObject)run)));
  if (run->help) PetscFunctionReturn(0); /* the options were listed (and checked): nothing runs */
  PetscCall(Start(run));
  PetscCall(Loop(run));
  PetscCall(Finish(run));
  PetscFunctionReturn(0);
}

/*@C
  MckRunSolveObject - Runs the app's job whose one checkpointed object is its solver: adds
  solver to the run under name, makes it the run's solver, and calls `MckRunSolve()`.

  Collective

  Input Parameters:
+ run    - the run, set from the options
. name   - the solver's name in the run file: its final state is /<name>, its checkpoint
           /checkpoint/<name>, its settings /checkpoint/config/<name>/
- solver - the object the run advances (with the stepping and checkpoint protocols composed on it)

  Notes:
  Objects the solver depends on (particles under dynamics, say) are added before, with
  `MckRunAddObject()`, so that they are read first on restart.

  Level: beginner

.seealso: `MckRunCreateFromOptions()`, `MckRunAddObject()`, `MckRunSetSolver()`, `MckRunSolve()`, `MckRunDestroy()`
@*/
PetscErrorCode MckRunSolveObject(MckRun run, const char name[], PetscObject solver)
{
  PetscFunctionBeginUser;
  PetscCall(MckRunAddObject(run, name, solver));
  PetscCall(MckRunSetSolver(run, solver));
  PetscCall(MckRunSolve(run));
  PetscFunctionReturn(0);
}
