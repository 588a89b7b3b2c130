/* Observations: those of data assimilation (coordinates in grid units, one per axis of the
 * state's grid, grid.c; the operator is obs/operators.c's), or the data of an inverse problem
 * (laid out like the predicted data).
 *
 * DA storage: the list, sorted by anchor (the grid point floor(s) as a linear index; on the 1D
 * ring the order by coordinate), then coordinates, ties in the order given, is numbered by
 * global position; a rank stores the observations it evaluates, those whose anchor lies in
 * its state block, one contiguous range of positions [lobs0, lobs0 + nlobs) (every one in the
 * replicated and redundant layouts, where every rank analyses every component). The local
 * analyses fetch the rest of their window from the owners (analysis/localobs.c). Given
 * replicated (MckEnsembleSetObservationsAt()), a rank copies its range out of the list; given
 * distributed (obs/distribute.c), the observations are routed to their owners first. The
 * arrays are allocated when the observations move only. Inverse problems: replicated. */
#include "ensemble/ensimpl.h"

/* DA: a block may hold more observations than components (several between two grid points);
 * the analyses keep the observed mean in the state field's scratch after its first nc entries
 * (x.sd + nc), so that scratch grows to hold the local observations (its first 3 nc entries kept). */
static PetscErrorCode GrowScratch(MckEnsemble ens, PetscInt nlobs)
{
  MckEnsField *f = &ens->x;
  PetscReal   *sd;

  PetscFunctionBeginUser;
  if (nlobs <= f->nc) PetscFunctionReturn(0);
  PetscCall(PetscCalloc1(2 * (size_t)f->nc + nlobs + 1, &sd));
  PetscCall(PetscArraycpy(sd, f->sd, 3 * (size_t)f->nc + 1));
  PetscCall(PetscFree(f->sd));
  f->sd = sd;
  PetscFunctionReturn(0);
}

/* DA: the statistics weigh one chunk's observations in a scratch of one chunk's length (cwork,
 * ens->chunk values); a chunk may hold more observations than components. */
static PetscErrorCode GrowChunkScratch(MckEnsemble ens)
{
  PetscInt most = 0;

  PetscFunctionBeginUser;
  for (PetscInt c = 0; c < ens->x.nchunks; c++) most = PetscMax(most, ens->ochunk[c + 1] - ens->ochunk[c]);
  if (most <= ens->chunk) PetscFunctionReturn(0);
  PetscCall(PetscFree(ens->cwork));
  PetscCall(PetscMalloc1(most, &ens->cwork));
  PetscFunctionReturn(0);
}

/* Storage for nstore observations (DA: the local ones; inverse problems: all). */
PetscErrorCode MckEnsObsAllocate(MckEnsemble ens, PetscInt nstore)
{
  const PetscInt nloc = ens->ndata ? ens->g.nc : nstore; /* at most this many local obs */

  PetscFunctionBeginUser;
  PetscCall(MckEnsObsDestroy(ens));
  if (!ens->ndata) PetscCall(GrowScratch(ens, nstore));
  PetscCall(PetscMalloc4(nstore + 1, &ens->oidx, (size_t)nstore * ens->dim + 1, &ens->ocoord, nstore + 1, &ens->oy,
                         nstore + 1, &ens->or_));
  PetscCall(PetscMalloc3((size_t)ens->J * nloc + 1, &ens->hx, ens->size, &ens->ocount, ens->size, &ens->odispl));
  PetscCall(PetscMalloc3((size_t)ens->J * nloc + 1, &ens->pert, ens->J, &ens->pertp, nloc + 1, &ens->obsw));
  PetscCall(PetscMalloc1((ens->ndata ? ens->g.nchunks : ens->x.nchunks) + 1, &ens->ochunk));
  PetscCall(PetscMalloc1(((size_t)1 << ens->dim) * nloc + 1, &ens->ostencil));
  PetscFunctionReturn(0);
}

/* Index the storage by global position from first on. */
static void ShiftStorage(MckEnsemble ens, PetscInt first)
{
  const PetscInt by = first - ens->ostore0;

  ens->oidx -= by;
  ens->ocoord -= (size_t)by * ens->dim;
  ens->oy -= by;
  ens->or_ -= by;
  ens->ostore0 = first;
}

