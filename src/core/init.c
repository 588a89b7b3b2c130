/* McKeanInitialize/Finalize: PETSc, FFTW-MPI, log events, BLAS threading, error reporting. */
#include "coreimpl.h"
#include <fftw3-mpi.h>
#include <ctype.h>
#include <signal.h>

PetscClassId  MCK_CLASSID;
PetscLogEvent MCK_EVENT_RngNormals, MCK_EVENT_IOWrite, MCK_EVENT_Checkpoint, MCK_EVENT_Restart;
PetscLogStage MCK_STAGE_Setup, MCK_STAGE_Run, MCK_STAGE_Output;

/* OpenBLAS's own threads would compete with the MPI ranks for the same cores. */
extern void                 openblas_set_num_threads(int);
PETSC_INTERN PetscErrorCode McKeanCheckISA(void);

/* A user mistake (PETSC_ERR_USER_INPUT) is reported as one line, without PETSc's traceback: the
 * message already names the option, the value and what is allowed. Raised on a communicator
 * spanning the world, rank 0 prints it. Raised on a smaller one (a member's, or a rank's own
 * replicated object), every rank typically raises the same mistake, since the options are the
 * same everywhere: world rank 0 prints it at once and the others keep theirs until
 * McKeanFinalize, which prints a kept one only when world rank 0 reported nothing. Every other
 * error keeps PETSc's full traceback. */
static char      user_error_kept[1024];
static PetscBool user_error_reported;

/* PETSc's printf appends a decimal point to a %g that prints as an integer or nan ("1.",
 * "nan."); in a one-line message read by a person, "-lgv_dt 1.: must be" reads as a typo. The
 * point is dropped where it ends a number that stands alone (a token of digits, nan or inf, not
 * the end of a name such as "trial6.chk.h5") and no letter, digit or underscore follows. */
static PetscBool IsWordChar(char c) { return (PetscBool)(isalnum((unsigned char)c) || c == '_' || c == '.'); }

static PetscBool EndsStandaloneNumber(const char *in, size_t i)
{
  size_t b = i;

  if (i >= 3 && (!strncmp(in + i - 3, "nan", 3) || !strncmp(in + i - 3, "inf", 3))) b = i - 3;
  else
    while (b > 0 && isdigit((unsigned char)in[b - 1])) b--;
  if (b == i) return PETSC_FALSE;
  return (PetscBool)(b == 0 || !IsWordChar(in[b - 1]));
}

static void DropIntegerPoints(const char *in, char *out, size_t len)
{
  size_t o = 0;

  for (size_t i = 0; in[i] && o + 1 < len; i++) {
    if (in[i] == '.' && EndsStandaloneNumber(in, i) && !IsWordChar(in[i + 1])) continue;
    out[o++] = in[i];
  }
  out[o] = 0;
}

/*@C
  McKeanErrorText - The one line McKean prints for an error message (after "<program>: error: "):
  the message with PETSc's integer points dropped ("-lgv_dt 1.: ..." reads "-lgv_dt 1: ...").

  Not Collective

  Input Parameters:
+ mess - the message given to SETERRQ
- len  - size of text

  Output Parameter:
. text - the line

  Level: developer

.seealso: `McKeanMain()`
@*/
void McKeanErrorText(const char mess[], char text[], size_t len) { DropIntegerPoints(mess, text, len); }

static void McKeanPrintUserError(const char *mess)
{
  char        prog[PETSC_MAX_PATH_LEN] = "mckean", line[2048];
  const char *base;

  (void)PetscGetProgramName(prog, sizeof(prog));
  base = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;
  DropIntegerPoints(mess, line, sizeof(line));
  (void)fprintf(stderr, "%s: error: %s\n", base, line);
  (void)fflush(stderr);
  user_error_reported = PETSC_TRUE;
}

/* Whether the last one-line error (user mistake or divergence) was raised on a communicator
 * spanning the world: then every rank raised it and the run can end cleanly. */
static PetscBool error_on_world;

