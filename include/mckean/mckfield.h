/* MckField: PDE solvers on an MckGrid through PETSc TS (DESIGN.md §2; docs/field.md).
 *
 * Types (-field_type, MckFieldSetType; a new type is one file and MckFieldRegister, see
 * include/mckean/mckfieldimpl.h):
 *   fokker_planck  d rho/dt = div(rho grad(V + W * rho)) + T Lap rho: finite volumes with
 *                  Scharfetter-Gummel fluxes (exact mass conservation, rho >= 0), V and W the
 *                  shared definitions of mckkernel.h (the particle drifts' options), W * rho by
 *                  MckGridConvolveSymbol. Default time stepping: TSBEULER with the potential
 *                  U = V + W * rho frozen in the Jacobian and SNES ksponly, i.e. the linearly
 *                  implicit scheme (1/dt - A(U^n)) rho^{n+1} = rho^n / dt; any -ts_type/-snes_type
 *                  works (e.g. -snes_type newtonls for fully implicit backward Euler).
 *   allen_cahn     du/dt = eps^2 Lap u - f(u),       f(u) = u^3 - u
 *   cahn_hilliard  du/dt = Lap (f(u) - eps^2 Lap u)
 *                  both by the stabilised semi-implicit Fourier method of Chen & Shen (1998),
 *                  a TS type of its own ("mck_semi_implicit") so -ts_dt, -ts_max_time,
 *                  -ts_max_steps and -ts_monitor apply.
 * Each type owns its data and reads its own options, so an option of a type that was not
 * chosen (-fp_temperature with allen_cahn) is unused, and refused like a typo.
 * The solution is a global Vec of the grid's DMDA (rho: density, integral 1 by default; u: the
 * phase field). Time, step number and time step are the TS's.
 *
 * A PETSc object: MckFieldSetOptionsPrefix() puts every option of the field under one prefix --
 * its own (-<prefix>field_type, -<prefix>fp_temperature), its grid's when the field makes it
 * (-<prefix>grid_n), its TS/SNES/KSP's (-<prefix>ts_dt), its kernel's (-<prefix>mf_strength)
 * and its potentials' (-<prefix>harmonic_k) -- so two fields in one run read their own.
 * -<prefix>field_view views it at set-up. A field can be the solver of an MckRun (it steps its
 * TS to -ts_max_time) and takes part in its checkpoints (solution, time, step, time step).
 *
 * Lifecycle: MckFieldCreate, [MckFieldSetOptionsPrefix], [MckFieldSetGrid], [MckFieldSetType],
 * MckFieldSetFromOptions, MckFieldSetUp (fills the initial condition), [change the solution
 * Vec], then MckFieldSolve (to a final time) or MckFieldStep (one step), MckFieldDestroy.
 * Without MckFieldSetGrid the field makes its own grid from the -grid_* options. */
#pragma once
#include <mckean/mckgrid.h>
#include <mckean/mckio.h>
#include <mckean/mckkernel.h>
#include <petscts.h>

typedef struct _p_MckField *MckField;
PETSC_EXTERN PetscClassId   MCK_FIELD_CLASSID;
typedef const char         *MckFieldType;
#define MCKFIELD_FOKKER_PLANCK "fokker_planck"
#define MCKFIELD_ALLEN_CAHN    "allen_cahn"
#define MCKFIELD_CAHN_HILLIARD "cahn_hilliard"

/* The semi-implicit spectral TS type used by allen_cahn and cahn_hilliard: TSStep calls the
 * stepper given by TSMckSemiImplicitSetStepper, which advances u in place from t to t + dt;
 * the TS keeps time, step count, dt (fixed: -ts_dt), the final time and the monitors. */
#define TSMCKSEMIIMPLICIT "mck_semi_implicit"
typedef PetscErrorCode (*TSMckSemiImplicitStepFn)(TS ts, PetscReal t, PetscReal dt, Vec u, void *ctx);
PETSC_EXTERN PetscErrorCode TSMckSemiImplicitSetStepper(TS ts, TSMckSemiImplicitStepFn step, void *ctx);

/* Registers the field layer (fields, sensors, the types, the TS type); called by its constructors. */
PETSC_EXTERN PetscErrorCode MckFieldInitializePackage(void);
PETSC_EXTERN PetscErrorCode MckFieldRegister(const char name[], PetscErrorCode (*create)(MckField));

