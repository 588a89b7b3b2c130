/* Private definitions of the ensemble layer (see include/mckean/mckensemble.h). */
#pragma once
#include <mckean/mckensemble.h>
#include <mckean/mckstats.h>

#define MCK_ENS_NAME_LEN 32
#define MCK_ENS_MAX_MATS 8

/* One per-member vector (the state/parameters, or the predicted data) in both layouts.
 * Member layout: the local members' Vecs, each owning components [lo, hi) on the member comm.
 * Analysis layout: components [c0, c0 + nc) of all J members, member j at blk[j]. */
typedef struct {
  PetscInt     N, chunk;
  PetscInt64   c0;
  PetscInt     nc, nchunks;
  PetscInt     lo, hi;
  Vec         *vecs;          /* nlocal member Vecs */
  PetscReal   *store, **blk;  /* J x nc, blk[j] = store + j nc */
  PetscReal   *work, **wrk;   /* J x nc scratch (anomalies, analysis output) */
  PetscReal   *sd;            /* 3 nc: prior spread (RTPS), mean, posterior spread */
  PetscMPIInt *scount, *sdispl, *rcount, *rdispl;
  PetscReal   *sbuf, *rbuf;
  PetscMPIInt *gcount, *gdispl; /* analysis blocks, for gathering a whole vector */
  PetscInt64  *piece;         /* per rank: first member, nlocal, lo, hi (4 x size) */
  PetscInt64  *block;         /* per rank: c0, nc (2 x size) */
} MckEnsField;

typedef struct {
  /* Build the J x J transform (or apply a local one) and update the analysis layout. */
  PetscErrorCode (*analyze)(MckEnsemble);
  PetscErrorCode (*destroy)(MckEnsemble);
  PetscBool inverse; /* eki/eks: MckEnsembleIterate, not Forecast/Analyze */
  PetscInt  nmats;   /* J x J statistics per analysis */
  PetscInt  nvecs;   /* J statistics */
  PetscInt  nscal;   /* scalar statistics */
  PetscBool local;   /* letkf: one transform per state component */
} MckEnsembleOps;

struct _p_MckEnsemble {
  MPI_Comm       comm, mcomm, xcomm; /* all ranks; my member group; ranks of equal group rank */
  PetscMPIInt    rank, size;
  PetscInt       J, rpm, ngroups;
  PetscInt64     m0;                 /* first local member */
  PetscInt       nlocal;
  char           type[MCK_ENS_NAME_LEN];
  MckEnsembleOps ops;
  void          *data;               /* the type's private data */
  PetscBool      setfromoptions, setup;

  /* options */
  PetscReal inflation, additive, rtps, loc_radius;
  PetscBool failed_replace;
  PetscInt  min_members, scalapack_threshold, chunk, seed, app_seed;
  PetscReal eki_dt, eki_tikhonov, eks_dt;
  PetscBool eki_dmc, eki_perturb, eks_adaptive, eks_correction;

  /* members */
  MckModel             model;
  MckEnsembleAdvanceFn advance;
  MckEnsembleForwardFn forward;
  void                *actx, *fctx;
  MckRNG               rng;
  PetscInt             n, ndata;
  MckEnsField          x, g;
  PetscBool            fresh;       /* analysis layout holds the members' current values */

  /* observations (replicated) */
  PetscInt   nobs;
  PetscInt  *oidx;
  PetscReal *oy, *or_;
  PetscInt   lobs0, nlobs;          /* DA: observations of my state block (idx sorted) */
  PetscInt  *ochunk;                /* DA: first local obs of each local state chunk (nchunks+1) */

  /* membership */
  PetscBool *active;                /* J: not dropped */
  PetscInt  *failed;                /* J: failed in this cycle (reduced: replicated) */
  PetscInt  *act;                   /* ids of the members used by this analysis */
  PetscInt   na;

  /* statistics and ensemble-space work */
  MckStats   stats, dstats;         /* analysis statistics; diagnostics */
  PetscInt   omat, ovec, oscal;
  PetscReal  mscale[MCK_ENS_MAX_MATS]; /* powers of 2 that keep each matrix statistic O(1) */
  PetscReal *sums;                  /* the reduced statistics, unscaled */
  PetscReal *part;                  /* J x J partial of one chunk */
  PetscReal *T, *M1, *M2, *M3, *evec, *eval, *lwork, *rnd, **rndp;
  PetscInt   nlwork;
  PetscReal *hx, *hxall;            /* DA: J x nlobs observed members; LETKF: J x nobs */
  PetscMPIInt *ocount, *odispl;
  PetscReal **rowp;                 /* pointer scratch (J) */
  PetscReal  *cwork;                /* one chunk */
  int         blacs;                /* BLACS context (-1: none yet) */
  int         nprow, npcol;

  PetscInt64      cycle;
  PetscBool       done;             /* inverse process finished */
  PetscReal       time;             /* inverse pseudo-time */
  PetscReal      *pert, **pertp;    /* J x (local obs or data): perturbations */
  PetscReal      *obsw;             /* local obs: 1 / variance */
  PetscInt        nobsmax;
  MckEnsembleInfo info;
};

