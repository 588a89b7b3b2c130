static const char help[] =
    "bench-langevin: particle-steps per second per core of MckLangevin (drift \"harmonic\") for the\n"
    "overdamped (euler_maruyama) and underdamped (baoab) integrators, against the memory-bandwidth\n"
    "bound given by a STREAM-like triad measured in the same run (all ranks concurrently).\n"
    "Prints one JSON object per line. Typical use:\n"
    "  mpiexec -n 1 bench-langevin\n"
    "  mpiexec -n 2 bench-langevin -bench_n 10000000 -bench_integrators baoab\n";

/* Byte model (what the library's step actually streams from memory, per particle-step, d
 * dimensions, 8-byte reals; src/particles/langevin.c MckLangevinStep and the integrators).
 * When no drift has statistics (the harmonic trap here), a step is one pass over the chunks
 * (B = 256 particles each): each chunk is moved (its noise drawn with MckRNGNormalsPacked per
 * sub-block of 64 particles into an L1 buffer, then the sub-block updated), given its new forces
 * and finished while it is in cache. Every stream is read before it is written (no write-allocate):
 *       euler_maruyama: read x, F; write x, F                -> 96 B in 3D
 *       baoab:          read x, v, F; write x, v, F           -> 144 B in 3D
 * and the "langevin" line uses this model ("single_pass": true; ByteModel). With a drift that has
 * statistics a collective separates two passes:
 *   pass 1 "move" (integrator move, wrap, accumulate):
 *       euler_maruyama: read x, F; write x                   -> 3 streams of d reals
 *       baoab:          read x, v, F; write x, v             -> 5 streams
 *   pass 2 "forces" (ForceChunk: zero F, harmonic F -= k (x - c); then integrator finish):
 *       euler_maruyama: write F (zeroed), read x             -> 2 streams (+1 write-allocate read of F)
 *       baoab:          write F, read x, read v, write v     -> 4 streams (+1 write-allocate read of F)
 *   explicit streams (STREAM convention, a write counts once): 120 B (euler_maruyama), 216 B (baoab)
 *   in 3D; hardware traffic (a store to a line not yet read costs a write-allocate read: only F in
 *   pass 2): 144 B and 240 B.
 * The triad a = b + s c is 24 B per element in the STREAM convention and 32 B of hardware traffic
 * (write-allocate of a). The bound compares like with like:
 *       bound = (triad_GBps * 32/24) / hardware_bytes      [fraction_of_bandwidth_bound]
 *       bound =  triad_GBps / explicit_bytes               [..._stream_convention, the looser one]
 * Diagnostic lines (-bench_probe), the library's step re-implemented here with the same chunked
 * passes and the same streams (harmonic drift, B = 256):
 *   langevin_probe               constant in-cache noise: the memory streams alone, an empirical
 *                                check of the byte model (what the step would cost if the noise
 *                                were free);
 *   langevin_probe_rng           with MckRNGNormalsPacked per chunk, as MckLangevinChunkNoise does: should
 *                                match the "langevin" line (validates the re-implementation);
 *   langevin_probe_rng_subblock  the same with the move pass in sub-blocks of -bench_subblock
 *                                particles (noise for the sub-block, then its update): identical
 *                                numbers, the noise in L1 next to the streams it updates (whether
 *                                the memory traffic overlaps the noise: docs/performance.md §0,
 *                                measured there as mostly not);
 *   langevin_probe_rng_subblock_fused  the same, and the forces and the finish done per chunk right
 *                                after its move (one pass, possible when no drift has statistics:
 *                                no collective between the passes); its bytes are 144 (BAOAB) and
 *                                96 (EM), but its fraction is still printed against the two-pass
 *                                bound so that the lines compare as speeds.
 * The "rng_normals" line times MckRNGNormalsPacked alone, in cache (-bench_rng).
 * -bench_previous (default true) also times, in the same run right after each library step, the
 * integrators as they were before the noise moved into sub-blocks (chunk_noise_integrators.h:
 * noise of the whole chunk first, then its update; the same bits): the "langevin" line's
 * previous_* fields and speedup_vs_previous. */
