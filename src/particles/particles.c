/* MckParticles: SoA storage, chunk-aligned ownership, initial conditions, I/O. */
#include <mckean/mckparticles.h>
#include <mckean/mckstats.h>
#include <petsc/private/petscimpl.h>

typedef enum { MCK_INIT_GAUSSIAN, MCK_INIT_UNIFORM, MCK_INIT_POINT } MckInitKind;
static const char *const MckInitKinds[] = {"gaussian", "uniform", "point", "MckInitKind", "MCK_INIT_", NULL};

struct _p_MckParticles {
  PETSCHEADER(int);
  MPI_Comm    comm;
  MPI_Comm    memcomm; /* the ranks setting up particle systems with this one: the memory check */
  PetscInt64  N, gstart;
  PetscInt    dim, nlocal, chunk, nchunks;
  PetscBool   periodic;
  PetscReal   L[MCK_MAX_DIM];
  MckInitKind init;
  PetscReal   init_mean[MCK_MAX_DIM], init_std;
  PetscReal  *x[MCK_MAX_DIM], *v[MCK_MAX_DIM];
  PetscBool   setup;
};

MCK_CONFIG_METHOD(ConfigParticles, MckParticles, MckParticlesConfig)
MCK_GROUP_METHOD(WriteParticles, MckParticles, MckParticlesWrite)
MCK_GROUP_METHOD(ReadParticles, MckParticles, MckParticlesRead)

/*@C
  MckParticlesCreate - Creates a particle system: N particles in structure-of-arrays form,
  dealt out to the ranks in whole chunks of consecutive global ids.

  Collective

  Input Parameter:
. comm - the communicator of the ranks that share the particles

  Output Parameter:
. p - the particle system (1000 particles in 1D until set otherwise)

  Note:
  Its state (positions and velocities) takes part in checkpoints of an `MckRun` it is added to.

  Level: beginner

.seealso: `MckParticlesSetFromOptions()`, `MckParticlesSetUp()`, `MckLangevinCreate()`, `MckRunAddObject()`
@*/
PetscErrorCode MckParticlesCreate(MPI_Comm comm, MckParticles *p)
{
  const MckCheckpointOps ops = {ConfigParticles, WriteParticles, ReadParticles, NULL};

  PetscFunctionBeginUser;
  PetscValidPointer(p, 2);
  PetscCall(MckParticlesInitializePackage());
  PetscCall(PetscHeaderCreate(*p, MCK_PARTICLES_CLASSID, "MckParticles", "Particle system", "MckParticles", comm,
                              MckParticlesDestroy, MckParticlesView));
  PetscCall(MckObjectComposeCheckpoint((PetscObject)*p, &ops));
  (*p)->comm     = comm;
  (*p)->memcomm  = comm;
  (*p)->N        = 1000;
  (*p)->dim      = 1;
  (*p)->chunk    = 256;
  (*p)->init     = MCK_INIT_GAUSSIAN;
  (*p)->init_std = 1.0;
  PetscFunctionReturn(0);
}

/*@C
  MckParticlesSetSizes - Sets the number of particles and the space dimension.

  Logically Collective

  Input Parameters:
+ p   - the particle system (before `MckParticlesSetUp()`)
. N   - the number of particles on all ranks
- dim - the dimension, 1 to `MCK_MAX_DIM`

  Level: intermediate

.seealso: `MckParticlesSetFromOptions()`, `MckParticlesGetSizes()`
@*/
PetscErrorCode MckParticlesSetSizes(MckParticles p, PetscInt64 N, PetscInt dim)
{
  PetscFunctionBeginUser;
  p->N   = N;
  p->dim = dim;
  PetscFunctionReturn(0);
}

