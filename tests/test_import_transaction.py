"""Import as one transaction: the raw copy, its provenance row and the rebuilt tables go in together or not at all."""

import os

import pytest

from segstats import io, paths
from segstats.cli import main
from segstats.errors import SegstatsError
from segstats.measures.store import import_template, load_measures

from .conftest import IMPORT_DATE, TEMPLATES, snapshot

# Its messages are checked in English (an English locale); the Swedish default is checked in test_languages.py.
pytestmark = pytest.mark.usefixtures("english")

TEMPLATE = TEMPLATES / "2022_fiktiv.csv"


@pytest.mark.realdata
def test_an_unwritable_processed_folder_changes_nothing_and_a_retry_works(data_dir, monkeypatch, capsys):
    before = snapshot(data_dir)
    processed = paths.processed_dir(data_dir)
    real = io.temporary_beside

    def refused(path):
        # As processed/ without write permission (tests run as root, whom chmod does not stop).
        if path.parent == processed:
            raise PermissionError(13, "Permission denied", str(path.parent))
        return real(path)

    monkeypatch.setattr(io, "temporary_beside", refused)
    assert main(["--data-dir", str(data_dir), "import", str(TEMPLATE), "--year", "2022"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"segstats: error: cannot write {processed}: Permission denied; nothing was imported"
    assert snapshot(data_dir) == before  # no raw copy, no README row, no temporary file

    monkeypatch.setattr(io, "temporary_beside", real)
    assert main(["--data-dir", str(data_dir), "import", str(TEMPLATE), "--year", "2022"]) == 0
    assert sorted(load_measures(data_dir)["year"].unique()) == [2021, 2022]


@pytest.mark.realdata
def test_a_move_that_fails_midway_puts_back_what_was_there(data_dir, monkeypatch):
    before = snapshot(data_dir)
    real, moves = os.replace, []

    def third_move_fails(src, dst):
        if ".tmp-" in str(src) and ".tmp-" not in str(dst) and len(moves) < 3:  # the moves, not the undoing
            moves.append(dst)
            if len(moves) == 3:  # measures.csv and lineage.csv are in place; the README is not
                raise OSError(28, "No space left on device", str(dst))
        return real(src, dst)

    monkeypatch.setattr(io.os, "replace", third_move_fails)
    with pytest.raises(SegstatsError, match="No space left on device; nothing was imported"):
        import_template(TEMPLATE, 2022, data_dir, today=IMPORT_DATE)
    assert [p.name for p in moves] == ["measures.csv", "lineage.csv", "README.md"]
    assert snapshot(data_dir) == before

    monkeypatch.setattr(io.os, "replace", real)
    import_template(TEMPLATE, 2022, data_dir, today=IMPORT_DATE)
    assert sorted(load_measures(data_dir)["year"].unique()) == [2021, 2022]


@pytest.mark.realdata
def test_a_provenance_row_left_by_a_killed_import_is_replaced_on_retry(data_dir):
    # Killed after the README row was moved into place, before the raw copy: the copy decides.
    readme = paths.raw_dir(data_dir) / "README.md"
    import_template(TEMPLATE, 2022, data_dir, today=IMPORT_DATE)
    (paths.followups_dir(data_dir) / "2022_uppfoljning_mall.csv").unlink()
    import_template(TEMPLATE, 2022, data_dir, today=IMPORT_DATE)
    assert readme.read_text(encoding="utf-8").count("| `followups/2022_uppfoljning_mall.csv` |") == 1


def test_an_interrupted_transaction_removes_its_temporary_files(tmp_path):
    target = tmp_path / "t.csv"
    target.write_text("old")
    with pytest.raises(KeyboardInterrupt):
        with io.Transaction() as transaction:
            transaction.stage(target).write_text("new")
            raise KeyboardInterrupt
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]
    assert target.read_text() == "old"


@pytest.mark.realdata
@pytest.mark.parametrize("year", [2020, 9999])
def test_a_year_outside_the_plan_years_is_refused(data_dir, capsys, year):
    assert main(["--data-dir", str(data_dir), "import", str(TEMPLATE), "--year", str(year)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"segstats: error: there is no follow-up of {year}: a follow-up year lies between")
    assert "2021" in err
