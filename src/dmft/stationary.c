/* Solver "stationary" of the scs model: the chaotic stationary state of the noiseless network without input
 * (Sompolinsky, Crisanti, Sommers 1988; Crisanti & Sompolinsky 2018).
 *
 * Delta(tau) = <x(t) x(t + tau)> obeys Newton's equation Delta'' = -V'(Delta) with
 *   V(Delta) = -Delta^2 / 2 + g^2 C_Phi(Delta; Delta_0),
 *   C_f(Delta; Delta_0) = E_z [ E_x f(sqrt(Delta_0 - Delta) x + sqrt(Delta) z) ]^2,  Phi' = phi,
 * so that V'(Delta) = -Delta + g^2 C_phi(Delta; Delta_0) (Price's theorem). A solution that
 * starts at rest at Delta_0 and comes to rest at Delta = 0 conserves energy: V(Delta_0) = V(0),
 *   Delta_0^2 / 2 = g^2 ( E[Phi(sqrt(Delta_0) z)^2] - E[Phi(sqrt(Delta_0) z)]^2 ).
 * Delta_0 = 0 always solves it; the chaotic root is the positive root of
 * h(Delta_0) = that equation divided by Delta_0^2, bracketed, then polished by SNES (newtonls).
 * Delta(tau) from Delta(0) = Delta_0, Delta'(0) = 0 by TS (adaptive Dormand-Prince). Gaussian
 * expectations by the trapezoidal rule on the line (gauss.c), its spacing chosen by Delta_0's
 * convergence. Every rank solves the same small problem,
 * in one step of a few seconds: the solver has no state to checkpoint. */
#include "dmft/dmftimpl.h"

typedef struct {
  PetscReal            g, delta0;
  const MckActivation *act;
  PetscReal            h;                 /* spacing of the Gaussian quadrature (gauss.c) */
  PetscInt             n;                 /* its nodes */
  PetscReal           *z, *w, *arg, *val; /* nodes, weights; work */
} Theory;

/* Halve the quadrature's spacing from MCK_STATIONARY_H0 until Delta_0 of h and h/2 agree to
 * MCK_STATIONARY_RTOL relative, and use h: its error is about that difference, since halving h
 * squares the error. The spacing stops at MCK_STATIONARY_HMIN (1601 nodes); for an activation
 * that is not analytic (relu) the error then falls only algebraically. */
#define MCK_STATIONARY_H0   0.4
#define MCK_STATIONARY_HMIN 0.0125
#define MCK_STATIONARY_RTOL 1e-10

static PetscErrorCode TheorySetQuadrature(Theory *th, PetscReal h)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree4(th->z, th->w, th->arg, th->val));
  th->h = h;
  th->n = MckDMFTGaussTrapezoidNodes(h);
  PetscCall(PetscMalloc4(th->n, &th->z, th->n, &th->w, th->n, &th->arg, th->n, &th->val));
  PetscCall(MckDMFTGaussTrapezoid(h, th->n, th->z, th->w));
  PetscFunctionReturn(0);
}

static void Evaluate(const Theory *th, PetscBool primitive, PetscInt n, const PetscReal x[], PetscReal y[])
{
  if (primitive) th->act->primitive(n, x, y);
  else th->act->phi(n, x, y, NULL);
}

/* C_f(Delta; Delta0) for f = phi (primitive = FALSE) or Phi; Delta clamped to [0, Delta0].
 * At the ends one of the two expectations is trivial: O(n) instead of O(n^2). */
static PetscReal TwoPointGaussian(const Theory *th, PetscBool primitive, PetscReal delta, PetscReal delta0)
{
  const PetscInt n = th->n;
  PetscReal      a, b, c = 0, m = 0, wsum = 0;

  delta = PetscMin(PetscMax(delta, 0.0), delta0);
  a     = PetscSqrtReal(delta0 - delta);
  b     = PetscSqrtReal(delta);
  for (PetscInt l = 0; l < n; l++) wsum += th->w[l];
  if (a == 0 || b == 0) { /* E_z f(b z)^2 (the inner mean is f itself), or (E_x f(a x))^2 */
    for (PetscInt l = 0; l < n; l++) th->arg[l] = (a == 0 ? b : a) * th->z[l];
    Evaluate(th, primitive, n, th->arg, th->val);
    if (a == 0) {
      for (PetscInt l = 0; l < n; l++) c += th->w[l] * th->val[l] * th->val[l];
      return c * wsum * wsum;
    }
    for (PetscInt l = 0; l < n; l++) m += th->w[l] * th->val[l];
    return m * m * wsum;
  }
  for (PetscInt k = 0; k < n; k++) {
    m = 0;
    for (PetscInt l = 0; l < n; l++) th->arg[l] = a * th->z[l] + b * th->z[k];
    Evaluate(th, primitive, n, th->arg, th->val);
    for (PetscInt l = 0; l < n; l++) m += th->w[l] * th->val[l];
    c += th->w[k] * m * m;
  }
  return c;
}

