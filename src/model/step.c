/* What a model does to a member: RK4 steps of a dynamical model, a forward solve of an
 * inverse model, and the check that turns a state gone wrong into a failure flag. */
#include "modelimpl.h"

/* Local part of x: not finite (NaN or Inf) anywhere. */
static PetscErrorCode LocalNonFinite(Vec x, PetscBool *bad)
{
  const PetscScalar *a;
  PetscInt           n;

  PetscFunctionBeginUser;
  *bad = PETSC_FALSE;
  PetscCall(VecGetLocalSize(x, &n));
  PetscCall(VecGetArrayRead(x, &a));
  for (PetscInt i = 0; i < n && !*bad; i++) *bad = PetscIsInfOrNanScalar(a[i]) ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(VecRestoreArrayRead(x, &a));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelVecNonFinite(Vec x, PetscBool *failed)
{
  PetscBool bad;

  PetscFunctionBeginUser;
  PetscCall(LocalNonFinite(x, &bad));
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
  PetscCall(LocalNonFinite(x, &bad));
  if (!bad && m->ops->outsidelimits) PetscCall((*m->ops->outsidelimits)(m, x, &bad));
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
  PetscCall(MckModelCheckSetUp(m, "MckModelAdvance"));
  PetscCheck(m->kind == MCK_MODEL_DYNAMICAL && m->ops->rhs, m->comm, PETSC_ERR_ARG_WRONG, "MckModelAdvance: %s is not a dynamical model", ((PetscObject)m)->type_name);
  PetscCheck(nsteps >= 0, m->comm, PETSC_ERR_ARG_OUTOFRANGE, "MckModelAdvance: negative step count %" PetscInt_FMT, nsteps);
  PetscCall(PetscLogEventBegin(MCK_EVENT_ModelAdvance, 0, 0, 0, 0));
  /* a non-finite state stays non-finite under RK4, so one check at the end suffices */
  for (PetscInt s = 0; s < nsteps; s++) PetscCall(RK4Step(m, t + s * m->dt, x));
  PetscCall(MckModelCheckState(m, x, failed));
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
  PetscCheck(m->kind == MCK_MODEL_INVERSE && m->ops->forward, m->comm, PETSC_ERR_ARG_WRONG, "MckModelForward: %s is not an inverse model", ((PetscObject)m)->type_name);
  PetscCall(PetscLogEventBegin(MCK_EVENT_ModelForward, 0, 0, 0, 0));
  PetscCall((*m->ops->forward)(m, u, g, failed));
  PetscCall(MckModelVecNonFinite(g, &bad));
  *failed = (PetscBool)(*failed || bad);
  PetscCall(PetscLogEventEnd(MCK_EVENT_ModelForward, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
