/* Bitwise reproducibility (validation 5) and failed members. Every analysis type runs a few
 * cycles (Lorenz-96 for enkf/etkf/letkf/lnetf/pf with inflation, RTPS, additive noise, the particle
 * filter's weights kept or resampled (systematic, residual) and jittered; the linear
 * model for eki/eks) with the analysis layout cut into small chunks (-ens_chunk) so that the
 * reproducible sums really are spread over the ranks; the bit patterns of the ensemble means
 * go to the output file with the ESS and the innovation statistics of every analysis, which
 * must be identical on 1, 2, 3 and 4 ranks; with the fixed-lag smoother (etkf, enkf) so are the
 * means of every lagged ensemble, also when a failed member is redrawn or dropped in the window.
 * Failed members: at cycle 4 member 5 returns a NaN state, or a finite state with its unobserved
 * component 1 at 408 (inside the Lorenz-96 limit 506, but ~100 times farther from the median
 * than the other members, whose largest deviation is a few units: an outlier). Checked on every
 * rank count: that analysis uses 11 members and reports 1 failure (and 1 outlier for the finite
 * one), the analysis mean is finite and, for the outlier, its component 1 within 5 of the same
 * analysis without the bad member's step (leaving one of 12 members out moves it by about a
 * member's deviation / 11, below 1; the outlier entering would move it by 408 / 12 = 34), the
 * member is resampled (finite, active) with -ens_failed
 * replace and inactive from then on with drop; with
 * -ens_min_members 12 the failure is a divergence (MCK_ERR_DIVERGED) on every rank (no hang). */
#include "enstest.h"
#include <mckean/mckmodel.h>

typedef struct {
  MckModel  model;
  PetscInt  bad_member, bad_cycle;
  PetscReal bad_value;
} Poison;

/* The model's step, except that one member's component 0 becomes NaN, or its component 1 a
 * finite bad_value, at one cycle. */
static PetscErrorCode AdvancePoisoned(MckEnsemble ens, PetscInt64 member, PetscReal t, PetscInt nsteps, Vec x,
                                      PetscBool *failed, void *ctx)
{
  Poison    *p = (Poison *)ctx;
  PetscInt64 cycle;

  PetscFunctionBeginUser;
  PetscCall(MckModelAdvance(p->model, t, nsteps, x, failed));
  PetscCall(MckEnsembleGetCycle(ens, &cycle));
  if (member == p->bad_member && cycle == p->bad_cycle)
    PetscCall(VecSetValue(x, PetscIsInfOrNanReal(p->bad_value) ? 0 : 1, p->bad_value, INSERT_VALUES));
  PetscCall(VecAssemblyBegin(x));
  PetscCall(VecAssemblyEnd(x));
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
static PetscErrorCode RunFilter(FILE *fp, const char type_opts[], PetscInt bad_member, PetscReal bad_value,
                                PetscBool drop, PetscReal *mean0)
{
  MckEnsemble     ens;
  Poison          p = {NULL, bad_member, 4, bad_value};
  PetscInt        idx[20];
  PetscReal       y[20], r[20], mean[40], center[40];
  MckEnsembleInfo info;
  char            opts[512];
  PetscInt        lag;

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(opts, sizeof(opts),
                          "-ens_size 12 -ens_chunk 8 -ens_seed 11 -model_type lorenz96 -l96_n 40 -ens_failed %s %s",
                          drop ? "drop" : "replace", type_opts));
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
    for (PetscInt i = 0; i < 40; i++)
      PetscCheck(PetscIsNormalReal(mean[i]) || mean[i] == 0, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
                 "non-finite analysis mean at cycle %" PetscInt_FMT, k);
    if (k == p.bad_cycle && mean0) { /* component 1 without a bad member (reference), or compared with it */
      if (bad_member < 0) *mean0 = mean[1];
      else
        PetscCheck(
            PetscAbsReal(mean[1] - *mean0) < 5, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
            "cycle %" PetscInt_FMT
            ": analysis mean %g of the outlier's component against %g without it: the outlier entered the analysis",
            k, (double)mean[1], (double)*mean0);
    }
    if (bad_member >= 0 && k == p.bad_cycle) {
      PetscBool       active;
      const PetscBool finite = (PetscBool)!PetscIsInfOrNanReal(bad_value);
      PetscCheck(info.nfailed == 1 && info.nactive == 11 && info.noutliers == (finite ? 1 : 0), PETSC_COMM_WORLD,
                 PETSC_ERR_PLIB,
                 "cycle %" PetscInt_FMT ": %" PetscInt_FMT " failed, %" PetscInt_FMT " outliers, %" PetscInt_FMT
                 " active (expected 1, %d, 11)",
                 k, info.nfailed, info.noutliers, info.nactive, finite ? 1 : 0);
      PetscCall(MckEnsembleGetMemberActive(ens, bad_member, &active));
      PetscCheck(active == !drop, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "failed member %s",
                 drop ? "not dropped" : "not replaced");
      PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                            "%s: %s member %" PetscInt_FMT " left out at cycle %" PetscInt_FMT
                            " and %s; analysis mean in range\n",
                            type_opts, finite ? "outlying" : "NaN", bad_member, k, drop ? "dropped" : "resampled"));
    }
    PetscCall(EnsTestRecord(fp, type_opts, 40, mean));
    PetscCall(MckEnsembleGetSmootherLag(ens, &lag));
    for (PetscInt l = 1; l <= PetscMin(lag, k); l++) { /* the smoothed ensembles of the window */
      PetscCall(MckEnsembleGetSmoothedMean(ens, l, mean, NULL, NULL, NULL));
      PetscCall(EnsTestRecord(fp, "smoothed mean", 40, mean));
    }
    {
      const PetscReal diag[5] = {info.ess, info.omf_mean, info.omf_var, info.hpht, info.obs_var};
      PetscCall(EnsTestRecord(fp, "ess, innovations", 5, diag));
    }
  }
  if (bad_member >= 0 && !drop) { /* the resampled member is a finite member like the others */
    PetscCall(MckEnsembleGetInfo(ens, &info));
    PetscCheck(info.nactive == 12, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
               "the resampled member did not rejoin (%" PetscInt_FMT " active)", info.nactive);
  }
  PetscCall(MckEnsembleDestroy(&ens));
  PetscCall(MckModelDestroy(&p.model));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunInverse(FILE *fp, const char type_opts[])
{
  MckEnsemble ens;
  Poison      p = {NULL, -1, -1, 0};
  PetscReal   y[6], r[6], mean[4];
  char        opts[512];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(opts, sizeof(opts),
                          "-ens_size 12 -ens_chunk 2 -ens_seed 11 -model_type linear -linear_n 4 -linear_ndata 6 %s",
                          type_opts));
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
    PetscCall(EnsTestRecord(fp, type_opts, 4, mean));
  }
  PetscCall(MckEnsembleDestroy(&ens));
  PetscCall(MckModelDestroy(&p.model));
  PetscFunctionReturn(0);
}

