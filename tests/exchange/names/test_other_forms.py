"""Forms of names beyond the first list, found by an evaluation with other participants.

Each case was a leak (neither the replacer nor the check saw it), an export the check
stopped because the replacer missed a name, or a quote changed where no name stood.
All names are fictional.
"""

from __future__ import annotations

import pytest

from fieldjournal.domain.pseudonyms import NameRule
from fieldjournal.exchange.names.leak_check import LeakCheck
from fieldjournal.exchange.names.replacer import Pseudonymiser

RULES = [
    NameRule("Дмитрий Соколов", ("Дмитрий Соколов",), "Ivan Petrov", person=True),
    NameRule("Δημήτρης Παπαδόπουλος", ("Δημήτρης Παπαδόπουλος",), "Nikos Georgiou", person=True),
    NameRule("Евгения Орлова", ("Евгения Орлова",), "Nadia Volkova", person=True),
    NameRule("Hamish MacDonald", ("Hamish MacDonald",), "Ewan Grant", person=True),
    NameRule("Pieter van der Berg", ("Pieter van der Berg",), "Joost de Wit", person=True),
    NameRule("Caoimhe Ní Bhriain", ("Caoimhe Ní Bhriain",), "Orla Nolan", person=True),
    NameRule("Siobhán Ó Súilleabháin", ("Siobhán Ó Súilleabháin",), "Aoife Byrne", person=True),
    NameRule("Ra’ed Barakat", ("Ra’ed Barakat",), "Sami Nasser", person=True),
    NameRule("Miriam Holloway", ("Miriam Holloway", "M.H."), "Ruth Adler", person=True),
    NameRule("Abd al-Rahman Qureshi", ("Abd al-Rahman Qureshi",), "Yusuf Malik", person=True),
    NameRule("Łukasz Wąsik", ("Łukasz Wąsik",), "Piotr Nowak", person=True),
    NameRule("Mark May", ("Mark May",), "Tim Shaw", person=True, common_word=True),
    NameRule("Hope Price", ("Hope Price",), "Cara Lowe", person=True),
    NameRule("Rose Green", ("Rose Green",), "Ada Pike", person=True, common_word=True),
    NameRule("Đorđe Đoković", ("Đorđe Đoković",), "Marko Ilić", person=True),
    NameRule("Gabriel García Márquez", ("Gabriel García Márquez",), "Luis Ruiz Soto", person=True),
]
NAMES = Pseudonymiser(RULES)
CHECK = LeakCheck(NAMES.rules)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # romanised otherwise than letter by letter
        ("Dmitry Sokolov and Dmitrii came", "Ivan Petrov and Ivan came"),
        ("Dmitri, Dmitrij and Dmitriy", "Ivan, Ivan and Ivan"),
        ("Dimitris Papadopoulos; PAPADOPOULOS agreed", "Nikos Georgiou; GEORGIOU agreed"),
        ("Yevgenia Orlova, Evgenia and Evgeniya", "Nadia Volkova, Nadia and Nadia"),
        # Mac and Mc
        ("Mcdonald, McDonald, MCDONALD, Macdonald", "Grant, Grant, GRANT, Grant"),
        # a surname with its particles, glued or apart: the pseudonym's with its own
        ("Vanderberg, Van der Berg and Mr van der Berg", "de Wit, de Wit and Mr de Wit"),
        ("VAN DER BERG", "DE WIT"),
        ("Ní Bhriain, NíBhriain and Caoimhe", "Nolan, Nolan and Orla"),
        ("Ó Súilleabháin and OSuilleabhain", "Byrne and Byrne"),
        # an apostrophe left out folds the pair it parted
        ("Raed, Ra'ed, RAED and Ra’ed", "Sami, Sami, SAMI and Sami"),
        # Markdown emphasis inside a name (a note's text is replaced before it is read)
        ("Mir*iam* Hol**lo**way came", "Ruth Adler came"),
        ("met **Holloway** there", "met **Adler** there"),
        # Mathematical letters read as letters
        ("𝐇𝐨𝐥𝐥𝐨𝐰𝐚𝐲 and 𝑀𝑖𝑟𝑖𝑎𝑚", "Adler and Ruth"),
        # a word broken at a line's end, as pasted from a page
        ("Hollo-\nway came", "Adler came"),
        # Abd al- as Abdul, Abdel, glued
        ("Abdulrahman, Abdel Rahman and Qureshi", "Yusuf, Yusuf and Malik"),
        # Serbian and Croatian đ as dj
        ("Djordje Djokovic, DJOKOVIC and Dokovic", "Marko Ilić, ILIĆ and Ilić"),
        ("mail djordje.djokovic@example.org", "mail [email removed]"),
        # a middle name as the pseudonym's middle name; two words of one first name once
        ("Gabriel García said; García Márquez wrote", "Luis Ruiz said; Ruiz Soto wrote"),
        ("ABDUL RAHMAN agreed", "YUSUF agreed"),
        # a link or address as a browser copies it, its letters percent-encoded
        ("see https://example.org/p/%C5%81ukasz-W%C4%85sik now", "see [link removed] now"),
        ("mail m%C3%ADriam.holloway@example.org", "mail [email removed]"),
        # initials are not shouting
        ("then M.H. spoke", "then Ruth Adler. spoke"),
    ],
)
def test_other_forms_are_replaced(text: str, expected: str) -> None:
    assert NAMES.apply(text) == expected
    assert CHECK.check_text(text) != []  # the check finds each form on its own
    assert CHECK.check_text(NAMES.apply(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "we will see in May.",
        "In May, the hall closed.",
        "I hope the price is right; a green field, the sun rose.",
        "adjust the adjacent rooms",  # dj folds as in Djokovic, and names nobody here
    ],
)
def test_ordinary_words_stay_and_raise_no_alarm(text: str) -> None:
    assert NAMES.apply(text) == text
    assert CHECK.check_text(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Later Mr May left", "Later Mr Shaw left"),
        ("Later Hope said it", "Later Cara said it"),
        ("Mark May came in May.", "Tim Shaw came in May."),
        ("May Mark came", "Shaw Tim came"),
        ("we asked Ms Green", "we asked Ms Pike"),
    ],
)
def test_ordinary_words_are_replaced_where_they_name(text: str, expected: str) -> None:
    assert NAMES.apply(text) == expected
    assert CHECK.check_text(text) != []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Price said the board met.", "Lowe said the board met."),
        ("Hope was late. Price left.", "Cara was late. Lowe left."),
    ],
)
def test_a_capital_at_a_sentences_start_is_a_name(text: str, expected: str) -> None:
    """The check excuses an ordinary-word name at a sentence's start ("Hope was fading."
    raises no alarm), so the replacer must take it as the name: left, it would leak unseen."""
    assert NAMES.apply(text) == expected
    assert CHECK.check_text(text) == []  # what the check alone would have let through


def test_a_name_across_runs_is_replaced_where_it_starts() -> None:
    runs = ["Prose about Hol", "low", "ay and ", "Mir", "iam", " Holloway."]
    replaced = NAMES.apply_runs(runs)
    assert replaced == ["Prose about Adler", "", " and ", "Ruth Adler", "", "."]
    assert CHECK.check_text("".join(replaced)) == []
