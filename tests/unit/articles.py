"""Ten small articles with known words (the seed among them), for the index's unit tests."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SEED

ARTICLES = {
    "kursk.txt": SEED.read_text("utf-8") if SEED.exists() else "Kursk\n\nKursk ATACMS missiles.",
    "strikes.txt": "Workers plan strikes\n\nThe union said the strikes would go on all week.\n",
    "resume.txt": "How to write a résumé\n\nA good résumé is short. Café owners read them.\n",
    "heat.txt": (
        "Engineering notes\n\nThe heat-transfer coefficient of non-linear materials. "
        "Send an e-mail about COVID-19 testing.\n"
    ),
    "trojan.md": "Security\n\nThe paper *Trojan Source* shows hidden code in comments.\n",
    "title_match.txt": "Volcano eruption in Iceland\n\nLava flowed all night near the town.\n",
    "body_match.txt": (
        "Travel news\n\nFlights resumed after the volcano quieted; airports reopened "
        "and the travellers went home.\n"
    ),
    "weapons.txt": (
        "Missiles for Ukraine\n\nThe president said weapons for Ukraine would arrive soon. "
        "Missiles and more missiles were promised to Ukraine.\n"
    ),
    "garden.txt": "Gardening\n\nTomatoes need sun, water and patience. Don't overwater them.\n",
    "biden.txt": "Biden's plan\n\nThe president's plan was announced on Monday.\n",
}


def write_corpus(root: Path, articles: dict[str, str] = ARTICLES) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (root / name).write_text(text, "utf-8")
    return root
