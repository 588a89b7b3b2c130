/* Allen-Cahn (Allen & Cahn 1979) on a periodic nx x ny grid of spacing h = L / nx in both
 * directions (a domain of L x ny h): du/dt = kappa Lap_h u + u - u^3, Lap_h the 5-point
 * Laplacian. The equation is the gradient flow of E(u) = sum h^2 (kappa/2 |grad_h u|^2 +
 * (u^2 - 1)^2 / 4): u separates into domains u = +-1 joined by interfaces of width
 * sqrt(2 kappa), which then coarsen.
 * The state is a periodic 2D DMDA (star stencil, width 1) split into rows only (a 1 x P process
 * grid), so a rank owns whole rows iy in [ys, ys + ym) and the DMDA's global order on any rank
 * count is the natural one, component ix + nx iy; a member spread over several ranks exchanges
 * only its two ghost rows. RK4 steps through the shared stepper in step.c.
 * Stability: the linearisation about |u| <= 1 has eigenvalues in [-(8 kappa / h^2 + 2), 1];
 * explicit RK4 is stable on the real interval [-2.785..., 0], so the set-up refuses
 * dt > 2.785... / (8 kappa / h^2 + 2).
 * Limits: the equation keeps |u| <= max(1, max |u0|); a state with |u| > 10 anywhere has left
 * the dynamics and counts as failed. */
#include "modelimpl.h"
#include <petscdmda.h>

/* the real stability interval of classical RK4: |1 + z + z^2/2 + z^3/6 + z^4/24| <= 1 for
 * z in [-RK4_REAL_LIMIT, 0] (the real root of z^3 + 4 z^2 + 12 z + 24) */
#define RK4_REAL_LIMIT 2.785293563405293
#define AC_OUTSIDE     10.0

typedef struct {
  MckModelDMDA grid; /* first: the shared DMDA operations find it (dmda.c) */
  PetscInt     nx, ny;
  PetscReal    kappa, L;
  PetscReal    c; /* kappa / h^2, the weight of the Laplacian */
} AC;

static PetscErrorCode SetFromOptions_AC(MckModel m, PetscOptionItems *PetscOptionsObject)
{
  AC       *a    = (AC *)m->data;
  PetscInt  n[3] = {a->nx, a->ny, 0}, nn = 3;
  PetscBool set;

  PetscFunctionBeginUser;
  /* capacity 3 so "-ac_n 8,8,8" is refused below, not read as 8,8 */
  PetscCall(MckOptionsIntArray("-ac_n", "Allen-Cahn grid points: one value for both axes or nx,ny", n, &nn, &set));
  PetscCall(MckOptionsReal("-ac_kappa", "Allen-Cahn diffusion coefficient kappa (interface width sqrt(2 kappa))",
                           a->kappa, &a->kappa, NULL));
  PetscCall(MckOptionsReal("-ac_length", "Allen-Cahn domain side along x (spacing h = L / nx on both axes)", a->L,
                           &a->L, NULL));
  if (set) {
    PetscCheck(nn == 1 || nn == 2, m->comm, PETSC_ERR_USER_INPUT,
               "%s: give one size or two (nx,ny), not %" PetscInt_FMT, MckOptName("-ac_n"), nn);
    a->nx = n[0];
    a->ny = n[nn - 1];
  }
  PetscCheck(a->nx >= 3 && a->ny >= 3, m->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ",%" PetscInt_FMT ": needs at least 3 points on each axis", MckOptName("-ac_n"), a->nx,
             a->ny);
  PetscCall(McKeanCheckPositive(m->comm, MckOptName("-ac_kappa"), a->kappa));
  PetscCall(McKeanCheckPositive(m->comm, MckOptName("-ac_length"), a->L));
  PetscFunctionReturn(0);
}

/* The largest RK4 step that is stable for every mode of the linearisation about |u| <= 1. */
static PetscReal StableStep(const AC *a) { return RK4_REAL_LIMIT / (8.0 * a->c + 2.0); }

