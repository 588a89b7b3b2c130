/* MckGrid: a periodic PETSc DMDA whose ownership matches FFTW-MPI's slab layout, and the
 * spectral operators that use it (DESIGN.md §2, issue 3).
 *
 * Layout. Axes are named in PETSc's order: axis 0 = x (fastest in memory), 1 = y, 2 = z.
 * FFTW's arrays are row-major, so FFTW's first (slowest, distributed) dimension is PETSc's
 * LAST axis: y in 2D, z in 3D. FFTW-MPI gives every rank a slab of whole planes of that axis,
 * in blocks of ceil(n/P) planes (the last ranks get fewer, possibly none); the DMDA is created
 * with exactly those ownership ranges (one process along the other axes), so the local part of
 * a global Vec and the rank's FFTW slab hold the same points, and moving a field between them is
 * a local copy into FFTW's padded real array (last dimension padded to 2*(n/2+1)).
 * The spectrum stays in FFTW's transposed order (FFTW_MPI_TRANSPOSED_OUT/IN, distributed over
 * FFTW's second dimension), which saves two of the four global transposes of every operator;
 * it is internal to the grid (a symbol array from MckGridCreateSymbol() follows it).
 * 2D transforms on more than one rank are FFTW's serial row plans around one global transpose
 * each, made by the grid (pack each rank's block already transposed, one MPI_Alltoallv, copy
 * whole rows out): FFTW-MPI's bits (grid.slabfft), and on 2 ranks faster than FFTW-MPI's own 2D
 * plans, whose backward transpose reorders the spectrum through in-place rectangular blocks
 * (docs/performance.md). -grid_transpose fftw runs FFTW-MPI's plans instead; one rank and 3D
 * always do.
 * A size that would leave a rank with fewer planes than the stencil width is refused as a user
 * error (PETSC_ERR_USER_INPUT) that names -grid_n, the value, the rank count and the nearest
 * sizes that work: a DMDA cannot have a rank without points.
 *
 * 1D. FFTW-MPI's one-dimensional transforms are complex-only (twice the data of r2c), and their
 * input and output distributions are FFTW's choice (no block size can be passed; they differ
 * between input and output and depend on the flags and direction), so a DMDA could not match
 * both and every transform would need a reshuffle anyway. A 1D field is small, so
 * instead every rank gathers the whole field (one MPI_Allgatherv of n reals) and runs the same
 * serial real-to-complex transform; the DMDA keeps PETSc's balanced split. Side effect: 1D
 * results are bitwise identical on any rank count.
 *
 * Reproducibility. In 2D/3D the distributed transform's local pieces batch a rank-count-
 * dependent number of rows; FFTW does not promise that this rounds identically, so the tests
 * assert agreement to 1e-13 relative across 1-4 ranks (measured with FFTW_ESTIMATE on the test
 * sizes: bitwise identical) and print how many values are bitwise equal. Everything McKean adds
 * (copies, multipliers, the power spectrum's reduction in global plane order) is independent of
 * the rank count. With -grid_fftw_plan measure|patient the plan is chosen by timing, so two
 * runs, even on the same rank count, may differ in the last bits; estimate (the default) is
 * deterministic.
 *
 * Conventions. Point i of axis a sits at x = i L_a / n_a (also the DMDA's coordinates).
 * k_a = 2*pi*m_a/L_a with m_a in (-n_a/2, n_a/2]; the transforms are unnormalised
 * and the spectral operators apply 1/N_total once. Operators allocate nothing: buffers and
 * plans are made by MckGridSetUp() and reused. All operators are collective. */
#pragma once
#include <mckean/mckio.h>
#include <petscdmda.h>

#define MCK_GRID_MAX_DIM 3

typedef struct _p_MckGrid  *MckGrid;
PETSC_EXTERN PetscClassId   MCK_GRID_CLASSID;
PETSC_EXTERN PetscErrorCode MckGridInitializePackage(void);

/* A kernel's Fourier symbol W^(k) = integral over the box of W(x) exp(-i k.x) dx, for the
 * wave vector k[0..dim) (axis order x, y, z). It must be real and even in k (W(-x) = W(x)),
 * so that the convolution of a real field stays real. */
typedef PetscReal (*MckGridSymbolFn)(PetscInt dim, const PetscReal k[], void *ctx);

