from .core.engine import Engine
from .core import engine as engine_module

__all__ = ["Engine"]
