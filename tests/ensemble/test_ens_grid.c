/* Observations on a 2D periodic grid (MckEnsembleSetGridShape(), src/ensemble/grid.c), on 1-4
 * ranks with the analysis layout cut into blocks of 4 components, so that block edges fall inside
 * the rows of the grid (rows of 6 components) and interpolation cells and localisation windows
 * cross blocks:
 *  - bilinear interp is exact on members bilinear in (i0, i1) inside a cell: members
 *    x_j = a_j + b_j i0 + c_j i1 + e_j i0 i1 with dyadic coefficients on the grid 6 x 12 and
 *    observations at quarter points of every cell, the cells across the periodic ends of both
 *    axes included (their value computed here from the four wrapped corners); the observed
 *    values are the exact mean of H(x_j): every innovation of the analysis is exactly 0, and
 *    H P H^T equals the ensemble variance computed here (to 1e-12);
 *  - the bilinear operator on the grid (40, 1) is the 1D interp of the ring of 40, bit for bit
 *    (MckEnsembleApplyObsOperator on a state of irrational values);
 *  - letkf and lnetf on the grid 6 x 12 with the halo exchange give the same bits as with the
 *    all-gather and as the replicated layout, and with the list given in reversed pieces on
 *    other ranks (MckEnsembleSetObservationsAtLocal), for radii whose window is two rows either
 *    side (c = 0.8), three (c = 1.3) and the whole grid (c = 3.4); the bit patterns of the means go
 *    to the output file, which must be identical on 1, 2, 3 and 4 ranks;
 *  - localisation measures the periodic Euclidean distance: one observation at (0.5, 0.5), letkf
 *    with c = 1: a component at distance >= 2c is unchanged by the analysis, one nearer is
 *    changed, the components across the periodic ends of both axes included;
 *  - errors: a grid whose size is not n, and an observation outside the grid, name the value. */
#include "enstest.h"

#define N0 6
#define N1 12
#define NG (N0 * N1)
#define J  4

static const PetscInt Shape[2] = {N0, N1};

/* An ensemble of the state of NG components on the grid N0 x N1 whose members do not move. */
static PetscErrorCode GridEnsemble(const char opts[], PetscInt dim, const PetscInt sizes[], PetscInt n,
                                   MckEnsemble *ens)
{
  PetscFunctionBeginUser;
  PetscCall(EnsTestOptions(opts));
  PetscCall(MckEnsembleCreate(PETSC_COMM_WORLD, ens));
  PetscCall(MckEnsembleSetFromOptions(*ens));
  PetscCall(MckEnsembleSetSizes(*ens, n, 0));
  if (sizes) PetscCall(MckEnsembleSetGridShape(*ens, dim, sizes));
  PetscCall(MckEnsembleSetAdvance(*ens, EnsTestIdentity, NULL));
  PetscCall(MckEnsembleSetUp(*ens));
  PetscFunctionReturn(0);
}

/* Member j at grid point (i0, i1): bilinear, dyadic coefficients. */
static PetscReal Bilinear(PetscInt j, PetscInt i0, PetscInt i1)
{
  return j + (0.5 + 0.25 * j) * i0 - (0.75 - 0.125 * j) * i1 + 0.0625 * (j + 1) * i0 * i1;
}

/* The interpolant of member j at s from the four corners of its cell, wrapped on both axes. */
static PetscReal CellValue(PetscInt j, const PetscReal s[2])
{
  const PetscInt  a0 = (PetscInt)s[0], a1 = (PetscInt)s[1], b0 = (a0 + 1) % N0, b1 = (a1 + 1) % N1;
  const PetscReal f0 = s[0] - a0, f1 = s[1] - a1;

  return (1 - f0) * (1 - f1) * Bilinear(j, a0, a1) + f0 * (1 - f1) * Bilinear(j, b0, a1) +
         (1 - f0) * f1 * Bilinear(j, a0, b1) + f0 * f1 * Bilinear(j, b0, b1);
}

/* Bilinear() of component i's grid point. */
static PetscReal BilinearMember(PetscInt j, PetscInt i) { return Bilinear(j, i % N0, i / N0); }

