"""Services the ``Journal`` facade builds on first use, from modules imported only then.

Every command opens a journal, and most use one or two of its services: importing them
all (python-docx, citeproc, the REFI-QDA and chart exporters, bibliography parsers) cost
every command a third of a second before it did anything. The facade names each service
with a ``LazyService`` (the module is imported and the service built the first time the
attribute is read), and its delegated methods (``record_of("entries", EntryService.update)``,
see ``delegation``) with a ``LazyClass`` standing in for the service class at run time,
whose attributes name a method without importing its module. The type checker sees the
real classes (imported under ``TYPE_CHECKING``), so every call is still checked against
the service's own signature.
"""

from __future__ import annotations

import importlib
import threading
from typing import Any, Generic, Protocol, Self, TypeVar, overload

T = TypeVar("T")

_BUILDING = threading.Lock()  # two threads reading a service first build it once


class _HasContext(Protocol):
    _ctx: Any


def load(module: str, name: str) -> Any:
    """``module.name``, importing ``module`` if it is not yet."""
    return getattr(importlib.import_module(module), name)


class LazyService(Generic[T]):
    """A facade attribute: the service ``module.name``, built from the journal's context
    the first time it is read and kept on the journal (an instance attribute from then on,
    so the next read costs nothing)."""

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name
        self.attribute = name

    def __set_name__(self, owner: type[Any], attribute: str) -> None:
        self.attribute = attribute

    @overload
    def __get__(self, journal: None, owner: type[Any]) -> Self: ...

    @overload
    def __get__(self, journal: _HasContext, owner: type[Any]) -> T: ...

    def __get__(self, journal: _HasContext | None, owner: type[Any]) -> Self | T:
        if journal is None:
            return self
        with _BUILDING:
            kept = vars(journal)
            if self.attribute not in kept:
                kept[self.attribute] = load(self.module, self.name)(journal._ctx)
        service: T = kept[self.attribute]
        return service


class LazyMethod:
    """A service method named without importing its module (``resolve`` imports it)."""

    def __init__(self, module: str, owner: str, name: str) -> None:
        self.module, self.owner, self.__name__ = module, owner, name

    def resolve(self) -> Any:
        return getattr(load(self.module, self.owner), self.__name__)


class LazyClass:
    """Stands for the service class ``module.name`` in the facade's class body at run time:
    ``EntryService.update`` is a ``LazyMethod``."""

    def __init__(self, module: str, name: str) -> None:
        self._module, self._name = module, name

    def __getattr__(self, method: str) -> LazyMethod:
        if method.startswith("__"):
            raise AttributeError(method)
        return LazyMethod(self._module, self._name, method)
