"""The ranking benchmark: its metrics on hand-made rankings, and a quick run on CISI if present."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from bench import ranking
from bench.ranking import average_precision, ndcg_at, score

CISI = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "cisi"


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
    qrels = {1: {"a"}, 2: {"b"}}
    result = score({1: ["a"], 2: ["x", "b"]}, qrels)
    assert result["queries"] == 2
    assert result["ndcg"] == pytest.approx((1.0 + _log(2)) / 2)
    assert result["map"] == pytest.approx((1.0 + 0.5) / 2)


def test_fts5_query_quotes_every_word() -> None:
    assert ranking.fts5_query('What is "NEAR" AND x-ray?') == (
        '"what" OR "is" OR "near" OR "and" OR "x" OR "ray"'
    )
    assert ranking.fts5_query("?!") == ""


def test_evaluate_without_collection_is_none(tmp_path: Path) -> None:
    assert ranking.evaluate(quick=True, cisi=tmp_path / "absent") is None


def test_format_table_delta() -> None:
    table = ranking.format_table(
        {
            "reader": {"ndcg": 0.44, "map": 0.2, "queries": 76},
            "whoosh": {"ndcg": 0.30, "map": 0.1, "queries": 76},
            "fts5": {"ndcg": 0.40, "map": 0.2, "queries": 76},
        },
        n_docs=1460,
    )
    assert "| reader (the product's search) | 0.440 | 0.200 | 76 |" in table
    assert "Best baseline: SQLite FTS5" in table
    assert "+10.0% nDCG@10" in table


@pytest.mark.skipif(not (CISI / "qrels.tsv").is_file(), reason=f"no CISI collection at {CISI}")
def test_quick_evaluation_on_cisi() -> None:
    table = ranking.evaluate(quick=True, cisi=CISI)
    assert table is not None
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    labels = [row.split("|")[1].strip() for row in rows[1:]]
    assert [label.split()[0] for label in labels] == ["reader", "plain", "SQLite"]
    for row in rows[1:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        ndcg, ap, queries = float(cells[1]), float(cells[2]), int(cells[3])
        assert 0.0 <= ndcg <= 1.0
        assert 0.0 <= ap <= 1.0
        assert queries == ranking.QUICK_QUERIES
    assert re.search(r"Best baseline: .*[+-]\d+\.\d% nDCG@10", table)