#include "benchutil.h"
#include "chunk_noise_integrators.h"

/* single: the library's one-pass step (no drift has statistics, so no collective separates moving
 * a chunk from its forces: MckLangevinStep moves, computes forces and finishes each chunk while it
 * is in cache): every stream is read and written once, read before written (no write-allocate):
 * euler_maruyama x, F: 4 d * 8 B = 96 B in 3D; baoab x, v, F: 6 d * 8 B = 144 B in 3D. */
static void ByteModel(const char integ[], PetscInt dim, PetscBool single, double *hw, double *expl)
{
  const PetscBool under = (PetscBool)(strcmp(integ, "baoab") == 0);
  *expl                 = (single ? (under ? 6.0 : 4.0) : (under ? 9.0 : 5.0)) * 8.0 * (double)dim;
  *hw                   = (single ? (under ? 6.0 : 4.0) : (under ? 10.0 : 6.0)) * 8.0 * (double)dim;
}

/* Coefficients of the probes' re-implemented step (values do not matter for the timing). */
static const PetscReal PH = 0.01, PSIG = 0.1, PKICK = 0.005, PDRIFT = 0.005, PDAMP = 0.99, PK = 1.0;

/* The integrator's move for particles [off, off + n) with noise xi (indexed from 0). */
static void ProbeMove(PetscInt dim, PetscBool under, PetscInt off, PetscInt n, PetscReal *const x[],
                      PetscReal *const v[], PetscReal *const F[], PetscReal *const xi[])
{
  for (PetscInt a = 0; a < dim; a++) {
    PetscReal *restrict X = x[a] + off, *restrict V = v[a] + off;
    const PetscReal *restrict G = F[a] + off, *restrict Z = xi[a];
    if (under)
      for (PetscInt i = 0; i < n; i++) {
        PetscReal vi = V[i] + PKICK * G[i], xh = X[i] + PDRIFT * vi;
        vi   = PDAMP * vi + PSIG * Z[i];
        X[i] = xh + PDRIFT * vi;
        V[i] = vi;
      }
    else
      for (PetscInt i = 0; i < n; i++) X[i] += PH * G[i] + PSIG * Z[i];
  }
}

/* Zero F, add the harmonic force and, underdamped, the finishing half kick on one chunk. */
static PetscErrorCode ProbeForceFinish(PetscInt dim, PetscBool under, PetscInt off, PetscInt n, PetscReal *const x[],
                                       PetscReal *const v[], PetscReal *const F[])
{
  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < dim; a++) PetscCall(PetscArrayzero(F[a] + off, n));
  for (PetscInt a = 0; a < dim; a++) {
    const PetscReal *restrict X = x[a] + off;
    PetscReal *restrict G       = F[a] + off;
    for (PetscInt i = 0; i < n; i++) G[i] -= PK * (X[i] - 0.0);
  }
  if (under)
    for (PetscInt a = 0; a < dim; a++) {
      PetscReal *restrict V       = v[a] + off;
      const PetscReal *restrict G = F[a] + off;
      for (PetscInt i = 0; i < n; i++) V[i] += PKICK * G[i];
    }
  PetscFunctionReturn(0);
}

/* The library's two chunked passes with the same array streams but constant noise. */
static PetscErrorCode ProbeStep(PetscInt dim, PetscInt nlocal, PetscInt B, PetscBool under, PetscReal *const x[],
                                PetscReal *const v[], PetscReal *const F[], PetscReal *const xi[])
{
  PetscFunctionBeginUser;
  for (PetscInt off = 0; off < nlocal; off += B) ProbeMove(dim, under, off, PetscMin(B, nlocal - off), x, v, F, xi);
  for (PetscInt off = 0; off < nlocal; off += B)
    PetscCall(ProbeForceFinish(dim, under, off, PetscMin(B, nlocal - off), x, v, F));
  PetscFunctionReturn(0);
}