/*@C
  MckParticlesSetFromOptions - Sets the particle system from the options database.

  Collective

  Input Parameter:
. p - the particle system

  Options Database Keys:
+ -particles_n N              - number of particles on all ranks
. -particles_dim d            - space dimension (1, 2 or 3)
. -particles_chunk_size B     - particles per chunk, the unit of reproducible summation (multiple of 8)
. -particles_box L[,L,L]      - periodic box sides (absent: unbounded)
. -particles_init KIND        - initial positions: gaussian, uniform or point
. -particles_init_mean m[,m,m] - centre of the initial distribution
. -particles_init_std s       - standard deviation (gaussian) or half-width (uniform, unbounded)
- -particles_view             - view the particle system at set-up

  Level: beginner

.seealso: `MckParticlesCreate()`, `MckParticlesSetUp()`
@*/
PetscErrorCode MckParticlesSetFromOptions(MckParticles p)
{
  PetscInt64  n    = p->N;
  PetscInt    nbox = MCK_MAX_DIM, nmean = MCK_MAX_DIM, init = (PetscInt)p->init;
  PetscReal   box[MCK_MAX_DIM] = {0, 0, 0};
  PetscBool   boxset;
  PetscObject obj = (PetscObject)p;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(p, MCK_PARTICLES_CLASSID, 1);
  PetscObjectOptionsBegin((PetscObject)p);
  MckOptionsCall(MckOptionsInt64("-particles_n", "Number of particles on all ranks", n, &n, NULL));
  MckOptionsCall(MckOptionsInt("-particles_dim", "Space dimension (1, 2 or 3)", p->dim, &p->dim, NULL));
  MckOptionsCall(MckOptionsInt("-particles_chunk_size",
                               "Particles per chunk, the unit of reproducible summation (multiple of 8)", p->chunk,
                               &p->chunk, NULL));
  MckOptionsCall(MckOptionsRealArray(
      "-particles_box", "Periodic box side(s) L: one value for all dimensions or one per dimension (absent: unbounded)",
      box, &nbox, &boxset));
  MckOptionsCall(MckOptionsChoice("-particles_init", "Initial positions", MckInitKinds, 3, init, &init, NULL));
  MckOptionsCall(MckOptionsRealArray("-particles_init_mean",
                                     "Centre of the initial distribution (one value or one per dimension)",
                                     p->init_mean, &nmean, NULL));
  MckOptionsCall(
      MckOptionsReal("-particles_init_std",
                     "Standard deviation (gaussian) or half-width (uniform, unbounded) of the initial distribution",
                     p->init_std, &p->init_std, NULL));
  PetscOptionsEnd();
  PetscCheck(n > 0, p->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt64_FMT ": must be a positive number of particles",
             McKeanOptionName(obj, "-particles_n"), n);
  PetscCheck(p->dim >= 1 && p->dim <= MCK_MAX_DIM, p->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": allowed values are 1, 2 and 3", McKeanOptionName(obj, "-particles_dim"), p->dim);
  PetscCheck(p->chunk >= 8 && p->chunk % 8 == 0, p->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": must be a positive multiple of 8", McKeanOptionName(obj, "-particles_chunk_size"),
             p->chunk);
  PetscCall(McKeanCheckNonNegative(p->comm, McKeanOptionName(obj, "-particles_init_std"), p->init_std));
  p->N    = n;
  p->init = (MckInitKind)init;
  if (nmean == 1)
    for (PetscInt a = 1; a < MCK_MAX_DIM; a++) p->init_mean[a] = p->init_mean[0];
  p->periodic = boxset;
  if (boxset) {
    PetscCheck(nbox == 1 || nbox == p->dim, p->comm, PETSC_ERR_USER_INPUT,
               "%s: give one side length or %" PetscInt_FMT " (one per dimension), not %" PetscInt_FMT,
               McKeanOptionName(obj, "-particles_box"), p->dim, nbox);
    for (PetscInt a = 0; a < p->dim; a++) {
      p->L[a] = box[nbox == 1 ? 0 : a];
      PetscCall(McKeanCheckPositive(p->comm, McKeanOptionName(obj, "-particles_box"), p->L[a]));
    }
  }
  PetscFunctionReturn(0);
}

