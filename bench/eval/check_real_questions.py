"""Check the real-article question sets against the article texts.

    python bench/eval/check_real_questions.py            # all four files
    python bench/eval/check_real_questions.py FILE ...   # only these

It reads the fifteen files in ``../shared/data/real-articles/`` (relative to the
project root) and the bundled ``corpus/*.md``, turns each into paragraphs the
way a reader sees them, and checks every question line:

* the fields are there and have the right kinds of values;
* every ``gold`` string occurs exactly once across all 17 documents, inside one
  paragraph, and that paragraph belongs to the document named in ``doc``;
* every ``quote`` string occurs in a paragraph that holds one of the golds;
* unanswerable lines have no gold, quote, speaker, reports or doc.

Matching is the one the evaluation uses: case is ignored, straight and curly
quotes/apostrophes are the same, and any run of white space is one space.

Paragraphs are:

* HTML: the rendered text of each block element (``p``, ``div``, ``h1``-``h6``,
  ``li``, ``blockquote``, ...), with scripts and styles dropped and entities
  decoded (standard library ``html.parser``);
* PDF: each line of the text layer as ``pypdf`` extracts it. A gold string
  therefore never spans a PDF line, column or page break;
* Markdown: blocks separated by blank lines, after the YAML front matter, link
  reference lines, HTML tags and ``**``/``_`` markup are removed and entities
  decoded (the front matter is left out on purpose: a gold string must sit in
  the body text);
* transcripts (``.said.txt``): one turn per line.

Only the standard library and ``pypdf`` are used. The script skips cleanly
(exit 0) when ``../shared/data/real-articles/`` is missing.
"""

from __future__ import annotations

import html
import json
import logging
import re
import sys
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REAL_DIR = ROOT.parent / "shared" / "data" / "real-articles"
BUNDLED_DIR = ROOT / "corpus"
HERE = Path(__file__).resolve().parent
FILES = {
    "real": ["real-dev.jsonl", "real-heldout.jsonl"],
    "attribution": ["attribution-dev.jsonl", "attribution-heldout.jsonl"],
}
TYPES = {
    "real": {
        "claim",
        "number",
        "paraphrase",
        "evidence",
        "who",
        "when",
        "where",
        "meta",
        "unanswerable",
    },
    "attribution": {"said", "reply", "reported", "whois", "letter"},
}
MINIMUM = {"real": 48, "attribution": 25}
FIELDS = ("q", "gold", "quote", "speaker", "reports", "type", "doc")

# ---------------------------------------------------------------- matching

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
    }
)


def norm(text: str) -> str:
    """Case, quote and white-space insensitive form used for matching."""
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip().casefold()


# ---------------------------------------------------------------- paragraphs

_BLOCK = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "br",
    "td",
    "th",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
    "aside",
    "nav",
    "main",
    "pre",
    "hr",
    "dt",
    "dd",
    "title",
}
_SKIP = {"script", "style", "noscript", "svg", "template"}


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._cur: list[str] = []
        self._skip = 0

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self._cur)).strip()
        if text:
            self.blocks.append(text)
        self._cur = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self._skip += 1
        elif tag in _BLOCK:
            self._flush()

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK:
            self._flush()

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK:
            self._flush()

    def handle_data(self, data):
        if not self._skip:
            self._cur.append(data)


def html_paragraphs(path: Path) -> list[str]:
    parser = _Blocks()
    parser.feed(path.read_bytes().decode("utf-8", errors="replace"))
    parser.close()
    parser._flush()
    return parser.blocks


def pdf_paragraphs(path: Path) -> list[str]:
    import pypdf  # imported here so that a missing folder still skips cleanly

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    lines: list[str] = []
    for page in pypdf.PdfReader(str(path)).pages:
        lines.extend(line.strip() for line in (page.extract_text() or "").splitlines())
    return [line for line in lines if line]


def markdown_paragraphs(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    if text.startswith("---"):
        end = text.find("\n---", 3)
        text = text[end + 4 :] if end >= 0 else text
    text = re.sub(r"(?m)^\s*\[\d+\]:.*$", "", text)  # link reference lines
    text = re.sub(r"<[^>]+>", "", text)  # HTML tags
    text = re.sub(r"\[([^\]]*)\]\[\d+\]", r"\1", text)  # [text][1]
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](url)
    text = text.replace("**", "")
    text = re.sub(r"(?<![\w])_(\S(?:.*?\S)?)_(?![\w])", r"\1", text)
    text = html.unescape(text)
    blocks = [re.sub(r"\s+", " ", b).strip() for b in re.split(r"\n\s*\n", text)]
    return [re.sub(r"^#+\s*", "", b) for b in blocks if b]


def transcript_paragraphs(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line.strip() for line in lines if line.strip()]


def load_documents() -> dict[str, list[str]]:
    docs: dict[str, list[str]] = {}
    for path in sorted(REAL_DIR.iterdir()):
        name = path.name
        if name == "README.md":
            continue
        if name.endswith(".html"):
            docs[name] = html_paragraphs(path)
        elif name.endswith(".pdf"):
            docs[name] = pdf_paragraphs(path)
        elif name.endswith(".said.txt"):
            docs[name] = transcript_paragraphs(path)
        elif name.endswith(".md"):
            docs[name] = markdown_paragraphs(path)
    for path in sorted(BUNDLED_DIR.glob("*.md")):
        docs[path.stem] = markdown_paragraphs(path)
    return docs


# ---------------------------------------------------------------- checks

_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "rev", "st", "sen", "gen", "jr", "sr", "vs", "no", "vol"}


