static const char help[] = "mckean-da: ensemble Kalman data assimilation twin experiment (truth run, synthetic observations, filter).\n"
                           "Typical use: mpiexec -n 2 mckean-da -options_file_yaml inputs/da.yaml -output da.h5\n";

#include <mckean/mckensemble.h>
#include <mckean/mckmodel.h>

typedef struct {
  MckCommonOptions common;
  PetscInt         cycles;      /* analyses */
  PetscInt         obs_every;   /* observe every k-th state component */
  PetscInt         obs_steps;   /* model steps between analyses */
  PetscReal        obs_var;     /* observation error variance */
  PetscInt         spinup;      /* model steps of the truth before the first cycle */
  PetscReal        init_spread; /* initial ensemble: truth + offset, both of this size */
  PetscInt         burnin;      /* cycles left out of the summary and the rank histogram */
  PetscBool        view;
} AppOptions;

/* The twin experiment's state beside the ensemble: truth, observations, histogram. */
typedef struct {
  MckModel    model;
  MckEnsemble ens;
  MckRNG      rng;
  Vec         truth, tfull; /* truth on the member comm; gathered on every rank */
  VecScatter  gather;
  PetscInt    n, J, nobs;
  PetscInt   *idx;
  PetscReal  *y, *r, t, dt, sum_rmse, sum_spread;
  PetscInt64  cycle, *hist, nsum;
} Twin;

static PetscErrorCode GetAppOptions(MPI_Comm comm, AppOptions *o)
{
  PetscFunctionBeginUser;
  o->cycles      = 1000;
  o->obs_every   = 1;
  o->obs_steps   = 1;
  o->obs_var     = 1.0;
  o->spinup      = 1000;
  o->init_spread = 1.0;
  o->burnin      = -1;
  o->view        = PETSC_FALSE;
  PetscOptionsBegin(comm, NULL, "mckean-da twin experiment options", NULL);
  PetscCall(MckOptionsInt("-da_cycles", "Number of analysis cycles", o->cycles, &o->cycles, NULL));
  PetscCall(MckOptionsInt("-da_obs_every", "Observe every k-th state component (1: all)", o->obs_every, &o->obs_every, NULL));
  PetscCall(MckOptionsInt("-da_obs_steps", "Model steps between observations (analyses)", o->obs_steps, &o->obs_steps, NULL));
  PetscCall(MckOptionsReal("-da_obs_var", "Observation error variance", o->obs_var, &o->obs_var, NULL));
  PetscCall(MckOptionsInt("-da_spinup", "Model steps of the truth run before the first cycle", o->spinup, &o->spinup, NULL));
  PetscCall(MckOptionsReal("-da_init_spread", "Initial ensemble: truth + offset and spread of this standard deviation", o->init_spread, &o->init_spread, NULL));
  PetscCall(MckOptionsInt("-da_burnin", "Cycles left out of the summary RMSE and the rank histogram (-1: cycles / 10)", o->burnin, &o->burnin, NULL));
  PetscCall(MckOptionsBool("-da_view", "Print the configuration before running", o->view, &o->view, NULL));
  PetscOptionsEnd();
  PetscCheck(o->cycles > 0, comm, PETSC_ERR_USER_INPUT, "-da_cycles %" PetscInt_FMT ": must be a positive number of cycles", o->cycles);
  PetscCheck(o->obs_every > 0, comm, PETSC_ERR_USER_INPUT, "-da_obs_every %" PetscInt_FMT ": must be a positive stride", o->obs_every);
  PetscCheck(o->obs_steps > 0, comm, PETSC_ERR_USER_INPUT, "-da_obs_steps %" PetscInt_FMT ": must be a positive number of model steps", o->obs_steps);
  PetscCall(McKeanCheckPositive(comm, "-da_obs_var", o->obs_var));
  PetscCheck(o->spinup >= 0, comm, PETSC_ERR_USER_INPUT, "-da_spinup %" PetscInt_FMT ": must be zero or a positive number of steps", o->spinup);
  PetscCall(McKeanCheckNonNegative(comm, "-da_init_spread", o->init_spread));
  if (o->burnin < 0) o->burnin = o->cycles / 10;
  PetscCheck(o->burnin < o->cycles, comm, PETSC_ERR_USER_INPUT, "-da_burnin %" PetscInt_FMT ": must be below -da_cycles %" PetscInt_FMT, o->burnin, o->cycles);
  PetscFunctionReturn(0);
}

