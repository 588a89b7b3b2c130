/* MckSensors: Gaussian-smoothed density at sensor points from Fourier moments (mcksensors.h). */
#include "fieldimpl.h"
#include <mckean/mcksensors.h>
#include <mckean/mckfourier.h>

#define SENSORS_BLOCK 256 /* points per block of the phase tables */

struct _p_MckSensors {
  PETSCHEADER(int);
  MPI_Comm        comm;
  PetscInt        dim, K, M; /* M: the zero mode (mode 0), then the half set (modes 1..M-1) */
  PetscInt        per_axis[MCK_GRID_MAX_DIM], nsensors;
  PetscReal       L[MCK_GRID_MAX_DIM], width;
  MckFourier      fourier;               /* the half set and the phases of a block of points */
  const PetscInt *modes;                 /* (M - 1) x dim indices of the half set (the helper's) */
  PetscReal      *damping;               /* exp(-l^2 |k|^2 / 2) per mode */
  PetscReal      *points;                /* nsensors x dim */
  PetscReal      *basis_cos, *basis_sin; /* nsensors x M: cos, sin(k_n . x_s) */
  PetscReal      *cr, *ci, *partial;     /* a block's phases of one mode; 2M partial sums (cos, sin) */
  PetscInt        offset;
  MckStats        stats;
  PetscBool       setup;
};

/*@C
  MckSensorsCreate - Creates density sensors: the Gaussian-smoothed density of a weighted point
  set at sensor points of a periodic box, from its Fourier moments.

  Collective

  Input Parameter:
. comm - the communicator of the ranks whose points are measured together

  Output Parameter:
. s - the sensors: 1D box of side 1, 4 sensors per axis, width 0.5, modes |n_a| <= 4, until set otherwise

  Level: intermediate

.seealso: `MckSensorsSetBox()`, `MckSensorsSetFromOptions()`, `MckSensorsSetUp()`, `MckSensorsDestroy()`
@*/
PetscErrorCode MckSensorsCreate(MPI_Comm comm, MckSensors *s)
{
  MckSensors x;

  PetscFunctionBeginUser;
  PetscValidPointer(s, 2);
  PetscCall(MckFieldInitializePackage());
  PetscCall(PetscHeaderCreate(x, MCK_SENSORS_CLASSID, "MckSensors", "Density sensors", "MckSensors", comm,
                              MckSensorsDestroy, MckSensorsView));
  x->comm  = PetscObjectComm((PetscObject)x);
  x->dim   = 1;
  x->K     = 4;
  x->width = 0.5;
  for (PetscInt a = 0; a < MCK_GRID_MAX_DIM; a++) {
    x->per_axis[a] = 4;
    x->L[a]        = 1;
  }
  *s = x;
  PetscFunctionReturn(0);
}

