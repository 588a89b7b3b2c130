/* MckField internals shared by field.c (object, lifecycle, sums, I/O) and the type files. */
#pragma once
#include <mckean/mckfield.h>
#include <mckean/mckstats.h>

typedef struct {
  PetscErrorCode (*setfromoptions)(MckField);
  /* after the grid, the solution Vec and the TS exist, before TSSetFromOptions: set the TS's
   * type, functions and defaults */
  PetscErrorCode (*setup)(MckField);
  PetscErrorCode (*initial)(MckField, Vec u); /* fill the initial condition */
  PetscErrorCode (*energy)(MckField, PetscReal *);
  PetscErrorCode (*config)(MckField, MckIO, PetscBool check);
  PetscErrorCode (*view)(MckField, PetscViewer);
  PetscErrorCode (*destroy)(MckField);
} MckFieldOps;

struct _p_MckField {
  MPI_Comm    comm;
  char        type[64];
  MckFieldOps ops;
  void       *data;
  MckGrid     grid;
  PetscBool   owngrid, setup;
  TS          ts;
  Vec         u, work; /* solution; a scratch grid Vec for the types */
  PetscInt    seed;
  PetscReal   cell; /* h^d: the volume of one grid cell */
  PetscReal   dt;   /* the time step of the options: each solve starts from it */
  MckStats    stats;   /* reproducible sums: one component per quantity, MCK_FIELD_NSUMS */
};

#define MCK_FIELD_NSUMS 4

/* Reproducible integrals h^d sum_i a_i of nvec local arrays of grid values (the owned points
 * of a grid Vec), one Reduce for all: rows of the x axis are summed in a fixed order and added
 * exactly (MckStats), so the result does not depend on the rank count. Collective. */
PETSC_INTERN PetscErrorCode MckFieldIntegrate(MckField f, PetscInt nvec, const PetscScalar *const a[], PetscReal integral[]);
/* The same for grid Vecs. */
PETSC_INTERN PetscErrorCode MckFieldIntegrateVecs(MckField f, PetscInt nvec, Vec v[], PetscReal integral[]);
/* Deterministic uniform noise in (-1, 1) at the owned points (keyed by global index). */
PETSC_INTERN PetscErrorCode MckFieldNoise(MckField f, Vec v);
/* Coordinates of local point p (owned points in the Vec's order). */
PETSC_INTERN PetscErrorCode MckFieldGetOwnedBox(MckField f, PetscInt start[3], PetscInt count[3]);

PETSC_INTERN PetscErrorCode MckFieldCreate_FokkerPlanck(MckField);
PETSC_INTERN PetscErrorCode MckFieldCreate_AllenCahn(MckField);
PETSC_INTERN PetscErrorCode MckFieldCreate_CahnHilliard(MckField);
PETSC_INTERN PetscErrorCode TSCreate_MckSemiImplicit(TS);
PETSC_INTERN PetscLogEvent MCK_EVENT_FieldStep, MCK_EVENT_FieldResidual, MCK_EVENT_FieldJacobian, MCK_EVENT_FieldEnergy;