static PetscErrorCode McKeanErrorHandler(MPI_Comm comm, int line, const char *fun, const char *file, PetscErrorCode n,
                                         PetscErrorType p, const char *mess, void *ctx)
{
  PetscMPIInt rank = 0, size = 1, wrank = 0, wsize = 1;

  (void)ctx;
  if (n != PETSC_ERR_USER_INPUT && n != MCK_ERR_DIVERGED)
    return PetscTraceBackErrorHandler(comm, line, fun, file, n, p, mess, NULL);
  if (p != PETSC_ERROR_INITIAL) return n;
  if (comm != MPI_COMM_NULL && comm != PETSC_COMM_SELF) {
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
  }
  MPI_Comm_rank(PETSC_COMM_WORLD, &wrank);
  MPI_Comm_size(PETSC_COMM_WORLD, &wsize);
  error_on_world = (PetscBool)(size == wsize);
  /* a divergence on a smaller communicator is that group's alone: its first rank says so */
  if (size == wsize ? !rank : (n == MCK_ERR_DIVERGED ? !rank : !wrank)) McKeanPrintUserError(mess);
  else if (!rank && !user_error_kept[0]) (void)PetscStrncpy(user_error_kept, mess, sizeof(user_error_kept));
  return n;
}

/* Collective: a user mistake raised only away from world rank 0 is printed after all. */
static PetscErrorCode McKeanReportKeptUserError(void)
{
  PetscMPIInt reported = user_error_reported;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Bcast(&reported, 1, MPI_INT, 0, PETSC_COMM_WORLD));
  if (!reported && user_error_kept[0]) McKeanPrintUserError(user_error_kept);
  user_error_kept[0] = 0;
  PetscFunctionReturn(0);
}

static PetscErrorCode McKeanRegisterLogging(void)
{
  PetscFunctionBeginUser;
  PetscCall(PetscClassIdRegister("McKean", &MCK_CLASSID));
  PetscCall(PetscLogEventRegister("MckRngNormals", MCK_CLASSID, &MCK_EVENT_RngNormals));
  PetscCall(PetscLogEventRegister("MckIOWrite", MCK_CLASSID, &MCK_EVENT_IOWrite));
  PetscCall(PetscLogEventRegister("MckCheckpoint", MCK_CLASSID, &MCK_EVENT_Checkpoint));
  PetscCall(PetscLogEventRegister("MckRestart", MCK_CLASSID, &MCK_EVENT_Restart));
  PetscCall(PetscLogStageRegister("McKean Setup", &MCK_STAGE_Setup));
  PetscCall(PetscLogStageRegister("McKean Run", &MCK_STAGE_Run));
  PetscCall(PetscLogStageRegister("McKean Output", &MCK_STAGE_Output));
  PetscFunctionReturn(0);
}

#define MCK_MAX_CLEANUPS 16
static McKeanFinalizeHook mck_finalize_hooks[MCK_MAX_CLEANUPS];
static McKeanAbortHook    mck_abort_hooks[MCK_MAX_CLEANUPS];
static int                mck_ncleanups;

/*@C
  McKeanRegisterCleanup - Registers the clean-up of a layer above core: what McKeanFinalize() and
  McKeanMain()'s abort path run, so that core calls no layer above it.

  Not Collective

  Input Parameters:
+ finalize - collective clean-up run by `McKeanFinalize()` (after an error too) before PETSc is
             finalized, or NULL
- abort    - clean-up run by this rank alone just before `McKeanMain()` aborts the job (no MPI
             calls: e.g. remove the files this process was writing), or NULL

  Notes:
  Hooks run newest first, as the layers unwind; a finalize hook that fails does not skip the
  others (the first error is returned). Registering the same pair twice has no effect; at most
  16 pairs may be registered (more is an internal error).

  Level: developer

.seealso: `McKeanFinalize()`, `McKeanMain()`, `MckIOUnlinkAll()`, `MckIOAbortAll()`
@*/
PetscErrorCode McKeanRegisterCleanup(McKeanFinalizeHook finalize, McKeanAbortHook abort)
{
  PetscFunctionBeginUser;
  for (int i = 0; i < mck_ncleanups; i++)
    if (mck_finalize_hooks[i] == finalize && mck_abort_hooks[i] == abort) PetscFunctionReturn(0);
  PetscCheck(mck_ncleanups < MCK_MAX_CLEANUPS, PETSC_COMM_SELF, PETSC_ERR_PLIB, "more than %d clean-up hooks",
             MCK_MAX_CLEANUPS);
  mck_finalize_hooks[mck_ncleanups] = finalize;
  mck_abort_hooks[mck_ncleanups++]  = abort;
  PetscFunctionReturn(0);
}

/* Newest first, as layers unwind; best effort: one failing hook does not skip the others. */
static PetscErrorCode McKeanRunFinalizeHooks(void)
{
  PetscErrorCode first = 0;

  PetscFunctionBeginUser;
  for (int i = mck_ncleanups - 1; i >= 0; i--) {
    PetscErrorCode ierr = mck_finalize_hooks[i] ? mck_finalize_hooks[i]() : 0;
    if (ierr && !first) first = ierr;
  }
  PetscCall(first);
  PetscFunctionReturn(0);
}

