"""Many terms looked up at a few passages at once, from the passages' own term lists.

`PassageIndex.at` finds one term at some passages by a binary search in its postings: a dozen
numpy calls, 20-40 us a term whatever the number of passages. A pasted paragraph's 60 words at
the 10-64 passages that `pruning.pruned_top` seeds its floor with and scores at the end were
60 such calls each time (3-5 ms of a 15-20 ms search at 100k passages). Here the passages'
term ids (`TermLists`, packed) are unpacked once, together, and counted against the terms'
numbers: the same frequencies, since an index's postings are those counts (`index_arrays`),
in about 15 numpy calls for all the terms.
"""

from __future__ import annotations

import numpy as np

from bot.engine.arrays import TermLists, unpack_ids

# Passages up to which scoring many terms through the term lists is cheaper than a binary
# search a term (`PassageIndex.scores_at`): 80 ids a passage are unpacked and counted, where a
# search costs about the same whatever the number of passages. Measured at 100k passages
# (the bench's corpus, 60-term pasted paragraphs): 64 passages cost 0.3 ms, a search a term
# 1.5-2.5 ms for the 60.
FEW_PASSAGES = 64


def term_counts(terms: TermLists, positions: np.ndarray, numbers: np.ndarray) -> np.ndarray:
    """How often each passage at `positions` (passage positions, any order, no repeats) holds
    each term of `numbers` (term ids as `terms` numbers them, distinct): an int64 array of
    shape (len(numbers), len(positions)). Each passage's term ids are unpacked from the packed
    bytes (`TermLists.packed`) in one `unpack_ids` call over all the passages' bytes."""
    where = np.asarray(positions, dtype=np.int64)
    byte_ends, id_ends = terms.byte_ends, terms.id_ends
    first_byte = np.where(where > 0, byte_ends[np.maximum(where - 1, 0)], 0)
    byte_counts = byte_ends[where] - first_byte
    first_id = np.where(where > 0, id_ends[np.maximum(where - 1, 0)], 0)
    id_counts = id_ends[where] - first_id
    # The bytes of every passage end to end: each byte's offset from its passage's first byte
    # added to where that passage's bytes start.
    total = int(byte_counts.sum())
    offsets = np.arange(total, dtype=np.int64) - np.repeat(
        np.cumsum(byte_counts) - byte_counts, byte_counts
    )
    ids = unpack_ids(terms.packed[np.repeat(first_byte, byte_counts) + offsets])
    owner = np.repeat(np.arange(len(where), dtype=np.int64), id_counts)
    order = np.argsort(numbers, kind="stable")
    ranked = np.asarray(numbers, dtype=np.int64)[order]
    counts = np.zeros((len(ranked), len(where)), dtype=np.int64)
    if not len(ranked) or not len(ids):
        return counts
    slot = np.minimum(np.searchsorted(ranked, ids), len(ranked) - 1)
    held = ranked[slot] == ids
    found = np.bincount(
        slot[held] * len(where) + owner[held], minlength=len(ranked) * len(where)
    ).reshape(len(ranked), len(where))
    counts[order] = found
    return counts
