"""Does a report's text print every figure of the seed report the way the seed writes it?

data/seed-figures.csv (a copy of the seed's list) gives each figure's key and value. The seed writes a value with
dots (145.554), pads small counts ("06 khu công nghiệp"), says "trên"/"hơn" where the note says so and writes the
fines in millions ("trên 147 triệu đồng"). Where the seed's own parts and total disagree, the registries print the sum
of the parts (see the README's "Known differences"), and so is the figure expected here.

A value alone would be found anywhere ("06" is in many dates), so each figure is looked for as the seed writes it
together with the word that follows it in the seed ("1.575 CQDNNT", "trên 80.000 lượt"). Two figures written the
same way (10.500 bulletins of the propaganda and of the labour federation) must both be there: the phrase must occur
as many times as figures expect it."""

import csv
import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

from reports.formatting import format_figure

CSV_PATH = Path(__file__).parent / "data" / "seed-figures.csv"

# The seed's total disagrees with its own parts; the registries print the parts' sum.
KNOWN_DIFFERENCES = {"guards.total": 2337, "fire_inspections.total": 3944, "models.new_pilots": 35}
SCALED = {"fire_inspections.fines_vnd": ("million", "đồng")}

# The word after each figure in the seed.
NEXT_WORD = {
    "context.districts": "đơn", "context.communes": "xã", "context.units": "CQDNNT", "context.industrial_zones": "khu",
    "context.industrial_clusters": "cụm", "context.investment_projects": "dự", "context.enterprises_operating": "doanh",
    "context.workers": "người",
    "incidents.strikes": "vụ", "incidents.fires": "vụ", "incidents.thefts": "vụ", "incidents.violations": "vụ",
    "incidents.violations_by_members": "vụ",
    "propaganda.media_items": "tin", "propaganda.sessions": "buổi", "propaganda.participants": "lượt",
    "propaganda.leaflets": "tờ", "propaganda.documents": "tài", "propaganda.handbooks": "cẩm",
    "propaganda.bulletins": "cuốn", "propaganda.commitments": "bản", "propaganda.tips": "nguồn",
    "fn3.mttq.sessions": "cuộc", "fn3.mttq.sessions_participants": "lượt", "fn3.mttq.conferences": "hội",
    "fn3.mttq.conference_delegates": "đại", "fn3.youth.events": "buổi", "fn3.labour.study_sessions": "buổi",
    "fn3.labour.traffic_sessions": "buổi", "fn3.labour.social_evils_sessions": "buổi",
    "fn3.labour.communications": "cuộc", "fn3.labour.legal_aid": "cuộc", "fn3.labour.bulletins": "cuốn",
    "fn3.labour.leaflets": "tờ", "fn3.labour.documents": "tập", "fn3.molisa.leaflets": "tờ",
    "fn3.molisa.conferences": "hội", "fn3.molisa.participants": "lượt", "fn3.education.posters": "áp",
    "fn3.education.contests": "cuộc", "fn3.education.extracurricular": "hoạt", "fn3.education.students": "lượt",
    "fn3.health.participants": "lượt", "fn3.districts.leaflets": "tờ", "fn3.districts.radio_items": "tin",
    "fn3.districts.conferences": "hội", "fn3.districts.participants": "lượt", "fn3.police.traffic_sessions": "lượt",
    "fn3.police.traffic_participants": "lượt", "fn3.police.fire_participants": "lượt",
    "coordination.total": "quy", "coordination.provincial_police": "quy", "coordination.local_police": "quy",
    "inspections.district_committees": "lượt", "inspections.standing_agency": "lượt",
    "certification.province.drug_free": "lượt", "certification.province.antt_safe": "lượt",
    "certification.district.drug_free": "lượt", "certification.district.antt_safe": "lượt",
    "certification.longest_streak_years": "năm",
    "models.self_managed": "mô", "models.border_clusters": "Cụm", "models.linked_clusters": "Cụm",
    "models.area_clusters": "Cụm", "models.safety_belt_clusters": "Cụm", "models.new_pilots": "mô",
    "models.new_pilots.antt_safe": "mô", "models.new_pilots.self_managed": "mô", "models.new_pilots.linkage": "mô",
    "models.fdi_linkage_participants": "doanh", "models.pilot_units_2015": "CQDNNT",
    "trainings.trafficking_classes": "lớp", "trainings.trafficking_participants": "người",
    "trainings.domestic_violence_classes": "lớp", "trainings.domestic_violence_participants": "người",
    "trainings.legal_classes": "lớp", "trainings.legal_participants": "người", "trainings.traffic_classes": "lớp",
    "trainings.traffic_participants": "cán", "trainings.youth_participants": "lượt",
    "trainings.social_insurance_classes": "lớp", "trainings.social_insurance_participants": "người",
    "guards.total": "nhân", "guards.official": "biên", "guards.long_term": "hợp", "guards.short_term": "hợp",
    "guards.bodyguards": "vệ", "guards.training_classes": "lớp", "guards.trained": "nhân",
    "fire.training_classes": "lớp", "fire.trained": "lượt", "fire.teams_new": "đội", "fire.teams_consolidated": "đội",
    "enforcement.cases_verified": "vụ", "enforcement.defendants_prosecuted": "bị", "enforcement.environment_orgs": "tổ",
    "enforcement.environment_people": "cá", "enforcement.economic_cases": "vụ", "enforcement.economic_subjects": "đối",
    "fire_inspections.total": "lượt", "fire_inspections.offices": "lượt", "fire_inspections.schools_hospitals": "lượt",
    "fire_inspections.fuel": "lượt", "fire_inspections.production": "lượt", "fire_inspections.other": "lượt",
    "fire_inspections.fined_facilities": "cơ",
    "commendations.collective": "lượt", "commendations.individual": "lượt", "commendations.ministry_flag": "lượt",
    "commendations.province_flag": "tập", "commendations.ministry_merit_collective": "lượt",
    "commendations.province_merit_collective": "lượt", "commendations.province_merit_individual": "lượt",
    "commendations.police_director_collective": "lượt", "commendations.police_director_individual": "lượt",
    "commendations.medal_individual": "cá",
}


