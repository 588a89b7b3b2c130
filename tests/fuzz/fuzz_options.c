/* libFuzzer target: the YAML and options path, as an app reads its deck.
 *
 * Each input is a deck: YAML (PetscOptionsInsertStringYAML, what -options_file_yaml does) or,
 * when it starts with '-', a plain options string (what -options_file does). The options
 * database then goes through the readers every app calls before it allocates anything: the
 * run's options (MckRunSetFromOptions; the deck's output paths are replaced by fuzz.h5 in the
 * fuzzer's directory, so that an input never claims a file elsewhere), the particles, the Langevin integrator and its
 * drifts and kernels, the grid, the ensemble, and the unused-option check with its "did you
 * mean" suggestion (McKeanOptionsCheckUnused). Refusals are the expected outcome for most
 * inputs; a crash, a sanitizer report, a hang or a run away allocation is a finding.
 * Built and run by tests/fuzz/fuzz.sh. */
#include <mckean/mckensemble.h>
#include <mckean/mckgrid.h>
#include <mckean/mcklangevin.h>
#include <mckean/mckrun.h>
#include <stdint.h>
#include <string.h>

/* The run claims its outputs (lock files): the paths a deck names are not the fuzzer's to touch. */
static PetscErrorCode KeepOutputsHere(void)
{
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsClearValue(NULL, "-output"));
  PetscCall(PetscOptionsClearValue(NULL, "-checkpoint"));
  PetscCall(PetscOptionsClearValue(NULL, "-restart"));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadDeck(const char text[])
{
  MckRun         run  = NULL;
  MckParticles   p    = NULL;
  MckLangevin    l    = NULL;
  MckGrid        g    = NULL;
  MckEnsemble    e    = NULL;
  MPI_Comm       comm = PETSC_COMM_WORLD;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsClear(NULL));
  if (text[0] == '-') ierr = PetscOptionsInsertString(NULL, text);
  else ierr = PetscOptionsInsertStringYAML(NULL, text);
  if (ierr) PetscFunctionReturn(0);
  PetscCall(KeepOutputsHere());
  ierr = MckRunCreate(comm, &run);
  if (!ierr) ierr = MckRunSetDefaultOutput(run, "fuzz.h5");
  if (!ierr) ierr = MckRunSetFromOptions(run);
  if (!ierr) ierr = MckParticlesCreate(comm, &p);
  if (!ierr) ierr = MckParticlesSetFromOptions(p);
  if (!ierr) ierr = MckLangevinCreate(p, &l);
  if (!ierr) ierr = MckLangevinSetFromOptions(l);
  if (!ierr) ierr = MckGridCreate(comm, &g);
  if (!ierr) ierr = MckGridSetFromOptions(g);
  if (!ierr) ierr = MckEnsembleCreate(comm, &e);
  if (!ierr) ierr = MckEnsembleSetFromOptions(e);
  if (!ierr) ierr = McKeanOptionsCheckUnused(comm);
  if (e) PetscCall(MckEnsembleDestroy(&e));
  if (g) PetscCall(MckGridDestroy(&g));
  if (l) PetscCall(MckLangevinDestroy(&l));
  if (p) PetscCall(MckParticlesDestroy(&p));
  if (run) PetscCall(MckRunDestroy(&run));
  PetscFunctionReturn(0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  static int   one    = 1;
  static char *args[] = {"fuzz_options", NULL};
  char       **a      = args;

  (void)argc, (void)argv; /* libFuzzer's own flags are not McKean's options */
  if (McKeanInitialize(&one, &a, NULL, "options fuzzer\n")) return 1;
  (void)PetscPushErrorHandler(PetscReturnErrorHandler, NULL); /* refusals are expected: silent */
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *text = malloc(size + 1);

  if (!text) return 0;
  memcpy(text, data, size);
  text[size] = 0;
  if (ReadDeck(text)) abort(); /* only a failure to clean up gets here: a finding */
  free(text);
  return 0;
}
