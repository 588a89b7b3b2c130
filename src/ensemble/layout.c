/* The two layouts of a per-member vector and the move between them (one MPI_Alltoallv).
 * Member layout: rank p holds components [lo_p, hi_p) of members [m0_p, m0_p + nl_p) (its
 * group's chunk of members; lo/hi from the member Vec's ownership on the group communicator).
 * Analysis layout: rank q holds the chunk-aligned components [c0_q, c0_q + nc_q) of all J members.
 * A message from p to q holds, member by member, the intersection of the two ranges. Only
 * values move, so the analysis layout is the same bits whatever the member layout.
 *
 * Replicated analysis layout (small ensembles, MckEnsChooseLayout): every rank holds all
 * components of all members, [c0, c0 + nc) = [0, N). The move there is the same Alltoallv (each
 * rank's pieces go to every rank: an allgather); the move back is a local copy, and the
 * statistics are summed on each rank alone (the same chunks in the same order, exact sums:
 * the same bits as the block layout), so a cycle needs no collective beyond the gather, the
 * failure flags and the one flag of whether members were handed out (members.c).
 *
 * Redundant layout (tiny ensembles driven by a model, one rank per member): every rank holds,
 * advances and analyses every member, so a cycle has no communication at all; extra ranks
 * then cost nothing (they cannot help an ensemble this small either). */
#include "ensemble/ensimpl.h"
#include <mckean/mckmodel.h> /* MCKMODEL_SHELL */

/* Wrapped members (one rank per member, and a layout whose analysis rows hold whole members:
 * one rank, replicated, redundant): the member Vecs work on the rows of the analysis storage
 * (VecPlaceArray), so nothing is copied between the layouts; the replicated layout still gathers
 * the other ranks' members into its rows, in place. Decided before the Vecs are made (nl: the
 * local size of a member), so that wrapped ones are made without arrays of their own. */
static PetscErrorCode DecideWrapped(MckEnsemble ens, MckEnsField *f, PetscInt nl)
{
  PetscBool whole = (PetscBool)(f->nc == f->N && (PetscInt64)ens->J * f->N <= PETSC_MPI_INT_MAX);

  PetscFunctionBeginUser;
  whole = (PetscBool)(whole && (!ens->nlocal || nl == f->N)); /* every member has one layout */
  PetscCallMPI(MPI_Allreduce(&whole, &f->wrapped, 1, MPIU_BOOL, MPI_LAND, ens->comm));
  PetscFunctionReturn(0);
}

/* The local members' Vecs, laid out as the model (or the member comm) wants them: without
 * arrays where they will wrap rows of the analysis storage, else each with its own. */
static PetscErrorCode CreateMembers(MckEnsemble ens, MckEnsField *f, PetscBool data)
{
  Vec proto;

  PetscFunctionBeginUser;
  PetscCall(MckEnsMemberPrototype(ens, f->N, data, &proto));
  PetscCall(VecGetOwnershipRange(proto, &f->lo, &f->hi));
  PetscCall(DecideWrapped(ens, f, f->hi - f->lo));
  PetscCall(PetscCalloc1(ens->nlocal + 1, &f->vecs));
  for (PetscInt j = 0; j < ens->nlocal; j++) {
    if (f->wrapped) PetscCall(McKeanVecDuplicateWithoutArray(proto, &f->vecs[j]));
    else PetscCall(VecDuplicate(proto, &f->vecs[j]));
  }
  if (!ens->nlocal) f->lo = f->hi = 0; /* a group without members holds no pieces */
  PetscCall(VecDestroy(&proto));
  PetscFunctionReturn(0);
}

/* Wrapped members onto their rows of store, and each rank's rows (the replicated layout's gather). */
static PetscErrorCode WrapMembers(MckEnsemble ens, MckEnsField *f)
{
  PetscFunctionBeginUser;
  if (!f->wrapped) PetscFunctionReturn(0);
  for (PetscInt jj = 0; jj < ens->nlocal; jj++) PetscCall(VecPlaceArray(f->vecs[jj], f->blk[ens->m0 + jj]));
  PetscCall(PetscMalloc2(ens->size, &f->rowcount, ens->size, &f->rowdispl));
  for (PetscInt q = 0; q < ens->size; q++) {
    f->rowcount[q] = (PetscMPIInt)(f->piece[4 * q + 1] * f->N);
    f->rowdispl[q] = (PetscMPIInt)(f->piece[4 * q] * f->N);
  }
  PetscFunctionReturn(0);
}

