/* MckGrid: the object, its options, the slab-aligned DMDA and the FFTW plans. */
#include "gridimpl.h"

PetscClassId  MCK_GRID_CLASSID;
PetscLogEvent MCK_EVENT_GridFFTForward, MCK_EVENT_GridFFTBackward, MCK_EVENT_GridTranspose, MCK_EVENT_GridGradient,
    MCK_EVENT_GridLaplacian, MCK_EVENT_GridHelmholtz, MCK_EVENT_GridConvolve, MCK_EVENT_GridSpectrum;
static PetscBool MckGridPackageInitialized;

static const char *const MckGridPlanKinds[] = {"estimate", "measure", "patient"};
static const unsigned    MckGridPlanFlags[] = {FFTW_ESTIMATE, FFTW_MEASURE, FFTW_PATIENT};
/* 2D: the transforms' global transpose (slabfft.c), or FFTW-MPI's own 2D plans */
static const char *const MckGridTransposes[] = {"alltoallv", "fftw"};

/* Whether the 2D transforms are the grid's own (slabfft.c) rather than FFTW-MPI's plans: on more
 * than one rank (on one there is no global transpose to save, and FFTW's local one was 2-5%
 * faster, docs/performance.md), unless -grid_transpose fftw. */
static PetscBool UsesSlabFFT(MckGrid g)
{
  PetscMPIInt size;

  if (MPI_Comm_size(g->comm, &size)) return PETSC_FALSE;
  return (PetscBool)(g->dim == 2 && size > 1 && !strcmp(MckGridTransposes[g->transpose], "alltoallv"));
}

