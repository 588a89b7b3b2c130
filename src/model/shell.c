/* Shell models: user callbacks behind the MckModel interface (as PETSc's MATSHELL), so a user
 * model is one create function and one MckModelRegister call. Dynamical shells are stepped by
 * the shared RK4 of step.c; vectors use the default PETSC_DECIDE layout. */
#include "modelimpl.h"

typedef struct {
  PetscInt          n, ndata;
  MckModelRHSFn     rhs;
  MckModelForwardFn forward;
  void             *ctx;
} Shell;

static PetscErrorCode SetUp_Shell(MckModel m)
{
  Shell *s = (Shell *)m->data;

  PetscFunctionBeginUser;
  m->n     = s->n;
  m->ndata = s->ndata;
  PetscFunctionReturn(0);
}

static PetscErrorCode RHS_Shell(MckModel m, PetscReal t, Vec x, Vec f)
{
  Shell *s = (Shell *)m->data;

  PetscFunctionBeginUser;
  PetscCall((*s->rhs)(m, t, x, f, s->ctx));
  PetscFunctionReturn(0);
}

static PetscErrorCode Forward_Shell(MckModel m, Vec u, Vec g, PetscBool *failed)
{
  Shell *s = (Shell *)m->data;

  PetscFunctionBeginUser;
  *failed = PETSC_FALSE;
  PetscCall((*s->forward)(m, u, g, failed, s->ctx));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Shell(MckModel m, PetscViewer v)
{
  PetscFunctionBeginUser;
  (void)m;
  PetscCall(PetscViewerASCIIPrintf(v, "user callbacks (shell)\n"));
  PetscFunctionReturn(0);
}

/* Replace whatever type the model had by a shell; the caller fills the kind and callbacks. */
static PetscErrorCode MakeShell(MckModel m, PetscInt n, PetscInt ndata, Shell **s)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  PetscCheck(!m->setup, m->comm, PETSC_ERR_ORDER, "MckModelShellSet*: call before MckModelSetUp()");
  PetscCheck(n >= 1 && ndata >= 0, m->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "MckModelShellSet*: sizes n = %" PetscInt_FMT ", ndata = %" PetscInt_FMT " (need n >= 1, ndata >= 0)", n,
             ndata);
  PetscCall(MckModelResetType(m));
  PetscCall(PetscNew(s));
  (*s)->n         = n;
  (*s)->ndata     = ndata;
  m->data         = *s;
  m->ops->setup   = SetUp_Shell;
  m->ops->view    = View_Shell;
  m->ops->destroy = MckModelDestroyData;
  PetscCall(PetscObjectChangeTypeName((PetscObject)m, MCKMODEL_SHELL)); /* a registered constructor renames it */
  PetscFunctionReturn(0);
}

/*@C
  MckModelShellSetDynamical - Makes the model a dynamical shell: dx/dt = rhs(t, x), stepped by
  the library's RK4.

  Logically Collective

  Input Parameters:
+ m   - the model, not yet set up (e.g. inside a constructor registered with `MckModelRegister()`)
. n   - the state length (Vecs of PETSC_DECIDE layout on the model's communicator)
. dt  - the default step (-model_dt overrides it)
. rhs - the right-hand side
- ctx - its context

  Level: intermediate

.seealso: `MckModelShellSetInverse()`, `MckModelRegister()`, `MckModelAdvance()`
@*/
PetscErrorCode MckModelShellSetDynamical(MckModel m, PetscInt n, PetscReal dt, MckModelRHSFn rhs, void *ctx)
{
  Shell *s;

  PetscFunctionBeginUser;
  PetscCheck(rhs, PetscObjectComm((PetscObject)m), PETSC_ERR_ARG_NULL,
             "MckModelShellSetDynamical: null right-hand side");
  PetscCall(McKeanCheckPositive(PetscObjectComm((PetscObject)m), "MckModelShellSetDynamical dt", dt));
  PetscCall(MakeShell(m, n, 0, &s));
  s->rhs      = rhs;
  s->ctx      = ctx;
  m->kind     = MCK_MODEL_DYNAMICAL;
  m->dt       = dt;
  m->ops->rhs = RHS_Shell;
  PetscFunctionReturn(0);
}

/*@C
  MckModelShellSetInverse - Makes the model an inverse shell: g = forward(u).

  Logically Collective

  Input Parameters:
+ m       - the model, not yet set up
. n       - the parameter length
. ndata   - the data length (>= 1)
. forward - the forward map; it sets *failed as `MckModelForward()` does
- ctx     - its context

  Level: intermediate

.seealso: `MckModelShellSetDynamical()`, `MckModelRegister()`, `MckModelForward()`
@*/
PetscErrorCode MckModelShellSetInverse(MckModel m, PetscInt n, PetscInt ndata, MckModelForwardFn forward, void *ctx)
{
  Shell *s;

  PetscFunctionBeginUser;
  PetscCheck(forward, PetscObjectComm((PetscObject)m), PETSC_ERR_ARG_NULL, "MckModelShellSetInverse: null forward map");
  PetscCheck(ndata >= 1, PetscObjectComm((PetscObject)m), PETSC_ERR_ARG_OUTOFRANGE,
             "MckModelShellSetInverse: ndata = %" PetscInt_FMT ", need at least 1", ndata);
  PetscCall(MakeShell(m, n, ndata, &s));
  s->forward      = forward;
  s->ctx          = ctx;
  m->kind         = MCK_MODEL_INVERSE;
  m->ops->forward = Forward_Shell;
  PetscFunctionReturn(0);
}
