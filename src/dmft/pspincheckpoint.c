/* The pspin model's checkpoint and restart: the rows of the grid computed so far.
 *
 * After step i the working matrices hold, in the rows j <= i and columns s <= i of their time
 * order, everything later steps read (C(t_j, t_s); R(t_j, t_s) for s <= j, R(t_s, t_j) above);
 * every other entry is still zero. The checkpoint stores those (i+1) x (i+1) leading blocks in
 * time order (rank-count independent: moved to natural rows first), the current row (C(t_i, .),
 * R(t_i, .)), and mu(t_0..t_i). The kernels D, S of row i follow from the current row, computed
 * as the solve computes them; so a restart on any rank count continues bitwise. */
#include "dmft/pspinimpl.h"

PetscErrorCode MckPSpinConfig(MckPSpin ps, MckIO io, PetscBool check)
{
  const PetscBool equilibrium = (PetscBool)(ps->init == MCK_PSPIN_INIT_EQUILIBRIUM);
  PetscObject     o           = (PetscObject)ps->d;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(o, "-pspin_p"), ps->p));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(o, "-pspin_temperature"), 1, &ps->T));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(o, "-pspin_tmax"), 1, &ps->tmax));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(o, "-pspin_steps"), ps->n)); /* with tmax: the step h */
  PetscCall(MckIOConfigString(io, check, McKeanOptionName(o, "-pspin_init"), equilibrium ? "equilibrium" : "random"));
  if (equilibrium)
    PetscCall(MckIOConfigReals(io, check, McKeanOptionName(o, "-pspin_init_temperature"), 1, &ps->Tinit));
  PetscFunctionReturn(0);
}

/* Rows [0, K) and columns [0, K) of a working matrix W to (write) or from (read) the dataset
 * group/name of shape (K, K), through N, a matrix in natural rows used as scratch. */
static PetscErrorCode LeadingBlock(MckPSpin ps, MckIO io, const char group[], const char name[], Mat W, Mat N,
                                   PetscInt K, PetscBool write)
{
  const PetscInt R0 = PetscMin(ps->ranges[ps->rank], K), R1 = PetscMin(ps->ranges[ps->rank + 1], K);
  PetscReal     *a;
  PetscInt       lda;

  PetscFunctionBeginUser;
  if (write) PetscCall(MckPSpinRedistribute(ps, W, N, PETSC_TRUE));
  else PetscCall(MatZeroEntries(N));
  PetscCall(MatDenseGetLDA(N, &lda));
  PetscCall(MatDenseGetArray(N, &a));
  PetscCall(MckDMFTTransferRows(io, group, name, K, R0, R1 - R0, K, a, lda, write));
  PetscCall(MatDenseRestoreArray(N, &a));
  if (!write) PetscCall(MckPSpinRedistribute(ps, W, N, PETSC_FALSE));
  PetscFunctionReturn(0);
}

/* The state's datasets, written or read: blocks of C and R, the current row, the multipliers. */
static PetscErrorCode TransferState(MckPSpin ps, MckIO io, const char group[], PetscBool write)
{
  const PetscInt   K       = ps->step + 1;
  const PetscInt64 dims[1] = {K};
  const char      *names[] = {"mu", "C_row", "R_row"};
  PetscReal       *rows[]  = {ps->mu, ps->Crow, ps->Rrow};
  Mat              N;

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < 3; a++) PetscCall(MckDMFTTransferArray(ps->d, io, group, names[a], 1, dims, rows[a], write));
  PetscCall(MckPSpinCreateMatrix(ps, "scratch", &N));
  PetscCall(LeadingBlock(ps, io, group, "C", ps->Cw, N, K, write));
  PetscCall(LeadingBlock(ps, io, group, "R", ps->Rw, N, K, write));
  PetscCall(MatDestroy(&N));
  PetscFunctionReturn(0);
}

PetscErrorCode MckPSpinWriteState(MckPSpin ps, MckIO io, const char group[])
{
  PetscFunctionBeginUser;
  PetscCheck(ps->Cw && ps->Rw, ps->comm, PETSC_ERR_ORDER,
             "MckDMFTWrite(): the p-spin solve has no state before MckDMFTInitialize()");
  PetscCall(MckIOWriteAttributeInt(io, group, "step", ps->step));
  PetscCall(TransferState(ps, io, group, PETSC_TRUE));
  PetscFunctionReturn(0);
}

PetscErrorCode MckPSpinReadState(MckPSpin ps, MckIO io, const char group[])
{
  PetscInt64 step;
  PetscReal  mu;

  PetscFunctionBeginUser;
  PetscCall(MckDMFTReadStep(ps->d, io, group, "p-spin model", "-pspin_steps", ps->n, 1, &step));
  ps->step = (PetscInt)step;
  PetscCall(MckPSpinCreateWork(ps));
  PetscCall(MatDestroy(&ps->C));
  PetscCall(MatDestroy(&ps->R));
  ps->done = PETSC_FALSE;
  PetscCall(TransferState(ps, io, group, PETSC_FALSE));
  /* the kernels of the current row, as the step that made it computed them (mu is restored) */
  PetscCall(MckPSpinKernels(ps, ps->step, ps->Crow, ps->Rrow, ps->D, ps->S, &mu));
  PetscFunctionReturn(0);
}
