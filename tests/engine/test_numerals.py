"""Numbers read as a text writes them, in figures or in words."""

from __future__ import annotations

import pytest

from bot.engine.numerals import numbers, numbers_held


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("sixteen- and seventeen-year-olds", [("sixteen", 16), ("seventeen", 17)]),
        ("eighteen- to twenty-four-year-olds", [("eighteen", 18), ("twenty-four", 24)]),
        ("Eighty-five teachers signed", [("Eighty-five", 85)]),
        ("two hundred and five boats", [("two hundred and five", 205)]),
        ("4,200 voters and 1.5 billion euros", [("4,200", 4200), ("1.5 billion", 1.5e9)]),
        ("one hundred thousand and twelve", [("one hundred thousand and twelve", 100012)]),
        ("and then, and", []),
        ("", []),
    ],
)
def test_numbers_in_figures_and_words_are_read_as_their_values(
    text: str, read: list[tuple[str, float]]
) -> None:
    assert [(text[n.start : n.end], n.value) for n in numbers(text)] == read


def test_the_numbers_a_question_shares_with_a_text_are_found_however_written() -> None:
    question = "did 16 and 17 year olds vote more than twenty-year-olds?"
    held = numbers_held(question, "sixteen- and seventeen-year-olds voted; 20 per cent did not")
    assert [question[n.start : n.end] for n in held] == ["16", "17", "twenty"]
