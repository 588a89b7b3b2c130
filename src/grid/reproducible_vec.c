/* Vec type "mck_reproducible": a VECMPI whose inner products and norms are bitwise independent
 * of the rank count, for the grid's DMDA vectors (MckGridSetReproducibleReductions).
 *
 * The DMDA's ranks own whole planes of the last axis (FFTW's slabs, gridimpl.h): in 2D whole
 * rows of x, in 3D whole xy-planes, in 1D single points. Each plane is summed on its owner in
 * a fixed order (eight interleaved partial sums, then those in order), the planes' partials are
 * gathered (one MPI_Allgatherv in place of PETSc's MPI_Allreduce: still one collective) and
 * every rank adds them in global plane order. The plane sums are ordinary floating point, so a
 * Krylov method keeps its relative accuracy down to any tolerance (an exact fixed-point sum with
 * an absolute resolution would not). A Krylov solve whose operator and preconditioner are
 * rank-count independent (local stencils, FFTs; see mckgrid.h) is then bitwise reproducible. */
#include "gridimpl.h"
#include <petsc/private/vecimpl.h>

#define MCK_REPRO_LANES 8

typedef struct {
  PetscInt     unit;            /* points per plane */
  PetscInt     nplanes;         /* global planes */
  PetscInt     kmax;            /* partials per plane the buffers hold */
  PetscReal   *mine, *all;      /* this rank's partials, everyone's */
  PetscMPIInt *counts, *displs; /* planes per rank (times k when used) */
} ReproCtx;

static PetscErrorCode ReproCtxDestroy(void *ptr)
{
  ReproCtx *c = (ReproCtx *)ptr;

  PetscFunctionBeginUser;
  PetscCall(PetscFree2(c->mine, c->all));
  PetscCall(PetscFree2(c->counts, c->displs));
  PetscCall(PetscFree(c));
  PetscFunctionReturn(0);
}

/* The plane layout and buffers, kept on the vector's DM (made at MckGridSetReproducibleReductions;
 * the buffers grow once if a call needs more partials per plane than they hold). */
static PetscErrorCode GetCtx(Vec v, PetscInt k, ReproCtx **ctx)
{
  DM             dm;
  PetscContainer box;
  ReproCtx      *c;

  PetscFunctionBeginUser;
  PetscCall(VecGetDM(v, &dm));
  PetscCheck(dm, PetscObjectComm((PetscObject)v), PETSC_ERR_ARG_WRONG,
             "a mck_reproducible Vec must come from the grid's DM (MckGridCreateVec, VecDuplicate)");
  PetscCall(PetscObjectQuery((PetscObject)dm, "MckReproCtx", (PetscObject *)&box));
  PetscCheck(box, PetscObjectComm((PetscObject)v), PETSC_ERR_ORDER, "call MckGridSetReproducibleReductions() first");
  PetscCall(PetscContainerGetPointer(box, (void **)&c));
  if (k > c->kmax) {
    PetscCall(PetscFree2(c->mine, c->all));
    c->kmax = PetscMax(k, 2 * c->kmax);
    PetscCall(PetscMalloc2(c->nplanes * c->kmax, &c->mine, c->nplanes * c->kmax, &c->all));
  }
  *ctx = c;
  PetscFunctionReturn(0);
}

/* Sum over one plane of x_i y_i, x_i^2 or |x_i| in a fixed order: eight interleaved partial
 * sums (independent additions the compiler may put in one vector register without reordering
 * any of them), added in order, then the tail. */
typedef enum { REPRO_DOT, REPRO_SQUARES, REPRO_ABS } ReproKind;

#define PLANE_SUM(TERM)                                         \
  do {                                                          \
    PetscReal acc[MCK_REPRO_LANES] = {0};                       \
    PetscInt  i                    = 0;                         \
    for (; i + MCK_REPRO_LANES <= n; i += MCK_REPRO_LANES)      \
      for (PetscInt l = 0; l < MCK_REPRO_LANES; l++) {          \
        const PetscInt q = i + l;                               \
        acc[l] += TERM;                                         \
      }                                                         \
    for (PetscInt l = 0; l < MCK_REPRO_LANES; l++) s += acc[l]; \
    for (PetscInt q = i; q < n; q++) s += TERM;                 \
  } while (0)

