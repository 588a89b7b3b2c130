/* The C side of the Python bindings: what cffi's declarations cannot say directly (MPI
 * communicators from mpi4py, an error handler that keeps the message for the exception, drift
 * types whose operations call Python). The Python callbacks themselves are defined by the
 * generated module (extern "Python+C" in build_ffi.py). */
#pragma once
#include <mckean/mcklangevin.h>
#include <mckean/mckmodel.h>
#include <mckean/mckensemble.h>
#include <mckean/mckfield.h>
#include <mckean/mckdmft.h>
#include <mckean/mckmfnet.h>
#include <mckean/mckgensampler.h>

/* McKean's initialization inside Python: MPI is mpi4py's; PETSc is started only if nobody
 * (petsc4py) did; errors are kept for MckPyErrorMessage() instead of printed. */
PetscErrorCode MckPyInitialize(int argc, char **argv);
PetscErrorCode MckPyFinalize(void);
/* The one-line message of the last error raised, and whether it was raised on a communicator
 * spanning the world (every rank then raised it). */
const char *MckPyErrorMessage(void);
int         MckPyErrorOnWorld(void);
void        MckPyErrorClear(void);
/* Where the last error was raised ("error 63 in F() at file.c:12"): kept apart from the message,
 * which is one sentence for the user. */
const char *MckPyErrorWhere(void);

/* The communicator of a McKean (PETSc) object, as a Fortran handle for mpi4py. */
PetscErrorCode MckPyObjectGetComm(void *obj, MPI_Fint *comm);
PetscErrorCode MckPyOptionsPush(MPI_Fint comm, int argc, char **argv);
PetscErrorCode MckPyOptionsCheckUnused(MPI_Fint comm);
PetscErrorCode MckPyParticlesCreate(MPI_Fint comm, MckParticles *p);
PetscErrorCode MckPyRNGCreate(MPI_Fint comm, MckRNG *rng);
PetscErrorCode MckPyFieldCreate(MPI_Fint comm, MckField *f);
PetscErrorCode MckPyDMFTCreate(MPI_Fint comm, MckDMFT *d);
PetscErrorCode MckPyMFNetCreate(MPI_Fint comm, MckMFNet *net);
PetscErrorCode MckPyGenSamplerCreate(MPI_Fint comm, MckGenSampler *s);
/* A run file at path holding the field's solution as dset and its layout (/fields), as the
 * field app writes them. */
PetscErrorCode MckPyFieldWrite(MckField f, const char path[], const char dset[]);

/* A drift type whose operations call the Python object behind handle; nstats summary
 * statistics per step (0: none). */
PetscErrorCode MckPyDriftRegister(const char name[], void *handle, PetscInt nstats);
/* Collective: raise on every rank if a Python drift callback failed on any rank since the last
 * check (one reduction of one integer). */
PetscErrorCode MckPyDriftCheck(MPI_Fint comm);

/* The Python callbacks (extern "Python+C"): 0 on success, 1 after a Python exception, which the
 * bindings keep until the failure is raised collectively. */
int  mckpy_drift_setup(void *handle, void *drift, PetscInt64 N, PetscInt dim);
int  mckpy_drift_accumulate(void *handle, void *drift, PetscInt dim, PetscInt offset, PetscInt n, PetscInt64 gstart,
                            PetscReal *const *x, PetscReal *partial);
void mckpy_drift_destroy(void *handle, void *drift);
int  mckpy_drift_force(void *handle, void *drift, PetscInt dim, PetscInt offset, PetscInt n, PetscInt64 gstart,
                       PetscReal *const *x, PetscReal *const *F, const PetscReal *sums);

/* ---- forward models written in Python (MckModel shells) ---------------------------------------
 * Dynamical (ndata = 0): the right-hand side f(t, x) stepped by the models' shared RK4; inverse:
 * g = G(u). A Python exception fails the member (a non-finite right-hand side, or failed = TRUE)
 * and is kept by the bindings, so the ensemble's failure policy applies; nothing is raised. */
PetscErrorCode MckPyModelCreate(MPI_Fint comm, MckModel *m);
PetscErrorCode MckPyEnsembleCreate(MPI_Fint comm, MckEnsemble *ens);
PetscErrorCode MckPyEnsembleCreateModel(MckEnsemble ens, MckModel *m);
PetscErrorCode MckPyModelSetPython(MckModel m, void *handle, PetscInt n, PetscInt ndata, PetscReal dt);
/* The model on this rank's part of a state x (or parameter u, data g), copied in and out. */
PetscErrorCode MckPyModelGetLocalSizes(MckModel m, PetscInt *n, PetscInt *ndata);
PetscErrorCode MckPyModelAdvance(MckModel m, PetscReal t, PetscInt nsteps, PetscReal x[], PetscBool *failed);
PetscErrorCode MckPyModelForward(MckModel m, const PetscReal u[], PetscReal g[], PetscBool *failed);

int mckpy_model_rhs(void *handle, PetscReal t, PetscInt n, const PetscReal *x, PetscReal *f);
int mckpy_model_forward(void *handle, PetscInt n, const PetscReal *u, PetscInt ndata, PetscReal *g);

/* ---- observation operators written in Python --------------------------------------------------
 * An operator of stencil width 1 or 2 calling the Python function behind handle (kept alive by
 * the bindings); its exceptions become one error raised on every rank of the ensemble. */
PetscErrorCode MckPyObsOperatorRegister(const char name[], void *handle, PetscInt width);
int            mckpy_obs_operator(void *handle, PetscInt nobs, const PetscReal *coord, const PetscReal *const *stencil,
                                  PetscReal *hx);
