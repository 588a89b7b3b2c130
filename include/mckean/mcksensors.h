/* MckSensors: smoothed density observations at sensor points of a periodic box, the observation
 * operator shared by a PDE density and a particle system (so both are observed identically).
 *
 * For a weighted point set {x_i, w_i} (particles with w = 1/N, or grid cells with w = h^d rho),
 *   mu^(n)    = sum_i w_i exp(-i k_n . x_i),                         k_n = 2 pi n / L,
 *   rho_l(x)  = (1/|box|) sum_{|n_a| <= K} exp(-l^2 |k_n|^2 / 2) mu^(n) exp(i k_n . x),
 * i.e. the density convolved with a periodic Gaussian of width l (-sensors_width), truncated at
 * |n_a| <= K (-sensors_modes). The truncation error is below exp(-l^2 k_K^2 / 2) of the mean
 * density; SetUp refuses a K for which that exceeds 1e-3. Sensors sit on a regular lattice of
 * -sensors_n points per axis, at cell centres x_a = (j + 1/2) L_a / s_a.
 *
 * The moments are a summary statistic: a caller adds its points one chunk at a time
 * (MckSensorsAddPoints: a partial sum over exactly the points given, in their order), and
 * MckSensorsEnd combines all ranks with one MckStats reduction. When every chunk is a function
 * of global ids only (a particle chunk, a grid line), the values are bitwise identical on any
 * rank count. Memory and work per point: O(K d) for the powers plus one complex product per
 * mode, (2K+1)^d / 2 modes (the Fourier-mode helper of mckfourier.h).
 *
 * A PETSc object (class MCK_SENSORS_CLASSID of the field layer): options prefix
 * (MckSensorsSetOptionsPrefix), -<prefix>sensors_view at set-up, reference counting. */
#pragma once
#include <mckean/mckgrid.h>
#include <mckean/mckio.h>

typedef struct _p_MckSensors *MckSensors;
PETSC_EXTERN PetscClassId     MCK_SENSORS_CLASSID;

PETSC_EXTERN PetscErrorCode MckSensorsCreate(MPI_Comm comm, MckSensors *s);
PETSC_EXTERN PetscErrorCode MckSensorsSetOptionsPrefix(MckSensors s, const char prefix[]);
/* The periodic box (dim sides L). */
PETSC_EXTERN PetscErrorCode MckSensorsSetBox(MckSensors s, PetscInt dim, const PetscReal L[]);
/* -sensors_n (one value or one per axis), -sensors_width l (> 0), -sensors_modes K (1..32). */
PETSC_EXTERN PetscErrorCode MckSensorsSetFromOptions(MckSensors s);
PETSC_EXTERN PetscErrorCode MckSensorsSetUp(MckSensors s);
/* Number of sensors and their coordinates (row-major, nsensors x dim; owned by s). */
PETSC_EXTERN PetscErrorCode MckSensorsGetPoints(MckSensors s, PetscInt *nsensors, PetscInt *dim, const PetscReal **x);
/* Start a measurement (not collective). */
PETSC_EXTERN PetscErrorCode MckSensorsBegin(MckSensors s);
/* Add n points x[a][i] (structure of arrays) with weights w[i], or all with weight wconst when w
 * is NULL. Not collective. */
PETSC_EXTERN PetscErrorCode MckSensorsAddPoints(MckSensors s, PetscInt n, const PetscReal *const x[],
                                                const PetscReal w[], PetscReal wconst);
/* Combine all ranks (one collective) and evaluate rho_l at the sensors: values[nsensors], the
 * same on every rank. */
PETSC_EXTERN PetscErrorCode MckSensorsEnd(MckSensors s, PetscReal values[]);
/* The whole measurement of a density on a grid (cell-centred weights h^d rho; grid lines as
 * chunks). Collective. */
PETSC_EXTERN PetscErrorCode MckSensorsMeasureGrid(MckSensors s, MckGrid g, Vec rho, PetscReal values[]);
PETSC_EXTERN PetscErrorCode MckSensorsConfig(MckSensors s, MckIO io, PetscBool check);
PETSC_EXTERN PetscErrorCode MckSensorsView(MckSensors s, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckSensorsDestroy(MckSensors *s);
