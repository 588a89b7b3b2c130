/* MckGenSampler in a run: diagnostics (a time series row per monitor call), the final metrics,
 * the state a checkpoint holds, and the stepping and checkpoint protocols. */
#include "gen/genimpl.h"

#define MCK_GEN_SERIES_DIMS 3

PetscErrorCode MckGenSamplerSetUpDiagnostics(MckGenSampler s)
{
  const PetscInt d = s->dim;

  PetscFunctionBeginUser;
  PetscCall(MckStatsCreate(s->comm, &s->diag));
  PetscCall(MckStatsRegister(s->diag, "weight", 1, &s->diag_n));
  PetscCall(MckStatsRegister(s->diag, "weighted_x", d, &s->diag_x));
  PetscCall(MckStatsRegister(s->diag, "weighted_xx", d * d, &s->diag_xx));
  PetscCall(MckStatsSetUp(s->diag));
  PetscFunctionReturn(0);
}

/* Weighted first and second moments: w = exp(logw - max logw) (the max by MPI_MAX, exact),
 * per-chunk partial sums in a fixed order, one reproducible reduction. mean (d), cov (d x d). */
static PetscErrorCode WeightedMoments(MckGenSampler s, PetscReal mean[], PetscReal cov[])
{
  const PetscInt   d    = s->dim;
  PetscReal        lmax = PETSC_NINFINITY, gmax, part[1 + MCK_GEN_MAX_DIM], *pxx;
  const PetscReal *sums;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < s->nlocal; i++) lmax = PetscMax(lmax, s->logw[i]);
  PetscCallMPI(MPI_Allreduce(&lmax, &gmax, 1, MPIU_REAL, MPI_MAX, s->comm));
  PetscCall(PetscMalloc1(d * d, &pxx));
  PetscCall(MckStatsZero(s->diag));
  for (PetscInt c = 0; c < s->nchunks; c++) {
    PetscInt   off, n;
    PetscInt64 g0;
    PetscCall(MckGenSamplerChunkRows(s, c, &off, &n, &g0));
    PetscCall(PetscArrayzero(part, 1 + d));
    PetscCall(PetscArrayzero(pxx, d * d));
    for (PetscInt i = off; i < off + n; i++) {
      const PetscReal w = PetscExpReal(s->logw[i] - gmax);
      part[0] += w;
      for (PetscInt a = 0; a < d; a++) {
        part[1 + a] += w * s->x[a][i];
        for (PetscInt b = 0; b < d; b++) pxx[a * d + b] += w * s->x[a][i] * s->x[b][i];
      }
    }
    PetscCall(MckStatsAdd(s->diag, s->diag_n, 1, part));
    PetscCall(MckStatsAdd(s->diag, s->diag_x, d, part + 1));
    PetscCall(MckStatsAdd(s->diag, s->diag_xx, d * d, pxx));
  }
  PetscCall(PetscFree(pxx));
  PetscCall(MckStatsReduce(s->diag));
  PetscCall(MckStatsGetSums(s->diag, &sums));
  for (PetscInt a = 0; a < d; a++) mean[a] = sums[s->diag_x + a] / sums[s->diag_n];
  for (PetscInt a = 0; a < d; a++)
    for (PetscInt b = 0; b < d; b++)
      cov[a * d + b] = sums[s->diag_xx + a * d + b] / sums[s->diag_n] - mean[a] * mean[b];
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerCreateSeries - A time series of the sampler's diagnostics: step, t, fit_residual,
  ess (/N), log_z, accept, and the weighted mean and variance of the first (up to 3) coordinates.

  Collective

  Input Parameter:
. s - the sampler (set up)

  Output Parameter:
. series - the series "gen"

  Level: intermediate