/* The library's step re-implemented with the real noise (MckRNGNormalsPacked per chunk, as
 * MckLangevinChunkNoise does) and, optionally, the move pass done in sub-blocks of S particles
 * (noise for S streams, then their update) instead of noise for the whole chunk first: the same
 * numbers (a particle's noise depends only on its global id), but the hardware prefetcher, which
 * runs ahead of the x, v, F streams by a few lines, then fetches the next sub-block while the
 * current one's noise is computed, so memory traffic and noise generation overlap. With `fused`,
 * the forces and the finish follow each chunk's move at once (one pass instead of two). */
static PetscErrorCode RealNoiseStep(MckRNG rng, PetscInt64 step, PetscInt64 gstart, PetscInt dim, PetscInt nlocal,
                                    PetscInt B, PetscBool under, PetscInt S, PetscBool fused, PetscReal *const x[],
                                    PetscReal *const v[], PetscReal *const F[], PetscReal *const xi[])
{
  PetscFunctionBeginUser;
  for (PetscInt off = 0; off < nlocal; off += B) {
    const PetscInt n = PetscMin(B, nlocal - off), sub = S > 0 ? S : n;
    for (PetscInt s0 = 0; s0 < n; s0 += sub) {
      const PetscInt ns = PetscMin(sub, n - s0);
      PetscCall(MckRNGNormalsPacked(rng, gstart + off + s0, ns, step, MCK_RNG_PACKED_LANGEVIN_NOISE, dim, xi));
      ProbeMove(dim, under, off + s0, ns, x, v, F, xi);
    }
    /* fused: forces at the new positions and the finish while the chunk is in cache */
    if (fused) PetscCall(ProbeForceFinish(dim, under, off, n, x, v, F));
  }
  if (fused) PetscFunctionReturn(0);
  for (PetscInt off = 0; off < nlocal; off += B)
    PetscCall(ProbeForceFinish(dim, under, off, PetscMin(B, nlocal - off), x, v, F));
  PetscFunctionReturn(0);
}

#define PROBE_STEP                                                                                                    \
  (mode ? RealNoiseStep(rng, step++, gstart, dim, nlocal, B, under, mode >= 2 ? subblock : 0, (PetscBool)(mode == 3), \
                        x, v, F, xi)                                                                                  \
        : ProbeStep(dim, nlocal, B, under, x, v, F, xi))
static PetscErrorCode RunProbe(MPI_Comm comm, PetscInt64 N, PetscInt dim, const char integ[], PetscInt mode,
                               PetscInt subblock, PetscInt reps, double target, double *per_step)
{
  PetscMPIInt size, rank;
  PetscInt    nlocal, B = 256;
  PetscReal  *x[MCK_MAX_DIM], *v[MCK_MAX_DIM], *F[MCK_MAX_DIM], *xi[MCK_MAX_DIM];
  PetscBool   under = (PetscBool)(strcmp(integ, "baoab") == 0);
  double      best  = 1e300, one;
  PetscInt    steps;
  PetscInt64  gstart, step = 0;
  MckRNG      rng;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  nlocal = (PetscInt)(N * (rank + 1) / size - N * rank / size);
  gstart = N * rank / size;
  PetscCall(MckRNGCreate(comm, &rng));
  PetscCall(MckRNGSetSeed(rng, 11));
  for (PetscInt a = 0; a < dim; a++) {
    PetscCall(PetscCalloc1(nlocal + 8, &x[a]));
    PetscCall(PetscCalloc1(nlocal + 8, &v[a]));
    PetscCall(PetscCalloc1(nlocal + 8, &F[a]));
    PetscCall(PetscMalloc1(B, &xi[a]));
    for (PetscInt i = 0; i < B; i++) xi[a][i] = (i % 7) - 3.0;
    for (PetscInt i = 0; i < nlocal; i++) x[a][i] = 0.001 * (i % 1000);
  }
  {
    double t0;
    PetscCall(PROBE_STEP); /* warm-up */
    PetscCallMPI(MPI_Barrier(comm));
    t0 = BenchNow();
    PetscCall(PROBE_STEP);
    one = BenchWtimeMaxDelta(comm, t0);
  }
  steps = PetscMax(3, (PetscInt)(target / one + 0.5));
  for (PetscInt r = 0; r < reps; r++) {
    double t0, dt;
    PetscCallMPI(MPI_Barrier(comm));
    t0 = BenchNow();
    for (PetscInt s = 0; s < steps; s++) PetscCall(PROBE_STEP);
    dt   = BenchWtimeMaxDelta(comm, t0) / (double)steps;
    best = PetscMin(best, dt);
  }
  for (PetscInt a = 0; a < dim; a++) {
    bench_sink += x[a][nlocal / 2] + v[a][nlocal / 3];
    PetscCall(PetscFree(x[a]));
    PetscCall(PetscFree(v[a]));
    PetscCall(PetscFree(F[a]));
    PetscCall(PetscFree(xi[a]));
  }
  PetscCall(MckRNGDestroy(&rng));
  *per_step = best;
  PetscFunctionReturn(0);
}
#undef PROBE_STEP

