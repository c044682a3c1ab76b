"""The scale benchmark (``make bench``): Clippings on Reuters-21578 against two minimal baselines.

Steps, all in one run on this machine:

1. write the collection as a corpus folder (``bench/reuters.py``): all
   21,577 stories; the first 5,000 and 10,000 and the doubled 43,154-story
   set are hard links to those files;
2. for each size: ``clippings rebuild`` (a separate process, its peak RSS
   summed over the process and its workers), the same files through a
   plain Whoosh writer and into SQLite FTS5 (``bench/baselines.py``);
   then the web app under waitress on loopback, the fixed query set
   (``bench/queries.py``) through the HTML page and ``/api/search``,
   article views with highlighting, and the same searches on FTS5;
3. on the 21,577-story index: ``clippings update`` with nothing changed,
   after adding 1 file, after changing 100 and after deleting 100;
4. the cost of grouping copies: on the full set, ``clippings rebuild``
   alternated with the same rebuild without the grouping step
   (``bench/nogroup.py``), the fastest of each, as a ratio.

It prints a table with ratios, writes ``bench/results/scale-<time>.json``
(and ``latest.json``) and draws ``bench/results/scale.png``.  About 8
minutes on this 2-core machine when it is otherwise idle; ``--sizes``
runs fewer sizes.  Wall-clock figures depend on what else the machine
is doing: the load average before each step is recorded with it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import baselines  # noqa: E402
import queries  # noqa: E402
import reuters  # noqa: E402

FULL = "full"
DOUBLED = "doubled"
DEFAULT_SIZES = "5000,10000,full,doubled"
UPDATE_SAMPLE = 100

TARGETS = {
    "rebuild_ratio": 1.0, "update_nothing_s": 2.0, "update_one_s": 3.0,
    "page_p95_ms": 100.0, "page_p50_ms": 40.0, "doc_p95_ms": 50.0,
    "server_rss_mb": 300.0, "indexer_peak_mb": 1536.0, "grouping_ratio": 1.2,
}


# -- processes and memory ------------------------------------------------------

class TreeMemory(threading.Thread):
    """Samples the memory of a process and all its descendants.

    The RSS sum (every 50 ms) counts pages that forked workers share with
    their parent once per process, so it overstates; the PSS sum (every
    0.5 s, from ``smaps_rollup``) divides shared pages among their users.
    """

    def __init__(self, pid: int, interval: float = 0.05, pss_every: int = 10):
        super().__init__(daemon=True)
        import psutil
        self.root = psutil.Process(pid)
        self.interval = interval
        self.pss_every = pss_every
        self.peak = self.last = self.peak_pss = 0
        self._halt = threading.Event()

    def sample(self, pss: bool = False) -> tuple[int, int]:
        import psutil
        rss = proportional = 0
        try:
            procs = [self.root] + self.root.children(recursive=True)
        except psutil.Error:
            return 0, 0
        for proc in procs:
            try:
                rss += proc.memory_info().rss
                if pss:
                    proportional += proc.memory_full_info().pss
            except psutil.Error:
                pass
        return rss, proportional

    def run(self) -> None:
        n = 0
        while not self._halt.is_set():
            rss, pss = self.sample(pss=n % self.pss_every == 0)
            self.last = rss or self.last
            self.peak = max(self.peak, self.last)
            self.peak_pss = max(self.peak_pss, pss)
            n += 1
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def measured_run(cmd: list[str], env: dict | None = None, timeout: float = 900) -> dict:
    """Run ``cmd``; its wall time, CPU time, peak tree RSS and PSS (MB), stdout, load averages."""
    load = round(os.getloadavg()[0], 2)
    started = time.perf_counter()
    before = os.times()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(proc.pid)
    memory.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    finally:
        memory.stop()
    wall = time.perf_counter() - started
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    return {"wall_s": round(wall, 3), "cpu_s": round(cpu, 2), "peak_rss_mb": round(memory.peak / 2**20, 1),
            "peak_pss_mb": round(memory.peak_pss / 2**20, 1), "stdout": out,
            "load_before": load, "load_after": round(os.getloadavg()[0], 2)}


def clippings(*args: str, corpus: Path, index: Path, program: Path | None = None) -> dict:
    """``clippings ARGS`` (or ``program``, a script taking the same arguments) with ``--json``."""
    start = [str(program)] if program else ["-m", "indexer"]
    cmd = [sys.executable, *start, *args, "--corpus", str(corpus), "--index", str(index), "--json"]
    result = measured_run(cmd)
    report = json.loads(result.pop("stdout"))
    result["seconds"] = report["seconds"]
    result["report"] = {k: (len(v) if isinstance(v, list) else v) for k, v in report.items()}
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def web_server(index: Path, corpus: Path, threads: int = 4):
    """The web app under waitress on a free loopback port; yields (port, psutil.Process)."""
    import psutil
    port = free_port()
    env = dict(os.environ, CLIPPINGS_INDEX=str(index), CLIPPINGS_CORPUS=str(corpus))
    log = open(index.parent / f"server-{index.name}.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "waitress", "--host", "127.0.0.1", f"--port={port}",
                             f"--threads={threads}", "--call", "webapp:create_app"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the web server exited ({proc.returncode}); see {log.name}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the web server did not start within 60 s") from None
                time.sleep(0.1)
        yield port, psutil.Process(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


# -- latency ---------------------------------------------------------------------

class Client:
    """One keep-alive HTTP connection; ``get`` returns (status, milliseconds, body)."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path: str) -> tuple[int, float, bytes]:
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                self.conn.request("GET", path)
                response = self.conn.getresponse()
                body = response.read()
                return response.status, (time.perf_counter() - started) * 1000, body
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def percentiles(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    ordered = sorted(values)

    def pct(p: float) -> float:
        k = (len(ordered) - 1) * p
        lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
        return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)

    return {"n": len(ordered), "p50": round(pct(0.50), 2), "p95": round(pct(0.95), 2),
            "p99": round(pct(0.99), 2), "mean": round(statistics.fmean(ordered), 2),
            "max": round(ordered[-1], 2)}


