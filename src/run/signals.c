/* Signals that stop a run at a step boundary, agreed on by every rank.
 *
 * The handler only records the signal. At a check each rank contributes what it has seen to a
 * non-blocking MPI_MAX reduction, started at one check and completed at the next, so every rank
 * acts on the same result at the same step. Checks are MCK_SIGNAL_SECONDS apart, not every
 * step: when steps are short (a data-assimilation cycle of Lorenz-96 takes ~0.1 ms) a reduction
 * per step would tie the ranks together every step, and on a machine with more processes than
 * cores each one then waits for the other ranks to be scheduled (measured: mckean-da on 2
 * ranks 9x slower than on 1 at load 15 on 2 cores, 1.7x with the checks spaced). The
 * reduction also carries each rank's seconds per step since the last check; the largest sets
 * the number of steps to the next check, the same on every rank. A signal thus stops the run
 * within about two check intervals, or one or two steps when a step takes longer. */
#include "runimpl.h"
#include <signal.h>

static volatile sig_atomic_t mck_signal_seen;

static void RecordSignal(int signum) { mck_signal_seen = signum; }

#define MCK_NSIGNALS 4
static const int mck_signals[MCK_NSIGNALS] = {SIGINT, SIGTERM, SIGUSR1, SIGHUP};

#define MCK_SIGNAL_SECONDS   0.05
#define MCK_SIGNAL_MAX_STEPS 10000

struct _n_MckRunSignals {
  MPI_Comm         comm;
  MPI_Request      request;
  double           sent[2], agreed[2];  /* signal seen, seconds per step since the last check */
  double           t_check;             /* when this rank started the last check */
  PetscInt64       countdown, interval; /* steps to the next check; steps between the last two */
  struct sigaction previous[MCK_NSIGNALS];
};

PetscErrorCode MckRunSignalsBegin(MPI_Comm comm, MckRunSignals *s)
{
  struct sigaction act;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(s));
  (*s)->comm      = comm;
  (*s)->request   = MPI_REQUEST_NULL;
  (*s)->countdown = 1;
  (*s)->interval  = 1;
  (*s)->t_check   = MPI_Wtime();
  mck_signal_seen = 0;
  memset(&act, 0, sizeof(act));
  act.sa_handler = RecordSignal;
  sigemptyset(&act.sa_mask);
  for (int i = 0; i < MCK_NSIGNALS; i++) {
    PetscCheck(!sigaction(mck_signals[i], NULL, &(*s)->previous[i]), PETSC_COMM_SELF, PETSC_ERR_SYS,
               "cannot read the action of signal %d", mck_signals[i]);
    /* a run started with nohup goes on when its terminal is closed */
    if (mck_signals[i] == SIGHUP && !((*s)->previous[i].sa_flags & SA_SIGINFO) &&
        (*s)->previous[i].sa_handler == SIG_IGN)
      continue;
    PetscCheck(!sigaction(mck_signals[i], &act, NULL), PETSC_COMM_SELF, PETSC_ERR_SYS,
               "cannot install a handler for signal %d", mck_signals[i]);
  }
  PetscFunctionReturn(0);
}

/* *signum: the signal every rank agrees to stop on (0: none yet). Collective, after every step
 * (a reduction only at a check). */
PetscErrorCode MckRunSignalsPoll(MckRunSignals s, int *signum)
{
  double now;

  PetscFunctionBeginUser;
  *signum = 0;
  if (--s->countdown > 0) PetscFunctionReturn(0);
  if (s->request != MPI_REQUEST_NULL) {
    PetscCallMPI(MPI_Wait(&s->request, MPI_STATUS_IGNORE));
    *signum = (int)s->agreed[0];
    if (*signum) PetscFunctionReturn(0);
  }
  now        = MPI_Wtime();
  s->sent[0] = (double)mck_signal_seen;
  s->sent[1] = (now - s->t_check) / (double)s->interval;
  s->t_check = now;
  /* the steps to the next check, from the previous check's agreed step time: every rank the same */
  s->interval = 1;
  if (s->agreed[1] > 0)
    s->interval = (PetscInt64)PetscMin(MCK_SIGNAL_MAX_STEPS, PetscMax(1.0, MCK_SIGNAL_SECONDS / s->agreed[1]));
  s->countdown = s->interval;
  PetscCallMPI(MPI_Iallreduce(s->sent, s->agreed, 2, MPI_DOUBLE, MPI_MAX, s->comm, &s->request));
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
