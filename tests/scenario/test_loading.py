"""Scenario files, presets, overrides and the one-line errors for bad input."""

import math

import pytest

from lunarbase.scenario import ScenarioError, load_scenario, parse_set, preset_names

REQUIRED_PATHS = [
    "mass_driver.exit_speed", "mass_driver.acceleration", "mass_driver.launch_angle", "satellite.compute_power",
    "satellite.junction_temperature", "satellite.radiator_emissivity", "industry.reinvestment_fraction",
    "site.illumination_fraction", "horizon.end_year",
]


def test_presets_are_shipped():
    assert {"lunar-base-alpha", "lunar-equatorial", "lunar-conservative"} <= set(preset_names())


@pytest.mark.parametrize("name", ["lunar-base-alpha", "lunar-equatorial", "lunar-conservative"])
def test_every_parameter_has_a_unit_and_a_source(name):
    rows = load_scenario(name).rows()
    paths = {r.path for r in rows}
    assert set(REQUIRED_PATHS) <= paths
    for row in rows:
        assert row.source.strip(), row.path


def test_values_are_si_inside():
    p = load_scenario().params
    assert p.mass_driver.exit_speed == pytest.approx(2500.0)
    assert p.mass_driver.acceleration == pytest.approx(300 * 9.80665)
    assert p.site.illumination_fraction == pytest.approx(0.923)
    assert p.industry.energy_per_kg == pytest.approx(15 * 3.6e6)
    assert p.chips.world_output == pytest.approx(10e9 / (365.25 * 86400))


def test_set_overrides_with_units_and_records_the_source():
    sc = load_scenario("lunar-base-alpha", ['mass_driver.exit_speed="2.6 km/s"', "chips.lunar_fab=false"])
    assert sc.params.mass_driver.exit_speed == pytest.approx(2600.0)
    assert sc.params.chips.lunar_fab is False
    assert sc.sources["mass_driver.exit_speed"] == "set on the command line"


def test_equatorial_preset_changes_the_site_with_its_own_notes():
    sc = load_scenario("lunar-equatorial")
    assert sc.params.site.longest_darkness == pytest.approx(354 * 3600)
    assert "synodic" in sc.sources["site.longest_darkness"]
    assert sc.params.mass_driver.exit_speed == load_scenario().params.mass_driver.exit_speed


