/* MckField: the object, its registry, lifecycle, reproducible integrals and I/O. The PDE
 * types live in their own files (fokker_planck.c, phase_field.c). */
#include "fieldimpl.h"
#include <mckean/mckrng.h>

PetscLogEvent            MCK_EVENT_FieldStep, MCK_EVENT_FieldResidual, MCK_EVENT_FieldJacobian, MCK_EVENT_FieldEnergy;
static PetscFunctionList MckFieldList = NULL;
static PetscBool         registered   = PETSC_FALSE;

static PetscErrorCode MckFieldFinalizePackage(void)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListDestroy(&MckFieldList));
  registered = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldInitializePackage(void)
{
  PetscFunctionBeginUser;
  if (registered) PetscFunctionReturn(0);
  registered = PETSC_TRUE;
  PetscCall(PetscFunctionListAdd(&MckFieldList, MCKFIELD_FOKKER_PLANCK, MckFieldCreate_FokkerPlanck));
  PetscCall(PetscFunctionListAdd(&MckFieldList, MCKFIELD_ALLEN_CAHN, MckFieldCreate_AllenCahn));
  PetscCall(PetscFunctionListAdd(&MckFieldList, MCKFIELD_CAHN_HILLIARD, MckFieldCreate_CahnHilliard));
  PetscCall(TSRegister(TSMCKSEMIIMPLICIT, TSCreate_MckSemiImplicit));
  PetscCall(PetscLogEventRegister("MckFieldStep", MCK_CLASSID, &MCK_EVENT_FieldStep));
  PetscCall(PetscLogEventRegister("MckFieldResidual", MCK_CLASSID, &MCK_EVENT_FieldResidual));
  PetscCall(PetscLogEventRegister("MckFieldJacobian", MCK_CLASSID, &MCK_EVENT_FieldJacobian));
  PetscCall(PetscLogEventRegister("MckFieldEnergy", MCK_CLASSID, &MCK_EVENT_FieldEnergy));
  PetscCall(PetscRegisterFinalize(MckFieldFinalizePackage));
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldRegister(const char name[], PetscErrorCode (*create)(MckField))
{
  PetscFunctionBeginUser;
  PetscCall(MckFieldInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckFieldList, name, create));
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldCreate(MPI_Comm comm, MckField *f)
{
  PetscFunctionBeginUser;
  PetscCall(MckFieldInitializePackage());
  PetscCall(PetscNew(f));
  (*f)->comm = comm;
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldSetGrid(MckField f, MckGrid grid)
{
  PetscFunctionBeginUser;
  PetscCheck(!f->setup, f->comm, PETSC_ERR_ORDER, "MckFieldSetGrid() after MckFieldSetUp()");
  if (f->owngrid) PetscCall(MckGridDestroy(&f->grid));
  f->grid    = grid;
  f->owngrid = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldGetGrid(MckField f, MckGrid *grid)
{
  PetscFunctionBeginUser;
  *grid = f->grid;
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldSetSeed(MckField f, PetscInt seed)
{
  PetscFunctionBeginUser;
  f->seed = seed;
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldSetType(MckField f, MckFieldType type)
{
  PetscErrorCode (*create)(MckField);
  PetscBool same;

  PetscFunctionBeginUser;
  PetscCall(PetscStrcmp(f->type, type, &same));
  if (same) PetscFunctionReturn(0);
  PetscCheck(!f->setup, f->comm, PETSC_ERR_ORDER, "MckFieldSetType() after MckFieldSetUp()");
  PetscCall(PetscFunctionListFind(MckFieldList, type, &create));
  PetscCheck(create, f->comm, PETSC_ERR_USER_INPUT, "-field_type %s: unknown; allowed: fokker_planck, allen_cahn, cahn_hilliard (or a type registered with MckFieldRegister)", type);
  if (f->ops.destroy) PetscCall((*f->ops.destroy)(f));
  PetscCall(PetscMemzero(&f->ops, sizeof(f->ops)));
  f->data = NULL;
  PetscCall(PetscStrncpy(f->type, type, sizeof(f->type)));
  PetscCall((*create)(f));
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldGetType(MckField f, MckFieldType *type)
{
  PetscFunctionBeginUser;
  *type = f->type;
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldSetFromOptions(MckField f)
{
  char      type[64];
  PetscBool set;

  PetscFunctionBeginUser;
  PetscCheck(!f->setup, f->comm, PETSC_ERR_ORDER, "MckFieldSetFromOptions() after MckFieldSetUp()");
  PetscCall(PetscStrncpy(type, f->type[0] ? f->type : MCKFIELD_FOKKER_PLANCK, sizeof(type)));
  PetscOptionsBegin(f->comm, NULL, "PDE field options (MckField)", NULL);
  PetscCall(MckOptionsFList("-field_type", "PDE solved on the grid", MckFieldList, type, type, sizeof(type), &set));
  PetscOptionsEnd();
  PetscCall(MckFieldSetType(f, type));
  if (!f->grid) {
    PetscCall(MckGridCreate(f->comm, &f->grid));
    f->owngrid = PETSC_TRUE;
  }
  if (f->owngrid) PetscCall(MckGridSetFromOptions(f->grid));
  if (f->ops.setfromoptions) PetscCall((*f->ops.setfromoptions)(f));
  PetscFunctionReturn(0);
}

/* PETSc reads its solve-time viewer options (-ksp_converged_reason, -ts_view, ...) only when a
 * solve ends; query them now so that McKeanOptionsCheckUnused(), which runs before the first
 * step, does not mistake them for typos. */
static PetscErrorCode MarkSolveTimeOptions(void)
{
  static const char *const names[] = {"-ts_view", "-ts_view_pre", "-snes_view", "-snes_view_pre", "-snes_converged_reason", "-snes_monitor", "-ksp_view", "-ksp_view_pre", "-ksp_converged_reason", "-ksp_monitor", "-ksp_monitor_true_residual", "-pc_view", "-mat_view", "-vec_view", "-ts_adapt_monitor", "-snes_linesearch_monitor"};
  PetscBool                set;

  PetscFunctionBeginUser;
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) PetscCall(PetscOptionsHasName(NULL, NULL, names[i], &set));
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldSetUp(MckField f)
{
  DM        da;
  PetscInt  dim, n[3];
  PetscReal L[3];

  PetscFunctionBeginUser;
  if (f->setup) PetscFunctionReturn(0);
  if (!f->type[0]) PetscCall(MckFieldSetType(f, MCKFIELD_FOKKER_PLANCK));
  if (!f->grid) {
    PetscCall(MckGridCreate(f->comm, &f->grid));
    f->owngrid = PETSC_TRUE;
  }
  PetscCall(MckGridSetUp(f->grid));
  PetscCall(MckGridGetDM(f->grid, &da));
  PetscCall(MckGridGetSizes(f->grid, &dim, n, L));
  f->cell = 1;
  for (PetscInt a = 0; a < dim; a++) f->cell *= L[a] / n[a];
  PetscCall(MckGridCreateVec(f->grid, &f->u));
  PetscCall(VecDuplicate(f->u, &f->work));
  PetscCall(MckStatsCreate(f->comm, &f->stats));
  PetscCall(MckStatsRegister(f->stats, "field.integrals", MCK_FIELD_NSUMS, NULL));
  PetscCall(MckStatsSetUp(f->stats));
  PetscCall(TSCreate(f->comm, &f->ts));
  PetscCall(TSSetDM(f->ts, da));
  PetscCall(TSSetSolution(f->ts, f->u));
  PetscCall(TSSetExactFinalTime(f->ts, TS_EXACTFINALTIME_MATCHSTEP));
  PetscCall(TSSetMaxSteps(f->ts, PETSC_MAX_INT));
  PetscCall(TSSetMaxTime(f->ts, 1.0));
  PetscCall((*f->ops.setup)(f));
  PetscCall(TSSetFromOptions(f->ts));
  PetscCall(MarkSolveTimeOptions());
  PetscCall((*f->ops.initial)(f, f->u));
  PetscCall(TSSetUp(f->ts));
  PetscCall(TSGetTimeStep(f->ts, &f->dt));
  f->setup = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldSolve(MckField f, PetscReal tfinal)
{
  TSAdapt   adapt;
  PetscBool fixed;
  PetscReal t;

  PetscFunctionBeginUser;
  PetscCheck(f->setup, f->comm, PETSC_ERR_ORDER, "call MckFieldSetUp() first");
  PetscCall(TSGetTime(f->ts, &t));
  if (tfinal - t <= 1e-9 * f->dt) PetscFunctionReturn(0); /* already there (up to rounding) */
  /* Landing on tfinal shortens the last step, and TS keeps that step for the next solve: with
   * a fixed step, start every solve from the options' step again. */
  PetscCall(TSGetAdapt(f->ts, &adapt));
  PetscCall(PetscObjectTypeCompare((PetscObject)adapt, TSADAPTNONE, &fixed));
  if (fixed) PetscCall(TSSetTimeStep(f->ts, f->dt));
  PetscCall(TSSetMaxTime(f->ts, tfinal));
  PetscCall(TSSolve(f->ts, f->u));
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldStep(MckField f)
{
  PetscInt  step;
  PetscReal t;

  PetscFunctionBeginUser;
  PetscCheck(f->setup, f->comm, PETSC_ERR_ORDER, "call MckFieldSetUp() first");
  PetscCall(TSStep(f->ts));
  PetscCall(TSGetStepNumber(f->ts, &step));
  PetscCall(TSGetTime(f->ts, &t));
  PetscCall(TSMonitor(f->ts, step, t, f->u));
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldGetSolution(MckField f, Vec *u)
{
  PetscFunctionBeginUser;
  PetscCheck(f->setup, f->comm, PETSC_ERR_ORDER, "call MckFieldSetUp() first");
  *u = f->u;
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldGetTime(MckField f, PetscReal *t)
{
  PetscFunctionBeginUser;
  PetscCall(TSGetTime(f->ts, t));
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldGetStepNumber(MckField f, PetscInt *step)
{
  PetscFunctionBeginUser;
  PetscCall(TSGetStepNumber(f->ts, step));
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldGetTS(MckField f, TS *ts)
{
  PetscFunctionBeginUser;
  PetscCheck(f->setup, f->comm, PETSC_ERR_ORDER, "call MckFieldSetUp() first");
  *ts = f->ts;
  PetscFunctionReturn(0);
}

/* Rows of the x axis are owned whole by one rank in 2D/3D (slabs of the slowest axis); in 1D
 * the DMDA's split is arbitrary, so every point is its own row. */
PetscErrorCode MckFieldIntegrate(MckField f, PetscInt nvec, const PetscScalar *const a[], PetscReal integral[])
{
  PetscInt         dim, n[3], nlocal, row;
  const PetscReal *sums;

  PetscFunctionBeginUser;
  PetscCheck(nvec >= 1 && nvec <= MCK_FIELD_NSUMS, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "at most %d integrals at once", MCK_FIELD_NSUMS);
  PetscCall(MckGridGetSizes(f->grid, &dim, n, NULL));
  PetscCall(VecGetLocalSize(f->u, &nlocal));
  row = dim == 1 ? 1 : n[0];
  PetscCall(MckStatsZero(f->stats));
  for (PetscInt r = 0; r < nlocal / row; r++) {
    PetscReal partial[MCK_FIELD_NSUMS];
    for (PetscInt j = 0; j < nvec; j++) {
      const PetscScalar *x = a[j] + r * row;
      PetscReal          s = 0;
      for (PetscInt i = 0; i < row; i++) s += x[i];
      partial[j] = s;
    }
    PetscCall(MckStatsAdd(f->stats, 0, nvec, partial));
  }
  PetscCall(MckStatsReduce(f->stats));
  PetscCall(MckStatsGetSums(f->stats, &sums));
  for (PetscInt j = 0; j < nvec; j++) integral[j] = sums[j] * f->cell;
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldIntegrateVecs(MckField f, PetscInt nvec, Vec v[], PetscReal integral[])
{
  const PetscScalar *a[MCK_FIELD_NSUMS];

  PetscFunctionBeginUser;
  PetscCheck(nvec >= 1 && nvec <= MCK_FIELD_NSUMS, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "at most %d integrals at once", MCK_FIELD_NSUMS);
  for (PetscInt j = 0; j < nvec; j++) PetscCall(VecGetArrayRead(v[j], &a[j]));
  PetscCall(MckFieldIntegrate(f, nvec, a, integral));
  for (PetscInt j = 0; j < nvec; j++) PetscCall(VecRestoreArrayRead(v[j], &a[j]));
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldGetMass(MckField f, PetscReal *mass)
{
  PetscFunctionBeginUser;
  PetscCheck(f->setup, f->comm, PETSC_ERR_ORDER, "call MckFieldSetUp() first");
  PetscCall(MckFieldIntegrateVecs(f, 1, &f->u, mass));
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldGetEnergy(MckField f, PetscReal *energy)
{
  PetscFunctionBeginUser;
  PetscCheck(f->setup, f->comm, PETSC_ERR_ORDER, "call MckFieldSetUp() first");
  PetscCall(PetscLogEventBegin(MCK_EVENT_FieldEnergy, 0, 0, 0, 0));
  PetscCall((*f->ops.energy)(f, energy));
  PetscCall(PetscLogEventEnd(MCK_EVENT_FieldEnergy, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Owned points are a contiguous block of the natural (x fastest) order: the slabs of the
 * slowest axis in 2D/3D, PETSc's split of the line in 1D. */
PetscErrorCode MckFieldNoise(MckField f, Vec v)
{
  MckRNG       rng;
  PetscScalar *x;
  PetscInt     lo, hi;

  PetscFunctionBeginUser;
  PetscCall(MckRNGCreate(f->comm, &rng));
  PetscCall(MckRNGSetSeed(rng, f->seed));
  PetscCall(VecGetOwnershipRange(v, &lo, &hi));
  PetscCall(VecGetArray(v, &x));
  PetscCall(MckRNGUniforms(rng, lo, hi - lo, 0, 0, 1, &x));
  for (PetscInt i = 0; i < hi - lo; i++) x[i] = 2 * x[i] - 1;
  PetscCall(VecRestoreArray(v, &x));
  PetscCall(MckRNGDestroy(&rng));
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldGetOwnedBox(MckField f, PetscInt start[3], PetscInt count[3])
{
  DM da;

  PetscFunctionBeginUser;
  PetscCall(MckGridGetDM(f->grid, &da));
  PetscCall(DMDAGetCorners(da, &start[0], &start[1], &start[2], &count[0], &count[1], &count[2]));
  PetscFunctionReturn(0);
}

static PetscErrorCode FormatGridSizes(MckField f, char nbuf[], size_t nlen, PetscReal L[3], PetscInt *dim)
{
  PetscInt n[3];

  PetscFunctionBeginUser;
  PetscCall(MckGridGetSizes(f->grid, dim, n, L));
  nbuf[0] = 0;
  for (PetscInt a = 0; a < *dim; a++) {
    char one[32];
    PetscCall(PetscSNPrintf(one, sizeof(one), "%s%" PetscInt_FMT, a ? "," : "", n[a]));
    PetscCall(PetscStrlcat(nbuf, one, nlen));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldConfig(MckField f, MckIO io, PetscBool check)
{
  char      sizes[64];
  PetscReal L[3];
  PetscInt  dim;
  TSType    tstype;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigString(io, check, "-field_type", f->type));
  PetscCall(FormatGridSizes(f, sizes, sizeof(sizes), L, &dim));
  PetscCall(MckIOConfigString(io, check, "-grid_n", sizes));
  PetscCall(MckIOConfigReals(io, check, "-grid_L", dim, L));
  PetscCall(TSGetType(f->ts, &tstype));
  PetscCall(MckIOConfigString(io, check, "-ts_type", tstype));
  if (f->ops.config) PetscCall((*f->ops.config)(f, io, check));
  PetscFunctionReturn(0);
}

static PetscErrorCode SolutionRows(MckField f, PetscInt64 *N, PetscInt64 *gstart, PetscInt *nlocal)
{
  PetscInt lo, hi, size;

  PetscFunctionBeginUser;
  PetscCall(VecGetOwnershipRange(f->u, &lo, &hi));
  PetscCall(VecGetSize(f->u, &size));
  *N      = size;
  *gstart = lo;
  *nlocal = hi - lo;
  PetscFunctionReturn(0);
}

/* The solution as rows (N, 1) in natural order: one dataset, or one more snapshot of a series. */
static PetscErrorCode WriteSolutionRows(MckField f, MckIO io, const char dset[], PetscBool append)
{
  PetscInt64   N = 0, gstart = 0;
  PetscInt     nlocal = 0;
  PetscScalar *x;

  PetscFunctionBeginUser;
  PetscCall(SolutionRows(f, &N, &gstart, &nlocal));
  PetscCall(VecGetArray(f->u, &x));
  if (append) PetscCall(MckIOAppendRows(io, dset, N, gstart, nlocal, 1, &x));
  else PetscCall(MckIOWriteRows(io, dset, N, gstart, nlocal, 1, &x));
  PetscCall(VecRestoreArray(f->u, &x));
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldWriteSolution(MckField f, MckIO io, const char dset[])
{
  PetscFunctionBeginUser;
  PetscCall(WriteSolutionRows(f, io, dset, PETSC_FALSE));
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldAppendSolution(MckField f, MckIO io, const char dset[])
{
  PetscFunctionBeginUser;
  PetscCall(WriteSolutionRows(f, io, dset, PETSC_TRUE));
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldSave(MckField f, MckIO io, const char group[])
{
  char      dset[PETSC_MAX_PATH_LEN];
  PetscReal t, dt;
  PetscInt  step;

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(dset, sizeof(dset), "%s/solution", group));
  PetscCall(MckFieldWriteSolution(f, io, dset));
  PetscCall(TSGetTime(f->ts, &t));
  PetscCall(TSGetTimeStep(f->ts, &dt));
  PetscCall(TSGetStepNumber(f->ts, &step));
  PetscCall(MckIOWriteAttributeReal(io, group, "time", t));
  PetscCall(MckIOWriteAttributeReal(io, group, "time_step", dt));
  PetscCall(MckIOWriteAttributeInt(io, group, "step", step));
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldLoad(MckField f, MckIO io, const char group[])
{
  char         dset[PETSC_MAX_PATH_LEN];
  PetscReal    t, dt;
  PetscInt64   step, N = 0, gstart = 0;
  PetscInt     nlocal = 0;
  PetscScalar *x;
  PetscBool    ft, fdt, fs;

  PetscFunctionBeginUser;
  PetscCheck(f->setup, f->comm, PETSC_ERR_ORDER, "call MckFieldSetUp() first");
  PetscCall(MckIOReadAttributeReal(io, group, "time", &t, &ft));
  PetscCall(MckIOReadAttributeReal(io, group, "time_step", &dt, &fdt));
  PetscCall(MckIOReadAttributeInt(io, group, "step", &step, &fs));
  PetscCheck(ft && fdt && fs, f->comm, PETSC_ERR_FILE_UNEXPECTED, "no field state (time, time_step, step) in group %s of the checkpoint", group);
  PetscCall(PetscSNPrintf(dset, sizeof(dset), "%s/solution", group));
  PetscCall(SolutionRows(f, &N, &gstart, &nlocal));
  PetscCall(VecGetArray(f->u, &x));
  PetscCall(MckIOReadRows(io, dset, N, gstart, nlocal, 1, &x));
  PetscCall(VecRestoreArray(f->u, &x));
  PetscCall(TSSetTime(f->ts, t));
  PetscCall(TSSetTimeStep(f->ts, dt));
  PetscCall(TSSetStepNumber(f->ts, (PetscInt)step));
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldView(MckField f, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(f->comm, &viewer));
  PetscCall(PetscViewerASCIIPrintf(viewer, "MckField: type %s\n", f->type));
  PetscCall(PetscViewerASCIIPushTab(viewer));
  if (f->ops.view) PetscCall((*f->ops.view)(f, viewer));
  if (f->grid) PetscCall(MckGridView(f->grid, viewer));
  if (f->ts) PetscCall(TSView(f->ts, viewer));
  PetscCall(PetscViewerASCIIPopTab(viewer));
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldDestroy(MckField *f)
{
  PetscFunctionBeginUser;
  if (!*f) PetscFunctionReturn(0);
  if ((*f)->ops.destroy) PetscCall((*(*f)->ops.destroy)(*f));
  PetscCall(TSDestroy(&(*f)->ts));
  PetscCall(VecDestroy(&(*f)->u));
  PetscCall(VecDestroy(&(*f)->work));
  PetscCall(MckStatsDestroy(&(*f)->stats));
  if ((*f)->owngrid) PetscCall(MckGridDestroy(&(*f)->grid));
  PetscCall(PetscFree(*f));
  PetscFunctionReturn(0);
}