static PetscInt Overlap(PetscInt64 a0, PetscInt64 a1, PetscInt64 b0, PetscInt64 b1, PetscInt64 *lo)
{
  *lo = PetscMax(a0, b0);
  return (PetscInt)PetscMax(0, PetscMin(a1, b1) - *lo);
}

PetscErrorCode MckEnsFieldSetUp(MckEnsemble ens, MckEnsField *f, PetscInt N, PetscBool data)
{
  PetscInt64 mine[4], blk[2], lo;
  PetscInt   S = ens->size, ssum = 0, rsum = 0;

  PetscFunctionBeginUser;
  f->N     = N;
  f->chunk = ens->chunk;
  PetscCall(
      MckStatsChunkOwnership(ens->replicated ? PETSC_COMM_SELF : ens->comm, N, f->chunk, &f->c0, &f->nc, &f->nchunks));
  PetscCall(CreateMembers(ens, f, data));
  PetscCall(PetscMalloc2(ens->J * (size_t)f->nc + 1, &f->store, ens->J, &f->blk));
  PetscCall(PetscMalloc2(ens->J * (size_t)f->nc + 1, &f->work, ens->J, &f->wrk));
  PetscCall(PetscCalloc1(3 * f->nc + 1, &f->sd));
  PetscCall(PetscArrayzero(f->store, ens->J * (size_t)f->nc + 1));
  PetscCall(PetscArrayzero(f->work, ens->J * (size_t)f->nc + 1));
  for (PetscInt j = 0; j < ens->J; j++) {
    f->blk[j] = f->store + (size_t)j * f->nc;
    f->wrk[j] = f->work + (size_t)j * f->nc;
  }
  PetscCall(
      PetscMalloc6(S, &f->scount, S, &f->sdispl, S, &f->rcount, S, &f->rdispl, 4 * S, &f->piece, 2 * S, &f->block));
  mine[0] = ens->m0;
  mine[1] = ens->nlocal;
  mine[2] = f->lo;
  mine[3] = f->hi;
  blk[0]  = f->c0;
  blk[1]  = f->nc;
  PetscCallMPI(MPI_Allgather(mine, 4, MPIU_INT64, f->piece, 4, MPIU_INT64, ens->comm));
  PetscCallMPI(MPI_Allgather(blk, 2, MPIU_INT64, f->block, 2, MPIU_INT64, ens->comm));
  for (PetscInt q = 0; q < S; q++) {
    const PetscInt64 *pq = f->piece + 4 * q, *bq = f->block + 2 * q;
    f->scount[q] = (PetscMPIInt)(ens->nlocal * Overlap(f->lo, f->hi, bq[0], bq[0] + bq[1], &lo));
    f->rcount[q] = (PetscMPIInt)(pq[1] * Overlap(pq[2], pq[3], f->c0, f->c0 + f->nc, &lo));
    f->sdispl[q] = (PetscMPIInt)ssum;
    f->rdispl[q] = (PetscMPIInt)rsum;
    ssum += f->scount[q];
    rsum += f->rcount[q];
  }
  /* wrapped members move in place (MoveWrapped): the buffers would be two more copies of them */
  if (!f->wrapped) PetscCall(PetscMalloc2(ssum + 1, &f->sbuf, rsum + 1, &f->rbuf));
  PetscCall(PetscMalloc2(S, &f->gcount, S, &f->gdispl));
  f->whole = PETSC_TRUE;
  for (PetscInt q = 0; q < S; q++) {
    f->gcount[q] = (PetscMPIInt)f->block[2 * q + 1];
    f->gdispl[q] = (PetscMPIInt)f->block[2 * q];
    if (f->block[2 * q + 1] != N) f->whole = PETSC_FALSE;
  }
  PetscCall(WrapMembers(ens, f));
  PetscFunctionReturn(0);
}