static PetscReal PlaneSum(ReproKind kind, PetscInt n, const PetscReal *restrict x, const PetscReal *restrict y)
{
  PetscReal s = 0;

  switch (kind) {
  case REPRO_DOT: PLANE_SUM(x[q] * y[q]); break;
  case REPRO_SQUARES: PLANE_SUM(x[q] * x[q]); break;
  case REPRO_ABS: PLANE_SUM(PetscAbsReal(x[q])); break;
  }
  return s;
}

/* out[j] = sum over planes, in global order, of the plane sums of x against y[j], j < k. */
static PetscErrorCode ReproSums(Vec x, ReproKind kind, PetscInt k, const Vec y[], PetscReal out[])
{
  ReproCtx          *c;
  const PetscScalar *xa;
  PetscInt           n, planes;
  PetscMPIInt        size;
  MPI_Comm           comm = PetscObjectComm((PetscObject)x);

  PetscFunctionBeginUser;
  PetscCall(GetCtx(x, k, &c));
  PetscCall(VecGetLocalSize(x, &n));
  planes = n / c->unit;
  PetscCall(VecGetArrayRead(x, &xa));
  for (PetscInt j = 0; j < k; j++) {
    const PetscScalar *ya = xa;
    if (y) PetscCall(VecGetArrayRead(y[j], &ya));
    for (PetscInt p = 0; p < planes; p++)
      c->mine[p * k + j] = PlaneSum(kind, c->unit, xa + p * c->unit, ya + p * c->unit);
    if (y) PetscCall(VecRestoreArrayRead(y[j], &ya));
  }
  PetscCall(VecRestoreArrayRead(x, &xa));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  {
    PetscMPIInt *cnt = c->counts + size, *off = c->displs + size; /* the second halves: counts times k */
    for (PetscMPIInt r = 0; r < size; r++) {
      cnt[r] = (PetscMPIInt)(c->counts[r] * k);
      off[r] = (PetscMPIInt)(c->displs[r] * k);
    }
    PetscCallMPI(MPI_Allgatherv(c->mine, (PetscMPIInt)(planes * k), MPIU_REAL, c->all, cnt, off, MPIU_REAL, comm));
  }
  for (PetscInt j = 0; j < k; j++) out[j] = 0;
  for (PetscInt p = 0; p < c->nplanes; p++)
    for (PetscInt j = 0; j < k; j++) out[j] += c->all[p * k + j];
  PetscFunctionReturn(0);
}

static PetscErrorCode VecDot_Repro(Vec x, Vec y, PetscScalar *z)
{
  PetscReal s;

  PetscFunctionBeginUser;
  PetscCall(ReproSums(x, REPRO_DOT, 1, &y, &s));
  *z = s;
  PetscFunctionReturn(0);
}

