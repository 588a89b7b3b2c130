/* MckGrid internals shared by grid.c (object, layout, plans) and spectral.c (operators). */
#pragma once
#include <mckean/mckgrid.h>
#include <petsc/private/petscimpl.h>
#include <fftw3-mpi.h>

/* The spectral arrays are handled as three "slots" in FFTW's row-major order, slot 2 fastest;
 * a grid of dimension d < 3 has leading slots of size 1 (wavenumber 0), so one triple loop
 * serves 1D, 2D and 3D. The real slab (the DMDA's points) has axis a in slot 2 - a. The
 * spectrum is FFTW's transposed output (FFTW_MPI_TRANSPOSED_OUT/IN: the forward transform skips
 * its final global transpose and the backward its first), distributed over FFTW's second
 * dimension:  3D: slots (y [distributed], z, x/2+1);  2D: (-, x/2+1 [distributed], y);
 * 1D: (-, -, x/2+1), replicated. axis_slot[] says where each axis' wavenumbers are. */
/* A global transpose of complex rows between two slab layouts (slabfft.c). */
typedef struct {
  MPI_Comm     comm;
  PetscMPIInt  rank;
  PetscInt     rows_in, ld_in, rows_out, ld_out;  /* local rows and row strides, complex numbers */
  PetscInt    *in_start, *in_rows;                /* every rank's input rows */
  PetscInt    *out_start, *out_rows;              /* every rank's output rows = its columns here */
  PetscMPIInt *scount, *sdispl, *rcount, *rdispl; /* doubles; 0 for the own block */
  double      *send, *recv;                       /* the MckSlabFFT's */
} MckSlabTranspose;

/* 2D: the transforms assembled from FFTW's serial row plans and one transpose each (slabfft.c). */
typedef struct {
  PetscBool        active;
  fftw_plan        r2c, c2r, fwd, bwd; /* real rows; the spectrum's rows (length n_y) */
  MckSlabTranspose to_spectrum, to_real;
  double          *send, *recv; /* shared by the two transposes */
} MckSlabFFT;

typedef enum { MCK_GRID_FORWARD, MCK_GRID_BACKWARD } MckGridDirection;

struct _p_MckGrid {
  PETSCHEADER(int);
  MPI_Comm  comm;
  PetscInt  dim, n[MCK_GRID_MAX_DIM], stencil, plankind, transpose;
  PetscReal L[MCK_GRID_MAX_DIM];
  PetscBool setup;
  PetscBool help;  /* -help: sizes checked, nothing allocated (setup stays false) */
  PetscInt  nvecs; /* vectors of the grid its user will hold, counted by the memory check */
  DM        da;

  /* real layout (the DMDA's local part) */
  PetscBool    replicated;      /* 1D: every rank holds all modes (gathered serial transform) */
  PetscInt     rn[3];           /* local real extents per slot (slot 2: n_x, padded to 2*(n_x/2+1)) */
  PetscMPIInt *counts, *displs; /* 1D gather: DMDA ownership of every rank */

  /* spectral layout */
  PetscInt   cn[3];        /* local complex extents per slot */
  PetscInt   axis_slot[3]; /* slot holding axis a's wavenumbers */
  PetscReal *k[3];         /* wavenumber of each local index per slot (Nyquist: +pi n/L) */
  PetscReal *kodd[3];      /* the same with the Nyquist mode zeroed, for odd derivatives */
  PetscReal *hw[3];        /* Hermitian weight: 2 for x-modes standing also for -k, else 1 */
  PetscInt   nmodes;       /* local complex modes: cn[0]*cn[1]*cn[2] */
  PetscInt  *oplanes;      /* spectral planes (distributed slot) of every rank */
  PetscReal  scale;        /* 1 / N_total */

  /* FFTW */
  double    *data;     /* in-place work array: padded real <-> complex (re, im interleaved) */
  double    *hat;      /* a saved spectrum (gradient: one forward, dim backward) */
  fftw_plan  fwd, bwd; /* 1D: FFTW's serial plans; 3D: FFTW-MPI's */
  MckSlabFFT slab;     /* 2D */
};

PETSC_INTERN PetscLogEvent MCK_EVENT_GridFFTForward, MCK_EVENT_GridFFTBackward, MCK_EVENT_GridTranspose,
    MCK_EVENT_GridGradient, MCK_EVENT_GridLaplacian, MCK_EVENT_GridHelmholtz, MCK_EVENT_GridConvolve,
    MCK_EVENT_GridSpectrum;

/* u (a global Vec of the DMDA) -> g->data -> forward transform; the spectrum is then in
 * g->data as interleaved (re, im) pairs. */
PETSC_INTERN PetscErrorCode MckGridForward_Private(MckGrid g, Vec u);
/* backward transform of the spectrum in g->data -> out (no scaling: the operators fold 1/N
 * into their multipliers). */
PETSC_INTERN PetscErrorCode MckGridBackward_Private(MckGrid g, Vec out);

PETSC_INTERN PetscErrorCode MckGridSlabFFTCreate_Private(MckGrid, unsigned, PetscInt, PetscInt, PetscInt, PetscInt);
PETSC_INTERN PetscErrorCode MckGridSlabFFTDestroy_Private(MckGrid);
/* the grid's transform on its work array (FFTW-MPI's plan, or the 2D slab transform) */
PETSC_INTERN PetscErrorCode MckGridExecute_Private(MckGrid, MckGridDirection);
