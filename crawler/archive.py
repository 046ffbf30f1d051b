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
        self.path = directory / f"{run_id}-{os.getpid()}.warc.gz"
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
