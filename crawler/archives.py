"""Archives to backfill from (CC-NEWS-style WARC files): where they are, and the records in them worth decoding.

A source is a local `.warc`/`.warc.gz` file or a folder of them, an http(s) or s3:// URL (read through fsspec;
s3 needs the optional `s3fs`), or a `warc.paths.gz` listing whose lines are joined to a base URL.

Records are filtered on their WARC headers alone (type, `WARC-Target-URI`, `WARC-Date`), before any HTML is
decoded: a record whose domain is not wanted is never read past its headers. Two readers do this, warcio and
FastWARC; `ekspor bench backfill` measures both, and the faster is the default.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

WARC_SUFFIXES = (".warc", ".warc.gz")
DEFAULT_READER = "fastwarc"  # measured faster than warcio on the same archive (docs/backfill.md)
READERS = ("fastwarc", "warcio")


class ArchiveError(RuntimeError):
    """An archive file that cannot be listed, opened or read to its end; the message says why."""


@dataclass(frozen=True)
class ArchiveFile:
    uri: str  # a local path or a URL, as given or listed

    @property
    def name(self) -> str:
        return self.uri.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class ArchiveRecord:
    uri: str
    offset: int  # the record's byte offset in its file: its place in a deterministic load order
    date: str | None  # WARC-Date, ISO 8601
    content_type: str | None
    body: bytes


@dataclass
class ReadStats:
    records: Counter = field(default_factory=Counter)  # status -> records
    size: int = 0
    sha256: str = ""
    last_offset: int = -1  # where the last record (of any kind) starts


def _is_remote(uri: str) -> bool:
    return urlsplit(uri).scheme in ("http", "https", "s3")


def list_archives(sources: list[str], base_url: str | None = None) -> list[ArchiveFile]:
    """Every archive file the sources name, in a stable order (duplicates dropped)."""
    out: list[ArchiveFile] = []
    for src in sources:
        if src.endswith("warc.paths.gz") or src.endswith("warc.paths"):
            if not base_url:
                raise ArchiveError(f"{src} lists paths: give --base-url to say where they live")
            with _open(src) as fh:
                raw = fh.read()
            text = gzip.decompress(raw).decode() if src.endswith(".gz") else raw.decode()
            out += [ArchiveFile(base_url.rstrip("/") + "/" + line.strip().lstrip("/"))
                    for line in text.splitlines() if line.strip()]
        elif _is_remote(src):
            out.append(ArchiveFile(src))
        else:
            p = Path(src)
            if p.is_dir():
                out += [ArchiveFile(str(f)) for f in sorted(p.rglob("*")) if f.name.endswith(WARC_SUFFIXES)]
            elif p.is_file():
                out.append(ArchiveFile(str(p)))
            else:
                raise ArchiveError(f"{src}: no such file or folder")
    return list(dict.fromkeys(out))


def _open(uri: str) -> BinaryIO:
    if not _is_remote(uri):
        try:
            return open(uri, "rb")  # noqa: SIM115 - the caller closes it
        except OSError as exc:
            raise ArchiveError(f"{uri}: {exc.strerror or exc}") from None
    import fsspec

    opts = {"anon": True} if uri.startswith("s3://") else {}
    try:
        return fsspec.open(uri, "rb", **opts).open()
    except ImportError as exc:
        raise ArchiveError(f"{uri}: reading s3:// needs the optional s3fs package ({exc})") from None
    except Exception as exc:  # noqa: BLE001 - fsspec raises many kinds for an unreachable URL; all are the file's
        raise ArchiveError(f"{uri}: {type(exc).__name__}: {str(exc)[:200]}") from None


class _Hashing(io.RawIOBase):
    """Reads through to the archive while counting and hashing every byte: the manifest's size and checksum
    come from the one read the records need."""

    TAIL = 8 << 20  # the last bytes are kept, to check that the last gzip member is whole

    def __init__(self, fh: BinaryIO, forward_seeks: bool):
        self.fh, self.sha, self.size = fh, hashlib.sha256(), 0
        self.tail = bytearray()
        self.forward_seeks = forward_seeks  # FastWARC skips bodies by seeking; warcio must see a plain stream

    def _take(self, data: bytes) -> None:
        self.sha.update(data)
        self.size += len(data)
        self.tail += data
        if len(self.tail) > 2 * self.TAIL:
            del self.tail[: len(self.tail) - self.TAIL]

    def last_member_whole(self, offset: int) -> bool | None:
        """Whether the gzip member starting at `offset` decompresses to its end (None: not in the kept tail)."""
        start = self.size - len(self.tail)
        if offset < start:
            return None
        d = zlib.decompressobj(31)
        try:
            d.decompress(bytes(self.tail[offset - start :]))
        except zlib.error:
            return False
        return d.eof

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        data = self.fh.read(len(b))
        n = len(data)
        b[:n] = data
        self._take(data)
        return n

    def seekable(self) -> bool:
        return self.forward_seeks

    def tell(self) -> int:
        return self.size

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Forward only (FastWARC skips a record's body this way): the skipped bytes are read and hashed."""
        target = offset if whence == io.SEEK_SET else self.size + offset if whence == io.SEEK_CUR else -1
        if target < self.size:
            raise io.UnsupportedOperation("the archive is read once, forward only")
        while self.size < target:
            data = self.fh.read(min(1 << 20, target - self.size))
            if not data:
                break
            self._take(data)
        return self.size

    def finish(self) -> tuple[int, str]:
        while True:
            data = self.fh.read(1 << 20)
            if not data:
                return self.size, self.sha.hexdigest()
            self._take(data)


