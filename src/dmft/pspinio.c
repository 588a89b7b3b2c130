/* MckPSpin output: C, R, times, multiplier and energy into the run file (/dmft). */
#include "dmft/pspinimpl.h"

/* A dense matrix's local rows as the column pointers MckIOWriteRows takes (its local storage
 * is column-major with leading dimension lda, so column s of the local rows starts at s lda). */
static PetscErrorCode WriteMatrix(MckPSpin ps, MckIO io, const char dset[], Mat A)
{
  const PetscReal *a;
  PetscReal      **cols;
  PetscInt         lda;

  PetscFunctionBeginUser;
  PetscCall(MatDenseGetLDA(A, &lda));
  PetscCall(MatDenseGetArrayRead(A, &a));
  PetscCall(PetscMalloc1(ps->M, &cols));
  for (PetscInt s = 0; s < ps->M; s++) cols[s] = (PetscReal *)a + (size_t)s * lda;
  PetscCall(MckIOWriteRows(io, dset, ps->M, ps->ranges[ps->rank], ps->nlocal, ps->M, cols));
  PetscCall(PetscFree(cols));
  PetscCall(MatDenseRestoreArrayRead(A, &a));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteAttributes(MckPSpin ps, MckIO io)
{
  PetscReal Td, q, qa;

  PetscFunctionBeginUser;
  PetscCall(MckPSpinDynamicalTemperature(ps->p, &Td));
  PetscCall(MckPSpinPlateau(ps->p, ps->T, &q));
  PetscCall(MckPSpinAgingPlateau(ps->p, ps->T, &qa));
  PetscCall(MckIOWriteAttributeString(io, "/dmft", "model", "pspin"));
  PetscCall(MckIOWriteAttributeInt(io, "/dmft", "p", ps->p));
  PetscCall(MckIOWriteAttributeReal(io, "/dmft", "temperature", ps->T));
  PetscCall(MckIOWriteAttributeReal(io, "/dmft", "dt", ps->h));
  PetscCall(MckIOWriteAttributeInt(io, "/dmft", "steps", ps->n));
  PetscCall(MckIOWriteAttributeReal(io, "/dmft", "tmax", ps->tmax));
  PetscCall(MckIOWriteAttributeString(io, "/dmft", "init", ps->init == MCK_PSPIN_INIT_EQUILIBRIUM ? "equilibrium" : "random"));
  if (ps->init == MCK_PSPIN_INIT_EQUILIBRIUM) PetscCall(MckIOWriteAttributeReal(io, "/dmft", "init_temperature", ps->Tinit));
  PetscCall(MckIOWriteAttributeReal(io, "/dmft", "Td", Td));
  PetscCall(MckIOWriteAttributeReal(io, "/dmft", "plateau_equilibrium", q));
  PetscCall(MckIOWriteAttributeReal(io, "/dmft", "plateau_aging", qa));
  PetscFunctionReturn(0);
}

PetscErrorCode MckPSpinWrite(MckPSpin ps, MckIO io)
{
  PetscReal *times, *energy;
  PetscInt64 dims[1] = {ps->M};

  PetscFunctionBeginUser;
  PetscCheck(ps->solved, ps->comm, PETSC_ERR_ARG_WRONGSTATE, "MckPSpinWrite: call MckPSpinSolve() first");
  PetscCall(PetscMalloc2(ps->M, &times, ps->M, &energy));
  for (PetscInt i = 0; i < ps->M; i++) {
    times[i]  = i * ps->h;
    energy[i] = (ps->T - ps->mu[i]) / ps->p; /* mu = T - p e: H is homogeneous of degree p */
  }
  PetscCall(WriteAttributes(ps, io));
  PetscCall(MckIOWriteArray(io, "/dmft/times", 1, dims, times));
  PetscCall(MckIOWriteArray(io, "/dmft/mu", 1, dims, ps->mu));
  PetscCall(MckIOWriteArray(io, "/dmft/energy", 1, dims, energy));
  PetscCall(WriteMatrix(ps, io, "/dmft/C", ps->C));
  PetscCall(WriteMatrix(ps, io, "/dmft/R", ps->R));
  PetscCall(PetscFree2(times, energy));
  PetscFunctionReturn(0);
}
