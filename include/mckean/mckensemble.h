/* MckEnsemble: ensemble Kalman data assimilation and inverse processes (DESIGN.md §1, ensemble).
 *
 * J members x_j in R^n (j = 0..J-1 is the global member id). Two layouts of the same numbers:
 *  - member layout (forecast / forward evaluations): the ranks form groups of
 *    -ens_ranks_per_member ranks (MPI_Comm_split); each group owns a chunk of consecutive member
 *    ids (MckStatsChunkOwnership over the groups) and holds each of its members as a Vec on the
 *    group's communicator (PETSC_COMM_SELF when a group is one rank).
 *  - analysis layout: every rank owns a chunk-aligned block of state components (and of data
 *    components for inverse problems) of ALL members (structure of arrays, one array per member).
 * The move between the two is pure data movement (one MPI_Alltoallv), so no arithmetic depends
 * on where a member lives. Every quantity that couples members is a summary statistic: ensemble
 * means and spreads are local in the analysis layout, and the ensemble-space matrices (J x J
 * Gram matrices of observed anomalies and innovations) are sums over chunks of observations
 * combined by ONE MckStats reduction per analysis, so the result is bitwise identical on any
 * rank count. The J x J algebra (symmetric eigendecomposition) is replicated: LAPACK below
 * -ens_scalapack_threshold, ScaLAPACK (pdsyevd on a BLACS grid over the communicator) above.
 *
 * Every analysis is a transform of the ensemble in ensemble space, X^a = X T (T: J x J, one per
 * state component for LETKF), applied in the analysis layout. The analysis is the object's type
 * (-ens_analysis, MckEnsembleSetType); each type reads its own options:
 *   enkf   stochastic EnKF with perturbed observations (Evensen 1994, Burgers et al. 1998)
 *   etkf   ETKF, symmetric square root, mean preserving (Bishop et al. 2001; Hunt et al. 2007)
 *   letkf  LETKF with Gaspari-Cohn localisation of R^-1 (Hunt et al. 2007; Gaspari & Cohn 1999),
 *          -ens_loc_radius
 *   eki    ensemble Kalman inversion, Tikhonov regularisation, fixed step or data-misfit
 *          controller (Iglesias, Law & Stuart 2013; Chada, Stuart & Tong 2020; Iglesias & Yang
 *          2021), -eki_dt, -eki_adaptive, -eki_tikhonov, -eki_perturb
 *   pf     bootstrap particle filter: log-likelihood weights (one reproducible reduction), ESS,
 *          resampling by MckResampler below -pf_ess_threshold, optional jitter (-pf_jitter)
 *   lnetf  localised nonlinear ensemble transform filter (Toedter & Ahrens 2015; Toedter et al.
 *          2016): local particle-filter weights from the Gaspari-Cohn localised likelihood and a
 *          square-root transform with a random mean-preserving rotation, -ens_loc_radius
 *   eks    ensemble Kalman sampler with the finite-ensemble correction (Garbuno-Inigo et al. 2020;
 *          Nuesken & Reich 2019), exact posterior for linear forward maps, -eks_dt,
 *          -eks_adaptive, -eks_correction
 * Inflation of the filters (options of the object, read when the analysis is a filter):
 * multiplicative (-ens_inflation rho, anomalies * sqrt(rho) before the analysis), additive
 * (-ens_additive_inflation sigma, N(0, sigma^2) per component), adaptive multiplicative
 * (-ens_adaptive_inflation; Miyoshi 2011, one factor estimated from the innovations each cycle),
 * RTPS (-ens_rtps alpha; Whitaker & Hamill 2012) and RTPP (-ens_rtpp alpha; Zhang et al. 2004)
 * after it. See docs/ensemble.md for the equations.
 * Smoother of the etkf and enkf (-ens_smoother_lag L; Evensen & van Leeuwen 2000): the last L
 * analysed ensembles take every later analysis's transform (MckEnsembleGetSmoothedMean).
 *
 * Failed members (docs/ensemble.md): a member whose model reports failure (a non-finite state
 * or data, a state beyond the model's limits, a solver that did not converge), or whose state or
 * data lies more than -ens_outlier_factor times further from the component-wise median of the
 * ensemble than the median member does, is left out of the analysis (the analysis uses the J_a
 * active members), counted, and with -ens_failed replace re-drawn from N(mean, covariance) of
 * the analysis ensemble in ensemble space; with -ens_failed drop it stays inactive. The failure
 * flags and distances travel in one collective, so a failure never hangs a rank. Fewer than
 * -ens_min_members active members ends the run: "ensemble diverged at cycle k" (user error).
 *
 * Random numbers (MckRNG, seed -ens_seed, default the app's -seed): the normal for state or
 * observation component c of member j at cycle k is MckRNGNormals(stream = c, step = 8k + purpose,
 * draw = j); ensemble-space noise (EKS, resampling) is (stream = member j, draw = member i).
 * They depend on global ids only, never on the rank count.
 *
 * Members can be driven by an MckModel (MckEnsembleSetModel) or by caller callbacks
 * (MckEnsembleSetAdvance / MckEnsembleSetForward), e.g. a particle system per member. The
 * ensemble is a PETSc object (options prefix, -ens_view) and takes part in the checkpoints of
 * an MckRun it is added to (its members, their activity, the cycle and the statistics' scales);
 * its members are initialized by the caller (MckEnsembleInitializeMembers, or an MckTwin). */
