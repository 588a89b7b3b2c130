/* The same answers on 1-4 ranks. Run as
 *   test_grid_ranks write FILE     (1 rank: the reference)
 *   test_grid_ranks compare FILE   (P ranks: against the reference)
 * Each grid (1D, 2D, 3D) computes, for a smooth field with every Fourier mode populated
 * (u = exp(sin ...) is not band-limited, so round-off in every mode matters), the gradient, the
 * Laplacian, Helmholtz (kappa^2 = 2) and Poisson solutions, a Gaussian convolution and a
 * 16-bin power spectrum; fields are gathered to rank 0 in natural (global index) order.
 * Agreement asserted: 1D bitwise (every rank runs the same serial transform on the gathered
 * line); 2D and 3D fields to 1e-13 relative to each quantity's largest value, because FFTW-MPI's
 * local transforms batch a rank-count-dependent number of rows, which FFTW does not promise to
 * round identically (measured with FFTW_ESTIMATE on these sizes: bitwise identical); the power
 * spectrum bitwise whenever the fields were (its bins are summed in global plane order), else
 * to 1e-13. The number of bitwise-identical values is printed, so a change is visible. */
#include <mckean/mckgrid.h>

#define NBINS 16

static PetscReal Gaussian(PetscInt dim, const PetscReal k[], void *ctx)
{
  PetscReal k2 = 0;
  (void)ctx;
  for (PetscInt a = 0; a < dim; a++) k2 += k[a] * k[a];
  return PetscExpReal(-0.5 * 0.01 * k2);
}

static PetscErrorCode FillSmooth(MckGrid g, Vec u)
{
  DM           da;
  PetscInt     dim, n[3], xs, ys, zs, xm, ym, zm, idx = 0;
  PetscReal    L[3];
  PetscScalar *p;

  PetscFunctionBeginUser;
  PetscCall(MckGridGetSizes(g, &dim, n, L));
  PetscCall(MckGridGetDM(g, &da));
  PetscCall(DMDAGetCorners(da, &xs, &ys, &zs, &xm, &ym, &zm));
  PetscCall(VecGetArray(u, &p));
  for (PetscInt k = zs; k < zs + zm; k++)
    for (PetscInt j = ys; j < ys + ym; j++)
      for (PetscInt i = xs; i < xs + xm; i++) {
        const PetscReal x = 2 * PETSC_PI * i / n[0], y = dim > 1 ? 2 * PETSC_PI * j / n[1] : 0,
                        z = dim > 2 ? 2 * PETSC_PI * k / n[2] : 0;
        p[idx++]          = PetscExpReal(PetscSinReal(x) + 0.5 * PetscCosReal(y + 0.3) * PetscSinReal(z + 0.1)) +
                   0.3 * PetscCosReal(3 * x - 2 * y);
      }
  PetscCall(VecRestoreArray(u, &p));
  PetscFunctionReturn(0);
}

