/* The activation table: every registered entry is consistent with itself.
 * 1. phi' against the central difference (phi(x+h) - phi(x-h)) / 2h, h = 1e-5, at 41 points of
 *    [-3, 3] (none within 1e-3 of relu's kink): the difference's error is h^2 |phi'''| / 6 plus
 *    rounding eps |phi| / h, below 1e-9 here; the test allows 1e-7 (relative to max(1, |phi'|)).
 * 2. Phi(0) = 0 exactly, and Phi(b) - Phi(a) against composite Simpson quadrature of phi on
 *    [a, b] = [-2.7, 2.2] with 4000 intervals: error (b - a) h^4 |phi''''| / 180 < 1e-11; relu on
 *    [-2.7, -0.1] and [0.3, 2.2], away from its kink (where Simpson's error is O(h^2)); allowed 1e-8.
 * 3. phi'(0) (the table's slope0) against (phi(h) - phi(-h)) / 2h: relu's 1/2 is this symmetric
 *    difference, the mean of its one-sided slopes.
 * 4. The values do not depend on the position in the array (offsets 0 and 1 give the same bits).
 * 5. Where the entry gives phi' from phi's value, it has the bits of phi's derivative array at
 *    every point above, at +-0, +-inf, NaN, huge and tiny arguments and across tanh's clamp at 20,
 *    and computed in place (dy = y).
 * 6. The two error functions are distinct entries: erf_unit_slope has slope 1 at 0, erf_sqrt2
 *    slope sqrt(2/pi); "linear" is "identity"; an unknown name is a user-input error listing
 *    the registered names, with the object's options prefix in the option's name. */
#include <mckean/mckactivation.h>
#include <math.h>
#include <string.h>

#define NX 41

static PetscReal Simpson(const MckActivation *a, PetscReal lo, PetscReal hi)
{
  const PetscInt  m = 4000;
  const PetscReal h = (hi - lo) / m;
  PetscReal       x[4001], y[4001], s = 0;

  for (PetscInt i = 0; i <= m; i++) x[i] = lo + i * h;
  a->phi(m + 1, x, y, NULL);
  for (PetscInt i = 0; i <= m; i++) s += (i == 0 || i == m ? 1 : (i % 2 ? 4 : 2)) * y[i];
  return s * h / 3;
}

static PetscReal PrimitiveError(const MckActivation *a, PetscReal lo, PetscReal hi)
{
  PetscReal x[2] = {lo, hi}, Y[2];

  a->primitive(2, x, Y);
  return PetscAbsReal((Y[1] - Y[0]) - Simpson(a, lo, hi));
}

/* phi' from phi (where the entry gives it) against phi's derivative array, bit for bit. */
static PetscBool DerivativeOfValueDiffers(const MckActivation *a, PetscInt n, const PetscReal x[])
{
  PetscReal y[NX + 16], dy[NX + 16], dv[NX + 16];

  if (!a->dphi_of_phi) return PETSC_FALSE;
  a->phi(n, x, y, dy);
  a->dphi_of_phi(n, y, dv);
  a->dphi_of_phi(n, y, y); /* in place */
  return (PetscBool)(memcmp(dv, dy, n * sizeof(PetscReal)) || memcmp(y, dy, n * sizeof(PetscReal)));
}

