/* The C side of the Python bindings (see mckpy.h). */
#include "mckpy.h"
#include <mckean/mckdriftimpl.h>
#include <mckean/mcktyped.h>

/* ---- errors ------------------------------------------------------------------------------ */
static char      error_message[4096], error_where[PETSC_MAX_PATH_LEN + 256];
static PetscBool error_on_world;

/* Errors that are not the caller's (a bug, memory, a library or the system failing): their
 * message alone does not tell what went wrong. */
static PetscBool IsInternal(PetscErrorCode n)
{
  return (PetscBool)(n == PETSC_ERR_PLIB || n == PETSC_ERR_MEM || n == PETSC_ERR_MEMC || n == PETSC_ERR_LIB ||
                     n == PETSC_ERR_SYS || n == PETSC_ERR_POINTER || n == PETSC_ERR_MPI || n == PETSC_ERR_FP ||
                     n == PETSC_ERR_ARG_CORRUPT || n == PETSC_ERR_ARG_BADPTR);
}

/* Keeps the first message of an error (PETSc calls the handler again on every level it
 * unwinds through), as the one line an app prints, and prints nothing: the bindings raise it as
 * a Python exception. Where it was raised is kept apart (Error.where): a Python user reads one
 * sentence about the call. Only an internal error, which is no mistake of the caller, keeps the
 * place in its message too, as PETSc's traceback would. */
static PetscErrorCode KeepError(MPI_Comm comm, int line, const char *fun, const char *file, PetscErrorCode n,
                                PetscErrorType p, const char *mess, void *ctx)
{
  PetscMPIInt size = 1, wsize = 1;
  const char *text = NULL;

  (void)ctx;
  if (p != PETSC_ERROR_INITIAL) return n;
  if (comm != MPI_COMM_NULL) MPI_Comm_size(comm, &size);
  MPI_Comm_size(PETSC_COMM_WORLD, &wsize);
  error_on_world = (PetscBool)(size == wsize);
  if (!mess || !mess[0]) PetscErrorMessage(n, &text, NULL);
  McKeanErrorText(mess && mess[0] ? mess : (text ? text : "error"), error_message, sizeof(error_message));
  /* PetscUseMethod's words name a composed function, not what the caller did */
  if (n == PETSC_ERR_SUP && mess && !strncmp(mess, "Cannot locate function ", 23))
    snprintf(error_message, sizeof(error_message), "%s() belongs to another type than this object's", fun);
  snprintf(error_where, sizeof(error_where), "error %d in %s() at %s:%d", (int)n, fun, file, line);
  if (IsInternal(n)) {
    (void)PetscStrlcat(error_message, " (", sizeof(error_message));
    (void)PetscStrlcat(error_message, error_where, sizeof(error_message));
    (void)PetscStrlcat(error_message, ")", sizeof(error_message));
  }
  return n;
}

const char *MckPyErrorMessage(void) { return error_message; }

const char *MckPyErrorWhere(void) { return error_where; }

int MckPyErrorOnWorld(void) { return (int)error_on_world; }

void MckPyErrorClear(void)
{
  error_message[0] = 0;
  error_where[0]   = 0;
}

PetscErrorCode MckPyInitialize(int argc, char **argv)
{
  PetscErrorCode ierr;
  const char    *text = NULL;

  if ((ierr = McKeanInitialize(&argc, &argv, NULL, NULL))) {
    /* KeepError is not in place yet: PETSc (or McKean's own handler) printed the reason, and the
     * exception must not be empty (PETSC_OPTIONS naming a missing file, a wrong MCKEAN_ISA) */
    PetscErrorMessage(ierr, &text, NULL);
    snprintf(error_message, sizeof(error_message), "McKean could not start (error %d%s%s); the reason is printed above",
             (int)ierr, text ? ": " : "", text ? text : "");
    return ierr;
  }
  return PetscPushErrorHandler(KeepError, NULL);
}

PetscErrorCode MckPyFinalize(void)
{
  PetscErrorCode ierr;

  if ((ierr = PetscPopErrorHandler())) return ierr;
  return McKeanFinalize();
}

