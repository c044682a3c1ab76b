"""A local searchd cluster in one folder: two shards (optionally mirrored) and a master, on loopback.

``clippings searchd up --dir DIR`` calls :func:`up`: it writes one
configuration per node under ``DIR`` (``DIR/<node>/searchd.conf``, data in
``DIR/<node>/data``), starts ``searchd --nodetach`` for each on free
127.0.0.1 ports, waits until each answers SphinxQL, and records the
nodes, their PIDs and the ``CLIPPINGS_SEARCHD`` value in
``DIR/cluster.json``.  :func:`down` stops them by PID (SIGTERM, which saves
the RT indexes; SIGKILL after a grace period).  Every node listens on
127.0.0.1 only: searchd has no authentication.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from indexer.index.files import replace_file

from indexer.searchd import schema
from indexer.searchd.config import Cluster, Node

STATE = "cluster.json"
HOST = "127.0.0.1"
AGENT_CONNECT_TIMEOUT_MS = 300     # a master waits this long for a shard to accept ...
AGENT_QUERY_TIMEOUT_MS = 700       # ... and this long for its answer: a hung shard costs < 1 s
START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


class ClusterError(Exception):
    """The cluster could not be started or stopped; the message says why."""


@dataclass
class NodeState:
    """One searchd of the local cluster: its name, role, ports, configuration file and PID."""

    name: str
    role: str               # "master" or "shard"
    shard: int | None
    port: int
    api: int
    config: str
    pid: int | None = None

    @property
    def node(self) -> Node:
        return Node(HOST, self.port, self.api)


def searchd_binary() -> str:
    found = shutil.which("searchd")
    if not found:
        raise ClusterError("searchd is not installed: 'apt-get install sphinxsearch' (Debian) or install "
                           "Manticore Search")
    return found


def free_ports(n: int) -> list[int]:
    """``n`` distinct free loopback ports (bound and released together)."""
    sockets = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind((HOST, 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def searchd_section(folder: Path, port: int, api: int) -> str:
    return "\n".join([
        "searchd", "{",
        f"    listen = {HOST}:{port}:mysql41",
        f"    listen = {HOST}:{api}",
        f"    log = {folder / 'searchd.log'}",
        f"    pid_file = {folder / 'searchd.pid'}",
        f"    binlog_path = {folder / 'data'}",
        "    collation_server = binary        # 'Reuters' and 'reuters' are two values",
        "    workers = threads",
        "    max_packet_size = 32M",
        "    agent_retry_count = 0            # a dead shard costs one connect timeout, not several",
        "    read_timeout = 5",
        "    client_timeout = 300",
        "    seamless_rotate = 0",
        "    unlink_old = 1",
        "}",
    ])


def master_index(shards: list[list[NodeState]]) -> str:
    """The master's distributed indexes: the articles, and the state and terms indexes beside them,
    each over the same agents (a shard's copies are its mirrors)."""
    sections = []
    for index in (schema.INDEX, schema.STATE_INDEX, schema.TERMS_INDEX):
        lines = [f"index {index}", "{", "    type = distributed"]
        for mirrors in shards:
            lines.append("    agent = " + "|".join(f"{HOST}:{m.api}" for m in mirrors) + f":{index}")
        lines += ["    ha_strategy = nodeads           # a mirror found dead is left out until it answers again",
                  f"    agent_connect_timeout = {AGENT_CONNECT_TIMEOUT_MS}",
                  f"    agent_query_timeout = {AGENT_QUERY_TIMEOUT_MS}", "}"]
        sections.append("\n".join(lines))
    return "\n\n".join(sections)


def write_configs(folder: Path, shards: int = 2, mirrors: int = 1) -> list[NodeState]:
    """Configuration files for ``shards`` shards of ``mirrors`` copies each and a master."""
    folder = Path(folder).resolve()
    count = shards * mirrors + 1
    ports = free_ports(2 * count)
    nodes: list[NodeState] = []
    k = 0
    for s in range(shards):
        for m in range(mirrors):
            name = f"shard{s}" + (f"-{m}" if mirrors > 1 else "")
            nodes.append(NodeState(name, "shard", s, ports[2 * k], ports[2 * k + 1],
                                   str(folder / name / "searchd.conf")))
            k += 1
    nodes.append(NodeState("master", "master", None, ports[2 * k], ports[2 * k + 1],
                           str(folder / "master" / "searchd.conf")))
    for node in nodes:
        (Path(node.config).parent / "data").mkdir(parents=True, exist_ok=True)
        Path(node.config).write_text(config_text(node, nodes), encoding="utf-8")
    return nodes


def config_text(node: NodeState, nodes: list[NodeState]) -> str:
    """The configuration file of ``node`` in the cluster ``nodes``."""
    folder = Path(node.config).parent
    if node.role == "master":
        count = 1 + max(n.shard for n in nodes if n.role == "shard")
        indexes = master_index([[n for n in nodes if n.shard == s] for s in range(count)])
    else:
        indexes = schema.index_configs(str(folder / "data"))
    return indexes + "\n\n" + searchd_section(folder, node.port, node.api) + "\n"


def outdated(nodes: list[NodeState]) -> list[str]:
    """The nodes whose configuration file is not what this version writes (another schema)."""
    out = []
    for node in nodes:
        try:
            text = Path(node.config).read_text(encoding="utf-8")
        except OSError:
            text = None
        if text != config_text(node, nodes):
            out.append(node.name)
    return out


def cluster_of(nodes: list[NodeState]) -> Cluster:
    """The :class:`Cluster` (``CLIPPINGS_SEARCHD``) of the local nodes."""
    master = next(n for n in nodes if n.role == "master")
    count = 1 + max(n.shard for n in nodes if n.role == "shard")
    shards = tuple(tuple(n.node for n in nodes if n.shard == s) for s in range(count))
    return Cluster(Node(HOST, master.port), shards)


def start(node: NodeState, *, popen: dict | None = None) -> int:
    """Start ``node``'s searchd in its own session and wait until it answers; returns its PID.
    ``popen`` (name -> Popen) keeps the handle, so a caller in this process can reap it."""
    folder = Path(node.config).parent
    log = open(folder / "stdout.log", "ab")
    proc = subprocess.Popen([searchd_binary(), "--config", node.config, "--nodetach"], stdout=log,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    log.close()
    if popen is not None:
        popen[node.name] = proc
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if proc.poll() is not None:
            tail = (folder / "stdout.log").read_text(errors="replace")[-800:]
            raise ClusterError(f"searchd for {node.name} exited ({proc.returncode}):\n{tail}")
        if _answers(node.port):
            node.pid = proc.pid
            return proc.pid
        if time.monotonic() > deadline:
            proc.kill()
            raise ClusterError(f"searchd for {node.name} did not answer on {HOST}:{node.port} "
                               f"within {START_TIMEOUT:g} s")
        time.sleep(0.05)


def _answers(port: int) -> bool:
    import pymysql
    try:
        conn = pymysql.connect(host=HOST, port=port, connect_timeout=1, read_timeout=2)
    except pymysql.err.MySQLError:
        return False
    conn.close()
    return True


def _is_ours(pid: int, config: str) -> bool:
    """Whether ``pid`` is still the searchd of ``config`` (a PID may have been reused)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        status = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    if status.split(")")[-1].split()[0] == "Z":
        return False
    return config.encode() in cmdline


def stop(node: NodeState, timeout: float = STOP_TIMEOUT, popen: dict | None = None) -> bool:
    """Stop ``node`` by its PID (SIGTERM, then SIGKILL after ``timeout``); False if it was not running."""
    if node.pid is None or not _is_ours(node.pid, node.config):
        _reap(node, popen)
        return False
    for sig, wait in ((signal.SIGCONT, 0), (signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
        try:
            os.kill(node.pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and _is_ours(node.pid, node.config):
            _reap(node, popen, block=False)
            time.sleep(0.05)
        if wait and not _is_ours(node.pid, node.config):
            break
    _reap(node, popen)
    return True


def _reap(node: NodeState, popen: dict | None, block: bool = True) -> None:
    proc = (popen or {}).get(node.name)
    if proc is not None:
        if block:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                return
        else:
            proc.poll()


def save(folder: Path, nodes: list[NodeState]) -> None:
    data = {"CLIPPINGS_SEARCHD": cluster_of(nodes).spec(), "nodes": [asdict(n) for n in nodes]}
    replace_file(Path(folder) / STATE, json.dumps(data, indent=2))


def load(folder: Path) -> list[NodeState]:
    path = Path(folder) / STATE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [NodeState(**n) for n in data["nodes"]]
    except FileNotFoundError:
        raise ClusterError(f"no cluster in {folder} (no {STATE}): start one with 'clippings searchd up --dir {folder}'") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ClusterError(f"{path} cannot be read ({exc})") from None


def running(nodes: list[NodeState]) -> list[NodeState]:
    return [n for n in nodes if n.pid is not None and _is_ours(n.pid, n.config)]


def up(folder: Path, shards: int = 2, mirrors: int = 1, popen: dict | None = None) -> Cluster:
    """Start a local cluster in ``folder`` (or the one already there, with its ports and data);
    returns its :class:`Cluster`."""
    folder = Path(folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        nodes = load(folder)
    except ClusterError:
        nodes = write_configs(folder, shards, mirrors)
    stale = outdated(nodes)
    if stale:
        raise ClusterError(f"the cluster in {folder} was set up by another version of Clippings (the configuration "
                           f"of {', '.join(stale)} differs from what this version writes): stop it with 'clippings "
                           "searchd down', start a new one in another folder and run 'clippings rebuild'")
    started = []
    try:
        for node in nodes:                       # shards first, the master last
            if node.pid is None or not _is_ours(node.pid, node.config):
                start(node, popen=popen)
                started.append(node)
            save(folder, nodes)
    except BaseException:
        for node in started:
            stop(node, popen=popen)
        raise
    return cluster_of(nodes)


def down(folder: Path, popen: dict | None = None) -> list[str]:
    """Stop every node of the cluster in ``folder`` by PID; returns the names of those that ran."""
    nodes = load(folder)
    stopped = [n.name for n in reversed(nodes) if stop(n, popen=popen)]
    for node in nodes:
        node.pid = None
    save(folder, nodes)
    return stopped
