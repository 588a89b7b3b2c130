/* The density estimator that compares particles with a PDE density (mckdeposit.h): the
 * particles' cloud-in-cell deposit smoothed by a Gaussian kernel, the PDE density seen through
 * the same estimator, their L1 distance; and the check that both describe one problem. */
#include "depositimpl.h"
#include <mckean/mcklangevin.h>

/*@C
  MckDepositSetBandwidth - The width of the estimator's Gaussian kernel.

  Logically Collective

  Input Parameters:
+ dep       - the deposit
- bandwidth - the width b >= 0 (0: the bare cloud-in-cell density)

  Level: intermediate

.seealso: `MckDepositEstimate()`, `MckDepositCompare()`
@*/
PetscErrorCode MckDepositSetBandwidth(MckDeposit dep, PetscReal bandwidth)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(dep, MCK_DEPOSIT_CLASSID, 1);
  PetscCheck(bandwidth >= 0 && !PetscIsInfOrNanReal(bandwidth), dep->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "MckDepositSetBandwidth: %g must be finite and >= 0", (double)bandwidth);
  dep->bandwidth = bandwidth;
  PetscFunctionReturn(0);
}

/*@C
  MckDepositGetBandwidth - The width of the estimator's Gaussian kernel.

  Not Collective

  Input Parameter:
. dep - the deposit

  Output Parameter:
. bandwidth - the width (0: none)

  Level: intermediate

.seealso: `MckDepositSetBandwidth()`
@*/
PetscErrorCode MckDepositGetBandwidth(MckDeposit dep, PetscReal *bandwidth)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(dep, MCK_DEPOSIT_CLASSID, 1);
  *bandwidth = dep->bandwidth;
  PetscFunctionReturn(0);
}

/* exp(-b^2 |k|^2 / 2): the symbol of the Gaussian kernel of width b (ctx: &b). */
static PetscReal GaussianSymbol(PetscInt dim, const PetscReal k[], void *ctx)
{
  const PetscReal b  = *(const PetscReal *)ctx;
  PetscReal       k2 = 0;

  for (PetscInt a = 0; a < dim; a++) k2 += k[a] * k[a];
  return PetscExpReal(-0.5 * b * b * k2);
}

/*@C
  MckDepositEstimate - The particles' density estimate: their deposit smoothed by the Gaussian
  kernel of the bandwidth.

  Collective

  Input Parameters:
+ dep - the deposit
- p   - the particles

  Output Parameter:
. estimate - a grid Vec

  Level: intermediate

.seealso: `MckDepositSetBandwidth()`, `MckDepositEstimateExpected()`, `MckDepositCompare()`
@*/
PetscErrorCode MckDepositEstimate(MckDeposit dep, MckParticles p, Vec estimate)
{
  PetscFunctionBeginUser;
  PetscCall(MckDepositParticles(dep, p, estimate));
  if (dep->bandwidth > 0) PetscCall(MckGridConvolve(dep->grid, GaussianSymbol, &dep->bandwidth, estimate, estimate));
  PetscFunctionReturn(0);
}

/*@C
  MckDepositEstimateExpected - A density rho seen through the particles' estimator: rho
  convolved with the cloud-in-cell tent and the Gaussian kernel of the bandwidth.

  Collective

  Input Parameters:
+ dep - the deposit
- rho - a grid Vec (e.g. a PDE's density)

  Output Parameter:
. expected - a grid Vec (may be rho)

  Level: intermediate

.seealso: `MckDepositEstimate()`, `MckDepositExpectation()`
@*/
PetscErrorCode MckDepositEstimateExpected(MckDeposit dep, Vec rho, Vec expected)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(dep, MCK_DEPOSIT_CLASSID, 1);
  PetscCall(MckDepositExpectation(dep, dep->bandwidth > 0 ? GaussianSymbol : NULL, &dep->bandwidth, rho, expected));
  PetscFunctionReturn(0);
}

