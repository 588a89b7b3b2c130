/* Private definitions of the ensemble layer (see include/mckean/mckensemble.h). */
#pragma once
#include <mckean/mckensemble.h>
#include <mckean/mckensembleimpl.h>
#include <mckean/mcktyped.h>
#include <mckean/mckstats.h>
#include <petsc/private/petscimpl.h>

#define MCK_ENS_MAX_MATS 8

/* One per-member vector (the state/parameters, or the predicted data) in both layouts.
 * Member layout: the local members' Vecs, each owning components [lo, hi) on the member comm.
 * Analysis layout: components [c0, c0 + nc) of all J members, member j at blk[j]. */
typedef struct {
  PetscInt     N, chunk;
  PetscInt64   c0;
  PetscInt     nc, nchunks;
  PetscInt     lo, hi;
  Vec         *vecs;         /* nlocal member Vecs */
  PetscReal   *store, **blk; /* J x nc, blk[j] = store + j nc */
  PetscReal   *work, **wrk;  /* J x nc scratch (anomalies, analysis output) */
  PetscReal   *sd;           /* 3 nc: scratch (spreads), mean, scratch */
  PetscMPIInt *scount, *sdispl, *rcount, *rdispl;
  PetscReal   *sbuf, *rbuf;     /* the move's send and receive buffers (none when wrapped) */
  PetscMPIInt *gcount, *gdispl; /* analysis blocks, for gathering a whole vector */
  PetscInt64  *piece;           /* per rank: first member, nlocal, lo, hi (4 x size) */
  PetscInt64  *block;           /* per rank: c0, nc (2 x size) */
  PetscBool    whole;           /* every rank holds all N components (the same on every rank) */
  /* every rank holds its members whole and all their components in the analysis layout: the
   * member Vecs then wrap their rows of store (VecPlaceArray; they are made without arrays of
   * their own), so moving to the members is nothing and moving to the analysis layout at most
   * an in-place gather of the rows */
  PetscBool    wrapped;
  PetscMPIInt *rowcount, *rowdispl; /* wrapped, replicated: each rank's rows of store */
} MckEnsField;

/* What an analysis type implements is public (struct _MckEnsembleOps, mckensembleimpl.h): a built-in type is
 * one file in src/ensemble/analysis/ and one register line in registry.c. The constructor sets ops and data and
 * the type's properties in the object (kind, local, nmats, nvecs, nscal). */

/* An inflation scheme of the filters (one file in src/ensemble/inflation/, one register line
 * in registry.c). Every registered scheme reads its options when the analysis is a filter and
 * acts where its options switch it on; prior() runs before the analysis (on the forecast
 * ensemble, before the members are observed), posterior() after it, both in registration order. */
typedef struct _n_MckEnsInflation *MckEnsInflation;
typedef struct {
  PetscErrorCode (*setfromoptions)(MckEnsemble, MckEnsInflation, PetscOptionItems *);
  PetscErrorCode (*setup)(MckEnsemble, MckEnsInflation);
  PetscErrorCode (*prior)(MckEnsemble, MckEnsInflation);
  PetscErrorCode (*posterior)(MckEnsemble, MckEnsInflation);
  PetscErrorCode (*config)(MckEnsemble, MckEnsInflation, MckIO, PetscBool check);
  /* a scheme with a state of its own (adaptive inflation) writes and reads it in the group */
  PetscErrorCode (*write)(MckEnsemble, MckEnsInflation, MckIO, const char group[]);
  PetscErrorCode (*read)(MckEnsemble, MckEnsInflation, MckIO, const char group[]);
  PetscErrorCode (*view)(MckEnsemble, MckEnsInflation, PetscViewer);
  PetscErrorCode (*destroy)(MckEnsInflation);
} MckEnsInflationOps;
/* A scheme set by one real option (multiplicative, additive, RTPS, RTPP): the value is the first
 * member of the scheme's data; inflation.c allocates the data, reads and checks the value, records
 * it in checkpoints and views it (MckEnsInflationSetReal). */
