"""Where shards run: worker processes on this machine, or a Dask cluster.

Both call ``runner.run_shard_here`` for each shard, so the outputs, markers and
failure handling are the same; only the scheduling differs.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from typing import Any

from .runner import ShardResult, ShardRunner, finish_shard, run_shard_here
from .shard import ShardTask

__all__ = ["run_dask", "run_local"]

OnEvent = Callable[[dict], None]
OnResult = Callable[[dict[str, Any]], None]
PROGRESS_EVENTS = ("read",)  # the events ``on_event`` is given: those the progress bar counts


def run_local(tasks: Sequence[ShardTask], *, workers: int, markers: tuple[str, str],
              grace: float, on_event: OnEvent, on_result: OnResult,
              runners: Sequence[ShardRunner] = ()) -> None:
    """``workers`` threads, each driving its own worker process (one of ``runners``,
    started already, when given: the caller closes those); ``PROGRESS_EVENTS`` reach the
    caller's thread (for the progress bar) through a queue."""
    todo: queue.Queue[ShardTask] = queue.Queue()
    for task in tasks:
        todo.put(task)
    events: queue.Queue[tuple[str, Any]] = queue.Queue()

    finishing: queue.Queue[tuple[ShardTask, ShardResult] | None] = queue.Queue()

    def finisher() -> None:  # syncs and marks finished shards while the workers go on
        try:
            while (item := finishing.get()) is not None:
                events.put(("result", finish_shard(*item, markers)))
        except BaseException as exc:
            events.put(("crash", exc))

    def forward(event: dict) -> None:  # begin/outcome events stay with the shard's result:
        if event["t"] in PROGRESS_EVENTS:  # handing each to this thread costs a wake-up
            events.put(("event", event))

    def work() -> None:
        try:
            while True:
                try:
                    task = todo.get_nowait()
                except queue.Empty:
                    return
                run_shard_here(task, markers, grace, forward,
                               finish=lambda task, result: finishing.put((task, result)))
        except BaseException as exc:  # surfaces in the caller's thread
            events.put(("crash", exc))

    count = max(1, min(workers, len(tasks)))
    threads = [threading.Thread(target=_closing(work, runners[n] if n < len(runners) else None),
                                name=f"reclean-{n}", daemon=True) for n in range(count)]
    syncing = threading.Thread(target=finisher, name="reclean-finish", daemon=True)
    syncing.start()
    for thread in threads:
        thread.start()
    finished = 0
    try:
        while finished < len(tasks):
            kind, value = events.get()
            if kind == "event":
                on_event(value)
            elif kind == "result":
                finished += 1
                on_result(value)
            else:
                raise value
    finally:
        finishing.put(None)
    for thread in [*threads, syncing]:
        thread.join()


def _closing(work: Callable[[], None], given: ShardRunner | None = None
             ) -> Callable[[], None]:
    """Run ``work`` with ``given`` as this thread's runner, or close this thread's own
    worker process when the thread's work is over."""
    from . import runner as runner_module

    def wrapped() -> None:
        if given is not None:
            runner_module._local.runner = given
            try:
                work()
            finally:
                runner_module._local.runner = None
            return
        try:
            work()
        finally:
            local_runner = getattr(runner_module._local, "runner", None)
            if local_runner is not None:
                local_runner.close()
                runner_module._local.runner = None

    return wrapped


def run_dask(tasks: Sequence[ShardTask], *, address: str, markers: tuple[str, str],
             grace: float, on_result: OnResult) -> None:
    """One Dask task per shard on the cluster at ``address`` (results as they complete)."""
    from distributed import Client, as_completed

    with Client(address, set_as_default=False) as client:
        futures = {client.submit(run_shard_here, task, markers, grace, pure=False,
                                 key=f"reclean-{markers[1]}-{task.key}"): task for task in tasks}
        for future in as_completed(list(futures), loop=client.loop):
            try:
                result = future.result()
            except Exception as exc:  # a lost worker: the shard stays unmarked for a rerun
                task = futures[future]
                result = {"key": task.key, "path": task.path, "read": 0, "cleaned": 0,
                          "unchanged": 0, "failed": 0, "failures": [], "complete": False,
                          "error": f"{type(exc).__name__}: {exc}"[:500]}
            on_result(result)
