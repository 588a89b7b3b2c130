/* MckIO distributed rows, snapshot series and replicated arrays on P ranks.
 *
 * Checks: (1) rows written from an uneven split of N = 1001 rows (one rank may own none) read
 * back exactly under another split; (2) the file, read on rank 0 with plain serial HDF5,
 * holds value(i, c) = f(i, c) in global-id order, and its datasets are bitwise those a 1-rank
 * MckIO (PETSC_COMM_SELF) writes -- indeed the whole file is byte-identical; (3) AppendRows gives shape (3, N, ncomp), unlimited first
 * dimension, chunks (1, min(N, 65536), ncomp) and the right values; (4) replicated arrays
 * round-trip with their shapes; (5) no object carries a timestamp; (6) misuse (ranks that do
 * not cover N rows, a shape change) is an error, not a corrupt file.
 * With -bench_n N it also times MckIOWriteRows of N x 3 rows and prints MB/s (not run by ctest). */
#include "iotest.h"

static const char help[] = "MckIO rows test\n";

#define NROWS 1001
#define NCOMP 3

/* A value no other (i, c) shares, with all mantissa bits in use. */
static PetscReal F(PetscInt64 i, PetscInt c)
{
  return PetscSinReal(0.37 * (PetscReal)i + (PetscReal)c) * 1e3 + (PetscReal)i / 7.0;
}

static PetscReal G(PetscInt64 s, PetscInt64 i, PetscInt c) { return F(i, c) + 1e6 * (PetscReal)s; }

/* Row range of a rank when rank r owns a share proportional to w(r) = r (rank 0 owns no row)
 * or, reversed, to size - r: uneven on purpose, and different for writing and reading. */
static void Split(PetscInt64 N, PetscMPIInt size, PetscMPIInt rank, PetscBool reversed, PetscInt64 *start, PetscInt *n)
{
  PetscInt64 lo = 0, total = 0, w;

  for (PetscMPIInt r = 0; r < size; r++) {
    w = size == 1 ? 1 : (reversed ? size - r : r);
    if (r < rank) lo += w;
    total += w;
  }
  w      = size == 1 ? 1 : (reversed ? size - rank : rank);
  *start = N * lo / total;
  *n     = (PetscInt)(N * (lo + w) / total - *start);
}

static PetscErrorCode Fill(PetscInt64 gstart, PetscInt n, PetscInt ncomp, PetscReal *comp[], PetscInt64 snap)
{
  PetscFunctionBeginUser;
  for (PetscInt c = 0; c < ncomp; c++)
    for (PetscInt i = 0; i < n; i++) comp[c][i] = snap < 0 ? F(gstart + i, c) : G(snap, gstart + i, c);
  PetscFunctionReturn(0);
}

static PetscErrorCode AllocComp(PetscInt n, PetscInt ncomp, PetscReal *comp[])
{
  PetscFunctionBeginUser;
  for (PetscInt c = 0; c < ncomp; c++) PetscCall(PetscCalloc1(PetscMax(n, 1), &comp[c]));
  PetscFunctionReturn(0);
}

static PetscErrorCode FreeComp(PetscInt ncomp, PetscReal *comp[])
{
  PetscFunctionBeginUser;
  for (PetscInt c = 0; c < ncomp; c++) PetscCall(PetscFree(comp[c]));
  PetscFunctionReturn(0);
}

static PetscInt64 ids[6] = {5, 4, 3, 2, 1, -1};

