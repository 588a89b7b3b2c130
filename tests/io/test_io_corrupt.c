/* Damaged checkpoints are refused, never used: random bit flips and truncations on P ranks.
 *
 * A small run (particles evolving by a map, a time series of their mean, snapshots, a
 * checkpoint after step 3, 6 steps in all) gives the uninterrupted run file. Then, trial by
 * trial, a copy of the checkpoint is damaged -- one random bit flipped, or the file cut at a
 * random offset -- and the run is restarted from it through the io layer as an app does
 * (MckIOOpenRead, config check, state read, MckIORestartRunFile, MckSeriesLoad, steps 3..5).
 * Every trial must end in one of two ways:
 *   identical  -- the restart succeeds and its run file equals the uninterrupted one, every
 *                 dataset and attribute bit for bit (a flip in bytes the file does not use);
 *   refused    -- PETSC_ERR_USER_INPUT on every rank, with a one-line message.
 * Anything else fails the test: another error ("unclear"), a restart that succeeds with other
 * results ("wrong data"); a crash or a hang ends the test itself. One more trial writes a NaN
 * into the checkpoint's particle state with HDF5 itself (so the checksum is right): it must be
 * refused, naming the dataset.
 *
 *   test_io_corrupt [-flips N] [-cuts M] [-seed S]     (defaults 600, 60, 1) */
#include "iotest.h"
#include <math.h>
#include <stdlib.h>

static const char help[] = "Damaged checkpoint test\n";

#define NPART 257
#define NSTEP 6
#define KCHK  3
static const char *cols[] = {"t", "mean_x", "mean_v"};

/* One step of a map whose result depends on the whole state: a wrong state read back shows. */
static PetscErrorCode Step(Parts *p, MckSeries s, MckIO io, PetscInt k)
{
  PetscReal sum[2] = {0, 0}, row[3];

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < p->n; i++) {
    p->x[0][i] = 0.999 * p->x[0][i] + 0.01 * p->x[1][i];
    p->x[1][i] = 0.98 * p->x[1][i] - 0.01 * p->x[0][i] + 1e-3 * (PetscReal)(p->gstart + i);
    sum[0] += p->x[0][i];
    sum[1] += p->x[1][i];
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, sum, 2, MPIU_REAL, MPI_SUM, p->comm));
  row[0] = 0.1 * (k + 1);
  row[1] = sum[0] / NPART;
  row[2] = sum[1] / NPART;
  PetscCall(MckSeriesAppend(s, row));
  PetscCall(MckIOAppendRows(io, "/particles/snapshots", NPART, p->gstart, p->n, 2, p->x));
  PetscFunctionReturn(0);
}

static PetscErrorCode Finish(Parts *p, MckSeries s, MckIO io)
{
  PetscFunctionBeginUser;
  PetscCall(MckSeriesFlush(s, io));
  PetscCall(MckIOWriteRows(io, "/particles/x", NPART, p->gstart, p->n, 2, p->x));
  PetscCall(MckIOClose(io));
  PetscFunctionReturn(0);
}

/* The uninterrupted run, checkpointing after step KCHK. */
static PetscErrorCode Reference(Parts *p, const char full[], const char chk[])
{
  MckSeries s;
  MckIO     io, c;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < p->n; i++) {
    p->x[0][i] = PetscSinReal(0.1 * (PetscReal)(p->gstart + i));
    p->x[1][i] = 0;
  }
  PetscCall(MckSeriesCreate(p->comm, "demo", 3, cols, &s));
  PetscCall(MckIOCreate(p->comm, &io));
  PetscCall(MckIOOpenWrite(io, full, "-output"));
  PetscCall(MckIOWriteAttributeString(io, "/", "note", "a run for the damaged-checkpoint test"));
  for (PetscInt k = 0; k < NSTEP; k++) {
    PetscCall(Step(p, s, io, k));
    if (k + 1 == KCHK) {
      PetscCall(MckSeriesFlush(s, io));
      PetscCall(MckIOCheckpointBegin(io, chk, &c));
      PetscCall(MckIOConfigInt(c, PETSC_FALSE, "-particles_n", NPART));
      PetscCall(MckIOWriteAttributeInt(c, "/checkpoint", "step", KCHK));
      PetscCall(MckIOWriteRows(c, "/checkpoint/particles/x", NPART, p->gstart, p->n, 2, p->x));
      PetscCall(MckIOCheckpointEnd(io, &c));
    }
  }
  PetscCall(Finish(p, s, io));
  PetscCall(MckIODestroy(&io));
  PetscCall(MckSeriesDestroy(&s));
  PetscFunctionReturn(0);
}

