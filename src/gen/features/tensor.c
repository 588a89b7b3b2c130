/* Tensor-product space features: products over coordinates of one-dimensional functions
 * f_i(x_a), over every multi-index (i_1 .. i_d) of total degree sum deg(i_a) <= K.
 *   hermite  f_k(x) = He_k(x / s) / sqrt(k!), deg k = k (probabilists' Hermite polynomials,
 *            He_{k+1}(y) = y He_k(y) - k He_{k-1}(y)); px = C(K + d, d);
 *   fourier  f_0 = 1, f_{2k-1} = cos(2 pi k x / L), f_{2k} = sin(2 pi k x / L), deg = k, plus the
 *            affine part x_1 .. x_d (a periodic basis cannot represent the linear growth of a
 *            drift outside [-L/2, L/2]). */
#include "gen/genimpl.h"

#define TENSOR_MAX_FUNCS 129

typedef struct {
  PetscInt   K, nfun, nidx, affine;
  PetscReal  scale; /* s (hermite) or L (fourier) */
  PetscBool  fourier;
  PetscInt  *idx;   /* nidx x dim one-dimensional function indices */
  PetscReal *table; /* dim x nfun values at one point */
} Tensor;

static PetscInt Degree(const Tensor *t, PetscInt i) { return t->fourier ? (i + 1) / 2 : i; }

/* every multi-index with total degree <= K, in lexicographic order; count only if idx is NULL */
static void Enumerate(const Tensor *t, PetscInt d, PetscInt a, PetscInt budget, PetscInt cur[], PetscInt *n,
                      PetscInt *idx)
{
  if (a == d) {
    if (idx)
      for (PetscInt b = 0; b < d; b++) idx[*n * d + b] = cur[b];
    (*n)++;
    return;
  }
  for (PetscInt i = 0; i < t->nfun && Degree(t, i) <= budget; i++) {
    cur[a] = i;
    Enumerate(t, d, a + 1, budget - Degree(t, i), cur, n, idx);
  }
}

