static const char help[] =
    "bench-meanfield: cost and communication of the Fourier mean field (drift fourier_meanfield,\n"
    "gaussian kernel, so that every mode in |n_a| <= K is active) on a periodic box.\n"
    "Parts (-bench_parts, comma-separated):\n"
    "  modes    cost per particle-step against the number of active half-modes M, in 1D/2D/3D,\n"
    "           with a least-squares line per dimension (ns per particle-step per mode)\n"
    "  comm     bytes handed to MPI per step for N = 1e4 .. 1e7 (independent of N)\n"
    "  scaling  particle-steps per second at one N (run it on 1 and 2 ranks: run_meanfield.sh)\n"
    "Prints one JSON object per line. Typical use:\n"
    "  mpiexec -n 1 bench-meanfield -bench_parts modes,comm\n"
    "  mpiexec -n 2 bench-meanfield -bench_parts scaling -bench_scaling_n 4000000\n";

/* Communication is measured, not computed: this program defines the MPI entry points the
 * library could use to communicate (collectives and point-to-point sends) and forwards them to
 * the PMPI profiling interface, counting calls and payload bytes (count * type size) while the
 * timed MckLangevinStep calls run. libmckean.so resolves these symbols to the executable's, so
 * every byte the library hands to MPI during a step is seen. The library's own report
 * (MckStatsGetMessageBytes of MckLangevinGetStats; the mode count from
 * MckDriftFourierMeanFieldGetModes) and the expected 2 M * 16 B (2M statistics as 128-bit
 * fixed-point integers) are printed next to it. */
#include "benchutil.h"

/* ---- MPI interposition ------------------------------------------------------------------- */
/* petsclog.h wraps some MPI calls in counting macros; the definitions below need the names. */
#undef MPI_Allreduce
#undef MPI_Iallreduce
#undef MPI_Reduce
#undef MPI_Bcast
#undef MPI_Allgather
#undef MPI_Send
#undef MPI_Isend
static int       count_on;
static long long count_calls, count_bytes;
static double    wait_seconds; /* time spent inside MPI_Allreduce while counting */

static void Count(int count, MPI_Datatype type)
{
  int size = 0;
  if (!count_on) return;
  PMPI_Type_size(type, &size);
  count_calls++;
  count_bytes += (long long)count * size;
}

int MPI_Allreduce(const void *s, void *r, int n, MPI_Datatype t, MPI_Op op, MPI_Comm c)
{
  double t0;
  int    err;
  if (!count_on) return PMPI_Allreduce(s, r, n, t, op, c);
  Count(n, t);
  t0  = PMPI_Wtime();
  err = PMPI_Allreduce(s, r, n, t, op, c);
  wait_seconds += PMPI_Wtime() - t0;
  return err;
}
int MPI_Iallreduce(const void *s, void *r, int n, MPI_Datatype t, MPI_Op op, MPI_Comm c, MPI_Request *q)
{
  Count(n, t);
  return PMPI_Iallreduce(s, r, n, t, op, c, q);
}
int MPI_Reduce(const void *s, void *r, int n, MPI_Datatype t, MPI_Op op, int root, MPI_Comm c)
{
  Count(n, t);
  return PMPI_Reduce(s, r, n, t, op, root, c);
}
int MPI_Bcast(void *b, int n, MPI_Datatype t, int root, MPI_Comm c)
{
  Count(n, t);
  return PMPI_Bcast(b, n, t, root, c);
}
int MPI_Allgather(const void *s, int sn, MPI_Datatype st, void *r, int rn, MPI_Datatype rt, MPI_Comm c)
{
  Count(sn, st);
  return PMPI_Allgather(s, sn, st, r, rn, rt, c);
}
int MPI_Send(const void *b, int n, MPI_Datatype t, int dest, int tag, MPI_Comm c)
{
  Count(n, t);
  return PMPI_Send(b, n, t, dest, tag, c);
}
int MPI_Isend(const void *b, int n, MPI_Datatype t, int dest, int tag, MPI_Comm c, MPI_Request *q)
{
  Count(n, t);
  return PMPI_Isend(b, n, t, dest, tag, c, q);
}

/* ---- what the library says about itself ---------------------------------------------------- */
typedef struct {
  PetscInt  K, M;        /* largest mode index and active half-modes (MckDriftFourierMeanFieldGetModes) */
  long long stats_bytes; /* one reduction's message (MckStatsGetMessageBytes) */
} DriftInfo;

