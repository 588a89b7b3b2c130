/* Private to the io layer: the MckIO object and the helpers its files share. */
#pragma once
#include <mckean/mckio.h>

struct _p_MckIO {
  MPI_Comm    comm;
  PetscMPIInt rank;
  hid_t       file;    /* H5I_INVALID_HID when closed */
  PetscBool   writing; /* open for writing: the file on disk is partial[] until MckIOClose() */
  char        path[PETSC_MAX_PATH_LEN];
  char        partial[PETSC_MAX_PATH_LEN];
  char        option[64]; /* the option that named the path, quoted in error messages */
  char        config_group[PETSC_MAX_PATH_LEN]; /* where MckIOConfig* record settings */
  MckIO       next;       /* registry of files open for writing (file.c) */
};

/* Describe the innermost entry of HDF5's error stack (the most specific reason) in msg. */
PETSC_INTERN void MckHDF5ErrorString(char msg[], size_t len);

/* Convert an HDF5 failure (any negative return: herr_t, hid_t, htri_t) into a PETSc error
 * whose message says what was being done and why HDF5 refused. Usage:
 *   PetscCallHDF5(dset = H5Dopen2(...), "opening dataset %s", name);
 * HDF5's own error printing is switched off (MckIOCreate), so this is the only report. */
#define PetscCallHDF5(expr, ...) \
  do { \
    if ((expr) < 0) { \
      char mck_what_[512], mck_why_[512]; \
      (void)PetscSNPrintf(mck_what_, sizeof(mck_what_), __VA_ARGS__); \
      MckHDF5ErrorString(mck_why_, sizeof(mck_why_)); \
      SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "HDF5 failed while %s: %s", mck_what_, mck_why_); \
    } \
  } while (0)

/* The file must be open (and, for writes, open for writing). */
PETSC_INTERN PetscErrorCode MckIOCheckOpen(MckIO io, PetscBool forwrite);

/* Property lists with McKean's settings: no timestamps (datasets and groups must be a pure
 * function of the options and the seed), no fill pass over freshly allocated space. */
PETSC_INTERN PetscErrorCode MckIOGroupCreatePlist(hid_t *gcpl);
PETSC_INTERN PetscErrorCode MckIODatasetCreatePlist(PetscInt ndims, const hsize_t chunk[], hid_t *dcpl);
PETSC_INTERN PetscErrorCode MckIOCollectiveTransfer(hid_t *dxpl);

/* Create every missing group on the way to obj (obj itself included when last is true). */
PETSC_INTERN PetscErrorCode MckIOEnsureGroups(MckIO io, const char obj[], PetscBool last);
/* Whether a path names an existing object (false when any intermediate link is missing). */
PETSC_INTERN PetscErrorCode MckIOPathExists(MckIO io, const char obj[], PetscBool *exists);

/* Open dset for writing with the given type and shape, creating it (and its groups) when
 * missing; maxdims/chunk may be NULL for a fixed-size contiguous dataset. An existing dataset
 * of another shape is an error. */
PETSC_INTERN PetscErrorCode MckIODatasetCreateOrOpen(MckIO io, const char dset[], hid_t type, PetscInt ndims, const hsize_t dims[], const hsize_t maxdims[], const hsize_t chunk[], hid_t *d);
/* Open an existing dataset for reading; a missing one is PETSC_ERR_FILE_UNEXPECTED naming the file. */
PETSC_INTERN PetscErrorCode MckIODatasetOpen(MckIO io, const char dset[], hid_t *d);
/* Shape of an open dataset (at most maxdims dimensions). */
PETSC_INTERN PetscErrorCode MckIODatasetGetShape(MckIO io, hid_t d, const char dset[], PetscInt maxdims, PetscInt *ndims, hsize_t dims[]);

/* Replicated data: every rank calls (HDF5 metadata is collective), rank 0 moves the bytes of
 * the hyperslab [start, start+count) of d. Reads are broadcast, so all ranks end up with it. */
PETSC_INTERN PetscErrorCode MckIOWriteReplicated(MckIO io, hid_t d, hid_t memtype, PetscInt ndims, const hsize_t start[], const hsize_t count[], const void *buf);
PETSC_INTERN PetscErrorCode MckIOReadReplicated(MckIO io, hid_t d, hid_t memtype, MPI_Datatype mpitype, PetscInt ndims, const hsize_t start[], const hsize_t count[], void *buf);

/* Broadcast count items from rank 0, in pieces small enough for MPI's int counts. */
PETSC_INTERN PetscErrorCode MckIOBcastLarge(void *buf, size_t count, MPI_Datatype type, size_t typesize, MPI_Comm comm);

/* Read a string attribute of any length into newly allocated memory (PetscFree); *value is
 * NULL and *found false when obj or the attribute is absent. */
PETSC_INTERN PetscErrorCode MckIOReadAttributeStringAlloc(MckIO io, const char obj[], const char name[], char **value, PetscBool *found);

/* ---- file states (file.c), used by checkpoint.c ----------------------------------------- */
/* Record path, "<path>.partial" and the option naming them; the object must be closed. */
PETSC_INTERN PetscErrorCode MckIOSetNames(MckIO io, const char path[], const char option[]);
/* Rank 0 creates an empty io->partial; a user error naming the option if it cannot. */
PETSC_INTERN PetscErrorCode MckIOCreatePartial(MckIO io);
/* A user error naming the option unless path is a readable HDF5 file (decided on rank 0). */
PETSC_INTERN PetscErrorCode MckIOCheckReadable(MPI_Comm comm, const char path[], const char option[]);
/* Open the existing io->partial for writing and register it for MckIOAbortAll(). */
PETSC_INTERN PetscErrorCode MckIOOpenPartial(MckIO io);
/* Close a file being written without finishing it (it stays registered and partial), so that
 * it can be read as a whole on disk; MckIOResume() reopens it. */
PETSC_INTERN PetscErrorCode MckIOSuspend(MckIO io);
PETSC_INTERN PetscErrorCode MckIOResume(MckIO io);
