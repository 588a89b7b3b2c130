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
 * Dynamics (-mfnet_dynamics: the type of the object, MCKMFNET_*), one step of size dt:
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
 * v ~ N(0, I_d) (so u . x ~ N(0, 1)), y_mu = g(u . x_mu) with g from the activation table
 * (-mfnet_teacher; the student's sigma is -mfnet_activation, include/mckean/mckactivation.h);
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
 * Memory: sigma and sigma' of every local neuron on every batch sample (2 nlocal P doubles).
 *
 * Options belong to what reads them: the data and network options (-mfnet_batch, -mfnet_alpha,
 * -mfnet_activation, ...) are read only when the particles are neurons or a cbo objective scores
 * them on the data, the training options (-mfnet_temperature, -mfnet_minibatch, ...) only by the
 * dynamics that train a network, and each dynamics reads its own: any other is unused, hence an
 * error. An MckMFNet is a solver an MckRun advances (a step of the dynamics per step) and an
 * object it checkpoints (the particles and the dynamics' own state). */
#pragma once
#include <mckean/mckrng.h>
#include <mckean/mckio.h>

typedef struct _p_MckMFNet *MckMFNet;
PETSC_EXTERN PetscClassId   MCK_MFNET_CLASSID;
PETSC_EXTERN PetscLogEvent  MCK_EVENT_MFNetForce, MCK_EVENT_MFNetIntegrate;

/* reserved steps of the generator (mckrng.h lists them all) */
#define MCK_MFNET_STEP_DATA    MCK_RNG_STEP_MFNET_DATA
#define MCK_MFNET_STEP_TEACHER MCK_RNG_STEP_MFNET_TEACHER
#define MCK_MFNET_STEP_PERM    MCK_RNG_STEP_MFNET_PERM
#define MCK_MFNET_STEP_TEST    MCK_RNG_STEP_MFNET_TEST

typedef const char *MckMFNetType;
#define MCKMFNET_MFLD   "mfld"
#define MCKMFNET_UMFLD  "umfld"
#define MCKMFNET_CBO    "cbo"
#define MCKMFNET_FEDAVG "fedavg"

/* A dynamics' constructor fills the object's ops and its own data (src/learn/mfnetimpl.h; the
 * files of src/learn/ are the examples, docs/architecture.md "A learning dynamics"). */
typedef PetscErrorCode (*MckMFNetCreateFn)(MckMFNet);

/* Objectives for cbo (-mfnet_objective): E[k] = E(x_k) for the n rows x_k (row-major, length D)
 * of x; dim(net, &D) gives the row length the objective needs; network: the objective scores its
 * points on the network's data (so the data and network options are read). Built in: quadratic
 * (E = |x - s|^2 / 2), rastrigin (E = 10 D + sum_k [(x_k - s)^2 - 10 cos(2 pi (x_k - s))]), with
 * s = -mfnet_objective_shift (default 0), both in D = -mfnet_dim; network (D = d + 2: one neuron
 * theta = (w, b, a) scored by the loss of the width-one network alpha a sigma(w.x + b) on the
 * data, plus (lambda/2)|theta|^2). */
typedef struct {
  PetscErrorCode (*dim)(MckMFNet, PetscInt *);
  PetscErrorCode (*eval)(MckMFNet, PetscInt n, const PetscReal x[], PetscReal E[]);
  PetscBool network;
} MckMFNetObjective;
typedef PetscErrorCode (*MckMFNetObjectiveCreateFn)(MckMFNetObjective *);

PETSC_EXTERN PetscErrorCode MckMFNetInitializePackage(void);
PETSC_EXTERN PetscErrorCode MckMFNetRegister(const char name[], MckMFNetCreateFn create);
PETSC_EXTERN PetscErrorCode MckMFNetRegisterObjective(const char name[], MckMFNetObjectiveCreateFn create);

PETSC_EXTERN PetscErrorCode MckMFNetCreate(MPI_Comm comm, MckMFNet *net);
PETSC_EXTERN PetscErrorCode MckMFNetSetType(MckMFNet net, MckMFNetType type);
PETSC_EXTERN PetscErrorCode MckMFNetGetType(MckMFNet net, MckMFNetType *type);
PETSC_EXTERN PetscErrorCode MckMFNetSetOptionsPrefix(MckMFNet net, const char prefix[]);
PETSC_EXTERN PetscErrorCode MckMFNetSetSeed(MckMFNet net, PetscInt seed);
PETSC_EXTERN PetscErrorCode MckMFNetSetFromOptions(MckMFNet net);
PETSC_EXTERN PetscErrorCode MckMFNetSetUp(MckMFNet net);
PETSC_EXTERN PetscErrorCode MckMFNetStep(MckMFNet net);
PETSC_EXTERN PetscErrorCode MckMFNetEvaluate(MckMFNet net, PetscBool gradient);
PETSC_EXTERN PetscErrorCode MckMFNetGetLoss(MckMFNet net, PetscReal *loss);
PETSC_EXTERN PetscErrorCode MckMFNetGetStep(MckMFNet net, PetscInt64 *step, PetscInt *nsteps);
PETSC_EXTERN PetscErrorCode MckMFNetSetStep(MckMFNet net, PetscInt64 step);
PETSC_EXTERN PetscErrorCode MckMFNetGetTimeStep(MckMFNet net, PetscReal *dt);
PETSC_EXTERN PetscErrorCode MckMFNetGetSyncInterval(MckMFNet net, PetscInt *sync);
PETSC_EXTERN PetscErrorCode MckMFNetIsNetwork(MckMFNet net, PetscBool *network);
PETSC_EXTERN PetscErrorCode MckMFNetGetParticles(MckMFNet net, PetscInt64 *N, PetscInt *D, PetscInt *nlocal,
                                                 PetscInt64 *gstart, PetscReal **theta);
PETSC_EXTERN PetscErrorCode MckMFNetGetGradient(MckMFNet net, const PetscReal **grad);
PETSC_EXTERN PetscErrorCode MckMFNetGetData(MckMFNet net, PetscInt *P, PetscInt *d, const PetscReal **X,
                                            const PetscReal **y, const PetscReal **u);
PETSC_EXTERN PetscErrorCode MckMFNetGetTeacher(MckMFNet net, PetscInt *k, const PetscReal **U);
PETSC_EXTERN PetscErrorCode MckMFNetGetTestSize(MckMFNet net, PetscInt *Pt);
PETSC_EXTERN PetscErrorCode MckMFNetGetTestData(MckMFNet net, const PetscReal **X, const PetscReal **y);
PETSC_EXTERN PetscErrorCode MckMFNetEvaluateTest(MckMFNet net, PetscReal *loss);
PETSC_EXTERN PetscErrorCode MckMFNetEvaluateTrain(MckMFNet net, PetscReal *loss);
PETSC_EXTERN PetscErrorCode MckMFNetGetOutput(MckMFNet net, const PetscReal **f);
PETSC_EXTERN PetscErrorCode MckMFNetPredict(MckMFNet net, PetscInt n, const PetscReal X[], PetscReal f[]);
PETSC_EXTERN PetscErrorCode MckMFNetGetConsensus(MckMFNet net, const PetscReal **m);
PETSC_EXTERN PetscErrorCode MckMFNetGetAlignment(MckMFNet net, PetscReal *alignment);
PETSC_EXTERN PetscErrorCode MckMFNetGetNeuronSummary(MckMFNet net, PetscInt *ncomp, PetscReal *const comp[]);
/* observations for a run: the row of /timeseries/mfnn and the neuron snapshots */
PETSC_EXTERN PetscErrorCode MckMFNetCreateSeries(MckMFNet net, MckSeries *series);
PETSC_EXTERN PetscErrorCode MckMFNetRecord(MckMFNet net, MckSeries series, const char **name, PetscReal *value);
PETSC_EXTERN PetscErrorCode MckMFNetAppendSnapshot(MckMFNet net, MckIO io, const char dset[]);
/* checkpoints */
PETSC_EXTERN PetscErrorCode MckMFNetCheckCheckpointing(MckMFNet net, PetscInt interval, PetscBool restart);
PETSC_EXTERN PetscErrorCode MckMFNetConfig(MckMFNet net, MckIO io, PetscBool check);
PETSC_EXTERN PetscErrorCode MckMFNetWrite(MckMFNet net, MckIO io, const char group[]);
PETSC_EXTERN PetscErrorCode MckMFNetRead(MckMFNet net, MckIO io, const char group[]);
PETSC_EXTERN PetscErrorCode MckMFNetView(MckMFNet net, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckMFNetDestroy(MckMFNet *net);
