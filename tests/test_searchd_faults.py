"""Faults of a searchd cluster: shards killed, hung and restarted, mirrors taking over, failed writes.

A cluster of its own (two shards, two copies each, and a master) on free
loopback ports, stopped by PID.  The checks read what the app says
(``partial`` in the JSON, the page's message, the status) and what the
cluster holds, never the wall clock: a hung shard is bounded by the
master's agent timeouts (300 ms to connect, 700 ms to answer) and the
client's read timeout, and the test only needs the answer to come.
"""

from __future__ import annotations

import signal
import threading

import pymysql
import pytest

from helpers import local_searchd
from searchd_corpus import write_made_corpus
from indexer.searchd import schema

SHARD1 = ("shard1-0", "shard1-1")


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    base = tmp_path_factory.mktemp("faults")
    try:
        cm = local_searchd(base / "cluster", shards=2, mirrors=2)
        cluster = cm.__enter__()
    except FileNotFoundError as exc:
        pytest.fail(str(exc), pytrace=False)
    corpus = write_made_corpus(base / "corpus", n=80)
    report = cluster.index(corpus, base / "state")
    assert not report.failed and len(report.added) == 83
    from webapp import create_app
    app = create_app(cluster.config(base / "state"))
    cluster.client = app.test_client()
    cluster.corpus, cluster.state = corpus, base / "state"
    yield cluster
    app.extensions["clippings_backend"].close()
    cm.__exit__(None, None, None)


@pytest.fixture
def healthy(faulty):
    """Every node running (restarted if a test left one down) and every copy up to date."""
    yield faulty
    nodes = faulty.nodes()
    for name, node in nodes.items():
        try:
            faulty.signal(name, signal.SIGCONT)
        except (ProcessLookupError, TypeError):
            pass
    from indexer.searchd import cluster as local
    for name, node in faulty.nodes().items():
        if not local.running([node]):
            faulty.restart(name)
    faulty.index(faulty.corpus, faulty.state)


def search(client, q="troops OR grain OR report"):
    response = client.get("/api/search?q=" + q.replace(" ", "+") + "&per_page=5")
    return response.status_code, response.get_json()


def copy_rows(node) -> dict[int, str]:
    conn = pymysql.connect(host=node.host, port=node.port, autocommit=True)
    with conn.cursor() as cur:
        cur.execute(f"SELECT id, stamp FROM {schema.INDEX} LIMIT 10000 OPTION max_matches=10000")
        rows = dict(cur.fetchall())
    conn.close()
    return rows


def test_a_killed_shard_gives_partial_results_then_full_ones_from_its_binlog(healthy):
    client = healthy.client
    status, full = search(client)
    assert status == 200 and full["partial"] is None and full["total"] >= 80
    answers: list = []
    stop = threading.Event()

    def load():
        while not stop.is_set():
            answers.append(search(client))
    threads = [threading.Thread(target=load) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        while len(answers) < 5:
            stop.wait(0.01)
        for name in SHARD1:
            healthy.signal(name, signal.SIGKILL)
        seen = len(answers)
        while len(answers) < seen + 6:
            stop.wait(0.01)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert all(status == 200 for status, _ in answers), [s for s, _ in answers]
    status, partial = search(client)
    assert status == 200 and partial["partial"]["shards"] == [1] and partial["partial"]["answered"] == [0]
    assert 0 < partial["total"] < full["total"]
    assert "Results are partial: shard 1 of 2 did not answer" in partial["message"]
    page = client.get("/?q=troops")
    assert page.status_code == 200 and "Results are partial" in page.get_data(as_text=True)
    for name in SHARD1:
        healthy.restart(name)                       # the RT index replays its binlog
    status, again = search(client)
    assert status == 200 and again["partial"] is None and again["total"] == full["total"]
    assert [r["id"] for r in again["results"]] == [r["id"] for r in full["results"]]


def test_a_hung_shard_is_left_out_within_the_timeouts(healthy):
    for name in SHARD1:
        healthy.signal(name, signal.SIGSTOP)
    status, data = search(healthy.client)
    assert status == 200 and data["partial"]["shards"] == [1]
    assert data["total"] > 0


def test_a_mirror_takes_over_when_a_copy_dies(healthy):
    _status, full = search(healthy.client)
    healthy.signal("shard0-0", signal.SIGKILL)
    answers = []
    full_in_a_row = 0
    for _ in range(200):          # the master pings its agents each second, then leaves the dead copy out
        answers.append(search(healthy.client))
        full_in_a_row = full_in_a_row + 1 if answers[-1][1]["partial"] is None else 0
        if full_in_a_row == 10:
            break
        threading.Event().wait(0.05)
    assert all(status == 200 for status, _ in answers)
    assert all(d["partial"] is None or d["partial"]["shards"] == [0] for _, d in answers)
    assert full_in_a_row == 10 and all(d["total"] == full["total"] for _, d in answers[-10:])


def test_with_every_shard_down_the_app_says_so_with_a_503(healthy):
    for name in ("shard0-0", "shard0-1", *SHARD1):
        healthy.signal(name, signal.SIGKILL)
    response = healthy.client.get("/api/search?q=troops")
    assert response.status_code == 503
    assert response.get_json()["error"]["title"] == "Search is unavailable"
    page = healthy.client.get("/?q=troops")
    assert page.status_code == 503 and "Search is unavailable" in page.get_data(as_text=True)


def test_with_the_master_down_the_app_says_so_with_a_503(healthy):
    healthy.signal("master", signal.SIGKILL)
    healthy.client.application.extensions["clippings_backend"].pool.close()
    assert healthy.client.get("/doc/anything-00000000").status_code == 503


def test_writes_missed_by_a_copy_are_reported_and_made_up_for_on_the_next_run(healthy):
    victim = healthy.nodes()["shard1-1"]
    healthy.signal("shard1-1", signal.SIGKILL)
    changed = sorted(healthy.corpus.rglob("*.txt"))[:12]
    for path in changed:
        path.write_text(path.read_text(encoding="utf-8") + "\nA late paragraph about pelicans.\n", encoding="utf-8")
    report = healthy.index(healthy.corpus, healthy.state)
    assert sorted(report.changed) == sorted(p.relative_to(healthy.corpus).as_posix() for p in changed)
    assert not report.failed
    assert any("127.0.0.1:%d" % victim.port in w and "brought up to date" in w for w in report.warnings)
    healthy.restart("shard1-1")
    assert copy_rows(victim.node) != copy_rows(healthy.nodes()["shard1-0"].node)
    report = healthy.index(healthy.corpus, healthy.state)
    assert not report.warnings and not report.failed and report.added == [] and report.removed == []
    assert copy_rows(victim.node) == copy_rows(healthy.nodes()["shard1-0"].node)
    status, data = search(healthy.client, "pelicans")
    assert status == 200 and data["total"] == 12


def test_an_unreachable_shard_stops_the_update_before_it_writes(healthy):
    from indexer.searchd.sink import ShardDown
    for name in SHARD1:
        healthy.signal(name, signal.SIGKILL)
    (healthy.corpus / "new-one.txt").write_text("A new one\n\nAbout flamingos.\n", encoding="utf-8")
    with pytest.raises(ShardDown, match="shard 1 of the searchd cluster cannot be reached"):
        healthy.index(healthy.corpus, healthy.state)
    for name in SHARD1:
        healthy.restart(name)
    report = healthy.index(healthy.corpus, healthy.state)
    assert report.added == ["new-one.txt"]
    assert search(healthy.client, "flamingos")[1]["total"] == 1