/* Everything the file holds, written through MckIO on comm. */
static PetscErrorCode WriteFile(MPI_Comm comm, const char path[])
{
  PetscMPIInt size, rank;
  PetscInt64  gstart, dims2[2] = {7, 5}, dims1[1] = {6};
  PetscInt    n;
  PetscReal  *comp[NCOMP], grid[7 * 5];
  MckIO       io;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  Split(NROWS, size, rank, PETSC_FALSE, &gstart, &n);
  PetscCall(AllocComp(n, NCOMP, comp));
  for (PetscInt k = 0; k < 35; k++) grid[k] = F(k, 7);
  PetscCall(MckIOCreate(comm, &io));
  PetscCall(MckIOOpenWrite(io, path, "-output"));
  PetscCall(Fill(gstart, n, NCOMP, comp, -1));
  PetscCall(MckIOWriteRows(io, "/particles/x", NROWS, gstart, n, NCOMP, comp));
  for (PetscInt64 s = 0; s < 3; s++) {
    PetscCall(Fill(gstart, n, NCOMP, comp, s));
    PetscCall(MckIOAppendRows(io, "/particles/snapshots", NROWS, gstart, n, NCOMP, comp));
  }
  PetscCall(MckIOWriteArray(io, "/fields/grid/rho", 2, dims2, grid));
  PetscCall(MckIOWriteArrayInt(io, "/meta/ids", 1, dims1, ids));
  PetscCall(MckIOWriteAttributeString(io, "/particles/x", "units", "m"));
  PetscCall(MckIOClose(io));
  PetscCall(MckIODestroy(&io));
  PetscCall(FreeComp(NCOMP, comp));
  PetscFunctionReturn(0);
}

/* ---- plain serial HDF5 on rank 0: an independent reader ---------------------------------- */

static PetscBool NoTimes(hid_t f, const char obj[])
{
  H5O_info_t info;

  if (H5Oget_info_by_name2(f, obj, &info, H5O_INFO_TIME, H5P_DEFAULT) < 0) return PETSC_FALSE;
  return (info.atime == 0 && info.mtime == 0 && info.ctime == 0 && info.btime == 0) ? PETSC_TRUE : PETSC_FALSE;
}

static PetscErrorCode CheckContents(const char path[], PetscBool *ok, char why[], size_t len)
{
  hid_t   f;
  int     nd;
  hsize_t dims[3];
  double *v;

  PetscFunctionBeginUser;
  *ok = PETSC_FALSE;
  PetscCheck((f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT)) >= 0, PETSC_COMM_SELF, PETSC_ERR_PLIB, "cannot open %s",
             path);
  PetscCall(RawRead(f, "/particles/x", &nd, dims, NULL, &v));
  if (nd != 2 || dims[0] != NROWS || dims[1] != NCOMP) {
    PetscCall(PetscSNPrintf(why, len, "%s: /particles/x has the wrong shape", path));
    PetscFunctionReturn(0);
  }
  for (PetscInt64 i = 0; i < NROWS; i++)
    for (PetscInt c = 0; c < NCOMP; c++)
      if (v[i * NCOMP + c] != F(i, c)) {
        PetscCall(PetscSNPrintf(why, len, "%s: /particles/x[%" PetscInt64_FMT ", %d] = %g, expected %g", path, i,
                                (int)c, v[i * NCOMP + c], (double)F(i, c)));
        PetscFunctionReturn(0);
      }
  PetscCall(PetscFree(v));
  PetscCall(RawRead(f, "/particles/snapshots", &nd, dims, NULL, &v));
  if (nd != 3 || dims[0] != 3 || dims[1] != NROWS || dims[2] != NCOMP) {
    PetscCall(PetscSNPrintf(why, len, "%s: /particles/snapshots has the wrong shape", path));
    PetscFunctionReturn(0);
  }
  for (PetscInt64 s = 0; s < 3; s++)
    for (PetscInt64 i = 0; i < NROWS; i++)
      for (PetscInt c = 0; c < NCOMP; c++)
        if (v[(s * NROWS + i) * NCOMP + c] != G(s, i, c)) {
          PetscCall(PetscSNPrintf(why, len,
                                  "%s: /particles/snapshots[%" PetscInt64_FMT ", %" PetscInt64_FMT ", %d] is wrong",
                                  path, s, i, (int)c));
          PetscFunctionReturn(0);
        }
  PetscCall(PetscFree(v));
  { /* extendible, chunked one snapshot at a time */
    hid_t   d = H5Dopen2(f, "/particles/snapshots", H5P_DEFAULT), s = H5Dget_space(d), p = H5Dget_create_plist(d);
    hsize_t maxd[3], chunk[3];

    H5Sget_simple_extent_dims(s, dims, maxd);
    if (maxd[0] != H5S_UNLIMITED || H5Pget_chunk(p, 3, chunk) != 3 || chunk[0] != 1 || chunk[1] != NROWS ||
        chunk[2] != NCOMP) {
      PetscCall(PetscSNPrintf(why, len, "%s: /particles/snapshots is not extendible with chunks (1, N, ncomp)", path));
      PetscFunctionReturn(0);
    }
    H5Pclose(p);
    H5Sclose(s);
    H5Dclose(d);
  }
  PetscCall(RawRead(f, "/fields/grid/rho", &nd, dims, NULL, &v));
  for (PetscInt k = 0; k < 35; k++)
    if (nd != 2 || dims[0] != 7 || dims[1] != 5 || v[k] != F(k, 7)) {
      PetscCall(PetscSNPrintf(why, len, "%s: /fields/grid/rho is wrong", path));
      PetscFunctionReturn(0);
    }
  PetscCall(PetscFree(v));
  PetscCall(RawRead(f, "/meta/ids", &nd, dims, NULL, &v));
  for (PetscInt k = 0; k < 6; k++)
    if (nd != 1 || dims[0] != 6 || v[k] != (double)ids[k]) {
      PetscCall(PetscSNPrintf(why, len, "%s: /meta/ids is wrong", path));
      PetscFunctionReturn(0);
    }
  PetscCall(PetscFree(v));
  {
    const char *objs[] = {"/",       "/particles",   "/particles/x",     "/particles/snapshots",
                          "/fields", "/fields/grid", "/fields/grid/rho", "/meta/ids"};
    for (size_t k = 0; k < sizeof(objs) / sizeof(objs[0]); k++)
      if (!NoTimes(f, objs[k])) {
        PetscCall(PetscSNPrintf(why, len, "%s: %s carries a timestamp", path, objs[k]));
        PetscFunctionReturn(0);
      }
  }
  H5Fclose(f);
  *ok = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* Byte-for-byte equality of two files. */
