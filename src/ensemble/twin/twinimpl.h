/* Private to the twin experiments: the MckTwin object and what a type implements (one file in
 * src/ensemble/twin/, one register line in twin.c). */
#pragma once
#include <mckean/mcktwin.h>
#include <mckean/mckmodel.h>
#include <petsc/private/petscimpl.h>

typedef struct _MckTwinOps *MckTwinOps;
struct _MckTwinOps {
  PetscErrorCode (*setfromoptions)(MckTwin, PetscOptionItems *);
  /* checks of the model and the analysis, set-up of the ensemble, the truth's storage */
  PetscErrorCode (*setup)(MckTwin);
  /* fresh start: the truth, the data and the prior ensemble */
  PetscErrorCode (*initialize)(MckTwin);
  /* one cycle or iteration; getstep as in MckStepperOps (include/mckean/mckean.h) */
  PetscErrorCode (*step)(MckTwin);
  PetscErrorCode (*getstep)(MckTwin, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time);
  /* the type's settings (the model's and the ensemble's are recorded by the object) */
  PetscErrorCode (*config)(MckTwin, MckIO, PetscBool check);
  /* the state beside the ensemble's (which the object writes and reads first) */
  PetscErrorCode (*write)(MckTwin, MckIO, const char group[]);
  PetscErrorCode (*read)(MckTwin, MckIO, const char group[]);
  /* derived results at the end of a run, and the one-line summary */
  PetscErrorCode (*results)(MckTwin, MckIO, const char group[]);
  PetscErrorCode (*summary)(MckTwin, PetscViewer);
  PetscErrorCode (*headline)(MckTwin, const char **name, PetscReal *value);
  PetscErrorCode (*data)(MckTwin, PetscInt *ndata, const PetscReal **y, const PetscReal **clean);
  PetscErrorCode (*view)(MckTwin, PetscViewer);
  PetscErrorCode (*destroy)(MckTwin);
};

struct _p_MckTwin {
  PETSCHEADER(struct _MckTwinOps);
  void          *data;
  MPI_Comm       comm;
  MckEnsemble    ens;
  MckModel       model; /* the ensemble's (this rank's member model) */
  MckRNG         rng;   /* the run's generator */
  MckSeries      series;
  MckSeries      smoothed; /* filter with a smoother: /timeseries/da_smoother (smoothed.c) */
  PetscBool      record;   /* the series was asked for (MckTwinGetSeries) */
  MckTwinTruthFn truth;
  void          *truthctx;
  PetscInt64     maxsteps; /* set by the caller (MckTwinSetMaxSteps), else 0 */
  PetscBool      setup;
  PetscBool      help; /* -help: the types check the options (the truth's too) and allocate nothing */
};

PETSC_INTERN PetscErrorCode MckTwinCreate_Filter(MckTwin);
PETSC_INTERN PetscErrorCode MckTwinCreate_Inverse(MckTwin);

/* smoothed.c: the filter's record of the fixed-lag smoother (NULL without one) */
typedef struct _n_MckTwinSmoothed *MckTwinSmoothed;
PETSC_INTERN PetscErrorCode        MckTwinSmoothedCreate(MckTwin, PetscInt n, MckTwinSmoothed *);
PETSC_INTERN PetscErrorCode        MckTwinSmoothedDestroy(MckTwinSmoothed *);
PETSC_INTERN PetscErrorCode        MckTwinSmoothedRecord(MckTwin, MckTwinSmoothed, PetscInt64 cycle, PetscReal t,
                                                         const PetscReal truth[], PetscInt64 burnin);
PETSC_INTERN PetscErrorCode MckTwinSmoothedWriteRead(MckTwinSmoothed, MckIO, const char group[], PetscBool write);
PETSC_INTERN void MckTwinSmoothedSummary(MckTwinSmoothed, PetscReal *rmse, PetscReal *spread, PetscInt64 *count);

/* shared by the types (twin.c) */
/* y[i] = clean[i] + std xi_i, xi_i the normal of stream i at the given counter step of rng */
PETSC_INTERN PetscErrorCode MckTwinNoisyData(MckRNG rng, PetscInt64 step, PetscInt n, PetscReal std,
                                             const PetscReal clean[], PetscReal y[]);
/* full[0..N) on every rank from a Vec on the member communicator (scatter made by the caller) */
PETSC_INTERN PetscErrorCode MckTwinGatherVec(VecScatter gather, Vec x, Vec all, PetscReal full[]);
/* the kind of model and of analysis the type needs; the message lists the allowed types */
PETSC_INTERN PetscErrorCode MckTwinRequireKinds(MckTwin tw, MckModelKind model, PetscBool filter);
