/* MckMFNet accessors: the loss, the step, the particles and their gradient, the data, the
 * teacher, the test set and the network output. */
#include "learn/mfnetimpl.h"

PetscErrorCode MckMFNetCheckSetUp(MckMFNet net, const char caller[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(net, MCK_MFNET_CLASSID, 1);
  PetscCheck(net->setup, net->comm, PETSC_ERR_ORDER, "MckMFNetSetUp() must come before %s()", caller);
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetCheckNetwork(MckMFNet net, const char caller[])
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetCheckSetUp(net, caller));
  PetscCheck(net->ops->network, net->comm, PETSC_ERR_ARG_WRONG, "%s(): the particles of %s %s are not network neurons",
             caller, McKeanOptionName((PetscObject)net, "-mfnet_dynamics"), ((PetscObject)net)->type_name);
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetGetLoss - L_N from the last forward pass: mfld, the state before the last step; umfld,
  the state after it; or the state at the last `MckMFNetEvaluate()`. cbo: E(m) at the consensus
  point of the last step (computed from the particles before their update); fedavg: the weighted
  loss of the clients at the last round. Identical on every rank.

  Not Collective

  Input Parameter:
. net - the network

  Output Parameter:
. loss - the loss

  Level: beginner

.seealso: `MckMFNetEvaluate()`, `MckMFNetEvaluateTrain()`
@*/
PetscErrorCode MckMFNetGetLoss(MckMFNet net, PetscReal *loss)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(net, MCK_MFNET_CLASSID, 1);
  *loss = net->loss;
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetGetStep - The steps done and the steps of the run (-mfnet_steps).

  Not Collective

  Input Parameter:
. net - the network

  Output Parameters:
+ step   - steps done (may be NULL)
- nsteps - steps of the run (may be NULL)

  Level: intermediate

.seealso: `MckMFNetSetStep()`, `MckMFNetStep()`
@*/
PetscErrorCode MckMFNetGetStep(MckMFNet net, PetscInt64 *step, PetscInt *nsteps)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(net, MCK_MFNET_CLASSID, 1);
  if (step) *step = net->step;
  if (nsteps) *nsteps = net->steps;
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetGetTimeStep - The time step dt (-mfnet_dt).

  Not Collective

  Input Parameter:
. net - the network

  Output Parameter:
. dt - the time step

  Level: intermediate

.seealso: `MckMFNetGetStep()`
@*/
PetscErrorCode MckMFNetGetTimeStep(MckMFNet net, PetscReal *dt)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(net, MCK_MFNET_CLASSID, 1);
  *dt = net->dt;
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetIsNetwork - Whether the particles are network neurons (mfld, umfld, fedavg) or points
  of a cbo objective.

  Not Collective

  Input Parameter:
. net - the network, with its dynamics set

  Output Parameter:
. network - `PETSC_TRUE` for neurons

  Level: intermediate

.seealso: `MckMFNetSetType()`
@*/
PetscErrorCode MckMFNetIsNetwork(MckMFNet net, PetscBool *network)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(net, MCK_MFNET_CLASSID, 1);
  PetscCheck(((PetscObject)net)->type_name, net->comm, PETSC_ERR_ORDER,
             "MckMFNetSetType() or MckMFNetSetFromOptions() must come before MckMFNetIsNetwork()");
  *network = net->ops->network;
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetGetParticles - The local particles: nlocal rows of length D (a neuron: D = d + 2,
  layout w_1..w_d, b, a), row-major, the first with global id gstart. The array may be modified
  (then call `MckMFNetEvaluate()`).

  Not Collective

  Input Parameter:
. net - the network, set up

  Output Parameters:
+ N      - particles on all ranks (may be NULL)
. D      - row length (may be NULL)
. nlocal - local particles (may be NULL)
. gstart - global id of the first local particle (may be NULL)
- theta  - the rows (may be NULL)

  Level: intermediate

.seealso: `MckMFNetGetGradient()`
@*/
PetscErrorCode MckMFNetGetParticles(MckMFNet net, PetscInt64 *N, PetscInt *D, PetscInt *nlocal, PetscInt64 *gstart,
                                    PetscReal **theta)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetCheckSetUp(net, "MckMFNetGetParticles"));
  if (N) *N = net->N;
  if (D) *D = net->D;
  if (nlocal) *nlocal = net->nlocal;
  if (gstart) *gstart = net->gstart;
  if (theta) *theta = net->theta;
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetGetGradient - G(theta_i) = N grad_{theta_i} L_N of the local neurons (the layout of
  the particles), from the last `MckMFNetEvaluate()` with the gradient.

  Not Collective

  Input Parameter:
. net - the network (particles are neurons), set up

  Output Parameter:
. grad - nlocal rows of length D

  Level: intermediate

