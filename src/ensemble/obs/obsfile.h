/* A list of observations and its HDF5 form (obsfile.c; docs/ensemble.md "Observation file"):
 * group <g> with datasets value, variance, time (each of shape (nobs)), coordinate (nobs) on
 * the 1D state, (nobs, d) on a grid of d > 1 axes, and the attributes operator (the observation
 * operator's name), state_size (n) and, on a grid, grid (its sizes). */
#pragma once
#include <mckean/mckio.h>

typedef struct {
  PetscInt   nobs, cap;
  PetscInt   dim; /* coordinates per observation (coord is nobs x dim, row-major); 0 or 1: the 1D state */
  PetscReal *value, *variance, *coord, *time;
  char       op[64];
} MckEnsObsList;

/* Append m observations at time t (m rows of dim coordinates; growing the arrays geometrically).
 * Not collective. */
PETSC_INTERN PetscErrorCode MckEnsObsListAppend(MckEnsObsList *, PetscInt m, const PetscReal value[],
                                                const PetscReal variance[], const PetscReal coord[], PetscReal t);
/* Write the list as group (replicated data, rank 0 writes) for a state of n components on the
 * grid of dim axes of the given sizes (dim 1: the 1D state, sizes unused). Collective. */
PETSC_INTERN PetscErrorCode MckEnsObsListWrite(MckIO io, const char group[], PetscInt n, PetscInt dim,
                                               const PetscInt sizes[], const MckEnsObsList *);
/* Read group, checked against a state of n components on the grid of dim axes of the given sizes
 * (dim 1: the 1D state, sizes unused; sets the list's dim): every bad input is one line that
 * begins with what (e.g. "-da_obs_file obs.h5") and names the observation's index in the file.
 * slice: each rank reads its contiguous 1/P of the rows (the ranks' lists in rank order are the
 * file's); else every rank the whole. Collective. */
PETSC_INTERN PetscErrorCode MckEnsObsListRead(MPI_Comm comm, MckIO io, const char group[], const char what[],
                                              PetscInt n, PetscInt dim, const PetscInt sizes[], PetscBool slice,
                                              MckEnsObsList *);
PETSC_INTERN PetscErrorCode MckEnsObsListDestroy(MckEnsObsList *);
/* Irregular times (schedule.c): reorder the list by (cycle, coordinate(s), position in the file),
 * cycle k = the analysis at time (k + 1) period the observation falls in; first[k] (cycles + 1
 * entries, allocated) is where cycle k's observations start. Not collective. */
PETSC_INTERN PetscErrorCode MckEnsObsListSchedule(MckEnsObsList *, PetscReal period, PetscInt cycles, PetscInt **first);
/* The first failing observation over the ranks (distribute.c): each rank gives the key of its
 * first failure (a key that grows with the global position; INT64_MAX: none) and the
 * value that failed; on return every rank has the smallest key and its value. One reduction
 * when none failed. Collective. */
PETSC_INTERN PetscErrorCode MckEnsObsFirstFailure(MPI_Comm comm, PetscInt64 *key, PetscReal *value);
