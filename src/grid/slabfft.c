/* The 2D transforms of a slab-decomposed grid, assembled from FFTW's serial 1D plans and one
 * MPI_Alltoallv per transform. FFTW-MPI's own 2D plans reorder the spectrum's 129 x 256 block
 * through in-place rectangular "cut" transposes that cost more on two ranks than the whole local
 * transpose on one (docs/performance.md); the transpose here packs each destination's block
 * already transposed, exchanges once, and copies whole rows out. The 1D plans are the ones FFTW's
 * 2D plans run, and a transpose only moves numbers, so the results are FFTW-MPI's bits
 * (grid.slab_fft). The layouts are FFTW's: real rows padded to 2 (nx/2 + 1) doubles, the spectrum
 * transposed (FFTW_MPI_TRANSPOSED_OUT/IN), (nx/2 + 1) x ny distributed over its first axis. */
#include "gridimpl.h"

/* One complex number: fftw_complex is an array type unless <complex.h> comes first. */
typedef struct {
  double re, im;
} Complex;

static PetscErrorCode GatherRanges(MPI_Comm comm, PetscInt start, PetscInt count, PetscInt **starts, PetscInt **counts)
{
  PetscMPIInt size;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscMalloc2(size, starts, size, counts));
  PetscCallMPI(MPI_Allgather(&start, 1, MPIU_INT, *starts, 1, MPIU_INT, comm));
  PetscCallMPI(MPI_Allgather(&count, 1, MPIU_INT, *counts, 1, MPIU_INT, comm));
  PetscFunctionReturn(0);
}

/* A transpose from in (rows [in_start, in_start + rows_in) of the global matrix, row stride
 * ld_in) to out (rows_out rows, row stride ld_out): this rank sends rank r the columns that are
 * r's output rows and receives from r the output columns that are r's input rows. The own block
 * is packed straight into the receive buffer: no self-message, one copy less. The buffers are
 * the grid's (both transposes use the same two); nbuf complex numbers each. */
static PetscErrorCode TransposeCreate(MPI_Comm comm, PetscInt in_start, PetscInt rows_in, PetscInt ld_in,
                                      PetscInt out_start, PetscInt rows_out, PetscInt ld_out, double *send,
                                      double *recv, PetscInt nbuf, MckSlabTranspose *t)
{
  PetscMPIInt size, rank;
  PetscInt    nsend = 0, nrecv = 0;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  t->comm     = comm;
  t->rank     = rank;
  t->rows_in  = rows_in;
  t->ld_in    = ld_in;
  t->rows_out = rows_out;
  t->ld_out   = ld_out;
  PetscCall(GatherRanges(comm, in_start, rows_in, &t->in_start, &t->in_rows));
  PetscCall(GatherRanges(comm, out_start, rows_out, &t->out_start, &t->out_rows));
  PetscCall(PetscMalloc4(size, &t->scount, size, &t->sdispl, size, &t->rcount, size, &t->rdispl));
  for (PetscMPIInt r = 0; r < size; r++) {
    const PetscInt s = rows_in * t->out_rows[r], q = t->in_rows[r] * rows_out; /* complex numbers */
    PetscCheck(2 * (nsend + s) <= PETSC_MPI_INT_MAX && 2 * (nrecv + q) <= PETSC_MPI_INT_MAX, comm, PETSC_ERR_SUP,
               "a rank's share of the grid's transpose exceeds MPI's int counts: use more ranks");
    t->sdispl[r] = (PetscMPIInt)(2 * nsend);
    t->rdispl[r] = (PetscMPIInt)(2 * nrecv);
    t->scount[r] = r == rank ? 0 : (PetscMPIInt)(2 * s);
    t->rcount[r] = r == rank ? 0 : (PetscMPIInt)(2 * q);
    nsend += s;
    nrecv += q;
  }
  PetscCheck(nsend <= nbuf && nrecv <= nbuf, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "the grid's transpose buffers are too small");
  t->send = send;
  t->recv = recv;
  PetscFunctionReturn(0);
}

static PetscErrorCode TransposeDestroy(MckSlabTranspose *t)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree2(t->in_start, t->in_rows));
  PetscCall(PetscFree2(t->out_start, t->out_rows));
  PetscCall(PetscFree4(t->scount, t->sdispl, t->rcount, t->rdispl));
  PetscFunctionReturn(0);
}

/* Columns [c0, c0 + nc) of the rank's input rows into block[j][i] = in[i][c0 + j]. Eight rows at
 * a time: each column's eight numbers leave for one contiguous run of the block, and the rows'
 * cache lines are reused across the columns. */
static void PackTransposed(const MckSlabTranspose *t, const Complex *in, PetscInt c0, PetscInt nc, Complex *block)
{
  enum { ROWS = 8 };
  const PetscInt m = t->rows_in, ld = t->ld_in;

  for (PetscInt i0 = 0; i0 < m; i0 += ROWS) {
    const PetscInt ni = PetscMin(ROWS, m - i0);
    for (PetscInt j = 0; j < nc; j++) {
      const Complex *src = in + i0 * ld + c0 + j;
      Complex       *dst = block + j * m + i0;
      for (PetscInt i = 0; i < ni; i++) dst[i] = src[i * ld];
    }
  }
}

/* in -> out, which may be the same array: everything is packed before anything is written. Only
 * grids on more than one rank use it (grid.c), so there is always a message. The log event
 * covers the whole transpose: packing, exchange and copy out. */
