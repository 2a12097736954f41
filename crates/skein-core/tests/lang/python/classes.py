class Base:
#     ^ defines: class classes.py#Base
#     ^ doc: A base class.
#     ^ exported: yes
    """A base class."""

    kind = "base"
#   ^ defines: field classes.py#Base.kind
    label: str
#   ^ defines: field classes.py#Base.label
#   ^ type: str
#   ^ owner: Base

    def __init__(self, name):
#       ^ defines: method classes.py#Base.__init__
#                ^ defines: parameter classes.py#Base.__init__.self
        self.name = name
#       ^ defined: 14
#            ^ defines: field classes.py#Base.name
#            ^ owner: Base
#            ^ type: none
#                   ^ defined: 14

    def save(self, db=None):
#       ^ defines: method classes.py#Base.save
#       ^ doc: Saves it.
        """Saves it."""
        return db.put(kind, save, self.save)
#              ^ defined: 24
#                 ^ member: db
#                     ^ defined: none
#                           ^ defined: 56
#                                      ^ member: self

    @staticmethod
    def build():
#       ^ defines: method classes.py#Base.build
        return Base()
#              ^ defined: 1


class _Hidden(Base, metaclass=Meta):
#     ^ defines: class classes.py#_Hidden
#     ^ bases: Base
#     ^ exported: no
#             ^ defined: 1
#                   ^ nothing
#                             ^ defined: none
    class Inner:
#         ^ defines: class classes.py#_Hidden.Inner
        def run(self):
#           ^ defines: method classes.py#_Hidden.Inner.run
            pass


def save(name):
#   ^ defines: function classes.py#save
    return _Hidden(name=name)
#          ^ defined: 42
#                  ^ nothing
#                       ^ defined: 56
