"""Charts drawn on the server: valid SVG, the numbers written the Vietnamese way, nothing loaded from elsewhere."""

import math
import re
import xml.etree.ElementTree as ET

from PIL import ImageFont

from reports.charts import bar_chart_svg, line_chart_svg, nice_ticks
from reports.rendering import font_files

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    return [t.text for t in ET.fromstring(svg).iter(SVG + "text")]


def test_a_bar_chart_is_valid_svg_with_a_bar_label_and_value_per_item():
    svg = bar_chart_svg(["2017", "2018", "2019"], [120, 1575, 0], title="Vụ việc vi phạm pháp luật")
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg" and root.get("viewBox") == "0 0 640 300"
    assert len(root.findall(SVG + "rect")) == 3
    words = texts(svg)
    assert {"2017", "2018", "2019", "120", "1.575", "0", "Vụ việc vi phạm pháp luật"} <= set(words)


def test_labels_are_escaped():
    svg = bar_chart_svg(["A & B <C>"], [1], title='"Tiêu đề" & <x>')
    assert "A & B <C>" in texts(svg) and '"Tiêu đề" & <x>' in texts(svg)


def test_long_labels_are_turned_to_fit():
    svg = bar_chart_svg(["Thành phố Bắc Giang", "Huyện Việt Yên"], [3, 4])
    assert all("rotate(-40" in t.get("transform", "") for t in ET.fromstring(svg).iter(SVG + "text")
               if t.text in ("Thành phố Bắc Giang", "Huyện Việt Yên"))


def test_a_line_chart_draws_each_series_with_a_legend():
    svg = line_chart_svg(["2018", "2019"], {"Cấp tỉnh": [838, 960], "Cấp huyện": [1, 2]}, title="Công nhận")
    root = ET.fromstring(svg)
    assert len(root.findall(SVG + "polyline")) == 2
    assert {"Cấp tỉnh", "Cấp huyện", "Công nhận"} <= set(texts(svg))


def test_a_single_line_writes_its_values():
    assert {"838", "1.575"} <= set(texts(line_chart_svg(["2018", "2019"], [838, 1575])))


def test_without_data_the_chart_says_so():
    for svg in (bar_chart_svg([], []), line_chart_svg(["2019"], [1, 2])):
        assert "Không có số liệu" in texts(svg)


def test_nothing_is_loaded_from_elsewhere():
    svg = bar_chart_svg(["a"], [1]) + line_chart_svg(["a"], [1])
    assert "href" not in svg and "<script" not in svg and "http://" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")


def test_axis_ticks_are_round_numbers():
    assert nice_ticks(1575) == [0, 500, 1000, 1500, 2000]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(0) == [0, 1]


def test_count_axes_have_whole_ticks_only():
    assert nice_ticks(5, whole=True) == [0, 2, 4, 6] and nice_ticks(2, whole=True) == [0, 1, 2]
    assert nice_ticks(9, whole=True) == [0, 5, 10] and nice_ticks(1, whole=True) == [0, 1]
    for svg in (bar_chart_svg(["2018", "2019"], [1, 2]), line_chart_svg(["2018", "2019"], {"a": [0, 1], "b": [1, 2]})):
        assert not [t for t in texts(svg) if "," in t], texts(svg)
    assert "2,5" in texts(bar_chart_svg(["a", "b"], [0.5, 9.5]))  # a measure that is not a count keeps its steps


# The districts of Bắc Giang in 2019, and the bar of the others of a province's communes.
DISTRICTS = ["Thành phố Bắc Giang", "Huyện Hiệp Hòa", "Huyện Lạng Giang", "Huyện Lục Nam", "Huyện Lục Ngạn",
             "Huyện Sơn Động", "Huyện Tân Yên", "Thị xã Việt Yên", "Huyện Yên Dũng", "Huyện Yên Thế",
             "Phường Nguyễn Thái Học và các vùng lân cận", "14 đơn vị khác"]


def test_turned_labels_fit_inside_the_chart():
    """Measured with the report's own font: every label, turned, stays inside the drawing (the PDF cuts the rest)."""
    font = ImageFont.truetype(str(font_files()[1]["Regular"]), 10)
    svg = bar_chart_svg(DISTRICTS, list(range(len(DISTRICTS))), title="Vụ cháy")
    root = ET.fromstring(svg)
    width, height = (float(n) for n in root.get("viewBox").split()[2:])
    turned = [t for t in root.iter(SVG + "text") if "rotate" in t.get("transform", "")]
    assert len(turned) == len(DISTRICTS) and "Phường Nguyễn Thái Họ…" in texts(svg)
    for label in turned:
        x, y, length = float(label.get("x")), float(label.get("y")), font.getlength(label.text)
        angle = math.radians(float(re.search(r"rotate\((-?[\d.]+)", label.get("transform"))[1]))
        start_x, start_y = x - length * math.cos(angle), y - length * math.sin(angle)
        assert start_x >= 0 and start_y + 3 <= height, label.text  # + the letters' descent
        assert x <= width