@cache
def seed_figures() -> list[dict]:
    with CSV_PATH.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _more_word(note: str) -> str | None:
    for word in ("trên", "hơn"):
        if f"'{word} " in note:
            return word
    return None


def expected_value(row: dict) -> int:
    return KNOWN_DIFFERENCES.get(row["key"], int(row["value"]))


def expected_phrases() -> dict[str, str]:
    """key → the figure as the seed writes it, with the word after it: "trên 80.000 lượt"."""
    phrases = {}
    for row in seed_figures():
        key, word = row["key"], _more_word(row["note"])
        if key in SCALED:
            scale, unit = SCALED[key]
            phrases[key] = format_figure(expected_value(row), word is not None, more_word=word or "trên",
                                         scale=scale) + f" {unit}"
        else:
            phrases[key] = format_figure(expected_value(row), word is not None, pad=True,
                                         more_word=word or "trên") + f" {NEXT_WORD[key]}"
    return phrases


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _occurrences(phrase: str, text: str) -> int:
    # Not inside a longer number (1.575 in 11.575) and ending on a whole word (tờ, not tờn).
    return len(re.findall(r"(?<![\d.,])" + re.escape(phrase) + r"(?!\w)", text))


def missing_figures(text: str) -> list[str]:
    """The keys of seed-figures.csv whose figure the text does not print as the seed writes it, in the CSV's
    order; [] when every figure is there."""
    text = normalise(text)
    phrases = expected_phrases()
    wanted = Counter(phrases.values())
    found = {phrase: _occurrences(phrase, text) for phrase in wanted}
    missing = []
    for key, phrase in phrases.items():
        if found[phrase] < wanted[phrase]:
            missing.append(key)
    return missing
