/* Bootstrap particle filter (Gordon, Salmond & Smith 1993; sequential importance resampling,
 * Doucet, de Freitas & Gordon 2001): the forecast members are the proposal, so the weight of
 * member j is its previous weight times the likelihood of the observations,
 *   log w_j <- log w_j - 1/2 sum_l (y_l - H x_j)_l^2 / r_l,
 * and when the effective sample size ESS = (sum w)^2 / sum w^2 falls below -pf_ess_threshold
 * times the active members, the members are resampled (MckResampler: -pf_resample systematic,
 * stratified or residual) and the weights reset to equal. Optional rejuvenation after a
 * resampling (-pf_jitter h; regularised particle filter, Musso, Oudjane & Le Gland 2001): every
 * member moves by h X' eta_j / sqrt(J_a - 1), eta_j ~ N(0, I), i.e. Gaussian kernel noise with
 * h^2 times the covariance of the resampled ensemble.
 *
 * Reproducibility: the log-likelihoods are sums over the observations of each chunk of the
 * analysis layout, combined by the one MckStats reduction of the analysis (exact); every rank
 * then holds every member's log-weight, so the resampling runs on each rank alone (MckResampler
 * on PETSC_COMM_SELF over the active members, the same uniforms keyed by (stratum, cycle)) and
 * moves the rows of its own block of components: the same ancestors and bits on any rank
 * count. Kept weights (no resampling) are the ensemble's (ens->weight): means, spreads and
 * covariances are then weighted; they are checkpointed with the members. */
#include "ensemble/ensimpl.h"
#include <mckean/mckresample.h>

static const char *const ResampleNames[] = {
    MCKRESAMPLER_SYSTEMATIC, MCKRESAMPLER_STRATIFIED, MCKRESAMPLER_RESIDUAL, "MckPFResample", "MCK_PF_", NULL};

typedef struct {
  PetscReal    threshold, jitter;
  PetscInt     scheme;
  MckResampler r;
  PetscInt     nlayout; /* active members of the resampler's layout */
  PetscReal   *logw;    /* na: log-weights of the active members */
  PetscInt64  *anc;
} PartFilter;

/* ll[j] = -1/2 sum over the observations of (y - H x_j)^2 / r: one reduction over the chunks. */
static PetscErrorCode LogLikelihoods(MckEnsemble ens, const PetscReal **ll)
{
  const PetscInt   J    = ens->J;
  PetscReal       *part = ens->part; /* J <= J * J */
  const PetscReal *sums;

  PetscFunctionBeginUser;
  PetscCall(MckEnsStatsBegin(ens));
  for (PetscInt c = 0; c < ens->x.nchunks; c++) {
    const PetscInt l0 = ens->ochunk[c], l1 = ens->ochunk[c + 1];
    if (l1 == l0) continue;
    for (PetscInt j = 0; j < J; j++) part[j] = 0;
    for (PetscInt a = 0; a < ens->na; a++) {
      const PetscInt   j  = ens->act[a];
      const PetscReal *hx = ens->hx + (size_t)j * ens->nlobs;
      PetscReal        s  = 0;
      for (PetscInt l = l0; l < l1; l++) {
        const PetscReal d = ens->oy[ens->lobs0 + l] - hx[l];
        s += d * d * ens->obsw[l];
      }
      part[j] = -0.5 * s;
    }
    PetscCall(MckStatsAdd(ens->stats, ens->ovec, J, part));
  }
  PetscCall(MckEnsStatsEnd(ens, &sums));
  *ll = sums + ens->ovec;
  PetscFunctionReturn(0);
}

/* Row a of the active members <-> compact rows (resampler items), in the work array. */
static PetscErrorCode Compact(MckEnsemble ens, MckEnsField *f, PetscBool pack)
{
  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < ens->na; a++) {
    PetscReal *row = f->work + (size_t)a * f->nc, *x = f->blk[ens->act[a]];
    if (pack) PetscCall(PetscArraycpy(row, x, f->nc));
    else PetscCall(PetscArraycpy(x, row, f->nc));
  }
  PetscFunctionReturn(0);
}

/* x_j += h X' eta_j / sqrt(na - 1): Gaussian kernel noise of covariance h^2 P (ensemble space). */
static PetscErrorCode Jitter(MckEnsemble ens, PetscReal h)
{
  const PetscInt  na = ens->na;
  const PetscReal s  = h / PetscSqrtReal((PetscReal)(na - 1));

  PetscFunctionBeginUser;
  PetscCall(MckEnsNormals(ens, 0, ens->J, MCK_ENS_RNG_JITTER, ens->rndp));
  for (PetscInt a = 0; a < na; a++)
    for (PetscInt b = 0; b < na; b++) ens->M1[a * na + b] = s * ens->rndp[ens->act[b]][ens->act[a]];
  PetscCall(MckEnsApplyCenteredUpdate(ens, ens->M1));
  PetscFunctionReturn(0);
}

