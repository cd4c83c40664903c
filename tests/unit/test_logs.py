"""The log: one file under the XDG state folder, written only once the command line configures
it, with tracebacks; more detail on request; never a failure of its own."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from reader import cli
from reader.core import logs
from reader.core.paths import state_dir


def log_text(xdg_dirs: Path) -> str:
    path = xdg_dirs / "state" / "reader" / "reader.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_the_log_is_under_the_xdg_state_folder(xdg_dirs: Path) -> None:
    assert state_dir() == xdg_dirs / "state" / "reader"
    assert logs.log_path() == xdg_dirs / "state" / "reader" / "reader.log"


def test_a_failure_is_kept_with_its_traceback(xdg_dirs: Path) -> None:
    assert logs.configure() == logs.log_path()
    try:
        raise TypeError("a mistake of ours")
    except TypeError:
        logging.getLogger("reader.search.service").exception("the search failed")
    text = log_text(xdg_dirs)
    assert "ERROR reader.search.service" in text and "the search failed" in text
    assert "Traceback (most recent call last)" in text and "TypeError: a mistake of ours" in text
    assert logs.where() == logs.log_path()
    assert logs.details() == f"details are in {logs.log_path()}"


def test_warnings_by_default_more_detail_on_request(
    xdg_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = logging.getLogger("reader.test")
    logs.configure()
    log.info("an update took 3 s")
    log.warning("the index was set aside")
    assert "set aside" in log_text(xdg_dirs) and "3 s" not in log_text(xdg_dirs)
    logs.reset()
    monkeypatch.setenv(logs.LOG_ENV, "debug")
    logs.configure()
    log.debug("a search of 12 ms")
    assert "a search of 12 ms" in log_text(xdg_dirs)
    logs.reset()
    monkeypatch.delenv(logs.LOG_ENV)
    logs.configure("debug")  # what --debug asks for
    log.debug("asked by a flag")
    assert "asked by a flag" in log_text(xdg_dirs)


def test_nothing_is_written_before_configure_nor_when_nothing_is_logged(xdg_dirs: Path) -> None:
    logging.getLogger("reader.test").error("not configured: kept nowhere")
    assert not logs.log_path().exists()
    logs.configure()
    assert not logs.log_path().exists(), "an empty log file at every start"
    assert logs.where() is None


def test_the_log_turns_over_and_keeps_its_backups(
    xdg_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file handler that turns the log over is made at the first record (not by
    configure: `reader search` logs nothing when nothing goes wrong)."""
    monkeypatch.setattr(logs, "MAX_BYTES", 400)
    logs.configure()
    log = logging.getLogger("reader.test")
    for n in range(40):
        log.warning("record %d of forty, long enough to fill the file in a few", n)
    path = logs.log_path()
    kept = sorted(p.name for p in path.parent.iterdir())
    assert kept == ["reader.log", "reader.log.1", "reader.log.2", "reader.log.3"]
    assert "record 39 of forty" in path.read_text(encoding="utf-8")
    assert all(p.stat().st_size <= 400 for p in path.parent.iterdir())
    assert logs.where() == path


def test_configure_opens_no_file_handler_before_a_record(tmp_path: Path) -> None:
    code = (
        "import sys, logging\n"
        "from reader.core import logs\n"
        "logs.configure()\n"
        "logging.getLogger('reader.x').info('below the level: kept nowhere')\n"
        "print('logging.handlers' in sys.modules, logs.where())"
    )
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path / "state"))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.split() == ["False", "None"]
    assert (tmp_path / "state" / "reader").is_dir()  # made by configure, the file not yet
    assert not (tmp_path / "state" / "reader" / "reader.log").exists()


