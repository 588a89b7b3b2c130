/* Shared model definitions: interaction kernels W and external potentials V.
 *
 * One definition serves every solver of the McKean-Vlasov problem
 *     d rho/dt = div(rho grad(V + W * rho)) + T Lap rho,
 * the particle drifts (fourier_meanfield, harmonic, double_well of MckLangevin) and the
 * Fokker-Planck field (MckField type fokker_planck), so one input deck configures both with the
 * same options and both see bitwise the same coefficients.
 *
 * Interaction kernel W on a periodic box of sides L (options -mf_kernel, -mf_strength,
 * -mf_width, -mf_modes):
 *   cosine   W(x) = -J sum_a cos(2 pi x_a / L_a)      (Kuramoto / Curie-Weiss; J > 0 attracts)
 *   gaussian W(x) = J exp(-|x|^2 / (2 s^2)), periodised
 * Both are used as their Fourier series truncated to |n_a| <= K (K = -mf_modes):
 *   W(x) = sum_n What_n exp(i k_n . x),  k_n = 2 pi n / L,
 *   What_n (MckKernelCoefficient) = -J/2 for n = +-e_a (cosine);
 *                                   J (2 pi s^2)^(d/2) / |box| exp(-s^2 |k_n|^2 / 2) (gaussian).
 * The grid's symbol (MckGridSymbolFn, box integral of W exp(-i k.x)) is |box| What_n.
 *
 * External potentials (options of the particle drifts of the same name):
 *   harmonic     V(x) = k/2 |x - c|^2                 (-harmonic_k, -harmonic_center)
 *   double_well  V(x) = h sum_a ((x_a / w)^2 - 1)^2    (-double_well_height, -double_well_width)
 * evaluated at x as given (on a periodic box: the coordinates in [0, L) the particles use). */
#pragma once
#include <mckean/mckio.h>

#define MCK_KERNEL_MAX_DIM 3

/* ---- interaction kernels ----------------------------------------------------------------- */
typedef enum { MCK_KERNEL_COSINE, MCK_KERNEL_GAUSSIAN } MckKernelKind;
PETSC_EXTERN const char *const MckKernelKinds[]; /* "cosine", "gaussian" (PetscEnum layout) */

typedef struct {
  MckKernelKind kind;
  PetscReal     strength; /* J */
  PetscReal     width;    /* s (gaussian) */
  PetscInt      modes;    /* K: |n_a| <= K */
  PetscInt      dim;      /* box, set by MckKernelSetBox */
  PetscReal     L[MCK_KERNEL_MAX_DIM];
  char          prefix[64]; /* options prefix of the owner (MckKernelSetFromOptions) */
} MckKernel;

/* Defaults: cosine, J = 1, s = 0.1, K = 1, box unset. */
PETSC_EXTERN PetscErrorCode MckKernelSetDefaults(MckKernel *W);
/* -mf_kernel cosine|gaussian, -mf_strength J, -mf_width s (> 0), -mf_modes K (1..64), under the
 * options prefix of the object that owns the kernel (NULL: none), which Config and errors use. */
PETSC_EXTERN PetscErrorCode MckKernelSetFromOptions(MPI_Comm comm, const char prefix[], MckKernel *W);
PETSC_EXTERN PetscErrorCode MckKernelSetBox(MckKernel *W, PetscInt dim, const PetscReal L[]);
/* What_n for mode n with wave vector k = 2 pi n / L (0 beyond the truncation |n_a| <= K). */
PETSC_EXTERN PetscReal MckKernelCoefficient(const MckKernel *W, const PetscInt n[], const PetscReal k[]);
/* MckGridSymbolFn with ctx = (MckKernel *): |box| What_n at the grid's wave vector k. */
PETSC_EXTERN PetscReal MckKernelSymbol(PetscInt dim, const PetscReal k[], void *ctx);
/* W(x) in real space: the truncated series above. */
PETSC_EXTERN PetscReal      MckKernelValue(const MckKernel *W, const PetscReal x[]);
PETSC_EXTERN PetscErrorCode MckKernelConfig(const MckKernel *W, MckIO io, PetscBool check);
PETSC_EXTERN PetscErrorCode MckKernelView(const MckKernel *W, PetscViewer viewer);

/* ---- external potentials ----------------------------------------------------------------- */
typedef enum { MCK_POTENTIAL_HARMONIC, MCK_POTENTIAL_DOUBLE_WELL } MckPotentialKind;
PETSC_EXTERN const char *const MckPotentialKinds[]; /* "harmonic", "double_well" (PetscEnum layout) */

typedef struct {
  MckPotentialKind kind;
  PetscReal        k, center[MCK_KERNEL_MAX_DIM]; /* harmonic */
  PetscReal        height, width;                 /* double_well */
  char             prefix[64];                    /* options prefix of the owner */
} MckPotential;

/* Defaults: harmonic k = 1, c = 0; double_well h = 1, w = 1. */
PETSC_EXTERN PetscErrorCode MckPotentialSetDefaults(MckPotential *V, MckPotentialKind kind);
/* Find a kind by name; found = PETSC_FALSE if it is not one of MckPotentialKinds. */
PETSC_EXTERN PetscErrorCode MckPotentialKindFromName(const char name[], MckPotentialKind *kind, PetscBool *found);
/* The kind's options (see above) under the owner's options prefix (NULL: none); each value
 * checked (> 0 where it must be). */
PETSC_EXTERN PetscErrorCode MckPotentialSetFromOptions(MPI_Comm comm, const char prefix[], MckPotential *V);
/* V at one point x[0..dim). */
PETSC_EXTERN PetscReal MckPotentialValue(const MckPotential *V, PetscInt dim, const PetscReal x[]);
/* F[a][i] -= dV/dx_a at the n points x[a][i] (structure of arrays). */
PETSC_EXTERN void MckPotentialAddForce(const MckPotential *V, PetscInt dim, PetscInt n, const PetscReal *const x[],
                                       PetscReal *const F[]);
PETSC_EXTERN PetscErrorCode MckPotentialConfig(const MckPotential *V, PetscInt dim, MckIO io, PetscBool check);
PETSC_EXTERN PetscErrorCode MckPotentialView(const MckPotential *V, PetscViewer viewer);
