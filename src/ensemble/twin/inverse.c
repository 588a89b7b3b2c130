/* The inverse twin experiment (EKI, EKS): a truth, its noisy data, the prior ensemble, and the
 * iterations of the inverse process until it is done, the discrepancy principle holds, or the
 * iteration limit.
 *
 * The truth is a parameter u+ ~ N(0, I) (normals of a generator seeded by -truth_seed: stream =
 * component, step 0) with data y = G(u+) + sigma xi (same generator, stream = datum, step 1), or
 * the caller's clean data (MckTwinSetTruthFunction) plus sigma xi from the run's generator at
 * MCK_TWIN_RNG_STEP_DATA; Gamma = sigma^2 I. The members start from the whitened prior N(0, I).
 * The residual of the estimate the run reports, the ensemble mean, is
 * r = |y - G(mean u)| / (sigma sqrt(ndata)) (noise level 1); -discrepancy_tau tau >= 1 stops an
 * inversion when r <= tau (Morozov's principle; Iglesias 2016). G(mean u) is evaluated by every
 * member group (the same bits), after every iteration when the series or the principle needs it. */
#include "twinimpl.h"

#define NCOLS 9
static const char *const Columns[NCOLS] = {"iteration", "time",   "dt",      "misfit", "residual",
                                           "rmse",      "spread", "nactive", "nfailed"};

typedef struct {
  PetscInt   truth_seed, max_iter;
  PetscReal  noise_std, tau;
  PetscInt   n, ndata;
  PetscReal *truth;                    /* u+ (NULL for the caller's truth) */
  PetscReal *clean, *y, *mean, *gmean; /* G(u+), data, mean u, G(mean u) */
  PetscReal  residual, spread, rmse;
  PetscBool  current;    /* residual, spread, rmse belong to the current ensemble */
  PetscBool  made;       /* the truth and the data exist */
  Vec        u, g, gall; /* parameter and data on the member comm; data on every rank */
  VecScatter gather;
} Inverse;

static PetscErrorCode InverseSetNoise_Inverse(MckTwin tw, PetscReal std)
{
  PetscFunctionBeginUser;
  PetscCall(McKeanCheckPositive(tw->comm, "MckTwinInverseSetNoise std", std));
  ((Inverse *)tw->data)->noise_std = std;
  PetscFunctionReturn(0);
}

/*@C
  MckTwinInverseSetNoise - The standard deviation of the data noise of an inverse experiment,
  the default of -<prefix>noise_std (an app's own default).

  Logically Collective

  Input Parameters:
+ tw  - an inverse experiment, before `MckTwinSetFromOptions()`
- std - the standard deviation, > 0

  Level: intermediate

.seealso: `MckTwinSetFromOptions()`
@*/
PetscErrorCode MckTwinInverseSetNoise(MckTwin tw, PetscReal std)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(tw, MCK_TWIN_CLASSID, 1);
  PetscUseMethod(tw, "MckTwinInverseSetNoise_C", (MckTwin, PetscReal), (tw, std));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetFromOptions_Inverse(MckTwin tw, PetscOptionItems *PetscOptionsObject)
{
  Inverse *iv = (Inverse *)tw->data;
  char     buf[32];

  PetscFunctionBeginUser;
  if (!tw->truth)
    PetscCall(MckOptionsInt("-truth_seed", "Seed of the truth parameter (drawn from the prior) and of the data noise",
                            iv->truth_seed, &iv->truth_seed, NULL));
  PetscCall(MckOptionsReal("-noise_std", "Standard deviation of the data noise (Gamma = noise_std^2 I)", iv->noise_std,
                           &iv->noise_std, NULL));
  if (tw->maxsteps) iv->max_iter = (PetscInt)tw->maxsteps;
  else
    PetscCall(MckOptionsInt("-max_iterations", "Largest number of iterations (a restart continues to this count)",
                            iv->max_iter, &iv->max_iter, NULL));
  PetscCall(MckOptionsReal(
      "-discrepancy_tau",
      "Discrepancy principle: stop when |y - G(mean u)| <= tau * noise_std * sqrt(ndata) (0: never; inversions only)",
      iv->tau, &iv->tau, NULL));
  PetscCall(McKeanCheckPositive(tw->comm, MckOptName("-noise_std"), iv->noise_std));
  PetscCheck(iv->max_iter >= 1, tw->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": must be at least 1",
             MckOptName("-max_iterations"), iv->max_iter);
  PetscCheck(iv->tau == 0 || iv->tau >= 1, tw->comm, PETSC_ERR_USER_INPUT,
             "%s %s: must be 0 (never stop early) or at least 1 (the noise level itself)",
             MckOptName("-discrepancy_tau"), McKeanFormatReal(iv->tau, buf, sizeof(buf)));
  PetscFunctionReturn(0);
}