/* h(Delta0) = 1/2 - g^2 (C_Phi(Delta0; Delta0) - C_Phi(0; Delta0)) / Delta0^2 */
static PetscReal EnergyBalance(const Theory *th, PetscReal delta0)
{
  return 0.5 - th->g * th->g *
                   (TwoPointGaussian(th, PETSC_TRUE, delta0, delta0) - TwoPointGaussian(th, PETSC_TRUE, 0, delta0)) /
                   (delta0 * delta0);
}

static PetscErrorCode BalanceResidual(SNES snes, Vec x, Vec f, void *ctx)
{
  const PetscReal *xx;
  PetscReal       *ff;

  PetscFunctionBeginUser;
  (void)snes;
  PetscCall(VecGetArrayRead(x, &xx));
  PetscCall(VecGetArray(f, &ff));
  ff[0] = EnergyBalance((const Theory *)ctx, PetscMax(xx[0], 1e-12));
  PetscCall(VecRestoreArray(f, &ff));
  PetscCall(VecRestoreArrayRead(x, &xx));
  PetscFunctionReturn(0);
}

/* Bracket the positive root by doubling and bisection, then polish it with SNES. */
static PetscErrorCode SolveDelta0(MckSCS s, Theory *th)
{
  PetscReal           lo = 1e-4, hi = 1.0, *xx;
  SNES                snes;
  Vec                 x, f;
  Mat                 Jac;
  SNESConvergedReason reason;

  PetscFunctionBeginUser;
  th->delta0 = 0;
  if (EnergyBalance(th, lo) >= 0) PetscFunctionReturn(0); /* only the quiescent fixed point */
  while (EnergyBalance(th, hi) < 0 && hi < 1e8) hi *= 2;
  PetscCheck(EnergyBalance(th, hi) >= 0, s->comm, PETSC_ERR_USER_INPUT,
             "%s %s with %s %g: no stationary state of finite variance (the energy balance has no root below 1e8)",
             McKeanOptionName((PetscObject)s->d, "-dmft_activation"), s->act_name,
             McKeanOptionName((PetscObject)s->d, "-dmft_g"), (double)s->g);
  for (PetscInt it = 0; it < 40; it++) {
    const PetscReal mid = 0.5 * (lo + hi);
    if (EnergyBalance(th, mid) < 0) lo = mid;
    else hi = mid;
  }
  PetscCall(VecCreateSeq(PETSC_COMM_SELF, 1, &x));
  PetscCall(VecDuplicate(x, &f));
  PetscCall(MatCreateSeqDense(PETSC_COMM_SELF, 1, 1, NULL, &Jac));
  PetscCall(SNESCreate(PETSC_COMM_SELF, &snes));
  PetscCall(SNESSetType(snes, SNESNEWTONLS));
  PetscCall(SNESSetFunction(snes, f, BalanceResidual, th));
  PetscCall(SNESSetJacobian(snes, Jac, Jac, SNESComputeJacobianDefault, th));
  PetscCall(SNESSetTolerances(snes, 1e-14, 1e-12, 1e-14, 50, 1000));
  PetscCall(VecSet(x, 0.5 * (lo + hi)));
  PetscCall(SNESSolve(snes, NULL, x));
  PetscCall(SNESGetConvergedReason(snes, &reason));
  PetscCall(VecGetArray(x, &xx));
  th->delta0 =
      (reason > 0 && xx[0] > 0) ? xx[0] : 0.5 * (lo + hi); /* the bisection is already good to 1e-12 relative */
  PetscCall(VecRestoreArray(x, &xx));
  PetscCall(SNESDestroy(&snes));
  PetscCall(MatDestroy(&Jac));
  PetscCall(VecDestroy(&f));
  PetscCall(VecDestroy(&x));
  PetscFunctionReturn(0);
}

/* u = (Delta, Delta'): u' = (Delta', Delta - g^2 C_phi(Delta; Delta0)) */
static PetscErrorCode Newton(TS ts, PetscReal t, Vec u, Vec du, void *ctx)
{
  const Theory    *th = (const Theory *)ctx;
  const PetscReal *uu;
  PetscReal       *dd;

  PetscFunctionBeginUser;
  (void)ts, (void)t;
  PetscCall(VecGetArrayRead(u, &uu));
  PetscCall(VecGetArray(du, &dd));
  dd[0] = uu[1];
  dd[1] = uu[0] - th->g * th->g * TwoPointGaussian(th, PETSC_FALSE, uu[0], th->delta0);
  PetscCall(VecRestoreArray(du, &dd));
  PetscCall(VecRestoreArrayRead(u, &uu));
  PetscFunctionReturn(0);
}

