/* MckModel: a forward model acting on ONE ensemble member, a PETSc object whose type is the
 * model (-model_type, MckModelSetType; a new model is one file plus one register call).
 *
 * The model lives on the member's communicator: PETSC_COMM_SELF when many members share a
 * rank, a sub-communicator of -ens_ranks_per_member ranks otherwise (then vectors are
 * distributed). Two kinds: dynamical (a state advanced in time; data assimilation) and inverse
 * (parameter u -> predicted data G(u); EKI/EKS). Parameters of inverse models are WHITENED: the
 * prior is N(0, I) in u (a model with another prior maps u to its physical parameter inside).
 * A model never draws random numbers during Advance/Forward (fixed data such as the matrix of
 * the linear model come from MckRNG with the model's own seed option), so its output is a pure
 * function of its options and its input. A state that is not finite, or lies beyond the limits
 * the model defines, is a failure (a flag, not an error): the ensemble leaves that member out.
 * Every type reads its own options (-l96_*, -l63_*, -linear_*, -darcy_*, -mv_*, -ac_*) under the
 * object's prefix; equations, discretisations and options: docs/models.md. */
#pragma once
#include <mckean/mckio.h>

typedef struct _p_MckModel *MckModel;
typedef const char         *MckModelType;
#define MCKMODEL_LORENZ96      "lorenz96"
#define MCKMODEL_LORENZ63      "lorenz63"
#define MCKMODEL_LINEAR        "linear"
#define MCKMODEL_DARCY         "darcy"
#define MCKMODEL_MCKEAN_VLASOV "mckean_vlasov"
#define MCKMODEL_ALLEN_CAHN    "allen_cahn"
#define MCKMODEL_SHELL         "shell"

typedef enum { MCK_MODEL_DYNAMICAL, MCK_MODEL_INVERSE } MckModelKind;
/* at most this many dimensions of the periodic grid a state lives on (MckModelGetGridShape) */
#define MCK_MODEL_MAX_DIM 3
PETSC_EXTERN const char *const MckModelKinds[];

PETSC_EXTERN PetscClassId  MCK_MODEL_CLASSID;
PETSC_EXTERN PetscLogEvent MCK_EVENT_ModelAdvance, MCK_EVENT_ModelForward;

/* A type's constructor: fills the model's operations and data (src/model/modelimpl.h), or
 * makes the model a shell around user callbacks (MckModelShellSetDynamical/Inverse). */
typedef PetscErrorCode (*MckModelCreateFn)(MckModel);
PETSC_EXTERN PetscErrorCode MckModelInitializePackage(void);
PETSC_EXTERN PetscErrorCode MckModelRegister(const char name[], MckModelCreateFn create);
PETSC_EXTERN PetscErrorCode MckModelTypesOfKind(MckModelKind kind, char buf[], size_t len);

PETSC_EXTERN PetscErrorCode MckModelCreate(MPI_Comm comm, MckModel *m);
PETSC_EXTERN PetscErrorCode MckModelSetType(MckModel m, MckModelType type);
PETSC_EXTERN PetscErrorCode MckModelGetType(MckModel m, MckModelType *type);
PETSC_EXTERN PetscErrorCode MckModelSetOptionsPrefix(MckModel m, const char prefix[]);
PETSC_EXTERN PetscErrorCode MckModelSetFromOptions(MckModel m);
PETSC_EXTERN PetscErrorCode MckModelSetMemoryComm(MckModel m, MPI_Comm comm);
PETSC_EXTERN PetscErrorCode MckModelSetUp(MckModel m);
PETSC_EXTERN PetscErrorCode MckModelGetKind(MckModel m, MckModelKind *kind);
PETSC_EXTERN PetscErrorCode MckModelGetComm(MckModel m, MPI_Comm *comm);
PETSC_EXTERN PetscErrorCode MckModelGetSizes(MckModel m, PetscInt *n, PetscInt *ndata);
PETSC_EXTERN PetscErrorCode MckModelGetGridShape(MckModel m, PetscInt *dim, PetscInt sizes[]);
PETSC_EXTERN PetscErrorCode MckModelCreateStateVec(MckModel m, Vec *x);
PETSC_EXTERN PetscErrorCode MckModelCreateDataVec(MckModel m, Vec *g);
PETSC_EXTERN PetscErrorCode MckModelGetInitialState(MckModel m, Vec x);
PETSC_EXTERN PetscErrorCode MckModelGetTimeStep(MckModel m, PetscReal *dt);
PETSC_EXTERN PetscErrorCode MckModelAdvance(MckModel m, PetscReal t, PetscInt nsteps, Vec x, PetscBool *failed);
/* Several states (a rank's members) at once: on one rank, one tight loop per state, no collective. */
PETSC_EXTERN PetscErrorCode MckModelAdvanceStates(MckModel m, PetscReal t, PetscInt nsteps, PetscInt nx, const Vec x[],
                                                  PetscBool failed[]);
/* The same on plain arrays of whole states (types with array rates, a model on one rank). */
PETSC_EXTERN PetscErrorCode MckModelHasArrayAdvance(MckModel m, PetscBool *has);
PETSC_EXTERN PetscErrorCode MckModelAdvanceArrays(MckModel m, PetscReal t, PetscInt nsteps, PetscInt nx,
                                                  PetscReal *const x[], PetscBool failed[]);
