"""The benchmark cannot rot: its generator is deterministic and parses, and `--quick` runs."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bench import generate as gen
from reader.core.article import load_article

REPO = Path(__file__).resolve().parents[2]


def snapshot(folder: Path) -> dict[str, tuple[bytes, float]]:
    """Every article under folder: relative path -> (bytes, mtime)."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime)
        for p in sorted(folder.rglob("*.txt"))
    }


def test_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    gen.generate(50, tmp_path / "one", seed=7, workers=1)
    gen.generate(50, tmp_path / "two", seed=7, workers=2)
    gen.generate(50, tmp_path / "other", seed=8, workers=1)
    one = snapshot(tmp_path / "one")
    assert len(one) == 50
    assert one == snapshot(tmp_path / "two")
    assert [b for b, _ in one.values()] != [b for b, _ in snapshot(tmp_path / "other").values()]
    text, mtime = gen.article_text(3, seed=7)
    path = gen.article_path(tmp_path / "one", 3, seed=7)
    assert one[path.relative_to(tmp_path / "one").as_posix()] == (text.encode(), mtime)


def test_articles_have_the_seeds_shape(tmp_path: Path) -> None:
    gen.generate(50, tmp_path, seed=11)
    articles = [load_article(p) for p in sorted(tmp_path.rglob("*.txt"))]
    sizes = [p.stat().st_size for p in tmp_path.rglob("*.txt")]
    assert 4_000 < sum(sizes) / len(sizes) < 7_000
    for article in articles:
        assert article.error is None
        assert 10 < len(article.title) < 200
        assert 6 <= len(article.paragraphs) <= 16
        assert 1 <= len(article.captions) <= 3
        body = article.body_text
        for debris in ("Source link", "About The Author", "Scroll to Top", "originally published"):
            assert debris not in body
        assert not any("Getty Images" in p or " / AP Photo)" in p for p in article.paragraphs)
    with_source = [a for a in articles if a.source]
    assert len(with_source) >= 35
    assert {a.source for a in with_source} <= set(gen.SOURCES)
    assert any(a.date_stated for a in articles)
    assert len({a.date.year for a in articles if a.date}) >= 4  # dates spread over years


def test_words_follow_a_zipf_law_over_a_big_vocabulary(tmp_path: Path) -> None:
    vocab = gen.vocabulary(gen.DEFAULT_SEED)
    assert len(vocab.words) == len(set(vocab.words)) == gen.VOCABULARY_SIZE
    assert vocab.words[0] == "the"
    gen.generate(50, tmp_path)
    counts = Counter(
        word.strip('.,"').lower()
        for p in tmp_path.rglob("*.txt")
        for word in p.read_text("utf-8").split()
    )
    ranked = [n for _, n in counts.most_common()]
    assert counts.most_common(1)[0][0] == "the"
    assert len(counts) > 5_000
    # frequency x rank stays within a small factor over the head of the ranking
    products = [ranked[r - 1] * r for r in (1, 10, 100)]
    assert max(products) / min(products) < 4


def test_a_corpus_is_reused_only_when_count_and_seed_match(tmp_path: Path) -> None:
    assert gen.generate(20, tmp_path, seed=3) is True
    assert gen.generate(20, tmp_path, seed=3) is False
    assert gen.generate(30, tmp_path, seed=3) is True
    assert len(snapshot(tmp_path)) == 30
    assert gen.generate(30, tmp_path, seed=4) is True
    assert len(snapshot(tmp_path)) == 30


def test_articles_are_spread_over_subfolders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gen, "PER_FOLDER", 10)
    gen.generate(25, tmp_path, workers=1)
    folders = Counter(p.parent.name for p in tmp_path.rglob("*.txt"))
    assert folders == {"0000": 10, "0001": 10, "0002": 5}


def test_an_edited_article_can_be_put_back(tmp_path: Path) -> None:
    gen.generate(10, tmp_path, seed=5)
    before = snapshot(tmp_path)
    gen.write_article(tmp_path, 4, seed=5, variant=1)
    assert snapshot(tmp_path) != before
    gen.write_article(tmp_path, 4, seed=5)
    assert snapshot(tmp_path) == before


@pytest.mark.slow
def test_quick_benchmark_runs_and_writes_its_tables(tmp_path: Path) -> None:
    out = tmp_path / "BENCHMARKS-quick.md"
    # `make bench-quick` on 300 articles instead of 1,000: the same steps and tables, at half
    # the cost (about 25 CPU seconds of 50)
    quick = "import sys, bench.run as run; run.QUICK_SIZE = 300; sys.exit(run.main(sys.argv[1:]))"
    cmd = [sys.executable, "-c", quick, "--quick", "--no-ranking", "--plain-sample", "100"]
    cmd += ["--work", os.fspath(tmp_path / "work"), "--out", os.fspath(out)]
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-4000:]
    text = out.read_text("utf-8")
    assert "## 300 articles" in text
    assert "| Ours / plain Whoosh | **" in text
    for form in ("rare word", "common word", "phrase", "prefix (1-3 letters)", "fuzzy", "title:"):
        assert f"\n| {form} | `" in text
    assert "answered another query" not in text
    assert "timed out" not in text
    assert "Warm start to the list drawn, headless" in text
    assert "match 1/" in text  # the big article was shown with its matches counted