/* ---- communicators from mpi4py (as Fortran handles: the one portable integer form) --------- */
/* PETSc objects share an inner duplicate of the user's communicator, made (collectively) by the
 * first object and freed with the last. Python destroys objects when the garbage collector gets
 * to them, which need not be at the same moment on every rank: one rank could then free the
 * duplicate and make a new one (MPI_Comm_dup, collective) while another still holds it, and wait
 * alone. Every constructor of the bindings therefore keeps one reference of its own, never
 * released, so the duplicate lives as long as PETSc and destroying an object is local. */
static PetscErrorCode Pin(MPI_Comm comm)
{
  MPI_Comm inner;

  PetscFunctionBeginUser;
  PetscCall(PetscCommDuplicate(comm, &inner, NULL));
  PetscFunctionReturn(0);
}

/* MckPy<Obj>Create(comm, &obj): Mck<Obj>Create on the communicator, kept as above. */
#define MCKPY_CREATE(Obj)                                         \
  PetscErrorCode MckPy##Obj##Create(MPI_Fint comm, Mck##Obj *obj) \
  {                                                               \
    PetscFunctionBeginUser;                                       \
    PetscCall(Pin(MPI_Comm_f2c(comm)));                           \
    PetscCall(Mck##Obj##Create(MPI_Comm_f2c(comm), obj));         \
    PetscFunctionReturn(0);                                       \
  }
MCKPY_CREATE(Particles)
MCKPY_CREATE(RNG)
MCKPY_CREATE(Model)
MCKPY_CREATE(Ensemble)
MCKPY_CREATE(Field)
MCKPY_CREATE(DMFT)
MCKPY_CREATE(MFNet)
MCKPY_CREATE(GenSampler)

PetscErrorCode MckPyFieldWrite(MckField f, const char path[], const char dset[])
{
  MckIO io;

  PetscFunctionBeginUser;
  PetscCall(MckIOCreate(PetscObjectComm((PetscObject)f), &io));
  PetscCall(MckIOOpenWrite(io, path, "Field.write"));
  PetscCall(MckFieldWriteSolution(f, io, dset));
  PetscCall(MckFieldWriteLayout(f, io, "/fields"));
  PetscCall(MckIOClose(io));
  PetscCall(MckIODestroy(&io));
  PetscFunctionReturn(0);
}

PetscErrorCode MckPyObjectGetComm(void *obj, MPI_Fint *comm)
{
  PetscFunctionBeginUser;
  *comm = MPI_Comm_c2f(PetscObjectComm((PetscObject)obj));
  PetscFunctionReturn(0);
}

PetscErrorCode MckPyOptionsPush(MPI_Fint comm, int argc, char **argv)
{
  return McKeanOptionsPush(MPI_Comm_f2c(comm), argc, argv);
}

PetscErrorCode MckPyOptionsCheckUnused(MPI_Fint comm) { return McKeanOptionsCheckUnused(MPI_Comm_f2c(comm)); }

/* ---- drifts written in Python ---------------------------------------------------------------
 * Failure: a Python exception in a callback on one rank must not leave the others waiting in the
 * step's collective. The failing rank stops calling Python and adds 1 to a failure component of
 * the drift's summary statistics, so the next reduction tells every rank, and every rank raises
 * the error in combine (called once per step on every rank, right after the reduction, even on
 * a rank without particles). A failure in the last step's forces, after the last reduction, is
 * raised by MckPyDriftCheck, which the bindings call after stepping. */
#define MCKPY_MAX_DRIFTS 32

typedef struct {
  char     name[64];
  void    *handle; /* the Python drift, kept alive by the bindings */
  PetscInt nstats;
} PyDriftType;

typedef struct {
  PyDriftType type;   /* a copy: registering the name again changes the drifts made afterwards only */
  PetscInt    offset; /* of the drift's components in the statistics: nstats, then the failure flag */
  PetscReal  *partial;
} PyDrift;

static PyDriftType drift_types[MCKPY_MAX_DRIFTS];
static PetscInt    ndrift_types;
static PetscInt    pending_failures; /* callbacks failed on this rank since the last check */

static PetscErrorCode SetUp_Py(MckDrift d, MckParticles p, MckStats stats)
{
  PyDrift *pd = (PyDrift *)d->data;

  PetscFunctionBeginUser;
  (void)p;
  PetscCall(MckStatsRegister(stats, d->name, pd->type.nstats + 1, &pd->offset));
  PetscCall(PetscCalloc1(pd->type.nstats + 1, &pd->partial));
  if (!pending_failures && mckpy_drift_setup(pd->type.handle, d, d->N, d->dim)) pending_failures++;
  PetscFunctionReturn(0);
}

static PetscErrorCode Accumulate_Py(MckDrift d, const MckChunk *c, MckStats stats)
{
  PyDrift       *pd = (PyDrift *)d->data;
  const PetscInt m  = pd->type.nstats;

  PetscFunctionBeginUser;
  PetscCall(PetscArrayzero(pd->partial, m + 1));
  if (m && !pending_failures &&
      mckpy_drift_accumulate(pd->type.handle, d, c->dim, c->offset, c->n, c->gstart, c->x, pd->partial))
    pending_failures++;
  if (pending_failures) {
    PetscCall(PetscArrayzero(pd->partial, m));
    pd->partial[m] = 1;
  }
  PetscCall(MckStatsAdd(stats, pd->offset, m + 1, pd->partial));
  PetscFunctionReturn(0);
}

static PetscErrorCode Combine_Py(MckDrift d, const PetscReal *sums)
{
  PyDrift *pd = (PyDrift *)d->data;

  PetscFunctionBeginUser;
  if (sums[pd->offset + pd->type.nstats] == 0) PetscFunctionReturn(0);
  pending_failures = 0;
  SETERRQ(d->comm, PETSC_ERR_USER,
          "drift %s: a Python callback raised an exception; the forces of this step are not valid", d->name);
}

static PetscErrorCode Force_Py(MckDrift d, const MckChunk *c, const PetscReal *sums, PetscReal *const *F)
{
  PyDrift *pd = (PyDrift *)d->data;

  PetscFunctionBeginUser;
  if (!pending_failures &&
      mckpy_drift_force(pd->type.handle, d, c->dim, c->offset, c->n, c->gstart, c->x, F, sums + pd->offset))
    pending_failures++;
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Py(MckDrift d)
{
  PyDrift *pd = (PyDrift *)d->data;

  PetscFunctionBeginUser;
  mckpy_drift_destroy(pd->type.handle, d); /* its views must not outlive it */
  PetscCall(PetscFree(pd->partial));
  PetscCall(PetscFree(d->data));
  PetscFunctionReturn(0);
}

static PetscErrorCode Create_Py(MckDrift d)
{
  PyDrift *pd;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&pd));
  for (PetscInt i = 0; i < ndrift_types; i++)
    if (!strcmp(drift_types[i].name, d->name)) pd->type = drift_types[i];
  PetscCheck(pd->type.handle, d->comm, PETSC_ERR_PLIB, "drift %s was registered without a Python object", d->name);
  d->data            = pd;
  d->ops->setup      = SetUp_Py;
  d->ops->accumulate = Accumulate_Py;
  d->ops->combine    = Combine_Py;
  d->ops->force      = Force_Py;
  d->ops->destroy    = Destroy_Py;
  PetscFunctionReturn(0);
}

