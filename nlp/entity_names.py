"""Exporter entities: which exporter mentions name the same firm, cooperative or group.

"PT Best Star Indonesia (BSI)", "PT. Best Star Indonesia" and "Best Star" are one exporter. A name is
normalised: legal forms are folded (PT, PT., CV, UD, Koperasi/Kop., KUB, BUMDes), a bracketed abbreviation
is set aside, and case and punctuation are dropped. Names are then compared within one province, the blocking
key, with rapidfuzz: the same core, the same acronym, a core that is a whole-word prefix of the other, or a
token-sort ratio of at least `THRESHOLD`. Resolution is deterministic: the same set of names gives the same
entities and ids, whatever order they come in. An analyst's merge file overrides it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz

THRESHOLD = 92  # token_sort_ratio: word order is free, a missing or extra word is not
LEGAL_FORMS = {
    "pt": "PT", "cv": "CV", "ud": "UD", "pd": "PD", "koperasi": "Koperasi", "kop": "Koperasi", "kud": "KUD",
    "ksu": "KSU", "kub": "KUB", "bumdes": "BUMDes", "bumdesa": "BUMDes", "ikm": "IKM", "umkm": "UMKM",
    "ukm": "UKM", "gapoktan": "Gapoktan", "poktan": "Poktan", "kwt": "KWT", "pr": "PR", "tbk": "",
    "persero": "", "kelompok": "Kelompok", "koptan": "Poktan", "kth": "KTH", "kube": "KUBE",
    "pokdakan": "Pokdakan", "poklahsar": "Poklahsar",
}
# spelled-out legal forms, folded to their short form before anything else
_SPELLED = [(re.compile(rf"^{k}\b", re.I), v) for k, v in (
    ("kelompok usaha bersama", "KUB"), ("badan usaha milik desa", "BUMDes"), ("gabungan kelompok tani", "Gapoktan"),
    ("kelompok wanita tani", "KWT"), ("kelompok tani hutan", "KTH"), ("kelompok tani", "Poktan"),
    ("koperasi serba usaha", "KSU"),
    ("koperasi unit desa", "KUD"), ("usaha dagang", "UD"), ("perseroan terbatas", "PT"))]
_GENERIC = {"indonesia", "nusantara", "jaya", "abadi", "makmur", "sejahtera", "group", "grup"}


@dataclass(frozen=True)
class Name:
    raw: str
    form: str  # the folded legal form, "" when none
    core: str  # lower-case words without the form, the abbreviation or punctuation
    acronym: str  # a bracketed abbreviation, or the initials of a core of 3+ words

    @property
    def key(self) -> str:
        return f"{self.form}|{self.core}"


def normalise(raw: str) -> Name:
    text = raw.strip()
    abbr = ""
    m = re.search(r"\(([A-Za-z0-9&.\- ]{2,12})\)\s*$", text)
    if m:
        abbr, text = re.sub(r"[^A-Za-z0-9]", "", m.group(1)).lower(), text[: m.start()]
    for pattern, short in _SPELLED:
        text = pattern.sub(short, text.strip())
    words = re.findall(r"[0-9A-Za-zÀ-ÿ]+", text.lower())
    form = ""
    while words and words[0] in LEGAL_FORMS:
        form = form or LEGAL_FORMS[words.pop(0)]
    words = [w for w in words if w not in ("tbk", "persero")]
    core = " ".join(words)
    initials = "".join(w[0] for w in words) if len(words) >= 3 else ""
    return Name(raw, form, core, abbr or initials)


def _forms_agree(a: Name, b: Name) -> bool:
    """A missing form is compatible with any; two different forms (PT and CV) are different entities."""
    return not a.form or not b.form or a.form == b.form


def same_exporter(a: Name, b: Name) -> bool:
    if not a.core or not b.core or not _forms_agree(a, b):
        return False
    if a.core == b.core:
        return True
    if {w for w in a.core.split() if w.isdigit()} != {w for w in b.core.split() if w.isdigit()}:
        return False  # "UD Sumber Rejeki 1" and "UD Sumber Rejeki 2" are two firms
    # an abbreviation names its long form ("BSI" and "PT Best Star Indonesia (BSI)"); two long names with the
    # same initials are not thereby one exporter
    if a.acronym and a.acronym == b.core.replace(" ", "") or b.acronym and b.acronym == a.core.replace(" ", ""):
        return True
    short, long_ = sorted((a.core, b.core), key=len)
    if long_.startswith(short + " ") and set(short.split()) - _GENERIC:
        return True  # "best star" and "best star indonesia"
    return fuzz.token_sort_ratio(a.core, b.core) >= THRESHOLD and min(len(a.core), len(b.core)) >= 6


@dataclass
class Entity:
    exporter_id: str
    province_code: str
    name: str  # the longest member name: usually the fullest form
    members: list[str] = field(default_factory=list)


def load_merges(path: Path | None = None) -> dict[str, str]:
    """The analyst's override file: `alias<TAB>canonical name` per line, `#` comments; aliases and canonical
    names compared after normalisation."""
    if path is None:
        text = resources.files("nlp").joinpath("data", "exporter_merges.tsv").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            alias, canonical = (line.split("\t") + [""])[:2]
            if canonical.strip():
                out[normalise(alias).key] = canonical.strip()
    return out


class _Block:
    """The entities of one province, indexed so that a new name is compared with few candidates: its exact
    core, its abbreviation, whole-word prefixes either way, and a rapidfuzz search over all cores."""

    def __init__(self) -> None:
        self.names: list[tuple[Name, Entity]] = []
        self.by_core: dict[str, list[int]] = {}
        self.by_squashed: dict[str, list[int]] = {}
        self.by_acronym: dict[str, list[int]] = {}
        self.by_prefix: dict[str, list[int]] = {}  # every proper whole-word prefix of a core
        self.cores: list[str] = []

    def add(self, name: Name, entity: Entity) -> None:
        i = len(self.names)
        self.names.append((name, entity))
        self.cores.append(name.core)
        self.by_core.setdefault(name.core, []).append(i)
        self.by_squashed.setdefault(name.core.replace(" ", ""), []).append(i)
        if name.acronym:
            self.by_acronym.setdefault(name.acronym, []).append(i)
        words = name.core.split()
        for k in range(1, len(words)):
            self.by_prefix.setdefault(" ".join(words[:k]), []).append(i)

    def match(self, name: Name) -> Entity | None:
        """The entity of the earliest-added name that `same_exporter` accepts, or None."""
        if not name.core:
            return None
        words = name.core.split()
        candidates = set(self.by_core.get(name.core, ())) | set(self.by_prefix.get(name.core, ()))
        for k in range(1, len(words)):  # added names that are a whole-word prefix of this one
            candidates |= set(self.by_core.get(" ".join(words[:k]), ()))
        candidates |= set(self.by_acronym.get(name.core.replace(" ", ""), ()))
        if name.acronym:
            candidates |= set(self.by_squashed.get(name.acronym, ()))
        if len(name.core) >= 6 and self.cores:
            from rapidfuzz import process

            for _core, _score, i in process.extract(name.core, self.cores, scorer=fuzz.token_sort_ratio,
                                                     score_cutoff=THRESHOLD, limit=None):
                candidates.add(i)
        for i in sorted(candidates):
            if same_exporter(name, self.names[i][0]):
                return self.names[i][1]
        return None


def resolve(mentions: Iterable[tuple[str, str | None]],
            merges: dict[str, str] | None = None) -> dict[tuple[str, str], Entity]:
    """(name, province code) -> its entity, for every distinct mention. Deterministic: mentions are sorted
    (by province, longest name first), and each joins the entity of the earliest name it matches."""
    merges = load_merges() if merges is None else merges
    distinct = sorted({(n.strip(), p or "") for n, p in mentions if n and n.strip()},
                      key=lambda m: (m[1], -len(m[0]), m[0]))
    out: dict[tuple[str, str], Entity] = {}
    blocks: dict[str, _Block] = {}
    for raw, prov in distinct:
        name = normalise(merges.get(normalise(raw).key, raw))
        block = blocks.setdefault(prov, _Block())
        home = block.match(name)
        if home is None:
            digest = hashlib.sha1(f"{prov}|{name.key}".encode()).hexdigest()[:16]
            home = Entity("ex" + digest, prov, raw)
        block.add(name, home)
        home.members.append(raw)
        out[(raw, prov)] = home
    return out
