/* MckSeries and checkpoint/restart on P ranks.
 *
 * Checks: (1) rows appended and flushed in three batches (with an empty flush between) end up
 * in /timeseries/<name> in order, with the "columns" attribute and an unlimited first
 * dimension; (2) WriteAll into a fresh file, Load into a fresh series and Flush into a third
 * file gives a dataset bitwise equal to the first; (3) Load refuses other columns or a missing
 * series (PETSC_ERR_USER_INPUT) and Flush refuses a dataset of another series; (4) a run that
 * checkpoints, is "killed" and restarts from the checkpoint ends with /timeseries and
 * /particles/snapshots bitwise equal to an uninterrupted run's and no /checkpoint group, while
 * the checkpoint holds its config and state; (5) an unwritable -checkpoint is a user error that
 * leaves the run file usable; (6) MckIOAbortAll during a checkpoint removes both files in
 * progress; (7) a checkpoint may not be written over a run file, nor a run file over the
 * checkpoint it continues; (8) a checkpoint replaced after the restart read it is refused when
 * the restart copies it. */
#include "iotest.h"

static const char help[] = "MckSeries and checkpoint test\n";

#define NPART 101
static const char *cols[] = {"t", "energy", "m"};

static void Row(PetscInt k, PetscReal row[3])
{
  row[0] = 0.1 * k;
  row[1] = k * k + 0.5;
  row[2] = -k / 3.0;
}

static PetscErrorCode AppendRows(MckSeries s, PetscInt from, PetscInt to)
{
  PetscReal row[3];

  PetscFunctionBeginUser;
  for (PetscInt k = from; k < to; k++) {
    Row(k, row);
    PetscCall(MckSeriesAppend(s, row));
  }
  PetscFunctionReturn(0);
}

/* Rank 0 compares one dataset of two files bit for bit; every rank learns the answer. */
static PetscErrorCode ExpectSameDataset(MPI_Comm comm, const char a[], const char b[], const char dset[])
{
  PetscMPIInt rank;
  PetscBool   same = PETSC_TRUE;
  char        what[256];

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Barrier(comm));
  if (!rank && SameDataset(a, b, dset, &same)) same = PETSC_FALSE; /* the others wait in Expect() */
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s is bitwise the same in %s and %s", dset, a, b));
  PetscCall(Expect(comm, same, what));
  PetscFunctionReturn(0);
}

static PetscErrorCode RowsInFile(const char path[], PetscInt n, PetscBool *ok)
{
  int       nd;
  hsize_t   dims[3], maxdims[3];
  double   *v;
  PetscReal row[3];
  hid_t     f, a, t;
  char      buf[64] = "";

  PetscFunctionBeginUser;
  f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  PetscCheck(f >= 0, PETSC_COMM_SELF, PETSC_ERR_PLIB, "cannot open %s", path);
  PetscCall(RawRead(f, "/timeseries/demo", &nd, dims, maxdims, &v));
  *ok = (nd == 2 && dims[0] == (hsize_t)n && dims[1] == 3 && maxdims[0] == H5S_UNLIMITED) ? PETSC_TRUE : PETSC_FALSE;
  for (PetscInt k = 0; *ok && k < n; k++) {
    Row(k, row);
    for (int c = 0; c < 3; c++)
      if (v[k * 3 + c] != row[c]) *ok = PETSC_FALSE;
  }
  PetscCall(PetscFree(v));
  a = H5Aopen_by_name(f, "/timeseries/demo", "columns", H5P_DEFAULT, H5P_DEFAULT);
  t = H5Aget_type(a);
  if (a < 0 || H5Tget_size(t) >= sizeof(buf) || H5Aread(a, t, buf) < 0 || strcmp(buf, "t,energy,m")) *ok = PETSC_FALSE;
  H5Tclose(t);
  H5Aclose(a);
  H5Fclose(f);
  PetscFunctionReturn(0);
}

