/* McKean core: initialisation, options discipline, log events, progress line, version. */
#pragma once
#include <petsc.h>
#include <mckean/mckversion.h>

PETSC_EXTERN PetscErrorCode McKeanInitialize(int *argc, char ***argv, const char file[], const char help[]);
PETSC_EXTERN PetscErrorCode McKeanFinalize(void);
/* An app's main(): initialize, run, finalize; returns the process exit code (0 or 1). A
 * PETSC_ERR_USER_INPUT error ends the run on every rank with one message and no output file;
 * any other error aborts the job (MPI_Abort), since it may have been raised on one rank only. */
PETSC_EXTERN int McKeanMain(int argc, char **argv, const char help[], PetscErrorCode (*run)(void));
PETSC_EXTERN const char    *McKeanVersion(void);

/* ---- instruction set of the vector kernels ---------------------------------------------
 * The library is built for the portable x86-64 baseline; its hot kernels (normals, uniforms, log,
 * sin/cos, tanh, the network's forward and gradient loops) are compiled once per instruction set
 * and chosen at run time:
 * the widest the CPU supports, or the one named by the environment variable MCKEAN_ISA
 * (auto, generic, avx2, avx512). Every choice gives bitwise the same numbers. */
typedef enum {
  MCK_ISA_GENERIC, /* x86-64 baseline (SSE2), or any other architecture: plain C */
  MCK_ISA_AVX2,    /* x86-64-v3: AVX2, FMA, BMI2 (Haswell, Zen 1-3 and later) */
  MCK_ISA_AVX512   /* x86-64-v4: AVX-512 F/BW/CD/DQ/VL (Skylake-SP, Zen 4 and later) */
} McKeanISA;
PETSC_EXTERN McKeanISA      McKeanGetISA(void);
PETSC_EXTERN McKeanISA      McKeanGetBestISA(void);
PETSC_EXTERN PetscErrorCode McKeanSetISA(McKeanISA isa);
PETSC_EXTERN const char    *McKeanISAName(McKeanISA isa);
PETSC_EXTERN PetscErrorCode McKeanGetCPUModel(char model[], size_t len);

/* Clean-up of higher layers, registered by them so that core calls no layer above it.
 * finalize: collective, run by McKeanFinalize (after an error too) before PETSc is finalized.
 * abort: run by this rank alone just before McKeanMain aborts the job after an error that
 * may not be collective (no MPI calls; e.g. remove the files this process was writing).
 * Either may be NULL; registering the same pair twice has no effect. */
typedef PetscErrorCode (*McKeanFinalizeHook)(void);
typedef void (*McKeanAbortHook)(void);
PETSC_EXTERN PetscErrorCode McKeanRegisterCleanup(McKeanFinalizeHook finalize, McKeanAbortHook abort);

/* ---- options -------------------------------------------------------------------------
 * Every option McKean reads is queried through these wrappers, which also record the name
 * as "known", so that a misspelt option can be answered with the closest known one.
 * They are used inside PetscOptionsBegin()/PetscOptionsEnd() exactly like PETSc's own. */
PETSC_EXTERN void McKeanOptionsKnow(const char name[]);
#define MckOptionsReal(opt, text, cur, val, set)    (McKeanOptionsKnow(opt), PetscOptionsReal(opt, text, NULL, cur, val, set))
#define MckOptionsInt(opt, text, cur, val, set)     (McKeanOptionsKnow(opt), PetscOptionsInt(opt, text, NULL, cur, val, set))
#define MckOptionsBool(opt, text, cur, val, set)    (McKeanOptionsKnow(opt), PetscOptionsBool(opt, text, NULL, cur, val, set))
#define MckOptionsString(opt, text, cur, val, len, set) (McKeanOptionsKnow(opt), PetscOptionsString(opt, text, NULL, cur, val, len, set))
/* Arrays: on entry *n is the capacity, on exit the number of values given. PETSc reads at most
 * the capacity and drops the rest silently; these refuse an option with more values. */
