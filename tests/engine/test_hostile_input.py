"""Hostile input: whatever a user types or uploads, the engine answers or says what is wrong."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine.answer import AnswerEngine
from bot.engine.check import check_quote
from bot.engine.formats.article import parse_article
from bot.engine.models import CorpusError, QuestionError

HOSTILE_BITS = st.sampled_from(
    [
        "@everyone",
        "@here",
        "<@123456789012345678>",
        "<@&987654321>",
        "**bold** _it_ `code` ||spoiler||",
        "[link](https://evil.example)",
        "'; DROP TABLE documents; --",
        "\x00\x1b[31m\u202e",
        "Pompeo’s “backdoor”",
        "\r\n\r\n",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ﬁ ẞ İ",
    ]
)
QUESTIONS = st.one_of(
    st.text(max_size=600),
    st.lists(st.one_of(HOSTILE_BITS, st.text(max_size=20)), max_size=30).map(" ".join),
    # 10 kB strings: a short random piece repeated, since Hypothesis caps generated sizes.
    st.tuples(st.text(min_size=1, max_size=40), st.integers(250, 10_000)).map(
        lambda piece: (piece[0] * piece[1])[:10_240]
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUESTIONS)
def test_any_question_gets_an_answer_or_a_clear_error(
    seed_engine: AnswerEngine, question: str
) -> None:
    try:
        answer = seed_engine.answer(question)
    except QuestionError as error:
        assert str(error)
        return
    assert answer.abstained or answer.quotes
    for quote in answer.quotes:
        assert quote.text in quote.passage  # still verbatim, whatever was asked


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUESTIONS)
def test_any_text_can_be_checked(seed_engine: AnswerEngine, text: str) -> None:
    try:
        result = check_quote(seed_engine, text)
    except QuestionError:
        return
    if result.true_wording is not None:
        assert (
            result.true_wording
            in seed_engine.collection.passage_by_id[result.passage_id or ""].text
        )


HEADER_LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "title: T",
                "author: A",
                "date: 2024-01-02",
                "date: 2024-02-30",
                "kind: op-ed",
                "kind: sonnet",
                "voices: 1 = publisher",
                "voices: 0-",
                "voices: 2-1 = x",
                "mention: | alias",
                "url: ftp://x",
                "id: Bad Id!",
                ": no key",
                "no colon",
                "",
            ]
        ),
        st.text(max_size=30),
    ),
    max_size=10,
)
BODIES = st.one_of(
    st.text(max_size=400),
    st.just(""),
    st.just("x " * 12_000),
    st.lists(st.text(min_size=1, max_size=80), max_size=8).map("\n\n".join),
)


@settings(max_examples=200, deadline=None)
@given(
    HEADER_LINES,
    BODIES,
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
    st.booleans(),
)
def test_any_article_file_parses_whole_or_fails_with_file_and_reason(
    header: list[str], body: str, newline: str, bom: bool, close: bool
) -> None:
    lines = ["---", *header, "---"] if close else ["---", *header]
    text = newline.join([*lines, "", body])
    data = (("\ufeff" if bom else "") + text).encode("utf-8", "surrogatepass")
    try:
        document = parse_article(data, "upload.md")
    except CorpusError as error:
        assert str(error).startswith("upload.md")
        assert error.problem
        return
    except UnicodeEncodeError:
        return
    assert document.passages
    for passage in document.passages:
        assert document.body[passage.start : passage.end] == passage.text
        assert passage.text.strip()
