/* MckStats reproducibility and accuracy (DESIGN.md §3 "Reproducibility").
 *
 * N deterministic "particles" (values from a hash of the global id, magnitudes 1e-14 ... 1e12,
 * both signs, one component built to cancel) are cut into chunks of 64 in global-id order;
 * chunks are dealt to ranks in contiguous blocks, each chunk is summed in a fixed order, and
 * each chunk sum is handed to MckStatsAdd(). After MckStatsReduce():
 *
 *  1. rank 0 writes the bit patterns of the sums to the file named on the command line;
 *     ctest compares the files of the 1-, 2-, 3- and 4-rank runs byte for byte;
 *  2. the sums are compared with a serial long-double compensated (Neumaier) sum of the same
 *     chunk partials, within the stated bound (see AccuracyBound);
 *  3. as an illustration only, the naive MPI_Allreduce(MPI_SUM) of per-rank double sums is
 *     printed next to what one rank would get; it is not asserted.
 *
 * Usage: test_stats_reproducible OUTPUT_FILE [-test_n N] */
#include <mckean/mckstats.h>
#include <stdint.h>

#define CHUNK 64
#define NMOM  4 /* components of the statistic "moments" */
#define NCOMP (NMOM + 1)

static const char *const comp_names[NCOMP] = {"moments[0] wide 1e-8..1e8 +-", "moments[1] square 1e-12..1e12 +",
                                              "moments[2] tiny 1e-14..1e-8 +-", "moments[3] cancelling pairs", "count"};

