"""User-supplied merge decisions (``newsgraph build --aliases FILE``).

Rules cannot know everything: that "Kiev" and "Kyiv" are one city may be
guessed, that "the Firm" is a nickname for one bank cannot. An aliases file
adds merges and forbids others; it wins over every rule.

YAML, short form (each alias → its canonical name)::

    Kiev: Kyiv
    Zelenskiy: Volodymyr Zelensky

YAML, full form::

    merge:
      Kyiv: [Kiev, Kiew]          # canonical name: its aliases
    never:
      - [Washington, George Washington]   # never one node

CSV (``alias,canonical`` per row; a third column ``never`` forbids the pair;
a header row ``alias,canonical[,action]`` is optional)::

    Kiev,Kyiv
    Washington,George Washington,never

Names are compared case-, accent- and punctuation-insensitively.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from extract.entities import normalise_name
from extract.errors import InputError

__all__ = ["AliasTable", "load_aliases", "parse_aliases"]


@dataclass
class AliasTable:
    """Forced merges (alias → canonical name) and forbidden pairs."""

    canonical: dict[str, str] = field(default_factory=dict)  # normalised alias → canonical display name
    never: set[frozenset[str]] = field(default_factory=set)  # pairs of normalised names
    #: Every alias and ``never`` name as the file spells it (normalised → written), to
    #: warn about the ones no article uses.
    written: dict[str, str] = field(default_factory=dict)

    def add_merge(self, alias: str, canonical: str) -> None:
        key = normalise_name(alias)
        self.canonical[key] = canonical
        self.canonical.setdefault(normalise_name(canonical), canonical)
        if key != normalise_name(canonical):
            self.written.setdefault(key, alias)

    def add_never(self, a: str, b: str) -> None:
        self.never.add(frozenset((normalise_name(a), normalise_name(b))))
        for name in (a, b):
            self.written.setdefault(normalise_name(name), name)

    def canonical_name(self, name: str) -> str | None:
        """The canonical name ``name`` must merge into, or ``None`` when the file says nothing."""
        return self.canonical.get(normalise_name(name))

    def _canonical_key(self, key: str) -> str:
        canonical = self.canonical.get(key)
        return normalise_name(canonical) if canonical else key

    def forbids(self, names_a: set[str], names_b: set[str]) -> bool:
        """True when the file says some name of ``names_a`` and some of ``names_b`` are never one entity.

        Both sets hold normalised names. A pair may be written with any spelling
        the file merges: ``never: [[Kiev, Kyiv Oblast]]`` also keeps "Kyiv" (the
        canonical name of Kiev) apart from "Kyiv Oblast".
        """
        if not self.never:
            return False
        a_keys = names_a | {self._canonical_key(n) for n in names_a}
        b_keys = names_b | {self._canonical_key(n) for n in names_b}
        for pair in self.never:
            x, y = tuple(pair) if len(pair) == 2 else (next(iter(pair)),) * 2
            x_keys, y_keys = {x, self._canonical_key(x)}, {y, self._canonical_key(y)}
            if (a_keys & x_keys and b_keys & y_keys) or (a_keys & y_keys and b_keys & x_keys):
                return True
        return False

    def unmatched(self, spellings: set[str]) -> list[str]:
        """Aliases and ``never`` names of the file (as written) that none of ``spellings`` (normalised) is."""
        return sorted(name for key, name in self.written.items() if key not in spellings)

    def __bool__(self) -> bool:
        return bool(self.canonical or self.never)


def load_aliases(path: str | os.PathLike[str]) -> AliasTable:
    """Read a YAML (``.yaml``/``.yml``) or CSV aliases file."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as err:
        raise InputError(f"Cannot read aliases file {file}: {err.strerror or err}.") from None
    kind = "csv" if file.suffix.lower() in {".csv", ".tsv"} else "yaml"
    return parse_aliases(text, kind=kind, source=str(file))


def parse_aliases(text: str, *, kind: str = "yaml", source: str = "aliases") -> AliasTable:
    """Parse aliases from text; ``kind`` is ``"yaml"`` or ``"csv"``.

    >>> table = parse_aliases("Kiev: Kyiv")
    >>> table.canonical_name("KIEV")
    'Kyiv'
    """
    table = AliasTable()
    if kind == "csv":
        _parse_csv(text, table, source)
    else:
        _parse_yaml(text, table, source)
    return table


def _parse_csv(text: str, table: AliasTable, source: str) -> None:
    dialect = "excel-tab" if "\t" in text and "," not in text else "excel"
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect=dialect), start=1):
        cells = [c.strip() for c in row]
        if not cells or not any(cells) or cells[0].startswith("#"):
            continue
        if number == 1 and [c.lower() for c in cells[:2]] == ["alias", "canonical"]:
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise InputError(f"{source}, line {number}: expected 'alias,canonical' (optionally ',never'), got {','.join(row)!r}.")
        action = cells[2].lower() if len(cells) > 2 and cells[2] else "merge"
        if action == "merge":
            table.add_merge(cells[0], cells[1])
        elif action == "never":
            table.add_never(cells[0], cells[1])
        else:
            raise InputError(f"{source}, line {number}: third column must be 'merge' or 'never', not {cells[2]!r}.")


def _parse_yaml(text: str, table: AliasTable, source: str) -> None:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise InputError(f"{source} is not valid YAML: {err}.") from None
    if data is None:
        return
    if not isinstance(data, dict):
        raise InputError(f"{source}: expected a mapping such as 'Kiev: Kyiv' or 'merge:'/'never:' sections.")
    structured = set(data) <= {"merge", "never"}
    if not structured:
        for alias, canonical in data.items():
            if not isinstance(canonical, str) or not str(alias).strip():
                raise InputError(f"{source}: '{alias}' must map to one canonical name (a string), got {canonical!r}.")
            table.add_merge(str(alias), canonical)
        return
    merge = data.get("merge") or {}
    if not isinstance(merge, dict):
        raise InputError(f"{source}: 'merge' must map each canonical name to a list of aliases.")
    for canonical, aliases in merge.items():
        names = [aliases] if isinstance(aliases, str) else aliases
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise InputError(f"{source}: merge entry {canonical!r} must list its aliases as strings.")
        for alias in names:
            table.add_merge(alias, str(canonical))
        table.add_merge(str(canonical), str(canonical))
    never = data.get("never") or []
    if not isinstance(never, list):
        raise InputError(f"{source}: 'never' must be a list of name pairs.")
    seen: set[tuple[str, ...]] = set()
    for pair in never:
        if not isinstance(pair, list) or len(pair) < 2 or not all(isinstance(n, str) for n in pair):
            raise InputError(f"{source}: each 'never' entry must list two or more names, got {pair!r}.")
        # YAML aliases (*p) repeat a list for free: each distinct list and name is paired once,
        # so pairing work is bounded by the distinct names the file spells out.
        names = tuple(dict.fromkeys(pair))
        if names in seen:
            continue
        seen.add(names)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                table.add_never(a, b)
