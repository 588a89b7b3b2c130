/* The filter twin experiment's record of the fixed-lag smoother (-ens_smoother_lag L > 0): after
 * the analysis of cycle k >= L, the smoothed ensemble of cycle k - L (it has seen L later
 * observations) against the truth of that cycle, one row of the series /timeseries/da_smoother
 * (the cycle it estimates, its time, RMSE and spread; compare rmse_analysis of the same cycle in
 * /timeseries/da) and the mean smoothed RMSE after the burn-in (attribute mean_rmse_smoothed).
 * The truths of the last L + 1 cycles and the sums of the summary are the state a restart needs. */
#include "twinimpl.h"

#define NCOLS 4
static const char *const Columns[NCOLS] = {"cycle", "t", "rmse_smoothed", "spread_smoothed"};

struct _n_MckTwinSmoothed {
  PetscInt   lag, n;
  PetscReal *ring;    /* (L + 1) x (n + 1): truth and time of cycle c in slot c mod (L + 1) */
  PetscReal  sums[3]; /* RMSE, spread, count after the burn-in */
};

PetscErrorCode MckTwinSmoothedCreate(MckTwin tw, PetscInt n, MckTwinSmoothed *sm)
{
  PetscInt lag;

  PetscFunctionBeginUser;
  *sm = NULL;
  PetscCall(MckEnsembleGetSmootherLag(tw->ens, &lag));
  if (!lag) PetscFunctionReturn(0);
  PetscCall(PetscNew(sm));
  (*sm)->lag = lag;
  (*sm)->n   = n;
  PetscCall(PetscCalloc1((size_t)(lag + 1) * (n + 1), &(*sm)->ring));
  PetscCall(MckSeriesCreate(tw->comm, "da_smoother", NCOLS, Columns, &tw->smoothed));
  PetscFunctionReturn(0);
}

PetscErrorCode MckTwinSmoothedDestroy(MckTwinSmoothed *sm)
{
  PetscFunctionBeginUser;
  if (*sm) PetscCall(PetscFree((*sm)->ring));
  PetscCall(PetscFree(*sm));
  PetscFunctionReturn(0);
}

/* After the analysis of cycle k at time t with the truth x: keep the truth, record lag L. */
PetscErrorCode MckTwinSmoothedRecord(MckTwin tw, MckTwinSmoothed sm, PetscInt64 k, PetscReal t, const PetscReal x[],
                                     PetscInt64 burnin)
{
  PetscReal *slot, row[NCOLS];

  PetscFunctionBeginUser;
  if (!sm) PetscFunctionReturn(0);
  slot = sm->ring + (size_t)(k % (sm->lag + 1)) * (sm->n + 1);
  PetscCall(PetscArraycpy(slot, x, sm->n));
  slot[sm->n] = t;
  if (k < sm->lag) PetscFunctionReturn(0);
  slot   = sm->ring + (size_t)((k - sm->lag) % (sm->lag + 1)) * (sm->n + 1);
  row[0] = (PetscReal)(k - sm->lag + 1); /* the cycle count after that analysis, as in /timeseries/da */
  row[1] = slot[sm->n];
  PetscCall(MckEnsembleGetSmoothedMean(tw->ens, sm->lag, NULL, &row[3], slot, &row[2]));
  if (row[0] > burnin) {
    sm->sums[0] += row[2];
    sm->sums[1] += row[3];
    sm->sums[2] += 1;
  }
  PetscCall(MckSeriesAppend(tw->smoothed, row));
  PetscFunctionReturn(0);
}

PetscErrorCode MckTwinSmoothedWriteRead(MckTwinSmoothed sm, MckIO io, const char group[], PetscBool write)
{
  char       path[PETSC_MAX_PATH_LEN];
  PetscInt64 dims[4], len = (PetscInt64)(sm ? sm->lag + 1 : 0) * (sm ? sm->n + 1 : 0), three = 3;
  PetscInt   nd;

  PetscFunctionBeginUser;
  if (!sm) PetscFunctionReturn(0);
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/smoother_truth", group));
  if (write) PetscCall(MckIOWriteArray(io, path, 1, &len, sm->ring));
  else PetscCall(MckIOReadArray(io, path, &nd, dims, sm->ring));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/smoother_sums", group));
  if (write) PetscCall(MckIOWriteArray(io, path, 1, &three, sm->sums));
  else PetscCall(MckIOReadArray(io, path, &nd, dims, sm->sums));
  PetscFunctionReturn(0);
}

/* The mean smoothed RMSE and spread after the burn-in (0 before any). */
void MckTwinSmoothedSummary(MckTwinSmoothed sm, PetscReal *rmse, PetscReal *spread, PetscInt64 *count)
{
  *rmse   = sm->sums[2] > 0 ? sm->sums[0] / sm->sums[2] : 0;
  *spread = sm->sums[2] > 0 ? sm->sums[1] / sm->sums[2] : 0;
  *count  = (PetscInt64)sm->sums[2];
}
