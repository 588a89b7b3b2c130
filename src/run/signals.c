/* Signals that stop a run at a step boundary, agreed on by every rank.
 *
 * The handler only records the signal. Every step each rank contributes what it has seen to a
 * non-blocking MPI_MAX reduction, started at one step boundary and completed at the next, so
 * the agreement costs no waiting while the ranks are in step, and every rank acts on the same
 * result at the same step. A signal thus stops the run one or two steps after it arrives. */
#include "runimpl.h"
#include <signal.h>

static volatile sig_atomic_t mck_signal_seen;

static void RecordSignal(int signum) { mck_signal_seen = signum; }

#define MCK_NSIGNALS 3
static const int mck_signals[MCK_NSIGNALS] = {SIGINT, SIGTERM, SIGUSR1};

struct _n_MckRunSignals {
  MPI_Comm         comm;
  MPI_Request      request;
  int              sent, agreed;
  struct sigaction previous[MCK_NSIGNALS];
};

PetscErrorCode MckRunSignalsBegin(MPI_Comm comm, MckRunSignals *s)
{
  struct sigaction act;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(s));
  (*s)->comm      = comm;
  (*s)->request   = MPI_REQUEST_NULL;
  mck_signal_seen = 0;
  memset(&act, 0, sizeof(act));
  act.sa_handler = RecordSignal;
  sigemptyset(&act.sa_mask);
  for (int i = 0; i < MCK_NSIGNALS; i++)
    PetscCheck(!sigaction(mck_signals[i], &act, &(*s)->previous[i]), PETSC_COMM_SELF, PETSC_ERR_SYS,
               "cannot install a handler for signal %d", mck_signals[i]);
  PetscFunctionReturn(0);
}

/* *signum: the signal every rank agrees to stop on (0: none yet). Collective, every step. */
PetscErrorCode MckRunSignalsPoll(MckRunSignals s, int *signum)
{
  PetscFunctionBeginUser;
  if (s->request != MPI_REQUEST_NULL) PetscCallMPI(MPI_Wait(&s->request, MPI_STATUS_IGNORE));
  *signum = s->agreed;
  if (*signum) PetscFunctionReturn(0);
  s->sent = (int)mck_signal_seen;
  PetscCallMPI(MPI_Iallreduce(&s->sent, &s->agreed, 1, MPI_INT, MPI_MAX, s->comm, &s->request));
  PetscFunctionReturn(0);
}

PetscErrorCode MckRunSignalsEnd(MckRunSignals *s)
{
  PetscFunctionBeginUser;
  if (!*s) PetscFunctionReturn(0);
  if ((*s)->request != MPI_REQUEST_NULL) PetscCallMPI(MPI_Wait(&(*s)->request, MPI_STATUS_IGNORE));
  for (int i = 0; i < MCK_NSIGNALS; i++) (void)sigaction(mck_signals[i], &(*s)->previous[i], NULL);
  PetscCall(PetscFree(*s));
  PetscFunctionReturn(0);
}
