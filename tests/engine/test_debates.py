"""Debates: the format, its errors, storage, the Debatabase importer, sides in answers, rebuttal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.formats.article import parse_article, read_article
from bot.engine.formats.debatabase import debate_folders, read_debate
from bot.engine.models import CorpusError, Document, Side, Voice
from bot.engine.rebut import rebut
from bot.engine.text import default_analyser
from bot.library import Library
from bot.store import SqliteStore, Store
from tests.conftest import BUNDLED, DEBATE_ID, FIXTURES, SHARED, make_settings

DEBATABASE = FIXTURES.parent / "debatabase"
UNIFORMS = DEBATABASE / "test" / "education" / "house-would-require-school-uniforms"


@pytest.fixture(scope="module")
def debate() -> Document:
    return read_article(BUNDLED / f"{DEBATE_ID}.md")


@pytest.fixture(scope="module")
def debate_engine(debate: Document, fixture_documents: list[Document]) -> AnswerEngine:
    return AnswerEngine([debate, *fixture_documents])


def debate_text(body: str, meta: str = "") -> bytes:
    head = "---\ntitle: This house would test\nauthor: A club\ndate: 2025-01-01\nkind: debate\n"
    return (head + meta + "---\n\n" + body).encode()


# --- the format ---------------------------------------------------------------------------------


def test_a_debate_has_sides_points_answers_and_a_bibliography(debate: Document) -> None:
    by_section = {p.section: p for p in debate.passages}
    intro = by_section["intro"]
    assert intro.side is None and intro.voice is Voice.AUTHOR
    point = by_section["proposition-2"]
    assert point.side is Side.PROPOSITION and point.speaker == "Proposition"
    assert point.heading == "Shutdowns show why access needs the protection of a right"
    assert point.sentence_texts()[0] == point.heading  # the title is the point's first sentence
    answer = by_section["proposition-2-answer"]
    assert answer.side is Side.OPPOSITION and answer.answers == "proposition-2"
    assert by_section["opposition-1-answer"].side is Side.PROPOSITION
    assert point.footnotes() == [3]
    entry = debate.meta.reference(3)
    assert entry is not None
    assert entry.author == "Access Now"
    assert entry.title == "Shrinking democracy, growing violence: internet shutdowns in 2023"
    assert entry.date == "May 2024"
    assert entry.url == "https://example.org/accessnow/keepiton-2023"
    for passage in debate.passages:  # offsets hold: the passage is its span of the body
        assert debate.body[passage.start : passage.end] == passage.text


@pytest.mark.parametrize(
    ("body", "problem", "line"),
    [
        ("Text before any heading.\n", "starts with a section heading", 8),
        ("## Proposition 1: Fine\n\nText.\n\n## Closing remarks\n\nMore.\n", "unknown section", 12),
        (
            "## Proposition 1: Fine\n\nText.\n\n## Opposition answer to proposition 2\n\nNo.\n",
            "no such point",
            12,
        ),
        (
            "## Proposition 1: Fine\n\nText.\n\n## Proposition answer to proposition 1\n\nNo.\n",
            "cannot answer its own point",
            12,
        ),
        ("## Proposition 1: A\n\nText.\n\n## Proposition 1: B\n\nText.\n", "appears twice", 12),
        ("## Proposition 1: A\n\nText.\n\n## Bibliography\n\nNo number here.\n", "[1]", 14),
        ("## Bibliography\n\n[1] A source, 2020.\n", "at least one", None),
    ],
)
def test_a_malformed_debate_names_the_line(body: str, problem: str, line: int | None) -> None:
    with pytest.raises(CorpusError) as caught:
        parse_article(debate_text(body), "bad.md")
    assert problem in str(caught.value)
    if line is not None:
        assert caught.value.line == line


def test_only_a_debate_has_a_motion() -> None:
    text = b"---\ntitle: T\nauthor: A\ndate: 2025-01-01\nkind: op-ed\nmotion: M\n---\n\nText.\n"
    with pytest.raises(CorpusError, match="only a debate"):
        parse_article(text, "oped.md")


async def test_sides_and_bibliography_survive_the_database(
    tmp_path: Path, debate: Document
) -> None:
    store = await SqliteStore.open(tmp_path / "db.sqlite3")
    terms = [default_analyser().terms(p.text) for p in debate.passages]
    await store.save_documents([(debate, terms, None)])
    loaded = await store.load()
    await store.close()
    (document,) = loaded.documents
    assert document.passages == debate.passages
    assert document.meta.bibliography == debate.meta.bibliography


# --- answers know the sides ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "side"),
    [
        ("the side against it", Side.OPPOSITION),
        ("the side opposed to it", Side.OPPOSITION),
        ("the negative team", Side.OPPOSITION),
        ("the con side", Side.OPPOSITION),
        ("the side in favour of it", Side.PROPOSITION),
        ("the side for it", Side.PROPOSITION),
        ("the affirmative team", Side.PROPOSITION),
        ("the government bench", Side.PROPOSITION),
    ],
)
def test_a_side_named_in_a_debater_s_words_is_that_side(
    debate_engine: AnswerEngine, words: str, side: Side
) -> None:
    question = f"what does {words} say about internet access as a human right?"
    query = debate_engine.query(question)
    assert query.focus.side is side
    # The words naming the side are not searched as words ("side", "against").
    assert "side" not in query.terms and "against" not in query.terms
    answer = debate_engine.answer(question)
    assert answer.quotes and answer.quotes[0].attribution.side == side.value


def test_words_like_a_side_s_that_name_none_leave_the_side_open(
    debate_engine: AnswerEngine,
) -> None:
    for question in (
        "what is the negative side of internet access?",
        "does affirmative action come up?",
        "which side argues for access?",
    ):
        assert debate_engine.query(question).focus.side is None, question


def test_which_side_asks_for_a_side_and_is_no_topic(debate_engine: AnswerEngine) -> None:
    # "Side" and "motion" say what is asked (a side, the debate), not what it is about: a
    # passage need not hold them to cover the question.
    query = debate_engine.query("which side brings up shutdowns in the motion on internet access?")
    assert query.focus.side is None
    assert all(group.isdisjoint({"side", "motion"}) for group in query.content)
    answer = debate_engine.answer(
        "which side brings up shutdowns in the motion on internet access?"
    )
    assert answer.quotes and "shutdown" in answer.quotes[0].text.lower()
    assert answer.quotes[0].attribution.side == "proposition"


def test_evidence_of_one_side_quotes_its_footnoted_sentences(debate_engine: AnswerEngine) -> None:
    answer = debate_engine.answer("what evidence does the opposition cite on internet access?")
    assert answer.quotes
    for quote in answer.quotes:
        assert quote.attribution.side == "opposition"
        assert (
            quote.attribution.motion == "This house believes that internet access is a human right"
        )
        assert quote.attribution.part is not None and quote.attribution.part.startswith(
            "Opposition"
        )
    top = answer.quotes[0]
    assert "[" in top.text and top.references
    assert all(entry.url and entry.url.startswith("https://") for entry in top.references)
    payload = top.to_json()
    assert payload["side"] == "opposition" and payload["references"]


def test_an_answer_names_the_point_it_answers(debate_engine: AnswerEngine) -> None:
    quote = debate_engine.answer("what does the opposition say about shutdowns?").quotes[0]
    assert quote.attribution.part == (
        "Opposition answer to proposition point 2: "
        "Shutdowns show why access needs the protection of a right"
    )


# --- the best counter -----------------------------------------------------------------------------


def test_a_point_from_the_corpus_gets_its_linked_answer_first(
    debate_engine: AnswerEngine,
) -> None:
    argument = (
        "Governments switch off the internet during protests and elections because they know "
        "how much it matters."
    )
    rebuttal = rebut(debate_engine, argument)
    assert rebuttal.found is not None and rebuttal.found.section == "proposition-2"
    assert rebuttal.side is Side.PROPOSITION and rebuttal.linked == 1
    first = rebuttal.quotes[0]
    assert first.passage_id == f"{DEBATE_ID}:p5"  # the opposition's answer to that point
    assert all(q.attribution.side == "opposition" for q in rebuttal.quotes)


def test_a_typed_argument_gets_the_closest_debates_answers(debate_engine: AnswerEngine) -> None:
    rebuttal = rebut(debate_engine, "building networks to every remote village costs too much")
    assert rebuttal.found is None
    assert rebuttal.quotes and all(q.attribution.doc_id == DEBATE_ID for q in rebuttal.quotes)


def test_an_argument_in_other_words_is_the_point_its_title_says(
    debate_engine: AnswerEngine,
) -> None:
    # The opposition's first point, "A right to access would promise more than states can
    # deliver", typed as a student would put it: not pasted, so only its title matches.
    rebuttal = rebut(debate_engine, "states could never deliver what a right to access promises")
    assert rebuttal.found is not None and rebuttal.found.section == "opposition-1"
    assert rebuttal.reworded and rebuttal.side is Side.OPPOSITION and rebuttal.linked == 1
    first = debate_engine.collection.passages[
        debate_engine.collection.position_of(rebuttal.quotes[0].passage_id)
    ]
    assert first.answers == "opposition-1"  # the proposition's answer to that point, first
    assert rebuttal.to_json()["match"] == "reworded"
    pasted = rebut(debate_engine, "A right to access would promise more than states can deliver")
    assert pasted.found is not None and pasted.found.section == "opposition-1"
    assert not pasted.reworded and pasted.to_json()["match"] == "pasted"


def test_an_argument_whose_words_no_point_title_holds_is_not_claimed_a_point(
    debate_engine: AnswerEngine,
) -> None:
    # The debate's subject, but no point's: answers follow, none is called the point's answer.
    rebuttal = rebut(debate_engine, "building networks to every remote village costs too much")
    assert rebuttal.found is None and not rebuttal.reworded and rebuttal.linked == 0
    assert rebuttal.to_json()["match"] is None


def test_an_argument_no_debate_makes_gets_nothing(debate_engine: AnswerEngine) -> None:
    assert not rebut(debate_engine, "goalkeepers should be allowed to use their feet").quotes


# --- importing Debatabase folders ---------------------------------------------------------------


def test_a_debatabase_folder_reads_as_a_debate() -> None:
    document = read_debate(UNIFORMS)
    assert document.meta.title == "This house would require school uniforms"
    assert document.meta.url == (
        "https://example.org/debatabase/education/house-would-require-school-uniforms"
    )
    assert document.meta.date.isoformat() == "2014-03-02"
    sections = [p.section for p in document.passages]
    assert sections == [
        "intro",
        "proposition-1",
        "proposition-1-answer",
        "proposition-2",
        "proposition-2-answer",
        "opposition-1",
        "opposition-1-answer",
        "opposition-2",
        "opposition-2-answer",
    ]
    assert (
        document.passages[1].heading == "Uniforms hide the differences between rich and poor pupils"
    )
    entry = document.meta.reference(2)
    assert entry is not None and "&amp;" not in entry.text and "Bell, R. & Okafor" in entry.text
    assert "see bibliography" not in document.passages[0].text
    # An entry at the end of a point's file is the point's own note (a Debatabase point numbers
    # its notes itself): out of its text, read by its footnotes, not in the bibliography. The
    # footnote marks after the last full stop stay with that sentence.
    expression = next(p for p in document.passages if p.section == "opposition-2")
    assert "Moreau" not in expression.text
    moreau = document.meta.reference(4, "opposition-2")
    assert moreau is not None and moreau.author == "Moreau, P" and moreau.part == "opposition-2"
    assert document.meta.reference(4) is None
    # Its [3], which it has no note for, is the bibliography's.
    lindqvist = document.meta.reference(3, "opposition-2")
    assert lindqvist is not None and lindqvist.part is None
    assert expression.sentence_texts()[-1].endswith("thinking for yourself. [3][4]")


def _with_intro_notes(tmp_path: Path) -> Path:
    """The uniforms debate with an introduction that numbers its own notes from [1], as many
    Debatabase introductions do, while the bibliography's [1] is another source."""
    folder = tmp_path / "house-would-require-school-uniforms"
    shutil.copytree(UNIFORMS, folder)
    (folder / "intro.txt").write_text(
        "A national survey found that most secondary schools in the country set a uniform.[1]"
        " Some families say the cost of a blazer weighs on them.[2]\n\n"
        "Courts have been asked twice whether a school may send a pupil home for her coat.\n\n"
        "[1] Ostrander, K., 'Uniform policies in secondary schools', Schools Census, 2010\n\n"
        "[2] Pell, M., 'The price of a blazer', Household Weekly, 3 May 2012\n",
        encoding="utf-8",
    )
    return folder