/* Rank 0 checks that path holds rows 0..n-1 of Row() with the columns attribute. */
static PetscErrorCode ExpectRows(MPI_Comm comm, const char path[], PetscInt n)
{
  PetscMPIInt rank;
  PetscBool   ok = PETSC_TRUE;
  char        what[256];

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Barrier(comm));
  if (!rank && RowsInFile(path, n, &ok)) ok = PETSC_FALSE; /* the others wait in Expect() */
  PetscCall(PetscSNPrintf(what, sizeof(what),
                          "%s: /timeseries/demo holds rows 0..%d in order with columns \"t,energy,m\"", path,
                          (int)n - 1));
  PetscCall(Expect(comm, ok, what));
  PetscFunctionReturn(0);
}

static PetscErrorCode SeriesFiles(MPI_Comm comm, PetscMPIInt size, PetscMPIInt rank)
{
  char             a[64], b[64], c[64], d[64];
  const char      *other[] = {"t", "E", "m"};
  MckSeries        s, s2, s3, s4;
  MckIO            io;
  PetscInt         n, nc;
  const PetscReal *r1, *r2;
  PetscBool        same;
  PetscErrorCode   ierr;

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(a, sizeof(a), "io_series_np%d_a.h5", size));
  PetscCall(PetscSNPrintf(b, sizeof(b), "io_series_np%d_b.h5", size));
  PetscCall(PetscSNPrintf(c, sizeof(c), "io_series_np%d_c.h5", size));
  PetscCall(PetscSNPrintf(d, sizeof(d), "io_series_np%d_d.h5", size));
  PetscCall(MckSeriesCreate(comm, "demo", 3, cols, &s));
  PetscCall(MckIOCreate(comm, &io));

  /* (1) three flushes with rows in between, and one with nothing new */
  PetscCall(AppendRows(s, 0, 3));
  PetscCall(MckIOOpenWrite(io, a, "-output"));
  PetscCall(MckSeriesFlush(s, io));
  PetscCall(AppendRows(s, 3, 5));
  PetscCall(MckSeriesFlush(s, io));
  PetscCall(MckSeriesFlush(s, io));
  PetscCall(AppendRows(s, 5, 6));
  PetscCall(MckSeriesFlush(s, io));
  PetscCall(MckIOClose(io));
  PetscCall(ExpectRows(comm, a, 6));

  /* (2) WriteAll -> Load -> Flush reproduces the dataset */
  PetscCall(MckIOOpenWrite(io, b, "-checkpoint"));
  PetscCall(MckSeriesWriteAll(s, io));
  PetscCall(MckIOClose(io));
  PetscCall(ExpectRows(comm, b, 6));
  PetscCall(MckSeriesCreate(comm, "demo", 3, cols, &s2));
  PetscCall(MckIOOpenRead(io, b, "-restart"));
  PetscCall(MckSeriesLoad(s2, io));
  PetscCall(MckSeriesGetRows(s, &n, &nc, &r1));
  PetscCall(MckSeriesGetRows(s2, &n, &nc, &r2));
  PetscCall(PetscMemcmp(r1, r2, sizeof(PetscReal) * 6 * 3, &same));
  PetscCall(Expect(comm, (PetscBool)(same && n == 6 && nc == 3), "Load returns the rows on every rank"));

  /* (3) refusals */
  PetscCall(MckSeriesCreate(comm, "demo", 3, other, &s3));
  PetscCall(MckSeriesCreate(comm, "missing", 3, cols, &s4));
  QUIET(ierr, MckSeriesLoad(s3, io));
  PetscCall(Expect(comm, (PetscBool)(ierr == PETSC_ERR_USER_INPUT), "Load with other columns is a user error"));
  QUIET(ierr, MckSeriesLoad(s4, io));
  PetscCall(Expect(comm, (PetscBool)(ierr == PETSC_ERR_USER_INPUT),
                   "Load of a series the file does not have is a user error"));
  PetscCall(MckIOClose(io));

  PetscCall(MckIOOpenWrite(io, c, "-output"));
  PetscCall(MckSeriesFlush(s2, io));
  PetscCall(MckIOClose(io));
  PetscCall(ExpectSameDataset(comm, a, c, "/timeseries/demo"));

  PetscCall(AppendRows(s3, 0, 2));
  PetscCall(MckIOOpenWrite(io, d, "-output"));
  PetscCall(MckSeriesFlush(s, io));
  QUIET(ierr, MckSeriesFlush(s3, io));
  PetscCall(
      Expect(comm, (PetscBool)(ierr == PETSC_ERR_ARG_INCOMP), "Flush into the dataset of another series is refused"));
  PetscCall(MckIOAbort(io));

  PetscCall(MckIODestroy(&io));
  PetscCall(MckSeriesDestroy(&s));
  PetscCall(MckSeriesDestroy(&s2));
  PetscCall(MckSeriesDestroy(&s3));
  PetscCall(MckSeriesDestroy(&s4));
  PetscCallMPI(MPI_Barrier(comm));
  if (!rank) {
    (void)remove(a);
    (void)remove(b);
    (void)remove(c);
  }
  PetscFunctionReturn(0);
}

