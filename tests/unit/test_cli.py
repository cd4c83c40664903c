"""The command line: exit codes, text and JSON output, usage errors, never a traceback."""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.core.installed import VERSION
from tests.conftest import SEED, SEED_TITLE


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"reader {VERSION}"


def test_help_names_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "reader search QUERY" in out and "reader index" in out


def test_search_prints_ranked_hits(small_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "Kursk", "-C", str(small_corpus)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"  1. {SEED_TITLE}"
    assert str(small_corpus / SEED.name) in out


def test_search_json_has_exactly_the_documented_keys(
    small_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "missiles", "-C", str(small_corpus), "--json", "-n", "2"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert 1 <= len(hits) <= 2
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))
    for hit in hits:
        assert set(hit) == {"rank", "path", "title", "score", "snippet", "partial"}
        assert hit["partial"] is False
        assert Path(hit["path"]).is_absolute() and Path(hit["path"]).exists()


def test_search_with_no_hits_exits_zero(small_corpus: Path, capsys) -> None:
    assert main(["search", "zzyzx", "-C", str(small_corpus), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_search_did_you_mean_goes_to_stderr(small_corpus: Path, capsys) -> None:
    assert main(["search", "ukrane", "-C", str(small_corpus), "--json"]) == 0
    captured = capsys.readouterr()
    json.loads(captured.out)  # stdout stays pure JSON
    assert "Did you mean: ukraine" in captured.err


def test_search_default_corpus_is_the_bundled_seeds(capsys) -> None:
    assert main(["search", "ATACMS"]) == 0
    assert SEED_TITLE in capsys.readouterr().out


def test_index_reports_counts(small_corpus: Path, capsys) -> None:
    assert main(["index", str(small_corpus)]) == 0
    assert "4 articles indexed: 4 added, 0 updated, 0 removed" in capsys.readouterr().out
    (small_corpus / "b_weather.txt").unlink()
    assert main(["index", str(small_corpus)]) == 0
    assert "3 articles indexed: 0 added, 0 updated, 1 removed" in capsys.readouterr().out
    assert main(["index", str(small_corpus), "--rebuild"]) == 0
    assert "3 articles indexed: 3 added" in capsys.readouterr().out


class Terminal(io.StringIO):
    """stderr as a terminal."""

    def isatty(self) -> bool:
        return True


def test_index_progress_bar_only_on_a_terminal(
    small_corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["index", str(small_corpus)]) == 0
    assert "indexing" not in capsys.readouterr().err  # stderr is not a terminal
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["index", str(small_corpus), "--rebuild"]) == 0
    assert "4 articles indexed: 4 added" in capsys.readouterr().out
    assert "indexing" in terminal.getvalue() and "4/4" in terminal.getvalue()


def test_search_shows_no_progress_bar(
    small_corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["search", "Kursk", "-C", str(small_corpus)]) == 0
    assert "indexing" not in terminal.getvalue()


def test_a_path_takes_the_apps_options_after_it(tmp_path: Path, capsys) -> None:
    assert main([str(tmp_path), "--config"]) == 0
    assert "config file:" in capsys.readouterr().out
    assert main(["--config", str(tmp_path)]) == 0
    assert "config file:" in capsys.readouterr().out


def test_missing_path_is_a_runtime_error(tmp_path: Path, capsys) -> None:
    assert main(["search", "x", "-C", str(tmp_path / "nope")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("reader: no such file or folder") and len(err.splitlines()) == 1
    assert main([str(tmp_path / "nope")]) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["search"],
        ["search", "x", "-n", "zero"],
        ["search", "x", "-n", "0"],
        ["a", "b"],
        ["--bogus"],
        ["index", "a", "b"],
        ["search", "x", "--bogus"],
        [".", "search"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys) -> None:
    assert main(argv) == 2
    assert "Try 'reader --help'." in capsys.readouterr().err


def test_installed_command_search_never_shows_a_traceback(small_corpus: Path) -> None:
    reader = Path(sys.executable).with_name("reader")
    out = subprocess.run(
        [reader, "search", '"unbalanced ( title: AND -', "-C", small_corpus],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0
    assert "Traceback" not in out.stderr


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=80))
def test_search_any_text(small_corpus: Path, query: str, capsys) -> None:
    code = main(["search", query, "-C", str(small_corpus), "--json"])
    captured = capsys.readouterr()
    if query.startswith("-") and query.strip() != "-":
        assert code in (0, 2)  # argparse may read a leading dash as an option
    elif not any(c.isalnum() for c in query):
        assert code == 2 and "no word to search for" in captured.err
    else:
        assert code == 0, captured.err
        json.loads(captured.out)


def test_names_that_are_not_utf8_print_escaped(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9-\x1b[31m.txt")
    (folder / name).write_text("Zebra crossing\n\nA zebra crossed.\n", encoding="utf-8")
    assert main(["search", "zebra", "-C", str(folder), "--json"]) == 0
    out = capsys.readouterr().out
    hit = json.loads(out)[0]
    # The JSON path is the path itself (surrogateescape keeps the stray byte), so Python can
    # open it, and path_base64 has the raw bytes for other readers.
    assert os.path.exists(hit["path"]) and hit["path"] == str(folder / name)
    assert base64.b64decode(hit["path_base64"]) == os.fsencode(folder / name)
    assert "\x1b" not in out and "\\u001b" in out and "\\udce9" in out
    out.encode("utf-8")  # no lone surrogate reaches the output stream
    assert main(["search", "zebra", "-C", str(folder)]) == 0
    assert "caf\\xe9-\\x1b[31m.txt" in capsys.readouterr().out


def test_config_prints_path_and_values(xdg_dirs: Path, capsys) -> None:
    config = xdg_dirs / "config" / "reader"
    config.mkdir(parents=True)
    (config / "config.toml").write_text('reading_width = 90\ncolour = "red"\n')
    assert main(["--config"]) == 0
    captured = capsys.readouterr()
    assert str(config / "config.toml") in captured.out
    assert "90" in captured.out
    assert "colour" in captured.err  # the unknown key is named


def test_broken_config_names_file_and_line(xdg_dirs: Path, capsys) -> None:
    config = xdg_dirs / "config" / "reader"
    config.mkdir(parents=True)
    (config / "config.toml").write_text('theme = "nord"\nreading_width = = 3\n')
    assert main(["--config"]) == 0
    err = capsys.readouterr().err
    assert "config.toml" in err and "line 2" in err


def test_search_says_when_results_are_partial(tmp_path: Path, capsys) -> None:
    # 120 words start with "zeta": more than a prefix searches (compile.PREFIX_CAP).
    root = tmp_path / "many"
    root.mkdir()
    for n in range(120):
        (root / f"a{n:03}.txt").write_text(f"Note {n}\n\nThe zeta{n:03}x word.\n")
    assert main(["search", "zeta*", "-C", str(root), "--json", "-n", "3"]) == 0
    captured = capsys.readouterr()
    hits = json.loads(captured.out)
    assert hits and all(h["partial"] is True for h in hits)
    assert captured.err.startswith("Partial results: zeta* matches 120 words")


@pytest.mark.parametrize("query", ["", "   ", "?!", '""'])
def test_a_query_with_no_word_is_a_usage_error(small_corpus: Path, query: str, capsys) -> None:
    assert main(["search", query, "-C", str(small_corpus)]) == 2
    err = capsys.readouterr().err
    assert "no word to search for" in err and "No article matches" not in err


def test_a_path_that_is_neither_folder_nor_article_says_so(tmp_path: Path, capsys) -> None:
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert main(["search", "x", "-C", str(picture)]) == 1
    err = capsys.readouterr().err
    assert "photo.png is neither a folder nor an article (.txt, .md, .html, .htm file)" in err
    assert len(err.splitlines()) == 1
    assert main(["index", str(picture)]) == 1
    article = tmp_path / "note.md"
    article.write_text("A note\n\nAbout zebras.\n")
    assert main(["search", "zebras", "-C", str(article)]) == 0


def test_one_article_indexed_is_singular(seed_corpus: Path, capsys) -> None:
    assert main(["index", str(seed_corpus)]) == 0
    assert capsys.readouterr().out.startswith("1 article indexed: 1 added")


def test_a_folder_emptied_or_unreadable_keeps_the_index(
    small_corpus: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["search", "missiles", "-C", str(small_corpus), "--json"]) == 0
    before = json.loads(capsys.readouterr().out)
    aside = tmp_path / "aside"
    aside.mkdir()
    for f in small_corpus.iterdir():  # the drive unmounted: an empty mount point is left
        f.rename(aside / f.name)
    assert main(["search", "missiles", "-C", str(small_corpus)]) == 1
    err = capsys.readouterr().err
    assert "holds no articles now, where the index has 4" in err and len(err.splitlines()) == 1
    assert main(["index", str(small_corpus)]) == 1
    capsys.readouterr()
    for f in aside.iterdir():
        f.rename(small_corpus / f.name)
    assert main(["index", str(small_corpus)]) == 0
    assert "0 added, 0 updated, 0 removed" in capsys.readouterr().out  # nothing re-indexed
    import reader.core.corpus as corpus_mod

    def refused(path: object) -> object:
        raise PermissionError(13, "Permission denied")

    # (monkeypatch.undo() would also undo the test's XDG folders: the search after it then
    # built an index in the real ~/.cache)
    with monkeypatch.context() as patched:
        patched.setattr(corpus_mod.os, "scandir", refused)
        assert main(["search", "missiles", "-C", str(small_corpus)]) == 1
        assert "(permission denied); the index is kept" in capsys.readouterr().err
    out = main(["index", str(small_corpus)])
    assert out == 0 and "0 added, 0 updated, 0 removed" in capsys.readouterr().out  # the same
    assert main(["search", "missiles", "-C", str(small_corpus), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == before


def _run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    reader = Path(sys.executable).with_name("reader")
    return subprocess.run([str(reader), *args], capture_output=True, text=True, **kwargs)


def test_the_app_without_a_terminal_refuses_in_one_line(seed_corpus: Path) -> None:
    # stdin and stdout are pipes here, as in `reader F </dev/null >out` or `reader F | cat`
    out = _run([str(seed_corpus)], stdin=subprocess.DEVNULL, timeout=60)
    assert out.returncode == 2
    assert "needs a terminal" in out.stderr and "\x1b" not in out.stdout + out.stderr


def test_the_app_refuses_term_dumb(monkeypatch: pytest.MonkeyPatch, seed_corpus: Path) -> None:
    import reader.cli as cli

    monkeypatch.setattr(cli.sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(cli.sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("TERM", "dumb")
    assert cli._terminal_problem() == "the app cannot draw on a terminal with TERM=dumb"


def test_a_closed_pipe_is_a_normal_end(small_corpus: Path) -> None:
    reader = Path(sys.executable).with_name("reader")
    shell = f"'{reader}' search missiles -C '{small_corpus}' -n 50 | head -c 1 >/dev/null"
    out = subprocess.run(
        ["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True, timeout=60
    )
    assert "Broken pipe" not in out.stderr and "Traceback" not in out.stderr
    assert out.returncode == 0, out.stderr


def test_an_output_encoding_without_the_characters_is_no_crash(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("Žluťoučký kůň — 東京\n\nA horse in Tokyo.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    out = _run(["search", "horse", "-C", str(root)], env=env, timeout=60, encoding="latin-1")
    assert out.returncode == 0 and "Traceback" not in out.stderr
    assert "horse" in out.stdout.lower() or "tokyo" in out.stdout.lower()


def test_a_big_first_index_is_said_before_it_starts(
    small_corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`corpus = "/"` once indexed 154,000 files without a word: past a size, one line first,
    from `reader search` too (which shows no bar); an index already made says nothing."""
    monkeypatch.setattr("reader.core.corpus.BIG_INDEX", 3)
    assert main(["search", "missiles", "-C", str(small_corpus)]) == 0
    err = capsys.readouterr().err
    assert err.count("articles takes a while") == 1 and "stopping keeps it" in err
    assert main(["search", "missiles", "-C", str(small_corpus)]) == 0
    assert "takes a while" not in capsys.readouterr().err


def test_another_reader_indexing_is_said_in_one_sentence(small_corpus: Path, capsys) -> None:
    from whoosh import index as whoosh_index

    from reader.core import paths

    assert main(["index", str(small_corpus)]) == 0
    capsys.readouterr()
    held = whoosh_index.open_dir(str(paths.corpus_cache_dir(small_corpus) / "index")).writer()
    try:  # another process indexing: its write lock (flock: held against this process too)
        (small_corpus / "new.txt").write_text("New\n\nzanzibar\n")
        assert main(["index", str(small_corpus)]) == 1
        said = capsys.readouterr().err.strip()
        assert said == (
            "reader: another reader is indexing this folder; run it again once that one is done"
        )
        assert main(["search", "missiles", "-C", str(small_corpus)]) == 0
        said = capsys.readouterr().err.strip()
        assert said == (
            "reader: another reader is indexing this folder; searching what is indexed so far"
        )
    finally:
        held.cancel()