/*@C
  MckDepositCompare - Compares particles with a density through one estimator: the particles'
  estimate, the density's expectation under it, and the L1 distance of the two.

  Collective

  Input Parameters:
+ dep - the deposit
. p   - the particles
- rho - the density to compare with (a grid Vec)

  Output Parameter:
. l1 - h^d sum_i |estimate_i - expected_i|, bitwise the same on any rank count

  Notes:
  The estimator's smoothing acts on both sides, so l1 measures the particles' sampling and
  propagation-of-chaos error, not the smoothing bias (docs/coupling.md). The two densities are
  kept by dep (`MckDepositGetEstimates()`).

  Level: intermediate

.seealso: `MckDepositSetBandwidth()`, `MckDepositGetEstimates()`, `MckDepositEstimate()`, `MckDepositEstimateExpected()`, `MckLangevinCheckFokkerPlanck()`
@*/
PetscErrorCode MckDepositCompare(MckDeposit dep, MckParticles p, Vec rho, PetscReal *l1)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(dep, MCK_DEPOSIT_CLASSID, 1);
  if (!dep->estimate) {
    PetscCall(MckGridCreateVec(dep->grid, &dep->estimate));
    PetscCall(VecDuplicate(dep->estimate, &dep->expected));
  }
  PetscCall(MckDepositEstimate(dep, p, dep->estimate));
  PetscCall(MckDepositEstimateExpected(dep, rho, dep->expected));
  PetscCall(MckDepositDistanceL1(dep, dep->estimate, dep->expected, l1));
  PetscFunctionReturn(0);
}

/*@C
  MckDepositGetEstimates - The two densities of the last `MckDepositCompare()`.

  Not Collective

  Input Parameter:
. dep - the deposit, after `MckDepositCompare()`

  Output Parameters:
+ estimate - the particles' estimate (a grid Vec owned by dep; may be NULL)
- expected - the compared density through the estimator (owned by dep; may be NULL)

  Level: intermediate

.seealso: `MckDepositCompare()`, `MckGridAppendVec()`
@*/
PetscErrorCode MckDepositGetEstimates(MckDeposit dep, Vec *estimate, Vec *expected)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(dep, MCK_DEPOSIT_CLASSID, 1);
  PetscCheck(dep->estimate, dep->comm, PETSC_ERR_ORDER, "MckDepositGetEstimates() before MckDepositCompare()");
  if (estimate) *estimate = dep->estimate;
  if (expected) *expected = dep->expected;
  PetscFunctionReturn(0);
}

