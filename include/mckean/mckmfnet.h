/* MckMFNet: a mean-field two-layer network trained as a particle system (DESIGN.md §1, learn).
 *
 *   f(x) = (alpha / N) sum_i a_i sigma(w_i . x + b_i),   theta_i = (w_i in R^d, b_i, a_i)
 *
 * Neuron i is particle i. Neurons with global ids 0..N-1 are cut into chunks of B consecutive
 * ids and every rank owns a contiguous block of whole chunks (as MckParticles does), so a
 * per-chunk partial sum is a function of global ids only. The one summary statistic of the
 * network is its output on the data batch, f(x_mu), mu < P: each rank adds per-chunk partial
 * sums of a_i sigma(.) to an MckStats of P components (+1 for the L2 penalty), and ONE
 * reproducible collective gives f on every rank, bitwise identical for any rank count.
 *
 * Loss of the N-neuron network (mean-field normalisation of the penalty):
 *   L_N(theta) = (1/2P) sum_mu (f(x_mu) - y_mu)^2 + (lambda / 2N) sum_i |theta_i|^2
 * The per-neuron drift is the gradient of the first variation of the mean-field functional,
 *   G(theta_i) = N grad_{theta_i} L_N
 *              = (alpha/P) sum_mu r_mu grad_theta[a sigma(w.x_mu + b)](theta_i) + lambda theta_i,
 * with r_mu = f(x_mu) - y_mu, which is O(1) as N -> infinity (NOT N times a tiny gradient).
 *
 * Dynamics (-mfnet_dynamics), one step of size dt:
 *   mfld  mean-field Langevin (Euler-Maruyama): theta_i <- theta_i - dt G(theta_i) + sqrt(2 tau dt) xi_i;
 *         tau = 0 is plain (full-batch) gradient descent. Its N-particle stationary law, for
 *         tau > 0, is proportional to exp(-N L_N(theta) / tau).
 *   umfld underdamped mean-field Langevin (unit mass, friction gamma = -mfnet_gamma), BAOAB:
 *         d theta = v dt, dv = -G(theta) dt - gamma v dt + sqrt(2 gamma tau) dW (see umfld.c);
 *         velocities start Maxwellian, N(0, tau).
 *   fedavg federated-averaging Langevin: K clients (-mfnet_fedavg_clients) each hold the samples
 *         mu = c mod K and a copy of the model, take E (-mfnet_fedavg_local_steps) mfld steps on
 *         their shard (noise sqrt(2 tau dt / p_c), p_c their share of the samples), then the
 *         model becomes sum_c p_c theta^c (see fedavg.c). E = 1 is mfld in distribution.
 *   cbo   consensus-based optimisation of a registered objective E (-mfnet_objective) over the
 *         particles x_i in R^D (not necessarily a network):
 *           m = sum_j x_j exp(-beta E(x_j)) / sum_j exp(-beta E(x_j))     (log-sum-exp shifted)
 *           x_i <- x_i - lambda_c dt (x_i - m) + sigma_c sqrt(dt) |x_i - m|_2 xi_i   (isotropic)
 *           x_i <- x_i - lambda_c dt (x_i - m) + sigma_c sqrt(dt) (x_i - m) .* xi_i  (anisotropic)
 * The noise xi_i of particle i at step s is MckRNGNormals(stream = global id i, step = s, draws
 * 0..D-1), so results do not depend on the rank count.
 *
 * Data (teacher-student): x_mu ~ N(0, I_d / d) (so |x| ~ 1), teacher direction u = sqrt(d) v/|v|,
 * v ~ N(0, I_d) (so u . x ~ N(0, 1)), y_mu = g(u . x_mu) with g registered (-mfnet_teacher);
 * multi-index: k orthogonal directions u_j, y = k^-1/2 sum_j g(u_j.x) or prod_j g(u_j.x)
 * (teacher.c). Or real data: -mfnet_data FILE.h5 with /X (rows x d), /y (rows) (datafile.c).
 * -mfnet_test_size Pt held-out samples (teacher: drawn at MCK_MFNET_STEP_TEST; file: its last
 * Pt rows) give the test loss (MckMFNetEvaluateTest).
 * The data come from their own key, -mfnet_data_seed (default: -mfnet_seed), so that runs can
 * share one data set and differ only in the particles. RNG steps (the counter, never shared):
 * initial particles MCK_RNG_STEP_INIT (-1, stream = particle id), data MCK_MFNET_STEP_DATA (-2,
 * stream = sample id), teacher MCK_MFNET_STEP_TEACHER (-3, stream 0), mini-batch permutation
 * MCK_MFNET_STEP_PERM (-4); the dynamics use steps >= 0.
 * Mini-batches (-mfnet_minibatch m > 0, mfld/umfld): step s uses the m samples at positions
 * s m .. s m + m - 1 (mod P) of a fixed random permutation; f, r and L_N are then those of the
 * batch (P replaced by m above), and the statistic has m + 1 components.
 * Memory: sigma and sigma' of every local neuron on every batch sample (2 nlocal P doubles). */