/* Bilinear members, observations at quarter points of every cell: innovations exactly 0. */
static PetscErrorCode InterpExact(void)
{
  const PetscInt M = 2 * NG; /* two per cell: (0.25, 0.5) and (0.75, 0.25) from the anchor */
  MckEnsemble    ens;
  PetscReal      s[2 * 2 * NG], y[2 * NG], r[2 * NG], var = 0, hpht = 0;

  PetscFunctionBeginUser;
  PetscCall(GridEnsemble("-ens_size 4 -ens_chunk 4 -ens_layout blocks -ens_analysis etkf -ens_obs_operator interp", 2,
                         Shape, NG, &ens));
  PetscCall(EnsTestSetMembers(ens, BilinearMember));
  for (PetscInt l = 0; l < M; l++) {
    const PetscInt cell = l / 2;
    PetscReal      mean = 0, sq = 0;
    s[2 * l]     = cell % N0 + (l % 2 ? 0.75 : 0.25);
    s[2 * l + 1] = cell / N0 + (l % 2 ? 0.25 : 0.5);
    r[l]         = 1;
    for (PetscInt j = 0; j < J; j++) {
      const PetscReal h = CellValue(j, s + 2 * l);
      mean += h / J;
      sq += h * h;
    }
    y[l] = mean;
    var += (sq - J * mean * mean) / (J - 1) / M;
  }
  PetscCall(EnsTestExactInnovations(ens, M, s, y, r, var, "bilinear interp on bilinear members", &hpht));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "bilinear interp exact on bilinear members (cells across blocks and both periodic ends): "
                        "innovations 0, HPH^T %.6g\n",
                        (double)hpht));
  PetscCall(MckEnsembleDestroy(&ens));
  PetscFunctionReturn(0);
}

/* The grid (40, 1) with coordinates (s, 0) interpolates as the ring of 40, bit for bit. */
static PetscErrorCode FlatGridIsRing(void)
{
  const PetscInt flat[2] = {40, 1};
  MckEnsemble    ring, grid;
  PetscReal      x[40], s1[17], s2[34], h1[17], h2[17];

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < 40; i++) x[i] = PetscSinReal(1.7 * i + 0.3) * PetscSqrtReal(i + 2.0);
  for (PetscInt l = 0; l < 17; l++) {
    s1[l]         = PetscFmodReal(2.37 * l + 0.11, 40); /* the last cells wrap to component 0 */
    s2[2 * l]     = s1[l];
    s2[2 * l + 1] = 0;
  }
  s1[16] = s2[32] = 39.625;
  PetscCall(GridEnsemble("-ens_size 4 -ens_obs_operator interp", 1, NULL, 40, &ring));
  PetscCall(GridEnsemble("-ens_size 4 -ens_obs_operator interp", 2, flat, 40, &grid));
  PetscCall(MckEnsembleApplyObsOperator(ring, x, 17, s1, h1));
  PetscCall(MckEnsembleApplyObsOperator(grid, x, 17, s2, h2));
  PetscCheck(!memcmp(h1, h2, sizeof(h1)), PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "interp on the grid (40, 1) differs from interp on the ring of 40");
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "interp on the grid (40, 1) == interp on the ring of 40, bit for bit\n"));
  PetscCall(MckEnsembleDestroy(&ring));
  PetscCall(MckEnsembleDestroy(&grid));
  PetscFunctionReturn(0);
}

/* Observations of the local-analysis cases: about two per cell, scattered, across both ends. */
#define NOBS 100
static void Coordinates(PetscReal s[])
{
  for (PetscInt l = 0; l < NOBS; l++) {
    s[2 * l]     = PetscFmodReal(0.61803398875 * 7 * l + 0.3, N0);
    s[2 * l + 1] = PetscFmodReal(0.41421356237 * 11 * l + 0.7, N1);
  }
}

