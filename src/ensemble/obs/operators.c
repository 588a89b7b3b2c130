/* Observation operators registered by name (-ens_obs_operator): selection, linear interpolation
 * on the periodic grid of the state (1D, or d-linear on a d-dimensional grid), the nonlinear |x|
 * and x^2, and the user's.
 *
 * An observation l has real coordinates s_l in grid units (one per axis of the grid, grid.c;
 * 0 <= s_l < n on the default 1D ring) and an anchor a_l, the grid point floor(s_l); an
 * operator of stencil width 1 sees the anchor's component, one of width 2 the 2^d corners of the
 * anchor's cell (corner k moved by bit b of k along axis b, periodic; in 1D a_l and a_l + 1 mod
 * n), and returns H(x)_l. That is also what an observation depends on (its locality): the rank
 * that analyses the anchor evaluates it, with a halo of the corners other blocks hold (observe.c).
 * Operators act elementwise on a batch of observations (one call per member), so a user operator
 * costs one call per member and cycle. */
#include "ensemble/ensimpl.h"

#define MCK_ENS_MAX_OBS_OPERATORS 32

static MckEnsObsOperatorDef Operators[MCK_ENS_MAX_OBS_OPERATORS];
static PetscInt             NOperators = 0;

static PetscErrorCode Selection(PetscInt nobs, const PetscReal coord[], const PetscReal *const x[], PetscReal hx[],
                                void *ctx)
{
  (void)coord;
  (void)ctx;
  for (PetscInt l = 0; l < nobs; l++) hx[l] = x[0][l];
  return 0;
}

/* sum over the 2^d corners k of prod_b (bit b of k ? f_b : 1 - f_b) x_k, f_b = s_b - floor(s_b):
 * exact on a state linear in each axis within a cell; in 1D (1 - f) x_a + f x_{a+1}, one rounding
 * each. */
static PetscErrorCode Interp(PetscInt dim, PetscInt nobs, const PetscReal coord[], const PetscReal *const x[],
                             PetscReal hx[])
{
  const PetscInt ncorner = 1 << dim;

  for (PetscInt l = 0; l < nobs; l++) {
    const PetscReal *s = coord + (size_t)l * dim;
    PetscReal        f[MCK_ENS_MAX_DIM], sum = 0;

    for (PetscInt b = 0; b < dim; b++) f[b] = s[b] - PetscFloorReal(s[b]);
    for (PetscInt k = 0; k < ncorner; k++) {
      PetscReal w = (k & 1) ? f[0] : 1 - f[0];
      for (PetscInt b = 1; b < dim; b++) w *= ((k >> b) & 1) ? f[b] : 1 - f[b];
      sum = k ? sum + w * x[k][l] : w * x[k][l];
    }
    hx[l] = sum;
  }
  return 0;
}

static PetscErrorCode Abs(PetscInt nobs, const PetscReal coord[], const PetscReal *const x[], PetscReal hx[], void *ctx)
{
  (void)coord;
  (void)ctx;
  for (PetscInt l = 0; l < nobs; l++) hx[l] = PetscAbsReal(x[0][l]);
  return 0;
}

static PetscErrorCode Square(PetscInt nobs, const PetscReal coord[], const PetscReal *const x[], PetscReal hx[],
                             void *ctx)
{
  (void)coord;
  (void)ctx;
  for (PetscInt l = 0; l < nobs; l++) hx[l] = x[0][l] * x[0][l];
  return 0;
}

/* "selection, interp, ...": for messages that say what is allowed (or, builtin_only, which names
 * a user operator cannot take). */
static PetscErrorCode OperatorNames(PetscBool builtin_only, char buf[], size_t len)
{
  PetscFunctionBeginUser;
  buf[0] = 0;
  for (PetscInt k = 0; k < NOperators; k++) {
    if (builtin_only && Operators[k].user) continue;
    if (buf[0]) PetscCall(PetscStrlcat(buf, ", ", len));
    PetscCall(PetscStrlcat(buf, Operators[k].name, len));
  }
  PetscFunctionReturn(0);
}