static PetscErrorCode MakeData(MckTwin, Inverse *);

/* The discrepancy principle stops an inversion; a sampler's ensemble keeps the posterior spread. */
static PetscErrorCode CheckDiscrepancy(MckTwin tw, Inverse *iv)
{
  MckEnsembleKind kind;
  MckEnsembleType type;
  char            buf[32];

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetKind(tw->ens, &kind));
  PetscCall(MckEnsembleGetType(tw->ens, &type));
  PetscCheck(kind == MCK_ENSEMBLE_INVERSION || iv->tau == 0, tw->comm, PETSC_ERR_USER_INPUT,
             "%s %s: the discrepancy principle stops an inversion; %s %s samples the posterior, use 0",
             McKeanOptionName((PetscObject)tw, "-discrepancy_tau"), McKeanFormatReal(iv->tau, buf, sizeof(buf)),
             McKeanOptionName((PetscObject)tw->ens, "-ens_analysis"), type);
  PetscFunctionReturn(0);
}

/* -help: the caller's truth function reads its options (and, with -help, computes nothing). */
static PetscErrorCode ReadTruthOptions(MckTwin tw, Inverse *iv)
{
  PetscReal *clean;

  PetscFunctionBeginUser;
  if (!tw->truth) PetscFunctionReturn(0);
  PetscCall(PetscCalloc1(iv->ndata + 1, &clean));
  PetscCall((*tw->truth)(tw, clean, tw->truthctx));
  PetscCall(PetscFree(clean));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_Inverse(MckTwin tw)
{
  Inverse *iv = (Inverse *)tw->data;

  PetscFunctionBeginUser;
  PetscCall(MckTwinRequireKinds(tw, MCK_MODEL_INVERSE, PETSC_FALSE));
  PetscCall(CheckDiscrepancy(tw, iv));
  PetscCall(MckEnsembleSetUp(tw->ens));
  PetscCall(MckModelGetSizes(tw->model, &iv->n, &iv->ndata));
  if (tw->help) PetscCall(ReadTruthOptions(tw, iv));
  if (tw->help) PetscFunctionReturn(0);
  if (!tw->truth) PetscCall(PetscCalloc1(iv->n, &iv->truth));
  PetscCall(PetscCalloc4(iv->ndata, &iv->clean, iv->ndata, &iv->y, iv->n, &iv->mean, iv->ndata, &iv->gmean));
  PetscCall(MckModelCreateStateVec(tw->model, &iv->u));
  PetscCall(MckModelCreateDataVec(tw->model, &iv->g));
  PetscCall(VecScatterCreateToAll(iv->g, &iv->gather, &iv->gall));
  PetscCall(MckSeriesCreate(tw->comm, "eki", NCOLS, Columns, &tw->series));
  PetscCall(MakeData(tw, iv)); /* the options of the caller's truth are read before any output exists */
  PetscFunctionReturn(0);
}

/* u <- the replicated parameter p (each rank copies the entries it owns). */
static PetscErrorCode SetParameter(Vec u, const PetscReal p[])
{
  PetscInt   lo, hi;
  PetscReal *a;

  PetscFunctionBeginUser;
  PetscCall(VecGetOwnershipRange(u, &lo, &hi));
  PetscCall(VecGetArrayWrite(u, &a));
  PetscCall(PetscArraycpy(a, p + lo, hi - lo));
  PetscCall(VecRestoreArrayWrite(u, &a));
  PetscFunctionReturn(0);
}

/* g = G(p), replicated on every rank (every member group computes the same). */
static PetscErrorCode ForwardReplicated(MckTwin tw, Inverse *iv, const PetscReal p[], PetscReal g[], PetscBool *failed)
{
  PetscFunctionBeginUser;
  PetscCall(SetParameter(iv->u, p));
  PetscCall(MckModelForward(tw->model, iv->u, iv->g, failed));
  PetscCall(MckTwinGatherVec(iv->gather, iv->g, iv->gall, g));
  PetscFunctionReturn(0);
}

/* The truth and its data, once (deterministic: recomputed on a restart, never stored): the
 * caller's clean data, or a prior draw and its image under G. */
static PetscErrorCode MakeData(MckTwin tw, Inverse *iv)
{
  MckEnsemble ens = tw->ens;
  PetscReal  *r;
  MckRNG      rng;
  PetscBool   failed;

  PetscFunctionBeginUser;
  if (iv->made) PetscFunctionReturn(0);
  iv->made = PETSC_TRUE;
  if (tw->truth) {
    PetscCall((*tw->truth)(tw, iv->clean, tw->truthctx));
    PetscCall(MckTwinNoisyData(tw->rng, MCK_TWIN_RNG_STEP_DATA, iv->ndata, iv->noise_std, iv->clean, iv->y));
  } else {
    PetscCall(MckRNGCreate(tw->comm, &rng));
    PetscCall(MckRNGSetSeed(rng, iv->truth_seed));
    PetscCall(MckRNGNormals(rng, 0, iv->n, 0, 0, 1, &iv->truth));
    PetscCall(ForwardReplicated(tw, iv, iv->truth, iv->clean, &failed));
    PetscCheck(!failed, tw->comm, PETSC_ERR_USER_INPUT,
               "%s %" PetscInt_FMT
               ": the forward model failed on the truth parameter; try another seed or a milder prior",
               McKeanOptionName((PetscObject)tw, "-truth_seed"), iv->truth_seed);
    PetscCall(MckTwinNoisyData(rng, 1, iv->ndata, iv->noise_std, iv->clean, iv->y));
    PetscCall(MckRNGDestroy(&rng));
  }
  PetscCall(PetscMalloc1(iv->ndata, &r));
  for (PetscInt i = 0; i < iv->ndata; i++) r[i] = iv->noise_std * iv->noise_std;
  PetscCall(MckEnsembleSetObservations(ens, iv->ndata, NULL, iv->y, r));
  PetscCall(PetscFree(r));
  PetscFunctionReturn(0);
}

/* The discrepancy of the ensemble mean, |y - G(mean u)| / (noise_std sqrt(ndata)), and the
 * mean's spread and error against the truth (when there is a truth parameter). */
static PetscErrorCode Residual(MckTwin tw, Inverse *iv)
{
  PetscReal ss = 0;
  PetscBool failed;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetMean(tw->ens, iv->mean, &iv->spread, iv->truth, iv->truth ? &iv->rmse : NULL));
  PetscCall(ForwardReplicated(tw, iv, iv->mean, iv->gmean, &failed));
  for (PetscInt i = 0; i < iv->ndata; i++) ss += PetscSqr(iv->y[i] - iv->gmean[i]);
  iv->residual = failed ? PETSC_INFINITY : PetscSqrtReal(ss / iv->ndata) / iv->noise_std;
  if (!iv->truth) iv->rmse = NAN; /* no truth parameter: no error to measure */
  iv->current = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* The residual is needed after every iteration by the series and by the discrepancy principle;
 * otherwise only at the end. */
static PetscErrorCode TrackResidual(MckTwin tw, Inverse *iv)
{
  PetscFunctionBeginUser;
  iv->current = PETSC_FALSE;
  if (iv->tau > 0 || tw->record) PetscCall(Residual(tw, iv));
  PetscFunctionReturn(0);
}

static PetscErrorCode Initialize_Inverse(MckTwin tw)
{
  Inverse *iv = (Inverse *)tw->data;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleInitializeMembers(tw->ens, NULL, 1.0));
  PetscCall(MakeData(tw, iv));
  PetscCall(TrackResidual(tw, iv));
  PetscFunctionReturn(0);
}

