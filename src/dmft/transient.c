/* Has the transient decayed inside the averaging window? The sampling solvers (population,
 * network) average C_x along its diagonals over t >= -dmft_burn_in as if the paths were
 * stationary there. Near g = 1 the relaxation from x(0) ~ N(0, q0) to the stationary state is
 * slow, and a window that is too short biases Delta(tau) with no other sign. The check: the
 * equal-time variance v(t) = C_x(t, t) averaged over the first and over the second half of the
 * window; their difference d against its standard error.
 *
 * The standard error from the estimator itself: v(t) = (1/M) sum_i x_i(t)^2 over M independent
 * paths (the single sites; a network's neurons are nearly independent), so
 * Var d = (1/M) Var(sum_t c_t x(t)^2), c_t = -1/n1 on the first half and +1/n2 on the second.
 * The paths are Gaussian, so by Isserlis Cov(x(t)^2, x(s)^2) = 2 c(t, s)^2 + 4 m(t) m(s) c(t, s)
 * (c the covariance, m the mean) <= 2 C_x(t, s)^2 with C_x = c + m m the second moment:
 *   se^2 = (2/M) sum_{t, s} c_t c_s C_x(t, s)^2,
 * exact without input and an upper bound with it. Stationary paths give d ~ N(0, se^2);
 * |d| > MCK_SCS_TRANSIENT_SIGMAS se says the transient has not decayed. */
#include "dmft/dmftimpl.h"

/* 4 standard errors: a false alarm in 1 of 16000 stationary runs. */
#define MCK_SCS_TRANSIENT_SIGMAS 4.0

static PetscReal HalfWeight(PetscInt i, PetscInt b, PetscInt n1, PetscInt n2)
{
  return i < b + n1 ? -1.0 / n1 : 1.0 / n2;
}

/* s->halves (v averaged over the two halves of t >= burn-in), s->halves_se and s->transient
 * from s->cx; a window of fewer than 4 points, or a solver without a sample, is not checked. */
static void TransientStatistics(MckSCS s)
{
  const PetscInt T = s->T, b = MckSCSBurnInSteps(s), W = T - b, n1 = W / 2, n2 = W - n1;
  PetscReal      var = 0;

  s->halves[0] = s->halves[1] = s->halves_se = 0;
  s->transient                               = PETSC_FALSE;
  if (s->sample <= 0 || W < 4) return;
  for (PetscInt i = b; i < T; i++) {
    const PetscReal ci = HalfWeight(i, b, n1, n2);
    s->halves[i < b + n1 ? 0 : 1] += PetscAbsReal(ci) * s->cx[i + (size_t)i * T];
    for (PetscInt j = b; j < T; j++) {
      const PetscReal cij = s->cx[i + (size_t)j * T];
      var += ci * HalfWeight(j, b, n1, n2) * cij * cij;
    }
  }
  s->halves_se = PetscSqrtReal(PetscMax(2.0 * var / (PetscReal)s->sample, 0.0));
  s->transient = (PetscBool)(PetscAbsReal(s->halves[1] - s->halves[0]) > MCK_SCS_TRANSIENT_SIGMAS * s->halves_se);
}

/* The check of s->cx; with warn, one line on rank 0 if the transient has not decayed. */
PetscErrorCode MckSCSCheckTransient(MckSCS s, PetscBool warn)
{
  PetscObject     o  = (PetscObject)s->d;
  const PetscInt  b  = MckSCSBurnInSteps(s);
  const PetscReal t0 = b * s->dt, t1 = (b + (s->T - b) / 2) * s->dt, t2 = (s->T - 1) * s->dt;

  PetscFunctionBeginUser;
  TransientStatistics(s);
  if (!warn || !s->transient) PetscFunctionReturn(0);
  PetscCall(PetscPrintf(
      s->comm,
      "WARNING: the transient has not decayed: the variance C_x(t, t) averages %.4g over t in [%g, %g) and %.4g over [%g, %g] (%+.1f standard errors); Delta(tau) is biased: raise %s (now %" PetscInt_FMT
      ") and %s (now %g) (docs/dmft.md, the window near g = 1)\n",
      (double)s->halves[0], (double)t0, (double)t1, (double)s->halves[1], (double)t1, (double)t2,
      (double)((s->halves[1] - s->halves[0]) / s->halves_se), McKeanOptionName(o, "-dmft_steps"), s->T,
      McKeanOptionName(o, "-dmft_burn_in"), (double)s->burn_in));
  PetscFunctionReturn(0);
}
