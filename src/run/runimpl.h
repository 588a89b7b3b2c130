/* Private to the run layer: the MckRun object and the helpers its files share. */
#pragma once
#include <mckean/mckrun.h>
#include <petsc/private/petscimpl.h>

#define MCK_RUN_NAME_LEN 64

typedef struct {
  char             name[MCK_RUN_NAME_LEN];
  PetscObject      obj;
  MckCheckpointOps ops;
} MckRunObject;

typedef struct {
  char            option[MCK_RUN_NAME_LEN]; /* the option that set the interval, for the config */
  PetscInt        interval;
  MckRunMonitorFn fn;
  void           *ctx;
} MckRunMonitor;

typedef struct {
  MckRunFinishFn fn;
  void          *ctx;
} MckRunFinisher;

typedef struct {
  char option[MCK_RUN_NAME_LEN];
  char value[64];
} MckRunSetting;

/* An output added by MckRunAddOutput: its monitors' context, destroyed with the run. */
typedef struct {
  PetscInt         rows, snapshots; /* the intervals read from the options */
  PetscBool        by_step, final;
  MckRunRecordFn   record;
  MckRunSnapshotFn snapshot;
  void            *ctx;
  MckSeries        series; /* the solver's (taken over) */
  MckSeries        times;  /* when each snapshot was taken */
} MckRunOutputLink;

struct _p_MckRun {
  PETSCHEADER(int);
  /* the options common to every app */
  char      output[PETSC_MAX_PATH_LEN], restart[PETSC_MAX_PATH_LEN], checkpoint[PETSC_MAX_PATH_LEN];
  PetscInt  seed, checkpoint_interval, progress_interval;
  PetscBool help, setfromoptions;
  PetscBool sidecar; /* the app writes an XDMF sidecar next to the run file */
  MckRNG    rng;

  PetscObject        solver;
  MckStepperOps      stepper;
  MckRunObject      *objects;
  PetscInt           nobjects;
  MckSeries         *series;
  PetscInt           nseries;
  MckRunMonitor     *monitors;
  PetscInt           nmonitors;
  MckRunFinisher    *finishers;
  PetscInt           nfinishers;
  MckRunSetting     *settings;
  PetscInt           nsettings;
  MckRunOutputLink **outputs;
  PetscInt           noutputs;

  MckIO          io;
  char           headline[MCK_RUN_NAME_LEN];
  PetscReal      headline_value;
  PetscLogDouble start;
};

/* solve.c */
PETSC_INTERN PetscErrorCode MckRunConfigAll(MckRun, MckIO, PetscBool check);
PETSC_INTERN PetscErrorCode MckRunGetStep(MckRun, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time);
/* output.c */
PETSC_INTERN PetscErrorCode MckRunOutputLinkDestroy(MckRunOutputLink **);
/* signals.c: a stop requested by a signal, agreed on by every rank at a step boundary */
typedef struct _n_MckRunSignals *MckRunSignals;
PETSC_INTERN PetscErrorCode      MckRunSignalsBegin(MPI_Comm, MckRunSignals *);
PETSC_INTERN PetscErrorCode      MckRunSignalsPoll(MckRunSignals, int *signum);
PETSC_INTERN PetscErrorCode      MckRunSignalsEnd(MckRunSignals *);