static PetscErrorCode Read_Inverse(MckTwin tw, MckIO io, const char group[])
{
  Inverse *iv = (Inverse *)tw->data;

  PetscFunctionBeginUser;
  (void)io;
  (void)group;
  PetscCall(MakeData(tw, iv));
  PetscCall(TrackResidual(tw, iv));
  PetscFunctionReturn(0);
}

/* One row after an iteration: the process's own diagnostics (misfit of the ensemble that
 * entered the iteration, step, pseudo-time, members) and the residual of the updated mean. */
static PetscErrorCode Step_Inverse(MckTwin tw)
{
  Inverse        *iv = (Inverse *)tw->data;
  MckEnsembleInfo info;
  PetscReal       row[NCOLS];

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleIterate(tw->ens, NULL));
  PetscCall(TrackResidual(tw, iv));
  PetscCall(MckEnsembleGetInfo(tw->ens, &info));
  row[0] = (PetscReal)info.cycle;
  row[1] = info.time;
  row[2] = info.dt;
  row[3] = info.misfit;
  row[4] = iv->residual;
  row[5] = iv->rmse;
  row[6] = iv->spread;
  row[7] = (PetscReal)info.nactive;
  row[8] = (PetscReal)info.nfailed;
  PetscCall(MckSeriesAppend(tw->series, row));
  PetscFunctionReturn(0);
}