#pragma once
#include <mckean/mckrng.h>
#include <mckean/mckio.h>

typedef struct _p_MckMFNet *MckMFNet;

#define MCK_MFNET_STEP_DATA    ((PetscInt64)-2)
#define MCK_MFNET_STEP_TEACHER ((PetscInt64)-3)
#define MCK_MFNET_STEP_PERM    ((PetscInt64)-4) /* the mini-batch permutation, stream = sample id */
#define MCK_MFNET_STEP_TEST    ((PetscInt64)-5) /* the held-out test samples, stream = sample id */

/* Elementwise function: s[k] = sigma(z[k]) and, if ds is not NULL, ds[k] = sigma'(z[k]), for
 * 0 <= k < n. Must be plain per-element C (same result whatever the position in a loop). */
typedef void (*MckMFNetActivationFn)(PetscInt n, const PetscReal z[], PetscReal s[], PetscReal ds[]);
/* s[k] = tanh(z[k]), vectorisable and bitwise independent of k's position in the loop (plain
 * IEEE arithmetic, see src/learn/tanh.c); < 3 ulp from the correctly rounded tanh. */
PETSC_EXTERN void MckMFNetTanh(PetscInt n, const PetscReal z[], PetscReal s[]);
/* Activations (-mfnet_activation): tanh (MckMFNetTanh), relu, erf (erf(z/sqrt 2)), identity. */
PETSC_EXTERN PetscErrorCode MckMFNetRegisterActivation(const char name[], MckMFNetActivationFn fn);
/* Teacher links g (-mfnet_teacher): tanh, he2 (z^2 - 1), he3 (z^3 - 3z), linear. */
PETSC_EXTERN PetscErrorCode MckMFNetRegisterTeacher(const char name[], MckMFNetActivationFn fn);
/* Objectives for cbo (-mfnet_objective): E[k] = E(x_k) for the n rows x_k (row-major, length D)
 * of x. dim(net, &D) gives the row length the objective needs. */
typedef struct {
  PetscErrorCode (*dim)(MckMFNet, PetscInt *);
  PetscErrorCode (*eval)(MckMFNet, PetscInt n, const PetscReal x[], PetscReal E[]);
} MckMFNetObjective;
/* Built in: quadratic (E = |x - s|^2 / 2), rastrigin (E = 10 D + sum_k [(x_k - s)^2 - 10 cos(2 pi (x_k - s))]),
 * with s = -mfnet_objective_shift (default 0), both in D = -mfnet_dim; network (D = d + 2: one
 * neuron theta = (w, b, a) scored by the loss of the width-one network alpha a sigma(w.x + b) on
 * the data, plus (lambda/2)|theta|^2). */
PETSC_EXTERN PetscErrorCode MckMFNetRegisterObjective(const char name[], const MckMFNetObjective *obj);
/* Dynamics (-mfnet_dynamics): mfld, umfld, cbo. create() fills the object's dynamics operations. */
typedef PetscErrorCode (*MckMFNetDynamicsCreateFn)(MckMFNet);
PETSC_EXTERN PetscErrorCode MckMFNetRegisterDynamics(const char name[], MckMFNetDynamicsCreateFn create);
PETSC_EXTERN PetscErrorCode MckMFNetInitializePackage(void);

