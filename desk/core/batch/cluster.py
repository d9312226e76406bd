"""Batch runs on a Ray cluster the newsroom already runs.

:class:`RayExecutor` connects to the cluster (``ray.init(address=...)``), puts the driver's models,
memory, glossary and settings in the object store once (:mod:`desk.core.batch.pack`), and starts
``workers`` actors of ``threads_per_worker`` CPUs each. An actor unpacks that data on its machine,
builds an :class:`~desk.core.application.Application` over it and loads the model once, then
takes chunks of articles (about ``chunk_sentences`` sentences each) and returns one
:class:`~desk.core.batch.work.Outcome` per article. Each actor has at most two chunks in flight,
so a worker never waits for the driver and a lost worker costs at most two chunks.

Faults: when a worker (or its machine) dies, its unfinished chunks go back to the queue and are
done by the others, and a replacement worker is started where the cluster has room. Results only
ever reach the output through the driver, which records each article once
(:func:`desk.core.batch.runner.run_task`), so nothing is lost or written twice; the driver's own
crash is covered by resuming.

Ray's usage statistics are turned off (``RAY_USAGE_STATS_ENABLED=0``) before Ray is imported.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import socket
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING

from desk.core.batch.work import (
    ArticleWorker,
    Outcome,
    TaskSpec,
    chunks,
    sentence_count,
)
from desk.core.errors import Cancelled, DeskError
from desk.core.jobs import CancelToken
from desk.core.model import Article

if TYPE_CHECKING:
    from ray import ObjectRef
    from ray.actor import ActorHandle

log = logging.getLogger(__name__)

INSTALL_HINT = ("Running on a cluster needs Ray: pip install 'desk[cluster]' on this machine and on every "
                "machine of the cluster.")
IN_FLIGHT = 2  # chunks per worker


def import_ray() -> ModuleType:
    """Ray, with its usage statistics off; ``DeskError`` saying how to install it when missing."""
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    try:
        import ray
    except ImportError as err:
        raise DeskError(INSTALL_HINT) from err
    return ray


def cluster_address(given: str | None) -> str:
    address = given or os.environ.get("RAY_ADDRESS", "")
    if not address:
        raise DeskError("No cluster address: pass --cluster HOST:PORT (the head's address) or set RAY_ADDRESS.")
    return address


def local_ip_towards(address: str) -> str | None:
    """This machine's address on the route to ``address`` (a UDP socket's name; nothing is sent),
    so Ray need not probe a public address to learn it."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect((host or address, int(port or 6379)))
            return str(probe.getsockname()[0])
    except (OSError, ValueError):
        return None


@dataclass
class ClusterOptions:
    address: str
    workers: int = 2
    threads_per_worker: int = 1
    chunk_sentences: int = 64
    start_timeout: float = 300.0  # seconds to wait for a worker the cluster has no room for


@dataclass
class Startup:
    """Where the time before the first article went."""

    connect_seconds: float = 0.0
    pack_seconds: float = 0.0  # packing the models and data and putting them in the object store
    ready_seconds: float = 0.0  # from starting the workers until all of them had loaded the model
    load_seconds: list[float] = field(default_factory=list)  # per worker: unpack + model load
    nodes: list[str] = field(default_factory=list)  # Ray node id of each worker


class BatchActor:
    """One model replica on a cluster machine (made a Ray actor by :class:`RayExecutor`)."""

    def __init__(self, spec: TaskSpec, data: bytes, threads: int, langs: list[str]) -> None:
        os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
        start = time.monotonic()
        self.error = ""
        self.worker: ArticleWorker | None = None
        try:
            from desk.core.application import Application
            from desk.core.batch.pack import unpack_data

            os.environ["DESK_DATA_DIR"] = str(unpack_data(data))
            app = Application()
            app.settings.engine = dataclasses.replace(app.settings.engine, inter_threads=1, intra_threads=threads)
            self.worker = ArticleWorker(app, spec)
            self.worker.warm(langs)
        except DeskError as err:
            self.error = str(err)
        self.load_seconds = time.monotonic() - start

    def ready(self) -> dict:
        import ray

        from desk import __version__

        return {"error": self.error, "load_seconds": self.load_seconds, "version": __version__,
                "host": socket.gethostname(), "node": ray.get_runtime_context().get_node_id()}

    def run(self, chunk: list[Article]) -> list[Outcome]:
        if self.worker is None:
            raise DeskError(self.error or "the worker did not start")
        return [self.worker.run(article) for article in chunk]


