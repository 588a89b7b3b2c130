/* The pspin model's result: C, R, times, multiplier and energy into a group (the /dmft group of
 * the run file, or a checkpoint written at the last step), and back. */
#include "dmft/pspinimpl.h"

/* A dense matrix's local rows (its local storage is column-major with leading dimension lda). */
static PetscErrorCode TransferMatrix(MckPSpin ps, MckIO io, const char group[], const char name[], Mat A,
                                     PetscBool write)
{
  PetscReal *a;
  PetscInt   lda;

  PetscFunctionBeginUser;
  PetscCall(MatDenseGetLDA(A, &lda));
  PetscCall(MatDenseGetArray(A, &a));
  PetscCall(MckDMFTTransferRows(io, group, name, ps->M, ps->ranges[ps->rank], ps->nlocal, ps->M, a, lda, write));
  PetscCall(MatDenseRestoreArray(A, &a));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteAttributes(MckPSpin ps, MckIO io, const char group[])
{
  PetscReal Td, q, qa;

  PetscFunctionBeginUser;
  PetscCall(MckPSpinDynamicalTemperature(ps->p, &Td));
  PetscCall(MckPSpinPlateau(ps->p, ps->T, &q));
  PetscCall(MckPSpinAgingPlateau(ps->p, ps->T, &qa));
  PetscCall(MckIOWriteAttributeString(io, group, "model", "pspin"));
  PetscCall(MckIOWriteAttributeInt(io, group, "p", ps->p));
  PetscCall(MckIOWriteAttributeReal(io, group, "temperature", ps->T));
  PetscCall(MckIOWriteAttributeReal(io, group, "dt", ps->h));
  PetscCall(MckIOWriteAttributeInt(io, group, "steps", ps->n));
  PetscCall(MckIOWriteAttributeReal(io, group, "tmax", ps->tmax));
  PetscCall(
      MckIOWriteAttributeString(io, group, "init", ps->init == MCK_PSPIN_INIT_EQUILIBRIUM ? "equilibrium" : "random"));
  if (ps->init == MCK_PSPIN_INIT_EQUILIBRIUM)
    PetscCall(MckIOWriteAttributeReal(io, group, "init_temperature", ps->Tinit));
  PetscCall(MckIOWriteAttributeReal(io, group, "Td", Td));
  PetscCall(MckIOWriteAttributeReal(io, group, "plateau_equilibrium", q));
  PetscCall(MckIOWriteAttributeReal(io, group, "plateau_aging", qa));
  PetscFunctionReturn(0);
}

/* group/C, group/R ((n+1) x (n+1), row i = time t_i), group/times, group/mu, group/energy and
 * the parameters as attributes of the group. */
PetscErrorCode MckPSpinWriteResult(MckPSpin ps, MckIO io, const char group[])
{
  PetscReal *times, *energy;
  PetscInt64 dims[1] = {ps->M};

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc2(ps->M, &times, ps->M, &energy));
  for (PetscInt i = 0; i < ps->M; i++) {
    times[i]  = i * ps->h;
    energy[i] = (ps->T - ps->mu[i]) / ps->p; /* mu = T - p e: H is homogeneous of degree p */
  }
  PetscCall(WriteAttributes(ps, io, group));
  PetscCall(MckDMFTTransferArray(ps->d, io, group, "times", 1, dims, times, PETSC_TRUE));
  PetscCall(MckDMFTTransferArray(ps->d, io, group, "mu", 1, dims, ps->mu, PETSC_TRUE));
  PetscCall(MckDMFTTransferArray(ps->d, io, group, "energy", 1, dims, energy, PETSC_TRUE));
  PetscCall(TransferMatrix(ps, io, group, "C", ps->C, PETSC_TRUE));
  PetscCall(TransferMatrix(ps, io, group, "R", ps->R, PETSC_TRUE));
  PetscCall(PetscFree2(times, energy));
  PetscFunctionReturn(0);
}

/* The result back (a checkpoint written after the last step): C, R in natural rows and mu. */
PetscErrorCode MckPSpinReadResult(MckPSpin ps, MckIO io, const char group[])
{
  const PetscInt64 dims[1] = {ps->M};

  PetscFunctionBeginUser;
  PetscCall(MckDMFTReadArrayShaped(ps->d, io, group, "mu", 1, dims, ps->mu));
  PetscCall(MatDestroy(&ps->Cw));
  PetscCall(MatDestroy(&ps->Rw));
  PetscCall(MatDestroy(&ps->C));
  PetscCall(MatDestroy(&ps->R));
  PetscCall(MckPSpinCreateMatrix(ps, "C", &ps->C));
  PetscCall(MckPSpinCreateMatrix(ps, "R", &ps->R));
  PetscCall(TransferMatrix(ps, io, group, "C", ps->C, PETSC_FALSE));
  PetscCall(TransferMatrix(ps, io, group, "R", ps->R, PETSC_FALSE));
  PetscCall(MatAssemblyBegin(ps->C, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(ps->C, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyBegin(ps->R, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(ps->R, MAT_FINAL_ASSEMBLY));
  ps->step = ps->n;
  ps->done = PETSC_TRUE;
  PetscFunctionReturn(0);
}
