/* The periodic grid the ensemble's state lives on (MckEnsembleSetGridShape()): d axes of sizes
 * n_0, .., n_{d-1}, component i_0 + n_0 (i_1 + n_1 i_2), first index fastest (the convention of
 * MckModelGetGridShape()); by default the 1D ring of n. Observation coordinates are d reals in
 * grid units, 0 <= s_a < n_a; an observation's anchor is the grid point (floor(s_0), ..,
 * floor(s_{d-1})) as a linear index, the corners of its cell are the anchor moved by 0 or 1 along
 * each axis (periodic), and localisation measures the periodic Euclidean distance between a
 * component's grid point and the coordinates. In the linear index the components within k grid
 * points of a slab of the last axis are one contiguous range mod n (whole slabs of
 * n_0 .. n_{d-2} components), which is what keeps an observation halo one cyclic range. */
#include "ensemble/ensimpl.h"

/*@C
  MckEnsembleSetGridShape - The periodic grid of the state: observation coordinates, the cells of
  the interpolating operator and localisation distances are measured on it.

  Logically Collective

  Input Parameters:
+ ens   - the ensemble, not yet set up
. dim   - the number of axes, 1 <= dim <= `MCK_ENS_MAX_DIM`
- sizes - the axes' sizes n_0, .., n_{dim-1}, their product the state length n

  Notes:
  Component i_0 + n_0 (i_1 + n_1 i_2) is the grid point (i_0, i_1, i_2), first index fastest, as
  `MckModelGetGridShape()` says. The default is the 1D ring of n (results are then those of an
  ensemble without a grid). With dim > 1 an observation has dim coordinates (a row of the
  coordinate arrays of `MckEnsembleSetObservationsAt()`), the interp operator is d-linear on
  the 2^dim corners of the observation's cell, and -ens_loc_radius is a Euclidean distance in
  grid units. The product of the sizes is checked against n at `MckEnsembleSetUp()`.

  Level: intermediate

.seealso: `MckEnsembleGetGridShape()`, `MckModelGetGridShape()`, `MckEnsembleSetObservationsAt()`,
          `MckEnsembleSetObsOperator()`
@*/
PetscErrorCode MckEnsembleSetGridShape(MckEnsemble ens, PetscInt dim, const PetscInt sizes[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCheck(!ens->setup, ens->comm, PETSC_ERR_ORDER, "MckEnsembleSetGridShape: call it before MckEnsembleSetUp()");
  PetscCheck(dim >= 1 && dim <= MCK_ENS_MAX_DIM, ens->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "MckEnsembleSetGridShape: dim = %" PetscInt_FMT " (allowed: 1 to %d)", dim, MCK_ENS_MAX_DIM);
  for (PetscInt a = 0; a < dim; a++)
    PetscCheck(sizes[a] >= 1, ens->comm, PETSC_ERR_ARG_OUTOFRANGE,
               "MckEnsembleSetGridShape: axis %" PetscInt_FMT " has size %" PetscInt_FMT " (allowed: >= 1)", a,
               sizes[a]);
  ens->dim = dim;
  for (PetscInt a = 0; a < MCK_ENS_MAX_DIM; a++) ens->gsize[a] = a < dim ? sizes[a] : 1;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetGridShape - The periodic grid of the state.

  Not Collective

  Input Parameter:
. ens - the ensemble, set up

  Output Parameters:
+ dim   - the number of axes (1 unless `MckEnsembleSetGridShape()` said otherwise)
- sizes - the axes' sizes (dim entries; NULL if not wanted)

  Level: intermediate

.seealso: `MckEnsembleSetGridShape()`
@*/
PetscErrorCode MckEnsembleGetGridShape(MckEnsemble ens, PetscInt *dim, PetscInt sizes[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCheck(ens->setup, ens->comm, PETSC_ERR_ORDER, "MckEnsembleGetGridShape: call MckEnsembleSetUp() first");
  if (dim) *dim = ens->dim;
  if (sizes)
    for (PetscInt a = 0; a < ens->dim; a++) sizes[a] = ens->gsize[a];
  PetscFunctionReturn(0);
}

/* At set-up: the 1D ring of n unless a grid was given, whose size must be n. */
PetscErrorCode MckEnsGridSetUp(MckEnsemble ens)
{
  PetscInt64 prod = 1;

  PetscFunctionBeginUser;
  if (!ens->dim) {
    ens->dim = 1;
    for (PetscInt a = 0; a < MCK_ENS_MAX_DIM; a++) ens->gsize[a] = a ? 1 : ens->n;
  }
  for (PetscInt a = 0; a < ens->dim; a++) prod *= ens->gsize[a];
  PetscCheck(prod == ens->n, ens->comm, PETSC_ERR_ARG_INCOMP,
             "MckEnsembleSetGridShape: a grid of %" PetscInt64_FMT " points for a state of %" PetscInt_FMT
             " components",
             prod, ens->n);
  PetscFunctionReturn(0);
}

/* Components per slab of the last axis: n_0 .. n_{d-2} (1 in 1D). */
PetscInt64 MckEnsGridSlab(MckEnsemble ens) { return ens->n / ens->gsize[ens->dim - 1]; }

/* Whether the d coordinates s lie on the grid, 0 <= s_a < n_a. */
PetscBool MckEnsGridInside(MckEnsemble ens, const PetscReal s[])
{
  for (PetscInt a = 0; a < ens->dim; a++)
    if (!(s[a] >= 0 && s[a] < ens->gsize[a])) return PETSC_FALSE;
  return PETSC_TRUE;
}

/* The linear index of the grid point (floor(s_0), .., floor(s_{d-1})). */
PetscInt64 MckEnsGridAnchor(MckEnsemble ens, const PetscReal s[])
{
  PetscInt64 a = 0;

  for (PetscInt k = ens->dim - 1; k >= 0; k--) a = a * ens->gsize[k] + (PetscInt64)PetscFloorReal(s[k]);
  return a;
}

/* Corner k of the cell anchored at component a: moved by bit b of k along axis b (periodic). */
PetscInt64 MckEnsGridCorner(MckEnsemble ens, PetscInt64 a, PetscInt k)
{
  PetscInt64 c = 0, stride = 1;

  if (ens->dim == 1) return (a + k) % ens->n;
  for (PetscInt b = 0; b < ens->dim; b++) {
    const PetscInt64 i = a % ens->gsize[b];
    c += ((i + ((k >> b) & 1)) % ens->gsize[b]) * stride;
    stride *= ens->gsize[b];
    a /= ens->gsize[b];
  }
  return c;
}

/* The periodic distance between component gi's grid point and the coordinates s (Euclidean over
 * the axes; in 1D the index distance, as the 1D ring always measured it). */
PetscReal MckEnsGridDistance(MckEnsemble ens, const PetscReal s[], PetscInt64 gi)
{
  PetscReal sum = 0;

  if (ens->dim == 1) {
    const PetscReal dd = PetscAbsReal(s[0] - (PetscReal)gi);
    return PetscMin(dd, ens->n - dd);
  }
  for (PetscInt a = 0; a < ens->dim; a++) {
    const PetscReal dd = PetscAbsReal(s[a] - (PetscReal)(gi % ens->gsize[a])), p = PetscMin(dd, ens->gsize[a] - dd);
    sum += p * p;
    gi /= ens->gsize[a];
  }
  return PetscSqrtReal(sum);
}

/* "coordinate 2.5: outside the state [0, 40)" (1D) or "coordinates (2.5, 7): outside the grid
 * [0, 8) x [0, 5)": the tail of the message about an observation off the grid. */
PetscErrorCode MckEnsGridOutside(MckEnsemble ens, const PetscReal s[], char buf[], size_t len)
{
  char part[64];

  PetscFunctionBeginUser;
  if (ens->dim == 1) {
    PetscCall(PetscSNPrintf(buf, len, "coordinate %g: outside the state [0, %" PetscInt_FMT ")", (double)s[0], ens->n));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscStrncpy(buf, "coordinates (", len));
  for (PetscInt a = 0; a < ens->dim; a++) {
    PetscCall(PetscSNPrintf(part, sizeof(part), "%s%g", a ? ", " : "", (double)s[a]));
    PetscCall(PetscStrlcat(buf, part, len));
  }
  PetscCall(PetscStrlcat(buf, "): outside the grid ", len));
  for (PetscInt a = 0; a < ens->dim; a++) {
    PetscCall(PetscSNPrintf(part, sizeof(part), "%s[0, %" PetscInt_FMT ")", a ? " x " : "", ens->gsize[a]));
    PetscCall(PetscStrlcat(buf, part, len));
  }
  PetscFunctionReturn(0);
}
