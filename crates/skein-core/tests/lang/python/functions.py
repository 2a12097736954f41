"""Module docstring."""
import os

MAX_SIZE = 10
# <- defines: constant functions.py#MAX_SIZE
# <- exported: yes
_PRIVATE = 1
# <- defines: constant functions.py#_PRIVATE
# <- exported: no
counter = 0
# <- defines: variable functions.py#counter
# <- exported: yes


def greet(name, greeting="hi", *args, times: int = 1, **kwargs) -> str:
#   ^ defines: function functions.py#greet
#   ^ exported: yes
#   ^ doc: Greets someone.\n\nTwice if needed.
#   ^ enclosing: 15-33
#         ^ defines: parameter functions.py#greet.name
#               ^ defines: parameter functions.py#greet.greeting
#                               ^ defines: parameter functions.py#greet.args
#                                     ^ defines: parameter functions.py#greet.times
#                                                       ^ defines: parameter functions.py#greet.kwargs
    """Greets someone.

    Twice if needed.
    """
    message = greeting + name * times
#   ^ defines: variable functions.py#greet.message
#             ^ defined: 15
#                               ^ defined: 15
    return helper(message, args, kwargs, MAX_SIZE, os)
#          ^ defined: 40
#                 ^ defined: 29
#                                        ^ defined: 4
#                                                  ^ defined: 2


def helper(*parts):
#   ^ doc: none
    return len(parts)
#          ^ defined: none
#              ^ defined: 40


def _internal():
#   ^ defines: function functions.py#_internal
#   ^ exported: no
    def nested(x):
#       ^ defines: function functions.py#_internal.nested
#       ^ exported: no
        return x
#              ^ defined: 50

    total = nested(1)
#           ^ defined: 50
    total = total + nested(2)
#   ^ defines: variable functions.py#_internal.total:57
#           ^ defined: 56
    return total
#          ^ defined: 58


square = lambda value: value * value
# <- defines: function functions.py#square
#               ^ defines: parameter functions.py#square.value
#                      ^ defined: 65


@decorator
 # <- defined: none
def decorated(arg):
#   ^ defines: function functions.py#decorated
#   ^ exported: yes
    return square(arg)
#          ^ defined: 65
