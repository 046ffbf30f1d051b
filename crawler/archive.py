"""WARC archives of every response (warcio), so that reprocessing never needs a re-crawl."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@dataclass(frozen=True)
class WarcPointer:
    file: str
    offset: int
    length: int


class WarcArchive:
    """Append-only gzip WARC per run and process; each record is flushed so a killed crawl keeps what it wrote."""

    def __init__(self, directory: Path, run_id: str):
        directory.mkdir(parents=True, exist_ok=True)
        # absolute, so that the pointer stored in the warehouse still resolves from another working directory
        self.path = directory.resolve() / f"{run_id}-{os.getpid()}.warc.gz"
        self._fh = open(self.path, "ab")  # noqa: SIM115
        self._writer = WARCWriter(self._fh, gzip=True)

    def write_response(self, url: str, status: int, headers: list[tuple[str, str]], body: bytes,
                       extra: dict[str, str]) -> WarcPointer:
        reason = "OK" if status == 200 else "-"
        http_headers = StatusAndHeaders(f"{status} {reason}", headers, protocol="HTTP/1.1")
        record = self._writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                 http_headers=http_headers, warc_headers_dict=extra)
        offset = self._fh.tell()
        try:
            self._writer.write_record(record)
        finally:
            record.raw_stream.close()  # warcio spooled the payload to a temporary file to digest it
        self._fh.flush()
        return WarcPointer(str(self.path), offset, self._fh.tell() - offset)

    def close(self) -> None:
        self._fh.close()


@dataclass
class ArchivedPage:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    source: str
    role: str
    pointer: WarcPointer


def read_pages(path: Path, roles: tuple[str, ...] = ("article",)) -> Iterator[ArchivedPage]:
    """Stream response records back (only the roles asked for), with their pointers."""
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        for record in it:
            if record.rec_type != "response":
                continue
            role = record.rec_headers.get_header("WARC-Ekspor-Role") or ""
            if role not in roles:
                continue
            body = record.content_stream().read()
            offset = it.get_record_offset()
            yield ArchivedPage(
                url=record.rec_headers.get_header("WARC-Target-URI"),
                status=int(record.http_headers.get_statuscode() or 0),
                headers=dict(record.http_headers.headers),
                body=body,
                source=record.rec_headers.get_header("WARC-Ekspor-Source") or "",
                role=role,
                pointer=WarcPointer(str(path), offset, it.get_record_length()),
            )


@dataclass(frozen=True)
class StoredRecord:
    """One response record read back by its pointer: what the archived-copy view shows."""

    url: str
    status: int
    content_type: str | None
    body: bytes
    warc_date: str
    record_id: str
    payload_digest: str | None


MAX_RECORD_BYTES = 8 * 1024 * 1024  # the crawler never stores a bigger page (crawler.safety), so neither is read


def read_record(path: str | Path, offset: int, max_bytes: int = MAX_RECORD_BYTES,
                body: bool = True) -> StoredRecord | None:
    """The response record at `offset` of a local WARC file, or None when the file is gone or the bytes there
    are not a response record. Only local files are read: a pointer never makes this fetch anything remote.
    `body=False` reads the headers only (the archive page's record details), leaving `body` empty."""
    from warcio.exceptions import ArchiveLoadFailed

    local = Path(path)
    if "://" in str(path) or not local.is_file() or offset < 0:
        return None
    try:
        with open(local, "rb") as fh:
            fh.seek(offset)
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    return None
                payload = record.content_stream().read(max_bytes + 1) if body else b""
                if len(payload) > max_bytes:
                    return None
                h = record.rec_headers
                return StoredRecord(h.get_header("WARC-Target-URI") or "",
                                    int(record.http_headers.get_statuscode() or 0) if record.http_headers else 0,
                                    record.http_headers.get_header("Content-Type") if record.http_headers else None,
                                    payload, h.get_header("WARC-Date") or "", h.get_header("WARC-Record-ID") or "",
                                    h.get_header("WARC-Payload-Digest"))
    except (OSError, ValueError, ArchiveLoadFailed):
        return None
    return None
