"""Saved web pages (.html, .htm) read as articles (issue 28): the article's own text with its
structure, without the page's furniture; the page's metadata by precedence; listed, indexed
and searched like any article; `reader show`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.article import load_article, quick_summary, read_summary
from reader.core.corpus import scan
from reader.core.showing import record
from reader.search.service import SearchIndex

PROSE = (
    "The harbour committee met on Tuesday evening, and after a long debate about the budget, "
    "the ferry timetable and the new library near the station, it agreed to rebuild the pier. "
)


def page(body: str, head: str = "<title>Pier to be rebuilt | Harbour News</title>") -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    )


FURNITURE = """
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<header class="site-header"><a href="/">Harbour News</a><ul class="menu"><li><a href="/a">World
</a></li><li><a href="/b">Business</a></li></ul></header>
<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/x">Seagulls steal chips</a></li>
<li><a href="/y">Mayor buys a boat</a></li></ul></aside>
<div class="share-buttons"><a href="https://share.example/fb">Share on Facebook</a></div>
<div id="comments"><h3>Comments</h3><p>First! This is a comment that nobody needs to read, at
all, ever, really.</p></div>
<footer><p>Copyright Harbour News. All rights reserved.</p><a href="/about">About us</a></footer>
"""

ARTICLE = f"""
<article>
<h1>Pier to be rebuilt</h1>
<p>{PROSE}</p>
<p>{PROSE} The mayor said the <a href="plans/pier">plans are online</a> for everyone.</p>
<h2>What happens next</h2>
<p>{PROSE}</p>
<ul><li>First, the old pier is taken down.</li><li>Then a new one is built.<ol><li>Steel</li>
<li>Concrete</li></ol></li></ul>
<blockquote><p>We have waited thirty years for this, said a fisherman on the quay.</p></blockquote>
<pre><code>def pier():
    return "rebuilt"</code></pre>
<table><thead><tr><th>Year</th><th>Cost</th></tr></thead>
<tr><td>2025</td><td>4 million</td></tr><tr><td>2026</td><td>2 million</td></tr></table>
<figure><img src="pier.jpg" alt="The old pier at dawn"><figcaption>The old pier in 1990.
</figcaption></figure>
<img src="quay.jpg" alt="Boats moored at the quay">
<p>{PROSE}</p>
</article>
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def blocks(path: Path) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in load_article(path).blocks]


def test_the_article_keeps_its_structure_and_loses_the_furniture(tmp_path: Path) -> None:
    path = write(tmp_path, "pier.html", page(FURNITURE + ARTICLE + FURNITURE))
    article = load_article(path)
    found = blocks(path)
    text = "\n".join(t for _, t in found)
    assert article.error is None
    assert article.title == "Pier to be rebuilt"
    for gone in ("Sport", "cookies", "Most read", "Share on", "First!", "Copyright", "About us"):
        assert gone not in text
    assert ("heading", "What happens next") in found
    assert ("heading", "Pier to be rebuilt") not in found  # it is the title
    assert ("list", "- First, the old pier is taken down.\n- Then a new one is built.\n"
            "  1. Steel\n  2. Concrete") in found  # fmt: skip
    assert ("paragraph", "We have waited thirty years for this, said a fisherman on the quay.") in (
        found
    )
    assert ("code", 'def pier():\n    return "rebuilt"') in found
    assert ("code", "Year | Cost\n2025 | 4 million\n2026 | 2 million") in found
    assert ("caption", "The old pier in 1990.") in found
    assert ("caption", "Boats moored at the quay") in found  # an image without a caption
    assert "The old pier at dawn" not in text  # its caption says it
    assert "The mayor said the plans are online for everyone." in text


def test_links_are_text_in_place_and_listed_at_the_end(tmp_path: Path) -> None:
    head = "<title>Pier</title><link rel='canonical' href='https://harbour.example/news/pier'>"
    path = write(tmp_path, "pier.html", page(ARTICLE, head))
    article = load_article(path)
    shown = record(article)
    assert shown["links"] == [
        {"text": "plans are online", "target": "https://harbour.example/news/plans/pier"}
    ]
    assert "https://" not in str(shown["text"])
    assert article.blocks[-1].text == (
        "Links in this article:\n[1] plans are online: https://harbour.example/news/plans/pier"
    )
    assert dict(article.header)["Address"] == "https://harbour.example/news/pier"
    based = write(tmp_path, "based.html", page(ARTICLE, head + "<base href='/archive/2024/'>"))
    assert load_article(based).links == (
        ("plans are online", "https://harbour.example/archive/2024/plans/pier"),
    )


def test_scripts_and_styles_never_reach_the_text(tmp_path: Path) -> None:
    body = (
        "<script>var scriptword = 1; document.write('scriptword');</script>"
        "<style>.x { content: 'styleword' }</style><noscript>noscriptword</noscript>"
        f"<p>{PROSE}</p><template>templateword</template>"
        "<p style='display:none'>hiddenword</p><div hidden>hiddenword</div>"
        f"<p onclick='alert(1)'>{PROSE}</p><svg><text>svgword</text></svg>"
    )
    path = write(tmp_path, "scripts.html", page(body, "<title>T</title><style>p{}</style>"))
    text = str(record(load_article(path))["text"])
    for word in ("scriptword", "styleword", "noscriptword", "templateword", "hiddenword", "svg"):
        assert word not in text
    assert "harbour committee" in text


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ("<title>Pier to be rebuilt | Harbour News</title>", "Pier to be rebuilt"),
        ("<title>Harbour News | Pier to be rebuilt at last</title>", "Pier to be rebuilt at last"),
        (
            "<title>Site</title><meta property='og:title' content='Pier: the whole story'>",
            "Pier: the whole story",
        ),  # fmt: skip
        (
            "<meta property='og:title' content='OG title'><script type='application/ld+json'>"
            '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "LD title"}'
            "</script>",
            "LD title",
        ),
    ],
)
def test_the_title_comes_from_the_best_source(tmp_path: Path, head: str, title: str) -> None:
    path = write(tmp_path, "t.html", page(ARTICLE.replace("<h1>Pier to be rebuilt</h1>", ""), head))
    assert load_article(path).title == title


