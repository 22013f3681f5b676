"""A document's text held compressed (`Body`): zlib over its UTF-8, a third of the `str` in
memory, decompressed when read (the last few kept), or only its opening (`Body.text_prefix`).
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import zlib

# zlib's level for document bodies: they are compressed once, as the store writes them, and
# held in memory as stored (a load copies the bytes). 6, zlib's default, packs the 100k
# synthetic corpus's 56 MB of bodies to 23.9 MB in 1.7 s; 1, the fastest, to 25.8 MB in 1.0 s.
# Reading one back costs the same at either.
BODY_COMPRESSION_LEVEL = 6
# Bodies kept decompressed, the most recently read: the few documents an answer quotes from,
# and the one a build (names, people, voices) walks passage by passage.
BODIES_CACHED = 128


class Body:
    """A document's text held zlib-compressed (UTF-8, `BODY_COMPRESSION_LEVEL`): about a third
    of the `str` it replaces in memory. `text` gives the `str` back, decompressed on first read
    and then kept among the `BODIES_CACHED` bodies read last (an LRU shared by all bodies, safe
    across threads), so the passages of one document read it once, not once a passage.

    Immutable; compared and hashed by identity (it is a cache key). Lone surrogates survive
    the round trip (`surrogatepass`).
    """

    __slots__ = ("_packed",)

    _packed: bytes

    def __init__(self, text: str) -> None:
        object.__setattr__(self, "_packed", pack_text(text))

    @classmethod
    def from_packed(cls, packed: bytes | memoryview) -> Body:
        """The body whose compressed text is `packed` (as `packed` gave it, or `pack_text`):
        the bytes are kept as they are (a `bytes` object itself, not a copy; a memoryview's
        bytes copied), not checked; a damaged one raises `zlib.error` when the text is first
        read."""
        body = cls.__new__(cls)
        object.__setattr__(body, "_packed", bytes(packed))
        return body

    @property
    def packed(self) -> bytes:
        """The compressed text (zlib, of the UTF-8 with lone surrogates passed through)."""
        return self._packed

    @property
    def text(self) -> str:
        """The body's text (the `str` it was made from, equal to it)."""
        return _unpacked(self)

    def text_prefix(self, chars: int) -> str:
        """The first `chars` characters of the text (all of it when shorter), equal to
        `text[:chars]`, decompressing only the bytes they can take (at most 4 a character)
        and not touching the cache of whole texts: what reading a document's opening needs."""
        if chars <= 0:
            return ""
        inflater = zlib.decompressobj()
        decoder = codecs.getincrementaldecoder("utf-8")("surrogatepass")
        # At least a byte a character: `chars` bytes first (all it takes for ASCII text), then
        # as many more as characters are still missing, until there are enough or the text ends.
        text = decoder.decode(inflater.decompress(self._packed, chars))
        while len(text) < chars and not inflater.eof:
            more = inflater.decompress(inflater.unconsumed_tail, chars - len(text))
            if not more:
                more = inflater.flush()
                if not more:
                    break
            text += decoder.decode(more)
        return text[:chars]

    @property
    def packed_size(self) -> int:
        """Bytes the compressed text takes."""
        return len(self._packed)

    def __setattr__(self, name: str, value: object) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __reduce__(self) -> tuple[object, ...]:
        return (Body, (self.text,))

    def __repr__(self) -> str:
        return f"Body({self.packed_size} bytes packed)"


@functools.lru_cache(maxsize=BODIES_CACHED)
def _unpacked(body: Body) -> str:
    return zlib.decompress(body._packed).decode("utf-8", "surrogatepass")


def pack_text(text: str) -> bytes:
    """`text` as a `Body` holds it: its UTF-8 (lone surrogates passed through), zlib-compressed
    at `BODY_COMPRESSION_LEVEL`."""
    return zlib.compress(text.encode("utf-8", "surrogatepass"), BODY_COMPRESSION_LEVEL)


def pack_body(body: str | Body) -> bytes:
    """A body's compressed text (see `pack_text`): a `Body`'s own bytes, not compressed
    again."""
    return pack_text(body) if isinstance(body, str) else body.packed


def text_of(body: str | Body) -> str:
    """A body's text, whether held as a `str` or compressed (`Body`)."""
    return body if isinstance(body, str) else body.text