def test_an_introduction_with_its_own_notes_cites_them_not_the_bibliography(
    tmp_path: Path,
) -> None:
    document = read_debate(_with_intro_notes(tmp_path))
    intro, courts = document.passages[:2]
    # Each paragraph of an introduction is a passage of its own.
    assert intro.section == courts.section == "intro" and courts.text.startswith("Courts")
    assert document.passages[2].section == "proposition-1"
    # The notes are not the introduction's text...
    assert "Ostrander" not in intro.text and intro.text.endswith("weighs on them.[2]")
    # ... they are what its footnotes point to; a point's [1] still reads the bibliography.
    own = document.meta.reference(1, "intro")
    assert own is not None and own.author == "Ostrander, K" and own.part == "intro"
    point_note = document.meta.reference(1, "opposition-1")
    assert point_note is not None and point_note.author == "Harwood, J"
    assert document.meta.reference(1) == point_note
    engine = AnswerEngine([document])
    answer = engine.answer("how many secondary schools set a uniform, according to the survey?")
    first = answer.quotes[0]
    assert first.passage_id == intro.id
    assert [r.author for r in first.references] == ["Ostrander, K"]


def _uniforms_with_point(tmp_path: Path, text: str) -> Path:
    """A copy of the uniforms debate whose proposition point 2 is `text`."""
    folder = tmp_path / "house-would-require-school-uniforms"
    shutil.copytree(UNIFORMS, folder)
    (folder / "pro" / "pro02a-point.txt").write_text(text, encoding="utf-8")
    return folder


