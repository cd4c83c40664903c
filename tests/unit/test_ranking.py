"""The ranking benchmark: its metrics on hand-made rankings, and a quick run on CISI if present."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from bench import collections, ranking, systems
from bench.collections import Collection
from bench.ranking import average_precision, ndcg_at, reciprocal_rank, score
from tests.conftest import SHARED

CISI = SHARED / "corpora" / "cisi"


def _log(rank: int) -> float:
    return 1.0 / math.log2(rank + 1)


def test_ndcg_perfect_and_empty() -> None:
    assert ndcg_at(["a", "b", "c"], {"a", "b", "c"}) == pytest.approx(1.0)
    assert ndcg_at(["x", "y"], {"a"}) == 0.0
    assert ndcg_at([], {"a"}) == 0.0
    assert ndcg_at(["a"], set()) == 0.0


def test_ndcg_known_value() -> None:
    # Relevant at ranks 2 and 4 of 2 relevant: (1/log2 3 + 1/log2 5) / (1 + 1/log2 3).
    value = ndcg_at(["x", "a", "y", "b"], {"a", "b"})
    assert value == pytest.approx((_log(2) + _log(4)) / (_log(1) + _log(2)))
    assert value == pytest.approx(0.6509209298)


def test_ndcg_ideal_counts_every_relevant_doc_but_stops_at_k() -> None:
    # 20 relevant, only one retrieved at rank 1: the ideal fills all 10 places.
    relevant = {f"r{i}" for i in range(20)}
    ideal = sum(_log(r) for r in range(1, 11))
    assert ndcg_at(["r0"], relevant) == pytest.approx(1.0 / ideal)
    # A relevant document below rank 10 does not count.
    ranking = [f"x{i}" for i in range(10)] + ["r0"]
    assert ndcg_at(ranking, relevant) == 0.0
    # Duplicates in a ranking count once.
    assert ndcg_at(["a", "a"], {"a", "b"}) == pytest.approx(1.0 / (1.0 + _log(2)))


def test_average_precision_known_values() -> None:
    assert average_precision(["a", "b"], {"a", "b"}) == pytest.approx(1.0)
    # Relevant at ranks 1 and 3; 3 relevant in all: (1/1 + 2/3) / 3.
    assert average_precision(["a", "x", "b", "y"], {"a", "b", "c"}) == pytest.approx(5 / 9)
    assert average_precision(["x", "y"], {"a"}) == 0.0
    assert average_precision(["a"], set()) == 0.0


def test_average_precision_stops_at_depth() -> None:
    ranking = [f"x{i}" for i in range(100)] + ["a"]
    assert average_precision(ranking, {"a"}) == 0.0
    assert average_precision(ranking, {"a"}, k=101) == pytest.approx(1 / 101)


def test_score_means_over_queries() -> None:
    relevant = {"1": {"a"}, "2": {"b"}}
    result = score({"1": ["a"], "2": ["x", "b"]}, relevant)
    assert result["queries"] == 2
    assert result["ndcg"] == pytest.approx((1.0 + _log(2)) / 2)
    assert result["map"] == pytest.approx((1.0 + 0.5) / 2)
    assert result["mrr"] == pytest.approx((1.0 + 0.5) / 2)
    assert result["s1"] == pytest.approx(0.5)


def test_reciprocal_rank_counts_the_first_relevant_only() -> None:
    assert reciprocal_rank(["x", "a", "b"], {"a", "b"}) == pytest.approx(0.5)
    assert reciprocal_rank(["x"], {"a"}) == 0.0
    assert reciprocal_rank([f"x{i}" for i in range(100)] + ["a"], {"a"}) == 0.0


def test_fts5_query_quotes_every_word() -> None:
    assert systems.fts5_query('What is "NEAR" AND x-ray?') == (
        '"what" OR "is" OR "near" OR "and" OR "x" OR "ray"'
    )
    assert systems.fts5_query("?!") == ""


def test_headline_words_skip_function_words_and_numbers() -> None:
    assert collections.headline_words("Style Guide for Python Code") == [
        "style",
        "guide",
        "python",
        "code",
    ]
    assert collections.headline_words("The 2 of us and a cat") == ["us", "cat"]


def test_typed_words_split_as_a_person_types_a_headline() -> None:
    """Issue 25's form: split at anything not a letter, digit, apostrophe or hyphen."""
    assert collections.typed_words("Python 3.8 Release Schedule") == ["python", "3", "8", "release"]
    assert collections.typed_words("Adding sys.implementation") == [
        "adding",
        "sys",
        "implementation",
    ]
    assert collections.typed_words("Reworking Python's Numeric Model – a built-in set") == [
        "reworking",
        "python's",
        "numeric",
        "model",
    ]


