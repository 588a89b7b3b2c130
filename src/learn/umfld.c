/* Underdamped mean-field Langevin dynamics: every neuron has a velocity (unit mass) and
 *   d theta_i = v_i dt,   d v_i = -G(theta_i) dt - gamma v_i dt + sqrt(2 gamma tau) dW_i,
 * G = N grad_{theta_i} L_N (mckmfnet.h), integrated by the BAOAB splitting (Leimkuhler-Matthews):
 *   B  v <- v - (dt/2) G(theta)        A  theta <- theta + (dt/2) v
 *   O  v <- e^{-gamma dt} v + sqrt(tau (1 - e^{-2 gamma dt})) xi
 *   A  theta <- theta + (dt/2) v       [forward pass: G at the new theta]   B  v <- v - (dt/2) G
 * The force at the end of a step is the force at the start of the next, so a step costs one
 * forward pass and one collective (the first step adds one). Stationary law: exp(-N L_N/tau)
 * in theta times N(0, tau) in v; for a quadratic L_N the theta-marginal of BAOAB is exact for
 * any stable dt. Velocities start from their stationary (Maxwell) law N(0, tau) on the trained
 * components (0 at tau = 0): draws D..2D-1 of stream = global id at MCK_RNG_STEP_INIT (the
 * positions use draws 0..D-1); xi is draws 0..D-1 of stream = global id at the step.
 * If the caller changes the parameters between steps, MckMFNetEvaluate(net, PETSC_TRUE) must be
 * called before the next step so that the stored force is current. */
#include "learn/mfnetimpl.h"
#include <mckean/mckparticles.h> /* MCK_RNG_STEP_INIT */

typedef struct {
  PetscReal  gamma;
  PetscReal *v;
  PetscBool  have_force;
} UMFLD;

static PetscErrorCode SetFromOptions_UMFLD(MckMFNet net, PetscOptionItems *PetscOptionsObject)
{
  UMFLD *u = (UMFLD *)net->data;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsReal("-mfnet_gamma", "Friction gamma of underdamped mean-field Langevin (unit mass)", u->gamma,
                           &u->gamma, NULL));
  PetscCall(McKeanCheckPositive(net->comm, MckOptName("-mfnet_gamma"), u->gamma));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_UMFLD(MckMFNet net)
{
  UMFLD *u = (UMFLD *)net->data;

  PetscFunctionBeginUser;
  PetscCall(PetscCalloc1((size_t)net->nchunks * net->B * net->D + 1, &u->v));
  PetscFunctionReturn(0);
}

/* Maxwell velocities at the temperature: v ~ N(0, tau) per trained component. */
static PetscErrorCode SetUpData_UMFLD(MckMFNet net)
{
  UMFLD          *u = (UMFLD *)net->data;
  const PetscInt  D = net->D, k0 = net->train_features ? 0 : D - 1;
  const PetscReal s = PetscSqrtReal(net->tau);

  PetscFunctionBeginUser;
  if (net->tau == 0) PetscFunctionReturn(0);
  for (PetscInt c = 0; c < net->nchunks; c++) {
    PetscInt off, n;
    MckMFNetChunk(net, c, &off, &n);
    PetscCall(MckRNGNormals(net->rng, net->gstart + off, n, MCK_RNG_STEP_INIT, D, D, net->noiseptr));
    for (PetscInt i = 0; i < n; i++)
      for (PetscInt k = k0; k < D; k++) u->v[(size_t)(off + i) * D + k] = s * net->noiseptr[k][i];
  }
  PetscFunctionReturn(0);
}

/* Checkpoint state beyond theta, written or read: the velocities and the force of the last half
 * kick (so that a restart does not recompute it, possibly on another mini-batch) as
 * <group>/velocity and <group>/force. */
static PetscErrorCode TransferState(MckMFNet net, UMFLD *u, MckIO io, const char group[], PetscBool write)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetTransferRows(net, io, group, "velocity", net->D, u->v, write));
  PetscCall(MckMFNetTransferRows(net, io, group, "force", net->D, net->grad, write));
  PetscFunctionReturn(0);
}

static PetscErrorCode Write_UMFLD(MckMFNet net, MckIO io, const char group[])
{
  UMFLD *u = (UMFLD *)net->data;

  PetscFunctionBeginUser;
  PetscCall(TransferState(net, u, io, group, PETSC_TRUE));
  PetscCall(MckIOWriteAttributeInt(io, group, "umfld_have_force", u->have_force));
  PetscFunctionReturn(0);
}

