/* MckPSpin internals shared by the files src/dmft/pspin*.c (one concept per file). */
#pragma once
#include <mckean/mckpspin.h>

PETSC_INTERN PetscLogEvent MCK_EVENT_PSpinKernel, MCK_EVENT_PSpinExchange;

struct _p_MckPSpin {
  MPI_Comm    comm;
  PetscMPIInt rank, size;
  /* model */
  PetscInt     p;
  PetscReal    T;     /* bath temperature */
  MckPSpinInit init;
  PetscReal    Tinit; /* T' of the equilibrium initial condition */
  PetscReal    binit; /* 1/T' (equilibrium initial condition) or 0 (random) */
  /* grid: t_i = i h, i = 0..n (M = n + 1 times) */
  PetscReal tmax, h;
  PetscInt  n, M;
  PetscReal max_memory; /* bytes per rank the matrices may take */
  PetscInt  progress;   /* steps between progress lines (the app's -progress_interval; 0: silent) */
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
  PetscBool  setup, solved;
  /* checkpoints: the monitor after every step; a restart's working matrices, current row and
   * multipliers are restored up to row `step` (pspincheckpoint.c) */
  MckPSpinMonitorFn monitor;
  void             *monitor_ctx;
  PetscInt          step; /* rows 0..step of the grid are final */
  PetscBool         restored;
};

/* pspinsolve.c */
PETSC_INTERN PetscErrorCode MckPSpinKernels(MckPSpin ps, PetscInt i, const PetscReal Crow[], const PetscReal Rrow[], PetscReal D[], PetscReal S[], PetscReal *mu);
PETSC_INTERN PetscErrorCode MckPSpinCreateWork(MckPSpin ps);
/* pspinlayout.c */
PETSC_INTERN PetscErrorCode MckPSpinLayoutSetUp(MckPSpin ps);
PETSC_INTERN PetscInt       MckPSpinCyclicUpTo(PetscMPIInt r, PetscMPIInt P, PetscInt M, PetscInt jmax);
PETSC_INTERN PetscErrorCode MckPSpinMemoryCheck(MckPSpin ps);
PETSC_INTERN PetscErrorCode MckPSpinToNatural(MckPSpin ps, Mat *W, Mat *N);
PETSC_INTERN PetscErrorCode MckPSpinCreateMatrix(MckPSpin ps, const char name[], Mat *A);
PETSC_INTERN PetscErrorCode MckPSpinRedistribute(MckPSpin ps, Mat W, Mat N, PetscBool to_natural);
