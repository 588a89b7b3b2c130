static const char help[] = "mckean-mv: one McKean-Vlasov problem solved by the Fokker-Planck PDE and by N Langevin particles in one run.\n"
                           "Typical use: mpiexec -n 2 mckean-mv -options_file_yaml inputs/mv.yaml -output mv.h5\n";

/* The McKean-Vlasov problem  d rho/dt = div(rho grad(V + W * rho)) + T Lap rho  on a periodic
 * box, twice: the PDE (MckField fokker_planck on an MckGrid) and N overdamped Langevin particles
 * (MckLangevin, euler_maruyama, gamma = 1, drifts from the same -mf_* / potential options). At
 * each output time the particles are deposited on the PDE's grid (cloud-in-cell, MckDeposit),
 * optionally smoothed by a Gaussian kernel of width -mv_bandwidth, and compared in L1 with the
 * PDE density seen through the same estimator (its expectation: the PDE density convolved
 * with the CIC tent and the kernel), so that the distance measures the particles' sampling and
 * propagation-of-chaos error, not the estimator's smoothing bias (docs/coupling.md).
 * Output: /timeseries/mv (t, l1, mass_pde, r_pde: the PDE order parameter), /timeseries/langevin (the
 * particles' diagnostics), snapshots /fields/density (PDE) and /particles/density (estimate),
 * shape (nsnap, G, 1) in natural grid order, times in /timeseries/snapshot_times. */
#include <mckean/mckdeposit.h>
#include <mckean/mckfield.h>
#include <mckean/mcklangevin.h>

typedef struct {
  MckCommonOptions common;
  PetscInt         output_interval;   /* particle steps between rows of /timeseries/mv */
  PetscInt         snapshot_interval; /* particle steps between density snapshots (0: none) */
  PetscReal        bandwidth;         /* Gaussian kernel estimate width (0: the bare CIC density) */
} AppOptions;

typedef struct {
  MckParticles p;
  MckLangevin  l;
  MckRNG       rng;
  MckGrid      grid;
  MckField     field;
  MckDeposit   dep;
  Vec          rho_particles, rho_pde; /* the estimate, and the PDE density through the estimator */
  MckSeries    mv, langevin, snaptimes;
  MckIO        io;
} Run;

static PetscErrorCode GetAppOptions(MPI_Comm comm, PetscInt64 nsteps, AppOptions *o)
{
  PetscFunctionBeginUser;
  o->output_interval   = PetscMax(1, (PetscInt)(nsteps / 50));
  o->snapshot_interval = (PetscInt)nsteps;
  o->bandwidth         = 0;
  PetscOptionsBegin(comm, NULL, "mckean-mv options", NULL);
  PetscCall(MckOptionsInt("-mv_output_interval", "Particle steps between rows of /timeseries/mv (PDE advanced to the same time)", o->output_interval, &o->output_interval, NULL));
  PetscCall(MckOptionsInt("-mv_snapshot_interval", "Particle steps between density snapshots in /fields/density and /particles/density (0: none)", o->snapshot_interval, &o->snapshot_interval, NULL));
  PetscCall(MckOptionsReal("-mv_bandwidth", "Width of the Gaussian kernel smoothing both densities before the L1 distance (0: cloud-in-cell only)", o->bandwidth, &o->bandwidth, NULL));
  PetscOptionsEnd();
  PetscCheck(o->output_interval > 0, comm, PETSC_ERR_USER_INPUT, "-mv_output_interval %" PetscInt_FMT ": must be a positive number of steps", o->output_interval);
  PetscCheck(o->snapshot_interval >= 0, comm, PETSC_ERR_USER_INPUT, "-mv_snapshot_interval %" PetscInt_FMT ": must be 0 (none) or a positive number of steps", o->snapshot_interval);
  PetscCall(McKeanCheckNonNegative(comm, "-mv_bandwidth", o->bandwidth));
  /* the PDE is advanced only at output times; a checkpoint elsewhere would change its steps */
  PetscCheck(o->common.checkpoint_interval % o->output_interval == 0, comm, PETSC_ERR_USER_INPUT, "-checkpoint_interval %" PetscInt_FMT ": must be a multiple of -mv_output_interval %" PetscInt_FMT, o->common.checkpoint_interval, o->output_interval);
  PetscFunctionReturn(0);
}

/* The PDE and the particles must describe the same dynamics: overdamped with unit friction (the
 * PDE has no mobility), one constant temperature, the same periodic box. */