PetscErrorCode MckEnsObsDestroy(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  ShiftStorage(ens, 0);
  PetscCall(PetscFree4(ens->oidx, ens->ocoord, ens->oy, ens->or_));
  PetscCall(PetscFree3(ens->hx, ens->ocount, ens->odispl));
  PetscCall(PetscFree3(ens->pert, ens->pertp, ens->obsw));
  PetscCall(PetscFree(ens->ochunk));
  PetscCall(PetscFree(ens->ostencil));
  ens->nobs = ens->nlobs = ens->lobs0 = 0;
  PetscFunctionReturn(0);
}

/* DA: where each of my state chunks starts among my observations. */
static void LocateChunks(MckEnsemble ens)
{
  const MckEnsField *f = &ens->x;
  PetscInt           l = 0;

  for (PetscInt c = 0; c <= f->nchunks; c++) {
    const PetscInt64 start = PetscMin(f->c0 + (PetscInt64)c * f->chunk, f->c0 + f->nc);
    while (l < ens->nlobs && ens->oidx[ens->lobs0 + l] < start) l++;
    ens->ochunk[c] = l;
  }
}

/* DA: new storage for my nl observations at coord (sorted, dim per row), nobs in all: every rank's count
 * (one allgather in the blocks layout), so my first global position, and my chunks. */
static PetscErrorCode Relocate(MckEnsemble ens, PetscInt nobs, PetscInt nl, const PetscReal coord[])
{
  const PetscMPIInt cnt = (PetscMPIInt)(nl * ens->J);

  PetscFunctionBeginUser;
  PetscCall(MckEnsObsAllocate(ens, nl));
  if (ens->replicated) /* every rank holds every observation: no collective in a cycle */
    for (PetscInt q = 0; q < ens->size; q++) ens->ocount[q] = cnt;
  else PetscCallMPI(MPI_Allgather(&cnt, 1, MPI_INT, ens->ocount, 1, MPI_INT, ens->comm));
  ens->odispl[0] = 0;
  for (PetscInt q = 1; q < ens->size; q++) ens->odispl[q] = ens->odispl[q - 1] + ens->ocount[q - 1];
  ens->nobs  = nobs;
  ens->nlobs = nl;
  ens->lobs0 = ens->replicated ? 0 : ens->odispl[ens->rank] / ens->J;
  ShiftStorage(ens, ens->lobs0);
  PetscCall(PetscArraycpy(ens->ocoord + (size_t)ens->lobs0 * ens->dim, coord, (size_t)nl * ens->dim));
  for (PetscInt l = 0; l < nl; l++)
    ens->oidx[ens->lobs0 + l] = (PetscInt)MckEnsGridAnchor(ens, coord + (size_t)l * ens->dim);
  LocateChunks(ens);
  PetscCall(GrowChunkScratch(ens));
  PetscFunctionReturn(0);
}

/* DA: my nl observations (sorted by coordinate; the owners' ranges in rank order make the
 * list) of nobs in all. Moved when any rank's moved: one reduction of a flag in the blocks
 * layout. Collective. */
PetscErrorCode MckEnsObsStoreLocal(MckEnsemble ens, PetscInt nobs, PetscInt nl, const PetscReal coord[],
                                   const PetscReal y[], const PetscReal r[])
{
  PetscMPIInt moved = nobs != ens->nobs || nl != ens->nlobs;

  PetscFunctionBeginUser;
  for (PetscInt l = 0; !moved && l < nl * ens->dim; l++)
    moved = ens->ocoord[(size_t)ens->lobs0 * ens->dim + l] != coord[l];
  if (!ens->replicated) PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &moved, 1, MPI_INT, MPI_MAX, ens->comm));
  if (moved) PetscCall(Relocate(ens, nobs, nl, coord));
  PetscCall(PetscArraycpy(ens->oy + ens->lobs0, y, nl));
  PetscCall(PetscArraycpy(ens->or_ + ens->lobs0, r, nl));
  for (PetscInt l = 0; l < nl; l++) ens->obsw[l] = 1.0 / r[l];
  for (PetscInt j = 0; j < ens->J; j++) ens->pertp[j] = ens->pert + (size_t)j * nl;
  if (ens->local) PetscCall(moved ? MckEnsLocalSetUpWindow(ens) : MckEnsLocalFetchObservations(ens));
  PetscFunctionReturn(0);
}

/* The first refusal of a list given replicated, found on this rank alone (code 0: none). */
typedef struct {
  PetscErrorCode code;
  char           text[256];
} Refusal;

static void Refuse(Refusal *no, PetscErrorCode code, const char text[])
{
  if (no->code) return;
  no->code = code;
  (void)PetscStrncpy(no->text, text, sizeof(no->text));
}

