/* Target gmm: a Gaussian mixture sum_k pi_k N(mu_k, s^2 I) in any dimension, equal weights.
 * Everything about it is known in closed form: samples, the energy U = -log p - log Z, and along
 * a Gaussian path x = beta x1 + sigma zeta the posterior of the component,
 *   r_k(x) ∝ pi_k N(x; beta mu_k, (sigma^2 + beta^2 s^2) I),
 *   E[x1 | x] = sum_k r_k(x) [mu_k + beta s^2 / (sigma^2 + beta^2 s^2) (x - beta mu_k)],
 * which gives the exact velocity and score of interpolants and diffusions through it. */
#include "gen/genimpl.h"

#define GMM_MAX_COMPONENTS 64

typedef enum { GMM_RING, GMM_RANDOM } GMMLayout;
static const char *const GMMLayouts[] = {"ring", "random", "GMMLayout", "GMM_", NULL};

typedef struct {
  PetscInt   K, layout, seed;
  PetscReal  radius, std;
  PetscReal *mu; /* K x dim */
} GMM;

static PetscErrorCode SetFromOptions_GMM(MckGenTarget t, PetscOptionItems *PetscOptionsObject)
{
  GMM *g = (GMM *)t->data;

  PetscFunctionBeginUser;
  PetscCall(
      MckOptionsChoice("-target_gmm_layout",
                       "Means of the components: ring (a circle in the first two coordinates) or random (N(0, R^2 I))",
                       GMMLayouts, 2, g->layout, &g->layout, NULL));
  PetscCall(MckOptionsInt("-target_components", "Number of components K", g->K, &g->K, NULL));
  PetscCall(MckOptionsReal("-target_radius", "Radius R of the ring, or scale of the random means", g->radius,
                           &g->radius, NULL));
  PetscCall(MckOptionsReal("-target_std", "Standard deviation s of every component", g->std, &g->std, NULL));
  PetscCall(MckOptionsInt("-target_seed", "Seed of the random means", g->seed, &g->seed, NULL));
  PetscCheck(g->K >= 1 && g->K <= GMM_MAX_COMPONENTS, t->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": allowed 1 to %d", MckOptName("-target_components"), g->K, GMM_MAX_COMPONENTS);
  PetscCall(McKeanCheckPositive(t->comm, MckOptName("-target_std"), g->std));
  PetscCall(McKeanCheckNonNegative(t->comm, MckOptName("-target_radius"), g->radius));
  PetscFunctionReturn(0);
}

/* The settings the samples and energies depend on (the random means follow from the seed). */
static PetscErrorCode Config_GMM(MckGenTarget t, MckIO io, PetscBool check)
{
  GMM            *g     = (GMM *)t->data;
  const PetscReal rs[2] = {g->radius, g->std};

  PetscFunctionBeginUser;
  PetscCall(
      MckIOConfigString(io, check, McKeanOptionName((PetscObject)t, "-target_gmm_layout"), GMMLayouts[g->layout]));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName((PetscObject)t, "-target_components"), g->K));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)t, "-target_radius"), 1, &rs[0]));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)t, "-target_std"), 1, &rs[1]));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName((PetscObject)t, "-target_seed"), g->seed));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_GMM(MckGenTarget t)
{
  GMM           *g = (GMM *)t->data;
  const PetscInt d = t->dim;

  PetscFunctionBeginUser;
  PetscCall(PetscCalloc1(g->K * d, &g->mu));
  if (g->layout == GMM_RING) {
    for (PetscInt k = 0; k < g->K; k++) {
      g->mu[k * d] = g->radius * PetscCosReal(2 * PETSC_PI * k / g->K);
      if (d > 1) g->mu[k * d + 1] = g->radius * PetscSinReal(2 * PETSC_PI * k / g->K);
    }
  } else {
    MckRNG     rng;
    PetscReal *col[MCK_GEN_MAX_DIM], buf[GMM_MAX_COMPONENTS * MCK_GEN_MAX_DIM];
    PetscCall(MckRNGCreate(PETSC_COMM_SELF, &rng));
    PetscCall(MckRNGSetSeed(rng, g->seed));
    for (PetscInt a = 0; a < d; a++) col[a] = buf + a * g->K;
    PetscCall(MckRNGNormals(rng, 0, g->K, 0, 0, d, col));
    for (PetscInt k = 0; k < g->K; k++)
      for (PetscInt a = 0; a < d; a++) g->mu[k * d + a] = g->radius * col[a][k];
    PetscCall(MckRNGDestroy(&rng));
  }
  PetscFunctionReturn(0);
}

/* component from uniform draw 0, then normals from draws 2 .. dim + 1 */
static PetscErrorCode Sample_GMM(MckGenTarget t, MckRNG rng, PetscInt64 gstart, PetscInt n, PetscInt64 step,
                                 PetscReal *const x[])
{
  GMM       *g = (GMM *)t->data;
  PetscReal *u;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(n + 1, &u));
  PetscCall(MckRNGUniforms(rng, gstart, n, step, 0, 1, &u));
  PetscCall(MckRNGNormals(rng, gstart, n, step, 2, t->dim, x));
  for (PetscInt i = 0; i < n; i++) {
    const PetscInt k = PetscMin((PetscInt)(u[i] * g->K), g->K - 1);
    for (PetscInt a = 0; a < t->dim; a++) x[a][i] = g->mu[k * t->dim + a] + g->std * x[a][i];
  }
  PetscCall(PetscFree(u));
  PetscFunctionReturn(0);
}

