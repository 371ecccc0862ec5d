"""The suite never reaches the network: pages must work offline, so any connection to a
host other than this machine's loopback fails at once, naming the code that tried."""

from __future__ import annotations

import ipaddress
import socket

_state = {"where": None, "installed": 0, "refused": []}
_original_connect = socket.socket.connect
_original_connect_ex = socket.socket.connect_ex
_original_getaddrinfo = socket.getaddrinfo


class NetworkBlocked(OSError):
    pass


def _is_local(host) -> bool:
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(host) -> NetworkBlocked:
    _state["refused"].append(host)
    return NetworkBlocked(_refuse_text(host))


def _refuse_text(host) -> str:
    where = _state["where"] or "this test"
    return (
        f"{where} tried to reach {host!r} over the network. Pages must work offline: no "
        "downloads (datasets with download=True, hub weights, URLs). Build the data in the "
        "code, or read a file the code writes itself."
    )


def _check(address, family) -> None:
    if family == socket.AF_UNIX:
        return
    host = address[0] if isinstance(address, tuple) else address
    if not _is_local(host):
        raise _refuse(host)


def _connect(self, address):
    _check(address, self.family)
    return _original_connect(self, address)


def _connect_ex(self, address):
    _check(address, self.family)
    return _original_connect_ex(self, address)


def _getaddrinfo(host, *args, **kwargs):
    if not _is_local(host if not isinstance(host, bytes) else host.decode()):
        raise _refuse(host)
    return _original_getaddrinfo(host, *args, **kwargs)


def install() -> None:
    """Allow loopback only, until the matching uninstall() (calls nest: a test session
    started inside another, as pytester does, leaves the outer guard in place)."""
    _state["installed"] += 1
    socket.socket.connect = _connect
    socket.socket.connect_ex = _connect_ex
    socket.getaddrinfo = _getaddrinfo


def uninstall() -> None:
    _state["installed"] = max(0, _state["installed"] - 1)
    if _state["installed"] == 0:
        socket.socket.connect = _original_connect
        socket.socket.connect_ex = _original_connect_ex
        socket.getaddrinfo = _original_getaddrinfo


def blame(where: str | None) -> None:
    """Name the block or test that runs now, for the message; forget earlier refusals."""
    _state["where"] = where
    _state["refused"] = []


def refused() -> list:
    """Hosts refused since blame() was last called (code may have swallowed the error,
    e.g. a downloader that prints it and tries the next mirror)."""
    return list(_state["refused"])


def message(hosts: list) -> str:
    return str(_refuse_text(hosts[0]))
