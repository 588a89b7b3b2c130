/* Model "scs" of MckDMFT (Sompolinsky, Crisanti, Sommers 1988; include/mckean/mckdmft.h): the
 * model's options, set-up checks (memory included), the dispatch to its solver (-dmft_solver, a
 * registry of its own: population.c, stationary.c, network.c), its checkpoint part, view and
 * result. */
#include "dmft/dmftimpl.h"
#include <unistd.h>

static MckSCS SCS(MckDMFT d) { return (MckSCS)d->data; }

/* The solver: its constructor fills s->sops and s->sdata (the previous one destroyed first). */
static PetscErrorCode SetSolver(MckSCS s, const char name[])
{
  MckSCSSolverCreateFn create;

  PetscFunctionBeginUser;
  PetscCall(McKeanFunctionListFind(s->d, MckDMFTSolverList, "-dmft_solver", "solver", name, &create));
  if (s->sops.destroy) PetscCall((*s->sops.destroy)(s));
  PetscCall(PetscMemzero(&s->sops, sizeof(s->sops)));
  s->sdata = NULL;
  PetscCall(PetscStrncpy(s->solver_name, name, sizeof(s->solver_name)));
  PetscCall((*create)(s, &s->sops, &s->sdata));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckOptions(MckSCS s)
{
  PetscObject o = (PetscObject)s->d;

  PetscFunctionBeginUser;
  PetscCheck(s->g > 0, s->comm, PETSC_ERR_USER_INPUT, "%s %g: the coupling strength g must be positive",
             McKeanOptionName(o, "-dmft_g"), (double)s->g);
  PetscCall(McKeanCheckNonNegative(s->comm, McKeanOptionName(o, "-dmft_noise"), s->noise));
  PetscCall(McKeanCheckPositive(s->comm, McKeanOptionName(o, "-dmft_dt"), s->dt));
  PetscCall(McKeanCheckNonNegative(s->comm, McKeanOptionName(o, "-dmft_burn_in"), s->burn_in));
  PetscCall(McKeanCheckPositive(s->comm, McKeanOptionName(o, "-dmft_memory_limit"), s->memory_limit_gb));
  PetscCheck(s->T >= 2, s->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": the time grid needs at least 2 points",
             McKeanOptionName(o, "-dmft_steps"), s->T);
  PetscCheck(s->burn_in < (s->T - 1) * s->dt, s->comm, PETSC_ERR_USER_INPUT,
             "%s %g: must be shorter than the window (%s - 1) * %s = %g", McKeanOptionName(o, "-dmft_burn_in"),
             (double)s->burn_in, McKeanOptionName(o, "-dmft_steps"), McKeanOptionName(o, "-dmft_dt"),
             (double)((s->T - 1) * s->dt));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetFromOptions_SCS(MckDMFT d, PetscOptionItems *PetscOptionsObject)
{
  MckSCS            s = SCS(d);
  char              solver[MCK_DMFT_NAME_LEN];
  PetscFunctionList activations;
  PetscBool         same;

  PetscFunctionBeginUser;
  PetscCall(MckActivationGetList(&activations));
  PetscCall(PetscStrncpy(solver, s->solver_name, sizeof(solver)));
  PetscCall(MckOptionsFList(
      "-dmft_solver",
      "Solver: population (sampled self-consistency), stationary (Newton equation), network (finite N), or registered",
      MckDMFTSolverList, solver, solver, sizeof(solver), NULL));
  PetscCall(MckOptionsReal("-dmft_g", "Coupling strength g > 0 (J_ij ~ N(0, g^2/N))", s->g, &s->g, NULL));
  PetscCall(MckOptionsFList("-dmft_activation", "Activation phi (the activation table, include/mckean/mckactivation.h)",
                            activations, s->act_name, s->act_name, sizeof(s->act_name), NULL));
  PetscCall(MckOptionsReal("-dmft_noise", "White-noise strength D >= 0 (noise variance 2 D per unit time)", s->noise,
                           &s->noise, NULL));
  PetscCall(MckOptionsReal("-dmft_input", "Constant input I", s->input, &s->input, NULL));
  PetscCall(MckOptionsInt("-dmft_steps", "Points T of the time grid (the two-time state is T x T)", s->T, &s->T, NULL));
  PetscCall(MckOptionsReal("-dmft_dt", "Grid spacing dt", s->dt, &s->dt, NULL));
  PetscCall(MckOptionsReal("-dmft_burn_in", "Time after which paths count as stationary, for Delta(tau)", s->burn_in,
                           &s->burn_in, NULL));
  PetscCall(
      MckOptionsInt("-dmft_lags", "Lags of Delta(tau) to report (-1: all the window allows)", s->lags, &s->lags, NULL));
  PetscCall(MckOptionsReal("-dmft_memory_limit", "Memory per rank in GB the run may use (default: the machine's)",
                           s->memory_limit_gb, &s->memory_limit_gb, NULL));
  PetscCall(PetscStrcmp(solver, s->solver_name, &same));
  if (!same || !s->sops.step) PetscCall(SetSolver(s, solver));
  if (s->sops.setfromoptions) PetscCall((*s->sops.setfromoptions)(s, PetscOptionsObject));
  PetscCall(CheckOptions(s));
  PetscCall(MckActivationFind((PetscObject)d, "-dmft_activation", s->act_name, &s->act));
  PetscFunctionReturn(0);
}

/* Bytes per rank: every solver keeps C_x and C_phi (2 T^2, replicated), plus what the solver
 * adds to the two-time state and its couplings (a finite network). */
static PetscErrorCode MemoryParts(MckSCS s, PetscMPIInt size, PetscReal *state, PetscReal *couplings)
{
  const PetscReal T = (PetscReal)s->T;

  PetscFunctionBeginUser;
  *state     = 2.0 * T * T;
  *couplings = 0;
  if (s->sops.memory) PetscCall((*s->sops.memory)(s, size, state, couplings));
  *state *= 8.0;
  *couplings *= 8.0;
  PetscFunctionReturn(0);
}

/* -dmft_memory_limit per rank first (the message says which part is too large), then the
 * node's limits (McKeanCheckMemory: all ranks of a node together, cgroup, SLURM). */
static PetscErrorCode CheckMemory(MckSCS s)
{
  PetscObject o = (PetscObject)s->d;
  PetscMPIInt size;
  PetscReal   state, couplings, need;
  PetscBool   network;
  char        value[32];

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(s->comm, &size));
  PetscCall(MemoryParts(s, size, &state, &couplings));
  need    = (state + couplings) / 1e9;
  network = (PetscBool)(couplings > state);
  if (network) {
    PetscCheck(
        need <= s->memory_limit_gb, s->comm, PETSC_ERR_USER_INPUT,
        "%s %" PetscInt64_FMT
        ": the network needs %.3g GB per rank on %d ranks (dense couplings N^2 / P: %.3g GB), more than the %.3g GB available (%s); use more ranks",
        McKeanOptionName(o, "-dmft_n"), s->sample, (double)need, size, (double)(couplings / 1e9),
        (double)s->memory_limit_gb, McKeanOptionName(o, "-dmft_memory_limit"));
  } else {
    PetscCheck(need <= s->memory_limit_gb, s->comm, PETSC_ERR_USER_INPUT,
               "%s %" PetscInt_FMT ": the %s solver needs %.3g GB per rank (two-time state of %" PetscInt_FMT
               " x %" PetscInt_FMT " doubles, replicated, with its work copies), more than the %.3g GB available (%s)",
               McKeanOptionName(o, "-dmft_steps"), s->T, s->solver_name, (double)need, s->T, s->T,
               (double)s->memory_limit_gb, McKeanOptionName(o, "-dmft_memory_limit"));
  }
  PetscCall(PetscSNPrintf(value, sizeof(value), "%" PetscInt64_FMT, network ? s->sample : (PetscInt64)s->T));
  PetscCall(
      McKeanCheckMemory(s->comm, McKeanOptionName(o, network ? "-dmft_n" : "-dmft_steps"), value, state + couplings));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_SCS(MckDMFT d)
{
  MckSCS         s = SCS(d);
  const PetscInt b = MckSCSBurnInSteps(s);

  PetscFunctionBeginUser;
  if (!s->sops.step) PetscCall(SetSolver(s, s->solver_name));
  if (!s->act.phi) PetscCall(MckActivationFind((PetscObject)d, "-dmft_activation", s->act_name, &s->act));
  if (!d->help) PetscCall(CheckMemory(s)); /* -help: a grid sized for a bigger node is not refused */
  if (s->lags < 0) s->lags = s->T - b;
  PetscCheck(s->lags >= 1 && s->lags <= s->T - b, s->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": allowed 1 to %" PetscInt_FMT " (the grid points after %s)",
             McKeanOptionName((PetscObject)d, "-dmft_lags"), s->lags, s->T - b,
             McKeanOptionName((PetscObject)d, "-dmft_burn_in"));
  if (!d->help) PetscCall(PetscCalloc3((size_t)s->T * s->T, &s->cx, (size_t)s->T * s->T, &s->cphi, s->lags, &s->delta));
  if (s->sops.setup) PetscCall((*s->sops.setup)(s)); /* with -help each solver allocates nothing of the grid's size */
  PetscFunctionReturn(0);
}

static PetscErrorCode Initialize_SCS(MckDMFT d)
{
  MckSCS s = SCS(d);

  PetscFunctionBeginUser;
  s->done      = PETSC_FALSE;
  s->converged = PETSC_FALSE;
  s->its       = 0;
  s->residual  = 0;
  if (s->sops.initialize) PetscCall((*s->sops.initialize)(s));
  PetscFunctionReturn(0);
}

static PetscErrorCode Step_SCS(MckDMFT d)
{
  MckSCS s = SCS(d);

  PetscFunctionBeginUser;
  PetscCheck(!s->done, s->comm, PETSC_ERR_ORDER, "MckDMFTStep(): the %s solve has finished", s->solver_name);
  PetscCall((*s->sops.step)(s));
  PetscFunctionReturn(0);
}

static PetscErrorCode GetStep_SCS(MckDMFT d, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time)
{
  MckSCS s = SCS(d);

  PetscFunctionBeginUser;
  PetscCall((*s->sops.getstep)(s, step, nsteps, time));
  PetscFunctionReturn(0);
}

/* A solver without a state to write (stationary: one step of seconds) refuses checkpoints. */
static PetscErrorCode Checkpointing_SCS(MckDMFT d, PetscInt interval, PetscBool restart)
{
  MckSCS s = SCS(d);
  char   solvers[256], models[256];

  PetscFunctionBeginUser;
  if (s->sops.write || (!interval && !restart)) PetscFunctionReturn(0);
  PetscCall(McKeanFunctionListNames(MckDMFTSolverList, solvers, sizeof(solvers)));
  PetscCall(McKeanFunctionListNames(MckDMFTList, models, sizeof(models)));
  PetscCheck(
      !restart, s->comm, PETSC_ERR_USER_INPUT,
      "-restart: the %s solver is not iterative (it takes seconds) and has no checkpoints; allowed with an iterative %s (of %s) or another %s (of %s)",
      s->solver_name, McKeanOptionName((PetscObject)d, "-dmft_solver"), solvers,
      McKeanOptionName((PetscObject)d, "-dmft_model"), models);
  SETERRQ(
      s->comm, PETSC_ERR_USER_INPUT,
      "-checkpoint_interval %" PetscInt_FMT
      ": the %s solver is not iterative (it takes seconds) and has no checkpoints; allowed: 0, or an iterative %s (of %s) or another %s (of %s)",
      interval, s->solver_name, McKeanOptionName((PetscObject)d, "-dmft_solver"), solvers,
      McKeanOptionName((PetscObject)d, "-dmft_model"), models);
}

static PetscErrorCode Config_SCS(MckDMFT d, MckIO io, PetscBool check)
{
  MckSCS          s        = SCS(d);
  PetscObject     o        = (PetscObject)d;
  const char     *names[]  = {"-dmft_g", "-dmft_noise", "-dmft_input", "-dmft_dt"};
  const PetscReal values[] = {s->g, s->noise, s->input, s->dt};

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigString(io, check, McKeanOptionName(o, "-dmft_solver"), s->solver_name));
  PetscCall(MckIOConfigString(io, check, McKeanOptionName(o, "-dmft_activation"), s->act_name));
  for (size_t k = 0; k < sizeof(values) / sizeof(values[0]); k++)
    PetscCall(MckIOConfigReals(io, check, McKeanOptionName(o, names[k]), 1, &values[k]));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(o, "-dmft_steps"), s->T));
  if (s->sops.config) PetscCall((*s->sops.config)(s, io, check));
  PetscFunctionReturn(0);
}

