/* libFuzzer target: the restart reader, as mckean-langevin restarts from a checkpoint.
 *
 * An input is either a whole file (first byte even), or -- first byte odd -- a change that
 * keeps the file valid HDF5 with right checksums, made with HDF5 itself to a copy of a genuine
 * checkpoint: the step attribute, a configuration string, the particle state (shape and
 * values: NaN, infinities, anything) or the time series (shape and column names) replaced by
 * what the input's bytes say. The fuzzer cannot forge checksums; the second kind reaches the
 * code behind them. Then the restart: MckIOOpenRead (which verifies a checkpoint in full), the
 * step attribute, the configuration check and the particle state (MckParticlesConfig,
 * MckParticlesRead), MckIORestartRunFile and MckSeriesLoad, which continue the file as the run
 * file. A refusal is the expected outcome; a crash, a sanitizer report or a hang is a finding.
 * With MCK_FUZZ_SEED=FILE set, the target writes a genuine checkpoint to FILE (the seed of the
 * corpus, whose first byte, 0x89, is even) and exits. Built and run by tests/fuzz/fuzz.sh. */
#include <mckean/mckio.h>
#include <mckean/mckparticles.h>
#include <mckean/mckrng.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static MckParticles particles;
static char         input[256], output[256], genuine[256];
static const char  *cols[] = {"t", "mean"};

static PetscErrorCode WriteSeed(const char path[])
{
  MckIO     run, chk;
  MckSeries s;
  MckRNG    rng;
  PetscReal row[2] = {0.5, 1.5};
  char      run_path[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(run_path, sizeof(run_path), "%s.run.h5", path));
  PetscCall(MckRNGCreate(PETSC_COMM_WORLD, &rng));
  PetscCall(MckRNGSetSeed(rng, 7));
  PetscCall(MckParticlesInitialize(particles, rng));
  PetscCall(MckSeriesCreate(PETSC_COMM_WORLD, "fuzz", 2, cols, &s));
  PetscCall(MckSeriesAppend(s, row));
  PetscCall(MckIOCreate(PETSC_COMM_WORLD, &run));
  PetscCall(MckIOOpenWrite(run, run_path, "-output"));
  PetscCall(MckSeriesFlush(s, run));
  PetscCall(MckParticlesAppendSnapshot(particles, run, "/particles/snapshots"));
  PetscCall(MckIOCheckpointBegin(run, path, &chk));
  PetscCall(MckParticlesConfig(particles, chk, PETSC_FALSE));
  PetscCall(MckIOWriteAttributeInt(chk, "/checkpoint", "step", 3));
  PetscCall(MckParticlesWrite(particles, chk, "/checkpoint/particles"));
  PetscCall(MckIOCheckpointEnd(run, &chk));
  PetscCall(MckIOClose(run));
  PetscCall(MckIODestroy(&run));
  PetscCall(MckSeriesDestroy(&s));
  PetscCall(MckRNGDestroy(&rng));
  (void)remove(run_path);
  PetscFunctionReturn(0);
}

static PetscErrorCode Restart(void)
{
  MckIO          chk = NULL, run = NULL;
  MckSeries      s = NULL;
  PetscInt64     step;
  PetscBool      found;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(MckIOCreate(PETSC_COMM_WORLD, &chk));
  ierr = MckIOOpenRead(chk, input, "-restart");
  if (!ierr) ierr = MckIOReadAttributeInt(chk, "/checkpoint", "step", &step, &found);
  if (!ierr) ierr = MckParticlesConfig(particles, chk, PETSC_TRUE);
  if (!ierr) ierr = MckParticlesRead(particles, chk, "/checkpoint/particles");
  if (!ierr) {
    PetscCall(MckIOCreate(PETSC_COMM_WORLD, &run));
    PetscCall(MckSeriesCreate(PETSC_COMM_WORLD, "fuzz", 2, cols, &s));
    ierr = MckIORestartRunFile(run, output, "-output", chk);
    if (!ierr) ierr = MckSeriesLoad(s, run);
    PetscCall(MckIOAbortAll()); /* what McKeanFinalize does: no file in progress is left */
    PetscCall(MckIODestroy(&run));
    PetscCall(MckSeriesDestroy(&s));
  }
  PetscCall(MckIODestroy(&chk));
  PetscFunctionReturn(0);
}

/* Consume n bytes of the input (zeros once it is exhausted). */
static void Take(const uint8_t **data, size_t *size, void *out, size_t n)
{
  size_t k = PetscMin(n, *size);

  memset(out, 0, n);
  memcpy(out, *data, k);
  *data += k;
  *size -= k;
}

