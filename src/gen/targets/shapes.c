/* Targets of fixed shape: checkerboard and moons (2D, samples only, the checkerboard's moments
 * exact) and Neal's funnel (any dimension >= 2: samples, energy, log Z and moments).
 *   checkerboard: uniform on the squares [i, i+1) x [j, j+1), i, j in {-2, -1, 0, 1}, i + j even;
 *   moons: angle theta = pi u; (cos theta, sin theta) or (1 - cos theta, 1/2 - sin theta), each
 *          with probability 1/2, plus N(0, eps^2 I) noise (-target_noise);
 *   funnel: x_0 ~ N(0, 9), x_a | x_0 ~ N(0, e^{x_0}); U = -log p - log Z,
 *          -log p = x_0^2/18 + log(3 sqrt(2 pi)) + sum_{a>=1} [x_a^2 e^{-x_0}/2 + x_0/2 + log sqrt(2 pi)];
 *          E x = 0, var x_0 = 9, var x_a = E e^{x_0} = e^{9/2}. */
#include "gen/genimpl.h"

static PetscErrorCode SetUp_Fixed2D(MckGenTarget t)
{
  PetscFunctionBeginUser;
  t->dim = 2;
  PetscFunctionReturn(0);
}

/* uniforms 0..3 (square, two coordinates) */
static PetscErrorCode Sample_Checkerboard(MckGenTarget t, MckRNG rng, PetscInt64 gstart, PetscInt n, PetscInt64 step,
                                          PetscReal *const x[])
{
  PetscReal *u[3];

  PetscFunctionBeginUser;
  (void)t;
  PetscCall(PetscMalloc3(n + 1, &u[0], n + 1, &u[1], n + 1, &u[2]));
  PetscCall(MckRNGUniforms(rng, gstart, n, step, 0, 3, u));
  for (PetscInt i = 0; i < n; i++) {
    const PetscInt sq = PetscMin((PetscInt)(8 * u[0][i]), 7), row = sq / 2, col = 2 * (sq % 2) + (row % 2);
    x[0][i] = -2 + col + u[1][i];
    x[1][i] = -2 + row + u[2][i];
  }
  PetscCall(PetscFree3(u[0], u[1], u[2]));
  PetscFunctionReturn(0);
}

