/* MckPSpin lifecycle: create, options, set-up, accessors, view, destroy. */
#include "dmft/pspinimpl.h"

PetscLogEvent MCK_EVENT_PSpinKernel, MCK_EVENT_PSpinExchange;

static const char *const InitKinds[] = {"random", "equilibrium"};

/* Registered here, on the first creation, so that the core layer need not know about p-spins. */
static PetscErrorCode MckPSpinRegisterEvents(void)
{
  static PetscBool done = PETSC_FALSE;

  PetscFunctionBeginUser;
  if (done) PetscFunctionReturn(0);
  PetscCall(PetscLogEventRegister("MckPSpinKernel", MCK_CLASSID, &MCK_EVENT_PSpinKernel));
  PetscCall(PetscLogEventRegister("MckPSpinExchange", MCK_CLASSID, &MCK_EVENT_PSpinExchange));
  done = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode MckPSpinCreate(MPI_Comm comm, MckPSpin *ps)
{
  MckPSpin s;

  PetscFunctionBeginUser;
  PetscCheck(ps, comm, PETSC_ERR_ARG_NULL, "MckPSpinCreate: NULL output pointer");
  PetscCall(MckPSpinRegisterEvents());
  PetscCall(PetscNew(&s));
  s->comm = comm;
  PetscCallMPI(MPI_Comm_rank(comm, &s->rank));
  PetscCallMPI(MPI_Comm_size(comm, &s->size));
  s->p          = 3;
  s->T          = 1.0;
  s->init       = MCK_PSPIN_INIT_RANDOM;
  s->Tinit      = 1.0;
  s->tmax       = 20.0;
  s->h          = 0.05;
  s->n          = 400;
  s->max_memory = 4.0 * 1024 * 1024 * 1024;
  *ps           = s;
  PetscFunctionReturn(0);
}

/* The grid from -pspin_tmax and one of -pspin_dt / -pspin_steps. */
static PetscErrorCode ResolveGrid(MckPSpin ps, PetscBool dtset, PetscBool stepsset)
{
  char buf[32];

  PetscFunctionBeginUser;
  PetscCheck(!(dtset && stepsset), ps->comm, PETSC_ERR_USER_INPUT, "-pspin_dt and -pspin_steps: give one of them (the other follows from -pspin_tmax)");
  PetscCall(McKeanCheckPositive(ps->comm, "-pspin_tmax", ps->tmax));
  if (stepsset) {
    PetscCheck(ps->n >= 1, ps->comm, PETSC_ERR_USER_INPUT, "-pspin_steps %" PetscInt_FMT ": must be at least 1", ps->n);
  } else {
    PetscReal steps;
    PetscCall(McKeanCheckPositive(ps->comm, "-pspin_dt", ps->h));
    steps = PetscFloorReal(ps->tmax / ps->h + 0.5);
    PetscCheck(steps >= 1 && steps < (PetscReal)PETSC_MAX_INT, ps->comm, PETSC_ERR_USER_INPUT, "-pspin_dt %s: gives %g steps up to -pspin_tmax %g; allowed 1 to %d", McKeanFormatReal(ps->h, buf, sizeof(buf)), (double)steps, (double)ps->tmax, PETSC_MAX_INT - 1);
    ps->n = (PetscInt)steps;
  }
  ps->h = ps->tmax / ps->n;
  ps->M = ps->n + 1;
  PetscFunctionReturn(0);
}

PetscErrorCode MckPSpinSetFromOptions(MckPSpin ps)
{
  PetscInt  init = (PetscInt)ps->init;
  PetscBool dtset, stepsset;

  PetscFunctionBeginUser;
  PetscCheck(!ps->setup, ps->comm, PETSC_ERR_ARG_WRONGSTATE, "MckPSpinSetFromOptions: call before MckPSpinSetUp()");
  PetscOptionsBegin(ps->comm, NULL, "Spherical p-spin glass, Cugliandolo-Kurchan dynamics (MckPSpin)", NULL);
  PetscCall(MckOptionsInt("-pspin_p", "Interaction order p >= 3 (H = sum over p-tuples of J s...s)", ps->p, &ps->p, NULL));
  PetscCall(MckOptionsReal("-pspin_temperature", "Bath temperature T > 0", ps->T, &ps->T, NULL));
  PetscCall(MckOptionsReal("-pspin_tmax", "Last time of the two-time grid", ps->tmax, &ps->tmax, NULL));
  PetscCall(MckOptionsReal("-pspin_dt", "Grid step h (the number of steps is tmax / h, rounded)", ps->h, &ps->h, &dtset));
  PetscCall(MckOptionsInt("-pspin_steps", "Number of steps n (h = tmax / n; instead of -pspin_dt)", ps->n, &ps->n, &stepsset));
  PetscCall(MckOptionsChoice("-pspin_init", "Initial condition: random (uncorrelated with the couplings, T' = infinity) or equilibrium at -pspin_init_temperature", InitKinds, 2, init, &init, NULL));
  PetscCall(MckOptionsReal("-pspin_init_temperature", "Temperature T' > 0 of the equilibrium initial condition (paramagnetic measure: exact above the static transition)", ps->Tinit, &ps->Tinit, NULL));
  PetscCall(MckOptionsReal("-pspin_max_memory", "Refuse grids whose two-time matrices need more bytes than this on one rank", ps->max_memory, &ps->max_memory, NULL));
  PetscOptionsEnd();
  /* the common option of every app (McKeanCommonOptionsGet): the solve is one call, so it
   * prints the progress line itself */
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-progress_interval", &ps->progress, NULL));
  ps->init = (MckPSpinInit)init;
  PetscCheck(ps->p >= 3, ps->comm, PETSC_ERR_USER_INPUT, "-pspin_p %" PetscInt_FMT ": allowed p >= 3 (p = 2 has no glass transition of this kind)", ps->p);
  PetscCheck(ps->p <= 64, ps->comm, PETSC_ERR_USER_INPUT, "-pspin_p %" PetscInt_FMT ": allowed 3 to 64", ps->p);
  PetscCall(McKeanCheckPositive(ps->comm, "-pspin_temperature", ps->T));
  PetscCall(McKeanCheckPositive(ps->comm, "-pspin_init_temperature", ps->Tinit));
  PetscCall(McKeanCheckPositive(ps->comm, "-pspin_max_memory", ps->max_memory));
  PetscCall(ResolveGrid(ps, dtset, stepsset));
  ps->binit = ps->init == MCK_PSPIN_INIT_EQUILIBRIUM ? 1.0 / ps->Tinit : 0.0;
  PetscFunctionReturn(0);
}

PetscErrorCode MckPSpinSetUp(MckPSpin ps)
{
  PetscInt M, mloc;

  PetscFunctionBeginUser;
  if (ps->setup) PetscFunctionReturn(0);
  if (!ps->M) PetscCall(ResolveGrid(ps, PETSC_FALSE, PETSC_TRUE));
  M = ps->M;
  PetscCall(PetscMalloc3(ps->size + 1, &ps->ranges, ps->size, &ps->counts, ps->size, &ps->displs));
  PetscCall(MckPSpinLayoutSetUp(ps));
  PetscCall(MckPSpinMemoryCheck(ps));
  mloc = ps->nlocal;
  /* separate allocations: the solver swaps the current and next rows by pointer */
  PetscCall(PetscMalloc1(M, &ps->Crow));
  PetscCall(PetscMalloc1(M, &ps->Rrow));
  PetscCall(PetscMalloc1(M, &ps->Cnext));
  PetscCall(PetscMalloc1(M, &ps->Rnext));
  PetscCall(PetscMalloc3(M, &ps->D, M, &ps->S, M, &ps->mu));
  PetscCall(PetscMalloc1(2 * M, &ps->xbuf));
  PetscCall(PetscMalloc7(mloc + 1, &ps->Fc, mloc + 1, &ps->Fr, mloc + 1, &ps->Gc, mloc + 1, &ps->Gr, mloc + 1, &ps->t1, mloc + 1, &ps->t2, mloc + 1, &ps->t3));
  ps->setup = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode MckPSpinGetCorrelation(MckPSpin ps, Mat *C, Mat *R)
{
  PetscFunctionBeginUser;
  PetscCheck(ps->solved, ps->comm, PETSC_ERR_ARG_WRONGSTATE, "MckPSpinGetCorrelation: call MckPSpinSolve() first");
  if (C) *C = ps->C;
  if (R) *R = ps->R;
  PetscFunctionReturn(0);
}

PetscErrorCode MckPSpinGetGrid(MckPSpin ps, PetscInt *n, PetscReal *h)
{
  PetscFunctionBeginUser;
  if (n) *n = ps->n;
  if (h) *h = ps->h;
  PetscFunctionReturn(0);
}

PetscErrorCode MckPSpinGetMultiplier(MckPSpin ps, const PetscReal *mu[])
{
  PetscFunctionBeginUser;
  PetscCheck(ps->solved, ps->comm, PETSC_ERR_ARG_WRONGSTATE, "MckPSpinGetMultiplier: call MckPSpinSolve() first");
  *mu = ps->mu;
  PetscFunctionReturn(0);
}

PetscErrorCode MckPSpinView(MckPSpin ps, PetscViewer viewer)
{
  PetscBool ascii;
  PetscReal Td, q, qa;

  PetscFunctionBeginUser;
  if (!viewer) viewer = PETSC_VIEWER_STDOUT_(ps->comm);
  PetscCall(PetscObjectTypeCompare((PetscObject)viewer, PETSCVIEWERASCII, &ascii));
  if (!ascii) PetscFunctionReturn(0);
  PetscCall(MckPSpinDynamicalTemperature(ps->p, &Td));
  PetscCall(MckPSpinPlateau(ps->p, ps->T, &q));
  PetscCall(MckPSpinAgingPlateau(ps->p, ps->T, &qa));
  PetscCall(PetscViewerASCIIPrintf(viewer, "MckPSpin: spherical %" PetscInt_FMT "-spin, Langevin dynamics at T = %g (T_d = %.6g, %s; plateaus: equilibrium %.6g, aging %.6g)\n", ps->p, (double)ps->T, (double)Td, ps->T > Td ? "ergodic" : "glassy", (double)q, (double)qa));
  PetscCall(PetscViewerASCIIPushTab(viewer));
  if (ps->init == MCK_PSPIN_INIT_EQUILIBRIUM) PetscCall(PetscViewerASCIIPrintf(viewer, "initial condition: equilibrium at T' = %g\n", (double)ps->Tinit));
  else PetscCall(PetscViewerASCIIPrintf(viewer, "initial condition: random (uncorrelated with the couplings)\n"));
  PetscCall(PetscViewerASCIIPrintf(viewer, "grid: %" PetscInt_FMT " steps of h = %g up to t = %g; Heun predictor-corrector, trapezoidal memory integrals\n", ps->n, (double)ps->h, (double)ps->tmax));
  PetscCall(PetscViewerASCIIPrintf(viewer, "state: C and R, %" PetscInt_FMT " x %" PetscInt_FMT " MATMPIDENSE on %d rank(s) (times dealt out cyclically during the solve), %.3g MB in all\n", ps->M, ps->M, ps->size, 2.0 * 8.0 * (double)ps->M * (double)ps->M / 1e6));
  PetscCall(PetscViewerASCIIPopTab(viewer));
  PetscFunctionReturn(0);
}

PetscErrorCode MckPSpinDestroy(MckPSpin *ps)
{
  MckPSpin s;

  PetscFunctionBeginUser;
  if (!ps || !*ps) PetscFunctionReturn(0);
  s = *ps;
  PetscCall(MatDestroy(&s->Cw));
  PetscCall(MatDestroy(&s->Rw));
  PetscCall(MatDestroy(&s->C));
  PetscCall(MatDestroy(&s->R));
  PetscCall(PetscFree3(s->ranges, s->counts, s->displs));
  PetscCall(PetscFree(s->Crow));
  PetscCall(PetscFree(s->Rrow));
  PetscCall(PetscFree(s->Cnext));
  PetscCall(PetscFree(s->Rnext));
  PetscCall(PetscFree3(s->D, s->S, s->mu));
  PetscCall(PetscFree(s->xbuf));
  PetscCall(PetscFree7(s->Fc, s->Fr, s->Gc, s->Gr, s->t1, s->t2, s->t3));
  PetscCall(PetscFree(*ps));
  PetscFunctionReturn(0);
}
