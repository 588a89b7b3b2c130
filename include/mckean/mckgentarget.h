/* MckGenTarget: the distribution a generative sampler learns or samples (docs/gen.md).
 *
 * A target is a type registered by name (-target_type): it may draw samples (training data),
 * evaluate an energy U with exp(-U) proportional to its density (samplers that need no data:
 * SMC), give the exact posterior mean E[x1 | beta x1 + sigma zeta = x], zeta ~ N(0, I), of the
 * Gaussian path through it (the exact drift of interpolants and diffusions, for checks), and
 * its exact mean and covariance. Samples are structure-of-arrays, x[a][i] for a < dim, drawn
 * from an MckRNG keyed by the sample's global id and a step, never by the rank.
 *
 * Built-in types:
 *   gmm           Gaussian mixture in any dimension: -target_gmm_layout ring (K means on a circle
 *                 of radius R in the first two coordinates) or random (means N(0, R^2 I), keyed by
 *                 component and -target_seed); -target_components K, -target_radius R,
 *                 -target_std s (every component N(mu_k, s^2 I), equal weights). Everything known.
 *   checkerboard  2D: uniform on the 8 dark squares of a 4 x 4 board on [-2, 2]^2.
 *   moons         2D: two interleaved half circles with Gaussian noise -target_noise.
 *   funnel        Neal's funnel: x_0 ~ N(0, 9), x_a ~ N(0, exp(x_0)) (a >= 1); energy and moments.
 *   data          rows of an HDF5 dataset (-target_file F, -target_dataset /X: n x d), drawn
 *                 uniformly; moments of the rows.
 *   energy        an unnormalised target exp(-U) with U registered by name
 *                 (MckGenTargetRegisterEnergy; -target_energy NAME; built in: double_well
 *                 U = sum_a (x_a^2 - 1)^2) in -target_dim dimensions.
 * -target_log_z c scales the density of gmm and funnel to exp(-U) = e^c p(x), so that an SMC
 * estimate of log Z can be checked against c. */
#pragma once
#include <mckean/mckrng.h>
#include <mckean/mckio.h>

#define MCK_GEN_MAX_DIM 64

typedef struct _p_MckGenTarget *MckGenTarget;
PETSC_EXTERN PetscClassId       MCK_GENTARGET_CLASSID;
/* Registers the gen layer (targets, features, samplers); called by its constructors. */
PETSC_EXTERN PetscErrorCode MckGenInitializePackage(void);

typedef const char *MckGenTargetType;
#define MCKGENTARGET_GMM          "gmm"
#define MCKGENTARGET_CHECKERBOARD "checkerboard"
#define MCKGENTARGET_MOONS        "moons"
#define MCKGENTARGET_FUNNEL       "funnel"
#define MCKGENTARGET_DATA         "data"
#define MCKGENTARGET_ENERGY       "energy"

/* What a type implements; any may be NULL except setup. A sample of global id g at step s uses
 * the draws 0 .. 2 dim + 3 of stream g at step s. */
typedef struct {
  PetscErrorCode (*setfromoptions)(MckGenTarget, PetscOptionItems *);
  PetscErrorCode (*setup)(MckGenTarget);
  PetscErrorCode (*sample)(MckGenTarget, MckRNG, PetscInt64 gstart, PetscInt n, PetscInt64 step, PetscReal *const x[]);
  PetscErrorCode (*energy)(MckGenTarget, PetscInt n, const PetscReal *const x[], PetscReal U[],
                           PetscReal *const grad[]);
  PetscErrorCode (*denoise)(MckGenTarget, PetscReal beta, PetscReal sigma, PetscInt n, const PetscReal *const x[],
                            PetscReal *const m[]);
  PetscErrorCode (*moments)(MckGenTarget, PetscReal mean[], PetscReal cov[]);
  PetscErrorCode (*view)(MckGenTarget, PetscViewer);
  PetscErrorCode (*destroy)(MckGenTarget);
  /* record (check = PETSC_FALSE) or compare the type's own settings in a checkpoint (MckIOConfig*,
   * keys McKeanOptionName(t, "-option")): a restart with other values is refused */
  PetscErrorCode (*config)(MckGenTarget, MckIO, PetscBool check);
} MckGenTargetOps;
typedef PetscErrorCode (*MckGenTargetCreateFn)(MckGenTarget t, MckGenTargetOps *ops, void **data);
PETSC_EXTERN PetscErrorCode MckGenTargetRegister(const char name[], MckGenTargetCreateFn create);
/* An energy U of the energy type: U[i] = U(x_i) for n points x[a][i], and grad[a][i] = dU/dx_a
 * unless grad is NULL. */
typedef PetscErrorCode (*MckGenEnergyFn)(PetscInt dim, PetscInt n, const PetscReal *const x[], PetscReal U[],
                                         PetscReal *const grad[]);
PETSC_EXTERN PetscErrorCode MckGenTargetRegisterEnergy(const char name[], MckGenEnergyFn U);

PETSC_EXTERN PetscErrorCode MckGenTargetCreate(MPI_Comm comm, MckGenTarget *t);
PETSC_EXTERN PetscErrorCode MckGenTargetSetType(MckGenTarget t, MckGenTargetType type);
PETSC_EXTERN PetscErrorCode MckGenTargetGetType(MckGenTarget t, MckGenTargetType *type);
PETSC_EXTERN PetscErrorCode MckGenTargetSetOptionsPrefix(MckGenTarget t, const char prefix[]);
PETSC_EXTERN PetscErrorCode MckGenTargetSetFromOptions(MckGenTarget t);
PETSC_EXTERN PetscErrorCode MckGenTargetSetDimension(MckGenTarget t, PetscInt dim);
PETSC_EXTERN PetscErrorCode MckGenTargetGetDimension(MckGenTarget t, PetscInt *dim);
PETSC_EXTERN PetscErrorCode MckGenTargetSetUp(MckGenTarget t);
PETSC_EXTERN PetscErrorCode MckGenTargetSample(MckGenTarget t, MckRNG rng, PetscInt64 gstart, PetscInt n,
                                               PetscInt64 step, PetscReal *const x[]);
PETSC_EXTERN PetscErrorCode MckGenTargetEnergy(MckGenTarget t, PetscInt n, const PetscReal *const x[], PetscReal U[],
                                               PetscReal *const grad[]);
PETSC_EXTERN PetscErrorCode MckGenTargetDenoise(MckGenTarget t, PetscReal beta, PetscReal sigma, PetscInt n,
                                                const PetscReal *const x[], PetscReal *const m[]);
PETSC_EXTERN PetscErrorCode MckGenTargetHas(MckGenTarget t, PetscBool *sample, PetscBool *energy, PetscBool *denoise,
                                            PetscBool *moments);
PETSC_EXTERN PetscErrorCode MckGenTargetGetMoments(MckGenTarget t, PetscReal mean[], PetscReal cov[]);
PETSC_EXTERN PetscErrorCode MckGenTargetGetLogNormalizer(MckGenTarget t, PetscReal *logz, PetscBool *known);
PETSC_EXTERN PetscErrorCode MckGenTargetConfig(MckGenTarget t, MckIO io, PetscBool check);
PETSC_EXTERN PetscErrorCode MckGenTargetView(MckGenTarget t, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckGenTargetDestroy(MckGenTarget *t);
/* for types */
PETSC_EXTERN PetscErrorCode MckGenTargetGetTypeData(MckGenTarget t, void **data);
PETSC_EXTERN PetscErrorCode MckGenTargetSetLogNormalizer(MckGenTarget t, PetscReal logz);
