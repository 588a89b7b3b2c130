static const char help[] =
    "mckean-mv: one McKean-Vlasov problem solved by the Fokker-Planck PDE and by N Langevin particles in one run.\n"
    "Typical use: mpiexec -n 2 mckean-mv -options_file_yaml inputs/mv.yaml -output mv.h5\n";

/* One McKean-Vlasov problem, twice: the Fokker-Planck PDE and N overdamped Langevin particles
 * (the same -mf_* / potential options), compared at output times through one density estimator
 * (MckDepositCompare, -mv_bandwidth). Output schema: docs/coupling.md. */
#include <mckean/mckdeposit.h>
#include <mckean/mcklangevin.h>
#include <mckean/mckrun.h>

typedef struct {
  MckRun       run;
  MckParticles p;
  MckLangevin  l;
  MckField     field;
  MckDeposit   dep;
  MckSeries    mv, langevin; /* mv: the run's (MckRunAddOutput) */
} App;

/* The PDE advanced to the particles' time t, and the L1 distance of the two through the estimator. */
static PetscErrorCode Compare(App *app, PetscReal t, PetscReal *l1)
{
  Vec rho;

  PetscFunctionBeginUser;
  PetscCall(MckFieldSolve(app->field, t));
  PetscCall(MckFieldGetSolution(app->field, &rho));
  PetscCall(MckDepositCompare(app->dep, app->p, rho, l1));
  PetscFunctionReturn(0);
}

/* A row of /timeseries/mv and of /timeseries/langevin; the distance goes to the progress line. */
static PetscErrorCode Record(void *ctx, MckSeries mv, const char **name, PetscReal *value)
{
  App      *app = (App *)ctx;
  PetscReal row[4];

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetTime(app->l, &row[0]));
  PetscCall(Compare(app, row[0], &row[1]));
  PetscCall(MckFieldGetMass(app->field, &row[2]));
  PetscCall(MckFieldFPGetOrderParameter(app->field, &row[3]));
  PetscCall(MckSeriesAppend(mv, row));
  PetscCall(MckLangevinRecord(app->l, app->langevin, NULL, NULL));
  *name  = "l1";
  *value = row[1];
  PetscFunctionReturn(0);
}

/* The PDE's density, its estimate and the particles' estimate as one snapshot each. */
static PetscErrorCode Snapshot(void *ctx, MckIO io)
{
  App      *app = (App *)ctx;
  PetscReal t, l1;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetTime(app->l, &t));
  PetscCall(Compare(app, t, &l1));
  PetscCall(MckFieldAppendSolution(app->field, io, "/fields/density"));
  PetscCall(MckDepositAppendEstimates(app->dep, io, "/particles/density", "/fields/density_estimated"));
  PetscFunctionReturn(0);
}

/* The estimator's bandwidth as an attribute of /timeseries/mv (flushed first, to exist). */
static PetscErrorCode Finish(MckRun run, void *ctx)
{
  App      *app = (App *)ctx;
  MckIO     io;
  PetscReal bandwidth;

  PetscFunctionBeginUser;
  PetscCall(MckRunGetIO(run, &io));
  PetscCall(MckSeriesFlush(app->mv, io));
  PetscCall(MckDepositGetBandwidth(app->dep, &bandwidth));
  PetscCall(MckIOWriteAttributeReal(io, "/timeseries/mv", "bandwidth", bandwidth));
  PetscFunctionReturn(0);
}