typedef struct {
  const char        *option, *help; /* the option and its help */
  PetscReal          lo, hi;        /* the allowed range */
  const char        *allowed;       /* the range, as the message of a value outside says it */
  PetscReal          off;           /* the default: the scheme off (not set up, applied or viewed) */
  const char        *view;          /* the view line: "<view>: <value>" */
  size_t             size;          /* the size of the scheme's data */
  MckEnsInflationOps ops;           /* the scheme's own setup, prior, posterior and destroy */
} MckEnsInflationReal;
struct _n_MckEnsInflation {
  const char                *name;
  MckEnsInflationOps         ops; /* destroy frees what data points to; the class frees data */
  void                      *data;
  const MckEnsInflationReal *real; /* a scheme set by one real option, or NULL */
};
typedef PetscErrorCode (*MckEnsInflationCreateFn)(MckEnsInflation);
#define MCK_ENS_MAX_INFLATIONS 8

/* The fixed-lag smoother's window (analysis/smoother.c): L + 1 slots of J x nc in the analysis
 * layout, the analysis of cycle c in slot c mod (L + 1). */
typedef struct {
  PetscInt   lag;
  PetscReal *store, **blk;
} MckEnsSmoother;
/* An observation operator (src/ensemble/obs/operators.c; MckEnsembleRegisterObsOperator()). */
typedef struct {
  char             name[64];
  PetscInt         width; /* stencil: 1 (the anchor) or 2 (the 2^d corners of the anchor's cell) */
  MckObsOperatorFn apply;
  /* a built-in operator that depends on the grid's dimension (interp): used instead of apply */
  PetscErrorCode (*applygrid)(PetscInt dim, PetscInt nobs, const PetscReal coord[], const PetscReal *const stencil[],
                              PetscReal hx[]);
  void     *ctx;
  PetscBool user; /* registered by the user: its failures are made collective (observe.c) */
} MckEnsObsOperatorDef;
typedef const MckEnsObsOperatorDef *MckEnsObsOperator;

typedef enum {
  MCK_ENS_LAYOUT_AUTO,
  MCK_ENS_LAYOUT_BLOCKS,
  MCK_ENS_LAYOUT_REPLICATED,
  MCK_ENS_LAYOUT_REDUNDANT
} MckEnsLayout;

struct _p_MckEnsemble {
  PETSCHEADER(struct _MckEnsembleOps);
  void       *data;               /* the analysis type's state */
  MPI_Comm    comm, mcomm, xcomm; /* all ranks; my member group; ranks of equal group rank */
  PetscMPIInt rank, size;
  PetscInt    J, rpm, ngroups;
  PetscInt64  m0; /* first local member */
  PetscInt    nlocal;
  PetscBool   setfromoptions, setup;
  PetscBool   setup_failed; /* set while a set-up runs, kept if it fails: a second one is refused */

  /* properties of the analysis type, set by its constructor */
  MckEnsembleKind kind;
  PetscBool       local;               /* letkf: one transform per state component */
  PetscBool       transform;           /* etkf, enkf: the analysis leaves its one transform in T */
  PetscInt        nmats, nvecs, nscal; /* J x J, J and scalar statistics per analysis */

  /* the analysis layout: -ens_layout, and what was chosen at set-up (layout.c) */
  MckEnsLayout layout;
  PetscBool    replicated; /* every rank analyses every component */
  PetscBool    redundant;  /* and advances every member: a cycle without communication */

  /* settings of every type */
  PetscBool       failed_replace;
  PetscReal       outlier_factor;
  PetscInt        min_members, scalapack_threshold, chunk, seed, app_seed;
  MckEnsInflation inflations[MCK_ENS_MAX_INFLATIONS]; /* filters only */
  PetscInt        ninflations;
  MckEnsSmoother  smoother; /* filters with a global transform: -ens_smoother_lag */

