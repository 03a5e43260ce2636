"""A varnishd with the site's VCL (docker/varnish/) in front of a backend, for the purge test and the spike benchmark.

The VCL is the one compose runs, rendered by the same script
(``docker/varnish/render-vcl.sh``) with the backend's loopback port, so what
the test and the benchmark measure is what production serves.
"""

import json
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from bench.server import _free_port

REPO = Path(__file__).resolve().parents[1]
RENDER = REPO / "docker" / "varnish" / "render-vcl.sh"
START_TIMEOUT = 20.0


def available():
    return shutil.which("varnishd") is not None


class Varnish:
    """``varnishd -F`` on a free loopback port in front of ``backend_port``, for the length of a ``with`` block."""

    def __init__(self, backend_port, purgers=("127.0.0.1", "::1"), memory="256m"):
        self.backend_port = backend_port
        self.purgers = purgers
        self.memory = memory
        self.port = _free_port()
        self.workdir = None
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.workdir = Path(tempfile.mkdtemp(prefix="varnish-"))
        # varnishd reads the VCL as its own unprivileged user when started as root.
        self.workdir.chmod(0o755)
        vcl = self.workdir / "site.vcl"
        rendered = subprocess.run(  # noqa: S603 - our own script
            [str(RENDER), "127.0.0.1", str(self.backend_port), " ".join(self.purgers)],
            check=True,
            capture_output=True,
            text=True,
        )
        vcl.write_text(rendered.stdout)
        command = [shutil.which("varnishd"), "-F", "-a", f"127.0.0.1:{self.port}", "-f", str(vcl)]
        command += ["-n", str(self.workdir / "n"), "-s", f"malloc,{self.memory}", "-p", "ban_lurker_sleep=0.1"]
        self.process = subprocess.Popen(  # noqa: S603 - varnishd from the system's packages
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"varnishd stopped: {self.process.stderr.read().decode(errors='replace')}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.05)
        self.__exit__(None, None, None)
        raise RuntimeError("varnishd did not listen within 20 s")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self.process:
            self.process.stderr.close()
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def counters(self):
        """varnishstat's main counters (hits, misses, passes, backend requests) as {name: value}."""
        output = subprocess.run(  # noqa: S603 - varnishstat from the system's packages
            [shutil.which("varnishstat"), "-j", "-n", str(self.workdir / "n")],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        counters = json.loads(output).get("counters", {})
        return {
            name.removeprefix("MAIN."): entry["value"] for name, entry in counters.items() if name.startswith("MAIN.")
        }
