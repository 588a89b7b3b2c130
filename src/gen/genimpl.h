/* Private state of the gen layer's objects (targets, features, samplers) and its internal
 * components: the path coefficients and the least-squares fit by normal equations. */
#pragma once
#include <mckean/mckgentarget.h>
#include <mckean/mcktyped.h>
#include <mckean/mckgenfeatures.h>
#include <mckean/mckgensampler.h>
#include <mckean/mckstats.h>
#include <mckean/mckresample.h>
#include <mckean/mckparticles.h>
#include <petsc/private/petscimpl.h>

struct _p_MckGenTarget {
  PETSCHEADER(MckGenTargetOps);
  MPI_Comm  comm;
  void     *data;
  PetscInt  dim;
  PetscReal logz; /* log of the normaliser of exp(-U), when known */
  PetscBool logz_known, setup;
};

struct _p_MckGenFeatures {
  PETSCHEADER(MckGenFeaturesOps);
  MPI_Comm  comm;
  void     *data;
  PetscInt  dim, px; /* space features (px of them, the affine part included) */
  PetscInt  nt, time_basis;
  PetscInt  seed;
  PetscBool setup;
};

/* The least-squares fit: minimise (1/M) sum |C^T phi_i - y_i|^2 + lambda |C|^2 over C (p x q)
 * from the normal equations A = sum phi phi^T (upper triangle), B = sum phi y^T, s = sum |y|^2,
 * accumulated per chunk and reduced exactly (MckStats), added to running totals in double. */
typedef struct {
  MPI_Comm   comm;
  PetscInt   p, q, ntri;
  MckStats   stats;
  PetscInt   offA, offB, offS, offM;
  PetscReal *A, *B, S, M;                  /* running totals: A p x p (full), B p x q, S, number of samples */
  PetscReal *C;                            /* coefficients, p x q (row-major) */
  PetscReal *work, *chunkA, *chunkB, *tri; /* per-chunk partial sums */
  PetscReal  lambda, residual;
  PetscInt   scalapack_threshold;
  PetscBool  solved;
} MckGenFit;

PETSC_INTERN PetscErrorCode MckGenFitCreate(MPI_Comm comm, PetscInt p, PetscInt q, PetscReal lambda,
                                            PetscInt scalapack_threshold, MckGenFit **fit);
PETSC_INTERN PetscErrorCode MckGenFitSolveScaLAPACK(MPI_Comm comm, PetscInt p, PetscInt q, const PetscReal G[],
                                                    PetscReal R[]);
PETSC_INTERN PetscErrorCode MckGenFitDestroy(MckGenFit **fit);
PETSC_INTERN PetscErrorCode MckGenFitZero(MckGenFit *fit);
PETSC_INTERN PetscErrorCode MckGenFitAddChunk(MckGenFit *fit, PetscInt n, const PetscReal Phi[], const PetscReal Y[]);
PETSC_INTERN PetscErrorCode MckGenFitReduce(MckGenFit *fit);
PETSC_INTERN PetscErrorCode MckGenFitSolve(MckGenFit *fit);
PETSC_INTERN PetscErrorCode MckGenFitApply(MckGenFit *fit, PetscInt n, const PetscReal Phi[], PetscReal out[]);

/* The Gaussian path x_t = alpha(t) x0 + beta(t) x1 + gamma(t) z (x0, z ~ N(0, I), x1 the data):
 * interpolants (linear, trig) run t from 0 (noise) to 1 (data), diffusions (vp, ve) from 1
 * (noise) to t_min (data). sigma^2 = alpha^2 + gamma^2 is the variance of the Gaussian part. */
typedef enum { MCK_GEN_PATH_LINEAR, MCK_GEN_PATH_TRIG, MCK_GEN_PATH_VP, MCK_GEN_PATH_VE } MckGenPathKind;
typedef struct {
  MckGenPathKind kind;
  PetscReal      gamma_a;              /* interpolants: gamma(t) = sqrt(a t (1 - t)) */
  PetscReal      beta_min, beta_max;   /* vp */
  PetscReal      sigma_min, sigma_max; /* ve */
} MckGenPath;
typedef struct {
  PetscReal alpha, beta, gamma, dalpha, dbeta, dgamma, sigma;
} MckGenPathCoeffs;
PETSC_INTERN const char *const MckGenPathKinds[];
PETSC_INTERN void              MckGenPathEval(const MckGenPath *path, PetscReal t, MckGenPathCoeffs *c);
/* vp/ve: the forward SDE dx = f(t) x dt + g(t) dW, f and g^2 */
PETSC_INTERN void MckGenPathSDE(const MckGenPath *path, PetscReal t, PetscReal *f, PetscReal *g2);

/* RNG steps (reserved in mckrng.h; steps >= 0 belong to the sampler's dynamics) and draws of the gen layer */
#define MCK_GEN_STEP_TRAIN(round) MCK_RNG_STEP_GEN_TRAIN(round)
#define MCK_GEN_STEP_METRIC       MCK_RNG_STEP_GEN_METRIC
#define MCK_GEN_STEP_FEATURES     MCK_RNG_STEP_GEN_FEATURES
#define MCK_GEN_STEP_OBS          MCK_RNG_STEP_GEN_OBS
#define MCK_GEN_DRAW_X0           256
#define MCK_GEN_DRAW_Z            (256 + 2 * MCK_GEN_MAX_DIM)
#define MCK_GEN_DRAW_T            (256 + 4 * MCK_GEN_MAX_DIM)

#define MCK_GEN_MAX_SERIES 32

struct _p_MckGenSampler {
  PETSCHEADER(MckGenSamplerOps);
  MPI_Comm       comm;
  void          *data;
  MckGenTarget   target;
  MckGenFeatures features;
  MckRNG         rng;
  MckResampler   resampler;
  /* the samples: N points in dim dimensions, SoA, chunk-aligned ownership */
  PetscInt64 N, gstart;
  PetscInt   dim, nlocal, chunk, nchunks;
  PetscReal *x[MCK_GEN_MAX_DIM], *logw;
  /* the model: a path and the fit of its outputs (velocity and/or denoiser) */
  MckGenPath path;
  MckGenFit *fit;
  PetscInt   nout; /* outputs of the fit: d (denoiser) or 2d (velocity, denoiser) */
  PetscBool  needs_model, exact_drift;
  PetscInt64 fit_samples; /* training samples per round */
  PetscInt   fit_rounds, fit_chunk, fit_scalapack;
  PetscReal  fit_lambda, t_min;
  /* stepping */
  PetscInt64 step, nsteps; /* nsteps = fit_rounds + sampling steps */
  PetscInt   sample_steps;
  PetscReal  time, logz, ess, accept;
  PetscInt   nresample;
  /* buffers for one chunk: row-major positions, features, outputs */
  PetscReal *cx, *cphi, *cout, *ct, *cnoise[MCK_GEN_MAX_DIM];
  /* diagnostics */
  MckStats  diag;
  PetscInt  diag_x, diag_xx, diag_n;
  PetscBool setup;
  PetscBool help; /* -help: the samples and the types' per-sample arrays are not allocated */
};

/* sampler.c helpers shared by the types */
PETSC_INTERN PetscErrorCode MckGenSamplerChunkRows(MckGenSampler s, PetscInt c, PetscInt *offset, PetscInt *n,
                                                   PetscInt64 *gstart);
/* the same, and x[a] = the chunk's coordinates a (dim pointers into s->x) */
PETSC_INTERN PetscErrorCode MckGenSamplerChunkPoints(MckGenSampler s, PetscInt c, PetscInt *offset, PetscInt *n,
                                                     PetscInt64 *gstart, PetscReal *x[]);
/* outputs of the fitted model (or of the exact one) at time t for n row-major points X (n x dim):
 * out (n x nout, row-major): velocity in columns [0, dim) when nout = 2 dim, denoiser E[zeta | x]
 * in the last dim columns */
