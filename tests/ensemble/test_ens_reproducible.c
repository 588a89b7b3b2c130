/* Bitwise reproducibility (validation 5) and failed members. Every analysis type runs a few
 * cycles (Lorenz-96 for enkf/etkf/letkf with inflation, RTPS and additive noise; the linear
 * model for eki/eks) with the analysis layout cut into small chunks (-ens_chunk) so that the
 * reproducible sums really are spread over the ranks; the bit patterns of the ensemble means
 * go to the output file, which must be identical on 1, 2, 3 and 4 ranks.
 * Failed members: at cycle 4 member 5 returns a NaN state. Checked on every rank count: that
 * analysis uses 11 members and reports 1 failure, the analysis mean is finite, the member is
 * resampled (finite, active) with -ens_failed replace and inactive from then on with drop; with
 * -ens_min_members 12 the failure is a clean user-input error on every rank (no hang). */
#include "enstest.h"
#include <mckean/mckmodel.h>

typedef struct {
  MckModel model;
  PetscInt bad_member, bad_cycle;
} Poison;

/* The model's step, except that one member turns into NaN at one cycle. */
static PetscErrorCode AdvancePoisoned(MckEnsemble ens, PetscInt64 member, PetscReal t, PetscInt nsteps, Vec x, PetscBool *failed, void *ctx)
{
  Poison    *p = (Poison *)ctx;
  PetscInt64 cycle;

  PetscFunctionBeginUser;
  PetscCall(MckModelAdvance(p->model, t, nsteps, x, failed));
  PetscCall(MckEnsembleGetCycle(ens, &cycle));
  if (member == p->bad_member && cycle == p->bad_cycle) PetscCall(VecSetValue(x, 0, NAN, INSERT_VALUES));
  PetscCall(VecAssemblyBegin(x));
  PetscCall(VecAssemblyEnd(x));
  PetscFunctionReturn(0);
}

