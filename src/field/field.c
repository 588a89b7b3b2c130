/* MckField: the object, its life cycle, reproducible integrals and I/O. The registry is in
 * registry.c, the run protocols in fieldrun.c, the PDE types in their own files
 * (fokker_planck.c, phase_field.c). */
#include "fieldimpl.h"
#include <mckean/mckrng.h>

/* A field type solves for "u" with no diagnostic unless its constructor says otherwise. */
static PetscErrorCode FieldTypeDefaults(MckField f)
{
  PetscFunctionBeginUser;
  f->quantity   = "u";
  f->diagnostic = NULL;
  PetscFunctionReturn(0);
}
typedef PetscErrorCode (*FieldCreateFn)(MckField);
MCK_TYPED_RETYPE(FieldRetype, MckField, FieldTypeDefaults, FieldCreateFn, (x))
static const MckTypedClass FieldClass = {
    "MckField", &MckFieldList, "-field_type", "field type", "PDE solved on the grid", MCKFIELD_FOKKER_PLANCK,
    FieldRetype};

/*@C
  MckFieldCreate - Creates a PDE field on a periodic grid, solved through a PETSc TS.

  Collective

  Input Parameter:
. comm - the communicator of the ranks that share the field (and its grid)

  Output Parameter:
. f - the field, of no type until `MckFieldSetType()` or `MckFieldSetFromOptions()` (default fokker_planck)

  Note:
  The field can be the solver of an `MckRun` and takes part in its checkpoints.

  Level: beginner

.seealso: `MckFieldSetFromOptions()`, `MckFieldSetUp()`, `MckFieldSetType()`, `MckFieldDestroy()`, `MckRunAddObject()`
@*/
PetscErrorCode MckFieldCreate(MPI_Comm comm, MckField *f)
{
  MckField x;

  PetscFunctionBeginUser;
  PetscValidPointer(f, 2);
  PetscCall(MckFieldInitializePackage());
  PetscCall(PetscHeaderCreate(x, MCK_FIELD_CLASSID, "MckField", "PDE field", "MckField", comm, MckFieldDestroy,
                              MckFieldView));
  x->comm = PetscObjectComm((PetscObject)x);
  PetscCall(MckObjectComposeRunMethods((PetscObject)x, &MckFieldStepper, &MckFieldCheckpoint));
  *f = x;
  PetscFunctionReturn(0);
}

/*@C
  MckFieldSetOptionsPrefix - Sets the prefix of every option of the field: its own, its grid's
  (when the field makes it), its TS's, its kernel's and its potentials'.

  Logically Collective

  Input Parameters:
+ f      - the field, before `MckFieldSetFromOptions()`
- prefix - the prefix, without the leading dash (e.g. "truth_": -truth_field_type,
           -truth_grid_n, -truth_ts_dt, -truth_mf_strength, -truth_harmonic_k)

  Level: intermediate

.seealso: `MckFieldSetFromOptions()`, `MckGridSetOptionsPrefix()`
@*/
PetscErrorCode MckFieldSetOptionsPrefix(MckField f, const char prefix[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscCheck(!f->setup, f->comm, PETSC_ERR_ORDER, "MckFieldSetOptionsPrefix() after MckFieldSetUp()");
  PetscCall(PetscObjectSetOptionsPrefix((PetscObject)f, prefix));
  if (f->owngrid) PetscCall(MckGridSetOptionsPrefix(f->grid, prefix));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldSetGrid - Uses this grid (the field keeps a reference; it reads no grid options then).

  Logically Collective

  Input Parameters:
+ f    - the field, not set up
- grid - the grid, set up or not

  Level: intermediate

.seealso: `MckFieldGetGrid()`, `MckGridCreate()`
@*/
PetscErrorCode MckFieldSetGrid(MckField f, MckGrid grid)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscValidHeaderSpecific(grid, MCK_GRID_CLASSID, 2);
  PetscCheck(!f->setup, f->comm, PETSC_ERR_ORDER, "MckFieldSetGrid() after MckFieldSetUp()");
  PetscCall(PetscObjectReference((PetscObject)grid));
  PetscCall(MckGridDestroy(&f->grid));
  f->grid    = grid;
  f->owngrid = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/*@C
  MckFieldGetGrid - The field's grid.

  Not Collective

  Input Parameter:
. f - the field

  Output Parameter:
. grid - the grid (a borrowed reference; NULL before one is set or made)

  Level: intermediate

.seealso: `MckFieldSetGrid()`
@*/
PetscErrorCode MckFieldGetGrid(MckField f, MckGrid *grid)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  *grid = f->grid;
  PetscFunctionReturn(0);
}

/*@C
  MckFieldSetSeed - The seed of random initial conditions (noise keyed by the global grid index:
  the same field on any rank count).

  Logically Collective

  Input Parameters:
+ f    - the field, before `MckFieldSetUp()`
- seed - the seed (an app passes the run's, `MckRunGetSeed()`)

  Level: intermediate

.seealso: `MckFieldSetUp()`
@*/
PetscErrorCode MckFieldSetSeed(MckField f, PetscInt seed)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  f->seed = seed;
  PetscFunctionReturn(0);
}

