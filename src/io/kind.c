/* The kind of a file McKean writes -- run file, checkpoint, XDMF sidecar -- recorded in the file
 * and recognised in an existing file, so that an output replaces only an earlier output of the
 * same kind.
 *
 * Run files and checkpoints record it in two attributes of "/", written when the file is
 * created: mckean_file ("run" or "checkpoint") and mckean_program (the app that wrote it).
 * Files of earlier McKean versions, which lack them, are recognised by the run attribute
 * mckean_version, and as checkpoints by their /checkpoint group. XDMF sidecars carry
 * <Information Name="mckean_file" Value="xdmf"/>; earlier ones are recognised by the temporal
 * collection McKean names "fields". An empty file holds nothing to lose and is replaced too.
 * Anything else -- another program's HDF5 file, a text file, a deck -- is never replaced. */
#include "iohelpers.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const mck_kind_names[] = {"run", "checkpoint", "xdmf"};
static const char *const mck_kind_nouns[] = {"run file", "checkpoint", "XDMF sidecar"};

const char *MckIOFileKindNoun(MckIOFileKind kind) { return mck_kind_nouns[kind]; }

PetscErrorCode MckIOWriteFileKind(MckIO io, MckIOFileKind kind)
{
  MckJob me;

  PetscFunctionBeginUser;
  PetscCheck(kind == MCKIO_RUN_FILE || kind == MCKIO_CHECKPOINT_FILE, io->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "MckIO: an HDF5 file is a run file or a checkpoint");
  MckIOJobSelf(&me);
  PetscCall(MckIOWriteAttributeString(io, "/", MCK_KIND_ATTRIBUTE, mck_kind_names[kind]));
  PetscCall(MckIOWriteAttributeString(io, "/", MCK_PROGRAM_ATTRIBUTE, me.program));
  io->kind = kind;
  PetscFunctionReturn(0);
}

/* The apps differ in what their objects' settings mean even where their names and values agree
 * (mckean-da and mckean-eki share an ensemble): a checkpoint continues only in the app that wrote it. */
/*@C
  MckIOCheckProgram - Refuses a file written by another program (its attribute mckean_program).

  Collective

  Input Parameter:
. io - the file (a checkpoint), open for reading

  Notes:
  A file written by another program, or one that does not record its program, is a
  `PETSC_ERR_USER_INPUT` error naming the option that opened the file (e.g. -restart), the file and both
  programs.

  Level: developer

.seealso: `MckIOOpenRead()`, `MckIOCheckpointBegin()`
@*/
PetscErrorCode MckIOCheckProgram(MckIO io)
{
  const char *opt = io->option[0] ? io->option : "-restart";
  char       *stored;
  PetscBool   found, same = PETSC_FALSE;
  MckJob      me;

  PetscFunctionBeginUser;
  MckIOJobSelf(&me);
  PetscCall(MckIOReadAttributeStringAlloc(io, "/", MCK_PROGRAM_ATTRIBUTE, &stored, &found));
  PetscCheck(found, io->comm, PETSC_ERR_USER_INPUT,
             "%s %s: the file does not record the program that wrote it (this is %s); restart only with the program "
             "that wrote the checkpoint",
             opt, io->path, me.program);
  PetscCall(PetscStrcmp(stored, me.program, &same));
  if (!same) {
    char theirs[256];

    PetscCall(PetscStrncpy(theirs, stored, sizeof(theirs)));
    PetscCall(PetscFree(stored));
    SETERRQ(io->comm, PETSC_ERR_USER_INPUT,
            "%s %s: the checkpoint was written by %s but this is %s; restart only with the program that wrote the "
            "checkpoint",
            opt, io->path, theirs, me.program);
  }
  PetscCall(PetscFree(stored));
  PetscFunctionReturn(0);
}

/* A string attribute of "/" in an open file, "" when absent or not a string; -1 if HDF5 fails
 * to read it (damaged metadata). */
static int MckRootString(hid_t f, const char name[], char value[], size_t len)
{
  hid_t  a, type, mem;
  htri_t has = H5Aexists(f, name);
  int    err = 0;

  value[0] = 0;
  if (has <= 0) return has < 0 ? -1 : 0;
  if ((a = H5Aopen(f, name, H5P_DEFAULT)) < 0) return -1;
  if ((type = H5Aget_type(a)) < 0) err = -1;
  else if (H5Tget_class(type) == H5T_STRING && H5Tis_variable_str(type) == 0 && H5Tget_size(type) < len) {
    mem = H5Tcopy(type);
    if (H5Aread(a, mem, value) < 0) {
      value[0] = 0;
      err      = -1;
    }
    value[len - 1] = 0;
    (void)H5Tclose(mem);
  }
  if (type >= 0) (void)H5Tclose(type);
  (void)H5Aclose(a);
  return err;
}