static PetscErrorCode CheckOne(PetscObject obj, const char name[], PetscInt *bad)
{
  MckActivation   a;
  const PetscReal h = 1e-5;
  PetscReal       x[NX + 1], y[NX + 1], dy[NX + 1], yp[NX], ym[NX], xp[NX], xm[NX], shifted[NX + 1];
  PetscReal       derr = 0, perr, serr, zero = 0, Y0, hh[2] = {h, -h}, yh[2];
  const PetscReal edge[] = {0.0,     -0.0,      INFINITY, -INFINITY, NAN,   1e300, -1e300, 1e-300,
                            -5e-324, 19.999999, 20.0,     20.000001, -20.0, 0.5,   -0.75,  3e-9};
  PetscBool       relu, dvdiff;

  PetscFunctionBeginUser;
  PetscCall(MckActivationFind(obj, "-activation", name, &a));
  PetscCall(PetscStrcmp(name, MCKACTIVATION_RELU, &relu));
  for (PetscInt i = 0; i < NX; i++) {
    x[i]  = -3.0 + 6.0 * i / (NX - 1) + 0.0137; /* 0 is never a node: relu's kink */
    xp[i] = x[i] + h;
    xm[i] = x[i] - h;
  }
  a.phi(NX, x, y, dy);
  a.phi(NX, xp, yp, NULL);
  a.phi(NX, xm, ym, NULL);
  for (PetscInt i = 0; i < NX; i++)
    derr = PetscMax(derr, PetscAbsReal((yp[i] - ym[i]) / (2 * h) - dy[i]) / PetscMax(1.0, PetscAbsReal(dy[i])));
  a.primitive(1, &zero, &Y0);
  perr = relu ? PetscMax(PrimitiveError(&a, 0.3, 2.2), PrimitiveError(&a, -2.7, -0.1)) : PrimitiveError(&a, -2.7, 2.2);
  a.phi(2, hh, yh, NULL);
  serr   = PetscAbsReal((yh[0] - yh[1]) / (2 * h) - a.slope0);
  dvdiff = (PetscBool)(DerivativeOfValueDiffers(&a, NX, x) || DerivativeOfValueDiffers(&a, 16, edge));
  PetscCall(PetscArraycpy(shifted + 1, x, NX));
  a.phi(NX, shifted + 1, shifted + 1, NULL); /* in place, at offset 1 */
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "%-15s phi' %.1e  Phi(0) %g  Phi %.1e  phi'(0) = %g (%.1e)  position %s  phi' from phi %s\n",
                        name, (double)derr, (double)Y0, (double)perr, (double)a.slope0, (double)serr,
                        memcmp(shifted + 1, y, NX * sizeof(PetscReal)) ? "MOVED" : "same bits",
                        a.dphi_of_phi ? (dvdiff ? "DIFFERS" : "same bits") : "-"));
  if (derr > 1e-7 || Y0 != 0 || perr > 1e-8 || serr > 1e-7 || memcmp(shifted + 1, y, NX * sizeof(PetscReal)) || dvdiff)
    (*bad)++;
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscContainer    obj; /* any object: its prefix goes into the option's name */
  PetscFunctionList list;
  const char      **names;
  int               n;
  PetscInt          bad = 0;
  MckActivation     a, b;
  PetscErrorCode    code;
  char             *msg = NULL, *hit = NULL;
  const char       *text;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscContainerCreate(PETSC_COMM_WORLD, &obj));
  PetscCall(PetscObjectSetOptionsPrefix((PetscObject)obj, "a_"));
  PetscCall(MckActivationGetList(&list));
  PetscCall(PetscFunctionListGet(list, &names, &n));
  for (int i = 0; i < n; i++)
    if (names[i] && names[i][0]) PetscCall(CheckOne((PetscObject)obj, names[i], &bad));
  PetscCall(PetscFree(names));
  PetscCall(MckActivationFind((PetscObject)obj, "-activation", MCKACTIVATION_ERF_UNIT_SLOPE, &a));
  PetscCall(MckActivationFind((PetscObject)obj, "-activation", MCKACTIVATION_ERF_SQRT2, &b));
  if (a.slope0 != 1.0 || PetscAbsReal(b.slope0 - PetscSqrtReal(2 / PETSC_PI)) > 1e-15 || a.phi == b.phi) bad++;
  PetscCall(MckActivationFind((PetscObject)obj, "-activation", MCKACTIVATION_IDENTITY, &a));
  PetscCall(MckActivationFind((PetscObject)obj, "-activation", MCKACTIVATION_LINEAR, &b));
  if (a.phi != b.phi || a.primitive != b.primitive || a.dphi_of_phi != b.dphi_of_phi) bad++;
  PetscCall(MckActivationFind((PetscObject)obj, "-activation", MCKACTIVATION_TANH, &a));
  PetscCall(MckActivationFind((PetscObject)obj, "-activation", MCKACTIVATION_RELU, &b));
  if (!a.dphi_of_phi || !b.dphi_of_phi) bad++; /* the networks' gradients rely on these two */
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  code = MckActivationFind((PetscObject)obj, "-activation", "erf", &a);
  PetscCall(PetscPopErrorHandler());
  if (code) PetscCall(PetscErrorMessage(code, &text, &msg));
  if (msg)
    PetscCall(
        PetscStrstr(msg, "-a_activation erf: unknown activation; allowed: tanh, erf_unit_slope, erf_sqrt2", &hit));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "unknown name: %s\n", msg ? msg : "(accepted)"));
  if (code != PETSC_ERR_USER_INPUT || !hit) bad++;
  PetscCall(PetscContainerDestroy(&obj));
  PetscCheck(!bad, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%" PetscInt_FMT " activation check(s) failed", bad);
  PetscCall(McKeanFinalize());
  return 0;
}
