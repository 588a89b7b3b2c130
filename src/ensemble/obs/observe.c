/* H X in the analysis layout: hx[j][l] = H(member j) for the observations of my state block.
 *
 * Where H X is evaluated: in the analysis layout, by the rank that analyses an observation's
 * anchor component floor(s) (the observations of a block are one contiguous range, as the
 * statistics and LETKF need), not in the member layout on whole member states as DART does.
 * Evaluating there would need every observation's value moved from the member groups to the
 * analysis blocks (an all-to-all of J x nobs values per cycle, besides the state's), and with
 * members spread over several ranks (-ens_ranks_per_member) a stencil that crosses the member's
 * own ownership ranges. In the analysis layout a stencil of width 2 needs one component beyond
 * the block, component c0 + nc (mod n) of every member: a one-point halo, fetched by one
 * allgather of every block's first component (J values per rank) when the operator's stencil
 * is wider than one and the blocks are distributed. Only values move and every observation is
 * computed by the same arithmetic from the same bits, so H X is identical on any rank count. */
#include "ensemble/ensimpl.h"

/* ohalo[j] = member j at component c0 + nc (mod n), from the block that holds it. */
static PetscErrorCode FetchHalo(MckEnsemble ens)
{
  const MckEnsField *f    = &ens->x;
  const PetscInt64   next = (f->c0 + f->nc) % ens->n;
  PetscInt           owner;

  PetscFunctionBeginUser;
  for (PetscInt j = 0; j < ens->J; j++) ens->ohalo[j] = f->nc ? f->blk[j][0] : 0;
  PetscCallMPI(MPI_Allgather(ens->ohalo, (PetscMPIInt)ens->J, MPIU_REAL, ens->ohalobuf, (PetscMPIInt)ens->J, MPIU_REAL,
                             ens->comm));
  if (!f->nc) PetscFunctionReturn(0);         /* no observations here */
  for (owner = 0; owner < ens->size; owner++) /* the block that starts at the next component */
    if (f->block[2 * owner + 1] && f->block[2 * owner] == next) break;
  PetscCheck(owner < ens->size, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "no analysis block starts at component %" PetscInt64_FMT, next);
  PetscCall(PetscArraycpy(ens->ohalo, ens->ohalobuf + (size_t)owner * ens->J, ens->J));
  PetscFunctionReturn(0);
}

/* stencil[k][l] = member j at anchor_l + k (mod n), from the block or the halo. */
static void GatherStencil(MckEnsemble ens, PetscInt j, PetscInt width, PetscReal *const st[])
{
  const MckEnsField *f = &ens->x;

  for (PetscInt k = 0; k < width; k++)
    for (PetscInt l = 0; l < ens->nlobs; l++) {
      const PetscInt64 c = ((PetscInt64)ens->oidx[ens->lobs0 + l] + k) % ens->n;
      st[k][l]           = c >= f->c0 && c < f->c0 + f->nc ? f->blk[j][c - f->c0] : ens->ohalo[j];
    }
}

/* A user operator's failure (a nonzero return) on any rank, raised on every rank: each rank
 * has called it for all its members, so one reduction of a flag finds every rank at the same
 * point. Built-in operators cannot fail and pay no collective. */
static PetscErrorCode RaiseUserFailures(MckEnsemble ens, PetscInt failed)
{
  PetscInt nranks;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Allreduce(&failed, &nranks, 1, MPIU_INT, MPI_SUM, ens->comm));
  PetscCheck(nranks == 0, ens->comm, PETSC_ERR_USER,
             "observation operator %s: a callback failed on %" PetscInt_FMT
             " rank(s); H(x) of this analysis is not valid",
             ens->obsop->name, nranks);
  PetscFunctionReturn(0);
}

/* DA: hx[j][l] = H(member j) at local observation l (member-major). Collective when the
 * operator's stencil crosses blocks, and for user operators (their failures). */
PetscErrorCode MckEnsObserve(MckEnsemble ens)
{
  const MckEnsObsOperatorDef *op     = ens->obsop;
  PetscInt                    failed = 0;
  PetscReal                  *st[2];

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_EnsObserve, 0, 0, 0, 0));
  if (op->width > 1 && !ens->replicated && ens->size > 1) PetscCall(FetchHalo(ens));
  st[0] = ens->ostencil;
  st[1] = ens->ostencil + ens->nlobs;
  for (PetscInt j = 0; j < ens->J; j++) {
    PetscErrorCode ierr;

    GatherStencil(ens, j, op->width, st);
    ierr = (*op->apply)(ens->nlobs, ens->ocoord + ens->lobs0, (const PetscReal *const *)st,
                        ens->hx + (size_t)j * ens->nlobs, op->ctx);
    if (!op->user) PetscCall(ierr);
    else if (ierr) failed = 1; /* go on: the other ranks still call it for every member */
  }
  if (op->user) PetscCall(RaiseUserFailures(ens, failed));
  PetscCall(PetscLogEventEnd(MCK_EVENT_EnsObserve, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
