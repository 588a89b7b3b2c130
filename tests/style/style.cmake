# Style of the public interface: a manual page for every public function of every public header.
set(MCK_MANPAGE_HEADERS all)
mck_add_script_test(NAME style.manpages
  COMMAND ${MCK_PYTHON} ${MCK_SOURCE_DIR}/tests/style/test_manpages.py ${MCK_SOURCE_DIR} ${MCK_MANPAGE_HEADERS}
  LABELS style TIMEOUT 60 PROCESSORS 1)