def http_latency(port: int, searches: list[queries.Search], server, warm: list[queries.Search] | None = None,
                 extra: tuple[tuple[str, str], ...] = ()) -> dict:
    """Latency of the search page, the JSON API and article views, and the server's memory.
    The server is warmed by ``warm`` (default: a search for "oil" and the first 10 searches) as a
    running server is; with ``warm`` given, no measured search is asked before it is measured
    (the first request is ``warm[0]``).  ``extra`` query-string pairs are added to every search."""
    client = Client(port)
    memory = TreeMemory(server.pid, interval=0.1)
    memory.start()
    first = [("q", "oil")] if warm is None else warm[0].params()
    first_status, first_ms, _ = client.get("/?" + urlencode(first + list(extra)))
    for s in searches[:10] if warm is None else warm[1:]:     # warm caches once, as a running server has them
        client.get("/?" + urlencode(s.params() + list(extra)))
    page, api, errors = [], [], []
    by_tag: dict[str, list[float]] = {}
    views: list[tuple[str, str]] = []
    for s in searches:
        query = urlencode(s.params() + list(extra))
        status, ms, _body = client.get("/?" + query)
        (page if status == 200 else errors).append(ms)
        if status != 200:
            errors[-1] = f"{status} /?{query}"
        for tag in s.tags or ("plain",):
            by_tag.setdefault(tag, []).append(ms)
        status, ms, body = client.get("/api/search?" + query)
        if status == 200:
            api.append(ms)
            if s.q and not s.tags and len(views) < 200:
                for hit in json.loads(body).get("results", [])[:3]:
                    if hit.get("id"):
                        views.append((hit["id"], s.q))
        else:
            errors.append(f"{status} /api/search?{query}")
    doc = []
    for doc_id, q in views[:200]:
        status, ms, _ = client.get(f"/doc/{quote(doc_id)}?" + urlencode([("q", q)]))
        if status == 200:
            doc.append(ms)
        else:
            errors.append(f"{status} /doc/{doc_id}")
    memory.stop()
    return {"first_request_ms": round(first_ms, 1), "first_status": first_status,
            "page": percentiles(page), "api": percentiles(api), "doc": percentiles(doc),
            "page_by_filter": {k: percentiles(v) for k, v in by_tag.items()},
            "server_rss_mb": round(memory.last / 2**20, 1), "server_peak_mb": round(memory.peak / 2**20, 1),
            "errors": errors[:20], "error_count": len(errors)}


