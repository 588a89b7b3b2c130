/* The two layouts of a per-member vector and the move between them (one MPI_Alltoallv).
 * Member layout: rank p holds components [lo_p, hi_p) of members [m0_p, m0_p + nl_p) (its
 * group's chunk of members; lo/hi from the member Vec's ownership on the group communicator).
 * Analysis layout: rank q holds the chunk-aligned components [c0_q, c0_q + nc_q) of all J members.
 * A message from p to q holds, member by member, the intersection of the two ranges. Only
 * values move, so the analysis layout is the same bits whatever the member layout. */
#include "ensemble/ensimpl.h"

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
  PetscCall(MckStatsChunkOwnership(ens->comm, N, f->chunk, &f->c0, &f->nc, &f->nchunks));
  PetscCall(MckEnsMemberCreateVecs(ens, f, data));
  PetscCall(PetscMalloc2(ens->J * (size_t)f->nc + 1, &f->store, ens->J, &f->blk));
  PetscCall(PetscMalloc2(ens->J * (size_t)f->nc + 1, &f->work, ens->J, &f->wrk));
  PetscCall(PetscCalloc1(3 * f->nc + 1, &f->sd));
  PetscCall(PetscArrayzero(f->store, ens->J * (size_t)f->nc + 1));
  PetscCall(PetscArrayzero(f->work, ens->J * (size_t)f->nc + 1));
  for (PetscInt j = 0; j < ens->J; j++) {
    f->blk[j] = f->store + (size_t)j * f->nc;
    f->wrk[j] = f->work + (size_t)j * f->nc;
  }
  PetscCall(PetscMalloc6(S, &f->scount, S, &f->sdispl, S, &f->rcount, S, &f->rdispl, 4 * S, &f->piece, 2 * S, &f->block));
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
    f->scount[q]         = (PetscMPIInt)(ens->nlocal * Overlap(f->lo, f->hi, bq[0], bq[0] + bq[1], &lo));
    f->rcount[q]         = (PetscMPIInt)(pq[1] * Overlap(pq[2], pq[3], f->c0, f->c0 + f->nc, &lo));
    f->sdispl[q]         = (PetscMPIInt)ssum;
    f->rdispl[q]         = (PetscMPIInt)rsum;
    ssum += f->scount[q];
    rsum += f->rcount[q];
  }
  PetscCall(PetscMalloc2(ssum + 1, &f->sbuf, rsum + 1, &f->rbuf));
  PetscCall(PetscMalloc2(S, &f->gcount, S, &f->gdispl));
  for (PetscInt q = 0; q < S; q++) {
    f->gcount[q] = (PetscMPIInt)f->block[2 * q + 1];
    f->gdispl[q] = (PetscMPIInt)f->block[2 * q];
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsFieldDestroy(MckEnsemble ens, MckEnsField *f)
{
  PetscFunctionBeginUser;
  if (f->vecs)
    for (PetscInt j = 0; j < ens->nlocal; j++) PetscCall(VecDestroy(&f->vecs[j]));
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
      PetscReal        *b   = buf + f->sdispl[q] + (size_t)jj * len, *xs = x + (lo - f->lo);
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

PetscErrorCode MckEnsFieldToAnalysis(MckEnsemble ens, MckEnsField *f)
{
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_EnsTranspose, 0, 0, 0, 0));
  PetscCall(MemberSide(ens, f, f->sbuf, PETSC_TRUE));
  PetscCallMPI(MPI_Alltoallv(f->sbuf, f->scount, f->sdispl, MPIU_REAL, f->rbuf, f->rcount, f->rdispl, MPIU_REAL, ens->comm));
  PetscCall(AnalysisSide(ens, f, f->rbuf, PETSC_FALSE));
  PetscCall(PetscLogEventEnd(MCK_EVENT_EnsTranspose, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsFieldToMembers(MckEnsemble ens, MckEnsField *f)
{
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_EnsTranspose, 0, 0, 0, 0));
  PetscCall(AnalysisSide(ens, f, f->rbuf, PETSC_TRUE));
  PetscCallMPI(MPI_Alltoallv(f->rbuf, f->rcount, f->rdispl, MPIU_REAL, f->sbuf, f->scount, f->sdispl, MPIU_REAL, ens->comm));
  PetscCall(MemberSide(ens, f, f->sbuf, PETSC_FALSE));
  PetscCall(PetscLogEventEnd(MCK_EVENT_EnsTranspose, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* A whole vector from its analysis blocks (blk: this rank's nc values), on every rank. */
PetscErrorCode MckEnsFieldGather(MckEnsemble ens, MckEnsField *f, const PetscReal blk[], PetscReal full[])
{
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Allgatherv(blk, (PetscMPIInt)f->nc, MPIU_REAL, full, f->gcount, f->gdispl, MPIU_REAL, ens->comm));
  PetscFunctionReturn(0);
}