def test_user_file_starts_from_a_preset(tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text('base = "lunar-equatorial"\nname = "mine"\n[mass_driver]\n'
                 'exit_speed = { value = "3 km/s", source = "my trade study" }\n[satellite]\n'
                 'compute_power = "200 kW"\n')
    sc = load_scenario(str(f))
    assert sc.name == "mine"
    assert sc.params.site.kind == "equatorial"
    assert sc.params.mass_driver.exit_speed == 3000.0
    assert sc.sources["mass_driver.exit_speed"] == "my trade study"
    assert sc.params.satellite.compute_power == 200e3


def test_years_option_sets_the_horizon():
    sc = load_scenario(years="2030:2060")
    assert (sc.params.horizon.start_year, sc.params.horizon.end_year) == (2030, 2060)


@pytest.mark.parametrize(
    ("sets", "expected"),
    [
        (["mass_driver.exit_speed=3e9 km/s"], "mass_driver.exit_speed: got '3e9 km/s'; expected a value <"),
        (["mass_driver.exit_speed=-1 km/s"], "mass_driver.exit_speed: got '-1 km/s'; expected a value > 0"),
        (["mass_driver.exit_speed=2.5 kg"], "mass_driver.exit_speed: got '2.5 kg'; expected a speed"),
        (["mass_driver.exit_speed=2.5"], "mass_driver.exit_speed: got 2.5; expected a speed with units"),
        (["satellite.radiator_emissivity=150 %"], "satellite.radiator_emissivity: got '150 %'; expected a value <= 1"),
        (["industry.seed_factory_mass=-5 t"], "industry.seed_factory_mass: got '-5 t'; expected a value > 0"),
        (["site.latitude=100 deg"], "site.latitude: got '100 deg'; expected a value <= 90 deg"),
        (["site.nope=1"], "site.nope: unknown parameter"),
        (["nosection.x=1"], "nosection.x: unknown parameter"),
        (["exit_speed"], "--set: got 'exit_speed'; expected PATH=VALUE"),
        (["horizon.end_year=2020"], "horizon.end_year: got 2020; expected a year after"),
        (["mass_driver.exit_speed=fast"], "mass_driver.exit_speed: got 'fast'; expected a speed"),
        (["site.kind=crater"], "site.kind: got 'crater'; input should be 'polar', 'equatorial' or 'other'"),
        (["chips.efficiency_growth_end_year=2100"], "chips.efficiency_growth_end_year: got 2100; removed: FLOP/s "
                                                    "per W now rises on a logistic curve towards "
                                                    "chips.efficiency_ceiling_factor"),
        (["chips.efficiency_ceiling_factor=0.5"], "chips.efficiency_ceiling_factor: got 0.5; expected a value >= 1"),
        (["chips.bits_erased_per_flop=0.5"], "chips.bits_erased_per_flop: got 0.5; expected a value >= 1"),
        (['chips.number_format="FP7"'], "chips.number_format: got 'FP7'; input should be 'FP64'"),
        (['chips.number_format="FP8 dense"'], "chips.number_format: got 'FP8 dense' with the default "
                                              "chips.flops_per_unit (2.25e+15 FLOP/s, BF16 dense); expected "
                                              "chips.flops_per_unit set to the chip's FP8 dense figure as well"),
    ],
)
def test_bad_values_get_one_clear_line(sets, expected):
    with pytest.raises(ScenarioError) as err:
        load_scenario("lunar-base-alpha", sets)
    message = str(err.value)
    assert message.startswith(expected), message
    assert "\n" not in message


def test_several_problems_get_one_line_each():
    with pytest.raises(ScenarioError) as err:
        load_scenario("lunar-base-alpha", ["satellite.radiator_emissivity=2", "mass_driver.efficiency=-1 %"])
    assert len(str(err.value).splitlines()) == 2


def test_bad_files(tmp_path):
    with pytest.raises(ScenarioError, match="neither a preset"):
        load_scenario("no-such-scenario")
    bad = tmp_path / "bad.toml"
    bad.write_text("[site\n")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_scenario(str(bad))
    unknown = tmp_path / "unknown.toml"
    unknown.write_text("[warp_drive]\nspeed = '9 km/s'\n")
    with pytest.raises(ScenarioError, match="warp_drive: unknown section"):
        load_scenario(str(unknown))
    loop = tmp_path / "loop.toml"
    loop.write_text(f'base = "{loop}"\n')
    with pytest.raises(ScenarioError, match="its own base"):
        load_scenario(str(loop))


def test_parse_set_reads_toml_values():
    assert parse_set("a.b=3") == ("a.b", 3)
    assert parse_set("a.b=true") == ("a.b", True)
    assert parse_set('a.b="2 km/s"') == ("a.b", "2 km/s")
    assert parse_set("a.b=2 km/s") == ("a.b", "2 km/s")


def test_parameters_json_uses_quantities():
    params = load_scenario().parameters_json()
    assert params["mass_driver.exit_speed"] == {"value": 2.5, "unit": "km / s"}
    assert params["horizon.end_year"] == 2100
    assert params["site.kind"] == "polar"
    assert params["chips.lunar_fab"] is True
    assert math.isclose(params["site.illumination_fraction"]["value"], 92.3)


def test_scenario_names_are_safe_folder_names(tmp_path):
    f = tmp_path / "evil.toml"
    f.write_text('name = "../../etc"\n')
    with pytest.raises(ScenarioError, match="name: got '../../etc'"):
        load_scenario(str(f))


def test_a_number_format_goes_with_its_flops_figure():
    sc = load_scenario("lunar-base-alpha", ['chips.number_format="FP8 dense"', 'chips.flops_per_unit="4.5e15 FLOP/s"'])
    assert sc.params.chips.number_format == "FP8 dense" and sc.params.chips.flops_per_unit == 4.5e15
    assert load_scenario().params.chips.number_format == "BF16 dense"  # the B200 figure's format
    assert load_scenario("lunar-base-alpha", ['chips.number_format="BF16 dense"']).params.chips.number_format == (
        "BF16 dense")


def test_the_removed_end_year_cannot_be_drawn_either():
    from lunarbase.scenario import draws

    with pytest.raises(draws.DrawError, match="chips.efficiency_growth_end_year: removed"):
        draws.validate({"chips.efficiency_growth_end_year": [2045.0, 2100.0]})