#pragma once
#include <mckean/mckrng.h>
#include <mckean/mckio.h>

typedef struct _p_MckEnsemble *MckEnsemble;
typedef struct _p_MckModel    *MckModel; /* include/mckean/mckmodel.h */
typedef const char            *MckEnsembleType;
#define MCKENSEMBLE_ENKF  "enkf"
#define MCKENSEMBLE_ETKF  "etkf"
#define MCKENSEMBLE_LETKF "letkf"
#define MCKENSEMBLE_EKI   "eki"
#define MCKENSEMBLE_EKS   "eks"
#define MCKENSEMBLE_PF    "pf"
#define MCKENSEMBLE_LNETF "lnetf"

/* What an analysis type does: a filter (forecast and analysis of a dynamical state), an
 * inversion (an iteration towards a point estimate of a parameter) or a sampler (an iteration
 * whose ensemble samples the posterior of a parameter). */
typedef enum { MCK_ENSEMBLE_FILTER, MCK_ENSEMBLE_INVERSION, MCK_ENSEMBLE_SAMPLER } MckEnsembleKind;
PETSC_EXTERN const char *const MckEnsembleKinds[];

PETSC_EXTERN PetscClassId MCK_ENSEMBLE_CLASSID;

/* Dynamical members (data assimilation): advance member x (a Vec on the member communicator)
 * in place from time t by nsteps model steps; *failed = PETSC_TRUE (not an error) if it failed. */
typedef PetscErrorCode (*MckEnsembleAdvanceFn)(MckEnsemble ens, PetscInt64 member, PetscReal t, PetscInt nsteps, Vec x,
                                               PetscBool *failed, void *ctx);
/* Inverse problems: g = G(u) for member u; *failed = PETSC_TRUE (not an error) if it failed. */
typedef PetscErrorCode (*MckEnsembleForwardFn)(MckEnsemble ens, PetscInt64 member, Vec u, Vec g, PetscBool *failed,
                                               void *ctx);

/* An analysis type: create() fills the object's operations and data (mckensembleimpl.h). */
typedef PetscErrorCode (*MckEnsembleAnalysisCreateFn)(MckEnsemble);
PETSC_EXTERN PetscErrorCode MckEnsembleRegister(const char name[], MckEnsembleAnalysisCreateFn create);
PETSC_EXTERN PetscErrorCode MckEnsembleInitializePackage(void);
PETSC_EXTERN PetscErrorCode MckEnsembleTypesOfKind(MckEnsembleKind kind, char buf[], size_t len);
PETSC_EXTERN PetscLogEvent  MCK_EVENT_EnsForecast, MCK_EVENT_EnsTranspose, MCK_EVENT_EnsStats, MCK_EVENT_EnsDense,
    MCK_EVENT_EnsTransform;