static PetscErrorCode Record(FILE *fp, const char what[], PetscInt n, const PetscReal v[])
{
  PetscFunctionBeginUser;
  if (fp) {
    fprintf(fp, "%s", what);
    for (PetscInt i = 0; i < n; i++) fprintf(fp, " %a", (double)v[i]);
    fprintf(fp, "\n");
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Build(const char opts[], Poison *p, MckEnsemble *ens)
{
  MPI_Comm mcomm;

  PetscFunctionBeginUser;
  PetscCall(EnsTestOptions(opts));
  PetscCall(MckEnsembleCreate(PETSC_COMM_WORLD, ens));
  PetscCall(MckEnsembleSetFromOptions(*ens));
  PetscCall(MckEnsembleGetMemberComm(*ens, &mcomm));
  PetscCall(MckModelCreate(mcomm, &p->model));
  PetscCall(MckModelSetFromOptions(p->model));
  PetscCall(MckModelSetUp(p->model));
  PetscCall(MckEnsembleSetModel(*ens, p->model));
  if (p->bad_member >= 0) PetscCall(MckEnsembleSetAdvance(*ens, AdvancePoisoned, p));
  PetscCall(MckEnsembleSetUp(*ens));
  PetscFunctionReturn(0);
}

/* Lorenz-96, n = 40, every other component observed with y_l = 2 sin(0.3 l + cycle). */
static PetscErrorCode RunFilter(FILE *fp, const char type_opts[], PetscInt bad_member, PetscBool drop)
{
  MckEnsemble     ens;
  Poison          p = {NULL, bad_member, 4};
  PetscInt        idx[20];
  PetscReal       y[20], r[20], mean[40], center[40];
  MckEnsembleInfo info;
  char            opts[512];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(opts, sizeof(opts), "-ens_size 12 -ens_chunk 8 -ens_seed 11 -model_type lorenz96 -l96_n 40 -ens_failed %s %s", drop ? "drop" : "replace", type_opts));
  PetscCall(Build(opts, &p, &ens));
  for (PetscInt i = 0; i < 40; i++) center[i] = 8 + PetscSinReal(i);
  PetscCall(MckEnsembleInitializeMembers(ens, center, 1.0));
  for (PetscInt l = 0; l < 20; l++) {
    idx[l] = 2 * l;
    r[l]   = 1;
  }
  for (PetscInt k = 0; k < 8; k++) {
    for (PetscInt l = 0; l < 20; l++) y[l] = 2 * PetscSinReal(0.3 * l + k);
    PetscCall(MckEnsembleForecast(ens, 0.05 * k, 1));
    PetscCall(MckEnsembleSetObservations(ens, 20, idx, y, r));
    PetscCall(MckEnsembleAnalyze(ens));
    PetscCall(MckEnsembleGetInfo(ens, &info));
    PetscCall(MckEnsembleGetMean(ens, mean, NULL, NULL, NULL));
    for (PetscInt i = 0; i < 40; i++) PetscCheck(PetscIsNormalReal(mean[i]) || mean[i] == 0, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "non-finite analysis mean at cycle %" PetscInt_FMT, k);
    if (bad_member >= 0 && k == p.bad_cycle) {
      PetscBool active;
      PetscCheck(info.nfailed == 1 && info.nactive == 11, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "cycle %" PetscInt_FMT ": %" PetscInt_FMT " failed, %" PetscInt_FMT " active (expected 1, 11)", k, info.nfailed, info.nactive);
      PetscCall(MckEnsembleGetMemberActive(ens, bad_member, &active));
      PetscCheck(active == !drop, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "failed member %s", drop ? "not dropped" : "not replaced");
      PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s: NaN member %" PetscInt_FMT " left out at cycle %" PetscInt_FMT " and %s; analysis finite\n", type_opts, bad_member, k, drop ? "dropped" : "resampled"));
    }
    PetscCall(Record(fp, type_opts, 40, mean));
  }
  if (bad_member >= 0 && !drop) { /* the resampled member is a finite member like the others */
    PetscCall(MckEnsembleGetInfo(ens, &info));
    PetscCheck(info.nactive == 12, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "the resampled member did not rejoin (%" PetscInt_FMT " active)", info.nactive);
  }
  PetscCall(MckEnsembleDestroy(&ens));
  PetscCall(MckModelDestroy(&p.model));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunInverse(FILE *fp, const char type_opts[])
{
  MckEnsemble ens;
  Poison      p = {NULL, -1, -1};
  PetscReal   y[6], r[6], mean[4];
  char        opts[512];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(opts, sizeof(opts), "-ens_size 12 -ens_chunk 2 -ens_seed 11 -model_type linear -linear_n 4 -linear_ndata 6 %s", type_opts));
  PetscCall(Build(opts, &p, &ens));
  for (PetscInt k = 0; k < 6; k++) {
    y[k] = 1.0 - 0.3 * k;
    r[k] = 0.1;
  }
  PetscCall(MckEnsembleSetObservations(ens, 6, NULL, y, r));
  PetscCall(MckEnsembleInitializeMembers(ens, NULL, 1.0));
  for (PetscInt k = 0; k < 10; k++) {
    PetscCall(MckEnsembleIterate(ens, NULL));
    PetscCall(MckEnsembleGetMean(ens, mean, NULL, NULL, NULL));
    PetscCall(Record(fp, type_opts, 4, mean));
  }
  PetscCall(MckEnsembleDestroy(&ens));
  PetscCall(MckModelDestroy(&p.model));
  PetscFunctionReturn(0);
}

/* Too few members left: a user-input error on every rank, not a hang. */
static PetscErrorCode TooFew(void)
{
  MckEnsemble    ens;
  Poison         p = {NULL, 3, 0};
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(Build("-ens_size 12 -ens_min_members 12 -ens_analysis etkf -model_type lorenz96 -l96_n 40", &p, &ens));
  PetscCall(MckEnsembleInitializeMembers(ens, NULL, 1.0));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = MckEnsembleForecast(ens, 0, 1);
  PetscCall(PetscPopErrorHandler());
  PetscCheck(ierr == PETSC_ERR_USER_INPUT, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "too few members gave error %d, expected a user-input error", (int)ierr);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "11 of 12 members with -ens_min_members 12: user-input error on every rank\n"));
  PetscCall(MckEnsembleDestroy(&ens));
  PetscCall(MckModelDestroy(&p.model));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  FILE       *fp = NULL;
  PetscMPIInt rank;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCheck(argc >= 2, PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "usage: test_ens_reproducible OUTPUT");
  if (!rank) fp = fopen(argv[argc - 1], "w");
  PetscCall(RunFilter(fp, "-ens_analysis etkf -ens_inflation 1.05", 5, PETSC_FALSE));
  PetscCall(RunFilter(fp, "-ens_analysis enkf -ens_rtps 0.5", 5, PETSC_TRUE));
  PetscCall(RunFilter(fp, "-ens_analysis letkf -ens_loc_radius 3 -ens_additive_inflation 0.05", 5, PETSC_FALSE));
  PetscCall(RunFilter(fp, "-ens_analysis letkf -ens_loc_radius 3 -ens_inflation 1.02", -1, PETSC_FALSE));
  PetscCall(RunInverse(fp, "-ens_analysis eki -eki_perturb -eki_tikhonov 0.01"));
  PetscCall(RunInverse(fp, "-ens_analysis eki -eki_adaptive dmc"));
  PetscCall(RunInverse(fp, "-ens_analysis eks -eks_adaptive"));
  PetscCall(TooFew());
  if (fp) fclose(fp);
  PetscCall(McKeanFinalize());
  return 0;
}