def test_a_point_s_own_notes_numbered_without_brackets_leave_its_text(tmp_path: Path) -> None:
    # Some Debatabase points end with notes of their own written "1 Author, 'Title', ..." and
    # numbered from 1 in every point; a paragraph that opens with a figure is text.
    folder = _uniforms_with_point(
        tmp_path,
        "Uniforms save families money\n\n"
        "A uniform costs less over a year than the clothes pupils compete to be seen in. 1\n\n"
        "1 \x02 Okonjo, T., 'The cost of keeping up', Parents Weekly, 12 March 2011, "
        "http://example.org/okonjo\n\n"
        "2 Baxter, L., 'School wear prices', 2012\n",
    )
    (folder / "con" / "con01a-point.txt").write_text(
        "Uniforms cost more than they save\n\n"
        "Specialist shops charge what they like for a crested blazer.\n\n"
        "1 in 5 parents say they cut back on food to pay for it.\n",
        encoding="utf-8",
    )
    document = read_debate(folder)
    by_section = {p.section: p for p in document.passages}
    saving = by_section["proposition-2"]
    assert saving.text.endswith("compete to be seen in. 1")
    assert "Okonjo" not in saving.text and "\x02" not in document.body
    note = document.meta.reference(1, "proposition-2")
    assert note is not None and note.author == "Okonjo, T" and note.part == "proposition-2"
    assert document.meta.reference(2, "proposition-2") is not None
    # Another section's [1] is still the bibliography's.
    first = document.meta.reference(1, "proposition-1")
    assert first is not None and first.author == "Harwood, J"
    assert by_section["opposition-1"].text.endswith(
        "1 in 5 parents say they cut back on food to pay for it."
    )