/* The options of the comparison, its series and monitors. */
static PetscErrorCode AddOutput(MPI_Comm comm, MckRun run, App *app)
{
  const char  *mvcols[] = {"t", "l1", "mass_pde", "r_pde"};
  PetscInt64   nsteps;
  PetscInt     checkpoint;
  PetscReal    bandwidth = 0;
  MckRunOutput out       = {
            .title = "mckean-mv output options",
            .rows  = {"-mv_output_interval", "Particle steps between rows of /timeseries/mv (PDE advanced to the same time)"},
            .snapshots = {"-mv_snapshot_interval",
                          "Particle steps between density snapshots in /fields/density and /particles/density (0: none)"},
            .record    = Record,
            .snapshot  = Snapshot,
            .ctx       = app};

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetStep(app->l, NULL, &nsteps));
  out.rows.steps      = PetscMax(1, (PetscInt)(nsteps / 50));
  out.snapshots.steps = (PetscInt)nsteps;
  PetscOptionsBegin(comm, NULL, "mckean-mv options", NULL);
  MckOptionsCall(MckOptionsReal(
      "-mv_bandwidth",
      "Width of the Gaussian kernel smoothing both densities before the L1 distance (0: cloud-in-cell only)", bandwidth,
      &bandwidth, NULL));
  PetscOptionsEnd();
  PetscCall(McKeanCheckNonNegative(comm, "-mv_bandwidth", bandwidth));
  PetscCall(MckDepositSetBandwidth(app->dep, bandwidth));
  PetscCall(MckSeriesCreate(comm, "mv", 4, mvcols, &app->mv));
  PetscCall(MckLangevinCreateSeries(app->l, &app->langevin));
  PetscCall(MckRunAddOutput(run, &out, app->mv, NULL));
  PetscCall(MckRunAddSeries(run, app->langevin));
  /* the PDE is advanced only at output times; a checkpoint elsewhere would change its steps */
  PetscCall(MckRunGetCheckpointInterval(run, &checkpoint));
  PetscCheck(checkpoint % out.rows.steps == 0, comm, PETSC_ERR_USER_INPUT,
             "-checkpoint_interval %" PetscInt_FMT ": must be a multiple of -mv_output_interval %" PetscInt_FMT,
             checkpoint, out.rows.steps);
  PetscCall(MckRunConfigReal(run, "-mv_bandwidth", bandwidth));
  PetscCall(MckRunAddFinish(run, Finish, app));
  PetscFunctionReturn(0);
}

/* The job; what it creates is left in app for DestroyMV, after an error too. */
static PetscErrorCode SolveMV(MPI_Comm comm, App *app)
{
  MckGrid grid;
  MckRNG  rng;

  PetscFunctionBeginUser;
  PetscCall(MckRunCreateFromOptions(comm, "mv.h5", PETSC_FALSE, NULL, &app->run));
  PetscCall(MckRunGetRNG(app->run, &rng));
  PetscCall(MckLangevinCreateFromOptions(comm, rng, &app->p, &app->l));
  /* the PDE of the particles (-grid_n 128 unless set); both densities through one estimator */
  PetscCall(MckLangevinCreateFokkerPlanck(app->l, 128, NULL, &app->field));
  PetscCall(MckFieldGetGrid(app->field, &grid));
  PetscCall(MckDepositCreate(grid, &app->dep));
  PetscCall(AddOutput(comm, app->run, app));
  PetscCall(MckRunAddObject(app->run, "particles", (PetscObject)app->p));
  PetscCall(MckRunAddObject(app->run, "langevin", (PetscObject)app->l));
  PetscCall(MckRunAddObject(app->run, "field", (PetscObject)app->field));
  PetscCall(MckRunSetSolver(app->run, (PetscObject)app->l));
  PetscCall(MckRunSolve(app->run));
  PetscFunctionReturn(0);
}

static PetscErrorCode DestroyMV(App *app)
{
  PetscFunctionBeginUser;
  PetscCall(MckRunDestroy(&app->run));
  PetscCall(MckSeriesDestroy(&app->langevin));
  PetscCall(MckDepositDestroy(&app->dep));
  PetscCall(MckFieldDestroy(&app->field));
  PetscCall(MckLangevinDestroy(&app->l));
  PetscCall(MckParticlesDestroy(&app->p));
  PetscFunctionReturn(0);
}

MCKEAN_APP_JOB(mv, help, App, SolveMV, DestroyMV)
