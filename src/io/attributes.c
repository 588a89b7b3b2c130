/* Attributes on groups and datasets, and the run attributes on "/".
 *
 * Attributes live in object headers, i.e. HDF5 metadata: every rank must write the same value.
 * Values are therefore taken from rank 0 and broadcast before writing, so a caller whose ranks
 * disagree (a date, a host-dependent string) still produces a valid file. Stored types are
 * little-endian regardless of the machine, so files compare equal across machines. */
#include "iohelpers.h"
#include <time.h>

/* Write one scalar attribute, replacing an existing one of the same name (whose type or size
 * may differ). obj is created as a group when it does not exist. */
static PetscErrorCode MckIOWriteAttribute(MckIO io, const char obj[], const char name[], hid_t filetype, hid_t memtype,
                                          const void *buf)
{
  PetscBool exists;
  hid_t     o, space, a;
  htri_t    has;

  PetscFunctionBeginUser;
  PetscCall(MckIOCheckOpen(io, PETSC_TRUE));
  PetscCall(MckIOPathExists(io, obj, &exists));
  if (!exists) PetscCall(MckIOEnsureGroups(io, obj, PETSC_TRUE));
  PetscCallHDF5(o = H5Oopen(io->file, obj, H5P_DEFAULT), "opening %s in %s", obj, io->partial);
  PetscCallHDF5(has = H5Aexists(o, name), "looking up attribute %s of %s", name, obj);
  if (has > 0) PetscCallHDF5(H5Adelete(o, name), "replacing attribute %s of %s", name, obj);
  PetscCallHDF5(space = H5Screate(H5S_SCALAR), "creating a scalar dataspace");
  PetscCallHDF5(a = H5Acreate2(o, name, filetype, space, H5P_DEFAULT, H5P_DEFAULT), "creating attribute %s of %s in %s",
                name, obj, io->partial);
  PetscCallHDF5(H5Awrite(a, memtype, buf), "writing attribute %s of %s in %s", name, obj, io->partial);
  PetscCallHDF5(H5Aclose(a), "closing attribute %s", name);
  PetscCallHDF5(H5Sclose(space), "closing a dataspace");
  PetscCallHDF5(H5Oclose(o), "closing %s", obj);
  PetscFunctionReturn(0);
}

/* One number, rank 0's value (broadcast in place), written as filetype from memtype. */
static PetscErrorCode MckIOWriteAttributeNumber(MckIO io, const char obj[], const char name[], hid_t filetype,
                                                hid_t memtype, MPI_Datatype mpitype, void *value)
{
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Bcast(value, 1, mpitype, 0, io->comm));
  PetscCall(MckIOWriteAttribute(io, obj, name, filetype, memtype, value));
  PetscFunctionReturn(0);
}

/* A fixed-length, NUL-terminated string type holding len characters. */
static PetscErrorCode MckIOStringType(size_t len, hid_t *type)
{
  PetscFunctionBeginUser;
  PetscCallHDF5(*type = H5Tcopy(H5T_C_S1), "creating a string type");
  PetscCallHDF5(H5Tset_size(*type, len + 1), "sizing a string type");
  PetscCallHDF5(H5Tset_strpad(*type, H5T_STR_NULLTERM), "setting string padding");
  PetscFunctionReturn(0);
}

/*@C
  MckIOWriteAttributeString - Writes a string attribute on an object, replacing one of the same name.

  Collective

  Input Parameters:
+ io    - the handle, open for writing
. obj   - the group or dataset path; a missing one is created as a group
. name  - the attribute's name
- value - the string (rank 0's value is written; the others' is ignored)

  Notes:
  Attributes are HDF5 metadata, which every rank must write identically, so the value is
  broadcast from rank 0: ranks that disagree (a date, a host name) still make a valid file.

  Level: intermediate

.seealso: `MckIOReadAttributeString()`, `MckIOWriteAttributeReal()`, `MckIOWriteAttributeInt()`
@*/
PetscErrorCode MckIOWriteAttributeString(MckIO io, const char obj[], const char name[], const char value[])
{
  PetscInt64 len = 0;
  char      *copy;
  hid_t      type;

  PetscFunctionBeginUser;
  if (io->rank == 0) {
    size_t n;

    PetscCall(PetscStrlen(value, &n));
    len = (PetscInt64)n;
  }
  PetscCallMPI(MPI_Bcast(&len, 1, MPIU_INT64, 0, io->comm));
  PetscCall(PetscMalloc1(len + 1, &copy));
  if (io->rank == 0) PetscCall(PetscMemcpy(copy, value, (size_t)len + 1));
  PetscCall(MckIOBcastLarge(copy, (size_t)len + 1, MPI_CHAR, 1, io->comm));
  PetscCall(MckIOStringType((size_t)len, &type));
  PetscCall(MckIOWriteAttribute(io, obj, name, type, type, copy));
  PetscCallHDF5(H5Tclose(type), "closing a string type");
  PetscCall(PetscFree(copy));
  PetscFunctionReturn(0);
}

