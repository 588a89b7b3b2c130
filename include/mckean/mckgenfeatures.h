/* MckGenFeatures: the feature model of a learned drift (docs/gen.md).
 *
 *   phi(t, x) = T(t) ⊗ psi(x),   phi_{k px + j}(t, x) = T_k(t) psi_j(x),   p = nt px,
 *
 * a time basis T_0..T_{nt-1} (-features_time_basis hat: piecewise-linear hats on nt equispaced
 * nodes of [0, 1], or legendre: P_k(2t - 1); -features_time_size nt) times the space features
 * psi of the type (-features_type):
 *   rff      the affine part (1, x_1 .. x_d) and m random Fourier features (Rahimi & Recht 2007)
 *            sqrt(2/m) cos(w_j . x + b_j), w_j ~ N(0, I / l^2), b_j ~ U(0, 2 pi), keyed by feature
 *            j and -features_seed (-features_rff_n m, -features_rff_lengthscale l): px = 1 + d + m;
 *   hermite  products of normalised Hermite polynomials He_k(x_a / s) / sqrt(k!) of total degree
 *            <= K (-features_hermite_degree K, -features_hermite_scale s): px = C(K + d, d);
 *   fourier  the affine part and products of 1, cos(2 pi k x_a / L), sin(2 pi k x_a / L) of total
 *            frequency 1 <= sum k <= K (-features_fourier_modes K, -features_fourier_length L).
 * Points are row-major (n x d); features are row-major (n x px or n x p). The space features of
 * n points cost one DGEMM (rff) or O(n px) multiplications; the time basis is applied to
 * coefficients instead where t is common to all points (MckGenFeaturesTimeBasis). */
#pragma once
#include <mckean/mckgentarget.h>

typedef struct _p_MckGenFeatures *MckGenFeatures;
PETSC_EXTERN PetscClassId         MCK_GENFEATURES_CLASSID;

typedef const char *MckGenFeaturesType;
#define MCKGENFEATURES_RFF     "rff"
#define MCKGENFEATURES_HERMITE "hermite"
#define MCKGENFEATURES_FOURIER "fourier"

typedef struct {
  PetscErrorCode (*setfromoptions)(MckGenFeatures, PetscOptionItems *);
  /* set the number of space features (MckGenFeaturesSetSpaceSize) and build what they need */
  PetscErrorCode (*setup)(MckGenFeatures);
  /* Psi[i * px + j] = psi_j(x_i) for n row-major points X */
  PetscErrorCode (*space)(MckGenFeatures, PetscInt n, const PetscReal X[], PetscReal Psi[]);
  PetscErrorCode (*view)(MckGenFeatures, PetscViewer);
  PetscErrorCode (*destroy)(MckGenFeatures);
  /* record (check = PETSC_FALSE) or compare the type's settings in a checkpoint (MckIOConfigInt) */
  PetscErrorCode (*config)(MckGenFeatures, MckIO, PetscBool check);
} MckGenFeaturesOps;
typedef PetscErrorCode (*MckGenFeaturesCreateFn)(MckGenFeatures f, MckGenFeaturesOps *ops, void **data);
PETSC_EXTERN PetscErrorCode MckGenFeaturesRegister(const char name[], MckGenFeaturesCreateFn create);

PETSC_EXTERN PetscErrorCode MckGenFeaturesCreate(MPI_Comm comm, MckGenFeatures *f);
PETSC_EXTERN PetscErrorCode MckGenFeaturesSetType(MckGenFeatures f, MckGenFeaturesType type);
PETSC_EXTERN PetscErrorCode MckGenFeaturesGetType(MckGenFeatures f, MckGenFeaturesType *type);
PETSC_EXTERN PetscErrorCode MckGenFeaturesSetOptionsPrefix(MckGenFeatures f, const char prefix[]);
PETSC_EXTERN PetscErrorCode MckGenFeaturesSetFromOptions(MckGenFeatures f);
PETSC_EXTERN PetscErrorCode MckGenFeaturesSetDimension(MckGenFeatures f, PetscInt dim);
PETSC_EXTERN PetscErrorCode MckGenFeaturesSetUp(MckGenFeatures f);
PETSC_EXTERN PetscErrorCode MckGenFeaturesGetSizes(MckGenFeatures f, PetscInt *p, PetscInt *px, PetscInt *nt);
PETSC_EXTERN PetscErrorCode MckGenFeaturesSpace(MckGenFeatures f, PetscInt n, const PetscReal X[], PetscReal Psi[]);
PETSC_EXTERN PetscErrorCode MckGenFeaturesTimeBasis(MckGenFeatures f, PetscReal t, PetscReal T[]);
PETSC_EXTERN PetscErrorCode MckGenFeaturesEvaluate(MckGenFeatures f, PetscInt n, const PetscReal t[],
                                                   const PetscReal X[], PetscReal Psi[], PetscReal Phi[]);
PETSC_EXTERN PetscErrorCode MckGenFeaturesConfig(MckGenFeatures f, MckIO io, PetscBool check);
PETSC_EXTERN PetscErrorCode MckGenFeaturesView(MckGenFeatures f, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckGenFeaturesDestroy(MckGenFeatures *f);
/* for types */
PETSC_EXTERN PetscErrorCode MckGenFeaturesGetTypeData(MckGenFeatures f, void **data);
PETSC_EXTERN PetscErrorCode MckGenFeaturesSetSpaceSize(MckGenFeatures f, PetscInt px);
PETSC_EXTERN PetscErrorCode MckGenFeaturesGetDimension(MckGenFeatures f, PetscInt *dim);
PETSC_EXTERN PetscErrorCode MckGenFeaturesGetSeed(MckGenFeatures f, PetscInt *seed);