/*@C
  MckSensorsSetOptionsPrefix - Sets the prefix of the sensors' options (-<prefix>sensors_n ...).

  Logically Collective

  Input Parameters:
+ s      - the sensors
- prefix - the prefix, without the leading dash

  Level: intermediate

.seealso: `MckSensorsSetFromOptions()`
@*/
PetscErrorCode MckSensorsSetOptionsPrefix(MckSensors s, const char prefix[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(s, MCK_SENSORS_CLASSID, 1);
  PetscCall(PetscObjectSetOptionsPrefix((PetscObject)s, prefix));
  PetscFunctionReturn(0);
}

/*@C
  MckSensorsSetBox - Sets the periodic box the points and the sensors live in.

  Logically Collective

  Input Parameters:
+ s   - the sensors, not set up
. dim - the dimension, 1 to `MCK_GRID_MAX_DIM`
- L   - the box sides, dim values

  Level: intermediate

.seealso: `MckSensorsSetFromOptions()`
@*/
PetscErrorCode MckSensorsSetBox(MckSensors s, PetscInt dim, const PetscReal L[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(s, MCK_SENSORS_CLASSID, 1);
  PetscCheck(!s->setup, s->comm, PETSC_ERR_ORDER, "MckSensorsSetBox() after MckSensorsSetUp()");
  PetscCheck(dim >= 1 && dim <= MCK_GRID_MAX_DIM, s->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "dimension %" PetscInt_FMT ": allowed 1 to %d", dim, MCK_GRID_MAX_DIM);
  s->dim = dim;
  for (PetscInt a = 0; a < dim; a++) s->L[a] = L[a];
  PetscFunctionReturn(0);
}

/*@C
  MckSensorsSetFromOptions - Sets the sensors from the options database, under their prefix.

  Collective

  Input Parameter:
. s - the sensors, with their box set

  Options Database Keys:
+ -sensors_n <n or nx,ny,nz> - sensors per axis on a regular lattice (cell centres), 1 to 1024
. -sensors_width <l>         - width of the Gaussian smoothing, l > 0
. -sensors_modes <K>         - largest Fourier index per axis, 1 to 32
- -sensors_view              - view the sensors at set-up

  Level: intermediate

.seealso: `MckSensorsSetUp()`, `MckSensorsSetOptionsPrefix()`
@*/
PetscErrorCode MckSensorsSetFromOptions(MckSensors s)
{
  PetscInt    n[MCK_GRID_MAX_DIM] = {s->per_axis[0], s->per_axis[1], s->per_axis[2]}, nn = MCK_GRID_MAX_DIM;
  PetscBool   set;
  PetscObject obj = (PetscObject)s;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(s, MCK_SENSORS_CLASSID, 1);
  PetscObjectOptionsBegin(obj);
  MckOptionsCall(MckOptionsIntArray("-sensors_n", "Sensors per axis (one value or one per axis), on a regular lattice",
                                    n, &nn, &set));
  MckOptionsCall(MckOptionsReal("-sensors_width", "Width l of the Gaussian smoothing of the observed density", s->width,
                                &s->width, NULL));
  MckOptionsCall(MckOptionsInt("-sensors_modes", "Largest Fourier mode index K per axis of the smoothed density", s->K,
                               &s->K, NULL));
  PetscOptionsEnd();
  if (set) {
    PetscCheck(nn == 1 || nn == s->dim, s->comm, PETSC_ERR_USER_INPUT,
               "%s: give 1 value or %" PetscInt_FMT " (one per axis), not %" PetscInt_FMT,
               McKeanOptionName(obj, "-sensors_n"), s->dim, nn);
    for (PetscInt a = 0; a < s->dim; a++) s->per_axis[a] = n[nn == 1 ? 0 : a];
  }
  for (PetscInt a = 0; a < s->dim; a++)
    PetscCheck(s->per_axis[a] >= 1 && s->per_axis[a] <= 1024, s->comm, PETSC_ERR_USER_INPUT,
               "%s %" PetscInt_FMT ": allowed 1 to 1024 per axis", McKeanOptionName(obj, "-sensors_n"), s->per_axis[a]);
  PetscCall(McKeanCheckPositive(s->comm, McKeanOptionName(obj, "-sensors_width"), s->width));
  PetscCheck(s->K >= 1 && s->K <= 32, s->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": allowed 1 to 32",
             McKeanOptionName(obj, "-sensors_modes"), s->K);
  PetscFunctionReturn(0);
}

/* The zero mode, then the half set (first non-zero index positive) of |n_a| <= K. */
static PetscErrorCode SetUpModes(MckSensors s)
{
  PetscInt                half;
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
  PetscCheck(
      dropped <= 1e-3, s->comm, PETSC_ERR_USER_INPUT,
      "%s %" PetscInt_FMT
      " with %s %g: the first dropped mode keeps a fraction %.2g of its amplitude; allowed at most 1e-3 (raise either)",
      McKeanOptionName((PetscObject)s, "-sensors_modes"), s->K, McKeanOptionName((PetscObject)s, "-sensors_width"),
      (double)s->width, (double)dropped);
  PetscFunctionReturn(0);
}

static PetscErrorCode PlaceSensors(MckSensors s)
{
  PetscFunctionBeginUser;
  s->nsensors = 1;
  for (PetscInt a = 0; a < s->dim; a++) s->nsensors *= s->per_axis[a];
  PetscCall(PetscMalloc3(s->nsensors * s->dim, &s->points, s->nsensors * s->M, &s->basis_cos, s->nsensors * s->M,
                         &s->basis_sin));
  for (PetscInt q = 0; q < s->nsensors; q++) {
    PetscInt rest = q;
    for (PetscInt a = 0; a < s->dim; a++) {
      s->points[q * s->dim + a] = (rest % s->per_axis[a] + 0.5) * s->L[a] / s->per_axis[a];
      rest /= s->per_axis[a];
    }
    for (PetscInt m = 0; m < s->M; m++) {
      PetscReal phase = 0;
      for (PetscInt a = 0; a < s->dim && m > 0; a++)
        phase += 2 * PETSC_PI * s->modes[(m - 1) * s->dim + a] * s->points[q * s->dim + a] / s->L[a];
      s->basis_cos[q * s->M + m] = PetscCosReal(phase);
      s->basis_sin[q * s->M + m] = PetscSinReal(phase);
    }
  }
  PetscFunctionReturn(0);
}

/*@C
  MckSensorsSetUp - Places the sensors, enumerates the modes and makes the statistics.

  Collective

  Input Parameter:
. s - the sensors

  Note:
  A width too wide for the modes (the first dropped mode keeping more than 1e-3 of its
  amplitude) is a user error naming -sensors_modes and -sensors_width.

  Level: intermediate

.seealso: `MckSensorsSetFromOptions()`, `MckSensorsBegin()`
@*/
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
  PetscCall(PetscObjectViewFromOptions((PetscObject)s, NULL, "-sensors_view"));
  PetscFunctionReturn(0);
}

/*@C
  MckSensorsGetPoints - The sensors' positions.

  Not Collective

  Input Parameter:
. s - the sensors, set up

  Output Parameters:
+ nsensors - the number of sensors (may be NULL)
. dim      - the dimension (may be NULL)
- x        - the coordinates, nsensors x dim, row-major (owned by s; may be NULL)

  Level: intermediate

.seealso: `MckSensorsSetUp()`
@*/
PetscErrorCode MckSensorsGetPoints(MckSensors s, PetscInt *nsensors, PetscInt *dim, const PetscReal **x)
{
  PetscFunctionBeginUser;
  PetscCheck(s->setup, s->comm, PETSC_ERR_ORDER, "call MckSensorsSetUp() first");
  if (nsensors) *nsensors = s->nsensors;
  if (dim) *dim = s->dim;
  if (x) *x = s->points;
  PetscFunctionReturn(0);
}

/*@C
  MckSensorsBegin - Starts a measurement.

  Not Collective

  Input Parameter:
. s - the sensors, set up

  Level: intermediate

.seealso: `MckSensorsAddPoints()`, `MckSensorsEnd()`
@*/
PetscErrorCode MckSensorsBegin(MckSensors s)
{
  PetscFunctionBeginUser;
  PetscCheck(s->setup, s->comm, PETSC_ERR_ORDER, "call MckSensorsSetUp() first");
  PetscCall(MckStatsZero(s->stats));
  PetscFunctionReturn(0);
}

/*@C
  MckSensorsAddPoints - Adds weighted points (a chunk) to the measurement: a partial sum over
  exactly the points given, in their order.

  Not Collective

  Input Parameters:
+ s      - the sensors, after `MckSensorsBegin()`
. n      - the number of points
. x      - their coordinates x[a][i] (structure of arrays)
. w      - their weights (NULL: all wconst)
- wconst - the weight of every point when w is NULL

  Note:
  Per block of points: the zero mode's sums (cos 0 = 1, sin 0 = 0), then each mode of the half
  set from its phases at the block's points, summed in the points' order.

  Level: intermediate

.seealso: `MckSensorsBegin()`, `MckSensorsEnd()`, `MckFourierPhase()`
@*/
PetscErrorCode MckSensorsAddPoints(MckSensors s, PetscInt n, const PetscReal *const x[], const PetscReal w[],
                                   PetscReal wconst)
{
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_SensorsAdd, 0, 0, 0, 0));
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
  PetscCall(PetscLogEventEnd(MCK_EVENT_SensorsAdd, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/*@C
  MckSensorsEnd - Combines all ranks' moments (one reduction) and evaluates the smoothed density at the sensors.

  Collective

  Input Parameter:
. s - the sensors

  Output Parameter:
. values - nsensors values, the same on every rank

  Note:
  rho_l(x) = (1/|box|) [C_0 + 2 sum_half damping_n (C_n cos(k.x) + S_n sin(k.x))] with
  mu^(n) = C_n - i S_n.

  Level: intermediate

.seealso: `MckSensorsAddPoints()`, `MckSensorsMeasureGrid()`
@*/
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
    PetscReal        v = sums[0];
    for (PetscInt m = 1; m < s->M; m++) v += 2 * s->damping[m] * (sums[2 * m] * bc[m] + sums[2 * m + 1] * bs[m]);
    values[q] = v / volume;
  }
  PetscFunctionReturn(0);
}