def test_bare_number_marks_of_a_point_with_its_own_notes_cite_them(tmp_path: Path) -> None:
    # "... that little bit more1." and "(Baxter, 2012).2 Furthermore": marks glued to the text.
    folder = _uniforms_with_point(
        tmp_path,
        "Uniforms save families money\n\n"
        "A uniform costs less over a year than the clothes pupils compete in1. Prices fell "
        "(Baxter, 2012).2 Furthermore, second-hand sales cut costs for 3 in 10 families.\n\n"
        "1 Okonjo, T., 'The cost of keeping up', Parents Weekly, 12 March 2011\n\n"
        "2 Baxter, L., 'School wear prices', 2012\n",
    )
    document = read_debate(folder)
    saving = next(p for p in document.passages if p.section == "proposition-2")
    assert "compete in[1]. Prices fell (Baxter, 2012).[2] Furthermore" in saving.text
    assert "for 3 in 10 families" in saving.text  # a figure in the text is no mark
    assert saving.footnotes() == [1, 2]


def test_an_introduction_citing_the_bibliography_still_reads_it() -> None:
    # The uniforms introduction has no notes of its own ("[for references see bibliography]").
    document = read_debate(UNIFORMS)
    entry = document.meta.reference(1, "intro")
    assert entry is not None and entry.author == "Harwood, J" and entry.part is None


