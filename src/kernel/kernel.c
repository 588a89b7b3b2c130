/* Interaction kernels W shared by the particle drifts and the Fokker-Planck field (mckkernel.h). */
#include <mckean/mckkernel.h>

const char *const MckKernelKinds[] = {"cosine", "gaussian", "MckKernelKind", "MCK_KERNEL_", NULL};

/*@C
  MckKernelSetDefaults - Sets an interaction kernel to its defaults: cosine, J = 1, s = 0.1,
  K = 1, no box, no options prefix.

  Not Collective

  Output Parameter:
. W - the kernel

  Level: intermediate

.seealso: `MckKernelSetFromOptions()`, `MckKernelSetBox()`
@*/
PetscErrorCode MckKernelSetDefaults(MckKernel *W)
{
  PetscFunctionBeginUser;
  PetscCall(PetscMemzero(W, sizeof(*W)));
  W->kind     = MCK_KERNEL_COSINE;
  W->strength = 1.0;
  W->width    = 0.1;
  W->modes    = 1;
  PetscFunctionReturn(0);
}

/*@C
  MckKernelSetFromOptions - Reads an interaction kernel's options under the options prefix of the
  object that owns it.

  Collective

  Input Parameters:
+ comm   - the owner's communicator
. prefix - the owner's options prefix, or NULL for none; kept in W for `MckKernelConfig()`
- W      - the kernel, with its current values as defaults (e.g. from `MckKernelSetDefaults()`)

  Output Parameter:
. W - the kernel with the options applied

  Options Database Keys:
+ -mf_kernel <cosine|gaussian> - W = -J sum_a cos(2 pi x_a / L_a), or the periodised W = J exp(-|x|^2 / (2 s^2))
. -mf_strength <J>             - strength (J > 0 attracts)
. -mf_width <s>                - width of the gaussian, > 0 (checked for either kernel)
- -mf_modes <K>                - largest mode index per dimension, |n_a| <= K, from 1 to 64

  Notes:
  A value out of range, or an unknown kernel name, is a `PETSC_ERR_USER_INPUT` error naming the
  option with the prefix.

  Level: intermediate

.seealso: `MckKernelSetDefaults()`, `MckKernelConfig()`, `MckKernelView()`
@*/
PetscErrorCode MckKernelSetFromOptions(MPI_Comm comm, const char prefix[], MckKernel *W)
{
  PetscInt kind = (PetscInt)W->kind;

  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(W->prefix, prefix ? prefix : "", sizeof(W->prefix)));
  PetscOptionsBegin(comm, prefix, "Fourier mean-field interaction", NULL);
  MckOptionsCall(MckOptionsChoice(
      "-mf_kernel",
      "Interaction kernel W: cosine (W = -J sum_a cos(2 pi x_a / L_a), Kuramoto/Curie-Weiss) or gaussian (W = J exp(-|x|^2 / (2 s^2)))",
      MckKernelKinds, 2, kind, &kind, NULL));
  MckOptionsCall(MckOptionsReal("-mf_strength", "Kernel strength J", W->strength, &W->strength, NULL));
  MckOptionsCall(MckOptionsReal("-mf_width", "Kernel width s (gaussian)", W->width, &W->width, NULL));
  MckOptionsCall(
      MckOptionsInt("-mf_modes", "Largest mode index K per dimension (|n_a| <= K)", W->modes, &W->modes, NULL));
  PetscOptionsEnd();
  W->kind = (MckKernelKind)kind;
  PetscCheck(W->modes >= 1 && W->modes <= 64, comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": allowed 1 to 64",
             McKeanOptionNamePrefix(prefix, "-mf_modes"), W->modes);
  PetscCall(McKeanCheckPositive(comm, McKeanOptionNamePrefix(prefix, "-mf_width"), W->width));
  PetscFunctionReturn(0);
}

/*@C
  MckKernelSetBox - Sets the periodic box the kernel lives on.

  Not Collective

  Input Parameters:
+ W   - the kernel
. dim - the dimension, 1 to 3 (`MCK_KERNEL_MAX_DIM`)
- L   - the box's sides, dim of them

  Notes:
  Required before `MckKernelCoefficient()`, `MckKernelSymbol()` and `MckKernelValue()`, which use
  the kernel's box.

  Level: intermediate

.seealso: `MckKernelSetFromOptions()`, `MckKernelCoefficient()`
@*/
PetscErrorCode MckKernelSetBox(MckKernel *W, PetscInt dim, const PetscReal L[])
{
  PetscFunctionBeginUser;
  PetscCheck(dim >= 1 && dim <= MCK_KERNEL_MAX_DIM, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "kernel box dimension %" PetscInt_FMT ": allowed 1, 2, 3", dim);
  W->dim = dim;
  for (PetscInt a = 0; a < dim; a++) W->L[a] = L[a];
  PetscFunctionReturn(0);
}

