static const char help[] = "mckean-eki: ensemble Kalman inversion (EKI) and sampling (EKS) of a forward model's whitened parameter.\n"
                           "Twin experiment: a truth drawn from the prior, noisy synthetic data, the ensemble iterated until the\n"
                           "discrepancy principle or an iteration limit stops it.\n"
                           "Typical use: mpiexec -n 2 mckean-eki -options_file_yaml inputs/eki_darcy.yaml -output eki.h5\n";

#include <mckean/mckensemble.h>
#include <mckean/mckmodel.h>

typedef struct {
  MckCommonOptions common;
  PetscInt         truth_seed; /* -eki_truth_seed: the truth parameter and the data noise */
  PetscReal        noise_std;  /* -eki_noise_std: data noise standard deviation */
  PetscInt         max_iter;   /* -eki_max_iterations */
  PetscReal        tau;        /* -eki_discrepancy_tau: stop when the residual <= tau (0: never) */
  PetscBool        view;
} AppOptions;

/* The twin experiment: truth, data, and work vectors on the member communicator. Arrays of
 * length n or ndata are replicated on every rank. */
typedef struct {
  MckModel    model;
  MckEnsemble ens;
  PetscInt    n, ndata;
  PetscReal  *truth, *gtruth, *y, *mean, *gmean;
  Vec         u, g, gall; /* parameter and data on the member comm; data on every rank */
  VecScatter  gather;
} Twin;

/* Columns of /timeseries/eki, one row per iteration. */
static const char *const series_columns[] = {"iteration", "time", "dt", "misfit", "residual", "rmse", "spread", "nactive", "nfailed"};
#define NCOLS 9

static PetscErrorCode GetAppOptions(MPI_Comm comm, AppOptions *o)
{
  char buf[32];

  PetscFunctionBeginUser;
  o->truth_seed = 1;
  o->noise_std  = 0.01;
  o->max_iter   = 20;
  o->tau        = 0;
  o->view       = PETSC_FALSE;
  PetscOptionsBegin(comm, NULL, "mckean-eki twin experiment options", NULL);
  PetscCall(MckOptionsInt("-eki_truth_seed", "Seed of the truth parameter (drawn from the prior) and of the data noise", o->truth_seed, &o->truth_seed, NULL));
  PetscCall(MckOptionsReal("-eki_noise_std", "Standard deviation of the data noise (Gamma = noise_std^2 I)", o->noise_std, &o->noise_std, NULL));
  PetscCall(MckOptionsInt("-eki_max_iterations", "Largest number of iterations (a restart continues to this count)", o->max_iter, &o->max_iter, NULL));
  PetscCall(MckOptionsReal("-eki_discrepancy_tau", "Discrepancy principle: stop when |y - G(mean u)| <= tau * noise_std * sqrt(ndata) (0: never; eki only)", o->tau, &o->tau, NULL));
  PetscCall(MckOptionsBool("-eki_view", "Print the configuration before running", o->view, &o->view, NULL));
  PetscOptionsEnd();
  PetscCall(McKeanCheckPositive(comm, "-eki_noise_std", o->noise_std));
  PetscCheck(o->max_iter >= 1, comm, PETSC_ERR_USER_INPUT, "-eki_max_iterations %" PetscInt_FMT ": must be at least 1", o->max_iter);
  PetscCheck(o->tau == 0 || o->tau >= 1, comm, PETSC_ERR_USER_INPUT, "-eki_discrepancy_tau %s: must be 0 (never stop early) or at least 1 (the noise level itself)", McKeanFormatReal(o->tau, buf, sizeof(buf)));
  PetscFunctionReturn(0);
}

