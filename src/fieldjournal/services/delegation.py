"""Facade methods made from service methods, so a signature is written once, in the service.

``Journal.delete_entry = record_of("entries", EntryService.delete)`` gives the facade a
method with the service method's parameters, types and docstring that hands back only the
record, for scripts and the CLI; ``journal.entries.delete(...)`` is the same call with the
whole ``Outcome`` (record and ``ChangeSet``), which the GUI hands to its screens. mypy checks
calls through either against the service's own signature. ``read_of`` does the same for
reads, which return their answer as it is. The method may be a ``lazy.LazyMethod`` (the
facade names its services' methods without importing their modules): it is looked up on
first use.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, Generic, ParamSpec, Self, TypeVar, overload

from fieldjournal.domain.records import Outcome
from fieldjournal.services.lazy import LazyMethod

S = TypeVar("S")
P = ParamSpec("P")
T = TypeVar("T")


class _Delegate(Generic[S, P, T]):
    """A facade attribute that calls ``method`` on the journal's service ``service``."""

    def __init__(self, service: str, method: Callable[Concatenate[S, P], Any]) -> None:
        self._service = service
        self._method: Callable[Concatenate[S, P], Any] | LazyMethod = method
        self.__doc__ = None if isinstance(method, LazyMethod) else method.__doc__

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = f"{owner.__name__}.{name}"

    @overload
    def __get__(self, journal: None, owner: type[Any]) -> Self: ...

    @overload
    def __get__(self, journal: object, owner: type[Any]) -> Callable[P, T]: ...

    def __get__(self, journal: object | None, owner: type[Any]) -> Self | Callable[P, T]:
        if journal is None:
            if self.__doc__ is None:  # help(Journal), documentation; resolved once
                self.__doc__ = self._real_method().__doc__
            return self
        service = getattr(journal, self._service)
        method = self._real_method()
        unwrap = self._unwrap

        @functools.wraps(method)
        def call(*args: P.args, **kwargs: P.kwargs) -> T:
            return unwrap(method(service, *args, **kwargs))

        call.__qualname__ = self._name
        return call

    def _real_method(self) -> Callable[Concatenate[S, P], Any]:
        method = self._method
        if isinstance(method, LazyMethod):
            method = self._method = method.resolve()
            self.__doc__ = method.__doc__
        return method

    @staticmethod
    def _unwrap(answer: Any) -> T:
        return answer  # type: ignore[no-any-return]


class _RecordOf(_Delegate[S, P, T]):
    @staticmethod
    def _unwrap(answer: Any) -> T:
        assert isinstance(answer, Outcome)
        return answer.value  # type: ignore[no-any-return]


def record_of(service: str, method: Callable[Concatenate[S, P], Outcome[T]]) -> _RecordOf[S, P, T]:
    """A change: the service's ``Outcome`` without its ``ChangeSet`` (listeners had it)."""
    return _RecordOf(service, method)


def read_of(service: str, method: Callable[Concatenate[S, P], T]) -> _Delegate[S, P, T]:
    """A read: the service's answer as it is."""
    return _Delegate(service, method)