/* Also of a field whose set-up failed partway (members not all made, or not yet wrapped) or never
 * began (all zero). */
PetscErrorCode MckEnsFieldDestroy(MckEnsemble ens, MckEnsField *f)
{
  PetscFunctionBeginUser;
  if (f->vecs)
    for (PetscInt j = 0; j < ens->nlocal; j++) {
      if (f->wrapped && f->vecs[j]) PetscCall(VecResetArray(f->vecs[j]));
      PetscCall(VecDestroy(&f->vecs[j]));
    }
  PetscCall(PetscFree2(f->rowcount, f->rowdispl));
  PetscCall(PetscFree(f->vecs));
  PetscCall(PetscFree(f->sd));
  PetscCall(PetscFree2(f->store, f->blk));
  PetscCall(PetscFree2(f->work, f->wrk));
  PetscCall(PetscFree6(f->scount, f->sdispl, f->rcount, f->rdispl, f->piece, f->block));
  PetscCall(PetscFree2(f->sbuf, f->rbuf));
  PetscCall(PetscFree2(f->gcount, f->gdispl));
  PetscFunctionReturn(0);
}

/* Copy between the local member Vecs and the send/receive buffer of the member side. */
static PetscErrorCode MemberSide(MckEnsemble ens, MckEnsField *f, PetscReal buf[], PetscBool pack)
{
  PetscInt64 lo;

  PetscFunctionBeginUser;
  for (PetscInt jj = 0; jj < ens->nlocal; jj++) {
    PetscReal *x;
    PetscCall(VecGetArray(f->vecs[jj], &x));
    for (PetscInt q = 0; q < ens->size; q++) {
      const PetscInt64 *bq  = f->block + 2 * q;
      const PetscInt    len = Overlap(f->lo, f->hi, bq[0], bq[0] + bq[1], &lo);
      PetscReal        *b = buf + f->sdispl[q] + (size_t)jj * len, *xs = x + (lo - f->lo);
      if (!len) continue;
      if (pack) PetscCall(PetscArraycpy(b, xs, len));
      else PetscCall(PetscArraycpy(xs, b, len));
    }
    PetscCall(VecRestoreArray(f->vecs[jj], &x));
  }
  PetscFunctionReturn(0);
}

/* Copy between the analysis blocks and the buffer of the analysis side. */
static PetscErrorCode AnalysisSide(MckEnsemble ens, MckEnsField *f, PetscReal buf[], PetscBool pack)
{
  PetscInt64 lo;

  PetscFunctionBeginUser;
  for (PetscInt p = 0; p < ens->size; p++) {
    const PetscInt64 *pp  = f->piece + 4 * p;
    const PetscInt    len = Overlap(pp[2], pp[3], f->c0, f->c0 + f->nc, &lo);
    if (!len) continue;
    for (PetscInt64 jj = 0; jj < pp[1]; jj++) {
      PetscReal *b = buf + f->rdispl[p] + jj * len, *xs = f->blk[pp[0] + jj] + (lo - f->c0);
      if (pack) PetscCall(PetscArraycpy(b, xs, len));
      else PetscCall(PetscArraycpy(xs, b, len));
    }
  }
  PetscFunctionReturn(0);
}

/* Replicated layout, back to the members: every rank has every value, so a local copy. */
static PetscErrorCode CopyToMembers(MckEnsemble ens, MckEnsField *f)
{
  PetscFunctionBeginUser;
  for (PetscInt jj = 0; jj < ens->nlocal; jj++) {
    PetscReal *x;
    PetscCall(VecGetArray(f->vecs[jj], &x));
    PetscCall(PetscArraycpy(x, f->blk[ens->m0 + jj] + f->lo, f->hi - f->lo));
    PetscCall(VecRestoreArray(f->vecs[jj], &x));
  }
  PetscFunctionReturn(0);
}