static PetscErrorCode VecMDot_Repro(Vec x, PetscInt k, const Vec y[], PetscScalar *z)
{
  PetscReal s[64];

  PetscFunctionBeginUser;
  /* in blocks of 64 (GMRES asks for at most its restart length at once) */
  for (PetscInt j0 = 0; j0 < k; j0 += 64) {
    const PetscInt m = PetscMin(64, k - j0);
    PetscCall(ReproSums(x, REPRO_DOT, m, y + j0, s));
    for (PetscInt j = 0; j < m; j++) z[j0 + j] = s[j];
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode VecNorm_Repro(Vec x, NormType type, PetscReal *z)
{
  PetscReal s = 0;

  PetscFunctionBeginUser;
  if (type == NORM_INFINITY) { /* a maximum is exact in any order */
    const PetscScalar *xa;
    PetscInt           n;
    PetscReal          m = 0;
    PetscCall(VecGetLocalSize(x, &n));
    PetscCall(VecGetArrayRead(x, &xa));
    for (PetscInt i = 0; i < n; i++) m = PetscMax(m, PetscAbsScalar(xa[i]));
    PetscCall(VecRestoreArrayRead(x, &xa));
    PetscCallMPI(MPIU_Allreduce(&m, z, 1, MPIU_REAL, MPIU_MAX, PetscObjectComm((PetscObject)x)));
    PetscFunctionReturn(0);
  }
  if (type == NORM_1 || type == NORM_1_AND_2) {
    PetscCall(ReproSums(x, REPRO_ABS, 1, NULL, &s));
    z[0] = s;
  }
  if (type == NORM_2 || type == NORM_FROBENIUS || type == NORM_1_AND_2) {
    PetscCall(ReproSums(x, REPRO_SQUARES, 1, NULL, &s));
    z[type == NORM_1_AND_2 ? 1 : 0] = PetscSqrtReal(s);
  }
  PetscFunctionReturn(0);
}

/* VecSetType(v, "mck_reproducible"): a VECMPI with the sums above. The split-phase and local
 * variants (VecDotBegin, pipelined Krylov methods) are removed, so that nothing falls back to
 * a rank-dependent sum unnoticed. */
static PetscErrorCode VecCreate_MckReproducible(Vec v)
{
  PetscFunctionBeginUser;
  PetscCall(VecSetType(v, VECMPI));
  v->ops->dot         = VecDot_Repro;
  v->ops->tdot        = VecDot_Repro;
  v->ops->mdot        = VecMDot_Repro;
  v->ops->mtdot       = VecMDot_Repro;
  v->ops->norm        = VecNorm_Repro;
  v->ops->dot_local   = NULL;
  v->ops->tdot_local  = NULL;
  v->ops->norm_local  = NULL;
  v->ops->mdot_local  = NULL;
  v->ops->mtdot_local = NULL;
  v->ops->dotnorm2    = NULL;
  PetscCall(PetscObjectChangeTypeName((PetscObject)v, MCK_VEC_REPRODUCIBLE));
  PetscFunctionReturn(0);
}

/*@C
  MckGridSetReproducibleReductions - Makes the global Vecs the grid's DMDA creates from now on
  (`MckGridCreateVec()`, `VecDuplicate()`, `DMCreateGlobalVector()`) compute `VecDot()`,
  `VecMDot()` and `VecNorm()` bitwise independently of the rank count.

  Collective

  Input Parameter:
. g - the grid, set up

  Notes:
  Every plane of the distributed axis is summed by its owner in a fixed order and the planes'
  partials are gathered and added in global order, one collective per call as before. A Krylov
  solve on the grid (local stencils, the grid's FFTs) then gives the same bits on any rank count.
  Vecs made before the call keep PETSc's sums; their duplicates get these.

  Level: intermediate

.seealso: `MckGridCreateVec()`, `MckGridSetUp()`
@*/
PetscErrorCode MckGridSetReproducibleReductions(MckGrid g)
{
  PetscContainer  box;
  ReproCtx       *c;
  PetscMPIInt     size;
  const PetscInt *lplanes;
  PetscInt        N, nlast;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(g, MCK_GRID_CLASSID, 1);
  PetscCheck(g->setup, g->comm, PETSC_ERR_ORDER, "call MckGridSetUp() first");
  PetscCall(
      VecRegister(MCK_VEC_REPRODUCIBLE, VecCreate_MckReproducible)); /* a second registration replaces the first */
  PetscCall(PetscObjectQuery((PetscObject)g->da, "MckReproCtx", (PetscObject *)&box));
  if (box) PetscFunctionReturn(0);
  PetscCallMPI(MPI_Comm_size(g->comm, &size));
  PetscCall(PetscNew(&c));
  N = 1;
  for (PetscInt a = 0; a < g->dim; a++) N *= g->n[a];
  nlast      = g->n[g->dim - 1];
  c->unit    = g->dim == 1 ? 1 : N / nlast;
  c->nplanes = g->dim == 1 ? N : nlast;
  c->kmax    = 32;
  PetscCall(PetscMalloc2(c->nplanes * c->kmax, &c->mine, c->nplanes * c->kmax, &c->all));
  PetscCall(PetscMalloc2(2 * size, &c->counts, 2 * size, &c->displs));
  switch (g->dim) { /* the DMDA's ownership of the last axis, in rank order */
  case 1: PetscCall(DMDAGetOwnershipRanges(g->da, &lplanes, NULL, NULL)); break;
  case 2: PetscCall(DMDAGetOwnershipRanges(g->da, NULL, &lplanes, NULL)); break;
  default: PetscCall(DMDAGetOwnershipRanges(g->da, NULL, NULL, &lplanes)); break;
  }
  for (PetscMPIInt r = 0, off = 0; r < size; r++) {
    c->counts[r] = (PetscMPIInt)lplanes[r];
    c->displs[r] = off;
    off += (PetscMPIInt)lplanes[r];
  }
  PetscCall(PetscContainerCreate(PETSC_COMM_SELF, &box));
  PetscCall(PetscContainerSetPointer(box, c));
  PetscCall(PetscContainerSetUserDestroy(box, ReproCtxDestroy));
  PetscCall(PetscObjectCompose((PetscObject)g->da, "MckReproCtx", (PetscObject)box));
  PetscCall(PetscContainerDestroy(&box));
  PetscCall(DMSetVecType(g->da, MCK_VEC_REPRODUCIBLE));
  PetscFunctionReturn(0);
}