/* ---- the twin ----------------------------------------------------------------------------- */

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
static PetscErrorCode ForwardReplicated(Twin *tw, const PetscReal p[], PetscReal g[], PetscBool *failed)
{
  const PetscReal *a;

  PetscFunctionBeginUser;
  PetscCall(SetParameter(tw->u, p));
  PetscCall(MckModelForward(tw->model, tw->u, tw->g, failed));
  PetscCall(VecScatterBegin(tw->gather, tw->g, tw->gall, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(tw->gather, tw->g, tw->gall, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecGetArrayRead(tw->gall, &a));
  PetscCall(PetscArraycpy(g, a, tw->ndata));
  PetscCall(VecRestoreArrayRead(tw->gall, &a));
  PetscFunctionReturn(0);
}

/* The truth u+ ~ N(0, I) and data y = G(u+) + noise_std xi: normals of MckRNG with seed
 * -eki_truth_seed, stream = component, step 0 (truth) and 1 (noise). */
static PetscErrorCode TwinCreate(MckModel model, MckEnsemble ens, const AppOptions *o, Twin *tw)
{
  MckRNG    rng;
  PetscReal *r;
  PetscBool failed;

  PetscFunctionBeginUser;
  PetscCall(PetscMemzero(tw, sizeof(*tw)));
  tw->model = model;
  tw->ens   = ens;
  PetscCall(MckModelGetSizes(model, &tw->n, &tw->ndata));
  PetscCall(PetscCalloc5(tw->n, &tw->truth, tw->ndata, &tw->gtruth, tw->ndata, &tw->y, tw->n, &tw->mean, tw->ndata, &tw->gmean));
  PetscCall(MckModelCreateStateVec(model, &tw->u));
  PetscCall(MckModelCreateDataVec(model, &tw->g));
  PetscCall(VecScatterCreateToAll(tw->g, &tw->gather, &tw->gall));
  PetscCall(MckRNGCreate(PETSC_COMM_WORLD, &rng));
  PetscCall(MckRNGSetSeed(rng, o->truth_seed));
  PetscCall(MckRNGNormals(rng, 0, tw->n, 0, 0, 1, &tw->truth));
  PetscCall(MckRNGNormals(rng, 0, tw->ndata, 1, 0, 1, &tw->y));
  PetscCall(MckRNGDestroy(&rng));
  PetscCall(ForwardReplicated(tw, tw->truth, tw->gtruth, &failed));
  PetscCheck(!failed, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "-eki_truth_seed %" PetscInt_FMT ": the forward model failed on the truth parameter; try another seed or a milder prior", o->truth_seed);
  for (PetscInt i = 0; i < tw->ndata; i++) tw->y[i] = tw->gtruth[i] + o->noise_std * tw->y[i];
  PetscCall(PetscMalloc1(tw->ndata, &r));
  for (PetscInt i = 0; i < tw->ndata; i++) r[i] = o->noise_std * o->noise_std;
  PetscCall(MckEnsembleSetObservations(ens, tw->ndata, NULL, tw->y, r));
  PetscCall(PetscFree(r));
  PetscFunctionReturn(0);
}

static PetscErrorCode TwinDestroy(Twin *tw)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree5(tw->truth, tw->gtruth, tw->y, tw->mean, tw->gmean));
  PetscCall(VecScatterDestroy(&tw->gather));
  PetscCall(VecDestroy(&tw->gall));
  PetscCall(VecDestroy(&tw->u));
  PetscCall(VecDestroy(&tw->g));
  PetscFunctionReturn(0);
}

/* The discrepancy of the estimate the run reports, |y - G(mean u)| / (noise_std sqrt(ndata))
 * (the noise level is 1), and the ensemble mean's spread and error against the truth. */
static PetscErrorCode Residual(Twin *tw, const AppOptions *o, PetscReal *residual, PetscReal *spread, PetscReal *rmse)
{
  PetscReal ss = 0;
  PetscBool failed;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetMean(tw->ens, tw->mean, spread, tw->truth, rmse));
  PetscCall(ForwardReplicated(tw, tw->mean, tw->gmean, &failed));
  for (PetscInt i = 0; i < tw->ndata; i++) ss += PetscSqr(tw->y[i] - tw->gmean[i]);
  *residual = failed ? PETSC_INFINITY : PetscSqrtReal(ss / tw->ndata) / o->noise_std;
  PetscFunctionReturn(0);
}

/* One row after an iteration: the process's own diagnostics (MckEnsembleGetInfo: misfit of
 * the ensemble that entered the iteration, step, pseudo-time, members) and Residual(). */
