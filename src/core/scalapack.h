/* What the layers that call ScaLAPACK share (the ensemble's eigensolver, the generative fit's
 * Cholesky solve): the BLACS and descriptor routines, which have no header of their own in
 * Debian's ScaLAPACK, the most square process grid, and the copies between a matrix replicated
 * on every rank (column-major) and a rank's blocks of its block-cyclic layout (blocks of nb,
 * grid nprow x npcol, first block on process (0, 0)). Each global entry has exactly one owner,
 * so gathering the blocks into a zeroed matrix and summing over the ranks is exact. */
#pragma once
#include <petscsys.h>

extern int  Csys2blacs_handle(MPI_Comm);
extern void Cblacs_gridinit(int *, const char *, int, int);
extern void Cblacs_gridinfo(int, int *, int *, int *, int *);
extern void Cblacs_gridexit(int);
extern int  numroc_(const int *, const int *, const int *, const int *, const int *);
extern void descinit_(int *, const int *, const int *, const int *, const int *, const int *, const int *, const int *,
                      const int *, int *);

/* The most square grid of size processes: nprow the largest divisor with nprow^2 <= size. */
static inline void MckBlacsSquareGrid(int size, int *nprow, int *npcol)
{
  int r = 1;

  for (int d = 1; d * d <= size; d++)
    if (size % d == 0) r = d;
  *nprow = r;
  *npcol = size / r;
}

/* A rank's place in a block-cyclic layout of nb x nb blocks on an nprow x npcol grid. */
typedef struct {
  int nb, myrow, mycol, nprow, npcol;
} MckBlockCyclic;

/* Global index of local index l on process coordinate p of P with blocks of nb. */
static inline int MckBlockCyclicGlobal(int l, int nb, int p, int P) { return ((l / nb) * P + p) * nb + l % nb; }

/* a (mloc x nloc local blocks, leading dimension lld) = the rank's blocks of A (n rows, column-major). */
static inline void MckBlockCyclicScatter(const MckBlockCyclic *bc, int n, const double A[], int mloc, int nloc, int lld,
                                         double a[])
{
  for (int lj = 0; lj < nloc; lj++)
    for (int li = 0; li < mloc; li++)
      a[li + (size_t)lj * lld] = A[MckBlockCyclicGlobal(li, bc->nb, bc->myrow, bc->nprow) +
                                   (size_t)MckBlockCyclicGlobal(lj, bc->nb, bc->mycol, bc->npcol) * n];
}

/* The rank's blocks a written into their places of A (n rows, column-major); other entries untouched. */
static inline void MckBlockCyclicGather(const MckBlockCyclic *bc, int n, const double a[], int mloc, int nloc, int lld,
                                        double A[])
{
  for (int lj = 0; lj < nloc; lj++)
    for (int li = 0; li < mloc; li++)
      A[MckBlockCyclicGlobal(li, bc->nb, bc->myrow, bc->nprow) +
        (size_t)MckBlockCyclicGlobal(lj, bc->nb, bc->mycol, bc->npcol) * n] = a[li + (size_t)lj * lld];
}