static PetscErrorCode MckGridFinalizePackage(void)
{
  PetscFunctionBeginUser;
  MckGridPackageInitialized = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/*@C
  MckGridInitializePackage - Registers the grid layer's class and log events; called by
  `MckGridCreate()`.

  Not Collective

  Level: developer

.seealso: `MckGridCreate()`
@*/
PetscErrorCode MckGridInitializePackage(void)
{
  PetscFunctionBeginUser;
  if (MckGridPackageInitialized) PetscFunctionReturn(0);
  MckGridPackageInitialized = PETSC_TRUE;
  PetscCall(PetscClassIdRegister("McKean grid", &MCK_GRID_CLASSID));
  PetscCall(PetscLogEventRegister("MckGridFFTFwd", MCK_GRID_CLASSID, &MCK_EVENT_GridFFTForward));
  PetscCall(PetscLogEventRegister("MckGridFFTBwd", MCK_GRID_CLASSID, &MCK_EVENT_GridFFTBackward));
  PetscCall(PetscLogEventRegister("MckGridTranspose", MCK_GRID_CLASSID, &MCK_EVENT_GridTranspose));
  PetscCall(PetscLogEventRegister("MckGridGradient", MCK_GRID_CLASSID, &MCK_EVENT_GridGradient));
  PetscCall(PetscLogEventRegister("MckGridLaplacian", MCK_GRID_CLASSID, &MCK_EVENT_GridLaplacian));
  PetscCall(PetscLogEventRegister("MckGridHelmholtz", MCK_GRID_CLASSID, &MCK_EVENT_GridHelmholtz));
  PetscCall(PetscLogEventRegister("MckGridConvolve", MCK_GRID_CLASSID, &MCK_EVENT_GridConvolve));
  PetscCall(PetscLogEventRegister("MckGridSpectrum", MCK_GRID_CLASSID, &MCK_EVENT_GridSpectrum));
  PetscCall(PetscRegisterFinalize(MckGridFinalizePackage));
  PetscFunctionReturn(0);
}

/* A grid added to a run (MckRunAddObject) records its sizes and box with the checkpoint, so that a
 * restart on another grid is refused naming -grid_n, before whatever was computed on the grid. */
MCK_CONFIG_METHOD(GridConfig, MckGrid, MckGridConfig)
static const MckCheckpointOps GridCheckpointOps = {.config = GridConfig};

/*@C
  MckGridCreate - Creates a periodic grid: a DMDA whose ownership matches FFTW-MPI's slabs,
  with the spectral operators that use it.

  Collective

  Input Parameter:
. comm - the communicator of the ranks that share the grid

  Output Parameter:
. g - the grid: 2D, 32 points per axis, box sides 1, stencil width 1, until set otherwise

  Note:
  A grid takes part in checkpoints: added to a run (`MckRunAddObject()`), it records its settings
  (`MckGridConfig()`), and a restart on another grid is refused naming -grid_n or -grid_L.

  Level: beginner

.seealso: `MckGridSetFromOptions()`, `MckGridSetUp()`, `MckGridDestroy()`, `MckGridSetOptionsPrefix()`,
          `MckGridConfig()`, `MckRunAddObject()`
@*/
PetscErrorCode MckGridCreate(MPI_Comm comm, MckGrid *g)
{
  MckGrid x;

  PetscFunctionBeginUser;
  PetscValidPointer(g, 2);
  PetscCall(MckGridInitializePackage());
  PetscCall(PetscHeaderCreate(x, MCK_GRID_CLASSID, "MckGrid", "Periodic spectral grid", "MckGrid", comm, MckGridDestroy,
                              MckGridView));
  x->comm    = PetscObjectComm((PetscObject)x);
  x->dim     = 2;
  x->stencil = 1;
  for (PetscInt a = 0; a < MCK_GRID_MAX_DIM; a++) {
    x->n[a] = 32;
    x->L[a] = 1.0;
  }
  PetscCall(MckObjectComposeCheckpoint((PetscObject)x, &GridCheckpointOps));
  *g = x;
  PetscFunctionReturn(0);
}

/*@C
  MckGridSetOptionsPrefix - Sets the prefix of the grid's options (-<prefix>grid_n ...).

  Logically Collective

  Input Parameters:
+ g      - the grid
- prefix - the prefix, without the leading dash (NULL: none)

  Level: intermediate

.seealso: `MckGridSetFromOptions()`, `MckFieldSetOptionsPrefix()`
@*/
PetscErrorCode MckGridSetOptionsPrefix(MckGrid g, const char prefix[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(g, MCK_GRID_CLASSID, 1);
  PetscCall(PetscObjectSetOptionsPrefix((PetscObject)g, prefix));
  PetscFunctionReturn(0);
}

/*@C
  MckGridSetSizes - Sets the dimension and the points per axis (defaults the options may override).

  Logically Collective

  Input Parameters:
+ g   - the grid, not set up
. dim - the dimension, 1 to `MCK_GRID_MAX_DIM`
- n   - points per axis, n[0..dim) in axis order x, y, z

  Level: intermediate

.seealso: `MckGridSetBox()`, `MckGridSetFromOptions()`
@*/
PetscErrorCode MckGridSetSizes(MckGrid g, PetscInt dim, const PetscInt n[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(g, MCK_GRID_CLASSID, 1);
  PetscCheck(!g->setup, g->comm, PETSC_ERR_ORDER, "MckGridSetSizes() after MckGridSetUp()");
  PetscCheck(dim >= 1 && dim <= MCK_GRID_MAX_DIM, g->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "grid dimension %" PetscInt_FMT ": allowed 1, 2, 3", dim);
  g->dim = dim;
  for (PetscInt a = 0; a < dim; a++) g->n[a] = n[a];
  PetscFunctionReturn(0);
}

/*@C
  MckGridSetBox - Sets the sides of the periodic box (defaults the options may override).

  Logically Collective

  Input Parameters:
+ g - the grid, not set up
- L - the sides L[0..dim) in axis order x, y, z

  Level: intermediate

.seealso: `MckGridSetSizes()`, `MckGridSetFromOptions()`
@*/
PetscErrorCode MckGridSetBox(MckGrid g, const PetscReal L[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(g, MCK_GRID_CLASSID, 1);
  PetscCheck(!g->setup, g->comm, PETSC_ERR_ORDER, "MckGridSetBox() after MckGridSetUp()");
  for (PetscInt a = 0; a < g->dim; a++) g->L[a] = L[a];
  PetscFunctionReturn(0);
}

/*@C
  MckGridSetVecCount - How many vectors of the grid its user will hold: `MckGridSetUp()` counts
  them in the memory it checks before allocating.

  Logically Collective

  Input Parameters:
+ g     - the grid (set up already: no effect)
- nvecs - the number of vectors (global or local, of one value per point)

  Level: intermediate

.seealso: `MckGridSetUp()`, `McKeanCheckMemory()`
@*/
PetscErrorCode MckGridSetVecCount(MckGrid g, PetscInt nvecs)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(g, MCK_GRID_CLASSID, 1);
  g->nvecs = nvecs; /* after MckGridSetUp() without effect: the memory was checked */
  PetscFunctionReturn(0);
}

/* "-grid_n 8,6,10" as the user would write it, for messages. */
static PetscErrorCode FormatSizes(MckGrid g, char buf[], size_t len)
{
  PetscFunctionBeginUser;
  buf[0] = 0;
  for (PetscInt a = 0; a < g->dim; a++) {
    char one[32];
    PetscCall(PetscSNPrintf(one, sizeof(one), "%s%" PetscInt_FMT, a ? "," : "", g->n[a]));
    PetscCall(PetscStrlcat(buf, one, len));
  }
  PetscFunctionReturn(0);
}

/*@C
  MckGridSetFromOptions - Sets the grid from the options database, under its prefix.

  Collective

  Input Parameter:
. g - the grid, not set up

  Options Database Keys:
+ -grid_dim <1|2|3>                        - space dimension
. -grid_n <N or Nx,Ny[,Nz]>                - points: one value for all axes or one per axis
. -grid_L <L or Lx,Ly[,Lz]>                - periodic box side(s)
. -grid_stencil_width <s>                  - ghost width of the DMDA (every rank needs at least s planes)
. -grid_fftw_plan <estimate|measure|patient> - FFTW planning effort (estimate is deterministic)
. -grid_transpose <alltoallv|fftw>         - 2D on several ranks: FFTW's row plans with one MPI_Alltoallv per transform
                                             (default), or FFTW-MPI's 2D plans; the same bits
- -grid_view                               - view the grid at set-up

  Level: beginner

.seealso: `MckGridCreate()`, `MckGridSetUp()`, `MckGridSetOptionsPrefix()`
@*/
PetscErrorCode MckGridSetFromOptions(MckGrid g)
{
  /* one slot more than any grid needs: PETSc silently drops values beyond the array, and
   * "-grid_n 8,8,8,8" must be refused, not read as 8,8,8 */
  PetscInt    n[MCK_GRID_MAX_DIM + 1], nn = MCK_GRID_MAX_DIM + 1, nL = MCK_GRID_MAX_DIM + 1;
  PetscReal   L[MCK_GRID_MAX_DIM + 1];
  PetscBool   nset, Lset;
  PetscObject obj = (PetscObject)g;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(g, MCK_GRID_CLASSID, 1);
  PetscCheck(!g->setup, g->comm, PETSC_ERR_ORDER, "MckGridSetFromOptions() after MckGridSetUp()");
  for (PetscInt a = 0; a <= MCK_GRID_MAX_DIM; a++) {
    n[a] = g->n[PetscMin(a, MCK_GRID_MAX_DIM - 1)];
    L[a] = g->L[PetscMin(a, MCK_GRID_MAX_DIM - 1)];
  }
  PetscObjectOptionsBegin(obj);
  MckOptionsCall(MckOptionsInt("-grid_dim", "Space dimension of the grid (1, 2 or 3)", g->dim, &g->dim, NULL));
  MckOptionsCall(
      MckOptionsIntArray("-grid_n", "Grid points: one value for all axes or one per axis (x,y,z)", n, &nn, &nset));
  MckOptionsCall(MckOptionsRealArray("-grid_L", "Periodic box side(s): one value for all axes or one per axis (x,y,z)",
                                     L, &nL, &Lset));
  MckOptionsCall(MckOptionsInt("-grid_stencil_width",
                               "Ghost width of the DMDA (each rank needs at least this many planes)", g->stencil,
                               &g->stencil, NULL));
  MckOptionsCall(MckOptionsChoice("-grid_fftw_plan",
                                  "FFTW planning effort (measure/patient time candidate plans at set-up)",
                                  MckGridPlanKinds, 3, g->plankind, &g->plankind, NULL));
  if (g->dim == 2)
    MckOptionsCall(MckOptionsChoice("-grid_transpose",
                                    "2D transforms: FFTW's row plans and one MPI_Alltoallv, or FFTW-MPI's 2D plans",
                                    MckGridTransposes, 2, g->transpose, &g->transpose, NULL));
  PetscOptionsEnd();
  PetscCheck(g->dim >= 1 && g->dim <= MCK_GRID_MAX_DIM, g->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": allowed values are 1, 2 and 3", McKeanOptionName(obj, "-grid_dim"), g->dim);
  PetscCheck(g->stencil >= 1, g->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": must be at least 1",
             McKeanOptionName(obj, "-grid_stencil_width"), g->stencil);
  if (nset) {
    PetscCheck(nn == 1 || nn == g->dim, g->comm, PETSC_ERR_USER_INPUT,
               "%s: give one size or %" PetscInt_FMT " (one per axis), not %" PetscInt_FMT,
               McKeanOptionName(obj, "-grid_n"), g->dim, nn);
    for (PetscInt a = 0; a < g->dim; a++) g->n[a] = n[nn == 1 ? 0 : a];
  }
  if (Lset) {
    PetscCheck(nL == 1 || nL == g->dim, g->comm, PETSC_ERR_USER_INPUT,
               "%s: give one side length or %" PetscInt_FMT " (one per axis), not %" PetscInt_FMT,
               McKeanOptionName(obj, "-grid_L"), g->dim, nL);
    for (PetscInt a = 0; a < g->dim; a++) g->L[a] = L[nL == 1 ? 0 : a];
  }
  for (PetscInt a = 0; a < g->dim; a++)
    PetscCall(McKeanCheckPositive(g->comm, McKeanOptionName(obj, "-grid_L"), g->L[a]));
  PetscFunctionReturn(0);
}

/* FFTW's default block rule, used only to suggest sizes in a message (the check itself asks
 * FFTW): planes are dealt in blocks of ceil(n/P), so the last rank holds n - (P-1) ceil(n/P). */
static PetscBool SlabSizeWorks(PetscInt n, PetscMPIInt P, PetscInt s)
{
  PetscInt b = (n + P - 1) / P;
  return (PetscBool)(n - (P - 1) * b >= s && b >= s);
}

/* Refuse a grid that FFTW-MPI cannot split into slabs of at least s planes on every rank,
 * asking FFTW itself for its split; *planes (planes per rank, PetscFree), this rank's real slab
 * (local_n0 planes of FFTW's first dimension) and spectral slab (local_n1 of its second). */
static PetscErrorCode CheckSlabs(MckGrid g, PetscInt **planes, ptrdiff_t *local_n0, ptrdiff_t *local_0_start,
                                 ptrdiff_t *local_n1, ptrdiff_t *local_1_start, ptrdiff_t *alloc)
{
  PetscInt      *lz;
  const PetscInt d = g->dim, axis = d - 1;
  ptrdiff_t      nc[MCK_GRID_MAX_DIM];
  PetscMPIInt    size;
  PetscInt       mine, fewest = PETSC_MAX_INT, worst = 0, below, above;
  char           sizes[64], nearest[96];

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(g->comm, &size));
  /* FFTW order (slowest first), complex last dimension n/2+1: the r2c local-size request */
  for (PetscInt i = 0; i < d; i++) nc[i] = g->n[d - 1 - i];
  nc[d - 1] = g->n[0] / 2 + 1;
  *alloc    = fftw_mpi_local_size_many_transposed(d, nc, 1, FFTW_MPI_DEFAULT_BLOCK, FFTW_MPI_DEFAULT_BLOCK, g->comm,
                                                  local_n0, local_0_start, local_n1, local_1_start);
  mine      = (PetscInt)*local_n0;
  PetscCall(PetscMalloc1(size, &lz));
  PetscCallMPI(MPI_Allgather(&mine, 1, MPIU_INT, lz, 1, MPIU_INT, g->comm));
  for (PetscMPIInt r = 0; r < size; r++)
    if (lz[r] < fewest) {
      fewest = lz[r];
      worst  = r;
    }
  if (fewest >= g->stencil) {
    *planes = lz;
    PetscFunctionReturn(0);
  }
  PetscCall(PetscFree(lz)); /* a caught error must not leak */
  for (below = g->n[axis] - 1; below >= 1 && !SlabSizeWorks(below, size, g->stencil); below--) {}
  for (above = g->n[axis] + 1; !SlabSizeWorks(above, size, g->stencil); above++) {}
  PetscCall(FormatSizes(g, sizes, sizeof(sizes)));
  if (below >= 1)
    PetscCall(
        PetscSNPrintf(nearest, sizeof(nearest), "the nearest are %" PetscInt_FMT " and %" PetscInt_FMT, below, above));
  else PetscCall(PetscSNPrintf(nearest, sizeof(nearest), "the smallest is %" PetscInt_FMT, above));
  SETERRQ(
      g->comm, PETSC_ERR_USER_INPUT,
      "%s %s: FFTW-MPI splits the slowest axis (%c, %" PetscInt_FMT " planes) over %d ranks in blocks of %" PetscInt_FMT
      ", which leaves rank %d (counting from 0) with %" PetscInt_FMT " planes; every rank needs at least %" PetscInt_FMT
      " (the stencil width). Allowed: sizes n of that axis with ceil(n/%d) >= %" PetscInt_FMT
      " and n - %d*ceil(n/%d) >= %" PetscInt_FMT "; %s",
      McKeanOptionName((PetscObject)g, "-grid_n"), sizes, "xyz"[axis], g -> n[axis], size,
      (g->n[axis] + size - 1) / size, worst, fewest, g -> stencil, size, g -> stencil, size - 1, size, g -> stencil,
      nearest);
}

static PetscErrorCode CheckSizes(MckGrid g)
{
  PetscMPIInt size;
  char        sizes[64];

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(g->comm, &size));
  PetscCall(FormatSizes(g, sizes, sizeof(sizes)));
  for (PetscInt a = 0; a < g->dim; a++)
    PetscCheck(g->n[a] >= PetscMax(2, g->stencil), g->comm, PETSC_ERR_USER_INPUT,
               "%s %s: every axis needs at least %" PetscInt_FMT
               " points (2 and the stencil width), axis %c has %" PetscInt_FMT,
               McKeanOptionName((PetscObject)g, "-grid_n"), sizes, PetscMax(2, g->stencil), "xyz"[a], g -> n[a]);
  {
    /* PETSc's DMDA counts the points (and FFTW's plans the complex modes) in PetscInts */
    PetscInt64 points = 1;

    for (PetscInt a = 0; a < g->dim; a++) points = PetscMin(points * g->n[a], (PetscInt64)PETSC_MAX_INT + 1);
    PetscCheck(points <= PETSC_MAX_INT, g->comm, PETSC_ERR_USER_INPUT,
               "%s %s: the grid has more points than a PetscInt counts; allowed: at most %" PetscInt_FMT " points",
               McKeanOptionName((PetscObject)g, "-grid_n"), sizes, (PetscInt)PETSC_MAX_INT);
  }
  /* 1D uses PETSc's balanced split: the smallest rank holds floor(n/P) points */
  if (g->dim == 1)
    PetscCheck(g->n[0] / size >= g->stencil, g->comm, PETSC_ERR_USER_INPUT,
               "%s %s: a 1D grid on %d ranks gives some rank %" PetscInt_FMT
               " points, fewer than the stencil width %" PetscInt_FMT "; allowed: n >= %" PetscInt_FMT,
               McKeanOptionName((PetscObject)g, "-grid_n"), sizes, size, g->n[0] / size, g->stencil,
               (PetscInt)size * g->stencil);
  PetscFunctionReturn(0);
}

/* Refuse before allocating a grid the node cannot hold: FFTW's two buffers (alloc complex
 * numbers each; in 2D on several ranks two more at most: the transposes' send and receive
 * buffers, slabfft.c), the DMDA's ghosted index and the vectors the grid's user will hold
 * (nvecs). */
static PetscErrorCode CheckMemory(MckGrid g, ptrdiff_t local_n0, ptrdiff_t alloc)
{
  PetscLogDouble points = 1, ghosted = 1, bytes;
  char           sizes[64];

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < g->dim; a++) {
    const PetscReal na = (g->dim > 1 && a == g->dim - 1) ? (PetscReal)local_n0 : (PetscReal)g->n[a];
    points *= na;
    ghosted *= na + 2.0 * g->stencil;
  }
  bytes = (UsesSlabFFT(g) ? 4 : 2) * 16.0 * (PetscLogDouble)alloc + sizeof(PetscInt) * ghosted +
          8.0 * PetscMax(g->nvecs, 1) * points;
  PetscCall(FormatSizes(g, sizes, sizeof(sizes)));
  PetscCall(McKeanCheckMemory(g->comm, McKeanOptionName((PetscObject)g, "-grid_n"), sizes, bytes));
  PetscFunctionReturn(0);
}