  /* members */
  MckModel             model;
  MckEnsembleAdvanceFn advance;
  MckEnsembleForwardFn forward;
  void                *actx, *fctx;
  MckRNG               rng;
  PetscInt             n, ndata;
  PetscInt             dim, gsize[MCK_ENS_MAX_DIM]; /* the periodic grid of the state (grid.c) */
  MckEnsField          x, g;
  PetscBool            fresh;     /* analysis layout holds the members' current values */
  PetscBool            analyzing; /* inside ops->analyze of MckEnsembleAnalyze: the public building blocks run */
  PetscInt             napplied;  /* transforms the public building blocks applied in this analysis */
  PetscReal           *weight;    /* J: normalised weights of the active members (pf) */
  PetscBool            weighted;  /* the members carry weights: diagnostics are weighted */
  Vec                 *blockvecs; /* the active local members, advanced as one block */
  PetscReal          **blockrows; /* the same as arrays: their rows of x.store (x.wrapped) */
  PetscBool           *blockfailed;

  /* observations: nobs in all. DA: a rank stores the ones it evaluates, global positions [lobs0,
   * lobs0 + nlobs) (every one in the replicated layouts); oidx, ocoord, oy, or_ are indexed by
   * global position, pointing ostore0 = lobs0 entries before their storage (as the arrays of
   * DMDAVecGetArray()). Inverse problems: replicated (ostore0 = 0). */
  PetscInt          nobs, ostore0;
  PetscInt         *oidx;     /* DA: anchors, the grid points floor(coordinates) (the selection's components) */
  PetscReal        *ocoord;   /* DA: dim coordinates per observation, in grid units */
  MckEnsObsOperator obsop;    /* DA: the operator H (obs/operators.c) */
  PetscReal        *ostencil; /* DA: 2^dim x nlobs stencil of one member */
  /* DA, stencils of width 2 in the blocks layout (obs/observe.c): the corners of the cells
   * anchored in my block that other blocks hold, sorted, and their values (J x nhalo) */
  PetscInt   nhalo;
  PetscInt  *hcomp;
  PetscReal *hvals;
  PetscSF    hsf;
  PetscReal *oy, *or_;
  PetscInt   lobs0, nlobs; /* DA: observations of my state block (sorted by coordinate) */
  PetscInt  *ochunk;       /* DA: first local obs of each local state chunk (nchunks+1) */

  /* membership */
  PetscBool *active; /* J: not dropped */
  PetscInt  *failed; /* J: failed in this cycle (reduced: replicated) */
  PetscInt  *act;    /* ids of the members used by this analysis */
  PetscInt   na;

  /* statistics and ensemble-space work */
  MckStats     stats, dstats; /* analysis statistics; diagnostics */
  PetscInt     omat, ovec, oscal;
  PetscReal    mscale[MCK_ENS_MAX_MATS]; /* powers of 2 that keep each matrix statistic O(1) */
  PetscReal   *sums;                     /* the reduced statistics, unscaled */
  PetscReal   *part;                     /* J x J partial of one chunk */
  PetscReal   *T, *M1, *M2, *M3, *evec, *eval, *lwork, *rnd, **rndp;
  PetscInt     nlwork;
  int         *iwork; /* dsyevd integer workspace */
  PetscReal   *hx;    /* DA: J x nlobs observed members */
  PetscMPIInt *ocount, *odispl;
  PetscReal  **rowp;         /* pointer scratch (J) */
  PetscReal   *fbuf, *fvals; /* failures: flags and distances (3 J), values to sort (J) */
  PetscReal   *ftile;        /* failures: a tile of all members and its medians */
  PetscReal   *cwork;        /* one chunk */
  int          blacs;        /* BLACS context (-1: none yet) */
  int          nprow, npcol;

  PetscReal       div_ratio, div_avg; /* innovations.c: warning threshold, running ratio */
  PetscInt64      div_cycles;
  PetscBool       div_warned;
  PetscInt64      cycle;
  PetscBool       done;          /* inverse process finished */
  PetscReal       time;          /* inverse pseudo-time */
  PetscReal      *pert, **pertp; /* J x (local obs or data): perturbations */
  PetscReal      *obsw;          /* local obs: 1 / variance */
  PetscInt        nobsmax;
  MckEnsembleInfo info;
};

