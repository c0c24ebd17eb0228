"""Names as people write them: the forms issue 11 found leaking, and others like them.

All names are fictional. Each case is one form of writing a name; the replacement must
hide it, and the independent leak check must find it where the replacement is skipped.
"""

from __future__ import annotations

import pytest

from fieldjournal.domain.pseudonyms import AMBIGUOUS_PART, NameRule, widen_to_words
from fieldjournal.exchange.names.leak_check import LeakCheck
from fieldjournal.exchange.names.replacer import Pseudonymiser


def person(name: str, pseudonym: str, *aliases: str, common: bool = False) -> NameRule:
    return NameRule(name, (name, *aliases), pseudonym, person=True, common_word=common)


RULES = [
    person("Margaret Holloway", "Anne Carter", "Maggie"),
    person("Jürgen Weiß", "Tom Bell"),
    person("Işıl Kılıç", "Ece Demir"),
    person("Yıldız Aksoy", "Nur Oztan"),
    person("Siobhán Murphy", "Kate Byrne"),
    person("Mary-Jane Watson-Smith", "Lucy Hart"),
    person("Ana Castellanos-Ibáñez", "Eva Ruiz"),
    person("Sean O'Neill", "Paul Reid"),
    person("Dr Ahmed Rahman", "Dr Omar Khan"),
    person("Søren Åberg", "Lars Berg"),
    person("Ruth Price", "June Adler"),
    person("Hope Saunders", "Faith Brown"),
    NameRule("Millbrook CVS", ("Millbrook CVS",), "Riverside CVS"),
]
NAMES = Pseudonymiser(RULES)
CHECK = LeakCheck(RULES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # names inside addresses and handles
        ("write to margaret.holloway@nhs.net today", "write to [email removed] today"),
        ("see https://nhs.net/staff/margaret-holloway.", "see [link removed]."),
        ("MargaretHolloway posted #HollowayOut", "Anne Carter posted #CarterOut"),
        ("ping @mholloway or mholloway@trust.org", "ping [handle removed] or [email removed]"),
        ("#hollowayout trended", "[hashtag removed] trended"),
        # invisible characters
        ("Mar\u00adgaret Hol\u00adloway came", "Anne Carter came"),
        (
            "Mar\u200bgaret and Hollo\u2060way and \ufeffMaggie",
            "Anne and Carter and \ufeffAnne Carter",
        ),
        # accents, transliterations, Turkish i
        ("Juergen, Jurgen, JÜRGEN WEISS", "Tom, Tom, TOM BELL"),
        ("Isil Kilic and IŞIL KILIÇ", "Ece Demir and ECE DEMIR"),
        ("Yildiz / YILDIZ / yıldız", "Nur / NUR / Nur"),
        ("siobhan said", "Kate said"),
        ("Soeren Aaberg and Soren Aberg", "Lars Berg and Lars Berg"),
        # compound names and their parts
        ("Mary Jane and Watson Smith", "Lucy and Hart"),
        ("MaryJane Watson-Smith spoke", "Lucy Hart spoke"),
        ("Castellanos alone, Ibanez alone", "Ruiz alone, Ruiz alone"),
        ("ONeill, O Neill, O’Neill's, o'neill", "Reid, Reid, Reid's, Reid"),
        # titles in pseudonyms
        ("Ahmed said; Dr Rahman agreed", "Omar said; Dr Khan agreed"),
        ("Dr Ahmed Rahman and Ahmed Rahman", "Dr Omar Khan and Omar Khan"),
        # possessives keep their case
        ("MAGGIE'S coat, Maggie’s hat", "ANNE CARTER'S coat, Anne Carter’s hat"),
        # glued after capitals, in capitals, without the apostrophe
        ("the NHSONeill team", "the NHSReid team"),
        ("HOLLOWAYMARGARET and MARGARETHOLLOWAY", "CARTER ANNE and ANNE CARTER"),
        ("the Holloways came; Maggies plan won", "the Carters came; Anne Carters plan won"),
        ("HOLLOWAYS and ONeills", "CARTERS and Reids"),
        ("the price rose; Prices fell", "the price rose; Prices fell"),
        # ordinary words that are also names
        ("I hope so, said Hope.", "I hope so, said Faith."),
        ("the price rose; Price objected", "the price rose; Adler objected"),
        ("THE PRICE WAS HIGH", "THE PRICE WAS HIGH"),
        ("she was one ill woman", "she was one ill woman"),
        ("the Millbrook CVS and the CVS", "the Riverside CVS and the CVS"),
    ],
)
def test_forms_of_a_name_are_replaced(text: str, expected: str) -> None:
    assert NAMES.apply(text) == expected
    assert CHECK.check_text(NAMES.apply(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "margaret.holloway@nhs.net",
        "https://nhs.net/staff/margaret-holloway",
        "MargaretHolloway",
        "#HollowayOut",
        "Mar\u00adgaret Hol\u00adloway",
        "Juergen",
        "Isil Kilic",
        "IŞIL KILIÇ",
        "YILDIZ",
        "siobhan",
        "Mary Jane",
        "Watson Smith",
        "Castellanos",
        "ONeill",
        "O Neill",
        "mholloway@trust.org",
        "she met Price there",
        "Hope Saunders came",
        "NHSONeill",
        "HOLLOWAYMARGARET",
        "the Holloways",
        "Maggies plan",
        "HOLLOWAYS",
    ],
)
def test_the_leak_check_finds_each_form(text: str) -> None:
    leaks = CHECK.check_text(f"Notes. {text} again.")
    assert leaks, text


