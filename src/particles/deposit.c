/* MckDeposit: cloud-in-cell density of the particles on a grid, exact integer counts combined
 * by one reduce-scatter into each rank's slab (see mckdeposit.h). */
#include <mckean/mckdeposit.h>
#include <mckean/mckstats.h>
#include "stats/fixedpoint.h"

#define MCK_DEPOSIT_BITS 32 /* fractional bits of one axis weight */

struct _p_MckDeposit {
  MPI_Comm     comm;
  MckGrid      grid;
  PetscInt     dim, n[MCK_GRID_MAX_DIM];
  PetscReal    L[MCK_GRID_MAX_DIM], invh[MCK_GRID_MAX_DIM], cellvolume;
  PetscInt     G, nown;     /* grid points; points of this rank's slab */
  PetscInt64   N;           /* particles of the last MckDepositEnd() */
  MckFixed    *counts;      /* full grid, natural order (x fastest): this rank's particles */
  MckFixed    *own;         /* this rank's slab after the reduce-scatter */
  PetscMPIInt *recvcounts;  /* slab sizes of all ranks */
  MPI_Datatype type;
  MPI_Op       op;
  MckStats     l1; /* reproducible sum of the L1 distance */
};

static PetscLogEvent MCK_EVENT_DepositAdd, MCK_EVENT_DepositReduce;

static PetscErrorCode MckDepositRegisterEvents(void)
{
  static PetscBool done = PETSC_FALSE;

  PetscFunctionBeginUser;
  if (done) PetscFunctionReturn(0);
  PetscCall(PetscLogEventRegister("MckDepositAdd", MCK_CLASSID, &MCK_EVENT_DepositAdd));
  PetscCall(PetscLogEventRegister("MckDepositReduce", MCK_CLASSID, &MCK_EVENT_DepositReduce));
  done = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* The DMDA's ownership along its last axis (the FFTW slab axis; in 1D PETSc's split of x)
 * gives every rank's share of the natural-order buffer: whole planes, in rank order. */
