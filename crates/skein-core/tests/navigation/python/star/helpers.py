def helper():
    pass


def _private():
    pass
