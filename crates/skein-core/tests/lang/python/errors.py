def ok(a):
    return a
#          ^ defined: 1


def broken(x):
    return x + * 2
#          ^ defined: 6

class


class Fine:
    def method(self):
#       ^ defines: method errors.py#Fine.method
        return ok(1)
#              ^ defined: 1


after = ok
# <- defines: variable errors.py#after
#       ^ defined: 1
