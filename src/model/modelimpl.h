/* Private state of MckModel, shared by the object (model.c) and the model files (models/). */
#pragma once
#include <mckean/mckmodel.h>

typedef struct {
  PetscErrorCode (*setfromoptions)(MckModel, PetscOptionItems *);
  PetscErrorCode (*setup)(MckModel);
  /* dynamical models: f = dx/dt at time t (used by the shared RK4 stepper) */
  PetscErrorCode (*rhs)(MckModel, PetscReal t, Vec x, Vec f);
  PetscErrorCode (*forward)(MckModel, Vec u, Vec g, PetscBool *failed);
  PetscErrorCode (*createstatevec)(MckModel, Vec *);
  PetscErrorCode (*createdatavec)(MckModel, Vec *);
  PetscErrorCode (*physicalfield)(MckModel, Vec u, Vec *field, DM *dm);
  PetscErrorCode (*config)(MckModel, MckIO, PetscBool check);
  PetscErrorCode (*view)(MckModel, PetscViewer);
  PetscErrorCode (*destroy)(MckModel);
} MckModelOps;

struct _p_MckModel {
  MPI_Comm     comm;
  char         type[64];
  MckModelKind kind;
  PetscInt     n, ndata; /* set by the type's setup */
  PetscReal    dt;       /* dynamical models: -model_dt */
  Vec          k[4], xs; /* RK4 stages and stage state, created at SetUp for dynamical models */
  PetscBool    setup;
  MckModelOps  ops;
  void        *data;
};

PETSC_INTERN PetscLogEvent MCK_EVENT_ModelAdvance, MCK_EVENT_ModelForward;

PETSC_INTERN PetscErrorCode MckModelCreate_Lorenz96(MckModel);
PETSC_INTERN PetscErrorCode MckModelCreate_Lorenz63(MckModel);
PETSC_INTERN PetscErrorCode MckModelCreate_Linear(MckModel);
PETSC_INTERN PetscErrorCode MckModelCreate_Darcy(MckModel);
PETSC_INTERN PetscErrorCode MckModelCreate_MckeanVlasov(MckModel);

/* Destroy the type's data and clear its operations (before a new type takes over). */
PETSC_INTERN PetscErrorCode MckModelResetType(MckModel m);
/* Raise a usage error unless m is of the named type (for the type-specific helpers). */
PETSC_INTERN PetscErrorCode MckModelCheckType(MckModel m, const char type[], const char caller[]);
/* *failed = TRUE on every rank of comm if any local entry of x is NaN or Inf. */
PETSC_INTERN PetscErrorCode MckModelVecNonFinite(Vec x, PetscBool *failed);
