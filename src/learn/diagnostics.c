/* Diagnostics of a trained network: training loss on all samples, teacher alignment and a
 * per-neuron summary for snapshots. None of them feeds back into the dynamics, but they go into
 * run files that must not depend on the rank count, so the alignment is a chunk-sum through its
 * own MckStats like every other statistic. */
#include "learn/mfnetimpl.h"
#include <math.h>

/*@C
  MckMFNetEvaluateTrain - Data loss plus penalty of the current parameters on all P training
  samples (also when the steps see mini-batches).

  Collective

  Input Parameter:
. net - the network (particles are neurons), set up

  Output Parameter:
. loss - the training loss

  Level: intermediate

.seealso: `MckMFNetEvaluateTest()`, `MckMFNetGetLoss()`
@*/
PetscErrorCode MckMFNetEvaluateTrain(MckMFNet net, PetscReal *loss)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetCheckNetwork(net, "MckMFNetEvaluateTrain"));
  if (net->mb) { /* the step's pass sees a mini-batch: use the full-data pass */
    PetscCall(MckMFNetPassForward(net, &net->trpass));
    *loss = net->trpass.loss_data + net->trpass.loss_pen;
  } else {
    PetscCall(MckMFNetEvaluate(net, PETSC_FALSE));
    *loss = net->loss;
  }
  PetscFunctionReturn(0);
}

/* |P_U w| / |w| of one neuron (U: kdir orthogonal rows with |u_j|^2 = d); 0 for w = 0 */
static PetscReal Alignment(MckMFNet net, const PetscReal w[])
{
  const PetscInt d  = net->d;
  PetscReal      w2 = 0, p2 = 0;

  for (PetscInt c = 0; c < d; c++) w2 += w[c] * w[c];
  for (PetscInt j = 0; j < net->kdir; j++) {
    const PetscReal *u   = net->u + (size_t)j * d;
    PetscReal        dot = 0;
    for (PetscInt c = 0; c < d; c++) dot += u[c] * w[c];
    p2 += dot * dot / (PetscReal)d;
  }
  return w2 > 0 ? PetscSqrtReal(p2 / w2) : 0.0;
}

/*@C
  MckMFNetGetAlignment - Teacher alignment: the mean over neurons of |P_U w_i| / |w_i|, P_U the
  orthogonal projector on the teacher subspace (1: every neuron's weights lie in it; about
  sqrt(k/d) for random w). NaN without a teacher (data from a file). Reproducible (chunk sums).

  Collective

  Input Parameter:
. net - the network (particles are neurons), set up

  Output Parameter:
. alignment - the alignment

  Level: intermediate

.seealso: `MckMFNetGetTeacher()`, `MckMFNetRecord()`
@*/
PetscErrorCode MckMFNetGetAlignment(MckMFNet net, PetscReal *alignment)
{
  const PetscReal *sums;

  PetscFunctionBeginUser;
  PetscCall(MckMFNetCheckNetwork(net, "MckMFNetGetAlignment"));
  if (!net->kdir) {
    *alignment = NAN;
    PetscFunctionReturn(0);
  }
  PetscCall(MckStatsZero(net->diag));
  for (PetscInt c = 0; c < net->nchunks; c++) {
    PetscInt  off, n;
    PetscReal part = 0;
    MckMFNetChunk(net, c, &off, &n);
    for (PetscInt i = 0; i < n; i++) part += Alignment(net, net->theta + (size_t)(off + i) * net->D);
    PetscCall(MckStatsAdd(net->diag, 0, 1, &part));
  }
  PetscCall(MckStatsReduce(net->diag));
  PetscCall(MckStatsGetSums(net->diag, &sums));
  *alignment = sums[0] / (PetscReal)net->N;
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetGetNeuronSummary - A per-neuron summary for snapshots: ncomp = k + 2 columns,
  (w.u_j)/sqrt(d) for j < k (the overlap with each unit teacher direction), |w|, a; for cbo the
  D coordinates of the particles.

  Not Collective

  Input Parameter:
. net - the network, set up

  Output Parameters:
+ ncomp - the number of columns
- comp  - comp[c][i] for the local neurons i (may be NULL to query ncomp only)

  Level: intermediate

.seealso: `MckMFNetAppendSnapshot()`
@*/
PetscErrorCode MckMFNetGetNeuronSummary(MckMFNet net, PetscInt *ncomp, PetscReal *const comp[])
{
  const PetscInt d = net->d, k = net->kdir, D = net->D;

  PetscFunctionBeginUser;
  PetscCall(MckMFNetCheckSetUp(net, "MckMFNetGetNeuronSummary"));
  *ncomp = net->ops->network ? k + 2 : D;
  if (!comp) PetscFunctionReturn(0);
  if (!net->ops->network) {
    for (PetscInt i = 0; i < net->nlocal; i++)
      for (PetscInt c = 0; c < D; c++) comp[c][i] = net->theta[(size_t)i * D + c];
    PetscFunctionReturn(0);
  }
  for (PetscInt i = 0; i < net->nlocal; i++) {
    const PetscReal *w  = net->theta + (size_t)i * D;
    PetscReal        w2 = 0;
    for (PetscInt j = 0; j < k; j++) {
      PetscReal dot = 0;
      for (PetscInt c = 0; c < d; c++) dot += net->u[(size_t)j * d + c] * w[c];
      comp[j][i] = dot / PetscSqrtReal((PetscReal)d);
    }
    for (PetscInt c = 0; c < d; c++) w2 += w[c] * w[c];
    comp[k][i]     = PetscSqrtReal(w2);
    comp[k + 1][i] = w[d + 1];
  }
  PetscFunctionReturn(0);
}
