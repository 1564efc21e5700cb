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


def read_area_source(province_codes: set[str] | None = None) -> AreaSource:
    """All areas (or only those of the given province codes, in either era) with their successions."""
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
    apply_history(source, province_codes)
    for row in source.rows:
        row.name, row.kind = law_spelling(row.name), law_spelling(row.kind)
    return source


class HistoryError(ValueError):
    """A history file contradicts the package: loading it would count an area twice or lose one."""


DISTRICT_KINDS = ("Thành phố", "Thị xã", "Quận", "Huyện")


def _without_kind(name: str, kind: str) -> str:
    return name[len(kind):].strip() if name.startswith(kind + " ") else name


def _valid_on(row: AreaRow, day: datetime.date) -> bool:
    return (row.starts is None or row.starts <= day) and (row.ends is None or day <= row.ends)


def history_manifests(province_codes: set[str] | None = None) -> list[tuple[Path, dict]]:
    """The history files (`<province>_<name>.json`) of the given provinces, or of all."""
    found = []
    for path in sorted(HISTORY_DIR.glob("*.json")):
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if province_codes is None or manifest["province"] in province_codes:
            found.append((path, manifest))
    return found


def apply_history(source: AreaSource, province_codes: set[str] | None = None) -> None:
    """Add the areas of an earlier map (the communes of 2019, Huyện Yên Dũng...) that the package no longer knows.

    A history file lists the communes of one province as they were in its `year`, each with the commune(s) of
    the package's map that succeeded it, and the changes between the two maps with the day they took effect. A
    commune named by a change gets a row of its own for the earlier map, valid until the day before; the package's
    row of the same code (renamed, or moved to another district) then starts on that day. A commune that no
    change names is the package's row itself, valid since before the data. Codes are reused within an era, so a
    code means an area only on a date (`area_resolve`).
    """
    for path, manifest in history_manifests(province_codes):
        _apply_province_history(source, manifest, path.name)


def _apply_province_history(source: AreaSource, manifest: dict, file_name: str) -> None:
    province, year = manifest["province"], manifest["year"]
    p_path = f"L.{province}"
    package = {(row.level, row.code): row for row in source.rows
               if row.era == "legacy" and (row.path == p_path or row.path.startswith(p_path + "."))}
    if ("province", province) not in package:
        raise HistoryError(f"{file_name}: province {province} is not in the package")
    with open(HISTORY_DIR / manifest["communes"], encoding="utf-8", newline="") as f:
        communes = list(csv.DictReader(f))
    one_day = datetime.timedelta(days=1)

    ends: dict[str, tuple[datetime.date, str]] = {}  # commune code → (first day without it, how it changed)
    for change in manifest["changes"]:
        on = datetime.date.fromisoformat(change["on"])
        for how in ("merged", "moved", "renamed"):
            for code in change.get(how, []):
                if code in ends:
                    raise HistoryError(f"{file_name}: commune {code} is named by two changes")
                ends[code] = (on, how)
    unknown = sorted(set(ends) - {r["commune_code"] for r in communes})
    if unknown:
        raise HistoryError(f"{file_name}: the changes name communes missing from {manifest['communes']}: {unknown}")

    # Districts: those merged away get a row until the day before; those created start on the day.
    district_names = {r["district_code"]: r["district_name"] for r in communes}
    merged_districts: set[str] = set()
    for change in manifest["changes"]:
        on = datetime.date.fromisoformat(change["on"])
        for old, new in change.get("districts_merged", {}).items():
            if ("district", old) in package or ("district", new) not in package:
                raise HistoryError(f"{file_name}: district {old} merged into {new} does not match the package")
            name = district_names[old]
            kind = next((k for k in DISTRICT_KINDS if name.startswith(k + " ")), "")
            row = AreaRow("legacy", "district", old, name, _without_kind(name, kind), kind, p_path,
                          f"{p_path}.{old}", key="", ends=on - one_day)
            source.rows.append(row)
            source.successions.append((row.path, package[("district", new)].path, True))
            merged_districts.add(old)
        for code in change.get("districts_created", []):
            package[("district", code)].starts = on
    for code in district_names:
        if ("district", code) not in package and code not in merged_districts:
            raise HistoryError(f"{file_name}: district {code} is neither in the package nor merged by a change")

    _apply_earlier_names(source, manifest, file_name, package)

    history: dict[str, AreaRow] = {}
    for r in communes:
        code, name, kind = r["commune_code"], r["commune_name"], r["commune_kind"]
        d_path = f"{p_path}.{r['district_code']}"
        current = package.get(("commune", code))
        if code not in ends:
            if current is None or current.parent_path != d_path:
                raise HistoryError(f"{file_name}: {code} {name} is not on the package's map as it was in {year}; "
                                   f"name it in the change that merged or moved it")
            continue
        on, how = ends[code]
        expected = {"merged": current is None,
                    "moved": current is not None and current.parent_path != d_path,
                    "renamed": current is not None and current.parent_path == d_path}[how]
        if not expected:
            raise HistoryError(f"{file_name}: {code} {name} is listed as {how} on {on}, which the package contradicts")
        path = f"{d_path}.{code}"
        if current is not None and current.path == path:
            # Renamed in place: the package's row holds the plain path, the earlier one is told apart by its year.
            path = f"{path}-{year}"
        row = AreaRow("legacy", "commune", code, name, _without_kind(name, kind), kind, d_path, path, key="",
                      ends=on - one_day)
        source.rows.append(row)
        history[code] = row
        if current is not None:
            current.starts = on

    # Each earlier commune → what took it over on the day of its change (which may itself be an earlier row).
    for r in communes:
        row = history.get(r["commune_code"])
        if row is None:
            continue
        on = row.ends + one_day
        for i, code in enumerate(r["successor_codes"].split(";")):
            candidates = [a for a in (history.get(code), package.get(("commune", code))) if a is not None]
            target = next((a for a in candidates if _valid_on(a, on)), None)
            if target is None:
                raise HistoryError(f"{file_name}: no commune {code} on {on} to succeed {row.code} {row.name}")
            source.successions.append((row.path, target.path, i == 0))


def _apply_earlier_names(source: AreaSource, manifest: dict, file_name: str, package: dict) -> None:
    """A change's `names_before` ({code: name}): the area of that code that kept its place and its code but changed
    its name or kind on the change's day (Huyện Việt Yên became Thị xã Việt Yên on 01/02/2024) bore that name until
    the day before. The package's row is the area (a district code has 3 digits, a commune code 5)."""
    for change in manifest["changes"]:
        until = datetime.date.fromisoformat(change["on"]) - datetime.timedelta(days=1)
        for code, name in change.get("names_before", {}).items():
            row = package.get(("district" if len(code) == 3 else "commune", code))
            if row is None:
                raise HistoryError(f"{file_name}: {code} {name}, renamed on {change['on']}, is not in the package")
            kind = next((k for k in LAW_KINDS if law_spelling(name).startswith(k + " ")), "")
            row.earlier_names.append({"name": law_spelling(name), "kind": kind, "until": until.isoformat()})
            row.earlier_names.sort(key=lambda earlier: earlier["until"])
