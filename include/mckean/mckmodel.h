/* MckModel: a forward model acting on ONE ensemble member, registered by name (-model_type).
 * comm is the member's communicator: PETSC_COMM_SELF when many members share a rank, a
 * sub-communicator of -ens_ranks_per_member ranks otherwise (then vectors are distributed).
 * Two kinds: dynamical (state advanced in time; data assimilation) and inverse (parameter
 * u -> predicted data G(u); EKI/EKS). Parameters of inverse models are WHITENED: the prior
 * is N(0, I) in u (a model with another prior maps u to its physical parameter inside).
 * A model never draws random numbers during Advance/Forward (fixed data such as the matrix of
 * the linear model come from MckRNG with the model's own seed option at SetUp), so results are
 * bitwise reproducible. Equations, discretisations and options: docs/models.md. */
#pragma once
#include <mckean/mckean.h>
#include <mckean/mckio.h>

typedef struct _p_MckModel *MckModel;
typedef enum { MCK_MODEL_DYNAMICAL, MCK_MODEL_INVERSE } MckModelKind;
typedef PetscErrorCode (*MckModelCreateFn)(MckModel);

PETSC_EXTERN PetscErrorCode MckModelRegister(const char name[], MckModelCreateFn create);
PETSC_EXTERN PetscErrorCode MckModelInitializePackage(void);
PETSC_EXTERN PetscErrorCode MckModelCreate(MPI_Comm comm, MckModel *m);
PETSC_EXTERN PetscErrorCode MckModelSetType(MckModel m, const char type[]);
/* -model_type lorenz96|lorenz63|linear|darcy and the type's options (-l96_n 40
 * -l96_forcing 8 -model_dt 0.05; -linear_n, -linear_ndata, -linear_seed ...; -darcy_*). */
PETSC_EXTERN PetscErrorCode MckModelSetFromOptions(MckModel m);
PETSC_EXTERN PetscErrorCode MckModelSetUp(MckModel m);
PETSC_EXTERN PetscErrorCode MckModelGetKind(MckModel m, MckModelKind *kind);
/* n = state (dynamical) or parameter (inverse) length; ndata = length of G(u) (0 for dynamical) */
PETSC_EXTERN PetscErrorCode MckModelGetSizes(MckModel m, PetscInt *n, PetscInt *ndata);
/* A state/parameter Vec and a data Vec laid out as the model needs on its comm. */
PETSC_EXTERN PetscErrorCode MckModelCreateStateVec(MckModel m, Vec *x);
PETSC_EXTERN PetscErrorCode MckModelCreateDataVec(MckModel m, Vec *g);
/* Dynamical: advance x in place by nsteps model steps of length dt (MckModelGetTimeStep)
 * from time t. *failed = PETSC_TRUE (not an error) if the state became non-finite. */
PETSC_EXTERN PetscErrorCode MckModelGetTimeStep(MckModel m, PetscReal *dt);
PETSC_EXTERN PetscErrorCode MckModelAdvance(MckModel m, PetscReal t, PetscInt nsteps, Vec x, PetscBool *failed);
/* Inverse: g = G(u). *failed = PETSC_TRUE (not an error) when the forward solve fails
 * (solver divergence, non-finite output); the ensemble then drops that member. */
PETSC_EXTERN PetscErrorCode MckModelForward(MckModel m, Vec u, Vec g, PetscBool *failed);
/* Optional, for output and plots: the physical field a parameter represents (Darcy: the
 * log-permeability on the grid). *field = NULL if the model has none. The Vec is owned by
 * the model and valid until the next call. */
