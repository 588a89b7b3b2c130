/* What a model does to a member: RK4 steps of a dynamical model, a forward solve of an
 * inverse model, and the check that turns a state gone wrong into a failure flag. */
#include "modelimpl.h"

/* a[0..n): not finite (NaN or Inf) anywhere. One branch-free pass the compiler vectorises:
 * PetscIsInfOrNanReal() is two calls into the PETSc library per value, which cost as much as
 * the RK4 step of a small member. */
static PetscBool ArrayNonFinite(PetscInt n, const PetscReal a[])
{
  int bad = 0;

  for (PetscInt i = 0; i < n; i++) bad |= !isfinite(a[i]);
  return (PetscBool)bad;
}

/* This rank's part a[0..n) of a state: not finite, or beyond the model's limits. */
static PetscErrorCode ArrayFailure(MckModel m, PetscInt n, const PetscReal a[], PetscBool *bad)
{
  PetscFunctionBeginUser;
  *bad = ArrayNonFinite(n, a);
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
  else *bad = ArrayNonFinite(n, a);
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

/* RK4Step on the array of a state held whole by this rank: the same operations in the same
 * order per component as RK4Stage/RK4Combine (stage factors 0.5 h and h / 6 formed first), so
 * the same bits, without a vector object, a ghost update or a function call per stage loop. */
static PetscErrorCode RK4StepArray(MckModel m, PetscReal t, PetscReal *restrict x)
{
  const PetscInt  n = m->n;
  const PetscReal h = m->dt, hh = 0.5 * h, w = m->dt / 6.0;
  PetscReal *restrict k1 = m->rk, *restrict k2 = k1 + n, *restrict k3 = k2 + n, *restrict k4 = k3 + n,
                      *restrict xs = k4 + n;

  PetscFunctionBeginUser;
  PetscCall((*m->ops->rhsarray)(m, t, x, k1));
  for (PetscInt i = 0; i < n; i++) xs[i] = x[i] + hh * k1[i];
  PetscCall((*m->ops->rhsarray)(m, t + 0.5 * h, xs, k2));
  for (PetscInt i = 0; i < n; i++) xs[i] = x[i] + hh * k2[i];
  PetscCall((*m->ops->rhsarray)(m, t + 0.5 * h, xs, k3));
  for (PetscInt i = 0; i < n; i++) xs[i] = x[i] + h * k3[i];
  PetscCall((*m->ops->rhsarray)(m, t + h, xs, k4));
  for (PetscInt i = 0; i < n; i++) x[i] += w * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
  PetscFunctionReturn(0);
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
  collective; the result is bitwise that of `MckModelAdvance()`. Otherwise the states are
  advanced one by one by `MckModelAdvance()`.

  Level: intermediate

.seealso: `MckModelAdvance()`, `MckEnsembleForecast()`
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
    for (PetscInt s = 0; s < nsteps; s++) PetscCall(RK4StepArray(m, t + s * m->dt, a));
    PetscCall(ArrayFailure(m, m->n, a, &failed[k])); /* one rank: the local check is the check */
    PetscCall(VecRestoreArray(x[k], &a));
  }
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
