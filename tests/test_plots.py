"""Plot functions, checked on the artists they return (bars, lines, labels, texts), not on pixels."""

import matplotlib.colors as mcolors
import pandas as pd
import pytest

from segstats import codes, load_measures
from segstats.errors import SegstatsError
from segstats.indicators import analysis as indicator_analysis
from segstats.measures import analysis as measure_analysis
from segstats.reports import plots
from segstats.reports.fmt import NBSP

from . import fictional_indicators as fictional

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def by_area():
    return measure_analysis.status_counts(load_measures(), by="area_no").drop(index="total")


def texts(ax) -> list[str]:
    return [t.get_text().strip() for t in ax.texts]


def lines_of(ax, colour: str) -> list:
    return [line for line in ax.lines if mcolors.same_color(line.get_color(), colour)]


@pytest.mark.realdata
def test_status_bars_stack_the_counts_and_write_them_out(by_area):
    with plots.style():
        ax = plots.status_bars(by_area)
    assert [c.get_label() for c in ax.containers] == ["Genomförd", "Pågår", "Ej genomförd"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Genomförd", "Pågår", "Ej genomförd"]
    done, ongoing, not_done = ([p.get_width() for p in c.patches] for c in ax.containers)
    assert done == [6, 3, 3, 0, 0] and ongoing == [9, 8, 6, 11, 8] and not_done == [1, 2, 0, 1, 2]
    # each segment starts where the one before it ends
    assert [p.get_x() for p in ax.containers[2].patches] == [15, 11, 9, 11, 8]
    assert all(mcolors.same_color(p.get_facecolor(), "#D55E00") for p in ax.containers[2].patches)
    # counts on the bars (nothing on an empty segment), then each row's total
    assert texts(ax) == [
        "6",
        "3",
        "3",
        "",
        "",
        "9",
        "8",
        "6",
        "11",
        "8",
        "1",
        "2",
        "",
        "1",
        "2",
        "16",
        "13",
        "9",
        "12",
        "10",
    ]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1", "2", "3", "4", "5"]
    assert ax.get_xlabel() == "Antal åtgärder"


@pytest.mark.realdata
def test_status_bars_in_english_and_long_labels_wrapped(by_area):
    names = {n: f"{n}. {codes.label('area', str(n), 'en')}" for n in by_area.index}
    ax = plots.status_bars(by_area.rename(index=names), lang="en", wrap=30)
    assert [c.get_label() for c in ax.containers] == ["Done", "Ongoing", "Not done"]
    assert ax.get_yticklabels()[0].get_text() == "1. Greater safety, community\nand participation in society"
    assert ax.get_xlabel() == "Number of measures"


@pytest.mark.realdata
def test_status_bars_refuse_counts_without_the_status_columns(by_area):
    with pytest.raises(SegstatsError, match="counts must have a column per status .* but not_done is missing"):
        plots.status_bars(by_area.drop(columns="not_done"))


@pytest.mark.realdata
def test_status_totals_write_count_and_share():
    ax = plots.status_totals(measure_analysis.status_totals(load_measures()))
    assert [p.get_width() for p in ax.patches] == [12, 42, 6]
    assert texts(ax) == [f"12 (20{NBSP}%)", f"42 (70{NBSP}%)", f"6 (10{NBSP}%)"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Genomförd", "Pågår", "Ej genomförd"]


def test_trend_joins_only_consecutive_years_and_shows_lone_values_as_points():
    rows = indicator_analysis.trend_rows(fictional.indicators(), "lag_ek_standard")
    ax = plots.indicator_trend(rows, unit="%", decimals=1)
    ryd = lines_of(ax, codes.lookup("district", "Ryd").colour)
    assert [list(line.get_xdata()) for line in ryd] == [[2019, 2020], [2022, 2023]]  # 2021 is missing
    assert [line.get_label() for line in ryd][0] == "Ryd (RegSO)"
    assert ryd[1].get_label().startswith("_")  # one legend entry per place
    berga = lines_of(ax, codes.lookup("district", "Berga").colour)
    assert [list(line.get_xdata()) for line in berga] == [[2019, 2020, 2021], [2023]]  # 2022 suppressed
    assert berga[1].get_linewidth() == 0 and berga[1].get_marker() == "o"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Berga (RegSO)", "Ryd (RegSO)", "Skäggetorp-Tornby (RegSO)", "Linköping", "Sverige"]
    assert ax.yaxis.get_major_formatter()(20.0, 0) == f"20{NBSP}%"


def test_trend_does_not_join_years_across_a_series_break():
    rows = indicator_analysis.trend_rows(fictional.indicators(), "forvarvsfrekvens")
    ax = plots.indicator_trend(rows, unit="%", breaks=[2019])
    linkoping = lines_of(ax, codes.lookup("reference_area", "kommun").colour)
    assert [list(line.get_xdata()) for line in linkoping][:2] == [[2017, 2018], [2019, 2020, 2021, 2022, 2023]]
    breaks = [line for line in ax.lines if list(line.get_xdata()) == [2018.5, 2018.5]]
    assert len(breaks) == 1
    assert "Serieavbrott" in texts(ax)


def test_trend_marks_only_breaks_within_the_years_drawn_and_ticks_every_year():
    rows = indicator_analysis.trend_rows(fictional.indicators(), "lag_ek_standard")
    rows = rows[rows["year"].isin([2022, 2023])]
    ax = plots.indicator_trend(rows, unit="%", breaks=[2019, 2030])
    assert not [line for line in ax.lines if [x % 1 for x in line.get_xdata()] == [0.5, 0.5]]
    assert "Serieavbrott" not in texts(ax)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2022", "2023"]


def test_trend_of_election_years_is_points_only():
    rows = indicator_analysis.trend_rows(fictional.indicators(), "valdeltagande")
    ax = plots.indicator_trend(rows, unit="%", lang="en")
    assert all(line.get_linewidth() == 0 for line in ax.lines)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Skäggetorp 1 (election district)",
        "Skäggetorp 2 (election district)",
        "Linköping",
    ]


def test_trend_without_data_says_so():
    rows = indicator_analysis.trend_rows(fictional.indicators(), "utan_data")
    ax = plots.indicator_trend(rows)
    assert texts(ax) == ["Data saknas"] and not ax.lines


def legend_of(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_peer_distribution_marks_the_district_among_its_area_type_in_the_legend_not_over_the_bars():
    peers = indicator_analysis.peer_values(fictional.indicators(), "medelinkomst")
    berga = peers[peers["district"] == "Berga"]
    ax = plots.peer_distribution(berga, unit="tkr")
    assert sum(p.get_height() for p in ax.patches) == 12  # every RegSO of the type counted once
    marker = lines_of(ax, codes.lookup("district", "Berga").colour)
    assert [list(line.get_xdata()) for line in marker] == [[250.0, 250.0]]
    assert legend_of(ax) == [f"Median för typen: 265{NBSP}tkr", f"Berga: 250{NBSP}tkr"]
    assert not ax.texts  # nothing written over the bars
    with pytest.raises(SegstatsError, match="peers must contain a district's own row"):
        plots.peer_distribution(berga[~berga["is_district"]])


def test_peer_distributions_stack_one_panel_per_area_type_on_one_shared_axis():
    peers = indicator_analysis.peer_values(fictional.indicators(), "medelinkomst")
    figure = plots.peer_distributions(peers, unit="tkr", lang="en")
    type_2, type_1 = figure.axes  # Berga and Ryd share type 2: the same RegSOs, one panel
    assert [type_2.get_title(), type_1.get_title()] == [
        "12 RegSOs of area type 2, 2023",
        "11 RegSOs of area type 1, 2023",
    ]
    assert type_2.get_shared_x_axes().joined(type_2, type_1)
    assert type_2.get_xlim() == type_1.get_xlim()
    edges = {round(p.get_x(), 6) for p in type_2.patches} | {round(p.get_x(), 6) for p in type_1.patches}
    assert len(edges) == 30  # the same 30 bins in both panels, so that bars line up
    assert legend_of(type_2)[1:] == [f"Berga: 250{NBSP}thousand SEK", f"Ryd: 230{NBSP}thousand SEK"]
    ryd = lines_of(type_2, codes.lookup("district", "Ryd").colour)
    assert [list(line.get_xdata()) for line in ryd] == [[230.0, 230.0]]  # in Ryd's colour, not Berga's
    assert legend_of(type_1)[1] == f"Skäggetorp-Tornby: 300{NBSP}thousand SEK"


def test_one_year_is_drawn_as_dots_one_row_per_place_labelled_with_the_year():
    rows = indicator_analysis.one_year_rows(
        indicator_analysis.trend_rows(fictional.indicators(), "barn_lag_ek_standard")
    )
    ax = plots.indicator_dots(rows, unit="%", decimals=1)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Skäggetorp\n(stadsdel)", "Linköping"]
    assert ax.get_xlabel() == "Värde år 2020"
    dots = [c.get_offsets().tolist() for c in ax.collections]
    assert dots == [[[73.0, 0.0]], [[19.0, 1.0]]]  # each place on a row of its own: nothing hides another
    assert texts(ax) == [f"73,0{NBSP}%", f"19,0{NBSP}%"]
    assert mcolors.same_color(ax.collections[0].get_facecolor()[0], codes.lookup("district", "Skäggetorp").colour)
    assert ax.get_xlim()[0] == 0  # shares from zero


def test_dots_add_the_area_types_median_and_spread_where_they_have_values_that_year():
    indicators = fictional.indicators()
    rows = indicator_analysis.trend_rows(indicators, "medelinkomst")
    rows = indicator_analysis.one_year_rows(rows[rows["year"] == 2023])
    peers = indicator_analysis.peer_values(indicators, "medelinkomst")
    ax = plots.indicator_dots(rows, peers=peers, unit="tkr", lang="en")
    labels_ = [t.get_text() for t in ax.get_yticklabels()]
    assert labels_ == [
        "Berga (RegSO)",
        "Ryd (RegSO)",
        "Skäggetorp-Tornby\n(RegSO)",
        "Area type 2 (12\nRegSOs)",
        "Area type 1 (11\nRegSOs)",
    ]
    type_2 = peers.loc[(peers["district"] == "Berga"), "value"]
    boxes = [(p.get_x(), p.get_x() + p.get_width(), p.get_y() + p.get_height() / 2) for p in ax.patches]
    assert boxes[0] == pytest.approx((type_2.quantile(0.25), type_2.quantile(0.75), 3))  # quartiles, on its row
    assert len(boxes) == 2 and boxes[1][2] == pytest.approx(4)
    assert ax.get_xlabel() == "Value in 2023 (tkr)"


def test_a_flagged_value_in_a_dot_chart_is_a_hollow_dot_that_the_legend_explains():
    rows = indicator_analysis.one_year_rows(
        indicator_analysis.trend_rows(fictional.indicators(), "barn_lag_ek_standard")
    )
    rows = rows.assign(implausible=rows["district"].notna())
    ax = plots.indicator_dots(rows, unit="%")
    assert mcolors.same_color(ax.collections[0].get_facecolor()[0], "white")
    assert legend_of(ax) == ["Ihålig punkt: utanför rimligt intervall, visas som källan anger"]


def test_style_is_applied_only_inside_the_block():
    import matplotlib as mpl

    before = mpl.rcParams["axes.spines.top"]
    with plots.style():
        assert mpl.rcParams["axes.spines.top"] is False
    assert mpl.rcParams["axes.spines.top"] == before


def test_a_flagged_value_is_drawn_as_it_is_with_a_hollow_marker_the_legend_and_alt_text_explain():
    from segstats.reports import labels

    rows = indicator_analysis.trend_rows(fictional.indicators(), "lag_ek_standard")
    odd = (rows["geo_code"] == "0580R017") & (rows["year"] == 2022)  # FICTIONAL flag on Ryd's 43 %
    rows = rows.assign(implausible=odd)
    ax = plots.indicator_trend(rows, unit="%", decimals=0)
    ryd = lines_of(ax, codes.lookup("district", "Ryd").colour)
    hollow = [line for line in ryd if line.get_markerfacecolor() == "white"]
    assert [(list(h.get_xdata()), list(h.get_ydata())) for h in hollow] == [([2022], [43.0])]
    assert [list(line.get_xdata()) for line in ryd if line not in hollow] == [[2019, 2020], [2022, 2023]]  # kept
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[-1] == "Ihålig punkt: utanför rimligt intervall, visas som källan anger"
    alt = labels.trend_alt(rows, name="Låg", unit="%", decimals=0)
    assert f"43{NBSP}% år 2022 ligger utanför det rimliga intervallet och visas som källan anger det" in alt
    plain = plots.indicator_trend(rows.assign(implausible=False), unit="%")
    assert "Ihålig" not in " ".join(t.get_text() for t in plain.get_legend().get_texts())


def test_a_scoped_break_splits_only_the_series_it_concerns():
    from segstats.indicators.catalogue import SeriesBreak

    rows = indicator_analysis.trend_rows(fictional.indicators(), "forvarvsfrekvens")
    regso_only = SeriesBreak(2019, "FICTIONAL: RegSO coordinates", geo_kinds=("regso",))
    ax = plots.indicator_trend(rows, unit="%", breaks=[regso_only])
    linkoping = lines_of(ax, codes.lookup("reference_area", "kommun").colour)
    assert [list(line.get_xdata()) for line in linkoping][0] == [2017, 2018, 2019, 2020, 2021, 2022, 2023]
    berga = lines_of(ax, codes.lookup("district", "Berga").colour)
    assert all(not (min(line.get_xdata()) < 2019 <= max(line.get_xdata())) for line in berga)
    other_source = SeriesBreak(2019, "FICTIONAL: another publisher", sources=("Someone else",))
    ax = plots.indicator_trend(rows, unit="%", breaks=[other_source])
    assert "Serieavbrott" not in texts(ax)  # the values' publisher is not the one the break concerns


def _contrast(colour: str, background: str = "#ffffff") -> float:
    """WCAG contrast ratio of two colours."""

    def luminance(c: str) -> float:
        r, g, b = (x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in mcolors.to_rgb(c))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted([luminance(colour), luminance(background)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_colour_of_a_mark_stands_out_from_the_white_page_by_3_to_1():
    colours = {
        f"{kind} {code}": codes.lookup(kind, code).colour
        for kind in ("status", "district", "reference_area")
        for code in codes.codes(kind)
    }
    colours |= {"peers": plots.PEER_GREY, "edge": plots.EDGE}
    assert {name: round(_contrast(c), 2) for name, c in colours.items() if _contrast(c) < 3} == {}


def test_a_districts_desos_each_have_a_marker_and_the_value_axis_names_its_unit():
    rows = fictional.indicators()
    rows = rows[(rows["indicator"] == "medelinkomst") & rows["district"].notna()].copy()
    desos = rows[rows["district"] == "Ryd"].assign(geo_kind="deso")
    desos = pd.concat([desos.assign(geo_code=f"0580C900{i}", geo_name=f"0580C900{i}") for i in (1, 2, 3)])
    ax = plots.indicator_trend(pd.concat([rows, desos]), unit="tkr", decimals=0)
    ryd = lines_of(ax, codes.lookup("district", "Ryd").colour)
    assert sorted(line.get_marker() for line in ryd) == sorted(["o", *plots.DESO_MARKERS[:3]])
    assert ax.get_ylabel() == "tkr"