/* A PETSc object: options prefix (MckGridSetOptionsPrefix: -<prefix>grid_n), -<prefix>grid_view
 * at set-up, reference counting (MckGridDestroy frees it with the last reference). */
PETSC_EXTERN PetscErrorCode MckGridCreate(MPI_Comm comm, MckGrid *g);
PETSC_EXTERN PetscErrorCode MckGridSetOptionsPrefix(MckGrid g, const char prefix[]);
/* Programmatic defaults (before SetFromOptions, which may override them): n[0..dim) points per
 * axis and the box sides L[0..dim), in axis order x, y, z. */
PETSC_EXTERN PetscErrorCode MckGridSetSizes(MckGrid g, PetscInt dim, const PetscInt n[]);
PETSC_EXTERN PetscErrorCode MckGridSetBox(MckGrid g, const PetscReal L[]);
/* Vectors of the grid the caller will hold, counted by the memory check of MckGridSetUp. */
PETSC_EXTERN PetscErrorCode MckGridSetVecCount(MckGrid g, PetscInt nvecs);
/* -grid_dim 1|2|3, -grid_n N or Nx,Ny[,Nz], -grid_L L or Lx,Ly[,Lz], -grid_stencil_width s,
 * -grid_fftw_plan estimate|measure|patient. */
PETSC_EXTERN PetscErrorCode MckGridSetFromOptions(MckGrid g);
/* Checks the sizes against the rank count, creates the DMDA, FFTW buffers and plans. */
PETSC_EXTERN PetscErrorCode MckGridSetUp(MckGrid g);
PETSC_EXTERN PetscErrorCode MckGridGetDM(MckGrid g, DM *da);
/* Any argument may be NULL; n[] and L[] receive dim values. */
PETSC_EXTERN PetscErrorCode MckGridGetSizes(MckGrid g, PetscInt *dim, PetscInt n[], PetscReal L[]);
/* "estimate", "measure" or "patient" (-grid_fftw_plan), for benchmarks' reports. */
PETSC_EXTERN PetscErrorCode MckGridGetPlanKind(MckGrid g, const char **kind);
PETSC_EXTERN PetscErrorCode MckGridCreateVec(MckGrid g, Vec *v);
/* From now on the grid's global Vecs (VecType MCK_VEC_REPRODUCIBLE) compute VecDot, VecMDot and
 * VecNorm bitwise independently of the rank count: plane sums gathered and added in global order. */
#define MCK_VEC_REPRODUCIBLE "mck_reproducible"
PETSC_EXTERN PetscErrorCode MckGridSetReproducibleReductions(MckGrid g);
/* A grid Vec in a run file: dataset (N, 1) or one snapshot of a series (nsnap, N, 1), points in
 * natural order (x fastest; the DMDA's slabs are contiguous blocks of it). Collective. */
