/* TS type "mck_semi_implicit": a one-step method whose update is supplied by the problem
 * (TSMckSemiImplicitSetStepper), for linearly implicit schemes whose solve is diagonal in
 * Fourier space and so needs no SNES/KSP (allen_cahn, cahn_hilliard). The TS keeps what a TS
 * keeps: time, step count, time step (-ts_dt, fixed: TSADAPTNONE), final time (-ts_max_time,
 * the last step shortened to land on it), step limit (-ts_max_steps), monitors (-ts_monitor). */
#include <petsc/private/tsimpl.h>
#include "fieldimpl.h"

typedef struct {
  TSMckSemiImplicitStepFn step;
  void                   *ctx;
} TS_MckSI;

static PetscErrorCode TSStep_MckSI(TS ts)
{
  TS_MckSI *si     = (TS_MckSI *)ts->data;
  PetscReal next_h = ts->time_step;
  PetscBool accept = PETSC_TRUE;

  PetscFunctionBeginUser;
  PetscCheck(si->step, PetscObjectComm((PetscObject)ts), PETSC_ERR_ORDER,
             "TS %s needs a stepper: TSMckSemiImplicitSetStepper()", TSMCKSEMIIMPLICIT);
  PetscCall(PetscLogEventBegin(MCK_EVENT_FieldStep, 0, 0, 0, 0));
  PetscCall(TSPreStage(ts, ts->ptime));
  PetscCall((*si->step)(ts, ts->ptime, ts->time_step, ts->vec_sol, si->ctx));
  PetscCall(TSPostStage(ts, ts->ptime + ts->time_step, 0, &ts->vec_sol));
  PetscCall(TSAdaptChoose(ts->adapt, ts, ts->time_step, NULL, &next_h, &accept));
  PetscCheck(accept, PetscObjectComm((PetscObject)ts), PETSC_ERR_SUP,
             "TS %s does not reject steps: use -ts_adapt_type none", TSMCKSEMIIMPLICIT);
  ts->ptime += ts->time_step;
  ts->time_step = next_h;
  PetscCall(PetscLogEventEnd(MCK_EVENT_FieldStep, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

static PetscErrorCode TSMckSemiImplicitSetStepper_MckSI(TS ts, TSMckSemiImplicitStepFn step, void *ctx)
{
  TS_MckSI *si = (TS_MckSI *)ts->data;

  PetscFunctionBeginUser;
  si->step = step;
  si->ctx  = ctx;
  PetscFunctionReturn(0);
}

/*@C
  TSMckSemiImplicitSetStepper - Gives a TS of type mck_semi_implicit the function that advances
  the solution in place by one step.

  Logically Collective

  Input Parameters:
+ ts   - the TS (a TS of another type ignores the call)
. step - step(ts, t, dt, u, ctx) advances u from t to t + dt
- ctx  - its context

  Level: developer

.seealso: `MckFieldSetType()`, `TSSetType()`
@*/
PetscErrorCode TSMckSemiImplicitSetStepper(TS ts, TSMckSemiImplicitStepFn step, void *ctx)
{
  PetscFunctionBeginUser;
  PetscTryMethod(ts, "TSMckSemiImplicitSetStepper_C", (TS, TSMckSemiImplicitStepFn, void *), (ts, step, ctx));
  PetscFunctionReturn(0);
}

static PetscErrorCode TSView_MckSI(TS ts, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  (void)ts;
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "  linearly implicit step, diagonal in Fourier space (supplied by the problem)\n"));
  PetscFunctionReturn(0);
}

static PetscErrorCode TSDestroy_MckSI(TS ts)
{
  PetscFunctionBeginUser;
  PetscCall(PetscObjectComposeFunction((PetscObject)ts, "TSMckSemiImplicitSetStepper_C", NULL));
  PetscCall(PetscFree(ts->data));
  PetscFunctionReturn(0);
}

PetscErrorCode TSCreate_MckSemiImplicit(TS ts)
{
  TS_MckSI *si;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&si));
  ts->data               = si;
  ts->ops->step          = TSStep_MckSI;
  ts->ops->view          = TSView_MckSI;
  ts->ops->destroy       = TSDestroy_MckSI;
  ts->usessnes           = PETSC_FALSE;
  ts->default_adapt_type = TSADAPTNONE;
  PetscCall(
      PetscObjectComposeFunction((PetscObject)ts, "TSMckSemiImplicitSetStepper_C", TSMckSemiImplicitSetStepper_MckSI));
  PetscFunctionReturn(0);
}
