/* MckPSpin row ownership: blocks of rows of equal total work, and the memory they need. */
#include "dmft/pspinimpl.h"

/* Row j of the two-time grid (the earlier time t_j) gets a new entry at every later step
 * i -> i+1, i >= j, and that entry's memory integrals cost O(i): row j costs about
 * sum_{i=j}^{n} i ~ (M^2 - j^2) / 2. Equal blocks of rows would leave the ranks holding late
 * rows idle for most of the run (2 ranks: 1.45x instead of 2x), so the blocks are cut at equal
 * cumulative cost. The cut depends only on M and the rank count, and the results do not
 * depend on it at all (pspinsolve.c). */
PetscErrorCode MckPSpinBalancedRanges(PetscInt M, PetscMPIInt size, PetscInt ranges[])
{
  PetscReal total = 0, acc = 0, M2 = (PetscReal)M * (PetscReal)M;
  PetscInt  r     = 1;

  PetscFunctionBeginUser;
  for (PetscInt j = 0; j < M; j++) total += M2 - (PetscReal)j * j + M; /* + M: copying the row */
  ranges[0] = 0;
  for (PetscInt j = 0; j < M && r < size; j++) {
    acc += M2 - (PetscReal)j * j + M;
    while (r < size && acc >= total * r / size) ranges[r++] = j + 1;
  }
  while (r <= size) ranges[r++] = M;
  PetscFunctionReturn(0);
}

/* C and R are two dense (M x M) matrices; refuse, naming the bytes, a grid beyond
 * -pspin_max_memory on any rank. */
PetscErrorCode MckPSpinMemoryCheck(MckPSpin ps)
{
  PetscInt  maxrows = 0;
  PetscReal need, total;

  PetscFunctionBeginUser;
  for (PetscMPIInt r = 0; r < ps->size; r++) maxrows = PetscMax(maxrows, ps->ranges[r + 1] - ps->ranges[r]);
  need  = 2.0 * sizeof(PetscReal) * (PetscReal)maxrows * (PetscReal)ps->M;
  total = 2.0 * sizeof(PetscReal) * (PetscReal)ps->M * (PetscReal)ps->M;
  PetscCheck(need <= ps->max_memory, ps->comm, PETSC_ERR_USER_INPUT,
             "-pspin_tmax %g with %" PetscInt_FMT " steps (-pspin_dt or -pspin_steps): the two-time matrices C and R need %.0f bytes (%.3g GB; %.0f bytes on the largest of %d rank(s)), above -pspin_max_memory %.0f; use fewer steps, more ranks or raise -pspin_max_memory",
             (double)ps->tmax, ps->n, (double)total, (double)total / 1e9, (double)need, ps->size, (double)ps->max_memory);
  PetscFunctionReturn(0);
}
