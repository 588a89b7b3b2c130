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
/* Whether ierr (0 included) was returned on every rank, so that destroying objects after it is safe. */
PETSC_EXTERN PetscBool McKeanErrorIsCollective(PetscErrorCode ierr);
/* The last line of every app: its main(), or, compiled with MCKEAN_APP_LIBRARY defined (the
 * library of apps the Python bindings load), McKeanApp_<name>(), which runs the app's job in a
 * process that has already initialized McKean, reading the default options database (see
 * McKeanOptionsPush) and returning its error instead of ending the process. */
#if defined(MCKEAN_APP_LIBRARY)
#  define MCKEAN_APP(name, help, run)                   \
    PETSC_EXTERN PetscErrorCode McKeanApp_##name(void); \
    PetscErrorCode              McKeanApp_##name(void)  \
    {                                                   \
      (void)help;                                       \
      return run();                                     \
    }
#else
#  define MCKEAN_APP(name, help, run) \
    int main(int argc, char **argv) { return McKeanMain(argc, argv, help, run); }
#endif
/* The last line of an app whose job keeps what it creates in a struct of type App (zeroed first):
 * solve(comm, &app) runs the job, and destroy(&app) releases the struct's objects after it, on
 * success and after an error returned on every rank (McKeanErrorIsCollective), so that a refused
 * input leaves nothing behind; after any other error the job is aborted (McKeanMain). */
