"""Text analysis shared by the index and the queries: normalising, tokens, stems, sentences.

One analyser serves documents and questions alike, so that a word is reduced the same way on
both sides of the match. Everything that returns positions returns character offsets into the
string it was given, never into a normalised copy, because quotes must be cut from the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from bot.engine.models import Document, Passage, Voice

# Curly quotes and apostrophes fold to their straight forms. Each mapping is one character to one
# character, so offsets computed on the folded text are valid in the original.
_QUOTE_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)

# A word: letters/digits, with inner apostrophes or dots ("Pompeo's", "U.S.", "5G", "3.5").
# Hyphens separate words, so "cold-war" matches a question about the "cold war".
# Possessives are stripped after matching.
# Format characters inside a word (a soft hyphen, a zero-width joiner) are part of it, and are
# dropped from its term: "dan\u00adgerous" is "dangerous".
_FORMAT = "\u00ad\u200b-\u200d\u2060\ufeff"
_WORD = re.compile(rf"[\w{_FORMAT}]+(?:['.][\w{_FORMAT}]+)*\.?", re.UNICODE)
_FORMAT_CHARS = re.compile(f"[{_FORMAT}]")
_ACRONYM = re.compile(r"^(?:[^\W\d_]\.){2,}$", re.UNICODE)
_POSSESSIVE = re.compile(r"'s?$")

# English function words: frequent, carry no topic. Question words are here too ("who", "what");
# the answer engine reads them from the raw question where it needs them.
STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above after again against all am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do
    does doesn't doing don't down during each few for from further had hadn't has hasn't
    have haven't having he he'd he'll he's her here here's hers herself him himself his how
    how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most
    mustn't my myself no nor not of off on once only or other ought our ours ourselves out
    over own same shan't she she'd she'll she's should shouldn't so some such than that
    that's the their theirs them themselves then there there's these they they'd they'll
    they're they've this those through to too under until up very was wasn't we we'd we'll
    we're we've were weren't what what's when when's where where's which while who who's
    whom why why's with won't would wouldn't you you'd you'll you're you've your yours
    yourself yourselves also would shall may might must us via per
    """.split()
)


# A span in quotation marks, in text whose quotes are folded (`fold`); a single quote counts
# only where it is no apostrophe (not inside a word).
_QUOTED_SPAN = re.compile(r""""[^"]*"|(?<!\w)'[^']*'(?!\w)""")


def quoted_spans(folded: str) -> list[tuple[int, int]]:
    """The character spans of `folded` (quotes folded, as `fold` gives) that stand in
    quotation marks, marks included, in order."""
    return [match.span() for match in _QUOTED_SPAN.finditer(folded)]


def fold(text: str) -> str:
    """Fold curly quotes to straight ones; same length as the input, so offsets still hold."""
    return text.translate(_QUOTE_FOLD)


def normalise(text: str) -> str:
    """Unicode NFKC, quote folding and case folding: the form in which words are compared."""
    return fold(unicodedata.normalize("NFKC", text)).casefold()


# Words whose terms an analyser keeps (about 100 bytes each: 2 MB at most); the first met, which
# are mostly the common ones.
TERM_CACHE_WORDS = 20_000


@dataclass(frozen=True, slots=True)
class Token:
    """A word as it appears in the text: its stem and its character span in the original."""

    stem: str
    start: int
    end: int


