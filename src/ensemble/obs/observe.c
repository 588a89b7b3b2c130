/* H X in the analysis layout: hx[j][l] = H(member j) for the observations of my state block.
 *
 * Where H X is evaluated: in the analysis layout, by the rank that analyses an observation's
 * anchor, the grid point floor(s) (the observations of a block are one contiguous range, as the
 * statistics and LETKF need), not in the member layout on whole member states as DART does.
 * Evaluating there would need every observation's value moved from the member groups to the
 * analysis blocks (an all-to-all of J x nobs values per cycle, besides the state's), and with
 * members spread over several ranks (-ens_ranks_per_member) a stencil that crosses the member's
 * own ownership ranges. In the analysis layout a stencil of width 2 needs the corners of the
 * cells anchored in the block that lie beyond it: on the 1D ring component c0 + nc (mod n), on a
 * d-dimensional grid up to one slab of the last axis beyond the block and the wrapped corners at
 * the start of its rows (grid.c). That halo is fixed by the layout and the grid: a star forest
 * from the blocks that hold it, built at the first analysis that needs it, moves J values per
 * halo component per analysis when the operator's stencil is wider than one and the blocks are
 * distributed. Only values move and every observation is computed by the same arithmetic from
 * the same bits, so H X is identical on any rank count. */
#include "ensemble/ensimpl.h"

static PetscBool InBlock(const MckEnsField *f, PetscInt64 c) { return (PetscBool)(c >= f->c0 && c < f->c0 + f->nc); }

/* hcomp: the corners of the cells anchored in my block that other blocks hold (sorted, once);
 * hsf: their J member values (hvals[j nhalo + h]) from the owners' stores (J x nc, member-major). */
static PetscErrorCode CreateHalo(MckEnsemble ens)
{
  const MckEnsField *f  = &ens->x;
  const PetscInt     m  = 1 << ens->dim;
  PetscInt           nh = 0;
  PetscSFNode       *remote;

  PetscFunctionBeginUser;
  /* the star forest's roots are the J x nc member values of this block */
  PetscCheck((PetscInt64)ens->J * f->nc <= PETSC_MAX_INT, PETSC_COMM_SELF, PETSC_ERR_SUP,
             "the halo of %" PetscInt_FMT " members x %" PetscInt_FMT " components per rank needs 64-bit indices",
             ens->J, f->nc);
  PetscCall(PetscMalloc1((size_t)f->nc * (m - 1) + 1, &ens->hcomp));
  for (PetscInt i = 0; i < f->nc; i++)
    for (PetscInt k = 1; k < m; k++) {
      const PetscInt64 c = MckEnsGridCorner(ens, f->c0 + i, k);
      if (!InBlock(f, c)) ens->hcomp[nh++] = (PetscInt)c;
    }
  PetscCall(PetscSortRemoveDupsInt(&nh, ens->hcomp));
  ens->nhalo = nh;
  PetscCall(PetscMalloc1((size_t)ens->J * nh + 1, &ens->hvals));
  PetscCall(PetscMalloc1((size_t)ens->J * nh + 1, &remote));
  for (PetscInt h = 0; h < nh; h++) {
    const PetscMPIInt q = MckEnsBlockOwner(f, ens->size, ens->hcomp[h]);
    for (PetscInt j = 0; j < ens->J; j++) {
      remote[(size_t)j * nh + h].rank  = q;
      remote[(size_t)j * nh + h].index = (PetscInt)(j * f->block[2 * q + 1] + ens->hcomp[h] - f->block[2 * q]);
    }
  }
  PetscCall(PetscSFCreate(ens->comm, &ens->hsf));
  PetscCall(PetscSFSetGraph(ens->hsf, ens->J * f->nc, ens->J * nh, NULL, PETSC_OWN_POINTER, remote, PETSC_OWN_POINTER));
  PetscCall(PetscSFSetUp(ens->hsf));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsObsHaloDestroy(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  PetscCall(PetscSFDestroy(&ens->hsf));
  PetscCall(PetscFree(ens->hcomp));
  PetscCall(PetscFree(ens->hvals));
  ens->nhalo = 0;
  PetscFunctionReturn(0);
}

/* The halo's member values from the blocks that hold them. Collective. */
static PetscErrorCode FetchHalo(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  if (!ens->hsf) PetscCall(CreateHalo(ens));
  PetscCall(PetscSFBcastBegin(ens->hsf, MPIU_REAL, ens->x.store, ens->hvals, MPI_REPLACE));
  PetscCall(PetscSFBcastEnd(ens->hsf, MPIU_REAL, ens->x.store, ens->hvals, MPI_REPLACE));
  PetscFunctionReturn(0);
}

/* stencil[k][l] = member j at corner k of observation l's cell, from the block or the halo. */
static PetscErrorCode GatherStencil(MckEnsemble ens, PetscInt j, PetscInt m, PetscReal *const st[])
{
  const MckEnsField *f = &ens->x;

  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < m; k++)
    for (PetscInt l = 0; l < ens->nlobs; l++) {
      const PetscInt64 c = MckEnsGridCorner(ens, ens->oidx[ens->lobs0 + l], k);
      PetscInt         h = 0;

      if (InBlock(f, c)) st[k][l] = f->blk[j][c - f->c0];
      else {
        PetscCall(PetscFindInt((PetscInt)c, ens->nhalo, ens->hcomp, &h));
        /* CreateHalo took the corners of the same cells: a miss is a defect, not bad input */
        PetscCheck(h >= 0, PETSC_COMM_SELF, PETSC_ERR_PLIB, "corner %" PetscInt64_FMT " is not in the halo", c);
        st[k][l] = ens->hvals[(size_t)j * ens->nhalo + h];
      }
    }
  PetscFunctionReturn(0);
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
  const PetscInt              m      = op->width > 1 ? 1 << ens->dim : 1;
  PetscInt                    failed = 0;
  PetscReal                  *st[1 << MCK_ENS_MAX_DIM];

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_EnsObserve, 0, 0, 0, 0));
  if (op->width > 1 && !ens->replicated && ens->size > 1) PetscCall(FetchHalo(ens));
  for (PetscInt k = 0; k < m; k++) st[k] = ens->ostencil + (size_t)k * ens->nlobs;
  for (PetscInt j = 0; j < ens->J; j++) {
    PetscErrorCode ierr;

    PetscCall(GatherStencil(ens, j, m, st));
    ierr = MckEnsObsApply(ens, ens->nlobs, ens->ocoord + (size_t)ens->lobs0 * ens->dim, (const PetscReal *const *)st,
                          ens->hx + (size_t)j * ens->nlobs);
    if (!op->user) PetscCall(ierr);
    else if (ierr) failed = 1; /* go on: the other ranks still call it for every member */
  }
  if (op->user) PetscCall(RaiseUserFailures(ens, failed));
  PetscCall(PetscLogEventEnd(MCK_EVENT_EnsObserve, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
