/* MckParticles: SoA storage, chunk-aligned ownership, initial conditions, I/O. */
#include <mckean/mckparticles.h>
#include <mckean/mckstats.h>

typedef enum { MCK_INIT_GAUSSIAN, MCK_INIT_UNIFORM, MCK_INIT_POINT } MckInitKind;
static const char *const MckInitKinds[] = {"gaussian", "uniform", "point", "MckInitKind", "MCK_INIT_", NULL};

struct _p_MckParticles {
  MPI_Comm    comm;
  PetscInt64  N, gstart;
  PetscInt    dim, nlocal, chunk, nchunks;
  PetscBool   periodic;
  PetscReal   L[MCK_MAX_DIM];
  MckInitKind init;
  PetscReal   init_mean[MCK_MAX_DIM], init_std;
  PetscReal  *x[MCK_MAX_DIM], *v[MCK_MAX_DIM];
  PetscBool   setup;
};

PetscErrorCode MckParticlesCreate(MPI_Comm comm, MckParticles *p)
{
  PetscFunctionBeginUser;
  PetscCall(PetscNew(p));
  (*p)->comm     = comm;
  (*p)->N        = 1000;
  (*p)->dim      = 1;
  (*p)->chunk    = 256;
  (*p)->init     = MCK_INIT_GAUSSIAN;
  (*p)->init_std = 1.0;
  PetscFunctionReturn(0);
}

PetscErrorCode MckParticlesSetSizes(MckParticles p, PetscInt64 N, PetscInt dim)
{
  PetscFunctionBeginUser;
  p->N   = N;
  p->dim = dim;
  PetscFunctionReturn(0);
}

PetscErrorCode MckParticlesSetFromOptions(MckParticles p)
{
  PetscInt  n = (PetscInt)p->N, nbox = MCK_MAX_DIM, nmean = MCK_MAX_DIM, init = (PetscInt)p->init;
  PetscReal box[MCK_MAX_DIM] = {0, 0, 0};
  PetscBool boxset;

  PetscFunctionBeginUser;
  PetscOptionsBegin(p->comm, NULL, "Particle system options", NULL);
  PetscCall(MckOptionsInt("-particles_n", "Number of particles on all ranks", n, &n, NULL));
  PetscCall(MckOptionsInt("-particles_dim", "Space dimension (1, 2 or 3)", p->dim, &p->dim, NULL));
  PetscCall(MckOptionsInt("-particles_chunk_size", "Particles per chunk, the unit of reproducible summation (multiple of 8)", p->chunk, &p->chunk, NULL));
  PetscCall(MckOptionsRealArray("-particles_box", "Periodic box side(s) L: one value for all dimensions or one per dimension (absent: unbounded)", box, &nbox, &boxset));
  PetscCall(MckOptionsChoice("-particles_init", "Initial positions", MckInitKinds, 3, init, &init, NULL));
  PetscCall(MckOptionsRealArray("-particles_init_mean", "Centre of the initial distribution (one value or one per dimension)", p->init_mean, &nmean, NULL));
  PetscCall(MckOptionsReal("-particles_init_std", "Standard deviation (gaussian) or half-width (uniform, unbounded) of the initial distribution", p->init_std, &p->init_std, NULL));
  PetscOptionsEnd();
  PetscCheck(n > 0, p->comm, PETSC_ERR_USER_INPUT, "-particles_n %" PetscInt_FMT ": must be a positive number of particles", n);
  PetscCheck(p->dim >= 1 && p->dim <= MCK_MAX_DIM, p->comm, PETSC_ERR_USER_INPUT, "-particles_dim %" PetscInt_FMT ": allowed values are 1, 2 and 3", p->dim);
  PetscCheck(p->chunk >= 8 && p->chunk % 8 == 0, p->comm, PETSC_ERR_USER_INPUT, "-particles_chunk_size %" PetscInt_FMT ": must be a positive multiple of 8", p->chunk);
  PetscCall(McKeanCheckNonNegative(p->comm, "-particles_init_std", p->init_std));
  p->N    = n;
  p->init = (MckInitKind)init;
  if (nmean == 1)
    for (PetscInt a = 1; a < MCK_MAX_DIM; a++) p->init_mean[a] = p->init_mean[0];
  p->periodic = boxset;
  if (boxset) {
    PetscCheck(nbox == 1 || nbox == p->dim, p->comm, PETSC_ERR_USER_INPUT, "-particles_box: give one side length or %" PetscInt_FMT " (one per dimension), not %" PetscInt_FMT, p->dim, nbox);
    for (PetscInt a = 0; a < p->dim; a++) {
      p->L[a] = box[nbox == 1 ? 0 : a];
      PetscCall(McKeanCheckPositive(p->comm, "-particles_box", p->L[a]));
    }
  }
  PetscFunctionReturn(0);
}

