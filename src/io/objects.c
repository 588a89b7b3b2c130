/* Groups, datasets and property lists: the pieces every kind of write is made of. All calls
 * here modify or query HDF5 metadata and are made by every rank with identical arguments, as
 * parallel HDF5 requires. */
#include "iohelpers.h"

PetscErrorCode MckIOGroupCreatePlist(hid_t *gcpl)
{
  PetscFunctionBeginUser;
  PetscCallHDF5(*gcpl = H5Pcreate(H5P_GROUP_CREATE), "creating a group creation property list");
  PetscCallHDF5(H5Pset_obj_track_times(*gcpl, 0), "switching off group timestamps");
  PetscFunctionReturn(0);
}

#define MCK_CHUNK_BYTES ((size_t)1 << 20)

/* The whole dataset, cut along its slowest dimensions to at most MCK_CHUNK_BYTES: one chunk
 * for small datasets, slabs of whole rows for large ones. */
static void MckIODefaultChunk(PetscInt ndims, const hsize_t dims[], size_t typesize, hsize_t chunk[])
{
  size_t bytes = typesize;

  for (PetscInt k = 0; k < ndims; k++) {
    chunk[k] = PetscMax(dims[k], (hsize_t)1);
    bytes *= (size_t)chunk[k];
  }
  for (PetscInt k = 0; k < ndims && bytes > MCK_CHUNK_BYTES; k++) {
    const size_t rest = bytes / (size_t)chunk[k];

    chunk[k] = (hsize_t)PetscMax(MCK_CHUNK_BYTES / rest, (size_t)1);
    bytes    = rest * (size_t)chunk[k];
  }
}

/* Fill values are never written: every element of a McKean dataset is written by the call
 * that creates or extends it, and parallel HDF5 allocates space when the dataset is created,
 * so a fill pass would write each large dataset twice. Every dataset that has elements is
 * chunked with the Fletcher32 filter, so that a damaged chunk is refused when it is read
 * (verify.c); a fixed dataset without elements has nothing to protect and no chunk shape. */
PetscErrorCode MckIODatasetCreatePlist(PetscInt ndims, const hsize_t dims[], const hsize_t maxdims[],
                                       const hsize_t chunk[], size_t typesize, hid_t *dcpl)
{
  hsize_t   c[H5S_MAX_RANK];
  PetscBool empty = PETSC_FALSE;

  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < ndims; k++)
    if (dims[k] == 0 && !(maxdims && maxdims[k] == H5S_UNLIMITED)) empty = PETSC_TRUE;
  PetscCallHDF5(*dcpl = H5Pcreate(H5P_DATASET_CREATE), "creating a dataset creation property list");
  PetscCallHDF5(H5Pset_obj_track_times(*dcpl, 0), "switching off dataset timestamps");
  PetscCallHDF5(H5Pset_fill_time(*dcpl, H5D_FILL_TIME_NEVER), "switching off fill values");
  if (empty) PetscFunctionReturn(0);
  if (chunk) PetscCall(PetscArraycpy(c, chunk, ndims));
  else MckIODefaultChunk(ndims, dims, typesize, c);
  PetscCallHDF5(H5Pset_chunk(*dcpl, (int)ndims, c), "setting the chunk shape");
  PetscCallHDF5(H5Pset_fletcher32(*dcpl), "adding the Fletcher32 checksum");
  PetscFunctionReturn(0);
}

PetscErrorCode MckIOCollectiveTransfer(hid_t *dxpl)
{
  PetscFunctionBeginUser;
  PetscCallHDF5(*dxpl = H5Pcreate(H5P_DATASET_XFER), "creating a transfer property list");
  PetscCallHDF5(H5Pset_dxpl_mpio(*dxpl, H5FD_MPIO_COLLECTIVE), "selecting collective transfers");
  PetscFunctionReturn(0);
}

/* Calls visit(prefix, islast) for "/a", "/a/b", "/a/b/c" of "/a/b/c" (or "a/b/c"). */
typedef PetscErrorCode (*MckPathVisitor)(MckIO, const char[], PetscBool, void *);

static PetscErrorCode MckIOWalkPath(MckIO io, const char obj[], MckPathVisitor visit, void *ctx)
{
  char   prefix[PETSC_MAX_PATH_LEN];
  size_t len, n = 0;

  PetscFunctionBeginUser;
  PetscCall(PetscStrlen(obj, &len));
  PetscCheck(len < sizeof(prefix), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "HDF5 object path too long: %s", obj);
  for (size_t i = 0; i < len; i++) {
    if (obj[i] == '/' && (n == 0 || prefix[n - 1] == '/')) continue; /* skip repeated '/' */
    if (obj[i] == '/' || n == 0) {
      prefix[n++] = '/';
      if (obj[i] == '/') continue;
    }
    prefix[n++] = obj[i];
    if (i + 1 == len || obj[i + 1] == '/') {
      PetscBool last = PETSC_TRUE;

      for (size_t j = i + 1; j < len; j++)
        if (obj[j] != '/') last = PETSC_FALSE;
      prefix[n] = 0;
      PetscCall(visit(io, prefix, last, ctx));
    }
  }
  PetscFunctionReturn(0);
}

