"""Where shards run: worker processes on this machine, or a Dask cluster.

Both call ``runner.run_shard_here`` for each shard, so the outputs, markers and
failure handling are the same; only the scheduling differs.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from typing import Any

from .runner import run_shard_here
from .shard import ShardTask

__all__ = ["run_dask", "run_local"]

OnEvent = Callable[[dict], None]
OnResult = Callable[[dict[str, Any]], None]


def run_local(tasks: Sequence[ShardTask], *, workers: int, markers: tuple[str, str],
              grace: float, on_event: OnEvent, on_result: OnResult) -> None:
    """``workers`` threads, each driving its own worker process; events reach the caller's
    thread (for the progress bar) through a queue."""
    todo: queue.Queue[ShardTask] = queue.Queue()
    for task in tasks:
        todo.put(task)
    events: queue.Queue[tuple[str, Any]] = queue.Queue()

    def work() -> None:
        try:
            while True:
                try:
                    task = todo.get_nowait()
                except queue.Empty:
                    return
                result = run_shard_here(task, markers, grace,
                                        lambda event: events.put(("event", event)))
                events.put(("result", result))
        except BaseException as exc:  # surfaces in the caller's thread
            events.put(("crash", exc))

    threads = [threading.Thread(target=_closing(work), name=f"reclean-{n}", daemon=True)
               for n in range(max(1, min(workers, len(tasks))))]
    for thread in threads:
        thread.start()
    finished = 0
    while finished < len(tasks):
        kind, value = events.get()
        if kind == "event":
            on_event(value)
        elif kind == "result":
            finished += 1
            on_result(value)
        else:
            raise value
    for thread in threads:
        thread.join()


def _closing(work: Callable[[], None]) -> Callable[[], None]:
    """Close this thread's worker process when the thread's work is over."""
    from . import runner as runner_module

    def wrapped() -> None:
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