/* The DMDA: one process along every axis but the slowest, which gets FFTW's slabs. */
static PetscErrorCode CreateDMDA(MckGrid g, const PetscInt lz[])
{
  PetscMPIInt          size;
  const DMBoundaryType P = DM_BOUNDARY_PERIODIC;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(g->comm, &size));
  switch (g->dim) {
  case 1: PetscCall(DMDACreate1d(g->comm, P, g->n[0], 1, g->stencil, NULL, &g->da)); break;
  case 2:
    PetscCall(
        DMDACreate2d(g->comm, P, P, DMDA_STENCIL_BOX, g->n[0], g->n[1], 1, size, 1, g->stencil, NULL, lz, &g->da));
    break;
  default:
    PetscCall(DMDACreate3d(g->comm, P, P, P, DMDA_STENCIL_BOX, g->n[0], g->n[1], g->n[2], 1, 1, size, 1, g->stencil,
                           NULL, NULL, lz, &g->da));
    break;
  }
  /* no DMSetFromOptions: a -da_processors_* option would break the alignment with FFTW */
  PetscCall(DMSetUp(g->da));
  /* point i of axis a sits at x = i L_a / n_a (PETSc spaces periodic axes by L/n) */
  PetscCall(DMDASetUniformCoordinates(g->da, 0, g->L[0], 0, g->L[1], 0, g->L[2]));
  PetscFunctionReturn(0);
}

