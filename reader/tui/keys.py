"""The keys in effect: every binding that has an id, and the keys config.toml's [keys] table
gives them, checked against the key names Textual knows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding, BindingType
from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character

from reader.core.settings import Settings

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


@dataclass(frozen=True, slots=True)
class KeyMap:
    """What the [keys] table makes of the bindings: the keymap to set, and what it got wrong."""

    keymap: dict[str, str]
    unknown: list[str]  # ids no binding has
    bad: list[tuple[str, str]]  # (id, key) for keys Textual has no such name for

    def problems(self) -> list[str]:
        """A line for the status line per kind of mistake, naming each."""
        said = []
        if self.unknown:
            said.append(f"config.toml: [keys]: no key binding {', '.join(self.unknown)}; ignored")
        for binding_id, key in self.bad:
            said.append(
                f"config.toml: [keys] {binding_id}: no key is named {key!r}; its default keys kept"
            )
        return said


def bindings_by_id(owners: Iterable[type]) -> dict[str, Binding]:
    """Every binding with an id, of every owner (the first where two share an id)."""
    found: dict[str, Binding] = {}
    for owner in owners:
        bindings: list[BindingType] = getattr(owner, "BINDINGS", [])
        for binding in bindings:
            if isinstance(binding, Binding) and binding.id and binding.id not in found:
                found[binding.id] = binding
    return found


def keymap_of(settings: Settings, owners: Iterable[type]) -> KeyMap:
    """The keymap the settings give the bindings of these owners, checked."""
    known = bindings_by_id(owners)
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
    return KeyMap(keymap, unknown, bad)


def keys_in_effect(owners: Iterable[type], keymap: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(id, keys, what it does) of every binding, with the keymap's keys where it moves them."""
    return [
        (binding_id, keymap.get(binding_id, binding.key), binding.description)
        for binding_id, binding in bindings_by_id(owners).items()
    ]
