/* Sampler guided: ensemble Kalman guidance of a diffusion prior for the inverse problem
 * y = G(x) + e, e ~ N(0, sigma_y^2 I), with G any forward model (MckModel; only evaluations of G,
 * no derivatives), after "Ensemble Kalman Diffusion Guidance" (Zheng et al.).
 * The prior is a diffusion model fitted to the target (the diffusion sampler's options); the
 * particles follow its probability-flow ODE from t = 1 to t_min. At every -guided_every-th step,
 * with t the current time:
 *   1. each particle's image x0_j = Phi_t(x_j) under the same discrete flow (the remaining ODE
 *      steps and the final denoising step), and its prediction g_j = G(x0_j);
 *   2. ensemble statistics of (x_j, g_j) over all particles (one exact reduction: means,
 *      C^{xg}, C^{gg}), and the gain K = C^{xg} (C^{gg} + n_g Gamma)^{-1}, Gamma = sigma_y^2 I;
 *   3. x_j <- x_j + K (y + sqrt(n_g) sigma_y xi_j - g_j)  (perturbed observations, xi_j keyed by
 *      the particle's id and the step),
 * i.e. an EnKF analysis of x_t with the likelihood tempered over the n_g guidance steps. Since
 * Phi_t is the flow map of the particles themselves, the analyses compose to conditioning x0 on y;
 * for a Gaussian prior (affine flow) and a linear G this is exact as N -> infinity. */
#include "gen/samplers/diffusion.h"
#include <petscblaslapack.h>

typedef struct {
  Diffusion  df; /* first: the diffusion's functions take it */
  MckModel   model;
  PetscInt   m, every, nguide;
  PetscReal  y[MCK_GEN_MAX_DIM], noise_std;
  Vec        u, g;
  MckStats   st;
  PetscInt   osx, osg, osxg, osgg;
  PetscReal *G, *Xh, *gain, *work, *xi[MCK_GEN_MAX_DIM];
} Guided;

