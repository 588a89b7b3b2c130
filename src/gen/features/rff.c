/* Space features rff: (1, x_1 .. x_d, sqrt(2/m) cos(w_j . x + b_j)), j < m (Rahimi & Recht 2007).
 * w_j ~ N(0, I / l^2) (normals 0 .. d-1 of stream j) and b_j = 2 pi u_j (uniform at draw
 * 2 ceil(d/2), its own counter) at step MCK_GEN_STEP_FEATURES of -features_seed: the same
 * features on every rank. The phases are one DGEMM (X W, n x d times d x m); the cosine is
 * McKean's MckSinCos2Pi, so a point's features do not depend on its place in a loop. */
#include "gen/genimpl.h"
#include <petscblaslapack.h>

typedef struct {
  PetscInt   m;
  PetscReal  ell;
  PetscReal *W, *b; /* W: d x m row-major, scaled by 1/(2 pi) with b: phases in turns */
  PetscReal *turns, *s, *c;
  PetscInt   cap;
} RFF;

static PetscErrorCode SetFromOptions_RFF(MckGenFeatures f, PetscOptionItems *PetscOptionsObject)
{
  RFF *r = (RFF *)f->data;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsInt("-features_rff_n", "Number m of random Fourier features", r->m, &r->m, NULL));
  PetscCall(MckOptionsReal("-features_rff_lengthscale",
                           "Length scale l of the random Fourier features (w ~ N(0, I/l^2))", r->ell, &r->ell, NULL));
  PetscCheck(r->m >= 0, f->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": must be non-negative",
             MckOptName("-features_rff_n"), r->m);
  PetscCall(McKeanCheckPositive(f->comm, MckOptName("-features_rff_lengthscale"), r->ell));
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_RFF(MckGenFeatures f, MckIO io, PetscBool check)
{
  RFF *r = (RFF *)f->data;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName((PetscObject)f, "-features_rff_n"), r->m));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)f, "-features_rff_lengthscale"), 1, &r->ell));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_RFF(MckGenFeatures f)
{
  RFF           *r = (RFF *)f->data;
  const PetscInt d = f->dim;
  MckRNG         rng;
  PetscReal     *cols[MCK_GEN_MAX_DIM], *w, *u[1];

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc2((size_t)d * r->m + 1, &r->W, r->m + 1, &r->b));
  PetscCall(PetscMalloc1((size_t)d * r->m + 1, &w));
  for (PetscInt a = 0; a < d; a++) cols[a] = w + (size_t)a * r->m;
  u[0] = r->b;
  PetscCall(MckRNGCreate(PETSC_COMM_SELF, &rng));
  PetscCall(MckRNGSetSeed(rng, f->seed));
  PetscCall(MckRNGNormals(rng, 0, r->m, MCK_GEN_STEP_FEATURES, 0, d, cols));
  PetscCall(MckRNGUniforms(rng, 0, r->m, MCK_GEN_STEP_FEATURES, 2 * ((d + 1) / 2), 1, u));
  PetscCall(MckRNGDestroy(&rng));
  for (PetscInt a = 0; a < d; a++)
    for (PetscInt j = 0; j < r->m; j++) r->W[(size_t)a * r->m + j] = w[(size_t)a * r->m + j] / (2 * PETSC_PI * r->ell);
  PetscCall(PetscFree(w));
  PetscCall(MckGenFeaturesSetSpaceSize(f, 1 + d + r->m));
  PetscFunctionReturn(0);
}

static PetscErrorCode Space_RFF(MckGenFeatures f, PetscInt n, const PetscReal X[], PetscReal Psi[])
{
  RFF            *r = (RFF *)f->data;
  const PetscInt  d = f->dim, m = r->m, px = 1 + d + m;
  const PetscReal amp = m ? PetscSqrtReal(2.0 / m) : 0;

  PetscFunctionBeginUser;
  if (n * m > r->cap) {
    PetscCall(PetscFree3(r->turns, r->s, r->c));
    r->cap = n * m;
    PetscCall(PetscMalloc3(r->cap, &r->turns, r->cap, &r->s, r->cap, &r->c));
  }
  if (m && n) {
    /* turns (n x m, row-major) = X W: column-major BLAS computes turns^T = W^T X^T */
    const PetscBLASInt M = (PetscBLASInt)m, N = (PetscBLASInt)n, K = (PetscBLASInt)d;
    const PetscReal    one = 1, zero = 0;
    BLASgemm_("N", "N", &M, &N, &K, &one, r->W, &M, X, &K, &zero, r->turns, &M);
    for (PetscInt i = 0; i < n; i++)
      for (PetscInt j = 0; j < m; j++) r->turns[(size_t)i * m + j] += r->b[j];
    MckSinCos2Pi(n * m, r->turns, r->s, r->c);
  }
  for (PetscInt i = 0; i < n; i++) {
    PetscReal *psi = Psi + (size_t)i * px;
    psi[0]         = 1;
    for (PetscInt a = 0; a < d; a++) psi[1 + a] = X[(size_t)i * d + a];
    for (PetscInt j = 0; j < m; j++) psi[1 + d + j] = amp * r->c[(size_t)i * m + j];
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode View_RFF(MckGenFeatures f, PetscViewer viewer)
{
  RFF *r = (RFF *)f->data;

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "  affine part and %" PetscInt_FMT " random Fourier features, length scale %g\n", r->m, (double)r->ell));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_RFF(MckGenFeatures f)
{
  RFF *r = (RFF *)f->data;

  PetscFunctionBeginUser;
  PetscCall(PetscFree2(r->W, r->b));
  PetscCall(PetscFree3(r->turns, r->s, r->c));
  PetscCall(PetscFree(f->data));
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenFeaturesCreate_RFF(MckGenFeatures f, MckGenFeaturesOps *ops, void **data)
{
  RFF *r;

  PetscFunctionBeginUser;
  (void)f;
  PetscCall(PetscNew(&r));
  r->m                = 64;
  r->ell              = 1.0;
  ops->setfromoptions = SetFromOptions_RFF;
  ops->setup          = SetUp_RFF;
  ops->space          = Space_RFF;
  ops->view           = View_RFF;
  ops->destroy        = Destroy_RFF;
  ops->config         = Config_RFF;
  *data               = r;
  PetscFunctionReturn(0);
}
