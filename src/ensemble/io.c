/* Members to and from a run file or checkpoint: <group>/members (n x J, component-major, from
 * the analysis layout), <group>/active (J), attributes cycle, time, nfailed_total. */
#include "ensemble/ensimpl.h"

/*@C
  MckEnsembleWrite - Writes the members and their state: <group>/members (n x J, component-major),
  <group>/active (J), <group>/statistic_scales, and the attributes cycle, time, nfailed_total and
  analysis of <group>.

  Collective

  Input Parameters:
+ ens   - the ensemble
. io    - the run file or checkpoint
- group - the group (e.g. "/ensemble")

  Level: intermediate

.seealso: `MckEnsembleRead()`, `MckRunAddObject()`
@*/
PetscErrorCode MckEnsembleWrite(MckEnsemble ens, MckIO io, const char group[])
{
  char       path[PETSC_MAX_PATH_LEN];
  PetscInt64 J = ens->J, *act, c0;
  PetscInt   nc;

  PetscFunctionBeginUser;
  PetscCall(MckEnsEnsureAnalysisLayout(ens));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/members", group));
  PetscCall(MckEnsFieldFileRows(ens, &ens->x, &c0, &nc));
  PetscCall(MckIOWriteRows(io, path, ens->n, c0, nc, ens->J, ens->x.blk));
  PetscCall(PetscMalloc1(J, &act));
  for (PetscInt j = 0; j < J; j++) act[j] = ens->active[j];
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/active", group));
  PetscCall(MckIOWriteArrayInt(io, path, 1, &J, act));
  PetscCall(PetscFree(act));
  PetscCall(MckIOWriteAttributeInt(io, group, "cycle", ens->cycle));
  PetscCall(MckIOWriteAttributeReal(io, group, "time", ens->time));
  PetscCall(MckIOWriteAttributeInt(io, group, "nfailed_total", ens->info.nfailed_total));
  PetscCall(MckIOWriteAttributeString(io, group, "analysis", ((PetscObject)ens)->type_name));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/statistic_scales", group));
  {
    PetscInt64 nm = MCK_ENS_MAX_MATS;
    PetscCall(MckIOWriteArray(io, path, 1, &nm, ens->mscale));
  }
  PetscCall(MckEnsInflationsWrite(ens, io, group));
  PetscCall(MckEnsSmootherWriteRead(ens, io, group, PETSC_TRUE));
  if (ens->weight) { /* a particle filter's weights */
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/weights", group));
    PetscCall(MckIOWriteArray(io, path, 1, &J, ens->weight));
    PetscCall(MckIOWriteAttributeInt(io, group, "weighted", ens->weighted));
  }
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleRead - Restores what `MckEnsembleWrite()` wrote, bit for bit.

  Collective

  Input Parameters:
+ ens   - the ensemble, set up with the configuration it was written with
. io    - the checkpoint
- group - the group

  Level: intermediate

.seealso: `MckEnsembleWrite()`, `MckRunAddObject()`
@*/
PetscErrorCode MckEnsembleRead(MckEnsemble ens, MckIO io, const char group[])
{
  char       path[PETSC_MAX_PATH_LEN];
  PetscInt64 dims[4], *act, c0;
  PetscInt   nd, nc;
  PetscBool  found;

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/members", group));
  PetscCall(MckEnsFieldFileRows(ens, &ens->x, &c0, &nc));
  PetscCall(MckIOReadRows(io, path, ens->n, c0, nc, ens->J, ens->x.blk));
  PetscCall(MckEnsFieldShareRead(ens, &ens->x));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/active", group));
  PetscCall(MckIOReadArrayInt(io, path, &nd, dims, NULL));
  PetscCheck(nd == 1 && dims[0] == ens->J, ens->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: %" PetscInt64_FMT " members stored, %" PetscInt_FMT " expected", path, dims[0], ens->J);
  PetscCall(PetscMalloc1(ens->J, &act));
  PetscCall(MckIOReadArrayInt(io, path, &nd, dims, act));
  for (PetscInt j = 0; j < ens->J; j++) ens->active[j] = act[j] ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(PetscFree(act));
  PetscCall(MckIOReadAttributeInt(io, group, "cycle", &ens->cycle, &found));
  PetscCheck(found, ens->comm, PETSC_ERR_FILE_UNEXPECTED, "%s: no cycle attribute", group);
  PetscCall(MckIOReadAttributeReal(io, group, "time", &ens->time, &found));
  ens->info.time = ens->time;
  PetscCall(MckIOReadAttributeInt(io, group, "nfailed_total", &ens->info.nfailed_total, &found));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/statistic_scales", group));
  PetscCall(MckIOReadArray(io, path, &nd, dims, ens->mscale));
  PetscCall(MckEnsInflationsRead(ens, io, group));
  PetscCall(MckEnsSmootherWriteRead(ens, io, group, PETSC_FALSE));
  if (ens->weight) {
    PetscInt64 weighted = 0;
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/weights", group));
    PetscCall(MckIOReadArray(io, path, &nd, dims, ens->weight));
    PetscCall(MckIOReadAttributeInt(io, group, "weighted", &weighted, &found));
    ens->weighted = weighted ? PETSC_TRUE : PETSC_FALSE;
  }
  PetscCall(MckEnsFieldToMembers(ens, &ens->x));
  ens->fresh = PETSC_TRUE;
  ens->na    = 0;
  if (ens->ops->restore) PetscCall((*ens->ops->restore)(ens));
  PetscFunctionReturn(0);
}
