# Style of the public interface: a manual page for every public function of the headers listed
# (each layer joins the list as its pages are written; "all" once every layer has them).
set(MCK_MANPAGE_HEADERS mckrun.h mckparticles.h mcklangevin.h mckdrift.h mckactivation.h mckdmft.h mckpspin.h mckmfnet.h
    mckresample.h mckgentarget.h mckgenfeatures.h mckgensampler.h mckmodel.h mckensemble.h mcktwin.h
    mckean.h mckio.h mckkernel.h mckrng.h mckstats.h)
mck_add_script_test(NAME style.manpages
  COMMAND ${MCK_PYTHON} ${MCK_SOURCE_DIR}/tests/style/test_manpages.py ${MCK_SOURCE_DIR} ${MCK_MANPAGE_HEADERS}
  LABELS style TIMEOUT 60 PROCESSORS 1)
