/* MckDMFT: dynamical mean-field theory (DESIGN.md §1, dmft). One object whose type is the model
 * (-dmft_model), solved one step at a time, so that an MckRun drives it (stepping protocol) and
 * checkpoints it (checkpoint protocol) like any other solver.
 *
 * Model "scs" (MCKDMFT_SCS; Sompolinsky, Crisanti, Sommers 1988): N neurons,
 *   x_i' = -x_i + sum_j J_ij phi(x_j) + I + sqrt(2 D) xi_i(t),   J_ij ~ N(0, g^2 / N),
 * phi from the activation table (-dmft_activation, include/mckean/mckactivation.h), I =
 * -dmft_input, D = -dmft_noise (white noise of variance 2 D per unit time). As N -> infinity a
 * neuron becomes a "single site"
 *   x' = -x + eta(t) + I + sqrt(2 D) xi,   <eta(t) eta(t')> = g^2 C_phi(t, t'),
 *   C_phi(t, t') = <phi(x(t)) phi(x(t'))>,
 * a Gaussian field whose covariance must be found self-consistently. The state is a two-time
 * function on the grid t_k = k dt, k < T (-dmft_steps): a T x T matrix. Its solvers
 * (-dmft_solver, MCKDMFT_SOLVER_*):
 *   population  sample M single-site paths per iteration (fields through the Cholesky factor of
 *               g^2 C_phi, applied to blocks of standard normals as one GEMM per chunk), average
 *               phi(x(t)) phi(x(t')) into the new C_phi (one reproducible MckStats reduction), and
 *               iterate C_phi = G(C_phi) with PETSc SNES on the residual C_phi - G(C_phi)
 *               (damped: nrichardson, one iteration per step; or anderson, options prefix
 *               -dmft_, then the whole iteration is one step). A step is an iteration.
 *   stationary  D = I = 0, t -> infinity: Delta(tau) = <x(t) x(t + tau)> obeys Newton's equation
 *               Delta'' = Delta - g^2 C_phi(Delta; Delta_0) in a potential V; Delta_0 from energy
 *               conservation V(Delta_0) = V(0) (SNES), Delta(tau) from Delta_0, Delta'(0) = 0 (TS).
 *               One step (seconds), without checkpoints.
 *   network     the finite network itself: J a distributed dense PETSc matrix whose entries come
 *               from MckRNG keyed by (row, column), so J does not depend on the rank count. A
 *               step is a time step.
 * Results (replicated on every rank, bitwise identical on any rank count for population and
 * network below the ScaLAPACK threshold): C_x(t, t') = <x(t) x(t')>, C_phi(t, t'), and the
 * stationary autocorrelation Delta(tau_k), tau_k = k dt, k < L (-dmft_lags), averaged along the
 * diagonals t >= -dmft_burn_in (population, network) or from the Newton equation (stationary).
 *
 * Model "pspin" (MCKDMFT_PSPIN): the spherical p-spin glass, include/mckean/mckpspin.h.
 *
 * A model is a type: one file with a constructor that fills MckDMFTOps and its own data, and
 * one MckDMFTRegister() call (docs/architecture.md, "A DMFT model"). */
#pragma once
#include <mckean/mckrng.h>
#include <mckean/mckio.h>

typedef struct _p_MckDMFT *MckDMFT;
PETSC_EXTERN PetscClassId  MCK_DMFT_CLASSID;

typedef const char *MckDMFTType;
#define MCKDMFT_SCS   "scs"
#define MCKDMFT_PSPIN "pspin"

/* Solvers of the scs model (-dmft_solver). */
#define MCKDMFT_SOLVER_POPULATION "population"
#define MCKDMFT_SOLVER_STATIONARY "stationary"
#define MCKDMFT_SOLVER_NETWORK    "network"

/* What a model type implements (every op may be NULL but step and getstep):
 *   setfromoptions  its options, inside the object's PetscObjectOptionsBegin()
 *   setup           check the configuration (memory included) and allocate
 *   initialize      the fresh-start state (the step count 0)
 *   step, getstep   advance one step; the steps done, the steps of the solve (a solve that has
 *                   finished early returns nsteps = step) and the time of the current state
 *   checkpointing   refuse a periodic checkpoint or a restart the type cannot honour
 *   config, write, read   the checkpoint protocol (mckio.h): write stores the state of an
 *                   unfinished solve, or the result of a finished one, into a group; read
 *                   restores either, bit for bit
 *   headline        the number for the progress line (name NULL: none)
 *   history         a time series the type fills while it steps (NULL: none)
 *   resultview      a summary of the result (after the solve)
 *   view, destroy */