/* Raises a refusal. A list meant to be the same on every rank may differ, and be refused on one
 * rank only: in the blocks layout the others would then wait in the store's collective, so
 * there the ranks agree (one reduction) and every rank raises, the others naming the rank that
 * refused it. The replicated layouts store without communicating: a refusal is raised where it
 * was found (the bindings make the other ranks raise too). */
static PetscErrorCode RaiseRefusal(MckEnsemble ens, const Refusal *no)
{
  PetscMPIInt first = no->code ? ens->rank : ens->size;
  Refusal     r     = *no;

  PetscFunctionBeginUser;
  if (ens->replicated) {
    PetscCheck(!no->code, ens->comm, no->code, "%s", no->text);
    PetscFunctionReturn(0);
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &first, 1, MPI_INT, MPI_MIN, ens->comm));
  if (first == ens->size) PetscFunctionReturn(0);
  PetscCallMPI(MPI_Bcast(&r, (PetscMPIInt)sizeof(r), MPI_BYTE, first, ens->comm));
  PetscCheck(first != ens->rank, ens->comm, r.code, "%s", r.text);
  SETERRQ(ens->comm, r.code, "%s (on rank %d of %d)", r.text, first, ens->size);
}

/* Every error variance positive, or the first that is not refused. */
static PetscErrorCode CheckVariances(PetscInt nobs, const PetscReal r[], Refusal *no)
{
  char text[sizeof(no->text)];

  PetscFunctionBeginUser;
  for (PetscInt l = 0; l < nobs && !no->code; l++)
    if (!(r[l] > 0)) {
      PetscCall(PetscSNPrintf(text, sizeof(text), "observation %" PetscInt_FMT ": error variance %g must be positive",
                              l, (double)r[l]));
      Refuse(no, PETSC_ERR_USER_INPUT, text);
    }
  PetscFunctionReturn(0);
}

/* DA, given replicated (sorted, dim coordinates per row, variances checked): my range of the
 * list. */
static PetscErrorCode SetObservationsReplicated(MckEnsemble ens, PetscInt nobs, const PetscReal coord[],
                                                const PetscReal y[], const PetscReal r[])
{
  const MckEnsField *f  = &ens->x;
  PetscInt           l0 = 0, l1;

  PetscFunctionBeginUser;
  if (!ens->replicated)
    while (l0 < nobs && MckEnsGridAnchor(ens, coord + (size_t)l0 * ens->dim) < f->c0) l0++;
  l1 = l0;
  while (l1 < nobs && (ens->replicated || MckEnsGridAnchor(ens, coord + (size_t)l1 * ens->dim) < f->c0 + f->nc)) l1++;
  PetscCall(MckEnsObsStoreLocal(ens, nobs, l1 - l0, coord + (size_t)l0 * ens->dim, y + l0, r + l0));
  PetscFunctionReturn(0);
}

/* Inverse problems: the data block of the analysis layout, in data chunks. */
static PetscErrorCode LocateData(MckEnsemble ens)
{
  const MckEnsField *g = &ens->g;

  PetscFunctionBeginUser;
  ens->lobs0 = (PetscInt)g->c0;
  ens->nlobs = g->nc;
  for (PetscInt c = 0; c <= g->nchunks; c++) ens->ochunk[c] = PetscMin(c * g->chunk, g->nc);
  PetscFunctionReturn(0);
}

/* Inverse problems: the data values and variances (replicated, checked). */
static PetscErrorCode SetData(MckEnsemble ens, const PetscReal y[], const PetscReal r[])
{
  PetscFunctionBeginUser;
  if (ens->nobs != ens->ndata) {
    PetscCall(MckEnsObsAllocate(ens, ens->ndata));
    ens->nobs = ens->ndata;
    PetscCall(LocateData(ens));
  }
  PetscCall(PetscArraycpy(ens->oy, y, ens->ndata));
  PetscCall(PetscArraycpy(ens->or_, r, ens->ndata));
  for (PetscInt l = 0; l < ens->nlobs; l++) ens->obsw[l] = 1.0 / ens->or_[ens->lobs0 + l];
  for (PetscInt j = 0; j < ens->J; j++) ens->pertp[j] = ens->pert + (size_t)j * ens->nlobs;
  PetscFunctionReturn(0);
}