static PetscErrorCode CheckSameProblem(MPI_Comm comm, Run *r)
{
  PetscBool        periodic;
  const PetscReal *Lp;
  PetscReal        dt, gamma, T0, T1, Tf, L[MCK_GRID_MAX_DIM], tend;
  PetscInt64       nsteps;
  PetscInt         pdim, gdim;

  PetscFunctionBeginUser;
  PetscCall(MckParticlesGetBox(r->p, &periodic, &Lp));
  PetscCall(MckParticlesGetSizes(r->p, NULL, &pdim, NULL, NULL));
  PetscCall(MckGridGetSizes(r->grid, &gdim, NULL, L));
  PetscCheck(periodic, comm, PETSC_ERR_USER_INPUT, "mckean-mv needs a periodic box: set -particles_box (the PDE's box is the same)");
  PetscCheck(pdim == gdim, comm, PETSC_ERR_USER_INPUT, "-grid_dim %" PetscInt_FMT " differs from -particles_dim %" PetscInt_FMT, gdim, pdim);
  for (PetscInt a = 0; a < pdim; a++) PetscCheck(L[a] == Lp[a], comm, PETSC_ERR_USER_INPUT, "-grid_L %g differs from -particles_box %g: the PDE and the particles need the same box", (double)L[a], (double)Lp[a]);
  PetscCall(MckLangevinGetParameters(r->l, &dt, &gamma, NULL));
  PetscCheck(gamma == 1, comm, PETSC_ERR_USER_INPUT, "-lgv_gamma %g: the Fokker-Planck equation is the overdamped limit with unit friction; set -lgv_gamma 1", (double)gamma);
  PetscCall(MckLangevinGetStep(r->l, NULL, &nsteps));
  tend = dt * (PetscReal)nsteps;
  PetscCall(MckLangevinGetTemperature(r->l, 0, &T0));
  PetscCall(MckLangevinGetTemperature(r->l, tend, &T1));
  PetscCall(MckFieldFPGetTemperature(r->field, &Tf));
  PetscCheck(T0 == T1, comm, PETSC_ERR_USER_INPUT, "-lgv_temperature_schedule: mckean-mv needs a constant temperature (T goes from %g to %g)", (double)T0, (double)T1);
  PetscCheck(Tf == T0, comm, PETSC_ERR_USER_INPUT, "-fp_temperature %g differs from -lgv_temperature %g: leave -fp_temperature out, the PDE takes the particles' temperature", (double)Tf, (double)T0);
  PetscFunctionReturn(0);
}

/* The PDE's grid: the particles' dimension and box unless -grid_* say otherwise (then checked). */
static PetscErrorCode CreateGrid(MPI_Comm comm, MckParticles p, MckGrid *g)
{
  const PetscReal *L;
  PetscBool        periodic;
  PetscInt         dim, n[MCK_GRID_MAX_DIM] = {128, 128, 128};

  PetscFunctionBeginUser;
  PetscCall(MckParticlesGetBox(p, &periodic, &L));
  PetscCall(MckParticlesGetSizes(p, NULL, &dim, NULL, NULL));
  PetscCall(MckGridCreate(comm, g));
  PetscCall(MckGridSetSizes(*g, dim, n));
  if (periodic) PetscCall(MckGridSetBox(*g, L));
  PetscFunctionReturn(0);
}

static PetscErrorCode Create(MPI_Comm comm, Run *r, AppOptions *o)
{
  PetscInt64 nsteps;
  PetscReal  T;

  PetscFunctionBeginUser;
  PetscCall(MckParticlesCreate(comm, &r->p));
  PetscCall(MckParticlesSetFromOptions(r->p));
  PetscCall(MckLangevinCreate(r->p, &r->l));
  PetscCall(MckLangevinSetFromOptions(r->l));
  PetscCall(MckLangevinGetStep(r->l, NULL, &nsteps));
  PetscCall(GetAppOptions(comm, nsteps, o));
  PetscCall(MckRNGCreate(comm, &r->rng));
  PetscCall(MckRNGSetSeed(r->rng, o->common.seed));
  PetscCall(MckLangevinSetRNG(r->l, r->rng));
  PetscCall(MckLangevinSetUp(r->l));
  PetscCall(CreateGrid(comm, r->p, &r->grid));
  PetscCall(MckFieldCreate(comm, &r->field));
  PetscCall(MckFieldSetGrid(r->field, r->grid));
  PetscCall(MckFieldSetType(r->field, MCKFIELD_FOKKER_PLANCK));
  PetscCall(MckLangevinGetTemperature(r->l, 0, &T));
  PetscCall(MckFieldFPSetTemperature(r->field, T));
  PetscCall(MckGridSetFromOptions(r->grid));
  PetscCall(MckFieldSetFromOptions(r->field));
  PetscCall(MckFieldSetSeed(r->field, o->common.seed));
  PetscCall(MckFieldSetUp(r->field));
  PetscCall(CheckSameProblem(comm, r));
  PetscCall(MckDepositCreate(r->grid, &r->dep));
  PetscCall(MckGridCreateVec(r->grid, &r->rho_particles));
  PetscCall(MckGridCreateVec(r->grid, &r->rho_pde));
  PetscFunctionReturn(0);
}