def test_importing_reader_configures_no_logging() -> None:
    code = (
        "import logging, reader.cli, reader.tui.app, reader.search.service\n"
        "print(len(logging.getLogger().handlers), logging.getLogger('reader').level)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "0"]


def test_a_log_that_cannot_be_written_is_silent(
    xdg_dirs: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    blocker = xdg_dirs / "state-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))  # mkdir fails, even as root
    assert logs.configure() is None
    logging.getLogger("reader.test").error("nowhere to go")
    assert capfd.readouterr().err == ""
    assert logs.where() is None
    assert logs.details() == "the details could not be saved"


def test_a_log_file_that_fails_to_open_is_silent(
    xdg_dirs: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    logs.log_path().parent.mkdir(parents=True)
    logs.log_path().mkdir()  # a folder where the file goes: opening it fails at the first record
    assert logs.configure() == logs.log_path()
    logging.getLogger("reader.test").error("nowhere to go")
    assert capfd.readouterr().err == ""
    assert logs.where() is None


def test_a_thread_that_dies_is_logged_not_printed(
    xdg_dirs: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    hook = threading.excepthook
    logs.configure()

    def broken() -> None:
        raise KeyError("a writer's mistake")

    thread = threading.Thread(target=broken, name="state-writer")
    thread.start()
    thread.join()
    text = log_text(xdg_dirs)
    assert "state-writer stopped on an unexpected error" in text
    assert 'KeyError: "a writer\'s mistake"' in text
    assert "Traceback" not in capfd.readouterr().err
    logs.reset()
    assert threading.excepthook is hook


def test_the_command_line_configures_the_log_and_takes_debug(
    xdg_dirs: Path, small_corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setattr(cli, "_update", _logging_update(cli._update))
    assert cli.main(["index", str(small_corpus)]) == 0
    assert "an update ran" not in log_text(xdg_dirs)
    assert cli.main(["index", str(small_corpus), "--debug"]) == 0
    assert "an update ran" in log_text(xdg_dirs)
    logs.reset()
    assert cli.main(["--debug", "search", "kyiv", "-C", str(small_corpus)]) == 0
    assert log_text(xdg_dirs).count("an update ran") == 2


def _logging_update(real):  # type: ignore[no-untyped-def]
    def update(*args, **kwargs):  # type: ignore[no-untyped-def]
        logging.getLogger("reader.cli").debug("an update ran")
        return real(*args, **kwargs)

    return update


def test_an_unexpected_error_in_a_command_is_logged_and_told_in_one_line(
    xdg_dirs: Path, small_corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise TypeError("a mistake of ours")

    monkeypatch.setattr(cli, "_update", broken)
    assert cli.main(["index", str(small_corpus)]) == cli.EXIT_RUNTIME
    err = capsys.readouterr().err
    assert err.strip() == (
        f"reader stopped on an unexpected error (TypeError); details are in {logs.log_path()}"
    )
    text = log_text(xdg_dirs)
    assert "Traceback" in text and "TypeError: a mistake of ours" in text


def test_a_recursion_error_is_no_one_line_problem(
    xdg_dirs: Path, small_corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """RecursionError is a RuntimeError, which the command line says in one line as a
    problem of the folder or the disk: it is a mistake of reader's, logged as one."""

    def broken(*args: object, **kwargs: object) -> object:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(cli, "_update", broken)
    assert cli.main(["index", str(small_corpus)]) == cli.EXIT_RUNTIME
    assert "unexpected error (RecursionError)" in capsys.readouterr().err
    assert "RecursionError: maximum recursion depth exceeded" in log_text(xdg_dirs)


def test_config_names_the_log(xdg_dirs: Path, capsys) -> None:
    assert cli.main(["--config"]) == 0
    assert f"log: {logs.log_path()}" in capsys.readouterr().out


def test_debug_says_what_each_update_and_search_took(
    xdg_dirs: Path, small_corpus: Path, capsys
) -> None:
    assert cli.main(["search", "kyiv", "-C", str(small_corpus)]) == 0
    assert log_text(xdg_dirs) == ""  # nothing went wrong: nothing logged
    assert cli.main(["search", "kyiv", "-C", str(small_corpus), "--debug"]) == 0
    text = log_text(xdg_dirs)
    assert "INFO reader.search.service [" in text
    assert f"The index of {small_corpus} updated in " in text
    assert "Search 'kyiv': 1 of 1 hits in " in text