.seealso: `MckGenSamplerRecord()`, `MckRunAddSeries()`
@*/
PetscErrorCode MckGenSamplerCreateSeries(MckGenSampler s, MckSeries *series)
{
  const char *cols[6 + 2 * MCK_GEN_SERIES_DIMS];
  char        names[2 * MCK_GEN_SERIES_DIMS][16];
  PetscInt    n = 0, k = PetscMin(s->dim, MCK_GEN_SERIES_DIMS);

  PetscFunctionBeginUser;
  PetscCall(MckGenSamplerSetUp(s));
  cols[n++] = "step";
  cols[n++] = "t";
  cols[n++] = "fit_residual";
  cols[n++] = "ess";
  cols[n++] = "log_z";
  cols[n++] = "accept";
  for (PetscInt a = 0; a < k; a++) {
    PetscCall(PetscSNPrintf(names[2 * a], sizeof(names[0]), "mean_%" PetscInt_FMT, a));
    PetscCall(PetscSNPrintf(names[2 * a + 1], sizeof(names[0]), "var_%" PetscInt_FMT, a));
    cols[n++] = names[2 * a];
    cols[n++] = names[2 * a + 1];
  }
  PetscCall(MckSeriesCreate(s->comm, "gen", n, cols, series));
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerRecord - Appends the diagnostics of the current state to the series (one reproducible reduction).

  Collective

  Input Parameters:
+ s      - the sampler
- series - made by `MckGenSamplerCreateSeries()`

  Level: intermediate

.seealso: `MckGenSamplerCreateSeries()`, `MckGenSamplerGetInfo()`
@*/
PetscErrorCode MckGenSamplerRecord(MckGenSampler s, MckSeries series)
{
  const PetscInt    d = s->dim, k = PetscMin(d, MCK_GEN_SERIES_DIMS);
  PetscReal         row[6 + 2 * MCK_GEN_SERIES_DIMS], mean[MCK_GEN_MAX_DIM], *cov;
  MckGenSamplerInfo info;
  PetscInt          n = 0;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(d * d, &cov));
  PetscCall(WeightedMoments(s, mean, cov));
  PetscCall(MckGenSamplerGetInfo(s, &info));
  row[n++] = (PetscReal)s->step;
  row[n++] = info.time;
  row[n++] = info.fit_residual;
  row[n++] = info.ess;
  row[n++] = info.log_z;
  row[n++] = info.accept;
  for (PetscInt a = 0; a < k; a++) {
    row[n++] = mean[a];
    row[n++] = cov[a * d + a];
  }
  PetscCall(PetscFree(cov));
  PetscCall(MckSeriesAppend(series, row));
  PetscFunctionReturn(0);
}

/* Linear-time two-sample statistics against exact target samples y (drawn with the samples'
 * global ids at MCK_GEN_STEP_METRIC): over the pairs (2i, 2i+1), which a chunk never splits,
 *   MMD:    h_i = k(x, x') + k(y, y') - k(x, y') - k(x', y),  k = exp(-|.|^2 / (2 bw^2)),
 *   energy: h_i = |x - y'| + |x' - y| - |x - x'| - |y - y'|,
 * whose means are unbiased for MMD^2 and the energy distance (0 iff the laws agree), with
 * standard errors from the variance of h (Gretton et al.'s linear-time statistic). */
