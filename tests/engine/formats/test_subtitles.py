"""Subtitle files (.vtt, .srt): cues read as a transcript's paragraphs, their speakers and
start times kept, and a rolling caption's repeated lines read once. Written for these tests."""

from __future__ import annotations

import pytest

from bot.engine.formats.upload import UploadDetails, document_from_upload, extractor_for
from bot.engine.models import CorpusError, Document

# Automatic captions as a video site writes them: every cue shows the line before it again,
# word timings and class tags inside, a short cue holding the finished line alone ("~" stands
# for the line of one space those cues leave).
_WORDS = "every<00:00:02.600><c> spring</c><00:00:03.000><c> since</c><00:00:03.500><c> the</c>"
ROLLING = f"""WEBVTT
Kind: captions
Language: en

00:00:00.000 --> 00:00:02.300 align:start position:0%
~
the<00:00:00.400><c> quarry</c><00:00:00.800><c> road</c><00:00:01.100><c> floods</c>

00:00:02.300 --> 00:00:02.310 align:start position:0%
the quarry road floods
~

00:00:02.310 --> 00:00:05.000 align:start position:0%
the quarry road floods
{_WORDS}<00:00:04.000><c> culvert</c>

00:00:05.000 --> 00:00:05.010 align:start position:0%
every spring since the culvert
~

00:00:05.010 --> 00:00:07.000 align:start position:0%
every spring since the culvert
collapsed

00:00:07.000 --> 00:00:07.500 align:start position:0%
[Music]

00:00:11.000 --> 00:00:13.000 align:start position:0%
nobody<00:00:11.500><c> has</c><00:00:12.000><c> fixed</c><00:00:12.500><c> it</c>
""".replace("~", " ")

# A panel's captions with voice spans, styling and an entity.
PANEL = """WEBVTT

NOTE written for the tests

1
00:01:02.000 --> 00:01:05.500
<v Moderator>Welcome to the Brannock Hall debate on the ferry levy.

2
00:01:05.600 --> 00:01:09.000
<v Odile Fenwick><i>A levy of two pounds</i> keeps
the night ferry &amp; the lifeboat running.

3
00:01:09.200 --> 00:01:12.000
<v Odile Fenwick>Without it the last crossing ends at six.

4
00:01:12.100 --> 00:01:15.000
<v Tomas Reyne>The levy falls on the islanders who can least afford it.

5
00:01:15.100 --> 00:01:18.000
<v Odile Fenwick>Islanders would cross free with a resident's card.
"""

# A debate's SubRip captions: numbers, timings, "NAME:" and ">>" labels, override codes.
DEBATE = """1
00:00:01,000 --> 00:00:03,000
<i>CHAIR: Order, please.
The motion is the quarry road.</i>

2
00:00:03,500 --> 00:00:06,000
>> HALVARD OSTBY: The quarry road floods
because the culvert collapsed.

3
00:00:06,200 --> 00:00:08,000
{\\an8}>> GRETA LUNDE: The county
repaired that culvert in May.

4
00:00:08,100 --> 00:00:10,000
>> HALVARD OSTBY: Then why is the road under water?
"""


def _read(text: str, name: str) -> Document:
    return document_from_upload(text.encode(), name, UploadDetails()).document


def test_rolling_captions_are_read_once_without_timings_tags_or_sounds() -> None:
    document = _read(ROLLING, "Quarry road meeting [Xy12Ab34Cd5].en.vtt")
    assert [p.text for p in document.passages] == [
        "the quarry road floods every spring since the culvert collapsed",
        # Four seconds of nothing: a pause, so a paragraph of its own.
        "nobody has fixed it",
    ]
    assert [p.heading for p in document.passages] == ["00:00:00", "00:00:11"]
    # The video's id and the language are no part of the title.
    assert document.meta.title == "Quarry road meeting"


def test_voice_spans_are_turns_under_their_start_times() -> None:
    document = _read(PANEL, "levy.vtt")
    assert document.meta.kind.value == "transcript"
    turns = [(p.speaker, p.heading, p.text) for p in document.passages]
    assert turns == [
        ("Moderator", "00:01:02", "Welcome to the Brannock Hall debate on the ferry levy."),
        (
            "Odile Fenwick",
            "00:01:05",
            "A levy of two pounds keeps the night ferry & the lifeboat running. "
            "Without it the last crossing ends at six.",
        ),
        ("Tomas Reyne", "00:01:12", "The levy falls on the islanders who can least afford it."),
        ("Odile Fenwick", "00:01:15", "Islanders would cross free with a resident's card."),
    ]
    assert extractor_for(PANEL.encode(), "levy.vtt").startswith("subtitles/1 webvtt-py ")


def test_srt_labels_and_broadcast_chevrons_name_the_speakers() -> None:
    document = _read(DEBATE, "quarry-debate.srt")
    turns = [(p.speaker, p.text) for p in document.passages]
    assert turns == [
        ("Chair", "Order, please. The motion is the quarry road."),
        ("Halvard Ostby", "The quarry road floods because the culvert collapsed."),
        ("Greta Lunde", "The county repaired that culvert in May."),
        ("Halvard Ostby", "Then why is the road under water?"),
    ]


def test_a_long_unpunctuated_caption_run_is_cut_into_paragraphs() -> None:
    cues = "\n".join(
        f"00:{second // 60:02d}:{second % 60:02d}.000 --> 00:{second // 60:02d}:"
        f"{second % 60:02d}.900\nword{second} and the levy goes on and on\n"
        for second in range(200)
    )
    document = _read(f"WEBVTT\n\n{cues}", "long.vtt")
    assert len(document.passages) > 3
    assert all(len(p.text) <= 1_300 for p in document.passages)
    # No words lost or doubled in the cutting.
    assert sum(len(p.text.split()) for p in document.passages) == 200 * 8


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        ("notes.vtt", "These are my notes, not captions.\n", "not WebVTT"),
        ("empty.srt", "1\n00:00:01,000 --> 00:00:02,000\n[Music]\n", "no words were found"),
    ],
)
def test_a_subtitle_file_with_nothing_to_read_says_so(name: str, text: str, problem: str) -> None:
    with pytest.raises(CorpusError, match=problem) as caught:
        _read(text, name)
    assert caught.value.source == name