/* Wavenumbers of slot s (global size N along an axis of side L, local indices start..start+cnt):
 * index i stands for mode i or i - N (whichever lies in (-N/2, N/2]); the r2c half-axis holds
 * only i = 0..N/2. kodd zeroes the Nyquist index N/2 of an even N; hw is 2 on the half-axis
 * where the stored mode also stands for its mirror -k (not on i = 0 or the Nyquist index). */
static PetscErrorCode SetWavenumbers(MckGrid g, PetscInt s, PetscInt N, PetscReal L, PetscBool half, PetscInt start,
                                     PetscInt cnt)
{
  PetscFunctionBeginUser;
  PetscCall(PetscMalloc3(cnt, &g->k[s], cnt, &g->kodd[s], cnt, &g->hw[s]));
  for (PetscInt j = 0; j < cnt; j++) {
    PetscInt  i = start + j, m = (i <= N / 2) ? i : i - N;
    PetscBool nyquist = (PetscBool)(N && N % 2 == 0 && i == N / 2);
    g->k[s][j]        = N ? 2 * PETSC_PI * (PetscReal)m / L : 0;
    g->kodd[s][j]     = nyquist ? 0 : g->k[s][j];
    g->hw[s][j]       = (half && i != 0 && !nyquist) ? 2 : 1;
  }
  PetscFunctionReturn(0);
}

