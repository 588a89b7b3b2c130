static const char help[] = "mckean-field: PDE fields on a slab-aligned FFTW-MPI grid through PETSc TS\n"
                           "(nonlocal Fokker-Planck, Allen-Cahn, Cahn-Hilliard).\n"
                           "Typical use: mpiexec -n 2 mckean-field -options_file_yaml inputs/field.yaml -output field.h5\n";

#include <mckean/mckfield.h>

typedef struct {
  MckCommonOptions common;
  PetscInt         output_interval;   /* steps between time-series rows */
  PetscInt         snapshot_interval; /* steps between field snapshots (0: first and last only) */
  PetscBool        view;
} AppOptions;

static PetscErrorCode GetAppOptions(MPI_Comm comm, AppOptions *o)
{
  PetscFunctionBeginUser;
  o->output_interval   = 1;
  o->snapshot_interval = 0;
  o->view              = PETSC_FALSE;
  PetscOptionsBegin(comm, NULL, "mckean-field output options", NULL);
  PetscCall(MckOptionsInt("-field_output_interval", "Steps between rows of /timeseries/field (time, mass, free energy, diagnostic)", o->output_interval, &o->output_interval, NULL));
  PetscCall(MckOptionsInt("-field_snapshot_interval", "Steps between snapshots of the field in /fields (0: the initial and final fields only)", o->snapshot_interval, &o->snapshot_interval, NULL));
  PetscCall(MckOptionsBool("-field_view", "Print the configuration before running", o->view, &o->view, NULL));
  PetscOptionsEnd();
  PetscCheck(o->output_interval > 0, comm, PETSC_ERR_USER_INPUT, "-field_output_interval %" PetscInt_FMT ": must be a positive number of steps", o->output_interval);
  PetscCheck(o->snapshot_interval >= 0, comm, PETSC_ERR_USER_INPUT, "-field_snapshot_interval %" PetscInt_FMT ": must be 0 (first and last only) or a positive number of steps", o->snapshot_interval);
  PetscFunctionReturn(0);
}

/* Name of the field's quantity and its diagnostic column. */
typedef struct {
  MckField    f;
  AppOptions *o;
  MckIO       io;
  MckSeries   series, snaptimes;
  MckProgress progress;
  PetscBool   fokker_planck, skip_first;
  const char *quantity, *diag;
  char        dset[64];
  PetscInt    last_snapshot;
  PetscReal   diag_value;
} App;

static PetscErrorCode AppConfig(App *app, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckFieldConfig(app->f, io, check));
  PetscCall(MckIOConfigInt(io, check, "-seed", app->o->common.seed));
  PetscCall(MckIOConfigInt(io, check, "-field_output_interval", app->o->output_interval));
  PetscCall(MckIOConfigInt(io, check, "-field_snapshot_interval", app->o->snapshot_interval));
  PetscFunctionReturn(0);
}

static PetscErrorCode Record(App *app)
{
  PetscReal row[4];

  PetscFunctionBeginUser;
  PetscCall(MckFieldGetTime(app->f, &row[0]));
  PetscCall(MckFieldGetMass(app->f, &row[1]));
  PetscCall(MckFieldGetEnergy(app->f, &row[2]));
  if (app->fokker_planck) PetscCall(MckFieldFPGetOrderParameter(app->f, &row[3]));
  else PetscCall(MckFieldPhaseGetLength(app->f, &row[3]));
  app->diag_value = row[3];
  PetscCall(MckSeriesAppend(app->series, row));
  PetscFunctionReturn(0);
}

