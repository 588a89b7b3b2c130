/* MckDMFT object: lifecycle, options, set-up checks (memory included), getters, view. */
#include "dmft/dmftimpl.h"
#include <unistd.h>

static const char *const IntegratorNames[] = {"exp", "euler"};

PetscErrorCode MckDMFTCreate(MPI_Comm comm, MckDMFT *dd)
{
  MckDMFT d;

  PetscFunctionBeginUser;
  PetscCall(MckDMFTInitializePackage());
  PetscCall(PetscNew(&d));
  d->comm                = comm;
  d->g                   = 1.5;
  d->noise               = 0.0;
  d->input               = 0.0;
  d->q0                  = 1.0;
  d->T                   = 200;
  d->dt                  = 0.1;
  d->lags                = -1; /* default: what the grid allows after the burn-in */
  d->burn_in             = 0.0;
  d->population          = 10000;
  d->chunk               = 256;
  d->max_it              = 100;
  d->tol                 = 1e-6;
  d->damping             = 1.0;
  d->jitter              = 1e-10;
  d->network_n           = 1000;
  d->scalapack_threshold = 4096;
  d->memory_limit_gb     = (PetscReal)sysconf(_SC_PHYS_PAGES) * (PetscReal)sysconf(_SC_PAGESIZE) / 1e9;
  d->integrator          = MCK_DMFT_EXP;
  d->frozen_noise        = PETSC_TRUE;
  PetscCall(PetscStrncpy(d->solver_name, "population", sizeof(d->solver_name)));
  PetscCall(PetscStrncpy(d->act_name, "tanh", sizeof(d->act_name)));
  *dd = d;
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTSetRNG(MckDMFT d, MckRNG rng)
{
  PetscFunctionBeginUser;
  d->rng = rng;
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckOptions(MckDMFT d)
{
  PetscFunctionBeginUser;
  PetscCheck(d->g > 0, d->comm, PETSC_ERR_USER_INPUT, "-dmft_g %g: the coupling strength g must be positive", (double)d->g);
  PetscCall(McKeanCheckNonNegative(d->comm, "-dmft_noise", d->noise));
  PetscCall(McKeanCheckNonNegative(d->comm, "-dmft_q0", d->q0));
  PetscCall(McKeanCheckPositive(d->comm, "-dmft_dt", d->dt));
  PetscCall(McKeanCheckPositive(d->comm, "-dmft_tol", d->tol));
  PetscCall(McKeanCheckNonNegative(d->comm, "-dmft_jitter", d->jitter));
  PetscCall(McKeanCheckNonNegative(d->comm, "-dmft_burn_in", d->burn_in));
  PetscCall(McKeanCheckPositive(d->comm, "-dmft_memory_limit", d->memory_limit_gb));
  PetscCheck(d->damping > 0 && d->damping <= 1, d->comm, PETSC_ERR_USER_INPUT, "-dmft_damping %g: allowed 0 < damping <= 1", (double)d->damping);
  PetscCheck(d->T >= 2, d->comm, PETSC_ERR_USER_INPUT, "-dmft_steps %" PetscInt_FMT ": the time grid needs at least 2 points", d->T);
  PetscCheck(d->population >= 1, d->comm, PETSC_ERR_USER_INPUT, "-dmft_population %" PetscInt_FMT ": must be at least 1", d->population);
  PetscCheck(d->chunk >= 1, d->comm, PETSC_ERR_USER_INPUT, "-dmft_chunk %" PetscInt_FMT ": must be at least 1", d->chunk);
  PetscCheck(d->max_it >= 1, d->comm, PETSC_ERR_USER_INPUT, "-dmft_max_it %" PetscInt_FMT ": must be at least 1", d->max_it);
  PetscCheck(d->network_n >= 2, d->comm, PETSC_ERR_USER_INPUT, "-dmft_n %" PetscInt_FMT ": the network needs at least 2 neurons", d->network_n);
  PetscCheck(d->burn_in < (d->T - 1) * d->dt, d->comm, PETSC_ERR_USER_INPUT, "-dmft_burn_in %g: must be shorter than the window (-dmft_steps - 1) * -dmft_dt = %g", (double)d->burn_in, (double)((d->T - 1) * d->dt));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTSetFromOptions(MckDMFT d)
{
  PetscInt  integ = (PetscInt)d->integrator;
  void (*fn)(void);

  PetscFunctionBeginUser;
  PetscCheck(!d->setup, d->comm, PETSC_ERR_ARG_WRONGSTATE, "MckDMFTSetFromOptions: call before MckDMFTSetUp()");
  PetscOptionsBegin(d->comm, NULL, "Dynamical mean-field theory of a random network (MckDMFT)", NULL);
  PetscCall(MckOptionsString("-dmft_solver", "Solver: population (sampled self-consistency), stationary (Newton equation), network (finite N)", d->solver_name, d->solver_name, sizeof(d->solver_name), NULL));
  PetscCall(MckOptionsReal("-dmft_g", "Coupling strength g > 0 (J_ij ~ N(0, g^2/N))", d->g, &d->g, NULL));
  PetscCall(MckOptionsString("-dmft_activation", "Activation phi (tanh, erf, relu, or registered)", d->act_name, d->act_name, sizeof(d->act_name), NULL));
  PetscCall(MckOptionsReal("-dmft_noise", "White-noise strength D >= 0 (noise variance 2 D per unit time)", d->noise, &d->noise, NULL));
  PetscCall(MckOptionsReal("-dmft_input", "Constant input I", d->input, &d->input, NULL));
  PetscCall(MckOptionsReal("-dmft_q0", "Variance of the Gaussian initial condition x(0)", d->q0, &d->q0, NULL));
  PetscCall(MckOptionsInt("-dmft_steps", "Points T of the time grid (the two-time state is T x T)", d->T, &d->T, NULL));
  PetscCall(MckOptionsReal("-dmft_dt", "Grid spacing dt", d->dt, &d->dt, NULL));
  PetscCall(MckOptionsReal("-dmft_burn_in", "Time after which paths count as stationary, for Delta(tau)", d->burn_in, &d->burn_in, NULL));
  PetscCall(MckOptionsInt("-dmft_lags", "Lags of Delta(tau) to report (-1: all the window allows)", d->lags, &d->lags, NULL));
  PetscCall(MckOptionsChoice("-dmft_integrator", "Single-site integrator: exp (exact for -x, fields linear in a step) or euler (Euler-Maruyama)", IntegratorNames, 2, integ, &integ, NULL));
  PetscCall(MckOptionsInt("-dmft_population", "Single-site paths M per iteration (population solver)", d->population, &d->population, NULL));
  PetscCall(MckOptionsInt("-dmft_chunk", "Paths per chunk: the unit of reproducible summation and of one GEMM", d->chunk, &d->chunk, NULL));
  PetscCall(MckOptionsInt("-dmft_max_it", "Maximum self-consistency iterations", d->max_it, &d->max_it, NULL));
  PetscCall(MckOptionsReal("-dmft_tol", "Converged when max|C_phi - G(C_phi)| <= tol max|C_phi|", d->tol, &d->tol, NULL));
  PetscCall(MckOptionsReal("-dmft_damping", "Damping lambda of the fixed-point iteration C <- C - lambda (C - G(C))", d->damping, &d->damping, NULL));
  PetscCall(MckOptionsReal("-dmft_jitter", "Added to the diagonal of g^2 C_phi before the Cholesky factorisation, relative to its largest diagonal entry", d->jitter, &d->jitter, NULL));
  PetscCall(MckOptionsBool("-dmft_frozen_noise", "Reuse the same normals in every iteration (a deterministic map; false: keyed by iteration)", d->frozen_noise, &d->frozen_noise, NULL));
  PetscCall(MckOptionsInt("-dmft_scalapack_threshold", "Factor the T x T covariance with MATSCALAPACK when T >= this", d->scalapack_threshold, &d->scalapack_threshold, NULL));
  PetscCall(MckOptionsReal("-dmft_memory_limit", "Memory per rank in GB the run may use (default: the machine's)", d->memory_limit_gb, &d->memory_limit_gb, NULL));
  PetscCall(MckOptionsInt("-dmft_n", "Neurons N of the finite network (network solver)", d->network_n, &d->network_n, NULL));
  PetscOptionsEnd();
  d->integrator = (MckDMFTIntegrator)integ;
  PetscCall(CheckOptions(d));
  PetscCall(PetscFunctionListFind(MckDMFTSolverList, d->solver_name, &fn));
  PetscCheck(fn, d->comm, PETSC_ERR_USER_INPUT, "-dmft_solver %s: unknown; allowed: population, stationary, network (or a registered solver)", d->solver_name);
  d->solve = (MckDMFTSolverFn)fn;
  PetscCall(MckDMFTGetActivation_Private(d->act_name, &d->act));
  PetscCheck(d->act, d->comm, PETSC_ERR_USER_INPUT, "-dmft_activation %s: unknown; allowed: tanh, erf, relu (or a registered activation)", d->act_name);
  PetscFunctionReturn(0);
}

/* Bytes per rank. Every solver keeps C_x and C_phi (2 T^2, replicated); the population adds the
 * factor, the Gram block, packed copies, SNES vectors and the exact 128-bit accumulators of
 * MckStats (~11 T^2) and its chunk buffers (5 B T); the network the two-time statistic
 * (~8 T^2), its rows of J (N^2 / P) and its paths (2 (N / P) T). */
static void MemoryParts(MckDMFT d, PetscMPIInt size, PetscReal *state, PetscReal *couplings)
{
  const PetscReal T = (PetscReal)d->T, N = (PetscReal)d->network_n;

  *state     = 2.0 * T * T;
  *couplings = 0;
  if (d->solve == MckDMFTSolve_Population) *state += 11.0 * T * T + 5.0 * d->chunk * T;
  if (d->solve == MckDMFTSolve_Network) {
    *state += 8.0 * T * T + 2.0 * (N / size + d->chunk) * T;
    *couplings = N * N / size + 4.0 * N;
  }
  *state *= 8.0;
  *couplings *= 8.0;
}

PetscReal MckDMFTMemoryEstimate(MckDMFT d, PetscMPIInt size)
{
  PetscReal state, couplings;

  MemoryParts(d, size, &state, &couplings);
  return state + couplings;
}

static PetscErrorCode CheckMemory(MckDMFT d)
{
  PetscMPIInt size;
  PetscReal   state, couplings, need;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(d->comm, &size));
  MemoryParts(d, size, &state, &couplings);
  need = (state + couplings) / 1e9;
  if (need <= d->memory_limit_gb) PetscFunctionReturn(0);
  PetscCheck(couplings > state, d->comm, PETSC_ERR_USER_INPUT,
             "-dmft_steps %" PetscInt_FMT ": the %s solver needs %.3g GB per rank (two-time state of %" PetscInt_FMT " x %" PetscInt_FMT " doubles, replicated, with its work copies), more than the %.3g GB available (-dmft_memory_limit)",
             d->T, d->solver_name, (double)need, d->T, d->T, (double)d->memory_limit_gb);
  SETERRQ(d->comm, PETSC_ERR_USER_INPUT, "-dmft_n %" PetscInt_FMT ": the network needs %.3g GB per rank on %d ranks (dense couplings N^2 / P: %.3g GB), more than the %.3g GB available (-dmft_memory_limit); use more ranks", d->network_n, (double)need, size,
          (double)(couplings / 1e9), (double)d->memory_limit_gb);
}

PetscErrorCode MckDMFTSetUp(MckDMFT d)
{
  const char *cols[] = {"iteration", "residual", "cphi_diag_mean"};

  PetscFunctionBeginUser;
  if (d->setup) PetscFunctionReturn(0);
  if (!d->solve) PetscCall(MckDMFTSetFromOptions(d));
  PetscCheck(d->rng || d->solve == MckDMFTSolve_Stationary, d->comm, PETSC_ERR_ARG_WRONGSTATE, "MckDMFTSetUp: call MckDMFTSetRNG() first");
  PetscCall(CheckMemory(d));
  if (d->lags < 0) d->lags = d->T - MckDMFTBurnInSteps(d);
  PetscCheck(d->lags >= 1 && d->lags <= d->T - MckDMFTBurnInSteps(d), d->comm, PETSC_ERR_USER_INPUT, "-dmft_lags %" PetscInt_FMT ": allowed 1 to %" PetscInt_FMT " (the grid points after -dmft_burn_in)", d->lags, d->T - MckDMFTBurnInSteps(d));
  MckDMFTStepCoeffsSet(d->integrator, d->dt, d->noise, d->input, &d->step);
  PetscCall(PetscCalloc3((size_t)d->T * d->T, &d->cx, (size_t)d->T * d->T, &d->cphi, d->lags, &d->delta));
  PetscCall(MckSeriesCreate(d->comm, "dmft_iterations", 3, cols, &d->history));
  if (d->solve == MckDMFTSolve_Population) PetscCall(MckDMFTSetUp_Population(d));
  if (d->solve == MckDMFTSolve_Network) PetscCall(MckDMFTSetUp_Network(d));
  d->setup = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTSolve(MckDMFT d)
{
  PetscFunctionBeginUser;
  PetscCall(MckDMFTSetUp(d));
  PetscCall(d->solve(d));
  d->solved = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTGetCorrelations(MckDMFT d, PetscInt *T, const PetscReal **Cx, const PetscReal **Cphi)
{
  PetscFunctionBeginUser;
  if (T) *T = d->T;
  if (Cx) *Cx = d->cx;
  if (Cphi) *Cphi = d->cphi;
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTGetAutocorrelation(MckDMFT d, PetscInt *nlags, PetscReal *dtau, const PetscReal **delta)
{
  PetscFunctionBeginUser;
  if (nlags) *nlags = d->lags;
  if (dtau) *dtau = d->dt;
  if (delta) *delta = d->delta;
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTGetConvergence(MckDMFT d, PetscInt *its, PetscReal *residual, PetscBool *converged)
{
  PetscFunctionBeginUser;
  if (its) *its = d->its;
  if (residual) *residual = d->residual;
  if (converged) *converged = d->converged;
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTGetHistory(MckDMFT d, MckSeries *history)
{
  PetscFunctionBeginUser;
  *history = d->history;
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTView(MckDMFT d, PetscViewer viewer)
{
  PetscMPIInt size;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(d->comm, &size));
  PetscCall(PetscViewerASCIIPrintf(viewer, "MckDMFT: model scs, solver %s, activation %s, g = %g, noise D = %g, input I = %g\n", d->solver_name, d->act_name, (double)d->g, (double)d->noise, (double)d->input));
  PetscCall(PetscViewerASCIIPrintf(viewer, "  grid: T = %" PetscInt_FMT " points, dt = %g, burn-in %g, %" PetscInt_FMT " lags; integrator %s; x(0) ~ N(0, %g)\n", d->T, (double)d->dt, (double)d->burn_in, d->lags, IntegratorNames[d->integrator], (double)d->q0));
  if (d->solve == MckDMFTSolve_Population)
    PetscCall(PetscViewerASCIIPrintf(viewer, "  population M = %" PetscInt_FMT " in chunks of %" PetscInt_FMT ", tol %g, max_it %" PetscInt_FMT ", jitter %g, %s noise, Cholesky by %s\n", d->population, d->chunk, (double)d->tol, d->max_it, (double)d->jitter,
                                     d->frozen_noise ? "frozen" : "fresh", d->T >= d->scalapack_threshold ? "MATSCALAPACK" : "LAPACK"));
  if (d->solve == MckDMFTSolve_Network) PetscCall(PetscViewerASCIIPrintf(viewer, "  network N = %" PetscInt_FMT ", couplings dense (MATMPIDENSE)\n", d->network_n));
  PetscCall(PetscViewerASCIIPrintf(viewer, "  memory: %.3g GB per rank on %d ranks\n", (double)(MckDMFTMemoryEstimate(d, size) / 1e9), size));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTDestroy(MckDMFT *dd)
{
  MckDMFT d = *dd;

  PetscFunctionBeginUser;
  if (!d) PetscFunctionReturn(0);
  PetscCall(MckDMFTDestroy_Population(d));
  PetscCall(MckDMFTDestroy_Network(d));
  PetscCall(MatDestroy(&d->J));
  PetscCall(PetscFree3(d->cx, d->cphi, d->delta));
  PetscCall(MckSeriesDestroy(&d->history));
  PetscCall(PetscFree(d));
  *dd = NULL;
  PetscFunctionReturn(0);
}
