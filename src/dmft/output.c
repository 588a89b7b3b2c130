/* MckDMFTWrite: the /dmft group of the run file and the iteration history. Every dataset is a
 * function of the options and the seed (no timings here). */
#include "dmft/dmftimpl.h"

static PetscErrorCode WriteAttributes(MckDMFT d, MckIO io)
{
  PetscFunctionBeginUser;
  PetscCall(MckIOWriteAttributeString(io, "/dmft", "model", "scs"));
  PetscCall(MckIOWriteAttributeString(io, "/dmft", "solver", d->solver_name));
  PetscCall(MckIOWriteAttributeString(io, "/dmft", "activation", d->act_name));
  PetscCall(MckIOWriteAttributeReal(io, "/dmft", "g", d->g));
  PetscCall(MckIOWriteAttributeReal(io, "/dmft", "noise", d->noise));
  PetscCall(MckIOWriteAttributeReal(io, "/dmft", "input", d->input));
  PetscCall(MckIOWriteAttributeReal(io, "/dmft", "dt", d->dt));
  PetscCall(MckIOWriteAttributeReal(io, "/dmft", "burn_in", d->burn_in));
  PetscCall(MckIOWriteAttributeInt(io, "/dmft", "steps", d->T));
  PetscCall(MckIOWriteAttributeInt(io, "/dmft", "population", d->solve == MckDMFTSolve_Network ? d->network_n : d->population));
  PetscCall(MckIOWriteAttributeReal(io, "/dmft", "delta0", d->delta[0]));
  PetscCall(MckIOWriteAttributeInt(io, "/dmft", "iterations", d->its));
  PetscCall(MckIOWriteAttributeReal(io, "/dmft", "residual", d->residual));
  PetscCall(MckIOWriteAttributeInt(io, "/dmft", "converged", d->converged));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTWrite(MckDMFT d, MckIO io)
{
  const PetscInt64 dims[2] = {d->T, d->T}, ldims[1] = {d->lags};
  PetscReal       *tau;

  PetscFunctionBeginUser;
  PetscCheck(d->solved, d->comm, PETSC_ERR_ARG_WRONGSTATE, "MckDMFTWrite: call MckDMFTSolve() first");
  PetscCall(PetscLogEventBegin(MCK_EVENT_IOWrite, 0, 0, 0, 0));
  PetscCall(MckIOWriteArray(io, "/dmft/C_x", 2, dims, d->cx));
  PetscCall(MckIOWriteArray(io, "/dmft/C_phi", 2, dims, d->cphi));
  PetscCall(PetscMalloc1(d->lags, &tau));
  for (PetscInt k = 0; k < d->lags; k++) tau[k] = k * d->dt;
  PetscCall(MckIOWriteArray(io, "/dmft/tau", 1, ldims, tau));
  PetscCall(MckIOWriteArray(io, "/dmft/delta", 1, ldims, d->delta));
  PetscCall(PetscFree(tau));
  PetscCall(WriteAttributes(d, io));
  PetscCall(MckSeriesFlush(d->history, io));
  PetscCall(PetscLogEventEnd(MCK_EVENT_IOWrite, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