typedef struct {
  PetscErrorCode (*setfromoptions)(MckDMFT, PetscOptionItems *);
  PetscErrorCode (*setup)(MckDMFT);
  PetscErrorCode (*initialize)(MckDMFT);
  PetscErrorCode (*step)(MckDMFT);
  PetscErrorCode (*getstep)(MckDMFT, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time);
  PetscErrorCode (*checkpointing)(MckDMFT, PetscInt interval, PetscBool restart);
  PetscErrorCode (*config)(MckDMFT, MckIO, PetscBool check);
  PetscErrorCode (*write)(MckDMFT, MckIO, const char group[]);
  PetscErrorCode (*read)(MckDMFT, MckIO, const char group[]);
  PetscErrorCode (*headline)(MckDMFT, const char **name, PetscReal *value);
  PetscErrorCode (*history)(MckDMFT, MckSeries *);
  PetscErrorCode (*resultview)(MckDMFT, PetscViewer);
  PetscErrorCode (*view)(MckDMFT, PetscViewer);
  PetscErrorCode (*destroy)(MckDMFT);
} MckDMFTOps;
/* A model's constructor: fill *ops, and set *data (the type's state, MckDMFTGetTypeData). */
typedef PetscErrorCode (*MckDMFTCreateFn)(MckDMFT d, MckDMFTOps *ops, void **data);

PETSC_EXTERN PetscErrorCode MckDMFTInitializePackage(void);
PETSC_EXTERN PetscErrorCode MckDMFTRegister(const char name[], MckDMFTCreateFn create);

PETSC_EXTERN PetscErrorCode MckDMFTCreate(MPI_Comm comm, MckDMFT *d);
PETSC_EXTERN PetscErrorCode MckDMFTSetType(MckDMFT d, MckDMFTType type);
PETSC_EXTERN PetscErrorCode MckDMFTGetType(MckDMFT d, MckDMFTType *type);
PETSC_EXTERN PetscErrorCode MckDMFTGetTypeData(MckDMFT d, void **data);
PETSC_EXTERN PetscErrorCode MckDMFTSetOptionsPrefix(MckDMFT d, const char prefix[]);
PETSC_EXTERN PetscErrorCode MckDMFTSetFromOptions(MckDMFT d);
PETSC_EXTERN PetscErrorCode MckDMFTSetRNG(MckDMFT d, MckRNG rng);
PETSC_EXTERN PetscErrorCode MckDMFTGetRNG(MckDMFT d, MckRNG *rng);
PETSC_EXTERN PetscErrorCode MckDMFTSetUp(MckDMFT d);
PETSC_EXTERN PetscErrorCode MckDMFTInitialize(MckDMFT d);
PETSC_EXTERN PetscErrorCode MckDMFTStep(MckDMFT d);
PETSC_EXTERN PetscErrorCode MckDMFTGetStep(MckDMFT d, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time);
PETSC_EXTERN PetscErrorCode MckDMFTSolve(MckDMFT d);
PETSC_EXTERN PetscErrorCode MckDMFTCheckCheckpointing(MckDMFT d, PetscInt interval, PetscBool restart);
PETSC_EXTERN PetscErrorCode MckDMFTConfig(MckDMFT d, MckIO io, PetscBool check);
PETSC_EXTERN PetscErrorCode MckDMFTWrite(MckDMFT d, MckIO io, const char group[]);
PETSC_EXTERN PetscErrorCode MckDMFTRead(MckDMFT d, MckIO io, const char group[]);
PETSC_EXTERN PetscErrorCode MckDMFTGetHeadline(MckDMFT d, const char **name, PetscReal *value);
PETSC_EXTERN PetscErrorCode MckDMFTGetHistory(MckDMFT d, MckSeries *history);
PETSC_EXTERN PetscErrorCode MckDMFTResultView(MckDMFT d, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckDMFTView(MckDMFT d, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckDMFTDestroy(MckDMFT *d);

/* ---- the scs model's results (valid once its solve has finished) ---- */
PETSC_EXTERN PetscErrorCode MckDMFTSCSGetCorrelations(MckDMFT d, PetscInt *T, const PetscReal **Cx,
                                                      const PetscReal **Cphi);
PETSC_EXTERN PetscErrorCode MckDMFTSCSGetAutocorrelation(MckDMFT d, PetscInt *nlags, PetscReal *dtau,
                                                         const PetscReal **delta);
PETSC_EXTERN PetscErrorCode MckDMFTSCSGetConvergence(MckDMFT d, PetscInt *its, PetscReal *residual,
                                                     PetscBool *converged);

/* Cholesky factor of the symmetric n x n matrix A (column-major, replicated on every rank of
 * comm): on return A holds the lower factor L (upper triangle zeroed), identical on all ranks.
 * distributed = FALSE: LAPACK potrf on every rank; TRUE: MATSCALAPACK's Cholesky on comm,
 * gathered back. *failed = 0 on success, else the order of the first non-positive leading minor
 * (A is then undefined). Collective. */
PETSC_EXTERN PetscErrorCode MckDMFTCholesky(MPI_Comm comm, PetscInt n, PetscBool distributed, PetscReal A[],
                                            PetscInt *failed);

/* Log events of the dmft layer (registered by MckDMFTInitializePackage under MCK_DMFT_CLASSID). */
PETSC_EXTERN PetscLogEvent MCK_EVENT_DMFTCholesky, MCK_EVENT_DMFTSample, MCK_EVENT_DMFTIntegrate,
    MCK_EVENT_DMFTAccumulate, MCK_EVENT_DMFTReduce, MCK_EVENT_DMFTNetwork, MCK_EVENT_DMFTStationary,
    MCK_EVENT_PSpinKernel, MCK_EVENT_PSpinExchange;
