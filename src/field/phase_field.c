/* MckField types allen_cahn and cahn_hilliard: stabilised semi-implicit Fourier spectral
 * methods (Chen & Shen 1998; the stabilisation as in Shen & Yang 2010), docs/field.md.
 *
 *   Allen-Cahn     u_t = eps^2 Lap u - f(u)
 *   Cahn-Hilliard  u_t = Lap (f(u) - eps^2 Lap u),    f(u) = F'(u) = u^3 - u, F = (u^2 - 1)^2 / 4
 *
 * One step, with the nonlinearity explicit and a stabilising term S (u^{n+1} - u^n) (AC) or
 * -S Lap (u^{n+1} - u^n) (CH) implicit, is a division per Fourier mode:
 *   AC: u^_{n+1} = [(1 + dt S) u^_n - dt f^_n] / (1 + dt S + dt eps^2 k^2)
 *   CH: u^_{n+1} = [(1 + dt S k^2) u^_n - dt k^2 f^_n] / (1 + dt S k^2 + dt eps^2 k^4)
 * The free energy E = integral eps^2/2 |grad u|^2 + F(u) never increases for S >= L/2 with
 * L = max |f'| over the range of u (L = 2 for |u| <= 1, hence the default S = 1); CH keeps the
 * k = 0 mode, i.e. the mass, unchanged. In Allen-Cahn the ratio of the two multipliers,
 * -dt / (1 + dt S), is the same for every k, so the numerator is the transform of one field,
 *   u^_{n+1} = [(1 + dt S) u_n - dt f(u_n)]^ / (1 + dt S + dt eps^2 k^2):
 * one forward and one backward transform per step, the combination made in the pass that fills
 * FFTW's array. Cahn-Hilliard's multipliers differ by k^2: two forward transforms (u and f(u))
 * and one backward. The multipliers are precomputed once per time step size.
 *
 * Passes over the field per step (2D/3D): the transforms work in place in the grid's padded
 * array, so a step is fill, forward, multiply per mode, backward, copy out. The copy out of
 * step n also makes step n+1's first forward input (AC: a u + b f(u) of the new u; CH: u
 * itself) in the same pass, so the next step starts with its transform when nothing used the
 * work array or changed u in between (the grid's and u's object states say so); otherwise it
 * fills from u as before, with the same values. */
#include "fieldimpl.h"

#if !defined(PETSC_USE_REAL_DOUBLE) || defined(PETSC_USE_COMPLEX)
#  error "the phase-field passes are written for PetscScalar == PetscReal == double"
#endif

#define MCK_SIMD_TEMPLATE "field/phase_passes_template.h"
#include "core/simd_instantiate.h"

typedef struct {
  PetscBool  cahn_hilliard;
  PetscReal  eps, S;
  PetscReal  init_mean, init_amplitude;
  PetscInt   nmodes;
  PetscReal  scale, dt;          /* dt the multipliers were made for */
  PetscReal  a, b;               /* AC: the field transformed is a u + b f(u) */
  PetscReal *ksq, *A, *B, *uhat; /* AC: A only; CH: uhat = A u^ during a step */
  /* the work array holds the next step's first forward input, made by the last copy out from
   * the Vec with this id, at these object states of the grid and of the Vec */
  PetscBool        ahead;
  PetscObjectId    ahead_id;
  PetscObjectState ahead_grid_state, ahead_u_state;
} Phase;

static PetscErrorCode SetFromOptions_Phase(MckField f)
{
  Phase      *ph  = (Phase *)f->data;
  const char *p   = ph->cahn_hilliard ? "-ch_" : "-ac_";
  PetscObject obj = (PetscObject)f;
  char        eps[32], S[32];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(eps, sizeof(eps), "%sepsilon", p));
  PetscCall(PetscSNPrintf(S, sizeof(S), "%sstabilization", p));
  /* a title of its own: -help prints one section per prefix and title */
  PetscOptionsBegin(f->comm, obj->prefix,
                    ph->cahn_hilliard ? "Cahn-Hilliard field (MckField cahn_hilliard)"
                                      : "Allen-Cahn field (MckField allen_cahn)",
                    NULL);
  MckOptionsCall(
      MckOptionsReal(eps, "Interface parameter eps (gradient energy eps^2/2 |grad u|^2)", ph->eps, &ph->eps, NULL));
  MckOptionsCall(MckOptionsReal(S, "Stabilisation S (energy stable for S >= 1 while |u| <= 1)", ph->S, &ph->S, NULL));
  MckOptionsCall(
      MckOptionsReal("-field_init_mean", "Mean of the random initial field", ph->init_mean, &ph->init_mean, NULL));
  MckOptionsCall(MckOptionsReal("-field_init_amplitude", "Amplitude of the uniform noise of the initial field",
                                ph->init_amplitude, &ph->init_amplitude, NULL));
  PetscOptionsEnd();
  PetscCall(McKeanCheckPositive(f->comm, McKeanOptionName(obj, eps), ph->eps));
  PetscCall(McKeanCheckNonNegative(f->comm, McKeanOptionName(obj, S), ph->S));
  PetscCall(McKeanCheckNonNegative(f->comm, McKeanOptionName(obj, "-field_init_amplitude"), ph->init_amplitude));
  PetscFunctionReturn(0);
}

