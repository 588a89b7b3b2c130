/* The analysis plug-in interface of MckEnsemble: what an analysis type implements, and the
 * building blocks of the family of ensemble-space transform filters (etkf, enkf; a DEnKF or a
 * square-root filter of one's own), whose analysis computes an na x na matrix from the
 * ensemble-space statistics and lets the ensemble apply it to the state.
 *
 * A new type is one constructor, registered by name with MckEnsembleRegister() and chosen with
 * -ens_analysis; it may live in a user's program (tests/install/external/ensemble_analysis.c):
 *
 *   static PetscErrorCode Create_Mine(MckEnsemble ens)
 *   {
 *     MckEnsembleOps ops;
 *     PetscCall(MckEnsembleSetTransformFilter(ens));  // a global filter: S, b, an na x na transform
 *     PetscCall(MckEnsembleGetOps(ens, &ops));
 *     ops->analyze = Analyze_Mine;                  // and, if it has any, its own options, view, ...
 *   }
 *
 * Notation (all na x na matrices row-major over the na active members, in their fixed order):
 * X the members' states, X' = X (I - 1 1^T / na) their anomalies, Yb the anomalies of the
 * observed members H x_j, R = diag(r) the observation error variances, y the observations:
 *   S = Yb^T R^-1 Yb,   b = Yb^T R^-1 (y - ybar),
 *   E[:, j] = Yb^T R^-1 (y + eps_j - H x_j),  eps_j ~ N(0, R)   (perturbed observations).
 * The Kalman gain in ensemble space is K = X' [(na - 1) I + S]^-1 Yb^T R^-1 (Woodbury). The
 * statistics are summed over the observations of every rank in one reproducible reduction and
 * are the same bits on every rank, so is everything computed from them: an analysis that uses
 * only these functions gives the same ensemble on any number of ranks. */
#pragma once
#include <mckean/mckensemble.h>
#include <mckean/mckio.h>

/* What an analysis type implements; the constructor sets analyze, the rest is optional. */
typedef struct _MckEnsembleOps *MckEnsembleOps;
struct _MckEnsembleOps {
  /* the type's own options, inside the object's PetscObjectOptionsBegin() (MckOptions*() with
   * PetscOptionsObject): an option of a type that was not chosen is then unused, hence refused */
  PetscErrorCode (*setfromoptions)(MckEnsemble, PetscOptionItems *);
  /* checks and work space once the sizes are known (after the layouts are set up) */
  PetscErrorCode (*setup)(MckEnsemble);
  /* the analysis (filters) or update (inverse processes) in the analysis layout */
  PetscErrorCode (*analyze)(MckEnsemble);
  /* record (check = FALSE) or compare (TRUE) the type's settings in a checkpoint (MckIOConfig*()) */
  PetscErrorCode (*config)(MckEnsemble, MckIO, PetscBool check);
  /* after the base state was read from a checkpoint: what the type derives from it */
  PetscErrorCode (*restore)(MckEnsemble);
  PetscErrorCode (*view)(MckEnsemble, PetscViewer);
  /* frees the type's data (and what it points to) */
  PetscErrorCode (*destroy)(MckEnsemble);
};

/* the type's operations and data, for its constructor and operations */
PETSC_EXTERN PetscErrorCode MckEnsembleGetOps(MckEnsemble ens, MckEnsembleOps *ops);
PETSC_EXTERN PetscErrorCode MckEnsembleSetTypeData(MckEnsemble ens, void *data);
PETSC_EXTERN PetscErrorCode MckEnsembleGetTypeData(MckEnsemble ens, void *data);
/* the constructor's declaration of a global ensemble-space transform filter */
PETSC_EXTERN PetscErrorCode MckEnsembleSetTransformFilter(MckEnsemble ens);

/* inside analyze: the active members and the statistics */
PETSC_EXTERN PetscErrorCode MckEnsembleGetActiveSize(MckEnsemble ens, PetscInt *na);
PETSC_EXTERN PetscErrorCode MckEnsembleFilterStatistics(MckEnsemble ens, PetscReal *S[], PetscReal *b[]);
PETSC_EXTERN PetscErrorCode MckEnsembleFilterStatisticsPerturbed(MckEnsemble ens, PetscReal *S[], PetscReal *E[]);

/* ensemble-space algebra on m x m symmetric matrices (the same bits on every rank) */
PETSC_EXTERN PetscErrorCode MckEnsembleSymEig(MckEnsemble ens, PetscInt m, PetscReal A[], PetscReal w[]);
PETSC_EXTERN PetscErrorCode MckEnsembleSymFunction(MckEnsemble ens, PetscInt m, const PetscReal Q[],
                                                   const PetscReal w[], PetscReal (*f)(PetscReal, void *), void *ctx,
                                                   PetscReal F[]);
PETSC_EXTERN PetscErrorCode MckEnsembleShiftedSolve(MckEnsemble ens, PetscInt m, PetscReal A[], PetscReal shift,
                                                    const PetscReal B[], PetscReal X[]);

/* the update of the state in the analysis layout */
PETSC_EXTERN PetscErrorCode MckEnsembleApplyTransform(MckEnsemble ens, const PetscReal T[]);
PETSC_EXTERN PetscErrorCode MckEnsembleApplyCenteredUpdate(MckEnsemble ens, const PetscReal C[]);
