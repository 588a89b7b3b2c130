/* Keller-Segel chemotaxis: particles drift up the gradient of a chemical field c that they
 * produce themselves (Keller & Segel 1970, parabolic-elliptic form with screening):
 *
 *   (-Laplacian + kappa^2) c = rho - rho_bar,     F(x) = chi grad c(x),
 *
 * rho the particles' probability density on the periodic box Omega, rho_bar = 1/|Omega|.
 * Writing rho = sum_n rho^_n e^{i k_n.x} (k_n = 2 pi n / L), the solve is diagonal:
 * c^_n = rho^_n / (|k_n|^2 + kappa^2) for n != 0. With m_n = (a_n, b_n) the cosine and sine
 * moments of the density, a_n + i b_n = integral rho e^{i k.x} = |Omega| conj(rho^_n), and
 * pairing n with -n over the half set of modes (first non-zero index positive),
 *
 *   grad c(x) = sum_{half n, |n_a| <= K} g_n k_n (b_n cos(k_n.x) - a_n sin(k_n.x)),
 *   g_n = 2 / (|Omega| (|k_n|^2 + kappa^2)).
 *
 * What reaches the particles is the bounded summary (a_n, b_n), 2M numbers with
 * M = ((2K+1)^d - 1)/2, independent of N and of the grid. Two ways to obtain it
 * (-ks_summary):
 *   grid       the particles' density is deposited on an MckGrid (cloud-in-cell, exact integer
 *              counts, one reduce-scatter into each rank's slab: MckDeposit), and its low modes
 *              are projected out of each rank's slab (per-plane partial sums, one exact
 *              MckStats reduction). The modes of c are those of the spectral Helmholtz solve
 *              (MckGridSolveHelmholtz) restricted to |n_a| <= K: that operator is diagonal in
 *              k, so dividing the projected modes by |k|^2 + kappa^2 is the same solve, without
 *              the global FFT transposes, and without FFTW-MPI's rank-count-dependent rounding
 *              in the feedback loop (the summary is bitwise identical on any rank count).
 *   particles  the moments of the empirical measure, summed over the particles directly (one
 *              MckStats reduction): this is the Fourier mean-field interaction with kernel
 *              W^(k) = -chi / (|k|^2 + kappa^2), the independent method the grid path agrees
 *              with up to the cloud-in-cell filter, 1 - O((k h)^2).
 * Options: -ks_chi, -ks_kappa, -ks_modes K, -ks_summary, and the grid's -grid_n (the grid's box
 * is the particles' box; -grid_dim and -grid_L must agree with them). */
#include <mckean/mckdriftimpl.h>
#include <mckean/mckdeposit.h>
#include <mckean/mckfourier.h>

typedef enum { KS_SUMMARY_GRID, KS_SUMMARY_PARTICLES } KSSummary;
static const char *const KSSummaries[] = {"grid", "particles", "KSSummary", "KS_SUMMARY_", NULL};

typedef struct {
  KSSummary               summary;
  PetscReal               chi, kappa;
  PetscInt                K, M, dim, B, offset, e1;
  PetscReal               L[MCK_MAX_DIM], volume;
  MckFourier              fourier; /* the half set of |n_a| <= K; the chunk's phases */
  const PetscInt         *modes;   /* M x dim mode indices n (the helper's) */
  const PetscReal *const *k;       /* k_n per axis (the helper's) */
  PetscReal              *gain;    /* chi g_n */
  PetscReal              *moments; /* a_n (0..M), b_n (M..2M): the summary */
  PetscReal              *u, *cr, *ci, *partial;
  /* grid path */
  MckGrid    grid;
  MckDeposit dep;
  Vec        rho;
  MckStats   proj;
  PetscInt64 N;
  PetscInt   gn[MCK_MAX_DIM];
  PetscReal *tc[MCK_MAX_DIM], *ts[MCK_MAX_DIM]; /* cos/sin(2 pi m i / n_a), [m][i] */
} Chemotaxis;

