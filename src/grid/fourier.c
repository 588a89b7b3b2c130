/* MckFourier: the half set of Fourier modes of a periodic box and their phases at a block of
 * points (mckfourier.h). */
#include <mckean/mckfourier.h>
#include <mckean/mckrng.h>

struct _n_MckFourier {
  PetscInt   dim, K, M, block, npoints;
  PetscReal  invL[MCK_GRID_MAX_DIM];
  PetscInt  *n;                                             /* M x dim mode indices */
  PetscReal *k[MCK_GRID_MAX_DIM];                           /* k_a of every mode */
  PetscReal *pre[MCK_GRID_MAX_DIM], *pim[MCK_GRID_MAX_DIM]; /* powers p_m, m = 0..K, layout [m][i] */
  PetscReal *u;                                             /* x_a / L_a of the block */
};

/* The half set, |n_a| <= K, in the order of the index counted with the last axis fastest. */
static PetscErrorCode EnumerateHalfSet(MckFourier f, const PetscReal L[])
{
  const PetscInt side  = 2 * f->K + 1;
  PetscInt       total = 1, m = 0;

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < f->dim; a++) total *= side;
  f->M = (total - 1) / 2;
  PetscCall(PetscMalloc1(f->M * f->dim, &f->n));
  for (PetscInt a = 0; a < f->dim; a++) PetscCall(PetscMalloc1(f->M, &f->k[a]));
  for (PetscInt idx = 0; idx < total; idx++) {
    PetscInt n[MCK_GRID_MAX_DIM] = {0, 0, 0}, rest = idx, first = 0;
    for (PetscInt a = f->dim - 1; a >= 0; a--) {
      n[a] = rest % side - f->K;
      rest /= side;
    }
    for (PetscInt a = 0; a < f->dim && !first; a++) first = n[a];
    if (first <= 0) continue;
    for (PetscInt a = 0; a < f->dim; a++) {
      f->n[m * f->dim + a] = n[a];
      f->k[a][m]           = 2 * PETSC_PI * n[a] / L[a];
    }
    m++;
  }
  PetscFunctionReturn(0);
}

/*@C
  MckFourierCreate - The half set of Fourier modes of a periodic box, |n_a| <= K, and the
  tables for their phases at up to block points at a time.

  Not Collective

  Input Parameters:
+ dim   - the dimension, 1 to `MCK_GRID_MAX_DIM`
. L     - the box sides L[0..dim)
. K     - the largest index per axis, K >= 1
- block - the most points one `MckFourierSetPoints()` takes (e.g. a chunk of particles)

  Output Parameter:
. f - the modes and their tables

  Level: intermediate

.seealso: `MckFourierGetModes()`, `MckFourierSetPoints()`, `MckFourierPhase()`, `MckFourierDestroy()`
@*/
PetscErrorCode MckFourierCreate(PetscInt dim, const PetscReal L[], PetscInt K, PetscInt block, MckFourier *f)
{
  MckFourier x;

  PetscFunctionBeginUser;
  PetscCheck(dim >= 1 && dim <= MCK_GRID_MAX_DIM, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "MckFourierCreate: dimension %" PetscInt_FMT ": allowed 1 to %d", dim, MCK_GRID_MAX_DIM);
  PetscCheck(K >= 1 && block >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "MckFourierCreate: K = %" PetscInt_FMT " and block = %" PetscInt_FMT " must be at least 1", K, block);
  PetscCall(PetscNew(&x));
  x->dim   = dim;
  x->K     = K;
  x->block = block;
  for (PetscInt a = 0; a < dim; a++) x->invL[a] = 1.0 / L[a];
  PetscCall(EnumerateHalfSet(x, L));
  for (PetscInt a = 0; a < dim; a++) PetscCall(PetscMalloc2((K + 1) * block, &x->pre[a], (K + 1) * block, &x->pim[a]));
  PetscCall(PetscMalloc1(block, &x->u));
  *f = x;
  PetscFunctionReturn(0);
}

/*@C
  MckFourierGetModes - The half set of modes: their indices and wave vectors.

  Not Collective

  Input Parameter:
. f - the modes

  Output Parameters:
+ M - the number of modes, ((2K+1)^dim - 1) / 2 (may be NULL)
. n - the indices, M x dim, mode m's at n[m * dim] (owned by f; may be NULL)
- k - the wave vectors, k[a][m] = 2 pi n_a / L_a (owned by f; may be NULL)

  Level: intermediate

.seealso: `MckFourierCreate()`, `MckFourierFindMode()`
@*/
PetscErrorCode MckFourierGetModes(MckFourier f, PetscInt *M, const PetscInt **n, const PetscReal *const **k)
{
  PetscFunctionBeginUser;
  if (M) *M = f->M;
  if (n) *n = f->n;
  if (k) *k = (const PetscReal *const *)f->k;
  PetscFunctionReturn(0);
}