static PetscReal SquaredWavenumber(PetscInt dim, const PetscReal k[], void *ctx)
{
  PetscReal s = 0;
  (void)ctx;
  for (PetscInt a = 0; a < dim; a++) s += k[a] * k[a];
  return s;
}

/* Multipliers of u^ and f^ for time step dt, with the transform's 1/N folded in. */
static void MakeMultipliers(Phase *ph, PetscReal dt)
{
  for (PetscInt m = 0; m < ph->nmodes; m++) {
    const PetscReal k2 = ph->ksq[m];
    if (ph->cahn_hilliard) {
      const PetscReal D = 1 + dt * ph->S * k2 + dt * ph->eps * ph->eps * k2 * k2;
      ph->A[m]          = (1 + dt * ph->S * k2) / D * ph->scale;
      ph->B[m]          = -dt * k2 / D * ph->scale;
    } else ph->A[m] = ph->scale / (1 + dt * ph->S + dt * ph->eps * ph->eps * k2);
  }
  ph->a     = 1 + dt * ph->S;
  ph->b     = -dt;
  ph->dt    = dt;
  ph->ahead = PETSC_FALSE; /* made with the old a, b */
}

/* a u + b f(u) transformed. In 2D/3D it is written straight into the grid's padded work array
 * (one pass fewer than through a Vec). */
static PetscErrorCode ForwardNonlinearity(MckField f, Vec u, PetscReal a, PetscReal b, PetscReal **c)
{
  const PetscScalar *x;
  PetscScalar       *y;
  PetscReal         *data;
  PetscInt           nx, stride, nrows, n;

  PetscFunctionBeginUser;
  PetscCall(MckGridGetRealWork(f->grid, &data, &nx, &stride, &nrows));
  PetscCall(PetscLogEventBegin(MCK_EVENT_FieldSpecFill, 0, 0, 0, 0));
  PetscCall(VecGetArrayRead(u, &x));
  if (data) {
    for (PetscInt r = 0; r < nrows; r++) MCK_SIMD_CALL(PhaseCombine, nx, a, b, x + r * nx, data + r * stride);
    PetscCall(VecRestoreArrayRead(u, &x));
    PetscCall(PetscLogEventEnd(MCK_EVENT_FieldSpecFill, 0, 0, 0, 0));
    PetscCall(MckGridForwardWork(f->grid, c));
    PetscFunctionReturn(0);
  }
  PetscCall(VecGetLocalSize(u, &n));
  PetscCall(VecGetArrayWrite(f->work, &y));
  MCK_SIMD_CALL(PhaseCombine, n, a, b, x, y);
  PetscCall(VecRestoreArrayWrite(f->work, &y));
  PetscCall(VecRestoreArrayRead(u, &x));
  PetscCall(PetscLogEventEnd(MCK_EVENT_FieldSpecFill, 0, 0, 0, 0));
  PetscCall(MckGridForward(f->grid, f->work, c));
  PetscFunctionReturn(0);
}

/* Whether the work array still holds what the last copy out made from u: neither u, nor the
 * work array (any grid operation), nor the time step changed since. */
static PetscErrorCode WorkIsAhead(Phase *ph, MckField f, Vec u, PetscBool *ahead)
{
  PetscObjectId    id;
  PetscObjectState grid_state, u_state;

  PetscFunctionBeginUser;
  *ahead = PETSC_FALSE;
  if (!ph->ahead) PetscFunctionReturn(0);
  PetscCall(PetscObjectGetId((PetscObject)u, &id));
  PetscCall(PetscObjectStateGet((PetscObject)f->grid, &grid_state));
  PetscCall(PetscObjectStateGet((PetscObject)u, &u_state));
  *ahead = (PetscBool)(id == ph->ahead_id && grid_state == ph->ahead_grid_state && u_state == ph->ahead_u_state);
  PetscFunctionReturn(0);
}