/* Redundant layout: this rank holds every member whole. */
static PetscErrorCode CopyToAnalysis(MckEnsemble ens, MckEnsField *f)
{
  PetscFunctionBeginUser;
  for (PetscInt j = 0; j < ens->J; j++) {
    const PetscReal *x;
    PetscCall(VecGetArrayRead(f->vecs[j], &x));
    PetscCall(PetscArraycpy(f->blk[j], x, f->N));
    PetscCall(VecRestoreArrayRead(f->vecs[j], &x));
  }
  PetscFunctionReturn(0);
}

/* Wrapped members: to the analysis layout, the replicated layout gathers every rank's members
 * into its rows (in place); back to the members nothing moves, but the Vecs learn that their
 * values changed (so that no cached norm survives an analysis). */
static PetscErrorCode MoveWrapped(MckEnsemble ens, MckEnsField *f, PetscBool to_analysis)
{
  PetscFunctionBeginUser;
  if (to_analysis && ens->replicated && !ens->redundant)
    PetscCallMPI(
        MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, f->store, f->rowcount, f->rowdispl, MPIU_REAL, ens->comm));
  if (!to_analysis)
    for (PetscInt jj = 0; jj < ens->nlocal; jj++) PetscCall(PetscObjectStateIncrease((PetscObject)f->vecs[jj]));
  PetscFunctionReturn(0);
}