static PetscBool DiscrepancyReached(const Inverse *iv)
{
  return (PetscBool)(iv->tau > 0 && iv->current && iv->residual <= iv->tau);
}

/* A process that is done, or meets the discrepancy principle, ends at the current step. */
static PetscErrorCode GetStep_Inverse(MckTwin tw, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time)
{
  Inverse        *iv = (Inverse *)tw->data;
  MckEnsembleInfo info;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetInfo(tw->ens, &info));
  *step   = info.cycle;
  *nsteps = (info.done || DiscrepancyReached(iv)) ? info.cycle : PetscMax(iv->max_iter, info.cycle);
  *time   = info.time;
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_Inverse(MckTwin tw, MckIO io, PetscBool check)
{
  Inverse    *iv  = (Inverse *)tw->data;
  PetscObject obj = (PetscObject)tw;

  PetscFunctionBeginUser;
  if (!tw->truth) PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-truth_seed"), iv->truth_seed));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-noise_std"), 1, &iv->noise_std));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-discrepancy_tau"), 1, &iv->tau));
  if (tw->truth) { /* the caller's truth depends on settings of its own: its data speak for them */
    PetscCall(MakeData(tw, iv));
    PetscCall(MckIOConfigFingerprint(io, check, "truth data (fingerprint)", iv->ndata, iv->clean));
  }
  PetscFunctionReturn(0);
}

/* The physical field of parameter p (Darcy: the log-permeability) as /fields/<its name>_<what>,
 * (ny, nx) in natural order; nothing for a model without one. */
