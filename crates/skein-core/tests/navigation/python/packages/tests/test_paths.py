from shop.core import engine
#    ^ def: shop/__init__.py:1
#         ^ def: shop/core/__init__.py:1
#                     ^ def: shop/core/engine.py:1
from ..shop.core.engine import Engine
#      ^ def: shop/__init__.py:1
#                ^ def: shop/core/engine.py:1
#                              ^ def: shop/core/engine.py:4
