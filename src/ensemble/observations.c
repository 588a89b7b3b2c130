/* Observations: those of data assimilation (coordinates in state-index units, non-decreasing,
 * so the observations whose anchor floor(s) lies in a rank's state block are one contiguous
 * range; the operator is obs/operators.c's), or the data of an inverse problem (laid out like
 * the predicted data). Values and variances are replicated; the arrays are allocated when the
 * observations move only. */
#include "ensemble/ensimpl.h"

/* DA: a block may hold more observations than components (several between two grid points);
 * the analyses keep the observed mean in the state field's scratch after its first nc entries
 * (x.sd + nc), so that scratch grows to hold nobs (its first 3 nc entries kept). */
static PetscErrorCode GrowScratch(MckEnsemble ens, PetscInt nobs)
{
  MckEnsField *f = &ens->x;
  PetscReal   *sd;

  PetscFunctionBeginUser;
  if (nobs <= f->nc) PetscFunctionReturn(0);
  PetscCall(PetscCalloc1(2 * (size_t)f->nc + nobs + 1, &sd));
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

PetscErrorCode MckEnsObsAllocate(MckEnsemble ens, PetscInt nobs)
{
  const PetscInt nloc = ens->ndata ? ens->g.nc : nobs; /* at most this many local obs */

  PetscFunctionBeginUser;
  PetscCall(MckEnsObsDestroy(ens));
  if (!ens->ndata) PetscCall(GrowScratch(ens, nobs));
  PetscCall(PetscMalloc4(nobs, &ens->oidx, nobs, &ens->ocoord, nobs, &ens->oy, nobs, &ens->or_));
  PetscCall(PetscMalloc3((size_t)ens->J * nloc + 1, &ens->hx, ens->size, &ens->ocount, ens->size, &ens->odispl));
  PetscCall(PetscMalloc3((size_t)ens->J * nloc + 1, &ens->pert, ens->J, &ens->pertp, nloc + 1, &ens->obsw));
  PetscCall(PetscMalloc1((ens->ndata ? ens->g.nchunks : ens->x.nchunks) + 1, &ens->ochunk));
  PetscCall(PetscMalloc3(2 * (size_t)nloc + 1, &ens->ostencil, ens->J, &ens->ohalo, (size_t)ens->J * ens->size,
                         &ens->ohalobuf));
  ens->nobs = nobs;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsObsDestroy(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree4(ens->oidx, ens->ocoord, ens->oy, ens->or_));
  PetscCall(PetscFree3(ens->hx, ens->ocount, ens->odispl));
  PetscCall(PetscFree3(ens->pert, ens->pertp, ens->obsw));
  PetscCall(PetscFree(ens->ochunk));
  PetscCall(PetscFree3(ens->ostencil, ens->ohalo, ens->ohalobuf));
  PetscFunctionReturn(0);
}

/* DA: the observations of my state block, and where each of its chunks starts among them. */
static PetscErrorCode LocateObservations(MckEnsemble ens)
{
  const MckEnsField *f = &ens->x;
  PetscInt           l = 0;
  PetscMPIInt        cnt;

  PetscFunctionBeginUser;
  while (l < ens->nobs && ens->oidx[l] < f->c0) l++;
  ens->lobs0 = l;
  for (PetscInt c = 0; c <= f->nchunks; c++) {
    const PetscInt64 start = PetscMin(f->c0 + (PetscInt64)c * f->chunk, f->c0 + f->nc);
    while (l < ens->nobs && ens->oidx[l] < start) l++;
    ens->ochunk[c] = l - ens->lobs0;
  }
  ens->nlobs = ens->ochunk[f->nchunks];
  cnt        = (PetscMPIInt)(ens->nlobs * ens->J);
  if (ens->replicated) /* every rank holds every observation: no collective in a cycle */
    for (PetscInt q = 0; q < ens->size; q++) ens->ocount[q] = cnt;
  else PetscCallMPI(MPI_Allgather(&cnt, 1, MPI_INT, ens->ocount, 1, MPI_INT, ens->comm));
  ens->odispl[0] = 0;
  for (PetscInt q = 1; q < ens->size; q++) ens->odispl[q] = ens->odispl[q - 1] + ens->ocount[q - 1];
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

/* The values and variances, and where the observations are when they changed. */
static PetscErrorCode SetObservations(MckEnsemble ens, PetscInt nobs, const PetscReal coord[], const PetscReal y[],
                                      const PetscReal r[])
{
  PetscBool same = (PetscBool)(nobs == ens->nobs);

  PetscFunctionBeginUser;
  for (PetscInt l = 0; l < nobs; l++)
    PetscCheck(r[l] > 0, ens->comm, PETSC_ERR_USER_INPUT,
               "observation %" PetscInt_FMT ": error variance %g must be positive", l, (double)r[l]);
  for (PetscInt l = 0; coord && same && l < nobs; l++) same = (PetscBool)(ens->ocoord[l] == coord[l]);
  if (!same) {
    PetscCall(MckEnsObsAllocate(ens, nobs));
    for (PetscInt l = 0; coord && l < nobs; l++) {
      ens->ocoord[l] = coord[l];
      ens->oidx[l]   = (PetscInt)PetscFloorReal(coord[l]);
    }
  }
  PetscCall(PetscArraycpy(ens->oy, y, nobs));
  PetscCall(PetscArraycpy(ens->or_, r, nobs));
  if (!same) PetscCall(ens->ndata ? LocateData(ens) : LocateObservations(ens));
  if (!same && !ens->ndata) PetscCall(GrowChunkScratch(ens));
  if (!same && ens->local) PetscCall(MckEnsLocalSetUpWindow(ens));
  for (PetscInt l = 0; l < ens->nlobs; l++) ens->obsw[l] = 1.0 / ens->or_[ens->lobs0 + l];
  for (PetscInt j = 0; j < ens->J; j++) ens->pertp[j] = ens->pert + (size_t)j * ens->nlobs;
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
  i is the coordinate s = i of `MckEnsembleSetObservationsAt()`.

  Level: beginner

.seealso: `MckEnsembleSetObservationsAt()`, `MckEnsembleAnalyze()`, `MckEnsembleIterate()`
@*/
PetscErrorCode MckEnsembleSetObservations(MckEnsemble ens, PetscInt nobs, const PetscInt idx[], const PetscReal y[],
                                          const PetscReal r[])
{
  PetscReal *coord = NULL;

  PetscFunctionBeginUser;
  PetscCheck(ens->setup, ens->comm, PETSC_ERR_ORDER, "MckEnsembleSetObservations: call MckEnsembleSetUp() first");
  if (ens->ndata) {
    PetscCheck(nobs == ens->ndata && !idx, ens->comm, PETSC_ERR_ARG_SIZ,
               "inverse problem: give the %" PetscInt_FMT " data values and no index (got %" PetscInt_FMT ")",
               ens->ndata, nobs);
  } else {
    PetscCheck(nobs >= 1 && idx, ens->comm, PETSC_ERR_ARG_SIZ,
               "data assimilation: give at least one observation and the observed components");
    for (PetscInt l = 0; l < nobs; l++) {
      PetscCheck(idx[l] >= 0 && idx[l] < ens->n, ens->comm, PETSC_ERR_ARG_OUTOFRANGE,
                 "observation %" PetscInt_FMT " of component %" PetscInt_FMT ": outside the state [0, %" PetscInt_FMT
                 ")",
                 l, idx[l], ens->n);
      PetscCheck(!l || idx[l] > idx[l - 1], ens->comm, PETSC_ERR_ARG_WRONG,
                 "observed components must be strictly increasing (observation %" PetscInt_FMT ")", l);
    }
    PetscCall(PetscMalloc1(nobs, &coord));
    for (PetscInt l = 0; l < nobs; l++) coord[l] = (PetscReal)idx[l];
  }
  PetscCall(SetObservations(ens, nobs, coord, y, r));
  PetscCall(PetscFree(coord));
  PetscFunctionReturn(0);
}

/* Coordinates in [0, n), non-decreasing (so each rank's observations are one range). */
static PetscErrorCode CheckCoordinates(MckEnsemble ens, PetscInt nobs, const PetscReal coord[])
{
  PetscFunctionBeginUser;
  for (PetscInt l = 0; l < nobs; l++) {
    PetscCheck(coord[l] >= 0 && coord[l] < ens->n, ens->comm, PETSC_ERR_ARG_OUTOFRANGE,
               "observation %" PetscInt_FMT " at coordinate %g: outside the state [0, %" PetscInt_FMT ")", l,
               (double)coord[l], ens->n);
    PetscCheck(!l || coord[l] >= coord[l - 1], ens->comm, PETSC_ERR_ARG_WRONG,
               "observation coordinates must be non-decreasing (observation %" PetscInt_FMT ")", l);
  }
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleSetObservationsAt - The observations of the next analysis of a filter: nobs
  observations at real coordinates (state-index units) of the current observation operator.

  Collective

  Input Parameters:
+ ens   - a filter ensemble, set up
. nobs  - the number of observations (>= 1)
. coord - their coordinates s_l, 0 <= s_l < n, non-decreasing (replicated)
. y     - the values (replicated)
- r     - their error variances, > 0 (R diagonal, replicated)

  Note:
  The arguments are copied. Observation l is evaluated by the rank that analyses component
  floor(s_l) (docs/ensemble.md); the result does not depend on the rank count.

  Level: intermediate

.seealso: `MckEnsembleSetObsOperator()`, `MckEnsembleSetObservations()`, `MckEnsembleGetObsCoordinates()`
@*/
PetscErrorCode MckEnsembleSetObservationsAt(MckEnsemble ens, PetscInt nobs, const PetscReal coord[],
                                            const PetscReal y[], const PetscReal r[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCheck(ens->setup, ens->comm, PETSC_ERR_ORDER, "MckEnsembleSetObservationsAt: call MckEnsembleSetUp() first");
  PetscCheck(
      !ens->ndata, ens->comm, PETSC_ERR_ARG_WRONG,
      "MckEnsembleSetObservationsAt: an inverse problem's data have no coordinates (MckEnsembleSetObservations)");
  PetscCheck(nobs >= 1, ens->comm, PETSC_ERR_ARG_SIZ, "data assimilation: give at least one observation");
  PetscCall(CheckCoordinates(ens, nobs, coord));
  PetscCall(SetObservations(ens, nobs, coord, y, r));
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetObsCoordinates - The coordinates of the current observations of a filter, for
  localisation (an analysis weights observation l by its distance from s_l).

  Not Collective

  Input Parameter:
. ens - a filter ensemble with observations

  Output Parameters:
+ nobs  - the number of observations
- coord - their coordinates in state-index units (replicated; owned by ens)

  Level: developer

.seealso: `MckEnsembleSetObservationsAt()`
@*/
PetscErrorCode MckEnsembleGetObsCoordinates(MckEnsemble ens, PetscInt *nobs, const PetscReal **coord)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  if (nobs) *nobs = ens->nobs;
  if (coord) *coord = ens->ndata ? NULL : ens->ocoord;
  PetscFunctionReturn(0);
}