/* Real slab: axis a in slot 2 - a, FFTW's first dimension (the slowest axis) local. Spectrum:
 * FFTW's transposed output (see gridimpl.h), its second dimension local. */
static PetscErrorCode SetLayout(MckGrid g, ptrdiff_t local_n0, ptrdiff_t local_n1, ptrdiff_t local_1_start)
{
  static const PetscInt slot_axis[3][3] = {{-1, -1, 0}, {-1, 0, 1}, {1, 2, 0}}; /* by dim */
  const PetscInt        d               = g->dim;

  PetscFunctionBeginUser;
  for (PetscInt s = 0; s < 3; s++) g->rn[s] = 1;
  for (PetscInt a = 0; a < d; a++) g->rn[2 - a] = g->n[a];
  if (d >= 2) g->rn[3 - d] = (PetscInt)local_n0;
  for (PetscInt s = 0; s < 3; s++) {
    const PetscInt a    = slot_axis[d - 1][s];
    PetscBool      dist = (PetscBool)(d >= 2 && s == 3 - d);
    PetscInt       N = 0, start = 0;
    PetscReal      L = 1;

    g->cn[s] = 1;
    if (a >= 0) {
      N               = g->n[a];
      L               = g->L[a];
      g->cn[s]        = a == 0 ? N / 2 + 1 : N;
      g->axis_slot[a] = s;
    }
    if (dist) {
      g->cn[s] = (PetscInt)local_n1;
      start    = (PetscInt)local_1_start;
    }
    PetscCall(SetWavenumbers(g, s, N, L, (PetscBool)(a == 0), start, g->cn[s]));
  }
  g->nmodes = g->cn[0] * g->cn[1] * g->cn[2];
  g->scale  = 1.0;
  for (PetscInt a = 0; a < d; a++) g->scale /= (PetscReal)g->n[a];
  PetscFunctionReturn(0);
}