static PetscErrorCode SameBytes(const char a[], const char b[], PetscBool *same)
{
  FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
  int   ca, cb;

  PetscFunctionBeginUser;
  PetscCheck(fa && fb, PETSC_COMM_SELF, PETSC_ERR_PLIB, "cannot open %s or %s", a, b);
  do {
    ca = fgetc(fa);
    cb = fgetc(fb);
  } while (ca == cb && ca != EOF);
  *same = ca == cb ? PETSC_TRUE : PETSC_FALSE;
  (void)fclose(fa);
  (void)fclose(fb);
  PetscFunctionReturn(0);
}

/* ---- reading back through MckIO under another split ---------------------------------------- */

static PetscErrorCode ReadBack(MPI_Comm comm, const char path[])
{
  PetscMPIInt size, rank;
  PetscInt64  gstart, dims[4];
  PetscInt    n, nd;
  PetscReal  *comp[NCOMP], grid[35];
  PetscInt64  idsback[6];
  PetscBool   ok = PETSC_TRUE, has;
  MckIO       io;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  Split(NROWS, size, rank, PETSC_TRUE, &gstart, &n);
  PetscCall(AllocComp(n, NCOMP, comp));
  PetscCall(MckIOCreate(comm, &io));
  PetscCall(MckIOOpenRead(io, path, "-restart"));
  PetscCall(MckIOReadRows(io, "/particles/x", NROWS, gstart, n, NCOMP, comp));
  for (PetscInt c = 0; c < NCOMP; c++)
    for (PetscInt i = 0; i < n; i++)
      if (comp[c][i] != F(gstart + i, c)) ok = PETSC_FALSE;
  PetscCall(Expect(comm, ok, "ReadRows under another split returns the exact values"));

  PetscCall(MckIOReadArray(io, "/fields/grid/rho", &nd, dims, NULL));
  PetscCall(
      Expect(comm, (PetscBool)(nd == 2 && dims[0] == 7 && dims[1] == 5), "ReadArray(data = NULL) returns the shape"));
  PetscCall(MckIOReadArray(io, "/fields/grid/rho", &nd, dims, grid));
  for (PetscInt k = 0; k < 35; k++)
    if (grid[k] != F(k, 7)) ok = PETSC_FALSE;
  PetscCall(Expect(comm, ok, "ReadArray returns the replicated array on every rank"));
  PetscCall(MckIOReadArrayInt(io, "/meta/ids", &nd, dims, idsback));
  for (PetscInt k = 0; k < 6; k++)
    if (idsback[k] != ids[k]) ok = PETSC_FALSE;
  PetscCall(Expect(comm, (PetscBool)(ok && nd == 1 && dims[0] == 6), "ReadArrayInt round-trips"));

  PetscCall(MckIOHasObject(io, "/particles/x", &has));
  PetscCall(Expect(comm, has, "HasObject finds /particles/x"));
  PetscCall(MckIOHasObject(io, "/fields/grid", &has));
  PetscCall(Expect(comm, has, "HasObject finds the intermediate group /fields/grid"));
  PetscCall(MckIOHasObject(io, "/nothing/below", &has));
  PetscCall(Expect(comm, (PetscBool)!has, "HasObject of a path under a missing group is false"));
  PetscCall(MckIODestroy(&io));
  PetscCall(FreeComp(NCOMP, comp));
  PetscFunctionReturn(0);
}