/* layout.c */
PETSC_INTERN PetscErrorCode MckEnsFieldSetUp(MckEnsemble, MckEnsField *, PetscInt N, PetscBool data);
PETSC_INTERN PetscErrorCode MckEnsFieldDestroy(MckEnsemble, MckEnsField *);
PETSC_INTERN PetscErrorCode MckEnsFieldToAnalysis(MckEnsemble, MckEnsField *);
PETSC_INTERN PetscErrorCode MckEnsFieldToMembers(MckEnsemble, MckEnsField *);
PETSC_INTERN PetscErrorCode MckEnsFieldGather(MckEnsemble, MckEnsField *, const PetscReal blk[], PetscReal full[]);
PETSC_INTERN PetscErrorCode MckEnsFieldFileRows(MckEnsemble, MckEnsField *, PetscInt64 *c0, PetscInt *nc);
PETSC_INTERN PetscErrorCode MckEnsFieldShareRead(MckEnsemble, MckEnsField *);
PETSC_INTERN PetscErrorCode MckEnsChooseLayout(MckEnsemble);

/* grid.c: the periodic grid of the state */
PETSC_INTERN PetscErrorCode MckEnsGridSetUp(MckEnsemble);
PETSC_INTERN PetscInt64     MckEnsGridSlab(MckEnsemble);
PETSC_INTERN PetscBool      MckEnsGridInside(MckEnsemble, const PetscReal s[]);
PETSC_INTERN PetscInt64     MckEnsGridAnchor(MckEnsemble, const PetscReal s[]);
PETSC_INTERN PetscInt64     MckEnsGridCorner(MckEnsemble, PetscInt64 anchor, PetscInt k);
PETSC_INTERN PetscReal      MckEnsGridDistance(MckEnsemble, const PetscReal s[], PetscInt64 gi);
PETSC_INTERN PetscErrorCode MckEnsGridOutside(MckEnsemble, const PetscReal s[], char buf[], size_t len);

/* registry.c */
PETSC_INTERN PetscFunctionList MckEnsembleList, MckEnsInflationList;
PETSC_INTERN PetscLogEvent     MCK_EVENT_EnsFailures;

/* members.c */
PETSC_INTERN PetscErrorCode MckEnsEnsureAnalysisLayout(MckEnsemble);
/* failures.c: which members failed this cycle (one collective); the medians are taken over
 * tiles of this many components (ens->ftile: J + 1 rows of a tile) */
#define MCK_ENS_FAILURE_TILE 64
PETSC_INTERN PetscErrorCode MckEnsCollectFailures(MckEnsemble, PetscBool check_data);

/* statistics.c: sums over chunks of components of the analysis layout, one reduction */
PETSC_INTERN PetscErrorCode MckEnsAnomalies(MckEnsemble, PetscInt m, PetscReal *const A[], PetscReal mean[],
                                            PetscReal *const out[]);
PETSC_INTERN PetscErrorCode MckEnsAddGram(MckEnsemble, PetscInt i0, PetscInt ni, PetscReal *const A[],
                                          PetscReal *const B[], const PetscReal w[], PetscInt mat, PetscInt ncol);
