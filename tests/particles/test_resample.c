/* MckResampler: properties of the three schemes and bitwise reproducibility across rank counts.
 *
 *   - the offspring counts add up to N; systematic keeps every count within one of N w_i (w_i
 *     the normalised weights), residual at least floor(N w_i);
 *   - the moved data are the ancestors' (x = f(global id) before the move, f(ancestor) after),
 *     in SoA and in row-major storage, and a second resampler given the ancestors
 *     (MckResamplerSetAncestors) moves data identically;
 *   - unbiasedness: the mean over M independent resamplings of the resampled mean equals the
 *     weighted mean within 4 standard errors (the standard error from the M means themselves);
 *   - ESS against a direct double-precision evaluation (1e-9 relative: weights are quantised at
 *     2^-40 of the largest);
 *   - nothing crosses ranks on one rank; rows sent never exceed slots that changed rank.
 * The last argument is a file that receives the bit patterns of the particles after a sequence
 * of resamplings of every scheme: equal on 1-4 ranks (tests/particles/particles.cmake). */
#include <mckean/mckresample.h>
#include <mckean/mckstats.h>
#include "../mckbits.h"

static int failures = 0;

static void Check(int ok, const char *what, double value)
{
  if (!ok) failures++;
  (void)PetscPrintf(PETSC_COMM_WORLD, "%s  %s (%.6g)\n", ok ? "PASS" : "FAIL", what, value);
}

/* A smooth function of the global id: the data an item carries. */
static PetscReal Value(PetscInt64 g, PetscInt c) { return PetscSinReal(0.001 * (PetscReal)g * (c + 1)) + 0.5 * c; }