/* ---- checkpoint / restart ----------------------------------------------------------------- */

/* Particle state at "step" k: a pure function of (k, global id). */
static void PartsAt(Parts *p, PetscInt k)
{
  for (PetscInt c = 0; c < 2; c++)
    for (PetscInt i = 0; i < p->n; i++) p->x[c][i] = 1000.0 * k + (PetscReal)(p->gstart + i) + 0.25 * c;
}

/* Steps [from, to): a series row and a particle snapshot per step. */
static PetscErrorCode Steps(Parts *p, MckSeries s, MckIO io, PetscInt from, PetscInt to)
{
  PetscFunctionBeginUser;
  for (PetscInt k = from; k < to; k++) {
    PetscCall(AppendRows(s, k, k + 1));
    PartsAt(p, k);
    PetscCall(MckIOAppendRows(io, "/particles/snapshots", NPART, p->gstart, p->n, 2, p->x));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Checkpoint(Parts *p, MckSeries s, MckIO run, const char chk_path[])
{
  MckIO chk;

  PetscFunctionBeginUser;
  PetscCall(MckSeriesFlush(s, run));
  PetscCall(MckIOCheckpointBegin(run, chk_path, &chk));
  PetscCall(MckIOConfigInt(chk, PETSC_FALSE, "-particles_n", NPART));
  PetscCall(MckIOWriteRows(chk, "/checkpoint/particles/x", NPART, p->gstart, p->n, 2, p->x));
  PetscCall(MckIOCheckpointEnd(run, &chk));
  PetscFunctionReturn(0);
}

/* Rank 0 replaces path by a copy of itself, renamed over it: the same bytes, another file (as
 * when a later checkpoint is renamed over the one a restart is reading). */
static PetscErrorCode ReplaceByCopy(MPI_Comm comm, PetscMPIInt rank, const char path[])
{
  char tmp[PETSC_MAX_PATH_LEN], buf[4096];
  int  err = 0;

  PetscFunctionBeginUser;
  if (!rank) {
    FILE  *in, *out;
    size_t n;

    (void)snprintf(tmp, sizeof(tmp), "%s.new", path);
    in  = fopen(path, "rb");
    out = fopen(tmp, "wb");
    err = !in || !out;
    while (!err && (n = fread(buf, 1, sizeof(buf), in)) > 0) err = fwrite(buf, 1, n, out) != n;
    if (in) (void)fclose(in);
    if (out && fclose(out) != 0) err = 1;
    if (!err) err = rename(tmp, path) != 0;
  }
  PetscCallMPI(MPI_Bcast(&err, 1, MPI_INT, 0, comm));
  PetscCheck(!err, comm, PETSC_ERR_FILE_WRITE, "cannot replace %s by a copy", path);
  PetscFunctionReturn(0);
}

/* (8) A restart reads the checkpoint's state, then copies the file by name: a checkpoint replaced
 * in between is refused, and no run file is left. */
static PetscErrorCode RestartReplaced(MPI_Comm comm, PetscMPIInt size, PetscMPIInt rank, const char chk[])
{
  char           out[64];
  MckIO          reader, run;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(out, sizeof(out), "io_ckpt_np%d_replaced.h5", size));
  PetscCall(MckIOCreate(comm, &reader));
  PetscCall(MckIOOpenRead(reader, chk, "-restart"));
  PetscCall(ReplaceByCopy(comm, rank, chk));
  PetscCall(MckIOCreate(comm, &run));
  QUIET(ierr, MckIORestartRunFile(run, out, "-output", reader));
  PetscCall(Expect(comm, (PetscBool)(ierr == PETSC_ERR_USER_INPUT),
                   "a checkpoint replaced after it was read is refused when the restart copies it"));
  PetscCall(MckIODestroy(&run));
  PetscCall(MckIODestroy(&reader));
  PetscCall(ExpectFiles(comm, out, PETSC_FALSE, PETSC_FALSE, "after the refused restart of a replaced checkpoint"));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckpointRestart(MPI_Comm comm, PetscMPIInt size, PetscMPIInt rank)
{
  char           full[64], chk[64], restarted[64], other[64], what[256];
  Parts          p;
  MckSeries      s;
  MckIO          run, reader;
  PetscErrorCode ierr;
  PetscBool      has, ok = PETSC_TRUE;

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(full, sizeof(full), "io_ckpt_np%d_full.h5", size));
  PetscCall(PetscSNPrintf(chk, sizeof(chk), "io_ckpt_np%d.chk.h5", size));
  PetscCall(PetscSNPrintf(restarted, sizeof(restarted), "io_ckpt_np%d_restarted.h5", size));
  PetscCall(PetscSNPrintf(other, sizeof(other), "io_ckpt_np%d_other.chk.h5", size));
  if (!rank) { /* leftovers of an earlier run would fool the existence checks */
    (void)remove(full);
    (void)remove(chk);
    (void)remove(restarted);
    (void)remove(other);
  }
  PetscCallMPI(MPI_Barrier(comm));
  PetscCall(PartsCreate(comm, NPART, &p));

  /* the uninterrupted run: steps 0..5, a checkpoint after step 2 */
  PetscCall(MckSeriesCreate(comm, "demo", 3, cols, &s));
  PetscCall(MckIOCreate(comm, &run));
  PetscCall(MckIOOpenWrite(run, full, "-output"));
  PetscCall(Steps(&p, s, run, 0, 3));
  PetscCall(Checkpoint(&p, s, run, chk));
  PetscCall(ExpectFiles(comm, chk, PETSC_TRUE, PETSC_FALSE, "after MckIOCheckpointEnd the checkpoint is complete"));
  PetscCall(ExpectFiles(comm, full, PETSC_FALSE, PETSC_TRUE, "after a checkpoint the run file is still being written"));
  {
    MckIO io2;

    QUIET(ierr, MckIOCheckpointBegin(run, "/nonexistent/dir/c.h5", &io2));
    PetscCall(Expect(comm, (PetscBool)(ierr == PETSC_ERR_USER_INPUT), "an unwritable -checkpoint is a user error"));
  }
  PetscCall(Steps(&p, s, run, 3, 6)); /* the run file is still usable */
  PetscCall(MckSeriesFlush(s, run));
  PetscCall(MckIOClose(run));
  PetscCall(MckSeriesDestroy(&s));

  /* the restarted run: state and config from the checkpoint, steps 3..5 */
  PetscCall(MckSeriesCreate(comm, "demo", 3, cols, &s));
  PetscCall(MckIOCreate(comm, &reader));
  PetscCall(MckIOOpenRead(reader, chk, "-restart"));
  PetscCall(MckIOConfigInt(reader, PETSC_TRUE, "-particles_n", NPART));
  QUIET(ierr, MckIOConfigInt(reader, PETSC_TRUE, "-particles_n", NPART + 1));
  PetscCall(
      Expect(comm, (PetscBool)(ierr == PETSC_ERR_USER_INPUT), "the checkpoint's config refuses another -particles_n"));
  PetscCall(MckIOReadRows(reader, "/checkpoint/particles/x", NPART, p.gstart, p.n, 2, p.x));
  for (PetscInt c = 0; c < 2; c++)
    for (PetscInt i = 0; i < p.n; i++)
      if (p.x[c][i] != 1000.0 * 2 + (PetscReal)(p.gstart + i) + 0.25 * c) ok = PETSC_FALSE;
  PetscCall(Expect(comm, ok, "the checkpoint holds the state of step 2"));
  QUIET(ierr, MckIORestartRunFile(run, chk, "-output", reader));
  PetscCall(Expect(comm, (PetscBool)(ierr == PETSC_ERR_USER_INPUT),
                   "a restarted run file may not replace the checkpoint it continues"));
  PetscCall(MckIORestartRunFile(run, restarted, "-output", reader));
  PetscCall(MckIODestroy(&reader));
  PetscCall(MckIOHasObject(run, "/checkpoint", &has));
  PetscCall(Expect(comm, (PetscBool)!has, "the restarted run file has no /checkpoint group"));
  PetscCall(MckSeriesLoad(s, run));
  PetscCall(Steps(&p, s, run, 3, 6));
  PetscCall(MckSeriesFlush(s, run));
  PetscCall(MckIOClose(run));
  PetscCall(MckSeriesDestroy(&s));

  PetscCall(ExpectRows(comm, full, 6));
  PetscCall(ExpectSameDataset(comm, full, restarted, "/timeseries/demo"));
  PetscCall(ExpectSameDataset(comm, full, restarted, "/particles/snapshots"));

  /* a failure during a checkpoint removes both files being written; a checkpoint may not
   * replace a run file */
  PetscCall(MckIOOpenWrite(run, full, "-output"));
  {
    MckIO c2;

    QUIET(ierr, MckIOCheckpointBegin(run, restarted, &c2));
    PetscCall(Expect(comm, (PetscBool)(ierr == PETSC_ERR_USER_INPUT), "a checkpoint may not replace a run file"));
    PetscCall(MckIODestroy(&c2));
    PetscCall(MckIOCheckpointBegin(run, other, &c2));
    PetscCall(MckIOAbortAll());
    PetscCall(MckIODestroy(&c2));
  }
  PetscCall(PetscSNPrintf(what, sizeof(what),
                          "MckIOAbortAll during a checkpoint leaves no file in progress for %s nor for %s", full,
                          other));
  PetscCall(ExpectFiles(comm, full, PETSC_TRUE, PETSC_FALSE, what));
  PetscCall(ExpectFiles(comm, other, PETSC_FALSE, PETSC_FALSE, what));
  PetscCall(MckIODestroy(&run));
  PetscCall(RestartReplaced(comm, size, rank, chk));
  PetscCallMPI(MPI_Barrier(comm));
  if (!rank) {
    (void)remove(full);
    (void)remove(chk);
    (void)remove(restarted);
  }
  PetscCall(PartsDestroy(&p));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscErrorCode ierr;
  PetscMPIInt    size, rank;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  ierr = SeriesFiles(PETSC_COMM_WORLD, size, rank);
  if (!ierr) ierr = CheckpointRestart(PETSC_COMM_WORLD, size, rank);
  PetscCall(McKeanFinalize());
  return ierr ? 1 : 0;
}
