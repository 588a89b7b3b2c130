static const char help[] =
    "mckean-gen: generative models as McKean-Vlasov particle systems (stochastic interpolants,\n"
    "score-based diffusion, SMC with Feynman-Kac weights, ensemble Kalman guidance).\n"
    "Typical use: mpiexec -n 2 mckean-gen -options_file_yaml inputs/gen_interpolant.yaml -output run.h5\n";

#include <mckean/mckgensampler.h>
#include <mckean/mckrun.h>

typedef struct {
  MckRun        run;
  MckGenSampler s;
} App;

/* A row of /timeseries/gen; the ESS (smc) or the fit residual goes to the progress line. */
static PetscErrorCode Record(void *ctx, MckSeries series, const char **name, PetscReal *value)
{
  MckGenSampler     s = ((App *)ctx)->s;
  MckGenSamplerInfo info;
  MckResampler      r;

  PetscFunctionBeginUser;
  PetscCall(MckGenSamplerRecord(s, series));
  PetscCall(MckGenSamplerGetInfo(s, &info));
  PetscCall(MckGenSamplerGetResampler(s, &r));
  *name  = r ? "ess" : "fit_residual";
  *value = r ? info.ess : info.fit_residual;
  PetscFunctionReturn(0);
}

/* The samples as one snapshot of /gen_snapshots/x (its time in /timeseries/snapshot_times). */
static PetscErrorCode Snapshot(void *ctx, MckIO io)
{
  PetscInt64        N, gstart;
  PetscInt          dim, nlocal;
  PetscReal *const *x;

  PetscFunctionBeginUser;
  PetscCall(MckGenSamplerGetSamples(((App *)ctx)->s, &N, &dim, &nlocal, &gstart, &x));
  PetscCall(MckIOAppendRows(io, "/gen_snapshots/x", N, gstart, nlocal, dim, x));
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
  PetscInt64   nsteps;
  MckSeries    series;
  MckRunOutput out = {
      .title     = "mckean-gen output options",
      .rows      = {"-gen_output_interval", "Steps between rows of /timeseries/gen", 1},
      .snapshots = {"-gen_snapshot_interval", "Steps between sample snapshots in /gen_snapshots/x (0: none)", 0},
      .record    = Record,
      .snapshot  = Snapshot,
      .ctx       = app};

  PetscFunctionBeginUser;
  PetscCall(MckGenSamplerGetStep(app->s, NULL, &nsteps));
  out.rows.steps = PetscMax(1, (PetscInt)(nsteps / 50));
  PetscCall(MckGenSamplerCreateSeries(app->s, &series));
  PetscCall(MckRunAddOutput(run, &out, series, NULL));
  PetscCall(MckRunAddFinish(run, Metrics, app));
  PetscFunctionReturn(0);
}

/* The job; what it creates is left in app for DestroyGen, after an error too. */
static PetscErrorCode SolveGen(MPI_Comm comm, App *app)
{
  MckRNG rng;

  PetscFunctionBeginUser;
  PetscCall(MckRunCreateFromOptions(comm, "gen.h5", PETSC_FALSE, NULL, &app->run));
  PetscCall(MckRunGetRNG(app->run, &rng));
  PetscCall(MckGenSamplerCreate(comm, &app->s));
  PetscCall(MckGenSamplerSetFromOptions(app->s));
  PetscCall(MckGenSamplerSetRNG(app->s, rng));
  PetscCall(MckGenSamplerSetUp(app->s));
  PetscCall(AddOutput(app->run, app));
  PetscCall(MckRunSolveObject(app->run, "gen", (PetscObject)app->s));
  PetscFunctionReturn(0);
}

static PetscErrorCode DestroyGen(App *app)
{
  PetscFunctionBeginUser;
  PetscCall(MckRunDestroy(&app->run));
  PetscCall(MckGenSamplerDestroy(&app->s));
  PetscFunctionReturn(0);
}

MCKEAN_APP_JOB(gen, help, App, SolveGen, DestroyGen)