PETSC_EXTERN PetscErrorCode MckMFNetCreate(MPI_Comm comm, MckMFNet *net);
/* -mfnet_n, -mfnet_dim, -mfnet_batch, -mfnet_test_size, -mfnet_data, -mfnet_alpha, -mfnet_activation,
 * -mfnet_teacher, -mfnet_teacher_directions, -mfnet_teacher_combine, -mfnet_dynamics,
 * -mfnet_minibatch, -mfnet_dt, -mfnet_temperature, -mfnet_lambda, -mfnet_steps, -mfnet_chunk_size,
 * -mfnet_seed, -mfnet_data_seed, -mfnet_init, -mfnet_init_std, -mfnet_init_range,
 * -mfnet_train_features; umfld: -mfnet_gamma; cbo: -mfnet_objective, -mfnet_objective_shift,
 * -mfnet_cbo_beta, -mfnet_cbo_lambda, -mfnet_cbo_sigma, -mfnet_cbo_anisotropic; fedavg:
 * -mfnet_fedavg_clients, -mfnet_fedavg_local_steps */
PETSC_EXTERN PetscErrorCode MckMFNetSetFromOptions(MckMFNet net);
/* Allocates everything, draws the data and the initial particles. Collective. */
PETSC_EXTERN PetscErrorCode MckMFNetSetUp(MckMFNet net);
/* One step of the dynamics (one reproducible collective for mfld and umfld, plus one on umfld's
 * first step; for cbo one MPI_MIN and one reproducible collective). Never allocates. */
PETSC_EXTERN PetscErrorCode MckMFNetStep(MckMFNet net);
/* Forward pass at the current parameters (collective): network output, residual and loss;
 * with gradient, also G(theta_i) for the local neurons (mfld parametrisation). */
PETSC_EXTERN PetscErrorCode MckMFNetEvaluate(MckMFNet net, PetscBool gradient);
/* L_N from the last forward pass: mfld, the state before the last step; umfld, the state after
 * it; or the state at the last MckMFNetEvaluate. cbo: E(m) at the consensus point of the last
 * step (computed from the particles before their update). Identical on every rank. */
PETSC_EXTERN PetscErrorCode MckMFNetGetLoss(MckMFNet net, PetscReal *loss);
PETSC_EXTERN PetscErrorCode MckMFNetGetStep(MckMFNet net, PetscInt64 *step, PetscInt *nsteps);
PETSC_EXTERN PetscErrorCode MckMFNetGetTimeStep(MckMFNet net, PetscReal *dt);
/* Whether the particles are network neurons (mfld, umfld, fedavg) or points of a cbo objective. */
PETSC_EXTERN PetscErrorCode MckMFNetIsNetwork(MckMFNet net, PetscBool *network);
/* Local particles: nlocal rows of length D (mfld: D = d + 2, layout w_1..w_d, b, a), row-major,
 * first global id gstart. The array may be modified (then call MckMFNetEvaluate). */
PETSC_EXTERN PetscErrorCode MckMFNetGetParticles(MckMFNet net, PetscInt64 *N, PetscInt *D, PetscInt *nlocal, PetscInt64 *gstart, PetscReal **theta);
/* G(theta_i) of the local neurons (same layout), from the last MckMFNetEvaluate(net, PETSC_TRUE). */
PETSC_EXTERN PetscErrorCode MckMFNetGetGradient(MckMFNet net, const PetscReal **grad);
/* Data: X (P x d, row-major), y (P), teacher direction u (d); identical on every rank. */
PETSC_EXTERN PetscErrorCode MckMFNetGetData(MckMFNet net, PetscInt *P, PetscInt *d, const PetscReal **X, const PetscReal **y, const PetscReal **u);
/* Teacher directions: k rows of length d (orthogonal, |u_j|^2 = d); k = 0 for data from a file. */
PETSC_EXTERN PetscErrorCode MckMFNetGetTeacher(MckMFNet net, PetscInt *k, const PetscReal **U);
/* Held-out test samples (-mfnet_test_size), and the data loss (1/2Pt) sum (f - y)^2 of the
 * current parameters on them (collective: one reproducible reduction of Pt + 1 sums). */