/* A dataset replaced by one of the shape and values the input gives (values repeat the input). */
static void ReplaceDataset(hid_t f, const char name[], const uint8_t *data, size_t size)
{
  uint16_t shape[2];
  hsize_t  dims[2];
  double  *v;
  size_t   n;
  hid_t    s, d;

  Take(&data, &size, shape, sizeof(shape));
  dims[0] = shape[0] % 300;
  dims[1] = shape[1] % 5;
  n       = (size_t)(dims[0] * dims[1]);
  if (!(v = calloc(n + 1, sizeof(double)))) return;
  for (size_t i = 0; i < n && size >= sizeof(double); i++)
    memcpy(&v[i], data + (i * sizeof(double)) % (size - size % sizeof(double)), sizeof(double));
  (void)H5Ldelete(f, name, H5P_DEFAULT);
  s = H5Screate_simple(2, dims, NULL);
  d = H5Dcreate2(f, name, H5T_IEEE_F64LE, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (d >= 0) (void)H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
  if (d >= 0) (void)H5Dclose(d);
  (void)H5Sclose(s);
  free(v);
}

static void ReplaceString(hid_t f, const char obj[], const char name[], const uint8_t *data, size_t size)
{
  char *text = calloc(size + 1, 1);
  hid_t o = H5Oopen(f, obj, H5P_DEFAULT), t = H5Tcopy(H5T_C_S1), s = H5Screate(H5S_SCALAR), a;

  if (text && o >= 0) {
    memcpy(text, data, size);
    (void)H5Tset_size(t, size + 1);
    (void)H5Adelete(o, name);
    if ((a = H5Acreate2(o, name, t, s, H5P_DEFAULT, H5P_DEFAULT)) >= 0) {
      (void)H5Awrite(a, t, text);
      (void)H5Aclose(a);
    }
  }
  if (o >= 0) (void)H5Oclose(o);
  (void)H5Tclose(t), (void)H5Sclose(s);
  free(text);
}

/* The genuine checkpoint, copied to input and changed as the input says. */
static void Change(const uint8_t *data, size_t size)
{
  uint8_t what, buf[1 << 16];
  int64_t step;
  hid_t   f, a;
  size_t  n;
  FILE   *in = fopen(genuine, "rb"), *out = fopen(input, "wb");

  if (!in || !out) abort();
  while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
    if (fwrite(buf, 1, n, out) != n) abort();
  (void)fclose(in);
  if (fclose(out)) abort();
  Take(&data, &size, &what, 1);
  Take(&data, &size, &what, 1);
  if ((f = H5Fopen(input, H5F_ACC_RDWR, H5P_DEFAULT)) < 0) abort();
  switch (what % 5) {
  case 0:
    Take(&data, &size, &step, sizeof(step));
    if ((a = H5Aopen_by_name(f, "/checkpoint", "step", H5P_DEFAULT, H5P_DEFAULT)) >= 0) {
      (void)H5Awrite(a, H5T_NATIVE_INT64, &step);
      (void)H5Aclose(a);
    }
    break;
  case 1: ReplaceString(f, "/checkpoint/config", "-particles_n", data, size); break;
  case 2: ReplaceDataset(f, "/checkpoint/particles/x", data, size); break;
  case 3: ReplaceDataset(f, "/timeseries/fuzz", data, size); break;
  default: ReplaceString(f, "/timeseries/fuzz", "columns", data, size); break;
  }
  (void)H5Fclose(f);
  (void)H5Eclear2(H5E_DEFAULT);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  static int   one    = 1;
  static char *args[] = {"fuzz_restart", "-particles_n", "64", "-particles_dim", "2", "-particles_box", "1,1", NULL};
  static int   nargs  = 7;
  char       **a      = args;
  const char  *seed   = getenv("MCK_FUZZ_SEED");

  (void)argc, (void)argv, (void)one; /* libFuzzer's own flags are not McKean's options */
  if (McKeanInitialize(&nargs, &a, NULL, "restart fuzzer\n")) return 1;
  if (MckParticlesCreate(PETSC_COMM_WORLD, &particles) || MckParticlesSetFromOptions(particles) ||
      MckParticlesSetUp(particles))
    return 1;
  (void)snprintf(input, sizeof(input), "fuzz-restart-%ld.chk.h5", (long)getpid());
  (void)snprintf(output, sizeof(output), "fuzz-restart-%ld.h5", (long)getpid());
  (void)snprintf(genuine, sizeof(genuine), "fuzz-restart-%ld.genuine.chk.h5", (long)getpid());
  if (seed) {
    if (WriteSeed(seed) || McKeanFinalize()) exit(1);
    exit(0);
  }
  if (WriteSeed(genuine)) return 1;
  (void)PetscPushErrorHandler(PetscReturnErrorHandler, NULL); /* refusals are expected: silent */
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  FILE *f;

  (void)unlink(input);
  if (size && data[0] % 2) Change(data, size);
  else {
    if (!(f = fopen(input, "wb"))) abort();
    if (size && fwrite(data, 1, size, f) != size) abort();
    if (fclose(f)) abort();
  }
  if (Restart()) abort(); /* only a failure to clean up gets here: a finding */
  return 0;
}
