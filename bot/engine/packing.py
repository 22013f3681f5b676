"""The packed form of a passage's offsets: its start and end in its document's body, then its
sentences' spans (int32 pairs), and optionally each sentence's run of terms (`Passage`).

Kept apart from `bot.engine.models` because the store reads and writes the same bytes
(`bot.store.assembly`, `bot.store.records`) without building passages.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Iterable, Sequence

# A passage's start and end in its body, the first 8 bytes of its packed offsets.
START_END = struct.Struct("=ii")


# The last byte of packed sentences that carry their runs of terms (`Passage.sentence_runs`),
# and the most terms a run's gap or length may hold (one byte each).
RUNS_MARK = b"\x01"
RUN_MAX = 255


def sentence_count(packed: int) -> int:
    """How many sentences packed sentences of `packed` bytes hold (`Passage.packed_sentences`):
    8 bytes a span; with their runs of terms, 2 more a sentence and a mark byte (so an odd
    length, where spans alone make a multiple of 8)."""
    return (packed - 1) // 10 if packed & 1 else packed // 8


def packed_sentences_whole(packed: bytes | memoryview) -> bool:
    """Whether `packed` has the length and mark of packed sentences (`Passage.packed_sentences`):
    whole spans, or whole spans with their runs and `RUNS_MARK` last."""
    size = len(packed)
    if size & 1:
        return size % 10 == 1 and packed[-1] == RUNS_MARK[0]
    return size % 8 == 0


def span_count(offsets: int) -> int:
    """How many sentence spans packed offsets of `offsets` bytes hold (`pack_offsets`: the
    start and end, then packed sentences)."""
    return sentence_count(offsets - START_END.size)


def pack_offsets(start: int, end: int, sentences: Iterable[Sequence[int]] | bytes) -> bytes:
    """A passage's start and end, then its sentence spans, as one run of int32 offsets (start,
    end, then each sentence's start, end): 8 bytes a sentence where a tuple of tuples of ints
    held about 120, and none of the two int objects (64 bytes) a passage held its place with.
    `sentences` may be given packed already (int32 bytes, without the start and end)."""
    if isinstance(sentences, bytes):
        return START_END.pack(start, end) + sentences
    return array("i", [start, end, *(offset for span in sentences for offset in span)]).tobytes()
