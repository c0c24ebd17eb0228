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

And three places where it renders what the style does not say:

- a variable that stood in for a missing author (``cs:substitute``: the editors of an
  edited book, the title of a page with no author) is printed a second time where the
  style prints it again ("Gilchrist, A., & Taylor, M. (Eds.). (2010). The Handbook (A.
  Gilchrist & M. Taylor, Eds.)"): the CSL rule is that a substituted variable is empty
  in the rest of the entry. citeproc-py kept a list of the substitutes' elements that it
  never consulted for names, and recorded nothing when the substitute was a macro;
- ``is-numeric="locator"`` asked the work, never the locator, so a chapter or section
  number lost its label ("(NHS England, 2019, 3)" for "Chapter 3");
- a bare ``<names variable="editor"/>`` inside a ``cs:choose`` of a substitute wrote
  the names in citeproc-py's default form ("A. Gilchrist, M. Taylor"), not the form of
  the names it stands in for ("Gilchrist and Taylor");
- a group that called variables and rendered none of them was written all the same
  when a ``cs:choose`` in it wrote a fixed word (APA's "(Publication)" for a thesis);
- ``text-case="title"`` was skipped wherever no work's language was handed on (labels
  and terms), so APA's "(Eds.)" came out "(eds.)";
- a date range within one year ("2019-03/2019-04", a conference) lost its year, and
  with it the whole date of a citation.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from typing import Any

_XPATH: dict[tuple[Any, str], Any] = {}
_CALLS_VARIABLE: dict[Any, bool] = {}
# Keys of a layout's per-item ``repressed`` dict (its own keys are element tags), so they
# are cleared with it before each work: what substitutes rendered, and what they record.
_SUPPRESSED = "fieldjournal-suppressed"
_RECORDING = "fieldjournal-recording"
# CSL's numeric: numbers with affixes, joined by - & , or "and" ("12", "4-6", "2b, 3").
_RENDERED = threading.local()  # how many variables were rendered so far, per thread
_NUMERIC = re.compile(r"\s*[a-z]*\d+[a-z]*(?:\s*(?:[-–&,]|and)\s*[a-z]*\d+[a-z]*)*\s*", re.I)


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
    _suppress_substituted(model)
    _groups_of_empty_variables(model)
    _title_case_labels(model)
    _numeric_locator(model)
    _date_range_keeps_its_year(model)


def _suppress_substituted(model: Any) -> None:
    substitute_render = model.Substitute.render

    def render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        repressed = (context if context is not None else self).get_layout().repressed
        outer = repressed.get(_RECORDING)
        recording: set[str] = set()
        repressed[_RECORDING] = recording
        try:
            text = substitute_render(self, item, context=context, **kwargs)
        finally:
            if outer is None:
                repressed.pop(_RECORDING, None)
            else:
                repressed[_RECORDING] = outer | recording
        if text:
            repressed.setdefault(_SUPPRESSED, set()).update(recording)
        return text

    model.Substitute.render = render

    text_variable = model.Text._variable

    def variable(self: Any, item: Any, context: Any) -> Any:
        repressed = context.get_layout().repressed
        name = self.get("variable")
        if name in repressed.get(_SUPPRESSED, ()):
            return None
        if name not in self.generated_variables:  # year-suffix: not the work's (CSL)
            _asked()
        text = _counted(text_variable(self, item, context))
        if text and _RECORDING in repressed:
            repressed[_RECORDING].add(name)
        return text

    model.Text._variable = variable

    names_process = model.Names.process

    def process(
        self: Any, item: Any, names_context: Any = None, context: Any = None, **kw: Any
    ) -> Any:
        repressed = (context if context is not None else self).get_layout().repressed
        suppressed = repressed.get(_SUPPRESSED, ())
        if self.name is None and names_context in (None, self):
            # a bare <names variable="editor"/> in a substitute, if nested in a choose,
            # still takes its name form from the names it stands in for (CSL's shorthand)
            outer = self.xpath_search("./ancestor::cs:substitute[1]/parent::cs:names[1]")
            names_context = outer[0] if outer else names_context
        roles = self.get("variable", "").split()
        kept = [role for role in roles if role not in suppressed]
        _asked()
        if not kept:
            raise model.VariableError  # empty: neither the names nor their substitute
        if kept != roles:
            self.set("variable", " ".join(kept))
        try:
            text = _counted(
                names_process(self, item, names_context=names_context, context=context, **kw)
            )
        finally:
            self.set("variable", " ".join(roles))
        if text and _RECORDING in repressed:
            present = (r for r in kept if r.replace("-", "_") in item.reference)
            repressed[_RECORDING].update(present)
        return text

    model.Names.process = process


def _asked() -> None:
    _RENDERED.asked = getattr(_RENDERED, "asked", 0) + 1


def _counted(rendered: Any) -> Any:
    if rendered:
        _RENDERED.count = getattr(_RENDERED, "count", 0) + 1
    return rendered


def _counts() -> tuple[int, int]:
    return getattr(_RENDERED, "asked", 0), getattr(_RENDERED, "count", 0)


def _groups_of_empty_variables(model: Any) -> None:
    """A group that asked for variables and rendered none of them is not rendered.

    That is CSL's rule, over the variables a group's rendering *asks for* (a branch of a
    ``cs:choose`` not taken asks for nothing). citeproc-py counted a group as rendering a
    variable when a child that could call one wrote anything: a ``cs:choose`` whose
    branch wrote a fixed word, so APA wrote "(Publication)" for a thesis with no
    publication number. Here each variable asked for and each rendered is counted.
    """
    for cls in (model.Date, model.Number):
        _count_rendering(cls)
    group_process = model.Group.process

    def process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        asked, rendered = _counts()
        text = group_process(self, item, context=context, **kwargs)
        now_asked, now_rendered = _counts()
        if now_asked > asked and now_rendered == rendered:
            raise model.VariableError
        return text

    model.Group.process = process


def _count_rendering(cls: Any) -> None:
    process = cls.process

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        _asked()
        return _counted(process(self, *args, **kwargs))

    cls.process = counted


def _title_case_labels(model: Any) -> None:
    case = model.TextCased.case

    def cased(self: Any, text: Any, language: Any = None) -> Any:
        if language is None:  # a label or term: in the style's own language
            language = (self.get_root().get("default-locale") or "en")[:2]
        return case(self, text, language)

    model.TextCased.case = cased


def _numeric_locator(model: Any) -> None:
    is_numeric = model.If._is_numeric

    def numeric(self: Any, item: Any) -> list[bool]:
        asked = is_numeric(self, item)
        for index, name in enumerate(self.get("is-numeric").split()):
            if name == "locator":
                identifier = str(item.locator.identifier) if item.has_locator else ""
                asked[index] = bool(_NUMERIC.fullmatch(identifier))
        return list(asked)

    model.If._is_numeric = numeric


def _date_range_keeps_its_year(model: Any) -> None:
    render_range = model.Date.render_date_range

    def render_date_range(
        self: Any, dates: Any, show_parts: Any = None, context: Any = None
    ) -> Any:
        shown = list(show_parts) if show_parts is not None else ["year", "month", "day"]
        text = render_range(self, dates, list(shown), context)
        begin = dates.begin
        if text and (dates.end.is_nil() or str(begin.year) in str(text)):
            return text
        return self.render_single_date(begin, shown, context)  # the start, year and all

    model.Date.render_date_range = render_date_range


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
