static const char help[] =
    "mckean-gen: generative models as McKean-Vlasov particle systems (stochastic interpolants,\n"
    "score-based diffusion, SMC with Feynman-Kac weights, ensemble Kalman guidance).\n"
    "Typical use: mpiexec -n 2 mckean-gen -options_file_yaml inputs/gen_interpolant.yaml -output run.h5\n";

#include <mckean/mckgensampler.h>
#include <mckean/mckrun.h>

typedef struct {
  MckGenSampler s;
  MckSeries     series, snaptimes;
} App;

/* A row of /timeseries/gen; the ESS (smc) or the fit residual goes to the progress line. */
static PetscErrorCode Record(MckRun run, PetscInt64 step, PetscReal t, void *ctx)
{
  App              *app = (App *)ctx;
  MckGenSamplerInfo info;
  MckResampler      r;

  PetscFunctionBeginUser;
  (void)step;
  (void)t;
  PetscCall(MckGenSamplerRecord(app->s, app->series));
  PetscCall(MckGenSamplerGetInfo(app->s, &info));
  PetscCall(MckGenSamplerGetResampler(app->s, &r));
  PetscCall(MckRunSetHeadline(run, r ? "ess" : "fit_residual", r ? info.ess : info.fit_residual));
  PetscFunctionReturn(0);
}

/* The samples as one snapshot of /gen_snapshots/x, its time in /timeseries/snapshot_times. */
static PetscErrorCode Snapshot(MckRun run, PetscInt64 step, PetscReal t, void *ctx)
{
  App              *app = (App *)ctx;
  MckIO             io;
  PetscInt64        N, gstart;
  PetscInt          dim, nlocal;
  PetscReal *const *x;

  PetscFunctionBeginUser;
  (void)step;
  PetscCall(MckRunGetIO(run, &io));
  PetscCall(MckGenSamplerGetSamples(app->s, &N, &dim, &nlocal, &gstart, &x));
  PetscCall(MckIOAppendRows(io, "/gen_snapshots/x", N, gstart, nlocal, dim, x));
  PetscCall(MckSeriesAppend(app->snaptimes, &t));
  PetscFunctionReturn(0);
}

/* The final metrics (moments, two-sample statistics, log Z) under /metrics. */
static PetscErrorCode Metrics(MckRun run, void *ctx)
{
  App  *app = (App *)ctx;
  MckIO io;

  PetscFunctionBeginUser;
  PetscCall(MckRunGetIO(run, &io));
  PetscCall(MckGenSamplerWriteMetrics(app->s, io, "/metrics"));
  PetscFunctionReturn(0);
}

static PetscErrorCode AddOutput(MckRun run, App *app)
{
  const char *snapcol[] = {"t"};
  PetscInt64  nsteps;
  PetscInt    output_interval = 1, snapshot_interval = 0;

  PetscFunctionBeginUser;
  PetscCall(MckGenSamplerGetStep(app->s, NULL, &nsteps));
  output_interval = PetscMax(1, (PetscInt)(nsteps / 50));
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "mckean-gen output options", NULL);
  PetscCall(MckOptionsInt("-gen_output_interval", "Steps between rows of /timeseries/gen", output_interval,
                          &output_interval, NULL));
  PetscCall(MckOptionsInt("-gen_snapshot_interval", "Steps between sample snapshots in /gen_snapshots/x (0: none)",
                          snapshot_interval, &snapshot_interval, NULL));
  PetscOptionsEnd();
  PetscCall(MckRunAddOutputMonitor(run, "-gen_output_interval", output_interval, Record, app));
  PetscCall(MckGenSamplerCreateSeries(app->s, &app->series));
  PetscCall(MckSeriesCreate(PETSC_COMM_WORLD, "snapshot_times", 1, snapcol, &app->snaptimes));
  PetscCall(MckRunAddSeries(run, app->series));
  PetscCall(MckRunAddSeries(run, app->snaptimes));
  PetscCall(MckRunAddMonitor(run, "-gen_snapshot_interval", snapshot_interval, Snapshot, app));
  PetscCall(MckRunAddFinish(run, Metrics, app));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunGen(void)
{
  MPI_Comm comm = PETSC_COMM_WORLD;
  MckRun   run;
  MckRNG   rng;
  App      app;

  PetscFunctionBeginUser;
  PetscCall(MckRunCreate(comm, &run));
  PetscCall(MckRunSetDefaultOutput(run, "gen.h5"));
  PetscCall(MckRunSetFromOptions(run));
  PetscCall(MckRunGetRNG(run, &rng));
  PetscCall(MckGenSamplerCreate(comm, &app.s));
  PetscCall(MckGenSamplerSetFromOptions(app.s));
  PetscCall(MckGenSamplerSetRNG(app.s, rng));
  PetscCall(MckGenSamplerSetUp(app.s));
  PetscCall(AddOutput(run, &app));
  PetscCall(MckRunAddObject(run, "gen", (PetscObject)app.s));
  PetscCall(MckRunSetSolver(run, (PetscObject)app.s));
  PetscCall(MckRunSolve(run));
  PetscCall(MckRunDestroy(&run));
  PetscCall(MckSeriesDestroy(&app.series));
  PetscCall(MckSeriesDestroy(&app.snaptimes));
  PetscCall(MckGenSamplerDestroy(&app.s));
  PetscFunctionReturn(0);
}

MCKEAN_APP(gen, help, RunGen)