/* RNG step purposes (counter step = 8 * cycle + purpose; MCK_RNG_STEP_INIT for the initial draw) */
typedef enum {
  MCK_ENS_RNG_ADDITIVE = 0,
  MCK_ENS_RNG_OBS      = 1,
  MCK_ENS_RNG_EKS      = 2,
  MCK_ENS_RNG_RESAMPLE = 3,
  MCK_ENS_RNG_APP      = 4,
  MCK_ENS_RNG_JITTER   = 5,
  MCK_ENS_RNG_ROTATION = 6
} MckEnsembleRNGPurpose;

PETSC_EXTERN PetscErrorCode MckEnsembleCreate(MPI_Comm comm, MckEnsemble *ens);
PETSC_EXTERN PetscErrorCode MckEnsembleSetOptionsPrefix(MckEnsemble ens, const char prefix[]);
/* Call before MckEnsembleGetMemberComm(). */
PETSC_EXTERN PetscErrorCode MckEnsembleSetFromOptions(MckEnsemble ens);
PETSC_EXTERN PetscErrorCode MckEnsembleSetSize(MckEnsemble ens, PetscInt J);
PETSC_EXTERN PetscErrorCode MckEnsembleSetType(MckEnsemble ens, MckEnsembleType type);
PETSC_EXTERN PetscErrorCode MckEnsembleGetType(MckEnsemble ens, MckEnsembleType *type);
PETSC_EXTERN PetscErrorCode MckEnsembleGetKind(MckEnsemble ens, MckEnsembleKind *kind);
/* The communicator of this rank's member group (valid after SetFromOptions; owned by ens):
 * create the model, or the callback's objects, on it. */
PETSC_EXTERN PetscErrorCode MckEnsembleGetMemberComm(MckEnsemble ens, MPI_Comm *mcomm);
/* The members this rank's group holds: global ids [*first, *first + *nlocal). */
PETSC_EXTERN PetscErrorCode MckEnsembleGetLocalMembers(MckEnsemble ens, PetscInt64 *first, PetscInt *nlocal);

/* Drive the members with a model (created on the member communicator and set up; the ensemble
 * keeps a reference): sizes and Vecs come from the model. */
PETSC_EXTERN PetscErrorCode MckEnsembleSetModel(MckEnsemble ens, MckModel model);
PETSC_EXTERN PetscErrorCode MckEnsembleGetModel(MckEnsemble ens, MckModel *model);
PETSC_EXTERN PetscErrorCode MckEnsembleCreateWithModel(MPI_Comm comm, MckEnsembleType etype, const char mtype[],
                                                       MckEnsemble *ens);
/* Or with callbacks: n = state/parameter length, ndata = data length (0 for DA); the member
 * Vecs are standard PETSc Vecs of those sizes on the member communicator. */
PETSC_EXTERN PetscErrorCode MckEnsembleSetSizes(MckEnsemble ens, PetscInt n, PetscInt ndata);
PETSC_EXTERN PetscErrorCode MckEnsembleSetAdvance(MckEnsemble ens, MckEnsembleAdvanceFn fn, void *ctx);
PETSC_EXTERN PetscErrorCode MckEnsembleSetForward(MckEnsemble ens, MckEnsembleForwardFn fn, void *ctx);
/* Take the seed of rng (the app's -seed) unless -ens_seed is given; ens draws from its own generator. */
PETSC_EXTERN PetscErrorCode MckEnsembleSetRNG(MckEnsemble ens, MckRNG rng);
PETSC_EXTERN PetscErrorCode MckEnsembleSetUp(MckEnsemble ens);
PETSC_EXTERN PetscErrorCode MckEnsembleGetSizes(MckEnsemble ens, PetscInt *J, PetscInt *n, PetscInt *ndata);
/* The periodic grid of the state (before set-up; default the 1D ring of n): prod(sizes) = n,
 * component i0 + s0 (i1 + s1 i2), first index fastest, as MckModelGetGridShape(). */