/* Member layout -> analysis layout (forward) or back: pack, one MPI_Alltoallv, unpack. */
static PetscErrorCode Move(MckEnsemble ens, MckEnsField *f, PetscBool to_analysis)
{
  PetscReal   *mbuf = f->sbuf, *abuf = f->rbuf;
  PetscMPIInt *mc = f->scount, *md = f->sdispl, *ac = f->rcount, *ad = f->rdispl;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_EnsTranspose, 0, 0, 0, 0));
  if (f->wrapped) PetscCall(MoveWrapped(ens, f, to_analysis));
  else if (to_analysis && ens->redundant) PetscCall(CopyToAnalysis(ens, f));
  else if (!to_analysis && ens->replicated) PetscCall(CopyToMembers(ens, f));
  else if (to_analysis) {
    PetscCall(MemberSide(ens, f, mbuf, PETSC_TRUE));
    PetscCallMPI(MPI_Alltoallv(mbuf, mc, md, MPIU_REAL, abuf, ac, ad, MPIU_REAL, ens->comm));
    PetscCall(AnalysisSide(ens, f, abuf, PETSC_FALSE));
  } else {
    PetscCall(AnalysisSide(ens, f, abuf, PETSC_TRUE));
    PetscCallMPI(MPI_Alltoallv(abuf, ac, ad, MPIU_REAL, mbuf, mc, md, MPIU_REAL, ens->comm));
    PetscCall(MemberSide(ens, f, mbuf, PETSC_FALSE));
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_EnsTranspose, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsFieldToAnalysis(MckEnsemble ens, MckEnsField *f)
{
  PetscFunctionBeginUser;
  PetscCall(Move(ens, f, PETSC_TRUE));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsFieldToMembers(MckEnsemble ens, MckEnsField *f)
{
  PetscFunctionBeginUser;
  PetscCall(Move(ens, f, PETSC_FALSE));
  PetscFunctionReturn(0);
}

/* A whole vector from its analysis blocks (blk: this rank's nc values), on every rank. */
PetscErrorCode MckEnsFieldGather(MckEnsemble ens, MckEnsField *f, const PetscReal blk[], PetscReal full[])
{
  PetscFunctionBeginUser;
  if (ens->replicated) PetscCall(PetscArraycpy(full, blk, f->N));
  else
    PetscCallMPI(MPI_Allgatherv(blk, (PetscMPIInt)f->nc, MPIU_REAL, full, f->gcount, f->gdispl, MPIU_REAL, ens->comm));
  PetscFunctionReturn(0);
}

/* The rows of the analysis layout this rank writes to (or reads from) a file: its block, or in
 * the replicated layout all of them on rank 0 and none elsewhere (MckEnsFieldShareRead then
 * gives every rank what rank 0 read). */
PetscErrorCode MckEnsFieldFileRows(MckEnsemble ens, MckEnsField *f, PetscInt64 *c0, PetscInt *nc)
{
  PetscFunctionBeginUser;
  *c0 = f->c0;
  *nc = f->nc;
  if (ens->replicated && ens->rank) {
    *c0 = f->N;
    *nc = 0;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsFieldShareRead(MckEnsemble ens, MckEnsField *f)
{
  PetscFunctionBeginUser;
  if (ens->replicated) PetscCallMPI(MPI_Bcast(f->store, (PetscMPIInt)(ens->J * f->nc), MPIU_REAL, 0, ens->comm));
  PetscFunctionReturn(0);
}

/* The layout for the size (before the fields are set up). auto: redundant when the whole
 * ensemble is at most 2^16 values (512 KiB) and a built-in model drives one-rank members (every rank
 * runs it all: no communication per cycle, where even one collective a cycle would cost more
 * than the forecast and analysis it saves); else replicated when blocks would leave a rank
 * without a chunk; else blocks. One rank: one block. */
PetscErrorCode MckEnsChooseLayout(MckEnsemble ens)
{
  const PetscInt64 N = PetscMax(ens->n, ens->ndata), nchunks = (N + ens->chunk - 1) / ens->chunk;
  MckEnsLayout     layout = ens->layout;
  PetscBool        shell  = PETSC_FALSE, may_redundant;

  PetscFunctionBeginUser;
  /* a shell model runs the user's code, which may differ between ranks (or fail on one): every
   * member is then advanced by one rank alone and the failure flags are combined */
  if (ens->model) PetscCall(PetscObjectTypeCompare((PetscObject)ens->model, MCKMODEL_SHELL, &shell));
  may_redundant = (PetscBool)(ens->model && !shell && !ens->advance && !ens->forward && ens->rpm == 1);
  if (layout == MCK_ENS_LAYOUT_AUTO) {
    if (ens->size == 1) layout = MCK_ENS_LAYOUT_BLOCKS;
    else if (may_redundant && N * ens->J <= ((PetscInt64)1 << 16)) layout = MCK_ENS_LAYOUT_REDUNDANT;
    else if (nchunks < ens->size) layout = MCK_ENS_LAYOUT_REPLICATED;
    else layout = MCK_ENS_LAYOUT_BLOCKS;
  }
  PetscCheck(
      layout != MCK_ENS_LAYOUT_REDUNDANT || may_redundant, ens->comm, PETSC_ERR_USER_INPUT,
      "%s redundant: needs members driven by a built-in model (not a shell model or callbacks) on one rank each (%s 1)",
      McKeanOptionName((PetscObject)ens, "-ens_layout"), McKeanOptionName((PetscObject)ens, "-ens_ranks_per_member"));
  ens->redundant  = (PetscBool)(layout == MCK_ENS_LAYOUT_REDUNDANT && ens->size > 1);
  ens->replicated = (PetscBool)(ens->redundant || (layout == MCK_ENS_LAYOUT_REPLICATED && ens->size > 1));
  if (ens->redundant) { /* every rank holds every member */
    ens->m0     = 0;
    ens->nlocal = ens->J;
  }
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetLayout - Which analysis layout the ensemble uses (chosen at set-up from n, J
  and the rank count, or by -ens_layout).

  Not Collective

  Input Parameters:
+ ens - the ensemble, set up
- len - the size of buf

  Output Parameter:
. buf - "blocks" (every rank analyses a block of components of all members; one block on one
        rank), "replicated" (every rank analyses every component; no collective beyond the
        move into the layout and the failure flags) or "redundant" (every rank advances and
        analyses every member: no communication in a cycle)

  Options Database Key:
. -ens_layout <auto|blocks|replicated|redundant> - the layout

  Level: intermediate

.seealso: `MckEnsembleView()`, `MckEnsembleSetUp()`
@*/
PetscErrorCode MckEnsembleGetLayout(MckEnsemble ens, char buf[], size_t len)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCheck(ens->setup, ens->comm, PETSC_ERR_ORDER, "MckEnsembleGetLayout: call MckEnsembleSetUp() first");
  PetscCall(PetscStrncpy(buf, ens->redundant ? "redundant" : ens->replicated ? "replicated" : "blocks", len));
  PetscFunctionReturn(0);
}