.seealso: `MckMFNetEvaluate()`, `MckMFNetGetParticles()`
@*/
PetscErrorCode MckMFNetGetGradient(MckMFNet net, const PetscReal **grad)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetCheckNetwork(net, "MckMFNetGetGradient"));
  *grad = net->grad;
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetGetData - The training data, identical on every rank (P = 0 for a cbo objective that
  uses no data).

  Not Collective

  Input Parameter:
. net - the network, set up

  Output Parameters:
+ P - samples (may be NULL)
. d - input dimension (may be NULL)
. X - P x d inputs, row-major (may be NULL)
. y - P targets (may be NULL)
- u - the first teacher direction, d values (may be NULL)

  Level: intermediate

.seealso: `MckMFNetGetTeacher()`, `MckMFNetGetTestData()`
@*/
PetscErrorCode MckMFNetGetData(MckMFNet net, PetscInt *P, PetscInt *d, const PetscReal **X, const PetscReal **y,
                               const PetscReal **u)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetCheckSetUp(net, "MckMFNetGetData"));
  if (P) *P = net->P;
  if (d) *d = net->d;
  if (X) *X = net->X;
  if (y) *y = net->y;
  if (u) *u = net->u;
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetGetTeacher - The teacher directions: k rows of length d, orthogonal, |u_j|^2 = d
  (k = 0 for data from a file).

  Not Collective

  Input Parameter:
. net - the network, set up

  Output Parameters:
+ k - directions (may be NULL)
- U - k x d, row-major (may be NULL)

  Level: intermediate

.seealso: `MckMFNetGetData()`, `MckMFNetGetAlignment()`
@*/
PetscErrorCode MckMFNetGetTeacher(MckMFNet net, PetscInt *k, const PetscReal **U)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetCheckSetUp(net, "MckMFNetGetTeacher"));
  if (k) *k = net->needs_data ? net->kdir : 0;
  if (U) *U = net->u;
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetGetTestSize - The number of held-out test samples (-mfnet_test_size).

  Not Collective

  Input Parameter:
. net - the network

  Output Parameter:
. Pt - test samples

  Level: intermediate

.seealso: `MckMFNetEvaluateTest()`
@*/
PetscErrorCode MckMFNetGetTestSize(MckMFNet net, PetscInt *Pt)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(net, MCK_MFNET_CLASSID, 1);
  *Pt = net->Pt;
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetGetTestData - The held-out test samples, identical on every rank.

  Not Collective

  Input Parameter:
. net - the network, set up

  Output Parameters:
+ X - Pt x d inputs, row-major (may be NULL)
- y - Pt targets (may be NULL)

  Level: intermediate

.seealso: `MckMFNetGetTestSize()`, `MckMFNetEvaluateTest()`
@*/
PetscErrorCode MckMFNetGetTestData(MckMFNet net, const PetscReal **X, const PetscReal **y)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetCheckSetUp(net, "MckMFNetGetTestData"));
  if (X) *X = net->Xtest;
  if (y) *y = net->yt;
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetEvaluateTest - The data loss (1/2Pt) sum (f - y)^2 of the current parameters on the
  test samples (one reproducible reduction of Pt + 1 sums).

  Collective

  Input Parameter:
. net - the network (particles are neurons), set up, with test samples

  Output Parameter:
. loss - the test loss

  Level: intermediate

.seealso: `MckMFNetEvaluateTrain()`, `MckMFNetGetTestSize()`
@*/
PetscErrorCode MckMFNetEvaluateTest(MckMFNet net, PetscReal *loss)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetCheckNetwork(net, "MckMFNetEvaluateTest"));
  PetscCheck(net->Pt > 0, net->comm, PETSC_ERR_ARG_WRONGSTATE, "MckMFNetEvaluateTest(): no test set (%s 0)",
             McKeanOptionName((PetscObject)net, "-mfnet_test_size"));
  PetscCall(MckMFNetPassForward(net, &net->tpass));
  *loss = net->tpass.loss_data;
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetGetOutput - The network output f(x_mu) from the last forward pass (P values, or the m
  of the step's mini-batch), identical on every rank.

  Not Collective

  Input Parameter:
. net - the network

  Output Parameter:
. f - the output, owned by net

  Level: intermediate

.seealso: `MckMFNetEvaluate()`
@*/
PetscErrorCode MckMFNetGetOutput(MckMFNet net, const PetscReal **f)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(net, MCK_MFNET_CLASSID, 1);
  *f = net->f;
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetGetConsensus - The consensus point m of the last step of cbo (D values, identical on
  every rank).

  Not Collective

  Input Parameter:
. net - the network (dynamics cbo), set up

  Output Parameter:
. m - the consensus point, owned by net

  Level: intermediate

.seealso: `MCKMFNET_CBO`, `MckMFNetGetLoss()`
@*/
PetscErrorCode MckMFNetGetConsensus(MckMFNet net, const PetscReal **m)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetCheckSetUp(net, "MckMFNetGetConsensus"));
  PetscUseMethod(net, "MckMFNetGetConsensus_C", (MckMFNet, const PetscReal **), (net, m));
  PetscFunctionReturn(0);
}
