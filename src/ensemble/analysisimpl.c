/* The public analysis plug-in interface (include/mckean/mckensembleimpl.h): the type's operations
 * and data, and the building blocks of the ensemble-space transform filters, over the private
 * ones of the layer. The statistics come back in the ensemble's own work arrays, which none of
 * the algebra below uses as scratch: S in M1, E in M2, b in rnd (the scratch of SymFunction is
 * M3, of ShiftedSolve evec, eval and M3). */
#include "ensemble/ensimpl.h"

/*@C
  MckEnsembleGetOps - The operations of the ensemble's analysis type, for its constructor to fill.

  Not Collective

  Input Parameter:
. ens - the ensemble, inside the constructor given to `MckEnsembleRegister()`

  Output Parameter:
. ops - the type's operations (all NULL when the constructor starts); analyze is required

  Level: developer

.seealso: `MckEnsembleRegister()`, `MckEnsembleSetTypeData()`, `MckEnsembleSetTransformFilter()`
@*/
PetscErrorCode MckEnsembleGetOps(MckEnsemble ens, MckEnsembleOps *ops)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscValidPointer(ops, 2);
  *ops = ens->ops;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleSetTypeData - Sets the analysis type's own state; its destroy operation frees it.

  Not Collective

  Input Parameters:
+ ens  - the ensemble, inside the type's constructor
- data - the type's state

  Level: developer

.seealso: `MckEnsembleGetTypeData()`, `MckEnsembleGetOps()`
@*/
PetscErrorCode MckEnsembleSetTypeData(MckEnsemble ens, void *data)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  ens->data = data;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetTypeData - The analysis type's own state.

  Not Collective

  Input Parameter:
. ens - the ensemble

  Output Parameter:
. data - the address of a pointer that receives the state set by `MckEnsembleSetTypeData()`

  Level: developer

.seealso: `MckEnsembleSetTypeData()`
@*/
PetscErrorCode MckEnsembleGetTypeData(MckEnsemble ens, void *data)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscValidPointer(data, 2);
  *(void **)data = ens->data;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleSetTransformFilter - Declares the type being constructed a global ensemble-space
  transform filter: its analysis computes `MckEnsembleFilterStatistics()` (or the perturbed
  ones) and applies one na x na transform with `MckEnsembleApplyTransform()` or
  `MckEnsembleApplyCenteredUpdate()`.

  Not Collective

  Input Parameter:
. ens - the ensemble, inside the type's constructor

  Note:
  Such a type takes the filters' inflation schemes, innovation statistics and observation
  options, and the fixed-lag smoother (-ens_smoother_lag), which applies the analysis' transform
  to the lagged ensembles as well: the analysis must apply exactly one transform per call.

  Level: developer

