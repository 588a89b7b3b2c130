/* The activation table (include/mckean/mckactivation.h): phi with its derivative, primitive and
 * slope at the origin, and phi' from phi's value where phi' is a function of it, registered by
 * name for the dmft and learn layers. Plain per-element C:
 * with -ffp-contract=off, and either the vectorisable MckActivationTanh (tanh.c: plain IEEE
 * arithmetic) or the same scalar libm function for every element (erf, exp, log1p: never a vector
 * variant, McKean is not compiled with -ffast-math), an element's value does not depend on where
 * it falls in a loop. */
#include <mckean/mckactivation.h>
#include "kernel/tanhkernels.h"
#include <math.h>

static PetscFunctionList MckActivationList = NULL;
static PetscBool         registered        = PETSC_FALSE;

static void Tanh(PetscInt n, const PetscReal z[], PetscReal s[], PetscReal ds[])
{
  if (ds) MCK_SIMD_CALL(MckTanhDerivKernel, (int64_t)n, z, s, ds); /* s = tanh z, ds = 1 - s^2 in one pass */
  else MckActivationTanh(n, z, s);
}

/* tanh' = 1 - tanh^2: the expression of Tanh's derivative array, so the same bits */
static void TanhDerivativeOfValue(PetscInt n, const PetscReal s[], PetscReal ds[])
{
  MCK_SIMD_CALL(MckTanhDerivOfValueKernel, (int64_t)n, s, ds);
}

/* log cosh x = |x| + log1p(exp(-2|x|)) - log 2, without overflow for large |x| */
static void TanhPrimitive(PetscInt n, const PetscReal x[], PetscReal y[])
{
  for (PetscInt k = 0; k < n; k++) {
    const PetscReal a = fabs(x[k]);
    y[k]              = a + log1p(exp(-2.0 * a)) - 0.69314718055994530942;
  }
}

#define MCK_ERF_UNIT_SLOPE_C 0.88622692545275801365 /* sqrt(pi)/2: slope 1 at 0, like tanh */
/* erf(c x), c = sqrt(pi)/2; its derivative (2 c / sqrt(pi)) exp(-c^2 x^2) = exp(-c^2 x^2) */
static void ErfUnitSlope(PetscInt n, const PetscReal x[], PetscReal y[], PetscReal dy[])
{
  const PetscReal c = MCK_ERF_UNIT_SLOPE_C;

  if (dy)
    for (PetscInt k = 0; k < n; k++) dy[k] = exp(-c * c * x[k] * x[k]);
  for (PetscInt k = 0; k < n; k++) y[k] = erf(c * x[k]);
}

/* int_0^x erf(c s) ds = x erf(c x) + (exp(-c^2 x^2) - 1) / (c sqrt(pi)) */
static void ErfUnitSlopePrimitive(PetscInt n, const PetscReal x[], PetscReal y[])
{
  const PetscReal c = MCK_ERF_UNIT_SLOPE_C, s = 1.0 / (MCK_ERF_UNIT_SLOPE_C * 1.77245385090551602730);
  for (PetscInt k = 0; k < n; k++) y[k] = x[k] * erf(c * x[k]) + (exp(-c * c * x[k] * x[k]) - 1.0) * s;
}

/* erf(z / sqrt 2), the Gaussian CDF rescaled to (-1, 1); its derivative sqrt(2/pi) e^{-z^2/2} */
static void ErfSqrt2(PetscInt n, const PetscReal z[], PetscReal s[], PetscReal ds[])
{
  const PetscReal c = 0.79788456080286535588; /* sqrt(2/pi) */

  if (ds)
    for (PetscInt k = 0; k < n; k++) ds[k] = c * exp(-0.5 * z[k] * z[k]);
  for (PetscInt k = 0; k < n; k++) s[k] = erf(z[k] * 0.70710678118654752440);
}

/* int_0^x erf(s / sqrt 2) ds = x erf(x / sqrt 2) + sqrt(2/pi) (exp(-x^2/2) - 1) */
static void ErfSqrt2Primitive(PetscInt n, const PetscReal x[], PetscReal y[])
{
  const PetscReal c = 0.79788456080286535588; /* sqrt(2/pi) */
  for (PetscInt k = 0; k < n; k++)
    y[k] = x[k] * erf(x[k] * 0.70710678118654752440) + c * (exp(-0.5 * x[k] * x[k]) - 1.0);
}

