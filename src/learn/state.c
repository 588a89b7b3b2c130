/* MckMFNet state for checkpoints and output: the configuration fingerprint, the particles (and
 * a dynamics' own state, e.g. umfld's velocities) as distributed rows in global-id order, and the
 * step counter. */
#include "learn/mfnetimpl.h"

static PetscErrorCode ConfigReals(MckMFNet net, MckIO io, PetscBool check, PetscInt n, const char *const names[],
                                  const PetscReal values[])
{
  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < n; k++)
    PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)net, names[k]), 1, &values[k]));
  PetscFunctionReturn(0);
}

static PetscErrorCode ConfigInts(MckMFNet net, MckIO io, PetscBool check, PetscInt n, const char *const names[],
                                 const PetscInt64 values[])
{
  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < n; k++)
    PetscCall(MckIOConfigInt(io, check, McKeanOptionName((PetscObject)net, names[k]), values[k]));
  PetscFunctionReturn(0);
}

/* The data set and the network model (when they were read). */
static PetscErrorCode ConfigData(MckMFNet net, MckIO io, PetscBool check)
{
  PetscObject       o        = (PetscObject)net;
  const char *const rnames[] = {"-mfnet_alpha", "-mfnet_lambda"};
  const PetscReal   reals[]  = {net->alpha, net->lambda};
  const char *const inames[] = {"-mfnet_batch", "-mfnet_test_size", "-mfnet_teacher_directions", "-mfnet_data_seed",
                                "-mfnet_teacher_combine"};
  const PetscInt64 ints[] = {net->P, net->Pt, net->kdir, net->data_seed_set ? net->data_seed : net->seed, net->combine};

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigString(io, check, McKeanOptionName(o, "-mfnet_activation"), net->activation));
  PetscCall(MckIOConfigString(io, check, McKeanOptionName(o, "-mfnet_teacher"), net->teacher));
  PetscCall(
      MckIOConfigString(io, check, McKeanOptionName(o, "-mfnet_data"), net->datafile[0] ? net->datafile : "(teacher)"));
  PetscCall(ConfigReals(net, io, check, 2, rnames, reals));
  PetscCall(ConfigInts(net, io, check, 5, inames, ints));
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetConfig - Records or compares every setting a result depends on, -mfnet_steps excepted
  (a restart may run further): the particles, the data and the network when the dynamics uses
  them, and the dynamics' own.

  Collective

  Input Parameters:
+ net   - the network
. io    - the checkpoint
- check - `PETSC_FALSE` to record, `PETSC_TRUE` to compare

  Level: developer

.seealso: `MckRunAddObject()`, `MckIOConfigString()`
@*/
PetscErrorCode MckMFNetConfig(MckMFNet net, MckIO io, PetscBool check)
{
  const char *const rnames[]  = {"-mfnet_dt", "-mfnet_init_std", "-mfnet_init_range"};
  const PetscReal   reals[]   = {net->dt, net->init_std, net->init_range};
  const char *const inames[]  = {"-mfnet_n", "-mfnet_dim", "-mfnet_chunk_size", "-mfnet_seed", "-mfnet_init"};
  const PetscInt64  ints[]    = {net->N, net->d, net->B, net->seed, net->init};
  const char *const tnames[]  = {"-mfnet_temperature"};
  const PetscReal   treal[]   = {net->tau};
  const char *const tinames[] = {"-mfnet_minibatch", "-mfnet_train_features"};
  const PetscInt64  tints[]   = {net->mb, net->train_features};

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(net, MCK_MFNET_CLASSID, 1);
  PetscCall(MckIOConfigString(io, check, McKeanOptionName((PetscObject)net, "-mfnet_dynamics"),
                              ((PetscObject)net)->type_name));
  PetscCall(ConfigReals(net, io, check, 3, rnames, reals));
  PetscCall(ConfigInts(net, io, check, 5, inames, ints));
  if (net->needs_data) PetscCall(ConfigData(net, io, check));
  if (net->ops->network) PetscCall(ConfigReals(net, io, check, 1, tnames, treal));
  if (net->ops->network) PetscCall(ConfigInts(net, io, check, 2, tinames, tints));
  if (net->ops->config) PetscCall((*net->ops->config)(net, io, check));
  PetscFunctionReturn(0);
}

/* rows (nlocal x ncomp, row-major, as the particles are stored) <-> SoA columns for MckIO */
PetscErrorCode MckMFNetTransferRows(MckMFNet net, MckIO io, const char group[], const char name[], PetscInt ncomp,
                                    PetscReal rows[], PetscBool write)
{
  PetscReal **comp, *buf;
  char        dset[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(dset, sizeof(dset), "%s/%s", group, name));
  PetscCall(PetscMalloc2(ncomp, &comp, (size_t)ncomp * net->nlocal + 1, &buf));
  for (PetscInt k = 0; k < ncomp; k++) comp[k] = buf + (size_t)k * net->nlocal;
  if (write) {
    for (PetscInt i = 0; i < net->nlocal; i++)
      for (PetscInt k = 0; k < ncomp; k++) comp[k][i] = rows[(size_t)i * ncomp + k];
    PetscCall(MckIOWriteRows(io, dset, net->N, net->gstart, net->nlocal, ncomp, comp));
  } else {
    PetscCall(MckIOReadRows(io, dset, net->N, net->gstart, net->nlocal, ncomp, comp));
    for (PetscInt i = 0; i < net->nlocal; i++)
      for (PetscInt k = 0; k < ncomp; k++) rows[(size_t)i * ncomp + k] = comp[k][i];
  }
  PetscCall(PetscFree2(comp, buf));
  PetscFunctionReturn(0);
}