static PetscErrorCode SetFromOptions_Chemotaxis(MckDrift d)
{
  Chemotaxis *ks      = (Chemotaxis *)d->data;
  PetscInt    summary = (PetscInt)ks->summary;

  PetscFunctionBeginUser;
  PetscObjectOptionsBegin((PetscObject)d);
  MckOptionsCall(MckOptionsReal("-ks_chi", "Chemotactic sensitivity chi (F = chi grad c)", ks->chi, &ks->chi, NULL));
  MckOptionsCall(MckOptionsReal("-ks_kappa",
                                "Screening kappa of the chemical field, (-Laplacian + kappa^2) c = rho - rho_bar",
                                ks->kappa, &ks->kappa, NULL));
  MckOptionsCall(MckOptionsInt("-ks_modes",
                               "Largest mode index K per dimension of grad c passed to the particles (|n_a| <= K)",
                               ks->K, &ks->K, NULL));
  MckOptionsCall(MckOptionsChoice(
      "-ks_summary",
      "How the density's low modes are obtained: grid (deposit, reduce-scatter, project) or particles (direct Fourier moments)",
      KSSummaries, 2, summary, &summary, NULL));
  PetscOptionsEnd();
  ks->summary = (KSSummary)summary;
  PetscCall(McKeanCheckNonNegative(d->comm, "-ks_kappa", ks->kappa));
  PetscCheck(ks->K >= 1 && ks->K <= 64, d->comm, PETSC_ERR_USER_INPUT, "-ks_modes %" PetscInt_FMT ": allowed 1 to 64",
             ks->K);
  PetscFunctionReturn(0);
}

/* The half set of modes, |n_a| <= K, first non-zero index positive (mckfourier.h), the gain
 * of each, and e1 = (1, 0, 0). */
static PetscErrorCode SetUpModes(Chemotaxis *ks)
{
  PetscInt unit[MCK_MAX_DIM] = {1, 0, 0};

  PetscFunctionBeginUser;
  PetscCall(MckFourierCreate(ks->dim, ks->L, ks->K, ks->B, &ks->fourier));
  PetscCall(MckFourierGetModes(ks->fourier, &ks->M, &ks->modes, &ks->k));
  PetscCall(MckFourierFindMode(ks->fourier, unit, &ks->e1));
  PetscCall(PetscMalloc1(ks->M, &ks->gain));
  for (PetscInt m = 0; m < ks->M; m++) {
    PetscReal k2 = 0;
    for (PetscInt a = 0; a < ks->dim; a++) k2 += ks->k[a][m] * ks->k[a][m];
    ks->gain[m] = ks->chi * 2 / (ks->volume * (k2 + ks->kappa * ks->kappa));
  }
  PetscFunctionReturn(0);
}

/* tc/ts[a][m n_a + i] = cos/sin(2 pi m i / n_a): the phases of the grid points, once. */
static PetscErrorCode GridPhaseTables(Chemotaxis *ks)
{
  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < ks->dim; a++) {
    const PetscInt n = ks->gn[a], len = (ks->K + 1) * n;
    PetscCall(PetscMalloc2(len, &ks->tc[a], len, &ks->ts[a]));
    for (PetscInt m = 0; m <= ks->K; m++)
      for (PetscInt i = 0; i < n; i++) ks->tc[a][m * n + i] = (PetscReal)((m * i) % n) / n; /* exact reduction */
    MckSinCos2Pi(len, ks->tc[a], ks->ts[a], ks->tc[a]);
  }
  PetscFunctionReturn(0);
}

/* The grid the density is deposited on: the particles' box and dimension, 64 points per axis
 * unless -grid_n says otherwise. */