static PetscErrorCode SetFromOptions_Tensor(MckGenFeatures f, PetscOptionItems *PetscOptionsObject)
{
  Tensor *t = (Tensor *)f->data;

  PetscFunctionBeginUser;
  if (t->fourier) {
    PetscCall(MckOptionsInt("-features_fourier_modes", "Largest total frequency K of the Fourier features", t->K, &t->K,
                            NULL));
    PetscCall(
        MckOptionsReal("-features_fourier_length", "Period L of the Fourier features", t->scale, &t->scale, NULL));
    PetscCheck(t->K >= 0 && 2 * t->K + 1 <= TENSOR_MAX_FUNCS, f->comm, PETSC_ERR_USER_INPUT,
               "%s %" PetscInt_FMT ": allowed 0 to %d", MckOptName("-features_fourier_modes"), t->K,
               (TENSOR_MAX_FUNCS - 1) / 2);
    PetscCall(McKeanCheckPositive(f->comm, MckOptName("-features_fourier_length"), t->scale));
  } else {
    PetscCall(
        MckOptionsInt("-features_hermite_degree", "Largest total degree K of the Hermite features", t->K, &t->K, NULL));
    PetscCall(MckOptionsReal("-features_hermite_scale", "Scale s of the Hermite features He_k(x/s)", t->scale,
                             &t->scale, NULL));
    PetscCheck(t->K >= 0 && t->K + 1 <= TENSOR_MAX_FUNCS, f->comm, PETSC_ERR_USER_INPUT,
               "%s %" PetscInt_FMT ": allowed 0 to %d", MckOptName("-features_hermite_degree"), t->K,
               TENSOR_MAX_FUNCS - 1);
    PetscCall(McKeanCheckPositive(f->comm, MckOptName("-features_hermite_scale"), t->scale));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_Tensor(MckGenFeatures f, MckIO io, PetscBool check)
{
  Tensor     *t   = (Tensor *)f->data;
  PetscObject obj = (PetscObject)f;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigInt(
      io, check, McKeanOptionName(obj, t->fourier ? "-features_fourier_modes" : "-features_hermite_degree"), t->K));
  PetscCall(MckIOConfigReals(io, check,
                             McKeanOptionName(obj, t->fourier ? "-features_fourier_length" : "-features_hermite_scale"),
                             1, &t->scale));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_Tensor(MckGenFeatures f)
{
  Tensor  *t = (Tensor *)f->data;
  PetscInt cur[MCK_GEN_MAX_DIM], n = 0;

  PetscFunctionBeginUser;
  t->nfun = t->fourier ? 2 * t->K + 1 : t->K + 1;
  Enumerate(t, f->dim, 0, t->K, cur, &n, NULL);
  PetscCheck(n <= 100000, f->comm, PETSC_ERR_USER_INPUT,
             "%" PetscInt_FMT " tensor features in %" PetscInt_FMT " dimensions: lower the degree", n, f->dim);
  t->nidx = n;
  PetscCall(PetscMalloc2((size_t)n * f->dim, &t->idx, (size_t)f->dim * t->nfun, &t->table));
  n = 0;
  Enumerate(t, f->dim, 0, t->K, cur, &n, t->idx);
  t->affine = t->fourier ? f->dim : 0;
  PetscCall(MckGenFeaturesSetSpaceSize(f, t->nidx + t->affine));
  PetscFunctionReturn(0);
}

static void Table(Tensor *t, PetscInt d, const PetscReal x[])
{
  for (PetscInt a = 0; a < d; a++) {
    PetscReal *v = t->table + a * t->nfun;
    if (t->fourier) {
      v[0] = 1;
      for (PetscInt k = 1; k <= t->K; k++) {
        const PetscReal th = 2 * PETSC_PI * k * x[a] / t->scale;
        v[2 * k - 1]       = PetscCosReal(th);
        v[2 * k]           = PetscSinReal(th);
      }
    } else {
      const PetscReal y  = x[a] / t->scale;
      PetscReal       hm = 1, h = y, fact = 1; /* He_0, He_1 */
      v[0] = 1;
      if (t->K >= 1) v[1] = y;
      for (PetscInt k = 1; k < t->K; k++) {
        const PetscReal hp = y * h - k * hm;
        hm                 = h;
        h                  = hp;
        fact *= k + 1;
        v[k + 1] = h / PetscSqrtReal(fact);
      }
    }
  }
}

static PetscErrorCode Space_Tensor(MckGenFeatures f, PetscInt n, const PetscReal X[], PetscReal Psi[])
{
  Tensor        *t = (Tensor *)f->data;
  const PetscInt d = f->dim, px = t->nidx + t->affine;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < n; i++) {
    PetscReal *psi = Psi + (size_t)i * px;
    Table(t, d, X + (size_t)i * d);
    for (PetscInt j = 0; j < t->nidx; j++) {
      PetscReal v = 1;
      for (PetscInt a = 0; a < d; a++) v *= t->table[a * t->nfun + t->idx[(size_t)j * d + a]];
      psi[j] = v;
    }
    for (PetscInt a = 0; a < t->affine; a++) psi[t->nidx + a] = X[(size_t)i * d + a];
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Tensor(MckGenFeatures f, PetscViewer viewer)
{
  Tensor *t = (Tensor *)f->data;

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(viewer, "  %s tensor features of total degree <= %" PetscInt_FMT " (%s %g)%s\n",
                                   t->fourier ? "Fourier" : "Hermite", t->K, t->fourier ? "period" : "scale",
                                   (double)t->scale, t->affine ? " and the affine part" : ""));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Tensor(MckGenFeatures f)
{
  Tensor *t = (Tensor *)f->data;

  PetscFunctionBeginUser;
  PetscCall(PetscFree2(t->idx, t->table));
  PetscCall(PetscFree(f->data));
  PetscFunctionReturn(0);
}

static PetscErrorCode CreateTensor(MckGenFeaturesOps *ops, void **data, PetscBool fourier)
{
  Tensor *t;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&t));
  t->fourier          = fourier;
  t->K                = fourier ? 3 : 4;
  t->scale            = fourier ? 16.0 : 2.0;
  ops->setfromoptions = SetFromOptions_Tensor;
  ops->setup          = SetUp_Tensor;
  ops->space          = Space_Tensor;
  ops->view           = View_Tensor;
  ops->destroy        = Destroy_Tensor;
  ops->config         = Config_Tensor;
  *data               = t;
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenFeaturesCreate_Hermite(MckGenFeatures f, MckGenFeaturesOps *ops, void **data)
{
  PetscFunctionBeginUser;
  (void)f;
  PetscCall(CreateTensor(ops, data, PETSC_FALSE));
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenFeaturesCreate_Fourier(MckGenFeatures f, MckGenFeaturesOps *ops, void **data)
{
  PetscFunctionBeginUser;
  (void)f;
  PetscCall(CreateTensor(ops, data, PETSC_TRUE));
  PetscFunctionReturn(0);
}