/* Moments from the 8 squares: each contributes the mean and second moments of a unit square. */
static PetscErrorCode Moments_Checkerboard(MckGenTarget t, PetscReal mean[], PetscReal cov[])
{
  PetscReal m[2] = {0, 0}, s[3] = {0, 0, 0};

  PetscFunctionBeginUser;
  (void)t;
  for (PetscInt row = 0; row < 4; row++)
    for (PetscInt c = 0; c < 2; c++) {
      const PetscReal cx = -2 + 2 * c + (row % 2) + 0.5, cy = -2 + row + 0.5;
      m[0] += cx / 8;
      m[1] += cy / 8;
      s[0] += (cx * cx + 1.0 / 12) / 8;
      s[1] += cx * cy / 8;
      s[2] += (cy * cy + 1.0 / 12) / 8;
    }
  mean[0] = m[0];
  mean[1] = m[1];
  cov[0]  = s[0] - m[0] * m[0];
  cov[1] = cov[2] = s[1] - m[0] * m[1];
  cov[3]          = s[2] - m[1] * m[1];
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenTargetCreate_Checkerboard(MckGenTarget t, MckGenTargetOps *ops, void **data)
{
  PetscFunctionBeginUser;
  (void)t;
  ops->setup   = SetUp_Fixed2D;
  ops->sample  = Sample_Checkerboard;
  ops->moments = Moments_Checkerboard;
  *data        = NULL;
  PetscFunctionReturn(0);
}

typedef struct {
  PetscReal noise;
} Moons;

static PetscErrorCode SetFromOptions_Moons(MckGenTarget t, PetscOptionItems *PetscOptionsObject)
{
  Moons *m = (Moons *)t->data;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsReal("-target_noise", "Standard deviation of the noise on the moons", m->noise, &m->noise, NULL));
  PetscCall(McKeanCheckNonNegative(t->comm, MckOptName("-target_noise"), m->noise));
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_Moons(MckGenTarget t, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(
      MckIOConfigReals(io, check, McKeanOptionName((PetscObject)t, "-target_noise"), 1, &((Moons *)t->data)->noise));
  PetscFunctionReturn(0);
}

/* uniforms 0, 1 (which moon, angle); normals 2, 3 */
static PetscErrorCode Sample_Moons(MckGenTarget t, MckRNG rng, PetscInt64 gstart, PetscInt n, PetscInt64 step,
                                   PetscReal *const x[])
{
  Moons     *m = (Moons *)t->data;
  PetscReal *u[2];

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc2(n + 1, &u[0], n + 1, &u[1]));
  PetscCall(MckRNGUniforms(rng, gstart, n, step, 0, 2, u));
  PetscCall(MckRNGNormals(rng, gstart, n, step, 2, 2, x));
  for (PetscInt i = 0; i < n; i++) {
    const PetscReal th = PETSC_PI * u[1][i], c = PetscCosReal(th), s = PetscSinReal(th);
    const PetscBool lower = (PetscBool)(u[0][i] >= 0.5);
    x[0][i]               = (lower ? 1 - c : c) + m->noise * x[0][i];
    x[1][i]               = (lower ? 0.5 - s : s) + m->noise * x[1][i];
  }
  PetscCall(PetscFree2(u[0], u[1]));
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenTargetCreate_Moons(MckGenTarget t, MckGenTargetOps *ops, void **data)
{
  Moons *m;

  PetscFunctionBeginUser;
  (void)t;
  PetscCall(PetscNew(&m));
  m->noise            = 0.1;
  ops->setfromoptions = SetFromOptions_Moons;
  ops->setup          = SetUp_Fixed2D;
  ops->sample         = Sample_Moons;
  ops->config         = Config_Moons;
  ops->destroy        = MckGenTargetFreeData;
  *data               = m;
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_Funnel(MckGenTarget t)
{
  PetscFunctionBeginUser;
  PetscCheck(t->dim >= 2, t->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": the funnel needs at least 2 dimensions",
             McKeanOptionName((PetscObject)t, "-target_dim"), t->dim);
  PetscFunctionReturn(0);
}

static PetscErrorCode Sample_Funnel(MckGenTarget t, MckRNG rng, PetscInt64 gstart, PetscInt n, PetscInt64 step,
                                    PetscReal *const x[])
{
  PetscFunctionBeginUser;
  PetscCall(MckRNGNormals(rng, gstart, n, step, 2, t->dim, x));
  for (PetscInt i = 0; i < n; i++) {
    const PetscReal x0 = 3 * x[0][i], s = PetscExpReal(0.5 * x0);
    x[0][i] = x0;
    for (PetscInt a = 1; a < t->dim; a++) x[a][i] *= s;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Energy_Funnel(MckGenTarget t, PetscInt n, const PetscReal *const x[], PetscReal U[],
                                    PetscReal *const grad[])
{
  const PetscReal l2pi = 0.5 * PetscLogReal(2 * PETSC_PI);

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < n; i++) {
    const PetscReal x0 = x[0][i], e = PetscExpReal(-x0);
    PetscReal       u = x0 * x0 / 18 + PetscLogReal(3.0) + l2pi, q = 0;
    for (PetscInt a = 1; a < t->dim; a++) {
      q += x[a][i] * x[a][i];
      if (grad) grad[a][i] = x[a][i] * e;
    }
    u += 0.5 * q * e + (t->dim - 1) * (0.5 * x0 + l2pi);
    U[i] = u - t->logz;
    if (grad) grad[0][i] = x0 / 9 - 0.5 * q * e + 0.5 * (t->dim - 1);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Moments_Funnel(MckGenTarget t, PetscReal mean[], PetscReal cov[])
{
  const PetscInt d = t->dim;

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < d; a++) {
    mean[a] = 0;
    for (PetscInt b = 0; b < d; b++) cov[a * d + b] = a != b ? 0 : (a ? PetscExpReal(4.5) : 9.0);
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenTargetCreate_Funnel(MckGenTarget t, MckGenTargetOps *ops, void **data)
{
  PetscFunctionBeginUser;
  ops->setup   = SetUp_Funnel;
  ops->sample  = Sample_Funnel;
  ops->energy  = Energy_Funnel;
  ops->moments = Moments_Funnel;
  *data        = NULL;
  PetscCall(MckGenTargetSetLogNormalizer(t, 0.0));
  PetscFunctionReturn(0);
}