/* relu'(0) = 0 in the derivative array (a subgradient; finite-difference tests avoid the kink) */
static void ReLU(PetscInt n, const PetscReal z[], PetscReal s[], PetscReal ds[])
{
  if (ds)
    for (PetscInt k = 0; k < n; k++) ds[k] = z[k] > 0 ? 1.0 : 0.0;
  for (PetscInt k = 0; k < n; k++) s[k] = z[k] > 0 ? z[k] : 0.0;
}

/* s > 0 exactly when z > 0 (z = -0 and NaN give s = 0), so the derivative array's bits */
static void ReLUDerivativeOfValue(PetscInt n, const PetscReal s[], PetscReal ds[])
{
  for (PetscInt k = 0; k < n; k++) ds[k] = s[k] > 0 ? 1.0 : 0.0;
}

static void ReLUPrimitive(PetscInt n, const PetscReal x[], PetscReal y[])
{
  for (PetscInt k = 0; k < n; k++) y[k] = x[k] > 0 ? 0.5 * x[k] * x[k] : 0.0;
}

/* identity: features linear in the parameters once w, b are frozen (-mfnet_train_features 0) */
static void Identity(PetscInt n, const PetscReal z[], PetscReal s[], PetscReal ds[])
{
  if (ds)
    for (PetscInt k = 0; k < n; k++) ds[k] = 1.0;
  for (PetscInt k = 0; k < n; k++) s[k] = z[k];
}

static void IdentityDerivativeOfValue(PetscInt n, const PetscReal s[], PetscReal ds[])
{
  (void)s;
  for (PetscInt k = 0; k < n; k++) ds[k] = 1.0;
}

static void IdentityPrimitive(PetscInt n, const PetscReal x[], PetscReal y[])
{
  for (PetscInt k = 0; k < n; k++) y[k] = 0.5 * x[k] * x[k];
}

/* Probabilists' Hermite polynomials: E[He_j He_k] = k! delta_jk under N(0, 1). */
static void He2(PetscInt n, const PetscReal z[], PetscReal s[], PetscReal ds[])
{
  if (ds)
    for (PetscInt k = 0; k < n; k++) ds[k] = 2.0 * z[k];
  for (PetscInt k = 0; k < n; k++) s[k] = z[k] * z[k] - 1.0;
}

static void He2Primitive(PetscInt n, const PetscReal x[], PetscReal y[])
{
  for (PetscInt k = 0; k < n; k++) y[k] = (x[k] * x[k] / 3.0 - 1.0) * x[k];
}

static void He3(PetscInt n, const PetscReal z[], PetscReal s[], PetscReal ds[])
{
  if (ds)
    for (PetscInt k = 0; k < n; k++) ds[k] = 3.0 * z[k] * z[k] - 3.0;
  for (PetscInt k = 0; k < n; k++) s[k] = (z[k] * z[k] - 3.0) * z[k];
}

static void He3Primitive(PetscInt n, const PetscReal x[], PetscReal y[])
{
  for (PetscInt k = 0; k < n; k++) y[k] = (0.25 * x[k] * x[k] - 1.5) * x[k] * x[k];
}

static PetscErrorCode Fill(MckActivation *act, MckActivationFn phi, MckActivationPrimitiveFn primitive,
                           MckActivationDerivativeOfValueFn dphi_of_phi, PetscReal slope0)
{
  PetscFunctionBeginUser;
  act->phi         = phi;
  act->primitive   = primitive;
  act->dphi_of_phi = dphi_of_phi;
  act->slope0      = slope0;
  PetscFunctionReturn(0);
}

static PetscErrorCode Create_Tanh(MckActivation *a) { return Fill(a, Tanh, TanhPrimitive, TanhDerivativeOfValue, 1.0); }
static PetscErrorCode Create_ErfUnitSlope(MckActivation *a)
{
  return Fill(a, ErfUnitSlope, ErfUnitSlopePrimitive, NULL, 1.0);
}
static PetscErrorCode Create_ErfSqrt2(MckActivation *a)
{
  return Fill(a, ErfSqrt2, ErfSqrt2Primitive, NULL, 0.79788456080286535588);
}
static PetscErrorCode Create_ReLU(MckActivation *a)
{
  return Fill(a, ReLU, ReLUPrimitive, ReLUDerivativeOfValue, 0.5); /* the mean of the two one-sided slopes */
}
static PetscErrorCode Create_Identity(MckActivation *a)
{
  return Fill(a, Identity, IdentityPrimitive, IdentityDerivativeOfValue, 1.0);
}
static PetscErrorCode Create_He2(MckActivation *a) { return Fill(a, He2, He2Primitive, NULL, 0.0); }
static PetscErrorCode Create_He3(MckActivation *a) { return Fill(a, He3, He3Primitive, NULL, -3.0); }