static PetscErrorCode Read_UMFLD(MckMFNet net, MckIO io, const char group[])
{
  UMFLD     *u = (UMFLD *)net->data;
  PetscInt64 have;
  PetscBool  found;

  PetscFunctionBeginUser;
  PetscCall(TransferState(net, u, io, group, PETSC_FALSE));
  PetscCall(MckIOReadAttributeInt(io, group, "umfld_have_force", &have, &found));
  u->have_force = (PetscBool)(found && have);
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_UMFLD(MckMFNet net, MckIO io, PetscBool check)
{
  UMFLD *u = (UMFLD *)net->data;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)net, "-mfnet_gamma"), 1, &u->gamma));
  PetscFunctionReturn(0);
}

/* v <- v - h G on the trained components of every local neuron */
static void Kick(MckMFNet net, UMFLD *u, PetscReal h)
{
  const PetscInt D = net->D, k0 = net->train_features ? 0 : D - 1;

  for (PetscInt i = 0; i < net->nlocal; i++)
    for (PetscInt k = k0; k < D; k++) u->v[i * D + k] -= h * net->grad[i * D + k];
}

static PetscErrorCode Step_UMFLD(MckMFNet net)
{
  UMFLD          *u = (UMFLD *)net->data;
  const PetscInt  D = net->D, k0 = net->train_features ? 0 : D - 1;
  const PetscReal h = 0.5 * net->dt, c1 = PetscExpReal(-u->gamma * net->dt),
                  c2 = PetscSqrtReal(net->tau * (1 - c1 * c1));

  PetscFunctionBeginUser;
  if (!u->have_force) PetscCall(MckMFNetEvaluate(net, PETSC_TRUE));
  u->have_force = PETSC_TRUE;
  PetscCall(PetscLogEventBegin(MCK_EVENT_MFNetIntegrate, 0, 0, 0, 0));
  Kick(net, u, h);
  for (PetscInt c = 0; c < net->nchunks; c++) {
    PetscInt   off, n;
    PetscReal *th, *v;
    MckMFNetChunk(net, c, &off, &n);
    th = net->theta + (size_t)off * D;
    v  = u->v + (size_t)off * D;
    if (net->tau > 0) PetscCall(MckRNGNormals(net->rng, net->gstart + off, n, net->step, 0, D, net->noiseptr));
    for (PetscInt i = 0; i < n; i++)
      for (PetscInt k = k0; k < D; k++) {
        th[i * D + k] += h * v[i * D + k];
        v[i * D + k] = c1 * v[i * D + k] + (net->tau > 0 ? c2 * net->noiseptr[k][i] : 0.0);
        th[i * D + k] += h * v[i * D + k];
      }
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_MFNetIntegrate, 0, 0, 0, 0));
  PetscCall(MckMFNetEvaluate(net, PETSC_TRUE));
  Kick(net, u, h);
  PetscFunctionReturn(0);
}

static PetscErrorCode View_UMFLD(MckMFNet net, PetscViewer viewer)
{
  const UMFLD *u = (const UMFLD *)net->data;

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "umfld: BAOAB, friction gamma %g, unit mass; one collective of %" PetscInt_FMT " statistics per step\n",
      (double)u->gamma, net->Pb + 1));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_UMFLD(MckMFNet net)
{
  UMFLD *u = (UMFLD *)net->data;

  PetscFunctionBeginUser;
  if (!u) PetscFunctionReturn(0);
  PetscCall(PetscFree(u->v));
  PetscCall(PetscFree(net->data));
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetCreate_UMFLD(MckMFNet net)
{
  UMFLD *u;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&u));
  u->gamma                 = 1.0;
  net->data                = u;
  net->ops->setfromoptions = SetFromOptions_UMFLD;
  net->ops->setup          = SetUp_UMFLD;
  net->ops->setupdata      = SetUpData_UMFLD;
  net->ops->config         = Config_UMFLD;
  net->ops->write          = Write_UMFLD;
  net->ops->read           = Read_UMFLD;
  net->ops->step           = Step_UMFLD;
  net->ops->view           = View_UMFLD;
  net->ops->destroy        = Destroy_UMFLD;
  net->ops->network        = PETSC_TRUE;
  net->ops->minibatches    = PETSC_TRUE;
  PetscFunctionReturn(0);
}