/* MckRNGNormalsPacked alone: dim normals per particle for a chunk of 256 streams, chunk after chunk
 * into one in-cache buffer, as MckLangevinChunkNoise does. Returns ns per particle. */
static PetscErrorCode RunRNG(MPI_Comm comm, PetscInt dim, PetscInt nparticles, PetscInt reps, double *ns_per_particle)
{
  MckRNG     rng;
  PetscReal *out[MCK_MAX_DIM];
  PetscInt   B    = 256;
  double     best = 1e300;

  PetscFunctionBeginUser;
  PetscCall(MckRNGCreate(comm, &rng));
  PetscCall(MckRNGSetSeed(rng, 7));
  for (PetscInt a = 0; a < dim; a++) PetscCall(PetscMalloc1(B, &out[a]));
  for (PetscInt r = 0; r < reps + 1; r++) {
    double t0 = BenchNow(), dt;
    for (PetscInt64 g = 0; g < nparticles; g += B)
      PetscCall(MckRNGNormalsPacked(rng, g, B, r, MCK_RNG_PACKED_LANGEVIN_NOISE, dim, out));
    dt = BenchNow() - t0;
    bench_sink += out[0][3];
    if (r) best = PetscMin(best, dt); /* r = 0 is the warm-up */
  }
  *ns_per_particle = best / (double)nparticles * 1e9;
  for (PetscInt a = 0; a < dim; a++) PetscCall(PetscFree(out[a]));
  PetscCall(MckRNGDestroy(&rng));
  PetscFunctionReturn(0);
}

typedef struct {
  const char *integ;
  PetscInt    N;
  BenchTiming t, tprev; /* the library's type; the previous implementation (-bench_previous) */
  double      probe[4]; /* seconds per step of the four probes */
  PetscBool   single;   /* the library took its one-pass step (no statistics) */
} Result;

typedef struct {
  BenchTriadResult best;
  double           worst_aggregate;
  int              samples;
} TriadBest;

