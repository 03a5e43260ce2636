"""The site under gunicorn, driven over loopback: requests per second, latency, and a worker's memory.

No load generator is installed on the build machines (no ``wrk``, no
``hey``), so this one is a few threads, each with its own keep-alive
connection, sending the requests of a fixed list in turn.
"""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

from bench.stats import latency

REPO = Path(__file__).resolve().parents[1]
WORKERS = 2
# Characters of a path and query string that stay as they are; the Chinese of a search is percent-encoded.
SAFE = "/?=&%:+"
START_TIMEOUT = 60.0


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """``gunicorn config.wsgi`` with two workers on a free loopback port, for the length of a ``with`` block."""

    def __init__(self, environment):
        self.port = _free_port()
        self.environment = {**os.environ, **environment}
        self.process = None

    def __enter__(self):
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi:application",
            "--chdir",
            str(REPO / "site"),
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(command, env=self.environment)  # noqa: S603 - our own fixed command
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                status, _body = self.get("/")
            except OSError:
                time.sleep(0.3)
                continue
            if status < 500:
                return self
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not answer within a minute")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def get(self, path):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", quote(path, safe=SAFE), headers={"Host": "localhost"})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]


def memory_of(pid):
    """Resident and peak resident memory of a process, in MB, from ``/proc``."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _sep, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(value.split()[0]) / 1024
    return {"rss_mb": round(values["VmRSS"], 1), "peak_rss_mb": round(values["VmHWM"], 1)}


def load(server, paths, total, concurrency=4):
    """Send ``total`` GETs spread over ``paths`` (in turn) from ``concurrency`` keep-alive clients."""
    timings, errors, lock = [], [], threading.Lock()
    counter = iter(range(total))

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        own = []
        for number in counter:
            path = quote(paths[number % len(paths)], safe=SAFE)
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Host": "localhost"})
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    errors.append((path, response.status))
            except (OSError, http.client.HTTPException) as error:
                errors.append((path, str(error)))
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            own.append(time.perf_counter() - started)
        connection.close()
        with lock:
            timings.extend(own)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _number in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "requests": total,
        "requests_per_second": round(total / elapsed, 1),
        **latency(timings),
        "errors": len(errors),
        "first_errors": [f"{path}: {status}" for path, status in errors[:3]],
    }


def api(server, endpoints, requests_per_endpoint):
    """Each API endpoint ``(name, path template)`` under load; one that answers 404 is skipped with a note.

    ``{id}`` in a template is filled with published activity ids in turn.
    """
    from showcase.models import ActivityPage

    ids = list(ActivityPage.objects.live().order_by("-pk").values_list("pk", flat=True)[:200])
    figures, notes = {}, []
    for name, template in endpoints:
        paths = [template.format(id=pk) for pk in ids] if "{id}" in template else [template]
        status, _body = server.get(paths[0])
        if status == 404:
            notes.append(f"{name}: {paths[0]} answers 404 (not mounted on this branch), skipped")
            continue
        server.get(paths[0])
        figures[name] = load(server, paths, requests_per_endpoint)
    return figures, notes


def memory(server, paths, total):
    """Peak RSS of each worker after ``total`` mixed requests, and its growth over the second half."""
    half = total // 2
    traffic = {"first_half": load(server, paths, half)}
    middle = {pid: memory_of(pid) for pid in server.worker_pids()}
    traffic["second_half"] = load(server, paths, total - half)
    end = {pid: memory_of(pid) for pid in server.worker_pids()}
    workers = []
    for pid, after in end.items():
        before = middle.get(pid)
        growth = round(100 * (after["rss_mb"] - before["rss_mb"]) / before["rss_mb"], 1) if before else None
        workers.append({"pid": pid, "after_half": before, "after_all": after, "growth_second_half_percent": growth})
    return {
        "requests": total,
        "workers": workers,
        "peak_rss_mb": max(worker["after_all"]["peak_rss_mb"] for worker in workers),
        "max_growth_second_half_percent": max((w["growth_second_half_percent"] or 0) for w in workers),
        "traffic": traffic,
    }
