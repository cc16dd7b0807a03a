"""The world map: outlines read from Natural Earth as Debian ships it, and choropleths drawn from them."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from atlas.site.countryregions import COUNTRY_REGION, REGION_COUNTRIES
from atlas.site.maps import MapValue, draw_map, scale_for
from atlas.site.outlines import HEIGHT, WIDTH, equal_earth, source_path, thin, world
from atlas.site.rdata import lazy_load

SVG = "{http://www.w3.org/2000/svg}"


def shapes(svg: str) -> dict[str, str]:
    """The class of each drawn place, by the name in its tooltip."""
    root = ET.fromstring(svg)
    found = {}
    for element in root.iter():
        if element.tag in (f"{SVG}path", f"{SVG}circle") and element.get("class") not in (None, "hl"):
            tip = element.find(f"{SVG}title")
            if tip is not None:
                found[tip.text.split(":")[0]] = element.get("class")
    return found


def test_the_r_reader_reads_what_r_itself_reads():
    """Cross-checked with R (installed with the data package) where it is there."""
    countries = lazy_load(source_path(), "countries110")
    frame = dict(zip(countries.attrs["data"].attrs["names"], countries.attrs["data"], strict=True))
    assert len(countries.attrs["polygons"]) == 177 and "GB" in frame["iso_a2"] and "NA" in frame["iso_a2"]
    points = sum(
        p.attrs["coords"].attrs["dim"][0] for s in countries.attrs["polygons"] for p in s.attrs["Polygons"]
    )
    if not shutil.which("Rscript"):
        pytest.skip("R is not installed")
    script = (
        f'e <- new.env(); invisible(lazyLoad("{source_path()}", envir = e)); x <- e$countries110; '
        "cat(sum(sapply(x@polygons, function(p) sum(sapply(p@Polygons, function(q) nrow(q@coords))))), "
        'paste(ifelse(is.na(x@data$iso_a2), "-", as.character(x@data$iso_a2)), collapse = ","))'
    )
    out = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True, check=True).stdout.split()
    assert int(out[0]) == points
    assert out[1].split(",") == [code or "-" for code in frame["iso_a2"]]


def test_names_stored_in_latin_1_keep_their_letters():
    """R marks some strings Latin-1 (Natural Earth's accented names); they are read as such, not as UTF-8."""
    names = {outline.code: outline.name for outline in world()}
    assert names["CI"] == "Côte d'Ivoire" and names["ST"] == "São Tomé and Principe"
    assert not [name for name in names.values() if "\ufffd" in name]


def test_the_world_has_every_country_once_inside_the_map():
    places = world()
    codes = [p.code for p in places]
    assert codes == sorted(set(codes)) and "AQ" not in codes
    assert {"FR", "NO", "GB", "XK", "NA", "SG", "MT"} <= set(codes)
    for place in places:
        for x, y in [*(pt for ring in place.rings for pt in ring), *([place.point] if place.point else [])]:
            assert 0 <= x <= WIDTH and 0 <= y <= HEIGHT


def test_equal_earth_keeps_the_equator_and_the_meridian_straight_and_thinning_keeps_the_ends():
    assert equal_earth(0, 0) == (0.0, 0.0)
    assert equal_earth(180, 0)[0] == pytest.approx(-equal_earth(-180, 0)[0])
    assert equal_earth(0, 60)[0] == 0 and equal_earth(0, 60)[1] > 0
    line = [(0, 0), (1, 0), (2, 0), (3, 5), (4, 0)]
    assert thin(line, 0.5) == [(0, 0), (2, 0), (3, 5), (4, 0)]


def test_every_country_drawn_belongs_to_one_region_or_is_uninhabited():
    unplaced = {p.code for p in world()} - set(COUNTRY_REGION)
    assert unplaced <= {"TF", "GS", "HM", "BV", "UM"}
    assert all(
        region in ("ceeca", "eseap", "lac", "ssa", "mena", "sa", "na", "nwe") for region in REGION_COUNTRIES
    )


def test_no_data_zero_and_values_are_drawn_differently_and_the_numbers_come_along():
    picture = draw_map({"FR": 3, "DE": 0, "US": 7, "AD": 1}, ident="m", title="Groups by country")
    classes = shapes(picture.markup)
    assert classes["Germany"] == "v0"  # zero: the lightest step of the scale
    assert classes["France"] != "v0" and classes["United States"] == "v4"
    assert classes["Spain"] == "nd"  # no data: hatched
    assert 'fill="url(#m-nd)"' in picture.markup and "<pattern" in picture.markup
    assert picture.rows == (
        ("FR", "France", "3"),
        ("DE", "Germany", "0"),
        ("US", "United States", "7"),
        ("AD", "Andorra", "1"),
    )
    assert picture.csv.splitlines()[0] == "country,name,value" and "DE,Germany,0" in picture.csv
    assert "Andorra" in picture.description  # too small to draw, so said in words


def test_a_map_has_a_title_a_description_and_is_the_same_bytes_every_time():
    one = draw_map({"FR": 3}, ident="m", title="T & U")
    two = draw_map({"FR": 3}, ident="m", title="T & U")
    assert one.markup == two.markup
    svg = ET.fromstring(one.markup).find(f"{SVG}svg")
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "m-t m-d"
    assert svg.find(f"{SVG}title").text == "T & U" and svg.find(f"{SVG}desc").text.startswith("T & U.")
    assert len(one.markup) < 60_000 and len(gzip.compress(one.markup.encode())) < 16_000


def test_a_region_map_fills_every_country_of_the_region_and_keeps_the_n():
    values = {"ssa": MapValue(0.5, 10), "ceeca": MapValue(0.0, 3), "global": MapValue(1.0, 2)}
    picture = draw_map(values, ident="r", title="Share", by="region", share=True)
    classes = shapes(picture.markup)
    assert classes["Nigeria"] == classes["Kenya"] == "v3"  # 50% is in 41–60%
    assert classes["Poland"] == "v0" and classes["Brazil"] == "nd"
    assert picture.header == ("region", "name", "value", "n")
    assert ("ssa", "ssa", "0.5", 10) in picture.rows and ("global", "global", "1", 2) in picture.rows


def test_a_focused_map_is_cropped_to_the_region_and_greys_the_rest():
    nwe = REGION_COUNTRIES["nwe"].split()
    picture = draw_map({"FR": 2}, ident="f", title="NWE", focus=nwe)
    x, y, w, h = map(float, ET.fromstring(picture.markup).find(f"{SVG}svg").get("viewBox").split())
    assert w < WIDTH / 2
    classes = shapes(picture.markup)
    assert classes["France"] == "v2" and classes["Sweden"] == "nd" and "Brazil" not in classes
    assert len(picture.markup) < 60_000


def test_the_key_is_page_text_below_the_map():
    """Zero, each step and no data (and, on a region's map, the places outside it) as words beside a
    swatch of their class, outside the drawing, so they stay readable on a phone and read in the page's
    direction."""
    picture = draw_map({"FR": 2, "DE": 7}, ident="k", title="Groups", focus=REGION_COUNTRIES["nwe"].split())
    key = ET.fromstring(picture.markup).find("ul")
    items = [(li.find("i").get("class"), "".join(li.itertext())) for li in key.findall("li")]
    assert items == [
        ("mk v0", "0"), ("mk v1", "1–2"), ("mk v2", "3–4"), ("mk v3", "5–6"), ("mk v4", "7–8"),
        ("mk nd", "No data"), ("mk out", "Outside the region"),
    ]  # fmt: skip
    assert not ET.fromstring(picture.markup).find(f"{SVG}svg").findall(f".//{SVG}text")


def test_scales():
    assert scale_for([0, 3, 7], share=False).bounds == (2, 4, 6, 8)
    assert scale_for([0], share=False).bounds == (1,)
    assert scale_for([120], share=False).bounds == (50, 100, 150)
    share = scale_for([], share=True)
    assert [share.step(v) for v in (0, 0.001, 0.2, 0.204, 0.21, 0.5, 1)] == [0, 1, 1, 1, 2, 3, 5]
    assert share.labels(None)[:3] == ["0%", "1–20%", "21–40%"]


def test_a_region_maps_tips_name_the_region_or_the_country_in_the_pages_language():
    """A country's tip on a map by region names the region its colour counts, else the country itself,
    in the page's language (CLDR's names), never Natural Earth's English."""
    values = {"ssa": MapValue(0.5, 10)}
    names = {"ssa": "Afrique subsaharienne"}
    picture = draw_map(values, ident="r", title="Part", by="region", share=True, names=names, locale="fr")
    tips = [title.text for title in ET.fromstring(picture.markup).iter(f"{SVG}title")]
    assert any(tip.startswith("Afrique subsaharienne:") for tip in tips)
    assert any(tip.startswith("Brésil:") for tip in tips)
    assert not any(tip.startswith("Brazil") for tip in tips)
