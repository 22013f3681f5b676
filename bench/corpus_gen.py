"""Seeded synthetic corpora for the scale benchmarks: Zipf-distributed words, debate-style metadata.

Nothing is downloaded. Words are made-up lower-case "pseudo-words" that the project's analyser
leaves as they are (not stop words, unchanged by the Snowball stemmer), so a passage's text
analyses to exactly the terms it was generated from: the engine, rank-bm25 and bm25s can all be
fed the same token lists, and the full `AnswerEngine.answer` path (which re-analyses sentences)
sees the same words as the index.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.engine.models import Document, DocumentMeta, Kind, Passage, Person, Voice
from bot.engine.text import STOP_WORDS, default_analyser

VOCABULARY_SIZE = 50_000
ZIPF_EXPONENT = 1.0
PASSAGE_TERMS = (40, 120)  # inclusive range of a passage's length, in terms
SENTENCE_TERMS = (8, 20)
PASSAGES_PER_DOCUMENT = 20  # an op-ed or reply of about twenty paragraphs
QUERY_TERMS = (2, 6)
# The most frequent ranks behave like stop words that survived analysis; people's questions use
# content words, so query terms are drawn from the same Zipf law with the head cut off. With a
# 50k vocabulary this puts the median query term near rank 1,200: mid-frequency.
QUERY_MIN_RANK = 30
# Pools the metadata draws from: real corpora repeat authors, outlets and the people they argue
# about, and the engine's alias tables grow with distinct names, not with documents.
AUTHORS = 400
PUBLISHERS = 40
PEOPLE = 300

_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"
_FINALS = "kmnpt"


@dataclass(frozen=True, slots=True)
class SyntheticCorpus:
    """Documents, the terms of each passage (in passage order) and questions over them."""

    documents: list[Document]
    passage_terms: list[list[str]]
    queries: list[list[str]]  # query terms, for the index-level benchmarks
    questions: list[str]  # the same queries as questions a user would type

    @property
    def size(self) -> int:
        return len(self.passage_terms)

    def terms_by_id(self) -> dict[str, list[str]]:
        """Passage id -> terms, the `passage_terms` argument of AnswerEngine (skips analysis)."""
        ids = (p.id for doc in self.documents for p in doc.passages)
        return dict(zip(ids, self.passage_terms, strict=True))


def pseudo_words(count: int, rng: np.random.Generator, *, min_length: int = 5) -> list[str]:
    """`count` distinct made-up words that the analyser keeps unchanged."""
    analyser = default_analyser()
    syllables = [c + v for c in _CONSONANTS for v in _VOWELS]
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < count:
        # Draw in batches: vectorised choices, then the (cheap) stemmer check per word.
        batch = max(1024, 2 * (count - len(words)))
        lengths = rng.integers(2, 4, size=batch)
        picks = rng.integers(0, len(syllables), size=(batch, 3))
        finals = rng.integers(0, len(_FINALS), size=batch)
        for length, row, final in zip(lengths, picks, finals, strict=True):
            word = "".join(syllables[i] for i in row[:length]) + _FINALS[final]
            if (
                len(word) >= min_length
                and word not in seen
                and word not in STOP_WORDS
                and analyser.stem(word) == word
            ):
                seen.add(word)
                words.append(word)
                if len(words) == count:
                    break
    return words


def zipf_probabilities(size: int, exponent: float = ZIPF_EXPONENT) -> np.ndarray:
    ranks = np.arange(1, size + 1, dtype=np.float64)
    weights: np.ndarray = ranks**-exponent
    probabilities: np.ndarray = weights / weights.sum()
    return probabilities


def generate(
    passages: int, *, queries: int = 500, seed: int = 20_240_601, vocabulary: int = VOCABULARY_SIZE
) -> SyntheticCorpus:
    """A corpus of `passages` passages in documents of PASSAGES_PER_DOCUMENT, and queries."""
    rng = np.random.default_rng(seed)
    words = pseudo_words(vocabulary, rng)
    names = [w.capitalize() for w in pseudo_words(2 * (AUTHORS + PEOPLE) + PUBLISHERS, rng)]
    probabilities = zipf_probabilities(vocabulary)

    lengths = rng.integers(PASSAGE_TERMS[0], PASSAGE_TERMS[1] + 1, size=passages)
    # One draw for every token of the corpus: rank -> word through the shuffled vocabulary.
    token_ids = rng.choice(vocabulary, size=int(lengths.sum()), p=probabilities)
    all_tokens = [words[i] for i in token_ids.tolist()]
    passage_terms: list[list[str]] = []
    offset = 0
    for length in lengths.tolist():
        passage_terms.append(all_tokens[offset : offset + length])
        offset += length

    documents = _documents(passage_terms, names, rng)
    query_terms = _queries(queries, words, probabilities, rng)
    aliases = sorted({alias for doc in documents for alias in doc.meta.aliases})
    return SyntheticCorpus(
        documents, passage_terms, query_terms, _questions(query_terms, aliases, rng)
    )


def _queries(
    count: int, words: Sequence[str], probabilities: np.ndarray, rng: np.random.Generator
) -> list[list[str]]:
    head_cut = probabilities.copy()
    head_cut[:QUERY_MIN_RANK] = 0.0
    head_cut /= head_cut.sum()
    result: list[list[str]] = []
    for _ in range(count):
        length = int(rng.integers(QUERY_TERMS[0], QUERY_TERMS[1] + 1))
        ranks = rng.choice(len(words), size=length, replace=False, p=head_cut)
        result.append([words[r] for r in ranks.tolist()])
    return result


def _questions(
    queries: Sequence[Sequence[str]], aliases: Sequence[str], rng: np.random.Generator
) -> list[str]:
    """Questions as people type them: bare keywords, framing words, or a named document.

    The framing words are stop words or the engine's own framing words ("said"), and a named
    document ("the reply") is what the engine's focus logic reads, so every question exercises
    the code a real one would, while its searched content words are exactly the query's terms.
    """
    questions: list[str] = []
    for number, terms in enumerate(queries):
        words = " ".join(terms)
        shape = number % 4
        if shape == 0:
            questions.append(f"{words}?")
        elif shape == 1:
            questions.append(f"what is said about {words}?")
        elif shape == 2:
            alias = aliases[int(rng.integers(len(aliases)))]
            questions.append(f"what does {alias} say about {words}?")
        else:
            questions.append(f"why {words}")
    return questions


def _text(terms: Sequence[str], rng: np.random.Generator) -> tuple[str, list[tuple[int, int]]]:
    """Sentences of the terms (capitalised, full stops) and their spans, as the splitter finds."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    start = 0
    while start < len(terms):
        end = min(len(terms), start + int(rng.integers(SENTENCE_TERMS[0], SENTENCE_TERMS[1] + 1)))
        if len(terms) - end < SENTENCE_TERMS[0]:
            end = len(terms)  # no stub sentence at the end
        sentence = " ".join(terms[start:end])
        sentence = sentence[0].upper() + sentence[1:] + "."
        if parts:
            position += 1  # the space between sentences
        spans.append((position, position + len(sentence)))
        parts.append(sentence)
        position += len(sentence)
        start = end
    return " ".join(parts), spans


