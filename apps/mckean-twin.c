static const char help[] = "mckean-twin: the coupled twin experiment. A Fokker-Planck PDE with hidden interaction strength and\n"
                           "temperature is observed at sensors; an ensemble Kalman sampler whose members are interacting\n"
                           "Langevin particle systems infers them.\n"
                           "Typical use: mpiexec -n 2 mckean-twin -options_file_yaml inputs/default.yaml -output twin.h5\n";

#include <mckean/mckensemble.h>
#include <mckean/mckfield.h>
#include <mckean/mckmodel.h>
#include <mckean/mcksensors.h>

/* The data noise's counter step (stream = data index): apart from the particles' (>= -1, own
 * seed -mv_seed) and the ensemble's (>= -1) so no two draws share a counter. */
#define TWIN_STEP_DATA ((PetscInt64)-5)

typedef struct {
  MckCommonOptions common;
  PetscReal        truth[2];  /* theta* = (J*, T*) */
  PetscReal        noise_std; /* sigma of the data noise */
  PetscInt         iterations;
  PetscBool        view;
} AppOptions;

typedef struct {
  const AppOptions *o;
  MckEnsemble       ens;
  MckModel          model;  /* this rank's member model (on the member communicator) */
  MckGrid           grid;   /* shared by the truth and the prediction */
  MckField          field;  /* the truth PDE, on all ranks */
  MckSensors        sensors;
  MckKernel         kernel; /* -mf_* with the strength replaced by theta */
  MckIO             io;
  MckSeries         history;
  PetscInt          ntimes, nsensors, ndata;
  const PetscReal  *times;
  PetscReal        *clean, *data, *variance, *predicted;
} App;

/* theta is what the experiment infers: the options that would fix it are refused, so a deck
 * can never silently run with a value that is then overwritten. */
