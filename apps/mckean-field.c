static const char help[] =
    "mckean-field: PDE fields on a slab-aligned FFTW-MPI grid through PETSc TS\n"
    "(nonlocal Fokker-Planck, Allen-Cahn, Cahn-Hilliard).\n"
    "Typical use: mpiexec -n 2 mckean-field -options_file_yaml inputs/field.yaml -output field.h5\n";

#include <mckean/mckfield.h>
#include "app.h"

typedef struct {
  MckField  f;
  AppOutput out;
  char      dset[64]; /* /fields/<quantity> */
} App;

/* A row of /timeseries/field (t, mass, free energy, the type's diagnostic), shown on the progress line. */
static PetscErrorCode Record(void *ctx, MckSeries series, const char **name, PetscReal *value)
{
  PetscFunctionBeginUser;
  PetscCall(MckFieldRecord(((App *)ctx)->f, series, name, value));
  PetscFunctionReturn(0);
}

/* The field as one snapshot of /fields/<quantity> (its time in /timeseries/snapshot_times). */
static PetscErrorCode Snapshot(void *ctx, MckIO io)
{
  App *app = (App *)ctx;

  PetscFunctionBeginUser;
  PetscCall(MckFieldAppendSolution(app->f, io, app->dset));
  PetscFunctionReturn(0);
}

/* The final state always has a row and a snapshot; then the snapshots' layout and XDMF sidecar. */
static PetscErrorCode Finish(MckRun run, void *ctx)
{
  App      *app = (App *)ctx;
  PetscInt  step, rows = app->out.rows.steps, snapshots = app->out.snapshots.steps;
  PetscReal t;
  MckIO     io;

  PetscFunctionBeginUser;
  PetscCall(MckFieldGetStepNumber(app->f, &step));
  PetscCall(MckFieldGetTime(app->f, &t));
  if (step % rows) PetscCall(AppOutputRecord(run, step, t, &app->out));
  if (snapshots ? step % snapshots : step > 0) PetscCall(AppOutputSnapshot(run, step, t, &app->out));
  PetscCall(MckRunGetIO(run, &io));
  PetscCall(MckFieldWriteLayout(app->f, io, "/fields"));
  PetscCall(MckFieldWriteXDMF(app->f, io, app->dset, app->out.times));
  PetscFunctionReturn(0);
}

/* Snapshot interval 0: the initial and final fields only. */
static PetscErrorCode AddOutput(MckRun run, App *app)
{
  const char *quantity;

  PetscFunctionBeginUser;
  app->out = (AppOutput){
      .rows            = {"-field_output_interval",
                          "Steps between rows of /timeseries/field (time, mass, free energy, diagnostic)", 1},
      .snapshots       = {"-field_snapshot_interval",
                          "Steps between snapshots of the field in /fields (0: the initial and final fields only)", 0},
      .initial_and_end = PETSC_TRUE};
  PetscCall(MckFieldGetQuantity(app->f, &quantity));
  PetscCall(PetscSNPrintf(app->dset, sizeof(app->dset), "/fields/%s", quantity));
  PetscCall(MckFieldCreateSeries(app->f, &app->out.series));
  PetscCall(AppOutputAdd(run, "mckean-field output options", Record, Snapshot, app, &app->out));
  PetscCall(MckRunAddFinish(run, Finish, app));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunField(void)
{
  MPI_Comm   comm = PETSC_COMM_WORLD;
  MckRun     run;
  PetscInt64 seed;
  App        app;

  PetscFunctionBeginUser;
  PetscCall(AppRunCreate("field.h5", PETSC_TRUE, NULL, &run));
  PetscCall(MckRunGetSeed(run, &seed));
  PetscCall(MckFieldCreate(comm, &app.f));
  PetscCall(MckFieldSetSeed(app.f, (PetscInt)seed));
  PetscCall(MckFieldSetFromOptions(app.f));
  PetscCall(MckFieldSetUp(app.f));
  PetscCall(AddOutput(run, &app));
  PetscCall(AppRunSolve(&run, "field", (PetscObject)app.f));
  PetscCall(AppOutputDestroy(&app.out));
  PetscCall(MckFieldDestroy(&app.f));
  PetscFunctionReturn(0);
}

MCKEAN_APP(field, help, RunField)