/* 1D: counts and displacements of every rank's DMDA points for the gather. */
static PetscErrorCode SetGather(MckGrid g)
{
  PetscMPIInt     size;
  const PetscInt *lx;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(g->comm, &size));
  PetscCall(DMDAGetOwnershipRanges(g->da, &lx, NULL, NULL));
  PetscCall(PetscMalloc2(size, &g->counts, size, &g->displs));
  for (PetscMPIInt r = 0, off = 0; r < size; r++) {
    g->counts[r] = (PetscMPIInt)lx[r];
    g->displs[r] = off;
    off += (PetscMPIInt)lx[r];
  }
  PetscFunctionReturn(0);
}

/* Plans on the in-place padded buffer. In 1D every rank plans the same serial transform; with
 * measure/patient rank 0 plans first and broadcasts its wisdom so that all ranks run the same
 * algorithm on their (identical) replicated data. 2D: FFTW's row plans and the grid's own
 * transposes (slabfft.c), which give FFTW-MPI's bits faster, unless -grid_transpose fftw. */
static PetscErrorCode MakePlans(MckGrid g, ptrdiff_t local_0_start, ptrdiff_t local_1_start)
{
  const unsigned flags = MckGridPlanFlags[g->plankind];
  fftw_complex  *c     = (fftw_complex *)g->data;
  ptrdiff_t      nf[MCK_GRID_MAX_DIM];
  PetscMPIInt    rank;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(g->comm, &rank));
  if (UsesSlabFFT(g)) {
    PetscCall(
        MckGridSlabFFTCreate_Private(g, flags, (PetscInt)local_0_start, g->rn[1], (PetscInt)local_1_start, g->cn[1]));
    PetscFunctionReturn(0);
  }
  if (g->replicated) {
    const int n = (int)g->n[0];
    if (flags != FFTW_ESTIMATE) {
      if (!rank) {
        fftw_plan p = fftw_plan_dft_r2c_1d(n, g->data, c, flags), q = fftw_plan_dft_c2r_1d(n, c, g->data, flags);
        if (p) fftw_destroy_plan(p);
        if (q) fftw_destroy_plan(q);
      }
      fftw_mpi_broadcast_wisdom(g->comm);
    }
    g->fwd = fftw_plan_dft_r2c_1d(n, g->data, c, flags);
    g->bwd = fftw_plan_dft_c2r_1d(n, c, g->data, flags);
  } else {
    for (PetscInt i = 0; i < g->dim; i++) nf[i] = g->n[g->dim - 1 - i];
    /* transposed spectrum: each round trip saves two of FFTW's four global transposes */
    g->fwd = fftw_mpi_plan_dft_r2c((int)g->dim, nf, g->data, c, g->comm, flags | FFTW_MPI_TRANSPOSED_OUT);
    g->bwd = fftw_mpi_plan_dft_c2r((int)g->dim, nf, c, g->data, g->comm, flags | FFTW_MPI_TRANSPOSED_IN);
  }
  PetscCheck(g->fwd && g->bwd, PETSC_COMM_SELF, PETSC_ERR_LIB, "FFTW could not make a plan for the grid");
  PetscFunctionReturn(0);
}

