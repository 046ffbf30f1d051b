"""Regular expressions that tell the regex engine where a match can start.

Python's engine skips ahead fast only for patterns that open on a literal, and never for case-insensitive
letters, so a cue list such as "\\b(?:dilepas|melepas|...)\\b" is tried word by word at every offset of a text.
`compile_fast` puts a look-ahead on the characters a match can start with in front of the pattern: one character
test then passes over most offsets. The look-ahead is only a necessary condition, so matches are unchanged.
"""

from __future__ import annotations

import re
import re._constants as _c
import re._parser as _parser


def compile_fast(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """re.compile(pattern, flags), opening with a look-ahead on the characters a match can start with."""
    if not pattern.startswith("(?") or pattern[2:3] not in "aiLmsux":  # global inline flags must stay first
        firsts = first_chars(pattern, flags)
        if firsts:
            if flags & re.IGNORECASE:
                firsts = frozenset(c.lower() for c in firsts) | frozenset(c.upper() for c in firsts)
            pattern = "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])" + pattern
    return re.compile(pattern, flags)


def first_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The characters a match of `pattern` can start with, or None when that is not a short list (or the
    pattern can match the empty string)."""
    found, nullable = _firsts(_parser.parse(pattern, flags).data)
    return None if found is None or nullable else frozenset(found)


def _firsts(items) -> tuple[set[str] | None, bool]:
    acc: set[str] = set()
    for op, av in items:
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero-width: the first character comes after it
        if op is _c.LITERAL:
            return acc | {chr(av)}, False
        if op is _c.IN:
            chars = set()
            for kind, val in av:
                if kind is _c.LITERAL:
                    chars.add(chr(val))
                elif kind is _c.RANGE and val[1] - val[0] < 64:
                    chars.update(chr(x) for x in range(val[0], val[1] + 1))
                else:
                    return None, False
            return acc | chars, False
        if op is _c.BRANCH:
            parts = [_firsts(p.data) for p in av[1]]
            if any(f is None for f, _ in parts):
                return None, False
            acc |= set().union(*(f for f, _ in parts))
            if not any(n for _, n in parts):
                return acc, False
            continue
        if op is _c.SUBPATTERN:
            if av[1] or av[2]:
                return None, False  # "(?i:koperasi)": flags of its own, which the look-ahead would not share
            f, n = _firsts(av[3].data)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            f, n = _firsts(av[2].data)
            n = n or av[0] == 0
        else:
            return None, False  # any character, a category, a back reference: no short list
        if f is None:
            return None, False
        acc |= f
        if not n:
            return acc, False
    return acc, True
