from shop import Engine
import shop.core.engine
from shop.core.engine import run as go
import shop.core.engine as eng
from ..shop.core import engine

machine = Engine()
# <- def: tests/test_engine.py:7
#         ^ def: shop/core/engine.py:4
machine.start()
#       ^ def: shop/core/engine.py:5
shop.core.engine.run(None)
#                ^ def: shop/core/engine.py:9
go(None)
# <- def: shop/core/engine.py:9
# <- refs: tests/test_engine.py:3, tests/test_engine.py:3, tests/test_engine.py:12, tests/test_engine.py:14, tests/test_engine.py:17, tests/test_engine.py:19, tests/test_engine.py:21
eng.run(1)
#   ^ def: shop/core/engine.py:9
engine.run(2)
#      ^ def: shop/core/engine.py:9
print(go)
# <- def: none
