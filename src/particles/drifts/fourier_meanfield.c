/* Mean-field interaction on a periodic box through Fourier moments of the empirical measure.
 *
 * W(x) = sum_n What_n exp(i k_n . x), k_n = 2 pi n / L, |n_a| <= K, What even and real.
 * Summary statistic: C_n = sum_j cos(k_n . x_j), S_n = sum_j sin(k_n . x_j) over the half set
 * of modes (first non-zero component of n positive), 2M numbers independent of N, so that
 * mu_hat(n) = (C_n - i S_n) / N and, pairing n with -n,
 *   F(x) = -grad (W * mu)(x) = sum_{half n} (2 What_n / N) k_n (C_n sin(k_n.x) - S_n cos(k_n.x)).
 * exp(i k_n . x) of a chunk's particles comes from the Fourier-mode helper (mckfourier.h: one
 * sincos per particle and dimension, powers by recurrence); chunk sums use fixed lanes so that
 * they are a function of the chunk alone (reproducible for any rank count). */
#include <mckean/mckdriftimpl.h>
#include <mckean/mckfourier.h>
#include <mckean/mckkernel.h>

#define LANES 8

typedef struct {
  MckKernel               W; /* the shared kernel definition (-mf_* options, mckkernel.h) */
  PetscInt                K, M, dim, offset, order_mode;
  PetscReal               L[MCK_MAX_DIM];
  MckFourier              fourier; /* the half set of |n_a| <= K and the chunk's phases */
  const PetscInt         *n;       /* the half set's indices (the helper's) */
  const PetscReal *const *k;       /* and wave vectors, k[a][h] */
  PetscInt               *half;    /* the M active modes' places in the half set */
  PetscReal              *what;    /* What_n per active mode */
  PetscReal              *cr, *ci, *g, *partial, *acoef, *bcoef;
} FourierMF;

static PetscErrorCode SetFromOptions_FourierMF(MckDrift d)
{
  FourierMF *f = (FourierMF *)d->data;

  PetscFunctionBeginUser;
  PetscCall(MckKernelSetFromOptions(d->comm, ((PetscObject)d)->prefix, &f->W));
  f->K = f->W.modes;
  PetscFunctionReturn(0);
}

/* The active modes: those of the half set (n != 0, first non-zero component positive) whose
 * coefficient does not vanish, which would cost work and contribute nothing, and e_1 for the
 * order parameter. */
static PetscErrorCode SelectModes(FourierMF *f)
{
  PetscInt total, e1, m = 0, unit[MCK_MAX_DIM] = {1, 0, 0};

  PetscFunctionBeginUser;
  PetscCall(MckFourierGetModes(f->fourier, &total, &f->n, &f->k));
  PetscCall(MckFourierFindMode(f->fourier, unit, &e1));
  PetscCall(PetscMalloc2(total, &f->half, total, &f->what));
  f->order_mode = -1;
  for (PetscInt h = 0; h < total; h++) {
    PetscReal k[MCK_MAX_DIM] = {0, 0, 0};
    for (PetscInt a = 0; a < f->dim; a++) k[a] = f->k[a][h];
    const PetscReal w = MckKernelCoefficient(&f->W, f->n + h * f->dim, k);
    if (w == 0 && h != e1) continue;
    if (h == e1) f->order_mode = m;
    f->half[m]   = h;
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
  PetscInt         B;

  PetscFunctionBeginUser;
  PetscCall(MckParticlesGetBox(p, &periodic, &L));
  PetscCheck(periodic, d->comm, PETSC_ERR_USER_INPUT,
             "-lgv_drifts fourier_meanfield needs a periodic box: set -particles_box L");
  PetscCall(MckParticlesGetChunks(p, &B, NULL));
  f->dim = d->dim;
  for (PetscInt a = 0; a < f->dim; a++) f->L[a] = L[a];
  PetscCall(MckKernelSetBox(&f->W, f->dim, f->L));
  PetscCall(MckFourierCreate(f->dim, f->L, f->K, B, &f->fourier));
  PetscCall(SelectModes(f));
  PetscCall(PetscMalloc3(B, &f->cr, B, &f->ci, B, &f->g));
  PetscCall(PetscMalloc3(2 * f->M, &f->partial, f->M, &f->acoef, f->M, &f->bcoef));
  PetscCall(MckStatsRegister(stats, "fourier_meanfield.cos_sin_moments", 2 * f->M, &f->offset));
  PetscFunctionReturn(0);
}

/* cr + i ci = exp(i k_n . x) of active mode m for the chunk's particles. */
static inline PetscErrorCode ModePhase(FourierMF *f, PetscInt m)
{
  return MckFourierPhase(f->fourier, f->n + f->half[m] * f->dim, f->cr, f->ci);
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
  PetscCall(MckDriftChunkFourierPoints(c, f->fourier));
  for (PetscInt m = 0; m < f->M; m++) {
    PetscCall(ModePhase(f, m));
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
  PetscCall(MckDriftChunkFourierPoints(c, f->fourier));
  for (PetscInt m = 0; m < f->M; m++) {
    if (f->what[m] == 0) continue; /* kept only for the order parameter */
    PetscCall(ModePhase(f, m));
    const PetscReal am = f->acoef[m], bm = f->bcoef[m];
    for (PetscInt i = 0; i < c->n; i++) f->g[i] = am * f->ci[i] - bm * f->cr[i];
    for (PetscInt a = 0; a < f->dim; a++) {
      PetscReal *restrict fa = F[a] + c->offset;
      const PetscReal ka     = f->k[a][f->half[m]];
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
  PetscCall(PetscViewerASCIIUseTabs(viewer, PETSC_FALSE)); /* the rest of the kernel's line */
  PetscCall(PetscViewerASCIIPrintf(
      viewer, ": %" PetscInt_FMT " active half-modes, %" PetscInt_FMT " statistics per step\n", f->M, 2 * f->M));
  PetscCall(PetscViewerASCIIUseTabs(viewer, PETSC_TRUE));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_FourierMF(MckDrift d)
{
  FourierMF *f = (FourierMF *)d->data;

  PetscFunctionBeginUser;
  PetscCall(MckFourierDestroy(&f->fourier));
  PetscCall(PetscFree2(f->half, f->what));
  PetscCall(PetscFree3(f->cr, f->ci, f->g));
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
  PetscCheck(
      J != 0, d->comm, PETSC_ERR_USER_INPUT,
      "kernel strength 0: a zero kernel would drop its modes; leave fourier_meanfield out of -lgv_drifts instead");
  f->W.strength = J;
  if (!f->fourier) PetscFunctionReturn(0); /* not set up yet: SelectModes uses the new strength */
  for (PetscInt m = 0; m < f->M; m++) {
    const PetscInt h              = f->half[m];
    PetscReal      k[MCK_MAX_DIM] = {0, 0, 0};
    for (PetscInt a = 0; a < f->dim; a++) k[a] = f->k[a][h];
    f->what[m] = MckKernelCoefficient(&f->W, f->n + h * f->dim, k);
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
  PetscCheck(((FourierMF *)d->data)->half, d->comm, PETSC_ERR_ORDER,
             "MckDriftFourierMeanFieldGetModes: the drift is not set up yet (MckLangevinSetUp)");
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
  f->K                   = f->W.modes;
  d->data                = f;
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
