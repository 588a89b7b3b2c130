/* MckGrid spectral operators: one forward transform, a multiplier per mode, one backward
 * transform. The modes are walked as three slots (gridimpl.h). */
#include "gridimpl.h"

static PetscErrorCode CheckVec(MckGrid g, Vec v)
{
  PetscInt n, want;

  PetscFunctionBeginUser;
  PetscCheck(g->setup, g->comm, PETSC_ERR_ORDER, "call MckGridSetUp() first");
  PetscCall(VecGetLocalSize(v, &n));
  want = g->rn[0] * g->rn[1] * g->rn[2];
  if (g->replicated) {
    PetscMPIInt rank;
    PetscCallMPI(MPI_Comm_rank(g->comm, &rank));
    want = g->counts[rank];
  }
  PetscCheck(n == want, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "Vec local size %" PetscInt_FMT " is not the grid's %" PetscInt_FMT ": use MckGridCreateVec()", n, want);
  PetscFunctionReturn(0);
}

/* The DMDA's local part is rows of n_x points; FFTW's slab is the same rows padded to
 * 2*(n_x/2+1). 1D: gather the whole line on every rank instead. */
PetscErrorCode MckGridForward_Private(MckGrid g, Vec u)
{
  const PetscScalar *x;

  PetscFunctionBeginUser;
  PetscCall(CheckVec(g, u));
  PetscCall(PetscLogEventBegin(MCK_EVENT_GridFFTForward, 0, 0, 0, 0));
  PetscCall(PetscObjectStateIncrease((PetscObject)g)); /* the work array changes */
  PetscCall(VecGetArrayRead(u, &x));
  if (g->replicated) {
    PetscMPIInt rank;
    PetscCallMPI(MPI_Comm_rank(g->comm, &rank));
    PetscCallMPI(MPI_Allgatherv(x, g->counts[rank], MPIU_SCALAR, g->data, g->counts, g->displs, MPIU_SCALAR, g->comm));
  } else {
    const PetscInt rows = g->rn[0] * g->rn[1], nx = g->rn[2], pad = 2 * (g->n[0] / 2 + 1);
    for (PetscInt r = 0; r < rows; r++) PetscCall(PetscArraycpy(g->data + r * pad, x + r * nx, nx));
  }
  PetscCall(VecRestoreArrayRead(u, &x));
  PetscCall(MckGridExecute_Private(g, MCK_GRID_FORWARD));
  PetscCall(PetscLogEventEnd(MCK_EVENT_GridFFTForward, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode MckGridBackward_Private(MckGrid g, Vec out)
{
  PetscScalar *x;

  PetscFunctionBeginUser;
  PetscCall(CheckVec(g, out));
  PetscCall(PetscLogEventBegin(MCK_EVENT_GridFFTBackward, 0, 0, 0, 0));
  PetscCall(PetscObjectStateIncrease((PetscObject)g));
  PetscCall(MckGridExecute_Private(g, MCK_GRID_BACKWARD));
  PetscCall(VecGetArrayWrite(out, &x));
  if (g->replicated) {
    PetscMPIInt rank;
    PetscCallMPI(MPI_Comm_rank(g->comm, &rank));
    PetscCall(PetscArraycpy(x, g->data + g->displs[rank], g->counts[rank]));
  } else {
    const PetscInt rows = g->rn[0] * g->rn[1], nx = g->rn[2], pad = 2 * (g->n[0] / 2 + 1);
    for (PetscInt r = 0; r < rows; r++) PetscCall(PetscArraycpy(x + r * nx, g->data + r * pad, nx));
  }
  PetscCall(VecRestoreArrayWrite(out, &x));
  PetscCall(PetscLogEventEnd(MCK_EVENT_GridFFTBackward, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* c <- i kv c */
static inline void TimesIK(double *c, PetscReal kv)
{
  const double re = c[0], im = c[1];
  c[0] = -kv * im;
  c[1] = kv * re;
}

/*@C
  MckGridGradient - The spectral gradient, grad[a] = d u / d x_a (i k_a u^).

  Collective

  Input Parameters:
+ g - the grid, set up
- u - a grid Vec

  Output Parameter:
. grad - dim grid Vecs

  Note:
  For even n_a the Nyquist mode of the derivative along a is set to zero (its sign is ambiguous).

  Level: intermediate

.seealso: `MckGridLaplacian()`, `MckGridCreateVec()`
@*/
PetscErrorCode MckGridGradient(MckGrid g, Vec u, Vec grad[])
{
  double *c = g->data; /* interleaved re, im: fftw_complex's type depends on <complex.h> */

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_GridGradient, 0, 0, 0, 0));
  PetscCall(MckGridForward_Private(g, u));
  PetscCall(PetscArraycpy(g->hat, c, 2 * g->nmodes));
  for (PetscInt a = 0; a < g->dim; a++) {
    const PetscInt   s  = g->axis_slot[a];
    const PetscReal *k0 = s == 0 ? g->kodd[0] : NULL, *k1 = s == 1 ? g->kodd[1] : NULL,
                    *k2 = s == 2 ? g->kodd[2] : NULL;
    PetscInt m          = 0;

    /* only the axis' own slot varies the multiplier; kodd has the Nyquist mode zeroed */
    for (PetscInt i0 = 0; i0 < g->cn[0]; i0++)
      for (PetscInt i1 = 0; i1 < g->cn[1]; i1++)
        for (PetscInt i2 = 0; i2 < g->cn[2]; i2++, m++) {
          const PetscReal kv = (k0 ? k0[i0] : k1 ? k1[i1] : k2[i2]) * g->scale;
          c[2 * m]           = g->hat[2 * m];
          c[2 * m + 1]       = g->hat[2 * m + 1];
          TimesIK(c + 2 * m, kv);
        }
    PetscCall(MckGridBackward_Private(g, grad[a]));
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_GridGradient, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* The factor of mode m, times the transforms' scale: -|k|^2 (Laplacian), 1 / (|k|^2 + kappa2)
 * (Helmholtz) or a symbol's W[m] (convolution). */
typedef enum { MULT_LAPLACIAN, MULT_HELMHOLTZ, MULT_SYMBOL } MultKind;

static void MultiplyModes(MckGrid g, MultKind kind, PetscReal kappa2, const PetscReal W[])
{
  double  *c = g->data; /* interleaved re, im: fftw_complex's type depends on <complex.h> */
  PetscInt m = 0;

  if (kind == MULT_SYMBOL) {
    for (m = 0; m < g->nmodes; m++) {
      const PetscReal f = W[m] * g->scale;
      c[2 * m] *= f;
      c[2 * m + 1] *= f;
    }
    return;
  }
  for (PetscInt i0 = 0; i0 < g->cn[0]; i0++)
    for (PetscInt i1 = 0; i1 < g->cn[1]; i1++) {
      const PetscReal k01 = g->k[0][i0] * g->k[0][i0] + g->k[1][i1] * g->k[1][i1];
      for (PetscInt i2 = 0; i2 < g->cn[2]; i2++, m++) {
        const PetscReal ksq = k01 + g->k[2][i2] * g->k[2][i2];
        PetscReal       f;
        if (kind == MULT_LAPLACIAN) f = -ksq * g->scale;
        /* Poisson (kappa2 = 0): the k = 0 mode is dropped (zero-mean solution of f - mean f) */
        else f = (ksq + kappa2 > 0) ? g->scale / (ksq + kappa2) : 0;
        c[2 * m] *= f;
        c[2 * m + 1] *= f;
      }
    }
}

/* out = the operator of MultiplyModes applied to u: forward, a factor per mode, backward, timed
 * under the operator's event. */
static PetscErrorCode ApplyDiagonal(MckGrid g, PetscLogEvent event, MultKind kind, PetscReal kappa2,
                                    const PetscReal W[], Vec u, Vec out)
{
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(event, 0, 0, 0, 0));
  PetscCall(MckGridForward_Private(g, u));
  MultiplyModes(g, kind, kappa2, W);
  PetscCall(MckGridBackward_Private(g, out));
  PetscCall(PetscLogEventEnd(event, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/*@C
  MckGridLaplacian - The spectral Laplacian, lap = -|k|^2 u^ transformed back.

  Collective

  Input Parameters:
+ g - the grid, set up
- u - a grid Vec

  Output Parameter:
. lap - a grid Vec (may be u)

  Level: intermediate

.seealso: `MckGridSolveHelmholtz()`, `MckGridGradient()`
@*/
PetscErrorCode MckGridLaplacian(MckGrid g, Vec u, Vec lap)
{
  PetscFunctionBeginUser;
  PetscCall(ApplyDiagonal(g, MCK_EVENT_GridLaplacian, MULT_LAPLACIAN, 0, NULL, u, lap));
  PetscFunctionReturn(0);
}

/*@C
  MckGridSolveHelmholtz - Solves (-Laplacian + kappa2) u = f spectrally.

  Collective

  Input Parameters:
+ g      - the grid, set up
. kappa2 - the screening, >= 0; 0 is Poisson, solved for the zero-mean part of f (the k = 0 mode dropped)
- f      - the right-hand side

  Output Parameter:
. u - the solution (may be f)

  Level: intermediate

.seealso: `MckGridLaplacian()`
@*/
PetscErrorCode MckGridSolveHelmholtz(MckGrid g, PetscReal kappa2, Vec f, Vec u)
{
  PetscFunctionBeginUser;
  PetscCheck(
      kappa2 >= 0 && !PetscIsInfOrNanReal(kappa2), g->comm, PETSC_ERR_ARG_OUTOFRANGE,
      "Helmholtz kappa^2 = %g: must be finite and >= 0 (a negative value makes -Laplacian + kappa^2 singular or indefinite)",
      (double)kappa2);
  PetscCall(ApplyDiagonal(g, MCK_EVENT_GridHelmholtz, MULT_HELMHOLTZ, kappa2, NULL, f, u));
  PetscFunctionReturn(0);
}

/*@C
  MckGridCreateSymbol - Evaluates a symbol once on this rank's spectral modes, for a
  convolution applied every step.

  Not Collective

  Input Parameters:
+ g   - the grid, set up
. fn  - the symbol, real and even in k
- ctx - its context

  Output Parameter:
. W - the values in the grid's spectral order (free with PetscFree())

  Level: intermediate

.seealso: `MckGridConvolveSymbol()`, `MckGridSymbolFn`
@*/
PetscErrorCode MckGridCreateSymbol(MckGrid g, MckGridSymbolFn fn, void *ctx, PetscReal **W)
{
  PetscInt m = 0;

  PetscFunctionBeginUser;
  PetscCheck(g->setup, g->comm, PETSC_ERR_ORDER, "call MckGridSetUp() first");
  PetscCall(PetscMalloc1(g->nmodes, W));
  for (PetscInt i0 = 0; i0 < g->cn[0]; i0++)
    for (PetscInt i1 = 0; i1 < g->cn[1]; i1++)
      for (PetscInt i2 = 0; i2 < g->cn[2]; i2++, m++) {
        const PetscReal kslot[3] = {g->k[0][i0], g->k[1][i1], g->k[2][i2]};
        PetscReal       k[MCK_GRID_MAX_DIM];
        for (PetscInt a = 0; a < g->dim; a++) k[a] = kslot[g->axis_slot[a]];
        (*W)[m] = fn(g->dim, k, ctx);
      }
  PetscFunctionReturn(0);
}

/*@C
  MckGridConvolveSymbol - The periodic convolution out = W * u with the symbol evaluated by
  `MckGridCreateSymbol()`.

  Collective

  Input Parameters:
+ g - the grid, set up
. W - the symbol's values
- u - a grid Vec

  Output Parameter:
. out - a grid Vec (may be u)

  Level: intermediate

.seealso: `MckGridCreateSymbol()`, `MckGridConvolve()`
@*/
PetscErrorCode MckGridConvolveSymbol(MckGrid g, const PetscReal W[], Vec u, Vec out)
{
  PetscFunctionBeginUser;
  PetscCall(ApplyDiagonal(g, MCK_EVENT_GridConvolve, MULT_SYMBOL, 0, W, u, out));
  PetscFunctionReturn(0);
}

/*@C
  MckGridConvolve - The periodic convolution out = W * u, W given by its symbol.

  Collective

  Input Parameters:
+ g   - the grid, set up
. fn  - the symbol, real and even in k
. ctx - its context
- u   - a grid Vec

  Output Parameter:
. out - a grid Vec (may be u)

  Level: intermediate

.seealso: `MckGridConvolveSymbol()`
@*/
PetscErrorCode MckGridConvolve(MckGrid g, MckGridSymbolFn fn, void *ctx, Vec u, Vec out)
{
  PetscReal *W;

  PetscFunctionBeginUser;
  PetscCall(MckGridCreateSymbol(g, fn, ctx, &W));
  PetscCall(MckGridConvolveSymbol(g, W, u, out));
  PetscCall(PetscFree(W));
  PetscFunctionReturn(0);
}

/* Bitwise reproducible on any rank count (when the spectrum itself is; see mckgrid.h): every
 * plane of the spectrum's distributed slot, which one rank owns whole, gets its own partial bin sums in a
 * fixed order; the planes' partials are gathered (n0 x nbins reals, fine for a diagnostic) and
 * every rank adds them in global plane order. Not MckStats: its absolute resolution (2^-64)
 * would erase the small tail of a smooth field's spectrum, which is what a log plot shows. */
static PetscErrorCode SumPlanesInOrder(MckGrid g, PetscInt nplanes, PetscInt nbins, const PetscReal partial[],
                                       PetscReal spectrum[])
{
  PetscMPIInt size, *cnt, *off;
  PetscInt    total = 0;
  PetscReal  *all;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(g->comm, &size));
  PetscCall(PetscMalloc2(size, &cnt, size, &off));
  for (PetscMPIInt r = 0; r < size; r++) {
    cnt[r] = (PetscMPIInt)(g->oplanes[r] * nbins);
    off[r] = (PetscMPIInt)total;
    total += cnt[r];
  }
  PetscCall(PetscMalloc1(total, &all));
  PetscCallMPI(MPI_Allgatherv(partial, (PetscMPIInt)(nplanes * nbins), MPIU_REAL, all, cnt, off, MPIU_REAL, g->comm));
  for (PetscInt b = 0; b < nbins; b++) spectrum[b] = 0;
  for (PetscInt p = 0; p < total / nbins; p++)
    for (PetscInt b = 0; b < nbins; b++) spectrum[b] += all[p * nbins + b];
  PetscCall(PetscFree(all));
  PetscCall(PetscFree2(cnt, off));
  PetscFunctionReturn(0);
}

/*@C
  MckGridPowerSpectrum - The radially averaged power spectrum of a grid Vec (mckgrid.h gives the bins).

  Collective

  Input Parameters:
+ g     - the grid, set up
. u     - a grid Vec
- nbins - the number of bins, >= 1

  Output Parameters:
+ spectrum - the average of |c_k|^2 per bin, the same on every rank
- counts   - the modes per bin (may be NULL)

  Note:
  The reduction over ranks is done in global plane order: bitwise independent of the rank
  count for a given spectrum.

  Level: intermediate

.seealso: `MckGridForward()`
@*/
PetscErrorCode MckGridPowerSpectrum(MckGrid g, Vec u, PetscInt nbins, PetscReal spectrum[], PetscInt64 counts[])
{
  const double  *c     = g->data; /* interleaved re, im */
  const PetscInt pslot = g->replicated ? 0 : 3 - g->dim, nplanes = g->cn[pslot];
  PetscReal      dk, Lmax                                        = 0, *partial;
  PetscInt64    *cnt;
  PetscInt       m = 0;

  PetscFunctionBeginUser;
  PetscCheck(nbins >= 1, g->comm, PETSC_ERR_ARG_OUTOFRANGE, "power spectrum: nbins %" PetscInt_FMT " must be >= 1",
             nbins);
  PetscCall(PetscLogEventBegin(MCK_EVENT_GridSpectrum, 0, 0, 0, 0));
  for (PetscInt a = 0; a < g->dim; a++) Lmax = PetscMax(Lmax, g->L[a]);
  dk = 2 * PETSC_PI / Lmax;
  PetscCall(PetscCalloc1(nbins, &cnt));
  PetscCall(PetscCalloc1(nplanes * nbins, &partial));
  PetscCall(MckGridForward_Private(g, u));
  for (PetscInt i0 = 0; i0 < g->cn[0]; i0++)
    for (PetscInt i1 = 0; i1 < g->cn[1]; i1++) {
      const PetscReal k01 = g->k[0][i0] * g->k[0][i0] + g->k[1][i1] * g->k[1][i1], w01 = g->hw[0][i0] * g->hw[1][i1];
      PetscReal      *plane = partial + (pslot == 0 ? i0 : i1) * nbins;
      for (PetscInt i2 = 0; i2 < g->cn[2]; i2++, m++) {
        const PetscReal kabs = PetscSqrtReal(k01 + g->k[2][i2] * g->k[2][i2]);
        const PetscInt  b    = (PetscInt)PetscFloorReal(kabs / dk + 0.5);
        /* the r2c half stores k and -k once: count it twice except on its own mirror planes */
        const PetscReal w = w01 * g->hw[2][i2];
        if (b >= nbins) continue;
        plane[b] += w * (c[2 * m] * c[2 * m] + c[2 * m + 1] * c[2 * m + 1]) * g->scale * g->scale;
        cnt[b] += (PetscInt64)w;
      }
    }
  if (g->replicated) PetscCall(PetscArraycpy(spectrum, partial, nbins)); /* every rank has all modes */
  else {
    PetscCall(SumPlanesInOrder(g, nplanes, nbins, partial, spectrum));
    PetscCallMPI(MPIU_Allreduce(MPI_IN_PLACE, cnt, (PetscMPIInt)nbins, MPIU_INT64, MPI_SUM, g->comm));
  }
  for (PetscInt b = 0; b < nbins; b++) {
    if (cnt[b]) spectrum[b] /= (PetscReal)cnt[b];
    if (counts) counts[b] = cnt[b];
  }
  PetscCall(PetscFree(partial));
  PetscCall(PetscFree(cnt));
  PetscCall(PetscLogEventEnd(MCK_EVENT_GridSpectrum, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/*@C
  MckGridGetLocalModes - The number of this rank's spectral modes and the transforms' normalisation.

  Not Collective

  Input Parameter:
. g - the grid, set up

  Output Parameters:
+ nmodes - local modes (complex numbers of the work array; may be NULL)
- scale  - 1/N_total, the factor a forward-backward round trip needs (may be NULL)

  Level: advanced

.seealso: `MckGridForward()`, `MckGridBackward()`
@*/
PetscErrorCode MckGridGetLocalModes(MckGrid g, PetscInt *nmodes, PetscReal *scale)
{
  PetscFunctionBeginUser;
  PetscCheck(g->setup, g->comm, PETSC_ERR_ORDER, "call MckGridSetUp() first");
  if (nmodes) *nmodes = g->nmodes;
  if (scale) *scale = g->scale;
  PetscFunctionReturn(0);
}

/*@C
  MckGridForward - Forward transform of a grid Vec into the grid's work array.

  Collective

  Input Parameters:
+ g - the grid, set up
- u - a grid Vec

  Output Parameter:
. hat - the spectrum, nmodes interleaved (re, im) pairs, valid until the next grid operation

  Level: advanced

.seealso: `MckGridBackward()`, `MckGridGetLocalModes()`
@*/
PetscErrorCode MckGridForward(MckGrid g, Vec u, PetscReal **hat)
{
  PetscFunctionBeginUser;
  PetscCall(MckGridForward_Private(g, u));
  *hat = g->data;
  PetscFunctionReturn(0);
}

/*@C
  MckGridGetRealWork - The grid's padded real work array, to fill point by point before
  `MckGridForwardWork()`.

  Not Collective

  Input Parameter:
. g - the grid, set up

  Output Parameters:
+ data   - nrows rows of nx reals, row r at data[r * stride], in the order of a grid Vec's
           local part (NULL in 1D: use `MckGridForward()`)
. nx     - points per row
. stride - distance between rows
- nrows  - rows

  Note:
  Every grid operation that uses the work array, this one included, increases the grid's
  object state (`PetscObjectStateGet()`): a caller that leaves data in the work array for
  later can tell whether it is still there.

  Level: advanced

.seealso: `MckGridForwardWork()`, `MckGridBackwardWork()`
@*/
PetscErrorCode MckGridGetRealWork(MckGrid g, PetscReal **data, PetscInt *nx, PetscInt *stride, PetscInt *nrows)
{
  PetscFunctionBeginUser;
  PetscCheck(g->setup, g->comm, PETSC_ERR_ORDER, "call MckGridSetUp() first");
  PetscCall(PetscObjectStateIncrease((PetscObject)g)); /* the caller writes the work array */
  *data   = g->replicated ? NULL : g->data;
  *nx     = g->rn[2];
  *stride = 2 * (g->n[0] / 2 + 1);
  *nrows  = g->rn[0] * g->rn[1];
  PetscFunctionReturn(0);
}

/* The grid's transform in direction dir, in place on the work array (2D/3D), logged as event. */
static PetscErrorCode ExecuteInWork(MckGrid g, MckGridDirection dir, PetscLogEvent event, const char caller[],
                                    PetscReal **out)
{
  PetscFunctionBeginUser;
  PetscCheck(g->setup && !g->replicated, g->comm, PETSC_ERR_ORDER, "%s: 2D/3D grids after MckGridSetUp() only", caller);
  PetscCall(PetscLogEventBegin(event, 0, 0, 0, 0));
  PetscCall(PetscObjectStateIncrease((PetscObject)g)); /* the work array changes */
  PetscCall(MckGridExecute_Private(g, dir));
  PetscCall(PetscLogEventEnd(event, 0, 0, 0, 0));
  *out = g->data;
  PetscFunctionReturn(0);
}

/*@C
  MckGridForwardWork - Forward transform of the work array filled through `MckGridGetRealWork()` (2D/3D).

  Collective

  Input Parameter:
. g - the grid, set up

  Output Parameter:
. hat - the spectrum in the work array

  Level: advanced

.seealso: `MckGridGetRealWork()`, `MckGridBackward()`
@*/
PetscErrorCode MckGridForwardWork(MckGrid g, PetscReal **hat)
{
  PetscFunctionBeginUser;
  PetscCall(ExecuteInWork(g, MCK_GRID_FORWARD, MCK_EVENT_GridFFTForward, "MckGridForwardWork", hat));
  PetscFunctionReturn(0);
}

/*@C
  MckGridBackwardWork - Backward transform of the spectrum in the work array, left in the padded
  real work array (2D/3D), without scaling: the caller reads it out itself, e.g. in a pass that
  also computes something from it.

  Collective

  Input Parameter:
. g - the grid, set up

  Output Parameter:
. data - the real result, laid out as `MckGridGetRealWork()` describes

  Level: advanced

.seealso: `MckGridForwardWork()`, `MckGridGetRealWork()`, `MckGridBackward()`
@*/
PetscErrorCode MckGridBackwardWork(MckGrid g, PetscReal **data)
{
  PetscFunctionBeginUser;
  PetscCall(ExecuteInWork(g, MCK_GRID_BACKWARD, MCK_EVENT_GridFFTBackward, "MckGridBackwardWork", data));
  PetscFunctionReturn(0);
}

/*@C
  MckGridBackward - Backward transform of the spectrum in the work array into a grid Vec, without scaling.

  Collective

  Input Parameters:
+ g   - the grid, set up
- out - a grid Vec

  Level: advanced

.seealso: `MckGridForward()`, `MckGridGetLocalModes()`
@*/
PetscErrorCode MckGridBackward(MckGrid g, Vec out)
{
  PetscFunctionBeginUser;
  PetscCall(MckGridBackward_Private(g, out));
  PetscFunctionReturn(0);
}

/*@C
  MckGridExecuteTransforms - Executes the bare transforms on the work array (for benchmarks): FFTW's
  plans, and in 2D its row plans with the grid's transposes.

  Collective

  Input Parameters:
+ g         - the grid, set up
. nforward  - forward transforms
- nbackward - backward transforms, after the forward ones

  Level: developer

.seealso: `MckGridForward()`
@*/
PetscErrorCode MckGridExecuteTransforms(MckGrid g, PetscInt nforward, PetscInt nbackward)
{
  PetscFunctionBeginUser;
  PetscCheck(g->setup, g->comm, PETSC_ERR_ORDER, "call MckGridSetUp() first");
  PetscCall(PetscObjectStateIncrease((PetscObject)g));
  for (PetscInt i = 0; i < nforward; i++) PetscCall(MckGridExecute_Private(g, MCK_GRID_FORWARD));
  for (PetscInt i = 0; i < nbackward; i++) PetscCall(MckGridExecute_Private(g, MCK_GRID_BACKWARD));
  PetscFunctionReturn(0);
}
