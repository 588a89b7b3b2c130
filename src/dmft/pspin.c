/* Model "pspin" of MckDMFT (include/mckean/mckpspin.h): options, set-up, the steps (one row of
 * the two-time grid each, pspinsolve.c), the checkpoint part, accessors, view. */
#include "dmft/pspinimpl.h"

static const char *const InitKinds[] = {"random", "equilibrium"};

static MckPSpin PS(MckDMFT d) { return (MckPSpin)d->data; }

/* The grid from -pspin_tmax and one of -pspin_dt / -pspin_steps. */
static PetscErrorCode ResolveGrid(MckPSpin ps, PetscBool dtset, PetscBool stepsset)
{
  PetscObject o = (PetscObject)ps->d;
  char        buf[32];

  PetscFunctionBeginUser;
  PetscCheck(!(dtset && stepsset), ps->comm, PETSC_ERR_USER_INPUT,
             "%s and %s: give one of them (the other follows from %s)", McKeanOptionName(o, "-pspin_dt"),
             McKeanOptionName(o, "-pspin_steps"), McKeanOptionName(o, "-pspin_tmax"));
  PetscCall(McKeanCheckPositive(ps->comm, McKeanOptionName(o, "-pspin_tmax"), ps->tmax));
  if (stepsset) {
    PetscCheck(ps->n >= 1, ps->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": must be at least 1",
               McKeanOptionName(o, "-pspin_steps"), ps->n);
  } else {
    PetscReal steps;
    PetscCall(McKeanCheckPositive(ps->comm, McKeanOptionName(o, "-pspin_dt"), ps->h));
    steps = PetscFloorReal(ps->tmax / ps->h + 0.5);
    PetscCheck(steps >= 1 && steps < (PetscReal)PETSC_MAX_INT, ps->comm, PETSC_ERR_USER_INPUT,
               "%s %s: gives %g steps up to %s %g; allowed 1 to %d", McKeanOptionName(o, "-pspin_dt"),
               McKeanFormatReal(ps->h, buf, sizeof(buf)), (double)steps, McKeanOptionName(o, "-pspin_tmax"),
               (double)ps->tmax, PETSC_MAX_INT - 1);
    ps->n = (PetscInt)steps;
  }
  ps->h = ps->tmax / ps->n;
  ps->M = ps->n + 1;
  PetscFunctionReturn(0);
}

static PetscErrorCode SetFromOptions_PSpin(MckDMFT d, PetscOptionItems *PetscOptionsObject)
{
  MckPSpin  ps   = PS(d);
  PetscInt  init = (PetscInt)ps->init;
  PetscBool dtset, stepsset;

  PetscFunctionBeginUser;
  PetscCall(
      MckOptionsInt("-pspin_p", "Interaction order p >= 3 (H = sum over p-tuples of J s...s)", ps->p, &ps->p, NULL));
  PetscCall(MckOptionsReal("-pspin_temperature", "Bath temperature T > 0", ps->T, &ps->T, NULL));
  PetscCall(MckOptionsReal("-pspin_tmax", "Last time of the two-time grid", ps->tmax, &ps->tmax, NULL));
  PetscCall(
      MckOptionsReal("-pspin_dt", "Grid step h (the number of steps is tmax / h, rounded)", ps->h, &ps->h, &dtset));
  PetscCall(MckOptionsInt("-pspin_steps", "Number of steps n (h = tmax / n; instead of -pspin_dt)", ps->n, &ps->n,
                          &stepsset));
  PetscCall(MckOptionsChoice(
      "-pspin_init",
      "Initial condition: random (uncorrelated with the couplings, T' = infinity) or equilibrium at -pspin_init_temperature",
      InitKinds, 2, init, &init, NULL));
  PetscCall(MckOptionsReal(
      "-pspin_init_temperature",
      "Temperature T' > 0 of the equilibrium initial condition (paramagnetic measure: exact above the static transition)",
      ps->Tinit, &ps->Tinit, NULL));
  PetscCall(MckOptionsReal("-pspin_max_memory",
                           "Refuse grids whose two-time matrices need more bytes than this on one rank", ps->max_memory,
                           &ps->max_memory, NULL));
  ps->init = (MckPSpinInit)init;
  PetscCheck(ps->p >= 3, ps->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": allowed p >= 3 (p = 2 has no glass transition of this kind)",
             MckOptName("-pspin_p"), ps->p);
  PetscCheck(ps->p <= 64, ps->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": allowed 3 to 64",
             MckOptName("-pspin_p"), ps->p);
  PetscCall(McKeanCheckPositive(ps->comm, MckOptName("-pspin_temperature"), ps->T));
  PetscCall(McKeanCheckPositive(ps->comm, MckOptName("-pspin_init_temperature"), ps->Tinit));
  PetscCall(McKeanCheckPositive(ps->comm, MckOptName("-pspin_max_memory"), ps->max_memory));
  PetscCall(ResolveGrid(ps, dtset, stepsset));
  ps->binit = ps->init == MCK_PSPIN_INIT_EQUILIBRIUM ? 1.0 / ps->Tinit : 0.0;
  PetscFunctionReturn(0);
}

