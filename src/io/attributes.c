/* Attributes on groups and datasets, and the run attributes on "/".
 *
 * Attributes live in object headers, i.e. HDF5 metadata: every rank must write the same value.
 * Values are therefore taken from rank 0 and broadcast before writing, so a caller whose ranks
 * disagree (a date, a host-dependent string) still produces a valid file. Stored types are
 * little-endian regardless of the machine, so files compare equal across machines. */
#include "iohelpers.h"
#include <time.h>

/* Write one attribute, a scalar (n < 0) or an array of n values, replacing an existing one of
 * the same name (whose type or size may differ). obj is created as a group when it does not exist. */
static PetscErrorCode MckIOWriteAttribute(MckIO io, const char obj[], const char name[], hid_t filetype, hid_t memtype,
                                          PetscInt n, const void *buf)
{
  const hsize_t len = (hsize_t)PetscMax(n, 0);
  PetscBool     exists;
  hid_t         o, space, a;
  htri_t        has;

  PetscFunctionBeginUser;
  PetscCall(MckIOCheckOpen(io, PETSC_TRUE));
  PetscCall(MckIOPathExists(io, obj, &exists));
  if (!exists) PetscCall(MckIOEnsureGroups(io, obj, PETSC_TRUE));
  PetscCallHDF5(o = H5Oopen(io->file, obj, H5P_DEFAULT), "opening %s in %s", obj, io->partial);
  PetscCallHDF5(has = H5Aexists(o, name), "looking up attribute %s of %s", name, obj);
  if (has > 0) PetscCallHDF5(H5Adelete(o, name), "replacing attribute %s of %s", name, obj);
  if (n < 0) PetscCallHDF5(space = H5Screate(H5S_SCALAR), "creating a scalar dataspace");
  else PetscCallHDF5(space = H5Screate_simple(1, &len, NULL), "creating a dataspace of %" PetscInt_FMT, n);
  PetscCallHDF5(a = H5Acreate2(o, name, filetype, space, H5P_DEFAULT, H5P_DEFAULT), "creating attribute %s of %s in %s",
                name, obj, io->partial);
  PetscCallHDF5(H5Awrite(a, memtype, buf), "writing attribute %s of %s in %s", name, obj, io->partial);
  PetscCallHDF5(H5Aclose(a), "closing attribute %s", name);
  PetscCallHDF5(H5Sclose(space), "closing a dataspace");
  PetscCallHDF5(H5Oclose(o), "closing %s", obj);
  PetscFunctionReturn(0);
}

/* A scalar (n < 0) or n numbers of size bytes, rank 0's (broadcast in a copy), written as
 * filetype from memtype. */
static PetscErrorCode MckIOWriteAttributeNumbers(MckIO io, const char obj[], const char name[], hid_t filetype,
                                                 hid_t memtype, MPI_Datatype mpitype, size_t size, PetscInt n,
                                                 const void *values)
{
  const PetscInt count = n < 0 ? 1 : n;
  void          *copy;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc(size * (size_t)count + 1, &copy));
  if (count) PetscCall(PetscMemcpy(copy, values, size * (size_t)count));
  PetscCallMPI(MPI_Bcast(copy, (PetscMPIInt)count, mpitype, 0, io->comm));
  PetscCall(MckIOWriteAttribute(io, obj, name, filetype, memtype, n, copy));
  PetscCall(PetscFree(copy));
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
  PetscCall(MckIOWriteAttribute(io, obj, name, type, type, -1, copy));
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
  PetscCall(
      MckIOWriteAttributeNumbers(io, obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, MPI_DOUBLE, sizeof(v), -1, &v));
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
  PetscCall(MckIOWriteAttributeNumbers(io, obj, name, H5T_STD_I64LE, H5T_NATIVE_INT64, MPI_INT64_T, sizeof(v), -1, &v));
  PetscFunctionReturn(0);
}

