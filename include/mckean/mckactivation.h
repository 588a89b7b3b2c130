/* MckActivation: the one table of elementwise functions phi that the networks of McKean use,
 * the rate function of the random network (dmft: -dmft_activation), the activation sigma of a
 * mean-field network's neurons (learn: -mfnet_activation) and its teacher's link g
 * (-mfnet_teacher). Each entry gives
 *   phi(x) and phi'(x)    the function and its derivative, elementwise over an array;
 *   Phi(x)                its primitive, Phi(0) = 0 (the potential of the stationary DMFT);
 *   phi'(0)               the slope at the origin (g phi'(0) = 1 is the random network's edge
 *                         of chaos);
 *   phi' from phi         where phi' is a function of phi's value (tanh: 1 - s^2; relu: s > 0;
 *                         identity: 1), with the same bits as phi's derivative array: a network
 *                         that keeps phi(z) for its gradient need not keep phi'(z) as well.
 * Distinct functions have distinct names:
 *   tanh            tanh x (MckActivationTanh: vectorised, < 3 ulp)            phi'(0) = 1
 *   erf_unit_slope  erf(sqrt(pi) x / 2), the error function with tanh's slope  phi'(0) = 1
 *   erf_sqrt2       erf(x / sqrt 2) = 2 Phi_N(x) - 1, the Gaussian CDF on (-1, 1)  phi'(0) = sqrt(2/pi)
 *   relu            max(x, 0); phi'(0) = 0 in the derivative array (a subgradient), and 1/2
 *                   (the mean of the one-sided slopes) as the slope at the origin
 *   identity        x (also registered as "linear", its name as a teacher link)  phi'(0) = 1
 *   he2, he3        the probabilists' Hermite polynomials x^2 - 1 and x^3 - 3x  phi'(0) = 0, -3
 * Every function is plain per-element C (with -ffp-contract=off and no vector variants of libm),
 * so an element's value does not depend on where it falls in a loop: a path's or a neuron's
 * arithmetic is a function of its global id only, whatever the rank count.
 *
 * A new activation is a constructor filling the table and one MckActivationRegister() call; it
 * is then a value of every option above. */
#pragma once
#include <mckean/mckean.h>

/* y[k] = phi(x[k]) and, when dy is not NULL, dy[k] = phi'(x[k]), k < n; y may alias x when dy is NULL. */
typedef void (*MckActivationFn)(PetscInt n, const PetscReal x[], PetscReal y[], PetscReal dy[]);
/* Y[k] = Phi(x[k]) = int_0^x[k] phi, k < n. */
typedef void (*MckActivationPrimitiveFn)(PetscInt n, const PetscReal x[], PetscReal Y[]);
/* dy[k] = phi'(x) from y[k] = phi(x) alone, bitwise the dy[k] of phi at that x; dy may be y. */
typedef void (*MckActivationDerivativeOfValueFn)(PetscInt n, const PetscReal y[], PetscReal dy[]);

typedef struct {
  MckActivationFn                  phi;
  MckActivationPrimitiveFn         primitive;
  MckActivationDerivativeOfValueFn dphi_of_phi; /* NULL unless phi' is a function of phi */
  PetscReal                        slope0;      /* phi'(0) */
} MckActivation;

/* A constructor fills the table of one activation. */
typedef PetscErrorCode (*MckActivationCreateFn)(MckActivation *act);

typedef const char *MckActivationType;
#define MCKACTIVATION_TANH           "tanh"
#define MCKACTIVATION_ERF_UNIT_SLOPE "erf_unit_slope"
#define MCKACTIVATION_ERF_SQRT2      "erf_sqrt2"
#define MCKACTIVATION_RELU           "relu"
#define MCKACTIVATION_IDENTITY       "identity"
#define MCKACTIVATION_LINEAR         "linear"
#define MCKACTIVATION_HE2            "he2"
#define MCKACTIVATION_HE3            "he3"

PETSC_EXTERN PetscErrorCode MckActivationInitializePackage(void);
PETSC_EXTERN PetscErrorCode MckActivationRegister(const char name[], MckActivationCreateFn create);
PETSC_EXTERN PetscErrorCode MckActivationGetList(PetscFunctionList *list);
PETSC_EXTERN PetscErrorCode MckActivationFind(PetscObject obj, const char opt[], const char name[], MckActivation *act);
PETSC_EXTERN void           MckActivationTanh(PetscInt n, const PetscReal x[], PetscReal y[]);
