/* Fixed-lag ensemble Kalman smoother (EnKS; Evensen & van Leeuwen 2000; Evensen 2009, ch. 9)
 * on top of a global filter whose analysis is one ensemble transform, X^a = X^f T (etkf, enkf:
 * the analysis leaves T, over the active members, in ens->T). Every analysed ensemble of the
 * last L cycles is kept, and each new analysis applies its T to them as well,
 *   X^s_{k-l} <- X^s_{k-l} T_k,   l = 1..L,
 * which is the Kalman update of the lagged states with the cross covariance of the ensemble: for
 * the ETKF the same right-multiplying mean-preserving transform acts on the lagged means and
 * anomalies, for the EnKF the matrix X5 = I + (I - 1 1^T / J) C of the perturbed-observation
 * update. After analysis k the ensemble of cycle k - l has seen l later observations; the one
 * of cycle k - L is the fixed-lag smoother's estimate. For a linear model without model error and
 * more members than state components the ETKF's smoother is the Kalman (Rauch-Tung-Striebel)
 * smoother of the ensemble's prior, exactly.
 *
 * The lagged ensembles live in the analysis layout (the same block of components as the
 * filter's, all members), in a ring of L + 1 slots (analysis c in slot c mod (L + 1); the slot of
 * cycle k - L - 1 takes the new analysis). Inflation acts on the filter's ensemble only (the
 * prior inflation is inside T); members that failed in a cycle are dropped or redrawn in the
 * lagged ensembles with the same coefficients as in the filter's (the same random numbers),
 * so each member remains one joint sample across the window. The window is written with the
 * members (MckEnsembleWrite: <group>/smoother_lag_l, n x J), so a restart continues bit for bit. */
#include "ensemble/ensimpl.h"

