/* Observations at irregular times: each is assimilated by the first analysis at or after its
 * time. With analyses at t_k = (k + 1) period (k = 0, 1, ..: the cycle after k forecasts of
 * period), an observation at time tau belongs to cycle
 *   k = max(0, ceil(tau / period - 1e-6) - 1),
 * the tolerance of 1e-6 period absorbing the rounding of times written in decimal or summed
 * step by step, so that an observation at an analysis time is assimilated there (times that
 * coincide with the cycle grid reproduce regular observations bit for bit). Within a cycle the
 * observations are ordered by coordinate (the analysis needs them non-decreasing), ties by
 * their position in the file: the order, hence the analysis, does not depend on how the file
 * lists them. Observations after the last cycle are dropped. */
#include "ensemble/ensimpl.h"
#include "ensemble/obs/obsfile.h"

typedef struct {
  PetscInt64 cycle;
  PetscReal  coord;
  PetscInt   pos;
} Key;

static int CompareKeys(const void *a, const void *b)
{
  const Key *x = (const Key *)a, *y = (const Key *)b;
  if (x->cycle != y->cycle) return x->cycle < y->cycle ? -1 : 1;
  if (x->coord != y->coord) return x->coord < y->coord ? -1 : 1;
  return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static PetscInt64 CycleOf(PetscReal tau, PetscReal period)
{
  return PetscMax(0, (PetscInt64)PetscCeilReal(tau / period - 1e-6) - 1);
}

/* a[l] = a[key[l].pos] for the kept observations */
static PetscErrorCode Permute(PetscInt m, const Key key[], PetscReal a[], PetscReal tmp[])
{
  PetscFunctionBeginUser;
  for (PetscInt l = 0; l < m; l++) tmp[l] = a[key[l].pos];
  PetscCall(PetscArraycpy(a, tmp, m));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsObsListSchedule(MckEnsObsList *o, PetscReal period, PetscInt cycles, PetscInt **first)
{
  Key       *key;
  PetscReal *tmp;
  PetscInt   kept = 0;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc2(o->nobs + 1, &key, o->nobs + 1, &tmp));
  for (PetscInt l = 0; l < o->nobs; l++) {
    key[l].cycle = CycleOf(o->time[l], period);
    key[l].coord = o->coord[l];
    key[l].pos   = l;
  }
  qsort(key, (size_t)o->nobs, sizeof(Key), CompareKeys);
  while (kept < o->nobs && key[kept].cycle < cycles) kept++;
  PetscCall(Permute(kept, key, o->value, tmp));
  PetscCall(Permute(kept, key, o->variance, tmp));
  PetscCall(Permute(kept, key, o->coord, tmp));
  PetscCall(Permute(kept, key, o->time, tmp));
  o->nobs = kept;
  PetscCall(PetscMalloc1(cycles + 1, first));
  for (PetscInt k = 0, l = 0; k <= cycles; k++) {
    while (l < kept && key[l].cycle < k) l++;
    (*first)[k] = l;
  }
  PetscCall(PetscFree2(key, tmp));
  PetscFunctionReturn(0);
}