def _documents(
    passage_terms: Sequence[Sequence[str]], names: Sequence[str], rng: np.random.Generator
) -> list[Document]:
    authors = [f"{names[2 * i]} {names[2 * i + 1]}" for i in range(AUTHORS)]
    people_start = 2 * AUTHORS
    people = [
        f"{names[people_start + 2 * i]} {names[people_start + 2 * i + 1]}" for i in range(PEOPLE)
    ]
    publishers = [f"The {name} Review" for name in names[2 * (AUTHORS + PEOPLE) :]]
    kinds = (Kind.OP_ED, Kind.REPLY, Kind.ARTICLE)
    documents: list[Document] = []
    for number, first in enumerate(range(0, len(passage_terms), PASSAGES_PER_DOCUMENT)):
        doc_id = f"synthetic-{number:06d}"
        kind = kinds[number % len(kinds)]
        author = authors[int(rng.integers(AUTHORS))]
        person = people[int(rng.integers(PEOPLE))]
        publisher = publishers[int(rng.integers(len(publishers)))]
        # The shape of the bundled article's metadata: aliases for the document, its author,
        # its publisher, and one person it reports. Replies give paragraph 1 to the publisher.
        meta = DocumentMeta(
            id=doc_id,
            title=f"Synthetic {kind.value} {number}",
            author=author,
            author_aliases=(author.split()[1], f"the {kind.value} author"),
            publisher=publisher,
            publisher_aliases=("the publisher", f"the {publisher.split()[1].lower()} editors"),
            date=dt.date(2020, 1, 1) + dt.timedelta(days=number % 1500),
            url=f"https://example.org/{doc_id}",
            kind=kind,
            aliases=(f"the {kind.value}",),
            mentions=(Person(name=person, aliases=(person.split()[1],)),),
            voices="1 = publisher; 2- = author" if kind is Kind.REPLY else None,
        )
        texts: list[str] = []
        passages: list[Passage] = []
        body_offset = 0
        chunk = passage_terms[first : first + PASSAGES_PER_DOCUMENT]
        for paragraph, terms in enumerate(chunk, start=1):
            text, sentences = _text(terms, rng)
            voice = Voice.PUBLISHER if kind is Kind.REPLY and paragraph == 1 else Voice.AUTHOR
            passages.append(
                Passage(
                    id=f"{doc_id}:p{paragraph}",
                    doc_id=doc_id,
                    number=paragraph,
                    start=body_offset,
                    end=body_offset + len(text),
                    text=text,
                    voice=voice,
                    speaker=meta.speaker_for(voice),
                    sentences=tuple(sentences),
                )
            )
            texts.append(text)
            body_offset += len(text) + 2  # paragraphs are separated by one blank line
        body = "\n\n".join(texts)
        documents.append(
            Document(
                meta=meta,
                body=body,
                content_hash=hashlib.sha256(body.encode()).hexdigest(),
                source=f"synthetic/{doc_id}.md",
                passages=tuple(passages),
            )
        )
    return documents


def check_faithful(corpus: SyntheticCorpus, sample: int = 200) -> None:
    """Raise unless the project's analyser and sentence splitter read back what was generated.

    Cheap insurance: if a pseudo-word were stemmed or a sentence split elsewhere, the engine's
    answer path would search different words from the ones every peer is timed on.
    """
    from bot.engine.text import split_sentences

    analyser = default_analyser()
    passages = [p for doc in corpus.documents for p in doc.passages]
    step = max(1, len(passages) // sample)
    for position in range(0, len(passages), step):
        passage = passages[position]
        if analyser.terms(passage.text) != corpus.passage_terms[position]:
            raise AssertionError(f"{passage.id}: the analyser does not read back its terms")
        if tuple(split_sentences(passage.text)) != passage.sentences:
            raise AssertionError(f"{passage.id}: the splitter finds other sentences")
        doc = next(d for d in corpus.documents if d.id == passage.doc_id)
        if doc.body[passage.start : passage.end] != passage.text:
            raise AssertionError(f"{passage.id}: offsets do not locate the text in the body")
    for terms, question in zip(corpus.queries[:sample], corpus.questions, strict=False):
        if not set(terms) <= set(analyser.terms(question)):
            raise AssertionError(f"{question!r}: the analyser loses query terms")
