/* MckMFNet internals shared by the files of src/learn (one concept per file), and the interface
 * of a learning dynamics (a type of MckMFNet). */
#pragma once
#include <mckean/mckmfnet.h>
#include <mckean/mcktyped.h>
#include <mckean/mckactivation.h>
#include <mckean/mckstats.h>
#include <mckean/mckio.h>
#include <petsc/private/petscimpl.h>

#define MCK_MFNET_NAME_LEN 64

typedef enum { MFNET_INIT_GAUSSIAN, MFNET_INIT_UNIFORM } MckMFNetInit;
typedef enum { MFNET_COMBINE_SUM, MFNET_COMBINE_PRODUCT } MckMFNetCombine;

/* What a dynamics (a type) implements; its constructor (MckMFNetCreateFn) fills these and sets
 * net->data. step is required, everything else optional:
 *   setfromoptions  its own options (inside the object's options block)
 *   setup           before the statistics are set up and the data drawn (may register statistics)
 *   setupdata       after the data and the initial particles exist
 *   step            one step at net->step (the base counts the steps)
 *   checkpointing   refuse a -checkpoint_interval the dynamics cannot honour
 *   config, write, read   its settings and its state beyond the particles (checkpoints)
 *   view, destroy
 *   sync            steps between states held by the particles alone (fedavg: a round)
 *   network         the particles are neurons (D = d + 2) rather than points of an objective
 *   minibatches     the steps may see mini-batches (-mfnet_minibatch) */
typedef struct {
  PetscErrorCode (*setfromoptions)(MckMFNet, PetscOptionItems *);
  PetscErrorCode (*setup)(MckMFNet);
  PetscErrorCode (*setupdata)(MckMFNet);
  PetscErrorCode (*step)(MckMFNet);
  PetscErrorCode (*checkpointing)(MckMFNet, PetscInt interval, PetscBool restart);
  PetscErrorCode (*config)(MckMFNet, MckIO, PetscBool);
  PetscErrorCode (*write)(MckMFNet, MckIO, const char[]);
  PetscErrorCode (*read)(MckMFNet, MckIO, const char[]);
  PetscErrorCode (*view)(MckMFNet, PetscViewer);
  PetscErrorCode (*destroy)(MckMFNet);
  PetscInt  sync;
  PetscBool network, minibatches;
} MckMFNetOps;

/* One forward/backward pass of a set of neurons over a set of samples (forward.c). The network's
 * own pass (MckMFNetEvaluate) uses its local neurons, the step's batch and its collective
 * statistics; fedavg's clients each run passes of their whole model copy over their data shard
 * with a statistics object on PETSC_COMM_SELF. */
typedef struct {
  PetscInt         P;            /* samples */
  const PetscReal *X, *y;        /* rows [x 1] (P x (d+1)) and targets */
  PetscInt         nrows;        /* neurons: rows of theta, in chunks of the network's B */
  PetscReal       *theta, *grad; /* nrows x D each */
  PetscReal       *S, *dS;       /* nrows x P each; dS NULL when not kept (see dact, and passes without gradient) */
  MckStats         stats;
  PetscInt         off_f, off_pen;
  PetscReal       *f, *r; /* P each */
  PetscReal        loss_data, loss_pen;
} MckMFNetPass;

struct _p_MckMFNet {
  PETSCHEADER(MckMFNetOps);
  void       *data; /* the dynamics' own state */
  MPI_Comm    comm;
  PetscMPIInt rank, size;
  /* sizes and ownership (chunks of B consecutive global ids, whole chunks per rank) */
  PetscInt64 N, gstart;
  PetscInt   d, P, B, D, nlocal, nchunks;
  /* model and dynamics settings */
  PetscReal                        alpha, lambda, tau, dt, init_std, init_range;
  PetscInt                         steps, seed, data_seed; /* data_seed: the data's own key (default: seed) */
  PetscBool                        data_seed_set;
  PetscBool                        train_features;
  MckMFNetInit                     init;
  char                             activation[MCK_MFNET_NAME_LEN], teacher[MCK_MFNET_NAME_LEN];
  MckActivationFn                  act, link;    /* sigma and g from the activation table */
  MckActivationDerivativeOfValueFn dact;         /* sigma' from sigma, when it is a function of it: no dS kept */
  PetscBool                        P_set, d_set; /* -mfnet_batch / -mfnet_dim given (checked against a data file) */
  /* data: Xa = [X, 1] (P x (d+1)) so that one GEMM gives w.x + b; y; teacher directions u
   * (kdir x d, rows orthonormal up to the scale sqrt(d); kdir = 0 for data from a file);
   * the held-out test set Xt = [X, 1] (Pt x (d+1)), yt */
  PetscReal      *X, *Xa, *y, *u, *Xt, *yt, *Xtest; /* Xtest: Xt without the bias column */
  PetscInt        kdir, Pt;
  MckMFNetCombine combine;
  char            datafile[PETSC_MAX_PATH_LEN];
  /* test-set forward pass (MckMFNetEvaluateTest): its own statistics, so the step's collective
   * stays of size P + 1 */
  MckMFNetPass tpass;
  MckMFNetPass trpass; /* all P training samples, when the steps see mini-batches */
  MckStats     diag;   /* diagnostics (alignment): one component */
  /* mini-batches (minibatch.c): mb samples per step (0: full batch), Pb = mb or P samples per
   * forward pass, read from Xcur/ycur (= Xa/y, or the copies Xb/yb of the current batch) */
  PetscInt         mb, Pb, *perm;
  PetscReal       *Xb, *yb;
  const PetscReal *Xcur, *ycur;
  /* state: particles (nlocal rows of length D, padded to whole chunks), gradient / drift */
  PetscReal *theta, *grad;
  /* forward pass: sigma of every local neuron on every sample (nlocal x P), kept for the gradient
   * so that the activation is evaluated once per step, and sigma' (nlocal x P) unless dact makes
   * it from sigma (NULL then) */
  PetscReal *S, *dS;
  /* per-chunk work: pre-activations Z and Delta = r sigma' (B x P each), partial sums (P + 1),
   * output f and residual r (P), the output weights' gradient sums ga (B) */
  PetscReal  *Z, *Delta, *partial, *f, *r, *ga;
  PetscReal  *noisebuf; /* D x B normals of one chunk */
  PetscReal **noiseptr; /* noiseptr[k] = noisebuf + k B: the SoA layout MckRNGNormals fills */
  MckStats    stats;
  PetscInt    off_f, off_pen;
  MckRNG      rng, data_rng; /* particles and noise; data (teacher, samples, mini-batch order) */
  PetscInt64  step;
  PetscReal   loss, loss_data, loss_pen;
  PetscBool   setup, evaluated;
  PetscBool   needs_data; /* the particles are neurons, or a cbo objective scores them on the data */
  /* cbo objective (particles of length D = its dimension), chosen and read by the cbo type */
  char              objective[MCK_MFNET_NAME_LEN];
  MckMFNetObjective obj;
  PetscReal         obj_shift;
  /* observations: per-neuron summary columns of the local neurons (record.c) */
  PetscInt    ncomp;
  PetscReal **comp, *compbuf;
};

