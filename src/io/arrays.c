/* Datasets of doubles and integers: replicated arrays (rank 0 moves the bytes) and distributed
 * rows in global-id order (each rank its own row range, collective MPI-IO transfers).
 * Stored types are little-endian on every machine.
 *
 * In a checkpoint, every dataset of doubles records whether it was written with finite values
 * only (attribute mckean_finite): state that was finite must read back finite, or the
 * checkpoint is refused (verify.c). State may legitimately hold non-finite values (a dropped
 * ensemble member), so the check follows what was written, not a rule. */
#include "iohelpers.h"
#include <math.h>

static PetscBool MckAllFinite(const PetscReal *x, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (!isfinite((double)x[i])) return PETSC_FALSE;
  return PETSC_TRUE;
}

/* Record finite (agreed by the caller's ranks, or rank 0's value: attributes are broadcast
 * from rank 0) on a checkpoint's dataset. Collective. */
static PetscErrorCode MckIOMarkFinite(MckIO io, const char dset[], PetscBool finite)
{
  PetscFunctionBeginUser;
  if (io->kind == MCKIO_CHECKPOINT_FILE)
    PetscCall(MckIOWriteAttributeInt(io, dset, MCK_FINITE_ATTRIBUTE, finite ? 1 : 0));
  PetscFunctionReturn(0);
}

