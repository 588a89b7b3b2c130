/* Sampler interpolant: the stochastic interpolant x_t = alpha x0 + beta x1 + gamma z with a
 * Gaussian base x0 ~ N(0, I) (Albergo, Boffi, Vanden-Eijnden 2023), t from 0 to 1.
 *   fit:    b(t, x) = E[alpha' x0 + beta' x1 + gamma' z | x_t = x] and
 *           eta(t, x) = E[zeta | x_t = x], zeta = (alpha x0 + gamma z) / sigma, by least squares
 *           (the score is s = -eta / sigma, sigma^2 = alpha^2 + gamma^2);
 *   sample: the probability-flow ODE dX = b dt (heun, rk4) or, for eps(t) = eps0 sigma(t)^2, the
 *           SDE dX = [b + eps s] dt + sqrt(2 eps) dW = [b - eps0 sigma eta] dt + sqrt(2 eps0) sigma dW
 *           (em: Euler-Maruyama; sde_heun: the stochastic Heun predictor-corrector), which has the
 *           same marginals for every eps0 >= 0 when b and eta are exact.
 * Options: -interp_path linear|trig, -interp_gamma a (gamma = sqrt(a t (1 - t))),
 * -interp_integrator heun|rk4|em|sde_heun, -interp_epsilon eps0. */
#include "gen/genimpl.h"

typedef enum { INTERP_HEUN, INTERP_RK4, INTERP_EM, INTERP_SDE_HEUN } InterpIntegrator;
static const char *const InterpIntegrators[] = {"heun", "rk4", "em", "sde_heun", "InterpIntegrator", "INTERP_", NULL};

typedef struct {
  PetscInt   path, integrator;
  PetscReal  gamma_a, eps0;
  PetscReal *k[4], *xs, *out;
} Interp;

static PetscErrorCode SetFromOptions_Interp(MckGenSampler s, PetscOptionItems *PetscOptionsObject)
{
  Interp *it = (Interp *)s->data;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsChoice("-interp_path",
                             "Interpolant: linear (alpha = 1 - t, beta = t) or trig (cos, sin of pi t / 2)",
                             MckGenPathKinds, 2, it->path, &it->path, NULL));
  PetscCall(MckOptionsReal("-interp_gamma", "a in gamma(t) = sqrt(a t (1 - t)) (0: no latent noise)", it->gamma_a,
                           &it->gamma_a, NULL));
  PetscCall(MckOptionsChoice("-interp_integrator", "Sampler: heun or rk4 (probability-flow ODE), em or sde_heun (SDE)",
                             InterpIntegrators, 4, it->integrator, &it->integrator, NULL));
  PetscCall(MckOptionsReal("-interp_epsilon", "eps0 of the SDE's diffusion eps(t) = eps0 sigma(t)^2", it->eps0,
                           &it->eps0, NULL));
  PetscCall(McKeanCheckNonNegative(s->comm, MckOptName("-interp_gamma"), it->gamma_a));
  PetscCall(McKeanCheckNonNegative(s->comm, MckOptName("-interp_epsilon"), it->eps0));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_Interp(MckGenSampler s)
{
  Interp      *it = (Interp *)s->data;
  const size_t n  = (size_t)s->chunk * s->dim + 8;

  PetscFunctionBeginUser;
  s->nout         = 2 * s->dim;
  s->path.kind    = (MckGenPathKind)it->path;
  s->path.gamma_a = it->gamma_a;
  PetscCall(PetscMalloc4(n, &it->k[0], n, &it->k[1], n, &it->k[2], n, &it->k[3]));
  PetscCall(PetscMalloc2(n, &it->xs, 2 * n, &it->out));
  PetscFunctionReturn(0);
}

static PetscErrorCode Initialize_Interp(MckGenSampler s)
{
  PetscFunctionBeginUser;
  PetscCall(MckGenSamplerDrawGaussian(s, 0.0, 1.0));
  s->time = 0;
  PetscFunctionReturn(0);
}

/* D(t, X) = b - eps0 sigma(t) eta (eps0 = 0 for the ODE) */
static PetscErrorCode Drift(MckGenSampler s, PetscReal t, PetscInt n, const PetscReal X[], PetscReal D[])
{
  Interp          *it = (Interp *)s->data;
  const PetscInt   d = s->dim, q = 2 * d;
  const PetscBool  sde = (PetscBool)(it->integrator == INTERP_EM || it->integrator == INTERP_SDE_HEUN);
  MckGenPathCoeffs c;

  PetscFunctionBeginUser;
  MckGenPathEval(&s->path, t, &c);
  PetscCall(MckGenSamplerModel(s, t, n, X, it->out));
  for (PetscInt i = 0; i < n; i++)
    for (PetscInt a = 0; a < d; a++)
      D[(size_t)i * d + a] =
          it->out[(size_t)i * q + a] - (sde ? it->eps0 * c.sigma * it->out[(size_t)i * q + d + a] : 0);
  PetscFunctionReturn(0);
}

static inline void Axpy(PetscInt m, PetscReal *y, const PetscReal *x, PetscReal alpha, const PetscReal *z)
{
  for (PetscInt j = 0; j < m; j++) y[j] = x[j] + alpha * z[j];
}