#define MckOptionsRealArray(opt, text, val, n, set) McKeanOptionsRealArray_Private(PetscOptionsObject, opt, text, val, n, set)
#define MckOptionsIntArray(opt, text, val, n, set) McKeanOptionsIntArray_Private(PetscOptionsObject, opt, text, val, n, set)
#define MckOptionsStringArray(opt, text, val, n, set) McKeanOptionsStringArray_Private(PetscOptionsObject, opt, text, val, n, set)
PETSC_EXTERN PetscErrorCode McKeanOptionsRealArray_Private(PetscOptionItems *, const char[], const char[], PetscReal[], PetscInt *, PetscBool *);
PETSC_EXTERN PetscErrorCode McKeanOptionsIntArray_Private(PetscOptionItems *, const char[], const char[], PetscInt[], PetscInt *, PetscBool *);
PETSC_EXTERN PetscErrorCode McKeanOptionsStringArray_Private(PetscOptionItems *, const char[], const char[], char *[], PetscInt *, PetscBool *);
#define MckOptionsFList(opt, text, list, cur, val, len, set) (McKeanOptionsKnow(opt), PetscOptionsFList(opt, text, NULL, list, cur, val, len, set))
/* A choice among n names; *val receives the index of the chosen one (default: cur). */
#define MckOptionsChoice(opt, text, names, n, cur, val, set) McKeanOptionsChoice_Private(PetscOptionsObject, opt, text, names, n, cur, val, set)
PETSC_EXTERN PetscErrorCode McKeanOptionsChoice_Private(PetscOptionItems *, const char[], const char[], const char *const[], PetscInt, PetscInt, PetscInt *, PetscBool *);

/* Raise PETSC_ERR_USER_INPUT (collectively on comm) if any option in the database was never
 * queried, naming it and the closest known option. Apps call it after all objects are set up
 * and before any output is created; McKeanFinalize() calls it again. */
PETSC_EXTERN PetscErrorCode McKeanOptionsCheckUnused(MPI_Comm comm);

/* "a, b, c": the names registered in a function list, for errors that say what is allowed. */
PETSC_EXTERN PetscErrorCode McKeanFunctionListNames(PetscFunctionList list, char buf[], size_t len);
/* Require a value to be positive / non-negative; the message names the option and the value. */
PETSC_EXTERN PetscErrorCode McKeanCheckPositive(MPI_Comm comm, const char opt[], PetscReal value);
PETSC_EXTERN PetscErrorCode McKeanCheckNonNegative(MPI_Comm comm, const char opt[], PetscReal value);
/* value in the shortest form that reads back exactly ("0.1", not "0.10000000000000001"). */
PETSC_EXTERN const char *McKeanFormatReal(PetscReal value, char buf[], size_t len);

/* ---- options common to every app -------------------------------------------------------- */
typedef struct {
  char      output[PETSC_MAX_PATH_LEN];     /* -output FILE.h5 */
  char      restart[PETSC_MAX_PATH_LEN];    /* -restart FILE (empty: fresh start) */
  char      checkpoint[PETSC_MAX_PATH_LEN]; /* -checkpoint FILE (default: OUTPUT with .chk.h5) */
  PetscInt  seed;                           /* -seed N */
  PetscInt  checkpoint_interval;            /* -checkpoint_interval steps (0: only at the end) */
  PetscInt  progress_interval;              /* -progress_interval steps (0: silent) */
  PetscBool help;                           /* -help: print the options and exit */
} MckCommonOptions;
PETSC_EXTERN PetscErrorCode McKeanCommonOptionsGet(MPI_Comm comm, const char default_output[], MckCommonOptions *opts);

/* ---- log events and stages (registered by McKeanInitialize) ----------------------------- */
PETSC_EXTERN PetscClassId  MCK_CLASSID;
PETSC_EXTERN PetscLogEvent MCK_EVENT_RngNormals, MCK_EVENT_StatsAccumulate, MCK_EVENT_StatsReduce,
  MCK_EVENT_DriftForce, MCK_EVENT_Integrate, MCK_EVENT_IOWrite, MCK_EVENT_Checkpoint, MCK_EVENT_Restart;
PETSC_EXTERN PetscLogStage MCK_STAGE_Setup, MCK_STAGE_Run, MCK_STAGE_Output;

/* ---- progress line ---------------------------------------------------------------------
 * Rank 0 prints "step  s/S  t=...  pp.p%  ETA hh:mm:ss  <name>=<value>" every interval steps. */
typedef struct _p_MckProgress *MckProgress;
PETSC_EXTERN PetscErrorCode MckProgressCreate(MPI_Comm comm, PetscInt interval, PetscInt64 first_step, PetscInt64 last_step, MckProgress *p);
PETSC_EXTERN PetscErrorCode MckProgressUpdate(MckProgress p, PetscInt64 step, PetscReal time, const char diag_name[], PetscReal diag_value);
PETSC_EXTERN PetscErrorCode MckProgressDestroy(MckProgress *p);
