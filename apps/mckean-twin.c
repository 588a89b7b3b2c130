static const char help[] =
    "mckean-twin: the coupled twin experiment. A Fokker-Planck PDE with hidden interaction strength and\n"
    "temperature is observed at sensors; an ensemble Kalman sampler whose members are interacting\n"
    "Langevin particle systems infers them.\n"
    "Typical use: mpiexec -n 2 mckean-twin -options_file_yaml inputs/default.yaml -output twin.h5\n";

#include <mckean/mckgrid.h>
#include <mckean/mckmodel.h>
#include <mckean/mckrun.h>
#include <mckean/mcktwin.h>

typedef struct {
  MckRun      run;
  MckTwin     tw;
  MckEnsemble ens;
  MckModel    model; /* this rank's member model: particles, prior, observation design */
  MckGrid     grid;  /* the truth PDE's, solved whole by every rank: bitwise on any count */
  MckSeries   history;
  PetscReal   truth[2]; /* theta* = (J*, T*) */
  PetscReal  *rho[2];   /* densities of the truth and the prediction at the observation times */
} App;

static PetscErrorCode GetOptions(MPI_Comm comm, App *app)
{
  PetscInt  n = 2, iterations = 20;
  PetscBool set;

  PetscFunctionBeginUser;
  PetscCall(PetscArraycpy(app->truth, ((const PetscReal[]){3.0, 0.6}), 2)); /* the default theta* */
  PetscOptionsBegin(comm, NULL, "mckean-twin options", NULL);
  MckOptionsCall(MckOptionsRealArray("-twin_truth",
                                     "Hidden parameters of the truth PDE: interaction strength J and temperature T",
                                     app->truth, &n, &set));
  MckOptionsCall(MckOptionsInt("-twin_iterations", "Ensemble Kalman iterations (EKS steps, or the EKI limit)",
                               iterations, &iterations, NULL));
  PetscOptionsEnd();
  PetscCall(McKeanCheckPositivePair(comm, "-twin_truth", "J, T", set, n, app->truth));
  PetscCheck(iterations >= 1, comm, PETSC_ERR_USER_INPUT, "-twin_iterations %" PetscInt_FMT ": must be at least 1",
             iterations);
  PetscCall(MckTwinSetMaxSteps(app->tw, iterations));
  PetscFunctionReturn(0);
}

/* The truth: the members' model's PDE counterpart at theta*, observed like the members. */
static PetscErrorCode TruthData(MckTwin tw, PetscReal clean[], void *ctx)
{
  App *app = (App *)ctx;

  PetscFunctionBeginUser;
  (void)tw;
  PetscCall(MckModelMVReferenceData(app->model, app->grid, app->truth, clean, &app->rho[0]));
  PetscFunctionReturn(0);
}

/* Mean and standard deviation of log theta: a linear image of the ensemble's u. */
static PetscErrorCode LogTheta(App *app, PetscReal mean[2], PetscReal sd[2])
{
  PetscReal u[2], cov[4];

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetMean(app->ens, u, NULL, NULL, NULL));
  PetscCall(MckEnsembleGetCovariance(app->ens, cov));
  PetscCall(MckModelMVGetLogMoments(app->model, u, cov, mean, sd));
  PetscFunctionReturn(0);
}

static PetscErrorCode Record(MckRun run, PetscInt64 step, PetscReal t, void *ctx)
{
  App            *app = (App *)ctx;
  MckEnsembleInfo info;
  PetscReal       m[2], sd[2];

  PetscFunctionBeginUser;
  (void)t;
  PetscCall(MckEnsembleGetInfo(app->ens, &info));
  PetscCall(MckRunSetHeadline(run, "misfit", info.misfit_mean));
  if (!step) PetscFunctionReturn(0); /* one row per iteration */
  PetscCall(LogTheta(app, m, sd));
  const PetscReal row[] = {(PetscReal)info.cycle,  info.misfit_mean, info.misfit, info.time, m[0], sd[0], m[1], sd[1],
                           (PetscReal)info.nactive};
  PetscCall(MckSeriesAppend(app->history, row));
  PetscFunctionReturn(0);
}

/* The posterior's prediction (the PDE at the posterior median of theta), the design and the
 * results, the densities for ParaView, the summary table. */