static PetscErrorCode SetUpGrid(MckDrift d, MckParticles p, Chemotaxis *ks)
{
  PetscFunctionBeginUser;
  PetscCall(MckParticlesCreateGrid(p, 64, ((PetscObject)d)->prefix, &ks->grid));
  PetscCall(MckGridGetSizes(ks->grid, NULL, ks->gn, NULL));
  for (PetscInt a = 0; a < ks->dim; a++)
    PetscCheck(2 * ks->K < ks->gn[a], d->comm, PETSC_ERR_USER_INPUT,
               "%s %" PetscInt_FMT " with %s %" PetscInt_FMT
               ": the grid resolves modes below n/2 only; allowed up to %" PetscInt_FMT,
               McKeanOptionName((PetscObject)d, "-ks_modes"), ks->K, McKeanOptionName((PetscObject)ks->grid, "-grid_n"),
               ks->gn[a], (ks->gn[a] - 1) / 2);
  PetscCall(MckGridSetUp(ks->grid));
  PetscCall(MckGridCreateVec(ks->grid, &ks->rho));
  PetscCall(MckDepositCreate(ks->grid, &ks->dep));
  PetscCall(MckDepositBegin(ks->dep));
  PetscCall(MckStatsCreate(d->comm, &ks->proj));
  PetscCall(MckStatsRegister(ks->proj, "chemotaxis.density_moments", 2 * ks->M, NULL));
  PetscCall(MckStatsSetUp(ks->proj));
  PetscCall(GridPhaseTables(ks));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_Chemotaxis(MckDrift d, MckParticles p, MckStats stats)
{
  Chemotaxis      *ks = (Chemotaxis *)d->data;
  PetscBool        periodic;
  const PetscReal *L;

  PetscFunctionBeginUser;
  PetscCall(MckParticlesGetBox(p, &periodic, &L));
  PetscCheck(periodic, d->comm, PETSC_ERR_USER_INPUT,
             "-lgv_drifts chemotaxis needs a periodic box: set -particles_box L");
  PetscCall(MckParticlesGetChunks(p, &ks->B, NULL));
  PetscCall(MckParticlesGetSizes(p, &ks->N, NULL, NULL, NULL));
  ks->dim    = d->dim;
  ks->volume = 1;
  for (PetscInt a = 0; a < ks->dim; a++) {
    ks->L[a] = L[a];
    ks->volume *= L[a];
  }
  PetscCall(SetUpModes(ks));
  PetscCall(PetscMalloc4(ks->B, &ks->u, ks->B, &ks->cr, ks->B, &ks->ci, 2 * ks->M, &ks->partial));
  PetscCall(PetscCalloc1(2 * ks->M, &ks->moments));
  if (ks->summary == KS_SUMMARY_PARTICLES)
    PetscCall(MckStatsRegister(stats, "chemotaxis.moments", 2 * ks->M, &ks->offset));
  else PetscCall(SetUpGrid(d, p, ks));
  PetscFunctionReturn(0);
}

static PetscErrorCode Accumulate_Chemotaxis(MckDrift d, const MckChunk *c, MckStats stats)
{
  Chemotaxis *ks = (Chemotaxis *)d->data;

  PetscFunctionBeginUser;
  if (ks->summary == KS_SUMMARY_GRID) {
    PetscCall(MckDepositAddChunk(ks->dep, c));
    PetscFunctionReturn(0);
  }
  PetscCall(MckDriftChunkFourierPoints(c, ks->fourier));
  for (PetscInt m = 0; m < ks->M; m++) {
    PetscReal sc = 0, ss = 0; /* sequential: a function of the chunk alone */
    PetscCall(MckFourierPhase(ks->fourier, ks->modes + m * ks->dim, ks->cr, ks->ci));
    for (PetscInt i = 0; i < c->n; i++) {
      sc += ks->cr[i];
      ss += ks->ci[i];
    }
    ks->partial[m]         = sc;
    ks->partial[ks->M + m] = ss;
  }
  PetscCall(MckStatsAdd(stats, ks->offset, 2 * ks->M, ks->partial));
  PetscFunctionReturn(0);
}

/* Add one row of the slab (fixed y, z indices j1, j2; n0 points rho[]) to the partial moments:
 * sum_i rho_i exp(i k.x_i) = exp(i (k_y y + k_z z)) sum_i rho_i exp(i k_x x_i). */
static void ProjectRow(Chemotaxis *ks, const PetscScalar *rho, PetscInt j1, PetscInt j2)
{
  const PetscInt n0 = ks->gn[0];

  for (PetscInt m = 0; m < ks->M; m++) {
    const PetscInt  *idx = ks->modes + m * ks->dim, j = PetscAbsInt(idx[0]);
    const PetscReal *tc = ks->tc[0] + j * n0, *ts = ks->ts[0] + j * n0, s0 = idx[0] < 0 ? -1 : 1;
    PetscReal        rc = 0, rs = 0, pr = 1, pi = 0;
    for (PetscInt i = 0; i < n0; i++) {
      rc += rho[i] * tc[i];
      rs += rho[i] * ts[i];
    }
    rs *= s0;
    for (PetscInt a = 1; a < ks->dim; a++) {
      const PetscInt  ja = PetscAbsInt(idx[a]), ia = (a == 1) ? j1 : j2, na = ks->gn[a];
      const PetscReal br = ks->tc[a][ja * na + ia], bi = (idx[a] < 0 ? -1 : 1) * ks->ts[a][ja * na + ia], qr = pr;
      pr = qr * br - pi * bi;
      pi = qr * bi + pi * br;
    }
    ks->partial[m] += rc * pr - rs * pi;
    ks->partial[ks->M + m] += rc * pi + rs * pr;
  }
}

/* The density's moments from this rank's slab: partial sums per plane of the slab axis (each
 * plane belongs to one rank whatever the rank count, and is summed in a fixed order), added
 * exactly; one reduction. In 1D a "plane" is one point. */
static PetscErrorCode ProjectDensity(Chemotaxis *ks)
{
  DM                 da;
  PetscInt           xs, ys, zs, xm, ym, zm, first, count;
  const PetscScalar *rho;
  const PetscReal   *sums;
  PetscReal          cell = 1;

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < ks->dim; a++) cell *= ks->L[a] / ks->gn[a];
  PetscCall(MckGridGetDM(ks->grid, &da));
  PetscCall(DMDAGetCorners(da, &xs, &ys, &zs, &xm, &ym, &zm));
  PetscCall(MckStatsZero(ks->proj));
  PetscCall(VecGetArrayRead(ks->rho, &rho));
  if (ks->dim == 1) {
    for (PetscInt i = 0; i < xm; i++) {
      for (PetscInt m = 0; m < ks->M; m++) {
        const PetscInt j       = ks->modes[m] * ks->gn[0] + xs + i; /* table row n (> 0 in 1D), point i */
        ks->partial[m]         = rho[i] * cell * ks->tc[0][j];
        ks->partial[ks->M + m] = rho[i] * cell * ks->ts[0][j];
      }
      PetscCall(MckStatsAdd(ks->proj, 0, 2 * ks->M, ks->partial));
    }
  } else {
    first = ks->dim == 2 ? ys : zs;
    count = ks->dim == 2 ? ym : zm;
    for (PetscInt p = 0; p < count; p++) {
      const PetscInt rows = ks->dim == 2 ? 1 : ym;
      PetscCall(PetscArrayzero(ks->partial, 2 * ks->M));
      for (PetscInt r = 0; r < rows; r++) {
        const PetscInt j1 = ks->dim == 2 ? first + p : ys + r, j2 = ks->dim == 2 ? 0 : first + p;
        ProjectRow(ks, rho + (p * rows + r) * xm, j1, j2);
      }
      for (PetscInt m = 0; m < 2 * ks->M; m++) ks->partial[m] *= cell;
      PetscCall(MckStatsAdd(ks->proj, 0, 2 * ks->M, ks->partial));
    }
  }
  PetscCall(VecRestoreArrayRead(ks->rho, &rho));
  PetscCall(MckStatsReduce(ks->proj));
  PetscCall(MckStatsGetSums(ks->proj, &sums));
  PetscCall(PetscArraycpy(ks->moments, sums, 2 * ks->M));
  PetscFunctionReturn(0);
}

