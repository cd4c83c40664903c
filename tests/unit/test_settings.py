"""Settings from config.toml: defaults, every key valid and invalid, unknown keys, bad TOML."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from reader.core.paths import config_dir
from reader.core.preferences import save_theme
from reader.core.settings import Settings, _syntax_message, describe, load_settings, settings_file


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_defaults_silently() -> None:
    assert settings_file() == config_dir() / "config.toml"
    settings, messages = load_settings()
    assert settings == Settings()
    assert messages == []
    assert settings.corpus is None and settings.theme is None
    assert settings.reading_width == 78
    assert settings.extensions == (".txt", ".md", ".html", ".htm")
    assert settings.mark_read_on_open is True


def test_default_path_is_read(tmp_path: Path) -> None:
    settings_file().parent.mkdir(parents=True)
    settings_file().write_text("reading_width = 100\n", encoding="utf-8")
    assert load_settings()[0].reading_width == 100


def test_every_key_valid(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'corpus = "/srv/articles"\n'
        'theme = "gruvbox"\n'
        "reading_width = 120\n"
        'extensions = [".txt", "MD", ".rst", ".md"]\n'
        "mark_read_on_open = false\n",
    )
    settings, messages = load_settings(path)
    assert messages == []
    assert settings == Settings(
        corpus=Path("/srv/articles"),
        theme="gruvbox",
        reading_width=120,
        extensions=(".txt", ".md", ".rst"),
        mark_read_on_open=False,
    )


def test_corpus_expands_home_and_is_relative_to_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = write(tmp_path, 'corpus = "~/articles"\n')
    assert load_settings(path)[0].corpus == tmp_path / "home" / "articles"
    path = write(tmp_path, 'corpus = "news"\n')
    assert load_settings(path)[0].corpus == tmp_path / "news"


@pytest.mark.parametrize("width", [40, 200])
def test_width_bounds_are_allowed(tmp_path: Path, width: int) -> None:
    assert load_settings(write(tmp_path, f"reading_width = {width}\n")) == (
        Settings(reading_width=width),
        [],
    )


@pytest.mark.parametrize(
    ("line", "key", "shown"),
    [
        ("corpus = 3", "corpus", "got 3"),
        ('corpus = ""', "corpus", 'got ""'),
        ("theme = true", "theme", "got true"),
        ("reading_width = 39", "reading_width", "got 39"),
        ("reading_width = 201", "reading_width", "got 201"),
        ('reading_width = "wide"', "reading_width", 'got "wide"'),
        ("reading_width = 80.5", "reading_width", "got 80.5"),
        ("reading_width = true", "reading_width", "got true"),
        ('extensions = ".txt"', "extensions", 'got ".txt"'),
        ("extensions = []", "extensions", "got []"),
        ('extensions = [".txt", 3]', "extensions", "3 is not a file extension"),
        ('extensions = ["*.txt"]', "extensions", '"*.txt" is not a file extension'),
        ('mark_read_on_open = "yes"', "mark_read_on_open", 'got "yes"'),
        ("mark_read_on_open = 1", "mark_read_on_open", "got 1"),
    ],
)
def test_bad_value_names_the_key_and_uses_the_default(
    tmp_path: Path, line: str, key: str, shown: str
) -> None:
    path = write(tmp_path, f"{line}\n")
    settings, messages = load_settings(path)
    assert settings == Settings()
    assert len(messages) == 1
    assert messages[0].startswith(f"{path}: {key}: ")
    assert shown in messages[0]
    assert "using the default" in messages[0]


def test_bad_value_leaves_the_other_keys(tmp_path: Path) -> None:
    path = write(tmp_path, 'reading_width = 1000\ntheme = "nord"\nmark_read_on_open = false\n')
    settings, messages = load_settings(path)
    assert settings == Settings(theme="nord", mark_read_on_open=False)
    assert len(messages) == 1 and "reading_width" in messages[0] and "(78)" in messages[0]


def test_unknown_key_is_named_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, "reading_widht = 90\nfrobnicate = 1\n[colors]\nbg = 1\n")
    settings, messages = load_settings(path)
    assert settings == Settings()
    assert len(messages) == 3
    assert "unknown setting 'reading_widht'" in messages[0]
    assert "did you mean 'reading_width'?" in messages[0]
    assert "unknown setting 'frobnicate'" in messages[1] and "did you mean" not in messages[1]
    assert "unknown setting 'colors'" in messages[2]


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nord"\nreading_width = 90\nextensions = [".txt"\n')
    settings, messages = load_settings(path)
    assert settings == Settings()
    assert len(messages) == 1
    assert messages[0].startswith(f"{path}, line 3: unclosed array at the end of the file")
    assert "using the default settings" in messages[0]


def test_toml_syntax_error_on_a_middle_line(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nord"\nreading_width = = 90\nextensions = [".txt"]\n')
    messages = load_settings(path)[1]
    assert messages[0].startswith(f"{path}, line 2: ")


@pytest.mark.parametrize("depth", [450, 5_000, 200_000])
def test_deeply_nested_arrays_name_the_file(tmp_path: Path, depth: int) -> None:
    """tomllib recurses per level: past the stack it is named like a syntax error, never a
    RecursionError that stops the app; a nesting shallow enough to parse is a bad value."""
    path = write(tmp_path, f"reading_width = 90\ntheme = {'[' * depth}{']' * depth}\n")
    settings, messages = load_settings(path)
    assert len(messages) == 1 and messages[0].startswith(str(path))
    assert "nested too deeply" in messages[0] or "theme" in messages[0]
    assert settings.theme is None


def test_unreadable_files(tmp_path: Path) -> None:
    folder = tmp_path / "config.toml"
    folder.mkdir()
    settings, messages = load_settings(folder)
    assert settings == Settings() and str(folder) in messages[0]
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b'theme = "\xff\xfe"\n')
    settings, messages = load_settings(binary)
    assert settings == Settings() and str(binary) in messages[0]


def test_describe_shows_path_existence_and_values(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    text = describe(Settings(), missing)
    assert str(missing) in text and "does not exist" in text
    for key in ("corpus", "theme", "reading_width", "extensions", "mark_read_on_open"):
        assert key in text
    assert "= 78" in text and '[".txt", ".md", ".html", ".htm"]' in text and "= true" in text

    path = write(tmp_path, 'corpus = "/srv/a"\ntheme = "nord"\nreading_width = 90\n')
    settings, _ = load_settings(path)
    text = describe(settings, path)
    assert f"{path} (exists)" in text
    assert "/srv/a" in text and "nord" in text and "= 90" in text


def test_describe_says_a_theme_chosen_in_the_app_since_is_used(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nord"\n')
    settings, _ = load_settings(path)
    assert "theme             = nord\n" in describe(settings, path)
    save_theme("gruvbox", config="nord")
    assert (
        "theme             = nord (not in effect: gruvbox, chosen in the app since, is used until "
        "it changes)" in describe(settings, path)
    )
    save_theme("gruvbox", config="dracula")  # chosen over another line: this one is later
    assert "theme             = nord\n" in describe(settings, path)


@pytest.mark.parametrize("table", ["keys", "keymap"])
def test_keys_give_binding_ids_their_keys(tmp_path: Path, table: str) -> None:
    path = write(
        tmp_path, f'[{table}]\n"list.down" = "ctrl+n, Down"\n"app.search" = "F"\n"app.tag" = "?"\n'
    )
    settings, messages = load_settings(path)
    assert messages == []
    # a letter keeps its case (F is shift+f, another key than f); names are lowercased
    assert settings.keymap == (("list.down", "ctrl+n,down"), ("app.search", "F"), ("app.tag", "?"))
    assert 'keys              = list.down = "ctrl+n,down"' in describe(settings, path)


def test_keys_win_over_the_older_keymap_table(tmp_path: Path) -> None:
    path = write(
        tmp_path, '[keymap]\n"list.down" = "x"\n"list.up" = "y"\n[keys]\n"list.down" = "z"\n'
    )
    settings, messages = load_settings(path)
    assert messages == []
    assert dict(settings.keymap) == {"list.down": "z", "list.up": "y"}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('keys = "j"\n', "keys: must be a table"),
        ('[keymap]\n"down" = "j"\n', '[keymap] "down" is not a key binding\'s id'),
        ('[keys]\n"list.down" = 3\n', "[keys] list.down: must be key names"),
        ('[keys]\n"list.down" = "j,,k"\n', "[keys] list.down: must be key names"),
        ('[keys]\n"list.down" = "ctrl n"\n', "[keys] list.down: must be key names"),
    ],
)
def test_a_bad_entry_is_named_and_the_others_kept(tmp_path: Path, text: str, named: str) -> None:
    settings, messages = load_settings(write(tmp_path, text))
    assert settings.keymap == ()
    assert len(messages) == 1 and named in messages[0]
    text += '"list.up" = "y"\n' if text.startswith("[") else '[keymap]\n"list.up" = "y"\n'
    settings, messages = load_settings(write(tmp_path, text))
    assert settings.keymap == (("list.up", "y"),) and len(messages) == 1


def test_a_misspelt_keys_table_is_named(tmp_path: Path) -> None:
    _, messages = load_settings(write(tmp_path, '[kyes]\n"list.up" = "y"\n'))
    assert len(messages) == 1 and "did you mean 'keys'?" in messages[0]


def test_config_prints_no_escape_sequence(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "\\u001b]0;PWNED\\u0007\\u001b[2Jnord"\n')
    settings, messages = load_settings(path)
    assert messages == [] and settings.theme is not None and "\x1b" in settings.theme
    shown = describe(settings, path)
    assert "\x1b" not in shown and "\x07" not in shown
    assert "theme" in shown and "nord" in shown


def test_config_prints_the_keys_in_effect_and_names_bad_ones(
    xdg_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.cli import main

    config = xdg_dirs / "config" / "reader"
    config.mkdir(parents=True)
    (config / "config.toml").write_text(
        '[keys]\n"list.down" = "ctrl+n,J"\n"app.undo" = "ctrll+z"\n"app.nothing" = "x"\n'
    )
    assert main(["--config"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert any(
        line.split() == ["*", "list.down", "=", "ctrl+n,J", "(list)", "Down"] for line in lines
    )
    assert any(line.split() == ["app.undo", "=", "u", "(anywhere)", "Undo"] for line in lines)
    assert any(line.split() == ["app.tag", "=", "t", "(anywhere)", "Tags"] for line in lines)
    assert "[keys] app.undo: no key is named 'ctrll+z'" in err
    assert "[keys]: no key binding app.nothing" in err


def test_an_error_at_the_end_is_named_alike_on_every_python(tmp_path: Path) -> None:
    """Python 3.14's tomllib places an unclosed array after the file's last newline ("at line
    4, column 1", with `pos`); 3.11-3.13 say "at end of document": one message for both."""
    source = 'theme = "nord"\nreading_width = 90\nextensions = [".txt"\n'
    path = tmp_path / "config.toml"

    class Newer(tomllib.TOMLDecodeError):  # what 3.14 raises, built on any Python
        def __init__(self) -> None:
            super().__init__("Unclosed array (at line 4, column 1)")
            self.pos, self.lineno, self.colno = len(source), 4, 1

    for exc in (Newer(), tomllib.TOMLDecodeError("Unclosed array (at end of document)")):
        message = _syntax_message(path, exc, source)
        assert message.startswith(f"{path}, line 3: unclosed array at the end of the file")