/* The decay rate of the tail: near Delta = 0, Delta'' = kappa^2 Delta with
 * kappa^2 = 1 - g^2 dC_phi/dDelta(0) = 1 - g^2 E[phi'(sqrt(Delta0) z)]^2 (Price's theorem). */
static PetscReal TailRate(const Theory *th)
{
  const PetscReal eps = 1e-6 * th->delta0, c1 = (TwoPointGaussian(th, PETSC_FALSE, eps, th->delta0) -
                                                 TwoPointGaussian(th, PETSC_FALSE, 0, th->delta0)) /
                                                eps;
  return PetscSqrtReal(PetscMax(1.0 - th->g * th->g * c1, 0.0));
}

/* Delta(k dt) for k < n by TS, stopping exactly at every grid time. The solution creeps up the
 * hill of V towards Delta = 0, an unstable point: any error grows like exp(kappa tau) while
 * Delta decays like exp(-kappa tau), so the integration eventually falls off the hill. It is
 * followed until it has reached the linear regime (local rate -Delta'/Delta within 1e-3 of
 * kappa), or turns back, or crosses zero; from there on Delta is the asymptotic tail
 * Delta_1 exp(-kappa (tau - tau_1)). */
static PetscErrorCode IntegrateDelta(MckSCS s, Theory *th, PetscInt n, PetscReal delta[])
{
  TS         ts;
  Vec        u;
  PetscReal *uu, kappa = TailRate(th);
  PetscInt   k, last;

  PetscFunctionBeginUser;
  delta[0] = th->delta0;
  if (th->delta0 == 0) {
    for (k = 1; k < n; k++) delta[k] = 0;
    PetscFunctionReturn(0);
  }
  PetscCall(VecCreateSeq(PETSC_COMM_SELF, 2, &u));
  PetscCall(VecGetArray(u, &uu));
  uu[0] = th->delta0;
  uu[1] = 0;
  PetscCall(VecRestoreArray(u, &uu));
  PetscCall(TSCreate(PETSC_COMM_SELF, &ts));
  PetscCall(TSSetType(ts, TSRK));
  PetscCall(TSRKSetType(ts, TSRK5DP));
  PetscCall(TSSetRHSFunction(ts, NULL, Newton, th));
  PetscCall(TSSetTolerances(ts, 1e-12, NULL, 1e-12, NULL));
  PetscCall(TSSetTimeStep(ts, 0.01 * s->dt));
  PetscCall(TSSetExactFinalTime(ts, TS_EXACTFINALTIME_MATCHSTEP));
  PetscCall(TSSetMaxSteps(ts, PETSC_MAX_INT));
  PetscCall(TSSetSolution(ts, u));
  for (k = 1, last = 0; k < n; k++) {
    PetscCall(TSSetMaxTime(ts, k * s->dt));
    PetscCall(TSSolve(ts, u));
    PetscCall(VecGetArray(u, &uu));
    const PetscBool trusted = (PetscBool)(uu[0] > 0 && uu[1] < 0);
    const PetscBool linear  = (PetscBool)(trusted && PetscAbsReal(-uu[1] / uu[0] - kappa) < 1e-3 * kappa);
    if (trusted) {
      delta[k] = uu[0];
      last     = k;
    }
    PetscCall(VecRestoreArray(u, &uu));
    if (!trusted || linear) break;
  }
  for (k = last + 1; k < n; k++) delta[k] = delta[last] * PetscExpReal(-kappa * (k - last) * s->dt);
  PetscCall(TSDestroy(&ts));
  PetscCall(VecDestroy(&u));
  PetscFunctionReturn(0);
}

/* The stationary two-time functions: C_x(t, t') = Delta(|t - t'|), C_phi = C_phi(Delta; Delta0). */
static void FillStationaryMatrices(MckSCS s, const Theory *th, const PetscReal delta[])
{
  const PetscInt T = s->T;

  for (PetscInt k = 0; k < T; k++) {
    const PetscReal cp = TwoPointGaussian(th, PETSC_FALSE, delta[k], th->delta0);
    for (PetscInt i = 0; i + k < T; i++) {
      s->cx[i + (size_t)(i + k) * T] = s->cx[i + k + (size_t)i * T] = delta[k];
      s->cphi[i + (size_t)(i + k) * T] = s->cphi[i + k + (size_t)i * T] = cp;
    }
  }
}

