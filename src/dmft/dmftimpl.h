/* Private to the dmft layer: the MckDMFT object, the scs model's data and the interface of its
 * solvers, and the helpers the scs files share. */
#pragma once
#include <mckean/mckdmft.h>
#include <mckean/mcktyped.h>
#include <mckean/mckactivation.h>
#include <mckean/mckstats.h>
#include <petsc/private/petscimpl.h>
#include <petscsnes.h>
#include <petscts.h>

struct _p_MckDMFT {
  PETSCHEADER(MckDMFTOps);
  void     *data; /* the model type's state */
  MckRNG    rng;
  PetscBool setup;
  PetscBool help;    /* -help: the types' setup checks the options and allocates nothing */
  PetscBool started; /* initialized or restored: ready to step */
};

#define MCK_DMFT_NAME_LEN 64

PETSC_INTERN PetscFunctionList MckDMFTList, MckDMFTSolverList;
PETSC_INTERN PetscErrorCode    MckDMFTCreate_SCS(MckDMFT, MckDMFTOps *, void **);
PETSC_INTERN PetscErrorCode    MckDMFTCreate_PSpin(MckDMFT, MckDMFTOps *, void **);
/* dmftrun.c: the stepping and checkpoint protocols a run calls */
PETSC_INTERN const MckStepperOps    MckDMFTStepper;
PETSC_INTERN const MckCheckpointOps MckDMFTCheckpoint;
/* stateio.c: a state's step attribute in [0, value - back] (value: that of option), and datasets
 * group/name: replicated arrays (read back checked against the expected shape) and distributed
 * rows (column c of this rank's rows at a + c lda) */
PETSC_INTERN PetscErrorCode MckDMFTReadStep(MckDMFT, MckIO, const char group[], const char what[], const char option[],
                                            PetscInt64 value, PetscInt back, PetscInt64 *step);
PETSC_INTERN PetscErrorCode MckDMFTReadArrayShaped(MckDMFT, MckIO, const char group[], const char name[],
                                                   PetscInt ndims, const PetscInt64 dims[], PetscReal data[]);
PETSC_INTERN PetscErrorCode MckDMFTTransferArray(MckDMFT, MckIO, const char group[], const char name[], PetscInt ndims,
                                                 const PetscInt64 dims[], PetscReal data[], PetscBool write);
PETSC_INTERN PetscErrorCode MckDMFTTransferRows(MckIO, const char group[], const char name[], PetscInt64 N,
                                                PetscInt64 gstart, PetscInt nlocal, PetscInt ncomp, PetscReal a[],
                                                PetscInt lda, PetscBool write);
PETSC_INTERN PetscErrorCode MckDMFTHasDataset(MckIO, const char group[], const char name[], PetscBool *has);

/* ---- the scs model ------------------------------------------------------------------------ */

/* RNG steps of the population (stream = member id) and network (stream = neuron id): the
 * couplings get their own step so they never share a counter with the dynamics. */
#define MCK_DMFT_STEP_COUPLINGS MCK_RNG_STEP_DMFT_COUPLINGS
#define MCK_DMFT_STEP_INIT      MCK_RNG_STEP_INIT /* network: initial condition of neuron i */

typedef enum {
  MCK_DMFT_EXP,  /* exact exponential for -x, fields linear between grid points (2nd order) */
  MCK_DMFT_EULER /* Euler-Maruyama */
} MckDMFTIntegrator;

/* One step of x' = -x + eta + I + sqrt(2 D) xi on a grid of spacing h:
 *   x_{k+1} = decay x_k + w0 eta_k + w1 eta_{k+1} + drive + kick xi_k. */
typedef struct {
  PetscReal decay, w0, w1, drive, kick;
} MckDMFTStepCoeffs;

typedef struct _n_MckSCS *MckSCS;

/* What a solver of the scs model implements (its constructor fills these and its data):
 *   setfromoptions  its own options (inside the object's options block)
 *   memory          bytes per rank it needs: the two-time state (replicated) and couplings
 *   setup, initialize (fresh start), step, getstep (steps done and of the solve, time)
 *   write, read     its state during the solve (NULL: the solver has no checkpoints)
 *   config          the settings its state depends on
 *   headline, view, destroy
 * A solver that finishes sets the scs results (cx, cphi, delta, its, residual, converged) and
 * done. */