static void McKeanRunAbortHooks(void)
{
  for (int i = mck_ncleanups - 1; i >= 0; i--)
    if (mck_abort_hooks[i]) mck_abort_hooks[i]();
}

/*@C
  McKeanVersion - The version of the McKean library, as a string.

  Not Collective

  Level: beginner

.seealso: `McKeanInitialize()`, `McKeanMain()`
@*/
const char *McKeanVersion(void) { return MCKEAN_VERSION_STRING; }

/* MPI is started here, before PETSc, so that a bad deck can be reported once (by rank 0) before
 * PETSc reads it; McKeanFinalize then ends MPI too. */
static PetscBool mck_owns_mpi, mck_owns_petsc;

static void FinalizeOwnMPI(void)
{
  if (mck_owns_mpi) (void)MPI_Finalize();
  mck_owns_mpi = PETSC_FALSE;
}

static PetscErrorCode CheckDecks(int argc, char **argv)
{
  char        msg[PETSC_MAX_PATH_LEN + 256];
  int         rank = 0;
  const char *prog = argc ? (strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0]) : "mckean";

  if (!McKeanCheckDecks(argc, argv, msg, sizeof(msg))) return 0;
  (void)MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (!rank) (void)fprintf(stderr, "%s: error: %s\n", prog, msg);
  return PETSC_ERR_USER_INPUT;
}

/*@C
  McKeanInitialize - Starts MPI (unless already started), checks the decks named on the command
  line, starts PETSc (unless already started), FFTW-MPI, McKean's log events and stages and its
  one-line reporting of user mistakes.

  Collective on `MPI_COMM_WORLD`

  Input Parameters:
+ argc - the address of main()'s argc
. argv - the address of main()'s argv
. file - an options file for `PetscInitialize()`, or NULL
- help - the -help text of the program, or NULL

  Notes:
  A deck given with -options_file or -options_file_yaml (on the command line, or inside a plain
  options file) that is missing, unreadable, a directory, empty (only blanks and comments) or
  malformed YAML is reported once by rank 0 before PETSc reads it, and `PETSC_ERR_USER_INPUT`
  is returned with MPI ended again (if McKean started it). An unknown instruction set named by
  the environment variable MCKEAN_ISA, or one this CPU cannot run, is a user-input error.
  OpenBLAS is set to one thread, since each MPI rank is one process on its own core. SIGHUP keeps
  its default action (PETSc's handler would abort without removing the files in progress), for
  McKean to treat as SIGTERM. After this call, a `PETSC_ERR_USER_INPUT` or
  `MCK_ERR_DIVERGED` error is printed as one line without a traceback (by rank 0 of a
  communicator spanning the world); every other error keeps PETSc's traceback. When PETSc was
  started by the caller (e.g. petsc4py), McKean neither starts nor ends it.

  Most programs call `McKeanMain()`, which calls this function.

  Level: beginner

.seealso: `McKeanFinalize()`, `McKeanMain()`, `McKeanGetISA()`
@*/
PetscErrorCode McKeanInitialize(int *argc, char ***argv, const char file[], const char help[])
{
  int              started;
  PetscErrorCode   ierr;
  struct sigaction hup;

  openblas_set_num_threads(1);
  if (MPI_Initialized(&started) || (!started && MPI_Init(argc, argv))) return PETSC_ERR_MPI;
  mck_owns_mpi = (PetscBool)!started;
  if ((ierr = CheckDecks(argc ? *argc : 0, argv ? *argv : NULL))) {
    FinalizeOwnMPI();
    return ierr;
  }
  PetscFunctionBeginUser;
  /* next to petsc4py (or any caller that started PETSc) McKean neither starts nor ends PETSc */
  mck_owns_petsc = (PetscBool)!PetscInitializeCalled;
  PetscCheck(!sigaction(SIGHUP, NULL, &hup), PETSC_COMM_SELF, PETSC_ERR_SYS, "cannot read the action of SIGHUP");
  PetscCall(PetscInitialize(argc, argv, file, help));
  /* PETSc's handler of SIGHUP (a closed terminal) aborts through MPI_Abort without removing the files
   * in progress and the locks: SIGHUP keeps its default action, as SIGINT and SIGTERM do, for McKean
   * to treat like SIGTERM (src/io/interrupt.c, src/run/signals.c). An ignored one (nohup) stays so. */
  if (mck_owns_petsc && !(hup.sa_flags & SA_SIGINFO) && hup.sa_handler == SIG_DFL)
    PetscCheck(signal(SIGHUP, SIG_DFL) != SIG_ERR, PETSC_COMM_SELF, PETSC_ERR_SYS, "cannot reset SIGHUP");
  PetscCall(PetscPushErrorHandler(McKeanErrorHandler, NULL));
  fftw_mpi_init();
  PetscCall(McKeanRegisterLogging());
  PetscCall(McKeanCheckISA());
  PetscCall(McKeanCheckLogView());
  PetscCall(McKeanOptionsMarkReadAtFinalize());
  PetscFunctionReturn(0);
}