/* Errors that must be refused before they corrupt a file. */
static PetscErrorCode Misuse(MPI_Comm comm, const char path[])
{
  PetscMPIInt    size, rank;
  PetscInt64     gstart;
  PetscInt       n;
  PetscReal     *comp[NCOMP];
  PetscErrorCode ierr1, ierr2;
  MckIO          io;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  Split(NROWS, size, rank, PETSC_FALSE, &gstart, &n);
  PetscCall(AllocComp(n + 1, NCOMP, comp));
  PetscCall(MckIOCreate(comm, &io));
  PetscCall(MckIOOpenWrite(io, path, "-output"));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr1 = MckIOWriteRows(io, "/x", NROWS + 1, gstart, n, NCOMP, comp); /* rows do not add up to N */
  ierr2 = MckIOAppendRows(io, "/s", NROWS, gstart, n, NCOMP, comp);
  if (!ierr2) ierr2 = MckIOAppendRows(io, "/s", NROWS, gstart, n, NCOMP - 1, comp); /* shape change */
  PetscCall(PetscPopErrorHandler());
  PetscCall(Expect(comm, (PetscBool)(ierr1 == PETSC_ERR_ARG_INCOMP), "rows that do not add up to N are refused"));
  PetscCall(Expect(comm, (PetscBool)(ierr2 == PETSC_ERR_ARG_INCOMP), "appending a slab of another shape is refused"));
  PetscCall(MckIODestroy(&io));
  PetscCall(FreeComp(NCOMP, comp));
  PetscFunctionReturn(0);
}

