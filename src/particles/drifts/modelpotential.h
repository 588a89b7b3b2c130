/* The drifts of the shared external potentials (mckkernel.h): one implementation, one
 * constructor per kind (harmonic.c, double_well.c). */
#pragma once
#include <mckean/mckdriftimpl.h>
#include <mckean/mckkernel.h>

PETSC_INTERN PetscErrorCode MckDriftCreate_ModelPotential(MckDrift d, MckPotentialKind kind);
