/* For the rank-count bitwise tests: rank 0 writes distributed SoA data, gathered in global-id
 * order (each rank holds a contiguous block, blocks in rank order), as hexadecimal bit patterns,
 * one value a line, component after component. Header only. */
#pragma once
#include <petsc.h>
#include <stdio.h>
#include <string.h>

static inline PetscErrorCode MckTestWriteBits(MPI_Comm comm, FILE *f, PetscInt64 N, PetscInt nlocal, PetscInt ncomp,
                                              PetscReal *const x[])
{
  PetscReal  *all = NULL;
  PetscMPIInt rank, size, *cnt = NULL, *dsp = NULL, n = (PetscMPIInt)nlocal;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  if (!rank) PetscCall(PetscMalloc3(N, &all, size, &cnt, size, &dsp));
  PetscCallMPI(MPI_Gather(&n, 1, MPI_INT, cnt, 1, MPI_INT, 0, comm));
  if (!rank) {
    dsp[0] = 0;
    for (PetscMPIInt p = 1; p < size; p++) dsp[p] = dsp[p - 1] + cnt[p - 1];
  }
  for (PetscInt c = 0; c < ncomp; c++) {
    PetscCallMPI(MPI_Gatherv(x[c], n, MPIU_REAL, all, cnt, dsp, MPIU_REAL, 0, comm));
    if (!rank)
      for (PetscInt64 k = 0; k < N; k++) {
        uint64_t bits;
        memcpy(&bits, &all[k], sizeof(bits));
        fprintf(f, "%016llx\n", (unsigned long long)bits);
      }
  }
  if (!rank) PetscCall(PetscFree3(all, cnt, dsp));
  PetscFunctionReturn(0);
}
