/* The job of the twin-experiment apps (mckean-da, mckean-eki): they differ only in their
 * default output, types and options prefix. */
#include <mckean/mckrun.h>
#include <mckean/mcktwin.h>

/* The summary attributes and line, before the run file is closed. */
static PetscErrorCode Finish(MckRun run, void *ctx)
{
  MckIO io;

  PetscFunctionBeginUser;
  PetscCall(MckRunGetIO(run, &io));
  PetscCall(MckTwinWriteResults((MckTwin)ctx, io, "/ensemble"));
  PetscCall(MckTwinViewSummary((MckTwin)ctx, NULL));
  PetscFunctionReturn(0);
}

/* The experiment's series: its own, and the smoother's when the ensemble has one. */
static PetscErrorCode AddSeries(MckRun run, MckTwin tw)
{
  MckSeries series;

  PetscFunctionBeginUser;
  PetscCall(MckTwinGetSeries(tw, &series));
  PetscCall(MckRunAddSeries(run, series));
  PetscCall(MckTwinGetSmootherSeries(tw, &series));
  if (series) PetscCall(MckRunAddSeries(run, series));
  PetscFunctionReturn(0);
}

/*@C
  MckRunTwinApp - Runs a twin experiment as an app does: synthetic truth and noisy data, the
  ensemble started from the prior and advanced by a run (checkpoints, restart, cadences), the
  results under /ensemble and the summary line.

  Collective

  Input Parameters:
+ comm   - the communicator of the job
. output - the run file when -output is not given
. etype  - the ensemble's analysis type when -ens_analysis is not given
. mtype  - the forward model's type when -model_type is not given
. ttype  - the experiment: `MCKTWIN_FILTER` or `MCKTWIN_INVERSE`
- prefix - the options prefix of the experiment ("da_", "eki_")

  Level: intermediate

.seealso: `MckRunTwinAppWithHook()`, `MckTwinCreate()`, `MckRunSolve()`, `MckEnsembleCreateWithModel()`
@*/
PetscErrorCode MckRunTwinApp(MPI_Comm comm, const char output[], const char etype[], const char mtype[],
                             const char ttype[], const char prefix[])
{
  PetscFunctionBeginUser;
  PetscCall(MckRunTwinAppWithHook(comm, output, etype, mtype, ttype, prefix, NULL, NULL));
  PetscFunctionReturn(0);
}

/* The job; what it creates is left in run, ens and tw for the caller to destroy, after an error too. */
static PetscErrorCode SolveTwin(MPI_Comm comm, const char output[], const char etype[], const char mtype[],
                                const char ttype[], const char prefix[], MckRunTwinHookFn hook, void *ctx, MckRun *run,
                                MckEnsemble *ens, MckTwin *tw)
{
  MckRNG    rng;
  PetscBool help;

  PetscFunctionBeginUser;
  PetscCall(MckRunCreate(comm, run));
  PetscCall(MckRunSetDefaultOutput(*run, output));
  PetscCall(MckRunSetFromOptions(*run));
  PetscCall(MckRunGetRNG(*run, &rng));
  PetscCall(MckEnsembleCreateWithModel(comm, etype, mtype, ens));
  PetscCall(MckEnsembleSetRNG(*ens, rng));
  PetscCall(MckTwinCreate(*ens, tw));
  PetscCall(MckTwinSetOptionsPrefix(*tw, prefix));
  PetscCall(MckTwinSetType(*tw, ttype));
  PetscCall(MckTwinSetRNG(*tw, rng));
  PetscCall(MckTwinSetFromOptions(*tw));
  PetscCall(MckTwinSetUp(*tw));
  PetscCall(MckRunHasHelp(*run, &help));
  if (!help) PetscCall(AddSeries(*run, *tw)); /* -help: the experiment was not set up, nothing runs */
  PetscCall(MckRunAddFinish(*run, Finish, *tw));
  PetscCall(MckRunAddObject(*run, "ensemble", (PetscObject)*tw));
  PetscCall(MckRunSetSolver(*run, (PetscObject)*tw));
  if (hook) PetscCall((*hook)(*run, *ens, ctx));
  PetscCall(MckRunSolve(*run));
  PetscFunctionReturn(0);
}

/*@C
  MckRunTwinAppWithHook - `MckRunTwinApp()` with a hook called before the solve, with the run and
  the ensemble set up: a caller adds monitors and finishers of its own (a benchmark's clock, a
  reading of the ensemble's layout) to the app's own objects.

  Collective

  Input Parameters:
+ comm, output, etype, mtype, ttype, prefix - as for `MckRunTwinApp()`
. hook - called once before `MckRunSolve()` (NULL: none); its finishers (`MckRunAddFinish()`)
         run after the app's, before the ensemble is destroyed
- ctx  - the hook's context

  Level: advanced

.seealso: `MckRunTwinApp()`, `MckRunAddMonitor()`, `MckRunAddFinish()`
@*/
PetscErrorCode MckRunTwinAppWithHook(MPI_Comm comm, const char output[], const char etype[], const char mtype[],
                                     const char ttype[], const char prefix[], MckRunTwinHookFn hook, void *ctx)
{
  MckRun         run = NULL;
  MckEnsemble    ens = NULL;
  MckTwin        tw  = NULL;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  ierr = SolveTwin(comm, output, etype, mtype, ttype, prefix, hook, ctx, &run, &ens, &tw);
  if (McKeanErrorIsCollective(ierr)) { /* a refused input leaves nothing behind */
    PetscCall(MckRunDestroy(&run));
    PetscCall(MckTwinDestroy(&tw));
    PetscCall(MckEnsembleDestroy(&ens));
  }
  PetscCall(ierr);
  PetscFunctionReturn(0);
}
