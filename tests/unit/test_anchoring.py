"""Anchoring a highlighted passage: found again after the text around it, above it or in it
changed, with its spacing changed, among repeats of the same words; gone when it is gone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.anchoring import Anchor, locate, make_anchor, sentences

TEXT = (
    "The bridge was built in 1931. It carried trains until the war. After the war it was "
    "rebuilt in steel, and the town grew around it.\n\nNobody remembers the old bridge now. "
    "The museum keeps one of its stones."
)


def anchored(text: str, quote: str) -> Anchor:
    start = text.index(quote)
    return make_anchor(text, start, start + len(quote))


def test_an_unchanged_text_places_the_passage_where_it_was() -> None:
    anchor = anchored(TEXT, "It carried trains until the war.")
    assert locate(TEXT, anchor) == (anchor.start, anchor.start + len(anchor.quote))


def test_the_anchor_keeps_context_and_trims_spaces() -> None:
    start = TEXT.index(" It carried")
    anchor = make_anchor(TEXT, start, start + 8)
    assert anchor.quote == "It carr"
    assert anchor.prefix.endswith("built in 1931. ")
    assert anchor.suffix.startswith("ied trains")


def test_text_inserted_above_moves_the_passage_with_it() -> None:
    anchor = anchored(TEXT, "Nobody remembers the old bridge now.")
    edited = "A new first paragraph, written later.\n\n" + TEXT
    start, end = locate(edited, anchor) or (0, 0)
    assert edited[start:end] == "Nobody remembers the old bridge now."


def test_of_repeated_words_the_one_with_the_same_context_is_chosen() -> None:
    anchor = anchored(TEXT, "the war")
    second = TEXT.index("the war", TEXT.index("the war") + 1)
    anchor = make_anchor(TEXT, second, second + len("the war"))  # "After the war"
    edited = "Before: " + TEXT.replace("until the war", "until the war ended")
    start, _ = locate(edited, anchor) or (0, 0)
    assert edited[start - 6 : start] == "After "


def test_a_passage_rewrapped_is_found_with_its_new_spacing() -> None:
    anchor = anchored(TEXT, "After the war it was rebuilt in steel")
    edited = TEXT.replace("it was rebuilt", "it was\n   rebuilt")
    start, end = locate(edited, anchor) or (0, 0)
    assert " ".join(edited[start:end].split()) == "After the war it was rebuilt in steel"


def test_a_passage_a_little_edited_is_still_found() -> None:
    anchor = anchored(TEXT, "After the war it was rebuilt in steel, and the town grew around it.")
    edited = TEXT.replace("rebuilt in steel", "rebuilt in grey steel")
    start, end = locate(edited, anchor) or (0, 0)
    assert edited[start:end].startswith("After the war")
    assert edited[start:end].endswith("around it.")


def test_a_passage_removed_cannot_be_placed() -> None:
    anchor = anchored(TEXT, "The museum keeps one of its stones.")
    edited = TEXT.replace("The museum keeps one of its stones.", "")
    assert locate(edited, anchor) is None


def test_sentences_skip_abbreviations_and_initials() -> None:
    text = "Dr. Smith met J. R. Tolkien in 1931. They talked, e.g. of U.S. trees! Then left"
    found = [text[a:b] for a, b in sentences(text)]
    assert found == [
        "Dr. Smith met J. R. Tolkien in 1931.",
        "They talked, e.g. of U.S. trees!",
        "Then left",
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.text(min_size=1, max_size=200),
    st.data(),
    st.text(max_size=80),
)
def test_any_passage_is_found_again_after_text_is_put_before_it(
    text: str, data: st.DataObject, before: str
) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    anchor = make_anchor(text, start, end)
    if not anchor.quote:
        return
    found = locate(before + text, anchor)
    assert found is not None
    a, b = found
    assert (before + text)[a:b] == anchor.quote
