/* A signal that ends the process leaves no file in progress and no lock behind.
 *
 * Inside the run's time loop SIGINT, SIGTERM and SIGHUP (a closed terminal) are recorded and
 * acted on at a step boundary (src/run/signals.c). Anywhere else -- while the objects are set
 * up, a checkpoint is verified before a restart, or the final state is written -- they take
 * their default action and end the process at once; without this handler a Ctrl-C or a
 * scheduler's SIGTERM there left the run's file in progress (as large as the run file) and its
 * lock for the next run to take over. The handler removes them (MckIOUnlinkAll: unlink(2) of
 * names recorded in advance, a lock only if it still holds this process's identity, safe in a
 * handler), restores the default action and raises the signal again, so the process still ends
 * by that signal. It is installed only over the default action: an ignored signal (nohup, a
 * background job) stays ignored, and a handler of the program's own (Python's SIGINT) is kept. */
#include "iohelpers.h"
#include <signal.h>

static const int mck_fatal_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void UnlinkAndDie(int signum)
{
  MckIOUnlinkAll();
  (void)signal(signum, SIG_DFL);
  (void)raise(signum);
}

PetscErrorCode MckIOInstallSignalHandlers(void)
{
  static PetscBool installed = PETSC_FALSE;

  PetscFunctionBeginUser;
  if (installed) PetscFunctionReturn(0);
  installed = PETSC_TRUE;
  for (size_t i = 0; i < sizeof(mck_fatal_signals) / sizeof(mck_fatal_signals[0]); i++) {
    struct sigaction old, act;

    PetscCheck(!sigaction(mck_fatal_signals[i], NULL, &old), PETSC_COMM_SELF, PETSC_ERR_SYS,
               "cannot read the action of signal %d", mck_fatal_signals[i]);
    if ((old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL) continue;
    memset(&act, 0, sizeof(act));
    act.sa_handler = UnlinkAndDie;
    sigemptyset(&act.sa_mask);
    PetscCheck(!sigaction(mck_fatal_signals[i], &act, NULL), PETSC_COMM_SELF, PETSC_ERR_SYS,
               "cannot install a handler for signal %d", mck_fatal_signals[i]);
  }
  PetscFunctionReturn(0);
}