def fts5_latency(db: Path, searches: list[queries.Search]) -> dict:
    searcher = baselines.Fts5Searcher(db)
    page, doc, views = [], [], []
    for s in searches:
        match = queries.fts5_match(s.q)
        if not match:
            continue
        started = time.perf_counter()
        result = searcher.search(match, s.page, s.date_from, s.date_to, s.outlets)
        page.append((time.perf_counter() - started) * 1000)
        if not s.tags:
            views.extend((hit[0], match) for hit in result["hits"][:3])
    for rowid, match in views[:200]:
        started = time.perf_counter()
        searcher.article(rowid, match)
        doc.append((time.perf_counter() - started) * 1000)
    searcher.close()
    return {"page": percentiles(page), "doc": percentiles(doc)}


def build_runs(corpus: Path, index: Path, plain_dir: Path, repeat: int, baseline: bool,
               grouping: bool = False) -> dict:
    """``clippings rebuild`` and the plain Whoosh build (and, with ``grouping``, the rebuild
    without the grouping step), alternating, ``repeat`` times each; the fastest run of each is
    reported (the others are in ``runs``): other work on the machine only ever makes a run slower."""
    ours, plain, ungrouped = [], [], []
    for _ in range(repeat):
        ours.append(clippings("rebuild", corpus=corpus, index=index))
        if baseline:
            run = measured_run([sys.executable, str(HERE / "baselines.py"), "whoosh", str(corpus), str(plain_dir)])
            run.pop("stdout")
            plain.append(run)
            shutil.rmtree(plain_dir, ignore_errors=True)
        if grouping:
            ungrouped.append(clippings("rebuild", corpus=corpus, index=plain_dir, program=HERE / "nogroup.py"))
            shutil.rmtree(plain_dir, ignore_errors=True)
    best = fastest(ours)
    out = {"clippings": best}
    for name, runs, key in (("whoosh", plain, "rebuild"), ("nogroup", ungrouped, "grouping")):
        if runs:
            out[name] = other = fastest(runs)
            out[f"{key}_ratio"] = ratio(best["wall_s"], other["wall_s"])
            out[f"{key}_cpu_ratio"] = ratio(best["cpu_s"], other["cpu_s"])
    return out


def fastest(runs: list[dict]) -> dict:
    """The fastest of ``runs``, with every run's wall and CPU times."""
    best = min(runs, key=lambda r: r["wall_s"])
    return best | {"runs_wall_s": [r["wall_s"] for r in runs], "runs_cpu_s": [r["cpu_s"] for r in runs]}