static PetscErrorCode SlabCounts(MckDeposit dep)
{
  DM              da;
  const PetscInt *l[3];
  PetscMPIInt     size;
  PetscInt        plane = 1;

  PetscFunctionBeginUser;
  PetscCall(MckGridGetDM(dep->grid, &da));
  PetscCallMPI(MPI_Comm_size(dep->comm, &size));
  PetscCall(DMDAGetOwnershipRanges(da, &l[0], &l[1], &l[2]));
  for (PetscInt a = 0; a < dep->dim - 1; a++) plane *= dep->n[a];
  PetscCall(PetscMalloc1(size, &dep->recvcounts));
  for (PetscMPIInt r = 0; r < size; r++) PetscCall(PetscMPIIntCast(l[dep->dim - 1][r] * plane, &dep->recvcounts[r]));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDepositCreate(MckGrid g, MckDeposit *dep)
{
  MckDeposit d;
  DM         da;
  PetscMPIInt rank;

  PetscFunctionBeginUser;
  PetscCall(MckDepositRegisterEvents());
  PetscCall(PetscNew(&d));
  d->grid = g;
  PetscCall(MckGridGetDM(g, &da));
  PetscCall(PetscObjectGetComm((PetscObject)da, &d->comm));
  PetscCall(MckGridGetSizes(g, &d->dim, d->n, d->L));
  d->G          = 1;
  d->cellvolume = 1;
  for (PetscInt a = 0; a < d->dim; a++) {
    d->G *= d->n[a];
    d->invh[a] = d->n[a] / d->L[a];
    d->cellvolume *= d->L[a] / d->n[a];
  }
  PetscCall(SlabCounts(d));
  PetscCallMPI(MPI_Comm_rank(d->comm, &rank));
  d->nown = d->recvcounts[rank];
  PetscCall(PetscMalloc2(d->G, &d->counts, d->nown, &d->own));
  PetscCall(PetscArrayzero(d->own, d->nown));
  PetscCall(MckFixedMPICreate(&d->type, &d->op));
  PetscCall(MckStatsCreate(d->comm, &d->l1));
  PetscCall(MckStatsRegister(d->l1, "deposit.l1_distance", 1, NULL));
  PetscCall(MckStatsSetUp(d->l1));
  *dep = d;
  PetscFunctionReturn(0);
}

PetscErrorCode MckDepositBegin(MckDeposit dep)
{
  PetscFunctionBeginUser;
  PetscCall(PetscArrayzero(dep->counts, dep->G));
  PetscFunctionReturn(0);
}

/* Cell index and the two integer weights (units 2^-32) of coordinate x along axis a. The
 * wrapped position lies in [0, L], and may equal L after rounding (x -= L floor(x/L) of a tiny
 * negative x): that point is point 0. */
static inline void AxisWeights(const MckDeposit dep, PetscInt a, PetscReal x, PetscInt i[2], uint64_t w[2])
{
  const PetscReal u  = x * dep->invh[a];
  const PetscReal fl = PetscFloorReal(u);
  const PetscInt  n  = dep->n[a];

  w[1] = (uint64_t)rint((u - fl) * 0x1p32);
  w[0] = ((uint64_t)1 << MCK_DEPOSIT_BITS) - w[1];
  i[0] = (PetscInt)fl;
  if (PetscUnlikely(i[0] < 0 || i[0] >= n)) i[0] = ((i[0] % n) + n) % n;
  i[1] = (i[0] + 1 == n) ? 0 : i[0] + 1;
}

PetscErrorCode MckDepositAddChunk(MckDeposit dep, const MckChunk *c)
{
  const PetscInt dim = dep->dim, n0 = dep->n[0], n01 = dep->n[0] * (dim > 1 ? dep->n[1] : 1);

  PetscFunctionBeginUser;
  PetscCheck(c->dim == dim, PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP, "MckDepositAddChunk: particles of dimension %" PetscInt_FMT " on a grid of dimension %" PetscInt_FMT, c->dim, dim);
  PetscCall(PetscLogEventBegin(MCK_EVENT_DepositAdd, 0, 0, 0, 0));
  for (PetscInt p = c->offset; p < c->offset + c->n; p++) {
    PetscInt idx[MCK_GRID_MAX_DIM][2] = {{0, 0}, {0, 0}, {0, 0}};
    uint64_t w[MCK_GRID_MAX_DIM][2]   = {{1, 0}, {1, 0}, {1, 0}};
    for (PetscInt a = 0; a < dim; a++) AxisWeights(dep, a, c->x[a][p], idx[a], w[a]);
    switch (dim) { /* a point's weight: the exact product of its axis weights */
    case 1:
      for (PetscInt bx = 0; bx < 2; bx++) dep->counts[idx[0][bx]] += (MckFixed)w[0][bx];
      break;
    case 2:
      for (PetscInt by = 0; by < 2; by++)
        for (PetscInt bx = 0; bx < 2; bx++) dep->counts[idx[0][bx] + n0 * idx[1][by]] += (MckFixed)((unsigned __int128)w[0][bx] * w[1][by]);
      break;
    default:
      for (PetscInt bz = 0; bz < 2; bz++)
        for (PetscInt by = 0; by < 2; by++) {
          const unsigned __int128 wyz = (unsigned __int128)w[1][by] * w[2][bz];
          for (PetscInt bx = 0; bx < 2; bx++) dep->counts[idx[0][bx] + n0 * idx[1][by] + n01 * idx[2][bz]] += (MckFixed)(wyz * w[0][bx]);
        }
    }
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_DepositAdd, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDepositEnd(MckDeposit dep, PetscInt64 N, Vec rho)
{
  PetscScalar    *r;
  PetscInt        nlocal;
  /* count * 2^-64 (MckFixedToDouble) * 2^(64 - 32 d) is the exact number of particles, scaling by
   * a power of two being exact */
  const PetscReal unit = MckFixedPow2(64 - MCK_DEPOSIT_BITS * (int)dep->dim), inv = 1.0 / ((PetscReal)N * dep->cellvolume);

  PetscFunctionBeginUser;
  /* a point's count is below (N + 1) 2^(32 d): keep it below 2^126 */
  PetscCheck(N > 0 && (dep->dim < 3 || N < ((PetscInt64)1 << 30)), dep->comm, PETSC_ERR_ARG_OUTOFRANGE, "MckDepositEnd: N = %" PetscInt64_FMT " particles: allowed 1 to 2^30 (3D) or 2^62", N);
  dep->N = N;
  PetscCall(VecGetLocalSize(rho, &nlocal));
  PetscCheck(nlocal == dep->nown, PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP, "MckDepositEnd: rho has %" PetscInt_FMT " local points, the grid slab %" PetscInt_FMT, nlocal, dep->nown);
  PetscCall(PetscLogEventBegin(MCK_EVENT_DepositReduce, 0, 0, 0, 0));
  PetscCallMPI(MPI_Reduce_scatter(dep->counts, dep->own, dep->recvcounts, dep->type, dep->op, dep->comm));
  PetscCall(VecGetArrayWrite(rho, &r));
  for (PetscInt i = 0; i < dep->nown; i++) r[i] = MckFixedToDouble(dep->own[i]) * unit * inv;
  PetscCall(VecRestoreArrayWrite(rho, &r));
  PetscCall(PetscLogEventEnd(MCK_EVENT_DepositReduce, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDepositParticles(MckDeposit dep, MckParticles p, Vec rho)
{
  PetscBool        periodic;
  const PetscReal *L;
  PetscInt64       N;
  PetscInt         dim, nchunks;

  PetscFunctionBeginUser;
  PetscCall(MckParticlesGetBox(p, &periodic, &L));
  PetscCall(MckParticlesGetSizes(p, &N, &dim, NULL, NULL));
  PetscCheck(dim == dep->dim, dep->comm, PETSC_ERR_USER_INPUT, "-particles_dim %" PetscInt_FMT " differs from -grid_dim %" PetscInt_FMT ": the density needs a grid of the particles' dimension", dim, dep->dim);
  PetscCheck(periodic, dep->comm, PETSC_ERR_USER_INPUT, "depositing particles on a grid needs a periodic box: set -particles_box to the grid's -grid_L");
  for (PetscInt a = 0; a < dim; a++)
    PetscCheck(L[a] == dep->L[a], dep->comm, PETSC_ERR_USER_INPUT, "-particles_box %g differs from -grid_L %g along axis %" PetscInt_FMT ": the particles' box must be the grid's", (double)L[a], (double)dep->L[a], a);
  PetscCall(MckParticlesGetChunks(p, NULL, &nchunks));
  PetscCall(MckDepositBegin(dep));
  for (PetscInt c = 0; c < nchunks; c++) {
    MckChunk ch;
    PetscCall(MckParticlesGetChunk(p, c, &ch));
    PetscCall(MckDepositAddChunk(dep, &ch));
  }
  PetscCall(MckDepositEnd(dep, N, rho));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDepositGetMass(MckDeposit dep, PetscReal *mass)
{
  MckFixed total = 0;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < dep->nown; i++) total = MckFixedAdd(total, dep->own[i]);
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &total, 1, dep->type, dep->op, dep->comm));
  PetscCheck(total != MCK_FIXED_POISON, dep->comm, PETSC_ERR_FP, "MckDepositGetMass: the total count overflowed");
  PetscCheck(dep->N > 0, dep->comm, PETSC_ERR_ORDER, "MckDepositGetMass() before MckDepositEnd()");
  /* the number of particles deposited, exactly (an integer below 2^53), over N */
  *mass = MckFixedToDouble(total) * MckFixedPow2(64 - MCK_DEPOSIT_BITS * (int)dep->dim) / (PetscReal)dep->N;
  PetscFunctionReturn(0);
}

PetscErrorCode MckDepositDistanceL1(MckDeposit dep, Vec a, Vec b, PetscReal *l1)
{
  const PetscScalar *x, *y;
  const PetscReal   *sums;
  const PetscInt     plane = dep->dim == 1 ? 1 : dep->G / dep->n[dep->dim - 1];

  PetscFunctionBeginUser;
  PetscCall(MckStatsZero(dep->l1));
  PetscCall(VecGetArrayRead(a, &x));
  PetscCall(VecGetArrayRead(b, &y));
  for (PetscInt p = 0; p < dep->nown; p += plane) {
    PetscReal s = 0;
    for (PetscInt i = p; i < p + plane; i++) s += PetscAbsReal(x[i] - y[i]);
    s *= dep->cellvolume;
    PetscCall(MckStatsAdd(dep->l1, 0, 1, &s));
  }
  PetscCall(VecRestoreArrayRead(a, &x));
  PetscCall(VecRestoreArrayRead(b, &y));
  PetscCall(MckStatsReduce(dep->l1));
  PetscCall(MckStatsGetSums(dep->l1, &sums));
  *l1 = sums[0];
  PetscFunctionReturn(0);
}

typedef struct {
  const PetscReal *h;
  MckGridSymbolFn  smooth;
  void            *ctx;
} CICSymbolCtx;

/* prod_a sinc^2(k_a h_a / 2), times the optional smoothing symbol. */
static PetscReal CICSymbol(PetscInt dim, const PetscReal k[], void *ctx)
{
  const CICSymbolCtx *c = (const CICSymbolCtx *)ctx;
  PetscReal           s = c->smooth ? c->smooth(dim, k, c->ctx) : 1;

  for (PetscInt a = 0; a < dim; a++) {
    const PetscReal u = 0.5 * k[a] * c->h[a];
    if (u != 0) s *= PetscSqr(PetscSinReal(u) / u);
  }
  return s;
}

PetscErrorCode MckDepositExpectation(MckDeposit dep, MckGridSymbolFn smooth, void *ctx, Vec rho, Vec out)
{
  PetscReal    h[MCK_GRID_MAX_DIM];
  CICSymbolCtx c = {h, smooth, ctx};

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < dep->dim; a++) h[a] = dep->L[a] / dep->n[a];
  PetscCall(MckGridConvolve(dep->grid, CICSymbol, &c, rho, out));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDepositGetMessageBytes(MckDeposit dep, PetscInt64 *bytes)
{
  PetscFunctionBeginUser;
  *bytes = (PetscInt64)dep->G * (PetscInt64)sizeof(MckFixed);
  PetscFunctionReturn(0);
}

PetscErrorCode MckDepositDestroy(MckDeposit *dep)
{
  PetscFunctionBeginUser;
  if (!*dep) PetscFunctionReturn(0);
  PetscCall(MckFixedMPIDestroy(&(*dep)->type, &(*dep)->op));
  PetscCall(MckStatsDestroy(&(*dep)->l1));
  PetscCall(PetscFree2((*dep)->counts, (*dep)->own));
  PetscCall(PetscFree((*dep)->recvcounts));
  PetscCall(PetscFree(*dep));
  PetscFunctionReturn(0);
}
