/* Members to and from a run file or checkpoint: <group>/members (n x J, component-major, from
 * the analysis layout), <group>/active (J), attributes cycle, time, nfailed_total. */
#include "ensemble/ensimpl.h"

PetscErrorCode MckEnsembleWrite(MckEnsemble ens, MckIO io, const char group[])
{
  char        path[PETSC_MAX_PATH_LEN];
  PetscInt64  J = ens->J, *act;

  PetscFunctionBeginUser;
  PetscCall(MckEnsEnsureAnalysisLayout(ens));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/members", group));
  PetscCall(MckIOWriteRows(io, path, ens->n, ens->x.c0, ens->x.nc, ens->J, ens->x.blk));
  PetscCall(PetscMalloc1(J, &act));
  for (PetscInt j = 0; j < J; j++) act[j] = ens->active[j];
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/active", group));
  PetscCall(MckIOWriteArrayInt(io, path, 1, &J, act));
  PetscCall(PetscFree(act));
  PetscCall(MckIOWriteAttributeInt(io, group, "cycle", ens->cycle));
  PetscCall(MckIOWriteAttributeReal(io, group, "time", ens->time));
  PetscCall(MckIOWriteAttributeInt(io, group, "nfailed_total", ens->info.nfailed_total));
  PetscCall(MckIOWriteAttributeString(io, group, "analysis", ens->type));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/statistic_scales", group));
  {
    PetscInt64 nm = MCK_ENS_MAX_MATS;
    PetscCall(MckIOWriteArray(io, path, 1, &nm, ens->mscale));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleRead(MckEnsemble ens, MckIO io, const char group[])
{
  char       path[PETSC_MAX_PATH_LEN];
  PetscInt64 dims[4], *act;
  PetscInt   nd;
  PetscBool  found;

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/members", group));
  PetscCall(MckIOReadRows(io, path, ens->n, ens->x.c0, ens->x.nc, ens->J, ens->x.blk));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/active", group));
  PetscCall(MckIOReadArrayInt(io, path, &nd, dims, NULL));
  PetscCheck(nd == 1 && dims[0] == ens->J, ens->comm, PETSC_ERR_FILE_UNEXPECTED, "%s: %" PetscInt64_FMT " members stored, %" PetscInt_FMT " expected", path, dims[0], ens->J);
  PetscCall(PetscMalloc1(ens->J, &act));
  PetscCall(MckIOReadArrayInt(io, path, &nd, dims, act));
  for (PetscInt j = 0; j < ens->J; j++) ens->active[j] = act[j] ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(PetscFree(act));
  PetscCall(MckIOReadAttributeInt(io, group, "cycle", &ens->cycle, &found));
  PetscCheck(found, ens->comm, PETSC_ERR_FILE_UNEXPECTED, "%s: no cycle attribute", group);
  PetscCall(MckIOReadAttributeReal(io, group, "time", &ens->time, &found));
  ens->info.time = ens->time;
  ens->done      = (PetscBool)(ens->eki_dmc && ens->time >= 1 - 1e-12); /* as at the end of Iterate */
  PetscCall(MckIOReadAttributeInt(io, group, "nfailed_total", &ens->info.nfailed_total, &found));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/statistic_scales", group));
  PetscCall(MckIOReadArray(io, path, &nd, dims, ens->mscale));
  PetscCall(MckEnsFieldToMembers(ens, &ens->x));
  ens->fresh = PETSC_TRUE;
  ens->na    = 0;
  PetscFunctionReturn(0);
}