/*@C
  MckKernelCoefficient - The Fourier coefficient What_n of the kernel for mode n, so that
  W(x) = sum_n What_n exp(i k_n . x).

  Not Collective

  Input Parameters:
+ W - the kernel, with its box set
. n - the mode's integer indices, dim of them
- k - its wave vector, k_a = 2 pi n_a / L_a

  Notes:
  -J/2 for n = +-e_a (cosine); J (2 pi s^2)^(d/2) / |box| exp(-s^2 |k|^2 / 2) (gaussian); 0 beyond
  the truncation |n_a| <= K. Returns the value, no error code.

  Level: developer

.seealso: `MckKernelSymbol()`, `MckKernelValue()`, `MckKernelSetBox()`
@*/
PetscReal MckKernelCoefficient(const MckKernel *W, const PetscInt n[], const PetscReal k[])
{
  PetscReal k2 = 0, volume = 1;
  PetscInt  nonzero = 0, l1 = 0;

  for (PetscInt a = 0; a < W->dim; a++) {
    if (PetscAbsInt(n[a]) > W->modes) return 0;
    k2 += k[a] * k[a];
    volume *= W->L[a];
    nonzero += n[a] != 0;
    l1 += PetscAbsInt(n[a]);
  }
  switch (W->kind) {
  case MCK_KERNEL_COSINE: return (nonzero == 1 && l1 == 1) ? -0.5 * W->strength : 0;
  case MCK_KERNEL_GAUSSIAN:
    return W->strength * PetscPowReal(2 * PETSC_PI * W->width * W->width, 0.5 * W->dim) / volume *
           PetscExpReal(-0.5 * W->width * W->width * k2);
  }
  return 0;
}

/*@C
  MckKernelSymbol - The kernel as a grid symbol (a `MckGridSymbolFn`): |box| What_n, the box
  integral of W exp(-i k.x), at the grid's wave vector k.

  Not Collective

  Input Parameters:
+ dim - the grid's dimension (unused: the kernel's own box decides)
. k   - the wave vector
- ctx - the kernel (`MckKernel` *), with its box set

  Notes:
  The mode is recovered as n_a = round(k_a L_a / (2 pi)). Returns the value, no error code.

  Level: developer

.seealso: `MckKernelCoefficient()`, `MckKernelSetBox()`
@*/
PetscReal MckKernelSymbol(PetscInt dim, const PetscReal k[], void *ctx)
{
  const MckKernel *W                     = (const MckKernel *)ctx;
  PetscInt         n[MCK_KERNEL_MAX_DIM] = {0, 0, 0};
  PetscReal        volume                = 1;

  (void)dim; /* the kernel's own box decides */
  for (PetscInt a = 0; a < W->dim; a++) {
    n[a] = (PetscInt)round(k[a] * W->L[a] / (2 * PETSC_PI));
    volume *= W->L[a];
  }
  return volume * MckKernelCoefficient(W, n, k);
}

/*@C
  MckKernelValue - The kernel W(x) in real space: the truncated Fourier series.

  Not Collective

  Input Parameters:
+ W - the kernel, with its box set
- x - the point, dim coordinates

  Notes:
  For cosine the series is the closed form -J sum_a cos(2 pi x_a / L_a); for gaussian it is the sum
  over the (2K+1)^d modes, i.e. the truncated periodisation. Returns the value, no error code.

  Level: developer

.seealso: `MckKernelCoefficient()`
@*/
PetscReal MckKernelValue(const MckKernel *W, const PetscReal x[])
{
  const PetscInt side  = 2 * W->modes + 1;
  PetscInt       total = 1;
  PetscReal      value = 0;

  if (W->kind == MCK_KERNEL_COSINE) {
    for (PetscInt a = 0; a < W->dim; a++) value -= W->strength * PetscCosReal(2 * PETSC_PI * x[a] / W->L[a]);
    return value;
  }
  for (PetscInt a = 0; a < W->dim; a++) total *= side;
  for (PetscInt idx = 0; idx < total; idx++) {
    PetscInt  n[MCK_KERNEL_MAX_DIM] = {0, 0, 0}, rest = idx;
    PetscReal k[MCK_KERNEL_MAX_DIM] = {0, 0, 0}, phase = 0;
    for (PetscInt a = 0; a < W->dim; a++) {
      n[a] = rest % side - W->modes;
      rest /= side;
      k[a] = 2 * PETSC_PI * n[a] / W->L[a];
      phase += k[a] * x[a];
    }
    value += MckKernelCoefficient(W, n, k) * PetscCosReal(phase);
  }
  return value;
}

/*@C
  MckKernelConfig - Writes the kernel's options into a checkpoint's configuration, or checks them
  against it on restart.

  Collective

  Input Parameters:
+ W     - the kernel
. io    - the checkpoint file
- check - `PETSC_TRUE` to compare with the stored values, `PETSC_FALSE` to write them

  Notes:
  Records -mf_kernel, -mf_strength, -mf_width and -mf_modes with the prefix given to
  `MckKernelSetFromOptions()`. On check, a value that differs (or a checkpoint that lacks it) is
  a `PETSC_ERR_USER_INPUT` error naming the option: a restart continues only the configuration
  that wrote the checkpoint.

  Level: developer

.seealso: `MckIOConfigString()`, `MckIOConfigReals()`, `MckPotentialConfig()`
@*/
PetscErrorCode MckKernelConfig(const MckKernel *W, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckIOConfigString(io, check, McKeanOptionNamePrefix(W->prefix, "-mf_kernel"), MckKernelKinds[W->kind]));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionNamePrefix(W->prefix, "-mf_strength"), 1, &W->strength));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionNamePrefix(W->prefix, "-mf_width"), 1, &W->width));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionNamePrefix(W->prefix, "-mf_modes"), W->modes));
  PetscFunctionReturn(0);
}

/*@C
  MckKernelView - Prints the kernel's kind, strength, width and K on one line, without a newline.

  Collective

  Input Parameters:
+ W      - the kernel
- viewer - an ASCII viewer

  Level: developer

.seealso: `MckKernelSetFromOptions()`, `MckPotentialView()`
@*/
PetscErrorCode MckKernelView(const MckKernel *W, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(viewer, "kernel %s, strength %g, width %g, K = %" PetscInt_FMT,
                                   MckKernelKinds[W->kind], (double)W->strength, (double)W->width, W->modes));
  PetscFunctionReturn(0);
}