static PetscReal GaussianSymbol(PetscInt dim, const PetscReal k[], void *ctx)
{
  const PetscReal b = *(const PetscReal *)ctx;
  PetscReal       k2 = 0;

  for (PetscInt a = 0; a < dim; a++) k2 += k[a] * k[a];
  return PetscExpReal(-0.5 * b * b * k2);
}

/* Both densities through the same estimator, and their L1 distance. */
static PetscErrorCode CompareDensities(Run *r, const AppOptions *o, PetscReal *l1)
{
  Vec       rho;
  PetscReal b = o->bandwidth;

  PetscFunctionBeginUser;
  PetscCall(MckDepositParticles(r->dep, r->p, r->rho_particles));
  if (b > 0) PetscCall(MckGridConvolve(r->grid, GaussianSymbol, &b, r->rho_particles, r->rho_particles));
  PetscCall(MckFieldGetSolution(r->field, &rho));
  PetscCall(MckDepositExpectation(r->dep, b > 0 ? GaussianSymbol : NULL, &b, rho, r->rho_pde));
  PetscCall(MckDepositDistanceL1(r->dep, r->rho_particles, r->rho_pde, l1));
  PetscFunctionReturn(0);
}

static PetscErrorCode AppendDensity(Vec v, MckIO io, const char dset[])
{
  PetscInt     lo, hi, size;
  PetscScalar *x;

  PetscFunctionBeginUser;
  PetscCall(VecGetOwnershipRange(v, &lo, &hi));
  PetscCall(VecGetSize(v, &size));
  PetscCall(VecGetArray(v, &x));
  PetscCall(MckIOAppendRows(io, dset, size, lo, hi - lo, 1, &x));
  PetscCall(VecRestoreArray(v, &x));
  PetscFunctionReturn(0);
}

/* Advance the PDE to time t. TSSolve shortens the last step to land on t and keeps that step
 * for the next solve, so the step is reset each time; a time the PDE has already reached (up
 * to round-off in the particles' t = step dt) needs no step. */
static PetscErrorCode AdvancePDE(Run *r, PetscReal t)
{
  PetscFunctionBeginUser;
  PetscCall(MckFieldSolve(r->field, t));
  PetscFunctionReturn(0);
}

/* At output times: the PDE advanced to the particles' time, one row; snapshots at theirs. */
static PetscErrorCode Observe(Run *r, const AppOptions *o, const char **name, PetscReal *value)
{
  PetscInt64 step;
  PetscReal  t, row[4];
  PetscBool  out, snap;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetStep(r->l, &step, NULL));
  PetscCall(MckLangevinGetTime(r->l, &t));
  out  = (PetscBool)(step % o->output_interval == 0);
  snap = (PetscBool)(o->snapshot_interval && step % o->snapshot_interval == 0);
  if (!out && !snap) PetscFunctionReturn(0);
  PetscCall(AdvancePDE(r, t));
  row[0] = t;
  PetscCall(CompareDensities(r, o, &row[1]));
  if (out) {
    PetscCall(MckFieldGetMass(r->field, &row[2]));
    PetscCall(MckFieldFPGetOrderParameter(r->field, &row[3]));
    PetscCall(MckSeriesAppend(r->mv, row));
    PetscCall(MckLangevinRecord(r->l, r->langevin, name, value));
    *name  = "l1";
    *value = row[1];
  }
  if (snap) {
    Vec rho;
    PetscCall(MckFieldGetSolution(r->field, &rho));
    PetscCall(AppendDensity(rho, r->io, "/fields/density"));
    PetscCall(AppendDensity(r->rho_pde, r->io, "/fields/density_estimated"));
    PetscCall(AppendDensity(r->rho_particles, r->io, "/particles/density"));
    PetscCall(MckSeriesAppend(r->snaptimes, &t));
  }
  PetscFunctionReturn(0);
}

