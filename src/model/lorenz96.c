/* Lorenz-96 (Lorenz 1996): dx_i/dt = (x_{i+1} - x_{i-2}) x_{i-1} - x_i + F, i periodic mod n.
 * The state is a periodic 1D DMDA with stencil width 2, so a member spread over several ranks
 * exchanges only its ghost points; RK4 steps through the shared stepper in step.c.
 * Limits: d/dt |x|^2/2 = -|x|^2 + F sum x_i < 0 outside the ball |x| <= |F| sqrt(n), so the
 * attractor lies in it; a state with a component beyond ten times that radius has left the
 * dynamics (RK4 at any usable step is unstable there) and counts as failed. */
#include "modelimpl.h"
#include <petscdmda.h>

typedef struct {
  MckModelDMDA grid; /* first: the shared DMDA operations find it (dmda.c) */
  PetscInt     n;
  PetscReal    F;
} L96;

static PetscErrorCode SetFromOptions_L96(MckModel m, PetscOptionItems *PetscOptionsObject)
{
  L96 *l = (L96 *)m->data;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsInt("-l96_n", "Lorenz-96 number of variables", l->n, &l->n, NULL));
  PetscCall(MckOptionsReal("-l96_forcing", "Lorenz-96 forcing F", l->F, &l->F, NULL));
  PetscCheck(l->n >= 4, m->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": Lorenz-96 needs at least 4 variables",
             MckOptName("-l96_n"), l->n);
  PetscCheck(!PetscIsInfOrNanReal(l->F), m->comm, PETSC_ERR_USER_INPUT, "%s: must be a finite number",
             MckOptName("-l96_forcing"));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_L96(MckModel m)
{
  L96        *l = (L96 *)m->data;
  PetscMPIInt size;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(m->comm, &size));
  PetscCheck(l->n >= 2 * size, m->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": needs at least 2 variables per rank of a member (%d ranks)",
             McKeanOptionName((PetscObject)m, "-l96_n"), l->n, size);
  PetscCall(DMDACreate1d(m->comm, DM_BOUNDARY_PERIODIC, l->n, 1, 2, NULL, &l->grid.da));
  PetscCall(DMSetUp(l->grid.da));
  PetscCall(DMCreateLocalVector(l->grid.da, &l->grid.local));
  m->n     = l->n;
  m->ndata = 0;
  PetscFunctionReturn(0);
}

/* The rate of component i from its neighbours i+1, i-2, i-1: the one formula of both paths. */
static inline PetscReal Rate(PetscReal xp1, PetscReal xm2, PetscReal xm1, PetscReal xi, PetscReal F)
{
  return (xp1 - xm2) * xm1 - xi + F;
}

static PetscErrorCode RHS_L96(MckModel m, PetscReal t, Vec x, Vec f)
{
  L96             *l = (L96 *)m->data;
  const PetscReal *xa;
  PetscReal       *fa;
  PetscInt         xs, xm;

  PetscFunctionBeginUser;
  (void)t;
  PetscCall(DMDAGetCorners(l->grid.da, &xs, NULL, NULL, &xm, NULL, NULL));
  PetscCall(MckModelDMDAGetArrays(m, x, f, &xa, &fa));
  for (PetscInt i = xs; i < xs + xm; i++) fa[i] = Rate(xa[i + 1], xa[i - 2], xa[i - 1], xa[i], l->F);
  PetscCall(MckModelDMDARestoreArrays(m, f, &xa, &fa));
  PetscFunctionReturn(0);
}

/* The whole state on one rank: the periodic wrap in the first two and the last component, the
 * interior in one loop the compiler vectorises. */
static PetscErrorCode RHSArray_L96(MckModel m, PetscReal t, const PetscReal *restrict x, PetscReal *restrict f)
{
  const PetscInt  n = m->n;
  const PetscReal F = ((L96 *)m->data)->F;

  (void)t;
  f[0] = Rate(x[1], x[n - 2], x[n - 1], x[0], F);
  f[1] = Rate(x[2], x[n - 1], x[0], x[1], F);
  for (PetscInt i = 2; i < n - 1; i++) f[i] = Rate(x[i + 1], x[i - 2], x[i - 1], x[i], F);
  f[n - 1] = Rate(x[0], x[n - 3], x[n - 2], x[n - 1], F);
  return 0;
}

