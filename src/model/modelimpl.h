/* Private to the model layer: the MckModel object, the operations a model type provides, and
 * the helpers the type files share. A type is one file whose constructor fills m->ops and
 * m->data (registered in registry.c); see docs/architecture.md, "A forward model". */
#pragma once
#include <mckean/mckmodel.h>
#include <mckean/mcktyped.h>
#include <petsc/private/petscimpl.h>

typedef struct _MckModelOps *MckModelOps;
struct _MckModelOps {
  /* the type's own options, inside the object's PetscObjectOptionsBegin() */
  PetscErrorCode (*setfromoptions)(MckModel, PetscOptionItems *);
  /* sizes (m->n, m->ndata) and whatever a step or a forward solve needs */
  PetscErrorCode (*setup)(MckModel);
  /* dynamical models: f = dx/dt at time t (stepped by the shared RK4 of step.c) */
  PetscErrorCode (*rhs)(MckModel, PetscReal t, Vec x, Vec f);
  /* optional, dynamical models: the same f = dx/dt on plain arrays of the whole state (length
   * n), used when the member lives on one rank: step.c then advances it in one tight loop with
   * no vector objects per stage (the same operations, so the same bits as through rhs) */
  PetscErrorCode (*rhsarray)(MckModel, PetscReal t, const PetscReal x[], PetscReal f[]);
  /* optional, with rhsarray: nsteps RK4 steps of each of nx whole states x[k][0..n) and their
   * checks (not finite, beyond the limits), the rate inlined into MckRK4StepArray (the same
   * operations, so the same bits); one call for a rank's members */
  PetscErrorCode (*advancearrays)(MckModel, PetscReal t, PetscInt nsteps, PetscInt nx, PetscReal *const x[],
                                  PetscBool failed[]);
  /* inverse models: g = G(u); *failed when the solve failed (not an error) */
  PetscErrorCode (*forward)(MckModel, Vec u, Vec g, PetscBool *failed);
  /* optional: the layout of the state and the data (default: PETSC_DECIDE on the model's comm) */
  PetscErrorCode (*createstatevec)(MckModel, Vec *);
  PetscErrorCode (*createdatavec)(MckModel, Vec *);
  /* optional: the state a run starts from (default: zero, the prior mean of an inverse model) */
  PetscErrorCode (*initialstate)(MckModel, Vec);
  /* optional, not collective: *outside = TRUE when this rank's part x[0..nlocal) of a finite
   * state lies beyond the limits the model defines (docs/ensemble.md, failed members) */
  PetscErrorCode (*outsidelimits)(MckModel, PetscInt nlocal, const PetscReal x[], PetscBool *outside);
  PetscErrorCode (*physicalfield)(MckModel, Vec u, Vec *field, DM *dm);
  /* optional: the exact posterior of a linear-Gaussian problem */
  PetscErrorCode (*gaussianposterior)(MckModel, const PetscReal gamma[], const PetscReal y[], PetscReal mean[],
                                      PetscReal cov[]);
  /* optional: what a reader of the results needs to interpret u and G(u) (prior, sensors, ...) */
  PetscErrorCode (*writedesign)(MckModel, MckIO, const char group[]);
  PetscErrorCode (*config)(MckModel, MckIO, PetscBool check);
  PetscErrorCode (*view)(MckModel, PetscViewer);
  PetscErrorCode (*destroy)(MckModel);
};

struct _p_MckModel {
  PETSCHEADER(struct _MckModelOps);
  void        *data;    /* the type's state */
  MPI_Comm     comm;    /* the member's communicator */
  MPI_Comm     memcomm; /* the ranks setting up models with this one (MckModelSetMemoryComm): the memory checks */
  MckModelKind kind;
  PetscInt     n, ndata; /* set by the type's setup */
  /* the periodic grid of the state (MckModelGetGridShape): a type whose state is a grid sets
   * griddim and gridsizes in its setup, with prod(gridsizes) = n; 0 means the 1D grid of n */
  PetscInt   griddim, gridsizes[MCK_MODEL_MAX_DIM];
  PetscReal  dt;       /* dynamical models: -model_dt */
  Vec        k[4], xs; /* RK4 stages and stage state, created at SetUp for dynamical models */
  PetscReal *rk;       /* 5 n: the array stages (rhsarray on one rank), else NULL */
  PetscBool  setup;
  PetscBool  help; /* -help: the type checks its sizes and allocates nothing large (allen_cahn: no DMDA) */
};

PETSC_INTERN PetscFunctionList MckModelList;

PETSC_INTERN PetscErrorCode MckModelCreate_Lorenz96(MckModel);
PETSC_INTERN PetscErrorCode MckModelCreate_Lorenz63(MckModel);
PETSC_INTERN PetscErrorCode MckModelCreate_Linear(MckModel);
PETSC_INTERN PetscErrorCode MckModelCreate_Darcy(MckModel);
PETSC_INTERN PetscErrorCode MckModelCreate_MckeanVlasov(MckModel);
PETSC_INTERN PetscErrorCode MckModelCreate_AllenCahn(MckModel);