/* The result of a finished solve, or the solver's state during it. */
static PetscErrorCode Write_SCS(MckDMFT d, MckIO io, const char group[])
{
  MckSCS s = SCS(d);

  PetscFunctionBeginUser;
  if (s->done) PetscCall(MckSCSWriteResult(s, io, group));
  else {
    PetscCheck(s->sops.write, s->comm, PETSC_ERR_SUP,
               "MckDMFTWrite(): the %s solver has no state to checkpoint before it has finished", s->solver_name);
    PetscCall((*s->sops.write)(s, io, group));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Read_SCS(MckDMFT d, MckIO io, const char group[])
{
  MckSCS    s = SCS(d);
  PetscBool result;

  PetscFunctionBeginUser;
  PetscCall(MckDMFTHasDataset(io, group, "C_x", &result)); /* only a result has C_x */
  if (result) PetscCall(MckSCSReadResult(s, io, group));
  else {
    PetscCheck(s->sops.read, s->comm, PETSC_ERR_SUP, "MckDMFTRead(): the %s solver has no checkpoints", s->solver_name);
    s->done = PETSC_FALSE;
    PetscCall((*s->sops.read)(s, io, group));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Headline_SCS(MckDMFT d, const char **name, PetscReal *value)
{
  MckSCS s = SCS(d);

  PetscFunctionBeginUser;
  if (s->sops.headline) PetscCall((*s->sops.headline)(s, name, value));
  PetscFunctionReturn(0);
}

static PetscErrorCode History_SCS(MckDMFT d, MckSeries *history)
{
  PetscFunctionBeginUser;
  *history = SCS(d)->history;
  PetscFunctionReturn(0);
}

static PetscErrorCode ResultView_SCS(MckDMFT d, PetscViewer viewer)
{
  MckSCS s = SCS(d);

  PetscFunctionBeginUser;
  if (!s->done) PetscFunctionReturn(0);
  if (s->its || !s->converged)
    PetscCall(PetscViewerASCIIPrintf(
        viewer, "DMFT scs: self-consistency %s after %" PetscInt_FMT " iterations (residual %.3g)\n",
        s->converged ? "converged" : "NOT converged", s->its, (double)s->residual));
  PetscCall(PetscViewerASCIIPrintf(viewer, "DMFT scs: Delta(0) = %.6g, Delta(%g) = %.6g\n", (double)s->delta[0],
                                   (double)((s->lags - 1) * s->dt), (double)s->delta[s->lags - 1]));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_SCS(MckDMFT d, PetscViewer viewer)
{
  MckSCS      s = SCS(d);
  PetscMPIInt size;
  PetscReal   state, couplings;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(s->comm, &size));
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "random rate network x' = -x + J phi(x) + I + noise: solver %s, activation %s, g = %g, noise D = %g, input I = %g\n",
      s->solver_name, s->act_name, (double)s->g, (double)s->noise, (double)s->input));
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "grid: T = %" PetscInt_FMT " points, dt = %g, burn-in %g, %" PetscInt_FMT " lags\n",
                                   s->T, (double)s->dt, (double)s->burn_in, s->lags));
  if (s->sops.view) PetscCall((*s->sops.view)(s, viewer));
  PetscCall(MemoryParts(s, size, &state, &couplings));
  PetscCall(PetscViewerASCIIPrintf(viewer, "memory: %.3g GB per rank on %d ranks\n",
                                   (double)((state + couplings) / 1e9), size));
  PetscFunctionReturn(0);
}

