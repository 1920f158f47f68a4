"""`lunarbase run` refusing what a route cannot build."""

from typer.testing import CliRunner

from lunarbase.interfaces.cli import app


def test_mars_cannot_take_a_mass_driver(tmp_path):
    result = CliRunner().invoke(app, ["run", "mars-base", "--set", 'route.launcher="mass-driver"', "--out",
                                      str(tmp_path)])
    assert result.exit_code == 2
    assert "route.launcher" in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []
