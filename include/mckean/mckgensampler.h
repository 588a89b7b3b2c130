/* MckGenSampler: generative models as McKean-Vlasov particle systems (docs/gen.md).
 *
 * N samples in d dimensions, spread over the ranks in whole chunks of consecutive global ids (as
 * MckParticles), move under a drift learned from the target or given by it. The sampler is a
 * solver an MckRun advances: its first -gen_fit_rounds steps fit the drift (each round adds
 * -gen_fit_samples fresh training samples to the normal equations, one exact reduction, one
 * LAPACK solve), the next -gen_steps steps sample. Types (-gen_type):
 *   interpolant  stochastic interpolant x_t = alpha x0 + beta x1 + gamma z (Albergo, Boffi,
 *                Vanden-Eijnden): velocity b and denoiser eta = E[(alpha x0 + gamma z)/sigma | x_t]
 *                by regression; probability-flow ODE (heun, rk4) or the SDE
 *                dX = [b - eps0 sigma eta] dt + sqrt(2 eps0) sigma dW (em, sde_heun), t: 0 -> 1;
 *   diffusion    score-based diffusion (Song et al.), vp or ve: denoising score matching
 *                s = -eta / sigma with the same features; reverse SDE (Euler-Maruyama) or
 *                probability-flow ODE (Heun), t: 1 -> t_min, then a Tweedie denoising step;
 *   smc          SMC sampler of an energy target exp(-U) (Del Moral, Doucet, Jasra 2006): tempering
 *                from N(m0, s0^2 I), Feynman-Kac weights, resampling by ESS (MckResampler), MCMC
 *                moves (langevin, mala), and the estimate of log Z;
 *   guided       ensemble Kalman guidance of a diffusion prior for an inverse problem y = G(x) +
 *                noise with G any forward model (MckModel, derivative-free): at guidance steps an
 *                EnKF analysis of the particles x_t with the predictions G(x0(x_t)) of their
 *                probability-flow images, the likelihood tempered over the guidance steps.
 * Noise is keyed by global id and step: results are bitwise the same on any rank count and after
 * a restart. -gen_exact_drift uses the target's exact drift (gmm) instead of the fit (checks). */
#pragma once
#include <mckean/mckgenfeatures.h>
#include <mckean/mckresample.h>
#include <mckean/mckmodel.h>

typedef struct _p_MckGenSampler *MckGenSampler;
PETSC_EXTERN PetscClassId        MCK_GENSAMPLER_CLASSID;

typedef const char *MckGenSamplerType;
#define MCKGENSAMPLER_INTERPOLANT "interpolant"
#define MCKGENSAMPLER_DIFFUSION   "diffusion"
#define MCKGENSAMPLER_SMC         "smc"
#define MCKGENSAMPLER_GUIDED      "guided"

/* What a type implements. A type that learns a drift says so in its constructor and sets its path
 * and number of outputs in setup (src/gen/genimpl.h: needs_model, path, nout); initialize draws
 * the initial samples; step makes one sampling step (the fit rounds are the object's). */
typedef struct {
  PetscErrorCode (*setfromoptions)(MckGenSampler, PetscOptionItems *);
  PetscErrorCode (*setup)(MckGenSampler);
  PetscErrorCode (*initialize)(MckGenSampler);
  PetscErrorCode (*step)(MckGenSampler, PetscInt k);
  PetscErrorCode (*config)(MckGenSampler, MckIO, PetscBool check);
  PetscErrorCode (*view)(MckGenSampler, PetscViewer);
  PetscErrorCode (*destroy)(MckGenSampler);
} MckGenSamplerOps;
typedef PetscErrorCode (*MckGenSamplerCreateFn)(MckGenSampler s, MckGenSamplerOps *ops, void **data);
PETSC_EXTERN PetscErrorCode MckGenSamplerRegister(const char name[], MckGenSamplerCreateFn create);

/* Diagnostics of the current state, replicated on every rank. */
typedef struct {
  PetscReal time;         /* t of the path (smc: the inverse temperature lambda) */
  PetscReal fit_residual; /* training mean squared residual of the last fit (NaN before) */
  PetscReal ess;          /* effective sample size / N (1 without weights) */
  PetscReal log_z;        /* smc: the running estimate of log Z */
  PetscReal accept;       /* smc: MCMC acceptance rate of the last step */
  PetscInt  resamplings;  /* smc: resamplings so far */
} MckGenSamplerInfo;