/* A restart as an app does it; returns the error code of the first failing call. */
static PetscErrorCode Restart(Parts *p, const char chk[], const char out[])
{
  MckSeries  s;
  MckIO      io, reader;
  PetscInt64 step;
  PetscBool  found;

  PetscFunctionBeginUser;
  PetscCall(MckIOCreate(p->comm, &reader));
  PetscCall(MckIOOpenRead(reader, chk, "-restart"));
  PetscCall(MckIOConfigInt(reader, PETSC_TRUE, "-particles_n", NPART));
  PetscCall(MckIOReadAttributeInt(reader, "/checkpoint", "step", &step, &found));
  PetscCheck(found && step == KCHK, p->comm, PETSC_ERR_USER_INPUT, "-restart %s: no step %d in the checkpoint", chk,
             KCHK);
  PetscCall(MckIOReadRows(reader, "/checkpoint/particles/x", NPART, p->gstart, p->n, 2, p->x));
  PetscCall(MckSeriesCreate(p->comm, "demo", 3, cols, &s));
  PetscCall(MckIOCreate(p->comm, &io));
  PetscCall(MckIORestartRunFile(io, out, "-output", reader));
  PetscCall(MckIODestroy(&reader));
  PetscCall(MckSeriesLoad(s, io));
  for (PetscInt k = KCHK; k < NSTEP; k++) PetscCall(Step(p, s, io, k));
  PetscCall(Finish(p, s, io));
  PetscCall(MckIODestroy(&io));
  PetscCall(MckSeriesDestroy(&s));
  PetscFunctionReturn(0);
}

/* ---- comparing two files on rank 0, with plain serial HDF5 ------------------------------- */

typedef struct {
  hid_t     other;
  PetscBool same;
} Compare;

static PetscBool SameBytes(hid_t a, hid_t b, PetscBool attribute)
{
  hid_t     ta = attribute ? H5Aget_type(a) : H5Dget_type(a), sa = attribute ? H5Aget_space(a) : H5Dget_space(a);
  hid_t     tb = attribute ? H5Aget_type(b) : H5Dget_type(b), sb = attribute ? H5Aget_space(b) : H5Dget_space(b);
  hssize_t  na = H5Sget_simple_extent_npoints(sa), nb = H5Sget_simple_extent_npoints(sb);
  size_t    size = H5Tget_size(ta);
  PetscBool same = (PetscBool)(H5Tequal(ta, tb) > 0 && na == nb && na >= 0);
  char     *ba = NULL, *bb = NULL;

  if (same && na > 0) {
    ba   = calloc((size_t)na, size);
    bb   = calloc((size_t)na, size);
    same = (PetscBool)(ba && bb &&
                       (attribute ? H5Aread(a, ta, ba) : H5Dread(a, ta, H5S_ALL, H5S_ALL, H5P_DEFAULT, ba)) >= 0 &&
                       (attribute ? H5Aread(b, tb, bb) : H5Dread(b, tb, H5S_ALL, H5S_ALL, H5P_DEFAULT, bb)) >= 0 &&
                       !memcmp(ba, bb, (size_t)na * size));
  }
  free(ba);
  free(bb);
  H5Tclose(ta), H5Tclose(tb), H5Sclose(sa), H5Sclose(sb);
  return same;
}

static herr_t CompareAttribute(hid_t loc, const char *name, const H5A_info_t *info, void *data)
{
  Compare *c = (Compare *)data;
  hid_t    a = H5Aopen(loc, name, H5P_DEFAULT), b = H5I_INVALID_HID;
  char     objname[1024];

  (void)info;
  if (H5Iget_name(loc, objname, sizeof(objname)) < 0 || H5Aexists_by_name(c->other, objname, name, H5P_DEFAULT) <= 0 ||
      (b = H5Aopen_by_name(c->other, objname, name, H5P_DEFAULT, H5P_DEFAULT)) < 0 || !SameBytes(a, b, PETSC_TRUE))
    c->same = PETSC_FALSE;
  if (b >= 0) H5Aclose(b);
  H5Aclose(a);
  return 0;
}

static herr_t CompareObject(hid_t loc, const char *name, const H5O_info_t *info, void *data)
{
  Compare   *c = (Compare *)data;
  H5O_info_t other;
  hid_t      o;

  if (H5Oget_info_by_name2(c->other, name, &other, H5O_INFO_BASIC | H5O_INFO_NUM_ATTRS, H5P_DEFAULT) < 0 ||
      other.type != info->type || other.num_attrs != info->num_attrs) {
    c->same = PETSC_FALSE;
    return 0;
  }
  if ((o = H5Oopen(loc, name, H5P_DEFAULT)) < 0) {
    c->same = PETSC_FALSE;
    return 0;
  }
  (void)H5Aiterate2(o, H5_INDEX_NAME, H5_ITER_NATIVE, NULL, CompareAttribute, c);
  if (info->type == H5O_TYPE_DATASET) {
    hid_t d = H5Dopen2(c->other, name, H5P_DEFAULT);

    if (d < 0 || !SameBytes(o, d, PETSC_FALSE)) c->same = PETSC_FALSE;
    if (d >= 0) H5Dclose(d);
  }
  H5Oclose(o);
  return 0;
}

