"""ogi export and ogi explain against a real pipeline run (the session's sample warehouse)."""
import polars as pl

from ogi.cli import main


def test_export_writes_every_mart_with_a_readme(sample_run, tmp_path, capsys):
    out = tmp_path / "export"
    assert main(["export", "--warehouse", str(sample_run["db"]), "--to", str(out)]) == 0
    files = sorted(p.name for p in out.iterdir())
    assert {"fct_reports.parquet", "dim_agency.parquet", "fct_agency_year.parquet", "fct_applications.parquet",
            "README.md"} <= set(files)
    reports = pl.read_parquet(out / "fct_reports.parquet")
    assert reports.height == 5
    row = reports.filter(pl.col("file_name").str.starts_with("001_")).row(0, named=True)
    assert row["applications_new"] == 342  # read off seed 001
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "applications_new" in readme and "本年新收" in readme


def test_export_csv_flattens_lists(sample_run, tmp_path):
    out = tmp_path / "csv"
    assert main(["export", "--warehouse", str(sample_run["db"]), "--to", str(out), "--format", "csv"]) == 0
    assert pl.read_csv(out / "fct_agency_year.csv").height == 5


def test_explain_shows_figures_beside_their_text(sample_run, capsys):
    assert main(["explain", "--warehouse", str(sample_run["db"]), "003_"]) == 0
    out = capsys.readouterr().out
    assert "菏泽市定陶区中小企业局" in out
    assert "共公开政府信息98条" in out or "98" in out


def test_unknown_report_is_one_clear_line(sample_run, capsys):
    assert main(["explain", "--warehouse", str(sample_run["db"]), "no-such-report"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no report" in err[0]


def test_sql_formats_and_output_file(sample_run, tmp_path, capsys):
    db = str(sample_run["db"])
    assert main(["sql", "--warehouse", db, "--format", "csv",
                 "SELECT file_name, applications_new FROM marts.fct_reports ORDER BY 1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "file_name,applications_new" and "001_e66166ac253deb62.txt,342" in lines
    assert main(["sql", "--warehouse", db, "--format", "csv", "SELECT * FROM marts.fct_agency_year"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 6  # list column flattened, header + 5 rows
    assert main(["sql", "--warehouse", db, "--format", "json",
                 "SELECT count(*) AS n FROM marts.fct_reports"]) == 0
    assert capsys.readouterr().out.strip() == '[{"n":5}]'
    out = tmp_path / "agencies.parquet"
    assert main(["sql", "--warehouse", db, "--format", "parquet", "--output", str(out),
                 "SELECT * FROM marts.dim_agency"]) == 0
    assert pl.read_parquet(out).height == 5


def test_sql_interactive_reads_queries_until_end_of_input(sample_run, monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("SELECT 41 + 1 AS answer;\nDROP TABLE marts.fct_reports;\n"))
    assert main(["sql", "--warehouse", str(sample_run["db"])]) == 0
    captured = capsys.readouterr()
    assert "42" in captured.out
    assert "refused: DROP is not allowed" in captured.err