/*@C
  MckIOWriteAttributeInts - Writes an integer array attribute (little-endian 64-bit, one
  dimension of n) on an object, replacing one of the same name.

  Collective

  Input Parameters:
+ io     - the handle, open for writing
. obj    - the group or dataset path; a missing one is created as a group
. name   - the attribute's name
. n      - the number of values, >= 0
- values - the values (rank 0's are written)

  Notes:
  A list of integers (a grid's sizes, say) as numbers a reader need not parse. Read it back with
  `MckIOReadAttributeInts()`; `MckIOWriteAttributeInt()` writes a scalar instead.

  Level: intermediate

.seealso: `MckIOReadAttributeInts()`, `MckIOWriteAttributeInt()`
@*/
PetscErrorCode MckIOWriteAttributeInts(MckIO io, const char obj[], const char name[], PetscInt n,
                                       const PetscInt64 values[])
{
  PetscFunctionBeginUser;
  PetscCheck(n >= 0, io->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "MckIOWriteAttributeInts %s of %s: negative count %" PetscInt_FMT, name, obj, n);
  PetscCall(MckIOWriteAttributeNumbers(io, obj, name, H5T_STD_I64LE, H5T_NATIVE_INT64, MPI_INT64_T, sizeof(PetscInt64),
                                       n, values));
  PetscFunctionReturn(0);
}

/* The class (integer, float, string, ...) of the type of the open attribute a. */
static PetscErrorCode MckIOAttributeClass(hid_t a, const char name[], H5T_class_t *cls)
{
  hid_t type;

  PetscFunctionBeginUser;
  PetscCallHDF5(type = H5Aget_type(a), "getting the type of attribute %s", name);
  *cls = H5Tget_class(type);
  PetscCallHDF5(H5Tclose(type), "closing a type");
  PetscFunctionReturn(0);
}

/* Open attribute name of obj and check that its class is cls (an integer also serves where a
 * float is wanted: HDF5 converts it; H5T_NO_CLASS: any); what names the class in the message.
 * When obj or the attribute is absent, *found = PETSC_FALSE and nothing is open. */
static PetscErrorCode MckIOOpenAttribute(MckIO io, const char obj[], const char name[], H5T_class_t cls,
                                         const char what[], hid_t *a, PetscBool *found)
{
  PetscBool   exists;
  htri_t      has;
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
  PetscCall(MckIOAttributeClass(*a, name, &have));
  PetscCheck(have == cls || cls == H5T_NO_CLASS || (cls == H5T_FLOAT && have == H5T_INTEGER), PETSC_COMM_SELF,
             PETSC_ERR_USER_INPUT, "%s %s: attribute %s of %s is not %s", io->option, io->path, name, obj, what);
  PetscFunctionReturn(0);
}

/* The number of values of the open numeric attribute a (a scalar is one) in *n, and when they
 * fit in nmax the values, read as memtype. The caller closes a, then refuses *n > nmax. */
static PetscErrorCode MckIOReadNumbers(hid_t a, const char name[], hid_t memtype, PetscInt nmax, void *values,
                                       PetscInt *n)
{
  hid_t    space;
  hssize_t count;

  PetscFunctionBeginUser;
  PetscCallHDF5(space = H5Aget_space(a), "getting the dataspace of attribute %s", name);
  PetscCallHDF5(count = H5Sget_simple_extent_npoints(space), "counting the values of attribute %s", name);
  PetscCallHDF5(H5Sclose(space), "closing a dataspace");
  *n = (PetscInt)count;
  if (count <= nmax) PetscCallHDF5(H5Aread(a, memtype, values), "reading attribute %s", name);
  PetscFunctionReturn(0);
}

/* "attribute name of obj has n values; expected at most nmax" unless n <= nmax. */
static PetscErrorCode MckIOCheckCount(MckIO io, const char obj[], const char name[], PetscInt n, PetscInt nmax)
{
  PetscFunctionBeginUser;
  PetscCheck(n <= nmax, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "%s %s: attribute %s of %s has %" PetscInt_FMT " values; expected at most %" PetscInt_FMT, io->option,
             io->path, name, obj, n, nmax);
  PetscFunctionReturn(0);
}