def _tiny_judged(root: Path) -> Collection:
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "0001.txt").write_text("Cats\n\nCats purr and sleep all day.\n")
    (docs / "0002.txt").write_text("Dogs\n\nDogs bark at the mailman.\n")
    (docs / "0003.txt").write_text("Birds\n\nBirds sing at dawn.\n")
    (root / "queries.tsv").write_text("1\tWhy do cats purr?\n2\tbarking dogs\n3\tunjudged\n")
    (root / "qrels.tsv").write_text("1\t0001\t1\n2\t0002\t1\n")
    coll = collections.judged(root, "tiny")
    assert coll is not None
    return coll


def test_judged_collection_keeps_only_judged_queries(tmp_path: Path) -> None:
    coll = _tiny_judged(tmp_path)
    assert coll.queries == {"1": "Why do cats purr?", "2": "barking dogs"}
    assert coll.relevant == {"1": {"0001.txt"}, "2": {"0002.txt"}}
    assert collections.judged(tmp_path / "absent", "absent") is None


def test_every_system_finds_the_obvious_answer(tmp_path: Path) -> None:
    coll = _tiny_judged(tmp_path / "c")
    names = [n for n in systems.SYSTEMS if n != "tantivy" or systems.tantivy_available()]
    for name in names:
        rankings = systems.SYSTEMS[name][1](coll)
        assert rankings["1"][0] == "0001.txt", name
        assert rankings["2"][0] == "0002.txt", name


def test_format_report_compares_with_the_best_baseline(tmp_path: Path) -> None:
    coll = _tiny_judged(tmp_path)
    scores = {
        "tiny": {
            "reader": {"ndcg": 0.44, "map": 0.2, "mrr": 0.5, "s1": 0.4, "queries": 2, "empty": 0},
            "whoosh": {"ndcg": 0.30, "map": 0.1, "mrr": 0.5, "s1": 0.4, "queries": 2, "empty": 0},
            "fts5": {"ndcg": 0.40, "map": 0.2, "mrr": 0.5, "s1": 0.4, "queries": 2, "empty": 1},
        }
    }
    report = ranking.format_report([coll], scores)
    assert "| reader (the product's search) | 0.440 | 0.440 |" in report
    assert "best baseline SQLite FTS5 (porter, bm25, OR) 0.400 (+10.0%)" in report
    assert "| SQLite FTS5 (porter, bm25, OR) | 0.400 | 0.200 | 1 |" in report


@pytest.mark.skipif(not (CISI / "qrels.tsv").is_file(), reason=f"no CISI collection at {CISI}")
def test_quick_evaluation_on_cisi() -> None:
    report = ranking.evaluate(quick=True, only=["CISI"])
    rows = [line for line in report.split("### CISI")[1].splitlines() if line.startswith("| ")]
    labels = [row.split("|")[1].strip() for row in rows[1:]]
    assert labels[0].startswith("reader")
    for row in rows[1:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert 0.0 <= float(cells[1]) <= 1.0
        assert 0.0 <= float(cells[2]) <= 1.0
    assert f"{ranking.QUICK_QUERIES} judged questions" in report
    assert re.search(r"- CISI: reader .*\([+-]\d+\.\d%\)", report)