#define MCK_ENS_MAX_DIM 3
PETSC_EXTERN PetscErrorCode MckEnsembleSetGridShape(MckEnsemble ens, PetscInt dim, const PetscInt sizes[]);
PETSC_EXTERN PetscErrorCode MckEnsembleGetGridShape(MckEnsemble ens, PetscInt *dim, PetscInt sizes[]);
/* "blocks" or "replicated": the analysis layout chosen at set-up (-ens_layout auto|blocks|replicated) */
PETSC_EXTERN PetscErrorCode MckEnsembleGetLayout(MckEnsemble ens, char buf[], size_t len);
PETSC_EXTERN PetscErrorCode MckEnsembleGetExchangeBytes(MckEnsemble ens, PetscInt64 *halo, PetscInt64 *allgather);

/* ---- observations ----------------------------------------------------------------------
 * Data assimilation: nobs observations of state components idx[l] (the selection operator H)
 * with values y[l] and error variances r[l] (R diagonal). Replicated arguments, copied.
 * Inverse problems: the data y (length ndata) and noise variances r (Gamma diagonal); idx NULL. */
PETSC_EXTERN PetscErrorCode MckEnsembleSetObservations(MckEnsemble ens, PetscInt nobs, const PetscInt idx[],
                                                       const PetscReal y[], const PetscReal r[]);

/* Observation operators (src/ensemble/obs/, docs/ensemble.md "Observation operators").
 * Observation l has a real coordinate s_l in state-index units, 0 <= s_l < n, on the periodic
 * state vector; its anchor is a_l = floor(s_l). An operator of stencil width w (1 or 2) maps the
 * w components a_l, a_l + 1 (mod n) of a member to H(x)_l:
 *   selection  (w 1)  x[a_l]                              (s_l integer: today's selection H)
 *   interp     (w 2)  (1 - f) x[a_l] + f x[a_l + 1], f = s_l - a_l   (linear, periodic 1D)
 *   abs        (w 1)  |x[a_l]|
 *   square     (w 1)  x[a_l]^2
 * chosen by -ens_obs_operator (default selection) or MckEnsembleSetObsOperator(). A user
 * operator is one callback: hx[l] = h(stencil[0][l], .., stencil[w-1][l]) for the nobs
 * observations given, stencil[k][l] = x[(a_l + k) mod n], coord[l] = s_l. On a grid of d > 1 axes
 * (MckEnsembleSetGridShape) s_l is d reals (coord[l d + a]), a_l the grid point floor(s_l) and
 * width 2 the 2^d corners of its cell (interp is d-linear). */
typedef PetscErrorCode (*MckObsOperatorFn)(PetscInt nobs, const PetscReal coord[], const PetscReal *const stencil[],
                                           PetscReal hx[], void *ctx);
#define MCKOBS_SELECTION "selection"
#define MCKOBS_INTERP    "interp"
#define MCKOBS_ABS       "abs"
#define MCKOBS_SQUARE    "square"
PETSC_EXTERN PetscErrorCode MckEnsembleRegisterObsOperator(const char name[], PetscInt width, MckObsOperatorFn fn,
                                                           void *ctx);
PETSC_EXTERN PetscErrorCode MckEnsembleSetObsOperator(MckEnsemble ens, const char name[]);
PETSC_EXTERN PetscErrorCode MckEnsembleGetObsOperator(MckEnsemble ens, const char **name);
/* nobs observations at coordinates coord (non-decreasing, in [0, n); on a grid of d > 1 axes
 * nobs rows of d, any order) of the current operator. */
