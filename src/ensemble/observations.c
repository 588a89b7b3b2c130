/* Observations: the selection operator H of data assimilation (observed state components,
 * strictly increasing, so the observations of a rank's state block are one contiguous range),
 * or the data of an inverse problem (laid out like the predicted data). Values and variances
 * are replicated; the arrays are allocated when the number of observations changes only. */
#include "ensemble/ensimpl.h"

static PetscErrorCode Allocate(MckEnsemble ens, PetscInt nobs)
{
  const PetscInt nloc = ens->ndata ? ens->g.nc : ens->x.nc; /* at most this many local obs */

  PetscFunctionBeginUser;
  PetscCall(PetscFree3(ens->oidx, ens->oy, ens->or_));
  PetscCall(PetscFree4(ens->hx, ens->hxall, ens->ocount, ens->odispl));
  PetscCall(PetscFree3(ens->pert, ens->pertp, ens->obsw));
  PetscCall(PetscFree(ens->ochunk));
  PetscCall(PetscMalloc3(nobs, &ens->oidx, nobs, &ens->oy, nobs, &ens->or_));
  PetscCall(PetscMalloc4((size_t)ens->J * nloc + 1, &ens->hx, ens->local ? (size_t)ens->J * nobs + 1 : 1, &ens->hxall,
                         ens->size, &ens->ocount, ens->size, &ens->odispl));
  PetscCall(PetscMalloc3((size_t)ens->J * nloc + 1, &ens->pert, ens->J, &ens->pertp, nloc + 1, &ens->obsw));
  PetscCall(PetscMalloc1((ens->ndata ? ens->g.nchunks : ens->x.nchunks) + 1, &ens->ochunk));
  ens->nobs = nobs;
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
  PetscCallMPI(MPI_Allgather(&cnt, 1, MPI_INT, ens->ocount, 1, MPI_INT, ens->comm));
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

/*@C
  MckEnsembleSetObservations - The observations of the next analysis (filters: nobs observations
  of the state components idx, the selection operator H) or the data of an inverse problem.

  Collective

  Input Parameters:
+ ens  - the ensemble, set up
. nobs - the number of observations (inverse problems: ndata)
. idx  - the observed components, strictly increasing (NULL for an inverse problem)
. y    - the values (replicated)
- r    - their error variances, > 0 (R or Gamma diagonal, replicated)

  Note:
  The arguments are copied; arrays are reallocated only when the number of observations changes.

  Level: beginner

.seealso: `MckEnsembleAnalyze()`, `MckEnsembleIterate()`
@*/
PetscErrorCode MckEnsembleSetObservations(MckEnsemble ens, PetscInt nobs, const PetscInt idx[], const PetscReal y[],
                                          const PetscReal r[])
{
  PetscBool same = (PetscBool)(nobs == ens->nobs);

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
      if (same) same = (PetscBool)(ens->oidx[l] == idx[l]);
    }
  }
  for (PetscInt l = 0; l < nobs; l++)
    PetscCheck(r[l] > 0, ens->comm, PETSC_ERR_USER_INPUT,
               "observation %" PetscInt_FMT ": error variance %g must be positive", l, (double)r[l]);
  if (!same) {
    PetscCall(Allocate(ens, nobs));
    if (idx) PetscCall(PetscArraycpy(ens->oidx, idx, nobs));
  }
  PetscCall(PetscArraycpy(ens->oy, y, nobs));
  PetscCall(PetscArraycpy(ens->or_, r, nobs));
  if (!same) PetscCall(ens->ndata ? LocateData(ens) : LocateObservations(ens));
  for (PetscInt l = 0; l < ens->nlobs; l++) ens->obsw[l] = 1.0 / ens->or_[ens->lobs0 + l];
  for (PetscInt j = 0; j < ens->J; j++) ens->pertp[j] = ens->pert + (size_t)j * ens->nlobs;
  PetscFunctionReturn(0);
}

/* DA: hx[j][l] = member j at the component of local observation l (member-major). */
PetscErrorCode MckEnsObserve(MckEnsemble ens)
{
  const MckEnsField *f = &ens->x;

  PetscFunctionBeginUser;
  for (PetscInt j = 0; j < ens->J; j++) {
    PetscReal *h = ens->hx + (size_t)j * ens->nlobs;
    for (PetscInt l = 0; l < ens->nlobs; l++) h[l] = f->blk[j][ens->oidx[ens->lobs0 + l] - f->c0];
  }
  PetscFunctionReturn(0);
}
