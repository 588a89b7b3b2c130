/* Interaction kernels W shared by the particle drifts and the Fokker-Planck field (mckkernel.h). */
#include <mckean/mckkernel.h>

const char *const MckKernelKinds[] = {"cosine", "gaussian", "MckKernelKind", "MCK_KERNEL_", NULL};

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

PetscErrorCode MckKernelSetFromOptions(MPI_Comm comm, const char prefix[], MckKernel *W)
{
  PetscInt kind = (PetscInt)W->kind;

  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(W->prefix, prefix ? prefix : "", sizeof(W->prefix)));
  PetscOptionsBegin(comm, prefix, "Fourier mean-field interaction", NULL);
  PetscCall(MckOptionsChoice("-mf_kernel", "Interaction kernel W: cosine (W = -J sum_a cos(2 pi x_a / L_a), Kuramoto/Curie-Weiss) or gaussian (W = J exp(-|x|^2 / (2 s^2)))", MckKernelKinds, 2, kind, &kind, NULL));
  PetscCall(MckOptionsReal("-mf_strength", "Kernel strength J", W->strength, &W->strength, NULL));
  PetscCall(MckOptionsReal("-mf_width", "Kernel width s (gaussian)", W->width, &W->width, NULL));
  PetscCall(MckOptionsInt("-mf_modes", "Largest mode index K per dimension (|n_a| <= K)", W->modes, &W->modes, NULL));
  PetscOptionsEnd();
  W->kind = (MckKernelKind)kind;
  PetscCheck(W->modes >= 1 && W->modes <= 64, comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": allowed 1 to 64", McKeanOptionNamePrefix(prefix, "-mf_modes"), W->modes);
  PetscCall(McKeanCheckPositive(comm, McKeanOptionNamePrefix(prefix, "-mf_width"), W->width));
  PetscFunctionReturn(0);
}

PetscErrorCode MckKernelSetBox(MckKernel *W, PetscInt dim, const PetscReal L[])
{
  PetscFunctionBeginUser;
  PetscCheck(dim >= 1 && dim <= MCK_KERNEL_MAX_DIM, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "kernel box dimension %" PetscInt_FMT ": allowed 1, 2, 3", dim);
  W->dim = dim;
  for (PetscInt a = 0; a < dim; a++) W->L[a] = L[a];
  PetscFunctionReturn(0);
}

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
  case MCK_KERNEL_GAUSSIAN: return W->strength * PetscPowReal(2 * PETSC_PI * W->width * W->width, 0.5 * W->dim) / volume * PetscExpReal(-0.5 * W->width * W->width * k2);
  }
  return 0;
}

PetscReal MckKernelSymbol(PetscInt dim, const PetscReal k[], void *ctx)
{
  const MckKernel *W = (const MckKernel *)ctx;
  PetscInt         n[MCK_KERNEL_MAX_DIM] = {0, 0, 0};
  PetscReal        volume                = 1;

  (void)dim; /* the kernel's own box decides */
  for (PetscInt a = 0; a < W->dim; a++) {
    n[a] = (PetscInt)round(k[a] * W->L[a] / (2 * PETSC_PI));
    volume *= W->L[a];
  }
  return volume * MckKernelCoefficient(W, n, k);
}

PetscReal MckKernelValue(const MckKernel *W, const PetscReal x[])
{
  const PetscInt side = 2 * W->modes + 1;
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

PetscErrorCode MckKernelConfig(const MckKernel *W, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckIOConfigString(io, check, McKeanOptionNamePrefix(W->prefix, "-mf_kernel"), MckKernelKinds[W->kind]));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionNamePrefix(W->prefix, "-mf_strength"), 1, &W->strength));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionNamePrefix(W->prefix, "-mf_width"), 1, &W->width));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionNamePrefix(W->prefix, "-mf_modes"), W->modes));
  PetscFunctionReturn(0);
}

PetscErrorCode MckKernelView(const MckKernel *W, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(viewer, "kernel %s, strength %g, width %g, K = %" PetscInt_FMT, MckKernelKinds[W->kind], (double)W->strength, (double)W->width, W->modes));
  PetscFunctionReturn(0);
}