static PetscErrorCode Analyze_PF(MckEnsemble ens)
{
  PartFilter      *pf = (PartFilter *)ens->data;
  const PetscInt   na = ens->na;
  const PetscReal *ll = NULL;
  PetscReal        ess, mx = PETSC_MIN_REAL, sum = 0;
  PetscBool        needed;

  PetscFunctionBeginUser;
  PetscCall(LogLikelihoods(ens, &ll));
  for (PetscInt a = 0; a < na; a++) {
    const PetscInt j = ens->act[a];
    pf->logw[a]      = ll[j] + (ens->weighted ? PetscLogReal(ens->weight[j]) : 0);
  }
  if (pf->nlayout != na) {
    PetscCall(MckResamplerSetLayout(pf->r, na));
    pf->nlayout = na;
  }
  PetscCall(MckResamplerSetWeights(pf->r, pf->logw));
  PetscCall(MckResamplerGetESS(pf->r, &ess));
  PetscCall(MckResamplerIsNeeded(pf->r, &needed));
  ens->info.ess       = ess;
  ens->info.resampled = needed;
  if (needed) {
    PetscCall(MckResamplerResample(pf->r, 8 * ens->cycle + MCK_ENS_RNG_RESAMPLE, pf->anc));
    PetscCall(Compact(ens, &ens->x, PETSC_TRUE));
    PetscCall(MckResamplerMoveRows(pf->r, ens->x.nc, ens->x.work));
    PetscCall(Compact(ens, &ens->x, PETSC_FALSE));
    ens->weighted = PETSC_FALSE;
    if (pf->jitter > 0) PetscCall(Jitter(ens, pf->jitter));
    PetscFunctionReturn(0);
  }
  ens->weighted = PETSC_TRUE;
  for (PetscInt a = 0; a < na; a++) mx = PetscMax(mx, pf->logw[a]);
  for (PetscInt a = 0; a < na; a++) sum += (ens->weight[ens->act[a]] = PetscExpReal(pf->logw[a] - mx));
  for (PetscInt a = 0; a < na; a++) ens->weight[ens->act[a]] /= sum;
  PetscFunctionReturn(0);
}

static PetscErrorCode SetFromOptions_PF(MckEnsemble ens, PetscOptionItems *PetscOptionsObject)
{
  PartFilter *pf = (PartFilter *)ens->data;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsReal(
      "-pf_ess_threshold",
      "Resample when the effective sample size falls below this fraction of the members (1: every cycle)",
      pf->threshold, &pf->threshold, NULL));
  PetscCall(MckOptionsChoice("-pf_resample", "Resampling scheme", ResampleNames, 3, pf->scheme, &pf->scheme, NULL));
  PetscCall(MckOptionsReal("-pf_jitter",
                           "Rejuvenation after resampling: kernel noise of h^2 times the ensemble covariance (0: none)",
                           pf->jitter, &pf->jitter, NULL));
  PetscCheck(pf->threshold >= 0 && pf->threshold <= 1, ens->comm, PETSC_ERR_USER_INPUT,
             "%s %g: allowed 0 to 1 (a fraction of the members)", MckOptName("-pf_ess_threshold"),
             (double)pf->threshold);
  PetscCall(McKeanCheckNonNegative(ens->comm, MckOptName("-pf_jitter"), pf->jitter));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_PF(MckEnsemble ens)
{
  PartFilter *pf = (PartFilter *)ens->data;

  PetscFunctionBeginUser;
  PetscCall(MckResamplerCreate(PETSC_COMM_SELF, &pf->r));
  PetscCall(MckResamplerSetType(pf->r, ResampleNames[pf->scheme]));
  PetscCall(MckResamplerSetThreshold(pf->r, pf->threshold));
  PetscCall(MckResamplerSetRNG(pf->r, ens->rng));
  PetscCall(PetscMalloc2(ens->J, &pf->logw, ens->J, &pf->anc));
  PetscCall(PetscCalloc1(ens->J, &ens->weight)); /* used while ens->weighted */
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_PF(MckEnsemble ens, MckIO io, PetscBool check)
{
  PartFilter *pf  = (PartFilter *)ens->data;
  PetscObject obj = (PetscObject)ens;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-pf_ess_threshold"), 1, &pf->threshold));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-pf_jitter"), 1, &pf->jitter));
  PetscCall(MckIOConfigString(io, check, McKeanOptionName(obj, "-pf_resample"), ResampleNames[pf->scheme]));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_PF(MckEnsemble ens, PetscViewer viewer)
{
  PartFilter *pf = (PartFilter *)ens->data;
  char        b[2][32];

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(viewer, "bootstrap particle filter: %s resampling when ESS < %s J_a, jitter %s\n",
                                   ResampleNames[pf->scheme], McKeanFormatReal(pf->threshold, b[0], 32),
                                   McKeanFormatReal(pf->jitter, b[1], 32)));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_PF(MckEnsemble ens)
{
  PartFilter *pf = (PartFilter *)ens->data;

  PetscFunctionBeginUser;
  if (pf) {
    PetscCall(MckResamplerDestroy(&pf->r));
    PetscCall(PetscFree2(pf->logw, pf->anc));
  }
  PetscCall(PetscFree(ens->data));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleCreate_PF(MckEnsemble ens)
{
  PartFilter *pf;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&pf));
  pf->threshold            = 0.5;
  ens->data                = pf;
  ens->ops->setfromoptions = SetFromOptions_PF;
  ens->ops->setup          = SetUp_PF;
  ens->ops->analyze        = Analyze_PF;
  ens->ops->config         = Config_PF;
  ens->ops->view           = View_PF;
  ens->ops->destroy        = Destroy_PF;
  ens->nvecs               = 1;
  PetscFunctionReturn(0);
}
