/* MckDMFT: dynamical mean-field theory of a random recurrent network (DESIGN.md §1, dmft).
 *
 * Model "scs" (Sompolinsky, Crisanti, Sommers 1988): N neurons,
 *   x_i' = -x_i + sum_j J_ij phi(x_j) + I + sqrt(2 D) xi_i(t),   J_ij ~ N(0, g^2 / N),
 * phi registered by name (-dmft_activation), I = -dmft_input, D = -dmft_noise (white noise of
 * variance 2 D per unit time). As N -> infinity a neuron becomes a "single site"
 *   x' = -x + eta(t) + I + sqrt(2 D) xi,   <eta(t) eta(t')> = g^2 C_phi(t, t'),
 *   C_phi(t, t') = <phi(x(t)) phi(x(t'))>,
 * a Gaussian field whose covariance must be found self-consistently. The state is a two-time
 * function on the grid t_k = k dt, k < T (-dmft_steps): a T x T matrix.
 *
 * Solvers (-dmft_solver, registered by name):
 *   population  sample M single-site paths per iteration (fields through the Cholesky factor of
 *               g^2 C_phi, applied to blocks of standard normals as one GEMM per chunk), average
 *               phi(x(t)) phi(x(t')) into the new C_phi (one reproducible MckStats reduction), and
 *               iterate C_phi = G(C_phi) with PETSc SNES on the residual C_phi - G(C_phi)
 *               (damped: nrichardson, or anderson; options prefix -dmft_).
 *   stationary  D = I = 0, t -> infinity: Delta(tau) = <x(t) x(t + tau)> obeys Newton's equation
 *               Delta'' = Delta - g^2 C_phi(Delta; Delta_0) in a potential V; Delta_0 from energy
 *               conservation V(Delta_0) = V(0) (SNES), Delta(tau) from Delta_0, Delta'(0) = 0 (TS).
 *   network     the finite network itself: J a distributed dense PETSc matrix whose entries come
 *               from MckRNG keyed by (row, column), so J does not depend on the rank count.
 *
 * Results (replicated on every rank, bitwise identical on any rank count for population and
 * network below the ScaLAPACK threshold): C_x(t, t') = <x(t) x(t')>, C_phi(t, t'), and the
 * stationary autocorrelation Delta(tau_k), tau_k = k dt, k < L (-dmft_lags), averaged along the
 * diagonals t >= -dmft_burn_in (population, network) or from the Newton equation (stationary). */
#pragma once
#include <mckean/mckrng.h>
#include <mckean/mckio.h>

typedef struct _p_MckDMFT *MckDMFT;

/* An activation: phi, its primitive Phi (Phi(0) = 0; the stationary theory's potential) and
 * phi'(0) (g phi'(0) = 1 is the edge of chaos). Plain per-element C (no position dependence). */
typedef struct {
  void (*phi)(PetscInt n, const PetscReal x[], PetscReal y[]);
  void (*primitive)(PetscInt n, const PetscReal x[], PetscReal y[]);
  PetscReal slope0;
} MckDMFTActivation;
/* Activations are registered as functions returning their (static) table. */
typedef const MckDMFTActivation *(*MckDMFTActivationGetter)(void);
/* A solver fills C_x, C_phi and Delta of a set-up MckDMFT. */
typedef PetscErrorCode (*MckDMFTSolverFn)(MckDMFT);

PETSC_EXTERN PetscErrorCode MckDMFTInitializePackage(void);
/* Activations (-dmft_activation): tanh, erf (erf(sqrt(pi) x / 2), slope 1 at 0), relu. */
PETSC_EXTERN PetscErrorCode MckDMFTRegisterActivation(const char name[], MckDMFTActivationGetter get);
/* Solvers (-dmft_solver): population, stationary, network. */
PETSC_EXTERN PetscErrorCode MckDMFTRegisterSolver(const char name[], MckDMFTSolverFn solve);

PETSC_EXTERN PetscErrorCode MckDMFTCreate(MPI_Comm comm, MckDMFT *d);
PETSC_EXTERN PetscErrorCode MckDMFTSetFromOptions(MckDMFT d);
/* The generator of fields, noise, initial conditions and couplings (a reference is kept). */
PETSC_EXTERN PetscErrorCode MckDMFTSetRNG(MckDMFT d, MckRNG rng);
/* Checks the configuration (memory included: an error says how much the run needs) and
 * allocates everything the solve needs. Collective. */