/*@C
  MckSensorsMeasureGrid - The whole measurement of a density on a grid: cell weights h^d rho,
  grid lines along x as the chunks (bitwise the same on any rank count).

  Collective

  Input Parameters:
+ s   - the sensors, set up, of the grid's dimension
. g   - the grid
- rho - a grid Vec

  Output Parameter:
. values - nsensors values, the same on every rank

  Level: intermediate

.seealso: `MckSensorsEnd()`
@*/
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
  PetscCheck(dim == s->dim, s->comm, PETSC_ERR_ARG_INCOMP,
             "grid of dimension %" PetscInt_FMT " for sensors of dimension %" PetscInt_FMT, dim, s->dim);
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

/*@C
  MckSensorsConfig - Records or compares the settings a checkpoint of observations depends on.

  Collective

  Input Parameters:
+ s     - the sensors
. io    - the checkpoint
- check - `PETSC_FALSE` to record, `PETSC_TRUE` to compare

  Level: developer

.seealso: `MckIOConfigInt()`
@*/
PetscErrorCode MckSensorsConfig(MckSensors s, MckIO io, PetscBool check)
{
  PetscReal width = s->width;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)s, "-sensors_width"), 1, &width));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName((PetscObject)s, "-sensors_modes"), s->K));
  for (PetscInt a = 0; a < s->dim; a++)
    PetscCall(MckIOConfigInt(io, check,
                             McKeanOptionName((PetscObject)s, a == 0   ? "-sensors_n[0]"
                                                              : a == 1 ? "-sensors_n[1]"
                                                                       : "-sensors_n[2]"),
                             s->per_axis[a]));
  PetscFunctionReturn(0);
}