static PetscErrorCode TwoSample(MckGenSampler s, PetscReal bw2, PetscReal stat[4])
{
  const PetscInt   d = s->dim;
  MckStats         st;
  PetscInt         off;
  const PetscReal *sums;
  PetscReal       *y[MCK_GEN_MAX_DIM];
  PetscInt64       npairs = s->N / 2;

  PetscFunctionBeginUser;
  PetscCall(MckStatsCreate(s->comm, &st));
  PetscCall(MckStatsRegister(st, "two_sample", 4, &off));
  PetscCall(MckStatsSetUp(st));
  for (PetscInt a = 0; a < d; a++) y[a] = s->cnoise[a];
  for (PetscInt c = 0; c < s->nchunks; c++) {
    PetscInt   o, n;
    PetscInt64 g0;
    PetscReal  part[4] = {0, 0, 0, 0};
    PetscCall(MckGenSamplerChunkRows(s, c, &o, &n, &g0));
    PetscCall(MckGenTargetSample(s->target, s->rng, g0, n, MCK_GEN_STEP_METRIC, y));
    for (PetscInt i = 0; i + 1 < n; i += 2) {
      PetscReal dxx = 0, dyy = 0, dxy = 0, dyx = 0, hm, he;
      for (PetscInt a = 0; a < d; a++) {
        const PetscReal x0 = s->x[a][o + i], x1 = s->x[a][o + i + 1], y0 = y[a][i], y1 = y[a][i + 1];
        dxx += (x0 - x1) * (x0 - x1);
        dyy += (y0 - y1) * (y0 - y1);
        dxy += (x0 - y1) * (x0 - y1);
        dyx += (x1 - y0) * (x1 - y0);
      }
      hm = PetscExpReal(-0.5 * dxx / bw2) + PetscExpReal(-0.5 * dyy / bw2) - PetscExpReal(-0.5 * dxy / bw2) -
           PetscExpReal(-0.5 * dyx / bw2);
      he = PetscSqrtReal(dxy) + PetscSqrtReal(dyx) - PetscSqrtReal(dxx) - PetscSqrtReal(dyy);
      part[0] += hm;
      part[1] += hm * hm;
      part[2] += he;
      part[3] += he * he;
    }
    PetscCall(MckStatsAdd(st, off, 4, part));
  }
  PetscCall(MckStatsReduce(st));
  PetscCall(MckStatsGetSums(st, &sums));
  for (PetscInt k = 0; k < 2; k++) {
    const PetscReal m = sums[off + 2 * k] / npairs, v = sums[off + 2 * k + 1] / npairs - m * m;
    stat[2 * k]     = m;
    stat[2 * k + 1] = PetscSqrtReal(PetscMax(v, 0) / npairs);
  }
  PetscCall(MckStatsDestroy(&st));
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerWriteMetrics - Writes the final metrics to group: the weighted mean and covariance,
  the exact ones and the largest mean error in standard errors (targets with known moments), the
  linear-time MMD^2 and energy distance against exact target samples with their standard errors
  (targets with samples, equal weights), log Z and its exact value (smc), the fit residual.

  Collective

  Input Parameters:
+ s     - the sampler
. io    - the run file
- group - the group, e.g. "/gen/metrics"

  Level: intermediate

.seealso: `MckRunAddFinish()`
@*/
PetscErrorCode MckGenSamplerWriteMetrics(MckGenSampler s, MckIO io, const char group[])
{
  const PetscInt d = s->dim;
  PetscReal      mean[MCK_GEN_MAX_DIM], emean[MCK_GEN_MAX_DIM], *cov, *ecov, bw2 = 0, zmax = 0, logz;
  PetscInt64     dims[2] = {d, d};
  PetscBool      sample, moments, known;
  char           path[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_GenMetrics, s, 0, 0, 0));
  PetscCall(PetscMalloc2(d * d, &cov, d * d, &ecov));
  PetscCall(WeightedMoments(s, mean, cov));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/mean", group));
  PetscCall(MckIOWriteArray(io, path, 1, dims, mean));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/cov", group));
  PetscCall(MckIOWriteArray(io, path, 2, dims, cov));
  PetscCall(MckGenTargetHas(s->target, &sample, NULL, NULL, &moments));
  if (moments) {
    PetscCall(MckGenTargetGetMoments(s->target, emean, ecov));
    for (PetscInt a = 0; a < d; a++)
      zmax = PetscMax(zmax, PetscAbsReal(mean[a] - emean[a]) / PetscSqrtReal(ecov[a * d + a] / (s->ess * s->N)));
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/exact_mean", group));
    PetscCall(MckIOWriteArray(io, path, 1, dims, emean));
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/exact_cov", group));
    PetscCall(MckIOWriteArray(io, path, 2, dims, ecov));
    PetscCall(MckIOWriteAttributeReal(io, group, "mean_error_max_se", zmax));
  }
  for (PetscInt a = 0; a < d; a++) bw2 += (moments ? ecov[a * d + a] : cov[a * d + a]) / d;
  if (sample && s->ess == 1 && s->N >= 2) {
    PetscReal stat[4];
    PetscCall(TwoSample(s, bw2, stat));
    PetscCall(MckIOWriteAttributeReal(io, group, "mmd2_linear", stat[0]));
    PetscCall(MckIOWriteAttributeReal(io, group, "mmd2_linear_se", stat[1]));
    PetscCall(MckIOWriteAttributeReal(io, group, "energy_distance_linear", stat[2]));
    PetscCall(MckIOWriteAttributeReal(io, group, "energy_distance_linear_se", stat[3]));
    PetscCall(MckIOWriteAttributeReal(io, group, "mmd_bandwidth", PetscSqrtReal(bw2)));
  }
  PetscCall(MckGenTargetGetLogNormalizer(s->target, &logz, &known));
  if (!strcmp(((PetscObject)s)->type_name, MCKGENSAMPLER_SMC)) {
    PetscCall(MckIOWriteAttributeReal(io, group, "log_z", s->logz));
    if (known) PetscCall(MckIOWriteAttributeReal(io, group, "exact_log_z", logz));
  }
  if (s->fit && s->fit->solved) PetscCall(MckIOWriteAttributeReal(io, group, "fit_residual", s->fit->residual));
  PetscCall(PetscFree2(cov, ecov));
  PetscCall(PetscLogEventEnd(MCK_EVENT_GenMetrics, s, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Another -gen_steps on restart is not "more of the same run" as it is for a Langevin run: every
 * sampler's time grid is its interval divided by the step count (interpolant h = 1/K, diffusion
 * h = (1 - t_min)/K, SMC beta_k = (k/K)^p), so other steps are another grid, and the checkpoint's
 * samples sit at a time the new grid may not have. */
static PetscErrorCode CheckSteps(MckGenSampler s, MckIO io)
{
  const char *opt = McKeanOptionName((PetscObject)s, "-gen_steps"), *path;
  char        stored[32], value[32];
  PetscBool   found;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigRead(io, opt, sizeof(stored), stored, &found));
  PetscCall(PetscSNPrintf(value, sizeof(value), "%" PetscInt_FMT, s->sample_steps));
  if (!found || !strcmp(stored, value)) PetscFunctionReturn(0); /* a missing one: MckIOConfigInt says so */
  PetscCall(MckIOGetPath(io, &path));
  SETERRQ(s->comm, PETSC_ERR_USER_INPUT,
          "-restart %s: checkpoint was written with %s %s but this run has %s %s; a sampler's time grid is "
          "fixed by its step count, so a generative run cannot be extended: restart with %s %s",
          path, opt, stored, opt, value, opt, stored);
}

/*@C
  MckGenSamplerConfig - Records or compares the settings a checkpoint depends on (sampler, target, features).

  Collective

  Input Parameters:
+ s     - the sampler
. io    - the checkpoint
- check - `PETSC_FALSE` to record, `PETSC_TRUE` to compare

  Level: developer

.seealso: `MckIOConfigInt()`
@*/
PetscErrorCode MckGenSamplerConfig(MckGenSampler s, MckIO io, PetscBool check)
{
  PetscObject obj       = (PetscObject)s;
  PetscReal   lambda[1] = {s->fit_lambda};

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigString(io, check, McKeanOptionName(obj, "-gen_type"), obj->type_name));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-gen_n"), s->N));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-gen_chunk_size"), s->chunk));
  if (check) PetscCall(CheckSteps(s, io));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-gen_steps"), s->sample_steps));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-gen_fit_rounds"), s->fit_rounds));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-gen_fit_samples"), s->fit_samples));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-gen_fit_chunk"), s->fit_chunk));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-gen_fit_lambda"), 1, lambda));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-gen_exact_drift"), s->exact_drift));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-gen_fit_scalapack_threshold"), s->fit_scalapack));
  PetscCall(MckGenTargetConfig(s->target, io, check));
  if (s->features) PetscCall(MckGenFeaturesConfig(s->features, io, check));
  if (s->ops->config) PetscCall((*s->ops->config)(s, io, check));
  PetscFunctionReturn(0);
}