class Analyser:
    """Turns text into BM25 terms: normalised, possessives and stop words dropped, stemmed."""

    def __init__(self, language: str = "english") -> None:
        self._stemmer = Stemmer.Stemmer(language)
        self._stem_cache: dict[str, str] = {}
        # A word as found -> its term ("" for none): the common words, first come first kept.
        self._term_cache: dict[str, str] = {}

    def stem(self, word: str) -> str:
        cached = self._stem_cache.get(word)
        if cached is None:
            cached = self._stemmer.stemWord(word)
            if len(self._stem_cache) < 200_000:
                self._stem_cache[word] = cached
        return cached

    def tokens(self, text: str) -> list[Token]:
        """Every content word of `text` with its span in `text` (not in a normalised copy)."""
        # NFKC can change lengths (ligatures), so words are found in a fold of the original,
        # which keeps offsets, and each word alone is NFKC-normalised afterwards.
        folded = fold(text)
        found: list[Token] = []
        for match in _WORD.finditer(folded):
            raw = match.group()
            term = self._term(raw)
            if term:
                # The dot of "U.S." is part of the word; the full stop after "markets." is not.
                end = match.end()
                if raw.endswith(".") and not _ACRONYM.match(raw):
                    end -= 1
                found.append(Token(term, match.start(), end))
        return found

    def terms(self, text: str) -> list[str]:
        """The BM25 terms of `text`, in order, repeats kept: the stems of `tokens`."""
        terms: list[str] = []
        for match in _WORD.finditer(fold(text)):
            term = self._term(match.group())
            if term:
                terms.append(term)
        return terms

    def terms_and_runs(
        self, text: str, spans: Sequence[tuple[int, int]]
    ) -> tuple[list[str], list[tuple[int, int]] | None]:
        """`terms(text)` and, for each sentence span (character offsets into `text`, in order,
        not overlapping), the run [first, end) of those terms that `terms(text[start:end])`
        gives: one pass over the text, so that a sentence's terms are a slice of its passage's
        and never analysed again (`Passage.sentence_runs`).

        The runs are None when a word runs over a sentence's edge (the sentence analysed alone
        would hold a cut word) or there are no spans. Otherwise they are exact: a word is
        matched by what it is made of, not by what stands around it, and folding keeps offsets.
        """
        folded = fold(text)
        terms: list[str] = []
        edges = [edge for span in spans for edge in span]
        runs: list[int] = []  # the term count before each edge, in edge order
        edge = 0
        whole = bool(spans)
        for match in _WORD.finditer(folded):
            start, end = match.span()
            while edge < len(edges) and edges[edge] <= start:
                runs.append(len(terms))
                edge += 1
            if edge < len(edges) and edges[edge] < end:
                whole = False  # the word runs over this edge
            term = self._term(match.group())
            if term:
                terms.append(term)
        if not whole:
            return terms, None
        runs.extend([len(terms)] * (len(edges) - edge))
        return terms, list(zip(runs[::2], runs[1::2], strict=True))

    def sentence_terms(
        self,
        text: str,
        spans: Sequence[tuple[int, int]],
        initials: Collection[str] | None = None,
    ) -> list[set[str]]:
        """The terms of each sentence of `text` (`spans`: character offsets, in order, not
        overlapping), as `terms` gives them, in one pass over the text: a word belongs to the
        sentence its first character is in; words between sentences belong to none. With
        `initials`, only terms starting with one of those letters are kept, and an ASCII word
        with another first letter is not stemmed at all (lower-casing and stemming keep a
        word's first letter: the answer path asks which of a few terms a sentence holds)."""
        found: list[set[str]] = [set() for _ in spans]
        if not spans:
            return found
        words = _WORD if initials is None else _words_starting(frozenset(initials))
        index, (start, end) = 0, spans[0]
        for match in words.finditer(fold(text)):
            at = match.start()
            while at >= end and index + 1 < len(spans):
                index += 1
                start, end = spans[index]
            if not start <= at < end:
                continue
            term = self._term(match.group())
            if term and (initials is None or term[0] in initials):
                found[index].add(term)
        return found

    def _term(self, raw: str) -> str | None:
        cached = self._term_cache.get(raw)
        if cached is None:
            cached = self._make_term(raw) or ""
            if len(self._term_cache) < TERM_CACHE_WORDS:
                self._term_cache[raw] = cached
        return cached or None

    def _make_term(self, raw: str) -> str | None:
        if raw.isascii():
            # No format character, NFKC changes nothing, and casefold is lower: the same word.
            word = raw.lower()
        else:
            word = unicodedata.normalize("NFKC", _FORMAT_CHARS.sub("", raw)).casefold()
        if "." in word and _ACRONYM.match(word):
            # "U.S." -> "us": an acronym keeps its letters and is never a stop word.
            return word.replace(".", "")
        word = word.rstrip(".")
        if word in STOP_WORDS:
            return None
        if "'" in word:
            word = _POSSESSIVE.sub("", word)
        if not word or word in STOP_WORDS:
            return None
        if len(word) == 1 and not word.isdigit():
            return None
        return self.stem(word)


