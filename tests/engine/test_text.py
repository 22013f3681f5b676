from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.sentences import Case, load_cases
from bot.engine import text as text_module
from bot.engine.answer import AnswerEngine
from bot.engine.formats.article import read_article
from bot.engine.text import Analyser, default_analyser, fold, split_paragraphs, split_sentences
from tests.conftest import SHARED

BUG_INPUTS = SHARED / "bug-inputs"


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_possessives_with_curly_and_straight_apostrophes_reduce_to_the_name() -> None:
    analyser = default_analyser()
    assert (
        analyser.terms("Pompeo’s arguments")
        == analyser.terms("Pompeo's argument")
        == [
            "pompeo",
            "argument",
        ]
    )


def test_stop_words_are_dropped_and_words_are_stemmed_and_case_folded() -> None:
    assert default_analyser().terms("What are THE Investigations of the Commission?") == [
        "investig",
        "commiss",
    ]


def test_dotted_acronyms_survive_as_words_even_when_they_spell_a_stop_word() -> None:
    assert default_analyser().terms("the U.S. and the U.K.") == ["us", "uk"]


def test_hyphenated_words_match_their_parts() -> None:
    analyser = default_analyser()
    assert analyser.terms("cold-war mentality") == analyser.terms("cold war mentality")


def test_unicode_compatibility_forms_are_normalised() -> None:
    analyser = Analyser()
    # A ligature and full-width letters fold to the plain word.
    assert analyser.terms("ﬁnance") == analyser.terms("finance")
    assert analyser.terms("Ｈｕａｗｅｉ") == analyser.terms("Huawei")


def test_token_offsets_point_into_the_original_text() -> None:
    text = "“Huawei’s” backdoor — ﬁnance"
    for token in default_analyser().tokens(text):
        assert text[token.start : token.end].strip(".")
    spans = [text[t.start : t.end] for t in default_analyser().tokens(text)]
    assert spans == ["Huawei’s", "backdoor", "ﬁnance"]


def test_abbreviations_do_not_end_sentences() -> None:
    text = "Dr. Lee met the U.S. envoy in Jan. 2020 to talk. Mr. J. R. Doe agreed."
    assert sentences(text) == [
        "Dr. Lee met the U.S. envoy in Jan. 2020 to talk.",
        "Mr. J. R. Doe agreed.",
    ]


def test_a_quotation_spanning_sentences_stays_in_one_sentence() -> None:
    text = "She said: “This is bad. It must stop.” Then she left."
    assert sentences(text) == ["She said: “This is bad. It must stop.”", "Then she left."]


def test_unbalanced_quotes_do_not_swallow_the_paragraph() -> None:
    text = "He called it “careless. Nobody agreed. The end."
    assert len(sentences(text)) == 3


def test_question_and_exclamation_marks_end_sentences() -> None:
    text = "we could not help but ask: is it security first or America first? I think not!"
    assert sentences(text) == [
        "we could not help but ask: is it security first or America first?",
        "I think not!",
    ]


def test_paragraphs_are_separated_by_blank_lines_with_offsets() -> None:
    text = "One line\nstill one.\n\n  \nTwo.\n\n\nThree."
    spans = list(split_paragraphs(text))
    assert [text[s:e] for s, e in spans] == ["One line\nstill one.", "Two.", "Three."]


@given(st.text(max_size=300))
def test_sentence_spans_are_ordered_non_empty_substrings(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert text[start:end].strip() == text[start:end]
        previous_end = end
    # No visible character is lost between sentences.
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(text.split())


@given(st.text(max_size=200))
def test_fold_keeps_length_so_offsets_hold(text: str) -> None:
    assert len(fold(text)) == len(text)


def test_a_footnote_mark_after_the_full_stop_stays_with_its_sentence() -> None:
    text = "Detentions fell by 31%. [1] Bullying halved.[2][3] Nobody disputes it."
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert sentences == [
        "Detentions fell by 31%. [1]",
        "Bullying halved.[2][3]",
        "Nobody disputes it.",
    ]


# --- the tricky cases (bench/eval/sentences.jsonl; `python -m bench.sentences` compares) ---------

TRICKY = load_cases()


@pytest.mark.parametrize("case", TRICKY, ids=[case.id for case in TRICKY])
def test_a_tricky_case_is_split_where_a_reader_would(case: Case) -> None:
    assert sentences(case.text) == list(case.sentences)


def test_titles_and_states_before_a_name_do_not_end_the_sentence() -> None:
    text = (
        "The levy was signed by Ore. Gov. Tina Kotek after Brig. Gen. Sara Nunn testified."
        " Amb. Okoye left."
    )
    assert sentences(text) == [
        "The levy was signed by Ore. Gov. Tina Kotek after Brig. Gen. Sara Nunn testified.",
        "Amb. Okoye left.",
    ]


def test_an_abbreviation_that_ends_a_name_ends_the_sentence_before_a_new_one() -> None:
    text = "The mill moved to the U.K. Workers followed it. The U.K. Treasury paid for it."
    assert sentences(text) == [
        "The mill moved to the U.K.",
        "Workers followed it.",
        "The U.K. Treasury paid for it.",
    ]


def test_no_before_a_number_is_an_abbreviation_and_otherwise_a_word() -> None:
    assert sentences("Room No. 4 was shut. She said no. Nobody argued.") == [
        "Room No. 4 was shut.",
        "She said no.",
        "Nobody argued.",
    ]


@pytest.mark.skipif(not BUG_INPUTS.is_dir(), reason="../shared/bug-inputs is absent")
def test_shared_title_abbreviations_input_keeps_whole_sentences() -> None:
    document = read_article(BUG_INPUTS / "split-title-abbreviations.md")
    found = [s for p in document.passages for s in p.sentence_texts()]
    assert any(s.startswith("Maj. Gen. Carla Ruiz briefed") for s in found)
    assert any(s.startswith("Amb. Lindqvist warned") for s in found)
    signed = next(s for s in found if "signed by Calif. Gov. Elena Ramos after" in s)
    assert signed.startswith("The tariff bill") and signed.endswith("dairy quota.")
    assert "The plant will be built in the U.S." in found
    assert any(s.startswith("Construction of the smelter") for s in found)
    answer = AnswerEngine([document]).answer("who signed the tariff bill?", k=1)
    assert "signed by Calif. Gov. Elena Ramos after" in answer.quotes[0].text


def _reference_term(analyser: Analyser, raw: str) -> str | None:
    """A word's term the long way, as `Analyser` made it before its ASCII fast path."""
    word = unicodedata.normalize("NFKC", text_module._FORMAT_CHARS.sub("", raw)).casefold()
    if text_module._ACRONYM.match(word):
        return word.replace(".", "")
    word = word.rstrip(".")
    if word in text_module.STOP_WORDS:
        return None
    word = text_module._POSSESSIVE.sub("", word)
    if not word or word in text_module.STOP_WORDS:
        return None
    if len(word) == 1 and not word.isdigit():
        return None
    return analyser.stem(word)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        st.one_of(
            st.sampled_from(list("aAzZ09 .'’-\u00ad\u200dﬁİΣß…“”\n")),
            st.characters(codec="utf-8"),
        ),
        max_size=60,
    )
)
def test_terms_are_the_stems_of_the_tokens_and_the_long_ways_terms(text: str) -> None:
    """`terms` (no Token made, a fast path for ASCII words) gives what `tokens` finds, and
    each word's term is the one NFKC, case folding and the regexes give."""
    analyser = default_analyser()
    expected = [
        term
        for match in text_module._WORD.finditer(fold(text))
        if (term := _reference_term(analyser, match.group()))
    ]
    assert analyser.terms(text) == [token.stem for token in analyser.tokens(text)] == expected