/* Settings of the run a checkpoint depends on: the objects' own and the driver's. */
static PetscErrorCode AppConfig(Run *r, const AppOptions *o, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckLangevinConfig(r->l, io, check));
  PetscCall(MckFieldConfig(r->field, io, check));
  PetscCall(MckIOConfigInt(io, check, "-seed", o->common.seed));
  PetscCall(MckIOConfigInt(io, check, "-mv_output_interval", o->output_interval));
  PetscCall(MckIOConfigInt(io, check, "-mv_snapshot_interval", o->snapshot_interval));
  PetscCall(MckIOConfigReals(io, check, "-mv_bandwidth", 1, &o->bandwidth));
  PetscFunctionReturn(0);
}

/* The run file so far plus the particles' and the PDE's state (both at the same time). */
static PetscErrorCode WriteCheckpoint(Run *r, const AppOptions *o)
{
  MckIO      chk;
  PetscInt64 step;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_Checkpoint, 0, 0, 0, 0));
  PetscCall(MckLangevinGetStep(r->l, &step, NULL));
  PetscCall(MckSeriesFlush(r->mv, r->io));
  PetscCall(MckSeriesFlush(r->langevin, r->io));
  PetscCall(MckSeriesFlush(r->snaptimes, r->io));
  PetscCall(MckIOCheckpointBegin(r->io, o->common.checkpoint, &chk));
  PetscCall(AppConfig(r, o, chk, PETSC_FALSE));
  PetscCall(MckIOWriteAttributeInt(chk, "/checkpoint", "step", step));
  PetscCall(MckParticlesWrite(r->p, chk, "/checkpoint/particles"));
  PetscCall(MckFieldSave(r->field, chk, "/checkpoint/field"));
  PetscCall(MckIOCheckpointEnd(r->io, &chk));
  PetscCall(PetscLogEventEnd(MCK_EVENT_Checkpoint, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Refuse a checkpoint of another configuration before anything is written, then continue its
 * run file where it stood. */
static PetscErrorCode Restart(MPI_Comm comm, Run *r, const AppOptions *o)
{
  MckIO      chk;
  PetscInt64 step, nsteps;
  PetscBool  found;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_Restart, 0, 0, 0, 0));
  PetscCall(MckLangevinGetStep(r->l, NULL, &nsteps));
  PetscCall(MckIOCreate(comm, &chk));
  PetscCall(MckIOOpenRead(chk, o->common.restart, "-restart"));
  PetscCall(MckIOReadAttributeInt(chk, "/checkpoint", "step", &step, &found));
  PetscCheck(found, comm, PETSC_ERR_USER_INPUT, "-restart %s: not a McKean checkpoint (no /checkpoint step)", o->common.restart);
  PetscCall(AppConfig(r, o, chk, PETSC_TRUE));
  PetscCheck(step <= nsteps, comm, PETSC_ERR_USER_INPUT, "-lgv_steps %" PetscInt64_FMT ": the checkpoint %s is already at step %" PetscInt64_FMT, nsteps, o->common.restart, step);
  PetscCall(MckParticlesRead(r->p, chk, "/checkpoint/particles"));
  PetscCall(MckFieldLoad(r->field, chk, "/checkpoint/field"));
  PetscCall(MckIODestroy(&chk));
  PetscCall(MckLangevinSetStep(r->l, step));
  PetscCall(MckIORestartRunFile(r->io, o->common.output, "-output", o->common.restart));
  PetscCall(MckSeriesLoad(r->mv, r->io));
  PetscCall(MckSeriesLoad(r->langevin, r->io));
  PetscCall(MckSeriesLoad(r->snaptimes, r->io));
  PetscCall(PetscLogEventEnd(MCK_EVENT_Restart, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Start fresh or from a checkpoint; either way the run file is open and the forces are known. */
static PetscErrorCode Start(MPI_Comm comm, Run *r, const AppOptions *o, const char **name, PetscReal *value)
{
  PetscFunctionBeginUser;
  if (o->common.restart[0]) {
    PetscCall(Restart(comm, r, o));
    PetscCall(MckLangevinPrepare(r->l, PETSC_FALSE));
  } else {
    PetscCall(MckIOOpenWrite(r->io, o->common.output, "-output"));
    PetscCall(MckParticlesInitialize(r->p, r->rng));
    PetscCall(MckLangevinPrepare(r->l, PETSC_TRUE));
    PetscCall(Observe(r, o, name, value));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Execute(MPI_Comm comm, Run *r, const AppOptions *o, PetscLogDouble t0)
{
  const char    *mvcols[] = {"t", "l1", "mass_pde", "r_pde"}, *snapcol[] = {"t"}, *path;
  const char    *name     = "l1";
  PetscReal      value    = 0, t;
  PetscInt64     step, nsteps;
  MckProgress    progress;
  PetscLogDouble t1;

  PetscFunctionBeginUser;
  PetscCall(MckSeriesCreate(comm, "mv", 4, mvcols, &r->mv));
  PetscCall(MckLangevinCreateSeries(r->l, &r->langevin));
  PetscCall(MckSeriesCreate(comm, "snapshot_times", 1, snapcol, &r->snaptimes));
  PetscCall(MckIOCreate(comm, &r->io));
  PetscCall(Start(comm, r, o, &name, &value));
  PetscCall(MckLangevinGetStep(r->l, &step, &nsteps));
  PetscCall(MckProgressCreate(comm, o->common.progress_interval, step, nsteps, &progress));
  PetscCall(PetscLogStagePush(MCK_STAGE_Run));
  while (step < nsteps) {
    PetscCall(MckLangevinStep(r->l));
    PetscCall(MckLangevinGetStep(r->l, &step, NULL));
    PetscCall(Observe(r, o, &name, &value));
    if (o->common.checkpoint_interval && step % o->common.checkpoint_interval == 0) PetscCall(WriteCheckpoint(r, o));
    PetscCall(MckLangevinGetTime(r->l, &t));
    PetscCall(MckProgressUpdate(progress, step, t, name, value));
  }
  PetscCall(PetscLogStagePop());
  PetscCall(MckProgressDestroy(&progress));
  PetscCall(PetscLogStagePush(MCK_STAGE_Output));
  PetscCall(MckIOWriteRunAttributes(r->io, o->common.seed));
  PetscCall(MckSeriesFlush(r->mv, r->io));
  PetscCall(MckIOWriteAttributeReal(r->io, "/timeseries/mv", "bandwidth", o->bandwidth));
  PetscCall(MckSeriesFlush(r->langevin, r->io));
  PetscCall(MckSeriesFlush(r->snaptimes, r->io));
  PetscCall(MckParticlesWrite(r->p, r->io, "/particles"));
  PetscCall(PetscTime(&t1));
  PetscCall(MckIOWriteAttributeReal(r->io, "/", "wall_time_seconds", t1 - t0));
  PetscCall(MckIOGetPath(r->io, &path));
  PetscCall(PetscPrintf(comm, "mckean-mv: wrote %s (%.3g s)\n", path, t1 - t0));
  PetscCall(MckIOClose(r->io));
  PetscCall(PetscLogStagePop());
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy(Run *r)
{
  PetscFunctionBeginUser;
  PetscCall(MckIODestroy(&r->io));
  PetscCall(MckSeriesDestroy(&r->mv));
  PetscCall(MckSeriesDestroy(&r->langevin));
  PetscCall(MckSeriesDestroy(&r->snaptimes));
  PetscCall(VecDestroy(&r->rho_particles));
  PetscCall(VecDestroy(&r->rho_pde));
  PetscCall(MckDepositDestroy(&r->dep));
  PetscCall(MckFieldDestroy(&r->field));
  PetscCall(MckGridDestroy(&r->grid));
  PetscCall(MckLangevinDestroy(&r->l));
  PetscCall(MckParticlesDestroy(&r->p));
  PetscCall(MckRNGDestroy(&r->rng));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunMV(void)
{
  MPI_Comm       comm = PETSC_COMM_WORLD;
  AppOptions     o;
  Run            r;
  PetscLogDouble t0;

  PetscFunctionBeginUser;
  PetscCall(PetscTime(&t0));
  PetscCall(PetscMemzero(&r, sizeof(r)));
  PetscCall(McKeanCommonOptionsGet(comm, "mv.h5", &o.common));
  PetscCall(PetscLogStagePush(MCK_STAGE_Setup));
  PetscCall(Create(comm, &r, &o));
  PetscCall(PetscLogStagePop());
  if (!o.common.help) { /* with -help the options and their defaults have been printed: done */
    PetscCall(McKeanOptionsCheckUnused(comm));
    PetscCall(Execute(comm, &r, &o, t0));
  }
  PetscCall(Destroy(&r));
  PetscFunctionReturn(0);
}

MCKEAN_APP(mv, help, RunMV)
