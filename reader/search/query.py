"""What the user typed -> a small query tree: words, phrases, OR, NOT, fields, prefix, fuzzy.

Pure string handling, no Whoosh: compile.py turns the tree into Whoosh queries. Any text parses;
what cannot be used is dropped and noted, never raised. Brackets and NOTs nested more than
MAX_DEPTH levels deep are refused (`QueryTree.refused`): the tree is never deeper than that,
so nothing that walks it (here, compile.py, Whoosh) nears Python's recursion limit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from reader.core.query_limits import MAX_QUERY_CHARS

FIELDS: frozenset[str] = frozenset({"title", "source", "body"})
MAX_CLAUSES = 64
MAX_DEPTH = 32  # brackets and NOTs inside each other
MAX_FUZZY = 2  # edits a fuzzy word may be away (`word~2`; `word~10` reads as `word~2`)

# What reads as a double quote (a phrase's quotes): the plain one and its typographic forms.
# The levels of a query (narrowing.cut_levels) and its tag: words (parsed.py) read the same.
QUOTES = '"\u201c\u201d\u201e\u201f\u00ab\u00bb\uff02'
_APOSTROPHES = "\u2018\u2019\u201a\u201b\u02bc\u00b4`"
# Typographic quotes and apostrophes read as their plain forms.
_TRANSLATE = str.maketrans({**dict.fromkeys(QUOTES, '"'), **dict.fromkeys(_APOSTROPHES, "'")})
_TRAILING_PUNCT = ".,;:!?'\u2026"
_FIELD_RE = re.compile(r"([A-Za-z]+):")
_FUZZY_RE = re.compile(r"~(\d*)$")
_PROXIMITY_RE = re.compile(r"~\d*")  # after a quoted phrase
_PHRASE_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Word:
    """One typed word (may analyse to several terms, e.g. `heat-transfer`).

    `required`: typed with an operator (`+word`, `field:word`, `word*`, `word~`): it holds,
    where a plain word may fall back to the closest matches. The word being typed is a
    prefix but a plain word.
    """

    text: str
    field: str | None = None
    prefix: bool = False
    fuzzy: int = 0
    required: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    """A quoted phrase."""

    text: str
    field: str | None = None


@dataclass(frozen=True, slots=True)
class Not:
    """Excludes what its child matches."""

    child: Node


@dataclass(frozen=True, slots=True)
class Group:
    """All (`and`) or any (`or`) of its children."""

    op: Literal["and", "or"]
    children: tuple[Node, ...]


Node = Word | Phrase | Not | Group


@dataclass(frozen=True, slots=True)
class QueryTree:
    """The tree of a query string, whether it is plain, and notes for the status line.

    Plain: words and quoted phrases only, no AND/OR/NOT, `-word`, `+word`, `field:`, `*`, `~`.
    `refused`: why the query is not searched at all (nested too deep), else None.
    """

    node: Node | None
    plain: bool
    notes: tuple[str, ...] = ()
    refused: str | None = None


@dataclass(slots=True)
class _Lex:
    kind: Literal["word", "phrase", "(", ")", "AND", "OR", "NOT"]
    text: str = ""
    neg: bool = False
    field: str | None = None
    last: bool = False  # the last item, with no space after it
    typing: bool = False  # the word being typed: counts as a prefix
    plus: bool = False  # `+word`: required


@dataclass(slots=True)
class _State:
    items: list[_Lex]
    pos: int = 0
    notes: list[str] = field(default_factory=list)
    operators: bool = False
    clauses: int = 0
    depth: int = 0  # brackets and NOTs open around the item being read
    refused: str | None = None


def normalize(text: str) -> str:
    """Plain quotes and apostrophes, no control characters, NFC."""
    text = unicodedata.normalize("NFC", text.translate(_TRANSLATE))
    return "".join(
        " " if (unicodedata.category(c)[0] == "C" and c not in "\u200d") else c for c in text
    )


def parse(text: str, *, typing: bool = False) -> QueryTree:
    """Parse any text into a query tree; never raises."""
    notes: list[str] = []
    # Only the first MAX_QUERY_CHARS are read: normalize no more than can shrink to them (NFC
    # joins at most three characters into one), however long the paste.
    text = normalize(text[: MAX_QUERY_CHARS * 4])
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notes.append(f"Query shortened to its first {MAX_QUERY_CHARS} characters")
    lexed: list[str] = []
    items = _lex(text, lexed)
    if not _has_operators(items):
        # Plain words (perhaps with quoted phrases): brackets, and quotes that surround no
        # phrase, are punctuation, as in a pasted question ("(MEDLARS)?", "(i.e.,", a lone ").
        lexed.clear()
        items = _lex(text, lexed, plain=True)
    notes.extend(lexed)
    if typing and items and items[-1].last and items[-1].kind == "word":
        last = items[-1]
        # `word*`, `word~`, `word~2` are finished: an operator ends them.
        if (
            not last.text.endswith("*")
            and not _FUZZY_RE.search(last.text)
            and last.text[-1:] not in _TRAILING_PUNCT
        ):
            last.typing = True
    state = _State(items, notes=notes)
    node = _parse_and(state, top=True)
    if state.refused is not None:
        return QueryTree(None, plain=False, notes=(state.refused,), refused=state.refused)
    if state.clauses > MAX_CLAUSES:
        notes.append(f"Only the first {MAX_CLAUSES} words were used")
    return QueryTree(node, plain=not state.operators, notes=tuple(dict.fromkeys(notes)))


def _has_operators(items: list[_Lex]) -> bool:
    """Whether the query uses AND, OR, NOT, `-word`, `+word` or `field:`."""
    return any(
        it.kind in ("AND", "OR", "NOT") or it.neg or it.plus or it.field is not None for it in items
    )


def _lex(text: str, notes: list[str], *, plain: bool = False) -> list[_Lex]:
    """Items of the query; with `plain`, no operators: brackets are spaces, and a quote is
    a phrase only around two or more words (a lone quote is punctuation)."""
    items: list[_Lex] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if plain:
            if c in "()":
                i += 1
                continue
            if c == '"':
                j = text.find('"', i + 1)
                if j < 0:
                    i += 1  # a lone quote: punctuation
                    continue
                inner = text[i + 1 : j]
                if sum(1 for w in inner.split() if _PHRASE_WORD_RE.search(w)) >= 2:
                    items.append(_Lex("phrase", inner))
                    j = _proximity(text, j + 1, notes) - 1
                else:
                    items.extend(_Lex("word", w) for w in inner.replace("(", " ").split())
                i = j + 1
                continue
            j = i
            while j < n and not text[j].isspace() and text[j] not in '"()':
                j += 1
            items.append(_Lex("word", text[i:j], last=j >= n))
            i = j
            continue
        if c in "()":
            items.append(_Lex("(" if c == "(" else ")"))
            i += 1
            continue
        neg = plus = False
        fieldname: str | None = None
        # `-word` is NOT only at the start of an item (after a space, a quote or a bracket),
        # and only before a word, a quote or a bracket: `-5` is a number, `+.` punctuation.
        if c in "-+" and i + 1 < n and _signs(text[i + 1]):
            neg = c == "-"
            plus = c == "+"
            i += 1
        m = _FIELD_RE.match(text, i)
        if m and m.group(1).lower() in FIELDS and m.end() < n and not text[m.end()].isspace():
            fieldname = m.group(1).lower()
            i = m.end()
        if i < n and text[i] == '"':
            j = text.find('"', i + 1)
            if j >= 0:
                items.append(_Lex("phrase", text[i + 1 : j], neg, fieldname, plus=plus))
                i = _proximity(text, j + 1, notes)
                continue
            # A lone quote (a question pasted beside an operator, a phrase being typed) is
            # punctuation, as in plain words: a phrase is exact, the words after it need not be.
            i += 1
        if i < n and text[i] == "(" and (neg or fieldname):
            # A sign or field before a bracket: applies to the whole group.
            items.append(_Lex("(", neg=neg, field=fieldname, plus=plus))
            i += 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in '"()':
            j += 1
        word = text[i:j]
        i = j
        if word in ("AND", "&&") and not neg and not fieldname:
            items.append(_Lex("AND"))
        elif word in ("OR", "||") and not neg and not fieldname:
            items.append(_Lex("OR"))
        elif word == "NOT" and not neg and not fieldname:
            items.append(_Lex("NOT"))
        elif word:
            items.append(_Lex("word", word, neg, fieldname, last=j >= n, plus=plus))
    return items


def _proximity(text: str, i: int, notes: list[str]) -> int:
    """Where the query goes on after a quoted phrase ending at i: past a `~N` (words near each
    other, which is not searched: the phrase is searched as written), noted."""
    m = _PROXIMITY_RE.match(text, i)
    if m is None or (m.end() < len(text) and not text[m.end()].isspace() and text[m.end()] != ")"):
        return i
    notes.append(f'"…"{m[0]} (words near each other) is not supported: the phrase is as written')
    return m.end()


def _signs(c: str) -> bool:
    """Whether `-` or `+` before c is an operator: before a word (not a number), a quote or a
    bracket."""
    return c in '"(' or (c.isalpha() or c == "_")


def _peek(s: _State) -> _Lex | None:
    return s.items[s.pos] if s.pos < len(s.items) else None


def _parse_and(s: _State, *, top: bool = False, fieldname: str | None = None) -> Node | None:
    children: list[Node] = []
    while (item := _peek(s)) is not None:
        if item.kind == ")":
            if top:
                s.pos += 1
                s.notes.append("Unbalanced bracket ignored")
                continue
            break
        if item.kind in ("AND", "OR"):
            s.operators = True
            s.pos += 1
            if not children:
                s.notes.append(f"{item.kind} needs words on both sides; ignored")
            continue
        node = _parse_or(s, fieldname)
        if node is not None:
            children.append(node)
    if not children:
        return None
    return children[0] if len(children) == 1 else Group("and", tuple(children))


def _parse_or(s: _State, fieldname: str | None) -> Node | None:
    left = _parse_unary(s, fieldname)
    while (item := _peek(s)) is not None and item.kind == "OR":
        s.operators = True
        s.pos += 1
        right = _parse_unary(s, fieldname)
        if right is None:
            s.notes.append("OR needs words on both sides; ignored")
            continue
        if left is None:
            left = right
        elif isinstance(left, Group) and left.op == "or":
            left = Group("or", (*left.children, right))
        else:
            left = Group("or", (left, right))
    return left


def _parse_unary(s: _State, fieldname: str | None) -> Node | None:
    item = _peek(s)
    if item is None or item.kind in (")", "OR", "AND"):
        return None
    s.pos += 1
    if item.kind == "NOT":
        s.operators = True
        if not _deeper(s, "NOT"):
            return None
        child = _parse_unary(s, fieldname)
        s.depth -= 1
        if child is None:
            s.notes.append("NOT needs a word after it; ignored")
            return None
        return Not(child)
    if item.kind == "(":
        s.operators = True
        if not _deeper(s, "Brackets"):
            return None
        inner = _parse_and(s, fieldname=item.field or fieldname)
        s.depth -= 1
        nxt = _peek(s)
        if nxt is not None and nxt.kind == ")":
            s.pos += 1
        else:
            s.notes.append("Unbalanced bracket ignored")
        if inner is None:
            return None
        return Not(inner) if item.neg else inner
    node: Node | None
    f = item.field or fieldname
    if item.field or item.neg or item.plus:
        s.operators = True
    if item.kind == "phrase":
        # A phrase alone keeps the query plain: it is required, the other words may fall back.
        s.clauses += 1
        node = Phrase(item.text, f) if item.text.strip() else None
    else:
        node = _word(item.text, f, s, typing=item.typing, plus=item.plus)
    if node is None:
        return None
    if s.clauses > MAX_CLAUSES:
        return None
    return Not(node) if item.neg else node


def _deeper(s: _State, what: str) -> bool:
    """One level deeper (a bracket or a NOT); past MAX_DEPTH the query is refused: the rest is
    skipped and False returned."""
    s.depth += 1
    if s.depth <= MAX_DEPTH:
        return True
    s.refused = f"{what} nested too deep (more than {MAX_DEPTH} levels)"
    s.pos = len(s.items)
    return False


def _word(
    raw: str, fieldname: str | None, s: _State, *, typing: bool = False, plus: bool = False
) -> Node | None:
    prefix = typing
    fuzzy = 0
    text = raw
    m = _FUZZY_RE.search(text)
    if m and len(text) > len(m.group(0)):
        digits = m.group(1)
        fuzzy = min(MAX_FUZZY, int(digits[:3] or 1)) or 1
        text = text[: m.start()]
        s.operators = True
        if digits and int(digits[:3]) > MAX_FUZZY:
            s.notes.append(
                f"A fuzzy word is at most {MAX_FUZZY} edits away: {raw} read as {text}~{fuzzy}"
            )
    text = text.rstrip(_TRAILING_PUNCT)
    typed_prefix = False
    if text.endswith("*"):
        stripped = text.rstrip("*")
        # `word*` is a prefix; a lone `*` and `*emphasis*` are punctuation.
        if stripped.rstrip(_TRAILING_PUNCT + "-") and not stripped.startswith("*"):
            prefix = typed_prefix = True
            text = stripped
            s.operators = True
        else:
            text = stripped
    required = plus or fieldname is not None or typed_prefix or fuzzy > 0
    text = text.strip("*?~-+'.:,;!")
    if not text:
        return None
    # An unknown `field:word` reads as words; a colon is not an operator there.
    if ":" in text:
        parts = [p for p in text.split(":") if p.strip("*?~-+'.,;!")]
        nodes: list[Node] = []
        for i, p in enumerate(parts):
            last = i == len(parts) - 1
            held = plus or fieldname is not None or fuzzy > 0 or (typed_prefix and last)
            nodes.append(Word(p.strip("*?~-+'.,;!"), fieldname, prefix and last, fuzzy, held))
        s.clauses += len(nodes)
        if not nodes:
            return None
        return nodes[0] if len(nodes) == 1 else Group("and", tuple(nodes))
    s.clauses += 1
    return Word(text, fieldname, prefix, fuzzy, required)