static PetscErrorCode GetDriftInfo(MPI_Comm comm, MckLangevin l, DriftInfo *info)
{
  MckDrift   d;
  MckStats   stats;
  PetscInt64 bytes;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetDrift(l, "fourier_meanfield", &d));
  PetscCheck(d, comm, PETSC_ERR_PLIB, "the benchmark's system has no fourier_meanfield drift");
  PetscCall(MckDriftFourierMeanFieldGetModes(d, &info->K, &info->M));
  PetscCall(MckLangevinGetStats(l, &stats));
  PetscCall(MckStatsGetMessageBytes(stats, &bytes));
  info->stats_bytes = (long long)bytes;
  PetscFunctionReturn(0);
}

/* ---- one configuration -------------------------------------------------------------------- */
typedef struct {
  PetscInt  seed, warmup, reps, min_steps;
  PetscReal target, width, strength, dt, box;
} Common;

static PetscErrorCode SetConfig(const Common *c, PetscInt64 N, PetscInt dim, PetscInt K)
{
  PetscFunctionBeginUser;
  PetscCall(BenchSetOptionInt("-particles_n", N));
  PetscCall(BenchSetOptionInt("-particles_dim", dim));
  PetscCall(BenchSetOptionReal("-particles_box", c->box));
  PetscCall(BenchSetOption("-particles_init", "uniform"));
  PetscCall(BenchSetOption("-lgv_integrator", "euler_maruyama"));
  PetscCall(BenchSetOption("-lgv_drifts", "fourier_meanfield"));
  PetscCall(BenchSetOptionReal("-lgv_dt", c->dt));
  PetscCall(BenchSetOption("-mf_kernel", "gaussian"));
  PetscCall(BenchSetOptionReal("-mf_width", c->width));
  PetscCall(BenchSetOptionReal("-mf_strength", c->strength));
  PetscCall(BenchSetOptionInt("-mf_modes", K));
  PetscFunctionReturn(0);
}