static PetscErrorCode SetFromOptions_Guided(MckGenSampler s, PetscOptionItems *PetscOptionsObject)
{
  Guided   *gd = (Guided *)s->data;
  PetscInt  m  = MCK_GEN_MAX_DIM;
  PetscBool set;

  PetscFunctionBeginUser;
  PetscCall(MckGenDiffusionSetFromOptions(s, &gd->df, PetscOptionsObject));
  PetscCall(MckOptionsRealArray("-guided_obs", "Observed data y (one value per datum of the forward model)", gd->y, &m,
                                &set));
  PetscCall(MckOptionsReal("-guided_noise_std", "Standard deviation sigma_y of the observation noise", gd->noise_std,
                           &gd->noise_std, NULL));
  PetscCall(MckOptionsInt("-guided_every", "Steps between guidance updates", gd->every, &gd->every, NULL));
  PetscCheck(set, s->comm, PETSC_ERR_USER_INPUT, "-gen_type guided needs the data: %s y1,y2,...",
             MckOptName("-guided_obs"));
  PetscCall(McKeanCheckPositive(s->comm, MckOptName("-guided_noise_std"), gd->noise_std));
  PetscCheck(gd->every >= 1, s->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": must be positive",
             MckOptName("-guided_every"), gd->every);
  gd->m = m;
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_Guided(MckGenSampler s)
{
  Guided      *gd = (Guided *)s->data;
  const size_t B  = (size_t)s->chunk + 8;
  PetscInt     n, ndata;
  MckModelKind kind;

  PetscFunctionBeginUser;
  PetscCall(MckGenDiffusionSetUp(s, &gd->df));
  if (!gd->model) {
    PetscCall(MckModelCreate(PETSC_COMM_SELF, &gd->model));
    PetscCall(MckModelSetFromOptions(gd->model));
  }
  PetscCall(MckModelSetUp(gd->model));
  PetscCall(MckModelGetKind(gd->model, &kind));
  PetscCall(MckModelGetSizes(gd->model, &n, &ndata));
  PetscCheck(kind == MCK_MODEL_INVERSE && n == s->dim, s->comm, PETSC_ERR_USER_INPUT,
             "-gen_type guided needs an inverse forward model with %" PetscInt_FMT
             " parameters (the target's dimension); the model has %" PetscInt_FMT,
             s->dim, n);
  PetscCheck(ndata == gd->m, s->comm, PETSC_ERR_USER_INPUT,
             "%s: %" PetscInt_FMT " values given, the forward model predicts %" PetscInt_FMT,
             McKeanOptionName((PetscObject)s, "-guided_obs"), gd->m, ndata);
  if (s->help) PetscFunctionReturn(0); /* -help: the model's sizes checked; nothing per sample */
  PetscCall(MckModelCreateStateVec(gd->model, &gd->u));
  PetscCall(MckModelCreateDataVec(gd->model, &gd->g));
  gd->nguide = (s->sample_steps + gd->every - 1) / gd->every;
  PetscCall(MckStatsCreate(s->comm, &gd->st));
  PetscCall(MckStatsRegister(gd->st, "guided_x", s->dim, &gd->osx));
  PetscCall(MckStatsRegister(gd->st, "guided_g", gd->m, &gd->osg));
  PetscCall(MckStatsRegister(gd->st, "guided_xg", s->dim * gd->m, &gd->osxg));
  PetscCall(MckStatsRegister(gd->st, "guided_gg", gd->m * gd->m, &gd->osgg));
  PetscCall(MckStatsSetUp(gd->st));
  PetscCall(PetscMalloc4((size_t)s->nlocal * gd->m + 8, &gd->G, B * s->dim, &gd->Xh,
                         (size_t)s->dim * gd->m + (size_t)gd->m * gd->m + 8, &gd->gain,
                         (size_t)(s->dim + gd->m) * gd->m + 8, &gd->work));
  for (PetscInt j = 0; j < gd->m; j++) PetscCall(PetscMalloc1(B, &gd->xi[j]));
  PetscFunctionReturn(0);
}

/* x0 = Phi_t(X) by the remaining steps k .. K-1 of the discrete flow, then G(x0) row by row. */
static PetscErrorCode Predict(MckGenSampler s, PetscInt k, PetscInt n, const PetscReal X[], PetscReal Gout[])
{
  Guided         *gd = (Guided *)s->data;
  const PetscInt  d  = s->dim;
  const PetscReal h  = (1 - gd->df.t_min) / s->sample_steps;

  PetscFunctionBeginUser;
  PetscCall(PetscArraycpy(gd->Xh, X, n * d));
  for (PetscInt j = k; j < s->sample_steps; j++) PetscCall(MckGenDiffusionODEStep(s, &gd->df, 1 - j * h, h, n, gd->Xh));
  if (gd->df.denoise) PetscCall(MckGenDiffusionDenoise(s, &gd->df, gd->df.t_min, n, gd->Xh));
  for (PetscInt i = 0; i < n; i++) {
    PetscScalar       *u;
    const PetscScalar *g;
    PetscBool          failed;
    PetscCall(VecGetArray(gd->u, &u));
    PetscCall(PetscArraycpy(u, gd->Xh + (size_t)i * d, d));
    PetscCall(VecRestoreArray(gd->u, &u));
    PetscCall(MckModelForward(gd->model, gd->u, gd->g, &failed));
    PetscCheck(!failed, PETSC_COMM_SELF, PETSC_ERR_NOT_CONVERGED,
               "the forward model failed on the denoised image of a particle at guidance step %" PetscInt_FMT, k);
    PetscCall(VecGetArrayRead(gd->g, &g));
    PetscCall(PetscArraycpy(Gout + (size_t)i * gd->m, g, gd->m));
    PetscCall(VecRestoreArrayRead(gd->g, &g));
  }
  PetscFunctionReturn(0);
}

/* The EnKF gain K (d x m, row-major) from the reduced sums: (C^gg + n_g Gamma) K^T = C^gx. */
static PetscErrorCode Gain(MckGenSampler s, const PetscReal *sums, PetscReal gbar[])
{
  Guided         *gd = (Guided *)s->data;
  const PetscInt  d = s->dim, m = gd->m;
  const PetscReal N = (PetscReal)s->N;
  PetscReal       xbar[MCK_GEN_MAX_DIM], *A = gd->work, *R = gd->gain;
  PetscBLASInt    M = (PetscBLASInt)m, D = (PetscBLASInt)d, info;

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < d; a++) xbar[a] = sums[gd->osx + a] / N;
  for (PetscInt j = 0; j < m; j++) gbar[j] = sums[gd->osg + j] / N;
  for (PetscInt i = 0; i < m; i++)
    for (PetscInt j = 0; j < m; j++)
      A[i + j * m] = (sums[gd->osgg + i * m + j] - N * gbar[i] * gbar[j]) / (N - 1) +
                     (i == j ? gd->nguide * gd->noise_std * gd->noise_std : 0);
  for (PetscInt j = 0; j < m; j++) /* R = C^{gx}: column a holds cov(g, x_a) */
    for (PetscInt a = 0; a < d; a++) R[j + a * m] = (sums[gd->osxg + a * m + j] - N * xbar[a] * gbar[j]) / (N - 1);
  LAPACKpotrf_("U", &M, A, &M, &info);
  PetscCheck(!info, s->comm, PETSC_ERR_NOT_CONVERGED,
             "guidance: the innovation covariance is not positive definite (LAPACK dpotrf info %d)", (int)info);
  LAPACKpotrs_("U", &M, &D, A, &M, R, &M, &info);
  PetscCheck(!info, PETSC_COMM_SELF, PETSC_ERR_LIB, "LAPACK dpotrs failed (info %d)", (int)info);
  PetscFunctionReturn(0);
}