def top_speakers(index: Path, n: int = 10) -> list[str]:
    out = subprocess.run([sys.executable, "-m", "indexer", "stats", "--index", str(index), "--json"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return list(json.loads(out)["speakers"])[:n]


# -- corpora ---------------------------------------------------------------------

def make_corpora(data: Path, work: Path, sizes: list[str]) -> dict[str, Path]:
    """Write the full corpus and link the other sizes to it; returns size label -> folder."""
    stories = reuters.read_collection(data)
    full = work / "corpus-full"
    names = reuters.write_corpus(stories, full)
    folders = {}
    for label in sizes:
        if label == FULL:
            folders[label] = full
        elif label == DOUBLED:
            folders[label] = work / "corpus-doubled"
            reuters.link_doubled(full, names, folders[label])
        else:
            folders[label] = work / f"corpus-{int(label)}"
            reuters.link_subset(full, names[:int(label)], folders[label])
    return folders


def count_files(folder: Path) -> int:
    return sum(1 for name in os.listdir(folder) if name.endswith(".txt"))


# -- updates -----------------------------------------------------------------------

def update_runs(corpus: Path, index: Path) -> dict:
    """``clippings update`` after nothing, 1 new, 100 changed and 100 deleted files."""
    results = {}
    runs = [clippings("update", corpus=corpus, index=index) for _ in range(3)]
    results["nothing"] = min(runs, key=lambda r: r["wall_s"]) | {"runs_wall_s": [r["wall_s"] for r in runs]}
    files = sorted(n for n in os.listdir(corpus) if n.endswith(".txt"))
    new = corpus / "bench-added-00001.txt"
    new.write_text((corpus / files[0]).read_text(encoding="utf-8") + "\nAn added paragraph.\n", encoding="utf-8")
    results["one_added"] = clippings("update", corpus=corpus, index=index)
    step = max(1, len(files) // (2 * UPDATE_SAMPLE))
    changed = files[1::step][:UPDATE_SAMPLE]
    for name in changed:                  # a new file replaces the old: hard links elsewhere stay as they were
        path = corpus / name
        tmp = path.with_suffix(".tmp")
        tmp.write_text(path.read_text(encoding="utf-8") + "\nA paragraph added by the benchmark.\n",
                       encoding="utf-8")
        os.replace(tmp, path)
    results["changed_100"] = clippings("update", corpus=corpus, index=index)
    deleted = [n for n in files[2::step] if n not in changed][:UPDATE_SAMPLE]
    for name in deleted:
        (corpus / name).unlink()
    results["deleted_100"] = clippings("update", corpus=corpus, index=index)
    return results


# -- report ------------------------------------------------------------------------

def ratio(a, b):
    return round(a / b, 2) if a is not None and b else None


def verdicts(res: dict) -> list[dict]:
    """Each target of issue 5 with the measured figure and met / missed."""
    out = []
    sizes = res["sizes"]
    main = sizes.get(FULL) or sizes[max(sizes, key=lambda k: sizes[k]["documents"])]

    def add(name, value, limit, unit, ok=None):
        met = (value is not None and value <= limit) if ok is None else ok
        out.append({"target": name, "value": value, "limit": limit, "unit": unit, "met": met})

    add("rebuild time / plain Whoosh", main.get("rebuild_ratio"), TARGETS["rebuild_ratio"], "x")
    if "grouping_ratio" in main:
        add("rebuild time with / without grouping copies", main["grouping_ratio"], TARGETS["grouping_ratio"], "x")
    if "updates" in res:
        add("update, nothing changed", res["updates"]["nothing"]["wall_s"], TARGETS["update_nothing_s"], "s")
        add("update, one added file", res["updates"]["one_added"]["wall_s"], TARGETS["update_one_s"], "s")
    http = main.get("http") or {}
    for key, label in (("page", "search page"), ("api", "/api/search")):
        stats = http.get(key, {})
        add(f"{label} p95", stats.get("p95"), TARGETS["page_p95_ms"], "ms")
        add(f"{label} p50", stats.get("p50"), TARGETS["page_p50_ms"], "ms")
    add("article view p95", http.get("doc", {}).get("p95"), TARGETS["doc_p95_ms"], "ms")
    add("server RSS", http.get("server_peak_mb"), TARGETS["server_rss_mb"], "MB")
    peak = max((s["clippings"]["peak_rss_mb"] for s in sizes.values() if s["documents"] <= main["documents"]),
               default=None)
    add("indexer peak RSS (<= 21,577 stories)", peak, TARGETS["indexer_peak_mb"], "MB")
    ordered = sorted(sizes.values(), key=lambda s: s["documents"])
    if len(ordered) >= 2:
        small, big = ordered[0], ordered[-1]
        per_doc = ratio(big["clippings"]["wall_s"] / big["documents"], small["clippings"]["wall_s"] / small["documents"])
        add(f"build time per story, {big['documents']} vs {small['documents']} (linear: <= 1.1)",
            per_doc, 1.1, "x")
        if big.get("http") and small.get("http"):
            growth = ratio(big["http"]["page"].get("p95"), small["http"]["page"].get("p95"))
            add(f"search p95 growth vs corpus growth {big['documents'] / small['documents']:.1f}x (sub-linear)",
                growth, round(big["documents"] / small["documents"], 2), "x",
                ok=growth is not None and growth < big["documents"] / small["documents"])
    return out


def format_table(res: dict, markdown: bool = False) -> str:
    """The results as a text table (or Markdown), the update runs and the verdicts."""
    sizes = sorted(res["sizes"].values(), key=lambda s: s["documents"])
    rows: list[tuple[str, list[str]]] = []

    def row(label, values, fmt="{:.1f}"):
        rows.append((label, [fmt.format(v) if v is not None else "-" for v in values]))

    def http(s, key, p):
        return s.get("http", {}).get(key, {}).get(p)

    row("rebuild, Clippings (s)", [s["clippings"]["wall_s"] for s in sizes])
    row("rebuild without grouping (s)", [s.get("nogroup", {}).get("wall_s") for s in sizes])
    row("  ratio with / without grouping", [s.get("grouping_ratio") for s in sizes], "{:.2f}")
    row("rebuild, plain Whoosh (s)", [s.get("whoosh", {}).get("wall_s") for s in sizes])
    row("  ratio Clippings / Whoosh", [s.get("rebuild_ratio") for s in sizes], "{:.2f}")
    row("  CPU ratio (all processes)", [s.get("rebuild_cpu_ratio") for s in sizes], "{:.2f}")
    row("load FTS5 (s)", [s.get("fts5", {}).get("wall_s") for s in sizes])
    row("indexer peak RSS, summed (MB)", [s["clippings"]["peak_rss_mb"] for s in sizes], "{:.0f}")
    row("indexer peak PSS, summed (MB)", [s["clippings"].get("peak_pss_mb") for s in sizes], "{:.0f}")
    row("plain Whoosh peak RSS (MB)", [s.get("whoosh", {}).get("peak_rss_mb") for s in sizes], "{:.0f}")
    row("load average before / after build", [None for s in sizes])
    rows[-1] = (rows[-1][0], [f"{s['clippings'].get('load_before', 0):.1f} / {s['clippings'].get('load_after', 0):.1f}"
                              for s in sizes])
    for key, label in (("page", "search page"), ("api", "/api/search"), ("doc", "article view")):
        for p in ("p50", "p95", "p99"):
            row(f"{label} {p} (ms)", [http(s, key, p) for s in sizes])
    for key, label in (("page", "FTS5 results page"), ("doc", "FTS5 article")):
        for p in ("p50", "p95"):
            row(f"{label} {p} (ms)", [s.get("fts5_query", {}).get(key, {}).get(p) for s in sizes], "{:.2f}")
    for p in ("p50", "p95"):
        row(f"  ratio page / FTS5 {p}", [ratio(http(s, "page", p), s.get("fts5_query", {}).get("page", {}).get(p))
                                         for s in sizes], "{:.1f}")
    row("server RSS, peak (MB)", [s.get("http", {}).get("server_peak_mb") for s in sizes], "{:.0f}")

    head = [f"{s['documents']:,}" for s in sizes]
    if markdown:
        lines = ["| stories | " + " | ".join(head) + " |", "|---|" + "---:|" * len(head)]
        lines += [f"| {label.strip()} | " + " | ".join(cells) + " |" for label, cells in rows]
    else:
        lines = [f"{'':34}" + "".join(f"{h:>12}" for h in head)]
        lines += [f"{label:34}" + "".join(f"{c:>12}" for c in cells) for label, cells in rows]
    if "updates" in res:
        lines.append("")
        runs = (("nothing", "nothing changed"), ("one_added", "1 file added (a copy: it joins a group)"),
                ("changed_100", "100 files changed"), ("deleted_100", "100 files deleted"))
        if markdown:
            lines += [f"| update of the {res['updates_documents']:,}-story index | wall (s) | in-run (s) |",
                      "|---|---:|---:|"]
            lines += [f"| {label} | {res['updates'][k]['wall_s']:.2f} | {res['updates'][k]['seconds']:.2f} |"
                      for k, label in runs]
        else:
            lines.append(f"update of the {res['updates_documents']:,}-story index   wall (s)  in-run (s)")
            lines += [f"  {label:34}{res['updates'][k]['wall_s']:>8.2f}{res['updates'][k]['seconds']:>12.2f}"
                      for k, label in runs]
    lines.append("")
    lines.append("targets (issues 5, 13)" if not markdown else "| target (issues 5, 13) | measured | limit | |\n|---|---:|---:|---|")
    for v in res["verdicts"]:
        value = "-" if v["value"] is None else f"{v['value']:g}"
        if markdown:
            lines.append(f"| {v['target']} | {value} {v['unit']} | {v['limit']:g} | {'met' if v['met'] else '**missed**'} |")
        else:
            lines.append(f"  {'met   ' if v['met'] else 'MISSED'} {v['target']}: {value} {v['unit']} "
                         f"(limit {v['limit']:g})")
    return "\n".join(lines)


def draw_chart(res: dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(res["sizes"].values(), key=lambda s: s["documents"])
    docs = [s["documents"] for s in sizes]
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6), dpi=90)
    left.plot(docs, [s["clippings"]["wall_s"] for s in sizes], "o-", label="Clippings rebuild (extraction incl.)")
    if all("whoosh" in s for s in sizes):
        left.plot(docs, [s["whoosh"]["wall_s"] for s in sizes], "s--", label="plain Whoosh")
    if all("fts5" in s for s in sizes):
        left.plot(docs, [s["fts5"]["wall_s"] for s in sizes], "^:", label="SQLite FTS5")
    left.set_ylabel("seconds")
    left.set_title("Full build")
    left.legend(fontsize=8)
    for key, label, style in (("page", "search page p95", "o-"), ("api", "/api/search p95", "s-"),
                              ("doc", "article view p95", "d-")):
        values = [s.get("http", {}).get(key, {}).get("p95") for s in sizes]
        if all(v is not None for v in values):
            right.plot(docs, values, style, label=label)
    values = [s.get("http", {}).get("page", {}).get("p50") for s in sizes]
    if all(v is not None for v in values):
        right.plot(docs, values, "o--", label="search page p50")
    values = [s.get("fts5_query", {}).get("page", {}).get("p95") for s in sizes]
    if all(v is not None for v in values):
        right.plot(docs, values, "^:", label="FTS5 page p95")
    right.set_ylabel("milliseconds")
    right.set_title("Query latency (HTTP on loopback; FTS5 in-process)", fontsize=10)
    right.legend(fontsize=8)
    for axes in (left, right):
        axes.set_xlabel("stories")
        axes.set_xticks(docs)
        axes.set_xticklabels([f"{d / 1000:.3g}k" for d in docs], fontsize=8)
        axes.set_ylim(bottom=0)
        axes.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


# -- main ----------------------------------------------------------------------------

def run(args) -> dict:
    work = Path(args.work).resolve()
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    started = time.perf_counter()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    res: dict = {"command": " ".join([Path(sys.executable).name] + sys.argv), "machine": {
        "cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
        "load_at_start": [round(x, 2) for x in os.getloadavg()]}, "sizes": {}}
    print(f"Writing the corpus from {args.data} ...", file=sys.stderr)
    t = time.perf_counter()
    folders = make_corpora(Path(args.data), work, sizes)
    res["convert_s"] = round(time.perf_counter() - t, 1)
    web_ok = (ROOT / "webapp" / "__init__.py").exists() and not args.no_http
    for label, corpus in folders.items():
        n = count_files(corpus)
        entry: dict = {"label": label, "documents": n}
        index = work / f"index-{label}"
        repeat = 1 if label == DOUBLED else args.repeat
        print(f"[{time.perf_counter() - started:5.0f} s] {n:,} stories: rebuild x{repeat}"
              f"{', plain Whoosh, FTS5' if not args.no_baselines else ''} ...", file=sys.stderr)
        entry.update(build_runs(corpus, index, work / f"whoosh-{label}", repeat, not args.no_baselines,
                                grouping=label == FULL and not args.no_grouping_baseline))
        if not args.no_baselines:
            f = measured_run([sys.executable, str(HERE / "baselines.py"), "fts5", str(corpus),
                              str(work / f"fts5-{label}.db")])
            entry["fts5"] = {k: v for k, v in f.items() if k != "stdout"}
        speakers = top_speakers(index)
        searches = queries.query_set(speakers)
        entry["queries"] = len(searches)
        if web_ok:
            print(f"[{time.perf_counter() - started:5.0f} s]   {len(searches)} searches over HTTP ...",
                  file=sys.stderr)
            with web_server(index, corpus) as (port, server):
                entry["http"] = http_latency(port, searches, server)
        if not args.no_baselines:
            entry["fts5_query"] = fts5_latency(work / f"fts5-{label}.db", searches)
        res["sizes"][label] = entry
        if label != FULL:
            shutil.rmtree(index, ignore_errors=True)
    if FULL in folders and not args.no_updates:
        print(f"[{time.perf_counter() - started:5.0f} s] updates of the full index ...", file=sys.stderr)
        res["updates_documents"] = res["sizes"][FULL]["documents"]
        res["updates"] = update_runs(folders[FULL], work / f"index-{FULL}")
    res["verdicts"] = verdicts(res)
    res["machine"]["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    res["total_s"] = round(time.perf_counter() - started, 1)
    return res


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Clippings scale benchmark on Reuters-21578.")
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "corpora" / "reuters21578"),
                        help="folder of reut2-*.sgm.gz [default: ../shared/corpora/reuters21578]")
    parser.add_argument("--work", default=str(HERE / "work"), help="scratch folder (emptied first)")
    parser.add_argument("--results", default=str(HERE / "results"), help="where JSON and PNG go")
    parser.add_argument("--sizes", default=DEFAULT_SIZES,
                        help=f"comma-separated story counts, 'full' and 'doubled' [default: {DEFAULT_SIZES}]")
    parser.add_argument("--repeat", type=int, default=2,
                        help="rebuilds (and plain Whoosh builds) per size, fastest kept; the 43k set is built once")
    parser.add_argument("--no-baselines", action="store_true", help="skip plain Whoosh and FTS5")
    parser.add_argument("--no-http", action="store_true", help="skip the web app latency runs")
    parser.add_argument("--no-updates", action="store_true", help="skip the update runs")
    parser.add_argument("--no-grouping-baseline", action="store_true",
                        help="skip the full-size rebuild without grouping (bench/nogroup.py)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--table", metavar="JSON", help="only print the table of an earlier run (--markdown: as Markdown)")
    parser.add_argument("--markdown", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.table:
        print(format_table(json.loads(Path(args.table).read_text(encoding="utf-8")), markdown=args.markdown))
        return 0
    res = run(args)
    results = Path(args.results)
    results.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    text = json.dumps(res, indent=2)
    (results / f"scale-{stamp}.json").write_text(text, encoding="utf-8")
    (results / "latest.json").write_text(text, encoding="utf-8")
    draw_chart(res, results / "scale.png")
    print(format_table(res))
    print(f"\nTotal {res['total_s']:.0f} s. Results: {results / f'scale-{stamp}.json'}, chart: {results / 'scale.png'}")
    if not args.keep:
        shutil.rmtree(args.work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