/* Lays out the rows and the replicated work arrays, refusing (with the bytes needed) grids
 * beyond -pspin_max_memory or the node's memory; the matrices are allocated by the steps. */
static PetscErrorCode SetUp_PSpin(MckDMFT d)
{
  MckPSpin ps = PS(d);
  PetscInt M, mloc;

  PetscFunctionBeginUser;
  if (!ps->M) PetscCall(ResolveGrid(ps, PETSC_FALSE, PETSC_TRUE));
  M = ps->M;
  PetscCall(PetscMalloc3(ps->size + 1, &ps->ranges, ps->size, &ps->counts, ps->size, &ps->displs));
  PetscCall(MckPSpinLayoutSetUp(ps));
  /* -help: a grid sized for many nodes, checked on a login node, is neither refused nor allocated */
  if (d->help) PetscFunctionReturn(0);
  PetscCall(MckPSpinMemoryCheck(ps));
  mloc = ps->nlocal;
  /* separate allocations: the solver swaps the current and next rows by pointer */
  PetscCall(PetscMalloc1(M, &ps->Crow));
  PetscCall(PetscMalloc1(M, &ps->Rrow));
  PetscCall(PetscMalloc1(M, &ps->Cnext));
  PetscCall(PetscMalloc1(M, &ps->Rnext));
  PetscCall(PetscMalloc3(M, &ps->D, M, &ps->S, M, &ps->mu));
  PetscCall(PetscMalloc1(2 * M, &ps->xbuf));
  PetscCall(PetscMalloc7(mloc + 1, &ps->Fc, mloc + 1, &ps->Fr, mloc + 1, &ps->Gc, mloc + 1, &ps->Gr, mloc + 1, &ps->t1,
                         mloc + 1, &ps->t2, mloc + 1, &ps->t3));
  PetscFunctionReturn(0);
}

static PetscErrorCode Initialize_PSpin(MckDMFT d)
{
  MckPSpin ps = PS(d);

  PetscFunctionBeginUser;
  PetscCall(MatDestroy(&ps->C));
  PetscCall(MatDestroy(&ps->R));
  ps->done = PETSC_FALSE;
  PetscCall(MckPSpinStartFresh(ps));
  PetscFunctionReturn(0);
}

static PetscErrorCode Step_PSpin(MckDMFT d)
{
  MckPSpin ps = PS(d);

  PetscFunctionBeginUser;
  PetscCheck(!ps->done, ps->comm, PETSC_ERR_ORDER, "MckDMFTStep(): the p-spin solve has finished");
  PetscCall(MckPSpinStep(ps));
  PetscFunctionReturn(0);
}

/* A step is a row of the grid: n steps from t_0 to t_n. */
static PetscErrorCode GetStep_PSpin(MckDMFT d, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time)
{
  MckPSpin ps = PS(d);

  PetscFunctionBeginUser;
  *step   = ps->step;
  *nsteps = ps->n;
  *time   = ps->step * ps->h;
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_PSpin(MckDMFT d, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckPSpinConfig(PS(d), io, check));
  PetscFunctionReturn(0);
}

static PetscErrorCode Write_PSpin(MckDMFT d, MckIO io, const char group[])
{
  MckPSpin ps = PS(d);

  PetscFunctionBeginUser;
  if (ps->done) PetscCall(MckPSpinWriteResult(ps, io, group));
  else PetscCall(MckPSpinWriteState(ps, io, group));
  PetscFunctionReturn(0);
}

static PetscErrorCode Read_PSpin(MckDMFT d, MckIO io, const char group[])
{
  MckPSpin  ps = PS(d);
  PetscBool result;

  PetscFunctionBeginUser;
  PetscCall(MckDMFTHasDataset(io, group, "times", &result)); /* only a result has the times */
  if (result) PetscCall(MckPSpinReadResult(ps, io, group));
  else PetscCall(MckPSpinReadState(ps, io, group));
  PetscFunctionReturn(0);
}

