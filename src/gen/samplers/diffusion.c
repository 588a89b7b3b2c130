/* Sampler diffusion: score-based generative modelling through SDEs (Song et al. 2021).
 * Forward SDEs (-diffusion_sde): vp dx = -beta(t) x / 2 dt + sqrt(beta(t)) dW, beta linear from
 * -diffusion_beta_min to -diffusion_beta_max; ve dx = sqrt(d sigma^2/dt) dW, sigma geometric from
 * -diffusion_sigma_min to -diffusion_sigma_max. With x_t = beta x1 + alpha zeta (src/gen/path.c),
 * denoising score matching regresses eta(t, x) = E[zeta | x_t = x] on the features over
 * t ~ U(t_min, 1), and s = -eta / alpha is the score. Sampling from N(0, alpha(1)^2 I) at t = 1
 * down to t_min = -diffusion_t_min in -gen_steps steps h (-diffusion_sampler):
 *   reverse_sde  x <- x - h [f x - g^2 s] + g sqrt(h) xi                  (Euler-Maruyama)
 *   ode          probability flow dx/dt = f x - g^2 s / 2, Heun's method backwards in t;
 * then (-diffusion_denoise) Tweedie's estimate x <- (x - alpha eta) / beta at t_min. */
#include "gen/samplers/diffusion.h"

static const char *const DiffSamplers[] = {"reverse_sde", "ode", "DiffSampler", "DIFF_", NULL};
static const char *const DiffSDEs[]     = {"vp", "ve", "DiffSDE", "DIFF_", NULL};