async def test_importing_twice_changes_nothing_and_bad_folders_are_named(tmp_path: Path) -> None:
    library = await Library.open(make_settings(tmp_path, corpus_dir=tmp_path / "none"))
    try:
        first = await library.import_debates(DEBATABASE)
        again = await library.import_debates(DEBATABASE)
        answer = await library.ask("what evidence does the opposition give on what uniforms cost?")
        background = await library.ask("do any countries tax drinks with added sugar?")
    finally:
        await library.close()
    # A motion with only its introduction is a debate too (as many Debatabase pages are); a
    # folder with neither an introduction nor points is refused, by name.
    assert sorted(first.added) == [
        "house-would-require-school-uniforms",
        "house-would-tax-sugary-drinks",
    ]
    (error,) = first.errors
    assert "house-would-ban-sugary-drink-adverts" in str(error)
    assert "no introduction" in str(error) and "no points" in str(error)
    assert background.quotes[0].passage_id == "house-would-tax-sugary-drinks:p1"
    assert again.unchanged == first.added and not again.changed
    assert answer.quotes[0].attribution.side == "opposition"
    assert answer.quotes[0].references  # the footnote [1] points into the bibliography


async def test_debates_read_by_changed_rules_are_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Importing the same folders again is a no-op, unless the debate format's reading changed
    # since (its version is in the content hash): then they are read anew, not left as stored.
    library = await Library.open(make_settings(tmp_path, corpus_dir=tmp_path / "none"))
    try:
        first = await library.import_debates(UNIFORMS)
        same = await library.import_debates(UNIFORMS)
        monkeypatch.setattr("bot.engine.formats.debate.DEBATE_RULES", "next")
        changed = await library.import_debates(UNIFORMS)
        after = await library.import_debates(UNIFORMS)
    finally:
        await library.close()
    assert first.added == ["house-would-require-school-uniforms"]
    assert same.unchanged == first.added and not same.changed
    assert changed.updated == first.added
    assert after.unchanged == first.added


async def test_a_debate_filed_under_two_themes_is_imported_once(tmp_path: Path) -> None:
    tree = tmp_path / "debates"
    shutil.copytree(UNIFORMS, tree / "education" / UNIFORMS.name)
    shutil.copytree(UNIFORMS, tree / "society" / UNIFORMS.name)
    library = await Library.open(make_settings(tmp_path, corpus_dir=tmp_path / "none"))
    try:
        same = await library.import_debates(tree)
        # The same id with other text is no duplicate: named, not written.
        changed = tree / "society" / UNIFORMS.name / "thesis.txt"
        changed.write_text("This house would abolish school uniforms\n", encoding="utf-8")
        other = await library.import_debates(tree)
    finally:
        await library.close()
    assert same.added == [UNIFORMS.name] and not same.errors
    assert same.duplicates == [str(tree / "society" / UNIFORMS.name)]
    assert "1 duplicate skipped" in same.summary() and "rejected" not in same.summary()
    (error,) = other.errors
    assert "already used by" in str(error) and not other.duplicates


