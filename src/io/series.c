/* MckSeries: a named table of rows (one per output time), kept in memory on every rank and
 * appended to /timeseries/<name>, shape (nrows, ncols), with a "columns" attribute.
 *
 * Which rows a file still lacks is read from the file itself (the dataset's length), not from
 * a counter in the series. So a restarted run, whose series was loaded from the checkpoint,
 * writes the whole history into its fresh run file on the first flush, and its run file ends
 * with exactly the /timeseries datasets of an uninterrupted run; and a series flushed to a run
 * file and written to checkpoints in between keeps every file complete. */
#include "iohelpers.h"

struct _p_MckSeries {
  MPI_Comm   comm;
  char       name[128];
  char       dset[160]; /* /timeseries/<name> */
  char      *columns;   /* comma-separated column names */
  PetscInt   ncols, nrows, cap;
  PetscReal *rows; /* row-major, nrows x ncols */
};

static PetscErrorCode MckSeriesJoinColumns(MPI_Comm comm, const char name[], PetscInt ncols,
                                           const char *const columns[], char **joined)
{
  size_t total = 1;

  PetscFunctionBeginUser;
  for (PetscInt c = 0; c < ncols; c++) {
    size_t len;
    char  *comma;

    PetscCall(PetscStrlen(columns[c], &len));
    PetscCall(PetscStrchr(columns[c], ',', &comma));
    PetscCheck(len > 0 && !comma, comm, PETSC_ERR_ARG_WRONG,
               "time series %s: column %d name \"%s\" must be non-empty and contain no comma", name, (int)c,
               columns[c]);
    total += len + 1;
  }
  PetscCall(PetscCalloc1(total, joined));
  for (PetscInt c = 0; c < ncols; c++) {
    if (c) PetscCall(PetscStrlcat(*joined, ",", total));
    PetscCall(PetscStrlcat(*joined, columns[c], total));
  }
  PetscFunctionReturn(0);
}

