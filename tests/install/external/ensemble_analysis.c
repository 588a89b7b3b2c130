/* A user's own data-assimilation app outside the McKean tree (docs/architecture.md, "An ensemble
 * analysis"): mckean-da with the analyses of analyses.c registered before the run, then chosen,
 * configured and viewed from the command line like the built-in ones (-ens_analysis denkf
 * -denkf_gain 0.5 -ens_view). Checkpoints and restarts work with them as with the built-in ones. */
static const char help[] = "ensemble_analysis: mckean-da with ensemble analyses of its own (denkf, user_etkf).\n";

#include "analyses.h"
#include <mckean/mckmodel.h>
#include <mckean/mckrun.h>
#include <mckean/mcktwin.h>

static PetscErrorCode Run(void)
{
  PetscFunctionBeginUser;
  PetscCall(UserAnalysesRegister());
  PetscCall(MckRunTwinApp(PETSC_COMM_WORLD, "da.h5", "denkf", MCKMODEL_LORENZ96, MCKTWIN_FILTER, "da_"));
  PetscFunctionReturn(0);
}

MCKEAN_APP(ensemble_analysis, help, Run)