/* The energy per spin e(t) = (T - mu(t)) / p of the current row. */
static PetscErrorCode Headline_PSpin(MckDMFT d, const char **name, PetscReal *value)
{
  MckPSpin ps = PS(d);

  PetscFunctionBeginUser;
  *name  = "energy";
  *value = (ps->T - ps->mu[ps->step]) / ps->p;
  PetscFunctionReturn(0);
}

static PetscErrorCode View_PSpin(MckDMFT d, PetscViewer viewer)
{
  MckPSpin  ps = PS(d);
  PetscReal Td, q, qa;

  PetscFunctionBeginUser;
  PetscCall(MckPSpinDynamicalTemperature(ps->p, &Td));
  PetscCall(MckPSpinPlateau(ps->p, ps->T, &q));
  PetscCall(MckPSpinAgingPlateau(ps->p, ps->T, &qa));
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "spherical %" PetscInt_FMT
      "-spin, Langevin dynamics at T = %g (T_d = %.6g, %s; plateaus: equilibrium %.6g, aging %.6g)\n",
      ps->p, (double)ps->T, (double)Td, ps->T > Td ? "ergodic" : "glassy", (double)q, (double)qa));
  if (ps->init == MCK_PSPIN_INIT_EQUILIBRIUM)
    PetscCall(PetscViewerASCIIPrintf(viewer, "initial condition: equilibrium at T' = %g\n", (double)ps->Tinit));
  else PetscCall(PetscViewerASCIIPrintf(viewer, "initial condition: random (uncorrelated with the couplings)\n"));
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "grid: %" PetscInt_FMT " steps of h = %g up to t = %g; Heun predictor-corrector, trapezoidal memory integrals\n",
      ps->n, (double)ps->h, (double)ps->tmax));
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "state: C and R, %" PetscInt_FMT " x %" PetscInt_FMT
      " MATMPIDENSE on %d rank(s) (times dealt out cyclically during the solve), %.3g MB in all\n",
      ps->M, ps->M, ps->size, 2.0 * 8.0 * (double)ps->M * (double)ps->M / 1e6));
  PetscFunctionReturn(0);
}

static PetscErrorCode GetCorrelation_PSpin(MckDMFT d, Mat *C, Mat *R)
{
  MckPSpin ps = PS(d);

  PetscFunctionBeginUser;
  PetscCheck(ps->done, ps->comm, PETSC_ERR_ORDER, "MckDMFTPSpinGetCorrelation(): the solve has not finished");
  if (C) *C = ps->C;
  if (R) *R = ps->R;
  PetscFunctionReturn(0);
}

static PetscErrorCode GetGrid_PSpin(MckDMFT d, PetscInt *n, PetscReal *h)
{
  MckPSpin ps = PS(d);

  PetscFunctionBeginUser;
  if (n) *n = ps->n;
  if (h) *h = ps->h;
  PetscFunctionReturn(0);
}

static PetscErrorCode GetMultiplier_PSpin(MckDMFT d, const PetscReal *mu[])
{
  MckPSpin ps = PS(d);

  PetscFunctionBeginUser;
  PetscCheck(ps->done, ps->comm, PETSC_ERR_ORDER, "MckDMFTPSpinGetMultiplier(): the solve has not finished");
  *mu = ps->mu;
  PetscFunctionReturn(0);
}

static const MckTypedMethod Methods[] = {{"MckDMFTPSpinGetCorrelation_C", (PetscVoidFunction)GetCorrelation_PSpin},
                                         {"MckDMFTPSpinGetGrid_C", (PetscVoidFunction)GetGrid_PSpin},
                                         {"MckDMFTPSpinGetMultiplier_C", (PetscVoidFunction)GetMultiplier_PSpin},
                                         {NULL, NULL}};