/* Too few members left: the ensemble diverged, an error on every rank, not a hang. */
static PetscErrorCode TooFew(void)
{
  MckEnsemble    ens;
  Poison         p = {NULL, 3, 0, NAN};
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(Build("-ens_size 12 -ens_min_members 12 -ens_analysis etkf -model_type lorenz96 -l96_n 40", &p, &ens));
  PetscCall(MckEnsembleInitializeMembers(ens, NULL, 1.0));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = MckEnsembleForecast(ens, 0, 1);
  PetscCall(PetscPopErrorHandler());
  PetscCheck(ierr == MCK_ERR_DIVERGED, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "too few members gave error %d, expected a divergence (MCK_ERR_DIVERGED)", (int)ierr);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "11 of 12 members with -ens_min_members 12: the ensemble diverged, an error on every rank\n"));
  PetscCall(MckEnsembleDestroy(&ens));
  PetscCall(MckModelDestroy(&p.model));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  FILE     *fp;
  PetscReal ref = 0;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(EnsTestOpenRecord(argc, argv, &fp));
  PetscCall(RunFilter(fp, "-ens_analysis etkf -ens_inflation 1.05", 5, NAN, PETSC_FALSE, NULL));
  PetscCall(RunFilter(fp, "-ens_analysis enkf -ens_rtps 0.5", 5, NAN, PETSC_TRUE, NULL));
  PetscCall(RunFilter(fp, "-ens_analysis etkf -ens_inflation 1.05 -ens_smoother_lag 3", 5, NAN, PETSC_FALSE, NULL));
  PetscCall(RunFilter(fp, "-ens_analysis enkf -ens_smoother_lag 2", 5, NAN, PETSC_TRUE, NULL));
  PetscCall(RunFilter(NULL, "-ens_analysis etkf -ens_rtps 0.5", -1, 0, PETSC_FALSE, &ref));
  PetscCall(RunFilter(fp, "-ens_analysis etkf -ens_rtps 0.5", 5, 408.0, PETSC_FALSE, &ref));
  PetscCall(RunFilter(fp, "-ens_analysis etkf -ens_rtps 0.5", 5, 408.0, PETSC_TRUE, &ref));
  PetscCall(
      RunFilter(fp, "-ens_analysis letkf -ens_loc_radius 3 -ens_additive_inflation 0.05", 5, NAN, PETSC_FALSE, NULL));
  PetscCall(RunFilter(fp, "-ens_analysis letkf -ens_loc_radius 3 -ens_inflation 1.02", -1, 0, PETSC_FALSE, NULL));
  PetscCall(RunFilter(fp, "-ens_analysis pf -pf_jitter 0.3 -ens_additive_inflation 0.5", -1, 0, PETSC_FALSE, NULL));
  PetscCall(RunFilter(fp, "-ens_analysis lnetf -ens_loc_radius 3 -ens_inflation 1.1", 5, NAN, PETSC_FALSE, NULL));
  PetscCall(RunFilter(fp, "-ens_analysis pf -pf_ess_threshold 1 -pf_resample residual -ens_additive_inflation 0.5", 5,
                      NAN, PETSC_FALSE, NULL));
  PetscCall(RunInverse(fp, "-ens_analysis eki -eki_perturb -eki_tikhonov 0.01"));
  PetscCall(RunInverse(fp, "-ens_analysis eki -eki_adaptive dmc"));
  PetscCall(RunInverse(fp, "-ens_analysis eks -eks_adaptive"));
  PetscCall(TooFew());
  if (fp) fclose(fp);
  PetscCall(McKeanFinalize());
  return 0;
}
