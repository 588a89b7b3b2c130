/* Private state of MckDMFT, shared by the files of src/dmft. */
#pragma once
#include <mckean/mckdmft.h>
#include <mckean/mckstats.h>
#include <petscsnes.h>
#include <petscts.h>

#define MCK_DMFT_NAME_LEN 64
/* RNG steps of the population (stream = member id) and network (stream = neuron id): the
 * couplings get their own step so they never share a counter with the dynamics. */
#define MCK_DMFT_STEP_COUPLINGS ((PetscInt64)-5)
#define MCK_DMFT_STEP_INIT      ((PetscInt64)-1) /* network: initial condition of neuron i */

PETSC_EXTERN PetscFunctionList MckDMFTSolverList;
PETSC_INTERN PetscErrorCode     MckDMFTGetActivation_Private(const char name[], const MckDMFTActivation **act);
PETSC_INTERN const MckDMFTActivation MckDMFTAct_Tanh, MckDMFTAct_Erf, MckDMFTAct_ReLU; /* activations.c */

typedef enum {
  MCK_DMFT_EXP,  /* exact exponential for -x, fields linear between grid points (2nd order) */
  MCK_DMFT_EULER /* Euler-Maruyama */
} MckDMFTIntegrator;

/* One step of x' = -x + eta + I + sqrt(2 D) xi on a grid of spacing h:
 *   x_{k+1} = decay x_k + w0 eta_k + w1 eta_{k+1} + drive + kick xi_k. */
typedef struct {
  PetscReal decay, w0, w1, drive, kick;
} MckDMFTStepCoeffs;

struct _p_MckDMFT {
  MPI_Comm                 comm;
  char                     solver_name[MCK_DMFT_NAME_LEN], act_name[MCK_DMFT_NAME_LEN];
  MckDMFTSolverFn          solve;
  const MckDMFTActivation *act;
  MckRNG                   rng;
  /* model */
  PetscReal g, noise, input, q0;
  /* grid and solver settings */
  PetscInt          T, lags, population, chunk, max_it, network_n, scalapack_threshold;
  PetscReal         dt, burn_in, tol, damping, jitter, memory_limit_gb;
  MckDMFTIntegrator integrator;
  PetscBool         frozen_noise, setup, solved;
  MckDMFTStepCoeffs step;
  /* results, replicated */
  PetscReal *cx, *cphi, *delta;
  PetscInt   its;
  PetscReal  residual;
  PetscBool  converged;
  MckSeries  history;
  /* population workspace */
  PetscInt64 gstart;
  PetscInt   nlocal, nchunks, off_x, off_phi;
  MckStats   stats, stats_phi; /* C_x and C_phi together; C_phi alone (the iterations) */
  PetscReal *L, *Z, *H, *Xi, *X, *Phi, *gram, *packed, **cols;
  PetscInt64       evaluations, first_evaluation; /* first: where this solve started (restart) */
  PetscBool        restored, skip_history_row;
  MckDMFTMonitorFn monitor;
  void            *monitor_ctx;
  SNES             snes;
  Vec        state;
  /* network */
  Mat        J;
  PetscReal *xh, *ph, *phi_all, *eta0, *eta1, *xs, *xi;
  PetscInt    network_step; /* columns 0..network_step of xh, ph are final (checkpoint.c) */
  PetscMPIInt *counts, *displs;
};

/* ---- two-time helpers (twotime.c) ---------------------------------------------------------- */
PETSC_INTERN PetscInt       MckDMFTPackedSize(PetscInt T);
PETSC_INTERN void           MckDMFTPack(PetscInt T, const PetscReal full[], PetscReal packed[]);
PETSC_INTERN void           MckDMFTUnpack(PetscInt T, const PetscReal packed[], PetscReal full[]);
/* Register the statistics: C_x and C_phi (packed) in d->stats, and C_phi alone in
 * d->stats_phi (the self-consistency needs only C_phi until it has converged). */
PETSC_INTERN PetscErrorCode MckDMFTTwoTimeRegister(MckDMFT d, PetscInt64 N, PetscInt B);
PETSC_INTERN PetscErrorCode MckDMFTTwoTimeZero(MckDMFT d, PetscBool with_x);
/* Add one chunk of n paths (X, Phi: n x T column-major, leading dimension ld), scaled by 1/N. */
PETSC_INTERN PetscErrorCode MckDMFTTwoTimeAccumulate(MckDMFT d, PetscBool with_x, PetscInt n, PetscInt ld, const PetscReal X[], const PetscReal Phi[], PetscInt64 N);
/* One collective; unpack the averages into d->cphi (and d->cx). */
PETSC_INTERN PetscErrorCode MckDMFTTwoTimeReduce(MckDMFT d, PetscBool with_x);
/* d->delta from d->cx: averages along the diagonals over t >= burn_in. */
PETSC_INTERN PetscErrorCode MckDMFTStationaryAverage(MckDMFT d);
PETSC_INTERN PetscInt       MckDMFTBurnInSteps(MckDMFT d);

/* ---- single-site dynamics (sitestep.c) ---------------------------------------------------- */
PETSC_INTERN void MckDMFTStepCoeffsSet(MckDMFTIntegrator integ, PetscReal h, PetscReal noise, PetscReal input, MckDMFTStepCoeffs *c);
/* x1[i] = decay x0[i] + w0 e0[i] + w1 e1[i] + drive + kick xi[i], i < n (xi may be NULL if kick = 0) */
PETSC_INTERN void MckDMFTStepApply(const MckDMFTStepCoeffs *c, PetscInt n, const PetscReal x0[], const PetscReal e0[], const PetscReal e1[], const PetscReal xi[], PetscReal x1[]);

/* ---- Gaussian integrals (gauss.c) ------------------------------------------------------------ */
#define MCK_DMFT_GH_NODES 80
/* Probabilists' Gauss-Hermite rule: sum_k w[k] f(z[k]) ~ E f(z), z ~ N(0, 1). */
PETSC_INTERN PetscErrorCode MckDMFTGaussHermite(PetscInt n, PetscReal z[], PetscReal w[]);

/* ---- solvers -------------------------------------------------------------------------------- */
PETSC_INTERN PetscErrorCode MckDMFTSolve_Population(MckDMFT);
PETSC_INTERN PetscErrorCode MckDMFTSolve_Stationary(MckDMFT);
PETSC_INTERN PetscErrorCode MckDMFTSolve_Network(MckDMFT);
PETSC_INTERN PetscErrorCode MckDMFTSetUp_Population(MckDMFT);
PETSC_INTERN PetscErrorCode MckDMFTSetUp_Network(MckDMFT);
PETSC_INTERN PetscErrorCode MckDMFTDestroy_Population(MckDMFT);
PETSC_INTERN PetscErrorCode MckDMFTDestroy_Network(MckDMFT);
/* Memory per rank in bytes that the configured solver needs (for the set-up check). */
PETSC_INTERN PetscReal      MckDMFTMemoryEstimate(MckDMFT d, PetscMPIInt size);