/*@C
  MckIOWriteAttributeReal - Writes a real attribute (little-endian 64-bit IEEE) on an object,
  replacing one of the same name.

  Collective

  Input Parameters:
+ io    - the handle, open for writing
. obj   - the group or dataset path; a missing one is created as a group
. name  - the attribute's name
- value - the value (rank 0's is written)

  Level: intermediate

.seealso: `MckIOReadAttributeReal()`, `MckIOWriteAttributeString()`
@*/
PetscErrorCode MckIOWriteAttributeReal(MckIO io, const char obj[], const char name[], PetscReal value)
{
  double v = (double)value;

  PetscFunctionBeginUser;
  PetscCall(MckIOWriteAttributeNumber(io, obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, MPI_DOUBLE, &v));
  PetscFunctionReturn(0);
}

/*@C
  MckIOWriteAttributeInt - Writes an integer attribute (little-endian 64-bit) on an object,
  replacing one of the same name.

  Collective

  Input Parameters:
+ io    - the handle, open for writing
. obj   - the group or dataset path; a missing one is created as a group
. name  - the attribute's name
- value - the value (rank 0's is written)

  Level: intermediate

.seealso: `MckIOReadAttributeInt()`, `MckIOWriteAttributeString()`
@*/
PetscErrorCode MckIOWriteAttributeInt(MckIO io, const char obj[], const char name[], PetscInt64 value)
{
  int64_t v = (int64_t)value;

  PetscFunctionBeginUser;
  PetscCall(MckIOWriteAttributeNumber(io, obj, name, H5T_STD_I64LE, H5T_NATIVE_INT64, MPI_INT64_T, &v));
  PetscFunctionReturn(0);
}

/* Open attribute name of obj and check that its class is cls (an integer also serves where a
 * float is wanted: HDF5 converts it); what names the class in the message. When obj or the
 * attribute is absent, *found = PETSC_FALSE and nothing is open. */