/*@C
  MckGridSetUp - Checks the sizes against the rank count and makes the DMDA, the FFTW buffers and plans.

  Collective

  Input Parameter:
. g - the grid

  Notes:
  A size FFTW-MPI cannot split into slabs of at least the stencil width on every rank is a
  user error naming -grid_n, the value, the rank count and the nearest sizes that work; so is a
  grid the node's memory cannot hold (`McKeanCheckMemory()`, with `MckGridSetVecCount()` vectors).
  With -help the sizes are checked and nothing is allocated or planned: the grid is not set up.

  Level: beginner

.seealso: `MckGridSetFromOptions()`, `MckGridGetDM()`, `MckGridCreateVec()`
@*/
PetscErrorCode MckGridSetUp(MckGrid g)
{
  PetscInt   *lz       = NULL, mine;
  ptrdiff_t   local_n0 = 0, local_0_start = 0, local_n1 = 0, local_1_start = 0, alloc = 0;
  PetscMPIInt size;
  PetscBool   set;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(g, MCK_GRID_CLASSID, 1);
  if (g->setup) PetscFunctionReturn(0);
  PetscCall(CheckSizes(g));
  g->replicated = (PetscBool)(g->dim == 1);
  if (g->replicated) alloc = g->n[0] / 2 + 1;
  else PetscCall(CheckSlabs(g, &lz, &local_n0, &local_0_start, &local_n1, &local_1_start, &alloc));
  /* -help lists the options and runs nothing: a deck sized for many nodes, checked on a login
   * node (mckean-submit), must neither allocate nor plan (FFTW_MEASURE times real transforms) */
  PetscCall(PetscOptionsHasHelp(((PetscObject)g)->options, &g->help));
  if (g->help) {
    PetscCall(PetscFree(lz));
    PetscCall(McKeanObjectViewOptionRead((PetscObject)g, "-grid_view"));
    PetscCall(PetscOptionsHasName(((PetscObject)g)->options, NULL, "-dm_view", &set)); /* DMSetUp's, as a run */
    PetscFunctionReturn(0);
  }
  PetscCall(CheckMemory(g, local_n0, alloc));
  PetscCall(CreateDMDA(g, lz));
  PetscCall(PetscFree(lz));
  if (g->replicated) PetscCall(SetGather(g));
  PetscCall(SetLayout(g, local_n0, local_n1, local_1_start));
  /* spectral planes per rank, for the power spectrum's reduction in global plane order */
  PetscCallMPI(MPI_Comm_size(g->comm, &size));
  PetscCall(PetscMalloc1(size, &g->oplanes));
  mine = g->cn[g->replicated ? 0 : 3 - g->dim];
  PetscCallMPI(MPI_Allgather(&mine, 1, MPIU_INT, g->oplanes, 1, MPIU_INT, g->comm));
  /* alloc (complex numbers) covers the padded real slab and FFTW's transposition scratch */
  g->data = fftw_alloc_real(2 * (size_t)alloc);
  g->hat  = fftw_alloc_real(2 * (size_t)alloc);
  PetscCheck(g->data && g->hat, PETSC_COMM_SELF, PETSC_ERR_MEM, "FFTW could not allocate the grid buffers");
  PetscCall(MakePlans(g, local_0_start, local_1_start));
  g->setup = PETSC_TRUE;
  PetscCall(PetscObjectViewFromOptions((PetscObject)g, NULL, "-grid_view"));
  PetscFunctionReturn(0);
}

/*@C
  MckGridGetDM - The grid's DMDA (periodic, ownership = FFTW's slabs).

  Not Collective

  Input Parameter:
. g - the grid, set up

  Output Parameter:
. da - the DMDA (owned by the grid)

  Level: intermediate

.seealso: `MckGridCreateVec()`
@*/
PetscErrorCode MckGridGetDM(MckGrid g, DM *da)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(g, MCK_GRID_CLASSID, 1);
  PetscCheck(g->setup, g->comm, PETSC_ERR_ORDER, "call MckGridSetUp() first");
  *da = g->da;
  PetscFunctionReturn(0);
}

/*@C
  MckGridGetSizes - The dimension, points per axis and box sides.

  Not Collective

  Input Parameter:
. g - the grid

  Output Parameters:
+ dim - the dimension (may be NULL)
. n   - points per axis, dim values (may be NULL)
- L   - box sides, dim values (may be NULL)

  Level: beginner

.seealso: `MckGridSetSizes()`, `MckGridSetBox()`
@*/
PetscErrorCode MckGridGetSizes(MckGrid g, PetscInt *dim, PetscInt n[], PetscReal L[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(g, MCK_GRID_CLASSID, 1);
  if (dim) *dim = g->dim;
  for (PetscInt a = 0; a < g->dim; a++) {
    if (n) n[a] = g->n[a];
    if (L) L[a] = g->L[a];
  }
  PetscFunctionReturn(0);
}

/*@C
  MckGridGetPlanKind - The FFTW planning effort the grid's transforms were made with.

  Not Collective

  Input Parameter:
. g - the grid

  Output Parameter:
. kind - "estimate", "measure" or "patient" (a static string)

  Options Database Key:
. -grid_fftw_plan <estimate|measure|patient> - the planning effort

  Level: developer

.seealso: `MckGridSetFromOptions()`, `MckGridExecuteTransforms()`
@*/
PetscErrorCode MckGridGetPlanKind(MckGrid g, const char **kind)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(g, MCK_GRID_CLASSID, 1);
  *kind = MckGridPlanKinds[g->plankind];
  PetscFunctionReturn(0);
}

/*@C
  MckGridCreateVec - A global Vec of the grid's DMDA.

  Collective

  Input Parameter:
. g - the grid, set up

  Output Parameter:
. v - the Vec (the caller destroys it)

  Level: beginner

.seealso: `MckGridGetDM()`
@*/
PetscErrorCode MckGridCreateVec(MckGrid g, Vec *v)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(g, MCK_GRID_CLASSID, 1);
  PetscCheck(g->setup, g->comm, PETSC_ERR_ORDER, "call MckGridSetUp() first");
  PetscCall(DMCreateGlobalVector(g->da, v));
  PetscFunctionReturn(0);
}

