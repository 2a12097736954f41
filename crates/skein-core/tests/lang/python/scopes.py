x = 1
# <- defines: variable scopes.py#x
x = f(x)
# <- defines: variable scopes.py#x:2
#     ^ defined: 1
a, (b, c), *rest = data
# <- defines: variable scopes.py#a
#      ^ defines: variable scopes.py#c
#           ^ defines: variable scopes.py#rest
count: int = 0
# <- defines: variable scopes.py#count

squares = [n * n for n in range(10) if n % 2]
#          ^ defined: 13
#                    ^ defines: variable scopes.py#n
#                                      ^ defined: 13
pairs = {k: v for k, v in {}.items()}
#        ^ defined: 17
#                    ^ defines: variable scopes.py#v
n
# <- defined: none

for i, item in enumerate(squares):
#   ^ defines: variable scopes.py#i
#      ^ defines: variable scopes.py#item
    print(i, item)
#            ^ defined: 23

with open("f") as handle, ctx() as (one, two):
#                 ^ defines: variable scopes.py#handle
#                                        ^ defines: variable scopes.py#two
    handle.read(one)
#   ^ defined: 29
#               ^ defined: 29

try:
    risky()
except (ValueError, KeyError) as err:
#                                ^ defines: variable scopes.py#err
#       ^ defined: none
    print(err)
#         ^ defined: 38

if (size := len(squares)) > 3:
#   ^ defines: variable scopes.py#size
    print(size)
#         ^ defined: 44


def counter():
    total = 0
#   ^ defines: variable scopes.py#counter.total

    def bump():
        nonlocal total
        total = total + 1
        return total
#              ^ defined: 56

    global x
    return bump
#          ^ defined: 54


match command:
    case ["go", direction]:
#               ^ defines: variable scopes.py#direction
        print(direction)
#             ^ defined: 66
    case Point(x=px, y=0):
#                ^ defines: variable scopes.py#px
#        ^ defined: none
        print(px)
#             ^ defined: 70