def test_metadata_byline_source_and_date(tmp_path: Path) -> None:
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Not this"},
            {
                "@type": "NewsArticle",
                "headline": "Pier to be rebuilt",
                "author": [{"@type": "Person", "name": "Ann Lee"}, {"name": "Bo Chan"}],
                "datePublished": "2024-03-05T10:00:00Z",
                "publisher": {"@type": "Organization", "name": "Harbour News"},
            },
        ],
    }
    head = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    article = load_article(write(tmp_path, "a.html", page(ARTICLE, head)))
    assert (article.byline, article.source) == ("Ann Lee, Bo Chan", "Harbour News")
    assert article.date_stated and article.date is not None
    assert (article.date.year, article.date.month, article.date.day) == (2024, 3, 5)
    head = (
        "<meta property='article:author' content='https://harbour.example/staff/ann'>"
        "<meta name='author' content='Ann Lee'><meta property='og:site_name' content='HN'>"
        "<meta property='article:published_time' content='2023-01-02'>"
    )
    article = load_article(write(tmp_path, "b.html", page(ARTICLE, head)))
    assert (article.byline, article.source, article.date and article.date.year) == (
        "Ann Lee",
        "HN",
        2023,
    )
    body = f"<article><p class='byline'>By Cy Twombly</p>{ARTICLE}</article>"
    article = load_article(write(tmp_path, "c.html", page(body)))
    assert article.byline == "Cy Twombly"
    assert "Cy Twombly" not in str(record(article)["text"])


def test_html_files_are_listed_indexed_and_searched(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    write(folder, "pier.html", page(FURNITURE + ARTICLE))
    write(folder, "old.HTM", page(f"<p>{PROSE} quaysideword</p>", "<title>Old page</title>"))
    write(folder, "notes.txt", "Notes\n\nPlain text.\n")
    listed = {Path(f.path).name: f for f in scan(folder)}
    assert set(listed) == {"pier.html", "old.HTM", "notes.txt"}
    stat = listed["pier.html"]
    quick = quick_summary(stat.path, stat.size, stat.mtime)
    assert quick.title == "Pier to be rebuilt"  # from the first bytes, not "<!DOCTYPE html>"
    summary = read_summary(stat.path, stat.size, stat.mtime)
    assert summary.title == "Pier to be rebuilt"
    assert summary.words == load_article(Path(stat.path)).word_count > 150
    index = SearchIndex(folder)
    try:
        index.update(list(listed.values()))
        hits = index.search("fisherman thirty years").hits
        assert [Path(h.path).name for h in hits][:1] == ["pier.html"]
        assert "fisherman" in hits[0].snippet
        assert [Path(h.path).name for h in index.search("quaysideword").hits] == ["old.HTM"]
        for furniture in ("Seagulls", "Copyright", "cookies", "scriptword"):
            assert index.search(furniture).hits == ()
    finally:
        index.close()


def test_reader_show_prints_any_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "pier.html", page(ARTICLE, "<title>Pier to be rebuilt | HN</title>"
                 "<meta name='author' content='Ann Lee'>"))  # fmt: skip
    assert main(["show", str(path), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert {"title", "byline", "source", "date", "text"} <= set(shown)
    assert (shown["title"], shown["byline"]) == ("Pier to be rebuilt", "Ann Lee")
    assert "What happens next" in shown["text"]
    assert main(["show", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Pier to be rebuilt\n\nAnn Lee\n\n")
    assert "[1] plans are online: plans/pier" in out
    text = write(tmp_path, "note.md", "# A note\n\nIt says *this*.\n")
    assert main(["show", str(text), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["text"] == "It says this."
    assert main(["show", str(tmp_path / "missing.html")]) == 1
    assert "missing.html: file not found" in capsys.readouterr().err


def test_reader_show_says_the_day_as_the_app_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "dated.txt", "Harbour news\n\nMarch 5, 2024\n\nThe pier opens today.\n")
    assert main(["show", str(path)]) == 0
    assert capsys.readouterr().out.startswith("Harbour news\n\n5 Mar 2024\n\n")
    assert main(["show", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["date"].startswith("2024-03-05")


def test_the_quick_list_takes_a_title_from_front_matter(tmp_path: Path) -> None:
    # The list's first, quick titles showed "---" for a Markdown file with front matter (the
    # sample seeds/searching-from-the-shell.md) until the full summaries came.
    path = write(
        tmp_path, "note.md", "---\ntitle: From the shell\nauthor: A\n---\n\n# Hi\n\nText.\n"
    )
    stat = path.stat()
    assert quick_summary(str(path), stat.st_size, stat.st_mtime).title == "From the shell"
    assert read_summary(str(path), stat.st_size, stat.st_mtime).title == "From the shell"