static PetscErrorCode Record(Twin *tw, const AppOptions *o, MckSeries series, PetscReal *residual)
{
  MckEnsembleInfo info;
  PetscReal       row[NCOLS];

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetInfo(tw->ens, &info));
  PetscCall(Residual(tw, o, residual, &row[6], &row[5]));
  row[0] = (PetscReal)info.cycle;
  row[1] = info.time;
  row[2] = info.dt;
  row[3] = info.misfit;
  row[4] = *residual;
  row[7] = (PetscReal)info.nactive;
  row[8] = (PetscReal)info.nfailed;
  PetscCall(MckSeriesAppend(series, row));
  PetscFunctionReturn(0);
}

/* ---- output ------------------------------------------------------------------------------- */

/* The physical field of parameter p (Darcy: log-permeability) as /fields/<name>, (ny, nx) in
 * natural order; nothing for models without one. */
static PetscErrorCode WriteField(Twin *tw, MckIO io, const char name[], const PetscReal p[])
{
  Vec              field, all;
  DM               dm;
  VecScatter       sc;
  PetscInt         mx, my;
  PetscInt64       dims[2];
  const PetscReal *a;
  char             path[256];

  PetscFunctionBeginUser;
  PetscCall(SetParameter(tw->u, p));
  PetscCall(MckModelGetPhysicalField(tw->model, tw->u, &field, &dm));
  if (!field) PetscFunctionReturn(0);
  PetscCall(DMDAGetInfo(dm, NULL, &mx, &my, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL));
  PetscCall(DMDAGlobalToNaturalAllCreate(dm, &sc));
  PetscCall(VecCreateSeq(PETSC_COMM_SELF, mx * my, &all));
  PetscCall(VecScatterBegin(sc, field, all, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(sc, field, all, INSERT_VALUES, SCATTER_FORWARD));
  dims[0] = my;
  dims[1] = mx;
  PetscCall(PetscSNPrintf(path, sizeof(path), "/fields/%s", name));
  PetscCall(VecGetArrayRead(all, &a));
  PetscCall(MckIOWriteArray(io, path, 2, dims, a));
  PetscCall(VecRestoreArrayRead(all, &a));
  PetscCall(MckIOWriteAttributeString(io, path, "grid", "nodes (j h, i h), h = 1/(n-1), on the unit square; row j, column i"));
  PetscCall(VecScatterDestroy(&sc));
  PetscCall(VecDestroy(&all));
  PetscFunctionReturn(0);
}

/* The linear model's exact Gaussian posterior, for comparison with the ensemble (EKS samples it). */
static PetscErrorCode WriteLinearPosterior(Twin *tw, const AppOptions *o, MckIO io)
{
  const char *type;
  PetscBool   linear;
  PetscReal  *gamma, *mean, *cov;
  PetscInt64  dn = tw->n, dc[2] = {tw->n, tw->n};

  PetscFunctionBeginUser;
  PetscCall(MckModelGetType(tw->model, &type));
  PetscCall(PetscStrcmp(type, "linear", &linear));
  if (!linear) PetscFunctionReturn(0);
  PetscCall(PetscMalloc3(tw->ndata, &gamma, tw->n, &mean, tw->n * tw->n, &cov));
  for (PetscInt i = 0; i < tw->ndata; i++) gamma[i] = o->noise_std * o->noise_std;
  PetscCall(MckModelLinearPosterior(tw->model, gamma, tw->y, mean, cov));
  PetscCall(MckIOWriteArray(io, "/ensemble/posterior_mean", 1, &dn, mean));
  PetscCall(MckIOWriteArray(io, "/ensemble/posterior_cov", 2, dc, cov));
  PetscCall(PetscFree3(gamma, mean, cov));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteResults(Twin *tw, const AppOptions *o, MckIO io, PetscInt64 iterations, PetscReal residual)
{
  PetscInt64 dn = tw->n, dd = tw->ndata;
  PetscReal  spread, rmse;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleWrite(tw->ens, io, "/ensemble"));
  PetscCall(MckEnsembleGetMean(tw->ens, tw->mean, &spread, NULL, &rmse));
  PetscCall(MckIOWriteArray(io, "/ensemble/mean", 1, &dn, tw->mean));
  PetscCall(MckIOWriteArray(io, "/ensemble/truth", 1, &dn, tw->truth));
  PetscCall(MckIOWriteArray(io, "/ensemble/data", 1, &dd, tw->y));
  PetscCall(MckIOWriteArray(io, "/ensemble/truth_data", 1, &dd, tw->gtruth));
  PetscCall(MckIOWriteArray(io, "/ensemble/mean_data", 1, &dd, tw->gmean));
  PetscCall(MckIOWriteAttributeReal(io, "/ensemble", "noise_std", o->noise_std));
  PetscCall(MckIOWriteAttributeReal(io, "/ensemble", "discrepancy_tau", o->tau));
  PetscCall(MckIOWriteAttributeReal(io, "/ensemble", "final_residual", residual));
  PetscCall(MckIOWriteAttributeInt(io, "/ensemble", "iterations", iterations));
  PetscCall(MckIOWriteAttributeInt(io, "/ensemble", "discrepancy_reached", o->tau > 0 && residual <= o->tau));
  PetscCall(WriteLinearPosterior(tw, o, io));
  PetscCall(WriteField(tw, io, "log_permeability_true", tw->truth));
  PetscCall(WriteField(tw, io, "log_permeability_recovered", tw->mean));
  PetscFunctionReturn(0);
}

/* ---- checkpoint and restart --------------------------------------------------------------- */

static PetscErrorCode AppConfig(Twin *tw, const AppOptions *o, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckModelConfig(tw->model, io, check));
  PetscCall(MckEnsembleConfig(tw->ens, io, check));
  PetscCall(MckIOConfigInt(io, check, "-seed", o->common.seed));
  PetscCall(MckIOConfigInt(io, check, "-eki_truth_seed", o->truth_seed));
  PetscCall(MckIOConfigReals(io, check, "-eki_noise_std", 1, &o->noise_std));
  PetscCall(MckIOConfigReals(io, check, "-eki_discrepancy_tau", 1, &o->tau));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteCheckpoint(Twin *tw, const AppOptions *o, MckIO io, MckSeries series)
{
  MckIO      chk;
  PetscInt64 cycle;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_Checkpoint, 0, 0, 0, 0));
  PetscCall(MckSeriesFlush(series, io));
  PetscCall(MckIOCheckpointBegin(io, o->common.checkpoint, &chk));
  PetscCall(AppConfig(tw, o, chk, PETSC_FALSE));
  PetscCall(MckEnsembleWrite(tw->ens, chk, "/checkpoint/ensemble"));
  PetscCall(MckEnsembleGetCycle(tw->ens, &cycle));
  PetscCall(MckIOWriteAttributeInt(chk, "/checkpoint", "step", cycle)); /* every checkpoint's progress mark */
  PetscCall(MckIOCheckpointEnd(io, &chk));
  PetscCall(PetscLogEventEnd(MCK_EVENT_Checkpoint, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Refuse a checkpoint of another configuration before anything is written, then continue its
 * run file where it stood (the ensemble's cycle is the iteration count). */
static PetscErrorCode Restart(Twin *tw, const AppOptions *o, MckIO io, MckSeries series)
{
  MckIO     chk;
  PetscBool has;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_Restart, 0, 0, 0, 0));
  PetscCall(MckIOCreate(PETSC_COMM_WORLD, &chk));
  PetscCall(MckIOOpenRead(chk, o->common.restart, "-restart"));
  PetscCall(MckIOHasObject(chk, "/checkpoint/ensemble", &has));
  PetscCheck(has, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "-restart %s: not a mckean-eki checkpoint (no /checkpoint/ensemble)", o->common.restart);
  PetscCall(AppConfig(tw, o, chk, PETSC_TRUE));
  PetscCall(MckEnsembleRead(tw->ens, chk, "/checkpoint/ensemble"));
  PetscCall(MckIODestroy(&chk));
  PetscCall(MckIORestartRunFile(io, o->common.output, "-output", o->common.restart));
  PetscCall(MckSeriesLoad(series, io));
  PetscCall(PetscLogEventEnd(MCK_EVENT_Restart, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* ---- the run ------------------------------------------------------------------------------ */

static PetscErrorCode Iterate(Twin *tw, const AppOptions *o, MckIO io, MckSeries series, PetscInt64 *iterations, PetscReal *residual)
{
  PetscInt64      cycle;
  PetscBool       done = PETSC_FALSE;
  MckProgress     progress;
  MckEnsembleInfo info;
  PetscReal       spread, rmse;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetCycle(tw->ens, &cycle));
  PetscCall(Residual(tw, o, residual, &spread, &rmse)); /* a restart may already be done */
  PetscCall(MckProgressCreate(PETSC_COMM_WORLD, o->common.progress_interval, cycle, o->max_iter, &progress));
  while (cycle < o->max_iter && !done && !(o->tau > 0 && *residual <= o->tau)) {
    PetscCall(MckEnsembleIterate(tw->ens, &done));
    PetscCall(MckEnsembleGetCycle(tw->ens, &cycle));
    PetscCall(Record(tw, o, series, residual));
    PetscCall(MckEnsembleGetInfo(tw->ens, &info));
    if (o->common.checkpoint_interval && cycle % o->common.checkpoint_interval == 0) PetscCall(WriteCheckpoint(tw, o, io, series));
    PetscCall(MckProgressUpdate(progress, cycle, info.time, "residual", *residual));
  }
  PetscCall(MckProgressDestroy(&progress));
  *iterations = cycle;
  PetscFunctionReturn(0);
}

static PetscErrorCode Execute(Twin *tw, const AppOptions *o, PetscLogDouble t0)
{
  MckIO          io;
  MckSeries      series;
  PetscInt64     iterations = 0;
  PetscReal      residual;
  PetscLogDouble t1;
  const char    *path;

  PetscFunctionBeginUser;
  PetscCall(PetscLogStagePush(MCK_STAGE_Setup));
  PetscCall(MckSeriesCreate(PETSC_COMM_WORLD, "eki", NCOLS, series_columns, &series));
  PetscCall(MckIOCreate(PETSC_COMM_WORLD, &io));
  if (o->common.restart[0]) PetscCall(Restart(tw, o, io, series));
  else {
    PetscCall(MckIOOpenWrite(io, o->common.output, "-output"));
    PetscCall(MckEnsembleInitializeMembers(tw->ens, NULL, 1.0));
  }
  PetscCall(MckIOWriteRunAttributes(io, o->common.seed));
  PetscCall(PetscLogStagePop());
  PetscCall(PetscLogStagePush(MCK_STAGE_Run));
  PetscCall(Iterate(tw, o, io, series, &iterations, &residual));
  PetscCall(PetscLogStagePop());
  PetscCall(PetscLogStagePush(MCK_STAGE_Output));
  PetscCall(MckSeriesFlush(series, io));
  PetscCall(WriteResults(tw, o, io, iterations, residual));
  PetscCall(PetscTime(&t1));
  PetscCall(MckIOWriteAttributeReal(io, "/", "wall_time_seconds", t1 - t0));
  PetscCall(MckIOGetPath(io, &path));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "mckean-eki: %" PetscInt64_FMT " iterations, residual %.4g (noise level 1%s), wrote %s (%.3g s)\n", iterations, (double)residual,
                        o->tau > 0 ? (residual <= o->tau ? ", discrepancy principle met" : ", discrepancy principle NOT met") : "", path, t1 - t0));
  PetscCall(MckIOClose(io));
  PetscCall(PetscLogStagePop());
  PetscCall(MckIODestroy(&io));
  PetscCall(MckSeriesDestroy(&series));
  PetscFunctionReturn(0);
}

/* The model's options, checked once on all ranks: a model on PETSC_COMM_WORLD reads them (so a
 * mistake is one message, and -help lists them once) and must be an inverse model. */
static PetscErrorCode CheckModelOptions(void)
{
  MckModel     m;
  MckModelKind kind;
  const char  *type;

  PetscFunctionBeginUser;
  PetscCall(MckModelCreate(PETSC_COMM_WORLD, &m));
  PetscCall(MckModelSetType(m, "linear"));
  PetscCall(MckModelSetFromOptions(m));
  PetscCall(MckModelGetKind(m, &kind));
  PetscCall(MckModelGetType(m, &type));
  PetscCheck(kind == MCK_MODEL_INVERSE, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "-model_type %s: mckean-eki needs an inverse model (linear, darcy)", type);
  PetscCall(MckModelDestroy(&m));
  PetscFunctionReturn(0);
}

/* The members' model lives on the ensemble's member communicator. */
static PetscErrorCode CreateModel(MckEnsemble ens, MckModel *model)
{
  MPI_Comm mcomm;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetMemberComm(ens, &mcomm));
  PetscCall(MckModelCreate(mcomm, model));
  PetscCall(MckModelSetType(*model, "linear"));
  PetscCall(MckModelSetFromOptions(*model));
  PetscCall(MckModelSetUp(*model));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckProcess(MckEnsemble ens, const AppOptions *o)
{
  const char *type;
  PetscBool   eki, eks;
  char        buf[32];

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetType(ens, &type));
  PetscCall(PetscStrcmp(type, "eki", &eki));
  PetscCall(PetscStrcmp(type, "eks", &eks));
  PetscCheck(eki || eks, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "-ens_analysis %s: mckean-eki runs eki or eks", type);
  PetscCheck(eki || o->tau == 0, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "-eki_discrepancy_tau %s: the discrepancy principle stops eki; eks samples the posterior, use 0", McKeanFormatReal(o->tau, buf, sizeof(buf)));
  PetscFunctionReturn(0);
}