/* A numeric attribute of class cls holding one value, read as memtype into value. */
static PetscErrorCode MckIOReadAttributeNumber(MckIO io, const char obj[], const char name[], H5T_class_t cls,
                                               const char what[], hid_t memtype, void *value, PetscBool *found)
{
  hid_t    a;
  PetscInt n;

  PetscFunctionBeginUser;
  PetscCall(MckIOOpenAttribute(io, obj, name, cls, what, &a, found));
  if (!*found) PetscFunctionReturn(0);
  PetscCall(MckIOReadNumbers(a, name, memtype, 1, value, &n));
  PetscCallHDF5(H5Aclose(a), "closing attribute %s", name);
  PetscCall(MckIOCheckCount(io, obj, name, n, 1));
  PetscCheck(n == 1, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "%s %s: attribute %s of %s has no value", io->option,
             io->path, name, obj);
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
  string (`PETSC_ERR_USER_INPUT`), or that does not fit in len characters with its NUL
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
  An attribute that is not a number is a `PETSC_ERR_USER_INPUT` error. Every rank reads the
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
  An attribute that is not an integer is a `PETSC_ERR_USER_INPUT` error. Every rank reads
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

/* The integers of a string "16 16" (blank separated): their count in *n, the first nmax in
 * values; *ok whether the string is nothing else. */
static void MckIOParseInts(const char text[], PetscInt nmax, PetscInt64 values[], PetscInt *n, PetscBool *ok)
{
  const char *c = text;
  char       *end;

  for (*n = 0;; (*n)++) {
    const long long v = strtoll(c, &end, 10);

    while (*end == ' ') end++;
    if (end == c) break;
    if (*n < nmax) values[*n] = (PetscInt64)v;
    c = end;
  }
  *ok = (PetscBool) !*c;
}

/*@C
  MckIOReadAttributeInts - Reads an integer array attribute of an object.

  Not Collective

  Input Parameters:
+ io   - the handle, with a file open
. obj  - the group or dataset path
. name - the attribute's name
- nmax - the capacity of values

  Output Parameters:
+ values - the values
. n      - how many there are (a scalar integer attribute is one)
- found  - `PETSC_FALSE` when the object or the attribute is absent (not an error; values and n are then unchanged)

  Notes:
  A string of integers separated by blanks ("16 16"), the form such lists had before
  `MckIOWriteAttributeInts()`, is read as those integers. More than nmax values, or an attribute
  that is neither integers nor such a string, is a `PETSC_ERR_USER_INPUT` error. Every rank
  reads the attribute itself; no communication.

  Level: intermediate

.seealso: `MckIOWriteAttributeInts()`, `MckIOReadAttributeInt()`
@*/
PetscErrorCode MckIOReadAttributeInts(MckIO io, const char obj[], const char name[], PetscInt nmax, PetscInt64 values[],
                                      PetscInt *n, PetscBool *found)
{
  hid_t       a;
  H5T_class_t cls;
  char       *text = NULL;
  PetscBool   ok   = PETSC_FALSE;

  PetscFunctionBeginUser;
  PetscCall(MckIOOpenAttribute(io, obj, name, H5T_NO_CLASS, "integers", &a, found));
  if (!*found) PetscFunctionReturn(0);
  PetscCall(MckIOAttributeClass(a, name, &cls));
  if (cls == H5T_INTEGER) PetscCall(MckIOReadNumbers(a, name, H5T_NATIVE_INT64, nmax, values, n));
  else if (cls == H5T_STRING) {
    PetscCall(MckIOReadStringValue(io, a, name, &text));
    MckIOParseInts(text, nmax, values, n, &ok);
  }
  PetscCallHDF5(H5Aclose(a), "closing attribute %s", name);
  PetscCall(PetscFree(text));
  PetscCheck(cls == H5T_INTEGER || ok, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "%s %s: attribute %s of %s is neither integers nor a string of blank-separated integers", io->option,
             io->path, name, obj);
  PetscCall(MckIOCheckCount(io, obj, name, *n, nmax));
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