/*@C
  MckFieldSetType - Sets the PDE: the type's constructor makes its data and ops.

  Collective

  Input Parameters:
+ f    - the field, not set up
- type - `MCKFIELD_FOKKER_PLANCK`, `MCKFIELD_ALLEN_CAHN`, `MCKFIELD_CAHN_HILLIARD` or a type added with `MckFieldRegister()`

  Options Database Key:
. -field_type <type> - the type

  Level: beginner

.seealso: `MckFieldRegister()`, `MckFieldGetType()`
@*/
PetscErrorCode MckFieldSetType(MckField f, MckFieldType type)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscCall(McKeanTypedSetType((PetscObject)f, &FieldClass, f->setup, type));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldGetType - The field's type name.

  Not Collective

  Input Parameter:
. f - the field

  Output Parameter:
. type - the type name (NULL before one is set)

  Level: beginner

.seealso: `MckFieldSetType()`
@*/
PetscErrorCode MckFieldGetType(MckField f, MckFieldType *type)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  *type = ((PetscObject)f)->type_name;
  PetscFunctionReturn(0);
}

/* The field's own grid, under the field's prefix. */
static PetscErrorCode MakeGrid(MckField f)
{
  PetscFunctionBeginUser;
  PetscCall(MckGridCreate(f->comm, &f->grid));
  PetscCall(MckGridSetOptionsPrefix(f->grid, ((PetscObject)f)->prefix));
  f->owngrid = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/*@C
  MckFieldSetFromOptions - Sets the field's type and the type's options from the options
  database, and its grid's when the field makes its own.

  Collective

  Input Parameter:
. f - the field, not set up

  Options Database Keys:
+ -field_type <fokker_planck|allen_cahn|cahn_hilliard> - the PDE
. -field_view                                          - view the field at set-up
- -grid_*                                              - the grid's (`MckGridSetFromOptions()`), if the field makes it

  Notes:
  The type reads its own options (`MckFieldFPSetTemperature()`, `MckFieldPhaseGetLength()` list
  them); the TS's -ts_* options are read by `MckFieldSetUp()`. All follow the field's prefix.

  Level: beginner

.seealso: `MckFieldSetOptionsPrefix()`, `MckFieldSetUp()`, `MckGridSetFromOptions()`
@*/
PetscErrorCode MckFieldSetFromOptions(MckField f)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscCheck(!f->setup, f->comm, PETSC_ERR_ORDER, "MckFieldSetFromOptions() after MckFieldSetUp()");
  PetscObjectOptionsBegin((PetscObject)f);
  MckOptionsCall(MckOptionsTyped(f, &FieldClass, f->setup));
  PetscOptionsEnd();
  if (!f->grid) PetscCall(MakeGrid(f));
  if (f->owngrid) PetscCall(MckGridSetFromOptions(f->grid));
  if (f->ops->setfromoptions) PetscCall((*f->ops->setfromoptions)(f));
  PetscFunctionReturn(0);
}

/* PETSc reads its solve-time viewer options (-ksp_converged_reason, -ts_view, ...) only when a
 * solve ends; query them now so that McKeanOptionsCheckUnused(), which runs before the first
 * step, does not mistake them for typos. */
