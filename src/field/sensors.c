/* MckSensors: Gaussian-smoothed density at sensor points from Fourier moments (mcksensors.h). */
#include <mckean/mcksensors.h>
#include <mckean/mckrng.h>
#include <mckean/mckstats.h>

#define SENSORS_BLOCK 256 /* points per block of the power tables */

struct _p_MckSensors {
  MPI_Comm   comm;
  PetscInt   dim, K, M;           /* M: modes of the half set plus the zero mode (mode 0) */
  PetscInt   per_axis[MCK_GRID_MAX_DIM], nsensors;
  PetscReal  L[MCK_GRID_MAX_DIM], width;
  PetscInt  *modes;               /* M x dim mode indices */
  PetscReal *damping;             /* exp(-l^2 |k|^2 / 2) per mode */
  PetscReal *points;              /* nsensors x dim */
  PetscReal *basis_cos, *basis_sin; /* nsensors x M: cos, sin(k_n . x_s) */
  PetscReal *pre[MCK_GRID_MAX_DIM], *pim[MCK_GRID_MAX_DIM]; /* powers [m][i], m = 0..K */
  PetscReal *u, *partial;         /* block scratch; 2M partial sums (cos, sin) */
  PetscInt   offset;
  MckStats   stats;
  PetscBool  setup;
};

PetscErrorCode MckSensorsCreate(MPI_Comm comm, MckSensors *s)
{
  PetscFunctionBeginUser;
  PetscCall(PetscNew(s));
  (*s)->comm  = comm;
  (*s)->dim   = 1;
  (*s)->K     = 4;
  (*s)->width = 0.5;
  for (PetscInt a = 0; a < MCK_GRID_MAX_DIM; a++) {
    (*s)->per_axis[a] = 4;
    (*s)->L[a]        = 1;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckSensorsSetBox(MckSensors s, PetscInt dim, const PetscReal L[])
{
  PetscFunctionBeginUser;
  PetscCheck(dim >= 1 && dim <= MCK_GRID_MAX_DIM, s->comm, PETSC_ERR_ARG_OUTOFRANGE, "dimension %" PetscInt_FMT ": allowed 1 to %d", dim, MCK_GRID_MAX_DIM);
  s->dim = dim;
  for (PetscInt a = 0; a < dim; a++) s->L[a] = L[a];
  PetscFunctionReturn(0);
}

PetscErrorCode MckSensorsSetFromOptions(MckSensors s)
{
  PetscInt  n[MCK_GRID_MAX_DIM] = {s->per_axis[0], s->per_axis[1], s->per_axis[2]}, nn = MCK_GRID_MAX_DIM;
  PetscBool set;

  PetscFunctionBeginUser;
  PetscOptionsBegin(s->comm, NULL, "Density sensors", NULL);
  PetscCall(MckOptionsIntArray("-sensors_n", "Sensors per axis (one value or one per axis), on a regular lattice", n, &nn, &set));
  PetscCall(MckOptionsReal("-sensors_width", "Width l of the Gaussian smoothing of the observed density", s->width, &s->width, NULL));
  PetscCall(MckOptionsInt("-sensors_modes", "Largest Fourier mode index K per axis of the smoothed density", s->K, &s->K, NULL));
  PetscOptionsEnd();
  if (set) {
    PetscCheck(nn == 1 || nn == s->dim, s->comm, PETSC_ERR_USER_INPUT, "-sensors_n: give 1 value or %" PetscInt_FMT " (one per axis), not %" PetscInt_FMT, s->dim, nn);
    for (PetscInt a = 0; a < s->dim; a++) s->per_axis[a] = n[nn == 1 ? 0 : a];
  }
  for (PetscInt a = 0; a < s->dim; a++) PetscCheck(s->per_axis[a] >= 1 && s->per_axis[a] <= 1024, s->comm, PETSC_ERR_USER_INPUT, "-sensors_n %" PetscInt_FMT ": allowed 1 to 1024 per axis", s->per_axis[a]);
  PetscCall(McKeanCheckPositive(s->comm, "-sensors_width", s->width));
  PetscCheck(s->K >= 1 && s->K <= 32, s->comm, PETSC_ERR_USER_INPUT, "-sensors_modes %" PetscInt_FMT ": allowed 1 to 32", s->K);
  PetscFunctionReturn(0);
}

/* The zero mode, then the half set (first non-zero index positive) of |n_a| <= K. */
static PetscErrorCode EnumerateModes(MckSensors s)
{
  const PetscInt side = 2 * s->K + 1;
  PetscInt       total = 1, m = 1;

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < s->dim; a++) total *= side;
  s->M = (total + 1) / 2;
  PetscCall(PetscCalloc2(s->M * s->dim, &s->modes, s->M, &s->damping));
  s->damping[0] = 1;
  for (PetscInt idx = 0; idx < total; idx++) {
    PetscInt  n[MCK_GRID_MAX_DIM], rest = idx, first = 0;
    PetscReal k2 = 0;
    for (PetscInt a = s->dim - 1; a >= 0; a--) {
      n[a] = rest % side - s->K;
      rest /= side;
    }
    for (PetscInt a = 0; a < s->dim && !first; a++) first = n[a];
    if (first <= 0) continue;
    for (PetscInt a = 0; a < s->dim; a++) {
      const PetscReal k = 2 * PETSC_PI * n[a] / s->L[a];
      s->modes[m * s->dim + a] = n[a];
      k2 += k * k;
    }
    s->damping[m++] = PetscExpReal(-0.5 * s->width * s->width * k2);
  }
  PetscFunctionReturn(0);
}

/* A smoothing too wide for the box would be all truncation error: refuse it by the size of the
 * first dropped mode along the longest axis. */
static PetscErrorCode CheckTruncation(MckSensors s)
{
  PetscReal Lmax = 0;

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < s->dim; a++) Lmax = PetscMax(Lmax, s->L[a]);
  const PetscReal k = 2 * PETSC_PI * (s->K + 1) / Lmax, dropped = PetscExpReal(-0.5 * s->width * s->width * k * k);
  PetscCheck(dropped <= 1e-3, s->comm, PETSC_ERR_USER_INPUT, "-sensors_modes %" PetscInt_FMT " with -sensors_width %g: the first dropped mode keeps a fraction %.2g of its amplitude; allowed at most 1e-3 (raise -sensors_modes or -sensors_width)", s->K, (double)s->width, (double)dropped);
  PetscFunctionReturn(0);
}

