/* Checkpoint/restart of the two solvers that run long.
 *
 * population: the current iterate of the self-consistency (the packed C_phi whose map was just
 * evaluated) and the index of that evaluation, which keys the RNG when the noise is not
 * frozen. A restart evaluates the same iterate again with the same key.
 *
 * network: the paths x_i(t_0..t_k) of all neurons so far (the two-time statistics of the output
 * are computed from the whole paths at the end) and k, as rows in neuron order (rank-count
 * independent). phi(x) is recomputed elementwise, the couplings regenerated from their keyed
 * RNG, and the noise of step k is keyed by k: the restart continues the integration bitwise.
 *
 * stationary: a few seconds of SNES and TS, nothing to restart. */
#include "dmft/dmftimpl.h"

PetscErrorCode MckDMFTSetMonitor(MckDMFT d, MckDMFTMonitorFn fn, void *ctx)
{
  PetscFunctionBeginUser;
  d->monitor     = fn;
  d->monitor_ctx = ctx;
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTCanCheckpoint(MckDMFT d, PetscBool *can)
{
  PetscFunctionBeginUser;
  *can = (PetscBool)(d->solve == MckDMFTSolve_Population || d->solve == MckDMFTSolve_Network);
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
  /* the size of the sample: single-site paths, or neurons of the network */
  if (d->solve == MckDMFTSolve_Network) PetscCall(MckIOConfigInt(io, check, "-dmft_n", d->network_n));
  else PetscCall(MckIOConfigInt(io, check, "-dmft_population", d->population));
  PetscCall(MckIOConfigInt(io, check, "-dmft_chunk", d->chunk));
  PetscCall(MckIOConfigInt(io, check, "-dmft_frozen_noise", d->frozen_noise));
  PetscCall(MckIOConfigInt(io, check, "-dmft_scalapack_threshold", d->scalapack_threshold));
  PetscFunctionReturn(0);
}

static PetscErrorCode WritePopulation(MckDMFT d, MckIO io)
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

static PetscErrorCode ReadPopulation(MckDMFT d, MckIO io)
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

/* The paths x_i(t_0..t_k), k = d->network_step, as (N, k+1) rows; read = restore them. */
static PetscErrorCode TransferPaths(MckDMFT d, MckIO io, PetscBool read)
{
  const PetscInt K = d->network_step + 1;
  PetscReal    **cols;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(K, &cols));
  for (PetscInt k = 0; k < K; k++) cols[k] = d->xh + (size_t)k * d->nlocal;
  if (read) PetscCall(MckIOReadRows(io, "/checkpoint/dmft/x", d->network_n, d->gstart, d->nlocal, K, cols));
  else PetscCall(MckIOWriteRows(io, "/checkpoint/dmft/x", d->network_n, d->gstart, d->nlocal, K, cols));
  PetscCall(PetscFree(cols));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteNetwork(MckDMFT d, MckIO io)
{
  PetscFunctionBeginUser;
  PetscCall(MckIOWriteAttributeInt(io, "/checkpoint/dmft", "step", d->network_step));
  PetscCall(TransferPaths(d, io, PETSC_FALSE));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadNetwork(MckDMFT d, MckIO io)
{
  PetscInt64  step;
  PetscBool   found;
  const char *path;

  PetscFunctionBeginUser;
  PetscCall(MckIOGetPath(io, &path));
  PetscCall(MckIOReadAttributeInt(io, "/checkpoint/dmft", "step", &step, &found));
  PetscCheck(found, d->comm, PETSC_ERR_USER_INPUT, "-restart %s: not a checkpoint of mckean-dmft -dmft_solver network (no /checkpoint/dmft step)", path);
  PetscCheck(step >= 0 && step + 1 < d->T, d->comm, PETSC_ERR_USER_INPUT, "-restart %s: checkpoint at step %" PetscInt64_FMT ", allowed 0 to %" PetscInt_FMT " (-dmft_steps - 2)", path, step, d->T - 2);
  d->network_step = (PetscInt)step;
  PetscCall(TransferPaths(d, io, PETSC_TRUE));
  d->restored = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTWriteState(MckDMFT d, MckIO io)
{
  PetscFunctionBeginUser;
  if (d->solve == MckDMFTSolve_Network) PetscCall(WriteNetwork(d, io));
  else PetscCall(WritePopulation(d, io));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTReadState(MckDMFT d, MckIO io)
{
  PetscFunctionBeginUser;
  if (d->solve == MckDMFTSolve_Network) PetscCall(ReadNetwork(d, io));
  else PetscCall(ReadPopulation(d, io));
  PetscFunctionReturn(0);
}