/* A rank's particles are counted in PetscInt: refuse what would not fit instead of wrapping. */
static PetscErrorCode CheckLocalCount(MckParticles p)
{
  PetscMPIInt size;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(p->comm, &size));
  PetscCheck(p->N / size + p->chunk < PETSC_MAX_INT, p->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt64_FMT ": more than %d particles per rank on %d ranks; run on more ranks",
             McKeanOptionName((PetscObject)p, "-particles_n"), p->N, PETSC_MAX_INT, (int)size);
  PetscFunctionReturn(0);
}

/* Positions, velocities and the forces of the dynamics that moves them: 3 dim doubles a particle. */
static PetscErrorCode CheckMemory(MckParticles p)
{
  char value[32];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(value, sizeof(value), "%" PetscInt64_FMT, p->N));
  PetscCall(McKeanCheckMemory(p->memcomm, McKeanOptionName((PetscObject)p, "-particles_n"), value,
                              3.0 * p->dim * ((double)p->nchunks * p->chunk + 8) * sizeof(PetscReal)));
  PetscFunctionReturn(0);
}

/*@C
  MckParticlesSetMemoryComm - The ranks that set up particle systems together with this one (the
  members' systems of an ensemble of mckean_vlasov models, which share the nodes' memory): the
  check of the node's memory in `MckParticlesSetUp()` counts all of their arrays.

  Logically Collective

  Input Parameters:
+ p    - the particle system, before `MckParticlesSetUp()`
- comm - a communicator that contains the system's, whose every rank calls `MckParticlesSetUp()`
         on its own system at the same time; used only during `MckParticlesSetUp()`

  Level: developer

.seealso: `MckParticlesSetUp()`, `McKeanCheckMemory()`, `MckModelSetMemoryComm()`
@*/
PetscErrorCode MckParticlesSetMemoryComm(MckParticles p, MPI_Comm comm)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(p, MCK_PARTICLES_CLASSID, 1);
  PetscCheck(!p->setup, p->comm, PETSC_ERR_ORDER, "MckParticlesSetMemoryComm() must come before MckParticlesSetUp()");
  p->memcomm = comm;
  PetscFunctionReturn(0);
}

/*@C
  MckParticlesSetUp - Deals the chunks out to the ranks and allocates the arrays.

  Collective

  Input Parameter:
. p - the particle system

  Notes:
  Whole chunks are dealt out in contiguous blocks, so no rank boundary splits a chunk. With -help
  (the options are listed and nothing runs) the arrays are not allocated.

  Level: beginner

.seealso: `MckParticlesSetFromOptions()`, `MckParticlesGetChunk()`
@*/
PetscErrorCode MckParticlesSetUp(MckParticles p)
{
  PetscBool help;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(p, MCK_PARTICLES_CLASSID, 1);
  if (p->setup) PetscFunctionReturn(0);
  /* a chunk never exceeds the particles it divides (rounded up to the vector width of 8) */
  p->chunk = (PetscInt)PetscMin((PetscInt64)p->chunk, 8 * ((p->N + 7) / 8));
  PetscCall(CheckLocalCount(p));
  PetscCall(MckStatsChunkOwnership(p->comm, p->N, p->chunk, &p->gstart, &p->nlocal, &p->nchunks));
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  /* -help lists the options and runs nothing: a job's deck checked on a login node (mckean-submit)
   * would otherwise allocate, and be refused for, a share of particles meant for many nodes */
  if (!help) PetscCall(CheckMemory(p));
  for (PetscInt a = 0; a < p->dim && !help; a++) {
    /* padded to whole chunks so that per-chunk kernels may run full vector widths */
    PetscCall(PetscCalloc1((size_t)p->nchunks * p->chunk + 8, &p->x[a]));
    PetscCall(PetscCalloc1((size_t)p->nchunks * p->chunk + 8, &p->v[a]));
  }
  p->setup = PETSC_TRUE;
  PetscCall(McKeanObjectViewFromOptions((PetscObject)p, "-particles_view"));
  PetscFunctionReturn(0);
}

