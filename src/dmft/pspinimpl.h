/* The pspin model's data (the type data of an MckDMFT of type pspin), shared by the files
 * src/dmft/pspin*.c (one concept per file). */
#pragma once
#include <mckean/mckpspin.h>
#include "dmft/dmftimpl.h"

typedef struct _n_MckPSpin *MckPSpin;

struct _n_MckPSpin {
  MckDMFT     d; /* the object: communicator, options prefix */
  MPI_Comm    comm;
  PetscMPIInt rank, size;
  /* model */
  PetscInt     p;
  PetscReal    T; /* bath temperature */
  MckPSpinInit init;
  PetscReal    Tinit; /* T' of the equilibrium initial condition */
  PetscReal    binit; /* 1/T' (equilibrium initial condition) or 0 (random) */
  /* grid: t_i = i h, i = 0..n (M = n + 1 times) */
  PetscReal tmax, h;
  PetscInt  n, M;
  PetscReal max_memory; /* bytes per rank the matrices may take */
  /* rows (the earlier time t_j) of C and R: nlocal per rank; the result in natural order,
   * rows [ranges[rank], ranges[rank+1]); during the solve, cyclic: local row k <-> t_j with
   * j = rank + k size (pspinlayout.c) */
  PetscInt     nlocal, *ranges;
  PetscMPIInt *counts, *displs; /* MPI_Allgatherv layout of one exchanged row */
  /* state during the solve (cyclic rows): Cw symmetric; Rw holds R(t_s, t_j) (s > j) in its
   * upper triangle (row j, column s) as well, so that a rank finds the whole column t' = t_j
   * of both functions in its own rows. The result (natural rows): C, R. */
  Mat Cw, Rw, C, R;
  /* replicated rows: current row i, next row (predictor / corrector), kernels of the current
   * row D = f'(C), S = f''(C) R, multiplier mu(t_i) for every i */
  PetscReal *Crow, *Rrow, *Cnext, *Rnext, *D, *S, *mu, *xbuf;
  /* local: derivatives at t_i and at the predicted t_{i+1}, memory-integral accumulators */
  PetscReal *Fc, *Fr, *Gc, *Gr, *t1, *t2, *t3;
  PetscInt   step; /* rows 0..step of the grid are final */
  PetscBool  done; /* the result C, R is in natural order */
};

/* pspinsolve.c */
PETSC_INTERN PetscErrorCode MckPSpinKernels(MckPSpin ps, PetscInt i, const PetscReal Crow[], const PetscReal Rrow[],
                                            PetscReal D[], PetscReal S[], PetscReal *mu);
PETSC_INTERN PetscErrorCode MckPSpinCreateWork(MckPSpin ps);
PETSC_INTERN PetscErrorCode MckPSpinStartFresh(MckPSpin ps);
PETSC_INTERN PetscErrorCode MckPSpinStep(MckPSpin ps);
/* pspinlayout.c */
PETSC_INTERN PetscErrorCode MckPSpinLayoutSetUp(MckPSpin ps);
PETSC_INTERN PetscInt       MckPSpinCyclicUpTo(PetscMPIInt r, PetscMPIInt P, PetscInt M, PetscInt jmax);
PETSC_INTERN PetscErrorCode MckPSpinMemoryCheck(MckPSpin ps);
PETSC_INTERN PetscErrorCode MckPSpinToNatural(MckPSpin ps, Mat *W, Mat *N);
PETSC_INTERN PetscErrorCode MckPSpinCreateMatrix(MckPSpin ps, const char name[], Mat *A);
PETSC_INTERN PetscErrorCode MckPSpinRedistribute(MckPSpin ps, Mat W, Mat N, PetscBool to_natural);
/* pspincheckpoint.c: the state of an unfinished solve in a group, and back */
PETSC_INTERN PetscErrorCode MckPSpinConfig(MckPSpin ps, MckIO io, PetscBool check);
PETSC_INTERN PetscErrorCode MckPSpinWriteState(MckPSpin ps, MckIO io, const char group[]);
PETSC_INTERN PetscErrorCode MckPSpinReadState(MckPSpin ps, MckIO io, const char group[]);
/* pspinio.c: the result of a finished solve in a group, and back */
PETSC_INTERN PetscErrorCode MckPSpinWriteResult(MckPSpin ps, MckIO io, const char group[]);
PETSC_INTERN PetscErrorCode MckPSpinReadResult(MckPSpin ps, MckIO io, const char group[]);
