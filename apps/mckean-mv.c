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
  MckParticles p;
  MckLangevin  l;
  MckField     field;
  MckDeposit   dep;
  MckSeries    mv, langevin, snaptimes;
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
static PetscErrorCode Record(MckRun run, PetscInt64 step, PetscReal t, void *ctx)
{
  App      *app    = (App *)ctx;
  PetscReal row[4] = {t};

  PetscFunctionBeginUser;
  (void)step;
  PetscCall(Compare(app, t, &row[1]));
  PetscCall(MckFieldGetMass(app->field, &row[2]));
  PetscCall(MckFieldFPGetOrderParameter(app->field, &row[3]));
  PetscCall(MckSeriesAppend(app->mv, row));
  PetscCall(MckLangevinRecord(app->l, app->langevin, NULL, NULL));
  PetscCall(MckRunSetHeadline(run, "l1", row[1]));
  PetscFunctionReturn(0);
}

/* The PDE's density, its estimate and the particles' estimate as one snapshot each. */
static PetscErrorCode Snapshot(MckRun run, PetscInt64 step, PetscReal t, void *ctx)
{
  App      *app = (App *)ctx;
  MckIO     io;
  PetscReal l1;

  PetscFunctionBeginUser;
  (void)step;
  PetscCall(Compare(app, t, &l1));
  PetscCall(MckRunGetIO(run, &io));
  PetscCall(MckFieldAppendSolution(app->field, io, "/fields/density"));
  PetscCall(MckDepositAppendEstimates(app->dep, io, "/particles/density", "/fields/density_estimated"));
  PetscCall(MckSeriesAppend(app->snaptimes, &t));
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
  const char *mvcols[] = {"t", "l1", "mass_pde", "r_pde"}, *snapcol[] = {"t"};
  PetscInt64  nsteps;
  PetscInt    output, snapshot, checkpoint;
  PetscReal   bandwidth = 0;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetStep(app->l, NULL, &nsteps));
  output   = PetscMax(1, (PetscInt)(nsteps / 50));
  snapshot = (PetscInt)nsteps;
  PetscOptionsBegin(comm, NULL, "mckean-mv options", NULL);
  PetscCall(MckOptionsInt("-mv_output_interval",
                          "Particle steps between rows of /timeseries/mv (PDE advanced to the same time)", output,
                          &output, NULL));
  PetscCall(
      MckOptionsInt("-mv_snapshot_interval",
                    "Particle steps between density snapshots in /fields/density and /particles/density (0: none)",
                    snapshot, &snapshot, NULL));
  PetscCall(MckOptionsReal(
      "-mv_bandwidth",
      "Width of the Gaussian kernel smoothing both densities before the L1 distance (0: cloud-in-cell only)", bandwidth,
      &bandwidth, NULL));
  PetscOptionsEnd();
  PetscCall(McKeanCheckNonNegative(comm, "-mv_bandwidth", bandwidth));
  PetscCall(MckDepositSetBandwidth(app->dep, bandwidth));
  PetscCall(MckRunAddOutputMonitor(run, "-mv_output_interval", output, Record, app));
  /* the PDE is advanced only at output times; a checkpoint elsewhere would change its steps */
  PetscCall(MckRunGetCheckpointInterval(run, &checkpoint));
  PetscCheck(checkpoint % output == 0, comm, PETSC_ERR_USER_INPUT,
             "-checkpoint_interval %" PetscInt_FMT ": must be a multiple of -mv_output_interval %" PetscInt_FMT,
             checkpoint, output);
  PetscCall(MckSeriesCreate(comm, "mv", 4, mvcols, &app->mv));
  PetscCall(MckLangevinCreateSeries(app->l, &app->langevin));
  PetscCall(MckSeriesCreate(comm, "snapshot_times", 1, snapcol, &app->snaptimes));
  PetscCall(MckRunAddSeries(run, app->mv));
  PetscCall(MckRunAddSeries(run, app->langevin));
  PetscCall(MckRunAddSeries(run, app->snaptimes));
  PetscCall(MckRunAddMonitor(run, "-mv_snapshot_interval", snapshot, Snapshot, app));
  PetscCall(MckRunConfigReal(run, "-mv_bandwidth", bandwidth));
  PetscCall(MckRunAddFinish(run, Finish, app));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunMV(void)
{
  MPI_Comm comm = PETSC_COMM_WORLD;
  MckRun   run;
  MckGrid  grid;
  MckRNG   rng;
  App      app;

  PetscFunctionBeginUser;
  PetscCall(MckRunCreateFromOptions(comm, "mv.h5", PETSC_FALSE, NULL, &run));
  PetscCall(MckRunGetRNG(run, &rng));
  PetscCall(MckLangevinCreateFromOptions(comm, rng, &app.p, &app.l));
  /* the PDE of the particles (-grid_n 128 unless set); both densities through one estimator */
  PetscCall(MckLangevinCreateFokkerPlanck(app.l, 128, NULL, &app.field));
  PetscCall(MckFieldGetGrid(app.field, &grid));
  PetscCall(MckDepositCreate(grid, &app.dep));
  PetscCall(AddOutput(comm, run, &app));
  PetscCall(MckRunAddObject(run, "particles", (PetscObject)app.p));
  PetscCall(MckRunAddObject(run, "langevin", (PetscObject)app.l));
  PetscCall(MckRunAddObject(run, "field", (PetscObject)app.field));
  PetscCall(MckRunSetSolver(run, (PetscObject)app.l));
  PetscCall(MckRunSolve(run));
  PetscCall(MckRunDestroy(&run));
  PetscCall(MckSeriesDestroy(&app.mv));
  PetscCall(MckSeriesDestroy(&app.langevin));
  PetscCall(MckSeriesDestroy(&app.snaptimes));
  PetscCall(MckDepositDestroy(&app.dep));
  PetscCall(MckFieldDestroy(&app.field));
  PetscCall(MckLangevinDestroy(&app.l));
  PetscCall(MckParticlesDestroy(&app.p));
  PetscFunctionReturn(0);
}

MCKEAN_APP(mv, help, RunMV)