static PetscErrorCode TransposeExecute(const MckSlabTranspose *t, const double *in, double *out)
{
  PetscMPIInt size;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_GridTranspose, 0, 0, 0, 0));
  PetscCallMPI(MPI_Comm_size(t->comm, &size));
  for (PetscMPIInt r = 0; r < size; r++) {
    double *block = (r == t->rank ? t->recv + t->rdispl[r] : t->send + t->sdispl[r]);
    PackTransposed(t, (const Complex *)in, t->out_start[r], t->out_rows[r], (Complex *)block);
  }
  PetscCallMPI(
      MPI_Alltoallv(t->send, t->scount, t->sdispl, MPI_DOUBLE, t->recv, t->rcount, t->rdispl, MPI_DOUBLE, t->comm));
  for (PetscMPIInt r = 0; r < size; r++) {
    const PetscInt nc  = t->in_rows[r];
    const double  *src = t->recv + t->rdispl[r];
    for (PetscInt i = 0; i < t->rows_out; i++)
      PetscCall(PetscArraycpy(out + 2 * (i * t->ld_out + t->in_start[r]), src + 2 * i * nc, 2 * nc));
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_GridTranspose, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* FFTW's serial plans of the rows: r2c/c2r of the real rows (length nx, padded rows), and the
 * spectrum's c2c of length ny, forward and backward. */
static PetscErrorCode PlanRows(MckGrid g, unsigned flags, PetscInt real_rows, PetscInt spectral_rows)
{
  MckSlabFFT   *s  = &g->slab;
  const int     nx = (int)g->n[0], ny = (int)g->n[1], nh = nx / 2 + 1;
  fftw_complex *c = (fftw_complex *)g->data;

  PetscFunctionBeginUser;
  s->r2c = fftw_plan_many_dft_r2c(1, &nx, (int)real_rows, g->data, NULL, 1, 2 * nh, c, NULL, 1, nh, flags);
  s->c2r = fftw_plan_many_dft_c2r(1, &nx, (int)real_rows, c, NULL, 1, nh, g->data, NULL, 1, 2 * nh, flags);
  s->fwd = fftw_plan_many_dft(1, &ny, (int)spectral_rows, c, NULL, 1, ny, c, NULL, 1, ny, FFTW_FORWARD, flags);
  s->bwd = fftw_plan_many_dft(1, &ny, (int)spectral_rows, c, NULL, 1, ny, c, NULL, 1, ny, FFTW_BACKWARD, flags);
  PetscCheck(s->r2c && s->c2r && s->fwd && s->bwd, PETSC_COMM_SELF, PETSC_ERR_LIB,
             "FFTW could not make a plan for the grid's rows");
  PetscFunctionReturn(0);
}

/* The 2D plans and transposes of the grid's slabs: real_rows rows of y from real_start, and
 * spectral_rows x-modes from spectral_start. The plans are made on g->data, as FFTW-MPI's. */
PetscErrorCode MckGridSlabFFTCreate_Private(MckGrid g, unsigned flags, PetscInt real_start, PetscInt real_rows,
                                            PetscInt spectral_start, PetscInt spectral_rows)
{
  MckSlabFFT    *s  = &g->slab;
  const PetscInt nh = g->n[0] / 2 + 1, ny = g->n[1];
  const PetscInt nbuf = PetscMax(PetscMax(real_rows * nh, spectral_rows * ny), 1); /* a rank's share, either side */

  PetscFunctionBeginUser;
  s->active = PETSC_TRUE; /* from here on MckGridSlabFFTDestroy_Private frees what was made */
  s->send   = fftw_alloc_real(2 * (size_t)nbuf);
  s->recv   = fftw_alloc_real(2 * (size_t)nbuf);
  PetscCheck(s->send && s->recv, PETSC_COMM_SELF, PETSC_ERR_MEM,
             "FFTW could not allocate the grid's transpose buffers");
  PetscCall(PlanRows(g, flags, real_rows, spectral_rows));
  PetscCall(TransposeCreate(g->comm, real_start, real_rows, nh, spectral_start, spectral_rows, ny, s->send, s->recv,
                            nbuf, &s->to_spectrum));
  PetscCall(TransposeCreate(g->comm, spectral_start, spectral_rows, ny, real_start, real_rows, nh, s->send, s->recv,
                            nbuf, &s->to_real));
  PetscFunctionReturn(0);
}

PetscErrorCode MckGridSlabFFTDestroy_Private(MckGrid g)
{
  MckSlabFFT *s = &g->slab;

  PetscFunctionBeginUser;
  if (!s->active) PetscFunctionReturn(0);
  fftw_destroy_plan(s->r2c);
  fftw_destroy_plan(s->c2r);
  fftw_destroy_plan(s->fwd);
  fftw_destroy_plan(s->bwd);
  PetscCall(TransposeDestroy(&s->to_spectrum));
  PetscCall(TransposeDestroy(&s->to_real));
  if (s->send) fftw_free(s->send);
  if (s->recv) fftw_free(s->recv);
  s->active = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/* The grid's transform in direction dir on its work array: FFTW-MPI's plan, or in 2D the rows,
 * the transpose and the spectrum's rows. */
PetscErrorCode MckGridExecute_Private(MckGrid g, MckGridDirection dir)
{
  MckSlabFFT *s = &g->slab;

  PetscFunctionBeginUser;
  if (!s->active) {
    fftw_execute(dir == MCK_GRID_FORWARD ? g->fwd : g->bwd);
    PetscFunctionReturn(0);
  }
  if (dir == MCK_GRID_FORWARD) {
    fftw_execute(s->r2c);
    PetscCall(TransposeExecute(&s->to_spectrum, g->data, g->data));
    fftw_execute(s->fwd);
  } else {
    fftw_execute(s->bwd);
    PetscCall(TransposeExecute(&s->to_real, g->data, g->data));
    fftw_execute(s->c2r);
  }
  PetscFunctionReturn(0);
}