PETSC_EXTERN PetscErrorCode MckMFNetGetTestSize(MckMFNet net, PetscInt *Pt);
PETSC_EXTERN PetscErrorCode MckMFNetEvaluateTest(MckMFNet net, PetscReal *loss);
/* The test samples: X (Pt x d, row-major) and y (Pt), identical on every rank. */
PETSC_EXTERN PetscErrorCode MckMFNetGetTestData(MckMFNet net, const PetscReal **X, const PetscReal **y);
/* Network output f(x_mu) from the last forward pass (P values, or the m of the step's mini-batch;
 * identical on every rank). */
PETSC_EXTERN PetscErrorCode MckMFNetGetOutput(MckMFNet net, const PetscReal **f);
/* cbo: the consensus point m of the last step (D values, identical on every rank). */
PETSC_EXTERN PetscErrorCode MckMFNetGetConsensus(MckMFNet net, const PetscReal **m);
/* ---- state, checkpoints, diagnostics (state.c, diagnostics.c) ---- */
/* Record (check = FALSE) or compare (check = TRUE) every setting a result depends on, except
 * -mfnet_steps, as a checkpoint fingerprint (mckio.h). */
PETSC_EXTERN PetscErrorCode MckMFNetConfig(MckMFNet net, MckIO io, PetscBool check);
/* The particles as <group>/theta (N x D, global-id order) plus the dynamics' own state (umfld:
 * <group>/velocity and <group>/force). Collective. Read restores what Write wrote into a net
 * set up with the same configuration. */
PETSC_EXTERN PetscErrorCode MckMFNetWrite(MckMFNet net, MckIO io, const char group[]);
PETSC_EXTERN PetscErrorCode MckMFNetRead(MckMFNet net, MckIO io, const char group[]);
/* Continue counting from step (after MckMFNetRead); step must be a multiple of the sync interval:
 * the steps at which the particles (and Write's extra state) are the whole state (1, fedavg: a
 * round of -mfnet_fedavg_local_steps). */
PETSC_EXTERN PetscErrorCode MckMFNetSetStep(MckMFNet net, PetscInt64 step);
PETSC_EXTERN PetscErrorCode MckMFNetGetSyncInterval(MckMFNet net, PetscInt *sync);
/* The default of -mfnet_seed (call before MckMFNetSetFromOptions): apps pass their -seed. */
PETSC_EXTERN PetscErrorCode MckMFNetSetSeed(MckMFNet net, PetscInt seed);
/* Data loss + penalty of the current parameters on all P training samples (also with
 * mini-batches). Collective. */
PETSC_EXTERN PetscErrorCode MckMFNetEvaluateTrain(MckMFNet net, PetscReal *loss);
/* Teacher alignment: the mean over neurons of |P_U w_i| / |w_i|, P_U the orthogonal projector
 * on the teacher subspace (1: every neuron's weights lie in it; ~ sqrt(k/d) for random w).
 * NaN without a teacher (data from a file). Collective, reproducible (chunk sums). */
PETSC_EXTERN PetscErrorCode MckMFNetGetAlignment(MckMFNet net, PetscReal *alignment);
/* Per-neuron summary for snapshots: ncomp = k + 2 columns, (w.u_j)/sqrt(d) for j < k (the
 * overlap with each unit teacher direction), |w|, a; comp[c][i] for the local neurons (comp may
 * be NULL to query ncomp). For cbo the D coordinates of the particles. */
PETSC_EXTERN PetscErrorCode MckMFNetGetNeuronSummary(MckMFNet net, PetscInt *ncomp, PetscReal *const comp[]);
PETSC_EXTERN PetscErrorCode MckMFNetView(MckMFNet net, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckMFNetDestroy(MckMFNet *net);
