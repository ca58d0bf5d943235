"""A hostile template is refused before it is unpacked or parsed: zip bombs, macros, links, oversized sheets.

Every file here is built by the test and fictional; none needs the shipped data.
"""

import os
import struct
import subprocess
import sys
import zipfile
import zlib

import pandas as pd
import pytest

from segstats.errors import TemplateError
from segstats.measures import cells
from segstats.measures.template import read_template
from segstats.schema import MEASURES

from .test_bad_files import TEMPLATE_2022, rewrite_sheet, xlsx_from

NO_MEASURES = pd.DataFrame(columns=list(MEASURES.columns))  # a first follow-up: nothing known before it


def problems(path) -> list[str]:
    with pytest.raises(TemplateError) as info:
        read_template(path, 2022, NO_MEASURES)
    return info.value.problems


def with_members(path, change):
    """``path`` with its zip members changed by ``change(dict name → bytes)``, as a hand-made file would be."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    change(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def raw_zip(path, members: dict[str, tuple[bytes, int, int]]) -> None:
    """Write a zip archive of already deflated members: name → (deflated bytes, crc32, unpacked size)."""
    out, directory = bytearray(), bytearray()
    for name, (data, crc, size) in members.items():
        encoded = name.encode()
        head = struct.pack("<HHHHHIIIHH", 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
        directory += b"PK\x01\x02" + struct.pack("<H", 20) + head + struct.pack("<HHHII", 0, 0, 0, 0, len(out))
        directory += encoded
        out += b"PK\x03\x04" + head + encoded + data
    end = struct.pack("<HHHHIIH", 0, 0, len(members), len(members), len(directory), len(out), 0)
    path.write_bytes(bytes(out + directory + b"PK\x05\x06" + end))


def deflated(data: bytes) -> tuple[bytes, int, int]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(), zlib.crc32(data), len(data)


def zip_bomb(path, packed_bytes: int) -> int:
    """A real template whose shared strings are followed by millions more, packed about 400 to 1.

    The repeated piece is deflated once after a full flush, which resets the packer, so that the
    same bytes stand for it every time: a bomb of gigabytes is built without packing gigabytes.

    Returns:
        The unpacked size of the strings part.
    """
    template = xlsx_from(TEMPLATE_2022, path.with_suffix(".plain.xlsx"))
    with zipfile.ZipFile(template) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    # Excel keeps a sheet's texts in one shared-strings part, which a reader loads whole.
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    tail = b"</sst>"
    piece = b"<si><t>Fiktiv bomb</t></si>" * 300_000
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    packed_piece = packer.compress(piece) + packer.flush(zlib.Z_FULL_FLUSH)
    repeats = packed_bytes // len(packed_piece)
    end = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(repeats):
        crc = zlib.crc32(piece, crc)
    size = len(head) + repeats * len(piece) + len(tail)
    members = {name: deflated(data) for name, data in parts.items()}
    members["xl/sharedStrings.xml"] = (start + packed_piece * repeats + end, zlib.crc32(tail, crc), size)
    raw_zip(path, members)
    return size


# The child's peak memory is the kernel's VmHWM: ru_maxrss would also count what the forked test
# process held before the child began (Linux carries it over an exec).
_READ_IN_A_CHILD = """
import re, sys
from pathlib import Path
import pandas as pd
from segstats.errors import TemplateError
from segstats.measures.template import read_template
from segstats.schema import MEASURES
try:
    read_template(sys.argv[1], 2022, pd.DataFrame(columns=list(MEASURES.columns)))
except TemplateError as exc:
    print(exc.problems[0])
print(int(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text())[1]) // 1024)  # peak, MB
"""


def test_a_2_mb_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    unpacked = zip_bomb(bomb, 2 * 1024 * 1024)
    assert 1.9e6 < bomb.stat().st_size < 2.2e6 and unpacked > 500e6
    with zipfile.ZipFile(bomb) as z:  # a sound archive: what a spreadsheet program would unpack
        assert z.getinfo("xl/sharedStrings.xml").file_size == unpacked
    child = subprocess.run([sys.executable, "-c", _READ_IN_A_CHILD, str(bomb)], capture_output=True, text=True)
    message, peak_mb = child.stdout.splitlines()
    assert message == (
        f"filen packas upp till {unpacked / 1024 / 1024:.0f} MB; en ifylld mall är högst 25 MB uppackad "
        "(en xlsx-fil är ett zip-arkiv)"
    )
    assert int(peak_mb) < 200


def test_a_part_packed_like_a_bomb_is_refused_even_under_the_size_limit(tmp_path):
    path = with_members(
        xlsx_from(TEMPLATE_2022, tmp_path / "tät.xlsx"),
        lambda parts: parts.update({"docProps/custom.xml": bytes(2**21)}),
    )
    (problem,) = problems(path)
    assert problem.startswith("delen docProps/custom.xml är packad ")
    assert problem.endswith(
        "gånger, som inget kalkylblad är (högst 100); filen läses inte. Spara den i Excel som Excel-arbetsbok (.xlsx)"
    )


def add_macro(parts):
    parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 fiktivt makro"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
    )


def as_xlsm(parts):
    """What Excel writes for a macro-enabled workbook, renamed to .xlsx: its main part's content type."""
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
    )


