"""What a notebook starts from: where a notebook run by hand writes, and that it is not the report."""

import warnings

import atoplib as al
from atoplib.data import registry


def test_notebook_run_by_hand_writes_beside_not_into_the_report(mini_dir, tmp_path, monkeypatch):
    monkeypatch.delenv("ATOP_OUTPUT_DIR", raising=False)
    monkeypatch.setenv("ATOP_REPORTS_DIR", str(tmp_path / "reports"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        ctx = al.start(data_dir=str(mini_dir), start_year=1900)
    assert ctx.output_dir == tmp_path / "reports" / "interactive" / "atop-5.9"
    assert ctx.figures_dir.is_dir()
    assert not (tmp_path / "reports" / "atop-5.9").exists()
    assert (ctx.start_year, ctx.end_year) == (1900, 1920)


def test_output_dir_from_the_environment_or_the_parameter(mini_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("ATOP_OUTPUT_DIR", str(tmp_path / "env"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        assert al.start(data_dir=str(mini_dir)).output_dir == tmp_path / "env"
        given = al.start(data_dir=str(mini_dir), output_dir=str(tmp_path / "given"))
    assert given.output_dir == tmp_path / "given"


def test_release_warning_is_one_plain_line_in_a_notebook(tmp_path, capsys, monkeypatch):
    """A release with no pinned checksums: the notebook shows the warning as one line, no path."""
    import shutil

    from support import FIXTURES

    shutil.copytree(FIXTURES / "mini", tmp_path / "rel")
    monkeypatch.setattr(registry, "_warned", set())
    al.start(data_dir=str(tmp_path / "rel"), output_dir=str(tmp_path / "out"))
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "AtopWarning: ATOP 5.9 has no pinned checksums in data/registry.csv; its files are used "
        "unverified (add their sha256 there once the release is confirmed)"
    ]