@pytest.mark.parametrize(
    "text",
    [
        "I hope so.",
        "the sun rose over a green field",
        "the price was right; Prices rose.",
        "Hope was fading.",
        "THE PRICE WAS HIGH",
        "she was one ill woman",
        "Anne Carter and Lucy Hart met Dr Omar Khan",
        "[Participant 3] and [name withheld] wrote from [email removed]",
    ],
)
def test_the_leak_check_stays_silent_on_ordinary_words(text: str) -> None:
    assert CHECK.check_text(text) == []


def test_a_plural_without_apostrophe_counts_only_where_written_with_a_capital() -> None:
    """ "the Okoros" is the family; "the lens" and "kits" are words, not Len or Kit."""
    rules = [person("Len Okoro", "Ian Webb"), person("Kit Dunmore", "Ada Moss")]
    names, check = Pseudonymiser(rules), LeakCheck(rules)
    text = "the lens cracked; kits were handed out"
    assert names.apply(text) == text
    assert check.check_text(text) == []
    assert names.apply("the Okoros and Lens") == "the Webbs and Ians"
    assert check.check_text("the Okoros") != []


def test_surname_first_with_an_ordinary_word_counts_only_where_written_as_a_name() -> None:
    """ "the hill rose" is not Rose Hill written surname first; "met Hill Rose" is."""
    rules = [person("Rose Hill", "Ada Moss")]
    names, check = Pseudonymiser(rules), LeakCheck(rules)
    assert names.apply("the mist over the hill rose slowly") == "the mist over the hill rose slowly"
    assert check.check_text("the mist over the hill rose slowly") == []
    assert names.apply("we met Hill Rose and HILLROSE") == "we met Moss Ada and MOSS ADA"
    assert check.check_text("we met Hill Rose there") != []


def test_a_flagged_common_word_counts_only_where_written_as_a_name() -> None:
    rules = [person("Sunny Field", "Ada Moss", common=True), person("Violet Marr", "Iva Lund")]
    names, check = Pseudonymiser(rules), LeakCheck(rules)
    text = "a sunny field; Sunny said Field was late"
    assert names.apply(text) == "a sunny field; Ada said Moss was late"
    assert check.check_text("a sunny field") == []
    assert check.check_text("then Field said") != []


def test_a_first_name_two_people_share_is_withheld() -> None:
    rules = [person("Margaret Holloway", "Anne Carter"), person("Margaret Hale", "Joan Webb")]
    assert Pseudonymiser(rules).apply("margaret said") == f"{AMBIGUOUS_PART} said"


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        ("Margaret Holloway opened", "Anne Hollo", "Margaret Holloway"),
        ("Margaret Carter opened it", "garet Carter opened", "Margaret Carter opened"),
        ('"we are the arm," she said', "we are the arm,", "we are the arm,"),
        ("mail margaret.holloway@nhs.net now", "holloway@nh", "margaret.holloway@nhs.net"),
    ],
)
def test_cut_words_widen_to_the_whole_word(text: str, words: str, expected: str) -> None:
    probe = words.replace("Anne", "Margaret")
    start = text.index(probe)
    a, b = widen_to_words(text, start, start + len(probe))
    assert text[a:b] == expected


INNER_CAPITALS = [
    person("Fiona McDonald", "Anne Carter"),
    person("DeShawn Jackson", "Tom Bell"),
    person("Hamish MacLeod", "Ece Demir"),
    person("Siobhan ONeill", "Paul Reid"),
    person("Edith Ueland", "Joan Webb"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("McDonald, MCDONALD, mcdonald", "Carter, CARTER, Carter"),
        ("FionaMcDonald and DeShawnJackson", "Anne Carter and Tom Bell"),
        ("the NHSMcDonald team and ABCMacLeodX", "the NHSCarter team and ABCDemirX"),
        ("#MacLeodOut and #DeShawn", "#DemirOut and #Tom"),
        ("hamish.macleod@nhs.net", "[email removed]"),
        ("https://nhs.net/staff/deshawn-jackson", "[link removed]"),
        ("ONEILL'S coat and ONeill’s hat", "REID'S coat and Reid’s hat"),
        ("UEdith came", "UJoan came"),
    ],
)
def test_names_with_inner_capitals_are_replaced_and_the_check_agrees(
    text: str, expected: str
) -> None:
    names, check = Pseudonymiser(INNER_CAPITALS), LeakCheck(INNER_CAPITALS)
    assert check.check_text(text) != []
    assert names.apply(text) == expected
    assert check.check_text(expected) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail xmholloway@ now", "mail [email removed] now"),
        ("(see Margaret Holloway@home)", "(see [email removed])"),
        ("on nhs.net/hollowaym.", "on [link removed]."),
        # surname first, running into the address: the whole run goes
        ("ask Holloway margaret.holloway@nhs.net", "ask [email removed]"),
    ],
)
def test_an_address_that_still_carries_a_name_is_replaced_whole(text: str, expected: str) -> None:
    assert NAMES.apply(text) == expected
    assert CHECK.check_text(text) != []
    assert CHECK.check_text(expected) == []