PetscErrorCode MckGenDiffusionSetFromOptions(MckGenSampler s, Diffusion *df, PetscOptionItems *PetscOptionsObject)
{
  PetscFunctionBeginUser;
  PetscCall(MckOptionsChoice("-diffusion_sde", "Forward SDE: vp (variance preserving) or ve (variance exploding)",
                             DiffSDEs, 2, df->sde, &df->sde, NULL));
  PetscCall(MckOptionsChoice("-diffusion_sampler",
                             "Sampler: reverse_sde (Euler-Maruyama) or ode (probability flow, Heun)", DiffSamplers, 2,
                             df->sampler, &df->sampler, NULL));
  if (df->sde == 0) {
    PetscCall(MckOptionsReal("-diffusion_beta_min", "vp: beta(0)", df->beta_min, &df->beta_min, NULL));
    PetscCall(MckOptionsReal("-diffusion_beta_max", "vp: beta(1)", df->beta_max, &df->beta_max, NULL));
    PetscCall(McKeanCheckPositive(s->comm, MckOptName("-diffusion_beta_min"), df->beta_min));
    PetscCheck(df->beta_max > df->beta_min, s->comm, PETSC_ERR_USER_INPUT, "%s %g: must exceed %s %g",
               MckOptName("-diffusion_beta_max"), (double)df->beta_max, MckOptName("-diffusion_beta_min"),
               (double)df->beta_min);
  } else {
    PetscCall(MckOptionsReal("-diffusion_sigma_min", "ve: sigma(0)", df->sigma_min, &df->sigma_min, NULL));
    PetscCall(MckOptionsReal("-diffusion_sigma_max", "ve: sigma(1)", df->sigma_max, &df->sigma_max, NULL));
    PetscCall(McKeanCheckPositive(s->comm, MckOptName("-diffusion_sigma_min"), df->sigma_min));
    PetscCheck(df->sigma_max > df->sigma_min, s->comm, PETSC_ERR_USER_INPUT, "%s %g: must exceed %s %g",
               MckOptName("-diffusion_sigma_max"), (double)df->sigma_max, MckOptName("-diffusion_sigma_min"),
               (double)df->sigma_min);
  }
  PetscCall(
      MckOptionsReal("-diffusion_t_min", "Smallest time of the fit and the sampler", df->t_min, &df->t_min, NULL));
  PetscCall(MckOptionsBool("-diffusion_denoise", "Finish with Tweedie's denoising step at t_min", df->denoise,
                           &df->denoise, NULL));
  PetscCheck(df->t_min > 0 && df->t_min < 1, s->comm, PETSC_ERR_USER_INPUT, "%s %g: allowed 0 < t_min < 1",
             MckOptName("-diffusion_t_min"), (double)df->t_min);
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenDiffusionSetUp(MckGenSampler s, Diffusion *df)
{
  const size_t n = (size_t)s->chunk * s->dim + 8;

  PetscFunctionBeginUser;
  s->nout           = s->dim;
  s->path.kind      = df->sde == 0 ? MCK_GEN_PATH_VP : MCK_GEN_PATH_VE;
  s->path.beta_min  = df->beta_min;
  s->path.beta_max  = df->beta_max;
  s->path.sigma_min = df->sigma_min;
  s->path.sigma_max = df->sigma_max;
  s->t_min          = df->t_min;
  PetscCall(PetscMalloc3(n, &df->k1, n, &df->k2, n, &df->xs));
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenDiffusionInitialize(MckGenSampler s)
{
  MckGenPathCoeffs c;

  PetscFunctionBeginUser;
  MckGenPathEval(&s->path, 1.0, &c);
  PetscCall(MckGenSamplerDrawGaussian(s, 0.0, c.sigma));
  s->time = 1;
  PetscFunctionReturn(0);
}

/* V = f x - (g^2 / 2) s = f x + g^2 eta / (2 alpha): the probability-flow velocity */
static PetscErrorCode FlowVelocity(MckGenSampler s, Diffusion *df, PetscReal t, PetscInt n, const PetscReal X[],
                                   PetscReal V[], PetscReal score_factor)
{
  const PetscInt   m = n * s->dim;
  MckGenPathCoeffs c;
  PetscReal        f, g2;

  PetscFunctionBeginUser;
  (void)df;
  MckGenPathEval(&s->path, t, &c);
  MckGenPathSDE(&s->path, t, &f, &g2);
  PetscCall(MckGenSamplerModel(s, t, n, X, V));
  for (PetscInt j = 0; j < m; j++) V[j] = f * X[j] + score_factor * g2 * V[j] / c.alpha;
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenDiffusionODEStep(MckGenSampler s, Diffusion *df, PetscReal t, PetscReal h, PetscInt n,
                                      PetscReal X[])
{
  const PetscInt m = n * s->dim;

  PetscFunctionBeginUser;
  PetscCall(FlowVelocity(s, df, t, n, X, df->k1, 0.5));
  for (PetscInt j = 0; j < m; j++) df->xs[j] = X[j] - h * df->k1[j];
  PetscCall(FlowVelocity(s, df, t - h, n, df->xs, df->k2, 0.5));
  for (PetscInt j = 0; j < m; j++) X[j] -= 0.5 * h * (df->k1[j] + df->k2[j]);
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenDiffusionDenoise(MckGenSampler s, Diffusion *df, PetscReal t, PetscInt n, PetscReal X[])
{
  const PetscInt   m = n * s->dim;
  MckGenPathCoeffs c;

  PetscFunctionBeginUser;
  MckGenPathEval(&s->path, t, &c);
  PetscCall(MckGenSamplerModel(s, t, n, X, df->k1));
  for (PetscInt j = 0; j < m; j++) X[j] = (X[j] - c.alpha * df->k1[j]) / c.beta;
  PetscFunctionReturn(0);
}

/* Step k: from t = 1 - k h to t - h. */
PetscErrorCode MckGenDiffusionStepChunk(MckGenSampler s, Diffusion *df, PetscInt k, PetscInt off, PetscInt n,
                                        PetscInt64 g0)
{
  const PetscInt  d = s->dim, m = n * d;
  const PetscReal h = (1 - df->t_min) / s->sample_steps, t = 1 - k * h;
  PetscReal      *X = s->cx;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < n; i++)
    for (PetscInt a = 0; a < d; a++) X[(size_t)i * d + a] = s->x[a][off + i];
  if (df->sampler == DIFF_ODE) PetscCall(MckGenDiffusionODEStep(s, df, t, h, n, X));
  else {
    PetscReal *xi[MCK_GEN_MAX_DIM], f, g2;
    for (PetscInt a = 0; a < d; a++) xi[a] = s->cnoise[a];
    PetscCall(MckGenSamplerChunkNormals(s, g0, n, k, 0, xi));
    MckGenPathSDE(&s->path, t, &f, &g2);
    PetscCall(FlowVelocity(s, df, t, n, X, df->k1, 1.0)); /* f x - g^2 s */
    for (PetscInt i = 0; i < n; i++)
      for (PetscInt a = 0; a < d; a++) {
        const size_t j = (size_t)i * d + a;
        X[j] += -h * df->k1[j] + PetscSqrtReal(g2 * h) * xi[a][i];
      }
  }
  if (k == s->sample_steps - 1 && df->denoise) PetscCall(MckGenDiffusionDenoise(s, df, t - h, n, X));
  (void)m;
  for (PetscInt i = 0; i < n; i++)
    for (PetscInt a = 0; a < d; a++) s->x[a][off + i] = X[(size_t)i * d + a];
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenDiffusionConfig(MckGenSampler s, Diffusion *df, MckIO io, PetscBool check)
{
  PetscReal v[6] = {df->beta_min, df->beta_max, df->sigma_min, df->sigma_max, df->t_min, (PetscReal)df->denoise};

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigString(io, check, McKeanOptionName((PetscObject)s, "-diffusion_sde"), DiffSDEs[df->sde]));
  PetscCall(
      MckIOConfigString(io, check, McKeanOptionName((PetscObject)s, "-diffusion_sampler"), DiffSamplers[df->sampler]));
  PetscCall(MckIOConfigReals(io, check, "diffusion beta, sigma range, t_min, denoise", 6, v));
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenDiffusionView(MckGenSampler s, Diffusion *df, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  (void)s;
  PetscCall(PetscViewerASCIIPrintf(viewer, "  %s SDE, %s sampler, t_min %g%s\n", DiffSDEs[df->sde],
                                   DiffSamplers[df->sampler], (double)df->t_min,
                                   df->denoise ? ", Tweedie denoising" : ""));
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenDiffusionDestroy(Diffusion *df)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree3(df->k1, df->k2, df->xs));
  PetscFunctionReturn(0);
}

/* ---- the type ------------------------------------------------------------------------------- */
static PetscErrorCode SetFromOptions_Diffusion(MckGenSampler s, PetscOptionItems *PetscOptionsObject)
{
  PetscFunctionBeginUser;
  PetscCall(MckGenDiffusionSetFromOptions(s, (Diffusion *)s->data, PetscOptionsObject));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_Diffusion(MckGenSampler s)
{
  PetscFunctionBeginUser;
  PetscCall(MckGenDiffusionSetUp(s, (Diffusion *)s->data));
  PetscFunctionReturn(0);
}

static PetscErrorCode Step_Diffusion(MckGenSampler s, PetscInt k)
{
  Diffusion *df = (Diffusion *)s->data;

  PetscFunctionBeginUser;
  for (PetscInt c = 0; c < s->nchunks; c++) {
    PetscInt   off, n;
    PetscInt64 g0;
    PetscCall(MckGenSamplerChunkRows(s, c, &off, &n, &g0));
    PetscCall(MckGenDiffusionStepChunk(s, df, k, off, n, g0));
  }
  s->time = 1 - (k + 1) * (1 - df->t_min) / s->sample_steps;
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_Diffusion(MckGenSampler s, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckGenDiffusionConfig(s, (Diffusion *)s->data, io, check));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Diffusion(MckGenSampler s, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscCall(MckGenDiffusionView(s, (Diffusion *)s->data, viewer));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Diffusion(MckGenSampler s)
{
  PetscFunctionBeginUser;
  PetscCall(MckGenDiffusionDestroy((Diffusion *)s->data));
  PetscCall(PetscFree(s->data));
  PetscFunctionReturn(0);
}

/* defaults and the operations guided shares */
PetscErrorCode MckGenDiffusionCreate(MckGenSampler s, Diffusion *df, MckGenSamplerOps *ops)
{
  PetscFunctionBeginUser;
  df->sde         = 0;
  df->sampler     = DIFF_ODE;
  df->beta_min    = 0.1;
  df->beta_max    = 20;
  df->sigma_min   = 0.01;
  df->sigma_max   = 10;
  df->t_min       = 1e-3;
  df->denoise     = PETSC_TRUE;
  s->needs_model  = PETSC_TRUE;
  ops->initialize = MckGenDiffusionInitialize;
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenSamplerCreate_Diffusion(MckGenSampler s, MckGenSamplerOps *ops, void **data)
{
  Diffusion *df;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&df));
  PetscCall(MckGenDiffusionCreate(s, df, ops));
  ops->setfromoptions = SetFromOptions_Diffusion;
  ops->setup          = SetUp_Diffusion;
  ops->step           = Step_Diffusion;
  ops->config         = Config_Diffusion;
  ops->view           = View_Diffusion;
  ops->destroy        = Destroy_Diffusion;
  *data               = df;
  PetscFunctionReturn(0);
}