static PetscErrorCode MarkSolveTimeOptions(MckField f)
{
  static const char *const names[] = {"-ts_view",
                                      "-ts_view_pre",
                                      "-snes_view",
                                      "-snes_view_pre",
                                      "-snes_converged_reason",
                                      "-snes_monitor",
                                      "-ksp_view",
                                      "-ksp_view_pre",
                                      "-ksp_converged_reason",
                                      "-ksp_monitor",
                                      "-ksp_monitor_true_residual",
                                      "-pc_view",
                                      "-mat_view",
                                      "-vec_view",
                                      "-ts_adapt_monitor",
                                      "-snes_linesearch_monitor"};
  PetscBool                set;

  PetscFunctionBeginUser;
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    PetscCall(PetscOptionsHasName(NULL, ((PetscObject)f)->prefix, names[i], &set));
  PetscFunctionReturn(0);
}

/* The time step and the final time, checked before anything is computed or written (TS takes any
 * value: a negative or non-finite step fails only inside the first step, after the output opened). */
static PetscErrorCode CheckTimeOptions(MckField f)
{
  PetscObject obj = (PetscObject)f;
  PetscReal   dt, tmax;

  PetscFunctionBegin;
  PetscCall(TSGetTimeStep(f->ts, &dt));
  PetscCall(TSGetMaxTime(f->ts, &tmax));
  PetscCall(McKeanCheckPositive(f->comm, McKeanOptionName(obj, "-ts_dt"), dt));
  PetscCall(McKeanCheckPositive(f->comm, McKeanOptionName(obj, "-ts_max_time"), tmax));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldSetUp - Sets up the grid (if needed), the solution, the TS (its -ts_* options under
  the field's prefix) and the initial condition.

  Collective

  Input Parameter:
. f - the field

  Note:
  With -help the options are read as without it (the TS's included) and nothing is allocated:
  the field is not set up.

  Level: beginner

.seealso: `MckFieldSetFromOptions()`, `MckFieldSolve()`, `MckFieldStep()`
@*/
PetscErrorCode MckFieldSetUp(MckField f)
{
  DM        da;
  PetscInt  dim, n[3];
  PetscReal L[3];

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  if (f->setup) PetscFunctionReturn(0);
  if (!((PetscObject)f)->type_name) PetscCall(MckFieldSetType(f, MCKFIELD_FOKKER_PLANCK));
  if (!f->grid) PetscCall(MakeGrid(f));
  PetscCall(MckGridSetVecCount(f->grid, 2 + f->nvecs));
  PetscCall(MckGridSetUp(f->grid));
  /* -help: the TS is configured by the type and reads its options as a run's would; the grid and
   * the types allocate nothing (a deck sized for many nodes is checked on a login node) */
  PetscCall(PetscOptionsHasHelp(((PetscObject)f)->options, &f->help));
  PetscCall(TSCreate(f->comm, &f->ts));
  PetscCall(TSSetOptionsPrefix(f->ts, ((PetscObject)f)->prefix));
  if (!f->help) {
    PetscCall(MckGridGetDM(f->grid, &da));
    PetscCall(MckGridGetSizes(f->grid, &dim, n, L));
    f->cell = 1;
    for (PetscInt a = 0; a < dim; a++) f->cell *= L[a] / n[a];
    PetscCall(MckGridCreateVec(f->grid, &f->u));
    PetscCall(VecDuplicate(f->u, &f->work));
    PetscCall(MckStatsCreate(f->comm, &f->stats));
    PetscCall(MckStatsRegister(f->stats, "field.integrals", MCK_FIELD_NSUMS, NULL));
    PetscCall(MckStatsSetUp(f->stats));
    PetscCall(TSSetDM(f->ts, da));
    PetscCall(TSSetSolution(f->ts, f->u));
  }
  PetscCall(TSSetExactFinalTime(f->ts, TS_EXACTFINALTIME_MATCHSTEP));
  PetscCall(TSSetMaxSteps(f->ts, PETSC_MAX_INT));
  PetscCall(TSSetMaxTime(f->ts, 1.0));
  PetscCall((*f->ops->setup)(f));
  PetscCall(TSSetFromOptions(f->ts));
  PetscCall(CheckTimeOptions(f));
  PetscCall(MarkSolveTimeOptions(f));
  if (f->help) PetscCall(McKeanObjectViewOptionRead((PetscObject)f, "-field_view"));
  if (f->help) PetscFunctionReturn(0);
  PetscCall((*f->ops->initial)(f, f->u));
  PetscCall(TSSetUp(f->ts));
  PetscCall(TSGetTimeStep(f->ts, &f->dt));
  f->setup = PETSC_TRUE;
  PetscCall(PetscObjectViewFromOptions((PetscObject)f, NULL, "-field_view"));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldSolve - Advances the field to time tfinal (the last step shortened to land on it).

  Collective

  Input Parameters:
+ f      - the field, set up
- tfinal - the time to reach, finite and not before the field's time (a time already reached, up to
           rounding, takes no step)

  Note:
  With a fixed time step every solve starts from the options' step (-ts_dt) again.

  Level: beginner

.seealso: `MckFieldStep()`, `MckFieldGetTime()`
@*/
PetscErrorCode MckFieldSolve(MckField f, PetscReal tfinal)
{
  TSAdapt   adapt;
  PetscBool fixed;
  PetscReal t;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscCheck(f->setup, f->comm, PETSC_ERR_ORDER, "call MckFieldSetUp() first");
  PetscCheck(!PetscIsInfOrNanReal(tfinal), f->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "MckFieldSolve: tfinal %g must be a finite time", (double)tfinal);
  PetscCall(TSGetTime(f->ts, &t));
  PetscCheck(tfinal - t > -1e-9 * f->dt, f->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "MckFieldSolve: tfinal %g is before the field's time %g (a solve goes forward)", (double)tfinal,
             (double)t);
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

/*@C
  MckFieldStep - One time step of the TS, then its monitors.

  Collective

  Input Parameter:
. f - the field, set up

  Level: intermediate

.seealso: `MckFieldSolve()`, `MckRunSetSolver()`
@*/
PetscErrorCode MckFieldStep(MckField f)
{
  PetscInt  step;
  PetscReal t;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscCheck(f->setup, f->comm, PETSC_ERR_ORDER, "call MckFieldSetUp() first");
  PetscCall(TSStep(f->ts));
  PetscCall(TSGetStepNumber(f->ts, &step));
  PetscCall(TSGetTime(f->ts, &t));
  PetscCall(TSMonitor(f->ts, step, t, f->u));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldGetSolution - The solution Vec (owned by the field; change it only between steps).

  Not Collective

  Input Parameter:
. f - the field, set up

  Output Parameter:
. u - the solution, a global Vec of the grid

  Level: beginner

.seealso: `MckFieldGetQuantity()`
@*/
PetscErrorCode MckFieldGetSolution(MckField f, Vec *u)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscCheck(f->setup, f->comm, PETSC_ERR_ORDER, "call MckFieldSetUp() first");
  *u = f->u;
  PetscFunctionReturn(0);
}

/*@C
  MckFieldGetQuantity - The name of the solution's quantity, set by the type ("rho" for a
  density, "u" for a phase field).

  Not Collective

  Input Parameter:
. f - the field, with its type set

  Output Parameter:
. name - the name (owned by the type)

  Level: intermediate

.seealso: `MckFieldGetSolution()`, `MckFieldWriteLayout()`
@*/
PetscErrorCode MckFieldGetQuantity(MckField f, const char **name)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscCheck(((PetscObject)f)->type_name, f->comm, PETSC_ERR_ORDER, "MckFieldGetQuantity() before the type is set");
  *name = f->quantity;
  PetscFunctionReturn(0);
}

/*@C
  MckFieldGetTime - The time of the solution.

  Not Collective

  Input Parameter:
. f - the field, set up

  Output Parameter:
. t - the TS's time

  Level: beginner

.seealso: `MckFieldGetStepNumber()`
@*/
PetscErrorCode MckFieldGetTime(MckField f, PetscReal *t)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscCall(TSGetTime(f->ts, t));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldGetStepNumber - The number of steps taken.

  Not Collective

  Input Parameter:
. f - the field, set up

  Output Parameter:
. step - the TS's step number

  Level: beginner

.seealso: `MckFieldGetTime()`
@*/
PetscErrorCode MckFieldGetStepNumber(MckField f, PetscInt *step)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscCall(TSGetStepNumber(f->ts, step));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldGetTS - The field's TS (for its time, final time, monitors, solver statistics).

  Not Collective

  Input Parameter:
. f - the field, set up

  Output Parameter:
. ts - the TS (owned by the field)

  Level: intermediate

.seealso: `MckFieldSolve()`
@*/
PetscErrorCode MckFieldGetTS(MckField f, TS *ts)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscCheck(f->setup, f->comm, PETSC_ERR_ORDER, "call MckFieldSetUp() first");
  *ts = f->ts;
  PetscFunctionReturn(0);
}

/*@C
  MckFieldIntegrate - Reproducible integrals h^d sum_i a_i of up to four local arrays of grid
  values (the owned points of grid Vecs), with one reduction for all.

  Collective

  Input Parameters:
+ f    - the field, set up
. nvec - the number of arrays, 1 to 4
- a    - the arrays

  Output Parameter:
. integral - nvec integrals, bitwise the same on any rank count: rows of the x axis are summed
             in a fixed order and added exactly (`MckStats`)

  Level: developer

.seealso: `MckFieldIntegrateVecs()`, `MckFieldGetMass()`
@*/
PetscErrorCode MckFieldIntegrate(MckField f, PetscInt nvec, const PetscScalar *const a[], PetscReal integral[])
{
  PetscInt         dim, n[3], nlocal, row;
  const PetscReal *sums;

  PetscFunctionBeginUser;
  PetscCheck(nvec >= 1 && nvec <= MCK_FIELD_NSUMS, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "at most %d integrals at once", MCK_FIELD_NSUMS);
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

/*@C
  MckFieldIntegrateVecs - `MckFieldIntegrate()` of up to four grid Vecs.

  Collective

  Input Parameters:
+ f    - the field, set up
. nvec - the number of Vecs, 1 to 4
- v    - the Vecs

  Output Parameter:
. integral - nvec integrals

  Level: developer

.seealso: `MckFieldIntegrate()`
@*/
PetscErrorCode MckFieldIntegrateVecs(MckField f, PetscInt nvec, Vec v[], PetscReal integral[])
{
  const PetscScalar *a[MCK_FIELD_NSUMS];

  PetscFunctionBeginUser;
  PetscCheck(nvec >= 1 && nvec <= MCK_FIELD_NSUMS, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "at most %d integrals at once", MCK_FIELD_NSUMS);
  for (PetscInt j = 0; j < nvec; j++) PetscCall(VecGetArrayRead(v[j], &a[j]));
  PetscCall(MckFieldIntegrate(f, nvec, a, integral));
  for (PetscInt j = 0; j < nvec; j++) PetscCall(VecRestoreArrayRead(v[j], &a[j]));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldGetMass - The integral of the solution over the box, h^d sum_i u_i.

  Collective

  Input Parameter:
. f - the field, set up

  Output Parameter:
. mass - the integral, bitwise the same on any rank count

  Level: beginner

.seealso: `MckFieldGetEnergy()`, `MckFieldIntegrate()`
@*/
PetscErrorCode MckFieldGetMass(MckField f, PetscReal *mass)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscCheck(f->setup, f->comm, PETSC_ERR_ORDER, "call MckFieldSetUp() first");
  PetscCall(MckFieldIntegrateVecs(f, 1, &f->u, mass));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldGetEnergy - The discrete free energy the type's scheme dissipates (docs/field.md).

  Collective

  Input Parameter:
. f - the field, set up

  Output Parameter:
. energy - the free energy, a reproducible sum

  Level: beginner

.seealso: `MckFieldGetMass()`, `MckFieldGetDiagnostic()`
@*/
PetscErrorCode MckFieldGetEnergy(MckField f, PetscReal *energy)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscCheck(f->setup, f->comm, PETSC_ERR_ORDER, "call MckFieldSetUp() first");
  PetscCall(PetscLogEventBegin(MCK_EVENT_FieldEnergy, 0, 0, 0, 0));
  PetscCall((*f->ops->energy)(f, energy));
  PetscCall(PetscLogEventEnd(MCK_EVENT_FieldEnergy, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldGetDiagnostic - The type's headline number: the order parameter of a Fokker-Planck
  density, the characteristic length of a phase field.

  Collective

  Input Parameter:
. f - the field, set up

  Output Parameters:
+ name  - its name ("order_parameter", "length"; "none" for a type without one)
- value - its value (0 for a type without one)

  Level: intermediate

.seealso: `MckFieldFPGetOrderParameter()`, `MckFieldPhaseGetLength()`, `MckFieldRecord()`
@*/
PetscErrorCode MckFieldGetDiagnostic(MckField f, const char **name, PetscReal *value)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscCheck(f->setup, f->comm, PETSC_ERR_ORDER, "call MckFieldSetUp() first");
  *name  = f->diagnostic ? f->diagnostic : "none";
  *value = 0;
  if (f->ops->diagnostic) PetscCall((*f->ops->diagnostic)(f, value));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldNoise - Deterministic uniform noise in (-1, 1) at the owned points, keyed by the
  global grid index and the field's seed (the same field on any rank count).

  Not Collective

  Input Parameters:
+ f - the field
- v - a grid Vec

  Level: developer

.seealso: `MckFieldSetSeed()`
@*/
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

/*@C
  MckFieldGetOwnedBox - The first index and the number of this rank's points per axis.

  Not Collective

  Input Parameter:
. f - the field, with its grid set up

  Output Parameters:
+ start - first owned index per axis (3 values; 0 beyond the dimension)
- count - owned points per axis (3 values; 1 beyond the dimension)

  Level: developer

.seealso: `MckGridGetDM()`
@*/
PetscErrorCode MckFieldGetOwnedBox(MckField f, PetscInt start[3], PetscInt count[3])
{
  DM da;

  PetscFunctionBeginUser;
  PetscCall(MckGridGetDM(f->grid, &da));
  PetscCall(DMDAGetCorners(da, &start[0], &start[1], &start[2], &count[0], &count[1], &count[2]));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldConfig - Records or compares the settings a checkpoint of the field depends on: type,
  grid, time-stepping type, the options' time step and the type's parameters, keyed by the
  options as the user types them (with the field's prefix).

  Collective

  Input Parameters:
+ f     - the field, set up
. io    - the checkpoint
- check - `PETSC_FALSE` to record, `PETSC_TRUE` to compare (a mismatch is a user-input error)

  Level: developer

.seealso: `MckFieldSave()`, `MckRunAddObject()`, `MckGridConfig()`
@*/
PetscErrorCode MckFieldConfig(MckField f, MckIO io, PetscBool check)
{
  TSType tstype;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscCall(MckIOConfigString(io, check, McKeanOptionName((PetscObject)f, "-field_type"), ((PetscObject)f)->type_name));
  PetscCall(MckGridConfig(f->grid, io, check));
  PetscCall(TSGetType(f->ts, &tstype));
  PetscCall(MckIOConfigString(io, check, McKeanOptionName((PetscObject)f, "-ts_type"), tstype));
  /* a restart continues with the step TS was taking (MckFieldLoad), so another -ts_dt would be
   * ignored without a word: it is another configuration */
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)f, "-ts_dt"), 1, &f->dt));
  if (f->ops->config) PetscCall((*f->ops->config)(f, io, check));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldWriteSolution - Writes the solution as dataset dset, shape (N, 1) with the points in
  natural order (x fastest).

  Collective

  Input Parameters:
+ f    - the field, set up
. io   - a file open for writing
- dset - the dataset path

  Level: intermediate

.seealso: `MckFieldAppendSolution()`, `MckFieldWriteLayout()`
@*/
PetscErrorCode MckFieldWriteSolution(MckField f, MckIO io, const char dset[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscCall(MckGridWriteVec(f->grid, io, dset, f->u));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldAppendSolution - Appends the solution as one snapshot to the series dset, shape
  (nsnap, N, 1).

  Collective

  Input Parameters:
+ f    - the field, set up
. io   - a file open for writing
- dset - the dataset path

  Level: intermediate

.seealso: `MckFieldWriteSolution()`, `MckFieldWriteXDMF()`
@*/
PetscErrorCode MckFieldAppendSolution(MckField f, MckIO io, const char dset[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscCall(MckGridAppendVec(f->grid, io, dset, f->u));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldSave - Writes the field's state: the solution "<group>/solution" and the attributes
  time, time_step and step of group.

  Collective

  Input Parameters:
+ f     - the field, set up
. io    - a file open for writing
- group - the group (a run uses /checkpoint/<name> and, at the end, /<name>)

  Level: intermediate

.seealso: `MckFieldLoad()`, `MckRunAddObject()`
@*/
PetscErrorCode MckFieldSave(MckField f, MckIO io, const char group[])
{
  char      dset[PETSC_MAX_PATH_LEN];
  PetscReal t, dt;
  PetscInt  step;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
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

/*@C
  MckFieldLoad - Reads what `MckFieldSave()` wrote: the run then continues bitwise as an
  uninterrupted one (same rank count for fokker_planck, any for the spectral types).

  Collective

  Input Parameters:
+ f     - the field, set up with the same settings
. io    - a file open for reading
- group - the group

  Level: intermediate

.seealso: `MckFieldSave()`
@*/
PetscErrorCode MckFieldLoad(MckField f, MckIO io, const char group[])
{
  char       dset[PETSC_MAX_PATH_LEN];
  PetscReal  t, dt;
  PetscInt64 step;
  PetscBool  ft, fdt, fs;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscCheck(f->setup, f->comm, PETSC_ERR_ORDER, "call MckFieldSetUp() first");
  PetscCall(MckIOReadAttributeReal(io, group, "time", &t, &ft));
  PetscCall(MckIOReadAttributeReal(io, group, "time_step", &dt, &fdt));
  PetscCall(MckIOReadAttributeInt(io, group, "step", &step, &fs));
  PetscCheck(ft && fdt && fs, f->comm, PETSC_ERR_FILE_UNEXPECTED,
             "no field state (time, time_step, step) in group %s of the checkpoint", group);
  PetscCall(PetscSNPrintf(dset, sizeof(dset), "%s/solution", group));
  PetscCall(MckGridReadVec(f->grid, io, dset, f->u));
  PetscCall(TSSetTime(f->ts, t));
  PetscCall(TSSetTimeStep(f->ts, dt));
  PetscCall(TSSetStepNumber(f->ts, (PetscInt)step));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldWriteLayout - Describes the field's snapshots in group: attributes type, quantity and
  dim, datasets "<group>/shape" (int64 n_x, n_y, n_z) and "<group>/box" (L_x, L_y, L_z).

  Collective

  Input Parameters:
+ f     - the field, set up
. io    - a file open for writing
- group - the group of the snapshots (mckean-field: /fields)

  Level: intermediate

.seealso: `MckFieldAppendSolution()`, `MckFieldWriteXDMF()`
@*/
PetscErrorCode MckFieldWriteLayout(MckField f, MckIO io, const char group[])
{
  PetscInt   dim, n[MCK_GRID_MAX_DIM];
  PetscReal  L[MCK_GRID_MAX_DIM];
  PetscInt64 nn[MCK_GRID_MAX_DIM], dims[1];
  char       path[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscCall(MckGridGetSizes(f->grid, &dim, n, L));
  for (PetscInt a = 0; a < dim; a++) nn[a] = n[a];
  dims[0] = dim;
  PetscCall(MckIOWriteAttributeString(io, group, "type", ((PetscObject)f)->type_name));
  PetscCall(MckIOWriteAttributeString(io, group, "quantity", f->quantity));
  PetscCall(MckIOWriteAttributeInt(io, group, "dim", dim));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/box", group));
  PetscCall(MckIOWriteArray(io, path, 1, dims, L));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/shape", group));
  PetscCall(MckIOWriteArrayInt(io, path, 1, dims, nn));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldWriteXDMF - Writes the XDMF sidecar of io's run file ("run.h5" -> "run.xmf" next to
  it) for ParaView: the snapshots of dataset dset at the times of a series.

  Collective

  Input Parameters:
+ f     - the field, set up
. io    - the run file (open or closed: only its path is used)
. dset  - the snapshot series, shape (nsnap, N, 1), written by `MckFieldAppendSolution()`
- times - a series of one column, the time of each snapshot

  Level: intermediate

.seealso: `MckIOWriteXDMF()`, `MckIOSidecarPath()`, `MckFieldWriteLayout()`
@*/
PetscErrorCode MckFieldWriteXDMF(MckField f, MckIO io, const char dset[], MckSeries times)
{
  PetscInt         dim, n[MCK_GRID_MAX_DIM], nsnap, ncols;
  PetscReal        L[MCK_GRID_MAX_DIM];
  const PetscReal *t;
  const char      *dsets[1] = {dset}, *names[1];

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  names[0] = f->quantity;
  PetscCall(MckGridGetSizes(f->grid, &dim, n, L));
  PetscCall(MckSeriesGetRows(times, &nsnap, &ncols, &t));
  PetscCheck(ncols == 1, f->comm, PETSC_ERR_ARG_WRONG,
             "MckFieldWriteXDMF: the times series has %" PetscInt_FMT " columns, not 1", ncols);
  PetscCall(MckIOWriteXDMF(io, dim, n, L, nsnap, t, 1, dsets, names));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldCreateSeries - The field's time series "field": columns t, mass, free_energy and the
  type's diagnostic (`MckFieldGetDiagnostic()`).

  Collective

  Input Parameter:
. f - the field, with its type set

  Output Parameter:
. series - the series (the caller destroys it; rows by `MckFieldRecord()`)

  Level: intermediate

.seealso: `MckFieldRecord()`, `MckRunAddSeries()`
@*/
PetscErrorCode MckFieldCreateSeries(MckField f, MckSeries *series)
{
  const char *cols[4] = {"t", "mass", "free_energy", NULL};

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscCheck(((PetscObject)f)->type_name, f->comm, PETSC_ERR_ORDER, "MckFieldCreateSeries() before the type is set");
  cols[3] = f->diagnostic ? f->diagnostic : "none";
  PetscCall(MckSeriesCreate(f->comm, "field", 4, cols, series));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldRecord - Appends a row of the current state to the field's series.

  Collective

  Input Parameters:
+ f      - the field, set up
- series - the series of `MckFieldCreateSeries()`

  Output Parameters:
+ name  - the diagnostic's name (for a progress line; may be NULL)
- value - its value (may be NULL)

  Level: intermediate

.seealso: `MckFieldCreateSeries()`, `MckRunSetHeadline()`
@*/
PetscErrorCode MckFieldRecord(MckField f, MckSeries series, const char **name, PetscReal *value)
{
  PetscReal   row[4];
  const char *diag;

  PetscFunctionBeginUser;
  PetscCall(MckFieldGetTime(f, &row[0]));
  PetscCall(MckFieldGetMass(f, &row[1]));
  PetscCall(MckFieldGetEnergy(f, &row[2]));
  PetscCall(MckFieldGetDiagnostic(f, &diag, &row[3]));
  PetscCall(MckSeriesAppend(series, row));
  if (name) *name = diag;
  if (value) *value = row[3];
  PetscFunctionReturn(0);
}

/*@C
  MckFieldView - Prints the field: its type's parameters, its grid and its TS.

  Collective

  Input Parameters:
+ f      - the field
- viewer - an ASCII viewer (NULL: standard output)

  Options Database Key:
. -field_view - view the field at set-up

  Level: intermediate

.seealso: `MckFieldSetUp()`, `MckGridView()`
@*/
PetscErrorCode MckFieldView(MckField f, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscCall(McKeanObjectViewBegin((PetscObject)f, &viewer, NULL));
  PetscCall(PetscViewerASCIIPushTab(viewer));
  if (f->ops->view) PetscCall((*f->ops->view)(f, viewer));
  if (f->grid) PetscCall(MckGridView(f->grid, viewer));
  if (f->ts) PetscCall(TSView(f->ts, viewer));
  PetscCall(PetscViewerASCIIPopTab(viewer));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldDestroy - Drops a reference to the field, freeing it (and its reference to the grid)
  with the last.

  Collective

  Input Parameter:
. f - the field

  Level: beginner

.seealso: `MckFieldCreate()`
@*/
PetscErrorCode MckFieldDestroy(MckField *f)
{
  PetscBool last;

  PetscFunctionBeginUser;
  PetscCall(McKeanObjectRelease((PetscObject *)f, MCK_FIELD_CLASSID, &last));
  if (!last) PetscFunctionReturn(0);
  if ((*f)->ops->destroy) PetscCall((*(*f)->ops->destroy)(*f));
  PetscCall(TSDestroy(&(*f)->ts));
  PetscCall(VecDestroy(&(*f)->u));
  PetscCall(VecDestroy(&(*f)->work));
  PetscCall(MckStatsDestroy(&(*f)->stats));
  PetscCall(MckGridDestroy(&(*f)->grid));
  PetscCall(PetscHeaderDestroy(f));
  PetscFunctionReturn(0);
}