@pytest.mark.parametrize(
    "word", ["U.S.", "u.s", "Pompeo's", "it's", "e.g.", "ﬁnance", "DAN\u00adGER", "markets.", "3.5"]
)
def test_tricky_words_take_the_long_ways_terms(word: str) -> None:
    analyser = default_analyser()
    assert analyser.terms(word) == [t for t in [_reference_term(analyser, word)] if t]


_SENTENCE_WORDS = st.sampled_from(
    [
        *(
            "The U.S. harbour's ﬁshing fleets sailed at dawn; Dr. Ana Ruiz said 57 boats, "
            "not 40, returned. Studies dying skies Café ÉTÉ naïve O'Neill e.g. well-known "
            "end.Next rock'n'roll 'quoted' x.'y dogs' U.S..Army dan\u00adgerous Ａpple 3.5 a.m."
        ).split(),
        *("", ".", "'", "..", "''"),
    ]
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(_SENTENCE_WORDS, min_size=1, max_size=40),
    st.sets(st.sampled_from("abcdefnrstuwxy35é")),
    st.sampled_from([" ", "", "  "]),
)
def test_sentence_terms_are_each_sentences_terms_in_one_pass(
    words: list[str], initials: set[str], glue: str
) -> None:
    analyser = Analyser()
    text = glue.join(words)
    spans = split_sentences(text)
    whole = [set(analyser.terms(text[start:end])) for start, end in spans]
    assert analyser.sentence_terms(text, spans) == whole
    # Only the terms of the letters asked for, and the same ones.
    assert analyser.sentence_terms(text, spans, initials) == [
        {term for term in terms if term[0] in initials} for terms in whole
    ]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(_SENTENCE_WORDS, min_size=1, max_size=40),
    st.sampled_from([" ", "", "  "]),
    st.lists(st.integers(min_value=0, max_value=400), max_size=6),
)
def test_sentence_runs_cut_a_passages_terms_into_each_sentences_own(
    words: list[str], glue: str, cuts: list[int]
) -> None:
    analyser = Analyser()
    text = glue.join(words)
    # The splitter's sentences, and spans cut anywhere (gaps between them, words cut through).
    edges = sorted({min(cut, len(text)) for cut in cuts})
    for spans in (split_sentences(text), list(zip(edges[::2], edges[1::2], strict=False))):
        terms, runs = analyser.terms_and_runs(text, spans)
        assert terms == analyser.terms(text)
        if runs is None:
            continue  # a word runs over an edge: its sentences are analysed alone
        assert [terms[first:end] for first, end in runs] == [
            analyser.terms(text[start:end]) for start, end in spans
        ]


def test_a_word_cut_by_a_sentences_edge_keeps_no_runs() -> None:
    analyser = default_analyser()
    terms, runs = analyser.terms_and_runs("harbour fleets sailed", [(0, 4), (4, 21)])
    assert terms == analyser.terms("harbour fleets sailed")
    assert runs is None
    _, runs = analyser.terms_and_runs("harbour fleets sailed", [(0, 7), (8, 21)])
    assert runs == [(0, 1), (1, 3)]
    assert analyser.terms_and_runs("harbour", [])[1] is None


def test_hon_in_lower_case_ends_no_sentence() -> None:
    # As parliaments write it: "the hon. Lady", "my right hon. Friend".
    text = "Will the hon. Lady give way? My right hon. Friend agrees. The Hon. Jane Roe spoke."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Will the hon. Lady give way?",
        "My right hon. Friend agrees.",
        "The Hon. Jane Roe spoke.",
    ]
