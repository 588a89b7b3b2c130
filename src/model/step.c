/* What a model does to a member: RK4 steps of a dynamical model, a forward solve of an
 * inverse model, and the check that turns a state gone wrong into a failure flag. */
#include "modelimpl.h"

/* This rank's part a[0..n) of a state: not finite, or beyond the model's limits. */
static PetscErrorCode ArrayFailure(MckModel m, PetscInt n, const PetscReal a[], PetscBool *bad)
{
  PetscFunctionBeginUser;
  *bad = MckArrayNonFinite(n, a);
  if (!*bad && m->ops->outsidelimits) PetscCall((*m->ops->outsidelimits)(m, n, a, bad));
  PetscFunctionReturn(0);
}

/* Local part of x: not finite anywhere (with a model: or beyond its limits). */
static PetscErrorCode LocalFailure(MckModel m, Vec x, PetscBool *bad)
{
  const PetscScalar *a;
  PetscInt           n;

  PetscFunctionBeginUser;
  PetscCall(VecGetLocalSize(x, &n));
  PetscCall(VecGetArrayRead(x, &a));
  if (m) PetscCall(ArrayFailure(m, n, a, bad));
  else *bad = MckArrayNonFinite(n, a);
  PetscCall(VecRestoreArrayRead(x, &a));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelVecNonFinite(Vec x, PetscBool *failed)
{
  PetscBool bad;

  PetscFunctionBeginUser;
  PetscCall(LocalFailure(NULL, x, &bad));
  PetscCall(MPIU_Allreduce(&bad, failed, 1, MPIU_BOOL, MPI_LOR, PetscObjectComm((PetscObject)x)));
  PetscFunctionReturn(0);
}

/*@C
  MckModelCheckState - Whether a member's state has failed: not finite anywhere, or beyond the
  limits the model defines (Lorenz-96 and Lorenz-63: ten times a radius that holds the
  attractor; docs/models.md).

  Collective (one logical-or reduction on the model's communicator)

  Input Parameters:
+ m - the model, set up
- x - a state vector

  Output Parameter:
. failed - `PETSC_TRUE` on every rank of the member when the state failed

  Level: intermediate

.seealso: `MckModelAdvance()`, `MckEnsembleForecast()`
@*/
PetscErrorCode MckModelCheckState(MckModel m, Vec x, PetscBool *failed)
{
  PetscBool bad;

  PetscFunctionBeginUser;
  PetscCall(MckModelCheckSetUp(m, "MckModelCheckState"));
  PetscCall(LocalFailure(m, x, &bad));
  PetscCall(MPIU_Allreduce(&bad, failed, 1, MPIU_BOOL, MPI_LOR, m->comm));
  PetscFunctionReturn(0);
}

/* xs = x + a k, element by element. */
static PetscErrorCode RK4Stage(Vec x, PetscReal a, Vec k, Vec xs)
{
  const PetscScalar *xa, *ka;
  PetscScalar       *sa;
  PetscInt           n;

  PetscFunctionBeginUser;
  PetscCall(VecGetLocalSize(x, &n));
  PetscCall(VecGetArrayRead(x, &xa));
  PetscCall(VecGetArrayRead(k, &ka));
  PetscCall(VecGetArrayWrite(xs, &sa));
  for (PetscInt i = 0; i < n; i++) sa[i] = xa[i] + a * ka[i];
  PetscCall(VecRestoreArrayWrite(xs, &sa));
  PetscCall(VecRestoreArrayRead(k, &ka));
  PetscCall(VecRestoreArrayRead(x, &xa));
  PetscFunctionReturn(0);
}

/* x += h/6 (k1 + 2 k2 + 2 k3 + k4) */
static PetscErrorCode RK4Combine(MckModel m, Vec x)
{
  const PetscScalar *k1, *k2, *k3, *k4;
  PetscScalar       *xa;
  const PetscReal    w = m->dt / 6.0;
  PetscInt           n;

  PetscFunctionBeginUser;
  PetscCall(VecGetLocalSize(x, &n));
  PetscCall(VecGetArrayRead(m->k[0], &k1));
  PetscCall(VecGetArrayRead(m->k[1], &k2));
  PetscCall(VecGetArrayRead(m->k[2], &k3));
  PetscCall(VecGetArrayRead(m->k[3], &k4));
  PetscCall(VecGetArray(x, &xa));
  for (PetscInt i = 0; i < n; i++) xa[i] += w * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
  PetscCall(VecRestoreArray(x, &xa));
  PetscCall(VecRestoreArrayRead(m->k[3], &k4));
  PetscCall(VecRestoreArrayRead(m->k[2], &k3));
  PetscCall(VecRestoreArrayRead(m->k[1], &k2));
  PetscCall(VecRestoreArrayRead(m->k[0], &k1));
  PetscFunctionReturn(0);
}

/* One classical Runge-Kutta step. The stage vectors were created at SetUp, so a step allocates
 * nothing; the updates are plain element-wise loops (built without FMA contraction), so each
 * component's arithmetic is identical on any number of ranks. */
static PetscErrorCode RK4Step(MckModel m, PetscReal t, Vec x)
{
  const PetscReal h = m->dt;

  PetscFunctionBeginUser;
  PetscCall((*m->ops->rhs)(m, t, x, m->k[0]));
  PetscCall(RK4Stage(x, 0.5 * h, m->k[0], m->xs));
  PetscCall((*m->ops->rhs)(m, t + 0.5 * h, m->xs, m->k[1]));
  PetscCall(RK4Stage(x, 0.5 * h, m->k[1], m->xs));
  PetscCall((*m->ops->rhs)(m, t + 0.5 * h, m->xs, m->k[2]));
  PetscCall(RK4Stage(x, h, m->k[2], m->xs));
  PetscCall((*m->ops->rhs)(m, t + h, m->xs, m->k[3]));
  PetscCall(RK4Combine(m, x));
  PetscFunctionReturn(0);
}

/* The array stages exist when the type evaluates its rate on plain arrays and the member's
 * whole state is on this rank (a model on PETSC_COMM_SELF, many members per rank). */
PetscErrorCode MckModelSetUpArrayStepper(MckModel m)
{
  PetscMPIInt size;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(m->comm, &size));
  if (m->ops->rhsarray && size == 1) PetscCall(PetscMalloc1(5 * (size_t)m->n, &m->rk));
  PetscFunctionReturn(0);
}