/* Destroy the type's data and clear its operations (before a new type takes over). */
PETSC_INTERN PetscErrorCode MckModelResetType(MckModel m);
/* The destroy of a type whose data holds nothing to release but itself. */
PETSC_INTERN PetscErrorCode MckModelDestroyData(MckModel m);
/* Raise an ordering error unless m is set up (caller names the function). */
PETSC_INTERN PetscErrorCode MckModelCheckSetUp(MckModel m, const char caller[]);
/* *failed = TRUE on every rank of comm if any local entry of x is NaN or Inf. */
PETSC_INTERN PetscErrorCode MckModelVecNonFinite(Vec x, PetscBool *failed);
/* A type whose state is a periodic DMDA (dmda.c): its data starts with this, so the shared
 * createstatevec and destroy operations and the right-hand side's preamble find the grid. */
typedef struct {
  DM  da;
  Vec local; /* ghosted local copy of the stage state */
} MckModelDMDA;
PETSC_INTERN PetscErrorCode MckModelCreateStateVec_DMDA(MckModel m, Vec *x);
PETSC_INTERN PetscErrorCode MckModelDestroy_DMDA(MckModel m);
/* The ghosted local copy of x (the grid's array type in *xa, read only) and f's array in *fa. */
PETSC_INTERN PetscErrorCode MckModelDMDAGetArrays(MckModel m, Vec x, Vec f, void *xa, void *fa);
PETSC_INTERN PetscErrorCode MckModelDMDARestoreArrays(MckModel m, Vec f, void *xa, void *fa);
/* step.c: the array stages when the type has rhsarray and the member lives on one rank */
PETSC_INTERN PetscErrorCode MckModelSetUpArrayStepper(MckModel m);

/* a[0..n): not finite (NaN or Inf) anywhere. One branch-free pass the compiler vectorises (a
 * select into a real flag: an integer or of the comparisons does not vectorise for the x86-64
 * baseline); PetscIsInfOrNanReal() is two calls into the PETSc library per value, which cost
 * as much as the RK4 step of a small member. */
static inline PetscBool MckArrayNonFinite(PetscInt n, const PetscReal a[])
{
  PetscReal bad = 0;

  for (PetscInt i = 0; i < n; i++) bad = PetscAbsReal(a[i]) <= PETSC_MAX_REAL ? bad : 1;
  return (PetscBool)(bad != 0);
}

/* One classical RK4 step of a whole state x[0..n) at time t, stages in k[0..5n): the rate is
 * a function the compiler inlines where it is a constant (a type's advancearrays, with n a
 * constant too), and the operations per component and their order are those of the vector
 * stepper in step.c (stage factors 0.5 h and h / 6 formed first), so the bits are the same.
 * *beyond (unless beyond is NULL): some new x_i has |x_i| > bound or is not finite (!(|x_i| <=
 * bound) is true for NaN too), found in the final update itself, so the member's check makes no
 * pass of its own. */
static inline PetscErrorCode
MckRK4StepArray(MckModel m, PetscErrorCode (*rate)(MckModel, PetscReal, const PetscReal *, PetscReal *), PetscInt n,
                PetscReal t, PetscReal *restrict x, PetscReal *restrict k, PetscReal bound, PetscBool *beyond)
{
  const PetscReal h = m->dt, hh = 0.5 * h, w = m->dt / 6.0;
  PetscReal *restrict k1 = k, *restrict k2 = k1 + n, *restrict k3 = k2 + n, *restrict k4 = k3 + n,
                      *restrict xs = k4 + n;

  PetscFunctionBeginUser;
  PetscCall(rate(m, t, x, k1));
  for (PetscInt i = 0; i < n; i++) xs[i] = x[i] + hh * k1[i];
  PetscCall(rate(m, t + 0.5 * h, xs, k2));
  for (PetscInt i = 0; i < n; i++) xs[i] = x[i] + hh * k2[i];
  PetscCall(rate(m, t + 0.5 * h, xs, k3));
  for (PetscInt i = 0; i < n; i++) xs[i] = x[i] + h * k3[i];
  PetscCall(rate(m, t + h, xs, k4));
  if (!beyond) {
    for (PetscInt i = 0; i < n; i++) x[i] += w * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
  } else {
    PetscReal out = 0;
    for (PetscInt i = 0; i < n; i++) {
      x[i] += w * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
      out = PetscAbsReal(x[i]) <= bound ? out : 1; /* a select, not an integer or: vectorised with the update */
    }
    *beyond = (PetscBool)(out != 0);
  }
  PetscFunctionReturn(0);
}
