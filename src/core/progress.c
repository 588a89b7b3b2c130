/* The rank-0 progress line: step, simulated time, percent done, ETA and one diagnostic. */
#include <mckean/mckean.h>

struct _p_MckProgress {
  MPI_Comm       comm;
  PetscInt       interval;
  PetscInt64     first, last;
  PetscLogDouble start;
};

/*@C
  MckProgressCreate - Creates the progress line of a run: rank 0 of comm prints
  "step s/S  t=...  pp.p%  ETA hh:mm:ss  <name>=<value>" every interval steps.

  Not Collective

  Input Parameters:
+ comm       - the communicator whose rank 0 prints
. interval   - print every this many steps (0: never; negative: about ten lines from first_step to last_step)
. first_step - the step the run starts from (nonzero after a restart); the ETA is measured from it
- last_step  - the step the run ends at

  Output Parameter:
. p - the progress line

  Level: developer

.seealso: `MckProgressUpdate()`, `MckProgressDestroy()`, `MckRunSetFromOptions()`
@*/
PetscErrorCode MckProgressCreate(MPI_Comm comm, PetscInt interval, PetscInt64 first_step, PetscInt64 last_step,
                                 MckProgress *p)
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

/*@C
  MckProgressUpdate - Prints the progress line if step is one of its steps (every interval steps
  from the first, and the last step).

  Logically Collective

  Input Parameters:
+ p          - the progress line
. step       - the step just done
. time       - the simulated time (or any time-like value) at that step
. diag_name  - name of the diagnostic shown at the end of the line
- diag_value - its value

  Notes:
  Only rank 0 of the progress line's communicator prints, and no communication is done; every
  rank may call it. The percentage is step/last_step (so a restarted run starts from where it
  was); the ETA extrapolates the wall time spent since `MckProgressCreate()`.

  Level: developer

.seealso: `MckProgressCreate()`, `MckProgressDestroy()`
@*/
PetscErrorCode MckProgressUpdate(MckProgress p, PetscInt64 step, PetscReal time, const char diag_name[],
                                 PetscReal diag_value)
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
  PetscCall(PetscPrintf(p->comm, "step %8" PetscInt64_FMT "/%" PetscInt64_FMT "  t=%-10.5g %5.1f%%  ETA %s  %s=%.6g\n",
                        step, p->last, (double)time, total > 0 ? 100.0 * (double)step / (double)p->last : 100.0, clock,
                        diag_name, (double)diag_value));
  PetscFunctionReturn(0);
}

/*@C
  MckProgressDestroy - Destroys a progress line.

  Not Collective

  Input Parameter:
. p - the progress line (set to NULL)

  Level: developer

.seealso: `MckProgressCreate()`
@*/
PetscErrorCode MckProgressDestroy(MckProgress *p)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(*p));
  PetscFunctionReturn(0);
}