PETSC_EXTERN PetscErrorCode MckEnsembleSetObservationsAt(MckEnsemble ens, PetscInt nobs, const PetscReal coord[],
                                                         const PetscReal y[], const PetscReal r[]);
/* Each rank any part of the list (the list is the parts in rank order, sorted by coordinate, ties
 * by position); the same analysis as MckEnsembleSetObservationsAt() with the whole list. */
PETSC_EXTERN PetscErrorCode MckEnsembleSetObservationsAtLocal(MckEnsemble ens, PetscInt nlocal, const PetscReal coord[],
                                                              const PetscReal y[], const PetscReal r[]);
/* The coordinates of the observations this rank evaluates (owned by ens): for localisation. */
PETSC_EXTERN PetscErrorCode MckEnsembleGetObsCoordinates(MckEnsemble ens, PetscInt *nobs, const PetscReal **coord);
/* hx = H(x) of the current operator for a whole state x (length n, replicated). Not collective. */
PETSC_EXTERN PetscErrorCode MckEnsembleApplyObsOperator(MckEnsemble ens, const PetscReal x[], PetscInt nobs,
                                                        const PetscReal coord[], PetscReal hx[]);

/* ---- members ------------------------------------------------------------------------------ */
/* x_j = center + spread * xi_j (xi ~ N(0, I) keyed by (component, member)); center (length n,
 * replicated) may be NULL (zero). Inverse problems use the whitened prior: center NULL, spread 1. */
PETSC_EXTERN PetscErrorCode MckEnsembleInitializeMembers(MckEnsemble ens, const PetscReal center[], PetscReal spread);
/* The Vec of local member 'member' (a global id this rank's group holds); owned by ens. */
PETSC_EXTERN PetscErrorCode MckEnsembleGetMember(MckEnsemble ens, PetscInt64 member, Vec *x);
/* Whether member is active (not failed/dropped). Replicated on every rank. */
PETSC_EXTERN PetscErrorCode MckEnsembleGetMemberActive(MckEnsemble ens, PetscInt64 member, PetscBool *active);

/* ---- the cycle ---------------------------------------------------------------------------- */
/* DA: advance every active member by nsteps (callback or model), from time t. Collective. */
PETSC_EXTERN PetscErrorCode MckEnsembleForecast(MckEnsemble ens, PetscReal t, PetscInt nsteps);
/* DA: analysis with the current observations (enkf, etkf, letkf); increments the cycle. */
PETSC_EXTERN PetscErrorCode MckEnsembleAnalyze(MckEnsemble ens);
/* Inverse: evaluate G on every active member, then one eki/eks update; increments the cycle.
 * *done = PETSC_TRUE when the process has finished (eki with the data-misfit controller reached
 * t = 1), else PETSC_FALSE. */
PETSC_EXTERN PetscErrorCode MckEnsembleIterate(MckEnsemble ens, PetscBool *done);

PETSC_EXTERN PetscErrorCode MckEnsembleGetCycle(MckEnsemble ens, PetscInt64 *cycle);
PETSC_EXTERN PetscErrorCode MckEnsembleSetCycle(MckEnsemble ens, PetscInt64 cycle);

