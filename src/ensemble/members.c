/* Members and the cycle: initial draw, forecast, forward evaluations, analysis and iteration.
 * Which members failed is decided in failures.c, once per cycle. */
#include "ensemble/ensimpl.h"
#include <mckean/mckrng.h> /* MCK_RNG_STEP_INIT */

PetscErrorCode MckEnsNormals(MckEnsemble ens, PetscInt64 stream0, PetscInt n, PetscInt purpose, PetscReal *const out[])
{
  PetscFunctionBeginUser;
  PetscCall(MckRNGNormals(ens->rng, stream0, n, 8 * ens->cycle + purpose, 0, ens->J, out));
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleInitializeMembers - Draws the initial members x_j = center + spread xi_j, with
  xi ~ N(0, I) keyed by (component, member) at the counter step `MCK_RNG_STEP_INIT`.

  Collective

  Input Parameters:
+ ens    - the ensemble, set up
. center - the centre (length n, replicated), or NULL for zero
- spread - the standard deviation (an inverse problem's whitened prior: center NULL, spread 1)

  Level: beginner

.seealso: `MckEnsembleSetUp()`, `MckTwinCreate()`
@*/
PetscErrorCode MckEnsembleInitializeMembers(MckEnsemble ens, const PetscReal center[], PetscReal spread)
{
  MckEnsField *f = &ens->x;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCheck(ens->setup, ens->comm, PETSC_ERR_ORDER, "MckEnsembleInitializeMembers: call MckEnsembleSetUp() first");
  PetscCall(MckRNGNormals(ens->rng, f->c0, f->nc, MCK_RNG_STEP_INIT, 0, ens->J, f->blk));
  for (PetscInt j = 0; j < ens->J; j++)
    for (PetscInt i = 0; i < f->nc; i++) f->blk[j][i] = (center ? center[f->c0 + i] : 0) + spread * f->blk[j][i];
  PetscCall(MckEnsFieldToMembers(ens, f));
  ens->fresh = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* Whether the analysis layout must be refilled from the members: they were handed out
 * (MckEnsembleGetMember, not collective) on some rank since it was last filled. A rank without
 * members, or whose caller read none, cannot know, and the move is collective (but in the
 * redundant layout, where every rank fills its own copy): the ranks agree first. */
static PetscErrorCode MembersStale(MckEnsemble ens, PetscBool *stale)
{
  PetscFunctionBeginUser;
  *stale = (PetscBool)!ens->fresh;
  if (ens->size > 1 && !ens->redundant)
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, stale, 1, MPIU_BOOL, MPI_LOR, ens->comm));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsEnsureAnalysisLayout(MckEnsemble ens)
{
  PetscBool stale;

  PetscFunctionBeginUser;
  PetscCall(MembersStale(ens, &stale));
  if (stale) {
    PetscCall(MckEnsFieldToAnalysis(ens, &ens->x));
    ens->fresh = PETSC_TRUE;
  }
  if (!ens->na) { /* no collection yet (after initialisation or a restart): the active members */
    for (PetscInt j = 0; j < ens->J; j++)
      if (ens->active[j]) ens->act[ens->na++] = j;
  }
  PetscFunctionReturn(0);
}

/* Advance (forward = FALSE) or evaluate G on (TRUE) every active local member; a member whose
 * model reports failure is marked in ens->failed (this rank's members only, until collected). */
static PetscErrorCode RunMembers(MckEnsemble ens, PetscBool forward, PetscReal t, PetscInt nsteps)
{
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_EnsForecast, 0, 0, 0, 0));
  for (PetscInt j = 0; j < ens->J; j++) ens->failed[j] = 0;
  if (forward) {
    for (PetscInt jj = 0; jj < ens->nlocal; jj++) {
      const PetscInt64 j = ens->m0 + jj;
      PetscBool        failed;
      if (!ens->active[j]) continue;
      PetscCall(MckEnsMemberForward(ens, j, ens->x.vecs[jj], ens->g.vecs[jj], &failed));
      if (failed) ens->failed[j] = 1;
    }
  } else PetscCall(MckEnsMembersAdvance(ens, t, nsteps));
  PetscCall(PetscLogEventEnd(MCK_EVENT_EnsForecast, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleForecast - Advances every active member by nsteps model steps from time t, and
  decides which members failed (docs/ensemble.md).

  Collective

  Input Parameters:
+ ens    - a filter ensemble, set up, with its members initialized
. t      - the time of the members
- nsteps - the number of model steps

  Note:
  Fewer than -ens_min_members members left raise a user-input error on every rank
  ("ensemble diverged at cycle k").

  Level: beginner

.seealso: `MckEnsembleAnalyze()`, `MckEnsembleSetModel()`, `MckEnsembleSetAdvance()`
@*/
PetscErrorCode MckEnsembleForecast(MckEnsemble ens, PetscReal t, PetscInt nsteps)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCheck(ens->kind == MCK_ENSEMBLE_FILTER, ens->comm, PETSC_ERR_ORDER,
             "MckEnsembleForecast: %s %s is an inverse process (use MckEnsembleIterate)",
             McKeanOptionName((PetscObject)ens, "-ens_analysis"), ((PetscObject)ens)->type_name);
  PetscCall(RunMembers(ens, PETSC_FALSE, t, nsteps));
  PetscCall(MckEnsFieldToAnalysis(ens, &ens->x));
  ens->fresh = PETSC_TRUE;
  PetscCall(MckEnsCollectFailures(ens, PETSC_FALSE));
  PetscFunctionReturn(0);
}

/* After an analysis: failed members are resampled or dropped, the members get their values. */
static PetscErrorCode FinishUpdate(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  PetscCall(MckEnsReplaceFailed(ens, &ens->x));
  PetscCall(MckEnsSmootherPush(ens));
  PetscCall(MckEnsFieldToMembers(ens, &ens->x));
  ens->cycle++;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleAnalyze - The filter's analysis with the current observations: inflation of the
  forecast, the analysis of the type, relaxation; failed members are then dropped or replaced.
  Increments the cycle.

  Collective

  Input Parameter:
. ens - a filter ensemble after `MckEnsembleForecast()` and `MckEnsembleSetObservations()`

  Level: beginner

.seealso: `MckEnsembleForecast()`, `MckEnsembleSetObservations()`, `MckEnsembleGetInfo()`
@*/
PetscErrorCode MckEnsembleAnalyze(MckEnsemble ens)
{
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCheck(ens->kind == MCK_ENSEMBLE_FILTER, ens->comm, PETSC_ERR_ORDER,
             "MckEnsembleAnalyze: %s %s is an inverse process (use MckEnsembleIterate)",
             McKeanOptionName((PetscObject)ens, "-ens_analysis"), ((PetscObject)ens)->type_name);
  PetscCheck(ens->nobs > 0, ens->comm, PETSC_ERR_ORDER,
             "MckEnsembleAnalyze: no observations (MckEnsembleSetObservations)");
  PetscCall(MckEnsEnsureAnalysisLayout(ens));
  PetscCall(PetscLogEventBegin(MCK_EVENT_EnsAnalysis, 0, 0, 0, 0));
  PetscCall(MckEnsInflationsPrior(ens));
  PetscCall(PetscLogEventEnd(MCK_EVENT_EnsAnalysis, 0, 0, 0, 0));
  PetscCall(MckEnsObserve(ens));
  PetscCall(PetscLogEventBegin(MCK_EVENT_EnsAnalysis, 0, 0, 0, 0));
  PetscCall(MckEnsInnovations(ens));
  ens->info.ess       = ens->na;
  ens->info.resampled = PETSC_FALSE;
  ens->analyzing      = PETSC_TRUE;
  ens->napplied       = 0;
  ierr                = (*ens->ops->analyze)(ens);
  ens->analyzing      = PETSC_FALSE;
  PetscCall(ierr);
  /* the smoother applies the analysis' one transform T to the lagged ensembles: none or a second
   * one would leave them with a stale or partial analysis */
  PetscCheck(!ens->transform || !ens->smoother.lag || ens->napplied == 1, ens->comm, PETSC_ERR_ORDER,
             "MckEnsembleAnalyze: %s %s applied %" PetscInt_FMT
             " transforms; with %s a transform filter applies exactly one",
             McKeanOptionName((PetscObject)ens, "-ens_analysis"), ((PetscObject)ens)->type_name, ens->napplied,
             McKeanOptionName((PetscObject)ens, "-ens_smoother_lag"));
  PetscCall(MckEnsSmootherUpdate(ens));
  PetscCall(MckEnsInflationsPosterior(ens));
  PetscCall(PetscLogEventEnd(MCK_EVENT_EnsAnalysis, 0, 0, 0, 0));
  PetscCall(FinishUpdate(ens));
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleIterate - One step of an inverse process: G on every active member, which
  members failed, one update of the type (eki, eks); increments the cycle.

  Collective

  Input Parameter:
. ens - an inverse ensemble, set up, with its data (`MckEnsembleSetObservations()`) and members

  Output Parameter:
. done - `PETSC_TRUE` when the process has finished (eki with the data-misfit controller
         reached t = 1), else `PETSC_FALSE` (may be NULL)

  Level: beginner

.seealso: `MckEnsembleSetObservations()`, `MckEnsembleGetInfo()`, `MckTwinCreate()`
@*/
PetscErrorCode MckEnsembleIterate(MckEnsemble ens, PetscBool *done)
{
  PetscBool stale;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCheck(ens->kind != MCK_ENSEMBLE_FILTER, ens->comm, PETSC_ERR_ORDER,
             "MckEnsembleIterate: %s %s is a filter (use MckEnsembleForecast and MckEnsembleAnalyze)",
             McKeanOptionName((PetscObject)ens, "-ens_analysis"), ((PetscObject)ens)->type_name);
  PetscCheck(ens->nobs == ens->ndata, ens->comm, PETSC_ERR_ORDER,
             "MckEnsembleIterate: set the data (MckEnsembleSetObservations with %" PetscInt_FMT " values)", ens->ndata);
  PetscCall(MembersStale(ens, &stale));
  if (stale) PetscCall(MckEnsFieldToAnalysis(ens, &ens->x));
  PetscCall(RunMembers(ens, PETSC_TRUE, 0, 0));
  PetscCall(MckEnsFieldToAnalysis(ens, &ens->g));
  ens->fresh = PETSC_TRUE;
  PetscCall(MckEnsCollectFailures(ens, PETSC_TRUE));
  PetscCall((*ens->ops->analyze)(ens));
  PetscCall(FinishUpdate(ens));
  if (done) *done = ens->done;
  PetscFunctionReturn(0);
}