/* 4 cycles of a local analysis on the grid, the list given as giving says; every mean recorded. */
static PetscErrorCode LocalRun(FILE *fp, const char opts[], EnsTestGiving giving, PetscReal mean[])
{
  MckEnsemble ens;
  PetscReal   s[2 * NOBS], y[NOBS], r[NOBS], center[NG];
  char        all[512];
  PetscMPIInt q, P;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &q));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &P));
  PetscCall(PetscSNPrintf(all, sizeof(all),
                          "-ens_size 10 -ens_chunk 4 -ens_seed 3 -ens_inflation 1.05 -ens_divergence_ratio 0 "
                          "-ens_obs_operator interp %s",
                          opts));
  PetscCall(GridEnsemble(all, 2, Shape, NG, &ens));
  for (PetscInt i = 0; i < NG; i++) center[i] = PetscSinReal(0.5 * i) + PetscCosReal(0.9 * (i / N0));
  PetscCall(MckEnsembleInitializeMembers(ens, center, 1.0));
  Coordinates(s);
  for (PetscInt k = 0; k < 4; k++) {
    for (PetscInt l = 0; l < NOBS; l++) {
      y[l] = PetscSinReal(0.3 * l + k);
      r[l] = 0.5;
    }
    PetscCall(MckEnsembleForecast(ens, k, 1));
    if (giving == ENS_TEST_REPLICATED) PetscCall(MckEnsembleSetObservationsAt(ens, NOBS, s, y, r));
    else { /* rank q gives piece P - 1 - q, reversed */
      const PetscInt l0 = NOBS * (P - 1 - q) / P, l1 = NOBS * (P - q) / P;
      PetscReal      ps[2 * NOBS], py[NOBS], pr[NOBS];
      for (PetscInt k2 = 0; k2 < l1 - l0; k2++) {
        const PetscInt l = l1 - 1 - k2;
        ps[2 * k2]       = s[2 * l];
        ps[2 * k2 + 1]   = s[2 * l + 1];
        py[k2]           = y[l];
        pr[k2]           = r[l];
      }
      PetscCall(MckEnsembleSetObservationsAtLocal(ens, l1 - l0, ps, py, pr));
    }
    PetscCall(MckEnsembleAnalyze(ens));
    PetscCall(MckEnsembleGetMean(ens, mean, NULL, NULL, NULL));
    PetscCall(EnsTestRecord(fp, opts, NG, mean));
  }
  PetscCall(MckEnsembleDestroy(&ens));
  PetscFunctionReturn(0);
}

/* halo == allgather == replicated == given distributed, bit for bit. */
static PetscErrorCode LocalEqual(FILE *fp)
{
  const char *analyses[2] = {"letkf", "lnetf"}, *radii[3] = {"0.8", "1.3", "3.4"};
  const char *ways[3] = {"-ens_layout blocks -ens_loc_exchange allgather", "-ens_layout replicated",
                         "-ens_layout blocks"};
  PetscReal   ref[NG], other[NG];
  char        opts[256];

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < 2; a++)
    for (PetscInt c = 0; c < 3; c++) {
      PetscCall(PetscSNPrintf(opts, sizeof(opts), "-ens_analysis %s -ens_loc_radius %s -ens_layout blocks", analyses[a],
                              radii[c]));
      PetscCall(LocalRun(fp, opts, ENS_TEST_REPLICATED, ref));
      for (PetscInt w = 0; w < 3; w++) {
        PetscCall(PetscSNPrintf(opts, sizeof(opts), "-ens_analysis %s -ens_loc_radius %s %s", analyses[a], radii[c],
                                ways[w]));
        PetscCall(LocalRun(NULL, opts, w == 2 ? ENS_TEST_REVERSED : ENS_TEST_REPLICATED, other));
        PetscCheck(!memcmp(ref, other, sizeof(ref)), PETSC_COMM_WORLD, PETSC_ERR_PLIB,
                   "%s, radius %s on the grid: %s%s differs from the halo exchange", analyses[a], radii[c], ways[w],
                   w == 2 ? " (list given distributed)" : "");
      }
    }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "letkf, lnetf on the grid %d x %d, radius 0.8, 1.3, 3.4: halo exchange == "
                        "all-gather == replicated == list given distributed, bit for bit\n",
                        N0, N1));
  PetscFunctionReturn(0);
}

/* The periodic Euclidean distance from (0.5, 0.5) to grid point (i0, i1). */
static PetscReal DistanceTo(PetscInt i0, PetscInt i1)
{
  const PetscReal d0 = PetscMin(PetscAbsReal(i0 - 0.5), N0 - PetscAbsReal(i0 - 0.5));
  const PetscReal d1 = PetscMin(PetscAbsReal(i1 - 0.5), N1 - PetscAbsReal(i1 - 0.5));
  return PetscSqrtReal(d0 * d0 + d1 * d1);
}

/* One observation at (0.5, 0.5), half-width c: the support ends at distance 2c. c = 1: the
 * count of changed components is known (below). c = 2.9 on the 12 slabs of the last axis: the
 * search reaches floor(2c) + 1 = 6 slabs either side, which is the whole axis; a search of 5
 * (the window 2 * 5 + 1 = 11 < 12) would miss the observation's own slab from row 6, at
 * distance 5.5 < 2c. */
