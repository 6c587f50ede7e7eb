"""A private PostgreSQL cluster and RabbitMQ node for the chaos test.

The chaos test stops and restarts the database and the broker under a running platform. It does
so on instances of its own, on free ports and in a scratch directory, so the machine's shared
servers (and whatever else is using them) are never disturbed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

POSTGRES_BIN = Path("/usr/lib/postgresql") / (
    sorted(os.listdir("/usr/lib/postgresql"))[-1] if Path("/usr/lib/postgresql").exists() else "15"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_port(port: int, *, open_: bool, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                is_open = True
        except OSError:
            is_open = False
        if is_open == open_:
            return
        time.sleep(0.2)
    raise RuntimeError(f"port {port} not {'open' if open_ else 'closed'} after {timeout}s")


def _as_user(user: str) -> list[str]:
    """PostgreSQL refuses to run as root; the broker wants its own user's files."""
    return ["runuser", "-u", user, "--"] if os.geteuid() == 0 else []


@dataclass
class PrivatePostgres:
    directory: Path
    port: int = field(default_factory=free_port)

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}"

    def _ctl(self, *args: str) -> None:
        pg_ctl = str(POSTGRES_BIN / "bin" / "pg_ctl")
        subprocess.run(
            [*_as_user("postgres"), pg_ctl, "-D", str(self.data), *args],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def start(self) -> None:
        if not self.data.exists():
            self.directory.mkdir(parents=True, exist_ok=True)
            shutil.chown(self.directory, "postgres") if os.geteuid() == 0 else None
            subprocess.run(
                [
                    *_as_user("postgres"),
                    str(POSTGRES_BIN / "bin" / "initdb"),
                    "-D",
                    str(self.data),
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "--no-sync",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
            "-c max_connections=300 -c fsync=off"
        )
        self._ctl("-o", options, "-l", str(self.directory / "postgres.log"), "-w", "start")

    def restart(self) -> None:
        """A fast shutdown (every connection cut) and a start: what a crash-restart looks like."""
        self._ctl("-m", "fast", "-w", "restart")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._ctl("-m", "immediate", "-w", "stop")
        shutil.rmtree(self.directory, ignore_errors=True)


@dataclass
class PrivateRabbit:
    directory: Path
    port: int = field(default_factory=free_port)
    dist_port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    @property
    def node(self) -> str:
        return f"chaos{self.port}@localhost"

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        config = self.directory / "rabbitmq.conf"
        config.write_text(f"listeners.tcp.local = 127.0.0.1:{self.port}\nloopback_users = none\n")
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", "rabbitmq:rabbitmq", str(self.directory)], check=True)
        env = {
            **os.environ,
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_BASE": str(self.directory),
            "RABBITMQ_MNESIA_BASE": str(self.directory / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.directory / "log"),
            "RABBITMQ_CONFIG_FILE": str(config),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.directory / "enabled_plugins"),
            "RABBITMQ_PID_FILE": str(self.directory / "pid"),
            "RABBITMQ_CONF_ENV_FILE": "/dev/null",
        }
        self.process = subprocess.Popen(
            ["rabbitmq-server"],
            env=env,
            stdout=(self.directory / "stdout.log").open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _wait_port(self.port, open_=True, timeout=90)

    def stop(self) -> None:
        """Stop the whole node (every connection and channel gone), keeping its data: a
        shutdown if it goes within seconds, else a kill, which is a crash the data survives."""
        if self.process is None:
            return
        beam = self._beam_pid()
        for sig, grace in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 30.0)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            if beam is not None:  # the VM itself, wherever the start script left it
                with contextlib.suppress(ProcessLookupError):
                    os.kill(beam, sig)
            subprocess.run(["pkill", f"-{sig.name[3:]}", "-f", self.node], check=False)
            try:
                _wait_port(self.port, open_=False, timeout=grace)
                break
            except RuntimeError:
                continue
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(10)
        self.process = None

    def _beam_pid(self) -> int | None:
        try:
            return int((self.directory / "pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def destroy(self) -> None:
        beam = self._beam_pid()
        self.stop()
        if beam is not None:  # never leave a node running once its data is gone
            with contextlib.suppress(ProcessLookupError):
                os.kill(beam, signal.SIGKILL)
        shutil.rmtree(self.directory, ignore_errors=True)