/* Every object, attribute and dataset of a is in b with the same bytes, and vice versa. */
static PetscBool SameFiles(const char a[], const char b[])
{
  Compare c  = {H5I_INVALID_HID, PETSC_TRUE};
  hid_t   fa = H5Fopen(a, H5F_ACC_RDONLY, H5P_DEFAULT), fb = H5Fopen(b, H5F_ACC_RDONLY, H5P_DEFAULT);

  if (fa < 0 || fb < 0) c.same = PETSC_FALSE;
  for (int pass = 0; pass < 2 && c.same; pass++) {
    c.other = pass ? fa : fb;
    if (H5Ovisit2(pass ? fb : fa, H5_INDEX_NAME, H5_ITER_NATIVE, CompareObject, &c,
                  H5O_INFO_BASIC | H5O_INFO_NUM_ATTRS) < 0)
      c.same = PETSC_FALSE;
  }
  if (fa >= 0) H5Fclose(fa);
  if (fb >= 0) H5Fclose(fb);
  H5Eclear2(H5E_DEFAULT);
  return c.same;
}

/* ---- trials -------------------------------------------------------------------------------- */

typedef struct {
  int identical, refused, unclear, wrong;
} Tally;

/* Rank 0 writes the damaged copy: the checkpoint with bit (offset, bit) flipped, cut to offset
 * bytes (bit = -1), or whole (bit < -1). */
static PetscErrorCode Damage(PetscMPIInt rank, const char chk[], const char trial[], long offset, int bit)
{
  PetscFunctionBeginUser;
  if (!rank) {
    FILE *in = fopen(chk, "rb"), *out = fopen(trial, "wb");
    int   ch;
    long  i = 0;

    PetscCheck(in && out, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot copy %s to %s", chk, trial);
    while ((ch = fgetc(in)) != EOF && (bit != -1 || i < offset)) {
      if (bit >= 0 && i == offset) ch ^= 1 << bit;
      (void)fputc(ch, out);
      i++;
    }
    (void)fclose(in);
    (void)fclose(out);
  }
  PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD));
  PetscFunctionReturn(0);
}

static PetscErrorCode Trial(Parts *p, PetscMPIInt rank, const char full[], const char trial[], const char out[],
                            Tally *t, const char what[])
{
  PetscErrorCode ierr;
  PetscBool      same = PETSC_FALSE;

  PetscFunctionBeginUser;
  CAPTURE(ierr, Restart(p, trial, out));
  if (ierr) PetscCall(MckIOAbortAll()); /* what McKeanFinalize would do */
  if (ierr == PETSC_ERR_USER_INPUT && !strchr(iotest_message, '\n')) t->refused++;
  else if (ierr) {
    t->unclear++;
    if (!rank) PetscCall(PetscPrintf(PETSC_COMM_SELF, "UNCLEAR (%s): error %d: %s\n", what, (int)ierr, iotest_message));
  } else {
    if (!rank) same = SameFiles(full, out);
    PetscCallMPI(MPI_Bcast(&same, 1, MPIU_BOOL, 0, p->comm));
    if (same) t->identical++;
    else {
      t->wrong++;
      if (!rank)
        PetscCall(PetscPrintf(PETSC_COMM_SELF, "WRONG DATA (%s): the restart succeeded with another run file\n", what));
    }
  }
  PetscFunctionReturn(0);
}