#define MCKEAN_APP_JOB(name, help, App, solve, destroy)            \
  static PetscErrorCode McKeanAppJob_##name(void)                  \
  {                                                                \
    App            app_ = {0};                                     \
    PetscErrorCode ierr_;                                          \
                                                                   \
    PetscFunctionBeginUser;                                        \
    ierr_ = solve(PETSC_COMM_WORLD, &app_);                        \
    if (McKeanErrorIsCollective(ierr_)) PetscCall(destroy(&app_)); \
    PetscCall(ierr_);                                              \
    PetscFunctionReturn(0);                                        \
  }                                                                \
  MCKEAN_APP(name, help, McKeanAppJob_##name)
PETSC_EXTERN const char *McKeanVersion(void);
/* The one line McKean prints for an error message (PETSc's "1." for an integral %g made "1"). */
PETSC_EXTERN void McKeanErrorText(const char mess[], char text[], size_t len);

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

/* A run that diverged (a summary statistic left the range of exact sums, an ensemble collapsed):
 * the run's own failure, not a bug. Raised collectively, it is reported as one line like a user
 * mistake and the run ends cleanly with no output file. */
#define MCK_ERR_DIVERGED PETSC_ERR_NOT_CONVERGED

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
 * (with the options prefix of the object being set up) as "known", so that a misspelt option
 * can be answered with the closest known one. They are used inside PetscOptionsBegin()/End()
 * or PetscObjectOptionsBegin()/End() exactly like PETSc's own; opt is the name without prefix. */
PETSC_EXTERN void McKeanOptionsKnow(const char name[]);
PETSC_EXTERN void McKeanOptionsKnow_Private(PetscOptionItems *, const char opt[]);
/* Values are parsed strictly before PETSc reads them: a value that is not a number, an integer
 * out of the range the code holds, a non-finite real or a word that is not a boolean is a
 * user-input error naming the option and the value (PETSc would raise a traceback, or wrap an
 * integer silently). MckOptionsInt64 is for counts that may exceed 2^31 (it is listed by -help
 * as a string). */
#define MckOptionsReal(opt, text, cur, val, set) McKeanOptionsReal_Private(PetscOptionsObject, opt, text, cur, val, set)
#define MckOptionsInt(opt, text, cur, val, set)  McKeanOptionsInt_Private(PetscOptionsObject, opt, text, cur, val, set)
#define MckOptionsInt64(opt, text, cur, val, set) \
  McKeanOptionsInt64_Private(PetscOptionsObject, opt, text, cur, val, set)
#define MckOptionsBool(opt, text, cur, val, set) McKeanOptionsBool_Private(PetscOptionsObject, opt, text, cur, val, set)
PETSC_EXTERN PetscErrorCode McKeanOptionsReal_Private(PetscOptionItems *, const char[], const char[], PetscReal,
                                                      PetscReal *, PetscBool *);
PETSC_EXTERN PetscErrorCode McKeanOptionsInt_Private(PetscOptionItems *, const char[], const char[], PetscInt,
                                                     PetscInt *, PetscBool *);
PETSC_EXTERN PetscErrorCode McKeanOptionsInt64_Private(PetscOptionItems *, const char[], const char[], PetscInt64,
                                                       PetscInt64 *, PetscBool *);
PETSC_EXTERN PetscErrorCode McKeanOptionsBool_Private(PetscOptionItems *, const char[], const char[], PetscBool,
                                                      PetscBool *, PetscBool *);
#define MckOptionsString(opt, text, cur, val, len, set) \
  (McKeanOptionsKnow_Private(PetscOptionsObject, opt), PetscOptionsString(opt, text, NULL, cur, val, len, set))
/* Arrays: on entry *n is the capacity, on exit the number of values given. PETSc reads at most
 * the capacity and drops the rest silently; these refuse an option with more values. */
#define MckOptionsRealArray(opt, text, val, n, set) \
  McKeanOptionsRealArray_Private(PetscOptionsObject, opt, text, val, n, set)
#define MckOptionsIntArray(opt, text, val, n, set) \
  McKeanOptionsIntArray_Private(PetscOptionsObject, opt, text, val, n, set)
#define MckOptionsStringArray(opt, text, val, n, set) \
  McKeanOptionsStringArray_Private(PetscOptionsObject, opt, text, val, n, set)
PETSC_EXTERN PetscErrorCode McKeanOptionsRealArray_Private(PetscOptionItems *, const char[], const char[], PetscReal[],
                                                           PetscInt *, PetscBool *);
PETSC_EXTERN PetscErrorCode McKeanOptionsIntArray_Private(PetscOptionItems *, const char[], const char[], PetscInt[],
                                                          PetscInt *, PetscBool *);
PETSC_EXTERN PetscErrorCode McKeanOptionsStringArray_Private(PetscOptionItems *, const char[], const char[], char *[],
                                                             PetscInt *, PetscBool *);
#define MckOptionsFList(opt, text, list, cur, val, len, set) \
  (McKeanOptionsKnow_Private(PetscOptionsObject, opt), PetscOptionsFList(opt, text, NULL, list, cur, val, len, set))
/* A choice among n names; *val receives the index of the chosen one (default: cur). */
#define MckOptionsChoice(opt, text, names, n, cur, val, set) \
  McKeanOptionsChoice_Private(PetscOptionsObject, opt, text, names, n, cur, val, set)
PETSC_EXTERN PetscErrorCode McKeanOptionsChoice_Private(PetscOptionItems *, const char[], const char[],
                                                        const char *const[], PetscInt, PetscInt, PetscInt *,
                                                        PetscBool *);

/* The option as a user types it for this object: "-" + obj's options prefix + opt without its
 * dash ("-lgv_dt" of an object with prefix "truth_" is "-truth_lgv_dt"); obj may be NULL (no
 * prefix). For messages: the text lives in one of eight rotating buffers, valid until eight
 * later calls. Inside PetscOptionsBegin()/End(), MckOptName(opt) does the same. */
PETSC_EXTERN const char *McKeanOptionName(PetscObject obj, const char opt[]);
PETSC_EXTERN const char *McKeanOptionNamePrefix(const char prefix[], const char opt[]);
/* PetscObjectViewFromOptions() with the viewer named in the value checked first: a wrong viewer
 * is one line naming the option (use it for every -xxx_view). */
PETSC_EXTERN PetscErrorCode McKeanObjectViewFromOptions(PetscObject obj, const char opt[]);
/* The same option of an object -help left not set up: listed, counted as used, nothing viewed. */
PETSC_EXTERN PetscErrorCode McKeanObjectViewOptionRead(PetscObject obj, const char opt[]);
/* The first lines of an object's view: class, name, prefix, ranks, and the type if it has one. */
PETSC_EXTERN PetscErrorCode McKeanObjectViewHeader(PetscObject obj, PetscViewer viewer);
/* The start of an object's View: NULL is standard output on the object's communicator; an ASCII
 * viewer gets McKeanObjectViewHeader() and *ascii (if asked) true, any other viewer nothing. */
PETSC_EXTERN PetscErrorCode McKeanObjectViewBegin(PetscObject obj, PetscViewer *viewer, PetscBool *ascii);
/* The start of every McKean object's Destroy: NULL is nothing to do; otherwise the header is
 * checked against classid and one reference dropped, and *obj set to NULL unless it was the last.
 * *last says whether the caller frees the object's data and then its header. */
PETSC_EXTERN PetscErrorCode McKeanObjectRelease(PetscObject *obj, PetscClassId classid, PetscBool *last);
#define MckOptName(opt) McKeanOptionNamePrefix(PetscOptionsObject->prefix, opt)
/* PetscCall() and PetscCheck() for the statements between PetscOptionsBegin() (or
 * PetscObjectOptionsBegin()) and PetscOptionsEnd(): on error they end the options block before
 * returning, which frees what the block holds (its title and prefix), so that a refused option
 * leaks nothing. The message is formatted first, while MckOptName() can still read the prefix. */
#define MckOptionsCall(...)                                                                                          \
  do {                                                                                                               \
    PetscErrorCode ierr_mck_opt_ = __VA_ARGS__;                                                                      \
    if (PetscUnlikely(ierr_mck_opt_)) {                                                                              \
      (void)PetscOptionsEnd_Private(PetscOptionsObject);                                                             \
      return PetscError(PETSC_COMM_SELF, __LINE__, PETSC_FUNCTION_NAME, __FILE__, ierr_mck_opt_, PETSC_ERROR_REPEAT, \
                        " ");                                                                                        \
    }                                                                                                                \
  } while (0)
#define MckOptionsCheck(cond, comm, ierr, ...)                                                               \
  do {                                                                                                       \
    if (PetscUnlikely(!(cond))) {                                                                            \
      PetscErrorCode ierr_mck_opt_ =                                                                         \
          PetscError(comm, __LINE__, PETSC_FUNCTION_NAME, __FILE__, ierr, PETSC_ERROR_INITIAL, __VA_ARGS__); \
      (void)PetscOptionsEnd_Private(PetscOptionsObject);                                                     \
      return ierr_mck_opt_;                                                                                  \
    }                                                                                                        \
  } while (0)

/* Raise PETSC_ERR_USER_INPUT (collectively on comm) if any option in the database was never
 * queried, naming it and the closest known option. Apps call it after all objects are set up
 * and before any output is created; McKeanFinalize() calls it again. */
PETSC_EXTERN PetscErrorCode McKeanOptionsCheckUnused(MPI_Comm comm);
/* A private options database, filled from a command line (argv[0] skipped, decks read and
 * checked as an app's), is the default one until McKeanOptionsPop(): for jobs run in-process. */
PETSC_EXTERN PetscErrorCode McKeanOptionsPush(MPI_Comm comm, int argc, char *argv[]);
PETSC_EXTERN PetscErrorCode McKeanOptionsPop(void);

/* "a, b, c": the names registered in a function list, for errors that say what is allowed. */
PETSC_EXTERN PetscErrorCode McKeanFunctionListNames(PetscFunctionList list, char buf[], size_t len);
/* The constructor registered as name in list, or a user-input error on obj's communicator that
 * names the option (with obj's prefix), the value and what is allowed: "-lgv_integrator foo:
 * unknown integrator; allowed: baoab, euler_maruyama". kind says what the list holds. */
PETSC_EXTERN PetscErrorCode McKeanFunctionListFind_Private(PetscObject obj, PetscFunctionList list, const char opt[],
                                                           const char kind[], const char name[], void (**fn)(void));
#define McKeanFunctionListFind(obj, list, opt, kind, name, fn) \
  McKeanFunctionListFind_Private((PetscObject)(obj), list, opt, kind, name, (void (**)(void))(fn))
/* Require a value to be positive / non-negative; the message names the option and the value. */
PETSC_EXTERN PetscErrorCode McKeanCheckPositive(MPI_Comm comm, const char opt[], PetscReal value);
PETSC_EXTERN PetscErrorCode McKeanCheckPositivePair(MPI_Comm comm, const char opt[], const char what[], PetscBool set,
                                                    PetscInt n, const PetscReal v[]);
PETSC_EXTERN PetscErrorCode McKeanCheckNonNegative(MPI_Comm comm, const char opt[], PetscReal value);
/* Refuse before allocating what the node cannot hold: bytes is this rank's estimate, the ranks
 * on a node add theirs, the limit is the smallest of the cgroup limit, SLURM's allocation and
 * MemAvailable; the message names option and value. Collective. */
PETSC_EXTERN PetscErrorCode McKeanCheckMemory(MPI_Comm comm, const char option[], const char value[],
                                              PetscLogDouble bytes);
/* What VecDuplicate(proto) makes, without an array (VecPlaceArray() gives it one). */
PETSC_EXTERN PetscErrorCode McKeanVecDuplicateWithoutArray(Vec proto, Vec *v);
/* value in the shortest form that reads back exactly ("0.1", not "0.10000000000000001"). */
PETSC_EXTERN const char *McKeanFormatReal(PetscReal value, char buf[], size_t len);

/* ---- the stepping protocol of a solver ----------------------------------------------------
 * What a run (include/mckean/mckrun.h) calls on the one object it advances, its solver; a class
 * composes these on each object it creates (MckObjectComposeStepper), all collective:
 *   step(obj)                             advance one step (a time step, a cycle, an iteration)
 *   getstep(obj, &step, &nsteps, &time)   steps done, the step the run ends at (a solver that
 *                                         has converged returns nsteps = step), and the time of
 *                                         the current state (the step count for iterations);
 *                                         any output may be NULL
 *   headline(obj, &name, &value)          optional: the solver's number for the progress line
 *                                         after a step (name NULL: none yet); a run monitor
 *                                         that sets one (MckRunSetHeadline) overrides it */
typedef struct {
  PetscErrorCode (*step)(PetscObject);
  PetscErrorCode (*getstep)(PetscObject, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time);
  PetscErrorCode (*headline)(PetscObject, const char **name, PetscReal *value);
} MckStepperOps;
PETSC_EXTERN PetscErrorCode MckObjectComposeStepper(PetscObject obj, const MckStepperOps *ops);

/* MCK_OBJECT_METHOD(name, Type, fn) defines name(PetscObject obj), which calls fn((Type)obj): a
 * protocol's step or initialize for a class whose public function takes its own type. */
#define MCK_OBJECT_METHOD(name, Type, fn)     \
  static PetscErrorCode name(PetscObject obj) \
  {                                           \
    PetscFunctionBeginUser;                   \
    PetscCall(fn((Type)obj));                 \
    PetscFunctionReturn(0);                   \
  }
PETSC_EXTERN PetscErrorCode MckObjectGetStepper(PetscObject obj, MckStepperOps *ops);

/* ---- log events and stages (registered by McKeanInitialize) ----------------------------- */
PETSC_EXTERN PetscClassId  MCK_CLASSID;
PETSC_EXTERN PetscLogEvent MCK_EVENT_RngNormals, MCK_EVENT_IOWrite, MCK_EVENT_Checkpoint, MCK_EVENT_Restart;
PETSC_EXTERN PetscLogStage MCK_STAGE_Setup, MCK_STAGE_Run, MCK_STAGE_Output;

/* ---- progress line ---------------------------------------------------------------------
 * Rank 0 prints "step  s/S  t=...  pp.p%  ETA hh:mm:ss  <name>=<value>" every interval steps. */
typedef struct _p_MckProgress *MckProgress;
PETSC_EXTERN PetscErrorCode    MckProgressCreate(MPI_Comm comm, PetscInt interval, PetscInt64 first_step,
                                                 PetscInt64 last_step, MckProgress *p);
PETSC_EXTERN PetscErrorCode    MckProgressUpdate(MckProgress p, PetscInt64 step, PetscReal time, const char diag_name[],
                                                 PetscReal diag_value);
PETSC_EXTERN PetscErrorCode    MckProgressDestroy(MckProgress *p);