/* The noiseless, inputless network only: the theory has no noise or input term. */
static PetscErrorCode SetUp_Stationary(MckSCS s)
{
  PetscObject o = (PetscObject)s->d;

  PetscFunctionBeginUser;
  PetscCheck(s->noise == 0 && s->input == 0, s->comm, PETSC_ERR_USER_INPUT,
             "%s %g and %s %g: %s stationary (the Newton-equation theory) needs both 0; use %s population",
             McKeanOptionName(o, "-dmft_noise"), (double)s->noise, McKeanOptionName(o, "-dmft_input"), (double)s->input,
             McKeanOptionName(o, "-dmft_solver"), McKeanOptionName(o, "-dmft_solver"));
  PetscFunctionReturn(0);
}

/* The quadrature (see MCK_STATIONARY_H0) and Delta_0 with it. */
static PetscErrorCode SolveDelta0Converged(MckSCS s, Theory *th)
{
  PetscReal h = MCK_STATIONARY_H0, coarse;

  PetscFunctionBeginUser;
  PetscCall(TheorySetQuadrature(th, h));
  PetscCall(SolveDelta0(s, th));
  for (;;) {
    coarse = th->delta0;
    PetscCall(TheorySetQuadrature(th, 0.5 * h));
    PetscCall(SolveDelta0(s, th));
    if (PetscAbsReal(th->delta0 - coarse) <= MCK_STATIONARY_RTOL * th->delta0) break;
    h *= 0.5;
    if (h < MCK_STATIONARY_HMIN * (1 + 1e-9)) {
      PetscCall(PetscInfo(
          s->d,
          "stationary theory: Delta_0 = %.15g changes by %.3g relative between quadrature spacings %g and %g (the finest)\n",
          (double)th->delta0, (double)PetscAbsReal(th->delta0 / coarse - 1), (double)(2 * h), (double)h));
      PetscFunctionReturn(0);
    }
  }
  PetscCall(PetscInfo(s->d,
                      "stationary theory: Delta_0 = %.15g, quadrature spacing %g (%" PetscInt_FMT
                      " nodes; %.3g relative from spacing %g)\n",
                      (double)coarse, (double)h, MckDMFTGaussTrapezoidNodes(h),
                      (double)PetscAbsReal(th->delta0 / coarse - 1), (double)(0.5 * h)));
  PetscCall(TheorySetQuadrature(
      th, h)); /* the rule whose Delta_0 is kept, so that the Newton equation conserves its energy */
  th->delta0 = coarse;
  PetscFunctionReturn(0);
}

static PetscErrorCode Step_Stationary(MckSCS s)
{
  Theory     th = {0};
  PetscReal *delta;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_DMFTStationary, 0, 0, 0, 0));
  th.g   = s->g;
  th.act = &s->act;
  PetscCall(SolveDelta0Converged(s, &th));
  PetscCall(PetscMalloc1(s->T, &delta));
  PetscCall(IntegrateDelta(s, &th, s->T, delta));
  FillStationaryMatrices(s, &th, delta);
  for (PetscInt k = 0; k < s->lags; k++) s->delta[k] = delta[k];
  PetscCall(PetscFree(delta));
  PetscCall(PetscFree4(th.z, th.w, th.arg, th.val));
  s->its       = 0;
  s->residual  = 0;
  s->converged = PETSC_TRUE;
  s->done      = PETSC_TRUE;
  PetscCall(PetscLogEventEnd(MCK_EVENT_DMFTStationary, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* One step: the whole solve. */
static PetscErrorCode GetStep_Stationary(MckSCS s, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time)
{
  PetscFunctionBeginUser;
  *step   = s->done ? 1 : 0;
  *nsteps = 1;
  *time   = (PetscReal)*step;
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Stationary(MckSCS s, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  (void)s;
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "stationary theory: Delta_0 by energy balance (SNES), Delta(tau) by Newton's equation (TS, RK5DP), Gaussian expectations by the trapezoidal rule, spacing halved from %g until Delta_0 agrees to %g relative; one step, no checkpoints\n",
      MCK_STATIONARY_H0, MCK_STATIONARY_RTOL));
  PetscFunctionReturn(0);
}

PetscErrorCode MckSCSCreate_Stationary(MckSCS s, MckSCSSolverOps *ops, void **data)
{
  PetscFunctionBeginUser;
  s->sample    = 0;
  ops->setup   = SetUp_Stationary;
  ops->step    = Step_Stationary;
  ops->getstep = GetStep_Stationary;
  ops->view    = View_Stationary;
  *data        = NULL;
  PetscFunctionReturn(0);
}