/* Whether a registered drift type is not a Python one (built into McKean, or added in C). */
static PetscErrorCode IsMcKeanDrift(const char name[], void *ctx, PetscBool *flg)
{
  PetscFunctionList list             = (PetscFunctionList)ctx;
  PetscErrorCode (*create)(MckDrift) = NULL;

  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListFind(list, name, &create));
  *flg = (PetscBool)(create && create != Create_Py);
  PetscFunctionReturn(0);
}

/* A Python drift under the name of one of McKean's would replace it for the whole process
 * (every dynamics, every app run from Python made afterwards): refused. A Python drift's name
 * registered again replaces it for the dynamics made afterwards. */
static PetscErrorCode CheckNotMcKeanDrift(const char name[])
{
  PetscFunctionList list;
  PetscBool         mckean = PETSC_FALSE;
  char              names[1024];

  PetscFunctionBeginUser;
  PetscCall(MckDriftGetList(&list));
  PetscCall(IsMcKeanDrift(name, list, &mckean));
  if (!mckean) PetscFunctionReturn(0);
  PetscCall(McKeanFunctionListNamesIf(list, IsMcKeanDrift, list, names, sizeof(names)));
  SETERRQ(PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
          "register_drift %s: the name of one of McKean's drifts (%s); a Python drift takes another name", name, names);
}

