/* The paths the sampling solvers of the scs model integrate (population: single sites; network:
 * neurons): their initial variance, integrator and chunk size, options of those solvers only. */
#include "dmft/dmftimpl.h"

static const char *const IntegratorNames[] = {"exp", "euler"};

PetscErrorCode MckSCSPathsSetFromOptions(MckSCS s, PetscOptionItems *PetscOptionsObject, MckSCSPaths *p)
{
  PetscInt integ = (PetscInt)p->integrator;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsReal("-dmft_q0", "Variance of the Gaussian initial condition x(0)", p->q0, &p->q0, NULL));
  PetscCall(MckOptionsChoice("-dmft_integrator",
                             "Path integrator: exp (exact for -x, fields linear in a step) or euler (Euler-Maruyama)",
                             IntegratorNames, 2, integ, &integ, NULL));
  PetscCall(MckOptionsInt("-dmft_chunk", "Paths per chunk: the unit of reproducible summation and of one GEMM",
                          p->chunk, &p->chunk, NULL));
  p->integrator = (MckDMFTIntegrator)integ;
  PetscCall(McKeanCheckNonNegative(s->comm, MckOptName("-dmft_q0"), p->q0));
  PetscCheck(p->chunk >= 1, s->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": must be at least 1",
             MckOptName("-dmft_chunk"), p->chunk);
  PetscFunctionReturn(0);
}

PetscErrorCode MckSCSPathsSetUp(MckSCS s, MckSCSPaths *p)
{
  PetscFunctionBeginUser;
  MckDMFTStepCoeffsSet(p->integrator, s->dt, s->noise, s->input, &p->step);
  PetscFunctionReturn(0);
}

PetscErrorCode MckSCSPathsConfig(MckSCS s, const MckSCSPaths *p, MckIO io, PetscBool check)
{
  PetscObject o = (PetscObject)s->d;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(o, "-dmft_q0"), 1, &p->q0));
  PetscCall(MckIOConfigString(io, check, McKeanOptionName(o, "-dmft_integrator"), IntegratorNames[p->integrator]));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(o, "-dmft_chunk"), p->chunk));
  PetscFunctionReturn(0);
}

const char *MckSCSIntegratorName(const MckSCSPaths *p) { return IntegratorNames[p->integrator]; }