static PetscErrorCode Localisation(PetscReal c)
{
  MckEnsemble ens;
  PetscReal   s[2] = {0.5, 0.5}, y = 3, r = 0.25, center[NG], before[NG], after[NG];
  PetscInt    changed = 0, wrapped = 0;
  char        opts[512];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(opts, sizeof(opts),
                          "-ens_size 8 -ens_chunk 4 -ens_seed 9 -ens_layout blocks -ens_analysis letkf "
                          "-ens_loc_radius %g -ens_obs_operator interp -ens_divergence_ratio 0",
                          (double)c));
  PetscCall(GridEnsemble(opts, 2, Shape, NG, &ens));
  for (PetscInt i = 0; i < NG; i++) center[i] = 0;
  PetscCall(MckEnsembleInitializeMembers(ens, center, 1.0));
  PetscCall(MckEnsembleForecast(ens, 0, 0));
  PetscCall(MckEnsembleGetMean(ens, before, NULL, NULL, NULL));
  PetscCall(MckEnsembleSetObservationsAt(ens, 1, s, &y, &r));
  PetscCall(MckEnsembleAnalyze(ens));
  PetscCall(MckEnsembleGetMean(ens, after, NULL, NULL, NULL));
  for (PetscInt i = 0; i < NG; i++) {
    const PetscInt  i0 = i % N0, i1 = i / N0;
    const PetscReal d = DistanceTo(i0, i1);
    if (d >= 2 * c)
      PetscCheck(after[i] == before[i], PETSC_COMM_WORLD, PETSC_ERR_PLIB,
                 "component (%" PetscInt_FMT ", %" PetscInt_FMT ") at distance %g >= 2c changed by the analysis", i0,
                 i1, (double)d);
    else {
      PetscCheck(after[i] != before[i], PETSC_COMM_WORLD, PETSC_ERR_PLIB,
                 "component (%" PetscInt_FMT ", %" PetscInt_FMT ") at distance %g < 2c not changed by the analysis", i0,
                 i1, (double)d);
      changed++;
      if (i0 == N0 - 1 || i1 == N1 - 1) wrapped++;
    }
  }
  /* c = 1, within distance 2 of (0.5, 0.5): i0, i1 in {-1, 0, 1, 2} minus the corners (-1,-1),
   * (-1,2), (2,-1), (2,2) at distance 2.12: 12 points, 4 of them across an end */
  PetscCheck(c != 1 || (changed == 12 && wrapped == 4), PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "%" PetscInt_FMT " components changed (%" PetscInt_FMT " across an end), expected 12 (4)", changed,
             wrapped);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "2D localisation, c = %g: the %" PetscInt_FMT " components within 2c (%" PetscInt_FMT
                        " across the periodic ends) change, the others not\n",
                        (double)c, changed, wrapped));
  PetscCall(MckEnsembleDestroy(&ens));
  PetscFunctionReturn(0);
}

/* Each bad input is one error naming the value. */
static PetscErrorCode Errors(void)
{
  const PetscInt bad[2] = {7, 12};
  MckEnsemble    ens;
  PetscReal      s[4] = {1.5, 2.5, 3.0, 12.0}, y[2] = {0, 0}, r[2] = {1, 1};
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = GridEnsemble("-ens_size 4", 2, bad, NG, &ens);
  PetscCall(PetscPopErrorHandler());
  PetscCheck(ierr == PETSC_ERR_ARG_INCOMP, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "a grid of 7 x 12 for a state of 72: error %d, expected PETSC_ERR_ARG_INCOMP", (int)ierr);
  PetscCall(MckEnsembleDestroy(&ens));
  PetscCall(GridEnsemble("-ens_size 4", 2, Shape, NG, &ens));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = MckEnsembleSetObservationsAt(ens, 2, s, y, r);
  PetscCall(PetscPopErrorHandler());
  PetscCheck(ierr == PETSC_ERR_ARG_OUTOFRANGE, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "observation at (3, 12) on the grid 6 x 12: error %d, expected PETSC_ERR_ARG_OUTOFRANGE", (int)ierr);
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = MckEnsembleSetObservationsAtLocal(ens, 2, s, y, r);
  PetscCall(PetscPopErrorHandler());
  PetscCheck(ierr == PETSC_ERR_ARG_OUTOFRANGE, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "observation at (3, 12) given distributed: error %d, expected PETSC_ERR_ARG_OUTOFRANGE", (int)ierr);
  PetscCall(MckEnsembleDestroy(&ens));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "a grid not of n points and an observation off the grid are errors\n"));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  FILE *fp;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(EnsTestOpenRecord(argc, argv, &fp));
  PetscCall(InterpExact());
  PetscCall(FlatGridIsRing());
  PetscCall(LocalEqual(fp));
  PetscCall(Localisation(1));
  PetscCall(Localisation(2.9));
  PetscCall(Errors());
  if (fp) fclose(fp);
  PetscCall(McKeanFinalize());
  return 0;
}