PETSC_EXTERN PetscErrorCode MckModelGetPhysicalField(MckModel m, Vec u, Vec *field, DM *dm);
/* record (check = FALSE) or compare (check = TRUE) the settings a checkpoint depends on */
PETSC_EXTERN PetscErrorCode MckModelConfig(MckModel m, MckIO io, PetscBool check);
PETSC_EXTERN PetscErrorCode MckModelView(MckModel m, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckModelDestroy(MckModel *m);

/* ---- beyond the fixed interface ---------------------------------------------------------
 * User models: a create function registered with MckModelRegister (or code right after
 * MckModelCreate, instead of MckModelSetType) makes the model a shell around user callbacks.
 * Dynamical: dx/dt = rhs(t, x), stepped by the library's RK4 (-model_dt, default dt); state
 * Vecs of length n (PETSC_DECIDE layout on the model's comm). Inverse: g = forward(u) with u of
 * length n and g of length ndata; *failed as in MckModelForward. */
typedef PetscErrorCode (*MckModelRHSFn)(MckModel m, PetscReal t, Vec x, Vec f, void *ctx);
typedef PetscErrorCode (*MckModelForwardFn)(MckModel m, Vec u, Vec g, PetscBool *failed, void *ctx);
PETSC_EXTERN PetscErrorCode MckModelShellSetDynamical(MckModel m, PetscInt n, PetscReal dt, MckModelRHSFn rhs, void *ctx);
PETSC_EXTERN PetscErrorCode MckModelShellSetInverse(MckModel m, PetscInt n, PetscInt ndata, MckModelForwardFn forward, void *ctx);

/* Type name and communicator. */
PETSC_EXTERN PetscErrorCode MckModelGetType(MckModel m, const char **type);
PETSC_EXTERN PetscErrorCode MckModelGetComm(MckModel m, MPI_Comm *comm);
/* linear: the forward matrix A (ndata x n, dense, on the model's comm; owned by the model),
 * e.g. for the analytic Gaussian posterior (A^T Gamma^-1 A + I)^-1. After SetUp. */
PETSC_EXTERN PetscErrorCode MckModelLinearGetMatrix(MckModel m, Mat *A);
/* linear: the Gaussian posterior of u for the prior N(0, I) and data y = A u + N(0, diag(gamma)):
 * cov = (A^T Gamma^-1 A + I)^-1 (n x n, row-major) and mean = cov A^T Gamma^-1 y. gamma and y
 * (length ndata), mean and cov are replicated on the model's comm. Collective. */
PETSC_EXTERN PetscErrorCode MckModelLinearPosterior(MckModel m, const PetscReal gamma[], const PetscReal y[], PetscReal mean[], PetscReal cov[]);
/* darcy: solve -div(exp(logk) grad p) = f for a given log-permeability on the model's grid
 * (a global Vec of the DM that MckModelGetPhysicalField returns); p is a Vec of that DM.
 * *failed as in MckModelForward. After SetUp. */
PETSC_EXTERN PetscErrorCode MckModelDarcySolve(MckModel m, Vec logk, Vec p, PetscBool *failed);
/* darcy: replace the constant source (-darcy_source) by f(x, y, ctx); before SetUp. */
typedef PetscReal (*MckDarcySourceFn)(PetscReal x, PetscReal y, void *ctx);
PETSC_EXTERN PetscErrorCode MckModelDarcySetSource(MckModel m, MckDarcySourceFn f, void *ctx);
/* darcy: the KL eigenvalue of mode k (0 <= k < kl_modes) and its wave numbers: mode k is
 * sqrt(lambda_k) * c(k1) c(k2) cos(pi k1 x) cos(pi k2 y), c(0) = 1, c(j > 0) = sqrt(2). */
PETSC_EXTERN PetscErrorCode MckModelDarcyGetKLMode(MckModel m, PetscInt k, PetscReal *lambda, PetscInt *k1, PetscInt *k2);
/* mckean_vlasov: theta = (J, T) of the whitened parameter u (length 2), J the fourier_meanfield
 * kernel strength and T the temperature (log-normal prior, -mv_prior_median, -mv_prior_log_std). */
PETSC_EXTERN PetscErrorCode MckModelMVGetParameters(MckModel m, const PetscReal u[], PetscReal theta[]);
/* mckean_vlasov: the observation times and the sensors (owned by the model) that define G, so a
 * reference solution (e.g. the Fokker-Planck PDE) can be observed the same way. After SetUp. */
typedef struct _p_MckSensors *MckSensors;
PETSC_EXTERN PetscErrorCode MckModelMVGetObservations(MckModel m, PetscInt *ntimes, const PetscReal **times, MckSensors *sensors);
