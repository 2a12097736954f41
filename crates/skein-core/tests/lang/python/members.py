import pkg.sub
#      ^ import: pkg *
#          ^ nothing
import os.path as osp
#                 ^ import: os.path *
from . import sibling
#             ^ import: . sibling
from .models import User as Model
#                           ^ import: .models User
from ..pkg.mod import thing
#                     ^ import: ..pkg.mod thing
from helpers import *
#    ^ member: top-level


class Base:
    def save(self):
        return self.helper().done
#                   ^ member: self
#                            ^ member: unknown

    @classmethod
    def make(cls):
        cls.count = 0
#           ^ defines: field members.py#Base.count
#           ^ owner: Base
        return cls.count
#                  ^ member: self


class Child(Base, pkg.Mixin, Generic[T], metaclass=Meta):
#     ^ bases: Base, Mixin, Generic
#                     ^ member: pkg
    def __init__(self, user: Model, repo: pkg.Repo, opt: Optional[Model] = None, n=0):
#                      ^ type: Model
#                                   ^ type: Repo
#                                                   ^ type: none
#                                                                                ^ type: none
        self.user = user
#            ^ defines: field members.py#Child.user
#            ^ owner: Child
#            ^ type: none
        self.repo = Model()
#            ^ type: Model
        self.store: osp.Store = make()
#            ^ type: Store
        self.user.name.strip()
#            ^ member: self
#                 ^ member: user
#                      ^ member: name
        self.count += 1
#            ^ member: self

    def helper(self):
        def inner():
            self.cache = {}
#                ^ defines: field members.py#Child.cache
#                ^ owner: Child
        return inner


def run(child: Child):
#   ^ owner: none
#       ^ type: Child
    made = Child(1)
#   ^ type: Child
    other = pkg.sub.Child()
#   ^ type: Child
#               ^ member: pkg
#                   ^ member: sub
    typed: Model = load()
#   ^ type: Model
    Model.create(sibling.f(), thing.g, osp.join("a"))
#         ^ member: Model
#                        ^ member: sibling
#                                   ^ member: thing
#                                          ^ member: osp
    child.save().done
#         ^ member: child
#                ^ member: unknown
    return made, other, typed
#          ^ defined: 65


class Pair:
    def __init__(self, a, b):
        self.a, self.b = a, b
#            ^ defines: field members.py#Pair.a
#                    ^ defines: field members.py#Pair.b
#                    ^ owner: Pair
