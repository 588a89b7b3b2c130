/* LETKF (Hunt, Kostelich & Szunyogh 2007): one ETKF per state component i, with the
 * observations within the Gaspari-Cohn support and R^-1 localised: R_l^-1 rho_GC(d_l / c)
 * (localobs.c, c = -ens_loc_radius).
 * Distribution: every rank analyses the components of its analysis block (all members there);
 * the observed ensemble HX of the observations within reach of the block (its halo) is fetched
 * once per analysis (localobs.c), so each local analysis is the same bits on any rank count and
 * the ensemble states themselves never leave their block. */
#include "ensemble/ensimpl.h"

/* S (na x na) and b (na) of component gi from the observations within reach. */
static PetscInt LocalStatistics(MckEnsemble ens, MckEnsLocal *loc, PetscInt64 gi, PetscReal S[], PetscReal b[])
{
  const PetscInt na = ens->na, J = ens->J, used = MckEnsLocalObservations(ens, loc, gi);

  for (PetscInt k = 0; k < na * na; k++) S[k] = 0;
  for (PetscInt a = 0; a < na; a++) b[a] = 0;
  for (PetscInt k = 0; k < used; k++) {
    const PetscInt   l = loc->idx[k];
    const PetscReal  w = loc->w[k];
    const PetscReal *Y = loc->hx + (size_t)l * J;
    for (PetscInt a = 0; a < na; a++) {
      const PetscReal ya = w * Y[ens->act[a]];
      b[a] += ya * loc->d[l];
      for (PetscInt bb = 0; bb < na; bb++) S[a * na + bb] += ya * Y[ens->act[bb]];
    }
  }
  return used;
}

static PetscErrorCode Analyze_LETKF(MckEnsemble ens)
{
  MckEnsLocal   *loc = (MckEnsLocal *)ens->data;
  MckEnsField   *f   = &ens->x;
  const PetscInt na  = ens->na;

  PetscFunctionBeginUser;
  PetscCall(MckEnsLocalGather(ens, loc));
  for (PetscInt i = 0; i < f->nc; i++) {
    if (!LocalStatistics(ens, loc, f->c0 + i, ens->M1, ens->rnd)) {
      for (PetscInt a = 0; a < na; a++) f->wrk[ens->act[a]][i] = f->blk[ens->act[a]][i];
      continue;
    }
    PetscCall(MckEnsETKFTransform(ens, ens->M1, ens->rnd, ens->T));
    PetscCall(MckEnsApplyLocalTransform(ens, f, i, ens->T));
  }
  for (PetscInt a = 0; a < na; a++) PetscCall(PetscArraycpy(f->blk[ens->act[a]], f->wrk[ens->act[a]], f->nc));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_LETKF(MckEnsemble ens, PetscViewer viewer)
{
  char c[32];

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(viewer, "LETKF: Gaspari-Cohn localisation radius %s (state-index units)\n",
                                   McKeanFormatReal(((MckEnsLocal *)ens->data)->c, c, sizeof(c))));
  PetscCall(MckEnsLocalView(ens, viewer));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_LETKF(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  if (ens->data) PetscCall(MckEnsLocalDestroy((MckEnsLocal *)ens->data));
  PetscCall(PetscFree(ens->data));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleCreate_LETKF(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  PetscCall(MckEnsLocalCreate(ens, sizeof(MckEnsLocal)));
  ens->ops->analyze = Analyze_LETKF;
  ens->ops->view    = View_LETKF;
  ens->ops->destroy = Destroy_LETKF;
  PetscFunctionReturn(0);
}
