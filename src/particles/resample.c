/* MckResampler: distributed resampling in exact integer arithmetic (the algorithm, its
 * collectives and how a filter on sub-communicators calls it: include/mckean/mckresample.h). */
#include <mckean/mckresample.h>
#include <mckean/mckparticles.h>
#include <mckean/mcktyped.h>
#include <petsc/private/petscimpl.h>

typedef unsigned __int128 u128;

#define MCK_RESAMPLE_SCALE_BITS 40 /* W_i = floor(w_i 2^40), w_i <= 1 */
#define MCK_RESAMPLE_UBITS      54 /* U = u 2^-54 */
#define MCK_RESAMPLE_UBLOCK     256

PETSC_INTERN PetscFunctionList MckResamplerList;

typedef struct {
  PetscInt   item; /* local index of the ancestor */
  PetscInt64 slot; /* first global slot */
  PetscInt64 len;  /* slots */
} Run;

struct _p_MckResampler {
  PETSCHEADER(MckResamplerOps);
  MPI_Comm    comm;
  PetscMPIInt rank, size;
  MckRNG      rng;
  PetscReal   threshold;
  /* layout */
  PetscBool  layout;
  PetscInt   nlocal;
  PetscInt64 N, gstart, *starts; /* starts[size + 1]: first global id of every rank */
  /* weights */
  PetscBool weighted;
  uint64_t *W;
  u128      before, total; /* this rank's exclusive prefix, the sum over all ranks */
  PetscReal ess, logmean;
  /* offspring */
  PetscInt   *counts;
  PetscInt64 *anc;
  Run        *runs;
  PetscInt    nruns, runcap;
  uint64_t    ublock[MCK_RESAMPLE_UBLOCK];
  PetscInt64  ublock0;
  /* the plan: rows sent per rank (sendidx), segments received per rank (rslot, rlen), local copies */
  PetscBool    planned;
  PetscMPIInt *scount, *sdispl, *rcount, *rdispl, *cnt3, *dsp3, *rcnt3, *rdsp3;
  PetscInt    *sendidx, nsend;
  size_t       sendcap;
  PetscInt    *rslot, *rlen, nrecv;
  size_t       recvcap, rlencap;
  PetscInt    *lsrc, *ldst, *llen, nloc, loccap;
  PetscInt64  *meta, *rmeta;
  size_t       metacap, rmetacap;
  PetscReal   *sbuf, *rbuf, *tmp;
  size_t       sbufcap, rbufcap, tmpcap;
  PetscInt64   slots_moved;
};

/* ---- schemes ---------------------------------------------------------------------------- */
static inline uint64_t UniformBits(PetscReal u)
{
  return (uint64_t)(u * 18014398509481984.0); /* exact: u has 54 significant bits at most */
}

static PetscErrorCode Uniforms_Systematic(MckResampler r, PetscInt64 step, PetscInt64 q0, PetscInt n, uint64_t u[])
{
  PetscReal v, *out[1] = {&v};

  PetscFunctionBeginUser;
  (void)q0;
  PetscCall(MckRNGUniforms(r->rng, 0, 1, step, MCK_RESAMPLE_DRAW, 1, out));
  for (PetscInt k = 0; k < n; k++) u[k] = UniformBits(v);
  PetscFunctionReturn(0);
}

static PetscErrorCode Uniforms_Stratified(MckResampler r, PetscInt64 step, PetscInt64 q0, PetscInt n, uint64_t u[])
{
  PetscReal v[MCK_RESAMPLE_UBLOCK], *out[1] = {v};

  PetscFunctionBeginUser;
  PetscCall(MckRNGUniforms(r->rng, q0, n, step, MCK_RESAMPLE_DRAW, 1, out));
  for (PetscInt k = 0; k < n; k++) u[k] = UniformBits(v[k]);
  PetscFunctionReturn(0);
}

PETSC_INTERN PetscErrorCode MckResamplerCreate_Systematic(MckResampler r, MckResamplerOps *ops)
{
  PetscFunctionBeginUser;
  (void)r;
  ops->uniforms = Uniforms_Systematic;
  PetscFunctionReturn(0);
}

PETSC_INTERN PetscErrorCode MckResamplerCreate_Stratified(MckResampler r, MckResamplerOps *ops)
{
  PetscFunctionBeginUser;
  (void)r;
  ops->uniforms = Uniforms_Stratified;
  PetscFunctionReturn(0);
}