static PetscErrorCode CheckStep(MckModel m)
{
  AC       *a = (AC *)m->data;
  char      v[3][32];
  PetscReal h = a->L / a->nx;

  PetscFunctionBeginUser;
  PetscCheck(m->dt <= StableStep(a), m->comm, PETSC_ERR_USER_INPUT,
             "%s %s: explicit RK4 is unstable for %s %s on spacing h = %s; the largest stable step is "
             "2.785 / (8 kappa / h^2 + 2) = %.6g",
             McKeanOptionName((PetscObject)m, "-model_dt"), McKeanFormatReal(m->dt, v[0], 32),
             McKeanOptionName((PetscObject)m, "-ac_kappa"), McKeanFormatReal(a->kappa, v[1], 32),
             McKeanFormatReal(h, v[2], 32), (double)StableStep(a));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_AC(MckModel m)
{
  AC         *a = (AC *)m->data;
  PetscMPIInt size;
  PetscReal   h = a->L / a->nx;

  PetscFunctionBeginUser;
  a->c = a->kappa / (h * h);
  PetscCall(CheckStep(m));
  PetscCallMPI(MPI_Comm_size(m->comm, &size));
  PetscCheck(a->ny >= size, m->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ",%" PetscInt_FMT ": a member's rows are split over its %d ranks, so ny must be at "
             "least %d",
             McKeanOptionName((PetscObject)m, "-ac_n"), a->nx, a->ny, size, size);
  m->n            = a->nx * a->ny;
  m->ndata        = 0;
  m->griddim      = 2;
  m->gridsizes[0] = a->nx;
  m->gridsizes[1] = a->ny;
  if (m->help) { /* -help: sizes checked, no grid (sized for the job's nodes); DMSetUp's option read */
    PetscBool set;

    PetscCall(PetscOptionsHasName(((PetscObject)m)->options, NULL, "-dm_view", &set));
    PetscFunctionReturn(0);
  }
  { /* before the grid: its index and local vector, the state and the four RK stages (MckModelSetUp) */
    const PetscLogDouble points = (PetscLogDouble)a->nx * (a->ny / size + 1);
    char                 value[64];

    PetscCall(PetscSNPrintf(value, sizeof(value), "%" PetscInt_FMT ",%" PetscInt_FMT, a->nx, a->ny));
    PetscCall(McKeanCheckMemory(m->memcomm, McKeanOptionName((PetscObject)m, "-ac_n"), value,
                                (7 * sizeof(PetscReal) + 2 * sizeof(PetscInt)) * points));
  }
  PetscCall(DMDACreate2d(m->comm, DM_BOUNDARY_PERIODIC, DM_BOUNDARY_PERIODIC, DMDA_STENCIL_STAR, a->nx, a->ny, 1, size,
                         1, 1, NULL, NULL, &a->grid.da));
  PetscCall(DMSetUp(a->grid.da));
  PetscCall(DMCreateLocalVector(a->grid.da, &a->grid.local));
  PetscFunctionReturn(0);
}

/* The rate at a point from its value c and its west, east, south and north neighbours: the one
 * formula of both paths (same operations, same order, so the same bits). */
static inline PetscReal Rate(PetscReal c, PetscReal w, PetscReal e, PetscReal s, PetscReal n, PetscReal k)
{
  return k * ((w + e) + (s + n) - 4.0 * c) + (c - c * c * c);
}

static PetscErrorCode RHS_AC(MckModel m, PetscReal t, Vec x, Vec f)
{
  AC               *a = (AC *)m->data;
  const PetscReal **u;
  PetscReal       **fa;
  PetscInt          xs, ys, xm, ym;

  PetscFunctionBeginUser;
  (void)t;
  PetscCall(DMDAGetCorners(a->grid.da, &xs, &ys, NULL, &xm, &ym, NULL));
  PetscCall(MckModelDMDAGetArrays(m, x, f, &u, &fa));
  for (PetscInt j = ys; j < ys + ym; j++)
    for (PetscInt i = xs; i < xs + xm; i++)
      fa[j][i] = Rate(u[j][i], u[j][i - 1], u[j][i + 1], u[j - 1][i], u[j + 1][i], a->c);
  PetscCall(MckModelDMDARestoreArrays(m, f, &u, &fa));
  PetscFunctionReturn(0);
}

/* One row of the whole state on one rank, from its south and north rows: the periodic wrap at
 * the first and the last point, the interior in one loop the compiler vectorises. */
static inline void RowRate(PetscInt nx, PetscReal k, const PetscReal *restrict u, const PetscReal *restrict s,
                           const PetscReal *restrict n, PetscReal *restrict f)
{
  f[0] = Rate(u[0], u[nx - 1], u[1], s[0], n[0], k);
  for (PetscInt i = 1; i < nx - 1; i++) f[i] = Rate(u[i], u[i - 1], u[i + 1], s[i], n[i], k);
  f[nx - 1] = Rate(u[nx - 1], u[nx - 2], u[0], s[nx - 1], n[nx - 1], k);
}

static PetscErrorCode RHSArray_AC(MckModel m, PetscReal t, const PetscReal *restrict x, PetscReal *restrict f)
{
  const AC      *a  = (const AC *)m->data;
  const PetscInt nx = a->nx, ny = a->ny;

  (void)t;
  for (PetscInt j = 0; j < ny; j++) {
    const PetscInt js = j ? j - 1 : ny - 1, jn = j < ny - 1 ? j + 1 : 0;
    RowRate(nx, a->c, x + nx * j, x + nx * js, x + nx * jn, f + nx * j);
  }
  return 0;
}

/* u0 at grid point (i, j) from the fractions xi = i / nx, eta = j / ny of the domain: three low
 * Fourier modes with fixed amplitudes and phases (a pattern of a few domains once the modes have
 * grown; the same continuous field on every grid, so refinement samples the same start). */
static PetscReal InitialValue(PetscReal xi, PetscReal eta)
{
  const PetscReal tp = 2 * PETSC_PI;

  return 0.3 * PetscCosReal(tp * xi) * PetscCosReal(tp * eta) + 0.2 * PetscSinReal(tp * (2 * xi + eta) + 1.0) +
         0.1 * PetscCosReal(tp * (xi - 3 * eta) + 2.0);
}

static PetscErrorCode InitialState_AC(MckModel m, Vec x)
{
  AC        *a = (AC *)m->data;
  PetscReal *u;
  PetscInt   lo, hi;

  PetscFunctionBeginUser;
  PetscCall(VecGetOwnershipRange(x, &lo, &hi));
  PetscCall(VecGetArrayWrite(x, &u));
  for (PetscInt k = lo; k < hi; k++)
    u[k - lo] = InitialValue((PetscReal)(k % a->nx) / a->nx, (PetscReal)(k / a->nx) / a->ny);
  PetscCall(VecRestoreArrayWrite(x, &u));
  PetscFunctionReturn(0);
}

static PetscErrorCode OutsideLimits_AC(MckModel m, PetscInt nl, const PetscReal u[], PetscBool *outside)
{
  PetscFunctionBeginUser;
  (void)m;
  *outside = PETSC_FALSE;
  for (PetscInt i = 0; i < nl; i++)
    if (PetscAbsReal(u[i]) > AC_OUTSIDE) *outside = PETSC_TRUE;
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_AC(MckModel m, MckIO io, PetscBool check)
{
  AC  *a = (AC *)m->data;
  char sizes[64];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(sizes, sizeof(sizes), "%" PetscInt_FMT ",%" PetscInt_FMT, a->nx, a->ny));
  PetscCall(MckIOConfigString(io, check, McKeanOptionName((PetscObject)m, "-ac_n"), sizes));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)m, "-ac_kappa"), 1, &a->kappa));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)m, "-ac_length"), 1, &a->L));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_AC(MckModel m, PetscViewer v)
{
  AC  *a = (AC *)m->data;
  char f[2][32];

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(v,
                                   "Allen-Cahn: %" PetscInt_FMT " x %" PetscInt_FMT
                                   " periodic grid, L = %s, kappa = %s, 5-point Laplacian, RK4 (stable for "
                                   "dt <= %.6g)\n",
                                   a->nx, a->ny, McKeanFormatReal(a->L, f[0], 32), McKeanFormatReal(a->kappa, f[1], 32),
                                   (double)StableStep(a)));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelCreate_AllenCahn(MckModel m)
{
  AC *a;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&a));
  a->nx                  = 32;
  a->ny                  = 32;
  a->L                   = 32.0;
  a->kappa               = 2.0;
  m->data                = a;
  m->kind                = MCK_MODEL_DYNAMICAL;
  m->dt                  = 0.05;
  m->ops->setfromoptions = SetFromOptions_AC;
  m->ops->setup          = SetUp_AC;
  m->ops->rhs            = RHS_AC;
  m->ops->rhsarray       = RHSArray_AC;
  m->ops->createstatevec = MckModelCreateStateVec_DMDA;
  m->ops->initialstate   = InitialState_AC;
  m->ops->outsidelimits  = OutsideLimits_AC;
  m->ops->config         = Config_AC;
  m->ops->view           = View_AC;
  m->ops->destroy        = MckModelDestroy_DMDA;
  PetscFunctionReturn(0);
}