/* The rest state x_i = F with a kick of 0.01 on x_0, the usual start of a spin-up. */
static PetscErrorCode InitialState_L96(MckModel m, Vec x)
{
  L96       *l = (L96 *)m->data;
  PetscReal *a;
  PetscInt   lo, hi;

  PetscFunctionBeginUser;
  PetscCall(VecGetOwnershipRange(x, &lo, &hi));
  PetscCall(VecGetArrayWrite(x, &a));
  for (PetscInt i = lo; i < hi; i++) a[i - lo] = l->F + (i == 0 ? 0.01 : 0.0);
  PetscCall(VecRestoreArrayWrite(x, &a));
  PetscFunctionReturn(0);
}

/* The limit of |x_i| (ten times the radius of the ball that holds the attractor), at most the
 * largest real: the check !(|x_i| <= limit) then fails an infinite x_i for any forcing. */
static PetscReal Limit_L96(const L96 *l)
{
  return PetscMin(10 * PetscMax(PetscAbsReal(l->F), 1.0) * PetscSqrtReal((PetscReal)l->n), PETSC_MAX_REAL);
}

/* Some |a_i| beyond the limit or not finite: !(|a_i| <= limit), the predicate of the stepper's
 * fused check (the limit is finite, so an infinite a_i fails too), as a select: vectorised. */
static inline PetscBool Beyond(PetscInt nl, const PetscReal a[], PetscReal limit)
{
  PetscReal out = 0;

  for (PetscInt i = 0; i < nl; i++) out = PetscAbsReal(a[i]) <= limit ? out : 1;
  return (PetscBool)(out != 0);
}

static PetscErrorCode OutsideLimits_L96(MckModel m, PetscInt nl, const PetscReal a[], PetscBool *outside)
{
  PetscFunctionBeginUser;
  *outside = Beyond(nl, a, Limit_L96((L96 *)m->data));
  PetscFunctionReturn(0);
}

/* A rank's whole members: RK4 with the rate inlined, then each member's check. */
static PetscErrorCode AdvanceArrays_L96(MckModel m, PetscReal t, PetscInt nsteps, PetscInt nx, PetscReal *const x[],
                                        PetscBool failed[])
{
  const PetscReal limit = Limit_L96((L96 *)m->data);

  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < nx; k++) {
    /* the check of the final state comes with its update (MckRK4StepArray's bound) */
    if (!nsteps) failed[k] = Beyond(m->n, x[k], limit);
    for (PetscInt s = 0; s < nsteps; s++)
      PetscCall(MckRK4StepArray(m, RHSArray_L96, m->n, t + s * m->dt, x[k], m->rk, limit,
                                s == nsteps - 1 ? &failed[k] : NULL));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_L96(MckModel m, MckIO io, PetscBool check)
{
  L96 *l = (L96 *)m->data;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName((PetscObject)m, "-l96_n"), l->n));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)m, "-l96_forcing"), 1, &l->F));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_L96(MckModel m, PetscViewer v)
{
  L96 *l = (L96 *)m->data;
  char f[32];

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(v, "Lorenz-96: n = %" PetscInt_FMT ", F = %s, RK4\n", l->n,
                                   McKeanFormatReal(l->F, f, sizeof(f))));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelCreate_Lorenz96(MckModel m)
{
  L96 *l;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&l));
  l->n                   = 40;
  l->F                   = 8.0;
  m->data                = l;
  m->kind                = MCK_MODEL_DYNAMICAL;
  m->dt                  = 0.05;
  m->ops->setfromoptions = SetFromOptions_L96;
  m->ops->setup          = SetUp_L96;
  m->ops->rhs            = RHS_L96;
  m->ops->rhsarray       = RHSArray_L96;
  m->ops->advancearrays  = AdvanceArrays_L96;
  m->ops->createstatevec = MckModelCreateStateVec_DMDA;
  m->ops->initialstate   = InitialState_L96;
  m->ops->outsidelimits  = OutsideLimits_L96;
  m->ops->config         = Config_L96;
  m->ops->view           = View_L96;
  m->ops->destroy        = MckModelDestroy_DMDA;
  PetscFunctionReturn(0);
}
