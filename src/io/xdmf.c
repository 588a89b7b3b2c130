/* XDMF sidecar for the grid fields of a run file (mckio.h, MckIOWriteXDMF).
 *
 * Every grid is written as a 3DCoRectMesh: ParaView's XDMF reader places a 2DCoRectMesh in the
 * y-z plane at x = 0 (its two dimensions taken as z and y), where the default camera, looking
 * down the z axis, sees nothing. A 2D grid is therefore a 3D mesh one point thick in z, lying in
 * the x-y plane at z = 0, and a 1D grid one point thick in z and y. XDMF lists dimensions
 * slowest first: "nz ny nx", and origin and spacing as (z, y, x). */
#include "iohelpers.h"
#include <stdio.h>
#include <unistd.h>

/* Points along axis a (0 = x, 1 = y, 2 = z) and their spacing; a missing axis has one point. */
static PetscInt64 AxisPoints(PetscInt dim, const PetscInt n[], PetscInt a) { return a < dim ? n[a] : 1; }

static double AxisSpacing(PetscInt dim, const PetscInt n[], const PetscReal L[], PetscInt a)
{
  return a < dim ? (double)(L[a] / n[a]) : 1.0;
}

static int WriteDimensions(FILE *fp, PetscInt dim, const PetscInt n[])
{
  return fprintf(fp, "%lld %lld %lld", (long long)AxisPoints(dim, n, 2), (long long)AxisPoints(dim, n, 1),
                 (long long)AxisPoints(dim, n, 0)) < 0;
}

static int WriteGeometry(FILE *fp, PetscInt dim, const PetscInt n[], const PetscReal L[])
{
  int bad = fprintf(fp, "      <Topology TopologyType=\"3DCoRectMesh\" Dimensions=\"") < 0;

  bad |= WriteDimensions(fp, dim, n);
  bad |= fprintf(fp, "\"/>\n      <Geometry GeometryType=\"ORIGIN_DXDYDZ\">\n") < 0;
  bad |= fprintf(fp, "        <DataItem Dimensions=\"3\" Format=\"XML\">0 0 0</DataItem>\n") < 0;
  bad |= fprintf(fp, "        <DataItem Dimensions=\"3\" Format=\"XML\">%.17g %.17g %.17g</DataItem>\n",
                 AxisSpacing(dim, n, L, 2), AxisSpacing(dim, n, L, 1), AxisSpacing(dim, n, L, 0)) < 0;
  bad |= fprintf(fp, "      </Geometry>\n") < 0;
  return bad;
}

/* Snapshot s of a (nsnap, N, 1) dataset, reshaped to the mesh. */
static int WriteAttribute(FILE *fp, const char h5_name[], const char dset[], const char name[], PetscInt dim,
                          const PetscInt n[], PetscInt nsnap, PetscInt s)
{
  const long long N = (long long)(AxisPoints(dim, n, 0) * AxisPoints(dim, n, 1) * AxisPoints(dim, n, 2));
  int             bad =
      fprintf(
          fp,
          "      <Attribute Name=\"%s\" AttributeType=\"Scalar\" Center=\"Node\">\n        <DataItem ItemType=\"HyperSlab\" Dimensions=\"",
          name) < 0;

  bad |= WriteDimensions(fp, dim, n);
  bad |= fprintf(fp, "\" Type=\"HyperSlab\">\n") < 0;
  bad |= fprintf(fp, "          <DataItem Dimensions=\"3 3\" Format=\"XML\">%lld 0 0  1 1 1  1 %lld 1</DataItem>\n",
                 (long long)s, N) < 0;
  bad |=
      fprintf(
          fp,
          "          <DataItem Dimensions=\"%lld %lld 1\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">%s:%s</DataItem>\n",
          (long long)nsnap, N, h5_name, dset) < 0;
  bad |= fprintf(fp, "        </DataItem>\n      </Attribute>\n") < 0;
  return bad;
}

static int WriteDocument(FILE *fp, const char h5_name[], PetscInt dim, const PetscInt n[], const PetscReal L[],
                         PetscInt nsnap, const PetscReal times[], PetscInt nfields, const char *const dsets[],
                         const char *const names[])
{
  int bad =
      fprintf(
          fp,
          "<?xml version=\"1.0\" ?>\n<Xdmf Version=\"3.0\">\n  <Domain>\n    <Information Name=\"" MCK_KIND_ATTRIBUTE
          "\" Value=\"xdmf\"/>\n") < 0;

  bad |= fprintf(fp, "    <Grid Name=\"fields\" GridType=\"Collection\" CollectionType=\"Temporal\">\n") < 0;
  for (PetscInt s = 0; s < nsnap && !bad; s++) {
    bad |= fprintf(fp, "    <Grid Name=\"snapshot_%lld\" GridType=\"Uniform\">\n      <Time Value=\"%.17g\"/>\n",
                   (long long)s, (double)times[s]) < 0;
    bad |= WriteGeometry(fp, dim, n, L);
    for (PetscInt j = 0; j < nfields; j++) bad |= WriteAttribute(fp, h5_name, dsets[j], names[j], dim, n, nsnap, s);
    bad |= fprintf(fp, "    </Grid>\n") < 0;
  }
  bad |= fprintf(fp, "    </Grid>\n  </Domain>\n</Xdmf>\n") < 0;
  return bad;
}