static PetscErrorCode StepChunk(MckGenSampler s, PetscInt k, PetscInt off, PetscInt n, PetscInt64 g0)
{
  Interp         *it = (Interp *)s->data;
  const PetscInt  d = s->dim, m = n * d;
  const PetscReal h = 1.0 / s->sample_steps, t = k * h;
  PetscReal      *X = s->cx, **K = it->k;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < n; i++)
    for (PetscInt a = 0; a < d; a++) X[(size_t)i * d + a] = s->x[a][off + i];
  switch (it->integrator) {
  case INTERP_HEUN:
    PetscCall(Drift(s, t, n, X, K[0]));
    Axpy(m, it->xs, X, h, K[0]);
    PetscCall(Drift(s, t + h, n, it->xs, K[1]));
    for (PetscInt j = 0; j < m; j++) X[j] += 0.5 * h * (K[0][j] + K[1][j]);
    break;
  case INTERP_RK4:
    PetscCall(Drift(s, t, n, X, K[0]));
    Axpy(m, it->xs, X, 0.5 * h, K[0]);
    PetscCall(Drift(s, t + 0.5 * h, n, it->xs, K[1]));
    Axpy(m, it->xs, X, 0.5 * h, K[1]);
    PetscCall(Drift(s, t + 0.5 * h, n, it->xs, K[2]));
    Axpy(m, it->xs, X, h, K[2]);
    PetscCall(Drift(s, t + h, n, it->xs, K[3]));
    for (PetscInt j = 0; j < m; j++) X[j] += h / 6 * (K[0][j] + 2 * K[1][j] + 2 * K[2][j] + K[3][j]);
    break;
  case INTERP_EM:
  case INTERP_SDE_HEUN: {
    MckGenPathCoeffs c0, c1;
    PetscReal       *xi[MCK_GEN_MAX_DIM], sq = PetscSqrtReal(2 * it->eps0 * h);
    MckGenPathEval(&s->path, t, &c0);
    MckGenPathEval(&s->path, t + h, &c1);
    for (PetscInt a = 0; a < d; a++) xi[a] = s->cnoise[a];
    PetscCall(MckGenSamplerChunkNormals(s, g0, n, k, 0, xi));
    PetscCall(Drift(s, t, n, X, K[0]));
    for (PetscInt i = 0; i < n; i++)
      for (PetscInt a = 0; a < d; a++) {
        const size_t j = (size_t)i * d + a;
        it->xs[j]      = X[j] + h * K[0][j] + sq * c0.sigma * xi[a][i];
      }
    if (it->integrator == INTERP_EM) {
      PetscCall(PetscArraycpy(X, it->xs, m));
      break;
    }
    PetscCall(Drift(s, t + h, n, it->xs, K[1]));
    for (PetscInt i = 0; i < n; i++)
      for (PetscInt a = 0; a < d; a++) {
        const size_t j = (size_t)i * d + a;
        X[j] += 0.5 * h * (K[0][j] + K[1][j]) + sq * 0.5 * (c0.sigma + c1.sigma) * xi[a][i];
      }
  } break;
  }
  for (PetscInt i = 0; i < n; i++)
    for (PetscInt a = 0; a < d; a++) s->x[a][off + i] = X[(size_t)i * d + a];
  PetscFunctionReturn(0);
}

static PetscErrorCode Step_Interp(MckGenSampler s, PetscInt k)
{
  PetscFunctionBeginUser;
  for (PetscInt c = 0; c < s->nchunks; c++) {
    PetscInt   off, n;
    PetscInt64 g0;
    PetscCall(MckGenSamplerChunkRows(s, c, &off, &n, &g0));
    PetscCall(StepChunk(s, k, off, n, g0));
  }
  s->time = (PetscReal)(k + 1) / s->sample_steps;
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_Interp(MckGenSampler s, MckIO io, PetscBool check)
{
  Interp   *it   = (Interp *)s->data;
  PetscReal v[2] = {it->gamma_a, it->eps0};

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigString(io, check, McKeanOptionName((PetscObject)s, "-interp_path"), MckGenPathKinds[it->path]));
  PetscCall(MckIOConfigString(io, check, McKeanOptionName((PetscObject)s, "-interp_integrator"),
                              InterpIntegrators[it->integrator]));
  PetscCall(MckIOConfigReals(io, check, "interpolant gamma a, epsilon", 2, v));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Interp(MckGenSampler s, PetscViewer viewer)
{
  Interp *it = (Interp *)s->data;

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(viewer, "  %s interpolant, gamma a = %g; %s, eps0 = %g\n", MckGenPathKinds[it->path],
                                   (double)it->gamma_a, InterpIntegrators[it->integrator], (double)it->eps0));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Interp(MckGenSampler s)
{
  Interp *it = (Interp *)s->data;

  PetscFunctionBeginUser;
  PetscCall(PetscFree4(it->k[0], it->k[1], it->k[2], it->k[3]));
  PetscCall(PetscFree2(it->xs, it->out));
  PetscCall(PetscFree(s->data));
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenSamplerCreate_Interpolant(MckGenSampler s, MckGenSamplerOps *ops, void **data)
{
  Interp *it;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&it));
  it->path            = MCK_GEN_PATH_LINEAR;
  it->integrator      = INTERP_HEUN;
  it->eps0            = 1.0;
  s->needs_model      = PETSC_TRUE;
  ops->setfromoptions = SetFromOptions_Interp;
  ops->setup          = SetUp_Interp;
  ops->initialize     = Initialize_Interp;
  ops->step           = Step_Interp;
  ops->config         = Config_Interp;
  ops->view           = View_Interp;
  ops->destroy        = Destroy_Interp;
  *data               = it;
  PetscFunctionReturn(0);
}