PetscErrorCode MckEnsSmootherSetFromOptions(MckEnsemble ens, PetscOptionItems *PetscOptionsObject)
{
  PetscFunctionBeginUser;
  PetscCall(MckOptionsInt("-ens_smoother_lag",
                          "Fixed-lag ensemble Kalman smoother: lag L in cycles (0: off; etkf and enkf)",
                          ens->smoother.lag, &ens->smoother.lag, NULL));
  PetscCheck(ens->smoother.lag >= 0, ens->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": must be 0 (off) or a positive number of cycles",
             McKeanOptionName((PetscObject)ens, "-ens_smoother_lag"), ens->smoother.lag);
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsSmootherSetUp(MckEnsemble ens)
{
  MckEnsSmoother *s      = &ens->smoother;
  const PetscInt  nslots = s->lag + 1, J = ens->J, nc = ens->x.nc;

  PetscFunctionBeginUser;
  if (!s->lag) PetscFunctionReturn(0);
  PetscCheck(ens->transform, ens->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": the smoother needs a global transform analysis (%s etkf or enkf), not %s",
             McKeanOptionName((PetscObject)ens, "-ens_smoother_lag"), s->lag,
             McKeanOptionName((PetscObject)ens, "-ens_analysis"), ((PetscObject)ens)->type_name);
  PetscCall(PetscMalloc2((size_t)nslots * J * PetscMax(nc, 1), &s->store, (size_t)nslots * J, &s->blk));
  for (PetscInt k = 0; k < nslots; k++)
    for (PetscInt j = 0; j < J; j++) s->blk[k * J + j] = s->store + ((size_t)k * J + j) * nc;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsSmootherDestroy(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree2(ens->smoother.store, ens->smoother.blk));
  PetscFunctionReturn(0);
}

/* The ensemble of lag l (1..L) after the analysis of cycle 'last', as a field sharing the
 * filter's scratch (wrk, sd) and layout. */
static void LagField(MckEnsemble ens, PetscInt64 last, PetscInt l, MckEnsField *f)
{
  MckEnsSmoother *s    = &ens->smoother;
  const PetscInt  slot = (PetscInt)((last - l) % (s->lag + 1));

  *f       = ens->x;
  f->store = s->store + (size_t)slot * ens->J * ens->x.nc;
  f->blk   = s->blk + (size_t)slot * ens->J;
}

/* Lags held after the analysis of cycle 'last' (analyses since the start, up to L). */
static PetscInt Stored(MckEnsemble ens, PetscInt64 last) { return (PetscInt)PetscMin(last, ens->smoother.lag); }

/* The filter's ensemble, the analysis of cycle k, into its slot. */
static PetscErrorCode KeepAnalysis(MckEnsemble ens, PetscInt64 k)
{
  MckEnsField f;

  PetscFunctionBeginUser;
  LagField(ens, k, 0, &f);
  for (PetscInt j = 0; j < ens->J; j++) PetscCall(PetscArraycpy(f.blk[j], ens->x.blk[j], ens->x.nc));
  PetscFunctionReturn(0);
}

/* op on every lagged ensemble held before the analysis of cycle k joins the window. */
static PetscErrorCode EachLag(MckEnsemble ens, PetscInt64 k, PetscErrorCode (*op)(MckEnsemble, MckEnsField *))
{
  MckEnsField f;

  PetscFunctionBeginUser;
  for (PetscInt l = 1; l <= Stored(ens, k); l++) {
    LagField(ens, k, l, &f);
    PetscCall((*op)(ens, &f));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode ApplyAnalysisTransform(MckEnsemble ens, MckEnsField *f)
{
  PetscFunctionBeginUser;
  PetscCall(MckEnsApplyTransform(ens, f, ens->T));
  PetscFunctionReturn(0);
}

/* After the type's analysis of cycle ens->cycle (T in ens->T): the lagged ensembles take T. */
PetscErrorCode MckEnsSmootherUpdate(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  if (ens->smoother.lag) PetscCall(EachLag(ens, ens->cycle, ApplyAnalysisTransform));
  PetscFunctionReturn(0);
}

/* After the filter's ensemble is final (inflation, failed members): failed members of the lagged
 * ensembles as in the filter's; the analysis of cycle ens->cycle joins the window. */
PetscErrorCode MckEnsSmootherPush(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  if (!ens->smoother.lag) PetscFunctionReturn(0);
  PetscCall(EachLag(ens, ens->cycle, MckEnsReplaceFailed));
  PetscCall(KeepAnalysis(ens, ens->cycle));
  PetscFunctionReturn(0);
}

/* The field of lag l after the last analysis, or an error naming what is available. */
PetscErrorCode MckEnsSmootherGetLag(MckEnsemble ens, PetscInt l, MckEnsField *f)
{
  const PetscInt64 last = ens->cycle - 1;

  PetscFunctionBeginUser;
  PetscCheck(ens->smoother.lag > 0, ens->comm, PETSC_ERR_ORDER, "no smoother: set %s to a positive lag",
             McKeanOptionName((PetscObject)ens, "-ens_smoother_lag"));
  PetscCheck(l >= 1 && l <= Stored(ens, last), ens->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "lag %" PetscInt_FMT ": after %" PetscInt64_FMT " analyses lags 1 to %" PetscInt_FMT " are available", l,
             ens->cycle, Stored(ens, last));
  LagField(ens, last, l, f);
  PetscFunctionReturn(0);
}

/* <group>/smoother_lag_l (n x J) for the lags held (write), or read back into their slots; the
 * slot of the last analysis is the members' (read first). */
PetscErrorCode MckEnsSmootherWriteRead(MckEnsemble ens, MckIO io, const char group[], PetscBool write)
{
  const PetscInt64 last = ens->cycle - 1;
  char             path[PETSC_MAX_PATH_LEN];
  PetscInt64       c0;
  PetscInt         nc;
  MckEnsField      f;

  PetscFunctionBeginUser;
  if (!ens->smoother.lag) PetscFunctionReturn(0);
  PetscCall(MckEnsFieldFileRows(ens, &ens->x, &c0, &nc));
  if (!write && last >= 0) PetscCall(KeepAnalysis(ens, last));
  for (PetscInt l = 1; l <= Stored(ens, last); l++) {
    LagField(ens, last, l, &f);
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/smoother_lag_%" PetscInt_FMT, group, l));
    if (write) PetscCall(MckIOWriteRows(io, path, ens->n, c0, nc, ens->J, f.blk));
    else {
      PetscCall(MckIOReadRows(io, path, ens->n, c0, nc, ens->J, f.blk));
      PetscCall(MckEnsFieldShareRead(ens, &f));
    }
  }
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetSmootherLag - The lag L of the fixed-lag ensemble Kalman smoother (0: off).

  Not Collective

  Input Parameter:
. ens - the ensemble

  Output Parameter:
. lag - L

  Level: intermediate

.seealso: `MckEnsembleGetSmoothedMean()`, `MckEnsembleGetSmoothedCovariance()`
@*/
PetscErrorCode MckEnsembleGetSmootherLag(MckEnsemble ens, PetscInt *lag)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  *lag = ens->smoother.lag;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetSmoothedMean - Mean, spread and error of the smoothed ensemble of the analysis
  `lag` cycles before the last one (updated by every analysis since).

  Collective

  Input Parameters:
+ ens   - a filter ensemble with -ens_smoother_lag L
. lag   - 1..L, at most the number of analyses done minus one
- truth - the truth at the time of that analysis (length n, replicated), or NULL

  Output Parameters:
+ mean   - the mean (length n, replicated), or NULL
. spread - sqrt of the mean over components of the ensemble variance, or NULL
- rmse   - RMS over components of mean - truth (needs truth), or NULL

  Options Database Key:
. -ens_smoother_lag <L> - the lag of the fixed-lag smoother (0: off; etkf and enkf)

  Level: intermediate

.seealso: `MckEnsembleGetMean()`, `MckEnsembleGetSmoothedCovariance()`, `MckEnsembleGetSmootherLag()`
@*/
PetscErrorCode MckEnsembleGetSmoothedMean(MckEnsemble ens, PetscInt lag, PetscReal mean[], PetscReal *spread,
                                          const PetscReal truth[], PetscReal *rmse)
{
  MckEnsField f;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCall(MckEnsEnsureAnalysisLayout(ens));
  PetscCall(MckEnsSmootherGetLag(ens, lag, &f));
  PetscCall(MckEnsFieldMean(ens, &f, mean, spread, truth, rmse));
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetSmoothedCovariance - The sample covariance (1/(J_a - 1)) of the smoothed
  ensemble of the analysis `lag` cycles before the last one, for small n.

  Collective

  Input Parameters:
+ ens - a filter ensemble with -ens_smoother_lag L
- lag - 1..L, at most the number of analyses done minus one

  Output Parameter:
. cov - n x n, row-major, replicated

  Level: intermediate

.seealso: `MckEnsembleGetSmoothedMean()`, `MckEnsembleGetCovariance()`
@*/
PetscErrorCode MckEnsembleGetSmoothedCovariance(MckEnsemble ens, PetscInt lag, PetscReal cov[])
{
  MckEnsField f;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCall(MckEnsEnsureAnalysisLayout(ens));
  PetscCall(MckEnsSmootherGetLag(ens, lag, &f));
  PetscCall(MckEnsFieldCovariance(ens, &f, cov));
  PetscFunctionReturn(0);
}
