"""Tags: what a tag may be, tags that persist, follow moved articles, save each change whole
and never lose another reader's tags, and the articles a query's tag: words keep (the words
themselves: test_parsed_query.py)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Collection
from pathlib import Path
from typing import Any

import pytest

import reader.core.kept_by_content as kept_module
import reader.core.state_writer as state_writer
from reader.cli import main
from reader.core.corpus import scan
from reader.core.state import ReadingState, state_file
from reader.core.tag_names import normalize_tag, parse_tags
from reader.core.tag_store import TagStore
from reader.core.tags import Tags
from reader.search.parsed import parse_query
from reader.search.tagged import kept_by_tags
from tests.clock import SlowClock
from tests.conftest import save_problems_of


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in [("a.txt", "Alpha\n\none"), ("b.txt", "Beta\n\ntwo"), ("c.md", "# Gamma")]:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def db_rows(path: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(path) as db:
        return {(Path(p).name, t) for p, t in db.execute("SELECT path, tag FROM tags")}


# -- normalising ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  War ", "war"),
        ("Long Reads", "long-reads"),
        ("tab\there", "tab-here"),
        ("esc\x1b[31mape", "esc[31mape"),
        ('"quoted"', "quoted"),
        ("ÉTÉ", "été"),
        ("   ", ""),
        ("x" * 100, "x" * 40),
        ("-lead-", "lead"),
    ],
)
def test_a_tag_is_trimmed_lowercase_without_spaces_or_control_characters(
    typed: str, kept: str
) -> None:
    assert normalize_tag(typed) == kept


def test_commas_separate_tags_typed_together() -> None:
    assert parse_tags("War, Ukraine ,, war") == ["war", "ukraine"]


def test_a_pipe_is_never_in_a_tag() -> None:
    assert normalize_tag("war|missiles") == "war-missiles"  # as a space would be
    assert parse_tags("a | b, c||d") == ["a-b", "c-d"]


# -- keeping tags -----------------------------------------------------------------------------


def test_tags_persist_in_the_reading_state_database(corpus: Path) -> None:
    a, b = str(corpus / "a.txt"), str(corpus / "b.txt")
    path = state_file(corpus)
    ReadingState(corpus).close()  # the state database makes the table
    with Tags(path) as tags:
        tags.set(a, ["War", "ukraine"])
        tags.add([a, b], "read-later")
        assert tags.of(a) == {"war", "ukraine", "read-later"}
        assert tags.paths_with("read-later") == {a, b}
    assert db_rows(path) == {
        ("a.txt", "war"),
        ("a.txt", "ukraine"),
        ("a.txt", "read-later"),
        ("b.txt", "read-later"),
    }
    with Tags(path) as tags:
        assert tags.of(a) == {"war", "ukraine", "read-later"}
        assert tags.counts() == [("read-later", 2), ("ukraine", 1), ("war", 1)]
        tags.set(a, ["war"])
        tags.set(b, [])
    with Tags(path, read_only=True) as tags:
        assert tags.of(a) == {"war"} and tags.of(b) == frozenset()
        assert tags.paths_with("read-later") == frozenset()
    with ReadingState(corpus) as state:  # marks and tags live side by side
        assert state.error is None


def test_read_only_tags_never_create_the_database(corpus: Path) -> None:
    path = state_file(corpus)
    tags = Tags(path, read_only=True)
    assert tags.of(str(corpus / "a.txt")) == frozenset()
    assert tags.error is None and not path.exists()


def test_the_articles_kept_have_every_tag_included_and_none_excluded(corpus: Path) -> None:
    a, b, c = (str(corpus / n) for n in ("a.txt", "b.txt", "c.md"))
    tags = Tags(state_file(corpus))
    tags.set_many({a: ["war", "kyiv"], b: ["war"], c: ["war", "opinion"]})
    listed = {a, b, c}

    def kept(query: str, paths: Collection[str] = listed) -> set[str] | None:
        found = kept_by_tags(parse_query(query), tags, paths)
        return None if found is None else set(found)

    assert kept("tag:war") == {a, b, c}
    assert kept("tag:war tag:kyiv") == {a}
    assert kept("tag:war -tag:opinion") == {a, b}
    assert kept("missiles -tag:war") == set()
    assert kept("-tag:opinion") == {a, b}
    assert kept("tag:nothing") == set()
    assert kept("missiles") is None  # no tag word: nothing to keep to
    assert kept("tag:war", {a, c}) == {a, c}  # only the articles listed
    assert kept_by_tags(parse_query("-tag:war"), None, listed) == ()  # tags not read yet
    tags.close()


def test_the_articles_kept_are_newest_first(corpus: Path) -> None:
    a, b, c = (str(corpus / n) for n in ("a.txt", "b.txt", "c.md"))
    tags = Tags(state_file(corpus))
    tags.set_many({a: ["war"], b: ["war"], c: ["war"]})
    dates = {a: 1.0, b: 3.0, c: 1.0}
    for query in ("tag:war", "-tag:peace"):
        assert kept_by_tags(parse_query(query), tags, dates.keys(), dates.__getitem__) == (b, a, c)
    tags.close()


def test_tags_follow_an_article_that_is_moved(corpus: Path) -> None:
    a = corpus / "a.txt"
    with Tags(state_file(corpus)) as tags:
        tags.set(str(a), ["war"])
        tags.reconcile(scan(corpus))
    moved = corpus / "sub" / "renamed.txt"
    moved.parent.mkdir()
    os.replace(a, moved)
    with Tags(state_file(corpus)) as tags:
        assert tags.reconcile(scan(corpus)) == 1
        assert tags.of(str(moved)) == {"war"} and tags.of(str(a)) == frozenset()
    with Tags(state_file(corpus)) as tags:
        assert tags.of(str(moved)) == {"war"}


def test_tags_follow_an_article_edited_after_it_was_tagged_then_moved(corpus: Path) -> None:
    a = corpus / "a.txt"
    with Tags(state_file(corpus)) as tags:
        tags.set(str(a), ["war"])
    a.write_text("Alpha\n\none, and a longer text now", encoding="utf-8")
    os.utime(a, (1_800_000_000, 1_800_000_000))
    with Tags(state_file(corpus)) as tags:
        tags.reconcile(scan(corpus))  # the article changed: its hash is taken again
    moved = corpus / "z.txt"
    os.replace(a, moved)
    with Tags(state_file(corpus)) as tags:
        assert tags.reconcile(scan(corpus)) == 1
        assert tags.of(str(moved)) == {"war"}


def test_two_readers_never_undo_each_others_tags(corpus: Path) -> None:
    a = str(corpus / "a.txt")
    one, two = Tags(state_file(corpus)), Tags(state_file(corpus))
    one.set(a, ["war"])
    one.flush()
    two.set(a, ["peace"])  # two never saw "war": it adds peace, it does not remove war
    two.close()
    one.close()
    with Tags(state_file(corpus)) as tags:
        assert tags.of(a) == {"war", "peace"}


def test_a_change_of_many_articles_is_one_transaction(corpus: Path) -> None:
    path = state_file(corpus)
    tags = Tags(path)
    tags.flush()
    commits: list[str] = []
    assert tags._store.db is not None
    tags._store.db.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
    tags.add([f"/x/{n}" for n in range(500)], "bulk")
    tags.close()
    assert commits == ["COMMIT"]
    assert len(db_rows(path)) == 500


def test_an_unwritable_folder_keeps_tags_in_memory(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    tags = Tags(blocked / "state.sqlite3")
    tags.set("/x/a.txt", ["war"])
    assert tags.of("/x/a.txt") == {"war"}
    assert tags.error is not None and "not saved" in tags.error
    tags.close()


def test_a_failed_write_is_said_and_retried_with_the_next_change(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.core.state_writer.RETRY_SECONDS", (3600.0,))  # only changes retry
    path = state_file(corpus)
    tags = Tags(path)
    tags.flush()
    blocker = sqlite3.connect(path, timeout=0)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the database
    tags._store.set_busy_timeout(0.01)
    tags.set("/x/a.txt", ["war"])
    tags.flush()
    assert tags.save_problem == "database is locked"
    blocker.execute("ROLLBACK")
    blocker.close()
    tags.set("/x/b.txt", ["peace"])
    tags.close()
    assert db_rows(path) == {("a.txt", "war"), ("b.txt", "peace")}


def test_a_lock_held_too_long_is_told_and_retried_by_itself(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.core.state_store.BUSY_TIMEOUT_S", 0.05)
    monkeypatch.setattr("reader.core.state_writer.RETRY_SECONDS", (0.01, 0.05))
    path = state_file(corpus)
    tags = Tags(path)
    told, cleared = save_problems_of(tags)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    tags.set("/x/a.txt", ["war"])
    tags.set("/x/a.txt", ["peace"])  # kept in order: war added, then taken off
    tags.flush()
    assert tags.save_problem == "database is locked" and told == ["database is locked"]
    blocker.execute("ROLLBACK")  # let go: a retry saves them, no change needed
    assert cleared.wait(timeout=10), "never retried"
    assert db_rows(path) == {("a.txt", "peace")}
    blocker.close()
    tags.close()
    assert tags.unsaved_report() is None and told == ["database is locked", None]


def test_close_tries_a_last_time_and_reports_the_tags_it_could_not_save(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.core.state_store.BUSY_TIMEOUT_S", 0.05)
    monkeypatch.setattr("reader.core.state_writer.RETRY_SECONDS", (3600.0,))
    path = state_file(corpus)
    tags = Tags(path)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    tags.add(["/x/a.txt", "/x/b.txt"], "war")
    tags.flush()
    tags.close()  # waits for its last try only (the retry's pause is an hour)
    assert tags.unsaved_report() == "2 tag changes could not be saved: database is locked"
    assert tags.of("/x/a.txt") == {"war"}  # memory still holds them
    blocker.execute("ROLLBACK")
    blocker.close()
    assert db_rows(path) == set()


def test_tag_rows_are_saved_before_the_articles_are_hashed(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kill while the writer hashes a big article keeps the tags (rows first, then hashes)."""
    hashing, release = threading.Event(), threading.Event()
    real_hash = kept_module.file_hash

    def slow_hash(path: str) -> Any:
        hashing.set()
        release.wait(10)
        return real_hash(path)

    monkeypatch.setattr(kept_module, "file_hash", slow_hash)
    path = state_file(corpus)
    tags = Tags(path)
    article = str(corpus / "a.txt")
    tags.set(article, ["war"])
    assert hashing.wait(timeout=10)
    assert db_rows(path) == {("a.txt", "war")}  # on disk while the hash is under way
    release.set()
    tags.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT hash FROM tags").fetchone()[0] is not None


