"""Subtitle files (.vtt from YouTube or a video editor, .srt) -> `Extracted`: a video's or a
debate's transcript in paragraphs, each its speaker's turn at its start time (webvtt-py).

webvtt-py parses the cues (it reads SubRip too) and takes off their numbers, timings and
settings; here each cue's lines lose their styling tags (`<i>`, `<c.yellow>`, YouTube's word
timings `<00:00:01.520>`, SubRip's `{\\an8}`) and entities, and the line a rolling caption
repeats from the cue before is read once: YouTube's automatic captions show each line twice, at
the bottom and then at the top of the next cue ("so what we're asking" / "so what we're asking"
+ "is whether the vote"), and some show a line growing a word at a time. The lines are joined
into paragraphs, one ending where the speaker changes or at a pause (`PAUSE_SECONDS`), a long
one at a sentence's end (`PARAGRAPH_CHARS`). A speaker is named by a voice span (`<v Jane
Roe>`) or a label opening a line ("JANE ROE:", ">> JANE ROE:"); ">>" alone or a dash opening a
line ("- Yes.") says the speaker changed without naming them. Named paragraphs are turns read
as the text reader reads a transcript's (`rolenames.transcript_turns`), each under the time its
first cue starts ("00:03:08"), which is cited with its quote, as a podcast transcript's
timestamps are. A line of sound only ("[Music]", "(applause)", "♪ ... ♪") is nobody's words.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath

from bot.engine.formats.extracted import Extracted, Paragraph, clean_field, extractor_name
from bot.engine.formats.rolenames import transcript_turns
from bot.engine.formats.transcript import NO_WORDS_SAID, label_match
from bot.engine.models import CorpusError, Kind

# Bump when the rules below change what a file gives.
SUBTITLES_EXTRACTION_VERSION = 1

# Silence between two cues that ends a paragraph. Subtitles of continuous speech leave under a
# second between cues (a cue is shown until the next starts, or a few frames less); two seconds
# of nothing is the speaker pausing, or a cut. A judgement, not fitted to a set.
PAUSE_SECONDS = 2.0
# A paragraph at least this long ends at the next cue that ends a sentence; one this long with
# no sentence end (automatic captions have no punctuation) ends at the next cue. Short enough
# for a quote to stay on its point, long enough for a few sentences, under the 3,000 characters
# at which an upload's paragraph is split (`upload.MAX_PASSAGE_CHARS`).
PARAGRAPH_CHARS = 600
UNPUNCTUATED_PARAGRAPH_CHARS = 1_200

# A voice span opening a line: "<v Jane Roe>", "<v.loud Jane Roe>" (WebVTT 4.2.2).
_VOICE = re.compile(r"^\s*<v(?:\.[\w-]+)*[ \t]+(?P<name>[^>]+)>")
# Any cue tag ("<i>", "</c>", "<00:00:01.520>", "<v Roe>") and SubRip's override codes
# ("{\an8}", "{\i1}").
_TAG = re.compile(r"<[^>\n]*>|\{\\[^}\n]*\}")
# A change of speaker not naming who: broadcast captions' ">>", a dialogue dash.
_CHANGE = re.compile(r"^(?:>>+|[-–—](?=[ \t]|[A-Z]))[ \t]*")
# A line of music ("♪ la la ♪").
_MUSIC = re.compile(r"^[♪♫#][^\n]*[♪♫#]?$|^[♪♫]+$")
# A sentence's end at a cue's end, perhaps inside a closing quotation mark or bracket.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


@dataclass(frozen=True, slots=True)
class _Line:
    """One line said: its text, when its cue starts and ends (seconds), who says it (None:
    not named), and whether the line marks a change of speaker."""

    text: str
    start: float
    end: float
    speaker: str | None
    change: bool


def extractor() -> str:
    """The name and version of this extraction, as stored with an upload."""
    return extractor_name("subtitles", SUBTITLES_EXTRACTION_VERSION, "webvtt-py")


def extract_subtitles(text: str, filename: str) -> Extracted:
    """Extract the transcript of a subtitle file (decoded text; WebVTT for `.vtt`, SubRip for
    `.srt`). Raises `CorpusError` naming `filename` when it holds no cue or a malformed one."""
    import webvtt  # imported here: only uploads need it
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    srt = PurePath(filename).suffix.lower() == ".srt"
    try:
        captions = webvtt.WebVTT.from_buffer(io.StringIO(text), format="srt" if srt else "vtt")
    except (MalformedFileError, MalformedCaptionError) as error:
        kind = "SubRip (.srt)" if srt else "WebVTT (.vtt)"
        raise CorpusError(
            filename, f"the file is not {kind} subtitles I can read: {error}"
        ) from None
    cues = [
        (caption.start_time.in_milliseconds() / 1000, caption.end_time.in_milliseconds() / 1000)
        for caption in captions.captions
    ]
    said = list(_said(cues, [caption.lines for caption in captions.captions]))
    runs = list(_runs(said))
    if not runs:
        raise CorpusError(filename, "no words were found in the subtitles' cues")
    # Each named run labelled as a transcript's turn is ("Jane Roe: ..."), for the text
    # reader's rules on labels (a label recurs, a short one the full name's, roles).
    labelled = [
        Paragraph(text=f"{who}: {text}" if who else text, section=_clock(start))
        for who, text, start in runs
    ]
    turns = transcript_turns(labelled)
    if turns is None:
        # Too few labels for those rules (one speaker named once): each named run is still
        # that speaker's, as the file says.
        turns = [
            Paragraph(text=text, speaker=who, section=_clock(start)) for who, text, start in runs
        ]
    return Extracted(
        paragraphs=tuple(turns),
        extractor=extractor(),
        title=_title(filename),
        kind=Kind.TRANSCRIPT.value if any(p.speaker for p in turns) else None,
    )


def _said(cues: list[tuple[float, float]], texts: list[list[str]]) -> Iterator[_Line]:
    """Each cue's lines as said: tags and entities out, sound-only lines out, and a line the
    cue before showed already (a rolling caption's repeat) out, or only its new words when it
    grows that line. `cues` are (start, end) seconds, `texts` each cue's raw lines."""
    speaker: str | None = None
    before: list[str] = []  # the cue before's lines, as read
    for (start, end), raw_lines in zip(cues, texts, strict=True):
        shown: list[str] = []
        for raw in raw_lines:
            voice = _VOICE.match(raw)
            shown_as = clean_field(html.unescape(_TAG.sub("", raw)))
            if shown_as is None:
                continue
            shown.append(shown_as)
            if shown_as in before:
                continue  # a rolling caption's line again
            text, change = shown_as, False
            grown = next((old for old in before if shown_as.startswith(old + " ")), None)
            if grown is not None:
                text = shown_as[len(grown) + 1 :]  # the same line with words added
            else:
                if (marked := _CHANGE.match(text)) is not None:
                    change, speaker, text = True, None, text[marked.end() :]
                if voice is not None:
                    named = clean_field(voice.group("name"))
                    change = change or named != speaker
                    speaker = named
                found = _label(text)
                if found is not None:
                    change = change or found[0] != speaker
                    speaker, text = found[0], text[found[1] :].strip()
            if text and not NO_WORDS_SAID.fullmatch(text) and not _MUSIC.match(text):
                yield _Line(text, start, end, speaker, change)
        before = shown


def _label(text: str) -> tuple[str, int] | None:
    """A speaker label opening a line ("JANE ROE:", "Roe:") and where its words start; not a
    lower-case one ("so the question is: ..." in automatic captions, which have no capitals)."""
    found = label_match(text)
    if found is None or found[0].islower():
        return None
    return found


def _runs(lines: Iterable[_Line]) -> Iterator[tuple[str | None, str, float]]:
    """Lines joined into paragraphs (see the module's docstring): each as its speaker (None:
    not named), its text and the time it starts (seconds)."""
    words: list[str] = []
    speaker: str | None = None
    start = end = 0.0
    for line in lines:
        length = sum(len(word) + 1 for word in words)
        ends_sentence = bool(words) and _SENTENCE_END.search(words[-1]) is not None
        if words and (
            line.change
            or line.speaker != speaker
            or line.start - end >= PAUSE_SECONDS
            or (length >= PARAGRAPH_CHARS and ends_sentence)
            or length >= UNPUNCTUATED_PARAGRAPH_CHARS
        ):
            yield speaker, " ".join(words), start
            words = []
        if not words:
            speaker, start = line.speaker, line.start
        words.append(line.text)
        end = max(end, line.end)
    if words:
        yield speaker, " ".join(words), start


def _clock(seconds: float) -> str:
    """A time as a transcript's turn is cited by: "00:03:08" (hours, minutes, seconds)."""
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


# What a video site's download adds to a subtitle file's name: the video's id in brackets
# ("Motion debate [dQw4w9WgXcQ].en.vtt") and the language ("en", "en-GB", "en-orig").
_FILE_ID = re.compile(r"\s*\[[\w-]{6,}\]\s*$")
_LANGUAGE = re.compile(r"\.[a-z]{2,3}(?:[-_][\w]{2,8})?$", re.IGNORECASE)


def _title(filename: str) -> str | None:
    """A downloaded subtitle file's name as a title, without the video's id and the language
    ("Motion debate [dQw4w9WgXcQ].en.vtt" -> "Motion debate"); None for a name with neither,
    which the upload titles as it titles any file by its name."""
    stem = PurePath(filename).stem
    bare = _FILE_ID.sub("", _LANGUAGE.sub("", stem))
    return clean_field(bare) if bare != stem else None