static PetscErrorCode TriadSample(MPI_Comm comm, PetscReal mb, PetscInt reps, TriadBest *tb)
{
  BenchTriadResult r;

  PetscFunctionBeginUser;
  PetscCall(BenchTriad(comm, (size_t)(mb * 1024 * 1024 / 8), (int)reps, &r));
  if (!tb->samples || r.aggregate_GBps > tb->best.aggregate_GBps) tb->best = r;
  if (!tb->samples || r.aggregate_GBps < tb->worst_aggregate) tb->worst_aggregate = r.aggregate_GBps;
  tb->samples++;
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(void)
{
  MPI_Comm    comm = PETSC_COMM_WORLD;
  PetscMPIInt size;
  PetscInt    subblock = 64, nN = 8, nI = 4, dim = 3, warmup = 2, reps = 3, triad_reps = 10, seed = 2026, min_steps = 3;
  PetscInt    Ns[8] = {1000000, 10000000};
  char       *integs[4];
  PetscReal   dt = 0.01, target = 1.0, triad_mb = 128;
  PetscBool   setI, setN, probe = PETSC_TRUE, rng = PETSC_TRUE, previous = PETSC_TRUE;
  TriadBest   triad = {0};
  Result      res[32];
  PetscInt    nres = 0;
  double      triad_core, triad_hw_core;

  PetscFunctionBeginUser;
  PetscCall(ChunkNoiseIntegratorsRegister()); /* the previous implementation, for -bench_previous */
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscOptionsBegin(comm, NULL, "bench-langevin options", NULL);
  McKeanOptionsKnow("-bench_n");
  PetscCall(PetscOptionsIntArray("-bench_n", "Global particle counts N", NULL, Ns, &nN, &setN));
  PetscCall(
      MckOptionsStringArray("-bench_integrators", "Integrators to time (euler_maruyama, baoab)", integs, &nI, &setI));
  PetscCall(MckOptionsInt("-bench_dim", "Space dimension", dim, &dim, NULL));
  PetscCall(MckOptionsReal("-bench_dt", "Time step -lgv_dt", dt, &dt, NULL));
  PetscCall(MckOptionsInt("-bench_warmup", "Untimed steps before timing", warmup, &warmup, NULL));
  PetscCall(MckOptionsInt("-bench_reps", "Timed repetitions (best and median reported)", reps, &reps, NULL));
  PetscCall(MckOptionsInt("-bench_min_steps", "Least steps per timed repetition", min_steps, &min_steps, NULL));
  PetscCall(MckOptionsReal("-bench_target_seconds", "Aimed duration of one timed repetition", target, &target, NULL));
  PetscCall(MckOptionsReal("-bench_triad_mb", "Triad: MB per array per rank (far larger than the caches)", triad_mb,
                           &triad_mb, NULL));
  PetscCall(MckOptionsInt("-bench_triad_reps", "Triad: repetitions (best reported)", triad_reps, &triad_reps, NULL));
  PetscCall(MckOptionsBool("-bench_probe", "Also time the bandwidth probe (same streams, no random numbers)", probe,
                           &probe, NULL));
  PetscCall(MckOptionsInt("-bench_subblock", "Probe: sub-block size of the move pass in langevin_probe_rng_subblock",
                          subblock, &subblock, NULL));
  PetscCall(MckOptionsBool("-bench_rng", "Also time MckRNGNormalsPacked alone", rng, &rng, NULL));
  PetscCall(BenchOptionsClock(PetscOptionsObject));
  PetscCall(MckOptionsBool("-bench_previous",
                           "Also time the integrators with the whole chunk's noise first (the previous implementation)",
                           previous, &previous, NULL));
  PetscCall(MckOptionsInt("-bench_seed", "Seed", seed, &seed, NULL));
  PetscOptionsEnd();
  {
    PetscBool help;
    PetscCall(PetscOptionsHasHelp(NULL, &help));
    if (help) PetscFunctionReturn(0); /* the options and their defaults have been printed */
  }
  if (!setN) nN = 2;
  if (!setI) {
    nI = 2;
    PetscCall(PetscStrallocpy("euler_maruyama", &integs[0]));
    PetscCall(PetscStrallocpy("baoab", &integs[1]));
  }

  for (PetscInt ii = 0; ii < nI; ii++) {
    PetscBool em, ba;
    PetscCall(PetscStrcmp(integs[ii], "euler_maruyama", &em));
    PetscCall(PetscStrcmp(integs[ii], "baoab", &ba));
    PetscCheck(em || ba, comm, PETSC_ERR_USER_INPUT,
               "-bench_integrators %s: this benchmark has a byte model for euler_maruyama and baoab only", integs[ii]);
  }
  /* The triad is sampled before, between and after the configurations and the best sample
   * sets the bound: on a shared machine one short sample can fall into a slow spell, which would
   * make the bound too low and the fraction too high. */
  PetscCheck(nN * nI <= 32, comm, PETSC_ERR_USER_INPUT, "at most 32 configurations (-bench_n x -bench_integrators)");
  PetscCall(TriadSample(comm, triad_mb, triad_reps, &triad));
  for (PetscInt iN = 0; iN < nN; iN++) {
    for (PetscInt ii = 0; ii < nI; ii++) {
      Result     *r = &res[nres++];
      BenchSystem s;

      r->N     = Ns[iN];
      r->integ = integs[ii];
      PetscCall(BenchSetOptionInt("-particles_n", Ns[iN]));
      PetscCall(BenchSetOptionInt("-particles_dim", dim));
      PetscCall(BenchSetOption("-lgv_integrator", integs[ii]));
      PetscCall(BenchSetOption("-lgv_drifts", "harmonic"));
      PetscCall(BenchSetOptionReal("-lgv_dt", dt));
      PetscCall(BenchSystemCreate(comm, seed, &s));
      {
        MckStats stats;
        PetscInt nstats;
        PetscCall(MckLangevinGetStats(s.l, &stats));
        PetscCall(MckStatsGetSize(stats, &nstats));
        r->single = (PetscBool)(nstats == 0); /* the library's rule for its one-pass step (harmonic: always) */
      }
      PetscCall(BenchTimeSteps(comm, s.l, warmup, target, min_steps, reps, &r->t));
      PetscCall(BenchSystemDestroy(&s));
      if (previous) {
        char prev[64];
        PetscCall(PetscSNPrintf(prev, sizeof prev, "%s_chunk_noise", integs[ii]));
        PetscCall(BenchSetOption("-lgv_integrator", prev));
        PetscCall(BenchSystemCreate(comm, seed, &s));
        PetscCall(BenchTimeSteps(comm, s.l, warmup, target, min_steps, reps, &r->tprev));
        PetscCall(BenchSystemDestroy(&s));
      }
      if (probe)
        for (PetscInt mode = 0; mode < 4; mode++)
          PetscCall(RunProbe(comm, Ns[iN], dim, integs[ii], mode, subblock, reps, target, &r->probe[mode]));
      PetscCall(TriadSample(comm, triad_mb, triad_reps, &triad));
    }
  }

  triad_core    = triad.best.aggregate_GBps / size; /* all ranks concurrently: the per-core share */
  triad_hw_core = triad_core * 32.0 / 24.0;
  PetscCall(BenchJSON(
      comm,
      "\"bench\":\"triad\",\"ranks\":%d,\"elements_per_rank\":%zu,\"MB_per_array\":%.0f,\"reps_per_sample\":%d,\"samples\":%d,\"GBps_aggregate_best\":%.3f,\"GBps_aggregate_worst_sample\":%.3f,\"GBps_per_rank_min\":%.3f,\"GBps_per_rank_mean\":%.3f,\"GBps_per_core\":%.3f,\"convention\":\"STREAM: 24 B per element (hardware moves 32 B with write-allocate)\"",
      size, triad.best.n, triad_mb, triad.best.reps, triad.samples, triad.best.aggregate_GBps, triad.worst_aggregate,
      triad.best.per_rank_GBps_min, triad.best.per_rank_GBps_mean, triad_core));
  for (PetscInt i = 0; i < nres; i++) {
    const Result *r = &res[i];
    double        hw, expl, pps, ppsc, bound_hw, bound_st;

    ByteModel(r->integ, dim, r->single, &hw, &expl);
    pps      = (double)r->N / r->t.best_per_step;
    ppsc     = pps / size;
    bound_hw = triad_hw_core * 1e9 / hw;
    bound_st = triad_core * 1e9 / expl;
    if (previous) {
      const double prev_ppsc = (double)r->N / r->tprev.best_per_step / size;
      PetscCall(BenchJSON(
          comm,
          "\"bench\":\"langevin_previous\",\"integrator\":\"%s\",\"N\":%" PetscInt_FMT
          ",\"ranks\":%d,\"ns_per_particle_step_per_core\":%.3f,\"fraction_of_bandwidth_bound\":%.3f,\"speedup_of_library\":%.3f,\"note\":\"%s_chunk_noise (chunk_noise_integrators.h): the whole chunk's noise first, timed right after the library's step\"",
          r->integ, r->N, size, 1e9 / prev_ppsc, prev_ppsc / bound_hw, r->tprev.best_per_step / r->t.best_per_step,
          r->integ));
    }
    PetscCall(BenchJSON(
        comm,
        "\"bench\":\"langevin\",\"clock\":\"%s\",\"integrator\":\"%s\",\"drift\":\"harmonic\",\"single_pass\":%s,\"dim\":%" PetscInt_FMT
        ",\"N\":%" PetscInt_FMT ",\"ranks\":%d,\"steps\":%" PetscInt_FMT ",\"reps\":%" PetscInt_FMT
        ",\"seconds_per_step_best\":%.6g,\"seconds_per_step_median\":%.6g,\"particle_steps_per_s\":%.4g,\"particle_steps_per_s_per_core\":%.4g,\"ns_per_particle_step_per_core\":%.3f"
        ",\"bytes_per_particle_step\":%.0f,\"bytes_per_particle_step_stream_convention\":%.0f,\"triad_GBps\":%.3f,\"bound_particle_steps_per_s_per_core\":%.4g,\"fraction_of_bandwidth_bound\":%.3f,\"fraction_of_bandwidth_bound_stream_convention\":%.3f",
        bench_clock_cpu ? "cpu" : "wall", r->integ, r->single ? "true" : "false", dim, r->N, size, r->t.steps,
        r->t.reps, r->t.best_per_step, r->t.median_per_step, pps, ppsc, 1e9 / ppsc, hw, expl, triad_core, bound_hw,
        ppsc / bound_hw, ppsc / bound_st));
    if (probe) {
      const char *what[4] = {
          "constant noise: the memory streams alone",
          "MckRNGNormalsPacked per chunk: the library's step re-implemented",
          "move pass in sub-blocks: noise for -bench_subblock particles, then their update",
          "sub-blocks and one fused pass per chunk (move, forces, finish), possible when no drift has statistics"};
      const char *name[4] = {"langevin_probe", "langevin_probe_rng", "langevin_probe_rng_subblock",
                             "langevin_probe_rng_subblock_fused"};
      for (PetscInt mode = 0; mode < 4; mode++) {
        const double pc = (double)r->N / r->probe[mode] / size;
        PetscCall(BenchJSON(
            comm,
            "\"bench\":\"%s\",\"integrator\":\"%s\",\"dim\":%" PetscInt_FMT ",\"N\":%" PetscInt_FMT
            ",\"ranks\":%d,\"subblock\":%" PetscInt_FMT
            ",\"particle_steps_per_s_per_core\":%.4g,\"ns_per_particle_step_per_core\":%.3f,\"effective_GBps_hardware_model\":%.3f,\"fraction_of_bandwidth_bound\":%.3f,\"note\":\"%s\"",
            name[mode], r->integ, dim, r->N, size, mode >= 2 ? subblock : 0, pc, 1e9 / pc, pc * hw / 1e9, pc / bound_hw,
            what[mode]));
      }
    }
  }
  if (rng) {
    double ns = 0;
    PetscCall(RunRNG(comm, dim, 1 << 20, reps, &ns));
    PetscCall(BenchJSON(
        comm,
        "\"bench\":\"rng_normals\",\"dim\":%" PetscInt_FMT ",\"ranks\":%d,\"normals_per_particle\":%" PetscInt_FMT
        ",\"ns_per_particle\":%.3f,\"ns_per_normal\":%.3f,\"note\":\"MckRNGNormalsPacked on chunks of 256 streams into an in-cache buffer\"",
        dim, size, dim, ns, ns / dim));
  }
  for (PetscInt ii = 0; ii < nI; ii++) PetscCall(PetscFree(integs[ii]));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv) { return BenchMain(&argc, &argv, "bench-langevin", help, Run); }
