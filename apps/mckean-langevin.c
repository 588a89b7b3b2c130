static const char help[] =
    "mckean-langevin: interacting Langevin particles that couple only through summary statistics.\n"
    "Typical use: mpiexec -n 2 mckean-langevin -options_file_yaml inputs/langevin.yaml -output run.h5\n";

#include "app.h"

typedef struct {
  MckParticles p;
  MckLangevin  l;
  AppOutput    out;
} App;

/* A row of /timeseries/langevin; its headline number goes to the progress line. */
static PetscErrorCode Record(void *ctx, MckSeries series, const char **name, PetscReal *value)
{
  PetscFunctionBeginUser;
  PetscCall(MckLangevinRecord(((App *)ctx)->l, series, name, value));
  PetscFunctionReturn(0);
}

/* The positions as one snapshot of /particles/snapshots (its time in /timeseries/snapshot_times). */
static PetscErrorCode Snapshot(void *ctx, MckIO io)
{
  PetscFunctionBeginUser;
  PetscCall(MckParticlesAppendSnapshot(((App *)ctx)->p, io, "/particles/snapshots"));
  PetscFunctionReturn(0);
}

static PetscErrorCode AddOutput(MckRun run, App *app)
{
  PetscInt64 nsteps;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetStep(app->l, NULL, &nsteps));
  app->out = (AppOutput){
      .rows      = {"-lgv_output_interval", "Steps between rows of /timeseries/langevin",
                    PetscMax(1, (PetscInt)(nsteps / 100))},
      .snapshots = {"-lgv_snapshot_interval", "Steps between particle snapshots in /particles/snapshots (0: none)", 0}};
  PetscCall(MckLangevinCreateSeries(app->l, &app->out.series));
  PetscCall(AppOutputAdd(run, "mckean-langevin output options", Record, Snapshot, app, &app->out));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunLangevin(void)
{
  MckRun run;
  App    app;

  PetscFunctionBeginUser;
  PetscCall(AppRunCreate("langevin.h5", PETSC_FALSE, NULL, &run));
  PetscCall(AppCreateLangevin(run, &app.p, &app.l));
  PetscCall(AddOutput(run, &app));
  PetscCall(MckRunAddObject(run, "particles", (PetscObject)app.p));
  PetscCall(AppRunSolve(&run, "langevin", (PetscObject)app.l));
  PetscCall(AppOutputDestroy(&app.out));
  PetscCall(MckLangevinDestroy(&app.l));
  PetscCall(MckParticlesDestroy(&app.p));
  PetscFunctionReturn(0);
}

MCKEAN_APP(langevin, help, RunLangevin)