/*@C
  MckSensorsView - Prints the number of sensors, the smoothing width and the modes.

  Collective

  Input Parameters:
+ s      - the sensors
- viewer - an ASCII viewer (NULL: standard output)

  Level: intermediate

.seealso: `MckSensorsSetUp()`
@*/
PetscErrorCode MckSensorsView(MckSensors s, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(s, MCK_SENSORS_CLASSID, 1);
  PetscCall(McKeanObjectViewBegin((PetscObject)s, &viewer, NULL));
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "  %" PetscInt_FMT " sensors, smoothing width %g, modes |n| <= %" PetscInt_FMT
                                   " (%" PetscInt_FMT " moments)\n",
                                   s->nsensors, (double)s->width, s->K, s->M));
  PetscFunctionReturn(0);
}

/*@C
  MckSensorsDestroy - Drops a reference to the sensors, freeing them with the last.

  Collective

  Input Parameter:
. s - the sensors

  Level: intermediate

.seealso: `MckSensorsCreate()`
@*/
PetscErrorCode MckSensorsDestroy(MckSensors *s)
{
  PetscBool last;

  PetscFunctionBeginUser;
  PetscCall(McKeanObjectRelease((PetscObject *)s, MCK_SENSORS_CLASSID, &last));
  if (!last) PetscFunctionReturn(0);
  PetscCall(MckFourierDestroy(&(*s)->fourier));
  PetscCall(PetscFree((*s)->damping));
  PetscCall(PetscFree3((*s)->points, (*s)->basis_cos, (*s)->basis_sin));
  PetscCall(PetscFree3((*s)->cr, (*s)->ci, (*s)->partial));
  PetscCall(MckStatsDestroy(&(*s)->stats));
  PetscCall(PetscHeaderDestroy(s));
  PetscFunctionReturn(0);
}
