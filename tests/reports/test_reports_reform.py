"""What a report's texts say after the 2025 reform (#15 part 6): the level below the province is named for the period
({{ local_level }}), a breakdown of a province's communes draws its largest and the rest together, and a period across
the reform breaks down by former province ("by_former") where its run froze one — without changing the 2019 review."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils.html import strip_tags

from reports.rendering import render_run_html
from tests.reports.test_rendering import small_run

pytestmark = pytest.mark.django_db
D = datetime.date
SVG_TEXT = "{http://www.w3.org/2000/svg}text"


@pytest.mark.parametrize(("start", "end", "words"), [
    (D(2019, 1, 1), D(2019, 12, 31), "Ban Chỉ đạo cấp huyện kiểm tra."),
    (D(2025, 1, 1), D(2025, 12, 31), "Ban Chỉ đạo cấp huyện (đến ngày 30/06/2025), cấp xã kiểm tra."),
    (D(2026, 1, 1), D(2026, 6, 30), "Ban Chỉ đạo cấp xã kiểm tra."),
])
def test_the_level_below_the_province_is_named_for_the_period(start, end, words):
    run = small_run(("kiem-tra", "Ban Chỉ đạo {{ local_level }} kiểm tra.", False), period_start=start,
                    period_end=end)
    assert words in strip_tags(render_run_html(run))


def test_a_chart_of_many_communes_draws_the_largest_and_the_others_together():
    rows = [{"code": f"{7000 + n}", "name": f"Xã Thử {n:02d}", "figures": {"incidents.violations": n}}
            for n in range(1, 41)]
    run = small_run(("bieu-do", '{% chart "by_area" "incidents.violations" %}', False),
                    breakdowns={"keys": ["incidents.violations"], "labels": {}, "by_area": rows, "by_year": []})
    svg = re.search(r"<svg.*?</svg>", render_run_html(run), flags=re.S).group(0)
    texts = [t.text for t in ET.fromstring(svg).iter(SVG_TEXT)]
    assert "Xã Thử 40" in texts and "Xã Thử 27" in texts and "Xã Thử 26" not in texts
    # 40 + 39 + … + 27 drawn one by one; 1 + 2 + … + 26 = 351 in one bar.
    assert "26 đơn vị khác" in texts and "351" in texts


def test_a_breakdown_by_former_province_prints_only_where_the_run_has_one():
    section = ("tinh-cu", '{% breakdown_table "by_former" "context.units" title="Theo tỉnh cũ" %}', False)
    former = [{"code": "24", "name": "Tỉnh Bắc Giang", "figures": {"context.units": 1575}},
              {"code": "27", "name": "Tỉnh Bắc Ninh", "figures": {"context.units": 1210}}]
    run = small_run(section, breakdowns={"keys": ["context.units"], "labels": {}, "by_area": [], "by_year": [],
                                         "by_former": former})
    text = " ".join(strip_tags(render_run_html(run).replace("<", " <")).split())
    assert "Theo tỉnh cũ" in text and "Tỉnh Bắc Giang 1.575" in text and "Tỉnh Bắc Ninh 1.210" in text
    run = small_run(section, breakdowns={"keys": ["context.units"], "labels": {}, "by_area": [], "by_year": []})
    assert "Theo tỉnh cũ" not in strip_tags(render_run_html(run))
