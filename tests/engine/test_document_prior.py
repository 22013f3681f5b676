"""Document-level BM25 as a prior for passages: the words that say which document is meant."""

from __future__ import annotations

import math
from collections import Counter
from unittest.mock import patch

import pytest

from bot.engine import rank
from bot.engine.answer import AnswerEngine
from bot.engine.collection import Collection
from bot.engine.index import BM25Parameters
from bot.engine.models import Document
from bot.engine.text import default_analyser
from tests.conftest import written_article


def article(doc_id: str, title: str, *paragraphs: str) -> Document:
    return written_article(doc_id, "\n\n".join(paragraphs), title=title)


RECAP = article(
    "recap",
    "What we heard in the interview",
    "Harry said his biggest concern was history repeating itself.",
    "Harry spoke about his mother and the press.",
    "Harry and his wife now live by the sea with their son.",
    "The interview ran for two hours on a Sunday night.",
)
DEBATE = article(
    "debate",
    "A debate on the war",
    "The next leader will have to decide how we leave, when we leave, and what we leave "
    "behind, and that is the biggest worry of every family with a soldier there.",
    "The budget for the war was spent twice over.",
)
OTHER = article("other", "Gardens", "Roses need sun and water.", "Tulips come up in spring.")
# Documents on other things: the prior needs a few documents to tell names from common words.
FILLER = [
    article("tides", "Tides", "The tide turns twice a day.", "Spring tides run high."),
    article("bread", "Bread", "Bread needs flour, water and time.", "The oven must be hot."),
    article("choir", "Choir", "The choir sings on Sundays.", "New voices are welcome."),
]


# The answer says "they"; the rest of its document says who they are.
MOVED = article(
    "recap",
    "What we heard",
    "They moved to the coast before the pandemic began.",
    "Harry said the family needed room.",
    "Harry spoke about his mother.",
    "Harry and his wife walk on the beach.",
)
MOVING = article(
    "debate",
    "A debate",
    "Where would they move? Before the pandemic, families moved inland.",
    "The budget for the war was spent twice over.",
    "Roses need sun.",
    "The bridge was closed.",
)


def lucene_bm25(documents: list[list[str]], query: list[str], k1: float, b: float) -> list[float]:
    """BM25 of whole documents, written out from the formula (Lucene's idf), for comparison."""
    n = len(documents)
    average = sum(map(len, documents)) / n
    scores = []
    for terms in documents:
        counts = Counter(terms)
        score = 0.0
        for term in dict.fromkeys(query):
            df = sum(term in d for d in documents)
            if not counts[term]:
                continue
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            tf = counts[term]
            score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(terms) / average))
        scores.append(score)
    return scores


def test_too_few_documents_give_no_prior() -> None:
    analyser = default_analyser()
    collection = Collection([RECAP, DEBATE, OTHER], analyser, BM25Parameters())
    scores = collection.document_prior.scores(analyser.terms("harry"), collection.statistics(""))
    assert not scores.any()


def test_document_scores_are_bm25_over_each_document_as_one_bag_of_terms() -> None:
    analyser = default_analyser()
    docs = [RECAP, DEBATE, OTHER, *FILLER]
    collection = Collection(docs, analyser, BM25Parameters())
    query = analyser.terms("harry biggest worry leave spring")
    scores = collection.document_prior.scores(query, collection.statistics(""))
    bags = [[t for p in d.passages for t in analyser.terms(p.text)] for d in docs]
    expected = lucene_bm25(bags, query, 1.5, 0.75)
    order = sorted(collection.document_span(d.id)[0] for d in docs)
    by_doc = {d.id: order.index(collection.document_span(d.id)[0]) for d in docs}
    for doc, value in zip(docs, expected, strict=True):
        assert scores[by_doc[doc.id]] == pytest.approx(value)


def test_another_servers_documents_change_no_document_score() -> None:
    analyser = default_analyser()
    query = analyser.terms("harry biggest worry")
    alone = Collection([RECAP, DEBATE, *FILLER], analyser, BM25Parameters(), scopes={"recap": "1"})
    crowded = Collection(
        [
            RECAP,
            DEBATE,
            *FILLER,
            OTHER,
            article("more-harry", "Harry again", "Harry Harry worry."),
        ],
        analyser,
        BM25Parameters(),
        scopes={"recap": "1", "other": "2", "more-harry": "2"},
    )

    def scores(collection: Collection) -> dict[str, float]:
        values = collection.document_prior.scores(query, collection.statistics("1"))
        firsts = sorted(collection.document_span(d)[0] for d in collection.documents)
        return {
            d: float(values[firsts.index(collection.document_span(d)[0])])
            for d in collection.documents
            if collection.is_visible(d, "1")
        }

    assert any(scores(alone).values())
    assert scores(alone) == scores(crowded)


def test_the_word_that_says_which_document_is_meant_finds_it() -> None:
    # The answer says "they"; the rest of its document says who they are.

    question = "where did harry move before the pandemic"
    engine = AnswerEngine([MOVED, MOVING, *FILLER])
    assert engine.answer(question).quotes[0].passage_id == "recap:p1"
    with patch.object(rank, "DOCUMENT_PRIOR_WEIGHT", 0.0):
        # Without the document's evidence, the passage using the words more often wins.
        assert engine.answer(question).quotes[0].passage_id == "debate:p1"


def test_a_passage_strong_on_common_words_only_is_not_strong() -> None:
    """Coverage alone ranks the long turn first (it holds four of the question's six words, all
    common); a passage scoring far less than the best is not "strong" whatever it covers."""
    question = "where did harry and meghan first propose moving before they ended up in the us"
    recap = article(
        "recap",
        "What we heard",
        "Harry told Meghan that Meghan and Harry would live in Canada, Harry said.",
        "The interview ran for two hours.",
    )
    long_turn = article(
        "debate",
        "A debate on the war",
        "Good evening. The first question tonight is on the war; the candidates proposed the "
        "order themselves, and we end the night by moving to the closing statements, as agreed "
        "by both campaigns in the weeks before. Each of the two men will have two minutes for "
        "an answer and then a rebuttal, and the audience in the hall has promised to keep "
        "silent through the whole evening, which I thank them for in advance tonight.",
        "The budget for the war was spent twice over.",
    )
    engine = AnswerEngine([recap, long_turn, OTHER, *FILLER])

    def first() -> str:
        return engine.ranker.rank(engine.query(question))[0].passage.doc_id

    with patch.object(rank, "STRONG_SCORE_SHARE", 0.0):
        assert first() == "debate"
    with patch.object(rank, "STRONG_SCORE_SHARE", 0.9):
        assert first() == "recap"


def test_a_pasted_paragraph_is_ranked_without_the_prior() -> None:
    """A pasted text's words are many: its rare ones pick the document; the prior, which would
    read every posting of its common ones, is left out (as the proximity boost is)."""

    engine = AnswerEngine([MOVED, MOVING, *FILLER])
    typed = "where did harry move before the pandemic"
    pasted = "harry move before pandemic coast family room mother inland bridge closed"
    with patch.object(rank, "DOCUMENT_PRIOR_WEIGHT", 0.0):
        without = [s.passage.id for s in engine.ranker.rank(engine.query(pasted))]
        typed_without = engine.answer(typed).quotes[0].passage_id
    assert [s.passage.id for s in engine.ranker.rank(engine.query(pasted))] == without
    assert engine.answer(typed).quotes[0].passage_id != typed_without