PETSC_EXTERN PetscErrorCode MckGenSamplerCreate(MPI_Comm comm, MckGenSampler *s);
PETSC_EXTERN PetscErrorCode MckGenSamplerSetType(MckGenSampler s, MckGenSamplerType type);
PETSC_EXTERN PetscErrorCode MckGenSamplerGetType(MckGenSampler s, MckGenSamplerType *type);
PETSC_EXTERN PetscErrorCode MckGenSamplerSetOptionsPrefix(MckGenSampler s, const char prefix[]);
PETSC_EXTERN PetscErrorCode MckGenSamplerSetFromOptions(MckGenSampler s);
PETSC_EXTERN PetscErrorCode MckGenSamplerSetTarget(MckGenSampler s, MckGenTarget target);
PETSC_EXTERN PetscErrorCode MckGenSamplerGetTarget(MckGenSampler s, MckGenTarget *target);
PETSC_EXTERN PetscErrorCode MckGenSamplerSetFeatures(MckGenSampler s, MckGenFeatures features);
PETSC_EXTERN PetscErrorCode MckGenSamplerSetRNG(MckGenSampler s, MckRNG rng);
PETSC_EXTERN PetscErrorCode MckGenSamplerSetUp(MckGenSampler s);
PETSC_EXTERN PetscErrorCode MckGenSamplerInitialize(MckGenSampler s);
PETSC_EXTERN PetscErrorCode MckGenSamplerStep(MckGenSampler s);
PETSC_EXTERN PetscErrorCode MckGenSamplerSolve(MckGenSampler s);
PETSC_EXTERN PetscErrorCode MckGenSamplerGetStep(MckGenSampler s, PetscInt64 *step, PetscInt64 *nsteps);
PETSC_EXTERN PetscErrorCode MckGenSamplerGetFitRounds(MckGenSampler s, PetscInt *rounds);
PETSC_EXTERN PetscErrorCode MckGenSamplerGetInfo(MckGenSampler s, MckGenSamplerInfo *info);
PETSC_EXTERN PetscErrorCode MckGenSamplerGetSamples(MckGenSampler s, PetscInt64 *N, PetscInt *dim, PetscInt *nlocal,
                                                    PetscInt64 *gstart, PetscReal *const **x);
PETSC_EXTERN PetscErrorCode MckGenSamplerGetLogWeights(MckGenSampler s, PetscReal **logw);
PETSC_EXTERN PetscErrorCode MckGenSamplerGetResampler(MckGenSampler s, MckResampler *r);
/* The fitted (or exact) model at time t for n row-major points X (n x d): velocity (interpolant)
 * and denoiser E[zeta | x_t = x], out row-major n x nout with nout = 2d (interpolant) or d. */
PETSC_EXTERN PetscErrorCode MckGenSamplerEvaluateModel(MckGenSampler s, PetscReal t, PetscInt n, const PetscReal X[],
                                                       PetscInt *nout, PetscReal out[]);
/* Relative L2 errors of the fitted velocity and denoiser against the target's exact ones (gmm). */
PETSC_EXTERN PetscErrorCode MckGenSamplerGetModelError(MckGenSampler s, PetscInt64 M, PetscReal *velocity,
                                                       PetscReal *denoiser);
/* guided: the forward model G (on PETSC_COMM_SELF, referenced); default: one made from the
 * options (-model_type ..., the model layer's). */
PETSC_EXTERN PetscErrorCode MckGenSamplerGuidedSetModel(MckGenSampler s, MckModel model);
PETSC_EXTERN PetscErrorCode MckGenSamplerGuidedGetModel(MckGenSampler s, MckModel *model);
PETSC_EXTERN PetscErrorCode MckGenSamplerGuidedGetData(MckGenSampler s, PetscInt *m, const PetscReal **y,
                                                       PetscReal *noise_std);
/* output */
PETSC_EXTERN PetscErrorCode MckGenSamplerCreateSeries(MckGenSampler s, MckSeries *series);
PETSC_EXTERN PetscErrorCode MckGenSamplerRecord(MckGenSampler s, MckSeries series);
PETSC_EXTERN PetscErrorCode MckGenSamplerWriteMetrics(MckGenSampler s, MckIO io, const char group[]);
PETSC_EXTERN PetscErrorCode MckGenSamplerWrite(MckGenSampler s, MckIO io, const char group[]);
PETSC_EXTERN PetscErrorCode MckGenSamplerRead(MckGenSampler s, MckIO io, const char group[]);
PETSC_EXTERN PetscErrorCode MckGenSamplerConfig(MckGenSampler s, MckIO io, PetscBool check);
PETSC_EXTERN PetscErrorCode MckGenSamplerView(MckGenSampler s, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckGenSamplerDestroy(MckGenSampler *s);
/* for types */
PETSC_EXTERN PetscErrorCode MckGenSamplerGetTypeData(MckGenSampler s, void **data);