static PetscErrorCode MckIOOpenAttribute(MckIO io, const char obj[], const char name[], H5T_class_t cls,
                                         const char what[], hid_t *a, PetscBool *found)
{
  PetscBool   exists;
  htri_t      has;
  hid_t       type;
  H5T_class_t have;

  PetscFunctionBeginUser;
  *a     = H5I_INVALID_HID;
  *found = PETSC_FALSE;
  PetscCall(MckIOCheckOpen(io, PETSC_FALSE));
  PetscCall(MckIOPathExists(io, obj, &exists));
  if (!exists) PetscFunctionReturn(0);
  PetscCallHDF5(has = H5Aexists_by_name(io->file, obj, name, H5P_DEFAULT), "looking up attribute %s of %s in %s", name,
                obj, io->path);
  if (has <= 0) PetscFunctionReturn(0);
  PetscCallHDF5(*a = H5Aopen_by_name(io->file, obj, name, H5P_DEFAULT, H5P_DEFAULT), "opening attribute %s of %s in %s",
                name, obj, io->path);
  *found = PETSC_TRUE;
  PetscCallHDF5(type = H5Aget_type(*a), "getting the type of attribute %s", name);
  have = H5Tget_class(type);
  PetscCallHDF5(H5Tclose(type), "closing a type");
  PetscCheck(have == cls || (cls == H5T_FLOAT && have == H5T_INTEGER), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: attribute %s of %s is not %s", io->path, name, obj, what);
  PetscFunctionReturn(0);
}

/* A numeric attribute of class cls, read as memtype into value. */
static PetscErrorCode MckIOReadAttributeNumber(MckIO io, const char obj[], const char name[], H5T_class_t cls,
                                               const char what[], hid_t memtype, void *value, PetscBool *found)
{
  hid_t a;

  PetscFunctionBeginUser;
  PetscCall(MckIOOpenAttribute(io, obj, name, cls, what, &a, found));
  if (!*found) PetscFunctionReturn(0);
  PetscCallHDF5(H5Aread(a, memtype, value), "reading attribute %s of %s in %s", name, obj, io->path);
  PetscCallHDF5(H5Aclose(a), "closing attribute %s", name);
  PetscFunctionReturn(0);
}

/* Strings written by other tools may be variable-length (h5py's default); both kinds are read.
 * The value is returned in newly allocated memory (PetscFree). */
static PetscErrorCode MckIOReadStringValue(MckIO io, hid_t a, const char name[], char **value)
{
  hid_t  ftype, mtype;
  htri_t vlen;
  char  *s;
  size_t n;

  PetscFunctionBeginUser;
  PetscCallHDF5(ftype = H5Aget_type(a), "getting the type of attribute %s", name);
  PetscCallHDF5(vlen = H5Tis_variable_str(ftype), "inspecting the type of attribute %s", name);
  PetscCallHDF5(mtype = H5Tcopy(ftype), "copying a string type");
  if (vlen > 0) {
    PetscCallHDF5(H5Aread(a, mtype, &s), "reading attribute %s from %s", name, io->path);
    PetscCall(PetscStrallocpy(s, value));
    PetscCallHDF5(H5free_memory(s), "freeing a string");
  } else {
    n = H5Tget_size(ftype);
    PetscCall(PetscCalloc1(n + 1, value)); /* +1: a NULLPAD string that fills its size has no NUL */
    PetscCallHDF5(H5Aread(a, mtype, *value), "reading attribute %s from %s", name, io->path);
  }
  PetscCallHDF5(H5Tclose(mtype), "closing a type");
  PetscCallHDF5(H5Tclose(ftype), "closing a type");
  PetscFunctionReturn(0);
}

PetscErrorCode MckIOReadAttributeStringAlloc(MckIO io, const char obj[], const char name[], char **value,
                                             PetscBool *found)
{
  hid_t a;

  PetscFunctionBeginUser;
  *value = NULL;
  PetscCall(MckIOOpenAttribute(io, obj, name, H5T_STRING, "a string", &a, found));
  if (!*found) PetscFunctionReturn(0);
  PetscCall(MckIOReadStringValue(io, a, name, value));
  PetscCallHDF5(H5Aclose(a), "closing attribute %s", name);
  PetscFunctionReturn(0);
}

/*@C
  MckIOReadAttributeString - Reads a string attribute of an object.

  Not Collective

  Input Parameters:
+ io   - the handle, with a file open
. obj  - the group or dataset path
. name - the attribute's name
- len  - the size of value

  Output Parameters:
+ value - the string
- found - `PETSC_FALSE` when the object or the attribute is absent (not an error; value is then unchanged)

  Notes:
  Fixed- and variable-length strings (h5py's default) are both read. An attribute that is not a
  string (`PETSC_ERR_FILE_UNEXPECTED`), or that does not fit in len characters with its NUL
  (`PETSC_ERR_ARG_SIZ`), is an error. Every rank reads the attribute itself; no communication.

  Level: intermediate

.seealso: `MckIOWriteAttributeString()`, `MckIOReadAttributeReal()`, `MckIOReadAttributeInt()`
@*/
PetscErrorCode MckIOReadAttributeString(MckIO io, const char obj[], const char name[], size_t len, char value[],
                                        PetscBool *found)
{
  char  *s;
  size_t n;

  PetscFunctionBeginUser;
  PetscCall(MckIOReadAttributeStringAlloc(io, obj, name, &s, found));
  if (!*found) PetscFunctionReturn(0);
  PetscCall(PetscStrlen(s, &n));
  PetscCheck(n < len, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "%s: attribute %s of %s has %zu characters, more than the %zu the caller can hold", io->path, name, obj, n,
             len ? len - 1 : 0);
  PetscCall(PetscStrncpy(value, s, len));
  PetscCall(PetscFree(s));
  PetscFunctionReturn(0);
}

/*@C
  MckIOReadAttributeReal - Reads a numeric attribute of an object as a real.

  Not Collective

  Input Parameters:
+ io   - the handle, with a file open
. obj  - the group or dataset path
- name - the attribute's name

  Output Parameters:
+ value - the value (an integer attribute is converted)
- found - `PETSC_FALSE` when the object or the attribute is absent (not an error; value is then unchanged)

  Notes:
  An attribute that is not a number is a `PETSC_ERR_FILE_UNEXPECTED` error. Every rank reads the
  attribute itself; no communication.

  Level: intermediate

.seealso: `MckIOWriteAttributeReal()`, `MckIOReadAttributeInt()`
@*/
PetscErrorCode MckIOReadAttributeReal(MckIO io, const char obj[], const char name[], PetscReal *value, PetscBool *found)
{
  double v;

  PetscFunctionBeginUser;
  PetscCall(MckIOReadAttributeNumber(io, obj, name, H5T_FLOAT, "a number", H5T_NATIVE_DOUBLE, &v, found));
  if (*found) *value = (PetscReal)v;
  PetscFunctionReturn(0);
}

/*@C
  MckIOReadAttributeInt - Reads an integer attribute of an object.

  Not Collective

  Input Parameters:
+ io   - the handle, with a file open
. obj  - the group or dataset path
- name - the attribute's name

  Output Parameters:
+ value - the value
- found - `PETSC_FALSE` when the object or the attribute is absent (not an error; value is then unchanged)

  Notes:
  An attribute that is not an integer is a `PETSC_ERR_FILE_UNEXPECTED` error. Every rank reads
  the attribute itself; no communication.

  Level: intermediate

.seealso: `MckIOWriteAttributeInt()`, `MckIOReadAttributeReal()`
@*/
PetscErrorCode MckIOReadAttributeInt(MckIO io, const char obj[], const char name[], PetscInt64 *value, PetscBool *found)
{
  int64_t v;

  PetscFunctionBeginUser;
  PetscCall(MckIOReadAttributeNumber(io, obj, name, H5T_INTEGER, "an integer", H5T_NATIVE_INT64, &v, found));
  if (*found) *value = (PetscInt64)v;
  PetscFunctionReturn(0);
}

/* UTC in ISO 8601, so that dates from different sites sort and compare. */
void MckIODateString(char buf[], size_t len)
{
  time_t    now = time(NULL);
  struct tm utc;

  if (!gmtime_r(&now, &utc) || !strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &utc)) (void)snprintf(buf, len, "unknown");
}

