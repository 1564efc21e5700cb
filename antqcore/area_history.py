"""Loading one province's history supplement (the areas of its earlier maps, before mid-2025): the service behind
`manage.py load_area_history FILE`, and its report. The format and its checks are those of `load_areas`
(antqcore.areas_source.apply_history, described in antqcore/data/history/README.md): this module only chooses the
file, keeps a copy where `load_areas` finds it again, and says what changed."""

import datetime
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import areas_source
from .areas_source import HistoryError, loaded_history_dir, read_history_file
from .models import Area, AreaLevel, old_map_last_day
from .services import AreasLoadResult, areas_load


@dataclass
class AreaHistoryLoad:
    province: str
    file: Path
    dry_run: bool
    result: AreasLoadResult
    # Communes of the province on 01/01 of the list's year, before and after (after: None in a dry run).
    list_day: datetime.date | None = None
    communes_before: int = 0
    communes_after: int | None = None
    lines: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.result.created or self.result.updated or self.result.successions_created)


def _communes_on(province: str, day: datetime.date) -> int:
    return Area.objects.valid_on(day).filter(level=AreaLevel.COMMUNE, path__startswith=f"L.{province}.").count()


def _is_shipped(path: Path) -> bool:
    return path.resolve().parent == areas_source.HISTORY_DIR.resolve()


def area_history_load(path: Path | str, *, dry_run: bool = False) -> AreaHistoryLoad:
    """Check the history supplement at `path` (a manifest `<province>_<name>.json` and its list of communes next
    to it) and load it: the province is loaded again from the package with it, by `areas_load`, so the same code
    writes it as `load_areas` writes the shipped files. Idempotent. A supplement other than the shipped ones is
    kept in loaded_history_dir(), replacing the province's earlier one, so that `load_areas` applies it again.
    HistoryError (every problem, with its file and line) when it is wrong; nothing is written then."""
    hf = read_history_file(Path(path))
    province = hf.province
    shipped = _is_shipped(hf.path)
    if not shipped:
        for other in sorted(areas_source.HISTORY_DIR.glob("*.json")):
            if read_history_file(other).province == province:
                raise HistoryError(f"{hf.path.name}: the history of province {province} ships with the system "
                                   f"({other.name} in antqcore/data/history/): correct that file instead")
    year = hf.manifest.get("year")
    list_day = datetime.date(year, 1, 1) if isinstance(year, int) and 1900 < year < 2100 else None
    before = _communes_on(province, list_day) if list_day else 0
    result = areas_load(province_codes={province}, dry_run=dry_run, history_files=[hf.path])
    load = AreaHistoryLoad(province, hf.path, dry_run, result, list_day, before)
    if not dry_run:
        load.communes_after = _communes_on(province, list_day)
        if not shipped:
            _store(hf)
    load.lines = history_load_report(load)
    return load


def _store(hf: areas_source.HistoryFile) -> None:
    """Keep the manifest and its list in loaded_history_dir(), in place of the province's earlier supplement."""
    target = loaded_history_dir()
    target.mkdir(parents=True, exist_ok=True)
    for other in sorted(target.glob("*.json")):
        earlier = read_history_file(other)
        if earlier.province == hf.province:
            list_name = earlier.manifest.get("communes")
            if isinstance(list_name, str) and (target / list_name).is_file():
                (target / list_name).unlink()
            other.unlink()
    shutil.copyfile(hf.path, target / hf.path.name)
    shutil.copyfile(hf.path.parent / hf.manifest["communes"], target / hf.manifest["communes"])


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _area(area: Area) -> str:
    return f"{area.name} ({area.level} {area.code}, {area.path})"


def history_load_report(load: AreaHistoryLoad) -> list[str]:
    """What the load changed (or, in a dry run, would change), in lines: the earlier areas added with their last
    day, the areas of the package that now start on a change's day, end earlier or bore another name before, the
    succession links, and the province's commune count on the list's day."""
    result, last_old = load.result, old_map_last_day()
    would = "would be " if load.dry_run else ""
    lines = [f"History of province {load.province} from {load.file.name}"
             + (" (dry run: nothing written)" if load.dry_run else "") + ":"]
    if not load.changed:
        lines.append("Nothing changed: this history is already loaded.")
    earlier = [a for a in result.created_areas if a.valid_to and a.valid_to < last_old]
    others = len(result.created_areas) - len(earlier)
    if earlier:
        lines.append(f"Areas {would}added for the earlier map ({len(earlier)}):")
        lines += [f"  + {_area(a)}, until {_day(a.valid_to)}" for a in earlier]
    if others:
        lines.append(f"Areas of the package's maps {would}added: {others} (the province was not loaded yet).")
    if result.updated_areas:
        lines.append(f"Areas {would}changed ({len(result.updated_areas)}):")
        for area, before in result.updated_areas:
            what = []
            if "valid_from" in before:
                what.append(f"starts {_day(area.valid_from)} (was {_day(before['valid_from'])})")
            if "valid_to" in before:
                what.append(f"ends {_day(area.valid_to)} (was {_day(before['valid_to'])})")
            if "earlier_names" in before:
                names = "; ".join(f"{e['name']} until {_day(datetime.date.fromisoformat(e['until']))}"
                                  for e in area.earlier_names) or "none"
                what.append(f"earlier names: {names}")
            what += [f"{k}: {before[k]} → {getattr(area, k)}" for k in before
                     if k not in ("valid_from", "valid_to", "earlier_names")]
            lines.append(f"  ~ {_area(area)}: " + ", ".join(what))
    if result.new_links:
        names = dict(Area.objects.filter(path__in={p for link in result.new_links for p in link})
                     .values_list("path", "name"))
        names.update({a.path: a.name for a in result.created_areas})
        ended = {a.path for a in earlier} | {a.path for a, _b in result.updated_areas
                                             if a.valid_to and a.valid_to < last_old}
        listed = [(old, new) for old, new in result.new_links if old in ended]
        lines.append(f"Successions {would}linked: {len(result.new_links)}"
                     + (f", of which from the earlier map ({len(listed)}):" if listed else "."))
        lines += [f"  → {names.get(old, old)} ({old}) → {names.get(new, new)} ({new})" for old, new in listed]
    if load.list_day:
        after = "" if load.communes_after is None else f", now {load.communes_after}"
        lines.append(f"Communes of province {load.province} on {_day(load.list_day)}: "
                     f"{load.communes_before} before{after}.")
    return lines