typedef struct {
  PetscErrorCode (*setfromoptions)(MckSCS, PetscOptionItems *);
  PetscErrorCode (*memory)(MckSCS, PetscMPIInt size, PetscReal *state, PetscReal *couplings);
  PetscErrorCode (*setup)(MckSCS);
  PetscErrorCode (*initialize)(MckSCS);
  PetscErrorCode (*step)(MckSCS);
  PetscErrorCode (*getstep)(MckSCS, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time);
  PetscErrorCode (*config)(MckSCS, MckIO, PetscBool check);
  PetscErrorCode (*write)(MckSCS, MckIO, const char group[]);
  PetscErrorCode (*read)(MckSCS, MckIO, const char group[]);
  PetscErrorCode (*headline)(MckSCS, const char **name, PetscReal *value);
  PetscErrorCode (*view)(MckSCS, PetscViewer);
  PetscErrorCode (*destroy)(MckSCS);
} MckSCSSolverOps;
typedef PetscErrorCode (*MckSCSSolverCreateFn)(MckSCS, MckSCSSolverOps *, void **data);

struct _n_MckSCS {
  MckDMFT  d; /* the object: communicator, options prefix, generator */
  MPI_Comm comm;
  /* model */
  char          act_name[MCK_DMFT_NAME_LEN];
  MckActivation act;
  PetscReal     g, noise, input;
  /* grid and reporting */
  PetscInt  T, lags;
  PetscReal dt, burn_in, memory_limit_gb;
  /* results, replicated */
  PetscReal *cx, *cphi, *delta;
  PetscInt   its;
  PetscReal  residual;
  PetscBool  converged, done;
  MckSeries  history; /* rows the solver appends (NULL: none) */
  PetscInt64 sample;  /* paths or neurons the solver averages over (0: none) */
  /* the transient check of the window t >= burn_in (transient.c): the equal-time variance
   * averaged over its two halves, the standard error of their difference (0: not checked) */
  PetscReal halves[2], halves_se;
  PetscBool transient;
  /* the solver */
  char            solver_name[MCK_DMFT_NAME_LEN];
  MckSCSSolverOps sops;
  void           *sdata;
};

PETSC_INTERN PetscErrorCode MckSCSCreate_Population(MckSCS, MckSCSSolverOps *, void **);
PETSC_INTERN PetscErrorCode MckSCSCreate_Stationary(MckSCS, MckSCSSolverOps *, void **);
PETSC_INTERN PetscErrorCode MckSCSCreate_Network(MckSCS, MckSCSSolverOps *, void **);

/* ---- scsio.c: the result of a finished solve into a group, and back ---- */
PETSC_INTERN PetscErrorCode MckSCSWriteResult(MckSCS, MckIO, const char group[]);
PETSC_INTERN PetscErrorCode MckSCSReadResult(MckSCS, MckIO, const char group[]);

/* ---- paths.c: the single-site (and network) paths both sampling solvers integrate ---------
 * -dmft_q0, -dmft_integrator and -dmft_chunk, read by the solvers that integrate paths. */
typedef struct {
  PetscReal         q0;
  MckDMFTIntegrator integrator;
  PetscInt          chunk;
  MckDMFTStepCoeffs step;
} MckSCSPaths;
#define MCK_SCS_PATHS_DEFAULT                 \
  {                                           \
    1.0, MCK_DMFT_EXP, 256, { 0, 0, 0, 0, 0 } \
  }
PETSC_INTERN PetscErrorCode MckSCSPathsSetFromOptions(MckSCS, PetscOptionItems *, MckSCSPaths *);
PETSC_INTERN PetscErrorCode MckSCSPathsSetUp(MckSCS, MckSCSPaths *);
PETSC_INTERN PetscErrorCode MckSCSPathsConfig(MckSCS, const MckSCSPaths *, MckIO, PetscBool check);
PETSC_INTERN const char    *MckSCSIntegratorName(const MckSCSPaths *);

