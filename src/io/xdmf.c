/* XDMF sidecar for the grid fields of a run file (mckio.h, MckIOWriteXDMF). */
#include <mckean/mckio.h>

static PetscErrorCode WriteGeometry(FILE *fp, PetscInt dim, const PetscInt n[], const PetscReal L[])
{
  const PetscInt d = PetscMax(dim, 2); /* 1D: shown as a 1 x n mesh */

  PetscFunctionBeginUser;
  /* XDMF lists axes slowest first: z y x */
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "      <Topology TopologyType=\"%" PetscInt_FMT "DCoRectMesh\" Dimensions=\"", d));
  for (PetscInt a = d - 1; a >= 0; a--) PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "%" PetscInt_FMT "%s", a < dim ? n[a] : 1, a ? " " : "\"/>\n"));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "      <Geometry GeometryType=\"%s\">\n", d == 3 ? "ORIGIN_DXDYDZ" : "ORIGIN_DXDY"));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "        <DataItem Dimensions=\"%" PetscInt_FMT "\" Format=\"XML\">", d));
  for (PetscInt a = 0; a < d; a++) PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "0%s", a < d - 1 ? " " : "</DataItem>\n"));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "        <DataItem Dimensions=\"%" PetscInt_FMT "\" Format=\"XML\">", d));
  for (PetscInt a = d - 1; a >= 0; a--) PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "%.17g%s", a < dim ? (double)(L[a] / n[a]) : 1.0, a ? " " : "</DataItem>\n"));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "      </Geometry>\n"));
  PetscFunctionReturn(0);
}

/* Snapshot s of a (nsnap, N, 1) dataset, reshaped to the mesh. */
static PetscErrorCode WriteAttribute(FILE *fp, const char h5_name[], const char dset[], const char name[], PetscInt dim, const PetscInt n[], PetscInt nsnap, PetscInt s)
{
  const PetscInt d = PetscMax(dim, 2);
  PetscInt64     N = 1;

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < dim; a++) N *= n[a];
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "      <Attribute Name=\"%s\" AttributeType=\"Scalar\" Center=\"Node\">\n", name));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "        <DataItem ItemType=\"HyperSlab\" Dimensions=\""));
  for (PetscInt a = d - 1; a >= 0; a--) PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "%" PetscInt_FMT "%s", a < dim ? n[a] : 1, a ? " " : "\" Type=\"HyperSlab\">\n"));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "          <DataItem Dimensions=\"3 3\" Format=\"XML\">%" PetscInt_FMT " 0 0  1 1 1  1 %" PetscInt64_FMT " 1</DataItem>\n", s, N));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "          <DataItem Dimensions=\"%" PetscInt_FMT " %" PetscInt64_FMT " 1\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">%s:%s</DataItem>\n", nsnap, N, h5_name, dset));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "        </DataItem>\n      </Attribute>\n"));
  PetscFunctionReturn(0);
}

PetscErrorCode MckIOWriteXDMF(MPI_Comm comm, const char xdmf_path[], const char h5_name[], PetscInt dim, const PetscInt n[], const PetscReal L[], PetscInt nsnap, const PetscReal times[], PetscInt nfields, const char *const dsets[], const char *const names[])
{
  PetscMPIInt rank;
  char        partial[PETSC_MAX_PATH_LEN];
  FILE       *fp = NULL;
  int         ok = 1;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(PetscSNPrintf(partial, sizeof(partial), "%s.partial", xdmf_path));
  if (rank == 0) {
    fp = fopen(partial, "w");
    ok = fp != NULL;
  }
  PetscCallMPI(MPI_Bcast(&ok, 1, MPI_INT, 0, comm));
  PetscCheck(ok, comm, PETSC_ERR_FILE_OPEN, "cannot write the XDMF sidecar %s", xdmf_path);
  if (rank == 0) {
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "<?xml version=\"1.0\" ?>\n<Xdmf Version=\"3.0\">\n  <Domain>\n"));
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "    <Grid Name=\"fields\" GridType=\"Collection\" CollectionType=\"Temporal\">\n"));
    for (PetscInt s = 0; s < nsnap; s++) {
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "    <Grid Name=\"snapshot_%" PetscInt_FMT "\" GridType=\"Uniform\">\n      <Time Value=\"%.17g\"/>\n", s, (double)times[s]));
      PetscCall(WriteGeometry(fp, dim, n, L));
      for (PetscInt j = 0; j < nfields; j++) PetscCall(WriteAttribute(fp, h5_name, dsets[j], names[j], dim, n, nsnap, s));
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "    </Grid>\n"));
    }
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "    </Grid>\n  </Domain>\n</Xdmf>\n"));
    ok = fclose(fp) == 0 && rename(partial, xdmf_path) == 0;
  }
  PetscCallMPI(MPI_Bcast(&ok, 1, MPI_INT, 0, comm));
  PetscCheck(ok, comm, PETSC_ERR_FILE_WRITE, "could not complete the XDMF sidecar %s", xdmf_path);
  PetscFunctionReturn(0);
}

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