PETSC_INTERN PetscErrorCode MckGenSamplerModel(MckGenSampler s, PetscReal t, PetscInt n, const PetscReal X[],
                                               PetscReal out[]);
PETSC_INTERN PetscErrorCode MckGenSamplerFitRound(MckGenSampler s, PetscInt round);
PETSC_INTERN PetscErrorCode MckGenSamplerDrawGaussian(MckGenSampler s, PetscReal mean, PetscReal std);
PETSC_INTERN PetscErrorCode MckGenSamplerChunkNormals(MckGenSampler s, PetscInt64 gstart, PetscInt n, PetscInt64 step,
                                                      PetscInt draw0, PetscReal *const out[]);
PETSC_INTERN PetscErrorCode MckGenSamplerSetUpDiagnostics(MckGenSampler s);
PETSC_INTERN const MckStepperOps    MckGenSamplerStepper;
PETSC_INTERN const MckCheckpointOps MckGenSamplerCheckpoint;

PETSC_INTERN PetscFunctionList MckGenTargetList, MckGenFeaturesList, MckGenSamplerList, MckGenEnergyList;
PETSC_INTERN PetscLogEvent MCK_EVENT_GenFitAccumulate, MCK_EVENT_GenFitSolve, MCK_EVENT_GenFeatures, MCK_EVENT_GenStep,
    MCK_EVENT_GenMetrics;
PETSC_INTERN PetscErrorCode MckGenTargetCreate_GMM(MckGenTarget, MckGenTargetOps *, void **);
PETSC_INTERN PetscErrorCode MckGenTargetCreate_Checkerboard(MckGenTarget, MckGenTargetOps *, void **);
PETSC_INTERN PetscErrorCode MckGenTargetCreate_Moons(MckGenTarget, MckGenTargetOps *, void **);
PETSC_INTERN PetscErrorCode MckGenTargetCreate_Funnel(MckGenTarget, MckGenTargetOps *, void **);
PETSC_INTERN PetscErrorCode MckGenTargetCreate_Data(MckGenTarget, MckGenTargetOps *, void **);
PETSC_INTERN PetscErrorCode MckGenTargetCreate_Energy(MckGenTarget, MckGenTargetOps *, void **);
/* target.c: the destroy of a target type whose data is one allocation */
PETSC_INTERN PetscErrorCode MckGenTargetFreeData(MckGenTarget t);
/* target.c: the mean and covariance of n points (rows of X, n x D) */
PETSC_INTERN PetscErrorCode MckGenRowMoments(PetscInt64 n, PetscInt D, const PetscReal X[], PetscReal mean[],
                                             PetscReal cov[]);
PETSC_INTERN PetscErrorCode MckGenEnergy_DoubleWell(PetscInt, PetscInt, const PetscReal *const[], PetscReal[],
                                                    PetscReal *const[]);
PETSC_INTERN PetscErrorCode MckGenFeaturesCreate_RFF(MckGenFeatures, MckGenFeaturesOps *, void **);
PETSC_INTERN PetscErrorCode MckGenFeaturesCreate_Hermite(MckGenFeatures, MckGenFeaturesOps *, void **);
PETSC_INTERN PetscErrorCode MckGenFeaturesCreate_Fourier(MckGenFeatures, MckGenFeaturesOps *, void **);
PETSC_INTERN PetscErrorCode MckGenSamplerCreate_Interpolant(MckGenSampler, MckGenSamplerOps *, void **);
PETSC_INTERN PetscErrorCode MckGenSamplerCreate_Diffusion(MckGenSampler, MckGenSamplerOps *, void **);
PETSC_INTERN PetscErrorCode MckGenSamplerCreate_SMC(MckGenSampler, MckGenSamplerOps *, void **);
PETSC_INTERN PetscErrorCode MckGenSamplerCreate_Guided(MckGenSampler, MckGenSamplerOps *, void **);