PETSC_INTERN PetscErrorCode MckEnsStatsBegin(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsStatsEnd(MckEnsemble, const PetscReal **sums);

/* dense.c: compressed (active members) ensemble-space algebra */
PETSC_INTERN PetscErrorCode MckEnsCompress(MckEnsemble, const PetscReal full[], PetscReal c[]);
PETSC_INTERN PetscErrorCode MckEnsSymEig(MckEnsemble, PetscInt m, PetscReal A[], PetscReal w[]);
PETSC_INTERN PetscErrorCode MckEnsSymFunction(MckEnsemble, PetscInt m, const PetscReal Q[], const PetscReal w[],
                                              PetscReal (*f)(PetscReal, void *), void *ctx, PetscReal F[]);
PETSC_INTERN PetscErrorCode MckEnsMatMult(PetscInt m, PetscInt k, PetscInt n, const PetscReal A[], const PetscReal B[],
                                          PetscReal C[]);
PETSC_INTERN PetscErrorCode MckEnsDenseDestroy(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsSymEigLAPACK(MckEnsemble, PetscInt m, PetscReal A[], PetscReal w[]);
PETSC_INTERN PetscErrorCode MckEnsSymEigScaLAPACK(MckEnsemble, PetscInt m, PetscReal A[], PetscReal w[]);

/* transform.c: updates in the analysis layout */
PETSC_INTERN PetscErrorCode MckEnsApplyTransform(MckEnsemble, MckEnsField *, const PetscReal Tc[]);
PETSC_INTERN PetscErrorCode MckEnsApplyLocalTransform(MckEnsemble, MckEnsField *, PetscInt i, const PetscReal Tc[]);
PETSC_INTERN PetscErrorCode MckEnsCenteredUpdate(MckEnsemble, const PetscReal Cc[], PetscReal Tc[]);
PETSC_INTERN PetscErrorCode MckEnsApplyCenteredUpdate(MckEnsemble, const PetscReal Cc[]);
PETSC_INTERN PetscErrorCode MckEnsShiftedSolve(MckEnsemble, PetscInt m, PetscReal A[], PetscReal shift,
                                               const PetscReal B[], PetscReal X[]);
PETSC_INTERN PetscErrorCode MckEnsScaleAnomalies(MckEnsemble, MckEnsField *, const PetscReal s[], PetscReal scalar);
PETSC_INTERN PetscErrorCode MckEnsStdDev(MckEnsemble, MckEnsField *, PetscReal sd[]);
PETSC_INTERN PetscErrorCode MckEnsReplaceFailed(MckEnsemble, MckEnsField *);

/* obs/: observation operators, H X in the analysis layout */
PETSC_INTERN PetscErrorCode MckEnsObsOperatorsRegisterAll(void);
PETSC_INTERN PetscErrorCode MckEnsObsOperatorsDestroy(void);
PETSC_INTERN PetscErrorCode MckEnsObsOperatorFind(MPI_Comm, const char option[], const char name[],
                                                  MckEnsObsOperator *);
PETSC_INTERN PetscErrorCode MckEnsObsSetFromOptions(MckEnsemble, PetscOptionItems *);
PETSC_INTERN PetscErrorCode MckEnsObsAllocate(MckEnsemble, PetscInt nstore);
PETSC_INTERN PetscErrorCode MckEnsObsDestroy(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsObsStoreLocal(MckEnsemble, PetscInt nobs, PetscInt nl, const PetscReal coord[],
                                                const PetscReal y[], const PetscReal r[]);
PETSC_INTERN PetscErrorCode MckEnsObserve(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsObsHaloDestroy(MckEnsemble);
/* obs/distribute.c: the rank whose analysis block holds component a; the list sorted as stored */
PETSC_INTERN PetscMPIInt    MckEnsBlockOwner(const MckEnsField *, PetscMPIInt size, PetscInt64 a);
PETSC_INTERN PetscErrorCode MckEnsObsSortList(MckEnsemble, PetscInt nobs, const PetscReal coord[], const PetscReal y[],
                                              const PetscReal r[], PetscReal sc[], PetscReal sy[], PetscReal sr[]);
PETSC_INTERN PetscErrorCode MckEnsObsApply(MckEnsemble, PetscInt nobs, const PetscReal coord[],
                                           const PetscReal *const stencil[], PetscReal hx[]);
PETSC_INTERN PetscLogEvent  MCK_EVENT_EnsObserve;
/* The analysis proper (inflation, innovations, the type's update, relaxation): neither the move
 * of the members between the layouts (EnsTranspose) nor H on them (EnsObserve), so that the
 * phases of a cycle are disjoint (bench/bench-da.c; the adaptive inflation's observation of the
 * prior is inside it) */
PETSC_INTERN PetscLogEvent  MCK_EVENT_EnsAnalysis;
PETSC_INTERN PetscErrorCode MckEnsNormals(MckEnsemble, PetscInt64 stream0, PetscInt n, PetscInt purpose,
                                          PetscReal *const out[]);

/* analysis/localobs.c: the localised observations of one state component (letkf, lnetf).
 * The window: the observations this rank's local analyses may use, window entry k being the
 * global observation gl[k]; its keys (anchor - a0) mod n are non-decreasing in k. */
typedef struct {
  PetscReal    c;         /* -ens_loc_radius: Gaspari-Cohn half-width in state-index units */
  PetscBool    allgather; /* -ens_loc_exchange allgather: the window is every observation */
  PetscReal    wc;        /* the radius the window was built for (0: none yet) */
  PetscInt     nobs;      /* window size */
  PetscInt     a0;        /* the anchor the keys count from */
  PetscInt    *gl;        /* global index of each window observation */
  PetscInt    *anchor;    /* and its anchor (grid point floor(s) as a linear index) */
  PetscReal   *wcoord;    /* and its dim coordinates, */
  PetscReal   *wy;        /* value */
  PetscReal   *wr;        /* and variance (from the owners) */
  PetscReal   *hx;        /* nobs x J anomalies of H X (observation-major) */
  PetscReal   *d;         /* y - ybar of each window observation */
  PetscInt    *idx;       /* the observations (window entries) of the current component */
  PetscReal   *w;         /* and their weights rho_GC(d / c) / r */
  PetscSF      sf;        /* window entries (leaves) from their owners (roots), blocks layout */
  MPI_Datatype unit;      /* one observation's row of H X: J reals */
  MPI_Datatype cunit;     /* one observation's coordinates: dim reals */
  PetscInt64   bytes[2];  /* per analysis, summed over ranks: halo exchange, all-gather */
  PetscBool    shown;     /* -ens_view: the exchange's line with the bytes was printed */
} MckEnsLocal;
/* operations of a local type whose data begins with an MckEnsLocal */
PETSC_INTERN PetscErrorCode MckEnsLocalCreate(MckEnsemble, size_t size);
PETSC_INTERN PetscErrorCode MckEnsLocalSetFromOptions(MckEnsemble, PetscOptionItems *);
PETSC_INTERN PetscErrorCode MckEnsLocalSetUp(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsLocalConfig(MckEnsemble, MckIO, PetscBool check);
PETSC_INTERN PetscErrorCode MckEnsLocalSetUpWindow(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsLocalFetchObservations(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsLocalGather(MckEnsemble, MckEnsLocal *);
PETSC_INTERN PetscErrorCode MckEnsLocalView(MckEnsemble, PetscViewer);
PETSC_INTERN PetscInt       MckEnsLocalObservations(MckEnsemble, MckEnsLocal *, PetscInt64 gi);
PETSC_INTERN PetscErrorCode MckEnsLocalDestroy(MckEnsLocal *);

/* diagnostics.c: moments of a field's active members (the filter's, or a lagged one) */
PETSC_INTERN PetscErrorCode MckEnsFieldMean(MckEnsemble, MckEnsField *, PetscReal mean[], PetscReal *spread,
                                            const PetscReal truth[], PetscReal *rmse);
PETSC_INTERN PetscErrorCode MckEnsFieldCovariance(MckEnsemble, MckEnsField *, PetscReal cov[]);

/* analysis/smoother.c: the fixed-lag ensemble Kalman smoother of the transform filters */
PETSC_INTERN PetscErrorCode MckEnsSmootherSetFromOptions(MckEnsemble, PetscOptionItems *);
PETSC_INTERN PetscErrorCode MckEnsSmootherSetUp(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsSmootherUpdate(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsSmootherPush(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsSmootherGetLag(MckEnsemble, PetscInt lag, MckEnsField *);
PETSC_INTERN PetscErrorCode MckEnsSmootherWriteRead(MckEnsemble, MckIO, const char group[], PetscBool write);
PETSC_INTERN PetscErrorCode MckEnsSmootherDestroy(MckEnsemble);

/* innovations.c: O - F statistics of a filter's prior and the divergence warning */
PETSC_INTERN PetscErrorCode MckEnsInnovationsSetFromOptions(MckEnsemble, PetscOptionItems *);
PETSC_INTERN PetscErrorCode MckEnsInnovations(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsInnovationMeans(MckEnsemble, PetscReal mean[4]);

/* inflation.c: the schemes of a filter */
PETSC_INTERN PetscErrorCode MckEnsInflationsCreate(MckEnsemble, PetscOptionItems *);
PETSC_INTERN PetscErrorCode MckEnsInflationsSetUp(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsInflationsPrior(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsInflationsPosterior(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsInflationsConfig(MckEnsemble, MckIO, PetscBool check);
PETSC_INTERN PetscErrorCode MckEnsInflationsWrite(MckEnsemble, MckIO, const char group[]);
PETSC_INTERN PetscErrorCode MckEnsInflationsRead(MckEnsemble, MckIO, const char group[]);
PETSC_INTERN PetscErrorCode MckEnsInflationsView(MckEnsemble, PetscViewer);
PETSC_INTERN PetscErrorCode MckEnsInflationsDestroy(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsInflationSetReal(MckEnsInflation, const MckEnsInflationReal *);
PETSC_INTERN PetscErrorCode MckEnsInflationCreate_Multiplicative(MckEnsInflation);
PETSC_INTERN PetscErrorCode MckEnsInflationCreate_Additive(MckEnsInflation);
PETSC_INTERN PetscErrorCode MckEnsInflationCreate_RTPS(MckEnsInflation);
PETSC_INTERN PetscErrorCode MckEnsInflationCreate_Adaptive(MckEnsInflation);
PETSC_INTERN PetscErrorCode MckEnsInflationCreate_RTPP(MckEnsInflation);

/* analysis types */
PETSC_INTERN PetscErrorCode MckEnsembleCreate_EnKF(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsembleCreate_ETKF(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsembleCreate_LETKF(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsembleCreate_EKI(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsembleCreate_EKS(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsembleCreate_PF(MckEnsemble);
PETSC_INTERN PetscErrorCode MckEnsembleCreate_LNETF(MckEnsemble);
/* The destroy of an analysis type whose data holds nothing to release but itself. */
PETSC_INTERN PetscErrorCode MckEnsDestroyData(MckEnsemble);
PETSC_INTERN void           MckEnsSetInverseOps(MckEnsemble, MckEnsembleKind, PetscErrorCode (*)(MckEnsemble));
PETSC_INTERN PetscErrorCode MckEnsInverseStatistics(MckEnsemble, PetscBool perturb, PetscBool want_u);
PETSC_INTERN PetscReal      MckGaspariCohn(PetscReal d, PetscReal c);
PETSC_INTERN PetscErrorCode MckEnsFilterStatistics(MckEnsemble, PetscBool perturb);
PETSC_INTERN PetscReal      MckEnsInverse(PetscReal, void *);
PETSC_INTERN PetscErrorCode MckEnsETKFTransform(MckEnsemble, PetscReal S[], const PetscReal b[], PetscReal Tc[]);

/* memberdriver.c: what advances or evaluates a member (MckModel or callbacks) */
PETSC_INTERN PetscErrorCode MckEnsMemberAdvance(MckEnsemble, PetscInt64 j, PetscReal t, PetscInt nsteps, Vec x,
                                                PetscBool *failed);
PETSC_INTERN PetscErrorCode MckEnsMembersAdvance(MckEnsemble, PetscReal t, PetscInt nsteps);
PETSC_INTERN PetscErrorCode MckEnsMemberForward(MckEnsemble, PetscInt64 j, Vec u, Vec g, PetscBool *failed);
PETSC_INTERN PetscErrorCode MckEnsMemberPrototype(MckEnsemble, PetscInt N, PetscBool data, Vec *proto);
