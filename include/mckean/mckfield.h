/* MckField: PDE solvers on an MckGrid through PETSc TS (DESIGN.md §2, issue 3; docs/field.md).
 *
 * Types (-field_type, registered by name with MckFieldRegister):
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
 * The solution is a global Vec of the grid's DMDA (rho: density, integral 1 by default; u: the
 * phase field). Time, step number and time step are the TS's.
 *
 * Lifecycle: MckFieldCreate, [MckFieldSetGrid], MckFieldSetType, MckFieldSetFromOptions,
 * MckFieldSetUp (fills the initial condition), [change the solution Vec], then MckFieldSolve
 * (to a final time) or MckFieldStep (one step), MckFieldDestroy. Without MckFieldSetGrid the
 * field creates its own grid from the -grid_* options. */
#pragma once
#include <mckean/mckgrid.h>
#include <mckean/mckio.h>
#include <mckean/mckkernel.h>
#include <petscts.h>

typedef struct _p_MckField *MckField;
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

PETSC_EXTERN PetscErrorCode MckFieldCreate(MPI_Comm comm, MckField *f);
/* Use this grid (referenced, not copied; it may be set up or not). */
PETSC_EXTERN PetscErrorCode MckFieldSetGrid(MckField f, MckGrid grid);
PETSC_EXTERN PetscErrorCode MckFieldGetGrid(MckField f, MckGrid *grid);
PETSC_EXTERN PetscErrorCode MckFieldSetType(MckField f, MckFieldType type);
PETSC_EXTERN PetscErrorCode MckFieldGetType(MckField f, MckFieldType *type);
/* Seed of random initial conditions (noise keyed by the global grid index: rank-independent). */
PETSC_EXTERN PetscErrorCode MckFieldSetSeed(MckField f, PetscInt seed);
/* -field_type, the type's options (prefixes fp_, ac_, ch_), the grid's (-grid_*) if the field
 * owns it; the TS's -ts_* options are read by MckFieldSetUp. */
PETSC_EXTERN PetscErrorCode MckFieldSetFromOptions(MckField f);
/* Sets up the grid (if needed), the TS and the initial condition (-field_init ...). */
PETSC_EXTERN PetscErrorCode MckFieldSetUp(MckField f);
/* Advance to time tfinal (the last step is shortened to land on it). */
PETSC_EXTERN PetscErrorCode MckFieldSolve(MckField f, PetscReal tfinal);
/* One time step of the TS. */
PETSC_EXTERN PetscErrorCode MckFieldStep(MckField f);
/* The solution Vec (owned by the field; change its values only between steps). */
PETSC_EXTERN PetscErrorCode MckFieldGetSolution(MckField f, Vec *u);
PETSC_EXTERN PetscErrorCode MckFieldGetTime(MckField f, PetscReal *t);
PETSC_EXTERN PetscErrorCode MckFieldGetStepNumber(MckField f, PetscInt *step);
PETSC_EXTERN PetscErrorCode MckFieldGetTS(MckField f, TS *ts);
/* Integral of the solution over the box, h^d sum_i u_i (reproducible on any rank count). */
PETSC_EXTERN PetscErrorCode MckFieldGetMass(MckField f, PetscReal *mass);
/* The discrete free energy the scheme dissipates (docs/field.md; reproducible sum). */
PETSC_EXTERN PetscErrorCode MckFieldGetEnergy(MckField f, PetscReal *energy);
PETSC_EXTERN PetscErrorCode MckFieldView(MckField f, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckFieldDestroy(MckField *f);

/* Checkpoint support: record (check = FALSE) or compare (check = TRUE) the settings a
 * checkpoint depends on (type, grid, model parameters, time-stepping type); write/read the
 * state (solution, time, step, time step) under group[] (e.g. "/checkpoint/field"). After
 * MckFieldLoad the run continues bitwise identically to an uninterrupted one (same rank count). */
PETSC_EXTERN PetscErrorCode MckFieldConfig(MckField f, MckIO io, PetscBool check);
PETSC_EXTERN PetscErrorCode MckFieldSave(MckField f, MckIO io, const char group[]);
PETSC_EXTERN PetscErrorCode MckFieldLoad(MckField f, MckIO io, const char group[]);
/* Write the solution as dataset dset[] (global shape n_z x n_y x n_x, C order, i.e. x fastest)
 * or append it to an extendible series dset[] of shape (nsnap, n_z, n_y, n_x). Collective. */
PETSC_EXTERN PetscErrorCode MckFieldWriteSolution(MckField f, MckIO io, const char dset[]);
PETSC_EXTERN PetscErrorCode MckFieldAppendSolution(MckField f, MckIO io, const char dset[]);

/* A field type's constructor fills the type's ops (see src/field/fieldimpl.h). */
PETSC_EXTERN PetscErrorCode MckFieldRegister(const char name[], PetscErrorCode (*create)(MckField));
PETSC_EXTERN PetscErrorCode MckFieldInitializePackage(void);

/* ---- fokker_planck ----------------------------------------------------------------------
 * Options: -fp_temperature T (> 0), -fp_potentials harmonic,double_well (the shared potentials,
 * summed; default none), -fp_interaction (W from the -mf_* options; default off),
 * -fp_jacobian shell|aij, -field_init uniform|gaussian|cosine|gibbs (see docs/field.md). Programmatic setters must come
 * before MckFieldSetFromOptions (which may override them) or, at the latest, before SetUp. */
PETSC_EXTERN PetscErrorCode MckFieldFPSetTemperature(MckField f, PetscReal T);
PETSC_EXTERN PetscErrorCode MckFieldFPGetTemperature(MckField f, PetscReal *T);
/* Replace the interaction kernel (copied) and switch it on. */
PETSC_EXTERN PetscErrorCode MckFieldFPSetKernel(MckField f, const MckKernel *W);
/* Add an external potential (copied). */
PETSC_EXTERN PetscErrorCode MckFieldFPAddPotential(MckField f, const MckPotential *V);
/* The total potential U = V + W * rho of the current solution (a grid Vec owned by the field,
 * overwritten by the next step, energy or order-parameter evaluation). */
PETSC_EXTERN PetscErrorCode MckFieldFPGetPotential(MckField f, Vec *U);
/* |integral rho exp(2 pi i x_0 / L_0)| / mass: the Kuramoto order parameter r of the particle
 * drift fourier_meanfield (mode e_1). */
PETSC_EXTERN PetscErrorCode MckFieldFPGetOrderParameter(MckField f, PetscReal *r);

/* ---- allen_cahn / cahn_hilliard ---------------------------------------------------------
 * Options (prefix ac_ or ch_): -ac_epsilon eps (interface width), -ac_stabilization S (>= 0; the
 * scheme is energy stable for S >= 1 when |u| <= 1); the initial field is -field_init_mean
 * plus uniform noise of amplitude -field_init_amplitude (keyed by grid index and seed). */
/* Characteristic length 2 pi / <|k|> of the power spectrum (coarsening diagnostic). */
PETSC_EXTERN PetscErrorCode MckFieldPhaseGetLength(MckField f, PetscReal *length);
