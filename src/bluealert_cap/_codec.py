"""STUB — codec being written."""
def parse(source):  # type: ignore[no-untyped-def]
    raise NotImplementedError