/*@C
  MckFourierFindMode - The position of a mode in the half set.

  Not Collective

  Input Parameters:
+ f - the modes
- n - the mode's indices, dim values

  Output Parameter:
. m - its position, or -1 if it is not in the half set (n = 0, its first non-zero index
      negative, or beyond K)

  Level: intermediate

.seealso: `MckFourierGetModes()`
@*/
PetscErrorCode MckFourierFindMode(MckFourier f, const PetscInt n[], PetscInt *m)
{
  PetscFunctionBeginUser;
  *m = -1;
  for (PetscInt j = 0; j < f->M && *m < 0; j++) {
    PetscBool same = PETSC_TRUE;
    for (PetscInt a = 0; a < f->dim; a++) same = (PetscBool)(same && f->n[j * f->dim + a] == n[a]);
    if (same) *m = j;
  }
  PetscFunctionReturn(0);
}

/*@C
  MckFourierSetPoints - Computes the per-axis powers exp(i m 2 pi x_a / L_a), m = 0..K, of a
  block of points, for the `MckFourierPhase()` calls that follow.

  Not Collective

  Input Parameters:
+ f       - the modes
. npoints - the number of points, at most the block size given to `MckFourierCreate()`
- x       - the coordinates, x[a][j] for j < npoints (structure of arrays)

  Level: intermediate

.seealso: `MckFourierPhase()`, `MckSinCos2Pi()`
@*/
PetscErrorCode MckFourierSetPoints(MckFourier f, PetscInt npoints, const PetscReal *const x[])
{
  const PetscInt B = f->block;

  PetscFunctionBeginUser;
  PetscCheck(npoints >= 0 && npoints <= B, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "MckFourierSetPoints: %" PetscInt_FMT " points, at most %" PetscInt_FMT " (the block size)", npoints, B);
  f->npoints = npoints;
  for (PetscInt a = 0; a < f->dim; a++) {
    const PetscReal *xa = x[a], invL = f->invL[a];
    PetscReal *restrict re = f->pre[a], *restrict im = f->pim[a];
    for (PetscInt i = 0; i < npoints; i++) f->u[i] = xa[i] * invL;
    MckSinCos2Pi(npoints, f->u, im + B, re + B);
    for (PetscInt i = 0; i < npoints; i++) {
      re[i] = 1;
      im[i] = 0;
    }
    for (PetscInt m = 2; m <= f->K; m++) {
      const PetscReal *pr = re + (m - 1) * B, *pi = im + (m - 1) * B, *qr = re + B, *qi = im + B;
      PetscReal *restrict r = re + m * B, *restrict s = im + m * B;
      for (PetscInt i = 0; i < npoints; i++) {
        r[i] = pr[i] * qr[i] - pi[i] * qi[i];
        s[i] = pr[i] * qi[i] + pi[i] * qr[i];
      }
    }
  }
  PetscFunctionReturn(0);
}

/*@C
  MckFourierPhase - exp(i k_n . x_j) = cr[j] + i ci[j] for the points of the last
  `MckFourierSetPoints()`.

  Not Collective

  Input Parameters:
+ f - the modes, with points set
- n - the mode's indices, dim values with |n_a| <= K (any mode, not only the half set)

  Output Parameters:
+ cr - the real parts, one per point
- ci - the imaginary parts

  Level: intermediate

.seealso: `MckFourierSetPoints()`, `MckFourierGetModes()`
@*/
PetscErrorCode MckFourierPhase(MckFourier f, const PetscInt n[], PetscReal cr[], PetscReal ci[])
{
  const PetscInt  B = f->block, np = f->npoints, j0 = PetscAbsInt(n[0]);
  const PetscReal s0 = n[0] < 0 ? -1 : 1, *r0 = f->pre[0] + j0 * B, *i0 = f->pim[0] + j0 * B;
  PetscReal *restrict re = cr, *restrict im = ci;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < np; i++) {
    re[i] = r0[i];
    im[i] = s0 * i0[i];
  }
  for (PetscInt a = 1; a < f->dim; a++) {
    const PetscInt  j = PetscAbsInt(n[a]);
    const PetscReal s = n[a] < 0 ? -1 : 1, *r = f->pre[a] + j * B, *q = f->pim[a] + j * B;
    for (PetscInt i = 0; i < np; i++) {
      const PetscReal ar = re[i], ai = im[i], br = r[i], bi = s * q[i];
      re[i] = ar * br - ai * bi;
      im[i] = ar * bi + ai * br;
    }
  }
  PetscFunctionReturn(0);
}

/*@C
  MckFourierDestroy - Frees the modes and their tables.

  Not Collective

  Input Parameter:
. f - the modes

  Level: intermediate

.seealso: `MckFourierCreate()`
@*/
PetscErrorCode MckFourierDestroy(MckFourier *f)
{
  PetscFunctionBeginUser;
  if (!*f) PetscFunctionReturn(0);
  PetscCall(PetscFree((*f)->n));
  for (PetscInt a = 0; a < (*f)->dim; a++) {
    PetscCall(PetscFree((*f)->k[a]));
    PetscCall(PetscFree2((*f)->pre[a], (*f)->pim[a]));
  }
  PetscCall(PetscFree((*f)->u));
  PetscCall(PetscFree(*f));
  PetscFunctionReturn(0);
}