/* Slot k of the table (k = NOperators appends): a built-in operator or the user's. */
static PetscErrorCode SetOperator(PetscInt k, const char name[], PetscInt width, MckObsOperatorFn fn,
                                  PetscErrorCode (*fngrid)(PetscInt, PetscInt, const PetscReal[],
                                                           const PetscReal *const[], PetscReal[]),
                                  void *ctx, PetscBool user)
{
  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(Operators[k].name, name, sizeof(Operators[k].name)));
  Operators[k].width     = width;
  Operators[k].apply     = fn;
  Operators[k].applygrid = fngrid;
  Operators[k].ctx       = ctx;
  Operators[k].user      = user;
  if (k == NOperators) NOperators++;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleRegisterObsOperator - Adds an observation operator, chosen by -ens_obs_operator or
  `MckEnsembleSetObsOperator()`. Registering a name again replaces the operator registered under
  it; a built-in operator's name is refused (replacing it would change every ensemble of the
  process that uses it).

  Not Collective

  Input Parameters:
+ name  - the operator's name
. width - its stencil width: 1 (the anchor component, the grid point floor(s), only) or 2 (the
          2^d corners of the anchor's cell on a d-dimensional grid: in 1D floor(s) and the next
          component, periodic)
. fn    - hx[l] = h(stencil[0][l], .., stencil[m-1][l]; coord[l d], .., coord[l d + d - 1]) for
          a batch of observations (one member; m = 1 or 2^d stencil entries, corner k moved by
          bit b of k along axis b); it must not depend on the batch (called per rank for its
          observations)
- ctx   - the callback's context (may be NULL)

  Note:
  A nonzero return of fn is a failure of the analysis on every rank: the ensemble calls fn for
  all its members, then one reduction tells every rank, and each raises the same error (so a
  callback that fails on one rank never leaves the others waiting in a collective).

  Level: advanced

.seealso: `MckEnsembleSetObsOperator()`, `MckEnsembleSetObservationsAt()`
@*/
PetscErrorCode MckEnsembleRegisterObsOperator(const char name[], PetscInt width, MckObsOperatorFn fn, void *ctx)
{
  PetscInt k = 0;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleInitializePackage());
  PetscCheck(width == 1 || width == 2, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "observation operator %s: stencil width %" PetscInt_FMT " (allowed: 1, 2)", name, width);
  PetscCheck(fn, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "observation operator %s: no function", name);
  /* a longer name would be cut here and never found again by -ens_obs_operator */
  PetscCheck(name[0] && strlen(name) < sizeof(Operators[0].name), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "observation operator '%s': a name has 1 to %d characters", name, (int)sizeof(Operators[0].name) - 1);
  while (k < NOperators && strcmp(Operators[k].name, name)) k++;
  if (k < NOperators && !Operators[k].user) {
    char builtin[256];
    PetscCall(OperatorNames(PETSC_TRUE, builtin, sizeof(builtin)));
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
            "observation operator %s: the name of a built-in operator (%s); a registered operator takes another name",
            name, builtin);
  }
  PetscCheck(k < MCK_ENS_MAX_OBS_OPERATORS, PETSC_COMM_SELF, PETSC_ERR_SUP, "at most %d observation operators",
             MCK_ENS_MAX_OBS_OPERATORS);
  PetscCall(SetOperator(k, name, width, fn, NULL, ctx, PETSC_TRUE));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsObsOperatorsRegisterAll(void)
{
  PetscFunctionBeginUser;
  NOperators = 0;
  PetscCall(SetOperator(NOperators, MCKOBS_SELECTION, 1, Selection, NULL, NULL, PETSC_FALSE));
  PetscCall(SetOperator(NOperators, MCKOBS_INTERP, 2, NULL, Interp, NULL, PETSC_FALSE));
  PetscCall(SetOperator(NOperators, MCKOBS_ABS, 1, Abs, NULL, NULL, PETSC_FALSE));
  PetscCall(SetOperator(NOperators, MCKOBS_SQUARE, 1, Square, NULL, NULL, PETSC_FALSE));
  PetscFunctionReturn(0);
}

/* H on a batch of nobs observations of one member (stencil[k][l]: corner k of observation l):
 * the callback's own return code (observe.c makes a user operator's failures collective). */
PetscErrorCode MckEnsObsApply(MckEnsemble ens, PetscInt nobs, const PetscReal coord[], const PetscReal *const stencil[],
                              PetscReal hx[])
{
  const MckEnsObsOperatorDef *op = ens->obsop;

  if (op->applygrid) return (*op->applygrid)(ens->dim, nobs, coord, stencil, hx);
  return (*op->apply)(nobs, coord, stencil, hx, op->ctx);
}

PetscErrorCode MckEnsObsOperatorsDestroy(void)
{
  PetscFunctionBeginUser;
  NOperators = 0;
  PetscFunctionReturn(0);
}