def _spans_sentences(quote: str) -> bool:
    """True when a sentence seems to end inside the quote (abbreviations aside)."""
    for match in re.finditer(r"([\w.]+)[.!?][\"'\u201d\u2019]?\s+[\"'\u201c\u2018]?[A-Z]", quote):
        word = match.group(1)
        if word.lower() in _ABBREVIATIONS or "." in word or len(word) == 1:
            continue
        return True
    return False


def check_file(
    path: Path, kind: str, index: list[tuple[str, int, str]], errors: list[str]
) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: not JSON ({exc})")
            continue
        rows.append(row)
        if tuple(row) != FIELDS:
            errors.append(f"{where}: fields {list(row)} should be {list(FIELDS)}")
            continue
        kind_types = TYPES[kind]
        if row["type"] not in kind_types:
            errors.append(f"{where}: type {row['type']!r} not one of {sorted(kind_types)}")
        if not isinstance(row["q"], str) or not row["q"].strip():
            errors.append(f"{where}: empty question")
        if row["type"] == "unanswerable":
            if (
                row["gold"]
                or row["quote"]
                or row["speaker"] is not None
                or row["reports"] is not None
                or row["doc"] is not None
            ):
                errors.append(
                    f"{where}: unanswerable lines need gold=[], quote=[], speaker/reports/doc null"
                )
            continue
        if not row["gold"] or not row["quote"]:
            errors.append(f"{where}: answerable line without gold or quote")
            continue
        if row["doc"] not in {d for d, _, _ in index}:
            errors.append(f"{where}: unknown doc {row['doc']!r}")
            continue
        if row["speaker"] is not None and not (
            isinstance(row["speaker"], str) and row["speaker"].strip()
        ):
            errors.append(f"{where}: speaker must be a name or null")
        if row["reports"] is not None and not (
            isinstance(row["reports"], str) and row["reports"].strip()
        ):
            errors.append(f"{where}: reports must be a name or null")
        gold_units = set()
        for gold in row["gold"]:
            g = norm(gold)
            if any(ch in gold for ch in "\ufb00\ufb01\ufb02\ufb03\ufb04"):
                errors.append(f"{where}: gold {gold!r} holds a ligature character")
            hits = [(doc, i) for doc, i, text in index for _ in range(text.count(g))]
            if len(hits) != 1:
                places = sorted({d for d, _ in hits}) or ["nowhere"]
                errors.append(
                    f"{where}: gold {gold!r} found {len(hits)} times ({', '.join(places)})"
                )
                continue
            if hits[0][0] != row["doc"]:
                errors.append(f"{where}: gold {gold!r} is in {hits[0][0]}, not {row['doc']}")
            gold_units.add(hits[0])
            words = len(gold.split())
            if words > 14:
                errors.append(f"{where}: gold {gold!r} is {words} words (keep it short)")
        texts = {(doc, i): text for doc, i, text in index if (doc, i) in gold_units}
        for quote in row["quote"]:
            q = norm(quote)
            if not any(q in text for text in texts.values()):
                errors.append(f"{where}: quote {quote!r} is not in the gold paragraph")
            if _spans_sentences(quote):
                errors.append(f"{where}: quote {quote!r} seems to span two sentences")
    return rows


def summary(name: str, rows: list[dict]) -> None:
    types = Counter(r["type"] for r in rows)
    docs = Counter(r["doc"] or "(unanswerable)" for r in rows)
    print(f"{name}: {len(rows)} questions")
    print("  types: " + ", ".join(f"{t} {n}" for t, n in sorted(types.items())))
    print("  docs:  " + ", ".join(f"{d} {n}" for d, n in sorted(docs.items())))


def main(argv: list[str]) -> int:
    if not REAL_DIR.is_dir():
        print(f"SKIP: {REAL_DIR} is missing; the real-article questions cannot be checked.")
        return 0
    try:
        import pypdf  # noqa: F401
    except ImportError:
        print("ERROR: pypdf is needed to read the two PDFs (try .venv/bin/python).")
        return 2
    docs = load_documents()
    index = [(doc, i, norm(text)) for doc, paras in docs.items() for i, text in enumerate(paras)]
    errors: list[str] = []
    wanted = [Path(a) for a in argv] or [HERE / f for files in FILES.values() for f in files]
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for path in wanted:
        kind = "attribution" if path.name.startswith("attribution") else "real"
        if not path.exists():
            errors.append(f"{path}: missing")
            continue
        rows = check_file(path, kind, index, errors)
        by_kind[kind].extend(rows)
        summary(path.name, rows)
        if len(rows) < MINIMUM[kind]:
            errors.append(f"{path.name}: {len(rows)} questions, fewer than {MINIMUM[kind]}")
        if kind == "real":
            unanswerable = sum(r["type"] == "unanswerable" for r in rows)
            if unanswerable < 10 or len(rows) - unanswerable < 38:
                errors.append(
                    f"{path.name}: needs at least 38 answerable and 10 unanswerable questions"
                )
        seen = Counter(r["q"].strip().lower() for r in rows)
        errors.extend(f"{path.name}: question asked twice: {q!r}" for q, n in seen.items() if n > 1)
    if not argv:
        real_docs = {d for d in docs if not d.startswith(("security-first", "internet-access"))}
        covered = Counter(r["doc"] for r in by_kind["real"])
        for doc in sorted(real_docs):
            if covered[doc] < 2:
                errors.append(f"real set: {doc} has {covered[doc]} questions, fewer than 2")
        all_q = Counter(r["q"].strip().lower() for rows in by_kind.values() for r in rows)
        errors.extend(f"question in two files: {q!r}" for q, n in all_q.items() if n > 1)
    for error in errors:
        print("ERROR:", error)
    print("OK" if not errors else f"{len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