static PetscErrorCode RefuseInferredOptions(MPI_Comm comm)
{
  const char *inferred[] = {"-mf_strength", "-lgv_temperature", "-fp_temperature", "-fp_interaction"};
  char        value[256];
  PetscBool   set;

  PetscFunctionBeginUser;
  for (size_t i = 0; i < sizeof(inferred) / sizeof(inferred[0]); i++) {
    PetscCall(PetscOptionsGetString(NULL, NULL, inferred[i], value, sizeof(value), &set));
    PetscCheck(!set, comm, PETSC_ERR_USER_INPUT, "%s%s%s: mckean-twin sets it from -twin_truth (PDE) and the ensemble members (particles); remove it", inferred[i], value[0] ? " " : "", value);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode GetAppOptions(MPI_Comm comm, AppOptions *o)
{
  PetscInt  n = 2;
  PetscBool set;

  PetscFunctionBeginUser;
  o->truth[0]   = 3.0;
  o->truth[1]   = 0.6;
  o->noise_std  = 0.002;
  o->iterations = 20;
  o->view       = PETSC_FALSE;
  PetscCall(RefuseInferredOptions(comm));
  PetscOptionsBegin(comm, NULL, "mckean-twin options", NULL);
  PetscCall(MckOptionsRealArray("-twin_truth", "Hidden parameters of the truth PDE: interaction strength J and temperature T", o->truth, &n, &set));
  PetscCall(MckOptionsReal("-twin_noise_std", "Standard deviation of the observation noise (density units)", o->noise_std, &o->noise_std, NULL));
  PetscCall(MckOptionsInt("-twin_iterations", "Ensemble Kalman iterations (EKS steps, or the EKI limit)", o->iterations, &o->iterations, NULL));
  PetscCall(MckOptionsBool("-twin_view", "Print the configuration before running", o->view, &o->view, NULL));
  PetscOptionsEnd();
  PetscCheck(!set || n == 2, comm, PETSC_ERR_USER_INPUT, "-twin_truth: give 2 values (J, T), not %" PetscInt_FMT, n);
  PetscCall(McKeanCheckPositive(comm, "-twin_truth", o->truth[0]));
  PetscCall(McKeanCheckPositive(comm, "-twin_truth", o->truth[1]));
  PetscCall(McKeanCheckPositive(comm, "-twin_noise_std", o->noise_std));
  PetscCheck(o->iterations >= 1, comm, PETSC_ERR_USER_INPUT, "-twin_iterations %" PetscInt_FMT ": must be at least 1", o->iterations);
  PetscFunctionReturn(0);
}

/* Members are particle models on the ensemble's member communicators. */
static PetscErrorCode CreateEnsemble(MPI_Comm comm, App *app)
{
  MPI_Comm mcomm;
  MckRNG   rng;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleCreate(comm, &app->ens));
  PetscCall(MckEnsembleSetType(app->ens, "eks"));
  PetscCall(MckEnsembleSetFromOptions(app->ens));
  PetscCall(MckEnsembleGetMemberComm(app->ens, &mcomm));
  PetscCall(MckModelCreate(mcomm, &app->model));
  PetscCall(MckModelSetType(app->model, "mckean_vlasov"));
  PetscCall(MckModelSetFromOptions(app->model));
  PetscCall(MckModelSetUp(app->model));
  PetscCall(MckEnsembleSetModel(app->ens, app->model));
  PetscCall(MckRNGCreate(comm, &rng));
  PetscCall(MckRNGSetSeed(rng, app->o->common.seed));
  PetscCall(MckEnsembleSetRNG(app->ens, rng));
  PetscCall(MckRNGDestroy(&rng));
  PetscCall(MckEnsembleSetUp(app->ens));
  PetscCall(MckModelMVGetObservations(app->model, &app->ntimes, &app->times, NULL));
  PetscFunctionReturn(0);
}

/* A Fokker-Planck PDE on the shared grid with theta = (J, T) in the -mf_* kernel family. */
static PetscErrorCode CreatePDE(App *app, const PetscReal theta[], MckField *f)
{
  MckKernel W = app->kernel;

  PetscFunctionBeginUser;
  W.strength = theta[0];
  PetscCall(MckFieldCreate(PETSC_COMM_SELF, f));
  PetscCall(MckFieldSetGrid(*f, app->grid));
  PetscCall(MckFieldSetType(*f, MCKFIELD_FOKKER_PLANCK));
  PetscCall(MckFieldSetFromOptions(*f));
  PetscCall(MckFieldFPSetKernel(*f, &W));
  PetscCall(MckFieldFPSetTemperature(*f, theta[1]));
  PetscCall(MckFieldSetUp(*f));
  PetscFunctionReturn(0);
}

/* The truth: the PDE with theta*, observed by the same sensors as the members. Every rank
 * solves it whole (PETSC_COMM_SELF): the data must be bitwise the same for any rank count, and
 * a distributed Krylov solve is reproducible only to its tolerance (its inner products are
 * rank-count dependent). The truth grid is small next to the ensemble's J x N particles. */
static PetscErrorCode CreateTruth(App *app)
{
  MPI_Comm  comm = PETSC_COMM_SELF;
  PetscInt  dim;
  PetscReal L[3];

  PetscFunctionBeginUser;
  PetscCall(MckGridCreate(comm, &app->grid));
  PetscCall(MckGridSetFromOptions(app->grid));
  PetscCall(MckGridSetUp(app->grid));
  PetscCall(MckKernelSetDefaults(&app->kernel));
  PetscCall(MckKernelSetFromOptions(comm, NULL, &app->kernel));
  PetscCall(CreatePDE(app, app->o->truth, &app->field));
  PetscCall(MckGridGetSizes(app->grid, &dim, NULL, L));
  PetscCall(MckSensorsCreate(comm, &app->sensors));
  PetscCall(MckSensorsSetBox(app->sensors, dim, L));
  PetscCall(MckSensorsSetFromOptions(app->sensors));
  PetscCall(MckSensorsSetUp(app->sensors));
  PetscCall(MckSensorsGetPoints(app->sensors, &app->nsensors, NULL, NULL));
  app->ndata = app->nsensors * app->ntimes;
  PetscCall(PetscMalloc4(app->ndata, &app->clean, app->ndata, &app->data, app->ndata, &app->variance, app->ndata, &app->predicted));
  PetscFunctionReturn(0);
}

/* Append the (replicated) density as one snapshot (nsnap, N, 1), written by rank 0. */
static PetscErrorCode AppendSnapshot(App *app, Vec rho, const char dset[])
{
  PetscInt         N;
  PetscMPIInt      rank;
  const PetscReal *r;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCall(VecGetSize(rho, &N));
  PetscCall(VecGetArrayRead(rho, &r));
  PetscCall(MckIOAppendRows(app->io, dset, N, 0, rank ? 0 : N, 1, (PetscReal *const *)&r));
  PetscCall(VecRestoreArrayRead(rho, &r));
  PetscFunctionReturn(0);
}

/* Advance f from t = 0 through the observation times, recording the sensors and, when dset is
 * given, the density at each time. */
static PetscErrorCode ObservePDE(App *app, MckField f, const char dset[], PetscReal values[])
{
  Vec rho;

  PetscFunctionBeginUser;
  PetscCall(MckFieldGetSolution(f, &rho));
  for (PetscInt k = 0; k < app->ntimes; k++) {
    PetscCall(MckFieldSolve(f, app->times[k]));
    PetscCall(MckSensorsMeasureGrid(app->sensors, app->grid, rho, values + k * app->nsensors));
    if (dset) PetscCall(AppendSnapshot(app, rho, dset));
  }
  PetscFunctionReturn(0);
}

/* The posterior's prediction: the PDE at the posterior median of theta. */
static PetscErrorCode Predict(App *app, const PetscReal theta[])
{
  MckField f;

  PetscFunctionBeginUser;
  PetscCall(CreatePDE(app, theta, &f));
  PetscCall(ObservePDE(app, f, "/fields/predicted", app->predicted));
  PetscCall(MckFieldDestroy(&f));
  PetscFunctionReturn(0);
}

/* data = G_PDE(theta*) + sigma xi, xi keyed by the data index: the same on any rank count. */
static PetscErrorCode MakeData(App *app)
{
  MckRNG     rng;
  PetscReal *xi[1];

  PetscFunctionBeginUser;
  /* a restarted run file holds the truth's snapshots already */
  PetscCall(ObservePDE(app, app->field, app->o->common.restart[0] ? NULL : "/fields/truth", app->clean));
  PetscCall(PetscMalloc1(app->ndata, &xi[0]));
  PetscCall(MckRNGCreate(PETSC_COMM_SELF, &rng));
  PetscCall(MckRNGSetSeed(rng, app->o->common.seed));
  PetscCall(MckRNGNormals(rng, 0, app->ndata, TWIN_STEP_DATA, 0, 1, xi));
  for (PetscInt i = 0; i < app->ndata; i++) {
    app->data[i]     = app->clean[i] + app->o->noise_std * xi[0][i];
    app->variance[i] = app->o->noise_std * app->o->noise_std;
  }
  PetscCall(MckRNGDestroy(&rng));
  PetscCall(PetscFree(xi[0]));
  PetscCall(MckEnsembleSetObservations(app->ens, app->ndata, NULL, app->data, app->variance));
  PetscFunctionReturn(0);
}

/* The prior of log theta: N(log median, log_std^2) per component (theta = median exp(log_std u)). */
static PetscErrorCode PriorOfLogTheta(App *app, PetscReal log_median[2], PetscReal log_std[2])
{
  const PetscReal zero[2] = {0, 0}, one[2] = {1, 1};
  PetscReal       median[2], shifted[2];

  PetscFunctionBeginUser;
  PetscCall(MckModelMVGetParameters(app->model, zero, median));
  PetscCall(MckModelMVGetParameters(app->model, one, shifted));
  for (PetscInt i = 0; i < 2; i++) {
    log_median[i] = PetscLogReal(median[i]);
    log_std[i]    = PetscLogReal(shifted[i]) - log_median[i];
  }
  PetscFunctionReturn(0);
}

/* Posterior of log theta: a linear image of u, so its mean and standard deviation follow
 * exactly from the ensemble's mean and covariance of u. */
static PetscErrorCode LogThetaMoments(App *app, PetscReal mean[2], PetscReal sd[2])
{
  PetscReal u[2], cov[4], log_median[2], log_std[2];

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetMean(app->ens, u, NULL, NULL, NULL));
  PetscCall(MckEnsembleGetCovariance(app->ens, cov));
  PetscCall(PriorOfLogTheta(app, log_median, log_std));
  for (PetscInt i = 0; i < 2; i++) {
    mean[i] = log_median[i] + log_std[i] * u[i];
    sd[i]   = log_std[i] * PetscSqrtReal(cov[3 * i]);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode RecordIteration(App *app, PetscReal *misfit)
{
  MckEnsembleInfo info;
  PetscReal       mean[2], sd[2];

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetInfo(app->ens, &info));
  PetscCall(LogThetaMoments(app, mean, sd));
  const PetscReal row[] = {(PetscReal)info.cycle, info.misfit_mean, info.misfit, info.time, mean[0], sd[0], mean[1], sd[1], (PetscReal)info.nactive};
  PetscCall(MckSeriesAppend(app->history, row));
  *misfit = info.misfit_mean;
  PetscFunctionReturn(0);
}

/* The truth PDE's own settings. Not MckFieldConfig: it would record the kernel strength J* under
 * -mf_strength, the key the members' configured kernel uses. */
static PetscErrorCode TruthConfig(App *app, MckIO io, PetscBool check)
{
  PetscInt  dim, n[3];
  PetscReal L[3];
  TS        ts;
  TSType    type;

  PetscFunctionBeginUser;
  PetscCall(MckGridGetSizes(app->grid, &dim, n, L));
  for (PetscInt a = 0; a < dim; a++) PetscCall(MckIOConfigInt(io, check, a == 0 ? "-grid_n[0]" : a == 1 ? "-grid_n[1]" : "-grid_n[2]", n[a]));
  PetscCall(MckIOConfigReals(io, check, "-grid_L", dim, L));
  PetscCall(MckFieldGetTS(app->field, &ts));
  PetscCall(TSGetType(ts, &type));
  PetscCall(MckIOConfigString(io, check, "-ts_type", type));
  PetscFunctionReturn(0);
}

static PetscErrorCode AppConfig(App *app, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckIOConfigInt(io, check, "-seed", app->o->common.seed));
  PetscCall(MckIOConfigReals(io, check, "-twin_truth", 2, app->o->truth));
  PetscCall(MckIOConfigReals(io, check, "-twin_noise_std", 1, &app->o->noise_std));
  PetscCall(MckEnsembleConfig(app->ens, io, check));
  PetscCall(MckModelConfig(app->model, io, check));
  PetscCall(MckSensorsConfig(app->sensors, io, check));
  PetscCall(TruthConfig(app, io, check));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteCheckpoint(App *app)
{
  MckIO      chk;
  PetscInt64 cycle;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_Checkpoint, 0, 0, 0, 0));
  PetscCall(MckSeriesFlush(app->history, app->io));
  PetscCall(MckIOCheckpointBegin(app->io, app->o->common.checkpoint, &chk));
  PetscCall(AppConfig(app, chk, PETSC_FALSE));
  PetscCall(MckEnsembleWrite(app->ens, chk, "/checkpoint/ensemble"));
  PetscCall(MckEnsembleGetCycle(app->ens, &cycle));
  PetscCall(MckIOWriteAttributeInt(chk, "/checkpoint", "step", cycle)); /* every checkpoint's progress mark */
  PetscCall(MckIOCheckpointEnd(app->io, &chk));
  PetscCall(PetscLogEventEnd(MCK_EVENT_Checkpoint, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* A checkpoint of another configuration is refused before anything is written; the truth and
 * its data are recomputed (deterministic), the run file continues where it stood. */
static PetscErrorCode Restart(MPI_Comm comm, App *app)
{
  MckIO chk;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_Restart, 0, 0, 0, 0));
  PetscCall(MckIOCreate(comm, &chk));
  PetscCall(MckIOOpenRead(chk, app->o->common.restart, "-restart"));
  PetscCall(AppConfig(app, chk, PETSC_TRUE));
  PetscCall(MckEnsembleRead(app->ens, chk, "/checkpoint/ensemble"));
  PetscCall(MckIODestroy(&chk));
  PetscCall(MckIORestartRunFile(app->io, app->o->common.output, "-output", app->o->common.restart));
  PetscCall(MckSeriesLoad(app->history, app->io));
  PetscCall(PetscLogEventEnd(MCK_EVENT_Restart, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

static PetscErrorCode Iterate(App *app)
{
  PetscInt64  cycle;
  PetscBool   done = PETSC_FALSE;
  PetscReal   misfit = 0;
  MckProgress progress;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetCycle(app->ens, &cycle));
  PetscCall(MckProgressCreate(PETSC_COMM_WORLD, app->o->common.progress_interval, cycle, app->o->iterations, &progress));
  while (cycle < app->o->iterations && !done) {
    PetscCall(MckEnsembleIterate(app->ens, &done));
    PetscCall(MckEnsembleGetCycle(app->ens, &cycle));
    PetscCall(RecordIteration(app, &misfit));
    if (app->o->common.checkpoint_interval && cycle % app->o->common.checkpoint_interval == 0) PetscCall(WriteCheckpoint(app));
    PetscCall(MckProgressUpdate(progress, cycle, (PetscReal)cycle, "misfit", misfit));
  }
  PetscCall(MckProgressDestroy(&progress));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteSidecar(App *app)
{
  PetscInt          dim, n[3];
  PetscReal         L[3];
  char              xmf[PETSC_MAX_PATH_LEN];
  const char       *base;
  const char *const dsets[] = {"/fields/truth", "/fields/predicted"}, *names[] = {"density_truth", "density_predicted"};

  PetscFunctionBeginUser;
  PetscCall(MckGridGetSizes(app->grid, &dim, n, L));
  PetscCall(MckIOSidecarPath(app->o->common.output, xmf, sizeof(xmf), &base));
  PetscCall(MckIOWriteXDMF(PETSC_COMM_WORLD, xmf, base, dim, n, L, app->ntimes, app->times, 2, dsets, names));
  PetscFunctionReturn(0);
}

/* The experiment's inputs and the posterior's prediction, next to the ensemble itself. */
static PetscErrorCode WriteResults(App *app, const PetscReal median[2])
{
  const PetscInt64 nd[] = {app->ndata}, nt[] = {app->ntimes}, two[] = {2};
  PetscInt         nsensors, dim;
  const PetscReal *points;
  PetscReal        prior_log_median[2], prior_log_std[2], box[3];

  PetscFunctionBeginUser;
  PetscCall(MckSensorsGetPoints(app->sensors, &nsensors, &dim, &points));
  const PetscInt64 sd[] = {nsensors, dim};
  PetscCall(PriorOfLogTheta(app, prior_log_median, prior_log_std));
  PetscCall(MckIOWriteArray(app->io, "/twin/prior_log_median", 1, two, prior_log_median));
  PetscCall(MckIOWriteArray(app->io, "/twin/prior_log_std", 1, two, prior_log_std));
  PetscCall(MckIOWriteArray(app->io, "/twin/theta_truth", 1, two, app->o->truth));
  PetscCall(MckIOWriteArray(app->io, "/twin/theta_posterior_median", 1, two, median));
  PetscCall(MckIOWriteArray(app->io, "/twin/data", 1, nd, app->data));
  PetscCall(MckIOWriteArray(app->io, "/twin/data_clean", 1, nd, app->clean));
  PetscCall(MckIOWriteArray(app->io, "/twin/predicted", 1, nd, app->predicted));
  PetscCall(MckIOWriteArray(app->io, "/twin/obs_times", 1, nt, app->times));
  PetscCall(MckIOWriteArray(app->io, "/twin/sensors", 2, sd, points));
  PetscCall(MckGridGetSizes(app->grid, NULL, NULL, box));
  PetscCall(MckIOWriteArray(app->io, "/twin/box", 1, (PetscInt64[]){dim}, box));
  PetscCall(MckEnsembleWrite(app->ens, app->io, "/ensemble"));
  PetscCall(MckSeriesFlush(app->history, app->io));
  PetscCall(WriteSidecar(app));
  PetscFunctionReturn(0);
}

static PetscErrorCode PrintSummary(MPI_Comm comm, App *app, const PetscReal mean[2], const PetscReal sd[2], PetscReal misfit, PetscLogDouble seconds)
{
  const char *names[] = {"J (interaction)", "T (temperature)"};

  PetscFunctionBeginUser;
  PetscCall(PetscPrintf(comm, "\n%-16s %10s %12s %22s\n", "parameter", "truth", "posterior", "68% interval"));
  for (PetscInt i = 0; i < 2; i++)
    PetscCall(PetscPrintf(comm, "%-16s %10.4f %12.4f   [%8.4f, %8.4f]\n", names[i], (double)app->o->truth[i], (double)PetscExpReal(mean[i]), (double)PetscExpReal(mean[i] - sd[i]), (double)PetscExpReal(mean[i] + sd[i])));
  PetscCall(PetscPrintf(comm, "data misfit (mean member, per datum, noise units): %.4g; wall time %.3g s\n\n", (double)misfit, seconds));
  PetscFunctionReturn(0);
}

/* A fresh run file and prior ensemble, or a checkpoint's; then the (deterministic) data. */
static PetscErrorCode Start(MPI_Comm comm, App *app)
{
  const char *cols[] = {"iteration", "misfit_mean", "misfit_members", "pseudo_time", "logJ_mean", "logJ_sd", "logT_mean", "logT_sd", "active"};

  PetscFunctionBeginUser;
  PetscCall(MckSeriesCreate(comm, "twin", 9, cols, &app->history));
  PetscCall(MckIOCreate(comm, &app->io));
  if (app->o->common.restart[0]) PetscCall(Restart(comm, app));
  else {
    PetscCall(MckIOOpenWrite(app->io, app->o->common.output, "-output"));
    PetscCall(MckEnsembleInitializeMembers(app->ens, NULL, 1.0));
  }
  PetscCall(MckIOWriteRunAttributes(app->io, app->o->common.seed));
  PetscCall(MakeData(app));
  PetscFunctionReturn(0);
}

/* The posterior's prediction, the results, the summary table; the run file is complete. */
static PetscErrorCode Finish(MPI_Comm comm, App *app, PetscLogDouble t0)
{
  PetscReal       mean[2], sd[2], median[2];
  MckEnsembleInfo info;
  PetscLogDouble  t1;
  const char     *path;

  PetscFunctionBeginUser;
  PetscCall(LogThetaMoments(app, mean, sd));
  for (PetscInt i = 0; i < 2; i++) median[i] = PetscExpReal(mean[i]);
  PetscCall(Predict(app, median));
  PetscCall(WriteResults(app, median));
  PetscCall(PetscTime(&t1));
  PetscCall(MckIOWriteAttributeReal(app->io, "/", "wall_time_seconds", t1 - t0));
  PetscCall(MckIOGetPath(app->io, &path));
  PetscCall(MckEnsembleGetInfo(app->ens, &info));
  PetscCall(PrintSummary(comm, app, mean, sd, info.misfit_mean, t1 - t0));
  PetscCall(PetscPrintf(comm, "mckean-twin: wrote %s and its XDMF sidecar\n", path));
  PetscCall(MckIOClose(app->io));
  PetscFunctionReturn(0);
}

static PetscErrorCode Execute(MPI_Comm comm, App *app, PetscLogDouble t0)
{
  PetscFunctionBeginUser;
  PetscCall(PetscLogStagePush(MCK_STAGE_Setup));
  PetscCall(Start(comm, app));
  PetscCall(PetscLogStagePop());
  PetscCall(PetscLogStagePush(MCK_STAGE_Run));
  PetscCall(Iterate(app));
  PetscCall(PetscLogStagePop());
  PetscCall(PetscLogStagePush(MCK_STAGE_Output));
  PetscCall(Finish(comm, app, t0));
  PetscCall(PetscLogStagePop());
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy(App *app)
{
  PetscFunctionBeginUser;
  PetscCall(MckIODestroy(&app->io));
  PetscCall(MckSeriesDestroy(&app->history));
  PetscCall(MckEnsembleDestroy(&app->ens));
  PetscCall(MckModelDestroy(&app->model));
  PetscCall(MckFieldDestroy(&app->field));
  PetscCall(MckGridDestroy(&app->grid));
  PetscCall(MckSensorsDestroy(&app->sensors));
  PetscCall(PetscFree4(app->clean, app->data, app->variance, app->predicted));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunTwin(void)
{
  MPI_Comm       comm = PETSC_COMM_WORLD;
  AppOptions     o;
  App            app = {0};
  PetscLogDouble t0;

  PetscFunctionBeginUser;
  PetscCall(PetscTime(&t0));
  app.o = &o;
  PetscCall(McKeanCommonOptionsGet(comm, "twin.h5", &o.common));
  PetscCall(GetAppOptions(comm, &o));
  PetscCall(CreateEnsemble(comm, &app));
  PetscCall(CreateTruth(&app));
  if (!o.common.help) {
    PetscCall(McKeanOptionsCheckUnused(comm));
    if (o.view) {
      PetscCall(MckEnsembleView(app.ens, PETSC_VIEWER_STDOUT_WORLD));
      PetscCall(MckFieldView(app.field, PETSC_VIEWER_STDOUT_WORLD));
    }
    PetscCall(Execute(comm, &app, t0));
  }
  PetscCall(Destroy(&app));
  PetscFunctionReturn(0);
}

MCKEAN_APP(twin, help, RunTwin)
