/* Localised nonlinear ensemble transform filter (LNETF; Toedter & Ahrens 2015, localised as in
 * Toedter, Kirchgessner, Nerger & Ahrens 2016): a particle filter's weights with a square-root
 * transform instead of resampling, one analysis per state component i.
 *
 * Local weights from the localised likelihood (the LETKF's Gaspari-Cohn weights rho_l / r_l of
 * the observations within reach of i, localobs.c; d_l = y_l - ybar_l, Y = H X'):
 *   log w_j = -1/2 sum_l (rho_l / r_l) (d_l - Y_lj)^2,   w = softmax(log w),
 * the sum over the local observations in their fixed order. The analysis matches the weighted
 * mean and covariance of the forecast members:
 *   xbar^a = X w,   X^a = xbar^a 1^T + sqrt(N) X [diag(w) - w w^T]^(1/2) Lambda,
 * i.e. x^a_b = sum_a x_a T[a][b] with T = w 1^T + sqrt(N) A^(1/2) Lambda (A = diag(w) - w w^T,
 * symmetric square root by the eigendecomposition; A 1 = 0, so the anomalies sum to zero and
 * the weighted covariance X A X^T is reproduced with the 1/N normalisation). Lambda is a random
 * orthogonal matrix with Lambda 1 = 1 (mean preserving), the same for every component of a
 * cycle (neighbouring components keep consistent members): Lambda = H diag(1, Omega) H, H the
 * Householder reflection taking e_1 to 1/sqrt(N), Omega = G (G^T G)^(-1/2) the polar factor of a
 * Gaussian (N-1) x (N-1) matrix (Haar distributed), G keyed by (member, member) at the cycle's
 * counter step MCK_ENS_RNG_ROTATION.
 *
 * Reported: info.ess = the mean over the components of the local ESS 1 / sum_j w_j^2 (one
 * reproducible reduction of the per-chunk sums). Distribution as the LETKF: the observed
 * ensemble of the block's halo is fetched once, every rank analyses its block of components, the
 * same bits on any rank count. */
#include "ensemble/ensimpl.h"

typedef struct {
  MckEnsLocal loc; /* first: the local observations and their operations (localobs.c) */
  PetscReal  *lambda, *logw, *w;
} LNETF;

static PetscReal InvSqrt(PetscReal x, void *ctx)
{
  (void)ctx;
  return 1.0 / PetscSqrtReal(x);
}

static PetscReal SqrtNonNegative(PetscReal x, void *ctx)
{
  (void)ctx;
  return x > 0 ? PetscSqrtReal(x) : 0;
}

/* Lambda (na x na) = H diag(1, Omega) H: random, orthogonal, Lambda 1 = 1 (v: na scratch). */
static PetscErrorCode Rotation(MckEnsemble ens, PetscReal L[], PetscReal v[])
{
  const PetscInt  na = ens->na, m = na - 1;
  PetscReal      *G = ens->T, *GtG = ens->M1, *S = ens->M2, *Om = ens->evec;
  const PetscReal u = 1.0 / PetscSqrtReal((PetscReal)na);
  PetscReal       vv;

  PetscFunctionBeginUser;
  PetscCall(MckEnsNormals(ens, 0, ens->J, MCK_ENS_RNG_ROTATION, ens->rndp));
  for (PetscInt p = 0; p < m; p++)
    for (PetscInt q = 0; q < m; q++) G[p * m + q] = ens->rndp[ens->act[p]][ens->act[q]];
  for (PetscInt p = 0; p < m; p++)
    for (PetscInt q = 0; q < m; q++) {
      PetscReal s = 0;
      for (PetscInt r = 0; r < m; r++) s += G[r * m + p] * G[r * m + q];
      GtG[p * m + q] = s;
    }
  PetscCall(MckEnsSymEigLAPACK(ens, m, GtG, ens->eval));
  PetscCall(MckEnsSymFunction(ens, m, GtG, ens->eval, InvSqrt, NULL, S));
  PetscCall(MckEnsMatMult(m, m, m, G, S, Om));                       /* the polar factor: orthogonal */
  for (PetscInt a = 0; a < na; a++) v[a] = (a == 0 ? 1.0 : 0.0) - u; /* H = I - 2 v v^T / v^T v */
  vv = 2 * (1 - u);
  for (PetscInt a = 0; a < na; a++)
    for (PetscInt b = 0; b < na; b++)
      L[a * na + b] = a == 0 || b == 0 ? (a == b ? 1.0 : 0.0) : Om[(a - 1) * m + (b - 1)];
  for (PetscInt b = 0; b < na; b++) { /* L <- H L */
    PetscReal s = 0;
    for (PetscInt a = 0; a < na; a++) s += v[a] * L[a * na + b];
    for (PetscInt a = 0; a < na; a++) L[a * na + b] -= 2 * v[a] * s / vv;
  }
  for (PetscInt a = 0; a < na; a++) { /* L <- L H */
    PetscReal s = 0;
    for (PetscInt b = 0; b < na; b++) s += L[a * na + b] * v[b];
    for (PetscInt b = 0; b < na; b++) L[a * na + b] -= 2 * s * v[b] / vv;
  }
  PetscFunctionReturn(0);
}

