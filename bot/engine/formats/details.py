"""What an uploader says about a file (`UploadDetails`), apart from the readers that use it: the
chat layer, the command line and `Library` name it without importing every upload format (the
formats are imported when a file is read: a third of a second of the bot's start)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class UploadDetails:
    """What the uploader says about a file that carries no metadata of its own."""

    title: str | None = None
    author: str | None = None
    date: str | None = None  # YYYY-MM-DD
    url: str | None = None
    kind: str | None = None
    responds_to: str | None = None  # the id of the document this one answers