static PetscErrorCode Combine_Chemotaxis(MckDrift d, const PetscReal *sums)
{
  Chemotaxis *ks = (Chemotaxis *)d->data;

  PetscFunctionBeginUser;
  if (ks->summary == KS_SUMMARY_PARTICLES) {
    for (PetscInt m = 0; m < 2 * ks->M; m++) ks->moments[m] = sums[ks->offset + m] / (PetscReal)ks->N;
    PetscFunctionReturn(0);
  }
  PetscCall(MckDepositEnd(ks->dep, ks->N, ks->rho));
  PetscCall(MckDepositBegin(ks->dep)); /* ready for the next step's accumulation */
  PetscCall(ProjectDensity(ks));
  PetscFunctionReturn(0);
}

static PetscErrorCode Force_Chemotaxis(MckDrift d, const MckChunk *c, const PetscReal *sums, PetscReal *const *F)
{
  Chemotaxis *ks = (Chemotaxis *)d->data;

  PetscFunctionBeginUser;
  (void)sums;
  PetscCall(MckDriftChunkFourierPoints(c, ks->fourier));
  for (PetscInt m = 0; m < ks->M; m++) {
    const PetscReal a = ks->gain[m] * ks->moments[m], b = ks->gain[m] * ks->moments[ks->M + m];
    PetscCall(MckFourierPhase(ks->fourier, ks->modes + m * ks->dim, ks->cr, ks->ci));
    for (PetscInt i = 0; i < c->n; i++) ks->u[i] = b * ks->cr[i] - a * ks->ci[i];
    for (PetscInt ax = 0; ax < ks->dim; ax++) {
      PetscReal *restrict fa = F[ax] + c->offset;
      const PetscReal ka     = ks->k[ax][m];
      if (ka == 0) continue;
      for (PetscInt i = 0; i < c->n; i++) fa[i] += ka * ks->u[i];
    }
  }
  PetscFunctionReturn(0);
}

