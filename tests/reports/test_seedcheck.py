"""The check that a report prints every figure of the seed report the way the seed writes it, tried on the seed's own
text (tests/reports/data/seed-report.txt, a copy of the seed)."""

from pathlib import Path

from tests.reports.seedcheck import KNOWN_DIFFERENCES, expected_phrases, missing_figures, seed_figures

SEED_TEXT = (Path(__file__).parent / "data" / "seed-report.txt").read_text(encoding="utf-8")
# Where the seed's totals disagree with its own parts, the registries print the sum of the parts.
SEED_WITH_THE_REGISTRIES_SUMS = (SEED_TEXT.replace("1.658 nhân viên", "2.337 nhân viên")
                                 .replace("4.913 lượt", "3.944 lượt").replace("34 mô hình điểm", "35 mô hình điểm"))


def test_the_seed_with_the_registries_sums_prints_every_figure():
    assert missing_figures(SEED_WITH_THE_REGISTRIES_SUMS) == []


def test_the_seed_itself_misses_exactly_the_known_differences():
    assert sorted(missing_figures(SEED_TEXT)) == sorted(KNOWN_DIFFERENCES)


def test_every_row_of_the_seeds_list_is_checked():
    assert len(seed_figures()) == len(expected_phrases()) == 117
    assert {row["key"] for row in seed_figures()} == set(expected_phrases())


def test_figures_are_expected_as_the_seed_writes_them():
    phrases = expected_phrases()
    assert phrases["context.units"] == "1.575 CQDNNT"
    assert phrases["context.industrial_zones"] == "06 khu"
    assert phrases["propaganda.participants"] == "trên 80.000 lượt"
    assert phrases["fn3.labour.documents"] == "hơn 3.500 tập"
    assert phrases["fire_inspections.fines_vnd"] == "trên 147 triệu đồng"
    assert phrases["guards.total"] == "2.337 nhân"
    assert phrases["commendations.province_flag"] == "01 tập"


def test_a_figure_written_another_way_is_missing():
    assert missing_figures(SEED_WITH_THE_REGISTRIES_SUMS.replace("trên 80.000", "80.000")) == [
        "propaganda.participants"]
    assert missing_figures(SEED_WITH_THE_REGISTRIES_SUMS.replace("06 khu", "6 khu")) == ["context.industrial_zones"]
    assert missing_figures(SEED_WITH_THE_REGISTRIES_SUMS.replace("1.575", "11.575")) == ["context.units"]


def test_two_figures_written_alike_must_both_be_there():
    once = SEED_WITH_THE_REGISTRIES_SUMS.replace("phát hành 10.500 cuốn", "phát hành 10.400 cuốn")
    assert missing_figures(once) == ["propaganda.bulletins", "fn3.labour.bulletins"]


def test_line_breaks_and_decomposed_letters_do_not_matter():
    text = (SEED_WITH_THE_REGISTRIES_SUMS.replace("1.575 CQDNNT", "1.575\nCQDNNT")
            .replace("trên 80.000", "tre\u0302n 80.000"))
    assert missing_figures(text) == []