.seealso: `MckEnsembleRegister()`, `MckEnsembleGetOps()`, `MckEnsembleFilterStatistics()`
@*/
PetscErrorCode MckEnsembleSetTransformFilter(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  ens->kind      = MCK_ENSEMBLE_FILTER;
  ens->local     = PETSC_FALSE;
  ens->nmats     = 2; /* S and E */
  ens->transform = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetActiveSize - The number na of members the analysis uses (the active ones): the
  size of the ensemble-space matrices.

  Not Collective

  Input Parameter:
. ens - the ensemble, inside an analysis

  Output Parameter:
. na - the active members, at most J (`MckEnsembleGetSizes()`)

  Level: developer

.seealso: `MckEnsembleFilterStatistics()`, `MckEnsembleGetSizes()`
@*/
PetscErrorCode MckEnsembleGetActiveSize(MckEnsemble ens, PetscInt *na)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscValidIntPointer(na, 2);
  *na = ens->na;
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckTransformFilter(MckEnsemble ens, const char fn[])
{
  PetscFunctionBeginUser;
  /* outside MckEnsembleAnalyze the observations were not evaluated for the current members and the
   * analysis layout may not hold them: statistics would be stale, a transform would be lost or corrupt */
  PetscCheck(ens->transform && ens->kind == MCK_ENSEMBLE_FILTER && ens->setup && ens->analyzing, ens->comm,
             PETSC_ERR_ORDER, "%s: only in the analysis of a set-up transform filter (MckEnsembleSetTransformFilter)",
             fn);
  PetscFunctionReturn(0);
}

/* The statistics of both public variants, after their checks: S in M1, E in M2 (with perturbed
 * observations or not: every column of E is b then). */
static PetscErrorCode FilterStatistics(MckEnsemble ens, PetscBool perturbed, const char fn[], PetscReal *S[])
{
  PetscFunctionBeginUser;
  PetscCall(CheckTransformFilter(ens, fn));
  PetscCall(MckEnsFilterStatistics(ens, perturbed));
  *S = ens->M1;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleFilterStatistics - The ensemble-space statistics of the current observations:
  S = Yb^T R^-1 Yb and b = Yb^T R^-1 (y - ybar).

  Collective (one reduction)

  Input Parameter:
. ens - the ensemble, inside the analysis of a transform filter

  Output Parameters:
+ S - na x na, symmetric (the ensemble's work array: the caller may overwrite it)
- b - na (likewise)

  Note:
  Yb are the anomalies of the observed active members, R the observation error variances,
  y the observations; the sums over observations are reproducible, so S and b are the same bits
  on every rank and for every rank count. They stay valid until the next call.

  Level: developer

.seealso: `MckEnsembleFilterStatisticsPerturbed()`, `MckEnsembleSetTransformFilter()`, `MckEnsembleApplyTransform()`
@*/
PetscErrorCode MckEnsembleFilterStatistics(MckEnsemble ens, PetscReal *S[], PetscReal *b[])
{
  PetscInt na;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscValidPointer(S, 2);
  PetscValidPointer(b, 3);
  PetscCall(FilterStatistics(ens, PETSC_FALSE, "MckEnsembleFilterStatistics", S));
  na = ens->na;
  for (PetscInt a = 0; a < na; a++) ens->rnd[a] = ens->M2[a * na];
  *b = ens->rnd;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleFilterStatisticsPerturbed - The ensemble-space statistics with perturbed
  observations: S = Yb^T R^-1 Yb and E[:, j] = Yb^T R^-1 (y + eps_j - H x_j), eps_j ~ N(0, R).

  Collective (one reduction)

  Input Parameter:
. ens - the ensemble, inside the analysis of a transform filter

  Output Parameters:
+ S - na x na, symmetric (the ensemble's work array: the caller may overwrite it)
- E - na x na, row-major, column j for active member j (likewise)

  Note:
  eps_j depends on the ensemble's seed, the cycle, the member's global id and the observation's
  global position, never on the rank count.

  Level: developer

.seealso: `MckEnsembleFilterStatistics()`, `MckEnsembleApplyCenteredUpdate()`
@*/
PetscErrorCode MckEnsembleFilterStatisticsPerturbed(MckEnsemble ens, PetscReal *S[], PetscReal *E[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscValidPointer(S, 2);
  PetscValidPointer(E, 3);
  PetscCall(FilterStatistics(ens, PETSC_TRUE, "MckEnsembleFilterStatisticsPerturbed", S));
  *E = ens->M2;
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckSize(MckEnsemble ens, PetscInt m, const char fn[])
{
  PetscFunctionBeginUser;
  PetscCheck(ens->setup && m >= 0 && m <= ens->J, ens->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%s: size %" PetscInt_FMT " of a set-up ensemble of %" PetscInt_FMT " members", fn, m, ens->J);
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleSymEig - The eigendecomposition A = Q diag(w) Q^T of a symmetric ensemble-space
  matrix, the same bits on every rank.

  Collective (ScaLAPACK from -ens_scalapack_threshold members on), else Not Collective

  Input Parameters:
+ ens - the ensemble, set up
. m   - the size, at most J
- A   - m x m, symmetric

  Output Parameters:
+ A - the eigenvectors Q, column-major (column k is the k-th eigenvector)
- w - the m eigenvalues, ascending

  Level: developer

.seealso: `MckEnsembleSymFunction()`, `MckEnsembleShiftedSolve()`
@*/
PetscErrorCode MckEnsembleSymEig(MckEnsemble ens, PetscInt m, PetscReal A[], PetscReal w[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscValidRealPointer(A, 3);
  PetscValidRealPointer(w, 4);
  PetscCall(CheckSize(ens, m, "MckEnsembleSymEig"));
  PetscCall(MckEnsSymEig(ens, m, A, w));
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleSymFunction - F = Q diag(f(w)) Q^T from an eigendecomposition of `MckEnsembleSymEig()`.

  Not Collective

  Input Parameters:
+ ens - the ensemble, set up
. m   - the size
. Q   - the eigenvectors, column-major
. w   - the eigenvalues
. f   - the function of an eigenvalue
- ctx - its context

  Output Parameter:
. F - m x m, symmetric (not Q)

  Level: developer

.seealso: `MckEnsembleSymEig()`
@*/
PetscErrorCode MckEnsembleSymFunction(MckEnsemble ens, PetscInt m, const PetscReal Q[], const PetscReal w[],
                                      PetscReal (*f)(PetscReal, void *), void *ctx, PetscReal F[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscValidRealPointer(Q, 3);
  PetscValidRealPointer(w, 4);
  PetscValidFunction(f, 5);
  PetscValidRealPointer(F, 7);
  PetscCall(CheckSize(ens, m, "MckEnsembleSymFunction"));
  PetscCall(MckEnsSymFunction(ens, m, Q, w, f, ctx, F));
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleShiftedSolve - X = (A + shift I)^-1 B for a symmetric positive definite A + shift I.

  Collective as `MckEnsembleSymEig()`

  Input Parameters:
+ ens   - the ensemble, set up
. m     - the size
. A     - m x m, symmetric; overwritten
. shift - the shift (na - 1 for the ensemble-space Kalman gain)
- B     - m x m, row-major

  Output Parameter:
. X - m x m, row-major; may be A (not B)

  Level: developer

.seealso: `MckEnsembleSymEig()`, `MckEnsembleFilterStatisticsPerturbed()`
@*/
PetscErrorCode MckEnsembleShiftedSolve(MckEnsemble ens, PetscInt m, PetscReal A[], PetscReal shift, const PetscReal B[],
                                       PetscReal X[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscValidRealPointer(A, 3);
  PetscValidRealPointer(B, 5);
  PetscValidRealPointer(X, 6);
  PetscCall(CheckSize(ens, m, "MckEnsembleShiftedSolve"));
  PetscCall(MckEnsShiftedSolve(ens, m, A, shift, B, X));
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleApplyTransform - The analysis X^a = X T of the active members' states.

  Not Collective (each rank transforms its components of the analysis layout)

  Input Parameters:
+ ens - the ensemble, inside the analysis of a transform filter
- T   - na x na, row-major: x^a_b = sum_a x_a T[a][b] over the active members

  Note:
  T is kept for the fixed-lag smoother, which applies it to the lagged ensembles too.
  Every rank must pass the same T (a function of the statistics alone is).

  Level: developer

.seealso: `MckEnsembleApplyCenteredUpdate()`, `MckEnsembleFilterStatistics()`
@*/
PetscErrorCode MckEnsembleApplyTransform(MckEnsemble ens, const PetscReal T[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscValidRealPointer(T, 2);
  PetscCall(CheckTransformFilter(ens, "MckEnsembleApplyTransform"));
  if (T != ens->T) PetscCall(PetscArraycpy(ens->T, T, ens->na * ens->na));
  PetscCall(MckEnsApplyTransform(ens, &ens->x, ens->T));
  ens->napplied++;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleApplyCenteredUpdate - The analysis x^a_j = x_j + X' C[:, j] of the active members,
  X' their anomalies.

  Not Collective (each rank updates its components of the analysis layout)

  Input Parameters:
+ ens - the ensemble, inside the analysis of a transform filter
- C   - na x na, row-major, column j for active member j

  Note:
  The update is the transform T = I + (I - 1 1^T / na) C (`MckEnsembleApplyTransform()`).

  Level: developer

.seealso: `MckEnsembleApplyTransform()`, `MckEnsembleFilterStatisticsPerturbed()`
@*/
PetscErrorCode MckEnsembleApplyCenteredUpdate(MckEnsemble ens, const PetscReal C[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscValidRealPointer(C, 2);
  PetscCall(CheckTransformFilter(ens, "MckEnsembleApplyCenteredUpdate"));
  PetscCall(MckEnsApplyCenteredUpdate(ens, C));
  ens->napplied++;
  PetscFunctionReturn(0);
}
