"""A test printer on a loopback TCP port: it keeps every byte it is sent and answers DLE EOT status
requests like a receipt printer, so print jobs in tests and benchmarks go over a real socket.

It can be told to misbehave: be out of paper (or nearly), never answer status, stop answering
status once it has taken N bytes (it printed the job and went quiet), refuse connections, drop the
connection after N bytes, or hang (stop reading and answering) after N bytes.
Binds 127.0.0.1 on an ephemeral port unless told otherwise; standard library only.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field

_REPLIES = {"ok": 0x12, "low": 0x1E, "out": 0x72}


@dataclass
class Behaviour:
    paper: str = "ok"  # ok | low | out
    silent: bool = False  # never answers status requests
    silent_after: int | None = None  # answers no status request once a connection passed N bytes
    drop_after: int | None = None  # reset the connection after this many bytes
    hang_after: int | None = None  # stop reading and answering after this many bytes
    counts: dict[str, int] = field(default_factory=dict)


class LoopbackPrinter:
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.behaviour = Behaviour()
        self.connections: list[bytearray] = []
        self.last_byte_at: list[float] = []  # time.perf_counter() of each connection's last byte
        self._cond = threading.Condition()
        self._listener: socket.socket | None = None
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._clients: list[socket.socket] = []
        self.port = port
        self._listen()

    # -- control --------------------------------------------------------------------------
    @property
    def address(self) -> str:
        return f"tcp://{self.host}:{self.port}?timeout=2"

    def refuse_connections(self) -> None:
        """Close the port: connecting now fails at once (connection refused)."""
        if self._listener is not None:
            listener, self._listener = self._listener, None
            try:
                listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
            except OSError:
                pass
            listener.close()

    def accept_connections(self) -> None:
        if self._listener is None:
            self._listen()

    def set(self, **changes: object) -> None:
        with self._cond:
            for key, value in changes.items():
                setattr(self.behaviour, key, value)

    def close(self) -> None:
        self._stopping.set()
        self.refuse_connections()
        for client in list(self._clients):
            try:
                client.close()
            except OSError:
                pass
        for thread in self._threads:
            thread.join(timeout=2)

    def __enter__(self) -> LoopbackPrinter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what it received -----------------------------------------------------------------
    @property
    def jobs(self) -> list[bytes]:
        """Each connection's bytes less status requests at either end; status-only ones dropped."""
        out = []
        with self._cond:
            for data in self.connections:
                job = bytes(data)
                while job.startswith(b"\x10\x04"):
                    job = job[3:]
                while len(job) >= 3 and job[-3:-1] == b"\x10\x04":
                    job = job[:-3]
                if job:
                    out.append(job)
        return out

    def wait_for_jobs(self, count: int, timeout: float = 5.0) -> list[bytes]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.jobs) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
        return self.jobs

    # -- the server -----------------------------------------------------------------------
    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))
        listener.listen(8)
        self.port = listener.getsockname()[1]
        self._listener = listener
        thread = threading.Thread(target=self._accept, args=(listener,), daemon=True,
                                  name="loopback-printer")
        thread.start()
        self._threads.append(thread)

    def _accept(self, listener: socket.socket) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed
            self._clients.append(client)
            with self._cond:
                self.connections.append(bytearray())
                self.last_byte_at.append(time.perf_counter())
                index = len(self.connections) - 1
            thread = threading.Thread(target=self._serve, args=(client, index), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, client: socket.socket, index: int) -> None:
        window = b""
        client.settimeout(0.2)
        try:
            while not self._stopping.is_set():
                b = self.behaviour
                received = len(self.connections[index])
                if b.hang_after is not None and received >= b.hang_after:
                    time.sleep(0.05)  # holds the connection open, reads nothing, answers nothing
                    continue
                try:
                    chunk = client.recv(4096)
                except TimeoutError:
                    continue
                if not chunk:
                    return
                limit = None
                for cutoff in (b.drop_after, b.hang_after):
                    if cutoff is not None:
                        room = cutoff - received
                        limit = room if limit is None else min(limit, room)
                if limit is not None and len(chunk) > limit:
                    chunk = chunk[:max(limit, 0)]
                with self._cond:
                    self.connections[index].extend(chunk)
                    self.last_byte_at[index] = time.perf_counter()
                    self._cond.notify_all()
                window = (window + chunk)[-(len(chunk) + 2):]
                replies = self._status_replies(window, len(chunk))
                quiet = b.silent or (b.silent_after is not None
                                     and received + len(chunk) > b.silent_after)
                if replies and not quiet:
                    client.sendall(replies)
                if b.drop_after is not None and received + len(chunk) >= b.drop_after:
                    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                      b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    return  # closing with linger 0 resets the connection
        except OSError:
            return
        finally:
            try:
                client.close()
            except OSError:
                pass

    def _status_replies(self, window: bytes, fresh: int) -> bytes:
        """Answer each DLE EOT n that ends inside the bytes just received."""
        replies = bytearray()
        start = len(window) - fresh
        for pos in range(max(0, start - 2), len(window) - 2):
            if window[pos] == 0x10 and window[pos + 1] == 0x04 and pos + 2 >= start:
                n = window[pos + 2]
                if n == 4:
                    replies.append(_REPLIES[self.behaviour.paper])
                elif n == 1:
                    replies.append(0x16)
                elif n in (2, 3):
                    replies.append(0x12)
        return bytes(replies)