/* ---- two-time statistic (twotime.c) ------------------------------------------------------ */
typedef struct {
  PetscInt64 gstart;            /* first path (or neuron) of this rank */
  PetscInt   nlocal, nchunks;   /* its paths, in chunks of B */
  PetscInt   B, off_x, off_phi; /* chunk size; components of C_x and C_phi in stats */
  MckStats   stats, stats_phi;  /* C_x and C_phi together; C_phi alone (the iterations) */
  PetscReal *gram, *packed, **cols;
} MckSCSTwoTime;
PETSC_INTERN PetscInt MckDMFTPackedSize(PetscInt T);
PETSC_INTERN void     MckDMFTPack(PetscInt T, const PetscReal full[], PetscReal packed[]);
PETSC_INTERN void     MckDMFTUnpack(PetscInt T, const PetscReal packed[], PetscReal full[]);
/* Ownership of N paths in chunks of B, and the statistics: C_x and C_phi (packed) together, and
 * C_phi alone (the self-consistency needs only C_phi until it has converged). */
PETSC_INTERN PetscErrorCode MckSCSTwoTimeSetUp(MckSCS, PetscInt64 N, PetscInt B, MckSCSTwoTime *);
PETSC_INTERN PetscErrorCode MckSCSTwoTimeDestroy(MckSCSTwoTime *);
PETSC_INTERN PetscErrorCode MckSCSTwoTimeZero(MckSCSTwoTime *, PetscBool with_x);
/* Add one chunk of n paths (X, Phi: n x T column-major, leading dimension ld), scaled by 1/N. */
PETSC_INTERN PetscErrorCode MckSCSTwoTimeAccumulate(MckSCS, MckSCSTwoTime *, PetscBool with_x, PetscInt n, PetscInt ld,
                                                    const PetscReal X[], const PetscReal Phi[], PetscInt64 N);
/* One collective; unpack the averages into s->cphi (and s->cx). */
PETSC_INTERN PetscErrorCode MckSCSTwoTimeReduce(MckSCS, MckSCSTwoTime *, PetscBool with_x);
/* s->delta from s->cx: averages along the diagonals over t >= burn_in; then the transient check
 * (a warning if the window is too short). */
PETSC_INTERN PetscErrorCode MckSCSStationaryAverage(MckSCS);
PETSC_INTERN PetscInt       MckSCSBurnInSteps(MckSCS);
/* s->halves, s->halves_se, s->transient from s->cx (transient.c); with warn, one line on rank 0
 * naming -dmft_steps and -dmft_burn_in when the transient has not decayed. */
PETSC_INTERN PetscErrorCode MckSCSCheckTransient(MckSCS, PetscBool warn);

/* ---- single-site dynamics (sitestep.c) ---------------------------------------------------- */
PETSC_INTERN void MckDMFTStepCoeffsSet(MckDMFTIntegrator integ, PetscReal h, PetscReal noise, PetscReal input,
                                       MckDMFTStepCoeffs *c);
/* x1[i] = decay x0[i] + w0 e0[i] + w1 e1[i] + drive + kick xi[i], i < n (xi may be NULL if kick = 0) */
PETSC_INTERN void MckDMFTStepApply(const MckDMFTStepCoeffs *c, PetscInt n, const PetscReal x0[], const PetscReal e0[],
                                   const PetscReal e1[], const PetscReal xi[], PetscReal x1[]);

/* ---- Gaussian integrals (gauss.c) ------------------------------------------------------------ */
/* Trapezoidal rule of spacing h on |z| <= 10: sum_k w[k] f(z[k]) ~ E f(z), z ~ N(0, 1), with
 * an error ~ exp(-2 pi d / h) for f analytic in |Im z| < d; n = MckDMFTGaussTrapezoidNodes(h). */
PETSC_INTERN PetscInt       MckDMFTGaussTrapezoidNodes(PetscReal h);
PETSC_INTERN PetscErrorCode MckDMFTGaussTrapezoid(PetscReal h, PetscInt n, PetscReal z[], PetscReal w[]);
