"""Charts drawn on the server: valid SVG, the numbers written the Vietnamese way, nothing loaded from elsewhere."""

import xml.etree.ElementTree as ET

from reports.charts import bar_chart_svg, line_chart_svg, nice_ticks

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
