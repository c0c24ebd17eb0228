"""Citations and References in each shipped style, where citeproc-py alone falls short:
year suffixes in bibliography order, same-author collapse, et al. per style, narrative
and year-only forms, locators in the style's form, unknown keys marked."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldjournal.domain.errors import InvalidInput
from fieldjournal.exchange import csl_render
from fieldjournal.exchange.bibliography import read_file
from fieldjournal.exchange.citations import find_citations
from fieldjournal.exchange.csl_render import STYLES, CslRenderer, runs, style_path

REFS = Path(__file__).parents[1] / "fixtures" / "references"
PROSE = (
    "[@marsh2019b] [@marsh2019a, p. 4] @holt2000a [p. 33] "
    "[@holt2000b; @holt2000a] [-@dunmore2015] [@dunmore2015; @ferrand2011] [@nobody]"
)
EXPECTED = {
    "apa": [
        "(Marsh, 2019a)",
        "(Marsh, 2019b, p. 4)",
        "Holt and Vangsgaard (2000a, p. 33)",
        "(Holt & Vangsgaard, 2000a, 2000b)",
        "(2015)",
        "(Dunmore et al., 2015; Ferrand, 2011)",
        "[@nobody?]",
    ],
    "harvard": [
        "(Marsh, 2019a)",
        "(Marsh, 2019b, p. 4)",
        "Holt and Vangsgaard (2000a, p. 33)",
        "(Holt and Vangsgaard, 2000a, 2000b)",
        "(2015)",
        "(Dunmore, Sorrell and Prys, 2015; Ferrand, 2011)",  # et al. from four authors
        "[@nobody?]",
    ],
    "chicago": [
        "(Marsh 2019a)",
        "(Marsh 2019b, 4)",
        "Holt and Vangsgaard (2000a, 33)",
        "(Holt and Vangsgaard 2000b, 2000a)",  # the style keeps the order written
        "(2015)",
        "(Dunmore et al. 2015; Ferrand 2011)",
        "[@nobody?]",
    ],
    "chicago-17": [
        "(Marsh 2019a)",
        "(Marsh 2019b, 4)",
        "Holt and Vangsgaard (2000a, 33)",
        "(Holt and Vangsgaard 2000b, 2000a)",
        "(2015)",
        "(Dunmore, Sorrell, and Prys 2015; Ferrand 2011)",  # et al. from four authors
        "[@nobody?]",
    ],
}
REFERENCES = {
    "apa": [
        "Dunmore, A., Sorrell, K., & Prys, L. (2015). Tenants Together. Calder Press.",
        "Ferrand, O. (2011). Stairwells and Standing: Housing Complaints in a Port Town."
        " Calder Press.",
        "Holt, I., & Vangsgaard, P. (2000a). Making partnerships move. In R. Penhallow (Ed.),"
        " Working Together (pp. 33–51). Lantern Books.",
        "Holt, I., & Vangsgaard, P. (2000b). The inertia of collaboration. Review of Shared"
        " Work, 4, 1–20.",
        "Marsh, T. (2019a). After the forum. Journal of Civic Repair, 12(4), 301–318.",
        "Marsh, T. (2019b). Waiting rooms. Journal of Civic Repair, 12(3), 201–219."
        " https://doi.org/10.5555/jcr.2019.12.3",
    ],
    "harvard": [
        "Dunmore, A., Sorrell, K. and Prys, L. (2015) Tenants Together. Bristol: Calder Press.",
        "Ferrand, O. (2011) Stairwells and Standing: Housing Complaints in a Port Town."
        " Bristol: Calder Press.",
        # British: single quotation marks, punctuation outside them
        "Holt, I. and Vangsgaard, P. (2000a) ‘Making partnerships move’, in R. Penhallow (ed.)"
        " Working Together. Leeds: Lantern Books, pp. 33–51.",
        "Holt, I. and Vangsgaard, P. (2000b) ‘The inertia of collaboration’, Review of Shared"
        " Work, 4, pp. 1–20.",
        "Marsh, T. (2019a) ‘After the forum’, Journal of Civic Repair, 12(4), pp. 301–318.",
        "Marsh, T. (2019b) ‘Waiting rooms’, Journal of Civic Repair, 12(3), pp. 201–219."
        " Available at: https://doi.org/10.5555/jcr.2019.12.3.",
    ],
    "chicago": [  # given names written out, as the style asks (initialize="false")
        "Dunmore, Ada, Kit Sorrell, and Lena Prys. 2015. Tenants Together. Calder Press.",
        "Ferrand, Odile. 2011. Stairwells and Standing: Housing Complaints in a Port Town."
        " Calder Press.",
        # American: the period inside the quotation marks (punctuation-in-quote)
        "Holt, Ines, and Per Vangsgaard. 2000a. “Making Partnerships Move.” In Working"
        " Together, edited by Ruth Penhallow. Lantern Books.",
        "Holt, Ines, and Per Vangsgaard. 2000b. “The Inertia of Collaboration.” Review of"
        " Shared Work 4: 1–20.",
        "Marsh, Tobin. 2019a. “After the Forum.” Journal of Civic Repair 12 (4): 301–18.",
        "Marsh, Tobin. 2019b. “Waiting Rooms.” Journal of Civic Repair 12 (3): 201–19."
        " https://doi.org/10.5555/jcr.2019.12.3.",
    ],
    "chicago-17": [  # the 17th edition names the place of publication and pages in a book
        "Dunmore, Ada, Kit Sorrell, and Lena Prys. 2015. Tenants Together. Bristol: Calder Press.",
        "Ferrand, Odile. 2011. Stairwells and Standing: Housing Complaints in a Port Town."
        " Bristol: Calder Press.",
        "Holt, Ines, and Per Vangsgaard. 2000a. “Making Partnerships Move.” In Working"
        " Together, edited by Ruth Penhallow, 33–51. Leeds: Lantern Books.",
        "Holt, Ines, and Per Vangsgaard. 2000b. “The Inertia of Collaboration.” Review of"
        " Shared Work 4 (2000): 1–20.",
        "Marsh, Tobin. 2019a. “After the Forum.” Journal of Civic Repair 12 (4): 301–18.",
        "Marsh, Tobin. 2019b. “Waiting Rooms.” Journal of Civic Repair 12 (3): 201–19."
        " https://doi.org/10.5555/jcr.2019.12.3.",
    ],
}


@pytest.fixture(scope="module")
def items() -> dict[str, dict[str, object]]:
    return dict(read_file(REFS / "library.bib").items)


@pytest.mark.parametrize("style", sorted(EXPECTED))
def test_citations_and_references_in_each_shipped_style(
    style: str, items: dict[str, dict[str, object]]
) -> None:
    renderer = CslRenderer(style, items)
    citations = find_citations(PROSE)
    for citation in citations:
        renderer.register(citation)
    written = ["".join(r.text for r in renderer.cite(c)) for c in citations]
    assert written == EXPECTED[style]
    entries = ["".join(r.text for r in entry) for entry in renderer.bibliography()]
    assert entries == REFERENCES[style]
    titles = [r for r in renderer.bibliography()[1] if r.emphasis]
    assert [r.text for r in titles] == [
        "Stairwells and Standing: Housing Complaints in a Port Town"
    ]


def test_html_becomes_runs() -> None:
    assert [(r.text, r.emphasis, r.strong) for r in runs("A &amp; <i>B</i> <b>C</b>")] == [
        ("A & ", False, False),
        ("B", True, False),
        (" ", False, False),
        ("C", False, True),
    ]


def test_a_style_is_a_name_or_a_csl_file(tmp_path: Path) -> None:
    assert style_path("apa").name == "apa.csl"
    assert style_path("harvard").is_file() and style_path("chicago").is_file()
    assert style_path("chicago-17").name == "chicago-author-date-17th-edition.csl"
    with pytest.raises(InvalidInput, match="no citation style"):
        style_path("mla")
    with pytest.raises(InvalidInput, match="no citation style"):
        style_path(str(tmp_path / "missing.csl"))


def test_each_shipped_style_keeps_its_licence() -> None:
    for name in STYLES:
        text = style_path(name).read_text(encoding="utf-8")
        assert 'license="http://creativecommons.org/licenses/by-sa/3.0/"' in text


def test_a_second_work_renders_without_searching_the_style_again(
    monkeypatch: pytest.MonkeyPatch, items: dict[str, dict[str, object]]
) -> None:
    """citeproc-py's lookups in the style are answered once per process: a first export
    no longer pays for them at every work (citeproc_mends)."""
    from citeproc import model
    from lxml import etree

    monkeypatch.setattr(csl_render, "_RENDERED", {})  # every work rendered afresh
    renderer = CslRenderer("chicago", items)
    first = "".join(r.text for r in renderer.cite(find_citations("[@marsh2019a]")[0]))
    searched: list[str] = []

    def counted(self: etree.ElementBase, expression: str, **options: object) -> object:
        searched.append(expression)
        return etree.ElementBase.xpath(self, expression, **options)

    monkeypatch.setattr(model.CitationStylesElement, "xpath", counted)
    second = "".join(r.text for r in renderer.cite(find_citations("[@marsh2019b]")[0]))
    assert first == second == "(Marsh 2019)"  # none registered, so no year suffixes
    assert searched == []
