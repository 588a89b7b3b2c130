/* MckRunAddOutput: the rows and snapshots of a solver at intervals the app's options set. */
#include "runimpl.h"

/* A row and the progress line's headline. */
static PetscErrorCode OutputRow(MckRun run, PetscInt64 step, PetscReal t, void *ctx)
{
  MckRunOutputLink *o = (MckRunOutputLink *)ctx;
  const char       *name;
  PetscReal         value;

  PetscFunctionBeginUser;
  (void)step;
  (void)t;
  PetscCall((*o->record)(o->ctx, o->series, &name, &value));
  PetscCall(MckRunSetHeadline(run, name, value));
  PetscFunctionReturn(0);
}

/* A snapshot and its time (or step) in the snapshots' series. */
static PetscErrorCode OutputSnapshot(MckRun run, PetscInt64 step, PetscReal t, void *ctx)
{
  MckRunOutputLink *o    = (MckRunOutputLink *)ctx;
  PetscReal         when = o->by_step ? (PetscReal)step : t;
  MckIO             io;

  PetscFunctionBeginUser;
  PetscCall(MckRunGetIO(run, &io));
  PetscCall((*o->snapshot)(o->ctx, io));
  PetscCall(MckSeriesAppend(o->times, &when));
  PetscFunctionReturn(0);
}

/* The last state's row and snapshot, unless the intervals already gave them. */
static PetscErrorCode OutputFinal(MckRun run, void *ctx)
{
  MckRunOutputLink *o = (MckRunOutputLink *)ctx;
  PetscInt64        step;
  PetscReal         t;

  PetscFunctionBeginUser;
  PetscCall(MckRunGetStep(run, &step, NULL, &t));
  if (step % o->rows) PetscCall(OutputRow(run, step, t, o));
  if (o->snapshots ? step % o->snapshots : step > 0) PetscCall(OutputSnapshot(run, step, t, o));
  PetscFunctionReturn(0);
}

PetscErrorCode MckRunOutputLinkDestroy(MckRunOutputLink **o)
{
  PetscFunctionBeginUser;
  PetscCall(MckSeriesDestroy(&(*o)->series));
  PetscCall(MckSeriesDestroy(&(*o)->times));
  PetscCall(PetscFree(*o));
  PetscFunctionReturn(0);
}

/* The two intervals from the options (their defaults those of the output). */
static PetscErrorCode ReadIntervals(MckRun run, const MckRunOutput *output, MckRunOutputLink *o)
{
  PetscFunctionBeginUser;
  o->rows      = output->rows.steps;
  o->snapshots = output->snapshots.steps;
  PetscOptionsBegin(PetscObjectComm((PetscObject)run), NULL, output->title, NULL);
  MckOptionsCall(MckOptionsInt(output->rows.option, output->rows.help, o->rows, &o->rows, NULL));
  MckOptionsCall(MckOptionsInt(output->snapshots.option, output->snapshots.help, o->snapshots, &o->snapshots, NULL));
  PetscOptionsEnd();
  PetscFunctionReturn(0);
}

/* The snapshots' monitor; with final, interval 0 is a snapshot of the initial state only (the
 * last comes from OutputFinal) and the run records the interval as set. */
static PetscErrorCode AddSnapshots(MckRun run, const MckRunOutput *output, MckRunOutputLink *o)
{
  const char *option = output->snapshots.option;

  PetscFunctionBeginUser;
  if (!o->final) {
    PetscCall(MckRunAddMonitor(run, option, o->snapshots, OutputSnapshot, o));
    PetscFunctionReturn(0);
  }
  PetscCheck(o->snapshots >= 0, PetscObjectComm((PetscObject)run), PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": must be 0 (first and last only) or a positive number of steps", option,
             o->snapshots);
  PetscCall(MckRunAddMonitor(run, NULL, o->snapshots ? o->snapshots : PETSC_MAX_INT, OutputSnapshot, o));
  PetscCall(MckRunConfigInt(run, option, o->snapshots));
  PetscCall(MckRunAddFinish(run, OutputFinal, o));
  PetscFunctionReturn(0);
}

/*@C
  MckRunAddOutput - The output of a solver: a row of its time series every rows.steps steps and
  a snapshot of its state every snapshots.steps steps (and both on the initial state of a fresh
  run), each interval read from its option; the snapshots' times (or steps) go to a series of
  their own, "snapshot_times" (or "snapshot_steps").

  Collective

  Input Parameters:
+ run    - the run, set from the options
- series - the solver's time series, which record appends to; the run takes it over (destroys it)

  Input/Output Parameter:
. output - the two interval options with their help and defaults, the title of their group in
           -help, whether snapshots are counted in steps, whether the last state always gets a row
           and a snapshot (final), and the record and snapshot callbacks with their context; on
           return rows.steps and snapshots.steps hold the intervals read

  Output Parameter:
. times - the snapshots' series, owned by the run (for an XDMF sidecar, say), or NULL

  Options Database Keys:
+ <output->rows.option> <steps> - steps between rows (positive)
- <output->snapshots.option> <steps> - steps between snapshots (0: none; with final, the first and last only)

  Notes:
  Both intervals are recorded with the checkpoint's settings, so a restart writes its rows and
  snapshots at the same steps; a value of another type or a typo of either option is refused as
  any unused option. The record callback's headline number (name, value) goes to the progress line.

  Level: beginner

.seealso: `MckRunOutput`, `MckRunAddMonitor()`, `MckRunAddOutputMonitor()`, `MckRunAddSeries()`, `MckRunSolve()`
@*/
PetscErrorCode MckRunAddOutput(MckRun run, MckRunOutput *output, MckSeries series, MckSeries *times)
{
  MckRunOutputLink *o;
  const char       *snapcol[] = {output->by_step ? "step" : "t"};

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(run, MCK_RUN_CLASSID, 1);
  PetscValidPointer(output, 2);
  PetscCall(PetscNew(&o));
  PetscCall(PetscRealloc(sizeof(MckRunOutputLink *) * (run->noutputs + 1), &run->outputs));
  run->outputs[run->noutputs++] = o;
  o->by_step                    = output->by_step;
  o->final                      = output->final;
  o->record                     = output->record;
  o->snapshot                   = output->snapshot;
  o->ctx                        = output->ctx;
  o->series                     = series;
  PetscCall(ReadIntervals(run, output, o));
  PetscCall(MckRunAddOutputMonitor(run, output->rows.option, o->rows, OutputRow, o));
  PetscCall(MckSeriesCreate(PetscObjectComm((PetscObject)run), o->by_step ? "snapshot_steps" : "snapshot_times", 1,
                            snapcol, &o->times));
  PetscCall(MckRunAddSeries(run, o->series));
  PetscCall(MckRunAddSeries(run, o->times));
  PetscCall(AddSnapshots(run, output, o));
  output->rows.steps      = o->rows;
  output->snapshots.steps = o->snapshots;
  if (times) *times = o->times;
  PetscFunctionReturn(0);
}