/* Append v, in natural order, to the values collected on rank 0. */
static PetscErrorCode Collect(MckGrid g, Vec v, PetscReal **out, PetscInt *nout, PetscInt *cap)
{
  DM                 da;
  Vec                nat, all;
  VecScatter         sc;
  PetscInt           n;
  const PetscScalar *a;

  PetscFunctionBeginUser;
  PetscCall(MckGridGetDM(g, &da));
  PetscCall(DMDACreateNaturalVector(da, &nat));
  PetscCall(DMDAGlobalToNaturalBegin(da, v, INSERT_VALUES, nat));
  PetscCall(DMDAGlobalToNaturalEnd(da, v, INSERT_VALUES, nat));
  PetscCall(VecScatterCreateToZero(nat, &sc, &all));
  PetscCall(VecScatterBegin(sc, nat, all, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(sc, nat, all, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecGetLocalSize(all, &n));
  if (*nout + n > *cap) {
    *cap = 2 * (*nout + n);
    PetscCall(PetscRealloc(sizeof(PetscReal) * (size_t)*cap, out));
  }
  PetscCall(VecGetArrayRead(all, &a));
  PetscCall(PetscArraycpy(*out + *nout, a, n));
  PetscCall(VecRestoreArrayRead(all, &a));
  *nout += n;
  PetscCall(VecScatterDestroy(&sc));
  PetscCall(VecDestroy(&all));
  PetscCall(VecDestroy(&nat));
  PetscFunctionReturn(0);
}

/* All results of one grid: values[] on rank 0, starts[q] the offset of quantity q. */
static PetscErrorCode Compute(PetscInt dim, const PetscInt n[], PetscReal **values, PetscInt *nvalues,
                              PetscInt starts[], PetscInt *nq)
{
  MckGrid     g;
  Vec         u, w, grad[3];
  PetscInt    cap = 0;
  PetscReal   spec[NBINS];
  PetscMPIInt rank;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCall(MckGridCreate(PETSC_COMM_WORLD, &g));
  PetscCall(MckGridSetSizes(g, dim, n));
  PetscCall(MckGridSetUp(g));
  PetscCall(MckGridCreateVec(g, &u));
  PetscCall(VecDuplicate(u, &w));
  for (PetscInt a = 0; a < dim; a++) PetscCall(VecDuplicate(u, &grad[a]));
  PetscCall(FillSmooth(g, u));
  *values  = NULL;
  *nvalues = 0;
  *nq      = 0;
  PetscCall(MckGridGradient(g, u, grad));
  for (PetscInt a = 0; a < dim; a++) {
    starts[(*nq)++] = *nvalues;
    PetscCall(Collect(g, grad[a], values, nvalues, &cap));
  }
  PetscCall(MckGridLaplacian(g, u, w));
  starts[(*nq)++] = *nvalues;
  PetscCall(Collect(g, w, values, nvalues, &cap));
  PetscCall(MckGridSolveHelmholtz(g, 2.0, u, w));
  starts[(*nq)++] = *nvalues;
  PetscCall(Collect(g, w, values, nvalues, &cap));
  PetscCall(MckGridSolveHelmholtz(g, 0.0, u, w));
  starts[(*nq)++] = *nvalues;
  PetscCall(Collect(g, w, values, nvalues, &cap));
  PetscCall(MckGridConvolve(g, Gaussian, NULL, u, w));
  starts[(*nq)++] = *nvalues;
  PetscCall(Collect(g, w, values, nvalues, &cap));
  PetscCall(MckGridPowerSpectrum(g, u, NBINS, spec, NULL));
  starts[(*nq)++] = *nvalues;
  if (!rank) {
    PetscCall(PetscRealloc(sizeof(PetscReal) * (size_t)(*nvalues + NBINS), values));
    PetscCall(PetscArraycpy(*values + *nvalues, spec, NBINS));
    *nvalues += NBINS;
  }
  starts[*nq] = *nvalues;
  for (PetscInt a = 0; a < dim; a++) PetscCall(VecDestroy(&grad[a]));
  PetscCall(VecDestroy(&u));
  PetscCall(VecDestroy(&w));
  PetscCall(MckGridDestroy(&g));
  PetscFunctionReturn(0);
}

/* Rank 0: compare with the reference; returns the number of failed quantities. */
static PetscInt Compare(PetscInt dim, const PetscReal *ref, const PetscReal *got, const PetscInt starts[], PetscInt nq)
{
  static const char *names[] = {"d/dx", "d/dy", "d/dz"},
                    *rest[]  = {"Laplacian", "Helmholtz", "Poisson", "Gaussian", "spectrum"};
  PetscInt  bad              = 0;
  PetscBool fields_bitwise   = PETSC_TRUE;

  for (PetscInt q = 0; q < nq; q++) {
    PetscReal   rmax = 0, dmax = 0, rel;
    PetscInt    same = 0, len = starts[q + 1] - starts[q];
    const char *name = q < dim ? names[q] : rest[q - dim];
    PetscBool   ok, bitwise;

    for (PetscInt i = starts[q]; i < starts[q + 1]; i++) {
      rmax = PetscMax(rmax, PetscAbsReal(ref[i]));
      dmax = PetscMax(dmax, PetscAbsReal(ref[i] - got[i]));
      same += !memcmp(&ref[i], &got[i], sizeof(PetscReal));
    }
    rel = rmax > 0 ? dmax / rmax : dmax;
    /* the spectrum's bins are summed in global plane order: bitwise whenever the fields are */
    bitwise = (PetscBool)(dim == 1 || (q == nq - 1 && fields_bitwise));
    ok      = bitwise ? (PetscBool)(same == len) : (PetscBool)(rel <= 1e-13);
    if (q < nq - 1 && same != len) fields_bitwise = PETSC_FALSE;
    printf("%s %" PetscInt_FMT "D %-10s max rel. difference %.2e, bitwise identical %" PetscInt_FMT "/%" PetscInt_FMT
           " (required: %s)\n",
           ok ? "ok  " : "FAIL", dim, name, (double)rel, same, len, bitwise ? "all" : "1e-13");
    bad += !ok;
  }
  return bad;
}

int main(int argc, char **argv)
{
  const PetscInt sizes[3][3] = {{64, 1, 1}, {24, 20, 1}, {16, 12, 12}};
  PetscMPIInt    rank;
  PetscInt       bad = 0;
  FILE          *fp  = NULL;
  PetscBool      write;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCheck(argc >= 3 && (!strcmp(argv[1], "write") || !strcmp(argv[1], "compare")), PETSC_COMM_WORLD,
             PETSC_ERR_USER_INPUT, "usage: %s write|compare FILE", argv[0]);
  write = (PetscBool)!strcmp(argv[1], "write");
  if (!rank) {
    fp = fopen(argv[2], write ? "wb" : "rb");
    PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot open %s", argv[2]);
  }
  for (PetscInt d = 1; d <= 3; d++) {
    PetscReal *values, *ref;
    PetscInt   nvalues, starts[10], nq = 0;

    PetscCall(Compute(d, sizes[d - 1], &values, &nvalues, starts, &nq));
    if (!rank) {
      if (write)
        PetscCheck(fwrite(values, sizeof(PetscReal), (size_t)nvalues, fp) == (size_t)nvalues, PETSC_COMM_SELF,
                   PETSC_ERR_FILE_WRITE, "short write");
      else {
        PetscCall(PetscMalloc1(nvalues, &ref));
        PetscCheck(fread(ref, sizeof(PetscReal), (size_t)nvalues, fp) == (size_t)nvalues, PETSC_COMM_SELF,
                   PETSC_ERR_FILE_READ, "reference %s is short", argv[2]);
        bad += Compare(d, ref, values, starts, nq);
        PetscCall(PetscFree(ref));
      }
    }
    PetscCall(PetscFree(values));
  }
  if (!rank) fclose(fp);
  PetscCallMPI(MPI_Bcast(&bad, 1, MPIU_INT, 0, PETSC_COMM_WORLD));
  PetscCheck(bad == 0, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "%" PetscInt_FMT " quantities differ from the 1-rank reference", bad);
  PetscCall(McKeanFinalize());
  return 0;
}