static PetscErrorCode Destroy_PSpin(MckDMFT d)
{
  MckPSpin ps = PS(d);

  PetscFunctionBeginUser;
  PetscCall(MatDestroy(&ps->Cw));
  PetscCall(MatDestroy(&ps->Rw));
  PetscCall(MatDestroy(&ps->C));
  PetscCall(MatDestroy(&ps->R));
  PetscCall(PetscFree3(ps->ranges, ps->counts, ps->displs));
  PetscCall(PetscFree(ps->Crow));
  PetscCall(PetscFree(ps->Rrow));
  PetscCall(PetscFree(ps->Cnext));
  PetscCall(PetscFree(ps->Rnext));
  PetscCall(PetscFree3(ps->D, ps->S, ps->mu));
  PetscCall(PetscFree(ps->xbuf));
  PetscCall(PetscFree7(ps->Fc, ps->Fr, ps->Gc, ps->Gr, ps->t1, ps->t2, ps->t3));
  PetscCall(McKeanTypedComposeMethods((PetscObject)d, Methods, PETSC_FALSE));
  PetscCall(PetscFree(d->data));
  PetscFunctionReturn(0);
}

/* The constructor: defaults p = 3, T = 1, random start, tmax = 20 in 400 steps, 4 GiB. */
PetscErrorCode MckDMFTCreate_PSpin(MckDMFT d, MckDMFTOps *ops, void **data)
{
  MckPSpin ps;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&ps));
  ps->d    = d;
  ps->comm = PetscObjectComm((PetscObject)d);
  PetscCallMPI(MPI_Comm_rank(ps->comm, &ps->rank));
  PetscCallMPI(MPI_Comm_size(ps->comm, &ps->size));
  ps->p               = 3;
  ps->T               = 1.0;
  ps->init            = MCK_PSPIN_INIT_RANDOM;
  ps->Tinit           = 1.0;
  ps->tmax            = 20.0;
  ps->h               = 0.05;
  ps->n               = 400;
  ps->max_memory      = 4.0 * 1024 * 1024 * 1024;
  ops->setfromoptions = SetFromOptions_PSpin;
  ops->setup          = SetUp_PSpin;
  ops->initialize     = Initialize_PSpin;
  ops->step           = Step_PSpin;
  ops->getstep        = GetStep_PSpin;
  ops->config         = Config_PSpin;
  ops->write          = Write_PSpin;
  ops->read           = Read_PSpin;
  ops->headline       = Headline_PSpin;
  ops->view           = View_PSpin;
  ops->destroy        = Destroy_PSpin;
  PetscCall(McKeanTypedComposeMethods((PetscObject)d, Methods, PETSC_TRUE));
  *data = ps;
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTPSpinGetCorrelation - The solution of the p-spin model on the grid: C(t_i, t_j)
  (symmetric) and R(t_i, t_j) (zero for j > i).

  Not Collective

  Input Parameter:
. d - the solver (model pspin), solved

  Output Parameters:
+ C - the correlation, (n+1) x (n+1) MATMPIDENSE, rows in time order, owned by d (may be NULL)
- R - the response, likewise (may be NULL)

  Level: intermediate

.seealso: `MckDMFTPSpinGetGrid()`, `MckDMFTPSpinGetMultiplier()`, `MckDMFTSolve()`
@*/
PetscErrorCode MckDMFTPSpinGetCorrelation(MckDMFT d, Mat *C, Mat *R)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  PetscUseMethod(d, "MckDMFTPSpinGetCorrelation_C", (MckDMFT, Mat *, Mat *), (d, C, R));
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTPSpinGetGrid - The time grid of the p-spin model: t_i = i h, i = 0..n.

  Not Collective

  Input Parameter:
. d - the solver (model pspin), with its options set

  Output Parameters:
+ n - the number of steps (may be NULL)
- h - the step (may be NULL)

  Level: intermediate

.seealso: `MckDMFTPSpinGetCorrelation()`
@*/
PetscErrorCode MckDMFTPSpinGetGrid(MckDMFT d, PetscInt *n, PetscReal *h)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  PetscUseMethod(d, "MckDMFTPSpinGetGrid_C", (MckDMFT, PetscInt *, PetscReal *), (d, n, h));
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTPSpinGetMultiplier - The Lagrange multiplier mu(t_i), i = 0..n, that keeps C(t, t) = 1
  (the energy per spin is (T - mu) / p).

  Not Collective

  Input Parameter:
. d - the solver (model pspin), solved

  Output Parameter:
. mu - n + 1 values, replicated, owned by d

  Level: intermediate

.seealso: `MckDMFTPSpinGetCorrelation()`
@*/
PetscErrorCode MckDMFTPSpinGetMultiplier(MckDMFT d, const PetscReal *mu[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(d, MCK_DMFT_CLASSID, 1);
  PetscUseMethod(d, "MckDMFTPSpinGetMultiplier_C", (MckDMFT, const PetscReal **), (d, mu));
  PetscFunctionReturn(0);
}
