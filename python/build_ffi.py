"""Generates the C source of the extension mckean._mckean with cffi in API mode.

    build_ffi.py OUTPUT.c APP [APP ...]

The declarations below are the whole C interface the package uses; CMake compiles the generated
file with src/mckpy.c and links it against libmckean and libmckean_apps (the apps as functions
McKeanApp_<name>, see MCKEAN_APP in mckean.h)."""
import sys
import cffi

CDEF = r"""
typedef int... PetscErrorCode;
typedef int... PetscInt;
typedef int64_t PetscInt64;
typedef double PetscReal;
typedef double PetscLogDouble;
typedef int... MPI_Fint;
typedef enum { PETSC_FALSE, PETSC_TRUE } PetscBool;
#define PETSC_ERR_ORDER ...
#define PETSC_ERR_ARG_WRONG ...
typedef struct _p_MckParticles *MckParticles;
typedef struct _p_MckLangevin *MckLangevin;
typedef struct _p_MckRNG *MckRNG;
typedef struct _p_MckDrift *MckDrift;
typedef struct _n_PetscOptions *PetscOptions;
typedef struct _p_MckModel *MckModel;
typedef struct _p_MckEnsemble *MckEnsemble;
typedef struct _p_MckField *MckField;
typedef struct _p_MckDMFT *MckDMFT;
typedef struct _p_MckMFNet *MckMFNet;
typedef struct _p_MckGenSampler *MckGenSampler;
typedef struct _p_MckGenTarget *MckGenTarget;
typedef struct _p_Vec *Vec;
typedef struct _p_Mat *Mat;
typedef struct {
  PetscReal time;
  PetscReal fit_residual;
  PetscReal ess;
  PetscReal log_z;
  PetscReal accept;
  PetscInt resamplings;
  ...;
} MckGenSamplerInfo;
typedef struct {
  PetscInt64 cycle;
  PetscInt nactive;
  PetscInt nfailed;
  PetscInt64 nfailed_total;
  PetscReal misfit;
  PetscReal misfit_mean;
  PetscReal dt;
  PetscReal time;
  ...;
} MckEnsembleInfo;

/* core */
PetscErrorCode MckPyInitialize(int argc, char **argv);
PetscErrorCode MckPyFinalize(void);
const char *MckPyErrorMessage(void);
int MckPyErrorOnWorld(void);
void MckPyErrorClear(void);
const char *MckPyErrorWhere(void);
PetscErrorCode MckPyObjectGetComm(void *obj, MPI_Fint *comm);
PetscErrorCode MckPyOptionsPush(MPI_Fint comm, int argc, char **argv);
PetscErrorCode McKeanOptionsPop(void);
PetscErrorCode MckPyOptionsCheckUnused(MPI_Fint comm);
const char *McKeanVersion(void);
PetscErrorCode McKeanGetCPUModel(char model[], size_t len);
int McKeanGetISA(void);
const char *McKeanISAName(int isa);
PetscErrorCode MckIOAbortAll(void);
PetscErrorCode PetscSetProgramName(const char name[]);
PetscErrorCode PetscGetProgramName(char name[], size_t len);
/* PetscMalloc()'s bookkeeping (counted under -malloc_debug): what the bindings' calls allocate */
PetscErrorCode PetscMallocGetDebug(PetscBool *basic, PetscBool *eachcall, PetscBool *initializenan);
PetscErrorCode PetscMallocGetCurrentUsage(PetscLogDouble *space);
PetscErrorCode PetscMallocPushMaximumUsage(int event);
PetscErrorCode PetscMallocPopMaximumUsage(int event, PetscLogDouble *space);
PetscErrorCode PetscOptionsGetInt(PetscOptions options, const char pre[], const char name[], PetscInt *value,
    PetscBool *set);
PetscErrorCode PetscOptionsGetString(PetscOptions options, const char pre[], const char name[], char value[],
    size_t len, PetscBool *set);

/* rng */
PetscErrorCode MckPyRNGCreate(MPI_Fint comm, MckRNG *rng);
PetscErrorCode MckRNGSetSeed(MckRNG rng, PetscInt seed);
PetscErrorCode MckRNGGetSeed(MckRNG rng, PetscInt *seed);
PetscErrorCode MckRNGNormals(MckRNG rng, PetscInt64 stream0, PetscInt n, PetscInt64 step, PetscInt draw0,
    PetscInt ndraws, PetscReal *const out[]);
PetscErrorCode MckRNGUniforms(MckRNG rng, PetscInt64 stream0, PetscInt n, PetscInt64 step, PetscInt draw0,
    PetscInt ndraws, PetscReal *const out[]);
PetscErrorCode MckRNGDestroy(MckRNG *rng);

/* particles */
PetscErrorCode MckPyParticlesCreate(MPI_Fint comm, MckParticles *p);
PetscErrorCode MckParticlesSetFromOptions(MckParticles p);
PetscErrorCode MckParticlesSetUp(MckParticles p);
PetscErrorCode MckParticlesGetSizes(MckParticles p, PetscInt64 *N, PetscInt *dim, PetscInt *nlocal, PetscInt64 *gstart);
PetscErrorCode MckParticlesGetChunks(MckParticles p, PetscInt *chunk_size, PetscInt *nchunks_local);
PetscErrorCode MckParticlesGetArrays(MckParticles p, PetscReal *const **x, PetscReal *const **v);
PetscErrorCode MckParticlesInitialize(MckParticles p, MckRNG rng);
PetscErrorCode MckParticlesDestroy(MckParticles *p);

/* Langevin dynamics */
PetscErrorCode MckLangevinCreate(MckParticles p, MckLangevin *l);
PetscErrorCode MckLangevinSetFromOptions(MckLangevin l);
PetscErrorCode MckLangevinSetRNG(MckLangevin l, MckRNG rng);
PetscErrorCode MckLangevinSetUp(MckLangevin l);
PetscErrorCode MckLangevinPrepare(MckLangevin l, PetscBool fresh);
PetscErrorCode MckLangevinStep(MckLangevin l);
PetscErrorCode MckLangevinGetStep(MckLangevin l, PetscInt64 *step, PetscInt64 *nsteps);
PetscErrorCode MckLangevinSetStep(MckLangevin l, PetscInt64 step);
PetscErrorCode MckLangevinGetTime(MckLangevin l, PetscReal *t);
PetscErrorCode MckLangevinGetParameters(MckLangevin l, PetscReal *dt, PetscReal *gamma, PetscReal *mass);
PetscErrorCode MckLangevinGetForces(MckLangevin l, PetscReal *const **F);
PetscErrorCode MckLangevinGetTemperature(MckLangevin l, PetscReal t, PetscReal *T);
PetscErrorCode MckLangevinGetDrift(MckLangevin l, const char name[], MckDrift *d);
PetscErrorCode MckLangevinDestroy(MckLangevin *l);

/* drifts written in Python */
PetscErrorCode MckPyDriftRegister(const char name[], void *handle, PetscInt nstats);
PetscErrorCode MckPyDriftCheck(MPI_Fint comm);
extern "Python+C" int mckpy_drift_setup(void *handle, void *drift, PetscInt64 N, PetscInt dim);
extern "Python+C" int mckpy_drift_accumulate(void *handle, void *drift, PetscInt dim, PetscInt offset, PetscInt n,
    PetscInt64 gstart, PetscReal *const *x, PetscReal *partial);
extern "Python+C" void mckpy_drift_destroy(void *handle, void *drift);
extern "Python+C" int mckpy_drift_force(void *handle, void *drift, PetscInt dim, PetscInt offset, PetscInt n,
    PetscInt64 gstart, PetscReal *const *x, PetscReal *const *F, const PetscReal *sums);

/* forward models and ensembles (provisional: these layers' interfaces are being reworked) */
PetscErrorCode MckPyModelCreate(MPI_Fint comm, MckModel *m);
PetscErrorCode MckModelSetType(MckModel m, const char type[]);
PetscErrorCode MckModelSetFromOptions(MckModel m);
PetscErrorCode MckModelSetUp(MckModel m);
PetscErrorCode MckModelGetSizes(MckModel m, PetscInt *n, PetscInt *ndata);
PetscErrorCode MckModelGetTimeStep(MckModel m, PetscReal *dt);
PetscErrorCode MckModelDestroy(MckModel *m);
PetscErrorCode MckPyModelSetPython(MckModel m, void *handle, PetscInt n, PetscInt ndata, PetscReal dt);
PetscErrorCode MckPyModelGetLocalSizes(MckModel m, PetscInt *n, PetscInt *ndata);
PetscErrorCode MckPyModelAdvance(MckModel m, PetscReal t, PetscInt nsteps, PetscReal x[], PetscBool *failed);
PetscErrorCode MckPyModelForward(MckModel m, const PetscReal u[], PetscReal g[], PetscBool *failed);
extern "Python+C" int mckpy_model_rhs(void *handle, PetscReal t, PetscInt n, const PetscReal *x, PetscReal *f);
extern "Python+C" int mckpy_model_forward(void *handle, PetscInt n, const PetscReal *u, PetscInt ndata, PetscReal *g);
PetscErrorCode MckPyEnsembleCreate(MPI_Fint comm, MckEnsemble *ens);
PetscErrorCode MckPyEnsembleCreateModel(MckEnsemble ens, MckModel *m);
PetscErrorCode MckEnsembleSetFromOptions(MckEnsemble ens);
PetscErrorCode MckEnsembleSetModel(MckEnsemble ens, MckModel model);
PetscErrorCode MckEnsembleSetRNG(MckEnsemble ens, MckRNG rng);
#define MCK_ENS_MAX_DIM ...
PetscErrorCode MckEnsembleSetGridShape(MckEnsemble ens, PetscInt dim, const PetscInt sizes[]);
PetscErrorCode MckEnsembleGetGridShape(MckEnsemble ens, PetscInt *dim, PetscInt sizes[]);
PetscErrorCode MckEnsembleSetUp(MckEnsemble ens);
PetscErrorCode MckEnsembleGetSizes(MckEnsemble ens, PetscInt *J, PetscInt *n, PetscInt *ndata);
PetscErrorCode MckEnsembleGetLocalMembers(MckEnsemble ens, PetscInt64 *first, PetscInt *nlocal);
PetscErrorCode MckEnsembleSetObservations(MckEnsemble ens, PetscInt nobs, const PetscInt idx[], const PetscReal y[],
    const PetscReal r[]);
PetscErrorCode MckEnsembleSetObservationsAt(MckEnsemble ens, PetscInt nobs, const PetscReal coord[],
    const PetscReal y[], const PetscReal r[]);
PetscErrorCode MckEnsembleSetObservationsAtLocal(MckEnsemble ens, PetscInt nlocal, const PetscReal coord[],
    const PetscReal y[], const PetscReal r[]);
PetscErrorCode MckEnsembleSetObsOperator(MckEnsemble ens, const char name[]);
PetscErrorCode MckEnsembleGetObsOperator(MckEnsemble ens, const char **name);
PetscErrorCode MckPyObsOperatorRegister(const char name[], void *handle, PetscInt width);
extern "Python+C" int mckpy_obs_operator(void *handle, PetscInt nobs, const PetscReal *coord,
    const PetscReal *const *stencil, PetscReal *hx);
PetscErrorCode MckEnsembleInitializeMembers(MckEnsemble ens, const PetscReal center[], PetscReal spread);
PetscErrorCode MckEnsembleGetMemberActive(MckEnsemble ens, PetscInt64 member, PetscBool *active);
PetscErrorCode MckEnsembleForecast(MckEnsemble ens, PetscReal t, PetscInt nsteps);
PetscErrorCode MckEnsembleAnalyze(MckEnsemble ens);
PetscErrorCode MckEnsembleIterate(MckEnsemble ens, PetscBool *done);
PetscErrorCode MckEnsembleGetCycle(MckEnsemble ens, PetscInt64 *cycle);
PetscErrorCode MckEnsembleGetInfo(MckEnsemble ens, MckEnsembleInfo *info);
PetscErrorCode MckEnsembleGetMean(MckEnsemble ens, PetscReal mean[], PetscReal *spread, const PetscReal truth[],
    PetscReal *rmse);
PetscErrorCode MckEnsembleGetCovariance(MckEnsemble ens, PetscReal cov[]);
PetscErrorCode MckEnsembleDestroy(MckEnsemble *ens);

/* PETSc vectors and dense matrices (a field's solution, the p-spin model's C and R) */
PetscErrorCode VecGetOwnershipRange(Vec v, PetscInt *lo, PetscInt *hi);
PetscErrorCode VecGetSize(Vec v, PetscInt *N);
PetscErrorCode VecGetArrayRead(Vec v, const PetscReal **a);
PetscErrorCode VecRestoreArrayRead(Vec v, const PetscReal **a);
PetscErrorCode VecGetArray(Vec v, PetscReal **a);
PetscErrorCode VecRestoreArray(Vec v, PetscReal **a);
PetscErrorCode MatGetOwnershipRange(Mat A, PetscInt *lo, PetscInt *hi);
PetscErrorCode MatGetSize(Mat A, PetscInt *m, PetscInt *n);
PetscErrorCode MatDenseGetLDA(Mat A, PetscInt *lda);
PetscErrorCode MatDenseGetArrayRead(Mat A, const PetscReal **a);
PetscErrorCode MatDenseRestoreArrayRead(Mat A, const PetscReal **a);

/* fields */
PetscErrorCode MckPyFieldCreate(MPI_Fint comm, MckField *f);
PetscErrorCode MckFieldSetSeed(MckField f, PetscInt seed);
PetscErrorCode MckFieldSetFromOptions(MckField f);
PetscErrorCode MckFieldSetUp(MckField f);
PetscErrorCode MckFieldSolve(MckField f, PetscReal tfinal);
PetscErrorCode MckFieldStep(MckField f);
PetscErrorCode MckFieldGetSolution(MckField f, Vec *u);
PetscErrorCode MckFieldGetQuantity(MckField f, const char **name);
PetscErrorCode MckFieldGetType(MckField f, const char **type);
PetscErrorCode MckFieldGetTime(MckField f, PetscReal *t);
PetscErrorCode MckFieldGetStepNumber(MckField f, PetscInt *step);
PetscErrorCode MckFieldGetMass(MckField f, PetscReal *mass);
PetscErrorCode MckFieldGetEnergy(MckField f, PetscReal *energy);
PetscErrorCode MckPyFieldWrite(MckField f, const char path[], const char dset[]);
PetscErrorCode MckFieldDestroy(MckField *f);

/* dynamical mean-field theory */
PetscErrorCode MckPyDMFTCreate(MPI_Fint comm, MckDMFT *d);
PetscErrorCode MckDMFTSetFromOptions(MckDMFT d);
PetscErrorCode MckDMFTSetRNG(MckDMFT d, MckRNG rng);
PetscErrorCode MckDMFTSetUp(MckDMFT d);
PetscErrorCode MckDMFTGetType(MckDMFT d, const char **type);
PetscErrorCode MckDMFTInitialize(MckDMFT d);
PetscErrorCode MckDMFTStep(MckDMFT d);
PetscErrorCode MckDMFTGetStep(MckDMFT d, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time);
PetscErrorCode MckDMFTSolve(MckDMFT d);
PetscErrorCode MckDMFTSCSGetCorrelations(MckDMFT d, PetscInt *T, const PetscReal **Cx, const PetscReal **Cphi);
PetscErrorCode MckDMFTSCSGetAutocorrelation(MckDMFT d, PetscInt *nlags, PetscReal *dtau, const PetscReal **delta);
PetscErrorCode MckDMFTSCSGetConvergence(MckDMFT d, PetscInt *its, PetscReal *residual, PetscBool *converged);
PetscErrorCode MckDMFTPSpinGetCorrelation(MckDMFT d, Mat *C, Mat *R);
PetscErrorCode MckDMFTPSpinGetGrid(MckDMFT d, PetscInt *n, PetscReal *h);
PetscErrorCode MckDMFTPSpinGetMultiplier(MckDMFT d, const PetscReal *mu[]);
PetscErrorCode MckDMFTDestroy(MckDMFT *d);

/* mean-field networks */
PetscErrorCode MckPyMFNetCreate(MPI_Fint comm, MckMFNet *net);
PetscErrorCode MckMFNetSetSeed(MckMFNet net, PetscInt seed);
PetscErrorCode MckMFNetSetFromOptions(MckMFNet net);
PetscErrorCode MckMFNetSetUp(MckMFNet net);
PetscErrorCode MckMFNetGetType(MckMFNet net, const char **type);
PetscErrorCode MckMFNetStep(MckMFNet net);
PetscErrorCode MckMFNetEvaluate(MckMFNet net, PetscBool gradient);
PetscErrorCode MckMFNetGetLoss(MckMFNet net, PetscReal *loss);
PetscErrorCode MckMFNetGetStep(MckMFNet net, PetscInt64 *step, PetscInt *nsteps);
PetscErrorCode MckMFNetIsNetwork(MckMFNet net, PetscBool *network);
PetscErrorCode MckMFNetGetParticles(MckMFNet net, PetscInt64 *N, PetscInt *D, PetscInt *nlocal, PetscInt64 *gstart,
    PetscReal **theta);
PetscErrorCode MckMFNetGetData(MckMFNet net, PetscInt *P, PetscInt *d, const PetscReal **X, const PetscReal **y,
    const PetscReal **u);
PetscErrorCode MckMFNetGetTestSize(MckMFNet net, PetscInt *Pt);
PetscErrorCode MckMFNetGetTestData(MckMFNet net, const PetscReal **X, const PetscReal **y);
PetscErrorCode MckMFNetEvaluateTest(MckMFNet net, PetscReal *loss);
PetscErrorCode MckMFNetGetOutput(MckMFNet net, const PetscReal **f);
PetscErrorCode MckMFNetPredict(MckMFNet net, PetscInt n, const PetscReal X[], PetscReal f[]);
PetscErrorCode MckMFNetDestroy(MckMFNet *net);

/* generative samplers */
PetscErrorCode MckPyGenSamplerCreate(MPI_Fint comm, MckGenSampler *s);
PetscErrorCode MckGenSamplerSetFromOptions(MckGenSampler s);
PetscErrorCode MckGenSamplerSetRNG(MckGenSampler s, MckRNG rng);
PetscErrorCode MckGenSamplerSetUp(MckGenSampler s);
PetscErrorCode MckGenSamplerGetType(MckGenSampler s, const char **type);
PetscErrorCode MckGenSamplerInitialize(MckGenSampler s);
PetscErrorCode MckGenSamplerStep(MckGenSampler s);
PetscErrorCode MckGenSamplerGetStep(MckGenSampler s, PetscInt64 *step, PetscInt64 *nsteps);
PetscErrorCode MckGenSamplerGetFitRounds(MckGenSampler s, PetscInt *rounds);
PetscErrorCode MckGenSamplerGetInfo(MckGenSampler s, MckGenSamplerInfo *info);
PetscErrorCode MckGenSamplerGetSamples(MckGenSampler s, PetscInt64 *N, PetscInt *dim, PetscInt *nlocal,
    PetscInt64 *gstart, PetscReal *const **x);
PetscErrorCode MckGenSamplerGetTarget(MckGenSampler s, MckGenTarget *target);
PetscErrorCode MckGenTargetGetDimension(MckGenTarget t, PetscInt *dim);
PetscErrorCode MckGenTargetHas(MckGenTarget t, PetscBool *sample, PetscBool *energy, PetscBool *denoise,
    PetscBool *moments);
PetscErrorCode MckGenTargetGetMoments(MckGenTarget t, PetscReal mean[], PetscReal cov[]);
PetscErrorCode MckGenSamplerEvaluateModel(MckGenSampler s, PetscReal t, PetscInt n, const PetscReal X[],
    PetscInt *nout, PetscReal out[]);
PetscErrorCode MckGenSamplerDestroy(MckGenSampler *s);

/* apps run in-process */
PetscErrorCode MckPyRunApp(const char name[], int *found);
const char *MckPyAppName(int i);
"""


def source(apps):
    decls = "".join(f"PETSC_EXTERN PetscErrorCode McKeanApp_{a}(void);\n" for a in apps)
    table = "".join(f'  {{"{a}", McKeanApp_{a}}},\n' for a in apps)
    return f"""
#include "mckpy.h"
{decls}
static const struct {{ const char *name; PetscErrorCode (*run)(void); }} mckpy_apps[] = {{
{table}  {{NULL, NULL}}
}};

static PetscErrorCode MckPyRunApp(const char name[], int *found)
{{
  *found = 0;
  for (int i = 0; mckpy_apps[i].name; i++)
    if (!strcmp(mckpy_apps[i].name, name)) {{
      *found = 1;
      return mckpy_apps[i].run();
    }}
  return 0;
}}

static const char *MckPyAppName(int i)
{{
  return i >= 0 && i < (int)(sizeof(mckpy_apps) / sizeof(mckpy_apps[0])) ? mckpy_apps[i].name : NULL;
}}
"""


def main():
    out, apps = sys.argv[1], sys.argv[2:]
    ffi = cffi.FFI()
    ffi.cdef(CDEF)
    ffi.set_source("mckean._mckean", source(apps))
    ffi.emit_c_code(out)


if __name__ == "__main__":
    main()