/* The operator called name, or one line naming the option (or file) that asked for it. */
PetscErrorCode MckEnsObsOperatorFind(MPI_Comm comm, const char option[], const char name[], MckEnsObsOperator *op)
{
  char names[512];

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleInitializePackage());
  for (PetscInt k = 0; k < NOperators; k++)
    if (!strcmp(Operators[k].name, name)) {
      *op = &Operators[k];
      PetscFunctionReturn(0);
    }
  PetscCall(OperatorNames(PETSC_FALSE, names, sizeof(names)));
  SETERRQ(comm, PETSC_ERR_USER_INPUT, "%s %s: unknown observation operator; allowed: %s", option, name, names);
}

PetscErrorCode MckEnsObsSetFromOptions(MckEnsemble ens, PetscOptionItems *PetscOptionsObject)
{
  char name[64];

  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(name, ens->obsop->name, sizeof(name)));
  PetscCall(MckOptionsString("-ens_obs_operator", "Observation operator: selection, interp, abs, square or registered",
                             name, name, sizeof(name), NULL));
  PetscCall(MckEnsObsOperatorFind(ens->comm, MckOptName("-ens_obs_operator"), name, &ens->obsop));
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleSetObsOperator - Chooses the observation operator of the next observations.

  Logically Collective

  Input Parameters:
+ ens  - the ensemble
- name - a registered operator: `MCKOBS_SELECTION` (the default), `MCKOBS_INTERP`, `MCKOBS_ABS`,
         `MCKOBS_SQUARE` or one added by `MckEnsembleRegisterObsOperator()`

  Options Database Key:
. -ens_obs_operator <selection> - the operator (filters)

  Note:
  Takes effect with the next analysis (the observations' locations do not depend on it).

  Level: intermediate

.seealso: `MckEnsembleRegisterObsOperator()`, `MckEnsembleGetObsOperator()`
@*/
PetscErrorCode MckEnsembleSetObsOperator(MckEnsemble ens, const char name[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCall(
      MckEnsObsOperatorFind(ens->comm, McKeanOptionName((PetscObject)ens, "-ens_obs_operator"), name, &ens->obsop));
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetObsOperator - The name of the observation operator.

  Not Collective

  Input Parameter:
. ens - the ensemble

  Output Parameter:
. name - the operator's name (owned by the registry)

  Level: intermediate

.seealso: `MckEnsembleSetObsOperator()`
@*/
PetscErrorCode MckEnsembleGetObsOperator(MckEnsemble ens, const char **name)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  *name = ens->obsop->name;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleApplyObsOperator - H(x) of the current operator for one whole state (e.g. the truth
  of a twin experiment): the same arithmetic as the members' H X.

  Not Collective

  Input Parameters:
+ ens   - the ensemble, set up
. x     - the state (length n)
. nobs  - the number of observations
- coord - their coordinates, nobs rows of d (the grid's dimension, `MckEnsembleSetGridShape()`),
          0 <= s_a < n_a

  Output Parameter:
. hx - H(x) (length nobs)

  Level: intermediate

.seealso: `MckEnsembleSetObservationsAt()`, `MckEnsembleSetObsOperator()`
@*/
PetscErrorCode MckEnsembleApplyObsOperator(MckEnsemble ens, const PetscReal x[], PetscInt nobs, const PetscReal coord[],
                                           PetscReal hx[])
{
  PetscInt   m;
  PetscReal *st, *sp[1 << MCK_ENS_MAX_DIM];

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  m = ens->obsop->width > 1 ? 1 << ens->dim : 1;
  for (PetscInt l = 0; l < nobs; l++) {
    char where[256];
    if (MckEnsGridInside(ens, coord + (size_t)l * ens->dim)) continue;
    PetscCall(MckEnsGridOutside(ens, coord + (size_t)l * ens->dim, where, sizeof(where)));
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "observation %" PetscInt_FMT " at %s", l, where);
  }
  PetscCall(PetscMalloc1((size_t)m * nobs + 1, &st));
  for (PetscInt k = 0; k < m; k++) {
    sp[k] = st + (size_t)k * nobs;
    for (PetscInt l = 0; l < nobs; l++)
      sp[k][l] = x[MckEnsGridCorner(ens, MckEnsGridAnchor(ens, coord + (size_t)l * ens->dim), k)];
  }
  PetscCall(MckEnsObsApply(ens, nobs, coord, (const PetscReal *const *)sp, hx));
  PetscCall(PetscFree(st));
  PetscFunctionReturn(0);
}