typedef struct {
  PetscBool exists;
} MckExistsCtx;

static PetscErrorCode MckIOVisitExists(MckIO io, const char prefix[], PetscBool last, void *ctx)
{
  MckExistsCtx *c = (MckExistsCtx *)ctx;
  htri_t        e;

  PetscFunctionBeginUser;
  if (!c->exists) PetscFunctionReturn(0); /* a missing parent: H5Lexists would fail */
  PetscCallHDF5(e = H5Lexists(io->file, prefix, H5P_DEFAULT), "looking up %s in %s", prefix, io->path);
  c->exists = e > 0 ? PETSC_TRUE : PETSC_FALSE;
  if (c->exists && !last) { /* nothing lies below a dataset */
    H5O_info_t info;

    PetscCallHDF5(H5Oget_info_by_name2(io->file, prefix, &info, H5O_INFO_BASIC, H5P_DEFAULT), "inspecting %s in %s",
                  prefix, io->path);
    c->exists = info.type == H5O_TYPE_GROUP ? PETSC_TRUE : PETSC_FALSE;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckIOPathExists(MckIO io, const char obj[], PetscBool *exists)
{
  MckExistsCtx ctx = {PETSC_TRUE};

  PetscFunctionBeginUser;
  PetscCall(MckIOWalkPath(io, obj, MckIOVisitExists, &ctx));
  *exists = ctx.exists;
  PetscFunctionReturn(0);
}

/*@C
  MckIOHasObject - Whether a group or dataset exists in the file.

  Not Collective

  Input Parameters:
+ io  - the handle, with a file open
- obj - the path (repeated slashes are allowed)

  Output Parameter:
. has - `PETSC_TRUE` if every component of the path exists (and all but the last are groups)

  Level: intermediate

.seealso: `MckIOReadArray()`, `MckIOReadAttributeString()`
@*/
PetscErrorCode MckIOHasObject(MckIO io, const char obj[], PetscBool *has)
{
  PetscFunctionBeginUser;
  PetscCall(MckIOCheckOpen(io, PETSC_FALSE));
  PetscCall(MckIOPathExists(io, obj, has));
  PetscFunctionReturn(0);
}

typedef struct {
  PetscBool last;
  hid_t     gcpl;
} MckGroupsCtx;

/* Groups are created one level at a time (rather than through HDF5's "create intermediate
 * groups" link property) so that each gets McKean's creation properties: no timestamps. */
static PetscErrorCode MckIOVisitCreate(MckIO io, const char prefix[], PetscBool last, void *ctx)
{
  MckGroupsCtx *c = (MckGroupsCtx *)ctx;
  htri_t        e;
  hid_t         g;

  PetscFunctionBeginUser;
  if (last && !c->last) PetscFunctionReturn(0);
  PetscCallHDF5(e = H5Lexists(io->file, prefix, H5P_DEFAULT), "looking up %s in %s", prefix, io->path);
  if (e > 0) {
    H5O_info_t info;

    PetscCallHDF5(H5Oget_info_by_name2(io->file, prefix, &info, H5O_INFO_BASIC, H5P_DEFAULT), "inspecting %s in %s",
                  prefix, io->path);
    PetscCheck(last || info.type == H5O_TYPE_GROUP, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
               "%s in %s is not a group, so it cannot contain other objects", prefix, io->path);
    PetscFunctionReturn(0);
  }
  PetscCallHDF5(g = H5Gcreate2(io->file, prefix, H5P_DEFAULT, c->gcpl, H5P_DEFAULT), "creating group %s in %s", prefix,
                io->path);
  PetscCallHDF5(H5Gclose(g), "closing group %s", prefix);
  PetscFunctionReturn(0);
}

PetscErrorCode MckIOEnsureGroups(MckIO io, const char obj[], PetscBool last)
{
  MckGroupsCtx ctx;

  PetscFunctionBeginUser;
  ctx.last = last;
  PetscCall(MckIOGroupCreatePlist(&ctx.gcpl));
  PetscCall(MckIOWalkPath(io, obj, MckIOVisitCreate, &ctx));
  PetscCallHDF5(H5Pclose(ctx.gcpl), "closing a property list");
  PetscFunctionReturn(0);
}

PetscErrorCode MckIODatasetGetShape(MckIO io, hid_t d, const char dset[], PetscInt maxdims, PetscInt *ndims,
                                    hsize_t dims[])
{
  hid_t space;
  int   n;

  PetscFunctionBeginUser;
  PetscCallHDF5(space = H5Dget_space(d), "getting the shape of %s in %s", dset, io->path);
  PetscCallHDF5(n = H5Sget_simple_extent_ndims(space), "getting the rank of %s in %s", dset, io->path);
  PetscCheck(n <= maxdims, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "%s %s: dataset %s has %d dimensions, at most %d expected", io->option, io->path, dset, n, (int)maxdims);
  PetscCallHDF5(H5Sget_simple_extent_dims(space, dims, NULL), "getting the shape of %s in %s", dset, io->path);
  PetscCallHDF5(H5Sclose(space), "closing a dataspace");
  *ndims = n;
  PetscFunctionReturn(0);
}

PetscErrorCode MckIODatasetOpen(MckIO io, const char dset[], hid_t *d)
{
  PetscBool exists = PETSC_FALSE;

  PetscFunctionBeginUser;
  PetscCall(MckIOCheckOpen(io, PETSC_FALSE));
  PetscCall(MckIOPathExists(io, dset, &exists));
  PetscCheck(exists, io->comm, PETSC_ERR_USER_INPUT, "%s %s: the file has no dataset %s", io->option, io->path, dset);
  PetscCallHDF5(*d = H5Dopen2(io->file, dset, H5P_DEFAULT), "opening dataset %s in %s", dset, io->path);
  PetscFunctionReturn(0);
}

static void MckIOFormatShape(PetscInt ndims, const hsize_t dims[], char buf[], size_t len)
{
  size_t n = 0;

  buf[0] = 0;
  for (PetscInt k = 0; k < ndims && n < len; k++)
    n += (size_t)snprintf(buf + n, len - n, "%s%llu", k ? ", " : "(", (unsigned long long)dims[k]);
  if (n < len) (void)snprintf(buf + n, len - n, ")");
}

/* An existing dataset is reused when its shape agrees (dimensions that may grow excepted). */
static PetscErrorCode MckIODatasetCheckShape(MckIO io, hid_t d, const char dset[], PetscInt ndims, const hsize_t dims[],
                                             const hsize_t maxdims[])
{
  PetscInt  n;
  hsize_t   have[H5S_MAX_RANK];
  PetscBool same;

  PetscFunctionBeginUser;
  PetscCall(MckIODatasetGetShape(io, d, dset, H5S_MAX_RANK, &n, have));
  same = n == ndims ? PETSC_TRUE : PETSC_FALSE;
  for (PetscInt k = 0; same && k < ndims; k++)
    if (have[k] != dims[k] && !(maxdims && maxdims[k] == H5S_UNLIMITED)) same = PETSC_FALSE;
  if (!same) {
    char a[128], b[128];

    MckIOFormatShape(n, have, a, sizeof(a));
    MckIOFormatShape(ndims, dims, b, sizeof(b));
    SETERRQ(io->comm, PETSC_ERR_ARG_INCOMP, "%s: dataset %s already exists with shape %s, cannot write shape %s",
            io->path, dset, a, b);
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckIODatasetCreateOrOpen(MckIO io, const char dset[], hid_t type, PetscInt ndims, const hsize_t dims[],
                                        const hsize_t maxdims[], const hsize_t chunk[], hid_t *d)
{
  PetscBool exists = PETSC_FALSE;
  hid_t     space, dcpl;

  PetscFunctionBeginUser;
  PetscCall(MckIOCheckOpen(io, PETSC_TRUE));
  PetscCheck(ndims >= 1 && ndims <= 4, io->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%s: dataset %s must have 1 to 4 dimensions, not %d", io->path, dset, (int)ndims);
  PetscCall(MckIOPathExists(io, dset, &exists));
  if (exists) {
    PetscCallHDF5(*d = H5Dopen2(io->file, dset, H5P_DEFAULT), "opening dataset %s in %s", dset, io->path);
    PetscCall(MckIODatasetCheckShape(io, *d, dset, ndims, dims, maxdims));
    PetscFunctionReturn(0);
  }
  PetscCall(MckIOEnsureGroups(io, dset, PETSC_FALSE));
  PetscCallHDF5(space = H5Screate_simple((int)ndims, dims, maxdims), "creating the dataspace of %s", dset);
  PetscCall(MckIODatasetCreatePlist(ndims, dims, maxdims, chunk, H5Tget_size(type), &dcpl));
  PetscCallHDF5(*d = H5Dcreate2(io->file, dset, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT),
                "creating dataset %s in %s", dset, io->partial);
  PetscCallHDF5(H5Pclose(dcpl), "closing a property list");
  PetscCallHDF5(H5Sclose(space), "closing a dataspace");
  PetscFunctionReturn(0);
}

/* File and memory selections of a replicated transfer: the hyperslab on rank 0, nothing on
 * the others, so the bytes in the file do not depend on the number of ranks. */
static PetscErrorCode MckIOReplicatedSpaces(MckIO io, hid_t d, PetscInt ndims, const hsize_t start[],
                                            const hsize_t count[], hid_t *filespace, hid_t *memspace)
{
  PetscFunctionBeginUser;
  PetscCallHDF5(*filespace = H5Dget_space(d), "getting a dataspace");
  PetscCallHDF5(*memspace = H5Screate_simple((int)ndims, count, NULL), "creating a memory dataspace");
  if (io->rank == 0) {
    PetscCallHDF5(H5Sselect_hyperslab(*filespace, H5S_SELECT_SET, start, NULL, count, NULL), "selecting a hyperslab");
  } else {
    PetscCallHDF5(H5Sselect_none(*filespace), "selecting nothing");
    PetscCallHDF5(H5Sselect_none(*memspace), "selecting nothing");
  }
  PetscFunctionReturn(0);
}

static PetscBool MckIOEmpty(PetscInt ndims, const hsize_t count[])
{
  for (PetscInt k = 0; k < ndims; k++)
    if (count[k] == 0) return PETSC_TRUE;
  return PETSC_FALSE;
}

/* The block (start, count) of d written from buf (write) or read into it, through the spaces
 * MckIOReplicatedSpaces() selects (rank 0's block; the other ranks' are empty). */
static PetscErrorCode MckIOTransferReplicated(MckIO io, hid_t d, hid_t memtype, PetscInt ndims, const hsize_t start[],
                                              const hsize_t count[], void *buf, PetscBool write)
{
  hid_t filespace, memspace, dxpl;

  PetscFunctionBeginUser;
  PetscCall(MckIOReplicatedSpaces(io, d, ndims, start, count, &filespace, &memspace));
  PetscCall(MckIOCollectiveTransfer(&dxpl));
  if (write) PetscCallHDF5(H5Dwrite(d, memtype, memspace, filespace, dxpl, buf), "writing to %s", io->partial);
  else PetscCallHDF5(H5Dread(d, memtype, memspace, filespace, dxpl, buf), "reading from %s", io->path);
  PetscCallHDF5(H5Pclose(dxpl), "closing a property list");
  PetscCallHDF5(H5Sclose(memspace), "closing a dataspace");
  PetscCallHDF5(H5Sclose(filespace), "closing a dataspace");
  PetscFunctionReturn(0);
}

PetscErrorCode MckIOWriteReplicated(MckIO io, hid_t d, hid_t memtype, PetscInt ndims, const hsize_t start[],
                                    const hsize_t count[], const void *buf)
{
  PetscFunctionBeginUser;
  if (MckIOEmpty(ndims, count)) PetscFunctionReturn(0); /* the same decision on every rank */
  PetscCall(MckIOTransferReplicated(io, d, memtype, ndims, start, count, (void *)buf, PETSC_TRUE));
  PetscFunctionReturn(0);
}

/* Rank 0 reads and broadcasts: one reader instead of every rank hitting the file system. */
PetscErrorCode MckIOReadReplicated(MckIO io, hid_t d, hid_t memtype, MPI_Datatype mpitype, PetscInt ndims,
                                   const hsize_t start[], const hsize_t count[], void *buf)
{
  size_t n = 1;

  PetscFunctionBeginUser;
  if (MckIOEmpty(ndims, count)) PetscFunctionReturn(0);
  for (PetscInt k = 0; k < ndims; k++) n *= (size_t)count[k];
  PetscCall(MckIOTransferReplicated(io, d, memtype, ndims, start, count, buf, PETSC_FALSE));
  PetscCall(MckIOBcastLarge(buf, n, mpitype, H5Tget_size(memtype), io->comm));
  PetscFunctionReturn(0);
}

PetscErrorCode MckIOBcastLarge(void *buf, size_t count, MPI_Datatype type, size_t typesize, MPI_Comm comm)
{
  const size_t piece = (size_t)1 << 26;

  PetscFunctionBeginUser;
  for (size_t off = 0; off < count; off += piece) {
    size_t n = count - off < piece ? count - off : piece;

    PetscCallMPI(MPI_Bcast((char *)buf + off * typesize, (int)n, type, 0, comm));
  }
  PetscFunctionReturn(0);
}