static PetscErrorCode PlaceSensors(MckSensors s)
{
  PetscFunctionBeginUser;
  s->nsensors = 1;
  for (PetscInt a = 0; a < s->dim; a++) s->nsensors *= s->per_axis[a];
  PetscCall(PetscMalloc3(s->nsensors * s->dim, &s->points, s->nsensors * s->M, &s->basis_cos, s->nsensors * s->M, &s->basis_sin));
  for (PetscInt q = 0; q < s->nsensors; q++) {
    PetscInt rest = q;
    for (PetscInt a = 0; a < s->dim; a++) {
      s->points[q * s->dim + a] = (rest % s->per_axis[a] + 0.5) * s->L[a] / s->per_axis[a];
      rest /= s->per_axis[a];
    }
    for (PetscInt m = 0; m < s->M; m++) {
      PetscReal phase = 0;
      for (PetscInt a = 0; a < s->dim; a++) phase += 2 * PETSC_PI * s->modes[m * s->dim + a] * s->points[q * s->dim + a] / s->L[a];
      s->basis_cos[q * s->M + m] = PetscCosReal(phase);
      s->basis_sin[q * s->M + m] = PetscSinReal(phase);
    }
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckSensorsSetUp(MckSensors s)
{
  PetscFunctionBeginUser;
  if (s->setup) PetscFunctionReturn(0);
  PetscCall(CheckTruncation(s));
  PetscCall(EnumerateModes(s));
  PetscCall(PlaceSensors(s));
  for (PetscInt a = 0; a < s->dim; a++) PetscCall(PetscMalloc2((s->K + 1) * SENSORS_BLOCK, &s->pre[a], (s->K + 1) * SENSORS_BLOCK, &s->pim[a]));
  PetscCall(PetscMalloc2(SENSORS_BLOCK, &s->u, 2 * s->M, &s->partial));
  PetscCall(MckStatsCreate(s->comm, &s->stats));
  PetscCall(MckStatsRegister(s->stats, "sensors.cos_sin_moments", 2 * s->M, &s->offset));
  PetscCall(MckStatsSetUp(s->stats));
  s->setup = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode MckSensorsGetPoints(MckSensors s, PetscInt *nsensors, PetscInt *dim, const PetscReal **x)
{
  PetscFunctionBeginUser;
  PetscCheck(s->setup, s->comm, PETSC_ERR_ORDER, "call MckSensorsSetUp() first");
  if (nsensors) *nsensors = s->nsensors;
  if (dim) *dim = s->dim;
  if (x) *x = s->points;
  PetscFunctionReturn(0);
}

PetscErrorCode MckSensorsBegin(MckSensors s)
{
  PetscFunctionBeginUser;
  PetscCheck(s->setup, s->comm, PETSC_ERR_ORDER, "call MckSensorsSetUp() first");
  PetscCall(MckStatsZero(s->stats));
  PetscFunctionReturn(0);
}

/* exp(i m 2 pi x_a / L_a) for m = 0..K and the n <= SENSORS_BLOCK points of one block. */
static void BlockPowers(MckSensors s, PetscInt n, const PetscReal *const x[], PetscInt first)
{
  for (PetscInt a = 0; a < s->dim; a++) {
    PetscReal *restrict re = s->pre[a], *restrict im = s->pim[a];
    for (PetscInt i = 0; i < n; i++) s->u[i] = x[a][first + i] / s->L[a];
    MckSinCos2Pi(n, s->u, im + SENSORS_BLOCK, re + SENSORS_BLOCK);
    for (PetscInt i = 0; i < n; i++) {
      re[i] = 1;
      im[i] = 0;
    }
    for (PetscInt m = 2; m <= s->K; m++)
      for (PetscInt i = 0; i < n; i++) {
        const PetscReal pr = re[(m - 1) * SENSORS_BLOCK + i], pi = im[(m - 1) * SENSORS_BLOCK + i];
        const PetscReal qr = re[SENSORS_BLOCK + i], qi = im[SENSORS_BLOCK + i];
        re[m * SENSORS_BLOCK + i] = pr * qr - pi * qi;
        im[m * SENSORS_BLOCK + i] = pr * qi + pi * qr;
      }
  }
}

/* exp(i n . theta_i) of point i for mode index n, from the per-axis power tables. */
static inline void ModePhase(const MckSensors s, const PetscInt n[], PetscInt i, PetscReal *c, PetscReal *sn)
{
  PetscReal re = 1, im = 0;

  for (PetscInt a = 0; a < s->dim; a++) {
    const PetscInt  m  = PetscAbsInt(n[a]);
    const PetscReal pr = s->pre[a][m * SENSORS_BLOCK + i], pi = (n[a] < 0 ? -1 : 1) * s->pim[a][m * SENSORS_BLOCK + i];
    const PetscReal r  = re * pr - im * pi;
    im                 = re * pi + im * pr;
    re                 = r;
  }
  *c  = re;
  *sn = im;
}

PetscErrorCode MckSensorsAddPoints(MckSensors s, PetscInt n, const PetscReal *const x[], const PetscReal w[], PetscReal wconst)
{
  PetscFunctionBeginUser;
  for (PetscInt j = 0; j < 2 * s->M; j++) s->partial[j] = 0;
  for (PetscInt first = 0; first < n; first += SENSORS_BLOCK) {
    const PetscInt nb = PetscMin(SENSORS_BLOCK, n - first);
    BlockPowers(s, nb, x, first);
    for (PetscInt m = 0; m < s->M; m++) {
      const PetscInt *mode = s->modes + m * s->dim;
      PetscReal       sc = 0, ss = 0;
      for (PetscInt i = 0; i < nb; i++) {
        const PetscReal wi = w ? w[first + i] : wconst;
        PetscReal       c, sn;
        ModePhase(s, mode, i, &c, &sn);
        sc += wi * c;
        ss += wi * sn;
      }
      s->partial[2 * m] += sc;
      s->partial[2 * m + 1] += ss;
    }
  }
  PetscCall(MckStatsAdd(s->stats, s->offset, 2 * s->M, s->partial));
  PetscFunctionReturn(0);
}

/* rho_l(x) = (1/|box|) [C_0 + 2 sum_half damping_n (C_n cos(k.x) + S_n sin(k.x))] with
 * mu^(n) = C_n - i S_n. */
PetscErrorCode MckSensorsEnd(MckSensors s, PetscReal values[])
{
  const PetscReal *sums;
  PetscReal        volume = 1;

  PetscFunctionBeginUser;
  PetscCall(MckStatsReduce(s->stats));
  PetscCall(MckStatsGetSums(s->stats, &sums));
  sums += s->offset;
  for (PetscInt a = 0; a < s->dim; a++) volume *= s->L[a];
  for (PetscInt q = 0; q < s->nsensors; q++) {
    const PetscReal *bc = s->basis_cos + q * s->M, *bs = s->basis_sin + q * s->M;
    PetscReal        v  = sums[0];
    for (PetscInt m = 1; m < s->M; m++) v += 2 * s->damping[m] * (sums[2 * m] * bc[m] + sums[2 * m + 1] * bs[m]);
    values[q] = v / volume;
  }
  PetscFunctionReturn(0);
}

/* Grid lines along x are the chunks: a line's partial sum depends only on its global index. */
PetscErrorCode MckSensorsMeasureGrid(MckSensors s, MckGrid g, Vec rho, PetscReal values[])
{
  DM               da;
  PetscInt         dim, n[MCK_GRID_MAX_DIM], xs, ys, zs, xm, ym, zm;
  PetscReal        L[MCK_GRID_MAX_DIM], cell = 1;
  const PetscReal *r;
  PetscReal       *coords[MCK_GRID_MAX_DIM], *weights;

  PetscFunctionBeginUser;
  PetscCall(MckGridGetDM(g, &da));
  PetscCall(MckGridGetSizes(g, &dim, n, L));
  PetscCheck(dim == s->dim, s->comm, PETSC_ERR_ARG_INCOMP, "grid of dimension %" PetscInt_FMT " for sensors of dimension %" PetscInt_FMT, dim, s->dim);
  for (PetscInt a = 0; a < dim; a++) cell *= L[a] / n[a];
  PetscCall(DMDAGetCorners(da, &xs, &ys, &zs, &xm, &ym, &zm));
  PetscCall(PetscMalloc1(xm, &weights));
  for (PetscInt a = 0; a < dim; a++) PetscCall(PetscMalloc1(xm, &coords[a]));
  PetscCall(VecGetArrayRead(rho, &r));
  PetscCall(MckSensorsBegin(s));
  for (PetscInt k = 0; k < (dim > 2 ? zm : 1); k++)
    for (PetscInt j = 0; j < (dim > 1 ? ym : 1); j++) {
      const PetscReal *line = r + (k * (dim > 1 ? ym : 1) + j) * xm;
      for (PetscInt i = 0; i < xm; i++) {
        coords[0][i] = (xs + i) * L[0] / n[0];
        if (dim > 1) coords[1][i] = (ys + j) * L[1] / n[1];
        if (dim > 2) coords[2][i] = (zs + k) * L[2] / n[2];
        weights[i] = cell * line[i];
      }
      PetscCall(MckSensorsAddPoints(s, xm, (const PetscReal *const *)coords, weights, 0));
    }
  PetscCall(VecRestoreArrayRead(rho, &r));
  PetscCall(MckSensorsEnd(s, values));
  PetscCall(PetscFree(weights));
  for (PetscInt a = 0; a < dim; a++) PetscCall(PetscFree(coords[a]));
  PetscFunctionReturn(0);
}

PetscErrorCode MckSensorsConfig(MckSensors s, MckIO io, PetscBool check)
{
  PetscReal width = s->width;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(io, check, "-sensors_width", 1, &width));
  PetscCall(MckIOConfigInt(io, check, "-sensors_modes", s->K));
  for (PetscInt a = 0; a < s->dim; a++) PetscCall(MckIOConfigInt(io, check, a == 0 ? "-sensors_n[0]" : a == 1 ? "-sensors_n[1]" : "-sensors_n[2]", s->per_axis[a]));
  PetscFunctionReturn(0);
}

PetscErrorCode MckSensorsView(MckSensors s, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(viewer, "MckSensors: %" PetscInt_FMT " sensors, smoothing width %g, modes |n| <= %" PetscInt_FMT " (%" PetscInt_FMT " moments)\n", s->nsensors, (double)s->width, s->K, s->M));
  PetscFunctionReturn(0);
}

PetscErrorCode MckSensorsDestroy(MckSensors *s)
{
  PetscFunctionBeginUser;
  if (!*s) PetscFunctionReturn(0);
  PetscCall(PetscFree2((*s)->modes, (*s)->damping));
  PetscCall(PetscFree3((*s)->points, (*s)->basis_cos, (*s)->basis_sin));
  for (PetscInt a = 0; a < (*s)->dim && (*s)->setup; a++) PetscCall(PetscFree2((*s)->pre[a], (*s)->pim[a]));
  PetscCall(PetscFree2((*s)->u, (*s)->partial));
  PetscCall(MckStatsDestroy(&(*s)->stats));
  PetscCall(PetscFree(*s));
  PetscFunctionReturn(0);
}
