

def helper():
    return other()


def other():
    return 1