static PetscErrorCode AppConfig(Twin *tw, const AppOptions *o, MckIO io, PetscBool check)
{
  const PetscReal r[] = {o->obs_var, o->init_spread};

  PetscFunctionBeginUser;
  PetscCall(MckModelConfig(tw->model, io, check));
  PetscCall(MckEnsembleConfig(tw->ens, io, check));
  PetscCall(MckIOConfigInt(io, check, "-seed", o->common.seed));
  PetscCall(MckIOConfigInt(io, check, "-da_obs_every", o->obs_every));
  PetscCall(MckIOConfigInt(io, check, "-da_obs_steps", o->obs_steps));
  PetscCall(MckIOConfigInt(io, check, "-da_spinup", o->spinup));
  PetscCall(MckIOConfigInt(io, check, "-da_burnin", o->burnin));
  PetscCall(MckIOConfigReals(io, check, "-da_obs_var,-da_init_spread", 2, r));
  PetscFunctionReturn(0);
}

static PetscErrorCode GatherTruth(Twin *tw, const PetscReal **x)
{
  PetscFunctionBeginUser;
  PetscCall(VecScatterBegin(tw->gather, tw->truth, tw->tfull, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(tw->gather, tw->truth, tw->tfull, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecGetArrayRead(tw->tfull, x));
  PetscFunctionReturn(0);
}

static PetscErrorCode RestoreTruth(Twin *tw, const PetscReal **x)
{
  PetscFunctionBeginUser;
  PetscCall(VecRestoreArrayRead(tw->tfull, x));
  PetscFunctionReturn(0);
}

/* y_l = truth[idx_l] + sqrt(r) eps_l, eps keyed by (observation l, cycle), apart from the
 * ensemble's own counters (purpose MCK_ENS_RNG_APP). */
static PetscErrorCode Observe(Twin *tw)
{
  const PetscReal *x;
  PetscReal       *eps = tw->y;

  PetscFunctionBeginUser;
  PetscCall(MckRNGNormals(tw->rng, 0, tw->nobs, 8 * tw->cycle + MCK_ENS_RNG_APP, 0, 1, &eps));
  PetscCall(GatherTruth(tw, &x));
  for (PetscInt l = 0; l < tw->nobs; l++) tw->y[l] = x[tw->idx[l]] + PetscSqrtReal(tw->r[l]) * eps[l];
  PetscCall(RestoreTruth(tw, &x));
  PetscCall(MckEnsembleSetObservations(tw->ens, tw->nobs, tw->idx, tw->y, tw->r));
  PetscFunctionReturn(0);
}

static PetscErrorCode Diagnose(Twin *tw, PetscReal *rmse, PetscReal *spread)
{
  const PetscReal *x;

  PetscFunctionBeginUser;
  PetscCall(GatherTruth(tw, &x));
  PetscCall(MckEnsembleGetMean(tw->ens, NULL, spread, x, rmse));
  PetscCall(RestoreTruth(tw, &x));
  PetscFunctionReturn(0);
}

/* One cycle: forecast (ensemble and truth), observe, analyse, record. */
static PetscErrorCode Cycle(Twin *tw, const AppOptions *o, MckSeries series)
{
  PetscReal       row[8], rmse_f, spread_f, rmse_a, spread_a;
  PetscBool       failed;
  MckEnsembleInfo info;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleForecast(tw->ens, tw->t, o->obs_steps));
  PetscCall(MckModelAdvance(tw->model, tw->t, o->obs_steps, tw->truth, &failed));
  PetscCheck(!failed, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "the truth run became non-finite at t = %g; reduce -model_dt", (double)tw->t);
  tw->t += o->obs_steps * tw->dt;
  PetscCall(Diagnose(tw, &rmse_f, &spread_f));
  if (tw->cycle >= o->burnin) {
    const PetscReal *x;
    PetscCall(GatherTruth(tw, &x));
    PetscCall(MckEnsembleAccumulateRankHistogram(tw->ens, x, tw->hist));
    PetscCall(RestoreTruth(tw, &x));
  }
  PetscCall(Observe(tw));
  PetscCall(MckEnsembleAnalyze(tw->ens));
  PetscCall(MckEnsembleGetCycle(tw->ens, &tw->cycle));
  PetscCall(MckEnsembleGetInfo(tw->ens, &info));
  PetscCall(Diagnose(tw, &rmse_a, &spread_a));
  if (tw->cycle > o->burnin) {
    tw->sum_rmse += rmse_a;
    tw->sum_spread += spread_a;
    tw->nsum++;
  }
  row[0] = tw->cycle;
  row[1] = tw->t;
  row[2] = rmse_f;
  row[3] = spread_f;
  row[4] = rmse_a;
  row[5] = spread_a;
  row[6] = info.nactive;
  row[7] = info.nfailed;
  PetscCall(MckSeriesAppend(series, row));
  if (info.nfailed) PetscCall(PetscPrintf(PETSC_COMM_WORLD, "cycle %" PetscInt64_FMT ": %" PetscInt_FMT " member(s) failed and were left out (%" PetscInt64_FMT " so far)\n", tw->cycle, info.nfailed, info.nfailed_total));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteState(Twin *tw, MckIO io, const char group[])
{
  char             path[PETSC_MAX_PATH_LEN];
  const PetscReal *x;
  PetscInt64       n = tw->n, J1 = tw->J + 1;
  PetscReal        sums[3] = {tw->sum_rmse, tw->sum_spread, (PetscReal)tw->nsum};
  PetscInt64       three   = 3;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleWrite(tw->ens, io, group));
  PetscCall(GatherTruth(tw, &x));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/truth", group));
  PetscCall(MckIOWriteArray(io, path, 1, &n, x));
  PetscCall(RestoreTruth(tw, &x));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/rank_histogram", group));
  PetscCall(MckIOWriteArrayInt(io, path, 1, &J1, tw->hist));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/summary_sums", group));
  PetscCall(MckIOWriteArray(io, path, 1, &three, sums));
  PetscCall(MckIOWriteAttributeReal(io, group, "t", tw->t));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadState(Twin *tw, MckIO io, const char group[])
{
  char       path[PETSC_MAX_PATH_LEN];
  PetscInt64 dims[4];
  PetscInt   nd, lo, hi;
  PetscReal *full, *x, sums[3];
  PetscBool  found;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleRead(tw->ens, io, group));
  PetscCall(MckEnsembleGetCycle(tw->ens, &tw->cycle));
  PetscCall(PetscMalloc1(tw->n, &full));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/truth", group));
  PetscCall(MckIOReadArray(io, path, &nd, dims, full));
  PetscCall(VecGetOwnershipRange(tw->truth, &lo, &hi));
  PetscCall(VecGetArray(tw->truth, &x));
  for (PetscInt i = lo; i < hi; i++) x[i - lo] = full[i];
  PetscCall(VecRestoreArray(tw->truth, &x));
  PetscCall(PetscFree(full));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/rank_histogram", group));
  PetscCall(MckIOReadArrayInt(io, path, &nd, dims, tw->hist));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/summary_sums", group));
  PetscCall(MckIOReadArray(io, path, &nd, dims, sums));
  tw->sum_rmse   = sums[0];
  tw->sum_spread = sums[1];
  tw->nsum       = (PetscInt64)sums[2];
  PetscCall(MckIOReadAttributeReal(io, group, "t", &tw->t, &found));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteCheckpoint(Twin *tw, const AppOptions *o, MckIO io)
{
  MckIO chk;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_Checkpoint, 0, 0, 0, 0));
  PetscCall(MckIOCheckpointBegin(io, o->common.checkpoint, &chk));
  PetscCall(AppConfig(tw, o, chk, PETSC_FALSE));
  PetscCall(MckIOWriteAttributeInt(chk, "/checkpoint", "step", tw->cycle));
  PetscCall(WriteState(tw, chk, "/checkpoint/da"));
  PetscCall(MckIOCheckpointEnd(io, &chk));
  PetscCall(PetscLogEventEnd(MCK_EVENT_Checkpoint, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

static PetscErrorCode Restart(MPI_Comm comm, Twin *tw, const AppOptions *o, MckIO io)
{
  MckIO      chk;
  PetscInt64 step;
  PetscBool  found;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_Restart, 0, 0, 0, 0));
  PetscCall(MckIOCreate(comm, &chk));
  PetscCall(MckIOOpenRead(chk, o->common.restart, "-restart"));
  PetscCall(MckIOReadAttributeInt(chk, "/checkpoint", "step", &step, &found));
  PetscCheck(found, comm, PETSC_ERR_USER_INPUT, "-restart %s: not a McKean checkpoint (no /checkpoint step)", o->common.restart);
  PetscCall(AppConfig(tw, o, chk, PETSC_TRUE));
  PetscCheck(step <= o->cycles, comm, PETSC_ERR_USER_INPUT, "-da_cycles %" PetscInt_FMT ": the checkpoint %s is already at cycle %" PetscInt64_FMT, o->cycles, o->common.restart, step);
  PetscCall(ReadState(tw, chk, "/checkpoint/da"));
  PetscCall(MckIODestroy(&chk));
  PetscCall(MckIORestartRunFile(io, o->common.output, "-output", o->common.restart));
  PetscCall(PetscLogEventEnd(MCK_EVENT_Restart, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Truth: F + a small kick, spun up onto the attractor; ensemble: truth + offset + spread. */
static PetscErrorCode FreshStart(Twin *tw, const AppOptions *o)
{
  PetscReal       *x, *offset, *center;
  const PetscReal *xt;
  PetscBool        failed;
  PetscInt         lo, hi;

  PetscFunctionBeginUser;
  PetscCall(VecSet(tw->truth, 0));
  PetscCall(VecGetOwnershipRange(tw->truth, &lo, &hi));
  PetscCall(VecGetArray(tw->truth, &x));
  for (PetscInt i = lo; i < hi; i++) x[i - lo] = (i == 0 ? 0.01 : 0);
  PetscCall(VecRestoreArray(tw->truth, &x));
  PetscCall(VecShift(tw->truth, 8.0));
  PetscCall(MckModelAdvance(tw->model, 0, o->spinup, tw->truth, &failed));
  PetscCheck(!failed, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "-da_spinup %" PetscInt_FMT ": the truth run became non-finite; reduce -model_dt", o->spinup);
  PetscCall(PetscMalloc2(tw->n, &offset, tw->n, &center));
  PetscCall(MckRNGNormals(tw->rng, 0, tw->n, -2, 0, 1, &offset));
  PetscCall(GatherTruth(tw, &xt));
  for (PetscInt i = 0; i < tw->n; i++) center[i] = xt[i] + o->init_spread * offset[i];
  PetscCall(RestoreTruth(tw, &xt));
  PetscCall(MckEnsembleInitializeMembers(tw->ens, center, o->init_spread));
  PetscCall(PetscFree2(offset, center));
  tw->t = 0;
  PetscFunctionReturn(0);
}

static PetscErrorCode Finish(Twin *tw, MckIO io, MckSeries series, PetscLogDouble t0)
{
  PetscLogDouble t1;
  const char    *path;
  PetscReal      mr = tw->nsum ? tw->sum_rmse / tw->nsum : 0, ms = tw->nsum ? tw->sum_spread / tw->nsum : 0;

  PetscFunctionBeginUser;
  PetscCall(MckSeriesFlush(series, io));
  PetscCall(WriteState(tw, io, "/ensemble"));
  PetscCall(MckIOWriteAttributeReal(io, "/ensemble", "mean_rmse_analysis", mr));
  PetscCall(MckIOWriteAttributeReal(io, "/ensemble", "mean_spread_analysis", ms));
  PetscCall(PetscTime(&t1));
  PetscCall(MckIOWriteAttributeReal(io, "/", "wall_time_seconds", t1 - t0));
  PetscCall(MckIOGetPath(io, &path));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "mckean-da: mean analysis RMSE %.4f, spread %.4f over %" PetscInt64_FMT " cycles; wrote %s (%.3g s)\n", (double)mr, (double)ms, tw->nsum, path, t1 - t0));
  PetscCall(MckIOClose(io));
  PetscFunctionReturn(0);
}

static PetscErrorCode Execute(Twin *tw, const AppOptions *o, PetscLogDouble t0)
{
  MPI_Comm    comm = PETSC_COMM_WORLD;
  MckIO       io;
  MckSeries   series;
  MckProgress progress;
  PetscReal   rmse = 0;
  const char *cols[] = {"cycle", "t", "rmse_forecast", "spread_forecast", "rmse_analysis", "spread_analysis", "nactive", "nfailed"};

  PetscFunctionBeginUser;
  PetscCall(MckSeriesCreate(comm, "da", 8, cols, &series));
  PetscCall(MckIOCreate(comm, &io));
  if (o->common.restart[0]) {
    PetscCall(Restart(comm, tw, o, io));
    PetscCall(MckSeriesLoad(series, io));
  } else {
    PetscCall(MckIOOpenWrite(io, o->common.output, "-output"));
    PetscCall(FreshStart(tw, o));
  }
  PetscCall(MckIOWriteRunAttributes(io, o->common.seed));
  PetscCall(MckProgressCreate(comm, o->common.progress_interval, tw->cycle, o->cycles, &progress));
  PetscCall(PetscLogStagePush(MCK_STAGE_Run));
  while (tw->cycle < o->cycles) {
    PetscCall(Cycle(tw, o, series));
    if (o->common.checkpoint_interval && tw->cycle % o->common.checkpoint_interval == 0) {
      PetscCall(MckSeriesFlush(series, io));
      PetscCall(WriteCheckpoint(tw, o, io));
    }
    {
      PetscInt         nr, nc;
      const PetscReal *rows;
      PetscCall(MckSeriesGetRows(series, &nr, &nc, &rows));
      rmse = rows[(nr - 1) * nc + 4];
    }
    PetscCall(MckProgressUpdate(progress, tw->cycle, tw->t, "rmse_a", rmse));
  }
  PetscCall(PetscLogStagePop());
  PetscCall(MckProgressDestroy(&progress));
  PetscCall(PetscLogStagePush(MCK_STAGE_Output));
  PetscCall(Finish(tw, io, series, t0));
  PetscCall(PetscLogStagePop());
  PetscCall(MckIODestroy(&io));
  PetscCall(MckSeriesDestroy(&series));
  PetscFunctionReturn(0);
}

/* The selection operator: every obs_every-th component, error variance obs_var. */
static PetscErrorCode SetUpObservations(Twin *tw, const AppOptions *o)
{
  PetscFunctionBeginUser;
  tw->nobs = (tw->n + o->obs_every - 1) / o->obs_every;
  PetscCall(PetscMalloc3(tw->nobs, &tw->idx, tw->nobs, &tw->y, tw->nobs, &tw->r));
  for (PetscInt l = 0; l < tw->nobs; l++) {
    tw->idx[l] = l * o->obs_every;
    tw->r[l]   = o->obs_var;
  }
  PetscCall(PetscCalloc1(tw->J + 1, &tw->hist));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunDA(void)
{
  MPI_Comm       comm = PETSC_COMM_WORLD, mcomm;
  AppOptions     o;
  Twin           tw;
  MckModelKind   kind;
  PetscLogDouble t0;

  PetscFunctionBeginUser;
  PetscCall(PetscTime(&t0));
  PetscCall(PetscMemzero(&tw, sizeof(tw)));
  PetscCall(McKeanCommonOptionsGet(comm, "da.h5", &o.common));
  PetscCall(GetAppOptions(comm, &o));
  PetscCall(MckRNGCreate(comm, &tw.rng));
  PetscCall(MckRNGSetSeed(tw.rng, o.common.seed));
  PetscCall(MckEnsembleCreate(comm, &tw.ens));
  PetscCall(MckEnsembleSetFromOptions(tw.ens));
  PetscCall(MckEnsembleGetMemberComm(tw.ens, &mcomm));
  PetscCall(MckModelCreate(mcomm, &tw.model));
  PetscCall(MckModelSetFromOptions(tw.model));
  PetscCall(MckModelSetUp(tw.model));
  PetscCall(MckModelGetKind(tw.model, &kind));
  if (kind != MCK_MODEL_DYNAMICAL) {
    const char *type;
    PetscCall(MckModelGetType(tw.model, &type));
    SETERRQ(comm, PETSC_ERR_USER_INPUT, "-model_type %s: mckean-da needs a dynamical model (lorenz96, lorenz63); use mckean-eki for inverse models", type);
  }
  PetscCall(MckModelGetTimeStep(tw.model, &tw.dt));
  PetscCall(MckEnsembleSetModel(tw.ens, tw.model));
  PetscCall(MckEnsembleSetRNG(tw.ens, tw.rng));
  PetscCall(MckEnsembleSetUp(tw.ens));
  PetscCall(MckEnsembleGetSizes(tw.ens, &tw.J, &tw.n, NULL));
  PetscCheck(o.obs_every <= tw.n, comm, PETSC_ERR_USER_INPUT, "-da_obs_every %" PetscInt_FMT ": larger than the state (%" PetscInt_FMT " components)", o.obs_every, tw.n);
  PetscCall(SetUpObservations(&tw, &o));
  PetscCall(MckModelCreateStateVec(tw.model, &tw.truth));
  PetscCall(VecScatterCreateToAll(tw.truth, &tw.gather, &tw.tfull));
  if (!o.common.help) {
    PetscCall(McKeanOptionsCheckUnused(comm));
    if (o.view) {
      PetscCall(MckEnsembleView(tw.ens, PETSC_VIEWER_STDOUT_WORLD));
      PetscCall(MckModelView(tw.model, PETSC_VIEWER_STDOUT_WORLD));
    }
    PetscCall(Execute(&tw, &o, t0));
  }
  PetscCall(VecScatterDestroy(&tw.gather));
  PetscCall(VecDestroy(&tw.tfull));
  PetscCall(VecDestroy(&tw.truth));
  PetscCall(PetscFree3(tw.idx, tw.y, tw.r));
  PetscCall(PetscFree(tw.hist));
  PetscCall(MckEnsembleDestroy(&tw.ens));
  PetscCall(MckModelDestroy(&tw.model));
  PetscCall(MckRNGDestroy(&tw.rng));
  PetscFunctionReturn(0);
}

MCKEAN_APP(da, help, RunDA)