static uint64_t mix64(uint64_t z)
{
  z += UINT64_C(0x9E3779B97F4A7C15);
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static double unit(uint64_t h) /* [0, 1) */ { return (double)(h >> 11) * 0x1p-53; }

/* Component c of particle gid: a pure function of (gid, c, N), never of the rank. */
static double particle_value(PetscInt64 gid, int c, PetscInt64 N)
{
  const uint64_t h    = mix64((uint64_t)gid * NCOMP + (uint64_t)c);
  const double   sign = (h & 1) ? -1.0 : 1.0, u = unit(h);

  switch (c) {
  case 0: return sign * pow(10.0, -8.0 + 16.0 * u);
  case 1: {
    const double w = pow(10.0, -6.0 + 12.0 * u); /* the total (~2e15) stays far below 2^62 */
    return w * w;
  }
  case 2: return sign * pow(10.0, -14.0 + 6.0 * u);
  case 3: {
    /* particle gid and gid + N/2 carry +B and -B with B ~ 1e8: the total is only the sum of
     * the small 1e-3 terms, and the big terms cancel across chunks and ranks */
    const PetscInt64 half = N / 2, pair = gid < half ? gid : gid - half;
    const double     big = gid < 2 * half ? 1e8 * (1.0 + unit(mix64((uint64_t)pair ^ UINT64_C(0x5555)))) : 0.0;
    return (gid < half ? big : -big) + 1e-3 * u;
  }
  default: return 1.0;
  }
}

/* The partial sums of chunk k, each summed in global-id order: a function of k only. */
static void chunk_partials(PetscInt64 k, PetscInt64 N, double partial[NCOMP])
{
  const PetscInt64 g0 = k * CHUNK, g1 = PetscMin(N, g0 + CHUNK);

  for (int c = 0; c < NCOMP; c++) {
    double s = 0.0;
    for (PetscInt64 g = g0; g < g1; g++) s += particle_value(g, c, N);
    partial[c] = s;
  }
}

/* Serial reference on rank 0: long-double Neumaier sums of all chunk partials, plus the sum of
 * magnitudes (for the bound) and the plain double sum that a 1-rank naive reduction gives. */
typedef struct {
  long double sum[NCOMP], comp[NCOMP], abs[NCOMP];
  double      serial[NCOMP];
} Reference;

static void reference_add(Reference *r, const double p[NCOMP])
{
  for (int c = 0; c < NCOMP; c++) {
    const long double x = p[c], t = r->sum[c] + x;
    r->comp[c] += fabsl(r->sum[c]) >= fabsl(x) ? (r->sum[c] - t) + x : (x - t) + r->sum[c];
    r->sum[c] = t;
    r->abs[c] += fabsl(x);
    r->serial[c] += p[c];
  }
}

/* |S - R| <= 2^-53 |S|            one final rounding of the exact integer to double
 *          + nchunks 2^-65         rounding each partial to the 2^-64 grid (only partials below
 *                                  2^-12 are rounded at all)
 *          + 2^-62 |R| + nchunks 2^-126 sum|p|   the long-double Neumaier reference's own error
 * (with u = 2^-64: 2u|S| + O(n u^2) sum|p|, taken generously). */
static double accuracy_bound(double S, long double R, long double sumabs, PetscInt64 nchunks)
{
  return 0x1p-53 * fabs(S) + (double)nchunks * 0x1p-65 + 0x1p-62 * (double)fabsl(R) +
         (double)nchunks * 0x1p-126 * (double)sumabs;
}

static PetscErrorCode WriteSums(const char *path, const PetscReal *sums)
{
  FILE *f;

  PetscFunctionBeginUser;
  f = fopen(path, "w");
  PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot write %s", path);
  for (int c = 0; c < NCOMP; c++) {
    uint64_t bits;
    memcpy(&bits, &sums[c], sizeof(bits));
    fprintf(f, "%016llx %-34s %.17g\n", (unsigned long long)bits, comp_names[c], sums[c]);
  }
  PetscCheck(fclose(f) == 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot close %s", path);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MckStats         stats;
  PetscInt         off_mom, off_count, n = 100003, nstats;
  PetscInt64       bytes;
  PetscMPIInt      rank, size;
  const PetscReal *sums;
  double           local_naive[NCOMP] = {0}, naive[NCOMP], partial[NCOMP];
  PetscBool        ok                 = PETSC_TRUE;
  const char      *path;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, "Reproducibility of MckStats on any number of ranks.\n"));
  PetscCheck(argc >= 2 && argv[1][0] != '-', PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT,
             "usage: %s OUTPUT_FILE [-test_n N]", argv[0]);
  path = argv[1];
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "Stats reproducibility test", NULL);
  PetscCall(MckOptionsInt("-test_n", "Number of particles", n, &n, NULL));
  PetscOptionsEnd();
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  if (!rank) (void)remove(path); /* a failed run must not leave last time's file to compare */

  PetscCall(MckStatsCreate(PETSC_COMM_WORLD, &stats));
  PetscCall(MckStatsRegister(stats, "moments", NMOM, &off_mom));
  PetscCall(MckStatsRegister(stats, "count", 1, &off_count));
  PetscCall(MckStatsSetUp(stats));
  PetscCall(MckStatsView(stats, PETSC_VIEWER_STDOUT_WORLD));
  PetscCall(MckStatsGetSize(stats, &nstats));
  PetscCall(MckStatsGetMessageBytes(stats, &bytes));
  PetscCheck(nstats == NCOMP && off_mom == 0 && off_count == NMOM && bytes == 16 * NCOMP, PETSC_COMM_WORLD,
             PETSC_ERR_PLIB,
             "layout: size %" PetscInt_FMT ", offsets %" PetscInt_FMT " %" PetscInt_FMT ", %" PetscInt64_FMT " bytes",
             nstats, off_mom, off_count, bytes);

  /* chunks in contiguous blocks over the ranks: rank r owns [k0, k1) */
  const PetscInt64 N = n, nchunks = (N + CHUNK - 1) / CHUNK;
  const PetscInt64 k0 = nchunks * rank / size, k1 = nchunks * (rank + 1) / size;

  PetscCall(MckStatsZero(stats));
  for (PetscInt64 k = k0; k < k1; k++) {
    chunk_partials(k, N, partial);
    PetscCall(MckStatsAdd(stats, off_mom, NMOM, partial));
    PetscCall(MckStatsAdd(stats, off_count, 1, &partial[NMOM]));
    for (int c = 0; c < NCOMP; c++) local_naive[c] += partial[c];
  }
  PetscCall(MckStatsReduce(stats));
  PetscCall(MckStatsGetSums(stats, &sums));
  PetscCallMPI(MPI_Allreduce(local_naive, naive, NCOMP, MPI_DOUBLE, MPI_SUM, PETSC_COMM_WORLD));

  if (!rank) {
    Reference ref;
    double    maxrel = 0;

    memset(&ref, 0, sizeof(ref));

    for (PetscInt64 k = 0; k < nchunks; k++) {
      chunk_partials(k, N, partial);
      reference_add(&ref, partial);
    }
    PetscCall(PetscPrintf(PETSC_COMM_SELF,
                          "N = %" PetscInt64_FMT " particles, %" PetscInt64_FMT " chunks of %d on %d rank(s)\n", N,
                          nchunks, CHUNK, size));
    PetscCall(PetscPrintf(PETSC_COMM_SELF,
                          "%-34s %-24s %-10s %-10s | naive allreduce on %d rank(s) vs 1 rank (illustration)\n",
                          "component", "exact-fixed-point sum", "rel.err", "err/bound", size));
    for (int c = 0; c < NCOMP; c++) {
      const long double R    = ref.sum[c] + ref.comp[c];
      const double      err  = (double)fabsl((long double)sums[c] - R),
                   bound     = accuracy_bound(sums[c], R, ref.abs[c], nchunks);
      const double rel       = R != 0 ? err / (double)fabsl(R) : err,
                   naive_rel = (double)fabsl((long double)naive[c] - R) / (double)fabsl(R);
      maxrel                 = PetscMax(maxrel, rel);
      PetscCall(PetscPrintf(PETSC_COMM_SELF,
                            "%-34s %-24.17g %-10.2e %-10.3f | %.17g (rel.err %.2e) vs %.17g (rel.err %.2e)%s\n",
                            comp_names[c], sums[c], rel, err / bound, naive[c], naive_rel, ref.serial[c],
                            (double)fabsl((long double)ref.serial[c] - R) / (double)fabsl(R),
                            naive[c] == ref.serial[c] ? "" : "  DIFFERENT"));
      if (!(err <= bound)) {
        ok = PETSC_FALSE;
        PetscCall(PetscPrintf(PETSC_COMM_SELF, "FAIL %s: |sum - reference| = %.3e exceeds the bound %.3e\n",
                              comp_names[c], err, bound));
      }
    }
    if (sums[NMOM] != (double)N) {
      ok = PETSC_FALSE;
      PetscCall(PetscPrintf(PETSC_COMM_SELF, "FAIL count: %.17g, expected %" PetscInt64_FMT "\n", sums[NMOM], N));
    }
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "max relative error vs the long-double reference: %.3e\n", maxrel));
    if (ok) PetscCall(WriteSums(path, sums));
  }
  PetscCallMPI(MPI_Bcast(&ok, 1, MPIU_BOOL, 0, PETSC_COMM_WORLD));
  PetscCheck(ok, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "MckStats sums are outside the accuracy bound");
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "PASS: sums written to %s\n", path));
  PetscCall(MckStatsDestroy(&stats));
  PetscCall(McKeanFinalize());
  return 0;
}