/* Bandwidth of MckIOWriteRows, N x 3 doubles, on all ranks; the file is read back and checked. */
static PetscErrorCode Bench(MPI_Comm comm, PetscInt64 N)
{
  PetscMPIInt size, rank;
  PetscInt64  gstart;
  PetscInt    n;
  PetscReal  *comp[NCOMP];
  double      t0, t1;
  PetscBool   ok = PETSC_TRUE;
  MckIO       io;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  gstart = N * rank / size;
  n      = (PetscInt)(N * (rank + 1) / size - gstart);
  PetscCall(AllocComp(n, NCOMP, comp));
  PetscCall(Fill(gstart, n, NCOMP, comp, -1));
  PetscCall(MckIOCreate(comm, &io));
  PetscCallMPI(MPI_Barrier(comm));
  t0 = MPI_Wtime();
  PetscCall(MckIOOpenWrite(io, "io_bench.h5", "-output"));
  PetscCall(MckIOWriteRows(io, "/particles/x", N, gstart, n, NCOMP, comp));
  PetscCall(MckIOClose(io));
  t1 = MPI_Wtime();
  PetscCall(PetscPrintf(comm,
                        "MckIOWriteRows: N = %" PetscInt64_FMT
                        " x %d doubles on %d ranks: %.1f MB in %.3f s = %.0f MB/s (open + write + close)\n",
                        N, NCOMP, size, N * NCOMP * 8 / 1e6, t1 - t0, N * NCOMP * 8 / 1e6 / (t1 - t0)));
  for (PetscInt c = 0; c < NCOMP; c++) PetscCall(PetscArrayzero(comp[c], n));
  PetscCall(MckIOOpenRead(io, "io_bench.h5", "-restart"));
  PetscCall(MckIOReadRows(io, "/particles/x", N, gstart, n, NCOMP, comp));
  for (PetscInt c = 0; c < NCOMP; c++)
    for (PetscInt i = 0; i < n; i++)
      if (comp[c][i] != F(gstart + i, c)) ok = PETSC_FALSE;
  PetscCall(Expect(comm, ok, "large rows read back exactly"));
  PetscCall(MckIODestroy(&io));
  PetscCall(FreeComp(NCOMP, comp));
  if (!rank) (void)remove("io_bench.h5");
  PetscFunctionReturn(0);
}

static PetscErrorCode RankZeroChecks(const char path[], const char serial[], PetscBool *ok, PetscBool *same,
                                     PetscBool *bytes, char why[], size_t len)
{
  const char *dsets[] = {"/particles/x", "/particles/snapshots", "/fields/grid/rho", "/meta/ids"};

  PetscFunctionBeginUser;
  PetscCall(CheckContents(path, ok, why, len));
  for (size_t k = 0; k < 4 && *same; k++) PetscCall(SameDataset(path, serial, dsets[k], same));
  PetscCall(SameBytes(path, serial, bytes));
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(void)
{
  MPI_Comm    comm = PETSC_COMM_WORLD;
  PetscMPIInt size, rank;
  char        path[64], serial[64], misuse[64], why[256] = "";
  PetscBool   ok = PETSC_TRUE, same = PETSC_TRUE, bytes = PETSC_TRUE, bench;
  PetscInt    N = 0;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-bench_n", &N, &bench));
  if (bench) {
    PetscCall(Bench(comm, N));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscSNPrintf(path, sizeof(path), "io_rows_np%d.h5", size));
  PetscCall(PetscSNPrintf(serial, sizeof(serial), "io_rows_np%d_serial.h5", size));
  PetscCall(PetscSNPrintf(misuse, sizeof(misuse), "io_rows_np%d_misuse.h5", size));
  PetscCall(WriteFile(comm, path));
  if (!rank) PetscCall(WriteFile(PETSC_COMM_SELF, serial)); /* what a 1-rank run writes */
  PetscCallMPI(MPI_Barrier(comm));
  if (!rank && RankZeroChecks(path, serial, &ok, &same, &bytes, why, sizeof(why))) {
    ok = PETSC_FALSE; /* not PetscCall: the other ranks wait in Expect() for the verdict */
    PetscCall(PetscStrncpy(why, "rank 0 cannot read the files back (error above)", sizeof(why)));
  }
  PetscCall(Expect(comm, ok, why));
  PetscCall(Expect(comm, same, "every dataset is bitwise what a 1-rank run writes"));
  /* No timestamps and identical metadata calls on every rank: the whole file is the same. */
  PetscCall(Expect(comm, bytes, "the file is byte for byte what a 1-rank run writes"));
  PetscCall(ReadBack(comm, path));
  PetscCall(Misuse(comm, misuse));
  if (!rank) {
    (void)remove(path);
    (void)remove(serial);
  }
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscErrorCode ierr;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  ierr = Run();
  PetscCall(McKeanFinalize());
  return ierr ? 1 : 0;
}