/* Diagnostics of the last analysis/iteration, replicated on every rank. */
typedef struct {
  PetscInt64 cycle;
  PetscInt   nactive;       /* members used by the last analysis */
  PetscInt   nfailed;       /* members that failed in the last forecast/forward */
  PetscInt   noutliers;     /* of which: finite but too far from the ensemble */
  PetscInt64 nfailed_total; /* summed over all cycles */
  PetscReal  misfit;        /* inverse: mean over members of 1/2 |Gamma^-1/2 (y - G(u_j))|^2 */
  PetscReal  misfit_mean;   /* inverse: 1/2 |Gamma^-1/2 (y - mean_j G(u_j))|^2 / ndata */
  PetscReal  dt;            /* inverse: the step used */
  PetscReal  time;          /* inverse: accumulated pseudo-time (eki dmc: reaches 1) */
  PetscBool  done;          /* inverse: the process has finished (eki dmc reached t = 1) */
  PetscReal  ess;           /* filters: effective sample size of the analysis weights (pf;
                                the others: the active members) */
  PetscBool  resampled;     /* pf: the last analysis resampled */
  PetscReal  omf_mean;      /* filters: innovation statistics of the last analysis, means over
                                the observations of d = y - H xbar_f (prior mean after inflation), */
  PetscReal  omf_var;       /*   of d^2, */
  PetscReal  hpht;          /*   of the prior ensemble variance of H x (diag H P H^T) */
  PetscReal  obs_var;       /*   and of the error variances r (diag R): E d^2 = hpht + obs_var */
  PetscReal  inflation;     /* filters with -ens_adaptive_inflation: the factor of the last analysis */
} MckEnsembleInfo;
PETSC_EXTERN PetscErrorCode MckEnsembleGetInfo(MckEnsemble ens, MckEnsembleInfo *info);

/* Ensemble mean and spread (sqrt of the mean over components of the ensemble variance,
 * 1/(J_a - 1) normalisation) of the active members; mean (length n, replicated) may be NULL.
 * With truth (length n, replicated, may be NULL): *rmse = RMS over components of mean - truth.
 * Collective. */
PETSC_EXTERN PetscErrorCode MckEnsembleGetMean(MckEnsemble ens, PetscReal mean[], PetscReal *spread,
                                               const PetscReal truth[], PetscReal *rmse);
/* Fixed-lag ensemble Kalman smoother (-ens_smoother_lag L; etkf, enkf): the ensemble of the
 * analysis lag (1..L) cycles before the last one, updated by every analysis since; moments as
 * MckEnsembleGetMean and MckEnsembleGetCovariance. Collective. */
PETSC_EXTERN PetscErrorCode MckEnsembleGetSmootherLag(MckEnsemble ens, PetscInt *lag);
PETSC_EXTERN PetscErrorCode MckEnsembleGetSmoothedMean(MckEnsemble ens, PetscInt lag, PetscReal mean[],
                                                       PetscReal *spread, const PetscReal truth[], PetscReal *rmse);
PETSC_EXTERN PetscErrorCode MckEnsembleGetSmoothedCovariance(MckEnsemble ens, PetscInt lag, PetscReal cov[]);
/* Sample covariance (n x n, row-major, replicated; 1/(J_a - 1)) of the active members. For
 * small n (tests, posterior summaries). Collective. */
PETSC_EXTERN PetscErrorCode MckEnsembleGetCovariance(MckEnsemble ens, PetscReal cov[]);
/* Rank histogram: counts[r] += number of components whose truth value has rank r (0..J_a)
 * among the active members. counts has J + 1 entries, replicated. Collective. */
PETSC_EXTERN PetscErrorCode MckEnsembleAccumulateRankHistogram(MckEnsemble ens, const PetscReal truth[],
                                                               PetscInt64 counts[]);

/* ---- output and checkpoints ---------------------------------------------------------------
 * Write the members as a dataset <group>/members of shape (n, J) (state component-major) and
 * <group>/active (J), plus the cycle as an attribute of <group>. Read restores them bit for bit.
 * Collective. */
PETSC_EXTERN PetscErrorCode MckEnsembleWrite(MckEnsemble ens, MckIO io, const char group[]);
PETSC_EXTERN PetscErrorCode MckEnsembleRead(MckEnsemble ens, MckIO io, const char group[]);
PETSC_EXTERN PetscErrorCode MckEnsembleConfig(MckEnsemble ens, MckIO io, PetscBool check);
PETSC_EXTERN PetscErrorCode MckEnsembleView(MckEnsemble ens, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckEnsembleDestroy(MckEnsemble *ens);