PETSC_EXTERN PetscErrorCode MckGridWriteVec(MckGrid g, MckIO io, const char dset[], Vec v);
PETSC_EXTERN PetscErrorCode MckGridAppendVec(MckGrid g, MckIO io, const char dset[], Vec v);
PETSC_EXTERN PetscErrorCode MckGridReadVec(MckGrid g, MckIO io, const char dset[], Vec v);
/* Record (check = FALSE) or compare the sizes and box a checkpoint of grid data depends on. */
PETSC_EXTERN PetscErrorCode MckGridConfig(MckGrid g, MckIO io, PetscBool check);
PETSC_EXTERN PetscErrorCode MckGridView(MckGrid g, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckGridDestroy(MckGrid *g);

/* grad[a] = d u / d x_a for a < dim (i k_a u^). For even n_a the Nyquist mode m_a = n_a/2 of
 * the derivative along a is set to zero: its sign is ambiguous (+n/2 and -n/2 alias) and
 * i k u^ there is not the transform of a real field. */
PETSC_EXTERN PetscErrorCode MckGridGradient(MckGrid g, Vec u, Vec grad[]);
/* lap = Laplacian of u (-|k|^2 u^); Nyquist modes keep k = pi n/L (an even operator). */
PETSC_EXTERN PetscErrorCode MckGridLaplacian(MckGrid g, Vec u, Vec lap);
/* Solve (-Laplacian + kappa2) u = f with kappa2 >= 0. kappa2 = 0 is Poisson: its periodic
 * solution exists only for zero-mean f, so the k = 0 mode is dropped, i.e. the solver returns
 * the zero-mean solution of -Laplacian u = f - mean(f). u and f may be the same Vec. */
PETSC_EXTERN PetscErrorCode MckGridSolveHelmholtz(MckGrid g, PetscReal kappa2, Vec f, Vec u);
/* out = W * u (periodic convolution over the box), W given by its symbol. u, out may alias. */
PETSC_EXTERN PetscErrorCode MckGridConvolve(MckGrid g, MckGridSymbolFn symbol, void *ctx, Vec u, Vec out);
/* The same with the symbol evaluated once: MckGridCreateSymbol() fills an array (freed with
 * PetscFree) over this rank's spectral modes, for kernels applied every step. */
PETSC_EXTERN PetscErrorCode MckGridCreateSymbol(MckGrid g, MckGridSymbolFn symbol, void *ctx, PetscReal **W);
PETSC_EXTERN PetscErrorCode MckGridConvolveSymbol(MckGrid g, const PetscReal W[], Vec u, Vec out);
/* Radially averaged power spectrum. With c_k = u^_k / N_total the Fourier coefficients (so
 * that sum_k |c_k|^2 = mean of u^2, Parseval), bin b collects the modes with
 * |k| in [(b - 1/2) dk, (b + 1/2) dk), dk = 2 pi / max_a L_a, the smallest nonzero |k| (bin 0: the mean); spectrum[b] is
 * the average of |c_k|^2 over the modes in the bin, counts[b] (may be NULL) their number.
 * Modes beyond the last bin are ignored. Result on every rank, its reduction over ranks done in
 * global plane order (bitwise independent of the rank count for a given spectrum). */
PETSC_EXTERN PetscErrorCode MckGridPowerSpectrum(MckGrid g, Vec u, PetscInt nbins, PetscReal spectrum[],
                                                 PetscInt64 counts[]);

/* ---- spectral access, for solvers that work on the spectrum themselves ---------------------
 * The spectrum is the grid's work array: nmodes local modes as interleaved (re, im) pairs in
 * the grid's spectral order (the order of MckGridCreateSymbol's arrays), unnormalised (a
 * forward then backward transform multiplies by N_total; scale = 1/N_total). It is valid until
 * the next grid operation. */
PETSC_EXTERN PetscErrorCode MckGridGetLocalModes(MckGrid g, PetscInt *nmodes, PetscReal *scale);
/* u -> forward transform; *hat points at the spectrum in the work array. Collective. */
PETSC_EXTERN PetscErrorCode MckGridForward(MckGrid g, Vec u, PetscReal **hat);
/* Fill the work array directly (saves a copy when the transformed field is computed point by
 * point, e.g. a nonlinearity f(u)): *data receives nrows rows of nx reals, row r starting at
 * data[r * stride], in the order of the local part of a grid Vec (row r = local points
 * r*nx .. r*nx + nx - 1); then MckGridForwardWork transforms it. 2D/3D only: in 1D (gathered
 * layout) *data is NULL and the caller uses MckGridForward. */
PETSC_EXTERN PetscErrorCode MckGridGetRealWork(MckGrid g, PetscReal **data, PetscInt *nx, PetscInt *stride,
                                               PetscInt *nrows);
PETSC_EXTERN PetscErrorCode MckGridForwardWork(MckGrid g, PetscReal **hat);
/* The spectrum in the work array -> backward transform, left in the padded real work array
 * (2D/3D), for a caller that reads the result out in a pass of its own. Every use of the work
 * array increases the grid's PetscObjectState. Collective. */
PETSC_EXTERN PetscErrorCode MckGridBackwardWork(MckGrid g, PetscReal **data);
/* The spectrum in the work array (as left by MckGridForward and changed in place by the
 * caller) -> backward transform -> out, without scaling. Collective. */
PETSC_EXTERN PetscErrorCode MckGridBackward(MckGrid g, Vec out);
/* The bare transforms only: nforward forward then nbackward backward executions of the grid's
 * transforms (FFTW's plans; in 2D its row plans and transposes) on the work array (no copies, no scaling; the values are left meaningless), for
 * benchmarks that compare a solver step with the transforms it needs. Collective. */
PETSC_EXTERN PetscErrorCode MckGridExecuteTransforms(MckGrid g, PetscInt nforward, PetscInt nbackward);
