/* What a twin experiment on the McKean-Vlasov model shows of its result: the densities of the
 * truth and of the prediction as grid fields with an XDMF sidecar, and the parameter table. */
#include "modelimpl.h"
#include <mckean/mckgrid.h>

/*@C
  MckModelMVWriteFields - Writes the densities of the truth and of the prediction at the model's
  observation times as grid fields (/fields/truth, /fields/predicted: snapshots x points x 1, x
  fastest) and their XDMF sidecar next to the run file, for ParaView.

  Collective

  Input Parameters:
+ m         - a mckean_vlasov model
. grid      - the grid the densities live on (as given to `MckModelMVReferenceData()`)
. io        - the run file, open for writing
. truth     - the truth's densities, ntimes x points
- predicted - the prediction's densities, ntimes x points

  Level: intermediate

.seealso: `MckModelMVReferenceData()`, `MckIOWriteXDMF()`, `MckModelMVViewEstimate()`
@*/
PetscErrorCode MckModelMVWriteFields(MckModel m, MckGrid grid, MckIO io, const PetscReal truth[],
                                     const PetscReal predicted[])
{
  const char      *dsets[] = {"/fields/truth", "/fields/predicted"}, *fields[] = {"density_truth", "density_predicted"};
  const PetscReal *rho[] = {truth, predicted}, *times;
  PetscInt         nt, dim, n[3];
  PetscReal        L[3];
  PetscInt64       points = 1;

  PetscFunctionBeginUser;
  PetscCall(MckModelMVGetObservations(m, &nt, &times, NULL));
  PetscCall(MckGridGetSizes(grid, &dim, n, L));
  for (PetscInt a = 0; a < dim; a++) points *= n[a];
  for (PetscInt f = 0; f < 2; f++) PetscCall(MckIOWriteArray(io, dsets[f], 3, (PetscInt64[]){nt, points, 1}, rho[f]));
  PetscCall(MckIOWriteXDMF(io, dim, n, L, nt, times, 2, dsets, fields));
  PetscFunctionReturn(0);
}

/*@C
  MckModelMVViewEstimate - Prints the parameter table of an inference: per parameter (J, T) the
  truth, the posterior median exp(mean of log theta) and the 68% interval exp(mean -/+ sd), the
  members' spread (which leaves out the error of the particle system the members share).

  Collective

  Input Parameters:
+ m      - a mckean_vlasov model
. truth  - the true (J, T)
. mean   - posterior means of log J and log T (`MckModelMVGetLogMoments()`)
. sd     - their standard deviations
- viewer - an ASCII viewer on the run's communicator (the model's may be one member's)

  Level: intermediate

.seealso: `MckModelMVGetLogMoments()`, `MckModelMVWriteFields()`
@*/
PetscErrorCode MckModelMVViewEstimate(MckModel m, const PetscReal truth[], const PetscReal mean[], const PetscReal sd[],
                                      PetscViewer viewer)
{
  const char *names[] = {"J (interaction)", "T (temperature)"};

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  PetscValidHeaderSpecific(viewer, PETSC_VIEWER_CLASSID, 5);
  PetscCall(
      PetscViewerASCIIPrintf(viewer, "\n%-16s %10s %12s %22s\n", "parameter", "truth", "posterior", "68% interval"));
  for (PetscInt i = 0; i < 2; i++)
    PetscCall(PetscViewerASCIIPrintf(viewer, "%-16s %10.4f %12.4f   [%8.4f, %8.4f]\n", names[i], (double)truth[i],
                                     (double)PetscExpReal(mean[i]), (double)PetscExpReal(mean[i] - sd[i]),
                                     (double)PetscExpReal(mean[i] + sd[i])));
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "(the members' spread: it leaves out the error of the finite particle system "
                                   "that every member shares, docs/twin.md)\n"));
  PetscFunctionReturn(0);
}