static PetscErrorCode Guide(MckGenSampler s, PetscInt k)
{
  Guided          *gd = (Guided *)s->data;
  const PetscInt   d = s->dim, m = gd->m;
  const PetscReal *sums;
  PetscReal        gbar[MCK_GEN_MAX_DIM], px[MCK_GEN_MAX_DIM], pg[MCK_GEN_MAX_DIM], *pxg, *pgg,
      amp = PetscSqrtReal((PetscReal)gd->nguide) * gd->noise_std;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc2(d * m, &pxg, m * m, &pgg));
  PetscCall(MckStatsZero(gd->st));
  for (PetscInt c = 0; c < s->nchunks; c++) {
    PetscInt   off, n;
    PetscInt64 g0;
    PetscCall(MckGenSamplerChunkRows(s, c, &off, &n, &g0));
    for (PetscInt i = 0; i < n; i++)
      for (PetscInt a = 0; a < d; a++) s->cx[(size_t)i * d + a] = s->x[a][off + i];
    PetscCall(Predict(s, k, n, s->cx, gd->G + (size_t)off * m));
    PetscCall(PetscArrayzero(px, d));
    PetscCall(PetscArrayzero(pg, m));
    PetscCall(PetscArrayzero(pxg, d * m));
    PetscCall(PetscArrayzero(pgg, m * m));
    for (PetscInt i = 0; i < n; i++) {
      const PetscReal *g = gd->G + (size_t)(off + i) * m;
      for (PetscInt a = 0; a < d; a++) {
        px[a] += s->x[a][off + i];
        for (PetscInt j = 0; j < m; j++) pxg[a * m + j] += s->x[a][off + i] * g[j];
      }
      for (PetscInt j = 0; j < m; j++) {
        pg[j] += g[j];
        for (PetscInt l = 0; l < m; l++) pgg[j * m + l] += g[j] * g[l];
      }
    }
    PetscCall(MckStatsAdd(gd->st, gd->osx, d, px));
    PetscCall(MckStatsAdd(gd->st, gd->osg, m, pg));
    PetscCall(MckStatsAdd(gd->st, gd->osxg, d * m, pxg));
    PetscCall(MckStatsAdd(gd->st, gd->osgg, m * m, pgg));
  }
  PetscCall(PetscFree2(pxg, pgg));
  PetscCall(MckStatsReduce(gd->st));
  PetscCall(MckStatsGetSums(gd->st, &sums));
  PetscCall(Gain(s, sums, gbar));
  for (PetscInt c = 0; c < s->nchunks; c++) {
    PetscInt   off, n;
    PetscInt64 g0;
    PetscCall(MckGenSamplerChunkRows(s, c, &off, &n, &g0));
    PetscCall(MckRNGNormals(s->rng, g0, n, MCK_GEN_STEP_OBS - k, 0, m, gd->xi));
    for (PetscInt i = 0; i < n; i++) {
      const PetscReal *g = gd->G + (size_t)(off + i) * m;
      for (PetscInt a = 0; a < d; a++) {
        PetscReal dx = 0;
        for (PetscInt j = 0; j < m; j++) dx += gd->gain[j + a * m] * (gd->y[j] + amp * gd->xi[j][i] - g[j]);
        s->x[a][off + i] += dx;
      }
    }
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Step_Guided(MckGenSampler s, PetscInt k)
{
  Guided *gd = (Guided *)s->data;

  PetscFunctionBeginUser;
  if (k % gd->every == 0) PetscCall(Guide(s, k));
  for (PetscInt c = 0; c < s->nchunks; c++) {
    PetscInt   off, n;
    PetscInt64 g0;
    PetscCall(MckGenSamplerChunkRows(s, c, &off, &n, &g0));
    PetscCall(MckGenDiffusionStepChunk(s, &gd->df, k, off, n, g0));
  }
  s->time = 1 - (k + 1) * (1 - gd->df.t_min) / s->sample_steps;
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_Guided(MckGenSampler s, MckIO io, PetscBool check)
{
  Guided   *gd    = (Guided *)s->data;
  PetscReal sd[1] = {gd->noise_std};

  PetscFunctionBeginUser;
  PetscCall(MckGenDiffusionConfig(s, &gd->df, io, check));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)s, "-guided_obs"), gd->m, gd->y));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)s, "-guided_noise_std"), 1, sd));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName((PetscObject)s, "-guided_every"), gd->every));
  PetscCall(MckModelConfig(gd->model, io, check));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Guided(MckGenSampler s, PetscViewer viewer)
{
  Guided *gd = (Guided *)s->data;

  PetscFunctionBeginUser;
  PetscCall(MckGenDiffusionView(s, &gd->df, viewer));
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "  ensemble Kalman guidance every %" PetscInt_FMT " steps, %" PetscInt_FMT " data, noise std %g\n",
      gd->every, gd->m, (double)gd->noise_std));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Guided(MckGenSampler s)
{
  Guided *gd = (Guided *)s->data;

  PetscFunctionBeginUser;
  PetscCall(MckGenDiffusionDestroy(&gd->df));
  PetscCall(MckModelDestroy(&gd->model));
  PetscCall(VecDestroy(&gd->u));
  PetscCall(VecDestroy(&gd->g));
  PetscCall(MckStatsDestroy(&gd->st));
  PetscCall(PetscFree4(gd->G, gd->Xh, gd->gain, gd->work));
  for (PetscInt j = 0; j < MCK_GEN_MAX_DIM; j++) PetscCall(PetscFree(gd->xi[j]));
  PetscCall(PetscFree(s->data));
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenSamplerCreate_Guided(MckGenSampler s, MckGenSamplerOps *ops, void **data)
{
  Guided *gd;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&gd));
  PetscCall(MckGenDiffusionCreate(s, &gd->df, ops));
  gd->noise_std       = 0.1;
  gd->every           = 1;
  ops->setfromoptions = SetFromOptions_Guided;
  ops->setup          = SetUp_Guided;
  ops->step           = Step_Guided;
  ops->config         = Config_Guided;
  ops->view           = View_Guided;
  ops->destroy        = Destroy_Guided;
  *data               = gd;
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckGuided(MckGenSampler s)
{
  PetscBool guided;

  PetscFunctionBeginUser;
  PetscCall(PetscObjectTypeCompare((PetscObject)s, MCKGENSAMPLER_GUIDED, &guided));
  PetscCheck(guided, s->comm, PETSC_ERR_ARG_WRONG, "the sampler is of type %s, not guided",
             ((PetscObject)s)->type_name);
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerGuidedSetModel - The forward model G of a guided sampler (instead of one made from the options).

  Logically Collective

  Input Parameters:
+ s     - the sampler, of type guided, before set-up
- model - an inverse model on PETSC_COMM_SELF with as many parameters as the target's dimension (referenced)

  Level: intermediate

.seealso: `MckModelShellSetInverse()`, `MckGenSamplerGuidedGetModel()`
@*/
PetscErrorCode MckGenSamplerGuidedSetModel(MckGenSampler s, MckModel model)
{
  Guided *gd;

  PetscFunctionBeginUser;
  PetscCall(CheckGuided(s));
  gd = (Guided *)s->data;
  PetscCall(PetscObjectReference((PetscObject)model));
  PetscCall(MckModelDestroy(&gd->model));
  gd->model = model;
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerGuidedGetModel - The forward model G of a guided sampler.

  Not Collective

  Input Parameter:
. s - the sampler, of type guided, set up

  Output Parameter:
. model - the model (owned by s)

  Level: intermediate

.seealso: `MckGenSamplerGuidedSetModel()`
@*/
PetscErrorCode MckGenSamplerGuidedGetModel(MckGenSampler s, MckModel *model)
{
  PetscFunctionBeginUser;
  PetscCall(CheckGuided(s));
  *model = ((Guided *)s->data)->model;
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerGuidedGetData - The data of the inverse problem of a guided sampler.

  Not Collective

  Input Parameter:
. s - the sampler, of type guided

  Output Parameters:
+ m         - the number of data
. y         - the data (owned by s)
- noise_std - the standard deviation of the observation noise

  Level: intermediate

.seealso: `MckGenSamplerGuidedGetModel()`
@*/
PetscErrorCode MckGenSamplerGuidedGetData(MckGenSampler s, PetscInt *m, const PetscReal **y, PetscReal *noise_std)
{
  Guided *gd;

  PetscFunctionBeginUser;
  PetscCall(CheckGuided(s));
  gd = (Guided *)s->data;
  if (m) *m = gd->m;
  if (y) *y = gd->y;
  if (noise_std) *noise_std = gd->noise_std;
  PetscFunctionReturn(0);
}