static PetscErrorCode Finish(MckRun run, void *ctx)
{
  App             *app   = (App *)ctx;
  const char      *out[] = {"/twin/theta_truth", "/twin/theta_posterior_median", "/twin/data", "/twin/data_clean",
                            "/twin/predicted"};
  PetscReal        m[2], sd[2], median[2], *predicted;
  PetscInt         ndata;
  const PetscReal *y, *clean;
  MckIO            io;

  PetscFunctionBeginUser;
  PetscCall(MckRunGetIO(run, &io));
  PetscCall(MckTwinGetData(app->tw, &ndata, &y, &clean));
  PetscCall(LogTheta(app, m, sd));
  for (PetscInt i = 0; i < 2; i++) median[i] = PetscExpReal(m[i]);
  PetscCall(PetscMalloc1(ndata, &predicted));
  PetscCall(MckModelMVReferenceData(app->model, app->grid, median, predicted, &app->rho[1]));
  PetscCall(MckModelMVWriteFields(app->model, app->grid, io, app->rho[0], app->rho[1]));
  for (PetscInt i = 0; i < 5; i++)
    PetscCall(MckIOWriteArray(io, out[i], 1, (PetscInt64[]){i < 2 ? 2 : ndata},
                              (const PetscReal *[]){app->truth, median, y, clean, predicted}[i]));
  PetscCall(MckModelWriteDesign(app->model, io, "/twin"));
  PetscCall(MckTwinWriteResults(app->tw, io, "/ensemble"));
  PetscCall(MckModelMVViewEstimate(app->model, app->truth, m, sd, PETSC_VIEWER_STDOUT_WORLD));
  PetscCall(MckTwinViewSummary(app->tw, NULL));
  PetscCall(PetscFree(predicted));
  PetscFunctionReturn(0);
}

/* The job; what it creates is left in app for DestroyTwin, after an error too. */
static PetscErrorCode SolveTwin(MPI_Comm comm, App *app)
{
  const char *cols[] = {"iteration", "misfit_mean", "misfit_members", "pseudo_time", "logJ_mean",
                        "logJ_sd",   "logT_mean",   "logT_sd",        "active"};
  MckRNG      rng;
  /* the members' interaction, and particles on the truth grid's default box */
  const char *const defaults[] = {"-lgv_drifts", "fourier_meanfield", "-particles_dim", "2", "-particles_box", "1",
                                  NULL};

  PetscFunctionBeginUser;
  PetscCall(MckRunCreateFromOptions(comm, "twin.h5", PETSC_TRUE, defaults, &app->run));
  PetscCall(MckRunGetRNG(app->run, &rng));
  PetscCall(MckEnsembleCreateWithModel(comm, MCKENSEMBLE_EKS, MCKMODEL_MCKEAN_VLASOV, &app->ens));
  PetscCall(MckEnsembleSetRNG(app->ens, rng));
  PetscCall(MckEnsembleGetModel(app->ens, &app->model));
  PetscCall(MckTwinCreate(app->ens, &app->tw));
  PetscCall(MckTwinSetOptionsPrefix(app->tw, "twin_"));
  PetscCall(MckTwinSetType(app->tw, MCKTWIN_INVERSE));
  PetscCall(MckTwinSetRNG(app->tw, rng));
  PetscCall(MckTwinSetTruthFunction(app->tw, TruthData, app));
  PetscCall(MckTwinInverseSetNoise(app->tw, 0.002));
  PetscCall(GetOptions(comm, app));
  PetscCall(MckTwinSetFromOptions(app->tw));
  PetscCall(MckGridCreate(PETSC_COMM_SELF, &app->grid));
  PetscCall(MckGridSetFromOptions(app->grid));
  PetscCall(MckGridSetUp(app->grid));
  PetscCall(MckTwinSetUp(app->tw));
  PetscCall(MckSeriesCreate(comm, "twin", 9, cols, &app->history));
  PetscCall(MckRunAddSeries(app->run, app->history));
  PetscCall(MckRunAddMonitor(app->run, NULL, 1, Record, app));
  PetscCall(MckRunAddFinish(app->run, Finish, app));
  PetscCall(MckRunAddObject(app->run, "grid", (PetscObject)app->grid)); /* its settings are checked first */
  PetscCall(MckRunSolveObject(app->run, "ensemble", (PetscObject)app->tw));
  PetscFunctionReturn(0);
}

static PetscErrorCode DestroyTwin(App *app)
{
  PetscFunctionBeginUser;
  PetscCall(MckRunDestroy(&app->run));
  PetscCall(MckTwinDestroy(&app->tw));
  PetscCall(MckEnsembleDestroy(&app->ens));
  PetscCall(MckSeriesDestroy(&app->history));
  PetscCall(MckGridDestroy(&app->grid));
  PetscCall(PetscFree(app->rho[0]));
  PetscCall(PetscFree(app->rho[1]));
  PetscFunctionReturn(0);
}

MCKEAN_APP_JOB(twin, help, App, SolveTwin, DestroyTwin)
