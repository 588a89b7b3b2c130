/* The MckField object as a field type sees it: what a type's constructor fills and the helpers
 * its numerics use. A type is one file with a constructor registered by MckFieldRegister()
 * (src/field/fokker_planck.c and phase_field.c are the built-in ones; docs/architecture.md,
 * "A field type", walks through a new one).
 *
 * The constructor sets f->data (the type's own state), f->quantity (the name of the solution,
 * e.g. "rho" or "u"), f->diagnostic (the name of its headline number, or NULL) and the ops it
 * provides; MckFieldSetType() calls it, and calls the
 * previous type's destroy first. The base object calls, in this order:
 *   setfromoptions  the type's own options, inside its own PetscOptionsBegin(f->comm,
 *                   ((PetscObject)f)->prefix, "<its title>", NULL) so that they follow the
 *                   field's prefix and -help lists them in a section of their own (optional)
 *   setup           after the grid, the solution Vec and the TS exist, before TSSetFromOptions:
 *                   set the TS's type, functions and default time step (required)
 *   initial         fill the initial condition (required)
 *   energy          the free energy the scheme dissipates (required)
 *   diagnostic      the value of the type's headline number (order parameter, length; optional)
 *   config          record/compare the settings a checkpoint depends on (optional)
 *   view, destroy   (optional) */
#pragma once
#include <mckean/mckfield.h>
#include <mckean/mckstats.h>
#include <petsc/private/petscimpl.h>

typedef struct _MckFieldOps *MckFieldOps;
struct _MckFieldOps {
  PetscErrorCode (*setfromoptions)(MckField);
  PetscErrorCode (*setup)(MckField);
  PetscErrorCode (*initial)(MckField, Vec u);
  PetscErrorCode (*energy)(MckField, PetscReal *);
  PetscErrorCode (*diagnostic)(MckField, PetscReal *value);
  PetscErrorCode (*config)(MckField, MckIO, PetscBool check);
  PetscErrorCode (*view)(MckField, PetscViewer);
  PetscErrorCode (*destroy)(MckField);
};

#define MCK_FIELD_NSUMS 4

struct _p_MckField {
  PETSCHEADER(struct _MckFieldOps);
  void       *data;       /* the type's state */
  const char *quantity;   /* the solution's name, set by the type ("rho", "u") */
  const char *diagnostic; /* the name of the type's headline number, or NULL */
  MPI_Comm    comm;
  MckGrid     grid;
  PetscBool   owngrid, setup; /* owngrid: the field made its grid and reads the grid's options */
  PetscBool   help;           /* -help: the types' setup configures the TS and allocates nothing */
  PetscInt    nvecs;          /* grid vectors the type holds besides u and work (the memory check) */
  TS          ts;
  Vec         u, work; /* solution; a scratch grid Vec for the types */
  PetscInt    seed;
  PetscReal   cell;  /* h^d: the volume of one grid cell */
  PetscReal   dt;    /* the time step of the options: each solve starts from it */
  MckStats    stats; /* reproducible sums: one component per quantity, MCK_FIELD_NSUMS */
};

/* Helpers for the types' numerics (manual pages in src/field/field.c). */
PETSC_EXTERN PetscErrorCode MckFieldIntegrate(MckField f, PetscInt nvec, const PetscScalar *const a[],
                                              PetscReal integral[]);
PETSC_EXTERN PetscErrorCode MckFieldIntegrateVecs(MckField f, PetscInt nvec, Vec v[], PetscReal integral[]);
PETSC_EXTERN PetscErrorCode MckFieldNoise(MckField f, Vec v);
PETSC_EXTERN PetscErrorCode MckFieldGetOwnedBox(MckField f, PetscInt start[3], PetscInt count[3]);