/* An HDF5 file: one of ours (and which), or not, or one whose root HDF5 cannot read. */
static void MckProbeHDF5(const char path[], MckExisting *e)
{
  char   kind[32], program[256], created[64], why[256];
  hid_t  f       = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  htri_t version = 0, chk = 0;
  int    bad;

  if (f < 0) {
    MckHDF5ErrorString(why, sizeof(why));
    e->what = MCK_EXISTING_DAMAGED;
    (void)snprintf(e->desc, sizeof(e->desc), "an HDF5 file that cannot be opened (%s)", why);
    return;
  }
  bad = MckRootString(f, MCK_KIND_ATTRIBUTE, kind, sizeof(kind)) |
        MckRootString(f, MCK_PROGRAM_ATTRIBUTE, program, sizeof(program)) |
        MckRootString(f, "created", created, sizeof(created));
  if (!bad && !kind[0] && (version = H5Aexists(f, "mckean_version")) > 0)
    chk = H5Lexists(f, "/checkpoint", H5P_DEFAULT);
  if (bad || version < 0 || chk < 0) {
    MckHDF5ErrorString(why, sizeof(why));
    e->what = MCK_EXISTING_DAMAGED;
    (void)snprintf(e->desc, sizeof(e->desc), "an HDF5 file that cannot be read (%s)", why);
  } else {
    e->what = MCK_EXISTING_MCKEAN;
    if (!strcmp(kind, "run")) e->kind = MCKIO_RUN_FILE;
    else if (!strcmp(kind, "checkpoint")) e->kind = MCKIO_CHECKPOINT_FILE;
    else if (!kind[0] && version > 0) e->kind = chk > 0 ? MCKIO_CHECKPOINT_FILE : MCKIO_RUN_FILE;
    else e->what = MCK_EXISTING_FOREIGN;
    if (e->what == MCK_EXISTING_FOREIGN) (void)snprintf(e->desc, sizeof(e->desc), "an HDF5 file not written by McKean");
    else
      (void)snprintf(e->desc, sizeof(e->desc), "a%s%s %s%s%s", program[0] ? " " : "", program[0] ? program : " McKean",
                     mck_kind_nouns[e->kind], created[0] ? " of " : "", created);
  }
  (void)H5Eclear2(H5E_DEFAULT);
  (void)H5Fclose(f);
}

/* A text file: one of our XDMF sidecars, or not. */
static void MckProbeText(const char path[], MckExisting *e)
{
  char    head[4096] = "";
  ssize_t n          = 0;
  int     fd         = open(path, O_RDONLY);

  if (fd >= 0) {
    n = read(fd, head, sizeof(head) - 1);
    (void)close(fd);
  }
  head[n > 0 ? n : 0] = 0;
  e->what             = MCK_EXISTING_FOREIGN;
  if (!strncmp(head, "<?xml", 5) && strstr(head, "<Xdmf") &&
      (strstr(head, "<Information Name=\"" MCK_KIND_ATTRIBUTE "\" Value=\"xdmf\"") ||
       strstr(head, "<Grid Name=\"fields\" GridType=\"Collection\" CollectionType=\"Temporal\">"))) {
    e->what = MCK_EXISTING_MCKEAN;
    e->kind = MCKIO_XDMF_FILE;
    (void)snprintf(e->desc, sizeof(e->desc), "a McKean XDMF sidecar");
  } else
    (void)snprintf(e->desc, sizeof(e->desc), "%s",
                   n > 0 ? "a file not written by McKean" : "a file McKean cannot read");
}

void MckIOProbeExisting(const char path[], MckExisting *e)
{
  struct stat st;

  memset(e, 0, sizeof(*e));
  if (lstat(path, &st) != 0 && errno == ENOENT) {
    e->what = MCK_EXISTING_NONE;
    return;
  }
  if (stat(path, &st) != 0) {
    e->what = MCK_EXISTING_NOT_REGULAR;
    (void)snprintf(e->desc, sizeof(e->desc), "a broken symbolic link or an inaccessible file");
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    e->what = MCK_EXISTING_DIRECTORY;
    return;
  }
  if (!S_ISREG(st.st_mode)) {
    e->what = MCK_EXISTING_NOT_REGULAR;
    (void)snprintf(e->desc, sizeof(e->desc), "not a regular file");
    return;
  }
  if (st.st_size == 0) {
    e->what = MCK_EXISTING_EMPTY;
    (void)snprintf(e->desc, sizeof(e->desc), "an empty file");
    return;
  }
  if (H5Fis_hdf5(path) > 0) MckProbeHDF5(path, e);
  else MckProbeText(path, e);
  (void)H5Eclear2(H5E_DEFAULT);
}
