"""The searchd backend at scale (part of ``make bench``): load rate, search page latency, memory, parity.

Steps, in one run on this machine:

1. the Reuters-21578 corpus (``bench/reuters.py``: 21,577 stories) and a
   generated set of the same stories under new names (``--copies`` hard
   links of each, 10 by default: 215,770 articles);
2. a local searchd cluster (``clippings searchd up``: two shards and a
   master on loopback);
3. Reuters: ``clippings rebuild`` into Whoosh and into the cluster (separate
   processes; load rate = stories / wall time), the parity check of the
   fixed bench queries (``bench/queries.py``) through both web apps
   in-process (totals and facet counts must be equal; the top-10 overlap
   is reported), then the search page, ``/api/search`` and article views
   through the web app under waitress for each backend (``scale.http_latency``);
4. the generated set: searchd only (rebuild, latency).

Prints a table and writes ``bench/results/searchd-<time>.json``.  Figures
depend on what else the machine does: the load average is recorded.

Changes are measured as ratios in one run: ``--reuse WORK`` takes the
cluster, state and generated corpus an earlier ``--keep`` run left in
``WORK`` (nothing is rebuilt), and each ``--variant`` is a web app measured
on them, in alternation for ``--rounds`` rounds: ``NAME`` alone is this
checkout; ``NAME:code=PATH`` runs the web app from another checkout (e.g.
the previous commit, ``git archive``d to PATH); ``:env=K=V`` sets a
variable (``CLIPPINGS_SEARCHD_CACHE=0``: no answer cache); ``:params=K=V``
adds a query-string pair to every search (``dupes=show``).  The warm-up
searches are not among the measured ones, so no answer is measured from a
cache the warm-up filled.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import queries  # noqa: E402
import reuters  # noqa: E402
import scale  # noqa: E402

TARGET_P95_MS = 100.0


@contextmanager
def environment(**values):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update({k: v for k, v in values.items() if v is not None})
    for k, v in values.items():
        if v is None:
            os.environ.pop(k, None)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def searchd_env(spec: str) -> dict:
    return {"CLIPPINGS_BACKEND": "searchd", "CLIPPINGS_SEARCHD": spec}


def rebuild(corpus: Path, index: Path, env: dict | None) -> dict:
    cmd = [sys.executable, "-m", "indexer", "rebuild", "--corpus", str(corpus), "--index", str(index), "--json"]
    result = scale.measured_run(cmd, env=dict(os.environ, **(env or {})), timeout=3600)
    report = json.loads(result.pop("stdout"))
    result["documents"] = report["documents"]
    result["failed"] = len(report["failed"])
    result["warnings"] = report["warnings"][:5]
    result["docs_per_s"] = round(report["documents"] / result["wall_s"], 1) if result["wall_s"] else None
    return result


def searchd_memory(cluster_dir: Path) -> dict:
    import psutil
    from indexer.searchd import cluster
    out = {}
    for node in cluster.load(cluster_dir):
        try:
            out[node.name] = round(psutil.Process(node.pid).memory_info().rss / 2**20, 1)
        except (psutil.Error, TypeError):
            out[node.name] = None
    out["total"] = round(sum(v for v in out.values() if v), 1)
    return out


#: Warm-up searches for either web app (broad words that are none of the measured searches), so no
#: measured search is answered from what the warm-up left in a cache.
WARM = [queries.Search(q, "warm") for q in ("would", "also", "new", "last", "first", "two")]


def latency(index: Path, corpus: Path, searches, env: dict | None, variant: dict | None = None) -> dict:
    variant = variant or {}
    values = dict(env or {"CLIPPINGS_BACKEND": None, "CLIPPINGS_SEARCHD": None})
    values.update(variant.get("env", {}))
    if variant.get("code"):
        values["PYTHONPATH"] = variant["code"]
    with environment(**values):
        with scale.web_server(index, corpus) as (port, server):
            return scale.http_latency(port, searches, server, warm=WARM,
                                      extra=tuple(variant.get("params", {}).items()))


def parse_variant(text: str) -> dict:
    """``NAME[:code=PATH][:env=K=V][:params=K=V]`` (each part repeatable) as a dict."""
    name, *parts = text.split(":")
    out: dict = {"name": name, "env": {}, "params": {}}
    for part in parts:
        kind, _, value = part.partition("=")
        if kind == "code":
            out["code"] = str(Path(value).resolve())
        elif kind in ("env", "params"):
            key, _, val = value.partition("=")
            out[kind][key] = val
        else:
            raise SystemExit(f"--variant: cannot read '{part}' (code=PATH, env=K=V or params=K=V)")
    return out


def compare(args, work: Path, env: dict, say) -> dict:
    """Each variant's latency on the kept cluster, in alternation, and its ratios to the first."""
    gen, state = work / "corpus-generated", work / "state-gen"
    with environment(**env):
        searches = queries.query_set(scale.top_speakers(state))
    variants = [parse_variant(v) for v in args.variant]
    runs: dict[str, list[dict]] = {v["name"]: [] for v in variants}
    for round_ in range(args.rounds):
        for variant in variants:
            say(f"round {round_ + 1}/{args.rounds}: {variant['name']} ...")
            load = [round(x, 2) for x in os.getloadavg()]
            result = latency(state, gen, searches, env, variant)
            result["load_before"] = load
            runs[variant["name"]].append(result)

    def summary(results: list[dict], key: str, p: str) -> float:
        values = sorted(r[key].get(p) or 0 for r in results)
        return values[len(values) // 2]            # the median round

    base = variants[0]["name"]
    out = {}
    for variant in variants:
        name = variant["name"]
        out[name] = {"variant": variant, "rounds": runs[name]}
        for key in ("page", "api", "doc"):
            for p in ("p50", "p95"):
                value = summary(runs[name], key, p)
                out[name][f"{key}_{p}"] = value
                out[name][f"{key}_{p}_ratio"] = round(value / summary(runs[base], key, p), 3) \
                    if summary(runs[base], key, p) else None
        out[name]["errors"] = sum(r["error_count"] for r in runs[name])
        out[name]["load"] = [r["load_before"] for r in runs[name]]
    return out


def parity(whoosh_index: Path, state: Path, corpus: Path, spec: str, searches) -> dict:
    """Totals and facet counts of every bench search through both apps; the top-10 overlap."""
    from webapp import create_app
    whoosh = create_app({"TESTING": True, "WARM": False, "INDEX_DIR": str(whoosh_index),
                         "CORPUS_DIR": str(corpus)}).test_client()
    engine = create_app({"TESTING": True, "WARM": False, "INDEX_DIR": str(state), "CORPUS_DIR": str(corpus),
                         **searchd_env(spec)}).test_client()
    same_total = same_facets = 0
    overlaps, differences = [], []
    for s in searches:
        url = "/api/search?" + urlencode(s.params() + [("facet_size", "10000")])
        a, b = whoosh.get(url).get_json(), engine.get(url).get_json()
        same_total += a["total"] == b["total"]
        facets_equal = all(a["facets"][k] == b["facets"][k] for k in ("outlet", "speaker", "date")) \
            and a["undated"] == b["undated"]
        same_facets += facets_equal
        if a["total"] != b["total"] or not facets_equal:
            differences.append({"url": url, "total": [a["total"], b["total"]]})
        if a["sort"] == "relevance" and a["results"]:
            top_a, top_b = [r["id"] for r in a["results"]], [r["id"] for r in b["results"]]
            overlaps.append(len(set(top_a) & set(top_b)) / len(top_a))
    overlaps.sort()
    return {"searches": len(searches), "same_total": same_total, "same_facets": same_facets,
            "top10_overlap_mean": round(sum(overlaps) / len(overlaps), 3) if overlaps else None,
            "top10_overlap_p10": overlaps[len(overlaps) // 10] if overlaps else None,
            "top10_identical_sets": sum(1 for o in overlaps if o == 1.0), "ranked": len(overlaps),
            "differences": differences[:20]}


def generated_corpus(full: Path, names: list[str], out: Path, copies: int) -> Path:
    """``copies`` copies of every file ``names`` of ``full`` in ``out`` (hard links where possible)."""
    out.mkdir(parents=True, exist_ok=True)
    for k in range(copies):
        for name in names:
            reuters._link(full / name, out / f"g{k}-{name}")
    return out


@contextmanager
def local_cluster(cluster_dir: Path):
    """A local cluster in ``cluster_dir`` (``clippings searchd up``), its ``CLIPPINGS_SEARCHD`` value
    given; stopped (``down``) at the end."""
    up = subprocess.run([sys.executable, "-m", "indexer", "searchd", "up", "--dir", str(cluster_dir)],
                        cwd=ROOT, capture_output=True, text=True, check=True).stdout
    try:
        yield next(line.split("=", 1)[1].strip("'") for line in up.splitlines() if "CLIPPINGS_SEARCHD=" in line)
    finally:
        subprocess.run([sys.executable, "-m", "indexer", "searchd", "down", "--dir", str(cluster_dir)], cwd=ROOT,
                       capture_output=True, text=True)


def run(args) -> dict:
    res: dict = {"command": " ".join([Path(sys.executable).name] + sys.argv),
                 "load_at_start": [round(x, 2) for x in os.getloadavg()]}
    started = time.perf_counter()

    def say(text):
        print(f"[{time.perf_counter() - started:6.0f} s] {text}", file=sys.stderr, flush=True)

    if args.reuse:
        work = Path(args.reuse).resolve()
        with local_cluster(work / "cluster") as spec:
            res["documents"] = sum(1 for _ in (work / "corpus-generated").iterdir())
            res["variants"] = compare(args, work, searchd_env(spec), say)
        res["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
        return res
    work = Path(args.work).resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)

    say("writing the corpus ...")
    stories = reuters.read_collection(Path(args.data))
    if args.limit:
        stories = stories[:args.limit]
    full = work / "corpus-reuters"
    names = reuters.write_corpus(stories, full)
    cluster_dir = work / "cluster"
    with local_cluster(cluster_dir) as spec:
        env = searchd_env(spec)
        if args.only_generated:
            searches = queries.query_set([])
            return _generated(args, res, full, names, work, cluster_dir, env, searches, say)
        say(f"{len(names):,} stories: Whoosh rebuild ...")
        whoosh_index, state = work / "whoosh", work / "state"
        entry = {"documents": len(names), "whoosh_rebuild": rebuild(full, whoosh_index, None)}
        say("searchd rebuild ...")
        entry["searchd_rebuild"] = rebuild(full, state, env)
        entry["searchd_memory_mb"] = searchd_memory(cluster_dir)
        speakers = scale.top_speakers(whoosh_index)
        searches = queries.query_set(speakers)
        say(f"parity of {len(searches)} searches ...")
        entry["parity"] = parity(whoosh_index, state, full, spec, searches)
        say("latency through the web app: Whoosh ...")
        entry["whoosh_http"] = latency(whoosh_index, full, searches, None)
        say("latency through the web app: searchd ...")
        entry["searchd_http"] = latency(state, full, searches, env)
        res["reuters"] = entry
        shutil.rmtree(whoosh_index, ignore_errors=True)
        return _generated(args, res, full, names, work, cluster_dir, env, searches, say)



def _generated(args, res, full, names, work, cluster_dir, env, searches, say) -> dict:
    """The generated set: searchd rebuild, memory and latency; the run's result."""
    started = time.perf_counter()
    if args.copies:
        gen = generated_corpus(full, names, work / "corpus-generated", args.copies)
        count = len(names) * args.copies
        say(f"{count:,} generated articles: searchd rebuild ...")
        entry = {"documents": count, "searchd_rebuild": rebuild(gen, work / "state-gen", env)}
        entry["searchd_memory_mb"] = searchd_memory(cluster_dir)
        if not searches[0].speakers and not any(s.speakers for s in searches):
            with environment(**env):
                searches = queries.query_set(scale.top_speakers(work / "state-gen"))
        say("latency through the web app: searchd ...")
        entry["searchd_http"] = latency(work / "state-gen", gen, searches, env)
        entry["target_p95_ms"] = TARGET_P95_MS
        entry["target_met"] = (entry["searchd_http"]["page"].get("p95") or 1e9) < TARGET_P95_MS
        res["generated"] = entry
    res["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    res["generated_s"] = round(time.perf_counter() - started, 1)
    return res


def format_variants(res: dict) -> str:
    lines = [f"{res.get('documents', 0):,} articles; load before each round: "
             + "; ".join(f"{name} {v['load']}" for name, v in res["variants"].items())]
    lines.append(f"{'':24}{'page p50':>10}{'page p95':>10}{'ratio':>8}{'api p95':>10}{'doc p95':>10}{'errors':>8}")
    for name, v in res["variants"].items():
        lines.append(f"{name:24}{v['page_p50']:>10.1f}{v['page_p95']:>10.1f}{v['page_p95_ratio'] or 0:>8.3f}"
                     f"{v['api_p95']:>10.1f}{v['doc_p95']:>10.1f}{v['errors']:>8}")
    return "\n".join(lines)


def format_table(res: dict) -> str:
    if "variants" in res:
        return format_variants(res)
    lines = []
    r = res.get("reuters", {})
    g = res.get("generated", {})

    def http(entry, key, p):
        return (entry or {}).get(key, {}).get(p)

    rows = [
        ("articles", r.get("documents"), r.get("documents"), g.get("documents")),
        ("rebuild wall (s)", r.get("whoosh_rebuild", {}).get("wall_s"), r.get("searchd_rebuild", {}).get("wall_s"),
         g.get("searchd_rebuild", {}).get("wall_s")),
        ("load rate (articles/s)", r.get("whoosh_rebuild", {}).get("docs_per_s"),
         r.get("searchd_rebuild", {}).get("docs_per_s"), g.get("searchd_rebuild", {}).get("docs_per_s")),
    ]
    for key, label in (("page", "search page"), ("api", "/api/search"), ("doc", "article view")):
        for p in ("p50", "p95"):
            rows.append((f"{label} {p} (ms)", http(r.get("whoosh_http"), key, p), http(r.get("searchd_http"), key, p),
                         http(g.get("searchd_http"), key, p)))
    rows.append(("web app RSS, peak (MB)", (r.get("whoosh_http") or {}).get("server_peak_mb"),
                 (r.get("searchd_http") or {}).get("server_peak_mb"), (g.get("searchd_http") or {}).get("server_peak_mb")))
    rows.append(("searchd RSS, all nodes (MB)", None, (r.get("searchd_memory_mb") or {}).get("total"),
                 (g.get("searchd_memory_mb") or {}).get("total")))
    lines.append(f"{'':32}{'Whoosh':>12}{'searchd':>12}{'searchd gen':>14}")
    for label, *values in rows:
        lines.append(f"{label:32}" + "".join(f"{('-' if v is None else f'{v:,.1f}' if isinstance(v, float) else f'{v:,}'):>12}"
                                              for v in values[:2]) + f"{('-' if values[2] is None else f'{values[2]:,.1f}' if isinstance(values[2], float) else f'{values[2]:,}'):>14}")
    p = r.get("parity")
    if p:
        lines.append(f"parity: totals equal {p['same_total']}/{p['searches']}, facet counts equal "
                     f"{p['same_facets']}/{p['searches']}; top-10 overlap mean {p['top10_overlap_mean']} "
                     f"(identical sets {p['top10_identical_sets']}/{p['ranked']})")
    if g:
        lines.append(f"target: search page p95 < {TARGET_P95_MS:g} ms at {g['documents']:,}: "
                     f"{'met' if g.get('target_met') else 'MISSED'}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="The searchd backend at scale.")
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "corpora" / "reuters21578"))
    parser.add_argument("--work", default=str(HERE / "work-searchd"))
    parser.add_argument("--results", default=str(HERE / "results"))
    parser.add_argument("--copies", type=int, default=10, help="copies of each story in the generated set (0: none)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N Reuters stories")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--only-generated", action="store_true",
                        help="skip the Reuters comparison (Whoosh, parity); the generated set only")
    parser.add_argument("--table", metavar="JSON", help="only print the table of an earlier run")
    parser.add_argument("--reuse", metavar="WORK", help="measure --variant web apps on the cluster an earlier --keep "
                                                        "run left in WORK (no rebuild)")
    parser.add_argument("--variant", action="append", default=[],
                        help="NAME[:code=PATH][:env=K=V][:params=K=V]: a web app measured with --reuse (repeat)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of alternation with --reuse")
    args = parser.parse_args(argv)
    if args.table:
        print(format_table(json.loads(Path(args.table).read_text())))
        return 0
    res = run(args)
    results = Path(args.results)
    results.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (results / f"searchd-{stamp}.json").write_text(json.dumps(res, indent=2), encoding="utf-8")
    print(format_table(res))
    if not args.keep and not args.reuse:
        shutil.rmtree(args.work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