PETSC_INTERN PetscFunctionList MckMFNetList, MckMFNetObjectiveList;
/* mfnetrun.c: the stepping and checkpoint protocols a run calls */
PETSC_INTERN const MckStepperOps    MckMFNetStepper;
PETSC_INTERN const MckCheckpointOps MckMFNetCheckpoint;
/* teacher.c, datafile.c */
PETSC_INTERN const char *const MckMFNetCombineNames[];
PETSC_INTERN PetscErrorCode    MckMFNetGenerateTeacherData(MckMFNet net);
PETSC_INTERN PetscErrorCode    MckMFNetDataFileShape(MckMFNet net, MckIO io);
PETSC_INTERN PetscErrorCode    MckMFNetDataFileRead(MckMFNet net, MckIO io);
/* state.c: distributed rows (nlocal x ncomp, row-major) to (write) or from the dataset group/name
 * in global-id order */
PETSC_INTERN PetscErrorCode MckMFNetTransferRows(MckMFNet net, MckIO io, const char group[], const char name[],
                                                 PetscInt ncomp, PetscReal rows[], PetscBool write);
/* forward.c: forward pass (reduces pass->stats, fills f, r and the loss) and gradient */
PETSC_INTERN PetscErrorCode MckMFNetPassForward(MckMFNet net, MckMFNetPass *pass);
PETSC_INTERN PetscErrorCode MckMFNetPassGradient(MckMFNet net, MckMFNetPass *pass);
/* minibatch.c */
PETSC_INTERN PetscErrorCode MckMFNetSetUpBatches(MckMFNet net);
PETSC_INTERN PetscErrorCode MckMFNetSelectBatch(MckMFNet net);
/* init.c */
PETSC_INTERN PetscErrorCode MckMFNetInitializeParticles(MckMFNet net);
/* dynamics */
PETSC_INTERN PetscErrorCode MckMFNetCreate_MFLD(MckMFNet);
PETSC_INTERN PetscErrorCode MckMFNetCreate_CBO(MckMFNet);
PETSC_INTERN PetscErrorCode MckMFNetCreate_UMFLD(MckMFNet);
PETSC_INTERN PetscErrorCode MckMFNetCreate_FedAvg(MckMFNet);
/* objectives.c, objective_network.c */
PETSC_INTERN PetscErrorCode MckMFNetObjectiveCreate_Quadratic(MckMFNetObjective *);
PETSC_INTERN PetscErrorCode MckMFNetObjectiveCreate_Rastrigin(MckMFNetObjective *);
PETSC_INTERN PetscErrorCode MckMFNetObjectiveCreate_Network(MckMFNetObjective *);
/* accessors.c: the errors of a public function (caller, without "()") called before
 * MckMFNetSetUp(), or (CheckNetwork) on particles that are not network neurons */
PETSC_INTERN PetscErrorCode MckMFNetCheckSetUp(MckMFNet, const char caller[]);
PETSC_INTERN PetscErrorCode MckMFNetCheckNetwork(MckMFNet, const char caller[]);
/* chunk c of the local particles: first local row and row count */
static inline void MckMFNetChunk(MckMFNet net, PetscInt c, PetscInt *off, PetscInt *n)
{
  *off = c * net->B;
  *n   = PetscMin(net->B, net->nlocal - *off);
}