/* log r_k up to a constant for the point x (row i of SoA) under variance v of every component
 * centred at c mu_k; returns the log-sum-exp and the normalised r[k]. */
static PetscReal Responsibilities(const GMM *g, PetscInt d, const PetscReal *const x[], PetscInt i, PetscReal c,
                                  PetscReal v, PetscReal r[])
{
  PetscReal lmax = PETSC_NINFINITY, sum = 0;
  for (PetscInt k = 0; k < g->K; k++) {
    PetscReal q = 0;
    for (PetscInt a = 0; a < d; a++) {
      const PetscReal e = x[a][i] - c * g->mu[k * d + a];
      q += e * e;
    }
    r[k] = -0.5 * q / v;
    lmax = PetscMax(lmax, r[k]);
  }
  for (PetscInt k = 0; k < g->K; k++) {
    r[k] = PetscExpReal(r[k] - lmax);
    sum += r[k];
  }
  for (PetscInt k = 0; k < g->K; k++) r[k] /= sum;
  return lmax + PetscLogReal(sum);
}

static PetscErrorCode Energy_GMM(MckGenTarget t, PetscInt n, const PetscReal *const x[], PetscReal U[],
                                 PetscReal *const grad[])
{
  GMM            *g       = (GMM *)t->data;
  const PetscInt  d       = t->dim;
  const PetscReal v       = g->std * g->std,
                  lognorm = -0.5 * d * PetscLogReal(2 * PETSC_PI * v) - PetscLogReal((PetscReal)g->K);
  PetscReal r[GMM_MAX_COMPONENTS];

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < n; i++) {
    U[i] = -(Responsibilities(g, d, x, i, 1.0, v, r) + lognorm) - t->logz;
    if (!grad) continue;
    for (PetscInt a = 0; a < d; a++) {
      PetscReal s = 0;
      for (PetscInt k = 0; k < g->K; k++) s += r[k] * (x[a][i] - g->mu[k * d + a]);
      grad[a][i] = s / v;
    }
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Denoise_GMM(MckGenTarget t, PetscReal beta, PetscReal sigma, PetscInt n,
                                  const PetscReal *const x[], PetscReal *const m[])
{
  GMM            *g  = (GMM *)t->data;
  const PetscInt  d  = t->dim;
  const PetscReal s2 = g->std * g->std, v = sigma * sigma + beta * beta * s2, gain = beta * s2 / v;
  PetscReal       r[GMM_MAX_COMPONENTS];

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < n; i++) {
    (void)Responsibilities(g, d, x, i, beta, v, r);
    for (PetscInt a = 0; a < d; a++) {
      PetscReal s = 0;
      for (PetscInt k = 0; k < g->K; k++) {
        const PetscReal mu = g->mu[k * d + a];
        s += r[k] * (mu + gain * (x[a][i] - beta * mu));
      }
      m[a][i] = s;
    }
  }
  PetscFunctionReturn(0);
}

/* Equal weights: the mean of the centres, and the covariance of the centres plus std^2 I (the law of
 * total variance: the spread of the component means plus the mean covariance of a component). */
static PetscErrorCode Moments_GMM(MckGenTarget t, PetscReal mean[], PetscReal cov[])
{
  GMM           *g = (GMM *)t->data;
  const PetscInt d = t->dim;

  PetscFunctionBeginUser;
  PetscCall(MckGenRowMoments(g->K, d, g->mu, mean, cov));
  for (PetscInt a = 0; a < d; a++) cov[a * d + a] += g->std * g->std;
  PetscFunctionReturn(0);
}

static PetscErrorCode View_GMM(MckGenTarget t, PetscViewer viewer)
{
  GMM *g = (GMM *)t->data;

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(viewer, "  %" PetscInt_FMT " components (%s, R = %g), std %g\n", g->K,
                                   GMMLayouts[g->layout], (double)g->radius, (double)g->std));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_GMM(MckGenTarget t)
{
  GMM *g = (GMM *)t->data;

  PetscFunctionBeginUser;
  PetscCall(PetscFree(g->mu));
  PetscCall(PetscFree(t->data));
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenTargetCreate_GMM(MckGenTarget t, MckGenTargetOps *ops, void **data)
{
  GMM *g;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&g));
  g->K                = 8;
  g->radius           = 4.0;
  g->std              = 0.5;
  g->seed             = 1;
  ops->setfromoptions = SetFromOptions_GMM;
  ops->setup          = SetUp_GMM;
  ops->sample         = Sample_GMM;
  ops->energy         = Energy_GMM;
  ops->denoise        = Denoise_GMM;
  ops->moments        = Moments_GMM;
  ops->view           = View_GMM;
  ops->destroy        = Destroy_GMM;
  ops->config         = Config_GMM;
  *data               = g;
  PetscCall(MckGenTargetSetLogNormalizer(t, 0.0));
  PetscFunctionReturn(0);
}