static PetscErrorCode MckIOCopyDims(MckIO io, const char dset[], PetscInt ndims, const PetscInt64 dims[], hsize_t h[])
{
  PetscFunctionBeginUser;
  PetscCheck(ndims >= 1 && ndims <= 4, io->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%s: dataset %s must have 1 to 4 dimensions, not %d", io->path, dset, (int)ndims);
  for (PetscInt k = 0; k < ndims; k++) {
    PetscCheck(dims[k] >= 0, io->comm, PETSC_ERR_ARG_OUTOFRANGE,
               "%s: dataset %s has negative dimension %" PetscInt64_FMT, io->path, dset, dims[k]);
    h[k] = (hsize_t)dims[k];
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode MckIOWriteArrayTyped(MckIO io, const char dset[], PetscInt ndims, const PetscInt64 dims[],
                                           hid_t filetype, hid_t memtype, const void *data)
{
  hsize_t h[4], start[4] = {0, 0, 0, 0};
  hid_t   d;

  PetscFunctionBeginUser;
  PetscCall(MckIOCheckOpen(io, PETSC_TRUE));
  PetscCall(MckIOCopyDims(io, dset, ndims, dims, h));
  PetscCall(PetscLogEventBegin(MCK_EVENT_IOWrite, 0, 0, 0, 0));
  PetscCall(MckIODatasetCreateOrOpen(io, dset, filetype, ndims, h, NULL, NULL, &d));
  PetscCall(MckIOWriteReplicated(io, d, memtype, ndims, start, h, data));
  PetscCallHDF5(H5Dclose(d), "closing dataset %s", dset);
  PetscCall(PetscLogEventEnd(MCK_EVENT_IOWrite, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/*@C
  MckIOWriteArray - Writes a replicated array of reals (every rank holds the same data; rank 0's
  is written) as a dataset of little-endian doubles.

  Collective

  Input Parameters:
+ io    - the handle, open for writing
. dset  - the dataset path; missing groups are created; an existing dataset of the same shape is overwritten
. ndims - the number of dimensions, 1 to 4
. dims  - the shape
- data  - the values, row-major (used on rank 0 only)

  Notes:
  The bytes in the file do not depend on the number of ranks. An existing dataset of another
  shape is a `PETSC_ERR_ARG_INCOMP` error. In a checkpoint the dataset records whether its values
  were all finite, and a restart refuses it if they no longer are.

  Level: intermediate

.seealso: `MckIOReadArray()`, `MckIOWriteArrayInt()`, `MckIOWriteRows()`
@*/
PetscErrorCode MckIOWriteArray(MckIO io, const char dset[], PetscInt ndims, const PetscInt64 dims[],
                               const PetscReal data[])
{
  size_t n = 1;

  PetscFunctionBeginUser;
  PetscCall(MckIOWriteArrayTyped(io, dset, ndims, dims, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, data));
  for (PetscInt k = 0; k < ndims; k++) n *= (size_t)dims[k];
  PetscCall(MckIOMarkFinite(io, dset,
                            io->kind == MCKIO_CHECKPOINT_FILE && io->rank == 0 ? MckAllFinite(data, n) : PETSC_TRUE));
  PetscFunctionReturn(0);
}

/*@C
  MckIOWriteArrayInt - Writes a replicated array of 64-bit integers (every rank holds the same
  data; rank 0's is written) as a little-endian dataset.

  Collective

  Input Parameters:
+ io    - the handle, open for writing
. dset  - the dataset path; missing groups are created; an existing dataset of the same shape is overwritten
. ndims - the number of dimensions, 1 to 4
. dims  - the shape
- data  - the values, row-major (used on rank 0 only)

  Level: intermediate

.seealso: `MckIOReadArrayInt()`, `MckIOWriteArray()`
@*/
PetscErrorCode MckIOWriteArrayInt(MckIO io, const char dset[], PetscInt ndims, const PetscInt64 dims[],
                                  const PetscInt64 data[])
{
  PetscFunctionBeginUser;
  PetscCall(MckIOWriteArrayTyped(io, dset, ndims, dims, H5T_STD_I64LE, H5T_NATIVE_INT64, data));
  PetscFunctionReturn(0);
}

static PetscErrorCode MckIOReadArrayTyped(MckIO io, const char dset[], PetscInt *ndims, PetscInt64 dims[],
                                          hid_t memtype, MPI_Datatype mpitype, void *data)
{
  hsize_t h[4], start[4] = {0, 0, 0, 0};
  hid_t   d;

  PetscFunctionBeginUser;
  PetscCall(MckIODatasetOpen(io, dset, &d));
  PetscCall(MckIODatasetGetShape(io, d, dset, 4, ndims, h));
  PetscCheck(*ndims >= 1, io->comm, PETSC_ERR_USER_INPUT, "%s %s: dataset %s is a scalar, not an array", io->option,
             io->path, dset);
  for (PetscInt k = 0; k < *ndims; k++) dims[k] = (PetscInt64)h[k];
  if (data) PetscCall(MckIOReadReplicated(io, d, memtype, mpitype, *ndims, start, h, data));
  PetscCallHDF5(H5Dclose(d), "closing dataset %s", dset);
  PetscFunctionReturn(0);
}

/*@C
  MckIOReadArray - Reads a replicated array of reals: rank 0 reads, every rank receives the data.

  Collective

  Input Parameters:
+ io   - the handle, with a file open
- dset - the dataset path

  Output Parameters:
+ ndims - the number of dimensions (at most 4)
. dims  - the shape (room for 4 entries)
- data  - the values, row-major; NULL to query the shape only

  Notes:
  A missing dataset, a scalar or one of more than 4 dimensions is a `PETSC_ERR_USER_INPUT`
  error (the file was named by the user), in one line naming the option and the path. The caller
  must size data from a previous shape query or from what it expects.

  Level: intermediate

.seealso: `MckIOWriteArray()`, `MckIOReadArrayInt()`, `MckIOHasObject()`
@*/
PetscErrorCode MckIOReadArray(MckIO io, const char dset[], PetscInt *ndims, PetscInt64 dims[], PetscReal data[])
{
  PetscFunctionBeginUser;
  PetscCall(MckIOReadArrayTyped(io, dset, ndims, dims, H5T_NATIVE_DOUBLE, MPI_DOUBLE, data));
  PetscFunctionReturn(0);
}

/*@C
  MckIOReadArrayInt - Reads a replicated array of 64-bit integers: rank 0 reads, every rank
  receives the data.

  Collective

  Input Parameters:
+ io   - the handle, with a file open
- dset - the dataset path

  Output Parameters:
+ ndims - the number of dimensions (at most 4)
. dims  - the shape (room for 4 entries)
- data  - the values, row-major; NULL to query the shape only

  Level: intermediate

.seealso: `MckIOWriteArrayInt()`, `MckIOReadArray()`
@*/
PetscErrorCode MckIOReadArrayInt(MckIO io, const char dset[], PetscInt *ndims, PetscInt64 dims[], PetscInt64 data[])
{
  PetscFunctionBeginUser;
  PetscCall(MckIOReadArrayTyped(io, dset, ndims, dims, H5T_NATIVE_INT64, MPIU_INT64, data));
  PetscFunctionReturn(0);
}

/* ---- distributed rows ------------------------------------------------------------------ */

/* Rows are moved in rounds of at most this many values per rank: the packing buffer stays
 * bounded (64 MiB) and no single MPI-IO call exceeds the 2 GiB that int counts allow. */
#define MCK_ROWS_ROUND_VALUES ((PetscInt64)1 << 23)

typedef struct {
  const char *dset;
  PetscInt64  N, gstart, snap; /* snap < 0: a 2-D (N, ncomp) dataset; else a slab of (nsnap, N, ncomp) */
  PetscInt    nlocal, ncomp;
} MckRows;

/* The ranks must agree on N and ncomp, own ranges inside [0, N), and together own N rows. */
static PetscErrorCode MckIORowsCheck(MckIO io, const MckRows *r)
{
  PetscInt64 sum[2], ext[4], in[2], bad;

  PetscFunctionBeginUser;
  bad    = (r->nlocal < 0 || r->gstart < 0 || r->gstart + r->nlocal > r->N) ? 1 : 0;
  in[0]  = r->nlocal;
  in[1]  = bad;
  ext[0] = r->N;
  ext[1] = -r->N;
  ext[2] = r->ncomp;
  ext[3] = -r->ncomp;
  PetscCallMPI(MPI_Allreduce(in, sum, 2, MPIU_INT64, MPI_SUM, io->comm));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, ext, 4, MPIU_INT64, MPI_MAX, io->comm));
  PetscCheck(ext[0] == -ext[1] && ext[2] == -ext[3], io->comm, PETSC_ERR_ARG_INCOMP,
             "%s: ranks disagree on the shape of %s", io->path, r->dset);
  PetscCheck(r->ncomp >= 1, io->comm, PETSC_ERR_ARG_OUTOFRANGE, "%s: dataset %s needs at least one component", io->path,
             r->dset);
  PetscCheck(!sum[1], io->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "%s: a rank's rows of %s lie outside [0, %" PetscInt64_FMT ")", io->path, r->dset, r->N);
  PetscCheck(sum[0] == r->N, io->comm, PETSC_ERR_ARG_INCOMP,
             "%s: the ranks hold %" PetscInt64_FMT " rows of %s, not N = %" PetscInt64_FMT, io->path, sum[0], r->dset,
             r->N);
  PetscFunctionReturn(0);
}

/* Select local rows [first, first + count) (global rows gstart + first ...) in the file and a
 * packed buffer in memory; a rank with nothing to move this round selects nothing but still
 * takes part in the collective call. */
static PetscErrorCode MckIORowsSelect(const MckRows *r, hid_t filespace, PetscInt64 first, PetscInt64 count,
                                      hid_t *memspace)
{
  PetscFunctionBeginUser;
  if (count == 0) {
    const hsize_t one = 1;

    PetscCallHDF5(H5Sselect_none(filespace), "selecting nothing");
    PetscCallHDF5(*memspace = H5Screate_simple(1, &one, NULL), "creating a memory dataspace");
    PetscCallHDF5(H5Sselect_none(*memspace), "selecting nothing");
  } else {
    const hsize_t n = (hsize_t)(count * r->ncomp);
    hsize_t       start[3], cnt[3];
    int           nd = 0;

    if (r->snap >= 0) {
      start[nd] = (hsize_t)r->snap;
      cnt[nd++] = 1;
    }
    start[nd] = (hsize_t)(r->gstart + first);
    cnt[nd++] = (hsize_t)count;
    if (nd < H5Sget_simple_extent_ndims(filespace)) { /* not a vector of shape (N) */
      start[nd] = 0;
      cnt[nd++] = (hsize_t)r->ncomp;
    }
    PetscCallHDF5(H5Sselect_hyperslab(filespace, H5S_SELECT_SET, start, NULL, cnt, NULL), "selecting rows of %s",
                  r->dset);
    PetscCallHDF5(*memspace = H5Screate_simple(1, &n, NULL), "creating a memory dataspace");
  }
  PetscFunctionReturn(0);
}

/* Collective transfer of every rank's rows between comp[c][i] (structure of arrays) and the
 * row-major dataset, through a packed buffer. */
static PetscErrorCode MckIORowsTransfer(MckIO io, hid_t d, const MckRows *r, PetscBool write, PetscReal *const comp[])
{
  const PetscInt64 round = PetscMax(1, MCK_ROWS_ROUND_VALUES / r->ncomp);
  PetscInt64       nrounds;
  double          *buf;
  hid_t            filespace, dxpl;

  PetscFunctionBeginUser;
  nrounds = (r->nlocal + round - 1) / round;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &nrounds, 1, MPIU_INT64, MPI_MAX, io->comm));
  PetscCall(PetscMalloc1(PetscMax(1, PetscMin(round, (PetscInt64)r->nlocal) * r->ncomp), &buf));
  PetscCall(MckIOCollectiveTransfer(&dxpl));
  PetscCallHDF5(filespace = H5Dget_space(d), "getting the dataspace of %s", r->dset);
  for (PetscInt64 k = 0; k < nrounds; k++) {
    const PetscInt64 first = PetscMin(k * round, (PetscInt64)r->nlocal);
    const PetscInt64 count = PetscMin(round, r->nlocal - first);
    hid_t            memspace;

    PetscCall(MckIORowsSelect(r, filespace, first, count, &memspace));
    if (write) {
      for (PetscInt64 i = 0; i < count; i++)
        for (PetscInt c = 0; c < r->ncomp; c++) buf[i * r->ncomp + c] = (double)comp[c][first + i];
      PetscCallHDF5(H5Dwrite(d, H5T_NATIVE_DOUBLE, memspace, filespace, dxpl, buf), "writing rows of %s to %s", r->dset,
                    io->partial);
    } else {
      PetscCallHDF5(H5Dread(d, H5T_NATIVE_DOUBLE, memspace, filespace, dxpl, buf), "reading rows of %s from %s",
                    r->dset, io->path);
      for (PetscInt64 i = 0; i < count; i++)
        for (PetscInt c = 0; c < r->ncomp; c++) comp[c][first + i] = (PetscReal)buf[i * r->ncomp + c];
    }
    PetscCallHDF5(H5Sclose(memspace), "closing a dataspace");
  }
  PetscCallHDF5(H5Sclose(filespace), "closing a dataspace");
  PetscCallHDF5(H5Pclose(dxpl), "closing a property list");
  PetscCall(PetscFree(buf));
  PetscFunctionReturn(0);
}

/*@C
  MckIOWriteRows - Writes distributed rows: a dataset of shape (N, ncomp) in global-id order, each
  rank giving its rows in structure-of-arrays form.

  Collective

  Input Parameters:
+ io     - the handle, open for writing
. dset   - the dataset path; missing groups are created; an existing dataset of the same shape is overwritten
. N      - the number of rows, the same on every rank
. gstart - the global id of this rank's first row
. nlocal - the number of rows this rank holds, rows [gstart, gstart + nlocal)
. ncomp  - the number of columns, >= 1, the same on every rank
- comp   - ncomp arrays of nlocal values: comp[c][i] is column c of row gstart + i

  Notes:
  The file's bytes depend only on the rows, not on how they are spread over the ranks. Ranks
  that disagree on N or ncomp, rows outside [0, N), or ranges that do not add up to N are errors
  raised on every rank. Transfers are collective MPI-IO in rounds of at most 2^23 values per
  rank. In a checkpoint, whether all values were finite is recorded for the restart's check.

  Level: intermediate

.seealso: `MckIOReadRows()`, `MckIOAppendRows()`, `MckStatsChunkOwnership()`
@*/
PetscErrorCode MckIOWriteRows(MckIO io, const char dset[], PetscInt64 N, PetscInt64 gstart, PetscInt nlocal,
                              PetscInt ncomp, PetscReal *const comp[])
{
  MckRows r = {dset, N, gstart, -1, nlocal, ncomp};
  hsize_t dims[2];
  hid_t   d;

  PetscFunctionBeginUser;
  PetscCall(MckIOCheckOpen(io, PETSC_TRUE));
  PetscCall(MckIORowsCheck(io, &r));
  PetscCall(PetscLogEventBegin(MCK_EVENT_IOWrite, 0, 0, 0, 0));
  dims[0] = (hsize_t)N;
  dims[1] = (hsize_t)ncomp;
  PetscCall(MckIODatasetCreateOrOpen(io, dset, H5T_IEEE_F64LE, 2, dims, NULL, NULL, &d));
  PetscCall(MckIORowsTransfer(io, d, &r, PETSC_TRUE, comp));
  PetscCallHDF5(H5Dclose(d), "closing dataset %s", dset);
  if (io->kind == MCKIO_CHECKPOINT_FILE) {
    PetscBool finite = PETSC_TRUE;

    for (PetscInt c = 0; c < ncomp && finite; c++) finite = MckAllFinite(comp[c], (size_t)nlocal);
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &finite, 1, MPIU_BOOL, MPI_LAND, io->comm));
    PetscCall(MckIOMarkFinite(io, dset, finite));
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_IOWrite, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/*@C
  MckIOReadRows - Reads distributed rows of a dataset of shape (N, ncomp), each rank its own range.

  Collective

  Input Parameters:
+ io     - the handle, with a file open
. dset   - the dataset path
. N      - the number of rows, the same on every rank
. gstart - the global id of this rank's first row
. nlocal - the number of rows this rank reads, rows [gstart, gstart + nlocal)
- ncomp  - the number of columns, the same on every rank

  Output Parameter:
. comp - ncomp arrays of nlocal values: comp[c][i] is column c of row gstart + i

  Notes:
  The ranks may split the rows differently from the run that wrote them (a restart on another
  rank count). A vector of shape (N) is read as (N, 1). A missing dataset, or one whose shape
  is not (N, ncomp), is a `PETSC_ERR_USER_INPUT` error naming the option and the path; the range
  checks are those of `MckIOWriteRows()`.

  Level: intermediate

.seealso: `MckIOWriteRows()`, `MckIOOpenRead()`
@*/
PetscErrorCode MckIOReadRows(MckIO io, const char dset[], PetscInt64 N, PetscInt64 gstart, PetscInt nlocal,
                             PetscInt ncomp, PetscReal *const comp[])
{
  MckRows  r = {dset, N, gstart, -1, nlocal, ncomp};
  hsize_t  dims[3];
  PetscInt nd;
  hid_t    d;

  PetscFunctionBeginUser;
  PetscCall(MckIORowsCheck(io, &r));
  PetscCall(MckIODatasetOpen(io, dset, &d));
  PetscCall(MckIODatasetGetShape(io, d, dset, 3, &nd, dims));
  PetscCheck(nd >= 1 && dims[0] == (hsize_t)N && ((nd == 2 && dims[1] == (hsize_t)ncomp) || (nd == 1 && ncomp == 1)),
             io->comm, PETSC_ERR_USER_INPUT,
             "%s %s: dataset %s does not have the shape (%" PetscInt64_FMT ", %d) this run expects", io->option,
             io->path, dset, N, (int)ncomp);
  PetscCall(MckIORowsTransfer(io, d, &r, PETSC_FALSE, comp));
  PetscCallHDF5(H5Dclose(d), "closing dataset %s", dset);
  PetscFunctionReturn(0);
}

/* Chunks hold one snapshot of up to 64 Ki rows (at most 2 MiB): large enough for efficient
 * transfers, small enough that a reader of one particle's history does not read everything. */
/*@C
  MckIOAppendRows - Appends one snapshot of distributed rows to an extendible dataset of shape
  (nsnap, N, ncomp), creating it on the first call.

  Collective

  Input Parameters:
+ io     - the handle, open for writing
. dset   - the dataset path; missing groups are created
. N      - the number of rows, >= 1, the same on every rank
. gstart - the global id of this rank's first row
. nlocal - the number of rows this rank holds, rows [gstart, gstart + nlocal)
. ncomp  - the number of columns, >= 1, the same on every rank
- comp   - ncomp arrays of nlocal values: comp[c][i] is column c of row gstart + i

  Notes:
  Chunks hold one snapshot of up to 64 Ki rows, so that one particle's history can be read
  without reading everything. The range checks are those of `MckIOWriteRows()`; an existing
  dataset whose (N, ncomp) differ is a `PETSC_ERR_ARG_INCOMP` error.

  Level: intermediate

.seealso: `MckIOWriteRows()`, `MckIOWriteXDMF()`
@*/
PetscErrorCode MckIOAppendRows(MckIO io, const char dset[], PetscInt64 N, PetscInt64 gstart, PetscInt nlocal,
                               PetscInt ncomp, PetscReal *const comp[])
{
  MckRows  r = {dset, N, gstart, 0, nlocal, ncomp};
  hsize_t  dims[3], maxdims[3], chunk[3];
  PetscInt nd;
  hid_t    d;

  PetscFunctionBeginUser;
  PetscCall(MckIOCheckOpen(io, PETSC_TRUE));
  PetscCall(MckIORowsCheck(io, &r));
  PetscCheck(N >= 1, io->comm, PETSC_ERR_ARG_OUTOFRANGE, "%s: snapshot dataset %s needs at least one row", io->path,
             dset);
  PetscCall(PetscLogEventBegin(MCK_EVENT_IOWrite, 0, 0, 0, 0));
  dims[0]    = 0;
  dims[1]    = (hsize_t)N;
  dims[2]    = (hsize_t)ncomp;
  maxdims[0] = H5S_UNLIMITED;
  maxdims[1] = dims[1];
  maxdims[2] = dims[2];
  chunk[0]   = 1;
  chunk[1]   = (hsize_t)PetscMin(N, PetscMax(1, PetscMin(65536, 262144 / ncomp)));
  chunk[2]   = dims[2];
  PetscCall(MckIODatasetCreateOrOpen(io, dset, H5T_IEEE_F64LE, 3, dims, maxdims, chunk, &d));
  PetscCall(MckIODatasetGetShape(io, d, dset, 3, &nd, dims));
  r.snap = (PetscInt64)dims[0];
  dims[0]++;
  PetscCallHDF5(H5Dset_extent(d, dims), "extending %s in %s", dset, io->partial);
  PetscCall(MckIORowsTransfer(io, d, &r, PETSC_TRUE, comp));
  PetscCallHDF5(H5Dclose(d), "closing dataset %s", dset);
  PetscCall(PetscLogEventEnd(MCK_EVENT_IOWrite, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
