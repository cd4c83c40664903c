"""A folder of six odd files (issue 23, item 6), written by code: one long line, NUL bytes
named .txt, very many headings, very deep nesting, one word a million times, and a small
file. `build_odd_folder(folder, scale)` writes them; scale 1.0 is the full size (about 70 MB),
the tests use a small fraction. Each file holds a distinctive word (WORDS) besides "zebra".
"""

from __future__ import annotations

from pathlib import Path

SMALL = "zebra_once.md"
WORDS = {
    "one_line.txt": "onelineword",
    "headings.md": "headingword",
    "nested.md": "nestedword",
    "zebras.txt": "zebrasword",
    SMALL: "smallword",
}


def build_odd_folder(folder: Path, scale: float = 1.0) -> dict[str, int]:
    """Write the six files into folder; -> name -> size in bytes."""
    folder.mkdir(parents=True, exist_ok=True)

    def n(full: int) -> int:
        return max(10, int(full * scale))

    line_words = n(50 * 1024 * 1024) // 6
    files = {
        "one_line.txt": ("onelineword " + "words " * line_words).encode(),
        "nuls.txt": b"\x00" * n(10 * 1024 * 1024),
        "headings.md": "".join(
            f"# Heading {i} headingword\n\nText {i}.\n\n" for i in range(n(100_000))
        ).encode(),
        "nested.md": (
            "# Nested nestedword\n\n"
            + "".join("- " * i + "item\n" for i in range(1, n(100_000) // 1000 + 1))
            + "- " * n(100_000)
            + "deep\n\n"
            + "> " * n(100_000)
            + "quoted\n"
        ).encode(),
        "zebras.txt": ("Zebras zebrasword\n\n" + "zebra " * n(1_000_000) + "\n").encode(),
        SMALL: b"# Zebra once\n\nA zebra, once, smallword.\n",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return {name: len(data) for name, data in files.items()}