@pytest.mark.parametrize(
    "change, says",
    [
        (add_macro, "filen innehåller makron (xl/vbaProject.bin); "),
        (as_xlsm, "filen innehåller makron; "),
        (lambda parts: parts.update({"xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>"}), "filen innehåller makron ("),
    ],
    ids=["vbaProject", "xlsm renamed", "Excel 4 macro sheet"],
)
def test_a_template_with_macros_is_refused(tmp_path, change, says):
    path = with_members(xlsx_from(TEMPLATE_2022, tmp_path / "makro.xlsx"), change)
    (problem,) = problems(path)
    assert problem.startswith(says)
    assert problem.endswith("en mall tar bara emot värden: spara den i Excel som Excel-arbetsbok (.xlsx), utan makron")


@pytest.mark.parametrize("part", ["xl/externalLinks/externalLink1.xml", "xl/connections.xml"])
def test_a_template_that_fetches_from_elsewhere_is_refused(tmp_path, part):
    path = with_members(xlsx_from(TEMPLATE_2022, tmp_path / "länk.xlsx"), lambda parts: parts.update({part: b"<x/>"}))
    assert problems(path) == [
        f"filen hämtar data från andra filer eller källor ({part}); en mall tar bara emot värden: kopiera cellerna "
        "och klistra in dem som värden, och spara igen"
    ]


def test_rows_beyond_the_declared_size_are_read_not_dropped(tmp_path, first_template, caplog, english):
    plain = read_template(xlsx_from(first_template, tmp_path / "rätt.xlsx"), 2022, NO_MEASURES)
    path = rewrite_sheet(
        xlsx_from(first_template, tmp_path / "liten.xlsx"),
        lambda xml: xml.replace('<dimension ref="A1:K', '<dimension ref="A1:C5"/><x ref="'),
    )
    with caplog.at_level("INFO", logger="segstats"):
        read = read_template(path, 2022, NO_MEASURES)
    pd.testing.assert_frame_equal(read.drop(columns="source_file"), plain.drop(columns="source_file"))
    assert len(read) > 4
    assert f"liten.xlsx: rows 6–{len(read) + 1} lie beyond the size the sheet declares (5 rows)" in caplog.text


def test_a_sheet_declaring_too_many_columns_is_refused_before_it_is_read(tmp_path):
    path = rewrite_sheet(
        xlsx_from(TEMPLATE_2022, tmp_path / "bred.xlsx"),
        lambda xml: xml.replace('<dimension ref="A1:K', '<dimension ref="A1:XFD'),
    )
    assert problems(path) == [
        "mallen har 16384 kolumner (till XFD) enligt bladets angivna storlek; en mall har högst 50"
    ]


def test_a_row_of_too_many_cells_is_refused_while_it_is_read(tmp_path):
    def wide(ws):
        ws.cell(3, 60, "Fiktiv")

    path = rewrite_sheet(
        xlsx_from(TEMPLATE_2022, tmp_path / "bred.xlsx", wide),
        lambda xml: xml.replace("<dimension ", "<x "),  # no declared size: the rows must show it
    )
    assert problems(path) == ["mallen har 60 kolumner (till BH); en mall har högst 50"]


def test_a_csv_of_too_many_columns_is_refused(tmp_path):
    path = tmp_path / "bred.csv"
    path.write_text(TEMPLATE_2022.read_text(encoding="utf-8-sig") + ";" * 60 + "\n", encoding="utf-8")
    (problem,) = problems(path)
    assert problem.startswith("mallen har ") and problem.endswith("; en mall har högst 50")


def test_the_size_limit_is_on_what_the_file_unpacks_to(tmp_path, monkeypatch):
    monkeypatch.setattr(cells, "MAX_UNPACKED", 10_000)
    path = xlsx_from(TEMPLATE_2022, tmp_path / "mall.xlsx")
    assert os.path.getsize(path) < 10_000
    (problem,) = problems(path)
    assert problem.startswith("filen packas upp till ")