/* Observed components inside the state, strictly increasing, or the first that is not refused. */
static PetscErrorCode CheckComponents(MckEnsemble ens, PetscInt nobs, const PetscInt idx[], Refusal *no)
{
  char text[sizeof(no->text)];

  PetscFunctionBeginUser;
  for (PetscInt l = 0; l < nobs && !no->code; l++) {
    if (!(idx[l] >= 0 && idx[l] < ens->n)) {
      PetscCall(PetscSNPrintf(text, sizeof(text),
                              "observation %" PetscInt_FMT " of component %" PetscInt_FMT
                              ": outside the state [0, %" PetscInt_FMT ")",
                              l, idx[l], ens->n));
      Refuse(no, PETSC_ERR_ARG_OUTOFRANGE, text);
    } else if (l && idx[l] <= idx[l - 1]) {
      PetscCall(PetscSNPrintf(text, sizeof(text),
                              "observed components must be strictly increasing (observation %" PetscInt_FMT ")", l));
      Refuse(no, PETSC_ERR_ARG_WRONG, text);
    }
  }
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleSetObservations - The observations of the next analysis (filters: nobs observations
  of the state components idx with the current operator, by default the selection H) or the
  data of an inverse problem.

  Collective

  Input Parameters:
+ ens  - the ensemble, set up
. nobs - the number of observations (inverse problems: ndata)
. idx  - the observed components, strictly increasing (NULL for an inverse problem)
. y    - the values (replicated)
- r    - their error variances, > 0 (R or Gamma diagonal, replicated)

  Note:
  The arguments are copied; arrays are reallocated only when the observations move. Component
  i is the coordinate s = i of `MckEnsembleSetObservationsAt()` (on a grid of d > 1 axes its grid
  point).

  Level: beginner

.seealso: `MckEnsembleSetObservationsAt()`, `MckEnsembleAnalyze()`, `MckEnsembleIterate()`
@*/
PetscErrorCode MckEnsembleSetObservations(MckEnsemble ens, PetscInt nobs, const PetscInt idx[], const PetscReal y[],
                                          const PetscReal r[])
{
  PetscReal *coord = NULL;
  Refusal    no    = {0};

  PetscFunctionBeginUser;
  PetscCheck(ens->setup, ens->comm, PETSC_ERR_ORDER, "MckEnsembleSetObservations: call MckEnsembleSetUp() first");
  if (ens->ndata) {
    PetscCheck(nobs == ens->ndata && !idx, ens->comm, PETSC_ERR_ARG_SIZ,
               "inverse problem: give the %" PetscInt_FMT " data values and no index (got %" PetscInt_FMT ")",
               ens->ndata, nobs);
  } else {
    PetscCheck(nobs >= 1 && idx, ens->comm, PETSC_ERR_ARG_SIZ,
               "data assimilation: give at least one observation and the observed components");
    PetscCall(CheckComponents(ens, nobs, idx, &no));
    PetscCall(CheckVariances(nobs, r, &no));
    PetscCall(RaiseRefusal(ens, &no));
    PetscCall(PetscMalloc1((size_t)nobs * ens->dim, &coord));
    for (PetscInt l = 0; l < nobs; l++) { /* the grid point of component idx[l] */
      PetscInt64 i = idx[l];
      for (PetscInt k = 0; k < ens->dim; k++) {
        coord[(size_t)l * ens->dim + k] = (PetscReal)(i % ens->gsize[k]);
        i /= ens->gsize[k];
      }
    }
  }
  if (ens->ndata) {
    PetscCall(CheckVariances(nobs, r, &no));
    PetscCall(RaiseRefusal(ens, &no));
    PetscCall(SetData(ens, y, r));
  } else PetscCall(SetObservationsReplicated(ens, nobs, coord, y, r));
  PetscCall(PetscFree(coord));
  PetscFunctionReturn(0);
}

/* Coordinates on the grid; on the 1D ring non-decreasing (so each rank's observations are one
 * range; a grid's list is sorted by MckEnsembleSetObservationsAt()). */
static PetscErrorCode CheckCoordinates(MckEnsemble ens, PetscInt nobs, const PetscReal coord[], Refusal *no)
{
  char where[200], text[sizeof(no->text)];

  PetscFunctionBeginUser;
  for (PetscInt l = 0; l < nobs && !no->code; l++) {
    if (!MckEnsGridInside(ens, coord + (size_t)l * ens->dim)) {
      PetscCall(MckEnsGridOutside(ens, coord + (size_t)l * ens->dim, where, sizeof(where)));
      PetscCall(PetscSNPrintf(text, sizeof(text), "observation %" PetscInt_FMT " at %s", l, where));
      Refuse(no, PETSC_ERR_ARG_OUTOFRANGE, text);
    } else if (ens->dim == 1 && l && coord[l] < coord[l - 1]) {
      PetscCall(PetscSNPrintf(text, sizeof(text),
                              "observation coordinates must be non-decreasing (observation %" PetscInt_FMT ")", l));
      Refuse(no, PETSC_ERR_ARG_WRONG, text);
    }
  }
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleSetObservationsAt - The observations of the next analysis of a filter: nobs
  observations at real coordinates (grid units) of the current observation operator.

  Collective

  Input Parameters:
+ ens   - a filter ensemble, set up
. nobs  - the number of observations (>= 1)
. coord - their coordinates (replicated): on the default 1D grid s_l, 0 <= s_l < n,
          non-decreasing; on a grid of d > 1 axes (`MckEnsembleSetGridShape()`) nobs rows of d,
          s_{l,a} for axis a, 0 <= s_{l,a} < n_a, in any order
. y     - the values (replicated)
- r     - their error variances, > 0 (R diagonal, replicated)

  Notes:
  The arguments are copied. Observation l is evaluated by the rank that analyses its anchor, the
  grid point floor(s_l) (docs/ensemble.md); the result does not depend on the rank count. On a
  grid of d > 1 axes the list is stored sorted by anchor, then coordinates (last axis first),
  then position in the list, the order `MckEnsembleSetObservationsAtLocal()` gives it. In the
  blocks layout a rank keeps only the observations it evaluates; a list too large for one rank
  is given in parts with `MckEnsembleSetObservationsAtLocal()`, with the same result.

  Level: intermediate

.seealso: `MckEnsembleSetObsOperator()`, `MckEnsembleSetObservations()`, `MckEnsembleSetObservationsAtLocal()`,
          `MckEnsembleGetObsCoordinates()`, `MckEnsembleSetGridShape()`
@*/
PetscErrorCode MckEnsembleSetObservationsAt(MckEnsemble ens, PetscInt nobs, const PetscReal coord[],
                                            const PetscReal y[], const PetscReal r[])
{
  PetscReal *sc, *sy, *sr;
  Refusal    no = {0};

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCheck(ens->setup, ens->comm, PETSC_ERR_ORDER, "MckEnsembleSetObservationsAt: call MckEnsembleSetUp() first");
  PetscCheck(
      !ens->ndata, ens->comm, PETSC_ERR_ARG_WRONG,
      "MckEnsembleSetObservationsAt: an inverse problem's data have no coordinates (MckEnsembleSetObservations)");
  PetscCheck(nobs >= 1, ens->comm, PETSC_ERR_ARG_SIZ, "data assimilation: give at least one observation");
  PetscCall(CheckCoordinates(ens, nobs, coord, &no));
  PetscCall(CheckVariances(nobs, r, &no)); /* before sorting: the positions are the caller's */
  PetscCall(RaiseRefusal(ens, &no));
  if (ens->dim == 1) {
    PetscCall(SetObservationsReplicated(ens, nobs, coord, y, r));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscMalloc3((size_t)nobs * ens->dim, &sc, nobs, &sy, nobs, &sr));
  PetscCall(MckEnsObsSortList(ens, nobs, coord, y, r, sc, sy, sr));
  PetscCall(SetObservationsReplicated(ens, nobs, sc, sy, sr));
  PetscCall(PetscFree3(sc, sy, sr));
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetObsCoordinates - The coordinates of the current observations of a filter that
  this rank evaluates, for localisation (an analysis weights observation l by its distance
  from s_l).

  Not Collective

  Input Parameter:
. ens - a filter ensemble with observations

  Output Parameters:
+ nobs  - the number of observations this rank evaluates: those anchored in its state block
          (every one in the replicated and redundant layouts)
- coord - their coordinates in grid units (dim per observation), in the order of the sorted list
          (owned by ens)

  Level: developer

.seealso: `MckEnsembleSetObservationsAt()`, `MckEnsembleSetObservationsAtLocal()`
@*/
PetscErrorCode MckEnsembleGetObsCoordinates(MckEnsemble ens, PetscInt *nobs, const PetscReal **coord)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  if (nobs) *nobs = ens->ndata ? ens->nobs : ens->nlobs;
  if (coord) *coord = ens->ndata || !ens->nobs ? NULL : ens->ocoord + (size_t)ens->lobs0 * ens->dim;
  PetscFunctionReturn(0);
}