static PetscErrorCode WriteField(MckTwin tw, Inverse *iv, MckIO io, const char what[], const PetscReal p[])
{
  Vec              field, all;
  DM               dm;
  VecScatter       sc;
  PetscInt         mx, my;
  PetscInt64       dims[2];
  const char      *name;
  const PetscReal *a;
  char             path[256];

  PetscFunctionBeginUser;
  PetscCall(SetParameter(iv->u, p));
  PetscCall(MckModelGetPhysicalField(tw->model, iv->u, &field, &dm));
  if (!field) PetscFunctionReturn(0);
  PetscCall(PetscObjectGetName((PetscObject)field, &name));
  PetscCall(DMDAGetInfo(dm, NULL, &mx, &my, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL));
  PetscCall(DMDAGlobalToNaturalAllCreate(dm, &sc));
  PetscCall(VecCreateSeq(PETSC_COMM_SELF, mx * my, &all));
  PetscCall(VecScatterBegin(sc, field, all, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(sc, field, all, INSERT_VALUES, SCATTER_FORWARD));
  dims[0] = my;
  dims[1] = mx;
  PetscCall(PetscSNPrintf(path, sizeof(path), "/fields/%s_%s", name, what));
  PetscCall(VecGetArrayRead(all, &a));
  PetscCall(MckIOWriteArray(io, path, 2, dims, a));
  PetscCall(VecRestoreArrayRead(all, &a));
  PetscCall(MckIOWriteAttributeString(io, path, "grid",
                                      "nodes (j h, i h), h = 1/(n-1), on the unit square; row j, column i"));
  PetscCall(VecScatterDestroy(&sc));
  PetscCall(VecDestroy(&all));
  PetscFunctionReturn(0);
}

/* The exact Gaussian posterior of a linear model, for comparison with the ensemble. */
static PetscErrorCode WritePosterior(MckTwin tw, Inverse *iv, MckIO io, const char group[])
{
  PetscReal *gamma, *mean, *cov;
  PetscInt64 dn = iv->n, dc[2] = {iv->n, iv->n};
  PetscBool  exists;
  char       path[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc3(iv->ndata, &gamma, iv->n, &mean, iv->n * iv->n, &cov));
  for (PetscInt i = 0; i < iv->ndata; i++) gamma[i] = iv->noise_std * iv->noise_std;
  PetscCall(MckModelGaussianPosterior(tw->model, gamma, iv->y, mean, cov, &exists));
  if (exists) {
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/posterior_mean", group));
    PetscCall(MckIOWriteArray(io, path, 1, &dn, mean));
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/posterior_cov", group));
    PetscCall(MckIOWriteArray(io, path, 2, dc, cov));
  }
  PetscCall(PetscFree3(gamma, mean, cov));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteVector(MckIO io, const char group[], const char name[], PetscInt n, const PetscReal v[])
{
  char       path[PETSC_MAX_PATH_LEN];
  PetscInt64 dn = n;

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s", group, name));
  PetscCall(MckIOWriteArray(io, path, 1, &dn, v));
  PetscFunctionReturn(0);
}

static PetscErrorCode Results_Inverse(MckTwin tw, MckIO io, const char group[])
{
  Inverse        *iv = (Inverse *)tw->data;
  MckEnsembleInfo info;

  PetscFunctionBeginUser;
  if (!iv->current) PetscCall(Residual(tw, iv));
  PetscCall(MckEnsembleGetInfo(tw->ens, &info));
  PetscCall(WriteVector(io, group, "mean", iv->n, iv->mean));
  if (iv->truth) PetscCall(WriteVector(io, group, "truth", iv->n, iv->truth));
  PetscCall(WriteVector(io, group, "data", iv->ndata, iv->y));
  PetscCall(WriteVector(io, group, "truth_data", iv->ndata, iv->clean));
  PetscCall(WriteVector(io, group, "mean_data", iv->ndata, iv->gmean));
  PetscCall(MckIOWriteAttributeReal(io, group, "noise_std", iv->noise_std));
  PetscCall(MckIOWriteAttributeReal(io, group, "discrepancy_tau", iv->tau));
  PetscCall(MckIOWriteAttributeReal(io, group, "final_residual", iv->residual));
  PetscCall(MckIOWriteAttributeInt(io, group, "iterations", info.cycle));
  PetscCall(MckIOWriteAttributeInt(io, group, "discrepancy_reached", DiscrepancyReached(iv)));
  PetscCall(WritePosterior(tw, iv, io, group));
  if (iv->truth) PetscCall(WriteField(tw, iv, io, "true", iv->truth));
  PetscCall(WriteField(tw, iv, io, "recovered", iv->mean));
  PetscFunctionReturn(0);
}

static PetscErrorCode Summary_Inverse(MckTwin tw, PetscViewer viewer)
{
  Inverse        *iv = (Inverse *)tw->data;
  MckEnsembleInfo info;

  PetscFunctionBeginUser;
  if (!iv->current) PetscCall(Residual(tw, iv));
  PetscCall(MckEnsembleGetInfo(tw->ens, &info));
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "%" PetscInt64_FMT " iterations, residual %.4g (noise level 1%s), data misfit of the members %.4g per datum\n",
      info.cycle, (double)iv->residual,
      iv->tau > 0 ? (DiscrepancyReached(iv) ? ", discrepancy principle met" : ", discrepancy principle NOT met") : "",
      (double)info.misfit_mean));
  PetscFunctionReturn(0);
}