static PetscErrorCode PartModes(MPI_Comm comm, const Common *c, PetscInt64 N, PetscInt ndims, const PetscInt dims[],
                                PetscInt nK[], PetscInt Ks[][16])
{
  PetscMPIInt size;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  for (PetscInt id = 0; id < ndims; id++) {
    const PetscInt d = dims[id];
    double         Ms[16], ts[16];
    PetscInt       n = 0;
    for (PetscInt ik = 0; ik < nK[d - 1]; ik++) {
      BenchSystem s;
      BenchTiming t = {0};
      DriftInfo   info;
      double      ns;
      PetscCall(SetConfig(c, N, d, Ks[d - 1][ik]));
      PetscCall(BenchSystemCreate(comm, c->seed, &s));
      PetscCall(GetDriftInfo(comm, s.l, &info));
      PetscCall(BenchTimeSteps(comm, s.l, c->warmup, c->target, c->min_steps, c->reps, &t));
      PetscCall(BenchSystemDestroy(&s));
      ns    = t.best_per_step * size / (double)N * 1e9; /* per particle-step per core */
      Ms[n] = (double)info.M;
      ts[n] = ns;
      n++;
      PetscCall(BenchJSON(
          comm,
          "\"bench\":\"meanfield_modes\",\"dim\":%" PetscInt_FMT ",\"K\":%" PetscInt_FMT ",\"modes\":%" PetscInt_FMT
          ",\"expected_modes\":%" PetscInt_FMT ",\"N\":%" PetscInt64_FMT ",\"ranks\":%d,\"steps\":%" PetscInt_FMT
          ",\"seconds_per_step_best\":%.6g,\"seconds_per_step_median\":%.6g,\"ns_per_particle_step_per_core\":%.3f,\"ns_per_particle_step_per_mode\":%.4f",
          d, info.K, info.M, (PetscInt)((PetscPowInt(2 * info.K + 1, d) - 1) / 2), N, size, t.steps, t.best_per_step,
          t.median_per_step, ns, ns / (double)info.M));
    }
    if (n >= 2) { /* least squares ns = a + b M; linearity = largest relative residual */
      double sm = 0, st = 0, smm = 0, smt = 0, a, b, maxrel = 0, ssr = 0, sst = 0, mean;
      for (PetscInt i = 0; i < n; i++) {
        sm += Ms[i];
        st += ts[i];
        smm += Ms[i] * Ms[i];
        smt += Ms[i] * ts[i];
      }
      b    = (n * smt - sm * st) / (n * smm - sm * sm);
      a    = (st - b * sm) / n;
      mean = st / n;
      for (PetscInt i = 0; i < n; i++) {
        const double fit = a + b * Ms[i];
        maxrel           = PetscMax(maxrel, PetscAbsReal(ts[i] - fit) / ts[i]);
        ssr += (ts[i] - fit) * (ts[i] - fit);
        sst += (ts[i] - mean) * (ts[i] - mean);
      }
      PetscCall(BenchJSON(
          comm,
          "\"bench\":\"meanfield_modes_fit\",\"dim\":%" PetscInt_FMT ",\"points\":%" PetscInt_FMT
          ",\"ranks\":%d,\"slope_ns_per_particle_step_per_mode\":%.4f,\"intercept_ns_per_particle_step\":%.3f,\"r2\":%.6f,\"max_relative_residual\":%.4f,\"modes_min\":%.0f,\"modes_max\":%.0f",
          d, n, size, b, a, sst > 0 ? 1 - ssr / sst : 1.0, maxrel, Ms[0], Ms[n - 1]));
    }
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode PartComm(MPI_Comm comm, const Common *c, PetscInt nN, const PetscInt Ns[], PetscInt dim,
                               PetscInt K, PetscInt steps)
{
  PetscMPIInt size;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  for (PetscInt i = 0; i < nN; i++) {
    BenchSystem s;
    DriftInfo   info;
    double      t0, dt;
    long long   calls, bytes;
    PetscCall(SetConfig(c, Ns[i], dim, K));
    PetscCall(BenchSystemCreate(comm, c->seed, &s));
    PetscCall(GetDriftInfo(comm, s.l, &info));
    PetscCall(MckLangevinStep(s.l)); /* warm-up */
    PetscCallMPI(MPI_Barrier(comm));
    count_calls = count_bytes = 0;
    t0                        = MPI_Wtime();
    count_on                  = 1;
    for (PetscInt k = 0; k < steps; k++) PetscCall(MckLangevinStep(s.l));
    count_on = 0;
    dt       = BenchWtimeMaxDelta(comm, t0) / (double)steps;
    calls    = count_calls;
    bytes    = count_bytes;
    PetscCall(BenchSystemDestroy(&s));
    /* every rank must agree; report the largest */
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &calls, 1, MPI_LONG_LONG, MPI_MAX, comm));
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &bytes, 1, MPI_LONG_LONG, MPI_MAX, comm));
    PetscCall(BenchJSON(
        comm,
        "\"bench\":\"meanfield_comm\",\"dim\":%" PetscInt_FMT ",\"K\":%" PetscInt_FMT ",\"modes\":%" PetscInt_FMT
        ",\"N\":%" PetscInt_FMT ",\"ranks\":%d,\"steps\":%" PetscInt_FMT
        ",\"mpi_calls_per_step\":%.2f,\"bytes_per_step_per_rank_measured\":%.1f,\"bytes_per_reduction_MckStats\":%lld,\"bytes_expected_2M_x_16\":%" PetscInt_FMT
        ",\"bytes_per_particle\":%.3g,\"seconds_per_step\":%.6g",
        dim, info.K, info.M, Ns[i], size, steps, (double)calls / steps, (double)bytes / steps, info.stats_bytes,
        2 * info.M * 16, (double)bytes / steps / (double)Ns[i], dt));
  }
  PetscFunctionReturn(0);
}

/* Particle-steps per second at one N. Besides the step time (the slowest rank's), each rank's
 * time inside the step's MPI_Allreduce is measured (interposed): busy = elapsed - that. With equal
 * work per rank, busy_max / busy_min > 1 means the ranks ran at different speeds (another job, or
 * vCPUs that the host does not give a full core each), and the faster rank waited. */