PETSC_INTERN PetscErrorCode MckResamplerCreate_Residual(MckResampler r, MckResamplerOps *ops)
{
  PetscFunctionBeginUser;
  (void)r;
  ops->uniforms = Uniforms_Stratified; /* one uniform per remaining point */
  ops->residual = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* A scheme holds no data: replacing one is building the new one's ops. */
static PetscErrorCode ResamplerRetype(PetscObject obj, void (*create)(void))
{
  MckResampler r = (MckResampler)obj;

  PetscFunctionBeginUser;
  PetscCall(PetscMemzero(r->ops, sizeof(*r->ops)));
  PetscCall((*(MckResamplerCreateFn)create)(r, r->ops));
  PetscFunctionReturn(0);
}
static const MckTypedClass ResamplerClass = {"MckResampler",      &MckResamplerList,   "-resample_type",
                                             "resampling scheme", "Resampling scheme", MCKRESAMPLER_SYSTEMATIC,
                                             ResamplerRetype};

/* ---- object ----------------------------------------------------------------------------- */
/*@C
  MckResamplerCreate - Creates a distributed resampler (systematic until set otherwise).

  Collective

  Input Parameter:
. comm - the ranks that hold the items

  Output Parameter:
. r - the resampler; ESS threshold 0.5

  Level: beginner

.seealso: `MckResamplerSetLayout()`, `MckResamplerSetWeights()`, `MckResamplerResample()`, `MckResamplerMoveSoA()`
@*/
PetscErrorCode MckResamplerCreate(MPI_Comm comm, MckResampler *r)
{
  PetscFunctionBeginUser;
  PetscValidPointer(r, 2);
  PetscCall(MckParticlesInitializePackage());
  PetscCall(PetscHeaderCreate(*r, MCK_RESAMPLER_CLASSID, "MckResampler", "Distributed resampler", "MckResampler", comm,
                              MckResamplerDestroy, MckResamplerView));
  (*r)->comm      = comm;
  (*r)->threshold = 0.5;
  PetscCallMPI(MPI_Comm_rank(comm, &(*r)->rank));
  PetscCallMPI(MPI_Comm_size(comm, &(*r)->size));
  PetscCall(PetscMalloc1((*r)->size + 1, &(*r)->starts));
  PetscCall(PetscCalloc4((*r)->size, &(*r)->scount, (*r)->size, &(*r)->sdispl, (*r)->size, &(*r)->rcount, (*r)->size,
                         &(*r)->rdispl));
  PetscCall(PetscCalloc4((*r)->size, &(*r)->cnt3, (*r)->size, &(*r)->dsp3, (*r)->size, &(*r)->rcnt3, (*r)->size,
                         &(*r)->rdsp3));
  PetscCall(MckResamplerSetType(*r, MCKRESAMPLER_SYSTEMATIC));
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerSetType - Sets the resampling scheme.

  Collective

  Input Parameters:
+ r    - the resampler
- type - `MCKRESAMPLER_SYSTEMATIC`, `MCKRESAMPLER_STRATIFIED`, `MCKRESAMPLER_RESIDUAL` or one added with `MckResamplerRegister()`

  Options Database Key:
. -resample_type <type> - the scheme

  Level: intermediate

.seealso: `MckResamplerRegister()`, `MckResamplerGetType()`
@*/
PetscErrorCode MckResamplerSetType(MckResampler r, MckResamplerType type)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(r, MCK_RESAMPLER_CLASSID, 1);
  PetscCall(McKeanTypedSetType((PetscObject)r, &ResamplerClass, PETSC_FALSE, type));
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerGetType - The resampling scheme's name.

  Not Collective

  Input Parameter:
. r - the resampler

  Output Parameter:
. type - the type name

  Level: intermediate

.seealso: `MckResamplerSetType()`
@*/
PetscErrorCode MckResamplerGetType(MckResampler r, MckResamplerType *type)
{
  PetscFunctionBeginUser;
  *type = ((PetscObject)r)->type_name;
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerSetOptionsPrefix - Sets the prefix of the resampler's options (-<prefix>resample_type).

  Logically Collective

  Input Parameters:
+ r      - the resampler
- prefix - the prefix, without the leading dash

  Level: intermediate

.seealso: `MckResamplerSetFromOptions()`
@*/
PetscErrorCode MckResamplerSetOptionsPrefix(MckResampler r, const char prefix[])
{
  PetscFunctionBeginUser;
  PetscCall(PetscObjectSetOptionsPrefix((PetscObject)r, prefix));
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerSetFromOptions - Sets the scheme and the ESS threshold from the options database.

  Collective

  Input Parameter:
. r - the resampler

  Options Database Keys:
+ -resample_type <systematic|stratified|residual> - the scheme
. -resample_ess_threshold <f>                      - resample when ESS < f N (0 <= f <= 1)
- -resample_view                                   - view the resampler

  Level: beginner

.seealso: `MckResamplerCreate()`, `MckResamplerIsNeeded()`
@*/
PetscErrorCode MckResamplerSetFromOptions(MckResampler r)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(r, MCK_RESAMPLER_CLASSID, 1);
  PetscObjectOptionsBegin((PetscObject)r);
  MckOptionsCall(MckOptionsTyped(r, &ResamplerClass, PETSC_FALSE));
  MckOptionsCall(MckOptionsReal("-resample_ess_threshold",
                                "Resample when the effective sample size falls below this fraction of N", r->threshold,
                                &r->threshold, NULL));
  PetscOptionsEnd();
  PetscCall(MckResamplerSetThreshold(r, r->threshold));
  PetscCall(PetscObjectViewFromOptions((PetscObject)r, NULL, "-resample_view"));
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerSetThreshold - The ESS fraction below which `MckResamplerIsNeeded()` says yes.

  Logically Collective

  Input Parameters:
+ r        - the resampler
- fraction - 0 <= fraction <= 1 (1: every time, 0: never)

  Level: intermediate

.seealso: `MckResamplerIsNeeded()`
@*/
PetscErrorCode MckResamplerSetThreshold(MckResampler r, PetscReal fraction)
{
  PetscFunctionBeginUser;
  PetscCheck(fraction >= 0 && fraction <= 1, r->comm, PETSC_ERR_USER_INPUT,
             "%s %g: allowed 0 to 1 (a fraction of the sample size)",
             McKeanOptionName((PetscObject)r, "-resample_ess_threshold"), (double)fraction);
  r->threshold = fraction;
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerGetThreshold - The ESS fraction below which resampling is needed.

  Not Collective

  Input Parameter:
. r - the resampler

  Output Parameter:
. fraction - the threshold

  Level: intermediate

.seealso: `MckResamplerSetThreshold()`
@*/
PetscErrorCode MckResamplerGetThreshold(MckResampler r, PetscReal *fraction)
{
  PetscFunctionBeginUser;
  *fraction = r->threshold;
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerSetRNG - The generator of the resampling uniforms.

  Logically Collective

  Input Parameters:
+ r   - the resampler
- rng - the generator (the resampler keeps a reference); draws are keyed by (stratum, step, `MCK_RESAMPLE_DRAW`)

  Level: beginner

.seealso: `MckResamplerResample()`
@*/
PetscErrorCode MckResamplerSetRNG(MckResampler r, MckRNG rng)
{
  PetscFunctionBeginUser;
  PetscCall(MckRNGReplace(&r->rng, rng));
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerGetRNG - The generator of the resampling uniforms.

  Not Collective

  Input Parameter:
. r - the resampler

  Output Parameter:
. rng - the generator

  Level: developer

.seealso: `MckResamplerSetRNG()`
@*/
PetscErrorCode MckResamplerGetRNG(MckResampler r, MckRNG *rng)
{
  PetscFunctionBeginUser;
  *rng = r->rng;
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerSetLayout - Sets this rank's number of items; global ids are contiguous blocks in rank order.

  Collective (one MPI_Allgather)

  Input Parameters:
+ r      - the resampler
- nlocal - the items this rank holds (may be 0)

  Note:
  The offspring take the same global ids, so the layout holds across resamplings. At most 2^33 items in all.

  Level: beginner

.seealso: `MckResamplerGetLayout()`
@*/
PetscErrorCode MckResamplerSetLayout(MckResampler r, PetscInt nlocal)
{
  PetscInt64 n = nlocal, *all;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(r, MCK_RESAMPLER_CLASSID, 1);
  PetscCheck(nlocal >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "negative number of items %" PetscInt_FMT, nlocal);
  PetscCall(PetscMalloc1(r->size, &all));
  PetscCallMPI(MPI_Allgather(&n, 1, MPIU_INT64, all, 1, MPIU_INT64, r->comm));
  r->starts[0] = 0;
  for (PetscMPIInt p = 0; p < r->size; p++) r->starts[p + 1] = r->starts[p] + all[p];
  PetscCall(PetscFree(all));
  r->N      = r->starts[r->size];
  r->gstart = r->starts[r->rank];
  PetscCheck(r->N > 0 && r->N < ((PetscInt64)1 << 33), r->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "resampling needs 1 to 2^33 - 1 items, got %" PetscInt64_FMT, r->N);
  if (r->nlocal != nlocal || !r->W) {
    char value[32];
    /* weights, counts, ancestors and one run (24 bytes) per item; the move's buffers grow with the rows that move */
    PetscCall(PetscSNPrintf(value, sizeof(value), "%" PetscInt64_FMT, r->N));
    PetscCall(
        McKeanCheckMemory(r->comm, "items to resample", value,
                          (nlocal + 2.0) * (sizeof(uint64_t) + sizeof(PetscInt) + sizeof(PetscInt64) + sizeof(Run))));
    PetscCall(PetscFree3(r->W, r->counts, r->anc));
    PetscCall(PetscFree(r->runs));
    r->nlocal = nlocal;
    r->runcap = nlocal + 2; /* one run of contiguous slots per item, in every scheme */
    PetscCall(PetscMalloc3(nlocal + 1, &r->W, nlocal + 1, &r->counts, nlocal + 1, &r->anc));
    PetscCall(PetscMalloc1(r->runcap, &r->runs));
  }
  r->layout   = PETSC_TRUE;
  r->weighted = PETSC_FALSE;
  r->planned  = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerGetLayout - The number of items and this rank's block.

  Not Collective

  Input Parameter:
. r - the resampler (layout set)

  Output Parameters:
+ N      - items on all ranks
. nlocal - items on this rank
- gstart - global id of this rank's first item

  Level: intermediate

.seealso: `MckResamplerSetLayout()`
@*/
PetscErrorCode MckResamplerGetLayout(MckResampler r, PetscInt64 *N, PetscInt *nlocal, PetscInt64 *gstart)
{
  PetscFunctionBeginUser;
  if (N) *N = r->N;
  if (nlocal) *nlocal = r->nlocal;
  if (gstart) *gstart = r->gstart;
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckLayout(MckResampler r)
{
  PetscFunctionBeginUser;
  PetscCheck(r->layout, r->comm, PETSC_ERR_ORDER, "MckResamplerSetLayout() must come first");
  PetscCheck(r->rng || !r->ops->uniforms, r->comm, PETSC_ERR_ORDER, "MckResamplerSetRNG() must come before resampling");
  PetscFunctionReturn(0);
}

/* Exact 128-bit sums gathered from every rank in one collective: before[k] = sum over lower
 * ranks, total[k] = sum over all ranks, for k < n (n <= 2). */
static PetscErrorCode GatherSums(MckResampler r, PetscInt n, const u128 mine[], u128 before[], u128 total[])
{
  uint64_t send[4], *all;

  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < n; k++) {
    send[2 * k]     = (uint64_t)mine[k];
    send[2 * k + 1] = (uint64_t)(mine[k] >> 64);
  }
  PetscCall(PetscMalloc1((size_t)r->size * 2 * n, &all));
  PetscCallMPI(MPI_Allgather(send, 2 * n, MPI_UINT64_T, all, 2 * n, MPI_UINT64_T, r->comm));
  for (PetscInt k = 0; k < n; k++) {
    before[k] = total[k] = 0;
    for (PetscMPIInt p = 0; p < r->size; p++) {
      const u128 v = ((u128)all[(size_t)p * 2 * n + 2 * k + 1] << 64) | all[(size_t)p * 2 * n + 2 * k];
      if (p < r->rank) before[k] += v;
      total[k] += v;
    }
  }
  PetscCall(PetscFree(all));
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerSetWeights - Takes the items' log-weights: quantises them, computes the ESS and the
  log of the mean weight, and prepares a resampling.

  Collective (one MPI_Allreduce of the largest log-weight, one MPI_Allgather of 32 bytes a rank)

  Input Parameters:
+ r    - the resampler (layout set)
- logw - the log-weights of the local items (finite or -inf; any common shift)

  Note:
  Everything computed is exact or correctly rounded from exact integers, so bitwise the same on any rank count.

  Level: beginner

.seealso: `MckResamplerGetESS()`, `MckResamplerGetLogMeanWeight()`, `MckResamplerResample()`
@*/
PetscErrorCode MckResamplerSetWeights(MckResampler r, const PetscReal logw[])
{
  PetscReal lmax    = PETSC_NINFINITY, gmax;
  u128      mine[2] = {0, 0}, before[2], total[2];

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(r, MCK_RESAMPLER_CLASSID, 1);
  PetscCheck(r->layout, r->comm, PETSC_ERR_ORDER, "MckResamplerSetLayout() must come first");
  PetscCall(PetscLogEventBegin(MCK_EVENT_ResampleWeights, r, 0, 0, 0));
  for (PetscInt i = 0; i < r->nlocal; i++) {
    PetscCheck(!PetscIsNanReal(logw[i]) && logw[i] < PETSC_INFINITY, PETSC_COMM_SELF, PETSC_ERR_FP,
               "log-weight of item %" PetscInt64_FMT " is %g", r->gstart + i, (double)logw[i]);
    lmax = PetscMax(lmax, logw[i]);
  }
  PetscCallMPI(MPI_Allreduce(&lmax, &gmax, 1, MPIU_REAL, MPI_MAX, r->comm));
  PetscCheck(gmax > PETSC_NINFINITY, r->comm, PETSC_ERR_FP, "every log-weight is -inf: nothing to resample from");
  for (PetscInt i = 0; i < r->nlocal; i++) {
    const uint64_t w = (uint64_t)(PetscExpReal(logw[i] - gmax) * (PetscReal)((uint64_t)1 << MCK_RESAMPLE_SCALE_BITS));
    r->W[i]          = w;
    mine[0] += w;
    mine[1] += (u128)w * w;
  }
  PetscCall(GatherSums(r, 2, mine, before, total));
  r->before = before[0];
  r->total  = total[0];
  r->ess    = ((PetscReal)total[0] * (PetscReal)total[0]) / (PetscReal)total[1];
  r->logmean =
      gmax + PetscLogReal((PetscReal)total[0] / (PetscReal)((uint64_t)1 << MCK_RESAMPLE_SCALE_BITS) / (PetscReal)r->N);
  r->weighted = PETSC_TRUE;
  PetscCall(PetscLogEventEnd(MCK_EVENT_ResampleWeights, r, 0, 0, 0));
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerGetESS - The effective sample size (sum w)^2 / sum w^2 of the last weights.

  Not Collective

  Input Parameter:
. r - the resampler

  Output Parameter:
. ess - between 1 and N, identical on every rank

  Level: beginner

.seealso: `MckResamplerSetWeights()`, `MckResamplerIsNeeded()`
@*/
PetscErrorCode MckResamplerGetESS(MckResampler r, PetscReal *ess)
{
  PetscFunctionBeginUser;
  PetscCheck(r->weighted, r->comm, PETSC_ERR_ORDER, "MckResamplerSetWeights() must come first");
  *ess = r->ess;
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerGetLogMeanWeight - log((1/N) sum_i exp(logw_i)) of the last weights: the increment
  of log Z of an SMC sampler whose incoming weights were equal.

  Not Collective

  Input Parameter:
. r - the resampler

  Output Parameter:
. logmean - the log of the mean weight, identical on every rank

  Level: intermediate

.seealso: `MckResamplerSetWeights()`
@*/
PetscErrorCode MckResamplerGetLogMeanWeight(MckResampler r, PetscReal *logmean)
{
  PetscFunctionBeginUser;
  PetscCheck(r->weighted, r->comm, PETSC_ERR_ORDER, "MckResamplerSetWeights() must come first");
  *logmean = r->logmean;
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerIsNeeded - Whether the ESS of the last weights is below the threshold times N.

  Not Collective (the same answer on every rank)

  Input Parameter:
. r - the resampler

  Output Parameter:
. needed - `PETSC_TRUE` to resample

  Level: beginner

.seealso: `MckResamplerSetThreshold()`, `MckResamplerGetESS()`
@*/
PetscErrorCode MckResamplerIsNeeded(MckResampler r, PetscBool *needed)
{
  PetscFunctionBeginUser;
  PetscCheck(r->weighted, r->comm, PETSC_ERR_ORDER, "MckResamplerSetWeights() must come first");
  *needed = (PetscBool)(r->ess < r->threshold * (PetscReal)r->N);
  PetscFunctionReturn(0);
}

/* U_q for stratum q, through a block of uniforms (strata are visited in increasing order). */
static PetscErrorCode StratumUniform(MckResampler r, PetscInt64 step, PetscInt64 q, PetscInt64 nstrata, uint64_t *u)
{
  PetscFunctionBeginUser;
  if (q < r->ublock0 || q >= r->ublock0 + MCK_RESAMPLE_UBLOCK) {
    r->ublock0 = q;
    PetscCall(
        (*r->ops->uniforms)(r, step, q, (PetscInt)PetscMin((PetscInt64)MCK_RESAMPLE_UBLOCK, nstrata - q), r->ublock));
  }
  *u = r->ublock[q - r->ublock0];
  PetscFunctionReturn(0);
}

/* Offspring points k + U_k (k < nstrata) below q + rem/div: q plus one if U_q div < rem. */
static PetscErrorCode PointsBelow(MckResampler r, PetscInt64 step, PetscInt64 q, u128 rem, u128 div, PetscInt64 nstrata,
                                  PetscInt64 *F)
{
  uint64_t u = 0;

  PetscFunctionBeginUser;
  *F = q;
  if (rem == 0 || q >= nstrata) PetscFunctionReturn(0);
  PetscCall(StratumUniform(r, step, q, nstrata, &u));
  if ((u128)u * div < (rem << MCK_RESAMPLE_UBITS)) *F = q + 1;
  PetscFunctionReturn(0);
}

static void AddRun(MckResampler r, PetscInt item, PetscInt64 slot, PetscInt64 len)
{
  if (len <= 0) return;
  r->runs[r->nruns].item = item;
  r->runs[r->nruns].slot = slot;
  r->runs[r->nruns].len  = len;
  r->nruns++;
  r->counts[item] += (PetscInt)len;
}

/* Stratified points over cumulative weights: item i gets the points between F(C_{i-1}) and
 * F(C_i), C the prefix of wt (total over all ranks = div * nstrata / mult), placed from slot0. */
static PetscErrorCode StrataRuns(MckResampler r, PetscInt64 step, const u128 wt[], u128 before, u128 mult, u128 div,
                                 PetscInt64 nstrata, PetscInt64 slot0)
{
  u128       num = before * mult, rem;
  PetscInt64 q, Fprev, F;

  PetscFunctionBeginUser;
  q          = (PetscInt64)(num / div);
  rem        = num % div;
  r->ublock0 = -MCK_RESAMPLE_UBLOCK - 1;
  PetscCall(PointsBelow(r, step, q, rem, div, nstrata, &Fprev));
  for (PetscInt i = 0; i < r->nlocal; i++) {
    rem += wt[i] * mult;
    while (rem >= div) { /* as many passes as offspring, over all items: O(N) */
      rem -= div;
      q++;
    }
    PetscCall(PointsBelow(r, step, q, rem, div, nstrata, &F));
    AddRun(r, i, slot0 + Fprev, F - Fprev);
    Fprev = F;
  }
  PetscFunctionReturn(0);
}

static PetscMPIInt Owner(MckResampler r, PetscInt64 slot)
{
  PetscMPIInt lo = 0, hi = r->size - 1;
  while (lo < hi) { /* the last rank whose block starts at or before slot */
    const PetscMPIInt mid = (lo + hi + 1) / 2;
    if (r->starts[mid] <= slot) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

static PetscErrorCode Grow(void **buf, size_t *cap, size_t need, size_t elem)
{
  PetscFunctionBeginUser;
  if (need <= *cap) PetscFunctionReturn(0);
  PetscCall(PetscFree(*buf));
  *cap = PetscMax(need, 2 * *cap);
  PetscCall(PetscMalloc(*cap * elem, buf));
  PetscFunctionReturn(0);
}

#define GROW(ptr, capvar, need) Grow((void **)&(ptr), &(capvar), (size_t)(need), sizeof(*(ptr)))

/* Counts and displacements of per-rank lists, and the matching receive side (MPI_Alltoall). */
static PetscErrorCode ExchangeCounts(MckResampler r, const PetscMPIInt scount[], PetscMPIInt sdispl[],
                                     PetscMPIInt rcount[], PetscMPIInt rdispl[], PetscInt *nsend, PetscInt *nrecv)
{
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Alltoall(scount, 1, MPI_INT, rcount, 1, MPI_INT, r->comm));
  *nsend = *nrecv = 0;
  for (PetscMPIInt p = 0; p < r->size; p++) {
    sdispl[p] = (PetscMPIInt)*nsend;
    rdispl[p] = (PetscMPIInt)*nrecv;
    *nsend += scount[p];
    *nrecv += rcount[p];
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Times3(MckResampler r, const PetscMPIInt c[], const PetscMPIInt d[], PetscMPIInt c3[],
                             PetscMPIInt d3[])
{
  PetscFunctionBeginUser;
  for (PetscMPIInt p = 0; p < r->size; p++) {
    c3[p] = 3 * c[p];
    d3[p] = 3 * d[p];
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode AddLocal(MckResampler r, PetscInt src, PetscInt dst, PetscInt len)
{
  PetscFunctionBeginUser;
  if (r->nloc == (PetscInt)r->loccap) {
    size_t    cap = r->loccap ? 2 * r->loccap : 64;
    PetscInt *s, *d, *l;
    PetscCall(PetscMalloc3(cap, &s, cap, &d, cap, &l));
    PetscCall(PetscArraycpy(s, r->lsrc, r->nloc));
    PetscCall(PetscArraycpy(d, r->ldst, r->nloc));
    PetscCall(PetscArraycpy(l, r->llen, r->nloc));
    PetscCall(PetscFree3(r->lsrc, r->ldst, r->llen));
    r->lsrc   = s;
    r->ldst   = d;
    r->llen   = l;
    r->loccap = (PetscInt)cap;
  }
  r->lsrc[r->nloc] = src;
  r->ldst[r->nloc] = dst;
  r->llen[r->nloc] = len;
  r->nloc++;
  for (PetscInt k = 0; k < len; k++) r->anc[dst + k] = r->gstart + src;
  PetscFunctionReturn(0);
}

/* Push plan from the runs: split each run at rank boundaries; local pieces are copies, remote
 * pieces send the item's row once with (ancestor id, first slot, count). */
static PetscErrorCode PlanFromRuns(MckResampler r)
{
  PetscInt *fill = NULL;

  PetscFunctionBeginUser;
  PetscCall(PetscArrayzero(r->scount, r->size));
  r->nloc = 0;
  for (int pass = 0; pass < 2; pass++) {
    if (pass == 1) {
      PetscCall(ExchangeCounts(r, r->scount, r->sdispl, r->rcount, r->rdispl, &r->nsend, &r->nrecv));
      PetscCall(GROW(r->sendidx, r->sendcap, r->nsend + 1));
      PetscCall(GROW(r->meta, r->metacap, 3 * r->nsend + 1));
      PetscCall(PetscCalloc1(r->size, &fill));
    }
    for (PetscInt j = 0; j < r->nruns; j++) {
      PetscInt64 s = r->runs[j].slot, len = r->runs[j].len;
      while (len > 0) {
        const PetscMPIInt p = Owner(r, s);
        const PetscInt64  e = PetscMin(s + len, r->starts[p + 1]);
        if (p == r->rank) {
          if (pass == 1) PetscCall(AddLocal(r, r->runs[j].item, (PetscInt)(s - r->gstart), (PetscInt)(e - s)));
        } else if (pass == 0) r->scount[p]++;
        else {
          const PetscInt k   = r->sdispl[p] + fill[p]++;
          r->sendidx[k]      = r->runs[j].item;
          r->meta[3 * k]     = r->gstart + r->runs[j].item;
          r->meta[3 * k + 1] = s;
          r->meta[3 * k + 2] = e - s;
        }
        len -= e - s;
        s = e;
      }
    }
  }
  PetscCall(PetscFree(fill));
  PetscCall(GROW(r->rmeta, r->rmetacap, 3 * r->nrecv + 1));
  PetscCall(Times3(r, r->scount, r->sdispl, r->cnt3, r->dsp3));
  PetscCall(Times3(r, r->rcount, r->rdispl, r->rcnt3, r->rdsp3));
  PetscCallMPI(MPI_Alltoallv(r->meta, r->cnt3, r->dsp3, MPIU_INT64, r->rmeta, r->rcnt3, r->rdsp3, MPIU_INT64, r->comm));
  PetscCall(GROW(r->rslot, r->recvcap, r->nrecv + 1));
  PetscCall(GROW(r->rlen, r->rlencap, r->nrecv + 1));
  r->slots_moved = 0;
  for (PetscInt k = 0; k < r->nrecv; k++) {
    r->rslot[k] = (PetscInt)(r->rmeta[3 * k + 1] - r->gstart);
    r->rlen[k]  = (PetscInt)r->rmeta[3 * k + 2];
    for (PetscInt m = 0; m < r->rlen[k]; m++) r->anc[r->rslot[k] + m] = r->rmeta[3 * k];
    r->slots_moved += r->rlen[k];
  }
  r->planned = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* Residual resampling (Douc, Cappe, Moulines 2005): floor(N w_i) copies of item i, then the
 * R = N - sum floor(N w_i) remaining points drawn multinomially from the remainders
 * N W_i - W floor(N W_i / W): point k sits at U_k R W (U_k keyed by stream k), every rank
 * draws all R points and keeps those in its own interval of the remainders' prefix, so the
 * remainder costs O(R) uniforms on every rank. (With one uniform for all points instead, the
 * counts would be exactly those of systematic resampling; with one per stratum, distributed as
 * stratified.) Positions are compared in double precision, rounded the same way on every rank.
 * Item i's offspring are contiguous slots, in item order. */
static PetscErrorCode ResidualRuns(MckResampler r, PetscInt64 step, u128 wt[])
{
  const PetscInt64 N       = r->N;
  u128             mine[2] = {0, 0}, before[2], total[2], c;
  PetscInt64      *ndet, R, below = 0, slot;
  PetscReal       *pts, lo, hi, RW;
  PetscInt         npts = 0, cap = 64;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(r->nlocal + 1, &ndet));
  for (PetscInt i = 0; i < r->nlocal; i++) {
    const u128 nw = (u128)N * r->W[i];
    u128       n  = (u128)((PetscReal)nw / (PetscReal)r->total);
    while (n * r->total > nw) n--;
    while ((n + 1) * r->total <= nw) n++;
    wt[i]   = nw - n * r->total;
    ndet[i] = (PetscInt64)n;
    mine[0] += n;
    mine[1] += wt[i];
  }
  PetscCall(GatherSums(r, 2, mine, before, total));
  R  = N - (PetscInt64)total[0];
  RW = (PetscReal)total[1];
  lo = (PetscReal)before[1];
  hi = (PetscReal)(before[1] + mine[1]);
  PetscCall(PetscMalloc1(cap, &pts));
  for (PetscInt64 k0 = 0; k0 < R; k0 += MCK_RESAMPLE_UBLOCK) {
    const PetscInt n = (PetscInt)PetscMin((PetscInt64)MCK_RESAMPLE_UBLOCK, R - k0);
    PetscCall((*r->ops->uniforms)(r, step, k0, n, r->ublock));
    for (PetscInt k = 0; k < n; k++) {
      const PetscReal x = (PetscReal)r->ublock[k] * 0x1p-54 * RW;
      if (x < lo) below++;
      else if (x < hi) {
        if (npts == cap) {
          PetscReal *grown;
          PetscCall(PetscMalloc1(2 * cap, &grown));
          PetscCall(PetscArraycpy(grown, pts, npts));
          PetscCall(PetscFree(pts));
          pts = grown;
          cap *= 2;
        }
        pts[npts++] = x;
      }
    }
  }
  PetscCall(PetscSortReal(npts, pts));
  slot = (PetscInt64)before[0] + below;
  c    = before[1];
  for (PetscInt i = 0, j = 0; i < r->nlocal; i++) {
    PetscInt64 extra = 0;
    c += wt[i];
    while (j < npts && pts[j] < (PetscReal)c) {
      j++;
      extra++;
    }
    AddRun(r, i, slot, ndet[i] + extra);
    slot += ndet[i] + extra;
  }
  PetscCall(PetscFree(pts));
  PetscCall(PetscFree(ndet));
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerResample - Draws the offspring of the weighted items and plans their move: slot k
  (a global id of the same layout) receives a copy of its ancestor.

  Collective (plus one MPI_Allgather for residual; one MPI_Alltoall and one MPI_Alltoallv for the plan)

  Input Parameters:
+ r    - the resampler, after `MckResamplerSetWeights()`
- step - the counter of the uniforms (e.g. the sampler's step): draws are keyed by (stratum, step), never by rank

  Output Parameter:
. ancestors - the global id of the ancestor of each local slot (nlocal values; may be NULL)

  Note:
  Then move the items' data with `MckResamplerMoveSoA()` or `MckResamplerMoveRows()` and reset the log-weights.

  Level: beginner

.seealso: `MckResamplerSetWeights()`, `MckResamplerGetCounts()`, `MckResamplerMoveSoA()`
@*/
PetscErrorCode MckResamplerResample(MckResampler r, PetscInt64 step, PetscInt64 ancestors[])
{
  const PetscInt64 N = r->N;
  u128            *wt;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(r, MCK_RESAMPLER_CLASSID, 1);
  PetscCall(CheckLayout(r));
  PetscCheck(r->weighted, r->comm, PETSC_ERR_ORDER, "MckResamplerSetWeights() must come before MckResamplerResample()");
  PetscCall(PetscLogEventBegin(MCK_EVENT_Resample, r, 0, 0, 0));
  PetscCall(PetscArrayzero(r->counts, r->nlocal));
  PetscCall(PetscMalloc1(r->nlocal + 1, &wt));
  r->nruns = 0;
  if (!r->ops->residual) {
    for (PetscInt i = 0; i < r->nlocal; i++) wt[i] = r->W[i];
    PetscCall(StrataRuns(r, step, wt, r->before, (u128)N, r->total, N, 0));
  } else {
    PetscCall(ResidualRuns(r, step, wt));
  }
  PetscCall(PetscFree(wt));
  PetscCall(PlanFromRuns(r));
  if (ancestors) PetscCall(PetscArraycpy(ancestors, r->anc, r->nlocal));
  r->weighted = PETSC_FALSE;
  PetscCall(PetscLogEventEnd(MCK_EVENT_Resample, r, 0, 0, 0));
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerSetAncestors - Plans a move from given ancestors (computed elsewhere, e.g. by a
  resampler on the communicator of member-group leaders) instead of drawing them.

  Collective (one MPI_Alltoall and one MPI_Alltoallv of requests)

  Input Parameters:
+ r         - the resampler (layout set)
- ancestors - the global id of the ancestor of each local slot (nlocal values, any order)

  Level: advanced

.seealso: `MckResamplerResample()`, `MckResamplerMoveRows()`
@*/
PetscErrorCode MckResamplerSetAncestors(MckResampler r, const PetscInt64 ancestors[])
{
  PetscInt *fill;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(r, MCK_RESAMPLER_CLASSID, 1);
  PetscCheck(r->layout, r->comm, PETSC_ERR_ORDER, "MckResamplerSetLayout() must come first");
  PetscCall(PetscLogEventBegin(MCK_EVENT_Resample, r, 0, 0, 0));
  for (PetscInt i = 0; i < r->nlocal; i++)
    PetscCheck(ancestors[i] >= 0 && ancestors[i] < r->N, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "ancestor %" PetscInt64_FMT " of slot %" PetscInt64_FMT " is not a global id (N = %" PetscInt64_FMT ")",
               ancestors[i], r->gstart + i, r->N);
  PetscCall(PetscArrayzero(r->scount, r->size));
  PetscCall(PetscArrayzero(r->counts, r->nlocal));
  r->nloc = 0;
  /* segments: runs of slots with the same ancestor; remote ones become requests to its owner */
  PetscCall(PetscCalloc1(r->size, &fill));
  for (int pass = 0; pass < 2; pass++) {
    PetscInt nreq = 0;
    if (pass == 1) {
      for (PetscMPIInt p = 0; p < r->size; p++) {
        r->rdispl[p] = (PetscMPIInt)nreq; /* the requester's receive side */
        nreq += r->scount[p];
      }
      r->nrecv = nreq;
      PetscCall(GROW(r->rslot, r->recvcap, nreq + 1));
      PetscCall(GROW(r->rlen, r->rlencap, nreq + 1));
      PetscCall(GROW(r->meta, r->metacap, 3 * nreq + 1));
    }
    for (PetscInt i = 0; i < r->nlocal;) {
      PetscInt          e = i + 1;
      const PetscMPIInt p = Owner(r, ancestors[i]);
      while (e < r->nlocal && ancestors[e] == ancestors[i]) e++;
      if (p == r->rank) {
        if (pass == 1) PetscCall(AddLocal(r, (PetscInt)(ancestors[i] - r->gstart), i, e - i));
      } else if (pass == 0) r->scount[p]++;
      else {
        const PetscInt k   = r->rdispl[p] + fill[p]++;
        r->rslot[k]        = i;
        r->rlen[k]         = e - i;
        r->meta[3 * k]     = ancestors[i];
        r->meta[3 * k + 1] = r->gstart + i;
        r->meta[3 * k + 2] = e - i;
      }
      i = e;
    }
  }
  PetscCall(PetscFree(fill));
  for (PetscInt i = 0; i < r->nlocal; i++) r->anc[i] = ancestors[i];
  /* requests sent = rows received; the owners learn what to send */
  PetscCall(PetscArraycpy(r->rcount, r->scount, r->size));
  PetscCall(PetscArrayzero(r->scount, r->size));
  PetscCallMPI(MPI_Alltoall(r->rcount, 1, MPI_INT, r->scount, 1, MPI_INT, r->comm));
  r->nsend = 0;
  for (PetscMPIInt p = 0; p < r->size; p++) {
    r->sdispl[p] = (PetscMPIInt)r->nsend;
    r->nsend += r->scount[p];
  }
  PetscCall(GROW(r->rmeta, r->rmetacap, 3 * r->nsend + 1));
  PetscCall(GROW(r->sendidx, r->sendcap, r->nsend + 1));
  PetscCall(Times3(r, r->rcount, r->rdispl, r->rcnt3, r->rdsp3));
  PetscCall(Times3(r, r->scount, r->sdispl, r->cnt3, r->dsp3));
  PetscCallMPI(MPI_Alltoallv(r->meta, r->rcnt3, r->rdsp3, MPIU_INT64, r->rmeta, r->cnt3, r->dsp3, MPIU_INT64, r->comm));
  for (PetscInt k = 0; k < r->nsend; k++) {
    r->sendidx[k] = (PetscInt)(r->rmeta[3 * k] - r->gstart);
    r->counts[r->sendidx[k]] += (PetscInt)r->rmeta[3 * k + 2];
  }
  for (PetscInt l = 0; l < r->nloc; l++) r->counts[r->lsrc[l]] += r->llen[l];
  r->slots_moved = 0;
  for (PetscInt k = 0; k < r->nrecv; k++) r->slots_moved += r->rlen[k];
  r->planned = PETSC_TRUE;
  PetscCall(PetscLogEventEnd(MCK_EVENT_Resample, r, 0, 0, 0));
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerGetCounts - The offspring count of each local item in the last plan.

  Not Collective

  Input Parameter:
. r - the resampler, after `MckResamplerResample()`

  Output Parameter:
. counts - nlocal counts (owned by r)

  Level: intermediate

.seealso: `MckResamplerResample()`
@*/
PetscErrorCode MckResamplerGetCounts(MckResampler r, const PetscInt **counts)
{
  PetscFunctionBeginUser;
  PetscCheck(r->planned, r->comm, PETSC_ERR_ORDER, "MckResamplerResample() must come first");
  *counts = r->counts;
  PetscFunctionReturn(0);
}

/* Pack the rows to send, exchange them, copy local rows, unpack: get(i, c) / set(i, c, v)
 * address element c of local row i in either storage. */
typedef struct {
  PetscInt          ncomp;
  PetscReal *const *soa;  /* SoA: soa[c][i] */
  PetscReal        *rows; /* row-major: rows[i * ncomp + c] */
} Storage;

static inline PetscReal *Elem(const Storage *s, PetscInt i, PetscInt c)
{
  return s->soa ? &s->soa[c][i] : &s->rows[(size_t)i * s->ncomp + c];
}

static PetscErrorCode Move(MckResampler r, const Storage *s)
{
  const PetscInt nc = s->ncomp;
  PetscMPIInt   *sc, *sd, *rc, *rd;
  PetscInt       nlocrows = r->nloc;

  PetscFunctionBeginUser;
  PetscCheck(r->planned, r->comm, PETSC_ERR_ORDER,
             "MckResamplerResample() or MckResamplerSetAncestors() must come before a move");
  PetscCall(PetscLogEventBegin(MCK_EVENT_ResampleMove, r, 0, 0, 0));
  PetscCall(GROW(r->sbuf, r->sbufcap, (size_t)r->nsend * nc + 1));
  PetscCall(GROW(r->rbuf, r->rbufcap, (size_t)r->nrecv * nc + 1));
  PetscCall(GROW(r->tmp, r->tmpcap, (size_t)nlocrows * nc + 1));
  PetscCall(PetscMalloc4(r->size, &sc, r->size, &sd, r->size, &rc, r->size, &rd));
  for (PetscMPIInt p = 0; p < r->size; p++) {
    sc[p] = r->scount[p] * (PetscMPIInt)nc;
    sd[p] = r->sdispl[p] * (PetscMPIInt)nc;
    rc[p] = r->rcount[p] * (PetscMPIInt)nc;
    rd[p] = r->rdispl[p] * (PetscMPIInt)nc;
  }
  for (PetscInt k = 0; k < r->nsend; k++)
    for (PetscInt c = 0; c < nc; c++) r->sbuf[(size_t)k * nc + c] = *Elem(s, r->sendidx[k], c);
  PetscCallMPI(MPI_Alltoallv(r->sbuf, sc, sd, MPIU_REAL, r->rbuf, rc, rd, MPIU_REAL, r->comm));
  PetscCall(PetscFree4(sc, sd, rc, rd));
  /* every local source is read before any slot is written (the copies may overlap); a single
   * offspring in its ancestor's own slot stays put: no other copy writes that slot */
  for (PetscInt l = 0; l < r->nloc; l++)
    if (r->lsrc[l] != r->ldst[l] || r->llen[l] != 1)
      for (PetscInt c = 0; c < nc; c++) r->tmp[(size_t)l * nc + c] = *Elem(s, r->lsrc[l], c);
  for (PetscInt l = 0; l < r->nloc; l++)
    if (r->lsrc[l] != r->ldst[l] || r->llen[l] != 1)
      for (PetscInt m = 0; m < r->llen[l]; m++)
        for (PetscInt c = 0; c < nc; c++) *Elem(s, r->ldst[l] + m, c) = r->tmp[(size_t)l * nc + c];
  for (PetscInt k = 0; k < r->nrecv; k++)
    for (PetscInt m = 0; m < r->rlen[k]; m++)
      for (PetscInt c = 0; c < nc; c++) *Elem(s, r->rslot[k] + m, c) = r->rbuf[(size_t)k * nc + c];
  PetscCall(PetscLogEventEnd(MCK_EVENT_ResampleMove, r, 0, 0, 0));
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerMoveSoA - Moves structure-of-arrays data by the last plan: slot k gets its ancestor's values.

  Collective (one MPI_Alltoallv carrying only the rows that change rank)

  Input Parameters:
+ r     - the resampler, after `MckResamplerResample()` or `MckResamplerSetAncestors()`
. ncomp - the number of arrays
- x     - x[c][i], c < ncomp, i < nlocal; overwritten with the offspring's values

  Level: beginner

.seealso: `MckResamplerMoveRows()`, `MckResamplerResample()`
@*/
PetscErrorCode MckResamplerMoveSoA(MckResampler r, PetscInt ncomp, PetscReal *const x[])
{
  const Storage s = {ncomp, x, NULL};

  PetscFunctionBeginUser;
  PetscCall(Move(r, &s));
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerMoveRows - Moves row-major data by the last plan: row k gets its ancestor's row.

  Collective (one MPI_Alltoallv carrying only the rows that change rank)

  Input Parameters:
+ r     - the resampler, after `MckResamplerResample()` or `MckResamplerSetAncestors()`
. ncomp - the row length
- x     - x[i * ncomp + c], i < nlocal; overwritten with the offspring's rows

  Level: beginner

.seealso: `MckResamplerMoveSoA()`
@*/
PetscErrorCode MckResamplerMoveRows(MckResampler r, PetscInt ncomp, PetscReal x[])
{
  const Storage s = {ncomp, NULL, x};

  PetscFunctionBeginUser;
  PetscCall(Move(r, &s));
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerGetTraffic - What the last plan moves between ranks, summed over all ranks.

  Collective (one MPI_Allreduce)

  Input Parameter:
. r - the resampler, after a plan

  Output Parameters:
+ rows_sent   - rows a move sends (each is ncomp values)
- slots_moved - slots whose ancestor was on another rank

  Level: developer

.seealso: `MckResamplerMoveSoA()`
@*/
PetscErrorCode MckResamplerGetTraffic(MckResampler r, PetscInt64 *rows_sent, PetscInt64 *slots_moved)
{
  PetscInt64 mine[2] = {r->nsend, r->slots_moved}, all[2];

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Allreduce(mine, all, 2, MPIU_INT64, MPI_SUM, r->comm));
  if (rows_sent) *rows_sent = all[0];
  if (slots_moved) *slots_moved = all[1];
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerView - Prints the scheme, the threshold, the layout and the last ESS.

  Collective

  Input Parameters:
+ r      - the resampler
- viewer - an ASCII viewer (NULL: standard output)

  Level: intermediate

.seealso: `MckResamplerSetFromOptions()`
@*/
PetscErrorCode MckResamplerView(MckResampler r, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscCall(McKeanObjectViewBegin((PetscObject)r, &viewer, NULL));
  PetscCall(PetscViewerASCIIPrintf(viewer, "  resample when ESS < %g N; N = %" PetscInt64_FMT " on %d ranks\n",
                                   (double)r->threshold, r->N, r->size));
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerDestroy - Drops a reference to the resampler, freeing it with the last.

  Collective

  Input Parameter:
. r - the resampler

  Level: beginner

.seealso: `MckResamplerCreate()`
@*/
PetscErrorCode MckResamplerDestroy(MckResampler *r)
{
  PetscBool last;

  PetscFunctionBeginUser;
  PetscCall(McKeanObjectRelease((PetscObject *)r, MCK_RESAMPLER_CLASSID, &last));
  if (!last) PetscFunctionReturn(0);
  PetscCall(PetscFree((*r)->starts));
  PetscCall(PetscFree4((*r)->scount, (*r)->sdispl, (*r)->rcount, (*r)->rdispl));
  PetscCall(PetscFree4((*r)->cnt3, (*r)->dsp3, (*r)->rcnt3, (*r)->rdsp3));
  PetscCall(PetscFree3((*r)->W, (*r)->counts, (*r)->anc));
  PetscCall(PetscFree((*r)->runs));
  PetscCall(PetscFree((*r)->sendidx));
  PetscCall(PetscFree((*r)->rslot));
  PetscCall(PetscFree((*r)->rlen));
  PetscCall(PetscFree3((*r)->lsrc, (*r)->ldst, (*r)->llen));
  PetscCall(PetscFree((*r)->meta));
  PetscCall(PetscFree((*r)->rmeta));
  PetscCall(PetscFree((*r)->sbuf));
  PetscCall(PetscFree((*r)->rbuf));
  PetscCall(PetscFree((*r)->tmp));
  PetscCall(MckRNGDestroy(&(*r)->rng));
  PetscCall(PetscHeaderDestroy(r));
  PetscFunctionReturn(0);
}
