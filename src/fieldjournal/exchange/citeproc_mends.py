"""Mends to citeproc-py, applied once per process before the first style is parsed.

citeproc-py walks the style's XML tree again at every step of a render, and a first
export pays for it with every work it renders (measured on the benchmark's 60 works:
Chicago 2.0 s, APA 1.0 s beyond the plain chapter). Profiled, three lookups make most
of that time, and each answers from the style's tree alone, which nothing changes once
it is parsed:

- ``calls_variable`` (does a group hold a variable?) is asked of every ``cs:group`` each
  time it renders, and walks the whole subtree below it, macros included: Chicago's
  groups nest macros deeply, so one work cost a quarter of a million calls;
- ``xpath_search`` runs an XPath query for a term, a macro, the enclosing layout or the
  names options, over and over with the same element and expression;
- ``get_macro`` searched the whole style for a macro by name at each use;
- a cited item found its work (``CitationItem.reference``) through three lookups, its
  citation, the bibliography and the source, at each of tens of thousands of uses (a
  third of what was left of APA's time).

Each is answered once per element (or item) and kept for the process (styles are parsed once per
process too, see ``csl_render``). Keeping the element as a key keeps lxml's proxy for it
alive, so the same node keeps handing back the same object.

Names: citeproc-py ignores CSL 1.0.1's ``initialize="false"`` (given names written out
even where the style initialises others), so Chicago's "Marsh, Tobin" came out
"Marsh, T.".
"""

from __future__ import annotations

from functools import cache
from typing import Any

_XPATH: dict[tuple[Any, str], Any] = {}
_CALLS_VARIABLE: dict[Any, bool] = {}


@cache
def mend_citeproc() -> None:
    """Apply the mends (once; later calls do nothing)."""
    from citeproc import model

    _remember_calls_variable(model.Parent)
    _remember_calls_variable(model.Text)

    def xpath_search(self: Any, expression: str) -> Any:
        key = (self, expression)
        found = _XPATH.get(key)
        if found is None:
            found = _XPATH[key] = tuple(self.xpath(expression, namespaces=self.nsmap))
        return found

    model.CitationStylesElement.xpath_search = xpath_search

    def get_macro(self: Any, name: str) -> Any:
        return self.get_root().xpath_search(f"cs:macro[@name='{name}'][1]")[0]

    model.CitationStylesElement.get_macro = get_macro

    _remember_reference()

    initialize = model.Name.initialize

    def initialize_unless_told_not_to(self: Any, given: str, mark: str, context: Any) -> Any:
        if self.get("initialize") == "false":
            return given
        return initialize(self, given, mark, context)

    model.Name.initialize = initialize_unless_told_not_to


def _remember_reference() -> None:
    from citeproc.source import CitationItem

    find = CitationItem.reference.fget

    def reference(self: Any) -> Any:
        known = self.__dict__.get("_reference")
        if known is None:
            known = find(self)
            object.__setattr__(self, "_reference", known)  # its own __setattr__ writes keys
        return known

    CitationItem.reference = property(reference)


def _remember_calls_variable(cls: Any) -> None:
    asked = cls.calls_variable

    def calls_variable(self: Any) -> bool:
        known = _CALLS_VARIABLE.get(self)
        if known is None:
            known = _CALLS_VARIABLE[self] = bool(asked(self))
        return known

    cls.calls_variable = calls_variable


__all__ = ["mend_citeproc"]