/* <group>/theta and the dynamics' own state, written or read */
static PetscErrorCode StateIO(MckMFNet net, MckIO io, const char group[], PetscBool write)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetCheckSetUp(net, write ? "MckMFNetWrite" : "MckMFNetRead"));
  PetscCall(MckMFNetTransferRows(net, io, group, "theta", net->D, net->theta, write));
  if (write && net->ops->write) PetscCall((*net->ops->write)(net, io, group));
  if (!write && net->ops->read) PetscCall((*net->ops->read)(net, io, group));
  PetscFunctionReturn(0);
}

/* The teacher directions of a network's teacher data as <group>/teacher_directions (k x d). */
static PetscErrorCode WriteTeacher(MckMFNet net, MckIO io, const char group[])
{
  PetscInt64 dims[2] = {net->kdir, net->d};
  char       path[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  if (!net->ops->network || !net->kdir) PetscFunctionReturn(0);
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/teacher_directions", group));
  PetscCall(MckIOWriteArray(io, path, 2, dims, net->u));
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetWrite - Writes the state into a group: the particles as <group>/theta (N x D, global-id
  order), the dynamics' own state (umfld: <group>/velocity and <group>/force), the step as an
  attribute, and a network's teacher directions (<group>/teacher_directions, k x d).

  Collective

  Input Parameters:
+ net   - the network, set up
. io    - the file, open for writing
- group - the group, e.g. "/learn"

  Level: intermediate

.seealso: `MckMFNetRead()`, `MckRunAddObject()`
@*/
PetscErrorCode MckMFNetWrite(MckMFNet net, MckIO io, const char group[])
{
  PetscFunctionBeginUser;
  PetscCall(StateIO(net, io, group, PETSC_TRUE));
  PetscCall(MckIOWriteAttributeInt(io, group, "step", net->step));
  PetscCall(WriteTeacher(net, io, group));
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetRead - Restores what `MckMFNetWrite()` wrote into a network set up with the same
  configuration (on any rank count): the particles, the dynamics' own state and the step.

  Collective

  Input Parameters:
+ net   - the network, set up
. io    - the file, open for reading
- group - the group

  Level: intermediate

.seealso: `MckMFNetWrite()`, `MckMFNetSetStep()`
@*/
PetscErrorCode MckMFNetRead(MckMFNet net, MckIO io, const char group[])
{
  PetscInt64 step;
  PetscBool  found;

  PetscFunctionBeginUser;
  PetscCall(StateIO(net, io, group, PETSC_FALSE));
  PetscCall(MckIOReadAttributeInt(io, group, "step", &step, &found));
  if (found) PetscCall(MckMFNetSetStep(net, step));
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetSetStep - Continues counting from step (after `MckMFNetRead()`); step must be a multiple
  of the sync interval.

  Logically Collective

  Input Parameters:
+ net  - the network, set up
- step - the step

  Level: developer

.seealso: `MckMFNetGetSyncInterval()`, `MckMFNetGetStep()`
@*/
PetscErrorCode MckMFNetSetStep(MckMFNet net, PetscInt64 step)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetCheckSetUp(net, "MckMFNetSetStep"));
  PetscCheck(step % net->ops->sync == 0, net->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "MckMFNetSetStep(): step %" PetscInt64_FMT " is not a multiple of %" PetscInt_FMT
             " (the steps at which the state is the particles alone)",
             step, net->ops->sync);
  net->step = step;
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetGetSyncInterval - The steps at which the particles (and the dynamics' written state)
  are the whole state: multiples of this (1; fedavg: a round of -mfnet_fedavg_local_steps).

  Not Collective

  Input Parameter:
. net - the network, with its dynamics set

  Output Parameter:
. sync - the interval

  Level: developer

.seealso: `MckMFNetSetStep()`, `MckMFNetCheckCheckpointing()`
@*/
PetscErrorCode MckMFNetGetSyncInterval(MckMFNet net, PetscInt *sync)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(net, MCK_MFNET_CLASSID, 1);
  *sync = net->ops->sync;
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetCheckCheckpointing - Refuses periodic checkpoints the dynamics cannot honour (fedavg:
  only between rounds), naming the option; an app calls it with its run's settings.

  Collective

  Input Parameters:
+ net      - the network, with its options set
. interval - the run's -checkpoint_interval (0: none)
- restart  - whether the run continues a checkpoint (-restart)

  Level: intermediate

.seealso: `MckRunGetCheckpointInterval()`, `MckMFNetGetSyncInterval()`
@*/
PetscErrorCode MckMFNetCheckCheckpointing(MckMFNet net, PetscInt interval, PetscBool restart)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(net, MCK_MFNET_CLASSID, 1);
  if (net->ops->checkpointing) PetscCall((*net->ops->checkpointing)(net, interval, restart));
  PetscFunctionReturn(0);
}