/*@C
  MckParticlesGetSizes - The sizes of the particle system and this rank's share.

  Not Collective

  Input Parameter:
. p - the particle system (after `MckParticlesSetUp()` for nlocal and gstart)

  Output Parameters:
+ N      - particles on all ranks
. dim    - space dimension
. nlocal - particles on this rank
- gstart - global id of this rank's first particle

  Any output may be NULL.

  Level: beginner

.seealso: `MckParticlesGetChunks()`
@*/
PetscErrorCode MckParticlesGetSizes(MckParticles p, PetscInt64 *N, PetscInt *dim, PetscInt *nlocal, PetscInt64 *gstart)
{
  PetscFunctionBeginUser;
  if (N) *N = p->N;
  if (dim) *dim = p->dim;
  if (nlocal) *nlocal = p->nlocal;
  if (gstart) *gstart = p->gstart;
  PetscFunctionReturn(0);
}

/*@C
  MckParticlesGetChunks - The chunk size and the number of chunks on this rank.

  Not Collective

  Input Parameter:
. p - the particle system (set up)

  Output Parameters:
+ chunk_size    - particles per chunk (the last chunk of the last rank may hold fewer)
- nchunks_local - chunks on this rank

  Level: intermediate

.seealso: `MckParticlesGetChunk()`
@*/
PetscErrorCode MckParticlesGetChunks(MckParticles p, PetscInt *chunk_size, PetscInt *nchunks_local)
{
  PetscFunctionBeginUser;
  if (chunk_size) *chunk_size = p->chunk;
  if (nchunks_local) *nchunks_local = p->nchunks;
  PetscFunctionReturn(0);
}

/*@C
  MckParticlesGetChunk - A view of one local chunk for per-chunk kernels.

  Not Collective

  Input Parameters:
+ p - the particle system (set up)
- c - the local chunk index, 0 <= c < nchunks_local

  Output Parameter:
. chunk - its size, offset into the local arrays, first global id and the arrays

  Level: intermediate

.seealso: `MckParticlesGetChunks()`, `MckChunk`
@*/
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

/*@C
  MckParticlesGetBox - The periodic box, if any.

  Not Collective

  Input Parameter:
. p - the particle system

  Output Parameters:
+ periodic - `PETSC_TRUE` for the box [0, L[a]) in every dimension, `PETSC_FALSE` for unbounded space
- L        - the side lengths (owned by p)

  Level: intermediate

.seealso: `MckParticlesSetFromOptions()`
@*/
PetscErrorCode MckParticlesGetBox(MckParticles p, PetscBool *periodic, const PetscReal **L)
{
  PetscFunctionBeginUser;
  if (periodic) *periodic = p->periodic;
  if (L) *L = p->L;
  PetscFunctionReturn(0);
}

/*@C
  MckParticlesGetArrays - The local structure-of-arrays storage, x[a][i] and v[a][i].

  Not Collective

  Input Parameter:
. p - the particle system (set up)

  Output Parameters:
+ x - positions, one array per dimension (owned by p; may be NULL)
- v - velocities (may be NULL)

  Level: intermediate

.seealso: `MckParticlesGetChunk()`
@*/
PetscErrorCode MckParticlesGetArrays(MckParticles p, PetscReal *const **x, PetscReal *const **v)
{
  PetscFunctionBeginUser;
  if (x) *x = p->x;
  if (v) *v = p->v;
  PetscFunctionReturn(0);
}

/*@C
  MckParticlesWrapChunk - Maps the chunk's positions back into the periodic box (no-op when unbounded).

  Not Collective

  Input Parameters:
+ p     - the particle system
- chunk - the chunk

  Level: developer

.seealso: `MckParticlesGetBox()`
@*/
PetscErrorCode MckParticlesWrapChunk(MckParticles p, const MckChunk *c)
{
  PetscFunctionBeginUser;
  if (!p->periodic) PetscFunctionReturn(0);
  for (PetscInt a = 0; a < p->dim; a++) {
    PetscReal *restrict x = p->x[a] + c->offset;
    const PetscReal L = p->L[a], invL = 1.0 / L;
    for (PetscInt i = 0; i < c->n; i++) x[i] -= L * PetscFloorReal(x[i] * invL);
  }
  PetscFunctionReturn(0);
}