static PetscErrorCode PartScaling(MPI_Comm comm, const Common *c, PetscInt64 N, PetscInt dim, PetscInt K)
{
  PetscMPIInt size;
  BenchSystem s;
  DriftInfo   info;
  double      one, best = 1e300, best_busy_min = 0, best_busy_max = 0, times[64];
  PetscInt    steps;

  PetscFunctionBeginUser;
  PetscCheck(c->reps >= 1 && c->reps <= 64, comm, PETSC_ERR_USER_INPUT,
             "-bench_reps %" PetscInt_FMT ": allowed 1 to 64", c->reps);
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(SetConfig(c, N, dim, K));
  PetscCall(BenchSystemCreate(comm, c->seed, &s));
  PetscCall(GetDriftInfo(comm, s.l, &info));
  for (PetscInt w = 0; w < PetscMax(c->warmup, 1); w++) {
    double t0;
    PetscCallMPI(MPI_Barrier(comm));
    t0 = MPI_Wtime();
    PetscCall(MckLangevinStep(s.l));
    one = BenchWtimeMaxDelta(comm, t0);
  }
  steps = PetscMax(c->min_steps, (PetscInt)(c->target / one + 0.5));
  for (PetscInt r = 0; r < c->reps; r++) {
    double t0, mine, busy, tmax, bmin, bmax;
    PetscCallMPI(MPI_Barrier(comm));
    wait_seconds = 0;
    count_on     = 1;
    t0           = MPI_Wtime();
    for (PetscInt k = 0; k < steps; k++) PetscCall(MckLangevinStep(s.l));
    mine     = MPI_Wtime() - t0;
    count_on = 0;
    busy     = mine - wait_seconds;
    PetscCallMPI(MPI_Allreduce(&mine, &tmax, 1, MPI_DOUBLE, MPI_MAX, comm));
    PetscCallMPI(MPI_Allreduce(&busy, &bmin, 1, MPI_DOUBLE, MPI_MIN, comm));
    PetscCallMPI(MPI_Allreduce(&busy, &bmax, 1, MPI_DOUBLE, MPI_MAX, comm));
    times[r] = tmax / steps;
    if (times[r] < best) {
      best          = times[r];
      best_busy_min = bmin / steps;
      best_busy_max = bmax / steps;
    }
  }
  PetscCall(BenchSystemDestroy(&s));
  BenchSortTimes(times, c->reps);
  PetscCall(BenchJSON(
      comm,
      "\"bench\":\"meanfield_scaling\",\"dim\":%" PetscInt_FMT ",\"K\":%" PetscInt_FMT ",\"modes\":%" PetscInt_FMT
      ",\"N\":%" PetscInt64_FMT ",\"ranks\":%d,\"steps\":%" PetscInt_FMT ",\"reps\":%" PetscInt_FMT
      ",\"seconds_per_step_best\":%.6g,\"seconds_per_step_median\":%.6g,\"particle_steps_per_s\":%.4g,\"particle_steps_per_s_per_core\":%.4g"
      ",\"busy_seconds_per_step_min\":%.6g,\"busy_seconds_per_step_max\":%.6g,\"rank_speed_imbalance\":%.3f,\"wait_fraction\":%.3f",
      dim, info.K, info.M, N, size, steps, c->reps, best, times[c->reps / 2], (double)N / best, (double)N / best / size,
      best_busy_min, best_busy_max, best_busy_max / best_busy_min, 1 - best_busy_min / best));
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(void)
{
  MPI_Comm  comm = PETSC_COMM_WORLD;
  Common    c    = {.seed      = 2026,
                    .warmup    = 1,
                    .reps      = 3,
                    .min_steps = 2,
                    .target    = 0.5,
                    .width     = 0.05,
                    .strength  = 1.0,
                    .dt        = 0.001,
                    .box       = 1.0};
  char     *parts[3];
  PetscInt  nparts = 3, ndims = 3, dims[3] = {1, 2, 3}, nK[3] = {7, 6, 4};
  PetscInt  Ks[3][16] = {{1, 2, 4, 8, 16, 32, 64}, {1, 2, 3, 4, 6, 8}, {1, 2, 3, 4}};
  PetscInt  nN = 16, Ns[16] = {10000, 100000, 1000000, 10000000}, comm_dim = 3, comm_K = 2, comm_steps = 3;
  PetscInt  modes_n = 200000, scaling_n = 4000000, scaling_dim = 3, scaling_K = 2;
  PetscBool set_parts, setN, do_modes = PETSC_FALSE, do_comm = PETSC_FALSE, do_scaling = PETSC_FALSE;
  PetscBool set;

  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, NULL, "bench-meanfield options", NULL);
  PetscCall(MckOptionsStringArray("-bench_parts", "Parts to run: modes, comm, scaling (default modes,comm)", parts,
                                  &nparts, &set_parts));
  McKeanOptionsKnow("-bench_dims");
  PetscCall(PetscOptionsIntArray("-bench_dims", "modes: dimensions", NULL, dims, &ndims, &set));
  if (!set) ndims = 3; /* PETSc sets the count to 0 when the option is absent */
  McKeanOptionsKnow("-bench_modes_1d");
  PetscCall(PetscOptionsIntArray("-bench_modes_1d", "modes: values of K (-mf_modes) in 1D", NULL, Ks[0], &nK[0], &set));
  if (!set) nK[0] = 7;
  McKeanOptionsKnow("-bench_modes_2d");
  PetscCall(PetscOptionsIntArray("-bench_modes_2d", "modes: values of K in 2D", NULL, Ks[1], &nK[1], &set));
  if (!set) nK[1] = 6;
  McKeanOptionsKnow("-bench_modes_3d");
  PetscCall(PetscOptionsIntArray("-bench_modes_3d", "modes: values of K in 3D", NULL, Ks[2], &nK[2], &set));
  if (!set) nK[2] = 4;
  PetscCall(MckOptionsInt("-bench_modes_n", "modes: particle count N", modes_n, &modes_n, NULL));
  McKeanOptionsKnow("-bench_comm_n");
  PetscCall(PetscOptionsIntArray("-bench_comm_n", "comm: particle counts N", NULL, Ns, &nN, &setN));
  if (!setN) nN = 4;
  PetscCall(MckOptionsInt("-bench_comm_dim", "comm: dimension", comm_dim, &comm_dim, NULL));
  PetscCall(MckOptionsInt("-bench_comm_modes", "comm: K", comm_K, &comm_K, NULL));
  PetscCall(MckOptionsInt("-bench_comm_steps", "comm: counted steps", comm_steps, &comm_steps, NULL));
  PetscCall(MckOptionsInt("-bench_scaling_n", "scaling: particle count N", scaling_n, &scaling_n, NULL));
  PetscCall(MckOptionsInt("-bench_scaling_dim", "scaling: dimension", scaling_dim, &scaling_dim, NULL));
  PetscCall(MckOptionsInt("-bench_scaling_modes", "scaling: K", scaling_K, &scaling_K, NULL));
  PetscCall(MckOptionsInt("-bench_warmup", "Untimed steps before timing", c.warmup, &c.warmup, NULL));
  PetscCall(MckOptionsInt("-bench_reps", "Timed repetitions", c.reps, &c.reps, NULL));
  PetscCall(MckOptionsInt("-bench_min_steps", "Least steps per timed repetition", c.min_steps, &c.min_steps, NULL));
  PetscCall(
      MckOptionsReal("-bench_target_seconds", "Aimed duration of one timed repetition", c.target, &c.target, NULL));
  PetscCall(MckOptionsReal("-bench_width",
                           "Gaussian kernel width (-mf_width); small enough that no mode's coefficient underflows",
                           c.width, &c.width, NULL));
  PetscCall(MckOptionsReal("-bench_strength", "Kernel strength (-mf_strength)", c.strength, &c.strength, NULL));
  PetscCall(MckOptionsReal("-bench_dt", "Time step (-lgv_dt)", c.dt, &c.dt, NULL));
  PetscCall(MckOptionsInt("-bench_seed", "Seed", c.seed, &c.seed, NULL));
  PetscOptionsEnd();
  {
    PetscBool help;
    PetscCall(PetscOptionsHasHelp(NULL, &help));
    if (help) PetscFunctionReturn(0); /* the options and their defaults have been printed */
  }
  if (!set_parts) {
    do_modes = do_comm = PETSC_TRUE;
    nparts             = 0;
  }
  for (PetscInt i = 0; i < nparts; i++) {
    PetscBool m, cm, sc;
    PetscCall(PetscStrcmp(parts[i], "modes", &m));
    PetscCall(PetscStrcmp(parts[i], "comm", &cm));
    PetscCall(PetscStrcmp(parts[i], "scaling", &sc));
    PetscCheck(m || cm || sc, comm, PETSC_ERR_USER_INPUT,
               "-bench_parts %s: unknown part; allowed: modes, comm, scaling", parts[i]);
    do_modes   = (PetscBool)(do_modes || m);
    do_comm    = (PetscBool)(do_comm || cm);
    do_scaling = (PetscBool)(do_scaling || sc);
    PetscCall(PetscFree(parts[i]));
  }
  for (PetscInt i = 0; i < ndims; i++)
    PetscCheck(dims[i] >= 1 && dims[i] <= 3, comm, PETSC_ERR_USER_INPUT,
               "-bench_dims %" PetscInt_FMT ": allowed 1, 2, 3", dims[i]);
  if (do_modes) PetscCall(PartModes(comm, &c, modes_n, ndims, dims, nK, Ks));
  if (do_comm) PetscCall(PartComm(comm, &c, nN, Ns, comm_dim, comm_K, comm_steps));
  if (do_scaling) PetscCall(PartScaling(comm, &c, scaling_n, scaling_dim, scaling_K));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv) { return BenchMain(&argc, &argv, "bench-meanfield", help, Run); }
