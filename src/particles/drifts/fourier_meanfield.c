/* Mean-field interaction on a periodic box through Fourier moments of the empirical measure.
 *
 * W(x) = sum_n What_n exp(i k_n . x), k_n = 2 pi n / L, |n_a| <= K, What even and real.
 * Summary statistic: C_n = sum_j cos(k_n . x_j), S_n = sum_j sin(k_n . x_j) over the half set
 * of modes (first non-zero component of n positive), 2M numbers independent of N, so that
 * mu_hat(n) = (C_n - i S_n) / N and, pairing n with -n,
 *   F(x) = -grad (W * mu)(x) = sum_{half n} (2 What_n / N) k_n (C_n sin(k_n.x) - S_n cos(k_n.x)).
 * exp(i k_n . x) is built from one sincos per particle and dimension by the recurrence
 * p_{m} = p_{m-1} p_1 (no sin/cos per mode); chunk sums use fixed lanes so that they are a
 * function of the chunk alone (reproducible for any rank count). */
#include <mckean/mckdriftimpl.h>
#include <mckean/mckkernel.h>

#define LANES 8

typedef struct {
  MckKernel  W; /* the shared kernel definition (-mf_* options, mckkernel.h) */
  PetscInt   K, M, dim, B, offset, order_mode;
  PetscReal  L[MCK_MAX_DIM];
  PetscInt  *modes;                             /* M x dim mode indices n */
  PetscReal *what, *k[MCK_MAX_DIM];             /* What_n and k_n per mode */
  PetscReal *pre[MCK_MAX_DIM], *pim[MCK_MAX_DIM]; /* chunk powers p_m, m = 0..K, layout [m][i] */
  PetscReal *u, *cr, *ci, *g, *partial, *acoef, *bcoef;
} FourierMF;

static PetscErrorCode SetFromOptions_FourierMF(MckDrift d)
{
  FourierMF *f = (FourierMF *)d->data;

  PetscFunctionBeginUser;
  PetscCall(MckKernelSetFromOptions(d->comm, ((PetscObject)d)->prefix, &f->W));
  f->K = f->W.modes;
  PetscFunctionReturn(0);
}

/* Half of the modes: n != 0 whose first non-zero component is positive. Modes whose
 * coefficient vanishes are dropped: they would cost work and contribute nothing. */
static PetscErrorCode EnumerateModes(FourierMF *f)
{
  const PetscInt side = 2 * f->K + 1;
  PetscInt       total = 1, m = 0;

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < f->dim; a++) total *= side;
  PetscCall(PetscMalloc1(total * f->dim, &f->modes));
  PetscCall(PetscMalloc1(total, &f->what));
  for (PetscInt a = 0; a < f->dim; a++) PetscCall(PetscMalloc1(total, &f->k[a]));
  f->order_mode = -1;
  for (PetscInt idx = 0; idx < total; idx++) {
    PetscInt  n[MCK_MAX_DIM] = {0, 0, 0}, rest = idx, first = 0;
    PetscReal k[MCK_MAX_DIM] = {0, 0, 0};
    for (PetscInt a = f->dim - 1; a >= 0; a--) {
      n[a] = rest % side - f->K;
      rest /= side;
    }
    for (PetscInt a = 0; a < f->dim && !first; a++) first = n[a];
    if (first <= 0) continue;
    for (PetscInt a = 0; a < f->dim; a++) k[a] = 2 * PETSC_PI * n[a] / f->L[a];
    const PetscReal w = MckKernelCoefficient(&f->W, n, k);
    const PetscBool is_e1 = (PetscBool)(n[0] == 1 && (f->dim < 2 || n[1] == 0) && (f->dim < 3 || n[2] == 0));
    if (w == 0 && !is_e1) continue;
    if (is_e1) f->order_mode = m;
    for (PetscInt a = 0; a < f->dim; a++) {
      f->modes[m * f->dim + a] = n[a];
      f->k[a][m]               = k[a];
    }
    f->what[m++] = w;
  }
  f->M = m;
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_FourierMF(MckDrift d, MckParticles p, MckStats stats)
{
  FourierMF       *f = (FourierMF *)d->data;
  PetscBool        periodic;
  const PetscReal *L;

  PetscFunctionBeginUser;
  PetscCall(MckParticlesGetBox(p, &periodic, &L));
  PetscCheck(periodic, d->comm, PETSC_ERR_USER_INPUT, "-lgv_drifts fourier_meanfield needs a periodic box: set -particles_box L");
  PetscCall(MckParticlesGetChunks(p, &f->B, NULL));
  f->dim = d->dim;
  for (PetscInt a = 0; a < f->dim; a++) f->L[a] = L[a];
  PetscCall(MckKernelSetBox(&f->W, f->dim, f->L));
  PetscCall(EnumerateModes(f));
  for (PetscInt a = 0; a < f->dim; a++) PetscCall(PetscMalloc2((f->K + 1) * f->B, &f->pre[a], (f->K + 1) * f->B, &f->pim[a]));
  PetscCall(PetscMalloc4(f->B, &f->u, f->B, &f->cr, f->B, &f->ci, f->B, &f->g));
  PetscCall(PetscMalloc3(2 * f->M, &f->partial, f->M, &f->acoef, f->M, &f->bcoef));
  PetscCall(MckStatsRegister(stats, "fourier_meanfield.cos_sin_moments", 2 * f->M, &f->offset));
  PetscFunctionReturn(0);
}