/* layout.c */
PETSC_INTERN PetscErrorCode MckEnsFieldSetUp(MckEnsemble, MckEnsField *, PetscInt N, PetscBool data);
PETSC_INTERN PetscErrorCode MckEnsFieldDestroy(MckEnsemble, MckEnsField *);
PETSC_INTERN PetscErrorCode MckEnsFieldToAnalysis(MckEnsemble, MckEnsField *);
PETSC_INTERN PetscErrorCode MckEnsFieldToMembers(MckEnsemble, MckEnsField *);
PETSC_INTERN PetscErrorCode MckEnsFieldGather(MckEnsemble, MckEnsField *, const PetscReal blk[], PetscReal full[]);

/* members.c */
PETSC_INTERN PetscErrorCode MckEnsCollectFailures(MckEnsemble, PetscBool check_data);
PETSC_INTERN PetscErrorCode MckEnsEnsureAnalysisLayout(MckEnsemble);

/* statistics.c: sums over chunks of components of the analysis layout, one reduction */
PETSC_INTERN PetscErrorCode MckEnsAnomalies(MckEnsemble, PetscInt m, PetscReal *const A[], PetscReal mean[], PetscReal *const out[]);
PETSC_INTERN PetscErrorCode MckEnsAddGram(MckEnsemble, PetscInt i0, PetscInt ni, PetscReal *const A[], PetscReal *const B[], const PetscReal w[], PetscInt mat);
PETSC_INTERN PetscErrorCode MckEnsStatsBegin(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsStatsEnd(MckEnsemble, const PetscReal **sums);

/* dense.c: compressed (active members) ensemble-space algebra */
PETSC_INTERN PetscErrorCode MckEnsCompress(MckEnsemble, const PetscReal full[], PetscReal c[]);
PETSC_INTERN PetscErrorCode MckEnsSymEig(MckEnsemble, PetscInt m, PetscReal A[], PetscReal w[]);
PETSC_INTERN PetscErrorCode MckEnsSymFunction(MckEnsemble, PetscInt m, const PetscReal Q[], const PetscReal w[], PetscReal (*f)(PetscReal, void *), void *ctx, PetscReal F[]);
PETSC_INTERN PetscErrorCode MckEnsMatMult(PetscInt m, PetscInt k, PetscInt n, const PetscReal A[], const PetscReal B[], PetscReal C[]);
PETSC_INTERN PetscErrorCode MckEnsDenseDestroy(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsSymEigLAPACK(PetscInt m, PetscReal A[], PetscReal w[], PetscReal work[], PetscInt nwork);
PETSC_INTERN PetscErrorCode MckEnsSymEigScaLAPACK(MckEnsemble, PetscInt m, PetscReal A[], PetscReal w[]);

/* transform.c: updates in the analysis layout */
PETSC_INTERN PetscErrorCode MckEnsApplyTransform(MckEnsemble, MckEnsField *, const PetscReal Tc[]);
PETSC_INTERN PetscErrorCode MckEnsCenteredUpdate(MckEnsemble, const PetscReal Cc[], PetscReal Tc[]);
PETSC_INTERN PetscErrorCode MckEnsInflate(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsRTPS(MckEnsemble, PetscReal prior_sd[]);
PETSC_INTERN PetscErrorCode MckEnsStdDev(MckEnsemble, MckEnsField *, PetscReal sd[]);
PETSC_INTERN PetscErrorCode MckEnsReplaceFailed(MckEnsemble, MckEnsField *);
PETSC_INTERN PetscErrorCode MckEnsObserve(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsNormals(MckEnsemble, PetscInt64 stream0, PetscInt n, PetscInt purpose, PetscReal *const out[]);

/* analysis types */
PETSC_INTERN PetscErrorCode MckEnsembleCreate_EnKF(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsembleCreate_ETKF(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsembleCreate_LETKF(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsembleCreate_EKI(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsembleCreate_EKS(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsInverseStatistics(MckEnsemble, PetscBool perturb, PetscReal h, PetscBool want_u);
PETSC_INTERN PetscReal      MckGaspariCohn(PetscReal d, PetscReal c);
PETSC_INTERN PetscErrorCode MckEnsFilterStatistics(MckEnsemble, PetscBool perturb);
PETSC_INTERN PetscReal      MckEnsInverse(PetscReal, void *);
PETSC_INTERN PetscErrorCode MckEnsETKFTransform(MckEnsemble, PetscReal S[], const PetscReal b[], PetscReal Tc[]);

/* model.c glue (MckModel or callbacks) */
PETSC_INTERN PetscErrorCode MckEnsMemberAdvance(MckEnsemble, PetscInt64 j, PetscReal t, PetscInt nsteps, Vec x, PetscBool *failed);
PETSC_INTERN PetscErrorCode MckEnsMemberForward(MckEnsemble, PetscInt64 j, Vec u, Vec g, PetscBool *failed);
PETSC_INTERN PetscErrorCode MckEnsMemberCreateVecs(MckEnsemble, MckEnsField *, PetscBool data);