/* RK4Step on the array of a state held whole by this rank: no vector object, no ghost update
 * and no function call per stage loop (MckRK4StepArray, the same bits). */
static PetscErrorCode RK4StepArray(MckModel m, PetscReal t, PetscReal *restrict x)
{
  return MckRK4StepArray(m, m->ops->rhsarray, m->n, t, x, m->rk, 0, NULL); /* checked by ArrayFailure */
}

/* nsteps steps of one state, through the arrays when the model has them. */
static PetscErrorCode AdvanceState(MckModel m, PetscReal t, PetscInt nsteps, Vec x)
{
  PetscFunctionBeginUser;
  if (m->rk) {
    PetscReal *a;
    PetscCall(VecGetArray(x, &a));
    for (PetscInt s = 0; s < nsteps; s++) PetscCall(RK4StepArray(m, t + s * m->dt, a));
    PetscCall(VecRestoreArray(x, &a));
  } else {
    for (PetscInt s = 0; s < nsteps; s++) PetscCall(RK4Step(m, t + s * m->dt, x));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckAdvance(MckModel m, const char caller[], PetscInt nsteps)
{
  PetscFunctionBeginUser;
  PetscCall(MckModelCheckSetUp(m, caller));
  PetscCheck(m->kind == MCK_MODEL_DYNAMICAL && m->ops->rhs, m->comm, PETSC_ERR_ARG_WRONG,
             "%s: %s is not a dynamical model", caller, ((PetscObject)m)->type_name);
  PetscCheck(nsteps >= 0, m->comm, PETSC_ERR_ARG_OUTOFRANGE, "%s: negative step count %" PetscInt_FMT, caller, nsteps);
  PetscFunctionReturn(0);
}

/*@C
  MckModelAdvance - Advances a dynamical model's state by nsteps RK4 steps of -model_dt.

  Collective

  Input Parameters:
+ m      - a dynamical model, set up
. t      - the time of x
. nsteps - the number of steps (>= 0)
- x      - the state (`MckModelCreateStateVec()`)

  Output Parameters:
+ x      - the state at t + nsteps dt
- failed - `PETSC_TRUE` (not an error) when the state is no longer finite or lies beyond the
           model's limits (`MckModelCheckState()`)

  Level: beginner

.seealso: `MckModelGetTimeStep()`, `MckModelCheckState()`, `MckEnsembleForecast()`
@*/
PetscErrorCode MckModelAdvance(MckModel m, PetscReal t, PetscInt nsteps, Vec x, PetscBool *failed)
{
  PetscFunctionBeginUser;
  PetscCall(CheckAdvance(m, "MckModelAdvance", nsteps));
  PetscCall(PetscLogEventBegin(MCK_EVENT_ModelAdvance, 0, 0, 0, 0));
  /* a non-finite state stays non-finite under RK4, so one check at the end suffices */
  PetscCall(AdvanceState(m, t, nsteps, x));
  PetscCall(MckModelCheckState(m, x, failed));
  PetscCall(PetscLogEventEnd(MCK_EVENT_ModelAdvance, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* nsteps steps of nx states held whole, x[k][0..n), through the array stages (the type's own
 * loop when it has one), then their checks (the whole state is here, so the local check is
 * the check: no collective). */
static PetscErrorCode AdvanceArrays(MckModel m, PetscReal t, PetscInt nsteps, PetscInt nx, PetscReal *const x[],
                                    PetscBool failed[])
{
  PetscFunctionBeginUser;
  if (m->ops->advancearrays) {
    PetscCall((*m->ops->advancearrays)(m, t, nsteps, nx, x, failed));
    PetscFunctionReturn(0);
  }
  for (PetscInt k = 0; k < nx; k++) {
    for (PetscInt s = 0; s < nsteps; s++) PetscCall(RK4StepArray(m, t + s * m->dt, x[k]));
    PetscCall(ArrayFailure(m, m->n, x[k], &failed[k]));
  }
  PetscFunctionReturn(0);
}

/*@C
  MckModelAdvanceStates - Advances several states of a dynamical model (the members a rank
  holds) by nsteps RK4 steps of -model_dt each.

  Collective (on one rank: no communication at all)

  Input Parameters:
+ m      - a dynamical model, set up
. t      - the time of the states
. nsteps - the number of steps (>= 0)
. nx     - the number of states
- x      - the states (`MckModelCreateStateVec()`)

  Output Parameters:
+ x      - the states at t + nsteps dt
- failed - failed[k] = `PETSC_TRUE` (not an error) when state k is no longer finite or lies
           beyond the model's limits

  Note:
  A model whose type evaluates its rate on plain arrays (lorenz96, lorenz63, allen_cahn) and that lives on
  one rank advances each state in one tight loop over its array, with a local check and no
  collective (as `MckModelAdvanceArrays()`); the result is bitwise that of `MckModelAdvance()`.
  Otherwise the states are advanced one by one by `MckModelAdvance()`.

  Level: intermediate

.seealso: `MckModelAdvance()`, `MckModelAdvanceArrays()`, `MckEnsembleForecast()`
@*/
PetscErrorCode MckModelAdvanceStates(MckModel m, PetscReal t, PetscInt nsteps, PetscInt nx, const Vec x[],
                                     PetscBool failed[])
{
  PetscFunctionBeginUser;
  PetscCall(CheckAdvance(m, "MckModelAdvanceStates", nsteps));
  if (!m->rk) {
    for (PetscInt k = 0; k < nx; k++) PetscCall(MckModelAdvance(m, t, nsteps, x[k], &failed[k]));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscLogEventBegin(MCK_EVENT_ModelAdvance, 0, 0, 0, 0));
  for (PetscInt k = 0; k < nx; k++) {
    PetscReal *a;
    PetscCall(VecGetArray(x[k], &a));
    PetscCall(AdvanceArrays(m, t, nsteps, 1, &a, &failed[k]));
    PetscCall(VecRestoreArray(x[k], &a));
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_ModelAdvance, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/*@C
  MckModelHasArrayAdvance - Whether `MckModelAdvanceArrays()` can advance this model's states:
  its type evaluates its rate on plain arrays (lorenz96, lorenz63, allen_cahn) and a state lives
  whole on one rank (the model's communicator has one rank).

  Not Collective

  Input Parameter:
. m - a model, set up

  Output Parameter:
. has - `PETSC_TRUE` when the states may be given as arrays

  Level: advanced

.seealso: `MckModelAdvanceArrays()`, `MckModelAdvanceStates()`
@*/
PetscErrorCode MckModelHasArrayAdvance(MckModel m, PetscBool *has)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  PetscValidBoolPointer(has, 2);
  PetscCall(MckModelCheckSetUp(m, "MckModelHasArrayAdvance"));
  *has = (PetscBool)(m->rk != NULL);
  PetscFunctionReturn(0);
}

/*@C
  MckModelAdvanceArrays - Advances several states of a dynamical model, given as plain arrays of
  the whole state, by nsteps RK4 steps of -model_dt each: one tight loop per state, no vector
  object and no communication (what an ensemble whose members sit in its own storage runs).

  Not Collective

  Input Parameters:
+ m      - a dynamical model, set up, with `MckModelHasArrayAdvance()` true
. t      - the time of the states
. nsteps - the number of steps (>= 0)
. nx     - the number of states
- x      - x[k][0..n): state k, in the order of the components of `MckModelCreateStateVec()`

  Output Parameters:
+ x      - the states at t + nsteps dt, bitwise those `MckModelAdvance()` gives
- failed - failed[k] = `PETSC_TRUE` (not an error) when state k is no longer finite or lies
           beyond the model's limits

  Level: advanced

.seealso: `MckModelHasArrayAdvance()`, `MckModelAdvanceStates()`, `MckModelAdvance()`
@*/
PetscErrorCode MckModelAdvanceArrays(MckModel m, PetscReal t, PetscInt nsteps, PetscInt nx, PetscReal *const x[],
                                     PetscBool failed[])
{
  PetscFunctionBeginUser;
  PetscCall(CheckAdvance(m, "MckModelAdvanceArrays", nsteps));
  PetscCheck(m->rk, PETSC_COMM_SELF, PETSC_ERR_SUP,
             "MckModelAdvanceArrays: %s on %s has no array stepping (MckModelHasArrayAdvance)",
             ((PetscObject)m)->type_name, m->ops->rhsarray ? "more than one rank" : "its type");
  PetscCall(PetscLogEventBegin(MCK_EVENT_ModelAdvance, 0, 0, 0, 0));
  PetscCall(AdvanceArrays(m, t, nsteps, nx, x, failed));
  PetscCall(PetscLogEventEnd(MCK_EVENT_ModelAdvance, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/*@C
  MckModelForward - Evaluates an inverse model, g = G(u).

  Collective

  Input Parameters:
+ m - an inverse model, set up
- u - the (whitened) parameter (`MckModelCreateStateVec()`)

  Output Parameters:
+ g      - the predicted data (`MckModelCreateDataVec()`)
- failed - `PETSC_TRUE` (not an error) when the forward solve failed (solver divergence) or g is
           not finite; the ensemble then leaves the member out

  Level: beginner

.seealso: `MckModelCreateDataVec()`, `MckEnsembleIterate()`
@*/
PetscErrorCode MckModelForward(MckModel m, Vec u, Vec g, PetscBool *failed)
{
  PetscBool bad;

  PetscFunctionBeginUser;
  PetscCall(MckModelCheckSetUp(m, "MckModelForward"));
  PetscCheck(m->kind == MCK_MODEL_INVERSE && m->ops->forward, m->comm, PETSC_ERR_ARG_WRONG,
             "MckModelForward: %s is not an inverse model", ((PetscObject)m)->type_name);
  PetscCall(PetscLogEventBegin(MCK_EVENT_ModelForward, 0, 0, 0, 0));
  PetscCall((*m->ops->forward)(m, u, g, failed));
  PetscCall(MckModelVecNonFinite(g, &bad));
  *failed = (PetscBool)(*failed || bad);
  PetscCall(PetscLogEventEnd(MCK_EVENT_ModelForward, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
