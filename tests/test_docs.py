"""The documentation a newcomer reads: a short README, and a data dictionary that says what the schemas say."""

from segstats import datapackage, paths


def test_every_column_of_every_processed_table_is_described():
    undescribed = [
        f"{s.name}.{name}"
        for s in datapackage.dictionary_schemas()
        for name, c in s.columns.items()
        if not c.description
    ]
    assert not undescribed, f"columns without a description in segstats/schema.py DESCRIPTIONS: {undescribed}"


def test_the_data_dictionary_is_the_one_the_schemas_give():
    written = (paths.DOCS_DIR / paths.DATA_DICTIONARY_FILE).read_text(encoding="utf-8")
    assert written == datapackage.data_dictionary(datapackage.dictionary_schemas()), (
        "docs/data-dictionary.md differs from the schemas; run: python3 dev.py docs"
    )


def test_the_readme_is_read_in_five_minutes_and_names_what_the_quick_start_makes():
    readme = (paths.PROJ_ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode()) <= 8 * 1024
    assert "python3 dev.py run" in readme and "python3 dev.py test" in readme
    for report in ("status", "indicators", "comparison", "districts"):
        assert f"{report}-2021-sv.pdf" in readme, report
    for doc in sorted(paths.DOCS_DIR.glob("*.md")):
        assert f"docs/{doc.name}" in readme, f"the README does not say where to read {doc.name}"