/* Whole chunks are dealt out in contiguous blocks, so no rank boundary splits a chunk. */
PetscErrorCode MckParticlesSetUp(MckParticles p)
{
  PetscFunctionBeginUser;
  if (p->setup) PetscFunctionReturn(0);
  PetscCall(MckStatsChunkOwnership(p->comm, p->N, p->chunk, &p->gstart, &p->nlocal, &p->nchunks));
  for (PetscInt a = 0; a < p->dim; a++) {
    /* padded to whole chunks so that per-chunk kernels may run full vector widths */
    PetscCall(PetscCalloc1((size_t)p->nchunks * p->chunk + 8, &p->x[a]));
    PetscCall(PetscCalloc1((size_t)p->nchunks * p->chunk + 8, &p->v[a]));
  }
  p->setup = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode MckParticlesGetSizes(MckParticles p, PetscInt64 *N, PetscInt *dim, PetscInt *nlocal, PetscInt64 *gstart)
{
  PetscFunctionBeginUser;
  if (N) *N = p->N;
  if (dim) *dim = p->dim;
  if (nlocal) *nlocal = p->nlocal;
  if (gstart) *gstart = p->gstart;
  PetscFunctionReturn(0);
}

PetscErrorCode MckParticlesGetChunks(MckParticles p, PetscInt *chunk_size, PetscInt *nchunks_local)
{
  PetscFunctionBeginUser;
  if (chunk_size) *chunk_size = p->chunk;
  if (nchunks_local) *nchunks_local = p->nchunks;
  PetscFunctionReturn(0);
}

PetscErrorCode MckParticlesGetChunk(MckParticles p, PetscInt c, MckChunk *chunk)
{
  PetscFunctionBeginUser;
  chunk->offset = c * p->chunk;
  chunk->n      = PetscMin(p->chunk, p->nlocal - chunk->offset);
  chunk->gstart = p->gstart + chunk->offset;
  chunk->dim    = p->dim;
  chunk->x      = p->x;
  chunk->v      = p->v;
  PetscFunctionReturn(0);
}

PetscErrorCode MckParticlesGetBox(MckParticles p, PetscBool *periodic, const PetscReal **L)
{
  PetscFunctionBeginUser;
  if (periodic) *periodic = p->periodic;
  if (L) *L = p->L;
  PetscFunctionReturn(0);
}

PetscErrorCode MckParticlesGetArrays(MckParticles p, PetscReal *const **x, PetscReal *const **v)
{
  PetscFunctionBeginUser;
  if (x) *x = p->x;
  if (v) *v = p->v;
  PetscFunctionReturn(0);
}

PetscErrorCode MckParticlesWrapChunk(MckParticles p, const MckChunk *c)
{
  PetscFunctionBeginUser;
  if (!p->periodic) PetscFunctionReturn(0);
  for (PetscInt a = 0; a < p->dim; a++) {
    PetscReal *restrict x = p->x[a] + c->offset;
    const PetscReal     L = p->L[a], invL = 1.0 / L;
    for (PetscInt i = 0; i < c->n; i++) x[i] -= L * PetscFloorReal(x[i] * invL);
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckParticlesInitialize(MckParticles p, MckRNG rng)
{
  PetscFunctionBeginUser;
  for (PetscInt c = 0; c < p->nchunks; c++) {
    MckChunk ch;
    PetscReal *out[MCK_MAX_DIM];

    PetscCall(MckParticlesGetChunk(p, c, &ch));
    for (PetscInt a = 0; a < p->dim; a++) out[a] = p->x[a] + ch.offset;
    if (p->init == MCK_INIT_GAUSSIAN) PetscCall(MckRNGNormals(rng, ch.gstart, ch.n, MCK_RNG_STEP_INIT, 0, p->dim, out));
    else if (p->init == MCK_INIT_UNIFORM) PetscCall(MckRNGUniforms(rng, ch.gstart, ch.n, MCK_RNG_STEP_INIT, 0, p->dim, out));
    for (PetscInt a = 0; a < p->dim; a++) {
      PetscReal *restrict x = out[a];
      const PetscReal     m = p->init_mean[a], s = p->init_std;
      for (PetscInt i = 0; i < ch.n; i++) {
        switch (p->init) {
        case MCK_INIT_GAUSSIAN: x[i] = m + s * x[i]; break;
        case MCK_INIT_UNIFORM: x[i] = p->periodic ? p->L[a] * x[i] : m + s * (2 * x[i] - 1); break;
        case MCK_INIT_POINT: x[i] = m; break;
        }
      }
    }
    PetscCall(MckParticlesWrapChunk(p, &ch));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode GroupPath(const char group[], const char leaf[], char path[], size_t len)
{
  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(path, len, "%s/%s", group, leaf));
  PetscFunctionReturn(0);
}

PetscErrorCode MckParticlesWrite(MckParticles p, MckIO io, const char group[])
{
  char path[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  PetscCall(GroupPath(group, "x", path, sizeof(path)));
  PetscCall(MckIOWriteRows(io, path, p->N, p->gstart, p->nlocal, p->dim, p->x));
  PetscCall(GroupPath(group, "v", path, sizeof(path)));
  PetscCall(MckIOWriteRows(io, path, p->N, p->gstart, p->nlocal, p->dim, p->v));
  PetscFunctionReturn(0);
}

PetscErrorCode MckParticlesRead(MckParticles p, MckIO io, const char group[])
{
  char path[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  PetscCall(GroupPath(group, "x", path, sizeof(path)));
  PetscCall(MckIOReadRows(io, path, p->N, p->gstart, p->nlocal, p->dim, p->x));
  PetscCall(GroupPath(group, "v", path, sizeof(path)));
  PetscCall(MckIOReadRows(io, path, p->N, p->gstart, p->nlocal, p->dim, p->v));
  PetscFunctionReturn(0);
}

PetscErrorCode MckParticlesAppendSnapshot(MckParticles p, MckIO io, const char dset[])
{
  PetscFunctionBeginUser;
  PetscCall(MckIOAppendRows(io, dset, p->N, p->gstart, p->nlocal, p->dim, p->x));
  PetscFunctionReturn(0);
}

PetscErrorCode MckParticlesConfig(MckParticles p, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckIOConfigInt(io, check, "-particles_n", p->N));
  PetscCall(MckIOConfigInt(io, check, "-particles_dim", p->dim));
  PetscCall(MckIOConfigInt(io, check, "-particles_chunk_size", p->chunk));
  PetscCall(MckIOConfigReals(io, check, "-particles_box", p->periodic ? p->dim : 0, p->L));
  PetscFunctionReturn(0);
}

PetscErrorCode MckParticlesView(MckParticles p, PetscViewer viewer)
{
  PetscMPIInt size;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(p->comm, &size));
  PetscCall(PetscViewerASCIIPrintf(viewer, "MckParticles: N = %" PetscInt64_FMT " in %" PetscInt_FMT "D on %d ranks, chunks of %" PetscInt_FMT ", %s\n", p->N, p->dim, size, p->chunk, p->periodic ? "periodic box" : "unbounded"));
  if (p->periodic) PetscCall(PetscViewerASCIIPrintf(viewer, "  box L = %g %g %g\n", (double)p->L[0], (double)p->L[1], (double)p->L[2]));
  PetscCall(PetscViewerASCIIPrintf(viewer, "  initial positions: %s, mean %g, std %g\n", MckInitKinds[p->init], (double)p->init_mean[0], (double)p->init_std));
  PetscFunctionReturn(0);
}

PetscErrorCode MckParticlesDestroy(MckParticles *p)
{
  PetscFunctionBeginUser;
  if (!*p) PetscFunctionReturn(0);
  for (PetscInt a = 0; a < MCK_MAX_DIM; a++) {
    PetscCall(PetscFree((*p)->x[a]));
    PetscCall(PetscFree((*p)->v[a]));
  }
  PetscCall(PetscFree(*p));
  PetscFunctionReturn(0);
}

PetscErrorCode MckParticlesGetComm(MckParticles p, MPI_Comm *comm)
{
  PetscFunctionBeginUser;
  *comm = p->comm;
  PetscFunctionReturn(0);
}