PETSC_EXTERN PetscErrorCode MckModelForward(MckModel m, Vec u, Vec g, PetscBool *failed);
PETSC_EXTERN PetscErrorCode MckModelCheckState(MckModel m, Vec x, PetscBool *failed);
PETSC_EXTERN PetscErrorCode MckModelGetPhysicalField(MckModel m, Vec u, Vec *field, DM *dm);
PETSC_EXTERN PetscErrorCode MckModelGaussianPosterior(MckModel m, const PetscReal gamma[], const PetscReal y[],
                                                      PetscReal mean[], PetscReal cov[], PetscBool *exists);
PETSC_EXTERN PetscErrorCode MckModelWriteDesign(MckModel m, MckIO io, const char group[]);
PETSC_EXTERN PetscErrorCode MckModelConfig(MckModel m, MckIO io, PetscBool check);
PETSC_EXTERN PetscErrorCode MckModelView(MckModel m, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckModelDestroy(MckModel *m);

/* ---- user models: shells around callbacks (as PETSc's MATSHELL) ---------------------------
 * Dynamical: dx/dt = rhs(t, x), stepped by the library's RK4 (-model_dt, default dt); state
 * Vecs of length n (PETSC_DECIDE layout on the model's comm). Inverse: g = forward(u) with u of
 * length n and g of length ndata; *failed as in MckModelForward. */
typedef PetscErrorCode (*MckModelRHSFn)(MckModel m, PetscReal t, Vec x, Vec f, void *ctx);
typedef PetscErrorCode (*MckModelForwardFn)(MckModel m, Vec u, Vec g, PetscBool *failed, void *ctx);
PETSC_EXTERN PetscErrorCode MckModelShellSetDynamical(MckModel m, PetscInt n, PetscReal dt, MckModelRHSFn rhs,
                                                      void *ctx);
PETSC_EXTERN PetscErrorCode MckModelShellSetInverse(MckModel m, PetscInt n, PetscInt ndata, MckModelForwardFn forward,
                                                    void *ctx);

/* ---- what only some types provide (a type that does not raises PETSC_ERR_SUP) ------------- */
/* linear: the forward matrix A (ndata x n, dense, on the model's comm; owned by the model) */
PETSC_EXTERN PetscErrorCode MckModelLinearGetMatrix(MckModel m, Mat *A);
/* darcy: the pressure p of a log-permeability on the model's grid (Vecs of the DM that
 * MckModelGetPhysicalField returns); a user source f(x, y) instead of -darcy_source; a KL mode */
PETSC_EXTERN PetscErrorCode MckModelDarcySolve(MckModel m, Vec logk, Vec p, PetscBool *failed);
typedef PetscReal (*MckDarcySourceFn)(PetscReal x, PetscReal y, void *ctx);
PETSC_EXTERN PetscErrorCode MckModelDarcySetSource(MckModel m, MckDarcySourceFn f, void *ctx);
PETSC_EXTERN PetscErrorCode MckModelDarcyGetKLMode(MckModel m, PetscInt k, PetscReal *lambda, PetscInt *k1,
                                                   PetscInt *k2);
/* mckean_vlasov: theta = (J, T) of a whitened parameter u (log-normal prior), the prior of
 * log theta, the posterior moments of log theta from those of u, the observation design
 * (times and sensors) that defines G, and the model's PDE counterpart (the Fokker-Planck equation
 * of the particles' law at theta), so a reference solution can be made and observed the same way */
typedef struct _p_MckSensors *MckSensors;
typedef struct _p_MckGrid    *MckGrid;
typedef struct _p_MckField   *MckField;
PETSC_EXTERN PetscErrorCode   MckModelMVGetParameters(MckModel m, const PetscReal u[], PetscReal theta[]);
PETSC_EXTERN PetscErrorCode   MckModelMVGetLogPrior(MckModel m, PetscReal log_median[], PetscReal log_std[]);
PETSC_EXTERN PetscErrorCode   MckModelMVGetLogMoments(MckModel m, const PetscReal umean[], const PetscReal ucov[],
                                                      PetscReal mean[], PetscReal sd[]);
PETSC_EXTERN PetscErrorCode   MckModelMVGetObservations(MckModel m, PetscInt *ntimes, const PetscReal **times,
                                                        MckSensors *sensors);
PETSC_EXTERN PetscErrorCode   MckModelMVCreateFokkerPlanck(MckModel m, MPI_Comm comm, MckGrid grid,
                                                           const PetscReal theta[], MckField *f);
typedef PetscErrorCode (*MckModelMVFieldMonitorFn)(PetscInt k, PetscReal t, Vec rho, void *ctx);
PETSC_EXTERN PetscErrorCode MckModelMVObserveField(MckModel m, MckField f, MckSensors sensors, PetscReal values[],
                                                   MckModelMVFieldMonitorFn monitor, void *ctx);
PETSC_EXTERN PetscErrorCode MckModelMVReferenceData(MckModel m, MckGrid grid, const PetscReal theta[],
                                                    PetscReal values[], PetscReal **density);
PETSC_EXTERN PetscErrorCode MckModelMVWriteFields(MckModel m, MckGrid grid, MckIO io, const PetscReal truth[],
                                                  const PetscReal predicted[]);
PETSC_EXTERN PetscErrorCode MckModelMVViewEstimate(MckModel m, const PetscReal truth[], const PetscReal mean[],
                                                   const PetscReal sd[], PetscViewer viewer);
