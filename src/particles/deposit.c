/* MckDeposit: cloud-in-cell density of the particles on a grid, exact integer counts (the stats
 * layer's MckCounts) combined by one reduce-scatter into each rank's slab (see mckdeposit.h).
 * The estimator built on it is in compare.c. */
#include "depositimpl.h"

/* The DMDA's ownership along its last axis (the FFTW slab axis; in 1D PETSc's split of x)
 * gives this rank's share of the natural-order buffer: whole planes, in rank order. */
static PetscErrorCode OwnedPoints(MckDeposit dep, PetscInt *nown)
{
  DM       da;
  PetscInt plane = 1, start[3], count[3];

  PetscFunctionBeginUser;
  PetscCall(MckGridGetDM(dep->grid, &da));
  PetscCall(DMDAGetCorners(da, &start[0], &start[1], &start[2], &count[0], &count[1], &count[2]));
  for (PetscInt a = 0; a < dep->dim - 1; a++) plane *= dep->n[a];
  *nown = count[dep->dim - 1] * plane;
  PetscFunctionReturn(0);
}

/* A grid on the particles' periodic box and of their dimension: anything else is a user error
 * naming the options on both sides. */
PetscErrorCode MckParticlesCheckGrid(MckParticles p, MckGrid g)
{
  MPI_Comm         comm;
  PetscBool        periodic;
  const PetscReal *Lp;
  PetscInt         dim, gdim;
  PetscReal        L[MCK_GRID_MAX_DIM];

  PetscFunctionBeginUser;
  PetscCall(MckParticlesGetComm(p, &comm));
  PetscCall(MckParticlesGetBox(p, &periodic, &Lp));
  PetscCall(MckParticlesGetSizes(p, NULL, &dim, NULL, NULL));
  PetscCheck(periodic, comm, PETSC_ERR_USER_INPUT, "a grid for the particles needs their periodic box: set %s",
             McKeanOptionName((PetscObject)p, "-particles_box"));
  PetscCall(MckGridGetSizes(g, &gdim, NULL, L));
  PetscCheck(gdim == dim, comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": the grid needs the particles' dimension %" PetscInt_FMT " (%s)",
             McKeanOptionName((PetscObject)g, "-grid_dim"), gdim, dim,
             McKeanOptionName((PetscObject)p, "-particles_dim"));
  for (PetscInt a = 0; a < dim; a++)
    PetscCheck(L[a] == Lp[a], comm, PETSC_ERR_USER_INPUT, "%s %g: the grid needs the particles' box %g (%s)",
               McKeanOptionName((PetscObject)g, "-grid_L"), (double)L[a], (double)Lp[a],
               McKeanOptionName((PetscObject)p, "-particles_box"));
  PetscFunctionReturn(0);
}

/* The particles' dimension and box on g, then its options, checked against the particles. */
static PetscErrorCode SetGridFromParticles(MckParticles p, PetscInt n, const char prefix[], MckGrid g)
{
  PetscBool        periodic, help;
  const PetscReal *Lp;
  PetscInt         dim, sizes[MCK_GRID_MAX_DIM] = {n, n, n};

  PetscFunctionBeginUser;
  PetscCall(MckParticlesGetBox(p, &periodic, &Lp));
  PetscCall(MckParticlesGetSizes(p, NULL, &dim, NULL, NULL));
  PetscCall(MckGridSetOptionsPrefix(g, prefix));
  PetscCall(MckGridSetSizes(g, dim, sizes));
  if (periodic) PetscCall(MckGridSetBox(g, Lp));
  PetscCall(MckGridSetFromOptions(g));
  /* with -help the options are only listed: particles without a box (the defaults) list the grid's too */
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  if (!help) PetscCall(MckParticlesCheckGrid(p, g));
  PetscFunctionReturn(0);
}

