import os
#      ^ import: os *
import os.path as osp
#                 ^ import: os.path *
#         ^ nothing
import collections.abc
#      ^ import: collections *
#                  ^ nothing
from typing import List, Optional as Opt
#                  ^ import: typing List
#                                    ^ import: typing Optional
#    ^ member: top-level
#                        ^ member: path typing
from . import sibling
#             ^ import: . sibling
from .models import User
#                   ^ import: .models User
from ..pkg.mod import thing as other
#                              ^ import: ..pkg.mod thing
#      ^ member: path ..
from star import *


def use(items: List[int]) -> Opt[User]:
#              ^ defined: 9
#                            ^ defined: 9
#                                ^ defined: 16
    import json
#          ^ import: json *
    return json.dumps([os, osp, collections, sibling, other])
#          ^ defined: 28
#               ^ member: json
#                      ^ defined: 1
#                          ^ defined: 3
#                               ^ defined: 6
#                                            ^ defined: 14
#                                                     ^ defined: 18


json
# <- defined: none
