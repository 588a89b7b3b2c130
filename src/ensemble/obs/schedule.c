/* Observations at irregular times: each is assimilated by the first analysis at or after its
 * time. With analyses at t_k = (k + 1) period (k = 0, 1, ..: the cycle after k forecasts of
 * period), an observation at time tau belongs to cycle
 *   k = max(0, ceil(tau / period - 1e-6) - 1),
 * the tolerance of 1e-6 period absorbing the rounding of times written in decimal or summed
 * step by step, so that an observation at an analysis time is assimilated there (times that
 * coincide with the cycle grid reproduce regular observations bit for bit). Within a cycle the
 * observations are ordered by coordinate (on the 1D ring the ensemble needs them
 * non-decreasing; on a grid of d > 1 axes, lexicographically by their d coordinates, first axis
 * first, which only makes the list independent of the file's rows: the ensemble sorts a grid's
 * list by anchor itself), ties by their position in the file: the order, hence the analysis,
 * does not depend on how the file lists them. Observations after the last cycle are dropped. */
#include "ensemble/ensimpl.h"
#include "ensemble/obs/obsfile.h"

typedef struct {
  PetscInt64       cycle;
  const PetscReal *coord; /* the observation's dim coordinates */
  PetscInt         dim, pos;
} Key;

static int CompareKeys(const void *a, const void *b)
{
  const Key *x = (const Key *)a, *y = (const Key *)b;
  if (x->cycle != y->cycle) return x->cycle < y->cycle ? -1 : 1;
  for (PetscInt c = 0; c < x->dim; c++)
    if (x->coord[c] != y->coord[c]) return x->coord[c] < y->coord[c] ? -1 : 1;
  return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static PetscInt64 CycleOf(PetscReal tau, PetscReal period)
{
  return PetscMax(0, (PetscInt64)PetscCeilReal(tau / period - 1e-6) - 1);
}

/* row l of a = row key[l].pos (rows of width reals) for the kept observations */
static PetscErrorCode Permute(PetscInt m, const Key key[], PetscInt width, PetscReal a[], PetscReal tmp[])
{
  PetscFunctionBeginUser;
  for (PetscInt l = 0; l < m; l++)
    for (PetscInt c = 0; c < width; c++) tmp[(size_t)l * width + c] = a[(size_t)key[l].pos * width + c];
  PetscCall(PetscArraycpy(a, tmp, (size_t)m * width));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsObsListSchedule(MckEnsObsList *o, PetscReal period, PetscInt cycles, PetscInt **first)
{
  Key           *key;
  PetscReal     *tmp;
  PetscInt       kept = 0;
  const PetscInt d    = o->dim > 1 ? o->dim : 1;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc2(o->nobs + 1, &key, (size_t)o->nobs * d + 1, &tmp));
  for (PetscInt l = 0; l < o->nobs; l++) {
    key[l].cycle = CycleOf(o->time[l], period);
    key[l].coord = o->coord + (size_t)l * d;
    key[l].dim   = d;
    key[l].pos   = l;
  }
  qsort(key, (size_t)o->nobs, sizeof(Key), CompareKeys);
  while (kept < o->nobs && key[kept].cycle < cycles) kept++;
  PetscCall(Permute(kept, key, 1, o->value, tmp));
  PetscCall(Permute(kept, key, 1, o->variance, tmp));
  PetscCall(Permute(kept, key, 1, o->time, tmp));
  PetscCall(Permute(kept, key, d, o->coord, tmp)); /* last: the keys point into coord */
  o->nobs = kept;
  PetscCall(PetscMalloc1(cycles + 1, first));
  for (PetscInt k = 0, l = 0; k <= cycles; k++) {
    while (l < kept && key[l].cycle < k) l++;
    (*first)[k] = l;
  }
  PetscCall(PetscFree2(key, tmp));
  PetscFunctionReturn(0);
}
