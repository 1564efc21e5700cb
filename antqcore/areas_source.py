"""Reads Vietnam's administrative units from the `vietnamadminunits` package (MIT).

The package ships the last structure before the 2025 reform (63 provinces, districts, communes with their GSO
codes) and the two-tier structure after it (34 provinces, communes), plus the conversion data between them.
Its old map is the map of mid-2025, not of earlier years: a province with a file in `data/history/` gets the
areas that disappeared or changed before then (see `apply_history` and data/history/README.md).
This module only turns that data into plain rows; `antqcore.services.areas_load` writes them.
"""

import csv
import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import vietnamadminunits
from vietnamadminunits.database import query

DATA_DIR = Path(vietnamadminunits.__file__).parent / "data"
HISTORY_DIR = Path(__file__).parent / "data" / "history"


@dataclass
class AreaRow:
    era: str  # "legacy" or "2025"
    level: str  # province, district, commune
    code: str
    name: str
    short_name: str
    kind: str
    parent_path: str | None
    path: str
    key: str  # the package's key, used to join the conversion data
    # Only where the history supplement knows better than the era: the first day of the area (None: since before
    # the data) and its last day (None: the end of its era).
    starts: datetime.date | None = None
    ends: datetime.date | None = None
    # The names it bore before, oldest first: [{"name", "kind", "until"}] (a history file's `names_before`).
    earlier_names: list[dict] = field(default_factory=list)


@dataclass
class AreaSource:
    rows: list[AreaRow] = field(default_factory=list)
    # (predecessor path, successor path, is_default)
    successions: list[tuple[str, str, bool]] = field(default_factory=list)
    unmatched_keys: list[str] = field(default_factory=list)


# The kinds of administrative unit as the law writes them: a capital letter on the first word only.
LAW_KINDS = ("Thành phố", "Thị xã", "Thị trấn", "Đặc khu", "Tỉnh", "Quận", "Huyện", "Phường", "Xã")


def law_spelling(name: str) -> str:
    """`name` with its kind spelled as the law writes it: the package gives "Thị Xã Việt Yên", "Thành Phố Bắc Kạn",
    the acts "Thị xã Việt Yên", "Thành phố Bắc Kạn"."""
    for kind in LAW_KINDS:
        if name[:len(kind) + 1].lower() == kind.lower() + " ":
            return kind + name[len(kind):]
    return name


def _province_kind(name: str) -> str:
    return "Thành phố" if law_spelling(name).startswith("Thành phố ") else "Tỉnh"


