"""Works citeproc-py alone renders wrongly, in each shipped style: edited books and
works with no author (the substitute printed twice), no date, date ranges, titles
ending in a question mark, chapter and section locators, a thesis's kind, a suffix
after a locator."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldjournal.exchange.bibliography import read_file
from fieldjournal.exchange.citations import find_citations
from fieldjournal.exchange.csl_render import CslRenderer

REFS = Path(__file__).parents[1] / "fixtures" / "references"


@pytest.fixture(scope="module")
def items() -> dict[str, dict[str, object]]:
    return {
        **read_file(REFS / "biblatex.bib").items,
        **read_file(REFS / "zotero-export.json").items,
    }


def written(style: str, items: dict[str, dict[str, object]], prose: str) -> list[str]:
    renderer = CslRenderer(style, items)
    citations = find_citations(prose)
    for citation in citations:
        renderer.register(citation)
    return ["".join(r.text for r in renderer.cite(c)) for c in citations]


def references(style: str, items: dict[str, dict[str, object]], keys: str) -> list[str]:
    renderer = CslRenderer(style, items)
    for citation in find_citations(keys):
        renderer.register(citation)
    return ["".join(r.text for r in entry) for entry in renderer.bibliography()]


CITATIONS = {
    "apa": [
        "Gilmore and Tarrant (2010)",
        "(Millbrook Partnership, n.d.)",
        "Millbrook Partnership (n.d.)",
        "Calder Trust (Spring 2014)",
        "(Müllard et al., 2019)",
        "(Calder Health Board, 2019, Chapter 3)",
        "(Calder Health Board, 2019, Section 2.1)",
        "(Sorley et al., 2015, p. 3, emphasis added)",
        "(Vessey, 2012)",
    ],
    "harvard": [
        "Gilmore and Tarrant (2010)",
        "(Millbrook Partnership, no date)",
        "Millbrook Partnership (no date)",
        "Calder Trust (Spring 2014)",
        "(Müllard, François and Østerby, 2019)",
        "(Calder Health Board, 2019, ch. 3)",
        "(Calder Health Board, 2019, sect. 2.1)",
        "(Sorley, Jenner and Brack, 2015, p. 3, emphasis added)",  # et al. from four
        "(Vessey, 2012)",
    ],
    "chicago": [
        "Gilmore and Tarrant (2010)",
        "(Millbrook Partnership, n.d.)",
        "Millbrook Partnership (n.d.)",
        "Calder Trust (Spring 2014)",
        "(Müllard et al. 2019)",
        "(Calder Health Board 2019, chap. 3)",
        "(Calder Health Board 2019, sec. 2.1)",
        "(Sorley et al. 2015, 3, emphasis added)",
        "(Vessey 2012)",
    ],
}
PROSE = (
    "@gilmore2010 [@minutes] @minutes @calder2014 [@mullard2019] [@wardle2019, chap. 3]"
    " [@wardle2019, sec. 2.1] [@sorley2015, p. 3, emphasis added] [@vessey2012]"
)


@pytest.mark.parametrize("style", sorted(CITATIONS))
def test_citations_of_edited_undated_ranged_and_located_works(
    style: str, items: dict[str, dict[str, object]]
) -> None:
    assert written(style, items, PROSE) == CITATIONS[style]


REFERENCES = {
    "apa": [
        "A Page with No Author. (n.d.). Retrieved June 30, 2021, from https://example.org/page",
        "Dumont, J.-F. (2012). La Confiance Dans Les Partenariats [PhD thesis]. Université de"
        " Lyon.",
        "Gilmore, A., & Tarrant, M. (Eds.). (2010). The Handbook of Community Work. Oxford"
        " University Press.",
        "Müllard, J., François, R., & Østerby, S. (2019). Vertrauen in Netzwerken. Proceedings"
        " of the Health Systems Forum, 45–52.",
        "Sorley, A., Jenner, B., & Brack, C. (2015). Does Integrated Care Work? Journal of"
        " Shared Care, 23(2), 1–20.",
        "Vessey, S. (2012). Trust in Networks. In A. Quarrie (Ed.), Collaborative Governance"
        " in Practice (pp. 10–25). Sage.",
    ],
    "harvard": [
        "A Page with No Author (no date). Available at: https://example.org/page (Accessed:"
        " 30 June 2021).",
        "Dumont, J.-F. (2012) La Confiance Dans Les Partenariats. PhD thesis. Université de Lyon.",
        "Gilmore, A. and Tarrant, M. (eds) (2010) The Handbook of Community Work. Oxford:"
        " Oxford University Press.",
        "Müllard, J., François, R. and Østerby, S. (2019) ‘Vertrauen in Netzwerken’,"
        " Proceedings of the Health Systems Forum, pp. 45–52.",
        "Sorley, A., Jenner, B. and Brack, C. (2015) ‘Does Integrated Care Work?’, Journal of"
        " Shared Care, 23(2), pp. 1–20.",
        "Vessey, S. (2012) ‘Trust in Networks’, in A. Quarrie (ed.) Collaborative Governance"
        " in Practice. London: Sage, pp. 10–25.",
    ],
    "chicago": [
        "“A Page with No Author.” n.d. Accessed June 30, 2021. https://example.org/page.",
        "Dumont, Jean-François. 2012. “La Confiance Dans Les Partenariats.” PhD thesis,"
        " Université de Lyon.",
        "Gilmore, Alys, and Maren Tarrant, eds. 2010. The Handbook of Community Work. Oxford"
        " University Press.",
        "Müllard, Jörn, Renée François, and Søren Østerby. 2019. “Vertrauen in Netzwerken.”"
        " Proceedings of the Health Systems Forum, March, 45–52.",
        "Sorley, Anna, Bob Jenner, and Carl Brack. 2015. “Does Integrated Care Work?” Journal"
        " of Shared Care 23 (2): 1–20.",
        "Vessey, Siân. 2012. “Trust in Networks.” In Collaborative Governance in Practice,"
        " edited by Ansel Quarrie. Sage.",
    ],
}


@pytest.mark.parametrize("style", sorted(REFERENCES))
def test_each_entry_names_its_substitute_once_and_keeps_its_year(
    style: str, items: dict[str, dict[str, object]]
) -> None:
    keys = "[@pageonly; @dumont2012; @gilmore2010; @mullard2019; @sorley2015; @vessey2012]"
    assert references(style, items, keys) == REFERENCES[style]


@pytest.mark.parametrize(
    ("style", "first"), [("apa", "Sorley"), ("harvard", "van der Berg"), ("chicago", "Berg")]
)
def test_a_particle_sorts_where_the_style_puts_it(
    style: str, first: str, items: dict[str, dict[str, object]]
) -> None:
    berg: dict[str, object] = {
        "type": "book",
        "title": "Dykes",
        "author": [{"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"}],
        "issued": {"date-parts": [[2001]]},
    }
    entries = references(style, {**items, "berg2001": berg}, "[@berg2001; @sorley2015]")
    assert entries[0].startswith(first)  # APA never demotes "van der": it sorts under V
