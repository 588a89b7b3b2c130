/* libFuzzer target: the restart reader, as mckean-langevin restarts from a checkpoint.
 *
 * Each input is written to a file and restarted from: MckIOOpenRead (which verifies a
 * checkpoint in full), the configuration check and the particle state (MckParticlesConfig,
 * MckParticlesRead), the step attribute, then MckIORestartRunFile and MckSeriesLoad, which
 * continue the file as the run file. A refusal is the expected outcome for a damaged input; a
 * crash, a sanitizer report or a hang is a finding. With MCK_FUZZ_SEED=FILE set, the target
 * writes a genuine checkpoint to FILE (the seed of the corpus) and exits.
 * Built and run by tests/fuzz/fuzz.sh. */
#include <mckean/mckio.h>
#include <mckean/mckparticles.h>
#include <mckean/mckrng.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static MckParticles particles;
static char         input[256], output[256];
static const char  *cols[] = {"t", "mean"};

static PetscErrorCode WriteSeed(const char path[])
{
  MckIO      run, chk;
  MckSeries  s;
  MckRNG     rng;
  PetscReal  row[2] = {0.5, 1.5};
  char       run_path[PETSC_MAX_PATH_LEN];

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
  MckIO      chk = NULL, run = NULL;
  MckSeries  s   = NULL;
  PetscInt64 step;
  PetscBool  found;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(MckIOCreate(PETSC_COMM_WORLD, &chk));
  ierr = MckIOOpenRead(chk, input, "-restart");
  if (!ierr) ierr = MckIOReadAttributeInt(chk, "/checkpoint", "step", &step, &found);
  if (!ierr) ierr = MckParticlesConfig(particles, chk, PETSC_TRUE);
  if (!ierr) ierr = MckParticlesRead(particles, chk, "/checkpoint/particles");
  PetscCall(MckIODestroy(&chk));
  if (!ierr) {
    PetscCall(MckIOCreate(PETSC_COMM_WORLD, &run));
    PetscCall(MckSeriesCreate(PETSC_COMM_WORLD, "fuzz", 2, cols, &s));
    ierr = MckIORestartRunFile(run, output, "-output", input);
    if (!ierr) ierr = MckSeriesLoad(s, run);
    PetscCall(MckIOAbortAll()); /* what McKeanFinalize does: no file in progress is left */
    PetscCall(MckIODestroy(&run));
    PetscCall(MckSeriesDestroy(&s));
  }
  PetscFunctionReturn(0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  static int   one = 1;
  static char *args[] = {"fuzz_restart", "-particles_n", "64", "-particles_dim", "2", "-particles_box", "1,1", NULL};
  static int   nargs  = 7;
  char       **a      = args;
  const char  *seed   = getenv("MCK_FUZZ_SEED");

  (void)argc, (void)argv, (void)one; /* libFuzzer's own flags are not McKean's options */
  if (McKeanInitialize(&nargs, &a, NULL, "restart fuzzer\n")) return 1;
  if (MckParticlesCreate(PETSC_COMM_WORLD, &particles) || MckParticlesSetFromOptions(particles) || MckParticlesSetUp(particles)) return 1;
  (void)snprintf(input, sizeof(input), "fuzz-restart-%ld.chk.h5", (long)getpid());
  (void)snprintf(output, sizeof(output), "fuzz-restart-%ld.h5", (long)getpid());
  if (seed) {
    if (WriteSeed(seed) || McKeanFinalize()) exit(1);
    exit(0);
  }
  (void)PetscPushErrorHandler(PetscReturnErrorHandler, NULL); /* refusals are expected: silent */
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  FILE *f;

  (void)unlink(input);
  if (!(f = fopen(input, "wb"))) abort();
  if (size && fwrite(data, 1, size, f) != size) abort();
  if (fclose(f)) abort();
  if (Restart()) abort(); /* only a failure to clean up gets here: a finding */
  return 0;
}