static PetscErrorCode Path(const char group[], const char leaf[], char path[], size_t len)
{
  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(path, len, "%s/%s", group, leaf));
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerWrite - Writes the state: samples "<group>/x" (N x dim), log-weights, the running
  normal equations and coefficients of the fit, the step and the scalars of the state.

  Collective

  Input Parameters:
+ s     - the sampler
. io    - a file open for writing
- group - the group

  Level: intermediate

.seealso: `MckGenSamplerRead()`
@*/
PetscErrorCode MckGenSamplerWrite(MckGenSampler s, MckIO io, const char group[])
{
  char       path[PETSC_MAX_PATH_LEN];
  PetscReal *w[1] = {s->logw};

  PetscFunctionBeginUser;
  PetscCall(Path(group, "x", path, sizeof(path)));
  PetscCall(MckIOWriteRows(io, path, s->N, s->gstart, s->nlocal, s->dim, s->x));
  PetscCall(Path(group, "logw", path, sizeof(path)));
  PetscCall(MckIOWriteRows(io, path, s->N, s->gstart, s->nlocal, 1, w));
  PetscCall(MckIOWriteAttributeInt(io, group, "step", s->step));
  PetscCall(MckIOWriteAttributeInt(io, group, "resamplings", s->nresample));
  PetscCall(MckIOWriteAttributeReal(io, group, "time", s->time));
  PetscCall(MckIOWriteAttributeReal(io, group, "log_z", s->logz));
  PetscCall(MckIOWriteAttributeReal(io, group, "ess", s->ess));
  PetscCall(MckIOWriteAttributeReal(io, group, "accept", s->accept));
  if (s->fit) {
    const PetscInt64 pp[2] = {s->fit->p, s->fit->p}, pq[2] = {s->fit->q, s->fit->p};
    PetscCall(Path(group, "fit_A", path, sizeof(path)));
    PetscCall(MckIOWriteArray(io, path, 2, pp, s->fit->A));
    PetscCall(Path(group, "fit_B", path, sizeof(path)));
    PetscCall(MckIOWriteArray(io, path, 2, pq, s->fit->B));
    PetscCall(Path(group, "fit_C", path, sizeof(path)));
    PetscCall(MckIOWriteArray(io, path, 2, pq, s->fit->C));
    PetscCall(MckIOWriteAttributeReal(io, group, "fit_S", s->fit->S));
    PetscCall(MckIOWriteAttributeReal(io, group, "fit_M", s->fit->M));
    PetscCall(MckIOWriteAttributeReal(io, group, "fit_residual", s->fit->residual));
    PetscCall(MckIOWriteAttributeInt(io, group, "fit_solved", s->fit->solved));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadReal(MckGenSampler s, MckIO io, const char group[], const char name[], PetscReal *v)
{
  PetscBool found;

  PetscFunctionBeginUser;
  PetscCall(MckIOReadAttributeReal(io, group, name, v, &found));
  PetscCheck(found, s->comm, PETSC_ERR_FILE_UNEXPECTED, "checkpoint has no %s/%s", group, name);
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerRead - Restores what `MckGenSamplerWrite()` wrote, bit for bit, on any rank count.

  Collective

  Input Parameters:
+ s     - the sampler (set up with the same configuration)
. io    - a file open for reading
- group - the group

  Level: intermediate

.seealso: `MckGenSamplerWrite()`
@*/
PetscErrorCode MckGenSamplerRead(MckGenSampler s, MckIO io, const char group[])
{
  char       path[PETSC_MAX_PATH_LEN];
  PetscReal *w[1] = {s->logw}, v;
  PetscInt64 step, nres, dims[4];
  PetscInt   nd;
  PetscBool  found;

  PetscFunctionBeginUser;
  PetscCall(MckGenSamplerSetUp(s));
  PetscCall(Path(group, "x", path, sizeof(path)));
  PetscCall(MckIOReadRows(io, path, s->N, s->gstart, s->nlocal, s->dim, s->x));
  PetscCall(Path(group, "logw", path, sizeof(path)));
  PetscCall(MckIOReadRows(io, path, s->N, s->gstart, s->nlocal, 1, w));
  PetscCall(MckIOReadAttributeInt(io, group, "step", &step, &found));
  PetscCheck(found, s->comm, PETSC_ERR_FILE_UNEXPECTED, "checkpoint has no %s step", group);
  PetscCall(MckIOReadAttributeInt(io, group, "resamplings", &nres, &found));
  s->step      = step;
  s->nresample = (PetscInt)nres;
  PetscCall(ReadReal(s, io, group, "time", &s->time));
  PetscCall(ReadReal(s, io, group, "log_z", &s->logz));
  PetscCall(ReadReal(s, io, group, "ess", &s->ess));
  PetscCall(ReadReal(s, io, group, "accept", &s->accept));
  if (s->fit) {
    PetscInt64 solved;
    PetscCall(Path(group, "fit_A", path, sizeof(path)));
    PetscCall(MckIOReadArray(io, path, &nd, dims, s->fit->A));
    PetscCall(Path(group, "fit_B", path, sizeof(path)));
    PetscCall(MckIOReadArray(io, path, &nd, dims, s->fit->B));
    PetscCall(Path(group, "fit_C", path, sizeof(path)));
    PetscCall(MckIOReadArray(io, path, &nd, dims, s->fit->C));
    PetscCall(ReadReal(s, io, group, "fit_S", &s->fit->S));
    PetscCall(ReadReal(s, io, group, "fit_M", &s->fit->M));
    PetscCall(ReadReal(s, io, group, "fit_residual", &v));
    s->fit->residual = v;
    PetscCall(MckIOReadAttributeInt(io, group, "fit_solved", &solved, &found));
    s->fit->solved = (PetscBool)(solved != 0);
  }
  PetscFunctionReturn(0);
}

/* ---- the run protocols ----------------------------------------------------------------- */
MCK_OBJECT_METHOD(Step_Gen, MckGenSampler, MckGenSamplerStep)

static PetscErrorCode GetStep_Gen(PetscObject obj, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time)
{
  MckGenSampler s = (MckGenSampler)obj;

  PetscFunctionBeginUser;
  PetscCall(MckGenSamplerGetStep(s, step, nsteps));
  if (time) *time = s->time;
  PetscFunctionReturn(0);
}

MCK_CONFIG_METHOD(Config_Gen, MckGenSampler, MckGenSamplerConfig)
MCK_GROUP_METHOD(Write_Gen, MckGenSampler, MckGenSamplerWrite)
MCK_GROUP_METHOD(Read_Gen, MckGenSampler, MckGenSamplerRead)
MCK_OBJECT_METHOD(Initialize_Gen, MckGenSampler, MckGenSamplerInitialize)

const MckStepperOps    MckGenSamplerStepper    = {Step_Gen, GetStep_Gen, NULL};
const MckCheckpointOps MckGenSamplerCheckpoint = {Config_Gen, Write_Gen, Read_Gen, Initialize_Gen};