PetscErrorCode MckPyDriftRegister(const char name[], void *handle, PetscInt nstats)
{
  PyDriftType *t   = NULL;
  size_t       len = strlen(name);

  PetscFunctionBeginUser;
  /* a longer name would be cut in drift_types and not found again when a dynamics creates the
   * drift; -lgv_drifts is a comma-separated list, so a name holding a comma or a space can never
   * be chosen */
  PetscCheck(len > 0 && len < sizeof(t->name) && !strpbrk(name, ", \t\n"), PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "register_drift '%s': a drift's name has 1 to %d characters, none a comma or a space", name,
             (int)sizeof(t->name) - 1);
  PetscCheck(nstats >= 0, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "register_drift %s: nstats %" PetscInt_FMT " must be a non-negative number of statistics", name, nstats);
  PetscCall(CheckNotMcKeanDrift(name));
  for (PetscInt i = 0; i < ndrift_types; i++)
    if (!strcmp(drift_types[i].name, name)) t = &drift_types[i];
  if (!t) {
    PetscCheck(ndrift_types < MCKPY_MAX_DRIFTS, PETSC_COMM_SELF, PETSC_ERR_SUP, "at most %d Python drifts",
               MCKPY_MAX_DRIFTS);
    t = &drift_types[ndrift_types++];
  }
  PetscCall(PetscStrncpy(t->name, name, sizeof(t->name)));
  t->handle = handle;
  t->nstats = nstats;
  PetscCall(MckDriftRegister(name, Create_Py));
  PetscFunctionReturn(0);
}

PetscErrorCode MckPyDriftCheck(MPI_Fint fcomm)
{
  MPI_Comm comm = MPI_Comm_f2c(fcomm);
  PetscInt failed;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Allreduce(&pending_failures, &failed, 1, MPIU_INT, MPI_SUM, comm));
  pending_failures = 0;
  PetscCheck(failed == 0, comm, PETSC_ERR_USER,
             "a Python drift callback raised an exception on %" PetscInt_FMT
             " rank(s); the forces of the last step are not valid",
             failed);
  PetscFunctionReturn(0);
}

/* ---- forward models written in Python -------------------------------------------------------- */
/* The member communicator is the ensemble's own (freed with it, on every rank of the member). */
PetscErrorCode MckPyEnsembleCreateModel(MckEnsemble ens, MckModel *m)
{
  MPI_Comm mcomm;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetMemberComm(ens, &mcomm));
  PetscCall(MckModelCreate(mcomm, m));
  /* Ensemble() sets the models up on every rank of the ensemble together: the memory checks count them all */
  PetscCall(MckModelSetMemoryComm(*m, PetscObjectComm((PetscObject)ens)));
  PetscFunctionReturn(0);
}

/* A failed right-hand side is NaN: MckModelAdvance then reports the member failed. */
static PetscErrorCode RHS_Py(MckModel m, PetscReal t, Vec x, Vec f, void *ctx)
{
  const PetscReal *xa;
  PetscReal       *fa;
  PetscInt         n;

  PetscFunctionBeginUser;
  (void)m;
  PetscCall(VecGetLocalSize(x, &n));
  PetscCall(VecGetArrayRead(x, &xa));
  PetscCall(VecGetArray(f, &fa));
  if (mckpy_model_rhs(ctx, t, n, xa, fa))
    for (PetscInt i = 0; i < n; i++) fa[i] = NAN;
  PetscCall(VecRestoreArray(f, &fa));
  PetscCall(VecRestoreArrayRead(x, &xa));
  PetscFunctionReturn(0);
}

static PetscErrorCode Forward_Py(MckModel m, Vec u, Vec g, PetscBool *failed, void *ctx)
{
  const PetscReal *ua;
  PetscReal       *ga;
  PetscInt         n, ndata;

  PetscFunctionBeginUser;
  (void)m;
  PetscCall(VecGetLocalSize(u, &n));
  PetscCall(VecGetLocalSize(g, &ndata));
  PetscCall(VecGetArrayRead(u, &ua));
  PetscCall(VecGetArray(g, &ga));
  *failed = (PetscBool)(mckpy_model_forward(ctx, n, ua, ndata, ga) != 0);
  PetscCall(VecRestoreArray(g, &ga));
  PetscCall(VecRestoreArrayRead(u, &ua));
  PetscFunctionReturn(0);
}

