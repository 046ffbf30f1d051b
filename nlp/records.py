"""Typed records of the `ekspor extract` contract. `to_json` gives the documented key order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUSES = ("shipment", "plan", "market_presence", "other")
EXPORTER_TYPES = ("sme", "cooperative", "bumdes", "large", "government", "unknown")
EXTRACTOR_VERSION = "rules-0.21.2"  # period reports, dated list items, officials; 2026-12-04 (#9)


@dataclass
class Origin:
    kabkota_code: str | None = None
    kabkota: str | None = None
    province_code: str | None = None
    province: str | None = None


@dataclass
class Event:
    status: str
    exporter: str | None
    exporter_type: str
    origin: Origin
    product: str | None
    product_code: str | None
    destination_iso2: str | None
    destination_name: str | None
    quantity: dict[str, Any] | None
    value: dict[str, Any] | None
    date: str | None
    evidence_start: int
    evidence_end: int
    confidence: float

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Event:
        """The inverse of `to_json` (results stored as JSON, by the archive backfill, come back as records)."""
        return cls(d["status"], d["exporter"], d["exporter_type"], Origin(**d["origin"]), d["product"],
                   d["product_code"], d["destination"]["iso2"], d["destination"]["name"], d["quantity"], d["value"],
                   d["date"], d["evidence"]["start"], d["evidence"]["end"], d["confidence"])

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "exporter": self.exporter,
            "exporter_type": self.exporter_type,
            "origin": {
                "kabkota_code": self.origin.kabkota_code,
                "kabkota": self.origin.kabkota,
                "province_code": self.origin.province_code,
                "province": self.origin.province,
            },
            "product": self.product,
            "product_code": self.product_code,
            "destination": {"iso2": self.destination_iso2, "name": self.destination_name},
            "quantity": self.quantity,
            "value": self.value,
            "date": self.date,
            "evidence": {"start": self.evidence_start, "end": self.evidence_end},
            "confidence": round(self.confidence, 3),
        }


@dataclass
class ArticleResult:
    id: str | None  # None only for an input line that could not be parsed at all
    is_export_story: bool
    events: list[Event] = field(default_factory=list)
    error: str | None = None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ArticleResult:
        return cls(d["id"], d["is_export_story"], [Event.from_json(e) for e in d["events"]], d.get("error"))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "is_export_story": self.is_export_story,
            "events": [e.to_json() for e in self.events],
        }
        if self.error:
            out["error"] = self.error
        return out