static PetscErrorCode Headline_Inverse(MckTwin tw, const char **name, PetscReal *value)
{
  Inverse        *iv = (Inverse *)tw->data;
  MckEnsembleInfo info;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetInfo(tw->ens, &info));
  *name  = iv->current ? "residual" : "misfit";
  *value = iv->current ? iv->residual : info.misfit_mean;
  PetscFunctionReturn(0);
}

static PetscErrorCode Data_Inverse(MckTwin tw, PetscInt *ndata, const PetscReal **y, const PetscReal **clean)
{
  Inverse *iv = (Inverse *)tw->data;

  PetscFunctionBeginUser;
  if (ndata) *ndata = iv->ndata;
  if (y) *y = iv->y;
  if (clean) *clean = iv->clean;
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Inverse(MckTwin tw, PetscViewer viewer)
{
  Inverse *iv = (Inverse *)tw->data;
  char     v[2][32];

  PetscFunctionBeginUser;
  if (tw->truth) PetscCall(PetscViewerASCIIPrintf(viewer, "truth: the caller's clean data\n"));
  else
    PetscCall(PetscViewerASCIIPrintf(viewer, "truth: a draw from the prior, seed %" PetscInt_FMT "\n", iv->truth_seed));
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "noise standard deviation %s; at most %" PetscInt_FMT " iterations; discrepancy tau %s\n",
      McKeanFormatReal(iv->noise_std, v[0], 32), iv->max_iter, McKeanFormatReal(iv->tau, v[1], 32)));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Inverse(MckTwin tw)
{
  Inverse *iv = (Inverse *)tw->data;

  PetscFunctionBeginUser;
  PetscCall(PetscFree(iv->truth));
  PetscCall(PetscFree4(iv->clean, iv->y, iv->mean, iv->gmean));
  PetscCall(VecScatterDestroy(&iv->gather));
  PetscCall(VecDestroy(&iv->gall));
  PetscCall(VecDestroy(&iv->u));
  PetscCall(VecDestroy(&iv->g));
  PetscCall(PetscFree(tw->data));
  PetscCall(PetscObjectComposeFunction((PetscObject)tw, "MckTwinInverseSetNoise_C", NULL));
  PetscFunctionReturn(0);
}

PetscErrorCode MckTwinCreate_Inverse(MckTwin tw)
{
  Inverse *iv;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&iv));
  iv->truth_seed          = 1;
  iv->noise_std           = 0.01;
  iv->max_iter            = 20;
  tw->data                = iv;
  tw->ops->setfromoptions = SetFromOptions_Inverse;
  tw->ops->setup          = SetUp_Inverse;
  tw->ops->initialize     = Initialize_Inverse;
  tw->ops->step           = Step_Inverse;
  tw->ops->getstep        = GetStep_Inverse;
  tw->ops->config         = Config_Inverse;
  tw->ops->read           = Read_Inverse;
  tw->ops->results        = Results_Inverse;
  tw->ops->summary        = Summary_Inverse;
  tw->ops->headline       = Headline_Inverse;
  tw->ops->data           = Data_Inverse;
  tw->ops->view           = View_Inverse;
  tw->ops->destroy        = Destroy_Inverse;
  PetscCall(PetscObjectComposeFunction((PetscObject)tw, "MckTwinInverseSetNoise_C", InverseSetNoise_Inverse));
  PetscFunctionReturn(0);
}