static PetscErrorCode Snapshot(App *app, PetscInt step)
{
  PetscReal t;

  PetscFunctionBeginUser;
  if (step == app->last_snapshot) PetscFunctionReturn(0);
  PetscCall(MckFieldAppendSolution(app->f, app->io, app->dset));
  PetscCall(MckFieldGetTime(app->f, &t));
  PetscCall(MckSeriesAppend(app->snaptimes, &t));
  app->last_snapshot = step;
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteCheckpoint(App *app)
{
  MckIO    chk;
  PetscInt step;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_Checkpoint, 0, 0, 0, 0));
  PetscCall(MckFieldGetStepNumber(app->f, &step));
  PetscCall(MckSeriesFlush(app->series, app->io));
  PetscCall(MckSeriesFlush(app->snaptimes, app->io));
  PetscCall(MckIOCheckpointBegin(app->io, app->o->common.checkpoint, &chk));
  PetscCall(AppConfig(app, chk, PETSC_FALSE));
  PetscCall(MckIOWriteAttributeInt(chk, "/checkpoint", "step", step));
  PetscCall(MckIOWriteAttributeInt(chk, "/checkpoint", "last_snapshot", app->last_snapshot));
  PetscCall(MckFieldSave(app->f, chk, "/checkpoint/field"));
  PetscCall(MckIOCheckpointEnd(app->io, &chk));
  PetscCall(PetscLogEventEnd(MCK_EVENT_Checkpoint, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Called by TSSolve after every step (and once before the first): rows, snapshots, checkpoints,
 * progress, at multiples of their intervals. */
static PetscErrorCode Monitor(TS ts, PetscInt step, PetscReal t, Vec u, void *ctx)
{
  App *app = (App *)ctx;

  PetscFunctionBeginUser;
  (void)ts;
  (void)u;
  if (app->skip_first) { /* a restart: the checkpoint's step was observed before it was written */
    app->skip_first = PETSC_FALSE;
    PetscFunctionReturn(0);
  }
  if (step % app->o->output_interval == 0) PetscCall(Record(app));
  if (app->o->snapshot_interval && step % app->o->snapshot_interval == 0) PetscCall(Snapshot(app, step));
  if (step == 0 && !app->o->snapshot_interval) PetscCall(Snapshot(app, step));
  if (app->o->common.checkpoint_interval && step > 0 && step % app->o->common.checkpoint_interval == 0) PetscCall(WriteCheckpoint(app));
  PetscCall(MckProgressUpdate(app->progress, step, t, app->diag, app->diag_value));
  PetscFunctionReturn(0);
}

/* Refuse a checkpoint of another configuration before anything is written, then continue its
 * run file where it stood. */
static PetscErrorCode Restart(MPI_Comm comm, App *app)
{
  MckIO      chk;
  PetscInt64 step, last;
  PetscBool  found, found_last;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_Restart, 0, 0, 0, 0));
  PetscCall(MckIOCreate(comm, &chk));
  PetscCall(MckIOOpenRead(chk, app->o->common.restart, "-restart"));
  PetscCall(MckIOReadAttributeInt(chk, "/checkpoint", "step", &step, &found));
  PetscCall(MckIOReadAttributeInt(chk, "/checkpoint", "last_snapshot", &last, &found_last));
  PetscCheck(found && found_last, comm, PETSC_ERR_USER_INPUT, "-restart %s: not a mckean-field checkpoint (no /checkpoint step)", app->o->common.restart);
  PetscCall(AppConfig(app, chk, PETSC_TRUE));
  PetscCall(MckFieldLoad(app->f, chk, "/checkpoint/field"));
  PetscCall(MckIODestroy(&chk));
  app->last_snapshot = (PetscInt)last;
  app->skip_first    = PETSC_TRUE;
  PetscCall(MckIORestartRunFile(app->io, app->o->common.output, "-output", app->o->common.restart));
  PetscCall(MckSeriesLoad(app->series, app->io));
  PetscCall(MckSeriesLoad(app->snaptimes, app->io));
  PetscCall(PetscLogEventEnd(MCK_EVENT_Restart, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* "run.h5" -> "run.xmf" next to it (MckIOSidecarPath). */
static PetscErrorCode WriteSidecar(App *app)
{
  MckGrid          g;
  PetscInt         dim, n[3], nsnap, ncols;
  PetscReal        L[3];
  const PetscReal *times;
  char             xmf[PETSC_MAX_PATH_LEN];
  const char      *base;
  const char      *dsets[1] = {app->dset}, *names[1] = {app->quantity};

  PetscFunctionBeginUser;
  PetscCall(MckFieldGetGrid(app->f, &g));
  PetscCall(MckGridGetSizes(g, &dim, n, L));
  PetscCall(MckSeriesGetRows(app->snaptimes, &nsnap, &ncols, &times));
  PetscCall(MckIOSidecarPath(app->o->common.output, xmf, sizeof(xmf), &base));
  PetscCall(MckIOWriteXDMF(PETSC_COMM_WORLD, xmf, base, dim, n, L, nsnap, times, 1, dsets, names));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteFieldAttributes(App *app)
{
  MckGrid     g;
  PetscInt    dim, n[3];
  PetscReal   L[3];
  MckFieldType type;
  PetscInt64  nn[3];

  PetscFunctionBeginUser;
  PetscCall(MckFieldGetGrid(app->f, &g));
  PetscCall(MckGridGetSizes(g, &dim, n, L));
  PetscCall(MckFieldGetType(app->f, &type));
  for (PetscInt a = 0; a < dim; a++) nn[a] = n[a];
  PetscCall(MckIOWriteAttributeString(app->io, "/fields", "type", type));
  PetscCall(MckIOWriteAttributeString(app->io, "/fields", "quantity", app->quantity));
  PetscCall(MckIOWriteAttributeInt(app->io, "/fields", "dim", dim));
  {
    PetscInt64 dims[1] = {dim};
    PetscReal  Lr[3];
    for (PetscInt a = 0; a < dim; a++) {
      Lr[a] = L[a];

    }
    PetscCall(MckIOWriteArray(app->io, "/fields/box", 1, dims, Lr));
    PetscCall(MckIOWriteArrayInt(app->io, "/fields/shape", 1, dims, nn));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Execute(App *app, PetscLogDouble t0)
{
  MPI_Comm       comm = PETSC_COMM_WORLD;
  const char    *cols[] = {"t", "mass", "free_energy", app->diag}, *snapcol[] = {"t"};
  TS             ts;
  PetscReal      tmax, t, dt;
  PetscInt       step;
  PetscLogDouble t1;
  const char    *path;

  PetscFunctionBeginUser;
  PetscCall(PetscLogStagePush(MCK_STAGE_Setup));
  PetscCall(MckSeriesCreate(comm, "field", 4, cols, &app->series));
  PetscCall(MckSeriesCreate(comm, "snapshot_times", 1, snapcol, &app->snaptimes));
  PetscCall(MckIOCreate(comm, &app->io));
  app->last_snapshot = -1;
  if (app->o->common.restart[0]) PetscCall(Restart(comm, app));
  else PetscCall(MckIOOpenWrite(app->io, app->o->common.output, "-output"));
  PetscCall(MckIOWriteRunAttributes(app->io, app->o->common.seed));
  PetscCall(WriteFieldAttributes(app));
  PetscCall(MckFieldGetTS(app->f, &ts));
  PetscCall(TSGetMaxTime(ts, &tmax));
  PetscCall(MckFieldGetTime(app->f, &t));
  PetscCall(MckFieldGetStepNumber(app->f, &step));
  PetscCall(TSGetTimeStep(ts, &dt));
  PetscCall(MckProgressCreate(comm, app->o->common.progress_interval, step, step + (PetscInt64)PetscCeilReal((tmax - t) / dt - 1e-9), &app->progress));
  PetscCall(TSMonitorSet(ts, Monitor, app, NULL));
  PetscCall(PetscLogStagePop());

  PetscCall(PetscLogStagePush(MCK_STAGE_Run));
  PetscCall(MckFieldSolve(app->f, tmax));
  PetscCall(PetscLogStagePop());

  PetscCall(PetscLogStagePush(MCK_STAGE_Output));
  PetscCall(MckFieldGetStepNumber(app->f, &step));
  if (step % app->o->output_interval) PetscCall(Record(app)); /* the final state always has a row */
  PetscCall(Snapshot(app, step));
  PetscCall(MckSeriesFlush(app->series, app->io));
  PetscCall(MckSeriesFlush(app->snaptimes, app->io));
  PetscCall(PetscTime(&t1));
  PetscCall(MckIOWriteAttributeReal(app->io, "/", "wall_time_seconds", t1 - t0));
  PetscCall(MckIOGetPath(app->io, &path));
  PetscCall(MckIOClose(app->io));
  PetscCall(WriteSidecar(app));
  PetscCall(PetscPrintf(comm, "mckean-field: wrote %s and its XDMF sidecar (%.3g s)\n", path, t1 - t0));
  PetscCall(PetscLogStagePop());
  PetscCall(MckProgressDestroy(&app->progress));
  PetscCall(MckIODestroy(&app->io));
  PetscCall(MckSeriesDestroy(&app->series));
  PetscCall(MckSeriesDestroy(&app->snaptimes));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunField(void)
{
  MPI_Comm       comm = PETSC_COMM_WORLD;
  AppOptions     o;
  App            app;
  MckFieldType   type;
  PetscLogDouble t0;

  PetscFunctionBeginUser;
  PetscCall(PetscTime(&t0));
  PetscCall(PetscMemzero(&app, sizeof(app)));
  app.o = &o;
  PetscCall(McKeanCommonOptionsGet(comm, "field.h5", &o.common));
  PetscCall(GetAppOptions(comm, &o));
  PetscCall(MckFieldCreate(comm, &app.f));
  PetscCall(MckFieldSetSeed(app.f, o.common.seed));
  PetscCall(MckFieldSetFromOptions(app.f));
  PetscCall(MckFieldGetType(app.f, &type));
  PetscCall(PetscStrcmp(type, MCKFIELD_FOKKER_PLANCK, &app.fokker_planck));
  app.quantity = app.fokker_planck ? "rho" : "u";
  app.diag     = app.fokker_planck ? "order_parameter" : "length";
  PetscCall(PetscSNPrintf(app.dset, sizeof(app.dset), "/fields/%s", app.quantity));
  PetscCall(MckFieldSetUp(app.f)); /* reads the TS's options: -help lists them too */
  if (!o.common.help) { /* with -help the options and their defaults have been printed: done */
    PetscCall(McKeanOptionsCheckUnused(comm));
    if (o.view) PetscCall(MckFieldView(app.f, PETSC_VIEWER_STDOUT_WORLD));
    PetscCall(Execute(&app, t0));
  }
  PetscCall(MckFieldDestroy(&app.f));
  PetscFunctionReturn(0);
}

MCKEAN_APP(field, help, RunField)
