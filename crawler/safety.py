"""What the crawler may fetch: http(s) only, and never private, loopback or link-local hosts unless allowed.

Link-local addresses (169.254.0.0/16, fe80::/10: cloud metadata endpoints) and multicast/reserved ones are
refused even with --allow-private-hosts, which exists so that tests and the demo can crawl 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket
from functools import lru_cache
from urllib.parse import urlsplit


@lru_cache(maxsize=4096)
def _addresses(host: str) -> tuple[str, ...]:
    try:
        return tuple(sorted({ai[4][0] for ai in socket.getaddrinfo(host, None)}))
    except (socket.gaierror, UnicodeError):
        return ()


def refusal(url: str, allow_private: bool) -> str | None:
    """None when the URL may be fetched, else the reason it may not."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"scheme {parts.scheme or '(none)'!r} is not http(s)"
    host = parts.hostname
    if not host:
        return "no host"
    try:
        addresses: tuple[str, ...] = (str(ipaddress.ip_address(host)),)
    except ValueError:
        addresses = _addresses(host)
        if not addresses:
            return None  # unresolvable: let the downloader fail with a DNS error, which is logged as such
    for a in addresses:
        ip = ipaddress.ip_address(a)
        if ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified:
            return f"{host} resolves to {ip}, a link-local or reserved address"
        if (ip.is_private or ip.is_loopback) and not allow_private:
            return f"{host} resolves to {ip}, a private or loopback address (use --allow-private-hosts)"
    return None