/*@C
  MckParticlesCreateGrid - A grid on the particles' periodic box and dimension, to deposit them
  on: n points per axis unless the -grid_* options (under prefix) say otherwise.

  Collective

  Input Parameters:
+ p      - the particles, with a periodic box
. n      - the default number of points per axis
- prefix - the options prefix of the grid (NULL: none)

  Output Parameter:
. g - the grid, from its options but not set up

  Note:
  Particles without a periodic box, and options that give the grid another dimension or box,
  are user errors naming the options.

  Level: intermediate

.seealso: `MckDepositCreate()`, `MckGridSetFromOptions()`
@*/
PetscErrorCode MckParticlesCreateGrid(MckParticles p, PetscInt n, const char prefix[], MckGrid *g)
{
  MPI_Comm       comm;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(MckParticlesGetComm(p, &comm));
  PetscCall(MckGridCreate(comm, g));
  ierr = SetGridFromParticles(p, n, prefix, *g);
  if (ierr && McKeanErrorIsCollective(ierr)) PetscCall(MckGridDestroy(g)); /* a refused grid leaves nothing behind */
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

/*@C
  MckDepositCreate - Creates the cloud-in-cell deposit of particles on a grid.

  Collective

  Input Parameter:
. g - the grid, set up (the deposit keeps a reference); with -help not set up, and the deposit
      holds no counts

  Output Parameter:
. dep - the deposit: a full-grid buffer of exact counts (16 bytes per grid point), no smoothing

  Level: intermediate

.seealso: `MckDepositParticles()`, `MckDepositSetBandwidth()`, `MckDepositDestroy()`, `MckCountsCreate()`
@*/
PetscErrorCode MckDepositCreate(MckGrid g, MckDeposit *dep)
{
  MckDeposit d;
  PetscBool  help;

  PetscFunctionBeginUser;
  PetscValidPointer(dep, 2);
  PetscCall(MckParticlesInitializePackage());
  PetscCall(PetscHeaderCreate(d, MCK_DEPOSIT_CLASSID, "MckDeposit", "Cloud-in-cell density on a grid", "MckDeposit",
                              PetscObjectComm((PetscObject)g), MckDepositDestroy, MckDepositView));
  d->comm = PetscObjectComm((PetscObject)d);
  PetscCall(PetscObjectReference((PetscObject)g));
  d->grid = g;
  PetscCall(MckGridGetSizes(g, &d->dim, d->n, d->L));
  d->G          = 1;
  d->cellvolume = 1;
  for (PetscInt a = 0; a < d->dim; a++) {
    d->G *= d->n[a];
    d->invh[a] = d->n[a] / d->L[a];
    d->cellvolume *= d->L[a] / d->n[a];
  }
  *dep = d;
  /* -help: the grid was not set up (MckGridSetUp) and the counts of its size are not made */
  PetscCall(PetscOptionsHasHelp(((PetscObject)g)->options, &help));
  if (help) PetscFunctionReturn(0);
  PetscCall(OwnedPoints(d, &d->nown));
  PetscCall(MckCountsCreate(d->comm, d->nown, &d->exact));
  PetscCall(MckCountsGetArray(d->exact, &d->counts));
  PetscCall(MckStatsCreate(d->comm, &d->l1));
  PetscCall(MckStatsRegister(d->l1, "deposit.l1_distance", 1, NULL));
  PetscCall(MckStatsSetUp(d->l1));
  PetscFunctionReturn(0);
}

/*@C
  MckDepositBegin - Clears this rank's counts, to deposit anew.

  Not Collective

  Input Parameter:
. dep - the deposit

  Level: intermediate

.seealso: `MckDepositAddChunk()`, `MckDepositEnd()`
@*/
PetscErrorCode MckDepositBegin(MckDeposit dep)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(dep, MCK_DEPOSIT_CLASSID, 1);
  PetscCall(MckCountsZero(dep->exact));
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

/*@C
  MckDepositAddChunk - Adds the cloud-in-cell weights of a chunk's particles to this rank's counts.

  Not Collective (allocates nothing)

  Input Parameters:
+ dep - the deposit, after `MckDepositBegin()`
- c   - the chunk, positions in the grid's box [0, L) (as `MckParticlesWrapChunk()` leaves them)

  Level: intermediate

.seealso: `MckDepositBegin()`, `MckDepositEnd()`
@*/
PetscErrorCode MckDepositAddChunk(MckDeposit dep, const MckChunk *c)
{
  const PetscInt dim = dep->dim, n0 = dep->n[0], n01 = dep->n[0] * (dim > 1 ? dep->n[1] : 1);

  PetscFunctionBeginUser;
  PetscCheck(c->dim == dim, PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP,
             "MckDepositAddChunk: particles of dimension %" PetscInt_FMT " on a grid of dimension %" PetscInt_FMT,
             c->dim, dim);
  PetscCall(PetscLogEventBegin(MCK_EVENT_DepositAdd, 0, 0, 0, 0));
  for (PetscInt p = c->offset; p < c->offset + c->n; p++) {
    PetscInt idx[MCK_GRID_MAX_DIM][2] = {{0, 0}, {0, 0}, {0, 0}};
    uint64_t w[MCK_GRID_MAX_DIM][2]   = {{1, 0}, {1, 0}, {1, 0}};
    for (PetscInt a = 0; a < dim; a++) AxisWeights(dep, a, c->x[a][p], idx[a], w[a]);
    switch (dim) { /* a point's weight: the exact product of its axis weights */
    case 1:
      for (PetscInt bx = 0; bx < 2; bx++) dep->counts[idx[0][bx]] += (MckCount)w[0][bx];
      break;
    case 2:
      for (PetscInt by = 0; by < 2; by++)
        for (PetscInt bx = 0; bx < 2; bx++)
          dep->counts[idx[0][bx] + n0 * idx[1][by]] += (MckCount)((unsigned __int128)w[0][bx] * w[1][by]);
      break;
    default:
      for (PetscInt bz = 0; bz < 2; bz++)
        for (PetscInt by = 0; by < 2; by++) {
          const unsigned __int128 wyz = (unsigned __int128)w[1][by] * w[2][bz];
          for (PetscInt bx = 0; bx < 2; bx++)
            dep->counts[idx[0][bx] + n0 * idx[1][by] + n01 * idx[2][bz]] += (MckCount)(wyz * w[0][bx]);
        }
    }
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_DepositAdd, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* 2^(-32 d), exactly: the unit of one count (a product of d axis weights in units of 2^-32). */
static PetscReal CountUnit(MckDeposit dep)
{
  PetscReal unit = 1;
  for (PetscInt a = 0; a < dep->dim; a++) unit *= 0x1p-32;
  return unit;
}

/*@C
  MckDepositEnd - Combines all ranks' counts (one MPI_Reduce_scatter) and writes the density of
  N particles into rho.

  Collective

  Input Parameters:
+ dep - the deposit
- N   - the number of particles deposited on all ranks

  Output Parameter:
. rho - a global Vec of the grid: the probability density (sum_i rho_i h^d = 1)

  Level: intermediate

.seealso: `MckDepositBegin()`, `MckDepositAddChunk()`, `MckDepositParticles()`
@*/
PetscErrorCode MckDepositEnd(MckDeposit dep, PetscInt64 N, Vec rho)
{
  PetscScalar *r;
  PetscInt     nlocal;
  /* a count times 2^(-32 d) is the exact number of particles (a power of two: exact); times inv
   * one rounding */
  const PetscReal inv = 1.0 / ((PetscReal)N * dep->cellvolume);

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(dep, MCK_DEPOSIT_CLASSID, 1);
  /* a point's count is below (N + 1) 2^(32 d): keep it below 2^126 */
  PetscCheck(N > 0 && (dep->dim < 3 || N < ((PetscInt64)1 << 30)), dep->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "MckDepositEnd: N = %" PetscInt64_FMT " particles: allowed 1 to 2^30 (3D) or 2^62", N);
  dep->N = N;
  PetscCall(VecGetLocalSize(rho, &nlocal));
  PetscCheck(nlocal == dep->nown, PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP,
             "MckDepositEnd: rho has %" PetscInt_FMT " local points, the grid slab %" PetscInt_FMT, nlocal, dep->nown);
  PetscCall(PetscLogEventBegin(MCK_EVENT_DepositReduce, 0, 0, 0, 0));
  PetscCall(MckCountsReduceScatter(dep->exact));
  PetscCall(VecGetArrayWrite(rho, &r));
  PetscCall(MckCountsGetOwnedReals(dep->exact, CountUnit(dep) * inv, r));
  PetscCall(VecRestoreArrayWrite(rho, &r));
  PetscCall(PetscLogEventEnd(MCK_EVENT_DepositReduce, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/*@C
  MckDepositParticles - The density of all particles of p: begin, every local chunk, end.

  Collective

  Input Parameters:
+ dep - the deposit
- p   - the particles, in the grid's periodic box and dimension

  Output Parameter:
. rho - a global Vec of the grid

  Note:
  A particle box or dimension other than the grid's is a user error naming -particles_box and -grid_L.

  Level: intermediate

.seealso: `MckDepositEstimate()`, `MckDepositGetMass()`
@*/
PetscErrorCode MckDepositParticles(MckDeposit dep, MckParticles p, Vec rho)
{
  PetscBool        periodic;
  const PetscReal *L;
  PetscInt64       N;
  PetscInt         dim, nchunks;

  PetscFunctionBeginUser;
  PetscCall(MckParticlesGetBox(p, &periodic, &L));
  PetscCall(MckParticlesGetSizes(p, &N, &dim, NULL, NULL));
  PetscValidHeaderSpecific(dep, MCK_DEPOSIT_CLASSID, 1);
  PetscCheck(dim == dep->dim, dep->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT " differs from %s %" PetscInt_FMT
             ": the density needs a grid of the particles' dimension",
             McKeanOptionName((PetscObject)p, "-particles_dim"), dim,
             McKeanOptionName((PetscObject)dep->grid, "-grid_dim"), dep->dim);
  PetscCheck(periodic, dep->comm, PETSC_ERR_USER_INPUT,
             "depositing particles on a grid needs a periodic box: set %s to the grid's %s",
             McKeanOptionName((PetscObject)p, "-particles_box"), McKeanOptionName((PetscObject)dep->grid, "-grid_L"));
  for (PetscInt a = 0; a < dim; a++)
    PetscCheck(L[a] == dep->L[a], dep->comm, PETSC_ERR_USER_INPUT,
               "%s %g differs from %s %g along axis %" PetscInt_FMT ": the particles' box must be the grid's",
               McKeanOptionName((PetscObject)p, "-particles_box"), (double)L[a],
               McKeanOptionName((PetscObject)dep->grid, "-grid_L"), (double)dep->L[a], a);
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

/*@C
  MckDepositGetMass - The mass of the last `MckDepositEnd()`, from the exact integer counts.

  Collective (one small reduction)

  Input Parameter:
. dep - the deposit

  Output Parameter:
. mass - exactly 1 unless a particle was lost

  Level: intermediate

.seealso: `MckDepositEnd()`, `MckCountsGetTotal()`
@*/
PetscErrorCode MckDepositGetMass(MckDeposit dep, PetscReal *mass)
{
  PetscReal deposited;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(dep, MCK_DEPOSIT_CLASSID, 1);
  /* the number of particles deposited, exactly (an integer below 2^53), over N */
  PetscCall(MckCountsGetTotal(dep->exact, CountUnit(dep), &deposited));
  PetscCheck(dep->N > 0, dep->comm, PETSC_ERR_ORDER, "MckDepositGetMass() before MckDepositEnd()");
  *mass = deposited / (PetscReal)dep->N;
  PetscFunctionReturn(0);
}

/*@C
  MckDepositDistanceL1 - The L1 distance h^d sum_i |a_i - b_i| of two grid Vecs, summed reproducibly.

  Collective

  Input Parameters:
+ dep - the deposit (its grid's)
. a   - a grid Vec
- b   - a grid Vec

  Output Parameter:
. l1 - the distance, bitwise the same on any rank count (per plane of the slab axis in a
       fixed order, planes added exactly by `MckStats`)

  Level: intermediate

.seealso: `MckDepositCompare()`
@*/
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

/*@C
  MckDepositExpectation - The expectation of the deposit of particles drawn from the density
  rho, optionally seen through a further smoothing kernel.

  Collective

  Input Parameters:
+ dep    - the deposit
. smooth - the smoothing symbol (may be NULL), multiplying the CIC tent's
           prod_a sinc^2(k_a h_a / 2) (exact for rho band-limited below the Nyquist modes)
. ctx    - its context
- rho    - a grid Vec

  Output Parameter:
. out - a grid Vec (may be rho)

  Level: advanced

.seealso: `MckDepositEstimateExpected()`
@*/
PetscErrorCode MckDepositExpectation(MckDeposit dep, MckGridSymbolFn smooth, void *ctx, Vec rho, Vec out)
{
  PetscReal    h[MCK_GRID_MAX_DIM];
  CICSymbolCtx c = {h, smooth, ctx};

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(dep, MCK_DEPOSIT_CLASSID, 1);
  for (PetscInt a = 0; a < dep->dim; a++) h[a] = dep->L[a] / dep->n[a];
  PetscCall(MckGridConvolve(dep->grid, CICSymbol, &c, rho, out));
  PetscFunctionReturn(0);
}

/*@C
  MckDepositGetMessageBytes - Bytes one `MckDepositEnd()` sends per rank.

  Not Collective

  Input Parameter:
. dep - the deposit

  Output Parameter:
. bytes - 16 bytes per grid point

  Level: intermediate

.seealso: `MckCountsGetMessageBytes()`
@*/
PetscErrorCode MckDepositGetMessageBytes(MckDeposit dep, PetscInt64 *bytes)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(dep, MCK_DEPOSIT_CLASSID, 1);
  PetscCall(MckCountsGetMessageBytes(dep->exact, bytes));
  PetscFunctionReturn(0);
}

/*@C
  MckDepositView - Prints the deposit's grid size, estimator bandwidth and message size.

  Collective

  Input Parameters:
+ dep    - the deposit
- viewer - an ASCII viewer (NULL: standard output)

  Level: intermediate

.seealso: `MckDepositCreate()`
@*/
PetscErrorCode MckDepositView(MckDeposit dep, PetscViewer viewer)
{
  PetscInt64 bytes;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(dep, MCK_DEPOSIT_CLASSID, 1);
  PetscCall(MckCountsGetMessageBytes(dep->exact, &bytes));
  PetscCall(McKeanObjectViewBegin((PetscObject)dep, &viewer, NULL));
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "  cloud-in-cell on %" PetscInt_FMT " grid points (%" PetscInt_FMT
                                   "D), exact counts, %" PetscInt64_FMT
                                   " bytes reduce-scattered per deposit; estimator bandwidth %g\n",
                                   dep->G, dep->dim, bytes, (double)dep->bandwidth));
  PetscFunctionReturn(0);
}

/*@C
  MckDepositDestroy - Drops a reference to the deposit, freeing it with the last.

  Collective

  Input Parameter:
. dep - the deposit

  Level: intermediate

.seealso: `MckDepositCreate()`
@*/
PetscErrorCode MckDepositDestroy(MckDeposit *dep)
{
  PetscBool last;

  PetscFunctionBeginUser;
  PetscCall(McKeanObjectRelease((PetscObject *)dep, MCK_DEPOSIT_CLASSID, &last));
  if (!last) PetscFunctionReturn(0);
  PetscCall(MckCountsDestroy(&(*dep)->exact));
  PetscCall(VecDestroy(&(*dep)->estimate));
  PetscCall(VecDestroy(&(*dep)->expected));
  PetscCall(MckStatsDestroy(&(*dep)->l1));
  PetscCall(MckGridDestroy(&(*dep)->grid));
  PetscCall(PetscHeaderDestroy(dep));
  PetscFunctionReturn(0);
}
