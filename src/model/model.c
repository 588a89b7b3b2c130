/* MckModel: the object, its registry of types, options, RK4 stepping of dynamical models,
 * and the calls that dispatch to a type. */
#include "modelimpl.h"

static PetscFunctionList MckModelList = NULL;
static PetscBool         registered   = PETSC_FALSE;
PetscLogEvent            MCK_EVENT_ModelAdvance, MCK_EVENT_ModelForward;

static PetscErrorCode MckModelFinalizePackage(void)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListDestroy(&MckModelList));
  registered = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelInitializePackage(void)
{
  PetscFunctionBeginUser;
  if (registered) PetscFunctionReturn(0);
  registered = PETSC_TRUE;
  PetscCall(PetscFunctionListAdd(&MckModelList, "lorenz96", MckModelCreate_Lorenz96));
  PetscCall(PetscFunctionListAdd(&MckModelList, "lorenz63", MckModelCreate_Lorenz63));
  PetscCall(PetscFunctionListAdd(&MckModelList, "linear", MckModelCreate_Linear));
  PetscCall(PetscFunctionListAdd(&MckModelList, "darcy", MckModelCreate_Darcy));
  PetscCall(PetscFunctionListAdd(&MckModelList, "mckean_vlasov", MckModelCreate_MckeanVlasov));
  PetscCall(PetscLogEventRegister("MckModelAdvance", MCK_CLASSID, &MCK_EVENT_ModelAdvance));
  PetscCall(PetscLogEventRegister("MckModelForward", MCK_CLASSID, &MCK_EVENT_ModelForward));
  PetscCall(PetscRegisterFinalize(MckModelFinalizePackage));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelRegister(const char name[], MckModelCreateFn create)
{
  PetscFunctionBeginUser;
  PetscCall(MckModelInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckModelList, name, create));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelCreate(MPI_Comm comm, MckModel *m)
{
  PetscFunctionBeginUser;
  PetscCheck(m, comm, PETSC_ERR_ARG_NULL, "MckModelCreate: null output pointer");
  PetscCall(MckModelInitializePackage());
  PetscCall(PetscNew(m));
  (*m)->comm = comm;
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelResetType(MckModel m)
{
  PetscFunctionBeginUser;
  if (m->ops.destroy) PetscCall((*m->ops.destroy)(m));
  PetscCall(PetscMemzero(&m->ops, sizeof(m->ops)));
  m->data = NULL;
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelSetType(MckModel m, const char type[])
{
  MckModelCreateFn create;
  PetscBool        same;
  char             allowed[512];

  PetscFunctionBeginUser;
  PetscCheck(!m->setup, m->comm, PETSC_ERR_ORDER, "MckModelSetType: the model is already set up");
  PetscCall(PetscStrcmp(m->type, type, &same));
  if (same) PetscFunctionReturn(0);
  PetscCall(PetscFunctionListFind(MckModelList, type, &create));
  if (!create) {
    PetscCall(McKeanFunctionListNames(MckModelList, allowed, sizeof(allowed)));
    SETERRQ(m->comm, PETSC_ERR_USER_INPUT, "-model_type %s: unknown model; allowed: %s", type, allowed);
  }
  PetscCall(MckModelResetType(m));
  PetscCall(PetscStrncpy(m->type, type, sizeof(m->type)));
  m->dt = 0;
  PetscCall((*create)(m));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelSetFromOptions(MckModel m)
{
  char      type[64];
  PetscBool set;

  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(type, m->type[0] ? m->type : "lorenz96", sizeof(type)));
  PetscOptionsBegin(m->comm, NULL, "Forward model options", NULL);
  PetscCall(MckOptionsFList("-model_type", "Forward model", MckModelList, type, type, sizeof(type), &set));
  if (set || !m->type[0]) PetscCall(MckModelSetType(m, type)); /* a shell keeps its callbacks */
  if (m->kind == MCK_MODEL_DYNAMICAL) PetscCall(MckOptionsReal("-model_dt", "Model time step (RK4)", m->dt, &m->dt, NULL));
  if (m->ops.setfromoptions) PetscCall((*m->ops.setfromoptions)(m, PetscOptionsObject));
  PetscOptionsEnd();
  if (m->kind == MCK_MODEL_DYNAMICAL) PetscCall(McKeanCheckPositive(m->comm, "-model_dt", m->dt));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelSetUp(MckModel m)
{
  PetscFunctionBeginUser;
  if (m->setup) PetscFunctionReturn(0);
  if (!m->type[0]) PetscCall(MckModelSetType(m, "lorenz96"));
  if (m->ops.setup) PetscCall((*m->ops.setup)(m));
  m->setup = PETSC_TRUE;
  if (m->kind == MCK_MODEL_DYNAMICAL) {
    PetscCall(MckModelCreateStateVec(m, &m->xs));
    for (int s = 0; s < 4; s++) PetscCall(VecDuplicate(m->xs, &m->k[s]));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckSetUp(MckModel m, const char caller[])
{
  PetscFunctionBeginUser;
  PetscCheck(m, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "%s: null MckModel", caller);
  PetscCheck(m->setup, m->comm, PETSC_ERR_ORDER, "%s: call MckModelSetUp() first", caller);
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelCheckType(MckModel m, const char type[], const char caller[])
{
  PetscBool same;

  PetscFunctionBeginUser;
  PetscCall(PetscStrcmp(m->type, type, &same));
  PetscCheck(same, m->comm, PETSC_ERR_ARG_WRONG, "%s: needs a %s model, not %s", caller, type, m->type[0] ? m->type : "(no type)");
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelGetKind(MckModel m, MckModelKind *kind)
{
  PetscFunctionBeginUser;
  PetscCheck(m->type[0], m->comm, PETSC_ERR_ORDER, "MckModelGetKind: set the type first");
  *kind = m->kind;
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelGetType(MckModel m, const char **type)
{
  PetscFunctionBeginUser;
  *type = m->type;
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelGetComm(MckModel m, MPI_Comm *comm)
{
  PetscFunctionBeginUser;
  *comm = m->comm;
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelGetSizes(MckModel m, PetscInt *n, PetscInt *ndata)
{
  PetscFunctionBeginUser;
  PetscCall(CheckSetUp(m, "MckModelGetSizes"));
  if (n) *n = m->n;
  if (ndata) *ndata = m->ndata;
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelCreateStateVec(MckModel m, Vec *x)
{
  PetscFunctionBeginUser;
  PetscCall(CheckSetUp(m, "MckModelCreateStateVec"));
  if (m->ops.createstatevec) PetscCall((*m->ops.createstatevec)(m, x));
  else PetscCall(VecCreateMPI(m->comm, PETSC_DECIDE, m->n, x));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelCreateDataVec(MckModel m, Vec *g)
{
  PetscFunctionBeginUser;
  PetscCall(CheckSetUp(m, "MckModelCreateDataVec"));
  if (m->ops.createdatavec) PetscCall((*m->ops.createdatavec)(m, g));
  else PetscCall(VecCreateMPI(m->comm, PETSC_DECIDE, m->ndata, g));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelGetTimeStep(MckModel m, PetscReal *dt)
{
  PetscFunctionBeginUser;
  PetscCheck(m->kind == MCK_MODEL_DYNAMICAL, m->comm, PETSC_ERR_ARG_WRONG, "MckModelGetTimeStep: %s is not a dynamical model", m->type);
  *dt = m->dt;
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelVecNonFinite(Vec x, PetscBool *failed)
{
  const PetscScalar *a;
  PetscInt           n;
  PetscBool          bad = PETSC_FALSE;
  MPI_Comm           comm;

  PetscFunctionBeginUser;
  PetscCall(VecGetLocalSize(x, &n));
  PetscCall(VecGetArrayRead(x, &a));
  for (PetscInt i = 0; i < n && !bad; i++) bad = PetscIsInfOrNanScalar(a[i]) ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(VecRestoreArrayRead(x, &a));
  PetscCall(PetscObjectGetComm((PetscObject)x, &comm));
  PetscCall(MPIU_Allreduce(&bad, failed, 1, MPIU_BOOL, MPI_LOR, comm));
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
  PetscCall((*m->ops.rhs)(m, t, x, m->k[0]));
  PetscCall(RK4Stage(x, 0.5 * h, m->k[0], m->xs));
  PetscCall((*m->ops.rhs)(m, t + 0.5 * h, m->xs, m->k[1]));
  PetscCall(RK4Stage(x, 0.5 * h, m->k[1], m->xs));
  PetscCall((*m->ops.rhs)(m, t + 0.5 * h, m->xs, m->k[2]));
  PetscCall(RK4Stage(x, h, m->k[2], m->xs));
  PetscCall((*m->ops.rhs)(m, t + h, m->xs, m->k[3]));
  PetscCall(RK4Combine(m, x));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelAdvance(MckModel m, PetscReal t, PetscInt nsteps, Vec x, PetscBool *failed)
{
  PetscFunctionBeginUser;
  PetscCall(CheckSetUp(m, "MckModelAdvance"));
  PetscCheck(m->kind == MCK_MODEL_DYNAMICAL && m->ops.rhs, m->comm, PETSC_ERR_ARG_WRONG, "MckModelAdvance: %s is not a dynamical model", m->type);
  PetscCheck(nsteps >= 0, m->comm, PETSC_ERR_ARG_OUTOFRANGE, "MckModelAdvance: negative step count %" PetscInt_FMT, nsteps);
  PetscCall(PetscLogEventBegin(MCK_EVENT_ModelAdvance, 0, 0, 0, 0));
  /* a non-finite state stays non-finite under RK4, so one check at the end suffices */
  for (PetscInt s = 0; s < nsteps; s++) PetscCall(RK4Step(m, t + s * m->dt, x));
  PetscCall(MckModelVecNonFinite(x, failed));
  PetscCall(PetscLogEventEnd(MCK_EVENT_ModelAdvance, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelForward(MckModel m, Vec u, Vec g, PetscBool *failed)
{
  PetscBool bad;

  PetscFunctionBeginUser;
  PetscCall(CheckSetUp(m, "MckModelForward"));
  PetscCheck(m->kind == MCK_MODEL_INVERSE && m->ops.forward, m->comm, PETSC_ERR_ARG_WRONG, "MckModelForward: %s is not an inverse model", m->type);
  PetscCall(PetscLogEventBegin(MCK_EVENT_ModelForward, 0, 0, 0, 0));
  PetscCall((*m->ops.forward)(m, u, g, failed));
  PetscCall(MckModelVecNonFinite(g, &bad));
  *failed = (PetscBool)(*failed || bad);
  PetscCall(PetscLogEventEnd(MCK_EVENT_ModelForward, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelGetPhysicalField(MckModel m, Vec u, Vec *field, DM *dm)
{
  PetscFunctionBeginUser;
  PetscCall(CheckSetUp(m, "MckModelGetPhysicalField"));
  *field = NULL;
  if (dm) *dm = NULL;
  if (m->ops.physicalfield) PetscCall((*m->ops.physicalfield)(m, u, field, dm));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelConfig(MckModel m, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(CheckSetUp(m, "MckModelConfig"));
  PetscCall(MckIOConfigString(io, check, "-model_type", m->type));
  if (m->kind == MCK_MODEL_DYNAMICAL) PetscCall(MckIOConfigReals(io, check, "-model_dt", 1, &m->dt));
  if (m->ops.config) PetscCall((*m->ops.config)(m, io, check));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelView(MckModel m, PetscViewer viewer)
{
  PetscBool ascii;
  char      dt[32];

  PetscFunctionBeginUser;
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(m->comm, &viewer));
  PetscCall(PetscObjectTypeCompare((PetscObject)viewer, PETSCVIEWERASCII, &ascii));
  if (!ascii) PetscFunctionReturn(0);
  PetscCall(PetscViewerASCIIPrintf(viewer, "MckModel %s (%s): n = %" PetscInt_FMT ", ndata = %" PetscInt_FMT, m->type, m->kind == MCK_MODEL_DYNAMICAL ? "dynamical" : "inverse", m->n, m->ndata));
  if (m->kind == MCK_MODEL_DYNAMICAL) PetscCall(PetscViewerASCIIPrintf(viewer, ", dt = %s", McKeanFormatReal(m->dt, dt, sizeof(dt))));
  PetscCall(PetscViewerASCIIPrintf(viewer, "\n"));
  if (m->ops.view) {
    PetscCall(PetscViewerASCIIPushTab(viewer));
    PetscCall((*m->ops.view)(m, viewer));
    PetscCall(PetscViewerASCIIPopTab(viewer));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelDestroy(MckModel *m)
{
  PetscFunctionBeginUser;
  if (!m || !*m) PetscFunctionReturn(0);
  PetscCall(MckModelResetType(*m));
  PetscCall(VecDestroy(&(*m)->xs));
  for (int s = 0; s < 4; s++) PetscCall(VecDestroy(&(*m)->k[s]));
  PetscCall(PetscFree(*m));
  PetscFunctionReturn(0);
}
