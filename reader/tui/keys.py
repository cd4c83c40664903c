"""The keys in effect: every binding of the table of keys (key_table.py), and the keys
config.toml's [keys] table gives them, checked against the key names Textual knows. Where the
table gives one key to two bindings that act in the same place, one of them wins: which one is
worked out here as Textual will do it (its own keymap code, on the same bindings), and said."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from textual.binding import Binding, BindingsMap
from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character

from reader.core.settings import Settings
from reader.tui.key_table import ANYWHERE, ARTICLE, KEYS, LIST, LIST_OR_ARTICLE, Key, by_id

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_NAMED = frozenset(
    [k.value for k in Keys if not k.value.startswith("<")] + list(KEY_NAME_REPLACEMENTS.values())
)


def is_key(key: str) -> bool:
    """Whether Textual knows this key: "j", "G", "?", "f5", "ctrl+n", "question_mark"."""
    *modifiers, base = key.split("+")
    if not base or not all(m in MODIFIERS for m in modifiers):
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace()
    return base in _NAMED or key_to_character(base) is not None


def normal(keys: str) -> list[str]:
    """Keys as Textual names them once bound: "?" is "question_mark", "G" stays "G"."""
    return [binding.key for binding in Binding.make_bindings([Binding(keys, "")])]


@dataclass(frozen=True, slots=True)
class Clash:
    """Keys the [keys] table gave to two bindings of one place, and the binding they run."""

    place: str
    keys: tuple[str, ...]
    winner: str  # the binding the keys run
    loser: str  # the binding that does not get them
    left: tuple[str, ...]  # the keys the loser keeps

    shadow: bool = False  # a pane's key over the main screen's: the loser keeps it elsewhere

    def message(self) -> str:
        """One line: which binding the keys run, and what the other keeps."""
        keys = ", ".join(self.keys)
        said = (
            f"config.toml: [keys]: in the {self.place}, {keys} runs {self.winner}, not {self.loser}"
        )
        if self.shadow:
            return said
        kept = f"keeps {', '.join(self.left)}" if self.left else "has no key left"
        return f"{said} ({self.loser} {kept})"


@dataclass(frozen=True, slots=True)
class KeyMap:
    """What the [keys] table makes of the bindings: the keymap to set, what it got wrong, and
    every binding's keys in effect."""

    keymap: dict[str, str]
    unknown: list[str] = field(default_factory=list)  # ids no binding has
    bad: list[tuple[str, str]] = field(default_factory=list)  # (id, key) Textual has no name for
    clashes: list[Clash] = field(default_factory=list)
    in_effect: dict[str, list[str]] = field(default_factory=dict)  # id -> keys, Textual's names

    def problems(self) -> list[str]:
        """A line for the status line per mistake, naming each."""
        said = []
        if self.unknown:
            said.append(f"config.toml: [keys]: no key binding {', '.join(self.unknown)}; ignored")
        for binding_id, key in self.bad:
            said.append(
                f"config.toml: [keys] {binding_id}: no key is named {key!r}; its default keys kept"
            )
        return said + [clash.message() for clash in self.clashes]

    def keys(self, binding_id: str) -> str:
        """A binding's keys in effect, comma-separated (empty: it has none left)."""
        return ",".join(self.in_effect.get(binding_id, []))


def _namespaces() -> list[tuple[str, list[Key]]]:
    """The rows bound together, as Textual looks a key up (one owner's bindings each), and
    what to call where they act."""
    owners: dict[tuple[str, bool], list[Key]] = defaultdict(list)
    for key in KEYS:
        if key.id is not None:
            # The main screen holds the keys of both its places.
            main = key.place in (ANYWHERE, LIST_OR_ARTICLE)
            owners["main screen" if main else key.place.name, key.on_app].append(key)
    return [(place, rows) for (place, _), rows in owners.items()]


def _resolve(keymap: dict[str, str]) -> tuple[dict[str, list[str]], list[Clash]]:
    """Every binding's keys in effect under this keymap, and the clashes: Textual's keymap code
    applied to each owner's bindings, where a key runs the first of its bindings."""
    normalized = {binding_id: ",".join(normal(keys)) for binding_id, keys in keymap.items()}
    in_effect: dict[str, list[str]] = {}
    clashes: list[Clash] = []
    for place, rows in _namespaces():
        bound = BindingsMap([row.binding() for row in rows])
        bound.apply_keymap(normalized)
        runs = {key: bindings[0].id for key, bindings in bound.key_to_bindings.items()}
        for row in rows:
            assert row.id is not None
            in_effect[row.id] = [key for key, winner in runs.items() if winner == row.id]
        for row in rows:
            assert row.id is not None
            wanted = normal(normalized.get(row.id, row.keys))
            lost: dict[str, list[str]] = defaultdict(list)
            for key in wanted:
                winner = runs.get(key)
                if winner is not None and winner != row.id:
                    lost[winner].append(key)
            clashes += [
                Clash(place, tuple(keys), winner, row.id, tuple(in_effect[row.id]))
                for winner, keys in lost.items()
            ]
    return in_effect, clashes + _shadows(in_effect)


PANES = (LIST, ARTICLE)  # the main screen's focused widgets whose keys come before its own


def _overlaps(in_effect: dict[str, list[str]]) -> dict[tuple[str, str, str], list[str]]:
    """(pane, the pane's binding, the main screen's) -> the keys both have, where the one of
    the focused pane runs (a priority binding of the main screen's runs before it)."""
    mains = [key for key in KEYS if key.id and key.place in (ANYWHERE, LIST_OR_ARTICLE)]
    found: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for pane in PANES:
        for row in (key for key in KEYS if key.place is pane and key.id):
            assert row.id is not None
            for main in (key for key in mains if not key.on_app):
                assert main.id is not None
                for key in set(in_effect[row.id]) & set(in_effect[main.id]):
                    pair = (main.id, row.id) if main.priority else (row.id, main.id)
                    found[(pane.name, *pair)].append(key)
    return found


def _shadows(in_effect: dict[str, list[str]]) -> list[Clash]:
    """Keys given both a pane's binding and a main screen's one (none are by default): in that
    pane, the pane's runs."""
    return [
        Clash(place, tuple(sorted(keys)), winner, loser, (), shadow=True)
        for (place, winner, loser), keys in _overlaps(in_effect).items()
    ]


def keymap_of(settings: Settings) -> KeyMap:
    """The keymap the settings give the table's bindings, checked."""
    known = by_id()
    keymap: dict[str, str] = {}
    unknown: list[str] = []
    bad: list[tuple[str, str]] = []
    for binding_id, keys in settings.keymap:
        if binding_id not in known:
            unknown.append(binding_id)
            continue
        wrong = [key for key in keys.split(",") if not is_key(key)]
        if wrong:
            bad += [(binding_id, key) for key in wrong]
            continue
        keymap[binding_id] = keys
    in_effect, clashes = _resolve(keymap)
    return KeyMap(keymap, unknown, bad, clashes, in_effect)
