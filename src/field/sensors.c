/* MckSensors: Gaussian-smoothed density at sensor points from Fourier moments (mcksensors.h). */
#include <mckean/mcksensors.h>
#include <mckean/mckfourier.h>
#include <mckean/mckstats.h>

#define SENSORS_BLOCK 256 /* points per block of the phase tables */

struct _p_MckSensors {
  MPI_Comm   comm;
  PetscInt   dim, K, M;           /* M: the zero mode (mode 0), then the half set (modes 1..M-1) */
  PetscInt   per_axis[MCK_GRID_MAX_DIM], nsensors;
  PetscReal  L[MCK_GRID_MAX_DIM], width;
  MckFourier fourier;             /* the half set and the phases of a block of points */
  const PetscInt *modes;          /* (M - 1) x dim indices of the half set (the helper's) */
  PetscReal *damping;             /* exp(-l^2 |k|^2 / 2) per mode */
  PetscReal *points;              /* nsensors x dim */
  PetscReal *basis_cos, *basis_sin; /* nsensors x M: cos, sin(k_n . x_s) */
  PetscReal *cr, *ci, *partial;   /* a block's phases of one mode; 2M partial sums (cos, sin) */
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
static PetscErrorCode SetUpModes(MckSensors s)
{
  PetscInt          half;
  const PetscReal *const *k;

  PetscFunctionBeginUser;
  PetscCall(MckFourierCreate(s->dim, s->L, s->K, SENSORS_BLOCK, &s->fourier));
  PetscCall(MckFourierGetModes(s->fourier, &half, &s->modes, &k));
  s->M = half + 1;
  PetscCall(PetscMalloc1(s->M, &s->damping));
  s->damping[0] = 1;
  for (PetscInt m = 1; m < s->M; m++) {
    PetscReal k2 = 0;
    for (PetscInt a = 0; a < s->dim; a++) k2 += k[a][m - 1] * k[a][m - 1];
    s->damping[m] = PetscExpReal(-0.5 * s->width * s->width * k2);
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
      for (PetscInt a = 0; a < s->dim && m > 0; a++) phase += 2 * PETSC_PI * s->modes[(m - 1) * s->dim + a] * s->points[q * s->dim + a] / s->L[a];
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
  PetscCall(SetUpModes(s));
  PetscCall(PlaceSensors(s));
  PetscCall(PetscMalloc3(SENSORS_BLOCK, &s->cr, SENSORS_BLOCK, &s->ci, 2 * s->M, &s->partial));
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

/* Per block of points: the zero mode's sums (cos 0 = 1, sin 0 = 0), then each mode of the half
 * set from its phases at the block's points, summed in the points' order. */
PetscErrorCode MckSensorsAddPoints(MckSensors s, PetscInt n, const PetscReal *const x[], const PetscReal w[], PetscReal wconst)
{
  PetscFunctionBeginUser;
  for (PetscInt j = 0; j < 2 * s->M; j++) s->partial[j] = 0;
  for (PetscInt first = 0; first < n; first += SENSORS_BLOCK) {
    const PetscInt   nb = PetscMin(SENSORS_BLOCK, n - first);
    const PetscReal *xb[MCK_GRID_MAX_DIM];
    PetscReal        sw = 0;

    for (PetscInt a = 0; a < s->dim; a++) xb[a] = x[a] + first;
    PetscCall(MckFourierSetPoints(s->fourier, nb, xb));
    for (PetscInt i = 0; i < nb; i++) sw += w ? w[first + i] : wconst;
    s->partial[0] += sw;
    for (PetscInt m = 1; m < s->M; m++) {
      PetscReal sc = 0, ss = 0;
      PetscCall(MckFourierPhase(s->fourier, s->modes + (m - 1) * s->dim, s->cr, s->ci));
      for (PetscInt i = 0; i < nb; i++) {
        const PetscReal wi = w ? w[first + i] : wconst;
        sc += wi * s->cr[i];
        ss += wi * s->ci[i];
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
  PetscCall(MckFourierDestroy(&(*s)->fourier));
  PetscCall(PetscFree((*s)->damping));
  PetscCall(PetscFree3((*s)->points, (*s)->basis_cos, (*s)->basis_sin));
  PetscCall(PetscFree3((*s)->cr, (*s)->ci, (*s)->partial));
  PetscCall(MckStatsDestroy(&(*s)->stats));
  PetscCall(PetscFree(*s));
  PetscFunctionReturn(0);
}
