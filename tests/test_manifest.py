"""The corpus manifest (metadata.csv): supplied metadata overrides extraction."""

from indexer.corpus.manifest import load_manifest, parse_manifest
from indexer.extract.dates import parse_date


def test_rows_by_path_with_dates_normalised():
    manifest = parse_manifest("path,title,date,outlet,url\n./a/x.txt,My Title,Nov. 4 2024,,\nb.txt,,,Newsweek,\n", parse_date=parse_date)
    assert manifest.row("a/x.txt") == {"title": "My Title", "date": "2024-11-04"}
    assert manifest.row("b.txt") == {"outlet": "Newsweek"}
    assert manifest.row("c.txt") == {}
    assert manifest.warnings == []


def test_bad_date_and_unknown_column_are_warnings_not_errors():
    manifest = parse_manifest("path,date,colour\na.txt,someday,red\n", parse_date=parse_date)
    assert manifest.row("a.txt") == {}
    assert any("not a date" in w for w in manifest.warnings)
    assert any("colour" in w for w in manifest.warnings)


def test_missing_path_column():
    assert "no 'path' column" in parse_manifest("file,title\na,b\n", parse_date=parse_date).warnings[0]


def test_row_hash_changes_with_the_row():
    a = parse_manifest("path,title\na.txt,One\n", parse_date=parse_date)
    b = parse_manifest("path,title\na.txt,Two\n", parse_date=parse_date)
    assert a.row_hash("a.txt") != b.row_hash("a.txt")
    assert a.row_hash("zzz.txt") == "-"


def test_load_from_corpus_folder(tmp_path):
    assert load_manifest(tmp_path, parse_date=parse_date).rows == {}
    (tmp_path / "metadata.csv").write_bytes(b"\xef\xbb\xbfpath,outlet\r\na.txt,Reuters\r\n")
    assert load_manifest(tmp_path, parse_date=parse_date).row("a.txt") == {"outlet": "Reuters"}


def test_problems_name_the_file_and_its_line(tmp_path):
    manifest = parse_manifest("# corrections\npath,date\n\na.txt,someday\n", parse_date=parse_date)
    assert manifest.warnings == ["metadata.csv line 4: 'someday' is not a date; ignored"]
    (tmp_path / "metadata.csv").write_bytes(bytes(range(256)))
    assert load_manifest(tmp_path, parse_date=parse_date).warnings == [f"{tmp_path / 'metadata.csv'}: binary data (contains NUL bytes); ignored"]
