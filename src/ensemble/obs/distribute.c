/* Observations given distributed: each rank any part of the list, the list being the parts in
 * rank order. Each observation goes to the rank(s) that evaluate it (docs/ensemble.md
 * "Observation storage"): in the blocks layout the owner of its anchor floor(s), found in the
 * table of analysis blocks, by one MPI_Alltoallv; in the replicated and redundant layouts every
 * rank, by one MPI_Allgatherv. The receiver sorts them by coordinate, ties by global position
 * (the place in the concatenated list): the order of MckEnsembleSetObservationsAt() for the
 * same list, non-decreasing as that one requires, so the stored observations, their global
 * positions (which key the EnKF's perturbations) and every analysis are the same bits. No
 * rank holds more than its own observations in the blocks layout. */
#include "ensemble/ensimpl.h"
#include "ensemble/obs/obsfile.h"

typedef struct {
  PetscReal  s, y, r;
  PetscInt64 pos; /* global position in the given list */
} Obs;

static int CompareObs(const void *a, const void *b)
{
  const Obs *x = (const Obs *)a, *y = (const Obs *)b;
  if (x->s != y->s) return x->s < y->s ? -1 : 1;
  return x->pos < y->pos ? -1 : x->pos > y->pos;
}

PetscErrorCode MckEnsObsFirstFailure(MPI_Comm comm, PetscInt64 *key, PetscReal *value)
{
  PetscInt64  first;
  PetscReal   v;
  PetscMPIInt rank, size, holder;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Allreduce(key, &first, 1, MPIU_INT64, MPI_MIN, comm));
  if (first != INT64_MAX) { /* the first rank that holds it (several may: a list read whole) gives the value */
    PetscCallMPI(MPI_Comm_rank(comm, &rank));
    PetscCallMPI(MPI_Comm_size(comm, &size));
    holder = *key == first ? rank : size;
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &holder, 1, MPI_INT, MPI_MIN, comm));
    v = rank == holder ? *value : 0;
    PetscCallMPI(MPI_Allreduce(&v, value, 1, MPIU_REAL, MPI_SUM, comm));
  }
  *key = first;
  PetscFunctionReturn(0);
}

/* Coordinates inside the state, variances positive: the first failure over the ranks, raised on
 * every rank with its global position. */
static PetscErrorCode CheckLocal(MckEnsemble ens, PetscInt nlocal, PetscInt64 pos0, const PetscReal coord[],
                                 const PetscReal r[])
{
  PetscInt64 key   = INT64_MAX;
  PetscReal  value = 0;

  PetscFunctionBeginUser;
  for (PetscInt l = 0; l < nlocal && key == INT64_MAX; l++) {
    if (!(coord[l] >= 0 && coord[l] < ens->n)) {
      key   = 2 * (pos0 + l);
      value = coord[l];
    } else if (!(r[l] > 0)) {
      key   = 2 * (pos0 + l) + 1;
      value = r[l];
    }
  }
  PetscCall(MckEnsObsFirstFailure(ens->comm, &key, &value));
  PetscCheck(key == INT64_MAX || key % 2, ens->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "observation %" PetscInt64_FMT " at coordinate %g: outside the state [0, %" PetscInt_FMT ")", key / 2,
             (double)value, ens->n);
  PetscCheck(key == INT64_MAX, ens->comm, PETSC_ERR_USER_INPUT,
             "observation %" PetscInt64_FMT ": error variance %g must be positive", key / 2, (double)value);
  PetscFunctionReturn(0);
}

/* The rank whose analysis block holds component a (blocks ascend with the rank). */
static PetscMPIInt BlockOwner(const MckEnsField *f, PetscMPIInt size, PetscInt64 a)
{
  PetscMPIInt lo = 0, hi = size - 1;

  while (lo < hi) {
    const PetscMPIInt mid = (lo + hi + 1) / 2;
    if (f->block[2 * mid] <= a) lo = mid;
    else hi = mid - 1;
  }
  while (lo > 0 && a >= f->block[2 * lo] + f->block[2 * lo + 1]) lo--; /* empty blocks */
  return lo;
}

/* send[] grouped by destination, count[q] for rank q (the blocks layout). */
static PetscErrorCode PackByOwner(MckEnsemble ens, PetscInt nlocal, PetscInt64 pos0, const PetscReal coord[],
                                  const PetscReal y[], const PetscReal r[], PetscMPIInt count[], Obs send[])
{
  PetscMPIInt *dest, *at;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc2(nlocal + 1, &dest, ens->size, &at));
  PetscCall(PetscArrayzero(count, ens->size));
  for (PetscInt l = 0; l < nlocal; l++) {
    dest[l] = BlockOwner(&ens->x, ens->size, (PetscInt64)PetscFloorReal(coord[l]));
    count[dest[l]]++;
  }
  at[0] = 0;
  for (PetscMPIInt q = 1; q < ens->size; q++) at[q] = at[q - 1] + count[q - 1];
  for (PetscInt l = 0; l < nlocal; l++) send[at[dest[l]]++] = (Obs){coord[l], y[l], r[l], pos0 + l};
  PetscCall(PetscFree2(dest, at));
  PetscFunctionReturn(0);
}