/* Backward transform into u. In 2D/3D the pass that copies the result v out of the padded work
 * array also leaves there the next step's first forward input: a v + b f(v) (Allen-Cahn,
 * combine) or v itself (Cahn-Hilliard). */
static PetscErrorCode BackwardCopyOut(Phase *ph, MckField f, Vec u, PetscBool combine)
{
  const PetscReal a = ph->a, b = ph->b;
  PetscReal      *data;
  PetscScalar    *x;
  PetscInt        nx, stride, nrows;

  PetscFunctionBeginUser;
  ph->ahead = PETSC_FALSE;
  PetscCall(MckGridGetRealWork(f->grid, &data, &nx, &stride, &nrows));
  if (!data) { /* 1D: the gathered layout, copied out by the grid */
    PetscCall(MckGridBackward(f->grid, u));
    PetscFunctionReturn(0);
  }
  PetscCall(MckGridBackwardWork(f->grid, &data));
  PetscCall(PetscLogEventBegin(MCK_EVENT_FieldSpecOut, 0, 0, 0, 0));
  PetscCall(VecGetArrayWrite(u, &x));
  for (PetscInt r = 0; r < nrows; r++) {
    if (combine) MCK_SIMD_CALL(PhaseCopyOutCombine, nx, a, b, data + r * stride, x + r * nx);
    else PetscCall(PetscArraycpy(x + r * nx, data + r * stride, nx));
  }
  PetscCall(VecRestoreArrayWrite(u, &x));
  PetscCall(PetscLogEventEnd(MCK_EVENT_FieldSpecOut, 0, 0, 0, 0));
  PetscCall(PetscObjectGetId((PetscObject)u, &ph->ahead_id));
  PetscCall(PetscObjectStateGet((PetscObject)f->grid, &ph->ahead_grid_state));
  PetscCall(PetscObjectStateGet((PetscObject)u, &ph->ahead_u_state));
  ph->ahead = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* Allen-Cahn: u^_{n+1} = A [(1 + dt S) u_n - dt f(u_n)]^, one transform each way. */
static PetscErrorCode StepAllenCahn(Phase *ph, MckField f, Vec u)
{
  PetscReal *c;
  PetscBool  ahead;

  PetscFunctionBeginUser;
  PetscCall(WorkIsAhead(ph, f, u, &ahead));
  if (ahead) PetscCall(MckGridForwardWork(f->grid, &c));
  else PetscCall(ForwardNonlinearity(f, u, ph->a, ph->b, &c));
  PetscCall(PetscLogEventBegin(MCK_EVENT_FieldSpecModes, 0, 0, 0, 0));
  MCK_SIMD_CALL(PhaseScaleModes, ph->nmodes, ph->A, c);
  PetscCall(PetscLogEventEnd(MCK_EVENT_FieldSpecModes, 0, 0, 0, 0));
  PetscCall(BackwardCopyOut(ph, f, u, PETSC_TRUE));
  PetscFunctionReturn(0);
}

/* Cahn-Hilliard: u^_{n+1} = A u^_n + B f^_n, two forward transforms and one backward. */
static PetscErrorCode StepCahnHilliard(Phase *ph, MckField f, Vec u)
{
  PetscReal *c;
  PetscBool  ahead;

  PetscFunctionBeginUser;
  /* uhat <- A u^ while the spectrum of u is in the work array, then u^ <- uhat + B f^: one
   * pass over the modes each, no separate copy */
  PetscCall(WorkIsAhead(ph, f, u, &ahead));
  if (ahead) PetscCall(MckGridForwardWork(f->grid, &c));
  else PetscCall(MckGridForward(f->grid, u, &c));
  PetscCall(PetscLogEventBegin(MCK_EVENT_FieldSpecModes, 0, 0, 0, 0));
  MCK_SIMD_CALL(PhaseScaleModesInto, ph->nmodes, ph->A, c, ph->uhat);
  PetscCall(PetscLogEventEnd(MCK_EVENT_FieldSpecModes, 0, 0, 0, 0));
  PetscCall(ForwardNonlinearity(f, u, 0, 1, &c));
  PetscCall(PetscLogEventBegin(MCK_EVENT_FieldSpecModes, 0, 0, 0, 0));
  MCK_SIMD_CALL(PhaseAddScaledModes, ph->nmodes, ph->B, ph->uhat, c);
  PetscCall(PetscLogEventEnd(MCK_EVENT_FieldSpecModes, 0, 0, 0, 0));
  PetscCall(BackwardCopyOut(ph, f, u, PETSC_FALSE));
  PetscFunctionReturn(0);
}

static PetscErrorCode Step_Phase(TS ts, PetscReal t, PetscReal dt, Vec u, void *ctx)
{
  MckField f  = (MckField)ctx;
  Phase   *ph = (Phase *)f->data;

  PetscFunctionBeginUser;
  (void)ts;
  (void)t;
  if (dt != ph->dt) MakeMultipliers(ph, dt);
  if (ph->cahn_hilliard) PetscCall(StepCahnHilliard(ph, f, u));
  else PetscCall(StepAllenCahn(ph, f, u));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_Phase(MckField f)
{
  Phase *ph = (Phase *)f->data;

  PetscFunctionBeginUser;
  if (!f->help) {                                   /* -help: the TS only */
    const PetscInt nch = ph->cahn_hilliard ? 1 : 0; /* B and uhat: Cahn-Hilliard only */

    PetscCall(MckGridGetLocalModes(f->grid, &ph->nmodes, &ph->scale));
    PetscCall(MckGridCreateSymbol(f->grid, SquaredWavenumber, NULL, &ph->ksq));
    PetscCall(PetscMalloc3(ph->nmodes, &ph->A, nch * ph->nmodes, &ph->B, 2 * nch * ph->nmodes, &ph->uhat));
  }
  ph->dt = -1;
  PetscCall(TSSetType(f->ts, TSMCKSEMIIMPLICIT));
  PetscCall(TSMckSemiImplicitSetStepper(f->ts, Step_Phase, f));
  PetscCall(TSSetTimeStep(f->ts, ph->cahn_hilliard ? 2e-4 : 1e-2));
  PetscFunctionReturn(0);
}

static PetscErrorCode Initial_Phase(MckField f, Vec u)
{
  Phase *ph = (Phase *)f->data;

  PetscFunctionBeginUser;
  PetscCall(MckFieldNoise(f, u));
  PetscCall(VecScale(u, ph->init_amplitude));
  PetscCall(VecShift(u, ph->init_mean));
  PetscFunctionReturn(0);
}

/* E = h^d sum_i [eps^2/2 u_i (-Lap u)_i + (u_i^2 - 1)^2 / 4]: the spectral gradient energy by
 * Parseval, the same |k|^2 the scheme uses. */
static PetscErrorCode Energy_Phase(MckField f, PetscReal *E)
{
  Phase             *ph = (Phase *)f->data;
  const PetscScalar *x;
  PetscScalar       *e;
  PetscInt           n;

  PetscFunctionBeginUser;
  PetscCall(MckGridLaplacian(f->grid, f->u, f->work));
  PetscCall(VecGetLocalSize(f->u, &n));
  PetscCall(VecGetArrayRead(f->u, &x));
  PetscCall(VecGetArray(f->work, &e));
  for (PetscInt i = 0; i < n; i++) {
    const PetscReal q = x[i] * x[i] - 1;
    e[i]              = -0.5 * ph->eps * ph->eps * x[i] * e[i] + 0.25 * q * q;
  }
  PetscCall(VecRestoreArray(f->work, &e));
  PetscCall(VecRestoreArrayRead(f->u, &x));
  PetscCall(MckFieldIntegrateVecs(f, 1, &f->work, E));
  PetscFunctionReturn(0);
}

static PetscErrorCode GetLength_Phase(MckField f, PetscReal *length)
{
  PetscInt    dim, n[3], nbins = 0;
  PetscReal   L[3], Lmax = 0, *spec, num = 0, den = 0;
  PetscInt64 *counts;

  PetscFunctionBeginUser;
  PetscCheck(f->setup, f->comm, PETSC_ERR_ORDER, "call MckFieldSetUp() first");
  PetscCall(MckGridGetSizes(f->grid, &dim, n, L));
  for (PetscInt a = 0; a < dim; a++) {
    nbins = PetscMax(nbins, n[a] / 2 + 1);
    Lmax  = PetscMax(Lmax, L[a]);
  }
  PetscCall(PetscMalloc2(nbins, &spec, nbins, &counts));
  PetscCall(MckGridPowerSpectrum(f->grid, f->u, nbins, spec, counts));
  for (PetscInt b = 1; b < nbins; b++) {
    const PetscReal power = spec[b] * (PetscReal)counts[b], k = 2 * PETSC_PI / Lmax * b;
    num += k * power;
    den += power;
  }
  PetscCall(PetscFree2(spec, counts));
  *length = den > 0 ? 2 * PETSC_PI * den / num : 0;
  PetscFunctionReturn(0);
}

/*@C
  MckFieldPhaseGetLength - The characteristic length 2 pi / <|k|> of the radially averaged power
  spectrum of a phase field (the coarsening diagnostic).

  Collective

  Input Parameter:
. f - an allen_cahn or cahn_hilliard field, set up

  Output Parameter:
. length - the length (0 for a constant field)

  Options Database Keys (of the types):
+ -ac_epsilon, -ch_epsilon <eps>             - interface parameter
. -ac_stabilization, -ch_stabilization <S>   - stabilisation, S >= 0
. -field_init_mean <m>                       - mean of the random initial field
- -field_init_amplitude <A>                  - amplitude of its uniform noise

  Level: intermediate

.seealso: `MckFieldGetDiagnostic()`, `MckGridPowerSpectrum()`
@*/
PetscErrorCode MckFieldPhaseGetLength(MckField f, PetscReal *length)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscUseMethod(f, "MckFieldPhaseGetLength_C", (MckField, PetscReal *), (f, length));
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_Phase(MckField f, MckIO io, PetscBool check)
{
  Phase *ph = (Phase *)f->data;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(
      io, check, McKeanOptionName((PetscObject)f, ph->cahn_hilliard ? "-ch_epsilon" : "-ac_epsilon"), 1, &ph->eps));
  PetscCall(MckIOConfigReals(
      io, check, McKeanOptionName((PetscObject)f, ph->cahn_hilliard ? "-ch_stabilization" : "-ac_stabilization"), 1,
      &ph->S));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Phase(MckField f, PetscViewer viewer)
{
  Phase *ph = (Phase *)f->data;

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "%s: eps = %g, stabilisation S = %g, semi-implicit Fourier spectral (Chen & Shen)\n",
                                   ph->cahn_hilliard ? "Cahn-Hilliard" : "Allen-Cahn", (double)ph->eps, (double)ph->S));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Phase(MckField f)
{
  Phase *ph = (Phase *)f->data;

  PetscFunctionBeginUser;
  PetscCall(PetscFree(ph->ksq));
  PetscCall(PetscFree3(ph->A, ph->B, ph->uhat));
  PetscCall(PetscFree(f->data));
  PetscCall(PetscObjectComposeFunction((PetscObject)f, "MckFieldPhaseGetLength_C", NULL));
  PetscFunctionReturn(0);
}

static PetscErrorCode CreatePhase(MckField f, PetscBool cahn_hilliard)
{
  Phase *ph;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&ph));
  ph->cahn_hilliard      = cahn_hilliard;
  ph->eps                = 0.02;
  ph->S                  = 1.0;
  ph->init_mean          = 0.0;
  ph->init_amplitude     = 0.05;
  f->data                = ph;
  f->quantity            = "u";
  f->diagnostic          = "length";
  f->ops->setfromoptions = SetFromOptions_Phase;
  f->ops->setup          = SetUp_Phase;
  f->nvecs               = cahn_hilliard ? 3 : 1; /* half-size symbols: ksq and A, B and uhat (3) */
  f->ops->initial        = Initial_Phase;
  f->ops->energy         = Energy_Phase;
  f->ops->diagnostic     = GetLength_Phase;
  f->ops->config         = Config_Phase;
  f->ops->view           = View_Phase;
  f->ops->destroy        = Destroy_Phase;
  PetscCall(PetscObjectComposeFunction((PetscObject)f, "MckFieldPhaseGetLength_C", GetLength_Phase));
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldCreate_AllenCahn(MckField f)
{
  PetscFunctionBeginUser;
  PetscCall(CreatePhase(f, PETSC_FALSE));
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldCreate_CahnHilliard(MckField f)
{
  PetscFunctionBeginUser;
  PetscCall(CreatePhase(f, PETSC_TRUE));
  PetscFunctionReturn(0);
}