def test_close_does_not_wait_to_hash_every_tagged_article(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing on a busy machine (every clock reading ten seconds on): the tags are saved,
    the articles are not hashed then, and the next run hashes them."""
    articles = []
    for n in range(50):
        article = corpus / f"many-{n}.txt"
        article.write_text(f"Article {n}\n\nBody {n}.\n")
        articles.append(str(article))
    hashed: list[str] = []
    real_hash = kept_module.file_hash

    def counted(path: str) -> Any:
        hashed.append(path)
        return real_hash(path)

    monkeypatch.setattr(kept_module, "file_hash", counted)
    path = state_file(corpus)
    tags = Tags(path)
    with tags._lock:  # the writer takes the change only once close() has begun
        tags.add(articles, "bulk")
        writer = tags._writer.thread
        monkeypatch.setattr(state_writer, "time", SlowClock())
        tags.close()
    assert writer is not None
    writer.join(timeout=10)
    assert len(hashed) < len(articles)
    assert len(db_rows(path)) == len(articles)
    again = Tags(path)
    again.flush()  # rows without a hash are hashed by the next run
    assert len(again._files) == len(articles)
    again.close()


KILLED_WRITER = """
import os, sys, time
from pathlib import Path
from reader.core.tag_store import TagStore
from reader.core.tags import Tags
tags = Tags(Path(sys.argv[1]))
tags.add([f"/x/{sys.argv[2]}/{n}" for n in range(3000)], "bulk")
time.sleep(float(sys.argv[3]))  # let the writer get some way, or none
os.kill(os.getpid(), 9)
"""


def test_a_kill_leaves_a_change_whole_or_not_at_all(corpus: Path) -> None:
    path = state_file(corpus)
    ReadingState(corpus).close()
    saved = 0
    for run_number, pause in enumerate((0, 0.002, 0.01, 0.05, 0.5)):
        run = subprocess.run(
            [sys.executable, "-c", KILLED_WRITER, str(path), str(run_number), str(pause)],
            env=os.environ.copy(),
            check=False,
        )
        assert run.returncode == -signal.SIGKILL
        with sqlite3.connect(path) as db:
            rows = db.execute("SELECT COUNT(*) FROM tags").fetchone()[0]
        assert rows in (saved, saved + 3000)  # this run's change whole, or not at all
        saved = rows
    with ReadingState(corpus) as state:
        assert state.error is None


# -- reader search with tag: ----------------------------------------------------------------


def tag_in_state(root: Path, **tags: list[str]) -> None:
    """Tag the articles named (file stems) as the app would, in root's reading state."""
    with Tags(state_file(Path(os.path.abspath(root)))) as store:
        for stem, names in tags.items():
            (path,) = Path(os.path.abspath(root)).glob(f"{stem}.*")
            store.set(str(path), names)


def test_reader_search_lists_the_articles_with_a_tag(
    small_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tag_in_state(small_corpus, a_ukraine=["war"], b_weather=["war", "farms"])
    assert main(["search", "tag:war", "-C", str(small_corpus), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {row["title"] for row in rows} == {
        "Ukraine receives long-range missiles",
        "Storms sweep across the plains",
    }
    assert main(["search", "missiles tag:war", "-C", str(small_corpus)]) == 0
    out = capsys.readouterr().out
    assert "Ukraine receives long-range missiles" in out
    assert "Markets" not in out and "Storms" not in out  # not tagged; no missiles
    assert "missiles" in out.lower().split("a_ukraine.txt", 1)[1]  # a snippet, as always
    assert main(["search", "missiles -tag:war", "-C", str(small_corpus)]) == 0
    out = capsys.readouterr().out
    assert "Markets rally" in out and "Ukraine receives" not in out


def test_reader_search_with_only_an_excluded_tag_is_a_usage_error(
    small_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "-C", str(small_corpus), "--", "-tag:war"]) == 2
    assert "add a word" in capsys.readouterr().err


def test_reader_search_of_a_tag_nobody_has_finds_nothing(
    small_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "tag:nothing", "-C", str(small_corpus)]) == 0
    assert "No article matches." in capsys.readouterr().err


def test_reader_search_of_a_tag_word_without_a_tag_searches_the_words(
    small_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`tag:` with nothing after it names no tag and is no word: "missiles tag:" is a search
    of missiles (it was a search of "missiles" and "tag", which no article has both of)."""
    assert main(["search", "missiles", "-C", str(small_corpus), "--json"]) == 0
    plain = capsys.readouterr()
    assert main(["search", "missiles tag:", "-C", str(small_corpus), "--json"]) == 0
    assert capsys.readouterr() == plain


def test_a_word_typed_before_a_tag_word_is_searched_whole(tmp_path: Path) -> None:
    """At each keystroke only the word typed last is a prefix: in `war tag:keep` the word
    "war" is finished, so an article with "Warsaw" alone is not found (war* found it)."""
    from reader.search.service import SearchIndex
    from reader.search.tagged import search_within

    root = tmp_path / "corpus"
    root.mkdir()
    (root / "war.txt").write_text("Diary\n\nThe war goes on.\n", "utf-8")
    (root / "warsaw.txt").write_text("Notes\n\nTalks in Warsaw went on.\n", "utf-8")
    index = SearchIndex(root, tmp_path / "index", procs=1)
    index.update(scan(root))
    both = tuple(str(root / name) for name in ("war.txt", "warsaw.txt"))
    typed = search_within(index, parse_query("war tag:keep", typing=True), both)
    assert [Path(hit.path).name for hit in typed.hits] == ["war.txt"]
    typing = search_within(index, parse_query("tag:keep war", typing=True), both)
    assert {Path(hit.path).name for hit in typing.hits} == {"war.txt", "warsaw.txt"}
    index.close()


class _Tagged:
    """The articles with each tag (a TagLookup)."""

    def __init__(self, tagged: dict[str, list[str]]) -> None:
        self.tagged = tagged

    def paths_with(self, tag: str) -> Collection[str]:
        return self.tagged.get(tag, [])


def test_a_word_before_an_excluded_tag_ranks_as_enter_ranks_it(tmp_path: Path) -> None:
    """Issue 25, 4: typing `generator -tag:async` ranks as Enter does (`reader search`): the
    word before the tag word is whole, not a prefix (generator* found GeneratorExit)."""
    from reader.core.article import load_article, summary_of
    from reader.search.service import SearchIndex
    from reader.search.tagged import search_within
    from reader.tui.search_session import Mode, Scope, Search

    root = tmp_path / "corpus"
    root.mkdir()
    texts = {
        "pep-0255.txt": "Simple Generators\n\nA generator function yields; a generator resumes.",
        "pep-0289.txt": "Generator Expressions\n\nA generator expression in brackets.",
        "pep-0343.txt": "The with statement\n\nGeneratorExit GeneratorExit GeneratorExit.",
        "pep-0525.txt": "Asynchronous Generators\n\nAn async generator, a generator of awaits.",
    }
    for name, text in texts.items():
        (root / name).write_text(text, "utf-8")
    index = SearchIndex(root, tmp_path / "index", procs=1)
    files = scan(root)
    index.update(files)
    tags = _Tagged({"async": [str(root / "pep-0525.txt")]})
    articles = {
        f.path: summary_of(load_article(Path(f.path)), f.path, f.size, f.mtime) for f in files
    }
    typed = Search(Mode.WORDS, "generator -tag:async").run(index, Scope(tags, articles))
    query = parse_query("generator -tag:async")
    within = kept_by_tags(query, tags, articles.keys())
    entered = search_within(index, query, within or ())
    ranked = [(Path(hit.path).name, hit.score) for hit in entered.hits]
    assert [name for name, _ in ranked] == ["pep-0255.txt", "pep-0289.txt"]
    assert [(Path(hit.path).name, hit.score) for hit in typed.hits] == ranked
    # the word typed last is still a prefix: "generatorexit" completes it
    typing = Search(Mode.WORDS, "-tag:async generator").run(index, Scope(tags, articles))
    assert "pep-0343.txt" in {Path(hit.path).name for hit in typing.hits}
    index.close()


def test_a_mistake_while_saving_keeps_the_tag_says_it_and_retries(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error that is neither SQLite's nor the system's (a mistake of reader's) fails the
    write as a full disk would: the tag is kept, the problem said, and the next try saves it
    with what came since. It used to end the writer and drop the change: never saved, and
    no longer counted at quit."""
    real = TagStore.write
    tries: list[int] = []

    def first_fails(self: TagStore, changes: Any) -> None:
        tries.append(len(changes))
        if len(tries) == 1:
            raise RuntimeError("a mistake")
        real(self, changes)

    monkeypatch.setattr(TagStore, "write", first_fails)
    path = state_file(corpus)
    with Tags(path) as tags:
        tags.add([str(corpus / "a.txt")], "first")
        tags.flush()
        assert tags.save_problem == "an unexpected error (RuntimeError; see the log)"
        tags.add([str(corpus / "b.txt")], "second")
        tags.flush()
        assert tags.save_problem is None
    assert tags.unsaved_report() is None
    assert tries == [1, 2]
    assert db_rows(path) == {("a.txt", "first"), ("b.txt", "second")}


def test_a_tag_given_and_taken_away_is_one_change_lost(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a state that cannot be written, quitting counts each article's tag once, however
    often it changed."""

    def cannot_open(*_args: object, **_kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr("reader.core.article_table.connect", cannot_open)
    tags = Tags(state_file(corpus))
    tags.add([str(corpus / "a.txt")], "war")
    tags.set(str(corpus / "a.txt"), [])
    tags.add([str(corpus / "a.txt")], "war")
    tags.close()
    assert (tags.unsaved_report() or "").startswith("1 tag change could not be saved:")
