/* Verifying a checkpoint before a restart uses it: everything in it is read once, so that damage
 * is found -- and refused in one line -- before any state is taken from it or its run file is
 * continued.
 *
 * HDF5 checks as it reads. McKean's files use the 1.10 file format, in which every piece of
 * metadata (superblock, object headers, B-trees, chunk indexes, heaps) carries a checksum, and
 * every dataset is chunked with the Fletcher32 filter (objects.c). So reading every object
 * header, attribute and dataset finds any flipped bit and any truncation in the parts of the
 * file in use; bytes not in use cannot change a result. A dataset that carries the attribute
 * mckean_finite = 1 (state written into a checkpoint, arrays.c) must moreover hold only finite
 * 8-byte reals: a NaN written into it afterwards, which the checksum would not show once
 * rewritten, is refused too, and so is the dataset rewritten with another type (which HDF5 would
 * convert on reading).
 *
 * Datasets are read in blocks of whole chunks dealt round-robin to the ranks, each of which
 * opens the file on its own (serial driver, read-only); rank 0 also reads every attribute. The
 * first failure found, on the lowest rank, is reported by all. Checkpoints of earlier McKean
 * versions, whose datasets have no checksum, are read all the same (which finds damaged
 * metadata), but damaged data in them cannot be told. */
#include "iohelpers.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>

#define MCK_VERIFY_BLOCK_BYTES ((size_t)8 << 20)

typedef struct {
  PetscMPIInt rank, size;
  off_t       filesize; /* no dataset holds more bytes than the file: every chunk is stored */
  long long   block;    /* blocks seen so far, over all datasets: block b is read by rank b % size */
  int         failed;
  char        what[1024];
} MckVerify;

static void MckVerifyFail(MckVerify *v, const char object[], const char doing[])
{
  char why[512];

  MckHDF5ErrorString(why, sizeof(why));
  v->failed = 1;
  (void)PetscSNPrintf(v->what, sizeof(v->what), "the file is damaged: HDF5 failed while %s %s: %s", doing, object, why);
}

static herr_t MckVerifyAttribute(hid_t loc, const char *name, const H5A_info_t *info, void *data)
{
  MckVerify *v = (MckVerify *)data;
  hid_t      a, type = H5I_INVALID_HID, mem = H5I_INVALID_HID, space = H5I_INVALID_HID;
  void      *buf = NULL;
  htri_t     vlen;
  herr_t     err = -1;

  (void)info;
  if ((a = H5Aopen(loc, name, H5P_DEFAULT)) < 0) goto done;
  if ((type = H5Aget_type(a)) < 0 || (space = H5Aget_space(a)) < 0 ||
      (mem = H5Tget_native_type(type, H5T_DIR_ASCEND)) < 0)
    goto done;
  if ((vlen = H5Tdetect_class(mem, H5T_VLEN)) < 0) goto done;
  vlen = vlen || H5Tis_variable_str(mem) > 0;
  {
    hssize_t n    = H5Sget_simple_extent_npoints(space);
    size_t   size = (size_t)(n > 0 ? n : 1) * H5Tget_size(mem);

    if (n < 0 || !(buf = calloc(1, size))) goto done;
    if (H5Aread(a, mem, buf) < 0) goto done;
    if (vlen) (void)H5Dvlen_reclaim(mem, space, H5P_DEFAULT, buf);
  }
  err = 0;
done:
  if (err) {
    char object[300];

    (void)PetscSNPrintf(object, sizeof(object), "attribute %s", name);
    MckVerifyFail(v, object, "reading");
  }
  free(buf);
  if (mem >= 0) (void)H5Tclose(mem);
  if (type >= 0) (void)H5Tclose(type);
  if (space >= 0) (void)H5Sclose(space);
  if (a >= 0) (void)H5Aclose(a);
  return err;
}