static PetscErrorCode GetCorrelations_SCS(MckDMFT d, PetscInt *T, const PetscReal **Cx, const PetscReal **Cphi)
{
  MckSCS s = SCS(d);

  PetscFunctionBeginUser;
  PetscCheck(s->done, s->comm, PETSC_ERR_ORDER, "MckDMFTSCSGetCorrelations(): the solve has not finished");
  if (T) *T = s->T;
  if (Cx) *Cx = s->cx;
  if (Cphi) *Cphi = s->cphi;
  PetscFunctionReturn(0);
}

static PetscErrorCode GetAutocorrelation_SCS(MckDMFT d, PetscInt *nlags, PetscReal *dtau, const PetscReal **delta)
{
  MckSCS s = SCS(d);

  PetscFunctionBeginUser;
  PetscCheck(s->done, s->comm, PETSC_ERR_ORDER, "MckDMFTSCSGetAutocorrelation(): the solve has not finished");
  if (nlags) *nlags = s->lags;
  if (dtau) *dtau = s->dt;
  if (delta) *delta = s->delta;
  PetscFunctionReturn(0);
}

static PetscErrorCode GetConvergence_SCS(MckDMFT d, PetscInt *its, PetscReal *residual, PetscBool *converged)
{
  MckSCS s = SCS(d);

  PetscFunctionBeginUser;
  if (its) *its = s->its;
  if (residual) *residual = s->residual;
  if (converged) *converged = s->converged;
  PetscFunctionReturn(0);
}