/* Normalised local weights of component gi into nf->w; returns the number of observations used
 * (0: no weights) and the local ESS. */
static PetscInt LocalWeights(MckEnsemble ens, LNETF *nf, PetscInt64 gi, PetscReal *ess)
{
  MckEnsLocal   *loc = &nf->loc;
  const PetscInt na = ens->na, J = ens->J, used = MckEnsLocalObservations(ens, loc, gi);
  PetscReal      mx = PETSC_MIN_REAL, sum = 0, sq = 0;

  if (!used) return 0;
  for (PetscInt a = 0; a < na; a++) nf->logw[a] = 0;
  for (PetscInt k = 0; k < used; k++) {
    const PetscInt   l = loc->idx[k];
    const PetscReal *Y = loc->hx + (size_t)l * J;
    for (PetscInt a = 0; a < na; a++) {
      const PetscReal e = loc->d[l] - Y[ens->act[a]];
      nf->logw[a] -= 0.5 * loc->w[k] * e * e;
    }
  }
  for (PetscInt a = 0; a < na; a++) mx = PetscMax(mx, nf->logw[a]);
  for (PetscInt a = 0; a < na; a++) sum += (nf->w[a] = PetscExpReal(nf->logw[a] - mx));
  for (PetscInt a = 0; a < na; a++) {
    nf->w[a] /= sum;
    sq += nf->w[a] * nf->w[a];
  }
  *ess = 1.0 / sq;
  return used;
}

/* R <- P R P, P = I - 1 1^T / m (R symmetric; c: m scratch). A 1 = 0 exactly, but the eigenvalue
 * of the direction 1 comes out of the eigensolver as +-1e-17, and its square root (3e-9) would
 * move the mean: the projection restores A^(1/2) 1 = 0. */
static PetscErrorCode Center(PetscInt m, PetscReal R[], PetscReal c[])
{
  PetscReal t = 0;

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < m; a++) {
    c[a] = 0;
    for (PetscInt b = 0; b < m; b++) c[a] += R[a * m + b];
    c[a] /= m;
    t += c[a];
  }
  t /= m;
  for (PetscInt a = 0; a < m; a++)
    for (PetscInt b = 0; b < m; b++) R[a * m + b] += t - c[a] - c[b];
  PetscFunctionReturn(0);
}

