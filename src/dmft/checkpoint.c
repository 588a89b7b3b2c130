/* Checkpoint/restart of the population solver's self-consistency: the current iterate (the
 * packed C_phi whose map was just evaluated) and the index of that evaluation, which keys the
 * RNG when the noise is not frozen. A restart evaluates the same iterate again with the same
 * key, so the run continues bitwise as if uninterrupted. */
#include "dmft/dmftimpl.h"

PetscErrorCode MckDMFTSetMonitor(MckDMFT d, MckDMFTMonitorFn fn, void *ctx)
{
  PetscFunctionBeginUser;
  d->monitor     = fn;
  d->monitor_ctx = ctx;
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTIsIterative(MckDMFT d, PetscBool *iterative)
{
  PetscFunctionBeginUser;
  *iterative = (PetscBool)(d->solve == MckDMFTSolve_Population);
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTConfig(MckDMFT d, MckIO io, PetscBool check)
{
  const PetscReal model[] = {d->g, d->noise, d->input, d->q0, d->dt, d->jitter, d->damping};

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigString(io, check, "-dmft_solver", d->solver_name));
  PetscCall(MckIOConfigString(io, check, "-dmft_activation", d->act_name));
  PetscCall(MckIOConfigReals(io, check, "-dmft_g -dmft_noise -dmft_input -dmft_q0 -dmft_dt -dmft_jitter -dmft_damping", 7, model));
  PetscCall(MckIOConfigInt(io, check, "-dmft_steps", d->T));
  PetscCall(MckIOConfigInt(io, check, "-dmft_integrator", d->integrator));
  PetscCall(MckIOConfigInt(io, check, "-dmft_population", d->population));
  PetscCall(MckIOConfigInt(io, check, "-dmft_chunk", d->chunk));
  PetscCall(MckIOConfigInt(io, check, "-dmft_frozen_noise", d->frozen_noise));
  PetscCall(MckIOConfigInt(io, check, "-dmft_scalapack_threshold", d->scalapack_threshold));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTWriteState(MckDMFT d, MckIO io)
{
  const PetscReal *c;
  Vec              x;
  const PetscInt64 dims[1] = {MckDMFTPackedSize(d->T)};

  PetscFunctionBeginUser;
  PetscCheck(d->snes, d->comm, PETSC_ERR_ARG_WRONGSTATE, "MckDMFTWriteState: -dmft_solver %s has no iterate to checkpoint", d->solver_name);
  PetscCall(SNESGetSolution(d->snes, &x));
  PetscCall(VecGetArrayRead(x, &c));
  PetscCall(MckIOWriteArray(io, "/checkpoint/dmft/C_phi_packed", 1, dims, c));
  PetscCall(VecRestoreArrayRead(x, &c));
  PetscCall(MckIOWriteAttributeInt(io, "/checkpoint/dmft", "evaluation", d->evaluations - 1));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTReadState(MckDMFT d, MckIO io)
{
  PetscReal *c;
  PetscInt   ndims;
  PetscInt64 dims[4], evaluation;
  PetscBool  found;
  const char *path;

  PetscFunctionBeginUser;
  PetscCheck(d->snes, d->comm, PETSC_ERR_ARG_WRONGSTATE, "MckDMFTReadState: -dmft_solver %s has no iterate to restart", d->solver_name);
  PetscCall(MckIOGetPath(io, &path));
  PetscCall(MckIOReadAttributeInt(io, "/checkpoint/dmft", "evaluation", &evaluation, &found));
  PetscCheck(found, d->comm, PETSC_ERR_USER_INPUT, "-restart %s: not a checkpoint of mckean-dmft (no /checkpoint/dmft)", path);
  PetscCall(MckIOReadArray(io, "/checkpoint/dmft/C_phi_packed", &ndims, dims, NULL));
  PetscCheck(ndims == 1 && dims[0] == MckDMFTPackedSize(d->T), d->comm, PETSC_ERR_USER_INPUT, "-restart %s: the iterate does not fit -dmft_steps %" PetscInt_FMT, path, d->T);
  PetscCall(VecGetArray(d->state, &c));
  PetscCall(MckIOReadArray(io, "/checkpoint/dmft/C_phi_packed", &ndims, dims, c));
  PetscCall(VecRestoreArray(d->state, &c));
  d->evaluations      = evaluation;
  d->restored         = PETSC_TRUE;
  d->skip_history_row = PETSC_TRUE;
  PetscFunctionReturn(0);
}