/* The model is viewed by the member group that holds world rank 0 (on its own communicator). */
static PetscErrorCode View(MckEnsemble ens, MckModel model)
{
  MPI_Comm  mcomm;
  PetscBool mine = PetscGlobalRank == 0 ? PETSC_TRUE : PETSC_FALSE;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetMemberComm(ens, &mcomm));
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, &mine, 1, MPIU_BOOL, MPI_LOR, mcomm));
  if (mine) PetscCall(MckModelView(model, PETSC_VIEWER_STDOUT_(mcomm)));
  PetscCall(MckEnsembleView(ens, PETSC_VIEWER_STDOUT_WORLD));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunEKI(void)
{
  MPI_Comm       comm = PETSC_COMM_WORLD;
  AppOptions     o;
  MckEnsemble    ens;
  MckModel       model = NULL;
  MckRNG         rng   = NULL;
  Twin           tw;
  PetscLogDouble t0;

  PetscFunctionBeginUser;
  PetscCall(PetscTime(&t0));
  PetscCall(McKeanCommonOptionsGet(comm, "eki.h5", &o.common));
  PetscCall(MckEnsembleCreate(comm, &ens));
  PetscCall(MckEnsembleSetType(ens, "eki"));
  PetscCall(MckEnsembleSetFromOptions(ens));
  PetscCall(GetAppOptions(comm, &o));
  PetscCall(CheckProcess(ens, &o));
  PetscCall(CheckModelOptions());
  if (!o.common.help) { /* with -help the options and their defaults have been printed: done */
    PetscCall(CreateModel(ens, &model));
    PetscCall(MckRNGCreate(comm, &rng));
    PetscCall(MckRNGSetSeed(rng, o.common.seed));
    PetscCall(MckEnsembleSetRNG(ens, rng));
    PetscCall(MckEnsembleSetModel(ens, model));
    PetscCall(MckEnsembleSetUp(ens));
    PetscCall(McKeanOptionsCheckUnused(comm));
    PetscCall(TwinCreate(model, ens, &o, &tw));
    if (o.view) PetscCall(View(ens, model));
    PetscCall(Execute(&tw, &o, t0));
    PetscCall(TwinDestroy(&tw));
  }
  PetscCall(MckEnsembleDestroy(&ens));
  PetscCall(MckModelDestroy(&model));
  PetscCall(MckRNGDestroy(&rng));
  PetscFunctionReturn(0);
}

MCKEAN_APP(eki, help, RunEKI)