/* p_m = exp(i m 2 pi x_a / L_a), m = 0..K, for the chunk's particles. */
static void ChunkPowers(FourierMF *f, const MckChunk *c)
{
  const PetscInt n = c->n, B = f->B;

  for (PetscInt a = 0; a < f->dim; a++) {
    const PetscReal *x = c->x[a] + c->offset, invL = 1.0 / f->L[a];
    PetscReal *restrict re = f->pre[a], *restrict im = f->pim[a];
    for (PetscInt i = 0; i < n; i++) f->u[i] = x[i] * invL;
    MckSinCos2Pi(n, f->u, im + B, re + B);
    for (PetscInt i = 0; i < n; i++) {
      re[i] = 1;
      im[i] = 0;
    }
    for (PetscInt m = 2; m <= f->K; m++) {
      const PetscReal *pr = re + (m - 1) * B, *pi = im + (m - 1) * B, *qr = re + B, *qi = im + B;
      PetscReal *restrict r = re + m * B, *restrict s = im + m * B;
      for (PetscInt i = 0; i < n; i++) {
        r[i] = pr[i] * qr[i] - pi[i] * qi[i];
        s[i] = pr[i] * qi[i] + pi[i] * qr[i];
      }
    }
  }
}

/* cr + i ci = exp(i k_n . x) for mode m of the chunk: a product of per-dimension powers,
 * with exp(-i j t) = conj(exp(i j t)) for negative indices. */
static void ModePhase(FourierMF *f, PetscInt m, PetscInt n)
{
  const PetscInt  B = f->B, *idx = f->modes + m * f->dim;
  const PetscInt  j0 = PetscAbsInt(idx[0]);
  const PetscReal s0 = idx[0] < 0 ? -1 : 1;
  const PetscReal *r0 = f->pre[0] + j0 * B, *i0 = f->pim[0] + j0 * B;
  PetscReal *restrict cr = f->cr, *restrict ci = f->ci;

  for (PetscInt i = 0; i < n; i++) {
    cr[i] = r0[i];
    ci[i] = s0 * i0[i];
  }
  for (PetscInt a = 1; a < f->dim; a++) {
    const PetscInt   j = PetscAbsInt(idx[a]);
    const PetscReal  s = idx[a] < 0 ? -1 : 1, *r = f->pre[a] + j * B, *q = f->pim[a] + j * B;
    for (PetscInt i = 0; i < n; i++) {
      const PetscReal ar = cr[i], ai = ci[i], br = r[i], bi = s * q[i];
      cr[i] = ar * br - ai * bi;
      ci[i] = ar * bi + ai * br;
    }
  }
}

/* Sum in LANES fixed lanes, combined by a fixed tree: vectorises without reassociation and
 * depends only on the chunk's values. */
