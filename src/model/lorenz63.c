/* Lorenz-63 (Lorenz 1963): x' = sigma (y - x), y' = x (rho - z) - y, z' = x y - beta z.
 * The three variables live on the first rank of the member's communicator (a member spread
 * over several ranks leaves the others empty); RK4 through the shared stepper in step.c.
 * Limits: V = x^2 + y^2 + (z - sigma - rho)^2 decreases outside the ellipsoid
 * sigma x^2 + y^2 + beta (z - (sigma + rho)/2)^2 <= beta (sigma + rho)^2 / 4, on which
 * V <= R^2 = (sigma + rho)^2 (1 + beta/4 + beta/(4 sigma)); so the attractor lies in V <= R^2,
 * and a state with V > (10 R)^2 has left the dynamics and counts as failed. */
#include "modelimpl.h"

typedef struct {
  PetscReal sigma, rho, beta;
} L63;

static PetscErrorCode SetFromOptions_L63(MckModel m, PetscOptionItems *PetscOptionsObject)
{
  L63 *l = (L63 *)m->data;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsReal("-l63_sigma", "Lorenz-63 sigma", l->sigma, &l->sigma, NULL));
  PetscCall(MckOptionsReal("-l63_rho", "Lorenz-63 rho", l->rho, &l->rho, NULL));
  PetscCall(MckOptionsReal("-l63_beta", "Lorenz-63 beta", l->beta, &l->beta, NULL));
  PetscCall(McKeanCheckPositive(m->comm, MckOptName("-l63_sigma"), l->sigma));
  PetscCall(McKeanCheckPositive(m->comm, MckOptName("-l63_rho"), l->rho));
  PetscCall(McKeanCheckPositive(m->comm, MckOptName("-l63_beta"), l->beta));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_L63(MckModel m)
{
  PetscFunctionBeginUser;
  m->n     = 3;
  m->ndata = 0;
  PetscFunctionReturn(0);
}

static PetscErrorCode RHSArray_L63(MckModel m, PetscReal t, const PetscReal *restrict a, PetscReal *restrict b)
{
  const L63 *l = (const L63 *)m->data;

  (void)t;
  b[0] = l->sigma * (a[1] - a[0]);
  b[1] = a[0] * (l->rho - a[2]) - a[1];
  b[2] = a[0] * a[1] - l->beta * a[2];
  return 0;
}

static PetscErrorCode RHS_L63(MckModel m, PetscReal t, Vec x, Vec f)
{
  const PetscReal *a;
  PetscReal       *b;
  PetscInt         n;

  PetscFunctionBeginUser;
  PetscCall(VecGetLocalSize(x, &n));
  PetscCall(VecGetArrayRead(x, &a));
  PetscCall(VecGetArrayWrite(f, &b));
  if (n == 3) PetscCall(RHSArray_L63(m, t, a, b));
  PetscCall(VecRestoreArrayWrite(f, &b));
  PetscCall(VecRestoreArrayRead(x, &a));
  PetscFunctionReturn(0);
}

static PetscErrorCode CreateStateVec_L63(MckModel m, Vec *x)
{
  PetscMPIInt rank;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(m->comm, &rank));
  PetscCall(VecCreateMPI(m->comm, rank ? 0 : 3, 3, x));
  PetscFunctionReturn(0);
}

/* Lorenz's own start (0, 1, 0), on the first rank. */
static PetscErrorCode InitialState_L63(MckModel m, Vec x)
{
  PetscReal *a;
  PetscInt   n;

  PetscFunctionBeginUser;
  (void)m;
  PetscCall(VecGetLocalSize(x, &n));
  PetscCall(VecGetArrayWrite(x, &a));
  if (n == 3) {
    a[0] = 0;
    a[1] = 1;
    a[2] = 0;
  }
  PetscCall(VecRestoreArrayWrite(x, &a));
  PetscFunctionReturn(0);
}

/* a[0..3) beyond the limit: V > (10 R)^2 (header comment). */
static inline PetscBool Beyond(const L63 *l, const PetscReal a[])
{
  const PetscReal sr = l->sigma + l->rho, R2 = sr * sr * (1 + l->beta / 4 + l->beta / (4 * l->sigma));
  const PetscReal limit = PetscMin(100 * R2, PETSC_MAX_REAL);

  /* !(V <= limit): a value that is not finite makes V infinite or NaN, so it fails here too (the
   * limit is at most the largest real, also where 100 R^2 overflows) */
  return (PetscBool) !(a[0] * a[0] + a[1] * a[1] + (a[2] - sr) * (a[2] - sr) <= limit);
}

static PetscErrorCode OutsideLimits_L63(MckModel m, PetscInt n, const PetscReal a[], PetscBool *outside)
{
  PetscFunctionBeginUser;
  *outside = (PetscBool)(n == 3 && Beyond((const L63 *)m->data, a));
  PetscFunctionReturn(0);
}

/* A rank's whole members: RK4 with the rate inlined and n = 3 known, then each member's check. */
static PetscErrorCode AdvanceArrays_L63(MckModel m, PetscReal t, PetscInt nsteps, PetscInt nx, PetscReal *const x[],
                                        PetscBool failed[])
{
  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < nx; k++) {
    for (PetscInt s = 0; s < nsteps; s++)
      PetscCall(MckRK4StepArray(m, RHSArray_L63, 3, t + s * m->dt, x[k], m->rk, 0, NULL));
    failed[k] = Beyond((const L63 *)m->data, x[k]); /* also for a value that is not finite */
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_L63(MckModel m, MckIO io, PetscBool check)
{
  L63 *l = (L63 *)m->data;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)m, "-l63_sigma"), 1, &l->sigma));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)m, "-l63_rho"), 1, &l->rho));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)m, "-l63_beta"), 1, &l->beta));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_L63(MckModel m, PetscViewer v)
{
  L63 *l = (L63 *)m->data;
  char a[32], b[32], c[32];

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(v, "Lorenz-63: sigma = %s, rho = %s, beta = %s, RK4\n",
                                   McKeanFormatReal(l->sigma, a, sizeof(a)), McKeanFormatReal(l->rho, b, sizeof(b)),
                                   McKeanFormatReal(l->beta, c, sizeof(c))));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelCreate_Lorenz63(MckModel m)
{
  L63 *l;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&l));
  l->sigma               = 10.0;
  l->rho                 = 28.0;
  l->beta                = 8.0 / 3.0;
  m->data                = l;
  m->kind                = MCK_MODEL_DYNAMICAL;
  m->dt                  = 0.01;
  m->ops->setfromoptions = SetFromOptions_L63;
  m->ops->setup          = SetUp_L63;
  m->ops->rhs            = RHS_L63;
  m->ops->rhsarray       = RHSArray_L63;
  m->ops->advancearrays  = AdvanceArrays_L63;
  m->ops->createstatevec = CreateStateVec_L63;
  m->ops->initialstate   = InitialState_L63;
  m->ops->outsidelimits  = OutsideLimits_L63;
  m->ops->config         = Config_L63;
  m->ops->view           = View_L63;
  m->ops->destroy        = MckModelDestroyData;
  PetscFunctionReturn(0);
}