/*@C
  MckIOWriteXDMF - Writes an XDMF sidecar that describes snapshot series of grid fields in a run
  file, for ParaView and VisIt.

  Collective

  Input Parameters:
+ io        - the run file the fields are written to; the sidecar goes next to it (`MckIOSidecarPath()`),
              claimed as `MCKIO_XDMF_FILE` and quoted as -output in errors
. dim       - the grid's dimension, 1 to 3
. n         - the grid's points per axis
. L         - the box's sides; point i of axis a is at i L_a / n_a
. nsnap     - the number of snapshots
. times     - the time of each snapshot
. nfields   - the number of fields
. dsets     - each field's dataset, of shape (nsnap, N, 1) written by `MckIOAppendRows()`, N = n[0]...n[dim-1] in x-fastest order
- names     - each field's name in the viewer

  Notes:
  A temporal collection of uniform grids with one node-centred scalar per field. Every grid is
  written as a 3D mesh, a 1D or 2D one being one point thick, so that it lies in the x-y plane
  (ParaView puts a 2D mesh in the y-z plane). Rank 0 writes the file through its file in progress
  and renames it when complete; a failure is a `PETSC_ERR_FILE_WRITE` error on every rank. The
  names are written into the XML as they are.

  Level: developer

.seealso: `MckIOSidecarPath()`, `MckIOAppendRows()`, `MckIOClaimOutput()`
@*/
PetscErrorCode MckIOWriteXDMF(MckIO io, PetscInt dim, const PetscInt n[], const PetscReal L[], PetscInt nsnap,
                              const PetscReal times[], PetscInt nfields, const char *const dsets[],
                              const char *const names[])
{
  MPI_Comm    comm = io->comm;
  PetscMPIInt rank;
  const char *partial, *h5_name;
  char        xdmf_path[PETSC_MAX_PATH_LEN];
  int         ok = 1;

  PetscFunctionBeginUser;
  PetscCall(MckIOCheckOpen(io, PETSC_TRUE));
  PetscCall(MckIOSidecarPath(io->path, xdmf_path, sizeof(xdmf_path), &h5_name));
  PetscCheck(dim >= 1 && dim <= 3, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "XDMF sidecar %s: a grid has 1 to 3 dimensions, not %d", xdmf_path, (int)dim);
  PetscCall(MckIOClaimPath(comm, xdmf_path, "-output", MCKIO_XDMF_FILE, NULL, NULL, &partial));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) { /* any failure removes the file in progress */
    FILE *fp = fopen(partial, "w");

    ok = fp && !WriteDocument(fp, h5_name, dim, n, L, nsnap, times, nfields, dsets, names);
    if (fp && fclose(fp) != 0) ok = 0;
    if (ok && rename(partial, xdmf_path) != 0) ok = 0;
    if (!ok) (void)unlink(partial);
  }
  PetscCallMPI(MPI_Bcast(&ok, 1, MPI_INT, 0, comm));
  PetscCheck(ok, comm, PETSC_ERR_FILE_WRITE, "-output: could not write the XDMF sidecar %s", xdmf_path);
  PetscFunctionReturn(0);
}

/*@C
  MckIOSidecarPath - The XDMF sidecar's path of a run file: "dir/run.h5" gives "dir/run.xmf".

  Not Collective

  Input Parameters:
+ run_path - the run file's path
- len      - the size of xmf

  Output Parameters:
+ xmf  - the sidecar's path (the run file's name with its extension replaced by .xmf, or .xmf appended)
- base - points into run_path at the run file's name without directory ("run.h5"), the name the sidecar uses

  Level: developer

.seealso: `MckIOWriteXDMF()`, `MckIOClaimOutput()`
@*/
PetscErrorCode MckIOSidecarPath(const char run_path[], char xmf[], size_t len, const char **base)
{
  char *dot, *slash;

  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(xmf, run_path, len));
  PetscCall(PetscStrrchr(xmf, '/', &slash));
  PetscCall(PetscStrrchr(slash, '.', &dot));
  if (dot != slash) dot[-1] = 0;
  PetscCall(PetscStrlcat(xmf, ".xmf", len));
  PetscCall(PetscStrrchr(run_path, '/', (char **)base));
  PetscFunctionReturn(0);
}
