"""The benchmark: `python -m bench.run [--quick] [--sizes 10000,100000] [--out BENCHMARKS.md]`.

For each corpus size it generates (or reuses) a corpus under bench/out/ and measures the
product through its own code paths:

- first full index: `reader index ROOT` (cli.main, in this process: the index, and the list's
  summaries of what it read), and its size on disk, beside plain Whoosh of the standard
  schema (standard_schema: a stemmed title and body with positions, not our extra fields)
  loading the same files, parsed the same way, with one `writer(procs=1)`;
- the no-change check at start-up (scan + update, nothing changed) and the update after 10
  files changed;
- the list's first fill (`Catalog.summaries`, cold and cached);
- warm start in a fresh process (bench/probe.py): process start to the list drawn, headless,
  and in tmux when it is installed (time until the list shows in the captured pane); the same
  headless start right after `reader index`, and after a first session (no list cache
  before it) killed a few seconds (`--session-seconds`) after its list showed;
- keystroke to results drawn in the app for a fixed mix of queries, beside
  `SearchIndex.search` in this process and `rg -l -i -w` over the same files;
- a 1 MB article opened through ArticleView with the search's matches counted, then `n`;
- peak RSS of the app process with the list shown.

Then it writes a markdown report: a table per size with the targets of issue 4 beside each
figure, and the ratios (ours / plain Whoosh, ours / rg) as the headline. A notes section
between the `notes` markers of an existing report is kept, so the analysis survives re-runs.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from bench import generate as gen
from bench.html_pages import pages_section

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "bench" / "out"
DEFAULT_SIZES = (10_000, 100_000)
QUICK_SIZE = 1_000
QUICK_PLAIN_SAMPLE = 250
DEFAULT_PLAIN_SAMPLE = 10_000  # above this many articles plain Whoosh is timed on a sample
CHANGED_FILES = 10
RARE_RANK = 40_000  # a made-up word this far down the Zipf ranking is in a handful of articles
DIRTY = ".bench-dirty.json"  # lists articles edited by a run that did not put them back
NOTES_START = "<!-- notes:start -->"
NOTES_END = "<!-- notes:end -->"
TMUX_SIZE = (120, 40)


# --- the query mix ---------------------------------------------------------------------------


def query_mix(seed: int) -> list[tuple[str, str]]:
    """(form, query) pairs, typed one key at a time; words drawn from the corpus's vocabulary."""
    from reader.search.analysis import STOP_WORDS

    vocab = gen.vocabulary(seed)
    content = [w for w in vocab.words[: 2 * len(gen.CONTENT_WORDS)] if w in gen.CONTENT_WORDS]
    content = [w for w in content if w not in STOP_WORDS and "-" not in w]
    return [
        ("rare word", vocab.words[RARE_RANK]),
        ("common word", content[0]),
        ("two words", f"{content[8]} {content[25]}"),
        ("phrase", '"prime minister"'),
        ("prefix (1-3 letters)", "ukr"),
        ("fuzzy", "goverment~"),
        ("title:", f"title:{content[3]}"),
        (
            "12-word question",
            "what did the prime minister say about interest rates and climate change",
        ),
    ]


# --- helpers ---------------------------------------------------------------------------------


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """(seconds, result) of one call."""
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def median_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median seconds over repeat calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        took, result = timed(fn)
        times.append(took)
    return statistics.median(times), result


def folder_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def set_xdg(base: Path) -> dict[str, str]:
    """Point this process (and its children) at cache/data/config folders under base."""
    env = {}
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        folder = base / name.split("_")[1].lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = os.environ[name] = os.fspath(folder)
    return env


