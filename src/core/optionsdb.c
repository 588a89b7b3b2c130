/* A private options database for one job inside a process: what an app's command line is to
 * McKeanMain, McKeanOptionsPush is to a caller that runs many jobs in one process (the Python
 * bindings, a test driver). */
#include "coreimpl.h"

#define MCK_MAX_PUSHED 8
static PetscOptions mck_pushed[MCK_MAX_PUSHED];
static int          mck_npushed;

/* A command-line word that is an option's value: not an option name, or a negative number. */
static PetscBool IsValue(const char *word)
{
  char *end;

  if (word[0] != '-') return PETSC_TRUE;
  (void)strtod(word, &end);
  return (PetscBool)(end != word && !*end);
}

/* The arguments alone, in order (a later value replaces an earlier one, so options after a deck
 * override it): unlike PetscOptionsInsert, nothing from PETSC_OPTIONS or .petscrc files, which
 * the process's own database already holds. */
static PetscErrorCode InsertArguments(MPI_Comm comm, PetscOptions options, int argc, char *argv[])
{
  PetscFunctionBeginUser;
  for (int i = 1; i < argc; i++) {
    const char *name = argv[i], *value = i + 1 < argc && IsValue(argv[i + 1]) ? argv[++i] : NULL;

    PetscCheck(name[0] == '-', comm, PETSC_ERR_USER_INPUT, "%s: not an option (an option begins with a dash)", name);
    if (!strcmp(name, "-options_file_yaml")) PetscCall(PetscOptionsInsertFileYAML(comm, options, value, PETSC_TRUE));
    else if (!strcmp(name, "-options_file")) PetscCall(PetscOptionsInsertFile(comm, options, value, PETSC_TRUE));
    else PetscCall(PetscOptionsSetValue(options, name, value));
  }
  PetscFunctionReturn(0);
}

/*@C
  McKeanOptionsPush - Makes a new options database, filled from a command line, the default
  one until `McKeanOptionsPop()`: objects created and set up meanwhile read only these options,
  and `McKeanOptionsCheckUnused()` refuses those of them nobody read.

  Collective

  Input Parameters:
+ comm - the communicator errors are raised on
. argc - number of arguments
- argv - the arguments; argv[0] is a program name and is skipped. `-options_file_yaml DECK`
         and `-options_file FILE` are read where they appear, as on an app's command line, after
         the same check of the deck (missing, empty or malformed: one line naming the option and
         the path); a later value of an option replaces an earlier one. `PETSC_OPTIONS` and
         `.petscrc` files are not read again: they belong to the process's own database

  Level: intermediate

.seealso: `McKeanOptionsPop()`, `McKeanOptionsCheckUnused()`, `McKeanMain()`
@*/
PetscErrorCode McKeanOptionsPush(MPI_Comm comm, int argc, char *argv[])
{
  char         msg[PETSC_MAX_PATH_LEN + 256];
  PetscOptions options;

  PetscFunctionBeginUser;
  PetscCheck(mck_npushed < MCK_MAX_PUSHED, comm, PETSC_ERR_SUP, "more than %d options databases pushed",
             MCK_MAX_PUSHED);
  PetscCheck(!McKeanCheckDecks(argc, argv, msg, sizeof(msg)), comm, PETSC_ERR_USER_INPUT, "%s", msg);
  PetscCall(PetscOptionsCreate(&options));
  PetscCall(InsertArguments(comm, options, argc, argv));
  PetscCall(PetscOptionsPush(options));
  mck_pushed[mck_npushed++] = options;
  PetscFunctionReturn(0);
}

/*@C
  McKeanOptionsPop - Restores the options database that was the default before the last
  `McKeanOptionsPush()`, and destroys the pushed one.

  Not Collective

  Level: intermediate

.seealso: `McKeanOptionsPush()`
@*/
PetscErrorCode McKeanOptionsPop(void)
{
  PetscFunctionBeginUser;
  PetscCheck(mck_npushed > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE, "no options database was pushed");
  PetscCall(PetscOptionsPop());
  PetscCall(PetscOptionsDestroy(&mck_pushed[--mck_npushed]));
  PetscFunctionReturn(0);
}