/*@C
  MckGridConfig - Records or compares the settings a checkpoint of data on the grid depends on:
  -grid_n (as "nx,ny,nz") and -grid_L, keyed with the grid's prefix.

  Collective

  Input Parameters:
+ g     - the grid
. io    - the checkpoint
- check - `PETSC_FALSE` to record, `PETSC_TRUE` to compare (a mismatch is a user-input error)

  Level: developer

.seealso: `MckFieldConfig()`, `MckIOConfigString()`
@*/
PetscErrorCode MckGridConfig(MckGrid g, MckIO io, PetscBool check)
{
  char sizes[64];

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(g, MCK_GRID_CLASSID, 1);
  PetscCall(FormatSizes(g, sizes, sizeof(sizes)));
  PetscCall(MckIOConfigString(io, check, McKeanOptionName((PetscObject)g, "-grid_n"), sizes));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)g, "-grid_L"), g->dim, g->L));
  PetscFunctionReturn(0);
}

/*@C
  MckGridView - Prints the grid's sizes, box, plan and slabs.

  Collective

  Input Parameters:
+ g      - the grid
- viewer - an ASCII viewer (NULL: standard output)

  Options Database Key:
. -grid_view - view the grid at set-up

  Level: intermediate

.seealso: `MckGridSetUp()`
@*/
PetscErrorCode MckGridView(MckGrid g, PetscViewer viewer)
{
  PetscMPIInt     size;
  const PetscInt *l[3];
  char            sizes[64];

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(g, MCK_GRID_CLASSID, 1);
  PetscCallMPI(MPI_Comm_size(g->comm, &size));
  PetscCall(FormatSizes(g, sizes, sizeof(sizes)));
  PetscCall(McKeanObjectViewBegin((PetscObject)g, &viewer, NULL));
  PetscCall(PetscViewerASCIIPushTab(viewer));
  PetscCall(PetscViewerASCIIPrintf(viewer, "%" PetscInt_FMT "D periodic, n = %s, box L =", g->dim, sizes));
  PetscCall(PetscViewerASCIIUseTabs(viewer, PETSC_FALSE));
  for (PetscInt a = 0; a < g->dim; a++) PetscCall(PetscViewerASCIIPrintf(viewer, " %g", (double)g->L[a]));
  PetscCall(PetscViewerASCIIPrintf(viewer, ", stencil width %" PetscInt_FMT ", FFTW plan %s, %d ranks\n", g->stencil,
                                   MckGridPlanKinds[g->plankind], size));
  PetscCall(PetscViewerASCIIUseTabs(viewer, PETSC_TRUE));
  if (g->dim == 2)
    PetscCall(PetscViewerASCIIPrintf(viewer, "2D transforms: %s\n",
                                     UsesSlabFFT(g) ? "FFTW's row plans and the grid's transposes (MPI_Alltoallv)"
                                                    : "FFTW-MPI's plans"));
  if (g->setup && g->replicated)
    PetscCall(
        PetscViewerASCIIPrintf(viewer, "1D: serial FFTW on every rank after an allgather (DMDA split is PETSc's)\n"));
  else if (g->setup) {
    PetscCall(DMDAGetOwnershipRanges(g->da, &l[0], &l[1], &l[2]));
    PetscCall(PetscViewerASCIIPrintf(viewer, "FFTW-MPI slabs of %c, planes per rank:", "xyz"[g->dim - 1]));
    PetscCall(PetscViewerASCIIUseTabs(viewer, PETSC_FALSE));
    for (PetscMPIInt r = 0; r < size; r++)
      PetscCall(PetscViewerASCIIPrintf(viewer, " %" PetscInt_FMT, l[g->dim - 1][r]));
    PetscCall(PetscViewerASCIIPrintf(viewer, "\n"));
    PetscCall(PetscViewerASCIIUseTabs(viewer, PETSC_TRUE));
  }
  PetscCall(PetscViewerASCIIPopTab(viewer));
  PetscFunctionReturn(0);
}

/*@C
  MckGridDestroy - Drops a reference to the grid, freeing it (DMDA, plans, buffers) with the last.

  Collective

  Input Parameter:
. g - the grid

  Level: beginner

.seealso: `MckGridCreate()`
@*/
PetscErrorCode MckGridDestroy(MckGrid *g)
{
  PetscBool last;

  PetscFunctionBeginUser;
  PetscCall(McKeanObjectRelease((PetscObject *)g, MCK_GRID_CLASSID, &last));
  if (!last) PetscFunctionReturn(0);
  if ((*g)->fwd) fftw_destroy_plan((*g)->fwd);
  if ((*g)->bwd) fftw_destroy_plan((*g)->bwd);
  PetscCall(MckGridSlabFFTDestroy_Private(*g));
  if ((*g)->data) fftw_free((*g)->data);
  if ((*g)->hat) fftw_free((*g)->hat);
  for (PetscInt s = 0; s < 3; s++) PetscCall(PetscFree3((*g)->k[s], (*g)->kodd[s], (*g)->hw[s]));
  PetscCall(PetscFree((*g)->oplanes));
  PetscCall(PetscFree2((*g)->counts, (*g)->displs));
  PetscCall(DMDestroy(&(*g)->da));
  PetscCall(PetscHeaderDestroy(g));
  PetscFunctionReturn(0);
}