def version_of(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def find_tool(tool: str) -> str | None:
    """A program on PATH, or else installed beside this Python (rg from the bench extra)."""
    beside = Path(sys.executable).parent / tool
    return shutil.which(tool) or (os.fspath(beside) if beside.is_file() else None)


def tool_version(tool: str, flag: str = "--version") -> str | None:
    path = find_tool(tool)
    if path is None:
        return None
    out = subprocess.run([path, flag], capture_output=True, text=True, check=False)
    return (
        (out.stdout or out.stderr).splitlines()[0].strip() if (out.stdout or out.stderr) else tool
    )


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    model = platform.processor() or "unknown CPU"
    memory = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB RAM"
    return {
        "cpu": f"{os.cpu_count()} cores, {model}" + (f", {memory}" if memory else ""),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "textual": version_of("textual"),
        "whoosh": f"whoosh3 {version_of('whoosh3')}",
        "rg": tool_version("rg") or "not installed",
        "tmux": tool_version("tmux", "-V") or "not installed",
    }


# --- the corpus ------------------------------------------------------------------------------


def ensure_corpus(count: int, folder: Path, seed: int) -> dict[str, Any]:
    """Generate (or reuse) the corpus; put back articles an interrupted run left edited."""
    dirty = folder / DIRTY
    if dirty.exists() and gen.corpus_ready(folder, count, seed):
        for number in json.loads(dirty.read_text("utf-8")):
            gen.write_article(folder, number, seed)
        dirty.unlink()
    took, made = timed(lambda: gen.generate(count, folder, seed))
    return {"generated": made, "generate_s": took, "mb": folder_mb(folder)}


def standard_schema() -> Any:
    """The standard schema plain Whoosh is compared with (issue 25): the path, and a stemmed
    title and body, each with positions (Whoosh's TEXT with its StemmingAnalyzer)."""
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    return Schema(
        path=ID(unique=True, stored=True),
        title=TEXT(analyzer=StemmingAnalyzer(), stored=True),
        body=TEXT(analyzer=StemmingAnalyzer()),
    )


def _load() -> float | None:
    """The machine's load (1-minute average) as a timing starts: timings beside each other
    are only comparable at like loads."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def _at_load(load: float | None) -> str:
    return "" if load is None else f" (load {load:.1f})"


def plain_whoosh_standard(files: Sequence[Any], folder: Path) -> float:
    """Seconds for plain Whoosh of the standard schema (standard_schema) to load these files,
    parsed by reader.core.article, in one process with one writer; the index stays in folder."""
    from whoosh import index as windex

    from reader.core.article import load_article

    folder.mkdir(parents=True)
    started = time.perf_counter()
    ix = windex.create_in(os.fspath(folder), standard_schema())
    writer = ix.writer(procs=1)
    for f in files:
        article = load_article(Path(f.path))
        if article.error:
            writer.add_document(path=f.path, title=article.title or Path(f.path).stem)
        else:
            writer.add_document(path=f.path, title=article.title, body=article.body_text)
    writer.commit()
    took = time.perf_counter() - started
    ix.close()
    return took


# --- the app in its own process --------------------------------------------------------------


def probe(mode: str, root: Path, out: Path, expected: int, *extra: str) -> dict[str, Any]:
    """Run bench/probe.py in a fresh interpreter; its clock starts at our Popen."""
    env = dict(os.environ, BENCH_T0=repr(time.time()), PYTHONPATH=os.fspath(REPO))
    cmd = [sys.executable, "-m", "bench.probe", mode, os.fspath(root), os.fspath(out)]
    cmd += ["--expected", str(expected), *extra]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"bench.probe {mode} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.read_text("utf-8"))
    return result


def short_session(root: Path, out: Path, expected: int, seconds: float) -> dict[str, Any]:
    """A first session, the list looked at for `seconds` once shown, ended by kill -9
    (bench/probe.py session); what it showed, and what it left in the list's cache."""
    from reader.core.catalog import catalog_of

    env = dict(os.environ, BENCH_T0=repr(time.time()), PYTHONPATH=os.fspath(REPO))
    cmd = [sys.executable, "-m", "bench.probe", "session", os.fspath(root), os.fspath(out)]
    cmd += ["--expected", str(expected), "--seconds", repr(seconds)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != -signal.SIGKILL:
        raise RuntimeError(f"bench.probe session was not killed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.read_text("utf-8"))
    kept = catalog_of(root).cached() or []
    result["kept"] = len(kept)
    result["kept_full"] = sum(1 for s in kept if not s.provisional)
    return result


def tmux_start(root: Path, expected: int, first_title: str) -> float | None:
    """Seconds from launching `reader ROOT` in a tmux pane to the list showing there.

    tmux sometimes fails to start a server ("server exited unexpectedly") on a busy machine:
    one more try on a fresh socket, then None.
    """
    if shutil.which("tmux") is None:
        return None
    for attempt in range(2):
        took = _tmux_once(root, expected, first_title, f"{os.getpid()}-{time.time_ns()}")
        if took is not None:
            return took
        log(f"tmux attempt {attempt + 1} failed")
    return None


def _tmux_once(root: Path, expected: int, first_title: str, tag: str) -> float | None:
    socket = f"reader-bench-{tag}"
    tmux = ["tmux", "-L", socket]
    command = shlex.join([sys.executable, "-m", "reader", os.fspath(root)])
    header = f"{expected:,} articles"
    wanted = first_title[:24]
    width, height = TMUX_SIZE
    env = dict(os.environ, TERM="xterm-256color")
    try:
        started = time.perf_counter()
        launched = subprocess.run(
            [*tmux, "-f", "/dev/null", "new-session", "-d", "-s", "bench"]
            + ["-x", str(width), "-y", str(height), f"env -u COLUMNS -u LINES {command}"],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
        if launched.returncode != 0:
            log(f"tmux could not start: {launched.stderr.strip()}")
            return None
        while time.perf_counter() - started < 120:
            shown = subprocess.run(
                [*tmux, "capture-pane", "-p", "-t", "bench"],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            if header in shown and wanted in shown:
                return time.perf_counter() - started
            time.sleep(0.01)
        return float("inf")
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True, check=False)


# --- one corpus size -------------------------------------------------------------------------


@dataclass
class SizeResult:
    """Everything measured on one corpus size."""

    count: int
    corpus: dict[str, Any] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)
    search: dict[str, Any] = field(default_factory=dict)
    domain: dict[str, Any] = field(default_factory=dict)
    rg: list[dict[str, Any]] = field(default_factory=list)
    big: dict[str, Any] = field(default_factory=dict)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_size(count: int, args: argparse.Namespace) -> SizeResult:
    from reader import cli
    from reader.core.catalog import Catalog
    from reader.core.corpus import scan
    from reader.core.paths import corpus_cache_dir
    from reader.search.service import TYPING_TIME_LIMIT, SearchIndex

    work: Path = args.work
    res = SizeResult(count)
    fig = res.figures
    corpus = (work / f"corpus-{count}").resolve()
    log(f"{count:,} articles: corpus in {corpus}")
    res.corpus = ensure_corpus(count, corpus, args.seed)
    run = work / f"run-{count}"
    shutil.rmtree(run, ignore_errors=True)
    run.mkdir(parents=True)
    set_xdg(run / "xdg")

    fig["rounds"] = args.rounds
    fig["type_tail"] = args.type_tail
    fig["search_repeats"] = args.search_repeats
    fig["scan_s"], files = timed(lambda: scan(corpus))
    if len(files) != count:
        raise RuntimeError(f"scan found {len(files)} files, expected {count}")

    log("first full index (`reader index`: the index, and the list's summaries it read)")
    fig["full_index_load"] = _load()
    fig["full_index_s"], status = timed(lambda: cli.main(["index", os.fspath(corpus)]))
    if status != 0:
        raise RuntimeError(f"reader index failed with status {status}")
    index = SearchIndex(corpus)
    fig["full_index_docs"] = index.doc_count()
    index.close()
    fig["index_mb"] = folder_mb(corpus_cache_dir(corpus) / "index")

    log("warm start after `reader index`, headless")
    after = [
        probe("warm", corpus, run / f"after-index-{n}.json", count)
        for n in range(args.warm_repeats)
    ]
    fig["warm_after_index_s"] = statistics.median(w["list_s"] for w in after)

    sample = count if args.plain_sample is None else min(count, args.plain_sample)
    if args.plain_sample is None and count > DEFAULT_PLAIN_SAMPLE:
        sample = DEFAULT_PLAIN_SAMPLE
    log(f"plain Whoosh, one process, {sample:,} articles")
    fig["plain_load"] = _load()
    took = plain_whoosh_standard(files[:sample], run / "plain-whoosh")
    fig["plain_sample"] = sample
    fig["plain_sample_s"] = took
    fig["plain_s"] = took * count / sample
    fig["plain_sample_mb"] = folder_mb(run / "plain-whoosh")
    fig["plain_mb"] = fig["plain_sample_mb"] * count / sample
    shutil.rmtree(run / "plain-whoosh", ignore_errors=True)

    log("no-change check")

    def startup_check() -> tuple[float, float, Any]:
        scan_s, found = timed(lambda: scan(corpus))
        fresh = SearchIndex(corpus)
        update_s, st = timed(lambda: fresh.update(found))
        fresh.close()
        return scan_s, update_s, st

    checks = [startup_check() for _ in range(3)]
    fig["nochange_scan_s"] = statistics.median(c[0] for c in checks)
    fig["nochange_update_s"] = statistics.median(c[1] for c in checks)
    fig["nochange_s"] = statistics.median(c[0] + c[1] for c in checks)

    log(f"{CHANGED_FILES} files changed")
    numbers = [(i * count) // CHANGED_FILES + 7 for i in range(CHANGED_FILES)]
    numbers = sorted({n % count for n in numbers})
    (corpus / DIRTY).write_text(json.dumps(numbers), "utf-8")
    for n in numbers:
        gen.write_article(corpus, n, args.seed, variant=1)
    scan_s, update_s, st = startup_check()
    fig["changed_scan_s"], fig["changed_update_s"] = scan_s, update_s
    fig["changed_s"] = scan_s + update_s
    fig["changed_updated"] = st.updated
    for n in numbers:
        gen.write_article(corpus, n, args.seed)
    scan_s, update_s, st = startup_check()
    (corpus / DIRTY).unlink()
    fig["restored_s"] = scan_s + update_s

    log("the list's first fill (catalog)")
    cache = corpus_cache_dir(corpus) / "catalog.pickle"
    cache.unlink()  # (made by `reader index`)
    fig["catalog_cold_s"], summaries = timed(lambda: Catalog(cache).summaries(scan(corpus)))
    fig["catalog_warm_s"], _ = timed(lambda: Catalog(cache).summaries(scan(corpus)))
    first_title = summaries[0].title if summaries else ""

    log("warm start, headless")
    warm = [probe("warm", corpus, run / f"warm-{n}.json", count) for n in range(args.warm_repeats)]
    fig["warm_list_s"] = statistics.median(w["list_s"] for w in warm)
    fig["warm_index_s"] = statistics.median(w["index_current_s"] for w in warm)
    fig["warm_imports_s"] = statistics.median(w["imports_s"] for w in warm)
    fig["warm_rss_mb"] = max(w["peak_rss_mb"] for w in warm)
    if shutil.which("tmux"):
        log("warm start in tmux")
        tmux = [tmux_start(corpus, count, first_title) for _ in range(args.warm_repeats)]
        started_ok = [t for t in tmux if t is not None]
        if started_ok:
            fig["tmux_list_s"] = statistics.median(started_ok)

    seconds = args.session_seconds
    log(f"warm start after a first session ended by kill -9 {seconds:g} s after its list showed")
    full_cache = run / "catalog-full"
    shutil.copy2(cache, full_cache)
    sessions = []
    for n in range(args.warm_repeats):
        cache.unlink()  # a first session: no list cache (the index is built)
        ended = short_session(corpus, run / f"session-{n}.json", count, seconds)
        following = probe("warm", corpus, run / f"after-session-{n}.json", count)
        ended["next_start_s"] = following["list_s"]
        sessions.append(ended)
    shutil.copy2(full_cache, cache)  # the steps below start from the whole cache, as before
    fig["session_s"] = seconds
    fig["warm_after_session_s"] = statistics.median(e["next_start_s"] for e in sessions)
    fig["session_kept"] = min(e["kept"] for e in sessions)
    fig["session_kept_full"] = min(e["kept_full"] for e in sessions)

    log("typing the query mix in the app")
    mix = query_mix(args.seed)
    queries = run / "queries.json"
    queries.write_text(json.dumps(mix), "utf-8")
    big = run / "big" / "big-article.txt"
    big.parent.mkdir()
    big.write_text(gen._writer(args.seed).big_article(1_000_000), "utf-8")
    found = probe(
        "search",
        corpus,
        run / "search.json",
        count,
        "--queries",
        os.fspath(queries),
        "--rounds",
        str(args.rounds),
        "--big",
        os.fspath(big),
        "--type-tail",
        str(args.type_tail),
    )
    res.search = found
    res.big = found.get("big", {})
    fig["search_rss_mb"] = found["peak_rss_mb"]

    log("SearchIndex.search in this process, and rg")
    index = SearchIndex(corpus)
    for form, query in mix:
        forms = [query[:n] for n in range(1, len(query) + 1)] if form.startswith("prefix") else []
        for text in forms or [query]:
            # As the app searches at each keystroke: the last word a prefix, a time limit.
            index.search(text, typing=True, time_limit=TYPING_TIME_LIMIT)  # opens readers
            took, results = median_time(
                lambda t=text: index.search(t, typing=True, time_limit=TYPING_TIME_LIMIT),
                args.search_repeats,
            )
            res.domain[text] = {
                "form": form,
                "s": took,
                "total": results.all_words_total,
                "hits": len(results.hits),
                "partial": results.partial,
            }
    index.close()
    rare, common = mix[0][1], mix[1][1]
    res.rg = [grep_row(word, corpus, args.search_repeats) for word in (rare, common)]
    return res


def grep_row(word: str, corpus: Path, repeat: int) -> dict[str, Any]:
    """rg -l -i -w and `reader search` on one word, beside the in-app figures."""
    row: dict[str, Any] = {"word": word}
    rg = find_tool("rg")
    if rg is not None:
        cmd = [rg, "-l", "-i", "-w", word, os.fspath(corpus)]
        subprocess.run(cmd, capture_output=True, check=False)  # warm the page cache
        took, out = median_time(
            lambda: subprocess.run(cmd, capture_output=True, text=True, check=False), 3
        )
        row["rg_s"] = took
        row["rg_files"] = len(out.stdout.splitlines())
    cli = [sys.executable, "-m", "reader", "search", word, "-C", os.fspath(corpus), "-n", "10"]
    subprocess.run(cli, capture_output=True, check=False, cwd=REPO)  # (its bytecode written)
    row["cli_s"], _ = median_time(
        lambda: subprocess.run(cli, capture_output=True, check=False, cwd=REPO), min(repeat, 3)
    )
    return row


# --- the report ------------------------------------------------------------------------------


def fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    if seconds == float("inf"):
        return "timed out"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def mark(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**missed**")


def samples_by_form(search: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per query form: every keystroke's time, and the last keystroke's per round."""
    forms: dict[str, dict[str, Any]] = {}
    for form, data in search.get("forms", {}).items():
        keys = [s for rnd in data["rounds"] for s in rnd]
        last = [rnd[-1] for rnd in data["rounds"] if rnd]
        forms[form] = {
            "query": data["query"],
            "keys": keys,
            "all": summarize([s["s"] for s in keys]),
            "last": statistics.median(s["s"] for s in last),
            "last_total": last[-1]["total"] if last else 0,
            "stall": max(s["stall_s"] for s in keys),
            "partial": sum(1 for s in keys if s["partial"]),
            "wrong": sum(1 for s in keys if not s.get("query_ok", True)),
        }
    return forms


def summarize(values: Sequence[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {"median": 0.0, "p95": 0.0, "max": 0.0}
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {"median": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


def targets(count: int) -> dict[str, float]:
    """Issue 4's figures for this corpus size (10,000's for smaller corpora), with issue 15's
    warm start (1.5 s at 100,000) and no-change check (0.3 s)."""
    big = count > 10_000
    return {
        "warm": 1.5 if big else 1.0,
        "key_p95": 0.150 if big else 0.050,
        "stall": 0.300,
        "ratio": 0.3,  # issue 25: ours / plain Whoosh of the standard schema
        "size_ratio": 1.0,
        "changed": 1.0,
        "nochange": 0.3,
        "rss": 250.0,
    }


def headline(res: SizeResult) -> list[str]:
    fig = res.figures
    ratio = fig["full_index_s"] / fig["plain_s"] if fig.get("plain_s") else None
    lines = []
    if ratio is not None:
        sampled = " (plain extrapolated)" if fig["plain_sample"] < res.count else ""
        lines.append(
            f"- {res.count:,} articles: first index ours / plain Whoosh (standard schema) ="
            f" **{ratio:.2f}×** (target ≤ 0.3){sampled}; index size ours / plain ="
            f" **{fig['index_mb'] / fig['plain_mb']:.2f}×** (target ≤ 1)"
        )
    forms = samples_by_form(res.search)
    for row in res.rg:
        if "rg_s" not in row:
            continue
        form = next((f for f, v in forms.items() if v["query"] == row["word"]), None)
        app_last = forms[form]["last"] if form else None
        domain = res.domain.get(row["word"], {}).get("s")
        parts = []
        if app_last is not None:
            parts.append(f"in the app (last key) **{app_last / row['rg_s']:.2f}×**")
        if domain is not None:
            parts.append(f"`SearchIndex.search` {domain / row['rg_s']:.2f}×")
        parts.append(f"`reader search` CLI {row['cli_s'] / row['rg_s']:.2f}×")
        lines.append(
            f"- {res.count:,} articles, {form or 'word'} `{row['word']}`: ours / `rg -l -i -w` = "
            + ", ".join(parts)
            + " (target < 1)"
        )
    return lines


def size_section(res: SizeResult) -> list[str]:
    fig = res.figures
    tg = targets(res.count)
    n = res.count
    out = [f"## {n:,} articles", ""]
    c = res.corpus
    out.append(
        f"Corpus: {n:,} generated articles, {c['mb']:.0f} MB "
        f"({c['mb'] * 1e6 / n / 1000:.1f} KB each on average); index {fig['index_mb']:.0f} MB. "
        + (f"Generated in {fmt_s(c['generate_s'])}." if c["generated"] else "Reused.")
    )
    out += ["", "| Measure | Figure | Target | |", "| --- | --- | --- | --- |"]
    ratio = fig["full_index_s"] / fig["plain_s"]
    size_ratio = fig["index_mb"] / fig["plain_mb"]
    plain_note = ""
    if fig["plain_sample"] < n:
        plain_note = (
            f" (timed on the first {fig['plain_sample']:,}: {fmt_s(fig['plain_sample_s'])},"
            " extrapolated linearly)"
        )
    rows = [
        (
            "First full index (`reader index`, in this process)",
            f"{fmt_s(fig['full_index_s'])}, {n / fig['full_index_s']:.0f} articles/s"
            + _at_load(fig.get("full_index_load")),
            "",
            None,
        ),
        (
            "Plain Whoosh, one process, standard schema (stemmed title + body, positions)",
            f"{fmt_s(fig['plain_s'])}, {n / fig['plain_s']:.0f} articles/s{plain_note}"
            + _at_load(fig.get("plain_load")),
            "",
            None,
        ),
        ("Ours / plain Whoosh", f"**{ratio:.2f}×**", "≤ 0.3×", ratio <= tg["ratio"]),
        (
            "Index on disk: ours / plain Whoosh",
            f"**{size_ratio:.2f}×** ({fig['index_mb']:.0f} MB / {fig['plain_mb']:.0f} MB"
            f"{' extrapolated' if fig['plain_sample'] < n else ''})",
            "≤ 1×",
            size_ratio <= tg["size_ratio"],
        ),
        (
            "No-change check at start-up (scan + update)",
            f"{fmt_s(fig['nochange_s'])} (scan {fmt_s(fig['nochange_scan_s'])}, "
            f"update {fmt_s(fig['nochange_update_s'])})",
            f"≤ {tg['nochange']:g} s",
            fig["nochange_s"] <= tg["nochange"],
        ),
        (
            f"Update after {CHANGED_FILES} files changed (scan + update)",
            f"{fmt_s(fig['changed_s'])} ({fig['changed_updated']} updated; "
            f"putting them back {fmt_s(fig['restored_s'])})",
            "< 1 s",
            fig["changed_s"] < tg["changed"],
        ),
        (
            "List's first fill, first launch (`Catalog.summaries`, cold)",
            fmt_s(fig["catalog_cold_s"]),
            "",
            None,
        ),
        ("Same, from the catalog cache", fmt_s(fig["catalog_warm_s"]), "", None),
        (
            "Warm start to the list drawn, headless (process start)",
            f"{fmt_s(fig['warm_list_s'])} (imports {fmt_s(fig['warm_imports_s'])}; "
            f"index found current at {fmt_s(fig['warm_index_s'])})",
            f"≤ {tg['warm']:g} s",
            fig["warm_list_s"] <= tg["warm"],
        ),
        (
            "Same, right after `reader index` (the list's cache made by the index)",
            fmt_s(fig["warm_after_index_s"]),
            f"≤ {tg['warm']:g} s",
            fig["warm_after_index_s"] <= tg["warm"],
        ),
        (
            f"Same, after a first session killed (kill -9) {fig['session_s']:g} s after its list "
            "showed",
            f"{fmt_s(fig['warm_after_session_s'])} (the session left {fig['session_kept']:,} "
            f"rows, {fig['session_kept_full']:,} of them read in full)",
            f"≤ {tg['warm']:g} s",
            fig["warm_after_session_s"] <= tg["warm"],
        ),
    ]
    if "tmux_list_s" in fig:
        rows.append(
            (
                "Warm start to the list shown in tmux (`reader PATH`)",
                fmt_s(fig["tmux_list_s"]),
                f"≤ {tg['warm']:g} s",
                fig["tmux_list_s"] <= tg["warm"],
            )
        )
    rows.append(
        (
            "Peak RSS, app with the list shown",
            f"{fig['warm_rss_mb']:.0f} MB (after the search mix: {fig['search_rss_mb']:.0f} MB)",
            "< 250 MB",
            fig["warm_rss_mb"] < tg["rss"],
        )
    )
    big = res.big
    if big:
        rows.append(
            (
                f"Open a {big['bytes'] / 1e6:.1f} MB article: read + parse (worker)",
                fmt_s(big["load_s"]),
                "",
                None,
            )
        )
        rows.append(
            (
                "… then shown with matches counted (ArticleView, UI thread)",
                f"{fmt_s(big['show_s'])}, {big['counter']}",
                "≤ 0.3 s held",
                big["show_stall_s"] <= tg["stall"],
            )
        )
        rows.append(("… `n` to the next match", fmt_s(big["next_match_s"]), "", None))
    for name, figure, target, ok in rows:
        out.append(f"| {name} | {figure} | {target} | {mark(ok) if target else ''} |")

    forms = samples_by_form(res.search)
    out += [
        "",
        f"Keystroke to results drawn, in the app (headless, {TMUX_SIZE[0]}×{TMUX_SIZE[1]}), "
        f"the mix typed {fig['rounds']}×, "
        + (
            f"each query pasted but for its last {fig['type_tail']} keys, those timed"
            if fig["type_tail"]
            else "every key timed"
        )
        + f"; target p95 < "
        f"{fmt_s(tg['key_p95'])}, the screen never held > {fmt_s(tg['stall'])}. "
        "`SearchIndex.search` is the same query in this process "
        f"(median of {fig['search_repeats']}, typing mode).",
        "",
        "| Form | Query | Keys | Median | p95 | Max | Last key | `SearchIndex.search` "
        "| Matches | Longest hold | |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    all_ok = True
    for form, f in forms.items():
        domain = res.domain.get(f["query"], {})
        if form.startswith("prefix"):
            prefixes = [v for v in res.domain.values() if v["form"] == form]
            domain_text = " / ".join(fmt_s(v["s"]) for v in prefixes)
        else:
            domain_text = fmt_s(domain.get("s"))
        ok = f["all"]["p95"] < tg["key_p95"] and f["stall"] <= tg["stall"]
        all_ok = all_ok and ok
        partial = f" ({f['partial']} partial)" if f["partial"] else ""
        if f["wrong"]:
            partial += f" ({f['wrong']} keys answered another query)"
        out.append(
            f"| {form} | `{f['query']}` | {len(f['keys'])} | {fmt_s(f['all']['median'])} "
            f"| {fmt_s(f['all']['p95'])} | {fmt_s(f['all']['max'])} | {fmt_s(f['last'])} "
            f"| {domain_text} | {f['last_total']:,}{partial} | {fmt_s(f['stall'])} | {mark(ok)} |"
        )
    if res.rg:
        out += [
            "",
            "One word, ranked, beside `rg -l -i -w WORD` over the same files (median of 3, warm "
            "page cache) and the CLI `reader search WORD -n 10` (a whole process).",
            "",
            "| Word | Files rg lists | `rg -l -i -w` | In the app, last key | `SearchIndex.search` "
            "| `reader search` | |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for row in res.rg:
            form = next((v for v in forms.values() if v["query"] == row["word"]), None)
            app_last = form["last"] if form else None
            rg_s = row.get("rg_s")
            ok = None if rg_s is None or app_last is None else app_last < rg_s
            out.append(
                f"| `{row['word']}` | {row.get('rg_files', 'n/a')} | {fmt_s(rg_s)} "
                f"| {fmt_s(app_last)} | {fmt_s(res.domain.get(row['word'], {}).get('s'))} "
                f"| {fmt_s(row['cli_s'])} | {mark(ok)} |"
            )
    return out


def ranking_section(quick: bool) -> list[str]:
    """The ranking evaluation (bench/ranking.py) as markdown lines; a failure keeps the timings."""
    from bench.ranking import evaluate

    log("ranking evaluation (bench.ranking)")
    try:
        return evaluate(quick=quick).strip().splitlines()
    except Exception as exc:  # noqa: BLE001 - a ranking failure must not lose the timings
        return ["## Ranking", "", f"The ranking evaluation failed: {type(exc).__name__}: {exc}"]


def keep_notes(path: Path) -> list[str]:
    """The hand-written notes of an existing report (between the notes markers)."""
    try:
        text = path.read_text("utf-8")
    except OSError:
        return [NOTES_START, "", "_No notes yet._", "", NOTES_END]
    start, end = text.find(NOTES_START), text.find(NOTES_END)
    if start < 0 or end < start:
        return [NOTES_START, "", "_No notes yet._", "", NOTES_END]
    return text[start : end + len(NOTES_END)].splitlines()


def report(
    results: Sequence[SizeResult], command: str, ranking: list[str], out: Path, started: float
) -> str:
    info = machine()
    lines = [
        "# Benchmarks",
        "",
        "Written by `bench/run.py` (issue 4). Absolute times drift on shared machines; the "
        "ratios are the figures to compare between runs.",
        "",
        f"- Reproduce: `{command}` (from the repository root, after `make` has set up `.venv`)",
        f"- Date: {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}; "
        f"the run took {fmt_s(time.perf_counter() - started)}",
        f"- Machine: {info['cpu']}; {info['os']}",
        f"- Python {info['python']}, Textual {info['textual']}, {info['whoosh']}, "
        f"rg: {info['rg']}, tmux: {info['tmux']}",
        "",
        "## Headline",
        "",
    ]
    for res in results:
        lines += headline(res)
    lines.append("")
    for res in results:
        lines += size_section(res)
        lines.append("")
    if ranking:
        lines += [*ranking, ""]
    lines += ["## Notes", "", *keep_notes(out), ""]
    return "\n".join(lines)


def parse_sizes(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_SIZE:,} articles only")
    parser.add_argument("--sizes", type=parse_sizes, help="corpus sizes, e.g. 10000,100000")
    parser.add_argument("--out", type=Path, help="the report (default BENCHMARKS.md)")
    parser.add_argument(
        "--plain-sample",
        type=int,
        help=f"time plain Whoosh on the first K articles and extrapolate (default: all up to "
        f"{DEFAULT_PLAIN_SAMPLE:,}, else {DEFAULT_PLAIN_SAMPLE:,})",
    )
    parser.add_argument("--rounds", type=int, help="times the query mix is typed (default 2)")
    parser.add_argument("--work", type=Path, default=WORK, help="corpora and scratch folders")
    parser.add_argument("--seed", type=int, default=gen.DEFAULT_SEED)
    parser.add_argument("--no-ranking", action="store_true", help="skip bench.ranking")
    parser.add_argument(
        "--session-seconds",
        type=float,
        default=5.0,
        help="a first session before a warm start: its list shown so long, then killed (5)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    sizes = [QUICK_SIZE] if args.quick else (args.sizes or list(DEFAULT_SIZES))
    if args.quick and args.sizes:
        parser.error("--quick runs 1,000 articles only; leave out --sizes")
    out = args.out or (args.work / "BENCHMARKS-quick.md" if args.quick else REPO / "BENCHMARKS.md")
    command = "python -m bench.run" + (" --quick" if args.quick else "")
    if args.sizes:
        command += " --sizes " + ",".join(str(s) for s in sizes)
    for flag in ("plain_sample", "rounds"):
        if getattr(args, flag) is not None:
            command += f" --{flag.replace('_', '-')} {getattr(args, flag)}"
    args.rounds = args.rounds or (1 if args.quick else 2)
    args.warm_repeats = 1 if args.quick else 3
    args.search_repeats = 1 if args.quick else 5
    # --quick: paste all but the last 3 keys of each query (every key costs a search)
    args.type_tail = 3 if args.quick else 0
    if args.quick and args.plain_sample is None:
        args.plain_sample = QUICK_PLAIN_SAMPLE
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    bytecode = ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")
    saved_env = {
        k: os.environ.get(k)
        for k in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", *bytecode)
    }
    # The processes timed run as an installed reader does, from bytecode compiled once (kept
    # under the work folder), not compiling reader's sources at every start (a shell with
    # PYTHONDONTWRITEBYTECODE=1 did: about 80 ms of each `reader search`).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = os.fspath(args.work / "pycache")
    try:
        results = [run_size(n, args) for n in sizes]
    finally:
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    ranking = [] if args.no_ranking else ranking_section(args.quick)
    ranking += pages_section()  # saved web pages against the libraries (bench/html_pages.py)
    text = report(results, command, ranking, out, started)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, "utf-8")
    log(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
