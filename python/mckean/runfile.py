def open_run(path):
    raise NotImplementedError
