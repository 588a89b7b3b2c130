/* The outlier verdict on every rank count: J = 24 members of n = 40 components, each forecast
 * setting them to x_ji = 8 + s_j z(j, i, c) with z a fixed pseudo-random pattern in [-1, 1]
 * and s_j = 1 except for one member per forecast, scaled by S = 1, 2, 8, ..., 200 in turn,
 * with -ens_outlier_factor 20 (the other members' largest deviation from the medians is about
 * 1, so the member is an outlier from S of about 20 on). On one rank every component is local
 * and the forecasts with a small S settle the verdict by the cheap bounds (no medians), while on
 * 2-4 ranks in the blocks layout the medians always decide: the recorded verdicts (failed,
 * outliers, active per forecast) must be identical, and S <= 8 must give no outlier, S >= 50
 * exactly one. Run three times: with 5 chunks of 8 components, with one chunk of 64 (n = 40 whole
 * on the last rank of the blocks layout, none on the others: every rank must still take the
 * same branch of the collective check), and with n = 43 (the screen's vector passes and their
 * scalar rest). ctest runs the one-rank case under every instruction set too: the screen's
 * kernels are compiled for each, and the verdicts must be the same. */
#include "enstest.h"

#define NS 10
static const PetscReal Scale[NS] = {1, 2, 8, 12, 16, 20, 24, 30, 50, 200};

typedef struct {
  PetscInt c; /* forecast counter */
} Pattern;

static PetscReal Z(PetscInt64 j, PetscInt i, PetscInt c)
{
  return PetscSinReal(1.3 * (PetscReal)j + 0.7 * i + 2.1 * c + 0.37 * (PetscReal)j * i);
}

static PetscErrorCode SetPattern(MckEnsemble ens, PetscInt64 member, PetscReal t, PetscInt nsteps, Vec x,
                                 PetscBool *failed, void *ctx)
{
  const Pattern  *p = (const Pattern *)ctx;
  const PetscReal s = member == p->c % 24 ? Scale[p->c % NS] : 1;
  PetscInt        lo, hi;
  PetscReal      *a;

  PetscFunctionBeginUser;
  (void)ens;
  (void)t;
  (void)nsteps;
  PetscCall(VecGetOwnershipRange(x, &lo, &hi));
  PetscCall(VecGetArrayWrite(x, &a));
  for (PetscInt i = lo; i < hi; i++) a[i - lo] = 8 + s * Z(member, i, p->c);
  PetscCall(VecRestoreArrayWrite(x, &a));
  *failed = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/* 3 NS forecasts of one ensemble of n components with the options opts, their verdicts recorded
 * and checked. */
static PetscErrorCode RunVerdicts(PetscInt n, const char opts[], FILE *fp)
{
  MckEnsemble     ens;
  MckEnsembleInfo info;
  Pattern         p = {0};

  PetscFunctionBeginUser;
  PetscCall(EnsTestOptions(opts));
  PetscCall(MckEnsembleCreate(PETSC_COMM_WORLD, &ens));
  PetscCall(MckEnsembleSetFromOptions(ens));
  PetscCall(MckEnsembleSetSizes(ens, n, 0));
  PetscCall(MckEnsembleSetAdvance(ens, SetPattern, &p));
  PetscCall(MckEnsembleSetUp(ens));
  PetscCall(MckEnsembleInitializeMembers(ens, NULL, 1.0));
  for (p.c = 0; p.c < 3 * NS; p.c++) {
    const PetscReal S = Scale[p.c % NS];
    PetscReal       v[3];
    PetscCall(MckEnsembleForecast(ens, 0, 1));
    PetscCall(MckEnsembleGetInfo(ens, &info));
    v[0] = (PetscReal)info.nfailed;
    v[1] = (PetscReal)info.noutliers;
    v[2] = (PetscReal)info.nactive;
    PetscCall(EnsTestRecord(fp, "failed, outliers, active", 3, v));
    PetscCheck(!(S <= 8 && info.noutliers) && !(S >= 50 && info.noutliers != 1) && info.nfailed == info.noutliers,
               PETSC_COMM_WORLD, PETSC_ERR_PLIB,
               "forecast %" PetscInt_FMT ", member scaled by %g: %" PetscInt_FMT " failed, %" PetscInt_FMT " outliers",
               p.c, (double)S, info.nfailed, info.noutliers);
  }
  PetscCall(MckEnsembleDestroy(&ens));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscMPIInt size;
  FILE       *fp = NULL;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(EnsTestOpenRecord(argc, argv, &fp));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  for (int k = 0; k < 3; k++) {
    const char    *chunk = k == 1 ? "-ens_chunk 64" : "-ens_chunk 8";
    const PetscInt n     = k == 2 ? 43 : 40; /* 43: whole vectors of every width and a rest of 3 */
    char           opts[256];
    PetscCall(PetscSNPrintf(opts, sizeof(opts), "-ens_size 24 %s -ens_outlier_factor 20%s", chunk,
                            size > 1 ? " -ens_layout blocks" : ""));
    PetscCall(RunVerdicts(n, opts, fp));
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "outlier verdicts of 3 x %d forecasts recorded\n", 3 * NS));
  if (fp) fclose(fp);
  PetscCall(PetscFinalize());
  return 0;
}