@lru_cache(maxsize=1024)
def _words_starting(initials: frozenset[str]) -> re.Pattern[str]:
    """The words `_WORD` finds, only those whose first character is one of `initials` (in either
    case) or not ASCII: the regex engine skips the others, which cannot make a term starting
    with one of `initials` (lower-casing and stemming keep an ASCII first letter). A word
    starts where `_WORD`'s scan would start one: not after a word character, nor after an
    apostrophe or dot that follows one ("U.S.", "rock'n'roll" are one word each)."""
    letters = "".join(re.escape(letter) for letter in sorted(initials))
    first = rf"(?=[{letters}]|[^\x00-\x7f])" if letters else r"(?=[^\x00-\x7f])"
    return re.compile(
        rf"(?<![\w{_FORMAT}])(?<![\w{_FORMAT}]['.]){first}"
        rf"[\w{_FORMAT}]+(?:['.][\w{_FORMAT}]+)*\.?",
        re.UNICODE | re.IGNORECASE,
    )


def analyse_document(analyser: Analyser, document: Document) -> tuple[Document, list[list[str]]]:
    """A document's passages analysed, as ingest does it once: the document with each passage's
    sentence runs of terms kept (`Passage.with_sentence_runs`, so a question never analyses
    its sentences again), and each passage's terms, in order (what the index holds)."""
    passages = []
    terms: list[list[str]] = []
    for passage in document.passages:
        found, runs = analyser.terms_and_runs(passage.text, passage.sentences)
        passages.append(passage.with_sentence_runs(runs))
        terms.append(found + heading_terms(analyser, passage) + label_terms(analyser, passage))
    return document.replaced(passages=tuple(passages)), terms


def passage_terms(analyser: Analyser, passage: Passage) -> list[str]:
    """A passage's terms as the index holds them: those of its text, in order, then those of
    the question heading it answers (`heading_terms`) and of the label crediting it, when it
    is someone's turn (`label_terms`). `analyse_document` finds the same."""
    return (
        analyser.terms(passage.text)
        + heading_terms(analyser, passage)
        + label_terms(analyser, passage)
    )


def heading_terms(analyser: Analyser, passage: Passage) -> list[str]:
    """The terms of the heading a passage sits under when that heading asks a question (an
    FAQ's "How much will the charge cost?", `Passage.heading` ending in "?"): the passage
    answers it, and a reader asks it in the heading's words as often as in the answer's, so
    the index holds them after the text's own (no sentence's run covers them). Empty for any
    other heading, and for a debate's point titles (their answers are linked by `answers`)."""
    heading = passage.heading
    if heading is None or passage.side is not None or not heading.rstrip().endswith("?"):
        return []
    return analyser.terms(heading)


def label_terms(analyser: Analyser, passage: Passage) -> list[str]:
    """The terms of the label a turn is credited to (`Passage.speaker` of a `Voice.SPEAKER`
    passage: "Heckler", "Audience member", "Moderator", "Siobhan Keel", a username's words,
    "Marta_Lindqvist" as "Marta Lindqvist"): the readers take the label out of the turn's text
    ("Heckler: And what about the floods?" is quoted as "And what about the floods?"), and a
    reader asks by it ("what did the heckler shout?"), so the index holds them after the text's
    own, as a question heading's (no sentence's run covers them, so sentence choice is
    unchanged). Empty for any other passage, for a debate side's, for a turn whose text opens
    with its label still (a corpus file's "GARETH PRICE: ..."), and for a placeholder no one
    is called by ("Unknown sender")."""
    label = passage.speaker
    if passage.voice is not Voice.SPEAKER or passage.side is not None or not label:
        return []
    if passage.text[: len(label) + _LABEL_SLACK].casefold().find(label.casefold()) >= 0:
        return []  # "GARETH PRICE: ...": the text holds its label, and its terms, already
    return list(_label_terms(analyser, label))