PetscErrorCode MckPyModelSetPython(MckModel m, void *handle, PetscInt n, PetscInt ndata, PetscReal dt)
{
  PetscFunctionBeginUser;
  if (ndata) PetscCall(MckModelShellSetInverse(m, n, ndata, Forward_Py, handle));
  else PetscCall(MckModelShellSetDynamical(m, n, dt, RHS_Py, handle));
  PetscFunctionReturn(0);
}

PetscErrorCode MckPyModelGetLocalSizes(MckModel m, PetscInt *n, PetscInt *ndata)
{
  Vec          x, g;
  MckModelKind kind;

  PetscFunctionBeginUser;
  PetscCall(MckModelGetKind(m, &kind));
  PetscCall(MckModelCreateStateVec(m, &x));
  PetscCall(VecGetLocalSize(x, n));
  PetscCall(VecDestroy(&x));
  *ndata = 0;
  if (kind == MCK_MODEL_INVERSE) {
    PetscCall(MckModelCreateDataVec(m, &g));
    PetscCall(VecGetLocalSize(g, ndata));
    PetscCall(VecDestroy(&g));
  }
  PetscFunctionReturn(0);
}

/* The caller's arrays become the model's vectors for the call (VecPlaceArray): no copies. The
 * Vecs are made once per model, without arrays of their own (a call allocates nothing), and kept
 * on the model (composed, so they go with it). */
static PetscErrorCode WrapperVec(MckModel m, const char key[], PetscErrorCode (*create)(MckModel, Vec *), Vec *v)
{
  Vec proto;

  PetscFunctionBeginUser;
  PetscCall(PetscObjectQuery((PetscObject)m, key, (PetscObject *)v));
  if (*v) PetscFunctionReturn(0);
  PetscCall(create(m, &proto));
  PetscCall(McKeanVecDuplicateWithoutArray(proto, v));
  PetscCall(VecDestroy(&proto));
  PetscCall(PetscObjectCompose((PetscObject)m, key, (PetscObject)*v));
  PetscCall(PetscObjectDereference((PetscObject)*v)); /* the model holds it now */
  PetscFunctionReturn(0);
}

/* The model's error, if any, is raised after the caller's arrays are taken back off the Vecs:
 * a failed call leaves them as a good one does, ready for the next. */
PetscErrorCode MckPyModelAdvance(MckModel m, PetscReal t, PetscInt nsteps, PetscReal x[], PetscBool *failed)
{
  Vec            v;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(WrapperVec(m, "MckPyState", MckModelCreateStateVec, &v));
  PetscCall(VecPlaceArray(v, x));
  ierr = MckModelAdvance(m, t, nsteps, v, failed);
  PetscCall(VecResetArray(v));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

PetscErrorCode MckPyModelForward(MckModel m, const PetscReal u[], PetscReal g[], PetscBool *failed)
{
  Vec            vu, vg;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(WrapperVec(m, "MckPyState", MckModelCreateStateVec, &vu));
  PetscCall(WrapperVec(m, "MckPyData", MckModelCreateDataVec, &vg));
  PetscCall(VecPlaceArray(vu, u));
  PetscCall(VecPlaceArray(vg, g));
  ierr = MckModelForward(m, vu, vg, failed);
  PetscCall(VecResetArray(vu));
  PetscCall(VecResetArray(vg));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

/* ---- observation operators written in Python ---------------------------------------------------
 * The callback's failure is only reported (a nonzero return, no PETSc error here): the ensemble
 * raises it on every rank after all ranks have evaluated H (MckEnsembleRegisterObsOperator()). */
static PetscErrorCode ObsOperator_Py(PetscInt nobs, const PetscReal coord[], const PetscReal *const stencil[],
                                     PetscReal hx[], void *ctx)
{
  return mckpy_obs_operator(ctx, nobs, coord, stencil, hx) ? PETSC_ERR_USER : 0;
}

PetscErrorCode MckPyObsOperatorRegister(const char name[], void *handle, PetscInt width)
{
  PetscFunctionBeginUser;
  PetscCall(MckEnsembleRegisterObsOperator(name, width, ObsOperator_Py, handle));
  PetscFunctionReturn(0);
}