/*@C
  MckParticlesInitialize - Draws the initial positions chosen by -particles_init.

  Not Collective (each rank draws its own particles, keyed by their global ids)

  Input Parameters:
+ p   - the particle system (set up)
- rng - the generator; draws use the counter step `MCK_RNG_STEP_INIT`, apart from the dynamics' noise

  Notes:
  Gaussian positions: particle g (its global id) takes packed normals dim g .. dim g + dim - 1 of set
  `MCK_RNG_PACKED_POSITIONS` (`MckRNGNormalsPacked()`); uniform positions: its uniforms 0..dim-1.

  Level: intermediate

.seealso: `MckParticlesSetFromOptions()`, `MckLangevinPrepare()`, `MckRNGNormalsPacked()`
@*/
PetscErrorCode MckParticlesInitialize(MckParticles p, MckRNG rng)
{
  PetscFunctionBeginUser;
  for (PetscInt c = 0; c < p->nchunks; c++) {
    MckChunk   ch;
    PetscReal *out[MCK_MAX_DIM];

    PetscCall(MckParticlesGetChunk(p, c, &ch));
    for (PetscInt a = 0; a < p->dim; a++) out[a] = p->x[a] + ch.offset;
    if (p->init == MCK_INIT_GAUSSIAN)
      PetscCall(MckRNGNormalsPacked(rng, ch.gstart, ch.n, MCK_RNG_STEP_INIT, MCK_RNG_PACKED_POSITIONS, p->dim, out));
    else if (p->init == MCK_INIT_UNIFORM)
      PetscCall(MckRNGUniforms(rng, ch.gstart, ch.n, MCK_RNG_STEP_INIT, 0, p->dim, out));
    for (PetscInt a = 0; a < p->dim; a++) {
      PetscReal *restrict x = out[a];
      const PetscReal m = p->init_mean[a], s = p->init_std;
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

/* Positions "<group>/x" and velocities "<group>/v": written (write) or read back. */
static PetscErrorCode WriteOrRead(MckParticles p, MckIO io, const char group[], PetscBool write)
{
  const char *leaf[2] = {"x", "v"};
  PetscReal **comp[2] = {p->x, p->v};
  char        path[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < 2; k++) {
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s", group, leaf[k]));
    if (write) PetscCall(MckIOWriteRows(io, path, p->N, p->gstart, p->nlocal, p->dim, comp[k]));
    else PetscCall(MckIOReadRows(io, path, p->N, p->gstart, p->nlocal, p->dim, comp[k]));
  }
  PetscFunctionReturn(0);
}

/*@C
  MckParticlesWrite - Writes positions "<group>/x" and velocities "<group>/v", shape (N, dim), in global-id order.

  Collective

  Input Parameters:
+ p     - the particle system
. io    - a file open for writing
- group - the group

  Level: intermediate

.seealso: `MckParticlesRead()`, `MckIOWriteRows()`
@*/
PetscErrorCode MckParticlesWrite(MckParticles p, MckIO io, const char group[])
{
  PetscFunctionBeginUser;
  PetscCall(WriteOrRead(p, io, group, PETSC_TRUE));
  PetscFunctionReturn(0);
}

/*@C
  MckParticlesRead - Reads what `MckParticlesWrite()` wrote, bit for bit, on any rank count.

  Collective

  Input Parameters:
+ p     - the particle system (set up, same N and dim)
. io    - a file open for reading
- group - the group

  Level: intermediate

.seealso: `MckParticlesWrite()`
@*/
PetscErrorCode MckParticlesRead(MckParticles p, MckIO io, const char group[])
{
  PetscFunctionBeginUser;
  PetscCall(WriteOrRead(p, io, group, PETSC_FALSE));
  PetscFunctionReturn(0);
}

/*@C
  MckParticlesAppendSnapshot - Appends the positions as one snapshot to dset, shape (nsnap, N, dim).

  Collective

  Input Parameters:
+ p    - the particle system
. io   - a file open for writing
- dset - the dataset path

  Level: intermediate

.seealso: `MckIOAppendRows()`
@*/
PetscErrorCode MckParticlesAppendSnapshot(MckParticles p, MckIO io, const char dset[])
{
  PetscFunctionBeginUser;
  PetscCall(MckIOAppendRows(io, dset, p->N, p->gstart, p->nlocal, p->dim, p->x));
  PetscFunctionReturn(0);
}

/*@C
  MckParticlesConfig - Records or compares the settings a checkpoint of the particles depends on.

  Collective

  Input Parameters:
+ p     - the particle system
. io    - the checkpoint
- check - `PETSC_FALSE` to record, `PETSC_TRUE` to compare (a mismatch is a user-input error)

  Level: developer

.seealso: `MckIOConfigInt()`, `MckRunAddObject()`
@*/
PetscErrorCode MckParticlesConfig(MckParticles p, MckIO io, PetscBool check)
{
  PetscObject obj = (PetscObject)p;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-particles_n"), p->N));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-particles_dim"), p->dim));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-particles_chunk_size"), p->chunk));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-particles_box"), p->periodic ? p->dim : 0, p->L));
  PetscFunctionReturn(0);
}

