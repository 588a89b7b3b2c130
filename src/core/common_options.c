/* Options every McKean app accepts: -output, -seed, -checkpoint, -checkpoint_interval,
 * -restart, -progress_interval, -help. */
#include <mckean/mckean.h>

/* run.h5 -> run.chk.h5: the checkpoint sits next to the run file it belongs to. */
static PetscErrorCode DefaultCheckpointPath(const char output[], char chk[], size_t len)
{
  size_t n;

  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(chk, output, len));
  PetscCall(PetscStrlen(chk, &n));
  if (n > 3 && !strcmp(chk + n - 3, ".h5")) chk[n - 3] = 0;
  PetscCall(PetscStrlcat(chk, ".chk.h5", len));
  PetscFunctionReturn(0);
}

/*@C
  McKeanCommonOptionsGet - Reads the options every McKean app accepts, with their defaults and
  checks.

  Collective

  Input Parameters:
+ comm           - the communicator of the run
- default_output - the run file written when -output is not given (e.g. "field.h5")

  Output Parameter:
. opts - the values (a -help run is flagged in opts->help)

  Options Database Keys:
+ -output FILE           - HDF5 run file to write (default: default_output)
. -seed N                - random seed, zero or positive (default 1)
. -checkpoint_interval N - write a checkpoint every N steps (0, the default: never)
. -checkpoint FILE       - checkpoint file (default: the run file's name with .chk.h5); must differ from -output
. -restart FILE          - continue from this checkpoint
- -progress_interval N   - a progress line every N steps (0: never; -1, the default: about ten per run)

  Notes:
  Each value out of range (an empty -output, a negative seed or interval, -restart without a
  file, -checkpoint equal to -output) is a `PETSC_ERR_USER_INPUT` error naming the option and the value.
  Apps built on `MckRun` get the same options from `MckRunSetFromOptions()`.

  Level: intermediate

.seealso: `MckRunSetFromOptions()`, `MckIOClaimRunOutputs()`, `MckProgressCreate()`
@*/
PetscErrorCode McKeanCommonOptionsGet(MPI_Comm comm, const char default_output[], MckCommonOptions *o)
{
  PetscBool set;

  PetscFunctionBeginUser;
  PetscCall(PetscMemzero(o, sizeof(*o)));
  PetscCall(PetscStrncpy(o->output, default_output, sizeof(o->output)));
  o->seed              = 1;
  o->progress_interval = -1;
  PetscOptionsBegin(comm, NULL, "McKean run options", NULL);
  PetscCall(MckOptionsString("-output", "HDF5 run file to write", o->output, o->output, sizeof(o->output), NULL));
  PetscCall(MckOptionsInt("-seed", "Random seed (with the options, it determines every result bit for bit)", o->seed,
                          &o->seed, NULL));
  PetscCall(MckOptionsInt("-checkpoint_interval", "Write a checkpoint every this many steps (0: never)",
                          o->checkpoint_interval, &o->checkpoint_interval, NULL));
  PetscCall(DefaultCheckpointPath(o->output, o->checkpoint, sizeof(o->checkpoint)));
  PetscCall(MckOptionsString("-checkpoint", "Checkpoint file (default: the run file's name with .chk.h5)",
                             o->checkpoint, o->checkpoint, sizeof(o->checkpoint), NULL));
  PetscCall(MckOptionsString("-restart", "Continue from this checkpoint file", o->restart, o->restart,
                             sizeof(o->restart), &set));
  PetscCall(MckOptionsInt("-progress_interval",
                          "Print a progress line every this many steps (0: never, -1: ten lines per run)",
                          o->progress_interval, &o->progress_interval, NULL));
  PetscOptionsEnd();
  PetscCall(PetscOptionsHasHelp(NULL, &o->help));
  PetscCheck(o->output[0], comm, PETSC_ERR_USER_INPUT, "-output: an output file name is required");
  PetscCheck(o->seed >= 0, comm, PETSC_ERR_USER_INPUT, "-seed %" PetscInt_FMT ": must be zero or positive", o->seed);
  PetscCheck(o->checkpoint_interval >= 0, comm, PETSC_ERR_USER_INPUT,
             "-checkpoint_interval %" PetscInt_FMT ": must be zero (never) or a positive number of steps",
             o->checkpoint_interval);
  PetscCheck(o->progress_interval >= -1, comm, PETSC_ERR_USER_INPUT,
             "-progress_interval %" PetscInt_FMT ": must be -1 (automatic), 0 (never) or a positive number of steps",
             o->progress_interval);
  PetscCheck(!set || o->restart[0], comm, PETSC_ERR_USER_INPUT, "-restart: needs the name of a checkpoint file");
  PetscCheck(strcmp(o->output, o->checkpoint), comm, PETSC_ERR_USER_INPUT, "-checkpoint %s: must differ from -output",
             o->checkpoint);
  PetscFunctionReturn(0);
}
