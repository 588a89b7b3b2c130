static const char help[] =
    "mckean-field: PDE fields on a slab-aligned FFTW-MPI grid through PETSc TS\n"
    "(nonlocal Fokker-Planck, Allen-Cahn, Cahn-Hilliard).\n"
    "Typical use: mpiexec -n 2 mckean-field -options_file_yaml inputs/field.yaml -output field.h5\n";

#include <mckean/mckfield.h>
#include <mckean/mckrun.h>

typedef struct {
  MckRun    run;
  MckField  f;
  MckSeries times;    /* of the snapshots (the run's) */
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

/* After the final row and snapshot: the snapshots' layout and XDMF sidecar. */
static PetscErrorCode Finish(MckRun run, void *ctx)
{
  App  *app = (App *)ctx;
  MckIO io;

  PetscFunctionBeginUser;
  PetscCall(MckRunGetIO(run, &io));
  PetscCall(MckFieldWriteLayout(app->f, io, "/fields"));
  PetscCall(MckFieldWriteXDMF(app->f, io, app->dset, app->times));
  PetscFunctionReturn(0);
}

/* The final state always has a row and a snapshot; snapshot interval 0: the initial and final fields only. */
static PetscErrorCode AddOutput(MckRun run, App *app)
{
  const char  *quantity;
  MckSeries    series;
  MckRunOutput out = {
      .title     = "mckean-field output options",
      .rows      = {"-field_output_interval",
                    "Steps between rows of /timeseries/field (time, mass, free energy, diagnostic)", 1},
      .snapshots = {"-field_snapshot_interval",
                    "Steps between snapshots of the field in /fields (0: the initial and final fields only)", 0},
      .final     = PETSC_TRUE,
      .record    = Record,
      .snapshot  = Snapshot,
      .ctx       = app};

  PetscFunctionBeginUser;
  PetscCall(MckFieldGetQuantity(app->f, &quantity));
  PetscCall(PetscSNPrintf(app->dset, sizeof(app->dset), "/fields/%s", quantity));
  PetscCall(MckFieldCreateSeries(app->f, &series));
  PetscCall(MckRunAddOutput(run, &out, series, &app->times));
  PetscCall(MckRunAddFinish(run, Finish, app));
  PetscFunctionReturn(0);
}

/* The job; what it creates is left in app for DestroyField, after an error too. */
static PetscErrorCode SolveField(MPI_Comm comm, App *app)
{
  PetscInt64 seed;

  PetscFunctionBeginUser;
  PetscCall(MckRunCreateFromOptions(comm, "field.h5", PETSC_TRUE, NULL, &app->run));
  PetscCall(MckRunGetSeed(app->run, &seed));
  PetscCall(MckFieldCreate(comm, &app->f));
  PetscCall(MckFieldSetSeed(app->f, (PetscInt)seed));
  PetscCall(MckFieldSetFromOptions(app->f));
  PetscCall(MckFieldSetUp(app->f));
  PetscCall(AddOutput(app->run, app));
  PetscCall(MckRunSolveObject(app->run, "field", (PetscObject)app->f));
  PetscFunctionReturn(0);
}

static PetscErrorCode DestroyField(App *app)
{
  PetscFunctionBeginUser;
  PetscCall(MckRunDestroy(&app->run));
  PetscCall(MckFieldDestroy(&app->f));
  PetscFunctionReturn(0);
}

MCKEAN_APP_JOB(field, help, App, SolveField, DestroyField)