PETSC_EXTERN PetscErrorCode MckFieldCreate(MPI_Comm comm, MckField *f);
PETSC_EXTERN PetscErrorCode MckFieldSetOptionsPrefix(MckField f, const char prefix[]);
PETSC_EXTERN PetscErrorCode MckFieldSetGrid(MckField f, MckGrid grid);
PETSC_EXTERN PetscErrorCode MckFieldGetGrid(MckField f, MckGrid *grid);
PETSC_EXTERN PetscErrorCode MckFieldSetType(MckField f, MckFieldType type);
PETSC_EXTERN PetscErrorCode MckFieldGetType(MckField f, MckFieldType *type);
PETSC_EXTERN PetscErrorCode MckFieldSetSeed(MckField f, PetscInt seed);
PETSC_EXTERN PetscErrorCode MckFieldSetFromOptions(MckField f);
PETSC_EXTERN PetscErrorCode MckFieldSetUp(MckField f);
PETSC_EXTERN PetscErrorCode MckFieldSolve(MckField f, PetscReal tfinal);
PETSC_EXTERN PetscErrorCode MckFieldStep(MckField f);
PETSC_EXTERN PetscErrorCode MckFieldGetSolution(MckField f, Vec *u);
PETSC_EXTERN PetscErrorCode MckFieldGetQuantity(MckField f, const char **name);
PETSC_EXTERN PetscErrorCode MckFieldGetTime(MckField f, PetscReal *t);
PETSC_EXTERN PetscErrorCode MckFieldGetStepNumber(MckField f, PetscInt *step);
PETSC_EXTERN PetscErrorCode MckFieldGetTS(MckField f, TS *ts);
PETSC_EXTERN PetscErrorCode MckFieldGetMass(MckField f, PetscReal *mass);
PETSC_EXTERN PetscErrorCode MckFieldGetEnergy(MckField f, PetscReal *energy);
PETSC_EXTERN PetscErrorCode MckFieldGetDiagnostic(MckField f, const char **name, PetscReal *value);
PETSC_EXTERN PetscErrorCode MckFieldView(MckField f, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckFieldDestroy(MckField *f);

/* Output and checkpoints. A run (MckRunAddObject) calls Config, Save and Load itself. */
PETSC_EXTERN PetscErrorCode MckFieldConfig(MckField f, MckIO io, PetscBool check);
PETSC_EXTERN PetscErrorCode MckFieldSave(MckField f, MckIO io, const char group[]);
PETSC_EXTERN PetscErrorCode MckFieldLoad(MckField f, MckIO io, const char group[]);
PETSC_EXTERN PetscErrorCode MckFieldWriteSolution(MckField f, MckIO io, const char dset[]);
PETSC_EXTERN PetscErrorCode MckFieldAppendSolution(MckField f, MckIO io, const char dset[]);
PETSC_EXTERN PetscErrorCode MckFieldWriteLayout(MckField f, MckIO io, const char group[]);
PETSC_EXTERN PetscErrorCode MckFieldWriteXDMF(MckField f, MckIO io, const char dset[], MckSeries times);
PETSC_EXTERN PetscErrorCode MckFieldCreateSeries(MckField f, MckSeries *series);
PETSC_EXTERN PetscErrorCode MckFieldRecord(MckField f, MckSeries series, const char **name, PetscReal *value);

/* ---- fokker_planck ----------------------------------------------------------------------
 * Options: -fp_temperature T (> 0), -fp_potentials harmonic,double_well (the shared potentials,
 * summed; default none), -fp_interaction (W from the -mf_* options; default off),
 * -fp_jacobian shell|aij, -field_init uniform|gaussian|cosine|gibbs (docs/field.md). The setters
 * must come before MckFieldSetUp (after MckFieldSetFromOptions, which may override them). */
PETSC_EXTERN PetscErrorCode MckFieldFPSetTemperature(MckField f, PetscReal T);
PETSC_EXTERN PetscErrorCode MckFieldFPGetTemperature(MckField f, PetscReal *T);
PETSC_EXTERN PetscErrorCode MckFieldFPSetKernel(MckField f, const MckKernel *W);
PETSC_EXTERN PetscErrorCode MckFieldFPAddPotential(MckField f, const MckPotential *V);
PETSC_EXTERN PetscErrorCode MckFieldFPGetPotential(MckField f, Vec *U);
PETSC_EXTERN PetscErrorCode MckFieldFPGetOrderParameter(MckField f, PetscReal *r);

/* ---- allen_cahn / cahn_hilliard ---------------------------------------------------------
 * Options (prefix ac_ or ch_): -ac_epsilon eps (interface width), -ac_stabilization S (>= 0; the
 * scheme is energy stable for S >= 1 when |u| <= 1); the initial field is -field_init_mean
 * plus uniform noise of amplitude -field_init_amplitude (keyed by grid index and seed). */
PETSC_EXTERN PetscErrorCode MckFieldPhaseGetLength(MckField f, PetscReal *length);