/* My observations (*nrecv, allocated): the ones I evaluate, from whichever rank was given them. */
static PetscErrorCode Route(MckEnsemble ens, PetscInt nlocal, PetscInt64 pos0, const PetscReal coord[],
                            const PetscReal y[], const PetscReal r[], PetscInt *nrecv, Obs **recv)
{
  const PetscMPIInt P = ens->size;
  PetscMPIInt      *sc, *sd, *rc, *rd, mine = (PetscMPIInt)nlocal;
  MPI_Datatype      unit;
  Obs              *send;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc4(P, &sc, P, &sd, P, &rc, P, &rd));
  PetscCall(PetscMalloc1(nlocal + 1, &send));
  PetscCallMPI(MPI_Type_contiguous((PetscMPIInt)sizeof(Obs), MPI_BYTE, &unit));
  PetscCallMPI(MPI_Type_commit(&unit));
  if (ens->replicated) {
    for (PetscInt l = 0; l < nlocal; l++) send[l] = (Obs){coord[l], y[l], r[l], pos0 + l};
    PetscCallMPI(MPI_Allgather(&mine, 1, MPI_INT, rc, 1, MPI_INT, ens->comm));
  } else {
    PetscCall(PackByOwner(ens, nlocal, pos0, coord, y, r, sc, send));
    PetscCallMPI(MPI_Alltoall(sc, 1, MPI_INT, rc, 1, MPI_INT, ens->comm));
  }
  sd[0] = rd[0] = 0;
  for (PetscMPIInt q = 1; q < P; q++) {
    sd[q] = sd[q - 1] + sc[q - 1];
    rd[q] = rd[q - 1] + rc[q - 1];
  }
  *nrecv = rd[P - 1] + rc[P - 1];
  PetscCall(PetscMalloc1(*nrecv + 1, recv));
  if (ens->replicated) PetscCallMPI(MPI_Allgatherv(send, mine, unit, *recv, rc, rd, unit, ens->comm));
  else PetscCallMPI(MPI_Alltoallv(send, sc, sd, unit, *recv, rc, rd, unit, ens->comm));
  qsort(*recv, (size_t)*nrecv, sizeof(Obs), CompareObs);
  PetscCallMPI(MPI_Type_free(&unit));
  PetscCall(PetscFree(send));
  PetscCall(PetscFree4(sc, sd, rc, rd));
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleSetObservationsAtLocal - The observations of the next analysis of a filter, given
  distributed: each rank gives any part of the list, at real coordinates (state-index units)
  of the current observation operator.

  Collective

  Input Parameters:
+ ens    - a filter ensemble, set up
. nlocal - the number of observations this rank gives (>= 0; >= 1 over all ranks)
. coord  - their coordinates s_l, 0 <= s_l < n, in any order
. y      - their values
- r      - their error variances, > 0

  Notes:
  The list is the parts in rank order: observation l of rank q is observation
  nlocal_0 + ... + nlocal_{q-1} + l. The ensemble sorts it by coordinate, ties by that
  position, and sends each observation to the rank that evaluates it (the owner of component
  floor(s_l) in the blocks layout; every rank in the replicated and redundant layouts), so the
  analysis is the same bits as `MckEnsembleSetObservationsAt()` with the sorted list, on any
  rank count and whichever rank was given each observation. In the blocks layout a rank then
  stores only its own observations: an observation file or a network feed need not be held
  whole by any rank. An observation outside the state or a variance not positive is an error
  raised on every rank that names its position in the list. The arguments are copied.

  Level: intermediate

.seealso: `MckEnsembleSetObservationsAt()`, `MckEnsembleSetObsOperator()`, `MckEnsembleGetObsCoordinates()`,
          `MckEnsembleGetLayout()`
@*/
PetscErrorCode MckEnsembleSetObservationsAtLocal(MckEnsemble ens, PetscInt nlocal, const PetscReal coord[],
                                                 const PetscReal y[], const PetscReal r[])
{
  PetscInt64 mine = nlocal, pos0 = 0, total;
  PetscInt   nrecv;
  Obs       *recv;
  PetscReal *s, *v, *w;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCheck(ens->setup, ens->comm, PETSC_ERR_ORDER,
             "MckEnsembleSetObservationsAtLocal: call MckEnsembleSetUp() first");
  PetscCheck(
      !ens->ndata, ens->comm, PETSC_ERR_ARG_WRONG,
      "MckEnsembleSetObservationsAtLocal: an inverse problem's data have no coordinates (MckEnsembleSetObservations)");
  PetscCheck(nlocal >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ, "a negative number of observations");
  PetscCallMPI(MPI_Exscan(&mine, &pos0, 1, MPIU_INT64, MPI_SUM, ens->comm));
  if (!ens->rank) pos0 = 0; /* MPI_Exscan leaves rank 0's undefined */
  PetscCallMPI(MPI_Allreduce(&mine, &total, 1, MPIU_INT64, MPI_SUM, ens->comm));
  PetscCheck(total >= 1, ens->comm, PETSC_ERR_ARG_SIZ, "data assimilation: give at least one observation");
  PetscCall(CheckLocal(ens, nlocal, pos0, coord, r));
  PetscCall(Route(ens, nlocal, pos0, coord, y, r, &nrecv, &recv));
  PetscCall(PetscMalloc3(nrecv + 1, &s, nrecv + 1, &v, nrecv + 1, &w));
  for (PetscInt l = 0; l < nrecv; l++) {
    s[l] = recv[l].s;
    v[l] = recv[l].y;
    w[l] = recv[l].r;
  }
  PetscCall(PetscFree(recv));
  PetscCall(MckEnsObsStoreLocal(ens, (PetscInt)total, nrecv, s, v, w));
  PetscCall(PetscFree3(s, v, w));
  PetscFunctionReturn(0);
}
