/* Observations given distributed: each rank any part of the list, the list being the parts in
 * rank order. Each observation goes to the rank(s) that evaluate it (docs/ensemble.md
 * "Observation storage"): in the blocks layout the owner of its anchor floor(s), found in the
 * table of analysis blocks, by one MPI_Alltoallv; in the replicated and redundant layouts every
 * rank, by one MPI_Allgatherv. The receiver sorts them by anchor (the grid point floor(s) as a
 * linear index), then coordinates (last axis first), ties by global position (the place in the
 * concatenated list): on the 1D ring the order by coordinate that MckEnsembleSetObservationsAt()
 * requires, on a grid the order it sorts its list into (MckEnsObsSortList), so the stored
 * observations, their global positions (which key the EnKF's perturbations) and every analysis
 * are the same bits. No rank holds more than its own observations in the blocks layout. */
#include "ensemble/ensimpl.h"
#include "ensemble/obs/obsfile.h"

typedef struct {
  PetscReal  s[MCK_ENS_MAX_DIM]; /* coordinates (0 beyond the grid's dimension) */
  PetscReal  y, r;
  PetscInt64 anchor, pos; /* anchor; global position in the given list */
} Obs;

static int CompareObs(const void *a, const void *b)
{
  const Obs *x = (const Obs *)a, *y = (const Obs *)b;
  if (x->anchor != y->anchor) return x->anchor < y->anchor ? -1 : 1;
  for (PetscInt k = MCK_ENS_MAX_DIM - 1; k >= 0; k--)
    if (x->s[k] != y->s[k]) return x->s[k] < y->s[k] ? -1 : 1;
  return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static Obs MakeObs(MckEnsemble ens, const PetscReal s[], PetscReal y, PetscReal r, PetscInt64 pos)
{
  Obs o = {{0}, y, r, MckEnsGridAnchor(ens, s), pos};

  for (PetscInt k = 0; k < ens->dim; k++) o.s[k] = s[k];
  return o;
}

/* Rows of a sorted array of Obs into coordinates (dim per row), values and variances. */
static void Unpack(MckEnsemble ens, PetscInt m, const Obs o[], PetscReal coord[], PetscReal y[], PetscReal r[])
{
  for (PetscInt l = 0; l < m; l++) {
    for (PetscInt k = 0; k < ens->dim; k++) coord[(size_t)l * ens->dim + k] = o[l].s[k];
    y[l] = o[l].y;
    r[l] = o[l].r;
  }
}

/* The list (coordinates dim per row) in the order the ensemble stores it: by anchor, then
 * coordinates, then position in the list. Not collective. */
PetscErrorCode MckEnsObsSortList(MckEnsemble ens, PetscInt nobs, const PetscReal coord[], const PetscReal y[],
                                 const PetscReal r[], PetscReal sc[], PetscReal sy[], PetscReal sr[])
{
  Obs *o;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(nobs + 1, &o));
  for (PetscInt l = 0; l < nobs; l++) o[l] = MakeObs(ens, coord + (size_t)l * ens->dim, y[l], r[l], l);
  qsort(o, (size_t)nobs, sizeof(Obs), CompareObs);
  Unpack(ens, nobs, o, sc, sy, sr);
  PetscCall(PetscFree(o));
  PetscFunctionReturn(0);
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

/* Coordinates inside the grid, variances positive: the first failure over the ranks, raised on
 * every rank with its global position (key (dim + 1) pos + axis, or + dim for the variance). */
static PetscErrorCode CheckLocal(MckEnsemble ens, PetscInt nlocal, PetscInt64 pos0, const PetscReal coord[],
                                 const PetscReal r[])
{
  const PetscInt d                  = ens->dim;
  PetscInt64     key                = INT64_MAX;
  PetscReal      value              = 0;
  PetscReal      s[MCK_ENS_MAX_DIM] = {0};
  char           where[256];

  PetscFunctionBeginUser;
  for (PetscInt l = 0; l < nlocal && key == INT64_MAX; l++) {
    for (PetscInt a = 0; a < d && key == INT64_MAX; a++)
      if (!(coord[(size_t)l * d + a] >= 0 && coord[(size_t)l * d + a] < ens->gsize[a])) {
        key   = (d + 1) * (pos0 + l) + a;
        value = coord[(size_t)l * d + a];
      }
    if (key == INT64_MAX && !(r[l] > 0)) {
      key   = (d + 1) * (pos0 + l) + d;
      value = r[l];
    }
  }
  PetscCall(MckEnsObsFirstFailure(ens->comm, &key, &value));
  if (key == INT64_MAX) PetscFunctionReturn(0);
  PetscCheck(key % (d + 1) != d, ens->comm, PETSC_ERR_USER_INPUT,
             "observation %" PetscInt64_FMT ": error variance %g must be positive", key / (d + 1), (double)value);
  if (d == 1) {
    s[0] = value;
    PetscCall(MckEnsGridOutside(ens, s, where, sizeof(where)));
  } else
    PetscCall(PetscSNPrintf(where, sizeof(where),
                            "coordinate %g on axis %" PetscInt64_FMT ": outside [0, %" PetscInt_FMT ")", (double)value,
                            key % (d + 1), ens->gsize[key % (d + 1)]));
  SETERRQ(ens->comm, PETSC_ERR_ARG_OUTOFRANGE, "observation %" PetscInt64_FMT " at %s", key / (d + 1), where);
}

/* The rank whose analysis block holds component a (blocks ascend with the rank). */
PetscMPIInt MckEnsBlockOwner(const MckEnsField *f, PetscMPIInt size, PetscInt64 a)
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
    dest[l] = MckEnsBlockOwner(&ens->x, ens->size, MckEnsGridAnchor(ens, coord + (size_t)l * ens->dim));
    count[dest[l]]++;
  }
  at[0] = 0;
  for (PetscMPIInt q = 1; q < ens->size; q++) at[q] = at[q - 1] + count[q - 1];
  for (PetscInt l = 0; l < nlocal; l++)
    send[at[dest[l]]++] = MakeObs(ens, coord + (size_t)l * ens->dim, y[l], r[l], pos0 + l);
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
    for (PetscInt l = 0; l < nlocal; l++) send[l] = MakeObs(ens, coord + (size_t)l * ens->dim, y[l], r[l], pos0 + l);
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
. coord  - their coordinates, in any order: s_l, 0 <= s_l < n, on the default 1D grid; on a grid
           of d > 1 axes (`MckEnsembleSetGridShape()`) nlocal rows of d, 0 <= s_{l,a} < n_a
. y      - their values
- r      - their error variances, > 0

  Notes:
  The list is the parts in rank order: observation l of rank q is observation
  nlocal_0 + ... + nlocal_{q-1} + l. The ensemble sorts it by coordinate, ties by that
  position (on a grid of d > 1 axes: by anchor, then coordinates, then position), and sends each
  observation to the rank that evaluates it (the owner of its anchor, the grid point floor(s_l),
  in the blocks layout; every rank in the replicated and redundant layouts), so the
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
  PetscCall(PetscMalloc3((size_t)nrecv * ens->dim + 1, &s, nrecv + 1, &v, nrecv + 1, &w));
  Unpack(ens, nrecv, recv, s, v, w);
  PetscCall(PetscFree(recv));
  PetscCall(MckEnsObsStoreLocal(ens, (PetscInt)total, nrecv, s, v, w));
  PetscCall(PetscFree3(s, v, w));
  PetscFunctionReturn(0);
}
