/* What a run observes of a network: a row of its time series (losses, teacher alignment) and a
 * snapshot of the per-neuron summary. Every number is reduced reproducibly, so the run file does
 * not depend on the rank count. */
#include "learn/mfnetimpl.h"
#include <math.h> /* NAN: no value (no test set, no teacher, or cbo) */

/*@C
  MckMFNetCreateSeries - The time series of the network's observations, "mfnn": step, t,
  train_loss, test_loss, alignment (one row per `MckMFNetRecord()`).

  Collective

  Input Parameter:
. net - the network

  Output Parameter:
. series - the series (the caller destroys it)

  Level: intermediate

.seealso: `MckMFNetRecord()`, `MckRunAddSeries()`
@*/
PetscErrorCode MckMFNetCreateSeries(MckMFNet net, MckSeries *series)
{
  const char *cols[] = {"step", "t", "train_loss", "test_loss", "alignment"};

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(net, MCK_MFNET_CLASSID, 1);
  PetscCall(MckSeriesCreate(net->comm, "mfnn", 5, cols, series));
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetRecord - Appends a row for the current state: step, t, the training loss of the current
  parameters on all samples, the test loss and the teacher alignment (NaN without a test set or
  teacher); for cbo the loss column is E at the consensus point of the last step (NaN before the
  first) and the others are NaN.

  Collective

  Input Parameters:
+ net    - the network, set up
- series - a series from `MckMFNetCreateSeries()`

  Output Parameters:
+ name  - the name of the headline number, "loss" (may be NULL)
- value - the loss column of the row (may be NULL)

  Level: intermediate

.seealso: `MckMFNetCreateSeries()`, `MckRunSetHeadline()`
@*/
PetscErrorCode MckMFNetRecord(MckMFNet net, MckSeries series, const char **name, PetscReal *value)
{
  PetscReal row[5] = {0, 0, NAN, NAN, NAN};

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(net, MCK_MFNET_CLASSID, 1);
  row[0] = (PetscReal)net->step;
  row[1] = (PetscReal)net->step * net->dt;
  if (net->ops->network) {
    PetscCall(MckMFNetEvaluateTrain(net, &row[2]));
    if (net->Pt) PetscCall(MckMFNetEvaluateTest(net, &row[3]));
    PetscCall(MckMFNetGetAlignment(net, &row[4]));
  } else if (net->step > 0) row[2] = net->loss;
  PetscCall(MckSeriesAppend(series, row));
  if (name) *name = "loss";
  if (value) *value = row[2];
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetAppendSnapshot - Appends the per-neuron summary of the current state to a snapshot
  series in the file, (nsnap, N, ncomp) in global-id order (`MckMFNetGetNeuronSummary()`).

  Collective

  Input Parameters:
+ net  - the network, set up
. io   - the run file, open for writing
- dset - the dataset, e.g. "/learn/snapshots"

  Level: intermediate

.seealso: `MckMFNetGetNeuronSummary()`, `MckIOAppendRows()`
@*/
PetscErrorCode MckMFNetAppendSnapshot(MckMFNet net, MckIO io, const char dset[])
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetCheckSetUp(net, "MckMFNetAppendSnapshot"));
  if (!net->comp) {
    PetscCall(MckMFNetGetNeuronSummary(net, &net->ncomp, NULL));
    PetscCall(PetscMalloc2(net->ncomp, &net->comp, (size_t)net->ncomp * net->nlocal + 1, &net->compbuf));
    for (PetscInt c = 0; c < net->ncomp; c++) net->comp[c] = net->compbuf + (size_t)c * net->nlocal;
  }
  PetscCall(MckMFNetGetNeuronSummary(net, &net->ncomp, net->comp));
  PetscCall(MckIOAppendRows(io, dset, net->N, net->gstart, net->nlocal, net->ncomp, net->comp));
  PetscFunctionReturn(0);
}
