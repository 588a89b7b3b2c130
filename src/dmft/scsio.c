/* The result of a finished scs solve in a group of a file (the /dmft group of the run file, or a
 * checkpoint written at the last step), and back. Every dataset is a function of the options and
 * the seed (no timings here). */
#include "dmft/dmftimpl.h"

static PetscErrorCode WriteAttributes(MckSCS s, MckIO io, const char group[])
{
  PetscFunctionBeginUser;
  PetscCall(MckIOWriteAttributeString(io, group, "model", MCKDMFT_SCS));
  PetscCall(MckIOWriteAttributeString(io, group, "solver", s->solver_name));
  PetscCall(MckIOWriteAttributeString(io, group, "activation", s->act_name));
  PetscCall(MckIOWriteAttributeReal(io, group, "g", s->g));
  PetscCall(MckIOWriteAttributeReal(io, group, "noise", s->noise));
  PetscCall(MckIOWriteAttributeReal(io, group, "input", s->input));
  PetscCall(MckIOWriteAttributeReal(io, group, "dt", s->dt));
  PetscCall(MckIOWriteAttributeReal(io, group, "burn_in", s->burn_in));
  PetscCall(MckIOWriteAttributeInt(io, group, "steps", s->T));
  PetscCall(MckIOWriteAttributeInt(io, group, "population", s->sample)); /* 0: no sample (stationary) */
  PetscCall(MckIOWriteAttributeReal(io, group, "delta0", s->delta[0]));
  PetscCall(MckIOWriteAttributeInt(io, group, "iterations", s->its));
  PetscCall(MckIOWriteAttributeReal(io, group, "residual", s->residual));
  PetscCall(MckIOWriteAttributeInt(io, group, "converged", s->converged));
  PetscCall(MckIOWriteAttributeInt(io, group, "transient", s->transient));
  PetscCall(MckIOWriteAttributeReal(io, group, "variance_first_half", s->halves[0]));
  PetscCall(MckIOWriteAttributeReal(io, group, "variance_second_half", s->halves[1]));
  PetscCall(MckIOWriteAttributeReal(io, group, "variance_halves_se", s->halves_se));
  PetscFunctionReturn(0);
}

/* group/C_x, group/C_phi (T x T), group/tau (written only: the lags k dt), group/delta (lags). */
static PetscErrorCode TransferResult(MckSCS s, MckIO io, const char group[], PetscReal tau[], PetscBool write)
{
  const PetscInt64 dims[2] = {s->T, s->T}, ldims[1] = {s->lags};

  PetscFunctionBeginUser;
  PetscCall(MckDMFTTransferArray(s->d, io, group, "C_x", 2, dims, s->cx, write));
  PetscCall(MckDMFTTransferArray(s->d, io, group, "C_phi", 2, dims, s->cphi, write));
  if (write) PetscCall(MckDMFTTransferArray(s->d, io, group, "tau", 1, ldims, tau, write));
  PetscCall(MckDMFTTransferArray(s->d, io, group, "delta", 1, ldims, s->delta, write));
  PetscFunctionReturn(0);
}

/* The datasets of TransferResult and the attributes. */
PetscErrorCode MckSCSWriteResult(MckSCS s, MckIO io, const char group[])
{
  PetscReal *tau;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_IOWrite, 0, 0, 0, 0));
  PetscCall(PetscMalloc1(s->lags, &tau));
  for (PetscInt k = 0; k < s->lags; k++) tau[k] = k * s->dt;
  PetscCall(TransferResult(s, io, group, tau, PETSC_TRUE));
  PetscCall(PetscFree(tau));
  PetscCall(WriteAttributes(s, io, group));
  PetscCall(PetscLogEventEnd(MCK_EVENT_IOWrite, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* The result back (a checkpoint written after the last step): the solve is then finished. */
PetscErrorCode MckSCSReadResult(MckSCS s, MckIO io, const char group[])
{
  PetscInt64 its = 0, converged = 0;
  PetscBool  found;

  PetscFunctionBeginUser;
  PetscCall(TransferResult(s, io, group, NULL, PETSC_FALSE));
  PetscCall(MckIOReadAttributeInt(io, group, "iterations", &its, &found));
  PetscCall(MckIOReadAttributeReal(io, group, "residual", &s->residual, &found));
  PetscCall(MckIOReadAttributeInt(io, group, "converged", &converged, &found));
  s->its       = (PetscInt)its;
  s->converged = (PetscBool)(converged != 0);
  PetscCall(MckSCSCheckTransient(s, PETSC_FALSE)); /* a function of C_x: the solve has warned already */
  s->done = PETSC_TRUE;
  PetscFunctionReturn(0);
}