/* Log-weights from normals keyed by global id, scaled by s (larger s: fewer effective items). */
static PetscErrorCode LogWeights(MckRNG rng, PetscInt64 gstart, PetscInt n, PetscReal s, PetscReal logw[])
{
  PetscReal *out[1] = {logw};

  PetscFunctionBeginUser;
  PetscCall(MckRNGNormals(rng, gstart, n, 12345, 0, 1, out));
  for (PetscInt i = 0; i < n; i++) logw[i] *= s;
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckScheme(MPI_Comm comm, const char type[], MckRNG rng, PetscInt64 N)
{
  MckResampler    r, r2;
  PetscInt64      gstart, *anc, bad = 0, gbad, total = 0, gtotal, rows, moved;
  PetscInt        nlocal, nch;
  PetscReal      *logw, *x[2], *rows2, wsum = 0, w2 = 0, wx = 0, ess, sums[3], gs[3];
  const PetscInt *counts;
  PetscMPIInt     size;
  char            what[128];

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(MckStatsChunkOwnership(comm, N, 8, &gstart, &nlocal, &nch));
  PetscCall(
      PetscMalloc5(nlocal + 1, &logw, nlocal + 1, &x[0], nlocal + 1, &x[1], 2 * nlocal + 2, &rows2, nlocal + 1, &anc));
  PetscCall(LogWeights(rng, gstart, nlocal, 1.5, logw));
  PetscCall(MckResamplerCreate(comm, &r));
  PetscCall(MckResamplerSetType(r, type));
  PetscCall(MckResamplerSetRNG(r, rng));
  PetscCall(MckResamplerSetLayout(r, nlocal));
  PetscCall(MckResamplerCreate(comm, &r2));
  PetscCall(MckResamplerSetLayout(r2, nlocal));

  /* ESS and the weighted mean of x_0, directly */
  for (PetscInt i = 0; i < nlocal; i++) {
    const PetscReal w = PetscExpReal(logw[i]);
    wsum += w;
    w2 += w * w;
    wx += w * Value(gstart + i, 0);
  }
  sums[0] = wsum;
  sums[1] = w2;
  sums[2] = wx;
  PetscCallMPI(MPI_Allreduce(sums, gs, 3, MPIU_REAL, MPI_SUM, comm));
  PetscCall(MckResamplerSetWeights(r, logw));
  PetscCall(MckResamplerGetESS(r, &ess));
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: ESS against the direct evaluation, relative difference", type));
  Check(PetscAbsReal(ess / (gs[0] * gs[0] / gs[1]) - 1) < 1e-9, what, (double)(ess / (gs[0] * gs[0] / gs[1]) - 1));

  /* one resampling: counts, ancestors, moved data */
  for (PetscInt i = 0; i < nlocal; i++) {
    for (PetscInt c = 0; c < 2; c++) {
      x[c][i]          = Value(gstart + i, c);
      rows2[2 * i + c] = Value(gstart + i, c);
    }
  }
  PetscCall(MckResamplerResample(r, 7, anc));
  PetscCall(MckResamplerGetCounts(r, &counts));
  for (PetscInt i = 0; i < nlocal; i++) {
    const PetscReal Nw = (PetscReal)N * PetscExpReal(logw[i]) / gs[0];
    total += counts[i];
    if (!strcmp(type, MCKRESAMPLER_SYSTEMATIC) &&
        (counts[i] < PetscFloorReal(Nw - 1e-6) || counts[i] > PetscCeilReal(Nw + 1e-6)))
      bad++;
    if (!strcmp(type, MCKRESAMPLER_RESIDUAL) && counts[i] < PetscFloorReal(Nw - 1e-6)) bad++;
  }
  PetscCallMPI(MPI_Allreduce(&total, &gtotal, 1, MPIU_INT64, MPI_SUM, comm));
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: offspring counts add up to N", type));
  Check(gtotal == N, what, (double)gtotal);
  PetscCallMPI(MPI_Allreduce(&bad, &gbad, 1, MPIU_INT64, MPI_SUM, comm));
  if (strcmp(type, MCKRESAMPLER_STRATIFIED)) {
    PetscCall(PetscSNPrintf(
        what, sizeof(what),
        "%s: every count within one of N w_i (systematic) or at least floor(N w_i) (residual): items outside", type));
    Check(gbad == 0, what, (double)gbad);
  }
  PetscCall(MckResamplerMoveSoA(r, 2, x));
  PetscCall(MckResamplerMoveRows(r, 2, rows2));
  bad = 0;
  for (PetscInt i = 0; i < nlocal; i++)
    for (PetscInt c = 0; c < 2; c++) bad += (x[c][i] != Value(anc[i], c)) + (rows2[2 * i + c] != Value(anc[i], c));
  PetscCallMPI(MPI_Allreduce(&bad, &gbad, 1, MPIU_INT64, MPI_SUM, comm));
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: SoA and row-major data are the ancestors' (mismatches)", type));
  Check(gbad == 0, what, (double)gbad);
  PetscCall(MckResamplerGetTraffic(r, &rows, &moved));
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: rows sent <= slots that changed rank, none on one rank (rows sent)",
                          type));
  Check(rows <= moved && (size > 1 || rows == 0), what, (double)rows);

  /* the same move planned from the ancestors by a second resampler */
  for (PetscInt i = 0; i < nlocal; i++)
    for (PetscInt c = 0; c < 2; c++) rows2[2 * i + c] = Value(gstart + i, c);
  PetscCall(MckResamplerSetAncestors(r2, anc));
  PetscCall(MckResamplerMoveRows(r2, 2, rows2));
  bad = 0;
  for (PetscInt i = 0; i < nlocal; i++)
    for (PetscInt c = 0; c < 2; c++) bad += rows2[2 * i + c] != x[c][i];
  PetscCallMPI(MPI_Allreduce(&bad, &gbad, 1, MPIU_INT64, MPI_SUM, comm));
  PetscCall(
      PetscSNPrintf(what, sizeof(what), "%s: a plan from given ancestors moves the same data (mismatches)", type));
  Check(gbad == 0, what, (double)gbad);

  /* unbiasedness: M resamplings of the same weights at different steps */
  {
    const PetscInt M  = 200;
    PetscReal      m1 = 0, m2 = 0, target = gs[2] / gs[0], mean, se;
    for (PetscInt s = 0; s < M; s++) {
      PetscReal loc = 0, glob;
      for (PetscInt i = 0; i < nlocal; i++) x[0][i] = Value(gstart + i, 0);
      PetscCall(MckResamplerSetWeights(r, logw));
      PetscCall(MckResamplerResample(r, 1000 + s, NULL));
      PetscCall(MckResamplerMoveSoA(r, 1, x));
      for (PetscInt i = 0; i < nlocal; i++) loc += x[0][i];
      PetscCallMPI(MPI_Allreduce(&loc, &glob, 1, MPIU_REAL, MPI_SUM, comm));
      glob /= (PetscReal)N;
      m1 += glob;
      m2 += glob * glob;
    }
    mean = m1 / M;
    se   = PetscSqrtReal(PetscMax(m2 / M - mean * mean, 0) / (M - 1));
    PetscCall(PetscSNPrintf(what, sizeof(what),
                            "%s: resampled mean = weighted mean %.6f within 4 se (se %.2e; deviation in se)", type,
                            (double)target, (double)se));
    Check(PetscAbsReal(mean - target) < 4 * se + 1e-12, what, (double)((mean - target) / se));
  }
  PetscCall(MckResamplerDestroy(&r));
  PetscCall(MckResamplerDestroy(&r2));
  PetscCall(PetscFree5(logw, x[0], x[1], rows2, anc));
  PetscFunctionReturn(0);
}

