/* A model's state or result in a group of a file, and back (checkpoints, restarts, the result of
 * a run): datasets named group/name, written as they are, or read back as datasets of the shape
 * this configuration expects, with errors that name the file, the dataset and what was expected
 * (a checkpoint of another configuration is refused earlier, by its settings; these catch a file
 * that is not what it claims). */
#include "dmft/dmftimpl.h"

static PetscErrorCode DatasetPath(const char group[], const char name[], char dset[], size_t len)
{
  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(dset, len, "%s/%s", group, name));
  PetscFunctionReturn(0);
}

/* The attribute "step" of group, in [0, value - back], value being that of option: what names
 * the writer in the error. */
PetscErrorCode MckDMFTReadStep(MckDMFT d, MckIO io, const char group[], const char what[], const char option[],
                               PetscInt64 value, PetscInt back, PetscInt64 *step)
{
  MPI_Comm         comm = PetscObjectComm((PetscObject)d);
  const PetscInt64 max  = value - back;
  PetscBool        found;
  const char      *path;

  PetscFunctionBeginUser;
  PetscCall(MckIOGetPath(io, &path));
  PetscCall(MckIOReadAttributeInt(io, group, "step", step, &found));
  PetscCheck(found, comm, PETSC_ERR_USER_INPUT, "-restart %s: not a checkpoint of the %s (no %s step)", path, what,
             group);
  PetscCheck(*step >= 0 && *step <= max, comm, PETSC_ERR_USER_INPUT,
             "-restart %s: checkpoint at step %" PetscInt64_FMT ", allowed 0 to %" PetscInt64_FMT
             " (%s - %" PetscInt_FMT ")",
             path, *step, max, McKeanOptionName((PetscObject)d, option), back);
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
  PetscCall(DatasetPath(group, name, dset, sizeof(dset)));
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

/* group/name from data (write), or back into it checked against dims (read). */
PetscErrorCode MckDMFTTransferArray(MckDMFT d, MckIO io, const char group[], const char name[], PetscInt ndims,
                                    const PetscInt64 dims[], PetscReal data[], PetscBool write)
{
  char dset[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  if (write) {
    PetscCall(DatasetPath(group, name, dset, sizeof(dset)));
    PetscCall(MckIOWriteArray(io, dset, ndims, dims, data));
  } else PetscCall(MckDMFTReadArrayShaped(d, io, group, name, ndims, dims, data));
  PetscFunctionReturn(0);
}

/* group/name, of N rows and ncomp columns, to or from this rank's rows [gstart, gstart + nlocal):
 * column c of them at a + c lda (column-major, as dense matrices and path histories are stored). */
PetscErrorCode MckDMFTTransferRows(MckIO io, const char group[], const char name[], PetscInt64 N, PetscInt64 gstart,
                                   PetscInt nlocal, PetscInt ncomp, PetscReal a[], PetscInt lda, PetscBool write)
{
  PetscReal **cols;
  char        dset[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  PetscCall(DatasetPath(group, name, dset, sizeof(dset)));
  PetscCall(PetscMalloc1(ncomp, &cols));
  for (PetscInt c = 0; c < ncomp; c++) cols[c] = a + (size_t)c * lda;
  if (write) PetscCall(MckIOWriteRows(io, dset, N, gstart, nlocal, ncomp, cols));
  else PetscCall(MckIOReadRows(io, dset, N, gstart, nlocal, ncomp, cols));
  PetscCall(PetscFree(cols));
  PetscFunctionReturn(0);
}

/* Whether group/name exists (a result written with that dataset). */
PetscErrorCode MckDMFTHasDataset(MckIO io, const char group[], const char name[], PetscBool *has)
{
  char dset[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  PetscCall(DatasetPath(group, name, dset, sizeof(dset)));
  PetscCall(MckIOHasObject(io, dset, has));
  PetscFunctionReturn(0);
}