def domain_filter(domains: set[str] | None) -> Callable[[str], bool]:
    """A URL test: its host is one of the domains or a subdomain of one (None keeps every URL)."""
    if domains is None:
        return lambda url: True
    wanted = {d.lower().removeprefix("www.") for d in domains}

    def keep(url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        while host:
            if host in wanted:
                return True
            host = host.partition(".")[2]
        return False

    return keep


def _in_window(date: str | None, since: dt.date | None, until: dt.date | None) -> bool:
    if not (since or until):
        return True
    day = (date or "")[:10]
    try:
        d = dt.date.fromisoformat(day)
    except ValueError:
        return False
    return (not since or d >= since) and (not until or d <= until)


def read_archive(archive: ArchiveFile, keep: Callable[[str], bool], since: dt.date | None = None,
                 until: dt.date | None = None, reader: str = DEFAULT_READER,
                 stats: ReadStats | None = None) -> Iterator[ArchiveRecord]:
    """The HTML responses (HTTP 200) a backfill wants from one archive file. Every record is counted in `stats`
    by what happened to it; a file that breaks off raises ArchiveError after the records before the break."""
    if reader not in READERS:
        raise ValueError(f"reader must be one of {', '.join(READERS)}")
    stats = stats if stats is not None else ReadStats()
    fh = _open(archive.uri)
    hashing = _Hashing(fh, forward_seeks=reader == "fastwarc")
    try:
        records = _fastwarc(hashing, keep, since, until, stats) if reader == "fastwarc" else \
            _warcio(io.BufferedReader(hashing, buffer_size=1 << 20), keep, since, until, stats)
        held: ArchiveRecord | None = None  # one record behind: the last one is yielded only once it proves whole
        try:
            for rec in records:
                if held is not None:
                    yield held
                held = rec
        except Exception as exc:  # noqa: BLE001 - a corrupt file: which error depends on the reader
            raise ArchiveError(f"{archive.uri}: unreadable after {sum(stats.records.values())} records "
                               f"({type(exc).__name__}: {str(exc)[:160]})") from None
        stats.size, stats.sha256 = hashing.finish()
        if archive.uri.endswith(".gz") and stats.last_offset >= 0 \
                and hashing.last_member_whole(stats.last_offset) is False:
            if held is not None and held.offset == stats.last_offset:
                held = None
                stats.records["matched"] -= 1
                stats.records["truncated"] += 1
            if held is not None:
                yield held
            raise ArchiveError(f"{archive.uri}: truncated: its last gzip member ends early (after "
                               f"{sum(stats.records.values())} records)")
        if held is not None:
            yield held
    finally:
        fh.close()


def _http_status(status_line: str | None) -> int:
    try:
        return int((status_line or "").split()[0])
    except (ValueError, IndexError):
        return 0


def _warcio(stream, keep, since, until, stats: ReadStats) -> Iterator[ArchiveRecord]:
    from warcio.archiveiterator import ArchiveIterator

    it = ArchiveIterator(stream)
    for record in it:
        status = _warcio_status(record, keep, since, until)
        body = record.content_stream().read() if status == "matched" else None
        stats.last_offset = it.get_record_offset()  # warcio knows it only once the record is read (or skipped)
        stats.records[status] += 1
        if body is not None:
            yield ArchiveRecord(record.rec_headers.get_header("WARC-Target-URI"), stats.last_offset,
                                record.rec_headers.get_header("WARC-Date"),
                                record.http_headers.get_header("Content-Type"), body)


def _warcio_status(record, keep, since, until) -> str:
    """What a record is, from its WARC and HTTP headers alone."""
    if record.rec_type != "response":
        return "revisit" if record.rec_type == "revisit" else "not_response"
    if not keep(record.rec_headers.get_header("WARC-Target-URI") or ""):
        return "other_domain"
    if not _in_window(record.rec_headers.get_header("WARC-Date"), since, until):
        return "out_of_window"
    head = record.http_headers
    if head is None or _http_status(head.get_statuscode()) != 200:
        return "not_200"
    if "html" not in (head.get_header("Content-Type") or "").lower():
        return "not_html"
    return "matched"


def _fastwarc(stream, keep, since, until, stats: ReadStats) -> Iterator[ArchiveRecord]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    for record in ArchiveIterator(stream, parse_http=False):
        stats.last_offset = record.stream_pos
        rtype = record.record_type
        if rtype != WarcRecordType.response:
            stats.records["revisit" if rtype == WarcRecordType.revisit else "not_response"] += 1
            continue
        uri = record.headers.get("WARC-Target-URI", "")
        if not keep(uri):
            stats.records["other_domain"] += 1
            continue
        date = record.headers.get("WARC-Date")
        if not _in_window(date, since, until):
            stats.records["out_of_window"] += 1
            continue
        record.parse_http()  # the HTTP head only; the body is read below, and only for a match
        head = record.http_headers
        ctype = head.get("Content-Type") if head else None
        if (head.status_code if head else 0) != 200:
            stats.records["not_200"] += 1
            continue
        if "html" not in (ctype or "").lower():
            stats.records["not_html"] += 1
            continue
        body = record.reader.read()
        stats.records["matched"] += 1
        yield ArchiveRecord(uri, record.stream_pos, date, ctype, body)
