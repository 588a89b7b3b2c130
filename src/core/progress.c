/* The rank-0 progress line: step, simulated time, percent done, ETA and one diagnostic. */
#include <mckean/mckean.h>

struct _p_MckProgress {
  MPI_Comm       comm;
  PetscInt       interval;
  PetscInt64     first, last;
  PetscLogDouble start;
};

PetscErrorCode MckProgressCreate(MPI_Comm comm, PetscInt interval, PetscInt64 first_step, PetscInt64 last_step, MckProgress *p)
{
  PetscFunctionBeginUser;
  PetscCall(PetscNew(p));
  (*p)->comm  = comm;
  (*p)->first = first_step;
  (*p)->last  = last_step;
  /* -1: about ten lines over the run */
  (*p)->interval = interval >= 0 ? interval : PetscMax(1, (PetscInt)((last_step - first_step) / 10));
  PetscCall(PetscTime(&(*p)->start));
  PetscFunctionReturn(0);
}

static void FormatClock(double seconds, char buf[], size_t len)
{
  long s = (long)(seconds + 0.5);
  (void)snprintf(buf, len, "%02ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
}

PetscErrorCode MckProgressUpdate(MckProgress p, PetscInt64 step, PetscReal time, const char diag_name[], PetscReal diag_value)
{
  PetscLogDouble now;
  double         done, total, eta;
  char           clock[32];

  PetscFunctionBeginUser;
  if (!p->interval || (step != p->last && (step - p->first) % p->interval)) PetscFunctionReturn(0);
  PetscCall(PetscTime(&now));
  done  = (double)(step - p->first);
  total = (double)(p->last - p->first);
  eta   = done > 0 ? (now - p->start) * (total - done) / done : 0;
  FormatClock(eta, clock, sizeof(clock));
  PetscCall(PetscPrintf(p->comm, "step %8" PetscInt64_FMT "/%" PetscInt64_FMT "  t=%-10.5g %5.1f%%  ETA %s  %s=%.6g\n", step, p->last, (double)time, total > 0 ? 100.0 * (double)step / (double)p->last : 100.0, clock, diag_name, (double)diag_value));
  PetscFunctionReturn(0);
}

PetscErrorCode MckProgressDestroy(MckProgress *p)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(*p));
  PetscFunctionReturn(0);
}