/* Whether the dataset carries mckean_finite = 1. */
static PetscBool MckVerifyMustBeFinite(hid_t d)
{
  int64_t flag = 0;
  hid_t   a;

  if (H5Aexists(d, MCK_FINITE_ATTRIBUTE) <= 0 || (a = H5Aopen(d, MCK_FINITE_ATTRIBUTE, H5P_DEFAULT)) < 0)
    return PETSC_FALSE;
  if (H5Aread(a, H5T_NATIVE_INT64, &flag) < 0) flag = 0;
  (void)H5Aclose(a);
  return (PetscBool)(flag == 1);
}

/* Rows per block: whole chunks (along the first dimension), about MCK_VERIFY_BLOCK_BYTES. */
static hsize_t MckVerifyBlockRows(hid_t d, int nd, const hsize_t dims[], size_t rowbytes)
{
  hsize_t chunk[H5S_MAX_RANK],
      rows   = (hsize_t)PetscMax((size_t)1, MCK_VERIFY_BLOCK_BYTES / PetscMax(rowbytes, (size_t)1));
  hid_t dcpl = H5Dget_create_plist(d);

  if (dcpl >= 0 && H5Pget_layout(dcpl) == H5D_CHUNKED && H5Pget_chunk(dcpl, nd, chunk) == nd && chunk[0] > 0)
    rows = PetscMax(chunk[0], rows / chunk[0] * chunk[0]);
  if (dcpl >= 0) (void)H5Pclose(dcpl);
  (void)H5Eclear2(H5E_DEFAULT);
  return PetscMin(rows, PetscMax(dims[0], (hsize_t)1));
}

/* n values of rows first, first + 1, ... of perrow values each. */
static int MckVerifyFinite(MckVerify *v, const char name[], const double *x, size_t n, hsize_t first, size_t perrow)
{
  for (size_t i = 0; i < n; i++) {
    if (!isfinite(x[i])) {
      v->failed = 1;
      (void)PetscSNPrintf(
          v->what, sizeof(v->what),
          "%s holds %s (row %llu, column %llu), but was written with finite values only: the file was altered after it was written",
          name, isnan(x[i]) ? "NaN" : "an infinite value", (unsigned long long)(first + i / perrow),
          (unsigned long long)(i % perrow));
      return -1;
    }
  }
  return 0;
}

/* This rank's blocks of one dataset; variable-length data (which McKean does not write) is
 * left unread. */
