/* Reading a model's state or result back (restarts): the step a state was written at, and
 * replicated datasets of the shape this configuration expects, with errors that name the file,
 * the dataset and what was expected (a checkpoint of another configuration is refused earlier,
 * by its settings; these catch a file that is not what it claims). */
#include "dmft/dmftimpl.h"

/* The attribute "step" of group, in [0, max]; what names the writer in the error. */
PetscErrorCode MckDMFTReadStep(MckDMFT d, MckIO io, const char group[], const char what[], PetscInt64 max,
                               const char bound[], PetscInt64 *step)
{
  MPI_Comm    comm = PetscObjectComm((PetscObject)d);
  PetscBool   found;
  const char *path;

  PetscFunctionBeginUser;
  PetscCall(MckIOGetPath(io, &path));
  PetscCall(MckIOReadAttributeInt(io, group, "step", step, &found));
  PetscCheck(found, comm, PETSC_ERR_USER_INPUT, "-restart %s: not a checkpoint of the %s (no %s step)", path, what,
             group);
  PetscCheck(*step >= 0 && *step <= max, comm, PETSC_ERR_USER_INPUT,
             "-restart %s: checkpoint at step %" PetscInt64_FMT ", allowed 0 to %" PetscInt64_FMT " (%s)", path, *step,
             max, bound);
  PetscFunctionReturn(0);
}

/* group/name, of shape dims[0..ndims), into data (replicated). */
PetscErrorCode MckDMFTReadArrayShaped(MckDMFT d, MckIO io, const char group[], const char name[], PetscInt ndims,
                                      const PetscInt64 dims[], PetscReal data[])
{
  char        dset[PETSC_MAX_PATH_LEN];
  const char *path;
  PetscInt    nd;
  PetscInt64  have[4];
  PetscBool   same;

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(dset, sizeof(dset), "%s/%s", group, name));
  PetscCall(MckIOGetPath(io, &path));
  PetscCall(MckIOReadArray(io, dset, &nd, have, NULL));
  same = (PetscBool)(nd == ndims);
  for (PetscInt k = 0; same && k < nd; k++) same = (PetscBool)(have[k] == dims[k]);
  PetscCheck(same, PetscObjectComm((PetscObject)d), PETSC_ERR_FILE_UNEXPECTED,
             "-restart %s: %s has %" PetscInt_FMT " dimensions of %" PetscInt64_FMT " (first), expected %" PetscInt_FMT
             " of %" PetscInt64_FMT ": the checkpoint does not fit this configuration",
             path, dset, nd, nd ? have[0] : 0, ndims, dims[0]);
  PetscCall(MckIOReadArray(io, dset, &nd, have, data));
  PetscFunctionReturn(0);
}
