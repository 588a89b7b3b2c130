/* Members: initial draw, forecast, forward evaluations, and the one collective that tells every
 * rank which members failed. */
#include "ensemble/ensimpl.h"
#include <mckean/mckparticles.h> /* MCK_RNG_STEP_INIT */

PetscErrorCode MckEnsNormals(MckEnsemble ens, PetscInt64 stream0, PetscInt n, PetscInt purpose, PetscReal *const out[])
{
  PetscFunctionBeginUser;
  PetscCall(MckRNGNormals(ens->rng, stream0, n, 8 * ens->cycle + purpose, 0, ens->J, out));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleInitializeMembers(MckEnsemble ens, const PetscReal center[], PetscReal spread)
{
  MckEnsField *f = &ens->x;

  PetscFunctionBeginUser;
  PetscCall(MckRNGNormals(ens->rng, f->c0, f->nc, MCK_RNG_STEP_INIT, 0, ens->J, f->blk));
  for (PetscInt j = 0; j < ens->J; j++)
    for (PetscInt i = 0; i < f->nc; i++) f->blk[j][i] = (center ? center[f->c0 + i] : 0) + spread * f->blk[j][i];
  PetscCall(MckEnsFieldToMembers(ens, f));
  ens->fresh = PETSC_TRUE;
  PetscFunctionReturn(0);
}

static PetscBool VecFinite(Vec v)
{
  const PetscReal *a;
  PetscInt         n;
  PetscBool        ok = PETSC_TRUE;

  if (VecGetLocalSize(v, &n) || VecGetArrayRead(v, &a)) return PETSC_FALSE;
  for (PetscInt i = 0; i < n; i++)
    if (PetscIsInfOrNanReal(a[i])) ok = PETSC_FALSE;
  if (VecRestoreArrayRead(v, &a)) return PETSC_FALSE;
  return ok;
}

/* One MPI_Allreduce of the J failure flags (the model's verdict or a non-finite value on any
 * rank of a member's group): afterwards every rank knows the members of this analysis. */
PetscErrorCode MckEnsCollectFailures(MckEnsemble ens, PetscBool check_data)
{
  PetscFunctionBeginUser;
  for (PetscInt jj = 0; jj < ens->nlocal; jj++) {
    const PetscInt64 j = ens->m0 + jj;
    if (!ens->active[j]) continue;
    if (!VecFinite(ens->x.vecs[jj]) || (check_data && !VecFinite(ens->g.vecs[jj]))) ens->failed[j] = 1;
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, ens->failed, (PetscMPIInt)ens->J, MPIU_INT, MPI_MAX, ens->comm));
  ens->na           = 0;
  ens->info.nfailed = 0;
  for (PetscInt j = 0; j < ens->J; j++) {
    if (!ens->active[j]) continue;
    if (ens->failed[j]) ens->info.nfailed++;
    else ens->act[ens->na++] = j;
  }
  ens->info.nfailed_total += ens->info.nfailed;
  ens->info.nactive = ens->na;
  PetscCheck(ens->na >= ens->min_members, ens->comm, PETSC_ERR_USER_INPUT, "only %" PetscInt_FMT " of %" PetscInt_FMT " members remain at cycle %" PetscInt64_FMT " (%" PetscInt_FMT " failed now); -ens_min_members %" PetscInt_FMT " is required", ens->na, ens->J, ens->cycle, ens->info.nfailed, ens->min_members);
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsEnsureAnalysisLayout(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  if (!ens->fresh) {
    PetscCall(MckEnsFieldToAnalysis(ens, &ens->x));
    ens->fresh = PETSC_TRUE;
  }
  if (!ens->na) { /* no collection yet (after initialisation or a restart): the active members */
    for (PetscInt j = 0; j < ens->J; j++)
      if (ens->active[j]) ens->act[ens->na++] = j;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode ClearFailures(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  for (PetscInt j = 0; j < ens->J; j++) ens->failed[j] = 0;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleForecast(MckEnsemble ens, PetscReal t, PetscInt nsteps)
{
  PetscFunctionBeginUser;
  PetscCheck(!ens->ops.inverse, ens->comm, PETSC_ERR_ORDER, "MckEnsembleForecast: -ens_analysis %s is an inverse process (use MckEnsembleIterate)", ens->type);
  PetscCall(PetscLogEventBegin(MCK_EVENT_EnsForecast, 0, 0, 0, 0));
  PetscCall(ClearFailures(ens));
  for (PetscInt jj = 0; jj < ens->nlocal; jj++) {
    const PetscInt64 j = ens->m0 + jj;
    PetscBool        failed;
    if (!ens->active[j]) continue;
    PetscCall(MckEnsMemberAdvance(ens, j, t, nsteps, ens->x.vecs[jj], &failed));
    if (failed) ens->failed[j] = 1;
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_EnsForecast, 0, 0, 0, 0));
  PetscCall(MckEnsCollectFailures(ens, PETSC_FALSE));
  PetscCall(MckEnsFieldToAnalysis(ens, &ens->x));
  ens->fresh = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* After an analysis: failed members are resampled or dropped, the members get their values. */
static PetscErrorCode FinishUpdate(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  PetscCall(MckEnsReplaceFailed(ens, &ens->x));
  PetscCall(MckEnsFieldToMembers(ens, &ens->x));
  ens->cycle++;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleAnalyze(MckEnsemble ens)
{
  PetscBool rtps = ens->rtps > 0 ? PETSC_TRUE : PETSC_FALSE;

  PetscFunctionBeginUser;
  PetscCheck(!ens->ops.inverse, ens->comm, PETSC_ERR_ORDER, "MckEnsembleAnalyze: -ens_analysis %s is an inverse process (use MckEnsembleIterate)", ens->type);
  PetscCheck(ens->nobs > 0, ens->comm, PETSC_ERR_ORDER, "MckEnsembleAnalyze: no observations (MckEnsembleSetObservations)");
  PetscCall(MckEnsEnsureAnalysisLayout(ens));
  PetscCall(MckEnsInflate(ens));
  if (rtps) PetscCall(MckEnsStdDev(ens, &ens->x, ens->x.sd));
  PetscCall(MckEnsObserve(ens));
  PetscCall(ens->ops.analyze(ens));
  if (rtps) PetscCall(MckEnsRTPS(ens, ens->x.sd));
  PetscCall(FinishUpdate(ens));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleIterate(MckEnsemble ens, PetscBool *done)
{
  PetscFunctionBeginUser;
  PetscCheck(ens->ops.inverse, ens->comm, PETSC_ERR_ORDER, "MckEnsembleIterate: -ens_analysis %s is a filter (use MckEnsembleForecast and MckEnsembleAnalyze)", ens->type);
  PetscCheck(ens->nobs == ens->ndata, ens->comm, PETSC_ERR_ORDER, "MckEnsembleIterate: set the data (MckEnsembleSetObservations with %" PetscInt_FMT " values)", ens->ndata);
  if (!ens->fresh) PetscCall(MckEnsFieldToAnalysis(ens, &ens->x));
  PetscCall(PetscLogEventBegin(MCK_EVENT_EnsForecast, 0, 0, 0, 0));
  PetscCall(ClearFailures(ens));
  for (PetscInt jj = 0; jj < ens->nlocal; jj++) {
    const PetscInt64 j = ens->m0 + jj;
    PetscBool        failed;
    if (!ens->active[j]) continue;
    PetscCall(MckEnsMemberForward(ens, j, ens->x.vecs[jj], ens->g.vecs[jj], &failed));
    if (failed) ens->failed[j] = 1;
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_EnsForecast, 0, 0, 0, 0));
  PetscCall(MckEnsCollectFailures(ens, PETSC_TRUE));
  PetscCall(MckEnsFieldToAnalysis(ens, &ens->g));
  ens->fresh = PETSC_TRUE;
  PetscCall(ens->ops.analyze(ens));
  PetscCall(FinishUpdate(ens));
  if (done) *done = ens->done;
  PetscFunctionReturn(0);
}