/*@C
  MckDepositAppendEstimates - Appends the two densities of the last `MckDepositCompare()` as one
  snapshot each to two series of a run file, shape (nsnap, N, 1) in natural grid order.

  Collective

  Input Parameters:
+ dep      - the deposit, after `MckDepositCompare()`
. io       - a file open for writing
. estimate - the series of the particles' estimate (e.g. "/particles/density")
- expected - the series of the compared density through the estimator (e.g. "/fields/density_estimated")

  Level: intermediate

.seealso: `MckDepositCompare()`, `MckDepositGetEstimates()`, `MckGridAppendVec()`
@*/
PetscErrorCode MckDepositAppendEstimates(MckDeposit dep, MckIO io, const char estimate[], const char expected[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(dep, MCK_DEPOSIT_CLASSID, 1);
  PetscCheck(dep->estimate, dep->comm, PETSC_ERR_ORDER, "MckDepositAppendEstimates() before MckDepositCompare()");
  PetscCall(MckGridAppendVec(dep->grid, io, expected, dep->expected));
  PetscCall(MckGridAppendVec(dep->grid, io, estimate, dep->estimate));
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinCheckFokkerPlanck - Checks that Langevin dynamics and a fokker_planck field solve
  one McKean-Vlasov problem, before comparing them: overdamped with unit friction (the PDE has
  no mobility), one constant temperature, the particles' periodic box the field's grid.

  Collective

  Input Parameters:
+ l - the dynamics, set up
- f - the field, set up

  Note:
  A mismatch is a user-input error naming the options on both sides (with their prefixes).

  Level: intermediate

.seealso: `MckDepositCompare()`, `MckFieldFPGetTemperature()`
@*/
PetscErrorCode MckLangevinCheckFokkerPlanck(MckLangevin l, MckField f)
{
  MckParticles p;
  MckGrid      g;
  MPI_Comm     comm;
  PetscReal    dt, gamma, T0, T1, Tf;
  PetscInt64   nsteps;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetParticles(l, &p));
  PetscCall(MckFieldGetGrid(f, &g));
  PetscCall(PetscObjectGetComm((PetscObject)f, &comm));
  PetscCall(MckParticlesCheckGrid(p, g));
  PetscCall(MckLangevinGetParameters(l, &dt, &gamma, NULL));
  PetscCheck(gamma == 1, comm, PETSC_ERR_USER_INPUT,
             "%s %g: the Fokker-Planck equation is the overdamped limit with unit friction; set %s 1",
             McKeanOptionName((PetscObject)l, "-lgv_gamma"), (double)gamma,
             McKeanOptionName((PetscObject)l, "-lgv_gamma"));
  PetscCall(MckLangevinGetStep(l, NULL, &nsteps));
  PetscCall(MckLangevinGetTemperature(l, 0, &T0));
  PetscCall(MckLangevinGetTemperature(l, dt * (PetscReal)nsteps, &T1));
  PetscCall(MckFieldFPGetTemperature(f, &Tf));
  PetscCheck(T0 == T1, comm, PETSC_ERR_USER_INPUT, "%s: the PDE needs a constant temperature (T goes from %g to %g)",
             McKeanOptionName((PetscObject)l, "-lgv_temperature_schedule"), (double)T0, (double)T1);
  PetscCheck(Tf == T0, comm, PETSC_ERR_USER_INPUT,
             "%s %g differs from %s %g: leave %s out, the PDE takes the particles' temperature",
             McKeanOptionName((PetscObject)f, "-fp_temperature"), (double)Tf,
             McKeanOptionName((PetscObject)l, "-lgv_temperature"), (double)T0,
             McKeanOptionName((PetscObject)f, "-fp_temperature"));
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinCreateFokkerPlanck - The Fokker-Planck PDE of Langevin particles: a fokker_planck
  field on a grid of the particles' periodic box and dimension, at their temperature, checked to
  solve their McKean-Vlasov problem.

  Collective

  Input Parameters:
+ l      - the dynamics, set up (overdamped with unit friction, constant temperature)
. n      - the grid's default number of points per axis
- prefix - the options prefix of the field and its grid (NULL: none); the drifts' -mf_* and
           potential options configure the PDE under it (-fp_interaction, -fp_potentials)

  Output Parameter:
. f - the field, set up

  Level: intermediate

.seealso: `MckLangevinCheckFokkerPlanck()`, `MckParticlesCreateGrid()`, `MckDepositCompare()`
@*/
PetscErrorCode MckLangevinCreateFokkerPlanck(MckLangevin l, PetscInt n, const char prefix[], MckField *f)
{
  MckParticles p;
  MckGrid      g;
  MPI_Comm     comm;
  PetscReal    T;
  PetscBool    help;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetParticles(l, &p));
  PetscCall(MckParticlesGetComm(p, &comm));
  PetscCall(MckParticlesCreateGrid(p, n, prefix, &g));
  PetscCall(MckFieldCreate(comm, f));
  PetscCall(MckFieldSetOptionsPrefix(*f, prefix));
  PetscCall(MckFieldSetGrid(*f, g));
  PetscCall(MckGridDestroy(&g));
  PetscCall(MckFieldSetType(*f, MCKFIELD_FOKKER_PLANCK));
  PetscCall(MckLangevinGetTemperature(l, 0, &T));
  PetscCall(MckFieldFPSetTemperature(*f, T));
  PetscCall(MckFieldSetFromOptions(*f));
  PetscCall(MckFieldSetUp(*f));
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  if (!help) PetscCall(MckLangevinCheckFokkerPlanck(l, *f)); /* -help: the options are listed, nothing is compared */
  PetscFunctionReturn(0);
}