/* Several rounds of reweighting, resampling and moving with every scheme; rank 0 writes the
 * final data in global-id order as hexadecimal bit patterns. */
static PetscErrorCode Bitwise(MPI_Comm comm, MckRNG rng, PetscInt64 N, const char path[])
{
  const char *types[] = {MCKRESAMPLER_SYSTEMATIC, MCKRESAMPLER_STRATIFIED, MCKRESAMPLER_RESIDUAL};
  PetscInt64  gstart;
  PetscInt    nlocal, nch;
  PetscReal  *x[2], *logw;
  PetscMPIInt rank;
  FILE       *f = NULL;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(MckStatsChunkOwnership(comm, N, 8, &gstart, &nlocal, &nch));
  PetscCall(PetscMalloc3(nlocal + 1, &x[0], nlocal + 1, &x[1], nlocal + 1, &logw));
  for (PetscInt i = 0; i < nlocal; i++)
    for (PetscInt c = 0; c < 2; c++) x[c][i] = Value(gstart + i, c);
  for (PetscInt t = 0; t < 3; t++) {
    MckResampler r;
    PetscCall(MckResamplerCreate(comm, &r));
    PetscCall(MckResamplerSetType(r, types[t]));
    PetscCall(MckResamplerSetRNG(r, rng));
    PetscCall(MckResamplerSetLayout(r, nlocal));
    for (PetscInt round = 0; round < 4; round++) {
      for (PetscInt i = 0; i < nlocal; i++) logw[i] = -2.0 * (x[0][i] - 0.3) * (x[0][i] - 0.3) + 0.1 * x[1][i];
      PetscCall(MckResamplerSetWeights(r, logw));
      PetscCall(MckResamplerResample(r, 10 * t + round, NULL));
      PetscCall(MckResamplerMoveSoA(r, 2, x));
      for (PetscInt i = 0; i < nlocal; i++) x[1][i] += 1e-3 * (PetscReal)(gstart + i); /* a "move" keyed by slot */
    }
    PetscCall(MckResamplerDestroy(&r));
  }
  if (!rank) {
    f = fopen(path, "w");
    PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot write %s", path);
  }
  PetscCall(MckTestWriteBits(comm, f, N, nlocal, 2, x));
  if (f) fclose(f);
  PetscCall(PetscFree3(x[0], x[1], logw));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MckRNG rng;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCheck(argc >= 2, PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "usage: test_resample OUTPUT.txt");
  PetscCall(MckRNGCreate(PETSC_COMM_WORLD, &rng));
  PetscCall(MckRNGSetSeed(rng, 2026));
  PetscCall(CheckScheme(PETSC_COMM_WORLD, MCKRESAMPLER_SYSTEMATIC, rng, 3001));
  PetscCall(CheckScheme(PETSC_COMM_WORLD, MCKRESAMPLER_STRATIFIED, rng, 3001));
  PetscCall(CheckScheme(PETSC_COMM_WORLD, MCKRESAMPLER_RESIDUAL, rng, 3001));
  PetscCall(Bitwise(PETSC_COMM_WORLD, rng, 2003, argv[argc - 1]));
  PetscCall(MckRNGDestroy(&rng));
  PetscCall(McKeanFinalize());
  return failures ? 1 : 0;
}