async def test_an_interrupted_import_keeps_whole_debates_and_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = tmp_path / "debates"
    for name in ("first-debate", "second-debate", "third-debate"):
        shutil.copytree(UNIFORMS, tree / name)
    library = await Library.open(make_settings(tmp_path, corpus_dir=tmp_path / "none"))
    original = Store.save_documents
    calls = 0

    async def fail_on_second_batch(self: Store, *args: object, **kwargs: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError("disk unplugged")
        await original(self, *args, **kwargs)  # type: ignore[arg-type]

    try:
        monkeypatch.setattr(Store, "save_documents", fail_on_second_batch)
        with pytest.raises(OSError):
            await library.import_debates(tree, batch=1)
        monkeypatch.setattr(Store, "save_documents", original)
        stored = {d.id: d for d in (await library.store.load()).documents}
        resumed = await library.import_debates(tree, batch=1)
    finally:
        await library.close()
    assert set(stored) == {"first-debate"}
    assert len(stored["first-debate"].passages) == 9  # whole, not half
    assert resumed.unchanged == ["first-debate"]
    assert resumed.added == ["second-debate", "third-debate"]


def test_the_shared_debatabase_test_split_imports() -> None:
    root = SHARED / "data" / "idebate" / "test"
    if not root.is_dir():
        pytest.skip(f"{root} is absent")
    folders = list(debate_folders(root))
    imported, rejected = [], []
    for folder in folders:
        try:
            imported.append(read_debate(folder))
        except CorpusError as error:
            rejected.append(error)
    assert len(folders) == 214
    # Folders with an introduction but no points import as debates still being written.
    assert len(imported) == 214 and not rejected
    engine = AnswerEngine(imported)
    point = next(p for d in imported for p in d.passages if p.section == "proposition-1")
    rebuttal = rebut(engine, point.text)
    assert rebuttal.found == point
    assert engine.collection.passage_by_id[rebuttal.quotes[0].passage_id].answers == "proposition-1"


def test_a_debate_named_by_its_alias_is_asked_about_whoever_speaks(
    debate_engine: AnswerEngine,
) -> None:
    # "The internet access debate" names the debate (its hand-written alias), not its author's
    # voice: the answer may be either side's.
    focus = debate_engine.reader.focus("what does the internet access debate say about cost?")
    assert focus.doc_ids == {DEBATE_ID}
    assert focus.voice is None


# --- the notes a quote cites ----------------------------------------------------------------------

NOTED = """## Proposition 1: Ferries should be free

Free ferries would fill the empty morning sailings. Island shops would sell more to visitors
who no longer count the fare, as a survey of harbour towns found.[1]

Winter timetables strand commuters on the mainland every January.

## Opposition answer to proposition 1

The council could never pay for it.[2] Crews would need more overtime too.

## Bibliography

[1] Marsh, H., ‘Fares and footfall in harbour towns’, Island Review, 2021

[2] Council budget office, ‘Ferry subsidy costs’, 2022
"""


def test_a_quote_cites_the_note_that_follows_it_in_its_paragraph() -> None:
    engine = AnswerEngine([parse_article(debate_text(NOTED), "ferries.md")])
    fill = engine.answer("would free ferries fill the empty morning sailings?").quotes[0]
    assert "[1]" not in fill.text and "empty morning sailings" in fill.text
    assert [entry.author for entry in fill.references] == ["Marsh, H"]
    # A note of the next paragraph is not this one's; a quote with its own mark cites that.
    later = engine.answer("do winter timetables strand commuters?").quotes[0]
    assert later.text.startswith("Winter timetables") and later.references == ()
    overtime = engine.answer("would crews need more overtime?").quotes[0]
    assert "overtime" in overtime.text and overtime.references == ()
    pay = engine.answer("could the council pay for free ferries?").quotes[0]
    assert "[2]" in pay.text and [entry.number for entry in pay.references] == [2]