/* Safe to call after a failed run: files still being written are removed first, so a run that
 * stopped on an error leaves no output that looks complete. */
/*@C
  McKeanFinalize - Runs the registered clean-up hooks (which remove files a failed run left
  unfinished), reports a user mistake raised only away from world rank 0, and ends FFTW-MPI,
  PETSc and MPI where McKean started them.

  Collective on `MPI_COMM_WORLD`

  Notes:
  Safe to call after a run that stopped on an error raised on every rank. The finalize hooks run
  newest first; an error of one of them does not skip the others.

  Level: beginner

.seealso: `McKeanInitialize()`, `McKeanMain()`, `McKeanRegisterCleanup()`
@*/
PetscErrorCode McKeanFinalize(void)
{
  PetscFunctionBeginUser;
  PetscCall(McKeanRunFinalizeHooks());
  PetscCall(McKeanReportKeptUserError());
  fftw_mpi_cleanup();
  PetscCall(PetscPopErrorHandler());
  if (mck_owns_petsc) PetscCall(PetscFinalize());
  mck_owns_petsc = PETSC_FALSE;
  FinalizeOwnMPI();
  PetscFunctionReturn(0);
}

/*@C
  McKeanErrorIsCollective - Whether an error code returned to the caller was returned on every rank
  of the world, so that collective clean-up (destroying the objects of the run) is safe.

  Not Collective

  Input Parameter:
. ierr - the error code a McKean or PETSc call returned (0: none)

  Notes:
  True for no error, for a `PETSC_ERR_USER_INPUT` error (raised on every rank) and for an
  `MCK_ERR_DIVERGED` raised on a communicator spanning the world. Any other error may have been
  raised on one rank only while the others wait in a collective call: destroying objects then
  could hang the job, which `McKeanMain()` aborts instead. An app destroys its objects after an
  error only when this is true, so that a refused input leaves nothing behind.

  Level: developer

.seealso: `McKeanMain()`, `McKeanFinalize()`
@*/
PetscBool McKeanErrorIsCollective(PetscErrorCode ierr)
{
  return (PetscBool)(!ierr || ierr == PETSC_ERR_USER_INPUT || (ierr == MCK_ERR_DIVERGED && error_on_world));
}

/*@C
  McKeanMain - An app's main(): initializes McKean, calls the app's run function, finalizes, and
  returns the process exit code.

  Collective on `MPI_COMM_WORLD`

  Input Parameters:
+ argc - main()'s argc
. argv - main()'s argv
. help - the -help text of the program
- run  - the app's body, called once between `McKeanInitialize()` and `McKeanFinalize()`

  Notes:
  Returns 0 on success and 1 on any error. A `PETSC_ERR_USER_INPUT` error (raised on every rank)
  and an `MCK_ERR_DIVERGED` raised on a communicator spanning the world end the run cleanly:
  one message, and `McKeanFinalize()` removes the unfinished output. Any other error may have been
  raised on one rank only while the others wait in a collective call, so the job is aborted
  with MPI_Abort(), after the abort hooks of `McKeanRegisterCleanup()` removed what this process
  was writing.

  Level: beginner

.seealso: `McKeanInitialize()`, `McKeanFinalize()`, `McKeanRegisterCleanup()`, `MckRunCreate()`
@*/
int McKeanMain(int argc, char **argv, const char help[], PetscErrorCode (*run)(void))
{
  PetscErrorCode ierr;

  if (McKeanInitialize(&argc, &argv, NULL, help)) return 1;
  ierr = run();
  /* A user-input error is raised on every rank (SETERRQ on the run's communicator), and so is
   * a divergence raised on the world's communicator: finalize normally, which removes the
   * unfinished run file. A divergence on a smaller communicator is not seen by the others, and
   * any other error may have been raised on this rank alone while the others wait in a
   * collective, where finalizing would hang them: abort the job, after the abort hooks removed
   * what this process was writing. */
  if (!McKeanErrorIsCollective(ierr)) {
    McKeanRunAbortHooks();
    MPI_Abort(PETSC_COMM_WORLD, 1);
  }
  if (McKeanFinalize()) return 1;
  return ierr ? 1 : 0;
}