class RayExecutor:
    """Articles → outcomes on Ray actors (see the module docstring)."""

    def __init__(self, options: ClusterOptions, spec: TaskSpec, data: bytes, langs: list[str]) -> None:
        if options.workers < 1 or options.threads_per_worker < 1:
            raise DeskError("--workers and --threads-per-worker must be 1 or more")
        self.options = options
        self.spec = spec
        self.data = data
        self.langs = langs
        self.ray = import_ray()
        self.startup = Startup()
        self._data_ref: ObjectRef | None = None
        self._live: list[ActorHandle] = []
        self._starting: dict[ObjectRef, tuple[ActorHandle, float]] = {}
        self._all: list[ActorHandle] = []
        self._replacements = 0

    # --- workers --------------------------------------------------------------------------------

    def start(self) -> Startup:
        """Connect, ship the data and wait until every worker has loaded the model."""
        ray = self.ray
        t0 = time.monotonic()
        try:
            ray.init(address=self.options.address, logging_level=logging.WARNING, log_to_driver=False,
                     _node_ip_address=local_ip_towards(self.options.address))
        except (ConnectionError, RuntimeError, ValueError) as err:
            raise DeskError(f"Cannot connect to the Ray cluster at {self.options.address}: {err}") from err
        t1 = time.monotonic()
        self._data_ref = ray.put(self.data)
        t2 = time.monotonic()
        self.startup.connect_seconds, self.startup.pack_seconds = t1 - t0, t2 - t1
        for _ in range(self.options.workers):
            self._spawn()
        deadline = time.monotonic() + self.options.start_timeout
        while self._starting and time.monotonic() < deadline:
            ready, _ = self.ray.wait(list(self._starting), num_returns=1, timeout=deadline - time.monotonic())
            if ready:
                self._started(ready[0])
        if not self._live:
            raise DeskError(f"No worker could start on the cluster within {self.options.start_timeout:.0f} s: "
                            f"is there a machine with {self.options.threads_per_worker} free CPU(s)?")
        if self._starting:
            log.warning("%d worker(s) not started yet (no room on the cluster); going on with %d",
                        len(self._starting), len(self._live))
        self.startup.ready_seconds = time.monotonic() - t2
        return self.startup

    def _spawn(self) -> None:
        actor_class = self.ray.remote(BatchActor)
        actor = actor_class.options(num_cpus=self.options.threads_per_worker, max_restarts=0,
                                    scheduling_strategy="SPREAD").remote(
            self.spec, self._data_ref, self.options.threads_per_worker, self.langs)
        self._all.append(actor)
        self._starting[actor.ready.remote()] = (actor, time.monotonic())

    def _started(self, ref: ObjectRef) -> None:
        from desk import __version__

        actor, _ = self._starting.pop(ref)
        try:
            info = self.ray.get(ref)
        except self.ray.exceptions.RayError as err:
            log.warning("a worker did not start: %s", err)
            self._replace()
            return
        if info["error"]:
            raise DeskError(f"A worker on {info['host']} could not start: {info['error']}")
        if info["version"] != __version__:
            raise DeskError(f"The cluster machine {info['host']} has Desk {info['version']} and this one "
                            f"{__version__}; install the same version everywhere.")
        self.startup.load_seconds.append(info["load_seconds"])
        self.startup.nodes.append(info["node"])
        self._live.append(actor)

    def _replace(self) -> None:
        self._replacements += 1
        if self._replacements > 5 * self.options.workers:
            raise DeskError("Workers keep dying on the cluster; stopping (run the command again to resume).")
        self._spawn()

    def _lost(self, actor: ActorHandle) -> None:
        if actor in self._live:
            self._live.remove(actor)
            log.warning("a worker was lost; its unfinished chunks go to the others")
            self._replace()

    # --- work -----------------------------------------------------------------------------------

    def map(self, articles: Iterator[Article], cancel: CancelToken | None) -> Iterator[Outcome]:
        ray = self.ray
        source = chunks(articles, sentence_count, self.options.chunk_sentences)
        retry: deque[list[Article]] = deque()
        in_flight: dict[ObjectRef, tuple[ActorHandle, list[Article]]] = {}
        exhausted = False
        idle_since = time.monotonic()
        while True:
            if cancel is not None and cancel.cancelled:
                raise Cancelled()
            for actor in list(self._live):
                while sum(1 for a, _ in in_flight.values() if a is actor) < IN_FLIGHT:
                    chunk = retry.popleft() if retry else (None if exhausted else next(source, None))
                    if chunk is None:
                        exhausted = exhausted or not retry
                        break
                    in_flight[actor.run.remote(chunk)] = (actor, chunk)
            if exhausted and not retry and not in_flight:
                return
            if not self._live and not self._starting:
                self._replace()
            ready, _ = ray.wait([*in_flight, *self._starting], num_returns=1, timeout=1.0)
            if not ready:
                if not self._live and time.monotonic() - idle_since > self.options.start_timeout:
                    raise DeskError("Every worker was lost and none could be started again on the cluster; "
                                    "run the command again to resume.")
                continue
            ref = ready[0]
            if ref in self._starting:
                self._started(ref)
                continue
            actor, chunk = in_flight.pop(ref)
            try:
                outcomes = ray.get(ref)
            except ray.exceptions.RayTaskError as err:
                cause = err.cause if isinstance(err.cause, DeskError) else None
                raise cause or DeskError(f"A worker failed: {err}") from err
            except ray.exceptions.RayError as err:
                log.warning("chunk of %d article(s) lost with its worker (%s); retrying", len(chunk),
                            type(err).__name__)
                retry.appendleft(chunk)
                self._lost(actor)
                if not self._live:
                    idle_since = time.monotonic()
                continue
            yield from outcomes

    def close(self) -> None:
        """Stop the workers and disconnect (the cluster itself keeps running)."""
        ray = self.ray
        if not ray.is_initialized():
            return
        for actor in self._all:
            try:
                ray.kill(actor)
            except ray.exceptions.RayError as err:
                log.debug("kill: %s", err)
        ray.shutdown()