/* nranks and created are the only machine-dependent entries; they are attributes, so every
 * dataset stays a pure function of the options and the seed (DESIGN.md §3). */
/*@C
  MckIOWriteRunAttributes - Writes the run attributes on "/": mckean_version, options (the whole
  options database as one string), nranks, seed and created (the UTC date).

  Collective

  Input Parameters:
+ io   - the handle, open for writing
- seed - the run's seed

  Notes:
  nranks and created are the only machine-dependent entries of a run file; they are attributes,
  so every dataset stays a pure function of the options and the seed. Values are rank 0's.

  Level: intermediate

.seealso: `MckIOOpenWrite()`, `MckIOWriteAttributeString()`
@*/
PetscErrorCode MckIOWriteRunAttributes(MckIO io, PetscInt seed)
{
  char       *options, created[64];
  PetscMPIInt size;

  PetscFunctionBeginUser;
  PetscCall(MckIOCheckOpen(io, PETSC_TRUE));
  PetscCall(PetscOptionsGetAll(NULL, &options));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  MckIODateString(created, sizeof(created));
  PetscCall(MckIOWriteAttributeString(io, "/", "mckean_version", McKeanVersion()));
  PetscCall(MckIOWriteAttributeString(io, "/", "options", options));
  PetscCall(MckIOWriteAttributeInt(io, "/", "nranks", size));
  PetscCall(MckIOWriteAttributeInt(io, "/", "seed", seed));
  PetscCall(MckIOWriteAttributeString(io, "/", "created", created));
  PetscCall(PetscFree(options));
  PetscFunctionReturn(0);
}