static herr_t MckVerifyDataset(hid_t loc, const char link[], const char name[], MckVerify *v)
{
  hid_t     d, type = H5I_INVALID_HID, mem = H5I_INVALID_HID, space = H5I_INVALID_HID, memspace;
  hsize_t   dims[H5S_MAX_RANK], start[H5S_MAX_RANK] = {0}, count[H5S_MAX_RANK], rows;
  size_t    rowbytes;
  int       nd;
  PetscBool finite, isfloat;
  char     *buf = NULL;
  herr_t    err = 0;

  if ((d = H5Dopen2(loc, link, H5P_DEFAULT)) < 0) {
    MckVerifyFail(v, name, "opening dataset");
    return -1;
  }
  if ((type = H5Dget_type(d)) < 0 || (space = H5Dget_space(d)) < 0 || (nd = H5Sget_simple_extent_ndims(space)) < 0 ||
      H5Sget_simple_extent_dims(space, dims, NULL) < 0) {
    MckVerifyFail(v, name, "inspecting dataset");
    err = -1;
    goto done;
  }
  if (H5Tdetect_class(type, H5T_VLEN) > 0 || H5Tis_variable_str(type) > 0) goto done;
  isfloat = (PetscBool)(H5Tget_class(type) == H5T_FLOAT);
  finite  = MckVerifyMustBeFinite(d);
  if (finite && !(isfloat && H5Tget_size(type) == sizeof(double))) {
    /* HDF5 would convert other numbers to doubles on reading, and the restart would go on from
     * state that is not what was written */
    v->failed = 1;
    (void)PetscSNPrintf(v->what, sizeof(v->what),
                        "%s holds %d-byte %s, but was written as 8-byte reals: the file was altered after it was "
                        "written",
                        name, (int)H5Tget_size(type), isfloat ? "reals" : "values that are not reals");
    err = -1;
    goto done;
  }
  mem      = isfloat ? H5Tcopy(H5T_NATIVE_DOUBLE) : H5Tget_native_type(type, H5T_DIR_ASCEND);
  rowbytes = H5Tget_size(mem);
  if (nd == 0) dims[0] = 1; /* a scalar: one block of one element */
  for (int k = 1; k < nd && rowbytes; k++)
    if (__builtin_mul_overflow(rowbytes, (size_t)dims[k], &rowbytes)) rowbytes = SIZE_MAX;
  if (rowbytes && (rowbytes > (size_t)v->filesize || dims[0] > (hsize_t)v->filesize / rowbytes + 1)) {
    v->failed = 1;
    (void)PetscSNPrintf(v->what, sizeof(v->what),
                        "the file is damaged: dataset %s claims more data than the file holds", name);
    err = -1;
    goto done;
  }
  rows = MckVerifyBlockRows(d, nd, dims, rowbytes);
  if (!(buf = malloc(PetscMax((size_t)rows * rowbytes, (size_t)1)))) {
    v->failed = 1;
    (void)PetscSNPrintf(v->what, sizeof(v->what), "out of memory while reading %s", name);
    err = -1;
    goto done;
  }
  for (hsize_t r = 0; r < dims[0] && !err; r += rows, v->block++) {
    if (v->block % v->size != v->rank) continue;
    for (int k = 0; k < nd; k++) count[k] = dims[k];
    if (nd > 0) {
      start[0] = r;
      count[0] = PetscMin(rows, dims[0] - r);
      if (H5Sselect_hyperslab(space, H5S_SELECT_SET, start, NULL, count, NULL) < 0) err = -1;
    }
    if (!err && (memspace = nd > 0 ? H5Screate_simple(nd, count, NULL) : H5Screate(H5S_SCALAR)) < 0) err = -1;
    if (!err) {
      if (H5Dread(d, mem, memspace, nd > 0 ? space : H5S_ALL, H5P_DEFAULT, buf) < 0) err = -1;
      (void)H5Sclose(memspace);
    }
    if (err) MckVerifyFail(v, name, "reading dataset");
    else if (finite)
      err = MckVerifyFinite(v, name, (const double *)buf, (size_t)(nd > 0 ? count[0] : 1) * rowbytes / sizeof(double),
                            r, rowbytes / sizeof(double));
  }
done:
  free(buf);
  if (mem >= 0) (void)H5Tclose(mem);
  if (type >= 0) (void)H5Tclose(type);
  if (space >= 0) (void)H5Sclose(space);
  (void)H5Dclose(d);
  return err;
}

static herr_t MckVerifyObject(hid_t loc, const char *name, const H5O_info_t *info, void *data)
{
  MckVerify *v = (MckVerify *)data;
  char       path[PETSC_MAX_PATH_LEN];

  (void)snprintf(path, sizeof(path), "/%s", strcmp(name, ".") ? name : "");
  if (v->rank == 0 &&
      H5Aiterate_by_name(loc, name, H5_INDEX_NAME, H5_ITER_NATIVE, NULL, MckVerifyAttribute, v, H5P_DEFAULT) < 0) {
    if (!v->failed) MckVerifyFail(v, path, "reading the attributes of");
    return -1;
  }
  if (info->type == H5O_TYPE_DATASET) return MckVerifyDataset(loc, name, path, v);
  return 0;
}