/*@C
  MckSeriesCreate - Creates a time series: a named table of rows (one per output time) with named
  columns, kept in memory on every rank and written to /timeseries/<name>.

  Logically Collective

  Input Parameters:
+ comm    - the ranks that write it (the run's)
. name    - the series' name, 1 to 127 characters (the dataset is /timeseries/<name>)
. ncols   - the number of columns, >= 1
- columns - the column names, non-empty and without commas (stored as the "columns" attribute)

  Output Parameter:
. s - the series, with no row

  Notes:
  The rows are identical on every rank (they come from reproducible reductions), so a
  checkpoint can carry the whole history.

  Level: intermediate

.seealso: `MckSeriesAppend()`, `MckSeriesFlush()`, `MckSeriesWriteAll()`, `MckSeriesLoad()`, `MckSeriesDestroy()`
@*/
PetscErrorCode MckSeriesCreate(MPI_Comm comm, const char name[], PetscInt ncols, const char *const columns[],
                               MckSeries *s)
{
  size_t len;

  PetscFunctionBeginUser;
  PetscCheck(s, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null pointer for the new object");
  PetscCall(PetscStrlen(name, &len));
  PetscCheck(len > 0 && len < sizeof((*s)->name), comm, PETSC_ERR_ARG_WRONG,
             "time series name \"%s\" must have 1 to %d characters", name, (int)sizeof((*s)->name) - 1);
  PetscCheck(ncols >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "time series %s needs at least one column", name);
  PetscCall(PetscNew(s));
  (*s)->comm  = comm;
  (*s)->ncols = ncols;
  PetscCall(PetscStrncpy((*s)->name, name, sizeof((*s)->name)));
  PetscCall(PetscSNPrintf((*s)->dset, sizeof((*s)->dset), "/timeseries/%s", name));
  PetscCall(MckSeriesJoinColumns(comm, name, ncols, columns, &(*s)->columns));
  PetscFunctionReturn(0);
}

static PetscErrorCode MckSeriesReserve(MckSeries s, PetscInt nrows)
{
  PetscReal *rows;

  PetscFunctionBeginUser;
  if (nrows <= s->cap) PetscFunctionReturn(0);
  s->cap = PetscMax(nrows, PetscMax(64, 2 * s->cap));
  PetscCall(PetscMalloc1((size_t)s->cap * s->ncols, &rows));
  if (s->nrows) PetscCall(PetscArraycpy(rows, s->rows, (size_t)s->nrows * s->ncols));
  PetscCall(PetscFree(s->rows));
  s->rows = rows;
  PetscFunctionReturn(0);
}

/*@C
  MckSeriesAppend - Appends one row to the series in memory.

  Not Collective

  Input Parameters:
+ s   - the series
- row - ncols values

  Notes:
  Every rank must append the same rows for the file to be consistent (rank 0's are written).
  Storage grows geometrically.

  Level: intermediate

.seealso: `MckSeriesFlush()`, `MckSeriesGetRows()`
@*/
PetscErrorCode MckSeriesAppend(MckSeries s, const PetscReal row[])
{
  PetscFunctionBeginUser;
  PetscCall(MckSeriesReserve(s, s->nrows + 1));
  PetscCall(PetscArraycpy(s->rows + (size_t)s->nrows * s->ncols, row, s->ncols));
  s->nrows++;
  PetscFunctionReturn(0);
}

/*@C
  MckSeriesGetRows - The rows of the series in memory.

  Not Collective

  Input Parameter:
. s - the series

  Output Parameters:
+ nrows - the number of rows (may be NULL)
. ncols - the number of columns (may be NULL)
- rows  - the rows, row-major, owned by s and valid until the next append or load (may be NULL)

  Level: intermediate

.seealso: `MckSeriesAppend()`, `MckSeriesLoad()`
@*/
PetscErrorCode MckSeriesGetRows(MckSeries s, PetscInt *nrows, PetscInt *ncols, const PetscReal **rows)
{
  PetscFunctionBeginUser;
  if (nrows) *nrows = s->nrows;
  if (ncols) *ncols = s->ncols;
  if (rows) *rows = s->rows;
  PetscFunctionReturn(0);
}

/*@C
  MckSeriesGetName - The name of the series (its dataset is /timeseries/<name>).

  Not Collective

  Input Parameter:
. s - the series

  Output Parameter:
. name - the name, owned by the series

  Level: intermediate

.seealso: `MckSeriesCreate()`, `MckSeriesGetRows()`
@*/
PetscErrorCode MckSeriesGetName(MckSeries s, const char **name)
{
  PetscFunctionBeginUser;
  *name = s->name;
  PetscFunctionReturn(0);
}

/* The dataset's "columns" attribute, compared with the series'; errcode says how grave a
 * mismatch is (a user restarting from another configuration, or a programming error). */
static PetscErrorCode MckSeriesCheckColumns(MckSeries s, MckIO io, PetscErrorCode errcode)
{
  char     *stored;
  PetscBool found, same = PETSC_FALSE;

  PetscFunctionBeginUser;
  PetscCall(MckIOReadAttributeStringAlloc(io, s->dset, "columns", &stored, &found));
  if (found) PetscCall(PetscStrcmp(stored, s->columns, &same));
  PetscCheck(
      same, io->comm, errcode,
      "%s %s: time series %s has columns \"%s\" but this run records \"%s\"; restart only with the configuration that wrote the file",
      io->option, io->path, s->name, found ? stored : "(none)", s->columns);
  PetscCall(PetscFree(stored));
  PetscFunctionReturn(0);
}

/* Write rows [from, nrows) at the same rows of the dataset, creating it or resizing it to
 * nrows rows; all = PETSC_TRUE starts at row 0, otherwise at the rows the file already has. */
static PetscErrorCode MckSeriesWrite(MckSeries s, MckIO io, PetscBool all)
{
  hsize_t   dims[2], maxdims[2] = {H5S_UNLIMITED, (hsize_t)s->ncols}, chunk[2] = {256, (hsize_t)s->ncols};
  hsize_t   start[2] = {0, 0}, count[2];
  PetscBool exists;
  PetscInt  nd;
  hid_t     d;

  PetscFunctionBeginUser;
  PetscCall(MckIOCheckOpen(io, PETSC_TRUE));
  PetscCall(PetscLogEventBegin(MCK_EVENT_IOWrite, 0, 0, 0, 0));
  PetscCall(MckIOPathExists(io, s->dset, &exists));
  if (exists) PetscCall(MckSeriesCheckColumns(s, io, PETSC_ERR_ARG_INCOMP));
  dims[0] = 0;
  dims[1] = (hsize_t)s->ncols;
  PetscCall(MckIODatasetCreateOrOpen(io, s->dset, H5T_IEEE_F64LE, 2, dims, maxdims, chunk, &d));
  if (!exists) PetscCall(MckIOWriteAttributeString(io, s->dset, "columns", s->columns));
  PetscCall(MckIODatasetGetShape(io, d, s->dset, 2, &nd, dims));
  PetscCheck(all || dims[0] <= (hsize_t)s->nrows, io->comm, PETSC_ERR_ARG_INCOMP,
             "%s: %s has %llu rows, more than the %d of the series: it was written by another series", io->partial,
             s->dset, (unsigned long long)dims[0], (int)s->nrows);
  start[0] = all ? 0 : dims[0];
  dims[0]  = (hsize_t)s->nrows;
  count[0] = dims[0] - start[0];
  count[1] = dims[1];
  PetscCallHDF5(H5Dset_extent(d, dims), "extending %s in %s", s->dset, io->partial);
  PetscCall(MckIOWriteReplicated(io, d, H5T_NATIVE_DOUBLE, 2, start, count, s->rows + start[0] * s->ncols));
  PetscCallHDF5(H5Dclose(d), "closing dataset %s", s->dset);
  PetscCall(PetscLogEventEnd(MCK_EVENT_IOWrite, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/*@C
  MckSeriesFlush - Writes the rows a file does not have yet, counted from the length of its
  dataset.

  Collective

  Input Parameters:
+ s  - the series
- io - the file, open for writing

  Notes:
  Which rows are missing is read from the file itself, so a run file continued from a checkpoint
  copy gets only the new rows, and a restarted run's file ends with exactly the datasets of an
  uninterrupted run. A dataset with other columns, or with more rows than the series, is a
  `PETSC_ERR_ARG_INCOMP` error.

  Level: intermediate

.seealso: `MckSeriesWriteAll()`, `MckSeriesAppend()`
@*/
PetscErrorCode MckSeriesFlush(MckSeries s, MckIO io)
{
  PetscFunctionBeginUser;
  PetscCall(MckSeriesWrite(s, io, PETSC_FALSE));
  PetscFunctionReturn(0);
}

/*@C
  MckSeriesWriteAll - Writes all rows of the series to a file, whatever was flushed before (for
  checkpoints).

  Collective

  Input Parameters:
+ s  - the series
- io - the file, open for writing

  Level: intermediate

.seealso: `MckSeriesFlush()`, `MckSeriesLoad()`
@*/
PetscErrorCode MckSeriesWriteAll(MckSeries s, MckIO io)
{
  PetscFunctionBeginUser;
  PetscCall(MckSeriesWrite(s, io, PETSC_TRUE));
  PetscFunctionReturn(0);
}

/*@C
  MckSeriesLoad - Replaces the rows of the series by those stored in a file (for restarts).

  Collective

  Input Parameters:
+ s  - the series
- io - the file (normally the checkpoint), with a file open

  Notes:
  A file without the series, or whose "columns" attribute differs from the series' columns, is
  a `PETSC_ERR_USER_INPUT` error (a restart from another kind of run or configuration).

  Level: intermediate

.seealso: `MckSeriesWriteAll()`, `MckIOOpenRead()`
@*/
PetscErrorCode MckSeriesLoad(MckSeries s, MckIO io)
{
  hsize_t   dims[2], start[2] = {0, 0};
  PetscBool exists;
  PetscInt  nd;
  hid_t     d;

  PetscFunctionBeginUser;
  PetscCall(MckIOCheckOpen(io, PETSC_FALSE));
  PetscCall(MckIOPathExists(io, s->dset, &exists));
  PetscCheck(exists, io->comm, PETSC_ERR_USER_INPUT,
             "%s %s: the file has no time series %s; restart only from a checkpoint of the same kind of run",
             io->option, io->path, s->name);
  PetscCall(MckSeriesCheckColumns(s, io, PETSC_ERR_USER_INPUT));
  PetscCall(MckIODatasetOpen(io, s->dset, &d));
  PetscCall(MckIODatasetGetShape(io, d, s->dset, 2, &nd, dims));
  PetscCheck(nd == 2 && dims[1] == (hsize_t)s->ncols, io->comm, PETSC_ERR_USER_INPUT,
             "%s %s: dataset %s does not have %d columns", io->option, io->path, s->dset, (int)s->ncols);
  s->nrows = 0;
  PetscCall(MckSeriesReserve(s, (PetscInt)dims[0]));
  PetscCall(MckIOReadReplicated(io, d, H5T_NATIVE_DOUBLE, MPIU_REAL, 2, start, dims, s->rows));
  s->nrows = (PetscInt)dims[0];
  PetscCallHDF5(H5Dclose(d), "closing dataset %s", s->dset);
  PetscFunctionReturn(0);
}

/*@C
  MckSeriesDestroy - Destroys a time series.

  Not Collective

  Input Parameter:
. s - the series (set to NULL); a pointer to NULL is allowed

  Level: intermediate

.seealso: `MckSeriesCreate()`
@*/
PetscErrorCode MckSeriesDestroy(MckSeries *s)
{
  PetscFunctionBeginUser;
  if (!*s) PetscFunctionReturn(0);
  PetscCall(PetscFree((*s)->rows));
  PetscCall(PetscFree((*s)->columns));
  PetscCall(PetscFree(*s));
  PetscFunctionReturn(0);
}
