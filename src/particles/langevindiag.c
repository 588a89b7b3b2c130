/* Diagnostics of MckLangevin: moments of the particles, the kinetic temperature and the drifts'
 * own diagnostics, reduced reproducibly only when a row is recorded. */
#include "langevinimpl.h"

PetscErrorCode MckLangevinSetUpDiagnostics(MckLangevin l)
{
  PetscInt dim;

  PetscFunctionBeginUser;
  PetscCall(MckParticlesGetSizes(l->p, NULL, &dim, NULL, NULL));
  PetscCall(MckStatsCreate(l->comm, &l->diag));
  PetscCall(MckStatsRegister(l->diag, "sum_x", dim, &l->diag_mean));
  PetscCall(MckStatsRegister(l->diag, "sum_x2", dim, &l->diag_sq));
  PetscCall(MckStatsRegister(l->diag, "sum_v2", dim, &l->diag_v2));
  PetscCall(MckStatsSetUp(l->diag));
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinCreateSeries - A time series for the dynamics' diagnostics: t, T, mean_a, var_a
  (a < dim), the kinetic temperature (underdamped; else 0), and one column per drift that
  provides a diagnostic.

  Collective

  Input Parameter:
. l - the dynamics

  Output Parameter:
. s - the series "langevin"

  Level: intermediate

.seealso: `MckLangevinRecord()`, `MckRunAddSeries()`
@*/
PetscErrorCode MckLangevinCreateSeries(MckLangevin l, MckSeries *s)
{
  const char *cols[4 + 3 * MCK_MAX_DIM + MCK_MAX_DRIFTS];
  char        names[3 * MCK_MAX_DIM][16];
  PetscInt    dim, n = 0;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinSetUp(l));
  PetscCall(MckParticlesGetSizes(l->p, NULL, &dim, NULL, NULL));
  cols[n++] = "t";
  cols[n++] = "T";
  for (PetscInt a = 0; a < dim; a++) {
    PetscCall(PetscSNPrintf(names[a], sizeof(names[a]), "mean_%" PetscInt_FMT, a));
    PetscCall(PetscSNPrintf(names[dim + a], sizeof(names[a]), "var_%" PetscInt_FMT, a));
  }
  for (PetscInt a = 0; a < 2 * dim; a++) cols[n++] = names[a];
  cols[n++] = "kinetic_T";
  for (PetscInt i = 0; i < l->ndrifts; i++) {
    const char *name;
    PetscReal   value;
    MckDrift    d = l->drifts[i];
    if (!d->ops->diagnostic) continue;
    PetscCall((*d->ops->diagnostic)(d, NULL, &name, &value));
    cols[n++] = name;
  }
  PetscCall(MckSeriesCreate(l->comm, "langevin", n, cols, s));
  PetscFunctionReturn(0);
}

/* Per-chunk partial sums in a fixed order, so the reduced moments are reproducible. */
static PetscErrorCode AccumulateMoments(MckLangevin l, const MckChunk *c)
{
  PetscReal sx[MCK_MAX_DIM], sxx[MCK_MAX_DIM], svv[MCK_MAX_DIM];

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < c->dim; a++) {
    const PetscReal *x = c->x[a] + c->offset, *v = c->v[a] + c->offset;
    sx[a] = sxx[a] = svv[a] = 0;
    for (PetscInt i = 0; i < c->n; i++) {
      sx[a] += x[i];
      sxx[a] += x[i] * x[i];
      svv[a] += v[i] * v[i];
    }
  }
  PetscCall(MckStatsAdd(l->diag, l->diag_mean, c->dim, sx));
  PetscCall(MckStatsAdd(l->diag, l->diag_sq, c->dim, sxx));
  PetscCall(MckStatsAdd(l->diag, l->diag_v2, c->dim, svv));
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinRecord - Appends the diagnostics of the current state to a series (one
  reproducible collective).

  Collective

  Input Parameters:
+ l - the dynamics
- s - a series made by `MckLangevinCreateSeries()`

  Output Parameters:
+ diag_name  - the headline number's name for a progress line (the last drift diagnostic, else var_0), or NULL
- diagnostic - its value, or NULL

  Level: intermediate

.seealso: `MckLangevinCreateSeries()`, `MckRunSetHeadline()`
@*/
PetscErrorCode MckLangevinRecord(MckLangevin l, MckSeries s, const char **diag_name, PetscReal *diagnostic)
{
  PetscInt         dim, nchunks, n = 0;
  PetscInt64       N;
  const PetscReal *m, *stats;
  PetscReal        row[4 + 3 * MCK_MAX_DIM + MCK_MAX_DRIFTS], t, kin = 0;
  PetscInt         headline;
  const char      *headline_name = "var_0";

  PetscFunctionBeginUser;
  PetscCall(MckParticlesGetSizes(l->p, &N, &dim, NULL, NULL));
  PetscCall(MckParticlesGetChunks(l->p, NULL, &nchunks));
  PetscCall(MckStatsZero(l->diag));
  for (PetscInt c = 0; c < nchunks; c++) {
    MckChunk ch;
    PetscCall(MckParticlesGetChunk(l->p, c, &ch));
    PetscCall(AccumulateMoments(l, &ch));
  }
  PetscCall(MckStatsReduce(l->diag));
  PetscCall(MckStatsGetSums(l->diag, &m));
  PetscCall(MckLangevinGetTime(l, &t));
  row[n++] = t;
  PetscCall(MckLangevinGetTemperature(l, t, &row[n++]));
  for (PetscInt a = 0; a < dim; a++) row[n++] = m[l->diag_mean + a] / (PetscReal)N;
  for (PetscInt a = 0; a < dim; a++) {
    const PetscReal mean = m[l->diag_mean + a] / (PetscReal)N;
    row[n++]             = m[l->diag_sq + a] / (PetscReal)N - mean * mean;
  }
  for (PetscInt a = 0; a < dim; a++) kin += l->mass * m[l->diag_v2 + a] / ((PetscReal)N * dim);
  row[n++] = l->ops->needs_velocities ? kin : 0;
  headline = 2 + dim;
  PetscCall(MckStatsGetSums(l->stats, &stats));
  for (PetscInt i = 0; i < l->ndrifts; i++) {
    const char *name;
    MckDrift    d = l->drifts[i];
    if (!d->ops->diagnostic) continue;
    PetscCall((*d->ops->diagnostic)(d, stats, &name, &row[n]));
    headline_name = name;
    headline      = n++;
  }
  PetscCall(MckSeriesAppend(s, row));
  if (diag_name) *diag_name = headline_name;
  if (diagnostic) *diagnostic = row[headline];
  PetscFunctionReturn(0);
}