/*@C
  MckParticlesView - Prints the particle system's sizes, box and initial distribution.

  Collective

  Input Parameters:
+ p      - the particle system
- viewer - an ASCII viewer (NULL: standard output)

  Options Database Key:
. -particles_view - view at set-up

  Level: intermediate

.seealso: `MckParticlesSetUp()`
@*/
PetscErrorCode MckParticlesView(MckParticles p, PetscViewer viewer)
{
  PetscMPIInt size;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(p, MCK_PARTICLES_CLASSID, 1);
  PetscCall(McKeanObjectViewBegin((PetscObject)p, &viewer, NULL));
  PetscCallMPI(MPI_Comm_size(p->comm, &size));
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "  N = %" PetscInt64_FMT " in %" PetscInt_FMT "D on %d ranks, chunks of %" PetscInt_FMT ", %s\n", p->N,
      p->dim, size, p->chunk, p->periodic ? "periodic box" : "unbounded"));
  if (p->periodic)
    PetscCall(
        PetscViewerASCIIPrintf(viewer, "  box L = %g %g %g\n", (double)p->L[0], (double)p->L[1], (double)p->L[2]));
  PetscCall(PetscViewerASCIIPrintf(viewer, "  initial positions: %s, mean %g, std %g\n", MckInitKinds[p->init],
                                   (double)p->init_mean[0], (double)p->init_std));
  PetscFunctionReturn(0);
}

/*@C
  MckParticlesDestroy - Drops a reference to the particle system, freeing it with the last.

  Collective

  Input Parameter:
. p - the particle system

  Level: beginner

.seealso: `MckParticlesCreate()`
@*/
PetscErrorCode MckParticlesDestroy(MckParticles *p)
{
  PetscBool last;

  PetscFunctionBeginUser;
  PetscCall(McKeanObjectRelease((PetscObject *)p, MCK_PARTICLES_CLASSID, &last));
  if (!last) PetscFunctionReturn(0);
  for (PetscInt a = 0; a < MCK_MAX_DIM; a++) {
    PetscCall(PetscFree((*p)->x[a]));
    PetscCall(PetscFree((*p)->v[a]));
  }
  PetscCall(PetscHeaderDestroy(p));
  PetscFunctionReturn(0);
}

/*@C
  MckParticlesGetComm - The particle system's communicator.

  Not Collective

  Input Parameter:
. p - the particle system

  Output Parameter:
. comm - its communicator

  Level: intermediate

.seealso: `MckParticlesCreate()`
@*/
PetscErrorCode MckParticlesGetComm(MckParticles p, MPI_Comm *comm)
{
  PetscFunctionBeginUser;
  *comm = p->comm;
  PetscFunctionReturn(0);
}