/* Order parameter |integral rho e^{i k_1 x}|: 0 for the uniform state, 1 for a point mass. */
static PetscErrorCode Diagnostic_Chemotaxis(MckDrift d, const PetscReal *sums, const char **name, PetscReal *value)
{
  const Chemotaxis *ks = (const Chemotaxis *)d->data;

  PetscFunctionBeginUser;
  (void)sums;
  *name  = "order_parameter";
  *value = ks->moments ? PetscSqrtReal(ks->moments[ks->e1] * ks->moments[ks->e1] +
                                       ks->moments[ks->M + ks->e1] * ks->moments[ks->M + ks->e1])
                       : 0;
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_Chemotaxis(MckDrift d, MckIO io, PetscBool check)
{
  const Chemotaxis *ks = (const Chemotaxis *)d->data;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(io, check, "-ks_chi", 1, &ks->chi));
  PetscCall(MckIOConfigReals(io, check, "-ks_kappa", 1, &ks->kappa));
  PetscCall(MckIOConfigInt(io, check, "-ks_modes", ks->K));
  PetscCall(MckIOConfigString(io, check, "-ks_summary", KSSummaries[ks->summary]));
  if (ks->grid) {
    PetscReal n[MCK_MAX_DIM];
    for (PetscInt a = 0; a < ks->dim; a++) n[a] = (PetscReal)ks->gn[a];
    PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)ks->grid, "-grid_n"), ks->dim, n));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Chemotaxis(MckDrift d, PetscViewer viewer)
{
  const Chemotaxis *ks    = (const Chemotaxis *)d->data;
  PetscInt64        bytes = 0;

  PetscFunctionBeginUser;
  if (ks->dep) PetscCall(MckDepositGetMessageBytes(ks->dep, &bytes));
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "chi %g, kappa %g, K = %" PetscInt_FMT ": %" PetscInt_FMT
                                   " half-modes of grad c; summary from the %s (%" PetscInt64_FMT
                                   " bytes reduce-scattered, %" PetscInt_FMT " exact moments reduced per step)\n",
                                   (double)ks->chi, (double)ks->kappa, ks->K, ks->M, KSSummaries[ks->summary], bytes,
                                   2 * ks->M));
  if (ks->grid) PetscCall(MckGridView(ks->grid, viewer));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Chemotaxis(MckDrift d)
{
  Chemotaxis *ks = (Chemotaxis *)d->data;

  PetscFunctionBeginUser;
  PetscCall(MckFourierDestroy(&ks->fourier));
  PetscCall(PetscFree(ks->gain));
  for (PetscInt a = 0; a < MCK_MAX_DIM; a++) PetscCall(PetscFree2(ks->tc[a], ks->ts[a]));
  PetscCall(PetscFree4(ks->u, ks->cr, ks->ci, ks->partial));
  PetscCall(PetscFree(ks->moments));
  PetscCall(MckStatsDestroy(&ks->proj));
  PetscCall(MckDepositDestroy(&ks->dep));
  PetscCall(VecDestroy(&ks->rho));
  PetscCall(MckGridDestroy(&ks->grid));
  PetscCall(PetscFree(d->data));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDriftCreate_Chemotaxis(MckDrift d)
{
  Chemotaxis *ks;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&ks));
  ks->summary            = KS_SUMMARY_GRID;
  ks->chi                = 1.0;
  ks->kappa              = 1.0;
  ks->K                  = 4;
  d->data                = ks;
  d->ops->setfromoptions = SetFromOptions_Chemotaxis;
  d->ops->setup          = SetUp_Chemotaxis;
  d->ops->accumulate     = Accumulate_Chemotaxis;
  d->ops->combine        = Combine_Chemotaxis;
  d->ops->force          = Force_Chemotaxis;
  d->ops->diagnostic     = Diagnostic_Chemotaxis;
  d->ops->config         = Config_Chemotaxis;
  d->ops->view           = View_Chemotaxis;
  d->ops->destroy        = Destroy_Chemotaxis;
  PetscFunctionReturn(0);
}