# How far into a turn's text its label may start when the text keeps it ("**Heckler:**").
_LABEL_SLACK = 6


# A label that names no one ("Unknown speaker", "Unknown sender"): no words of a turn.
_NO_LABEL = re.compile(r"^\s*unknown\b", re.IGNORECASE)


@lru_cache(maxsize=4_096)
def _label_terms(analyser: Analyser, label: str) -> tuple[str, ...]:
    """A turn's label's terms, read once a label: its words joined by "_" or "." (a username's)
    apart; none for a placeholder (`_NO_LABEL`)."""
    if _NO_LABEL.match(label):
        return ()
    return tuple(analyser.terms(re.sub(r"(?<=\w)[_.](?=\w)", " ", label)))


@lru_cache(maxsize=65_536)
def term_set(analyser: Analyser, text: str) -> frozenset[str]:
    """The distinct terms of a short text that recurs (a document's title, a fixed list of
    words), analysed once and kept."""
    return frozenset(analyser.terms(text))


@lru_cache(maxsize=1)
def default_analyser() -> Analyser:
    """The process-wide analyser (PyStemmer's English Snowball stemmer)."""
    return Analyser()


# --- sentences -------------------------------------------------------------------------------

# Full stops after abbreviations, in three kinds (measured on the tricky cases of
# bench/eval/sentences.jsonl; `python -m bench.sentences` compares this splitter with pysbd,
# blingfire, syntok and nupunkt there, and the README keeps the table):
# - written before a name or a number, they never end a sentence: titles and ranks ("Maj. Gen.
#   Carla Ruiz", "Amb. Lindqvist"), capitalised as written; "e.g.", "vs." in any case;
# - "No. 10", "p. 45", "Fig. 3": no sentence ends before the number;
# - written at the end of a name or a date, they end one before a capitalised word that does
#   not go on with the name (states "Calif.", months "Feb.", "Inc.", "Jr.", "et al.", "etc.",
#   dotted acronyms "U.S.", "a.m."): "built in the U.S. Construction starts" is two sentences,
#   "the U.S. Army", "Calif. Gov. Elena Ramos", "9 a.m. Tuesday" are not.
_TITLES: frozenset[str] = frozenset(
    """
    mr mrs ms messrs mmes mme mlle msgr dr prof gen maj col lt sgt cpl pvt capt cmdr cmdt adm
    brig gov sen rep reps sens rev revd hon pres amb fr sec supt insp det atty st mt ft
    """.split()
)
# "hon." too in lower case, as parliaments write it ("the hon. Lady", "my right hon. Friend").
_NEVER_FINAL: frozenset[str] = frozenset(
    "e.g i.e cf viz vs v approx ca c dept univ assn op hon".split()
)
_BEFORE_NUMBER: frozenset[str] = frozenset("no nos vol vols p pp fig figs art ch chap para".split())
_MONTHS = "jan feb mar apr jun jul aug sep sept oct nov dec"
_STATES = (
    "ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo "
    "mont neb nev okla ore pa tenn tex vt va wash wis wyo"
)
_CAPITALISED_FINAL: frozenset[str] = frozenset(f"{_MONTHS} {_STATES}".split())
_FINAL: frozenset[str] = frozenset("inc corp co ltd llc plc bros jr sr esq etc al".split())
# Capitalised words that go on with a name or date after a final abbreviation ("the U.S.
# Army", "9 a.m. Tuesday", "Sacramento, Calif. Gov. ..."): days, months, and the words of the
# offices and institutions a country's or state's abbreviation stands before.
_CONTINUING: frozenset[str] = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december army navy air marine marines coast
    guard space force forces military naval senate senator house congress congressional
    congressman congresswoman capitol supreme court courts district circuit attorney attorneys
    department embassy embassies consulate ambassador envoy secretary president vice
    government administration treasury census postal bureau agency commission commissioner
    council security general assembly mission delegation command central federal national
    state states trade commerce defense defence justice labor energy interior homeland
    intelligence special forest geological mint marshals customs border immigration
    citizenship patent office institute institutes center centers chamber olympic open
    dollar dollars steel bank bancorp highway route interstate representative representatives
    governor legislature lawmakers officials ambassadors troops soldiers
    """.split()
)
# Words that open a sentence and are followed by a comma ("Meanwhile, ..."), never a name.
_SENTENCE_ADVERBS: frozenset[str] = frozenset(
    """
    meanwhile however still instead now today yesterday tomorrow later earlier first second
    third last finally indeed moreover furthermore nevertheless nonetheless thus therefore
    overall separately elsewhere again yet also then besides otherwise afterwards hence
    """.split()
)
# After the capitalised word: a comma, or a capitalised word that ends an organisation's name
# ("the U.S. Green Party"); "the U.S. New York came first" is two sentences.
_NAME_GOES_ON = re.compile(
    r"\s*[,;:]|\s+(?:Party|Council|Committee|Association|Coalition|Group|Network|Union|League|"
    r"Society|Institute|Foundation|Movement|Alliance|Campaign|Club|Federation|Caucus)\b"
)
_SENTENCE_END = re.compile(r"[.!?…]+")
_CLOSERS = "\"')]}\u201d\u2019"
_OPENING_QUOTES = '"\u201c'
_WORD_AFTER = re.compile(r"\s+[\"'(\[]?([^\W\d_][\w-]*)(\.?)")
_NUMBER_AFTER = re.compile(r"\s*(?:\d|[IVXLC]+\b)")


def _abbreviation_ends_sentence(text: str, dot: int) -> bool | None:
    """Whether the full stop at `dot` after an abbreviation ends its sentence; None when the
    word before it is no abbreviation (the stop ends the sentence if what follows opens one)."""
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    written = text[start:dot]
    word = written.lower()
    if not word:
        return None
    capitalised = written[:1].isupper()
    if (capitalised and word in _TITLES) or word in _NEVER_FINAL:
        return False
    if word in _BEFORE_NUMBER and _NUMBER_AFTER.match(text, dot + 1):
        return False
    dotted = bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))
    if (capitalised and word in _CAPITALISED_FINAL) or word in _FINAL or dotted:
        return _opens_new_sentence(text, dot + 1)
    # An initial ("J. R. R. Tolkien") stands before a name.
    return False if len(word) == 1 else None


def _opens_new_sentence(text: str, position: int) -> bool:
    """After a final abbreviation: a capitalised word that does not go on with the name or
    date ("the U.S. Army", "Calif. Gov.", "a.m. Tuesday") opens the next sentence."""
    match = _WORD_AFTER.match(text, position)
    if match is None or not match.group(1)[:1].isupper():
        return False
    word = match.group(1).lower()
    if match.group(2) and word in _TITLES:
        return False
    if word in _CONTINUING:
        return False
    # "an organizer with D.C. Ferguson, the group ...": a capitalised word that is no common
    # word and goes on to a comma or an organisation's word is a name the acronym is part of.
    return not (
        word not in STOP_WORDS
        and word not in _SENTENCE_ADVERBS
        and not word.endswith("ly")
        and _NAME_GOES_ON.match(text, match.end())
    )


def _next_starts_sentence(text: str, pos: int) -> bool:
    """After a candidate boundary, the next visible character must open a sentence."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos >= len(text):
        return True
    char = text[pos]
    return char.isupper() or char.isdigit() or char in _OPENING_QUOTES + "'\u2018(["


