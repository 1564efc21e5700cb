"""Reads Vietnam's administrative units from the `vietnamadminunits` package (MIT).

The package ships the last structure before the 2025 reform (63 provinces, districts, communes with their GSO
codes) and the two-tier structure after it (34 provinces, communes), plus the conversion data between them.
This module only turns that data into plain rows; `antqcore.services.areas_load` writes them.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import vietnamadminunits
from vietnamadminunits.database import query

DATA_DIR = Path(vietnamadminunits.__file__).parent / "data"


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


@dataclass
class AreaSource:
    rows: list[AreaRow] = field(default_factory=list)
    # (predecessor path, successor path, is_default)
    successions: list[tuple[str, str, bool]] = field(default_factory=list)
    unmatched_keys: list[str] = field(default_factory=list)


def _province_kind(name: str) -> str:
    return "Thành phố" if name.startswith("Thành phố") else "Tỉnh"


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
    return source