/* T = w 1^T + sqrt(na) [diag(w) - w w^T]^(1/2) Lambda into ens->T. */
static PetscErrorCode LocalTransform(MckEnsemble ens, LNETF *nf)
{
  const PetscInt  na = ens->na;
  PetscReal      *A = ens->M1, *R = ens->M2, *B = ens->evec;
  const PetscReal s = PetscSqrtReal((PetscReal)na);

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < na; a++)
    for (PetscInt b = 0; b < na; b++) A[a * na + b] = (a == b ? nf->w[a] : 0.0) - nf->w[a] * nf->w[b];
  PetscCall(MckEnsSymEigLAPACK(ens, na, A, ens->eval));
  PetscCall(MckEnsSymFunction(ens, na, A, ens->eval, SqrtNonNegative, NULL, R));
  PetscCall(Center(na, R, nf->logw));
  PetscCall(MckEnsMatMult(na, na, na, R, nf->lambda, B));
  for (PetscInt a = 0; a < na; a++)
    for (PetscInt b = 0; b < na; b++) ens->T[a * na + b] = nf->w[a] + s * B[a * na + b];
  PetscFunctionReturn(0);
}

static PetscErrorCode Analyze_LNETF(MckEnsemble ens)
{
  LNETF           *nf = (LNETF *)ens->data;
  MckEnsField     *f  = &ens->x;
  const PetscInt   na = ens->na;
  const PetscReal *sums;

  PetscFunctionBeginUser;
  PetscCheck(na >= 2, ens->comm, PETSC_ERR_USER_INPUT, "lnetf needs at least 2 active members, %" PetscInt_FMT " left",
             na);
  PetscCall(MckEnsLocalGather(ens, &nf->loc));
  PetscCall(Rotation(ens, nf->lambda, nf->logw));
  PetscCall(MckEnsStatsBegin(ens));
  for (PetscInt c = 0; c < f->nchunks; c++) {
    const PetscInt i0 = c * f->chunk, i1 = PetscMin(f->nc, i0 + f->chunk);
    PetscReal      ess_sum = 0;
    for (PetscInt i = i0; i < i1; i++) {
      PetscReal ess;
      if (!LocalWeights(ens, nf, f->c0 + i, &ess)) {
        for (PetscInt a = 0; a < na; a++) f->wrk[ens->act[a]][i] = f->blk[ens->act[a]][i];
        ess_sum += na;
        continue;
      }
      ess_sum += ess;
      PetscCall(LocalTransform(ens, nf));
      PetscCall(MckEnsApplyLocalTransform(ens, f, i, ens->T));
    }
    PetscCall(MckStatsAdd(ens->stats, ens->oscal, 1, &ess_sum));
  }
  PetscCall(MckEnsStatsEnd(ens, &sums));
  for (PetscInt a = 0; a < na; a++) PetscCall(PetscArraycpy(f->blk[ens->act[a]], f->wrk[ens->act[a]], f->nc));
  ens->info.ess = sums[ens->oscal] / ens->n;
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_LNETF(MckEnsemble ens)
{
  LNETF *nf = (LNETF *)ens->data;

  PetscFunctionBeginUser;
  PetscCall(MckEnsLocalSetUp(ens));
  PetscCall(PetscMalloc3((size_t)ens->J * ens->J, &nf->lambda, ens->J, &nf->logw, ens->J, &nf->w));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_LNETF(MckEnsemble ens, PetscViewer viewer)
{
  char c[32];

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "localised NETF: Gaspari-Cohn localisation radius %s (state-index units), random mean-preserving rotation\n",
      McKeanFormatReal(((LNETF *)ens->data)->loc.c, c, sizeof(c))));
  PetscCall(MckEnsLocalView(ens, viewer));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_LNETF(MckEnsemble ens)
{
  LNETF *nf = (LNETF *)ens->data;

  PetscFunctionBeginUser;
  if (nf) {
    PetscCall(MckEnsLocalDestroy(&nf->loc));
    PetscCall(PetscFree3(nf->lambda, nf->logw, nf->w));
  }
  PetscCall(PetscFree(ens->data));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleCreate_LNETF(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  PetscCall(MckEnsLocalCreate(ens, sizeof(LNETF)));
  ens->ops->setup   = SetUp_LNETF;
  ens->ops->analyze = Analyze_LNETF;
  ens->ops->view    = View_LNETF;
  ens->ops->destroy = Destroy_LNETF;
  ens->nscal        = 1;
  PetscFunctionReturn(0);
}