# Footnote marks after a sentence's full stop, before the next sentence's capital.
_MARKS_AFTER_STOP = re.compile(r"(?<=[.!?”\"’'])\s*(?:\[\d{1,3}\])+(?=\s+[\"“‘(A-Z0-9])")
# Footnote marks that open a span (the splitter cut before them): they belong to the last one.
_LEADING_MARKS = re.compile(r"(?:\[\d{1,3}\][\s,;]*)+(?=$|[\"“‘(A-Z0-9])")


# A paragraph's own number as the sentence splitter cuts it off: "12.", "(3)", "4.2.".
_PARAGRAPH_NUMBER = re.compile(r"\(?\d{1,3}(?:\.\d{1,3})*[.)]")
# A numbered paragraph's number opening its text ("12. ", "[12] ", "(12) "): how it is cited,
# no figure it gives.
PARAGRAPH_NUMBER = re.compile(r"^\s*[\[(]?\d{1,3}(?:\.\d{1,3})*[.)\]]\s+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of one paragraph, trimmed of surrounding white space.

    A full stop inside an open double quotation does not end the sentence, so a quotation that
    spans sentences stays whole with its speaker's clause; if the quotation marks do not
    balance, quotation tracking is dropped rather than swallowing the paragraph.
    """
    spans = _split(text, track_quotes=True)
    if spans is None:
        spans = _split(text, track_quotes=False) or []
    spans = _footnotes_with_their_sentence(text, spans)
    if len(spans) > 1 and _PARAGRAPH_NUMBER.fullmatch(text, spans[0][0], spans[0][1]):
        # A numbered paragraph's number ("12.") opens its first sentence, not a sentence of
        # its own: a quote of it keeps the number a reader cites it by.
        spans[:2] = [(spans[0][0], spans[1][1])]
    return spans


def _footnotes_with_their_sentence(
    text: str, spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """ "... in 2023.[1] Next" and "... in 2023. [1] Next": the footnote marks end the sentence
    before them, whichever side of the split the sentence splitter put them on."""
    pieces: list[tuple[int, int]] = []
    for start, end in spans:
        cut = start
        for match in _MARKS_AFTER_STOP.finditer(text, start, end):
            pieces.append((cut, match.end()))
            cut = match.end()
            while cut < end and text[cut].isspace():
                cut += 1
        pieces.append((cut, end))
    merged: list[tuple[int, int]] = []
    for start, end in pieces:
        lead = _LEADING_MARKS.match(text, start, end)
        if merged and lead:
            merged[-1] = (merged[-1][0], start + len(lead.group().rstrip()))
            start = lead.end()
        if start < end:
            merged.append((start, end))
    return merged


def _split(text: str, *, track_quotes: bool) -> list[tuple[int, int]] | None:
    folded = fold(text)
    boundaries: list[int] = []
    in_quote = False
    position = 0
    while position < len(folded):
        char = folded[position]
        if track_quotes and char == '"':
            in_quote = not in_quote
            position += 1
            continue
        match = _SENTENCE_END.match(folded, position) if char in ".!?\u2026" else None
        if match is None:
            position += 1
            continue
        end = match.end()
        # Closing quotes and brackets belong to the sentence they close.
        while end < len(folded) and folded[end] in _CLOSERS:
            if folded[end] == '"' and track_quotes:
                in_quote = not in_quote
            end += 1
        is_stop = match.group() == "."
        after_abbreviation = _abbreviation_ends_sentence(folded, match.start()) if is_stop else None
        if (
            not in_quote
            and after_abbreviation is not False
            and (end >= len(folded) or folded[end].isspace())
            and (after_abbreviation or _next_starts_sentence(folded, end))
        ):
            boundaries.append(end)
        position = end
    if track_quotes and in_quote:
        return None
    spans: list[tuple[int, int]] = []
    start = 0
    for boundary in [*boundaries, len(text)]:
        span = _trim(text, start, boundary)
        if span is not None:
            spans.append(span)
        start = boundary
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def split_paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Paragraph spans: runs of non-blank lines separated by one or more blank lines."""
    for match in re.finditer(r"(?:[^\n]*\S[^\n]*(?:\n|$))+", text):
        span = _trim(text, match.start(), match.end())
        if span is not None:
            yield span