static PetscErrorCode MckActivationFinalizePackage(void)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListDestroy(&MckActivationList));
  registered = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/*@C
  MckActivationInitializePackage - Registers the built-in activations; called by the functions
  of the table that need it.

  Not Collective

  Level: developer

.seealso: `MckActivationRegister()`, `MckActivationFind()`
@*/
PetscErrorCode MckActivationInitializePackage(void)
{
  PetscFunctionBeginUser;
  if (registered) PetscFunctionReturn(0);
  registered = PETSC_TRUE;
  PetscCall(PetscFunctionListAdd(&MckActivationList, MCKACTIVATION_TANH, Create_Tanh));
  PetscCall(PetscFunctionListAdd(&MckActivationList, MCKACTIVATION_ERF_UNIT_SLOPE, Create_ErfUnitSlope));
  PetscCall(PetscFunctionListAdd(&MckActivationList, MCKACTIVATION_ERF_SQRT2, Create_ErfSqrt2));
  PetscCall(PetscFunctionListAdd(&MckActivationList, MCKACTIVATION_RELU, Create_ReLU));
  PetscCall(PetscFunctionListAdd(&MckActivationList, MCKACTIVATION_IDENTITY, Create_Identity));
  PetscCall(PetscFunctionListAdd(&MckActivationList, MCKACTIVATION_LINEAR, Create_Identity));
  PetscCall(PetscFunctionListAdd(&MckActivationList, MCKACTIVATION_HE2, Create_He2));
  PetscCall(PetscFunctionListAdd(&MckActivationList, MCKACTIVATION_HE3, Create_He3));
  PetscCall(PetscRegisterFinalize(MckActivationFinalizePackage));
  PetscFunctionReturn(0);
}

/*@C
  MckActivationRegister - Adds an activation to the table, a value of -dmft_activation,
  -mfnet_activation and -mfnet_teacher.

  Not Collective

  Input Parameters:
+ name   - the activation's name
- create - its constructor, which fills phi (with its derivative), the primitive and phi'(0)

  Level: advanced

.seealso: `MckActivation`, `MckActivationFind()`
@*/
PetscErrorCode MckActivationRegister(const char name[], MckActivationCreateFn create)
{
  PetscFunctionBeginUser;
  PetscCall(MckActivationInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckActivationList, name, create));
  PetscFunctionReturn(0);
}

/*@C
  MckActivationGetList - The registered activations, e.g. for an option's list of choices.

  Not Collective

  Output Parameter:
. list - the function list (owned by the table)

  Level: developer

.seealso: `MckActivationRegister()`, `MckOptionsFList()`
@*/
PetscErrorCode MckActivationGetList(PetscFunctionList *list)
{
  PetscFunctionBeginUser;
  PetscCall(MckActivationInitializePackage());
  *list = MckActivationList;
  PetscFunctionReturn(0);
}

/*@C
  MckActivationFind - The table of the activation registered as name, or a user-input error that
  names the option (with obj's prefix), the value and the registered activations.

  Collective (on obj's communicator, where the error is raised)

  Input Parameters:
+ obj  - the object whose option named the activation
. opt  - the option, e.g. "-dmft_activation"
- name - the activation's name

  Output Parameter:
. act - its table

  Level: intermediate

.seealso: `MckActivationRegister()`, `McKeanFunctionListFind()`
@*/
PetscErrorCode MckActivationFind(PetscObject obj, const char opt[], const char name[], MckActivation *act)
{
  MckActivationCreateFn create;

  PetscFunctionBeginUser;
  PetscCall(MckActivationInitializePackage());
  PetscCall(McKeanFunctionListFind(obj, MckActivationList, opt, "activation", name, &create));
  PetscCall(PetscMemzero(act, sizeof(*act)));
  PetscCall((*create)(act));
  PetscFunctionReturn(0);
}