static const MckTypedMethod Methods[] = {{"MckDMFTSCSGetCorrelations_C", (PetscVoidFunction)GetCorrelations_SCS},
                                         {"MckDMFTSCSGetAutocorrelation_C", (PetscVoidFunction)GetAutocorrelation_SCS},
                                         {"MckDMFTSCSGetConvergence_C", (PetscVoidFunction)GetConvergence_SCS},
                                         {NULL, NULL}};

static PetscErrorCode Destroy_SCS(MckDMFT d)
{
  MckSCS s = SCS(d);

  PetscFunctionBeginUser;
  if (s->sops.destroy) PetscCall((*s->sops.destroy)(s));
  PetscCall(PetscFree3(s->cx, s->cphi, s->delta));
  PetscCall(MckSeriesDestroy(&s->history));
  PetscCall(McKeanTypedComposeMethods((PetscObject)d, Methods, PETSC_FALSE));
  PetscCall(PetscFree(d->data));
  PetscFunctionReturn(0);
}

/* The constructor: defaults (g = 1.5, tanh, T = 200, dt = 0.1, the population solver). */
PetscErrorCode MckDMFTCreate_SCS(MckDMFT d, MckDMFTOps *ops, void **data)
{
  MckSCS s;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&s));
  s->d               = d;
  s->comm            = PetscObjectComm((PetscObject)d);
  s->g               = 1.5;
  s->T               = 200;
  s->dt              = 0.1;
  s->lags            = -1; /* default: what the grid allows after the burn-in */
  s->memory_limit_gb = (PetscReal)sysconf(_SC_PHYS_PAGES) * (PetscReal)sysconf(_SC_PAGESIZE) / 1e9;
  PetscCall(PetscStrncpy(s->solver_name, MCKDMFT_SOLVER_POPULATION, sizeof(s->solver_name)));
  PetscCall(PetscStrncpy(s->act_name, MCKACTIVATION_TANH, sizeof(s->act_name)));
  ops->setfromoptions = SetFromOptions_SCS;
  ops->setup          = SetUp_SCS;
  ops->initialize     = Initialize_SCS;
  ops->step           = Step_SCS;
  ops->getstep        = GetStep_SCS;
  ops->checkpointing  = Checkpointing_SCS;
  ops->config         = Config_SCS;
  ops->write          = Write_SCS;
  ops->read           = Read_SCS;
  ops->headline       = Headline_SCS;
  ops->history        = History_SCS;
  ops->resultview     = ResultView_SCS;
  ops->view           = View_SCS;
  ops->destroy        = Destroy_SCS;
  PetscCall(McKeanTypedComposeMethods((PetscObject)d, Methods, PETSC_TRUE));
  *data = s;
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTSCSGetCorrelations - The two-time correlations of the scs model's finished solve,
  C_x(t, t') = <x(t) x(t')> and C_phi(t, t') = <phi(x(t)) phi(x(t'))>.

  Not Collective

  Input Parameter:
. d - the solver (model scs), solved

  Output Parameters:
+ T    - the number of grid points (may be NULL)
. Cx   - C_x, T x T column-major, replicated, owned by d (may be NULL)
- Cphi - C_phi, likewise (may be NULL)

  Level: intermediate

.seealso: `MckDMFTSCSGetAutocorrelation()`, `MckDMFTSolve()`
@*/
PetscErrorCode MckDMFTSCSGetCorrelations(MckDMFT d, PetscInt *T, const PetscReal **Cx, const PetscReal **Cphi)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  PetscUseMethod(d, "MckDMFTSCSGetCorrelations_C", (MckDMFT, PetscInt *, const PetscReal **, const PetscReal **),
                 (d, T, Cx, Cphi));
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTSCSGetAutocorrelation - The stationary autocorrelation Delta(tau_k), tau_k = k dt, of the
  scs model's finished solve.

  Not Collective

  Input Parameter:
. d - the solver (model scs), solved

  Output Parameters:
+ nlags - the number of lags (may be NULL)
. dtau  - their spacing (may be NULL)
- delta - Delta(tau_k), k < nlags, owned by d (may be NULL)

  Level: intermediate

.seealso: `MckDMFTSCSGetCorrelations()`
@*/
PetscErrorCode MckDMFTSCSGetAutocorrelation(MckDMFT d, PetscInt *nlags, PetscReal *dtau, const PetscReal **delta)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  PetscUseMethod(d, "MckDMFTSCSGetAutocorrelation_C", (MckDMFT, PetscInt *, PetscReal *, const PetscReal **),
                 (d, nlags, dtau, delta));
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTSCSGetConvergence - The self-consistency of the scs model: iterations done, the last
  max-norm residual max|C - G(C)| / max|C|, and whether it converged (solvers without an
  iteration: 0, 0 and true once finished).

  Not Collective

  Input Parameter:
. d - the solver (model scs)

  Output Parameters:
+ its       - iterations (may be NULL)
. residual  - the residual (may be NULL)
- converged - whether -dmft_tol was reached (may be NULL)

  Level: intermediate

.seealso: `MckDMFTGetHistory()`
@*/
PetscErrorCode MckDMFTSCSGetConvergence(MckDMFT d, PetscInt *its, PetscReal *residual, PetscBool *converged)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  PetscUseMethod(d, "MckDMFTSCSGetConvergence_C", (MckDMFT, PetscInt *, PetscReal *, PetscBool *),
                 (d, its, residual, converged));
  PetscFunctionReturn(0);
}