static PetscReal LaneSum(PetscInt n, const PetscReal *restrict v)
{
  PetscReal acc[LANES] = {0};
  PetscInt  i          = 0;

  for (; i + LANES <= n; i += LANES)
    for (PetscInt l = 0; l < LANES; l++) acc[l] += v[i + l];
  for (; i < n; i++) acc[i % LANES] += v[i];
  return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

static PetscErrorCode Accumulate_FourierMF(MckDrift d, const MckChunk *c, MckStats stats)
{
  FourierMF *f = (FourierMF *)d->data;

  PetscFunctionBeginUser;
  ChunkPowers(f, c);
  for (PetscInt m = 0; m < f->M; m++) {
    ModePhase(f, m, c->n);
    f->partial[m]        = LaneSum(c->n, f->cr);
    f->partial[f->M + m] = LaneSum(c->n, f->ci);
  }
  PetscCall(MckStatsAdd(stats, f->offset, 2 * f->M, f->partial));
  PetscFunctionReturn(0);
}

static PetscErrorCode Force_FourierMF(MckDrift d, const MckChunk *c, const PetscReal *sums, PetscReal *const *F)
{
  FourierMF *f = (FourierMF *)d->data;

  PetscFunctionBeginUser;
  for (PetscInt m = 0; m < f->M; m++) {
    const PetscReal w = 2 * f->what[m] / (PetscReal)d->N;
    f->acoef[m]       = w * sums[f->offset + m];
    f->bcoef[m]       = w * sums[f->offset + f->M + m];
  }
  ChunkPowers(f, c);
  for (PetscInt m = 0; m < f->M; m++) {
    if (f->what[m] == 0) continue; /* kept only for the order parameter */
    ModePhase(f, m, c->n);
    const PetscReal am = f->acoef[m], bm = f->bcoef[m];
    for (PetscInt i = 0; i < c->n; i++) f->g[i] = am * f->ci[i] - bm * f->cr[i];
    for (PetscInt a = 0; a < f->dim; a++) {
      PetscReal *restrict fa = F[a] + c->offset;
      const PetscReal     ka = f->k[a][m];
      if (ka == 0) continue;
      for (PetscInt i = 0; i < c->n; i++) fa[i] += ka * f->g[i];
    }
  }
  PetscFunctionReturn(0);
}

/* Order parameter r = |mu_hat(e_1)|: 0 for a uniform state, 1 when all particles coincide. */
static PetscErrorCode Diagnostic_FourierMF(MckDrift d, const PetscReal *sums, const char **name, PetscReal *value)
{
  const FourierMF *f = (const FourierMF *)d->data;

  PetscFunctionBeginUser;
  *name  = "order_parameter";
  *value = 0;
  if (sums && f->order_mode >= 0) {
    const PetscReal C = sums[f->offset + f->order_mode], S = sums[f->offset + f->M + f->order_mode];
    *value = PetscSqrtReal(C * C + S * S) / (PetscReal)d->N;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_FourierMF(MckDrift d, MckIO io, PetscBool check)
{
  const FourierMF *f = (const FourierMF *)d->data;

  PetscFunctionBeginUser;
  PetscCall(MckKernelConfig(&f->W, io, check));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_FourierMF(MckDrift d, PetscViewer viewer)
{
  const FourierMF *f = (const FourierMF *)d->data;

  PetscFunctionBeginUser;
  PetscCall(MckKernelView(&f->W, viewer));
  PetscCall(PetscViewerASCIIPrintf(viewer, ": %" PetscInt_FMT " active half-modes, %" PetscInt_FMT " statistics per step\n", f->M, 2 * f->M));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_FourierMF(MckDrift d)
{
  FourierMF *f = (FourierMF *)d->data;

  PetscFunctionBeginUser;
  PetscCall(PetscFree(f->modes));
  PetscCall(PetscFree(f->what));
  for (PetscInt a = 0; a < MCK_MAX_DIM; a++) {
    PetscCall(PetscFree(f->k[a]));
    PetscCall(PetscFree2(f->pre[a], f->pim[a]));
  }
  PetscCall(PetscFree4(f->u, f->cr, f->ci, f->g));
  PetscCall(PetscFree3(f->partial, f->acoef, f->bcoef));
  PetscCall(PetscFree(d->data));
  PetscFunctionReturn(0);
}

/*@C
  MckDriftFourierMeanFieldSetStrength - Changes the kernel strength J (-mf_strength) of a
  fourier_meanfield drift, before or after set-up (e.g. one value per ensemble member).

  Logically Collective

  Input Parameters:
+ d - the drift (`MckLangevinGetDrift(l, MCKDRIFT_FOURIER_MEANFIELD, &d)`)
- J - the strength, J != 0

  Level: intermediate

.seealso: `MckDriftFourierMeanFieldGetStrength()`, `MckLangevinGetDrift()`
@*/
PetscErrorCode MckDriftFourierMeanFieldSetStrength(MckDrift d, PetscReal J)
{
  FourierMF *f = (FourierMF *)d->data;
  PetscBool  same;

  PetscFunctionBeginUser;
  PetscCall(PetscStrcmp(d->name, "fourier_meanfield", &same));
  PetscCheck(same, d->comm, PETSC_ERR_ARG_WRONG, "drift %s is not fourier_meanfield", d->name);
  PetscCheck(J != 0, d->comm, PETSC_ERR_USER_INPUT, "kernel strength 0: a zero kernel would drop its modes; leave fourier_meanfield out of -lgv_drifts instead");
  f->W.strength = J;
  if (!f->modes) PetscFunctionReturn(0); /* not set up yet: EnumerateModes uses the new strength */
  for (PetscInt m = 0; m < f->M; m++) {
    PetscInt  n[MCK_MAX_DIM] = {0, 0, 0};
    PetscReal k[MCK_MAX_DIM] = {0, 0, 0};
    for (PetscInt a = 0; a < f->dim; a++) {
      n[a] = f->modes[m * f->dim + a];
      k[a] = f->k[a][m];
    }
    f->what[m] = MckKernelCoefficient(&f->W, n, k);
  }
  PetscFunctionReturn(0);
}

/*@C
  MckDriftFourierMeanFieldGetStrength - The kernel strength J of a fourier_meanfield drift.

  Not Collective

  Input Parameter:
. d - the drift

  Output Parameter:
. J - the strength

  Level: intermediate

.seealso: `MckDriftFourierMeanFieldSetStrength()`
@*/
PetscErrorCode MckDriftFourierMeanFieldGetStrength(MckDrift d, PetscReal *J)
{
  PetscBool same;

  PetscFunctionBeginUser;
  PetscCall(PetscStrcmp(d->name, "fourier_meanfield", &same));
  PetscCheck(same, d->comm, PETSC_ERR_ARG_WRONG, "drift %s is not fourier_meanfield", d->name);
  *J = ((FourierMF *)d->data)->W.strength;
  PetscFunctionReturn(0);
}

/*@C
  MckDriftFourierMeanFieldGetModes - the mode count of a fourier_meanfield drift

  Not Collective

  Input Parameter:
. d - the drift (from `MckLangevinGetDrift()`), set up (`MckLangevinSetUp()`)

  Output Parameters:
+ K - the largest mode index per dimension (`-mf_modes`)
- M - the active half-modes: n != 0 with first non-zero component positive, |n_a| <= K, and a
      non-zero kernel coefficient; the statistics are 2 M numbers

  Level: intermediate

.seealso: `MckDriftFourierMeanFieldGetStrength()`, `MckLangevinGetStats()`
@*/
PetscErrorCode MckDriftFourierMeanFieldGetModes(MckDrift d, PetscInt *K, PetscInt *M)
{
  PetscBool same;

  PetscFunctionBeginUser;
  PetscCall(PetscStrcmp(d->name, "fourier_meanfield", &same));
  PetscCheck(same, d->comm, PETSC_ERR_ARG_WRONG, "drift %s is not fourier_meanfield", d->name);
  PetscCheck(((FourierMF *)d->data)->modes, d->comm, PETSC_ERR_ORDER, "MckDriftFourierMeanFieldGetModes: the drift is not set up yet (MckLangevinSetUp)");
  if (K) *K = ((FourierMF *)d->data)->K;
  if (M) *M = ((FourierMF *)d->data)->M;
  PetscFunctionReturn(0);
}

PetscErrorCode MckDriftCreate_FourierMeanField(MckDrift d)
{
  FourierMF *f;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&f));
  PetscCall(MckKernelSetDefaults(&f->W));
  f->K                  = f->W.modes;
  d->data               = f;
  d->ops->setfromoptions = SetFromOptions_FourierMF;
  d->ops->setup          = SetUp_FourierMF;
  d->ops->accumulate     = Accumulate_FourierMF;
  d->ops->force          = Force_FourierMF;
  d->ops->diagnostic     = Diagnostic_FourierMF;
  d->ops->config         = Config_FourierMF;
  d->ops->view           = View_FourierMF;
  d->ops->destroy        = Destroy_FourierMF;
  PetscFunctionReturn(0);
}
