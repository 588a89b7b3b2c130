static const char help[] =
    "mckean-field: PDE fields on a slab-aligned FFTW-MPI grid through PETSc TS\n"
    "(nonlocal Fokker-Planck, Allen-Cahn, Cahn-Hilliard).\n"
    "Typical use: mpiexec -n 2 mckean-field -options_file_yaml inputs/field.yaml -output field.h5\n";

#include <mckean/mckfield.h>
#include <mckean/mckrun.h>

typedef struct {
  MckField  f;
  MckSeries series, snaptimes;
  char      dset[64];                           /* /fields/<quantity> */
  PetscInt  output_interval, snapshot_interval; /* snapshot_interval 0: the first and last only */
} App;

/* A row of /timeseries/field (t, mass, free energy, the type's diagnostic), shown on the progress line. */
static PetscErrorCode Record(MckRun run, PetscInt64 step, PetscReal t, void *ctx)
{
  App        *app = (App *)ctx;
  const char *name;
  PetscReal   value;

  PetscFunctionBeginUser;
  (void)step;
  (void)t;
  PetscCall(MckFieldRecord(app->f, app->series, &name, &value));
  PetscCall(MckRunSetHeadline(run, name, value));
  PetscFunctionReturn(0);
}

/* The field as one snapshot of /fields/<quantity>, its time in /timeseries/snapshot_times. */
static PetscErrorCode Snapshot(MckRun run, PetscInt64 step, PetscReal t, void *ctx)
{
  App  *app = (App *)ctx;
  MckIO io;

  PetscFunctionBeginUser;
  (void)step;
  PetscCall(MckRunGetIO(run, &io));
  PetscCall(MckFieldAppendSolution(app->f, io, app->dset));
  PetscCall(MckSeriesAppend(app->snaptimes, &t));
  PetscFunctionReturn(0);
}

/* The final state always has a row and a snapshot; then the snapshots' layout and XDMF sidecar. */
static PetscErrorCode Finish(MckRun run, void *ctx)
{
  App      *app = (App *)ctx;
  MckIO     io;
  PetscInt  step;
  PetscReal t;

  PetscFunctionBeginUser;
  PetscCall(MckFieldGetStepNumber(app->f, &step));
  PetscCall(MckFieldGetTime(app->f, &t));
  if (step % app->output_interval) PetscCall(Record(run, step, t, app));
  if (app->snapshot_interval ? step % app->snapshot_interval : step > 0) PetscCall(Snapshot(run, step, t, app));
  PetscCall(MckRunGetIO(run, &io));
  PetscCall(MckFieldWriteLayout(app->f, io, "/fields"));
  PetscCall(MckFieldWriteXDMF(app->f, io, app->dset, app->snaptimes));
  PetscFunctionReturn(0);
}

static PetscErrorCode AddOutput(MckRun run, App *app)
{
  MPI_Comm    comm      = PETSC_COMM_WORLD;
  const char *snapcol[] = {"t"}, *quantity;

  PetscFunctionBeginUser;
  app->output_interval   = 1;
  app->snapshot_interval = 0;
  PetscOptionsBegin(comm, NULL, "mckean-field output options", NULL);
  PetscCall(MckOptionsInt("-field_output_interval",
                          "Steps between rows of /timeseries/field (time, mass, free energy, diagnostic)",
                          app->output_interval, &app->output_interval, NULL));
  PetscCall(MckOptionsInt("-field_snapshot_interval",
                          "Steps between snapshots of the field in /fields (0: the initial and final fields only)",
                          app->snapshot_interval, &app->snapshot_interval, NULL));
  PetscOptionsEnd();
  PetscCall(MckRunAddOutputMonitor(run, "-field_output_interval", app->output_interval, Record, app));
  PetscCheck(app->snapshot_interval >= 0, comm, PETSC_ERR_USER_INPUT,
             "-field_snapshot_interval %" PetscInt_FMT
             ": must be 0 (first and last only) or a positive number of steps",
             app->snapshot_interval);
  PetscCall(MckFieldGetQuantity(app->f, &quantity));
  PetscCall(PetscSNPrintf(app->dset, sizeof(app->dset), "/fields/%s", quantity));
  PetscCall(MckFieldCreateSeries(app->f, &app->series));
  PetscCall(MckSeriesCreate(comm, "snapshot_times", 1, snapcol, &app->snaptimes));
  PetscCall(MckRunAddSeries(run, app->series));
  PetscCall(MckRunAddSeries(run, app->snaptimes));
  /* interval 0: a snapshot of the initial state only (never again after a step) */
  PetscCall(
      MckRunAddMonitor(run, NULL, app->snapshot_interval ? app->snapshot_interval : PETSC_MAX_INT, Snapshot, app));
  PetscCall(MckRunConfigInt(run, "-field_snapshot_interval", app->snapshot_interval));
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
  PetscCall(MckRunCreate(comm, &run));
  PetscCall(MckRunSetDefaultOutput(run, "field.h5"));
  PetscCall(MckRunSetSidecar(run, PETSC_TRUE));
  PetscCall(MckRunSetFromOptions(run));
  PetscCall(MckRunGetSeed(run, &seed));
  PetscCall(MckFieldCreate(comm, &app.f));
  PetscCall(MckFieldSetSeed(app.f, (PetscInt)seed));
  PetscCall(MckFieldSetFromOptions(app.f));
  PetscCall(MckFieldSetUp(app.f));
  PetscCall(AddOutput(run, &app));
  PetscCall(MckRunAddObject(run, "field", (PetscObject)app.f));
  PetscCall(MckRunSetSolver(run, (PetscObject)app.f));
  PetscCall(MckRunSolve(run));
  PetscCall(MckRunDestroy(&run));
  PetscCall(MckSeriesDestroy(&app.series));
  PetscCall(MckSeriesDestroy(&app.snaptimes));
  PetscCall(MckFieldDestroy(&app.f));
  PetscFunctionReturn(0);
}

MCKEAN_APP(field, help, RunField)