/* This rank's share; v->failed and v->what say what it found. */
static void MckVerifyLocal(const char path[], MckVerify *v)
{
  struct stat st;
  hid_t       f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);

  v->filesize = stat(path, &st) == 0 ? st.st_size : 0;
  if (f < 0) {
    MckVerifyFail(v, "the file", "opening");
    return;
  }
  if (H5Ovisit2(f, H5_INDEX_NAME, H5_ITER_NATIVE, MckVerifyObject, v, H5O_INFO_BASIC) < 0 && !v->failed)
    MckVerifyFail(v, "the file's objects", "visiting");
  if (H5Fclose(f) < 0 && !v->failed) MckVerifyFail(v, "the file", "closing");
  (void)H5Eclear2(H5E_DEFAULT);
}

PetscErrorCode MckIOVerifyFile(MPI_Comm comm, const char path[], const char option[])
{
  MckVerify  *v;
  PetscMPIInt first;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&v));
  PetscCallMPI(MPI_Comm_rank(comm, &v->rank));
  PetscCallMPI(MPI_Comm_size(comm, &v->size));
  MckVerifyLocal(path, v);
  first = v->failed ? v->rank : v->size;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &first, 1, MPI_INT, MPI_MIN, comm));
  if (first < v->size) {
    char what[sizeof(v->what)];

    PetscCallMPI(MPI_Bcast(v->what, (PetscMPIInt)sizeof(v->what), MPI_CHAR, first, comm));
    PetscCall(PetscStrncpy(what, v->what, sizeof(what)));
    PetscCall(PetscFree(v));
    SETERRQ(comm, PETSC_ERR_USER_INPUT, "%s %s: %s", option, path, what);
  }
  PetscCall(PetscFree(v));
  PetscFunctionReturn(0);
}

/* Files verified by this process, as they were then (rank 0 of the verifying communicator):
 * a restart reads its checkpoint (MckIOOpenRead) and then continues it (MckIORestartRunFile),
 * and the second look need not read it all again unless the file has changed in between. */
#define MCK_VERIFIED_MAX 8
static MckFileId mck_verified[MCK_VERIFIED_MAX];
static int       mck_nverified, mck_next; /* a ring: the newest MCK_VERIFIED_MAX */

PetscBool MckFileIdGet(const char path[], int fd, MckFileId *id)
{
  struct stat st;

  if ((fd < 0 ? stat(path, &st) : fstat(fd, &st)) != 0) return PETSC_FALSE;
  memset(id, 0, sizeof(*id)); /* compared with memcmp: no stray padding bytes */
  id->dev   = st.st_dev;
  id->ino   = st.st_ino;
  id->size  = st.st_size;
  id->mtime = st.st_mtim;
  id->ctime = st.st_ctim;
  return PETSC_TRUE;
}

static PetscBool MckVerifiedKnown(const char path[])
{
  MckFileId v;

  if (!MckFileIdGet(path, -1, &v)) return PETSC_FALSE;
  for (int i = 0; i < mck_nverified; i++)
    if (!memcmp(&mck_verified[i], &v, sizeof(v))) return PETSC_TRUE;
  return PETSC_FALSE;
}

static void MckVerifiedRemember(const char path[])
{
  MckFileId v;

  if (!MckFileIdGet(path, -1, &v)) return;
  mck_verified[mck_next] = v;
  mck_next               = (mck_next + 1) % MCK_VERIFIED_MAX;
  if (mck_nverified < MCK_VERIFIED_MAX) mck_nverified++;
}

PetscErrorCode MckIOVerifyOnce(MPI_Comm comm, const char path[], const char option[])
{
  PetscMPIInt rank;
  PetscBool   known = PETSC_FALSE;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) known = MckVerifiedKnown(path);
  PetscCallMPI(MPI_Bcast(&known, 1, MPIU_BOOL, 0, comm));
  if (known) PetscFunctionReturn(0);
  PetscCall(MckIOVerifyFile(comm, path, option));
  if (rank == 0) MckVerifiedRemember(path);
  PetscFunctionReturn(0);
}
