"""A list of references' entries are left out of answers to content questions; what follows the
list under its heading without naming a year (an appendix's text) is not an entry."""

from __future__ import annotations

from bot.engine.answer import AnswerEngine
from bot.engine.formats.upload import UploadDetails, document_from_upload

BODY = (
    "# Herons of the estuary\n\nBy Ada Marsh\n\n## Method\n\n"
    "We counted the herons on the estuary every spring and compared the counts with the tides."
    "\n\n## References\n\n"
    "Harcourt, J. and Bell, K. (2019). Herons of the estuary. Journal of Tidal Birds, 4, 1-9."
    "\n\n"
    "HERON WATCHER: The herons came back to the estuary in spring, as the tides fell."
)


def test_an_entry_naming_a_year_is_left_out_but_appendix_text_is_not() -> None:
    document = document_from_upload(
        BODY.encode(), "herons.md", UploadDetails(), doc_id="herons", isolated=True
    ).document
    engine = AnswerEngine([document])
    mask = engine.collection.reference_list_mask()
    texts = [p.text for p in engine.collection.passages]
    masked = {text[:8] for text, held in zip(texts, mask, strict=True) if held}
    assert masked == {"Harcourt"}
    answer = engine.answer("what did the heron watcher say about the herons in spring?")
    assert not answer.abstained and answer.quotes[0].text.startswith("HERON WATCHER")