PETSC_EXTERN PetscErrorCode MckDMFTSetUp(MckDMFT d);
PETSC_EXTERN PetscErrorCode MckDMFTSolve(MckDMFT d);
/* Two-time correlations, T x T column-major, replicated; owned by d. Either may be NULL. */
PETSC_EXTERN PetscErrorCode MckDMFTGetCorrelations(MckDMFT d, PetscInt *T, const PetscReal **Cx, const PetscReal **Cphi);
/* Delta(tau_k), k < *nlags, spacing *dtau; owned by d. */
PETSC_EXTERN PetscErrorCode MckDMFTGetAutocorrelation(MckDMFT d, PetscInt *nlags, PetscReal *dtau, const PetscReal **delta);
/* Self-consistency: iterations done, final max-norm residual max|C - G(C)| / max|C|, converged. */
PETSC_EXTERN PetscErrorCode MckDMFTGetConvergence(MckDMFT d, PetscInt *its, PetscReal *residual, PetscBool *converged);
/* The iteration history (one row per evaluation of the map), owned by d. */
PETSC_EXTERN PetscErrorCode MckDMFTGetHistory(MckDMFT d, MckSeries *history);
/* /dmft/C_x, /dmft/C_phi (T x T), /dmft/tau, /dmft/delta, attributes; the history series. */
PETSC_EXTERN PetscErrorCode MckDMFTWrite(MckDMFT d, MckIO io);
PETSC_EXTERN PetscErrorCode MckDMFTView(MckDMFT d, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckDMFTDestroy(MckDMFT *d);

/* ---- checkpoint/restart (population and network solvers; src/dmft/checkpoint.c) ----------
 * population: the monitor is called after every evaluation of the map but the first, with the
 * index of the evaluation of the current iterate (continuous across restarts). network: after
 * every time step but the last, with the number of steps done k. There the caller writes a
 * checkpoint: MckDMFTWriteState stores, under /checkpoint/dmft, the iterate and its index
 * (population) or the paths x_i(t_0..t_k) of all neurons and k (network; the couplings are
 * regenerated, not stored). MckDMFTReadState (after MckDMFTSetUp, on any rank count) makes them
 * the start of the next MckDMFTSolve, which then continues bitwise as the uninterrupted run
 * would (nrichardson keeps no memory between iterations; anderson does, and restarts with an
 * empty history). MckDMFTConfig records (check = FALSE) or compares (TRUE) every setting the
 * state depends on. The stationary solver has no state worth a checkpoint. */
typedef PetscErrorCode (*MckDMFTMonitorFn)(MckDMFT d, PetscInt64 evaluation, void *ctx);
PETSC_EXTERN PetscErrorCode MckDMFTSetMonitor(MckDMFT d, MckDMFTMonitorFn fn, void *ctx);
PETSC_EXTERN PetscErrorCode MckDMFTConfig(MckDMFT d, MckIO io, PetscBool check);
PETSC_EXTERN PetscErrorCode MckDMFTWriteState(MckDMFT d, MckIO io);
PETSC_EXTERN PetscErrorCode MckDMFTReadState(MckDMFT d, MckIO io);
/* Whether the configured solver can be checkpointed (population, network). */
PETSC_EXTERN PetscErrorCode MckDMFTCanCheckpoint(MckDMFT d, PetscBool *can);

/* Cholesky factor of the symmetric n x n matrix A (column-major, replicated on every rank of
 * comm): on return A holds the lower factor L (upper triangle zeroed), identical on all ranks.
 * distributed = FALSE: LAPACK potrf on every rank; TRUE: MATSCALAPACK's Cholesky on comm,
 * gathered back. *failed = 0 on success, else the order of the first non-positive leading minor
 * (A is then undefined). Collective. */
PETSC_EXTERN PetscErrorCode MckDMFTCholesky(MPI_Comm comm, PetscInt n, PetscBool distributed, PetscReal A[], PetscInt *failed);

/* Log events of the dmft layer (registered by MckDMFTInitializePackage). */
PETSC_EXTERN PetscLogEvent MCK_EVENT_DMFTCholesky, MCK_EVENT_DMFTSample, MCK_EVENT_DMFTIntegrate, MCK_EVENT_DMFTAccumulate,
  MCK_EVENT_DMFTReduce, MCK_EVENT_DMFTNetwork, MCK_EVENT_DMFTStationary;