def read_area_source(province_codes: set[str] | None = None, history_files: list[Path] | tuple = ()) -> AreaSource:
    """All areas (or only those of the given province codes, in either era) with their successions, and the
    earlier areas of the history files (`history_files`: supplements not stored yet, see apply_history)."""
    source = AreaSource()
    legacy_by_key: dict[str, str] = {}  # package key → path
    new_by_key: dict[str, str] = {}
    seen: set[str] = set()

    def add(row: AreaRow):
        if row.path not in seen:
            seen.add(row.path)
            source.rows.append(row)

    for r in query("SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"):
        if province_codes and r["provinceCode"] not in province_codes:
            continue
        p_path = f"L.{r['provinceCode']}"
        d_path = f"{p_path}.{r['districtCode']}"
        add(AreaRow("legacy", "province", r["provinceCode"], r["province"], r["provinceShort"],
                    _province_kind(r["province"]), None, p_path, r["provinceKey"]))
        add(AreaRow("legacy", "district", r["districtCode"], r["district"], r["districtShort"],
                    r["districtType"], p_path, d_path, r["districtKey"]))
        legacy_by_key[r["provinceKey"]] = p_path
        # Island districts have no communes; the conversion data names them as "<province>_<district>_".
        legacy_by_key[f"{r['provinceKey']}_{r['districtKey']}_"] = d_path
        if r["wardCode"]:
            w_path = f"{d_path}.{r['wardCode']}"
            add(AreaRow("legacy", "commune", r["wardCode"], r["ward"], r["wardShort"], r["wardType"],
                        d_path, w_path, r["wardKey"]))
            legacy_by_key[f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"] = w_path

    for r in query("SELECT * FROM admin_units ORDER BY provinceCode, wardCode"):
        if province_codes and r["provinceCode"] not in province_codes:
            continue
        p_path = f"N.{r['provinceCode']}"
        w_path = f"{p_path}.{r['wardCode']}"
        add(AreaRow("2025", "province", r["provinceCode"], r["province"], r["provinceShort"],
                    _province_kind(r["province"]), None, p_path, r["provinceKey"]))
        add(AreaRow("2025", "commune", r["wardCode"], r["ward"], r["wardShort"], r["wardType"],
                    p_path, w_path, r["wardKey"]))
        new_by_key[r["provinceKey"]] = p_path
        new_by_key[f"{r['provinceKey']}_{r['wardKey']}"] = w_path

    conversion = json.loads((DATA_DIR / "converter_2025.json").read_text(encoding="utf-8"))
    links: dict[tuple[str, str], bool] = {}

    def link(old_key: str, new_key: str, is_default: bool):
        old, new = legacy_by_key.get(old_key), new_by_key.get(new_key)
        if old and new:
            links[(old, new)] = links.get((old, new), False) or is_default
        elif province_codes is None:
            source.unmatched_keys.append(f"{old_key} → {new_key}")

    for new_province, old_provinces in conversion["DICT_PROVINCE"].items():
        for old_province in old_provinces:
            link(old_province, new_province, True)
    for new_province, wards in conversion["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_keys in wards.items():
            for old_key in old_keys:
                link(old_key, f"{new_province}_{new_ward}", True)
    for new_province, divided in conversion["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in divided.items():
            for target in targets:
                link(old_key, f"{new_province}_{target['newWardKey']}", bool(target["isDefaultNewWard"]))

    source.successions = [(old, new, default) for (old, new), default in sorted(links.items())]
    apply_history(source, province_codes, history_files)
    for row in source.rows:
        row.name, row.kind = law_spelling(row.name), law_spelling(row.kind)
    return source


class HistoryError(ValueError):
    """A history file is malformed or contradicts the package: loading it would count an area twice or lose one.
    It carries every problem found (`problems`), each naming its file and, where it can, its line."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


DISTRICT_KINDS = ("Thành phố", "Thị xã", "Quận", "Huyện")
COMMUNE_KINDS = ("Xã", "Phường", "Thị trấn")
MANIFEST_KEYS = ("province", "year", "communes", "changes")
CHANGE_KEYS = ("on", "act", "merged", "moved", "renamed", "names_before", "districts_merged", "districts_created")
COMMUNE_COLUMNS = ["commune_code", "commune_name", "commune_kind", "district_code", "district_name",
                   "successor_codes"]
CHANGE_HOWS = ("merged", "moved", "renamed")


def loaded_history_dir() -> Path:
    """Where `manage.py load_area_history` keeps the supplements it loaded (other than the shipped ones), so that
    `load_areas` applies them again: under MEDIA_ROOT, which the backups include."""
    from django.conf import settings

    return Path(settings.MEDIA_ROOT) / "area_history"


def _old_map_last_day() -> datetime.date:
    from django.conf import settings

    return datetime.date.fromisoformat(settings.ANTQ_REFORM_DATE) - datetime.timedelta(days=1)


@dataclass
class HistoryFile:
    """A manifest as read: its path, its text (to name lines) and its content."""

    path: Path
    text: str
    manifest: dict

    @property
    def province(self) -> str:
        return str(self.manifest.get("province", ""))

    def line_of(self, needle: str, start: int = 0, end: int | None = None) -> int | None:
        at = self.text.find(needle, start, len(self.text) if end is None else end)
        return None if at < 0 else self.text.count("\n", 0, at) + 1

    def change_spans(self) -> list[tuple[int, int]]:
        """(start, end) offsets of each change in the text, found by its "on" key (approximate but enough to name a
        line); empty when they cannot be told apart."""
        starts = [m.start() for m in re.finditer(r'"on"\s*:', self.text)]
        changes = self.manifest.get("changes")
        if not isinstance(changes, list) or len(starts) != len(changes):
            return []
        return list(zip(starts, starts[1:] + [len(self.text)], strict=True))


def read_history_file(path: Path) -> HistoryFile:
    """The manifest at `path`; HistoryError (with the line) when it is not a JSON object."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise HistoryError(f"{path.name}: cannot be read ({exc})") from None
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as exc:
        raise HistoryError(f"{path.name}: not valid JSON: {exc.msg} (line {exc.lineno})") from None
    if not isinstance(manifest, dict):
        raise HistoryError(f"{path.name}: must be a JSON object with the keys {', '.join(MANIFEST_KEYS)} (line 1)")
    return HistoryFile(path, text, manifest)


def _without_kind(name: str, kind: str) -> str:
    return name[len(kind):].strip() if name.startswith(kind + " ") else name


def _valid_on(row: AreaRow, day: datetime.date) -> bool:
    return (row.starts is None or row.starts <= day) and (row.ends is None or day <= row.ends)


def history_manifests(province_codes: set[str] | None = None, extra: list[Path] | tuple = ()) -> list[HistoryFile]:
    """The history files (`<province>_<name>.json`) of the given provinces, or of all: the shipped ones
    (data/history/), those loaded by `load_area_history` (loaded_history_dir()), and `extra` files, which replace
    the stored one of their province (a supplement being loaded again after a correction)."""
    stored = sorted(HISTORY_DIR.glob("*.json"))
    if loaded_history_dir().is_dir():
        stored += sorted(loaded_history_dir().glob("*.json"))
    extras = [read_history_file(path) for path in extra]
    replaced = {hf.province for hf in extras}
    found: dict[str, HistoryFile] = {}
    for path in stored:
        hf = read_history_file(path)
        if hf.province in replaced:
            continue
        if hf.province in found:
            raise HistoryError(f"{path.name}: province {hf.province} already has a history file "
                               f"({found[hf.province].path.name}); one file per province")
        found[hf.province] = hf
    found.update({hf.province: hf for hf in extras})
    return [hf for code, hf in sorted(found.items()) if province_codes is None or code in province_codes]


def apply_history(source: AreaSource, province_codes: set[str] | None = None, extra: list[Path] | tuple = ()) -> None:
    """Add the areas of an earlier map (the communes of 2019, Huyện Yên Dũng...) that the package no longer knows.

    A history file lists the communes of one province as they were in its `year`, each with the commune(s) of
    the package's map that succeeded it, and the changes between the two maps with the day they took effect. A
    commune named by a change gets a row of its own for the earlier map, valid until the day before; the package's
    row of the same code (renamed, or moved to another district) then starts on that day. A commune that no
    change names is the package's row itself, valid since before the data. Codes are reused within an era, so a
    code means an area only on a date (`area_resolve`). The format is described in data/history/README.md; every
    mistake of a file is reported at once (HistoryError.problems), and nothing is applied then.
    """
    for hf in history_manifests(province_codes, extra):
        _apply_province_history(source, hf)


class _Problems:
    def __init__(self, hf: HistoryFile):
        self.hf, self.found = hf, []

    def add(self, message: str, where: str = "", line: int | None = None, file_name: str | None = None):
        place = ", ".join(p for p in (f"line {line}" if line else "", where) if p)
        self.found.append(f"{file_name or self.hf.path.name}: {message}" + (f" ({place})" if place else ""))

    def raise_if_any(self):
        if self.found:
            raise HistoryError(self.found)


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def _apply_province_history(source: AreaSource, hf: HistoryFile) -> None:  # noqa: C901 (one pass, many checks)
    problems = _Problems(hf)
    manifest = hf.manifest
    for key in manifest:
        if key not in MANIFEST_KEYS:
            problems.add(f"unknown key {key!r}; the keys are {', '.join(MANIFEST_KEYS)}", line=hf.line_of(f'"{key}"'))
    missing = [key for key in MANIFEST_KEYS if key not in manifest]
    for key in missing:
        problems.add(f"missing key {key!r}")
    if missing:
        problems.raise_if_any()

    province, year = str(manifest["province"]), manifest["year"]
    p_path = f"L.{province}"
    package = {(row.level, row.code): row for row in source.rows
               if row.era == "legacy" and (row.path == p_path or row.path.startswith(p_path + "."))}
    if ("province", province) not in package:
        problems.add(f"province {province} is not in the package", line=hf.line_of('"province"'))
    last_day = _old_map_last_day()
    year_ok = isinstance(year, int) and 1976 <= year <= last_day.year
    if not year_ok:
        problems.add(f"year {year!r} is not a year of the old map (1976–{last_day.year})", line=hf.line_of('"year"'))
    changes = manifest["changes"]
    changes_ok = isinstance(changes, list) and all(isinstance(c, dict) for c in changes)
    if not changes_ok:
        problems.add("changes must be a list of objects", line=hf.line_of('"changes"'))
    list_file = HISTORY_DIR / "-" if not isinstance(manifest["communes"], str) \
        else hf.path.parent / manifest["communes"]
    if not list_file.is_file() or list_file.parent != hf.path.parent:
        problems.add(f"the list of communes {manifest['communes']!r} is not a file next to {hf.path.name}",
                     line=hf.line_of('"communes"'))
    if ("province", province) not in package or not year_ok or not changes_ok or not list_file.is_file():
        problems.raise_if_any()  # nothing further can be checked

    list_name = list_file.name
    list_day = datetime.date(year, 1, 1)
    one_day = datetime.timedelta(days=1)

    # The list: one commune a line, as it was on 01/01/<year>.
    communes: list[tuple[int, dict]] = []
    seen_codes: dict[str, int] = {}
    with open(list_file, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COMMUNE_COLUMNS:
            problems.add(f"the columns must be {','.join(COMMUNE_COLUMNS)}, not {','.join(reader.fieldnames or [])}",
                         line=1, file_name=list_name)
            problems.raise_if_any()
        for r in reader:
            line = reader.line_num
            if None in r or any(v is None for v in r.values()):
                problems.add("wrong number of columns", line=line, file_name=list_name)
                continue
            code, name, kind = r["commune_code"], r["commune_name"], r["commune_kind"]
            bad = []
            if not re.fullmatch(r"\d{5}", code):
                bad.append(f"commune code {code!r} is not 5 digits")
            if not re.fullmatch(r"\d{3}", r["district_code"]):
                bad.append(f"district code {r['district_code']!r} is not 3 digits")
            if kind not in COMMUNE_KINDS:
                bad.append(f"kind {kind!r} is none of {', '.join(COMMUNE_KINDS)}")
            elif not law_spelling(name).startswith(kind + " "):
                bad.append(f"name {name!r} does not start with its kind {kind!r}")
            if code in seen_codes:
                bad.append(f"commune {code} is listed twice (line {seen_codes[code]} too)")
            for message in bad:
                problems.add(message, line=line, file_name=list_name)
            if not bad:
                seen_codes[code] = line
                communes.append((line, r))
    listed = {r["commune_code"]: (line, r) for line, r in communes}

    # The changes: when, and which communes each ended.
    spans = hf.change_spans()
    ends: dict[str, tuple[datetime.date, str]] = {}  # commune code → (first day without it, how it changed)
    dated: list[tuple[int, datetime.date, dict]] = []
    for i, change in enumerate(changes):
        start, end = spans[i] if spans else (0, None)
        here = hf.line_of('"on"', start, end) if spans else None

        def line_of(needle, start=start, end=end):
            return hf.line_of(needle, start, end) if spans else None

        for key in change:
            if key not in CHANGE_KEYS:
                problems.add(f"unknown key {key!r} in a change; the keys are {', '.join(CHANGE_KEYS)}",
                             f"changes[{i}]", line_of(f'"{key}"'))
        on = _date(change.get("on"))
        if on is None:
            problems.add(f"the change's day {change.get('on')!r} is not a date YYYY-MM-DD", f"changes[{i}]", here)
            continue
        if not list_day < on <= last_day:
            problems.add(f"{on:%d/%m/%Y} is outside the old map after the list's day: a change takes effect after "
                         f"{list_day:%d/%m/%Y} and no later than {last_day:%d/%m/%Y}", f"changes[{i}]", here)
        if not isinstance(change.get("act"), str) or not change["act"].strip():
            problems.add("the change names no act (\"act\": the resolution that made it)", f"changes[{i}]", here)
        dated.append((i, on, change))
        missing = []
        for how in CHANGE_HOWS:
            codes = change.get(how, [])
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                problems.add(f"{how} must be a list of commune codes", f"changes[{i}].{how}", line_of(f'"{how}"'))
                continue
            for code in codes:
                if code in ends:
                    problems.add(f"commune {code} is named by two changes: its row would be valid twice",
                                 f"changes[{i}].{how}", line_of(f'"{code}"'))
                    continue
                ends[code] = (on, how)
                if code not in listed:
                    missing.append(code)
        if missing:
            problems.add(f"the changes name communes missing from {list_name}: {sorted(missing)}", f"changes[{i}]",
                         line_of(f'"{missing[0]}"'))
        for key, kind in (("names_before", dict), ("districts_merged", dict), ("districts_created", list)):
            if not isinstance(change.get(key, kind()), kind):
                problems.add(f"{key} must be a{'n object' if kind is dict else ' list'}", f"changes[{i}].{key}",
                             line_of(f'"{key}"'))
                change[key] = kind()

    # Districts: those merged away get a row until the day before; those created start on the day.
    district_names: dict[str, tuple[int, str]] = {}
    for line, r in communes:
        district_names.setdefault(r["district_code"], (line, r["district_name"]))
    merged_districts: set[str] = set()
    created_districts: dict[str, datetime.date] = {}
    for i, on, change in dated:
        start, end = spans[i] if spans else (0, None)
        for old, new in change.get("districts_merged", {}).items():
            merged_districts.add(old)
            line = hf.line_of(f'"{old}"', start, end) if spans else None
            if ("district", old) in package or ("district", new) not in package:
                problems.add(f"district {old} merged into {new} does not match the package (the district merged "
                             f"away must be missing from it, the one that took it over must be in it)",
                             f"changes[{i}].districts_merged", line)
                continue
            if old not in district_names:
                problems.add(f"district {old}, merged on {on:%d/%m/%Y}, has no commune in {list_name}",
                             f"changes[{i}].districts_merged", line)
                continue
            name = district_names[old][1]
            kind = next((k for k in DISTRICT_KINDS if name.startswith(k + " ")), "")
            row = AreaRow("legacy", "district", old, name, _without_kind(name, kind), kind, p_path,
                          f"{p_path}.{old}", key="", ends=on - one_day)
            source.rows.append(row)
            source.successions.append((row.path, package[("district", new)].path, True))
        for code in change.get("districts_created", []):
            if ("district", code) not in package:
                problems.add(f"district {code}, created on {on:%d/%m/%Y}, is not in the package",
                             f"changes[{i}].districts_created", hf.line_of(f'"{code}"', start, end) if spans else None)
                continue
            package[("district", code)].starts = on
            created_districts[code] = on
    for code, (line, name) in district_names.items():
        if ("district", code) not in package and code not in merged_districts:
            problems.add(f"district {code} is neither in the package nor merged by a change", line=line,
                         file_name=list_name)
        elif code in created_districts:
            problems.add(f"district {code} {name} did not exist on {list_day:%d/%m/%Y}: a change creates it on "
                         f"{created_districts[code]:%d/%m/%Y}", line=line, file_name=list_name)

    _apply_earlier_names(dated, hf, spans, package, problems)

    history: dict[str, AreaRow] = {}
    for line, r in communes:
        code, name, kind = r["commune_code"], r["commune_name"], r["commune_kind"]
        d_path = f"{p_path}.{r['district_code']}"
        current = package.get(("commune", code))
        if code not in ends:
            if current is None or current.parent_path != d_path:
                problems.add(f"{code} {name} is not on the package's map as it was in {year}; name it in the change "
                             f"that merged or moved it", line=line, file_name=list_name)
            continue
        on, how = ends[code]
        expected = {"merged": current is None,
                    "moved": current is not None and current.parent_path != d_path,
                    "renamed": current is not None and current.parent_path == d_path}[how]
        if not expected:
            problems.add(f"{code} {name} is listed as {how} on {on}, which the package contradicts",
                         line=line, file_name=list_name)
            continue
        path = f"{d_path}.{code}"
        if current is not None and current.path == path:
            # Renamed in place: the package's row holds the plain path, the earlier one is told apart by its year.
            path = f"{path}-{year}"
        row = AreaRow("legacy", "commune", code, name, _without_kind(name, kind), kind, d_path, path, key="",
                      ends=on - one_day)
        source.rows.append(row)
        history[code] = (line, row)
        if current is not None:
            current.starts = on

    # Each earlier commune → what took it over on the day of its change (which may itself be an earlier row).
    for code, (line, row) in history.items():
        on = row.ends + one_day
        successors = [c for c in listed[code][1]["successor_codes"].split(";") if c.strip()]
        if not successors:
            problems.add(f"{code} {row.name} ended on {row.ends:%d/%m/%Y} but names no successor", line=line,
                         file_name=list_name)
        for i, successor in enumerate(successors):
            successor = successor.strip()
            candidates = [a for a in (history.get(successor, (0, None))[1], package.get(("commune", successor)))
                          if a is not None]
            target = next((a for a in candidates if _valid_on(a, on)), None)
            if target is None:
                problems.add(f"no commune {successor} on {on} to succeed {row.code} {row.name}", line=line,
                             file_name=list_name)
                continue
            source.successions.append((row.path, target.path, i == 0))

    _check_overlaps(source, p_path, last_day, problems)
    problems.raise_if_any()


def _check_overlaps(source: AreaSource, p_path: str, last_day: datetime.date, problems: _Problems) -> None:
    """No two areas of one code and level of the province are valid on the same day: a code means one area on a
    date."""
    by_code: dict[tuple[str, str], list[AreaRow]] = {}
    for row in source.rows:
        if row.era == "legacy" and row.path.startswith(p_path + "."):
            by_code.setdefault((row.level, row.code), []).append(row)
    for (level, code), rows in sorted(by_code.items()):
        rows.sort(key=lambda r: r.starts or datetime.date.min)
        for a, b in zip(rows, rows[1:], strict=False):
            if (a.ends or last_day) >= (b.starts or datetime.date.min):
                day = b.starts or datetime.date(1976, 1, 1)
                problems.add(f"{level} {code} would be two areas on {day:%d/%m/%Y}: {a.name} (until "
                             f"{(a.ends or last_day):%d/%m/%Y}) and {b.name}")


def _apply_earlier_names(dated, hf: HistoryFile, spans, package: dict, problems: _Problems) -> None:
    """A change's `names_before` ({code: name}): the area of that code that kept its place and its code but changed
    its name or kind on the change's day (Huyện Việt Yên became Thị xã Việt Yên on 01/02/2024) bore that name until
    the day before. The package's row is the area (a district code has 3 digits, a commune code 5)."""
    for i, on, change in dated:
        until = on - datetime.timedelta(days=1)
        for code, name in change.get("names_before", {}).items():
            line = hf.line_of(f'"{code}"', *spans[i]) if spans else None
            row = package.get(("district" if len(code) == 3 else "commune", code))
            if row is None:
                problems.add(f"{code} {name}, renamed on {change['on']}, is not in the package",
                             f"changes[{i}].names_before", line)
                continue
            kind = next((k for k in LAW_KINDS if law_spelling(str(name)).startswith(k + " ")), "")
            if not kind:
                problems.add(f"{code}: the name {name!r} does not start with its kind ({', '.join(LAW_KINDS)})",
                             f"changes[{i}].names_before", line)
                continue
            row.earlier_names.append({"name": law_spelling(name), "kind": kind, "until": until.isoformat()})
            row.earlier_names.sort(key=lambda earlier: earlier["until"])