/* A NaN written into the particle state through HDF5 (checksum recomputed): refused. */
static PetscErrorCode NaNTrial(Parts *p, PetscMPIInt rank, const char chk[], const char trial[], const char out[])
{
  PetscErrorCode ierr;
  const char    *w[] = {"-restart", trial, "/checkpoint/particles/x", "NaN", NULL};

  PetscFunctionBeginUser;
  PetscCall(Damage(rank, chk, trial, -1, -2)); /* a plain copy */
  if (!rank) {
    hid_t f = H5Fopen(trial, H5F_ACC_RDWR, H5P_DEFAULT), d = H5Dopen2(f, "/checkpoint/particles/x", H5P_DEFAULT),
          s          = H5Dget_space(d), m;
    hsize_t start[2] = {17, 1}, one[2] = {1, 1};
    double  nan = NAN;

    H5Sselect_hyperslab(s, H5S_SELECT_SET, start, NULL, one, NULL);
    m = H5Screate_simple(2, one, NULL);
    PetscCheck(H5Dwrite(d, H5T_NATIVE_DOUBLE, m, s, H5P_DEFAULT, &nan) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB,
               "cannot write the NaN");
    H5Sclose(m), H5Sclose(s), H5Dclose(d), H5Fclose(f);
  }
  PetscCallMPI(MPI_Barrier(p->comm));
  CAPTURE(ierr, Restart(p, trial, out));
  if (ierr) PetscCall(MckIOAbortAll());
  PetscCall(ExpectRefused(p->comm, ierr, "a checkpoint with a NaN written into its particle state", w));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscErrorCode ierr = 0;
  PetscMPIInt    size, rank;
  PetscInt       nflips = 600, ncuts = 60, seed = 1;
  char           full[64], chk[64], out[64], trial[96], what[128];
  long           bytes = 0;
  Parts          p;
  Tally          t = {0, 0, 0, 0};

  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-flips", &nflips, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-cuts", &ncuts, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-seed", &seed, NULL));
  PetscCall(PartsCreate(PETSC_COMM_WORLD, NPART, &p));
  PetscCallMPI(MPI_Comm_size(p.comm, &size));
  PetscCallMPI(MPI_Comm_rank(p.comm, &rank));
  PetscCall(PetscSNPrintf(full, sizeof(full), "io_corrupt_np%d_full.h5", size));
  PetscCall(PetscSNPrintf(chk, sizeof(chk), "io_corrupt_np%d.chk.h5", size));
  PetscCall(PetscSNPrintf(out, sizeof(out), "io_corrupt_np%d_out.h5", size));
  PetscCall(Reference(&p, full, chk));
  if (!rank) {
    FILE *f = fopen(chk, "rb");

    if (f && fseek(f, 0, SEEK_END) == 0) bytes = ftell(f);
    if (f) (void)fclose(f);
    srand48((long)seed);
  }
  PetscCallMPI(MPI_Bcast(&bytes, 1, MPI_LONG, 0, p.comm));
  /* the undamaged checkpoint restarts to the uninterrupted run */
  PetscCall(Trial(&p, rank, full, chk, out, &t, "no damage"));
  PetscCall(
      Expect(p.comm, (PetscBool)(t.identical == 1), "the undamaged checkpoint restarts to the uninterrupted run file"));
  for (PetscInt k = 0; k < nflips + ncuts && !ierr; k++) {
    long offset = 0;
    int  bit    = -1;

    if (!rank) {
      offset = (long)(drand48() * (double)bytes);
      if (k < nflips) bit = (int)(drand48() * 8);
    }
    PetscCallMPI(MPI_Bcast(&offset, 1, MPI_LONG, 0, p.comm));
    PetscCallMPI(MPI_Bcast(&bit, 1, MPI_INT, 0, p.comm));
    PetscCall(PetscSNPrintf(trial, sizeof(trial), "io_corrupt_np%d_trial%d.chk.h5", size, (int)k));
    if (bit >= 0) PetscCall(PetscSNPrintf(what, sizeof(what), "bit %d of byte %ld flipped", bit, offset));
    else PetscCall(PetscSNPrintf(what, sizeof(what), "cut after %ld bytes", offset));
    PetscCall(Damage(rank, chk, trial, offset, bit));
    PetscCall(Trial(&p, rank, full, trial, out, &t, what));
    if (!rank && !getenv("IO_CORRUPT_KEEP")) (void)remove(trial);
  }
  PetscCall(PetscSNPrintf(trial, sizeof(trial), "io_corrupt_np%d_nan.chk.h5", size));
  ierr = NaNTrial(&p, rank, chk, trial, out);
  PetscCall(PetscPrintf(
      p.comm,
      "{\"checkpoint_bytes\": %ld, \"flips\": %d, \"cuts\": %d, \"identical\": %d, \"refused\": %d, \"unclear\": %d, \"wrong_data\": %d}\n",
      bytes, (int)nflips, (int)ncuts, t.identical - 1, t.refused, t.unclear, t.wrong));
  if (!ierr)
    ierr = Expect(p.comm, (PetscBool)(t.unclear == 0 && t.wrong == 0),
                  "every damaged checkpoint restarts identically or is refused in one line");
  PetscCall(PartsDestroy(&p));
  if (!rank) { (void)remove(full), (void)remove(chk), (void)remove(out), (void)remove(trial); }
  PetscCall(McKeanFinalize());
  return ierr ? 1 : 0;
}
