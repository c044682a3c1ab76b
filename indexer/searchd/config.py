"""Which search backend the indexer and the web app use, and where the searchd cluster is.

``CLIPPINGS_BACKEND`` is ``whoosh`` (the default) or ``searchd``.
``CLIPPINGS_SEARCHD`` describes the cluster, items separated by spaces::

    master=127.0.0.1:9306 shard=127.0.0.1:9307/9308|127.0.0.1:9311/9312 shard=127.0.0.1:9309/9310

``master=HOST:PORT`` is the SphinxQL address of the searchd that holds the
distributed index (reads go there).  Each ``shard=`` is one shard, its
copies (mirrors) separated by ``|``; each copy is ``HOST:SQLPORT/APIPORT``:
the SphinxQL port the indexer writes to and the agent (binary protocol)
port the master reads from.  Shards are numbered from 0 in the order given;
an article lives on shard ``hash(id) mod number of shards``, on every
mirror of it.  Both values may also be set in the instance config
(``instance/config.py``: ``CLIPPINGS_BACKEND = "searchd"`` and
``CLIPPINGS_SEARCHD = "..."``); the environment wins.
"""

from __future__ import annotations

import os
import re
import runpy
from dataclasses import dataclass

from indexer.config import PROJECT_DIR

BACKEND_ENV = "CLIPPINGS_BACKEND"
SEARCHD_ENV = "CLIPPINGS_SEARCHD"
BACKENDS = ("whoosh", "searchd")
INSTANCE_CONFIG = PROJECT_DIR / "instance" / "config.py"

_ADDRESS = re.compile(r"^(?P<host>[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:]+\]):(?P<port>\d{1,5})$")
_COPY = re.compile(r"^(?P<address>[^/]+)/(?P<api>\d{1,5})$")


class ConfigError(ValueError):
    """The backend settings cannot be read; the message says what is wrong and how it should look."""


@dataclass(frozen=True)
class Node:
    """One searchd: its host, its SphinxQL port and (for shard copies) its agent port."""

    host: str
    port: int
    api: int | None = None

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def agent(self) -> str:
        return f"{self.host}:{self.api}"

    def __str__(self) -> str:
        return self.address if self.api is None else f"{self.address}/{self.api}"


@dataclass(frozen=True)
class Cluster:
    """The master (reads) and the shards, each a tuple of its mirrors (writes go to all of them)."""

    master: Node
    shards: tuple[tuple[Node, ...], ...]

    def spec(self) -> str:
        """The ``CLIPPINGS_SEARCHD`` value describing this cluster."""
        return " ".join([f"master={self.master}"] + ["shard=" + "|".join(map(str, s)) for s in self.shards])

    def shard_of_agent(self, agent: str) -> int | None:
        """The number of the shard one of whose copies has the agent address ``agent``."""
        for n, mirrors in enumerate(self.shards):
            if any(node.agent == agent for node in mirrors):
                return n
        return None


FORM = ("master=HOST:PORT shard=HOST:PORT/APIPORT[|HOST:PORT/APIPORT...] [shard=...]  "
        "(e.g. master=127.0.0.1:9306 shard=127.0.0.1:9307/9308 shard=127.0.0.1:9309/9310)")


def parse(spec: str) -> Cluster:
    """The cluster ``spec`` describes; raises :class:`ConfigError`."""
    master = None
    shards: list[tuple[Node, ...]] = []
    for item in spec.split():
        key, _, value = item.partition("=")
        if key == "master" and master is None:
            master = _node(value, api=False)
        elif key == "shard":
            shards.append(tuple(_node(copy, api=True) for copy in value.split("|")))
        else:
            raise ConfigError(f"{SEARCHD_ENV}: cannot read '{item}'; the form is {FORM}")
    if master is None or not shards:
        raise ConfigError(f"{SEARCHD_ENV} needs a master and at least one shard; the form is {FORM}")
    return Cluster(master, tuple(shards))


def _node(text: str, api: bool) -> Node:
    api_port = None
    if api:
        match = _COPY.match(text)
        if not match:
            raise ConfigError(f"{SEARCHD_ENV}: a shard copy is HOST:SQLPORT/APIPORT (got '{text}'); the form is {FORM}")
        text, api_port = match["address"], int(match["api"])
    match = _ADDRESS.match(text)
    if not match or not 0 < int(match["port"]) < 65536 or (api_port is not None and not 0 < api_port < 65536):
        raise ConfigError(f"{SEARCHD_ENV}: '{text}' is not HOST:PORT; the form is {FORM}")
    return Node(match["host"].strip("[]"), int(match["port"]), api_port)


def _instance_settings() -> dict:
    """``CLIPPINGS_BACKEND`` and ``CLIPPINGS_SEARCHD`` from the instance config, if it sets them."""
    if not INSTANCE_CONFIG.is_file():
        return {}
    try:
        values = runpy.run_path(str(INSTANCE_CONFIG))
    except Exception as exc:  # noqa: BLE001 - a broken config file is reported, not a traceback
        raise ConfigError(f"{INSTANCE_CONFIG} cannot be read: {type(exc).__name__}: {exc}") from None
    return {k: values[k] for k in (BACKEND_ENV, SEARCHD_ENV) if isinstance(values.get(k), str)}


def settings(config: dict | None = None) -> tuple[str, Cluster | None]:
    """The backend name and, for searchd, its cluster: from ``config`` (a mapping such as the web
    app's config) when given, else from the environment, else from the instance config."""
    if config is None:
        source = _instance_settings()
        source.update({k: os.environ[k] for k in (BACKEND_ENV, SEARCHD_ENV) if os.environ.get(k)})
    else:
        source = config
    backend = (source.get(BACKEND_ENV) or "whoosh").strip().lower()
    if backend not in BACKENDS:
        raise ConfigError(f"{BACKEND_ENV} must be one of {', '.join(BACKENDS)} (got '{backend}')")
    if backend == "whoosh":
        return backend, None
    spec = source.get(SEARCHD_ENV) or ""
    if not spec.strip():
        raise ConfigError(f"{BACKEND_ENV}=searchd needs {SEARCHD_ENV}: {FORM}; "
                          "'clippings searchd up --dir DIR' starts a local cluster and prints it")
    return backend, parse(spec)

