"""Modules imported on first use.

pandas takes about half a second to import, and a streamed run needs it only when its first block is
finished. Importing it lazily lets the worker processes start, and the first progress line appear, before
it has loaded: the workers fork from a parent that has not paid for it, and the parent loads it while
they audit the first chunks. Use ``from audit.lazy import pandas as pd``; the first attribute looked up
imports pandas, and every later look-up is an ordinary module-attribute read.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Callable


class LazyModule(ModuleType):
    """A stand-in for a module that imports it when one of its attributes is first read."""

    def __getattr__(self, name: str):
        # Only called for names not yet in this object's namespace: copy the real module's in once.
        module = importlib.import_module(self.__name__)
        self.__dict__.update(module.__dict__)
        return getattr(module, name)


pandas = LazyModule("pandas")


def function(module: str, name: str) -> Callable:
    """A stand-in for `module.name` (a function) that imports the module when first called: the command
    line names what its commands run without loading the engine and the detectors for `--version`."""
    def call(*args, **kwargs):
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call
