"""Studies: bit-identical files whatever runs the chunks (this process, one or two Dask workers, a worker
killed mid-study), resume after an interruption, infeasible samples recorded, scalar runs reproduce samples,
and the summary's standard errors and sensitivity indices."""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import signal
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from lunarbase import load_scenario, simulate
from lunarbase.constants import YEAR
from lunarbase.constraints import CONSTRAINTS
from lunarbase.figures import MILESTONES, YEARLY
from lunarbase.scenario.schema import SECTIONS, field_compounding, field_unit
from lunarbase.study import FAN, StudyError, chunks_of, run_study, runs_of
from lunarbase.units import annual_rate
from tests.study_ranges import LUNAR_RANGES, Uncertainty, sample

SETS = ["horizon.end_year=2045"]
UNC = Uncertainty(LUNAR_RANGES)


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("lunar-base-alpha", SETS)


def study(scenario, tmp: Path, name: str, n=40, method="mc", unc=UNC, **kw):
    result = run_study(scenario, n, 11, method, chunk_size=8, folder=tmp / name / "work", uncertainty=unc,
                       sampler=sample, **kw)
    result.write(tmp / name / "out")
    return result


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.parquet"))}


@pytest.fixture(scope="module")
def in_process(scenario, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("study")
    return study(scenario, tmp, "none"), tmp


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes on 127.0.0.1 for the module's Dask tests."""
    from lunarbase.study import local_cluster

    with local_cluster(2) as c:
        yield c


def test_local_workers_start_with_one_malloc_arena(cluster):
    """glibc reads MALLOC_ARENA_MAX at a process's start: the workers must have it from their spawn (a chunk run on
    a worker's task thread, in an arena of its own, cost ~1.6x the CPU)."""
    from distributed import Client

    from lunarbase.study import WORKER_ENVIRON

    with Client(cluster) as client:
        seen = client.run(os.environ.get, "MALLOC_ARENA_MAX")
    assert len(seen) == 2 and set(seen.values()) == {WORKER_ENVIRON["MALLOC_ARENA_MAX"]}


def test_local_workers_run_without_the_statistical_profiler_and_the_fast_ticks(cluster):
    """Dask's profiler samples the task thread's stack every 10 ms (~3 % of a chunk's CPU), and every server checks
    its event loop every 20 ms: a study's cluster starts without the one and checks once a second."""
    import dask
    from distributed import Client

    assert dask.config.get("distributed.worker.profile.enabled") is True  # Dask's own defaults, here
    assert dask.config.get("distributed.admin.tick.interval") == "20ms"
    with Client(cluster) as client:
        seen = client.run(dask.config.get, "distributed.worker.profile.enabled")
        ticks = client.run(dask.config.get, "distributed.admin.tick.interval")
        scheduler_tick = client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.periodic_callbacks["tick"]
                                                 .callback_time)
    assert list(seen.values()) == [False, False]
    assert list(ticks.values()) == ["1s", "1s"] and scheduler_tick == 1000


def test_a_worker_writes_its_chunk_only_where_it_sees_the_study(scenario, tmp_path):
    """A worker on the study's machine (or a shared disk) writes its chunk file itself; one that cannot read the
    work folder's token returns the chunk's table, which the caller writes: the same bytes either way."""
    import pyarrow.feather as feather

    from lunarbase.study import CHUNK_SUFFIX, TOKEN, _chunk_task, _Design, _write_chunk

    work = tmp_path / "work"
    (work / "chunks").mkdir(parents=True)
    design = _Design(UNC, sample, "mc", 16, 3, chunks_of(16, 8), tuple(UNC.paths), work)
    (work / TOKEN).write_text(design.token)
    remote = pickle.loads(pickle.dumps(design))  # as a worker gets it
    assert _chunk_task(scenario, remote, 1, None, str(work), design.token) is None
    written = work / "chunks" / f"00001{CHUNK_SUFFIX}"
    table = feather.read_table(written)
    assert table.num_rows == 8 and table.column("sample").to_pylist() == list(range(8, 16))
    by_worker = written.read_bytes()
    written.unlink()
    for folder, token in ((work, "another study's token"), (tmp_path / "not there", design.token)):
        returned = _chunk_task(scenario, remote, 1, None, str(folder), token)
        assert not written.exists()
        _write_chunk(work, 1, returned)  # what the caller does with it
        assert written.read_bytes() == by_worker
        written.unlink()


def test_chunks_are_fixed_by_the_inputs():
    assert chunks_of(20, 8) == [(0, 8), (8, 8), (16, 4)]
    assert runs_of("sobol", 8, 5) == 56 and runs_of("morris", 8, 5) == 48 and runs_of("lhs", 8, 5) == 8


def test_dask_one_and_two_workers_write_the_same_bytes(scenario, in_process, cluster, tmp_path):
    base, tmp = in_process
    reference = files(tmp / "none" / "out")
    assert set(reference) == {"samples.parquet", *(f"yearly/{k}.parquet" for k in (*FAN, "binding"))}
    one = study(scenario, tmp_path, "one", scheduler="local", workers=1)
    two = study(scenario, tmp_path, "two", scheduler=cluster.scheduler_address)
    assert files(tmp_path / "one" / "out") == reference
    assert files(tmp_path / "two" / "out") == reference
    assert one.summary == two.summary == base.summary


def test_workers_that_cannot_see_the_work_folder_hand_their_chunks_back(scenario, in_process, cluster, tmp_path,
                                                                        monkeypatch):
    """Workers on another machine (here: the study's token under a name they do not read) return each chunk's
    table, and the calling process writes it: the same bytes."""
    import lunarbase.study as study_module

    monkeypatch.setattr(study_module, "TOKEN", "token-the-workers-do-not-read")
    written = []
    write = study_module._write_chunk
    monkeypatch.setattr(study_module, "_write_chunk", lambda work, i, table: (written.append(i), write(work, i, table)))
    study(scenario, tmp_path, "apart", scheduler=cluster.scheduler_address)
    _, tmp = in_process
    assert sorted(written) == list(range(5))
    assert files(tmp_path / "apart" / "out") == files(tmp / "none" / "out")


def test_workers_on_this_machine_write_their_own_chunks(scenario, cluster, tmp_path, monkeypatch):
    """The calling process writes no chunk of a study whose workers see its work folder (they do)."""
    import lunarbase.study as study_module

    written = []
    monkeypatch.setattr(study_module, "_write_chunk", lambda work, i, table: written.append(i))
    result = study(scenario, tmp_path, "here", scheduler=cluster.scheduler_address)
    assert written == [] and all(path.exists() for path in result.chunk_files())


def test_a_killed_worker_loses_nothing(scenario, in_process, cluster, tmp_path):
    from distributed import Client

    with Client(cluster.scheduler_address) as client:
        pids = list(client.run(os.getpid).values())
    killed = []

    def kill_after_first(done, total):
        if done and not killed:
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    study(scenario, tmp_path, "killed", n=64, scheduler=cluster.scheduler_address, progress=kill_after_first)
    assert killed
    _, tmp = in_process
    ref = study(scenario, tmp, "none64", n=64)
    assert files(tmp_path / "killed" / "out") == files(tmp / "none64" / "out")
    assert ref.chunks_run == 8


def test_resume_skips_finished_chunks(scenario, in_process, tmp_path):
    _, tmp = in_process

    def interrupt(done, total):
        if done >= 16:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        study(scenario, tmp_path, "resumed", progress=interrupt)
    # what a writer killed mid-chunk leaves: a hidden temporary file beside the chunk files, half written
    (tmp_path / "resumed" / "work" / "chunks" / ".00002.parquet.k1ll3d00").write_bytes(b"PAR1 half a chunk")
    again = study(scenario, tmp_path, "resumed", resume=True)
    assert (again.chunks_resumed, again.chunks_run) == (2, 3)
    assert files(tmp_path / "resumed" / "out") == files(tmp / "none" / "out")
    # resumed once more, on a cluster, with every chunk done: nothing to run, no cluster started
    done = study(scenario, tmp_path, "resumed", resume=True, scheduler="tcp://127.0.0.1:9")
    assert (done.chunks_resumed, done.chunks_run) == (5, 0)
    assert files(tmp_path / "resumed" / "out") == files(tmp / "none" / "out")
    with pytest.raises(StudyError, match="--resume: .* other inputs \\(seed\\)"):
        run_study(scenario, 40, 12, "mc", chunk_size=8, folder=tmp_path / "resumed" / "work", uncertainty=UNC,
                  sampler=sample, resume=True)
    # chunks another version wrote in another layout are not read as this one's
    stamp = tmp_path / "resumed" / "work" / "inputs.json"
    stamp.write_text(json.dumps({**json.loads(stamp.read_text()), "chunk_format": 1}))
    with pytest.raises(StudyError, match="--resume: .* other inputs \\(chunk_format\\)"):
        run_study(scenario, 40, 11, "mc", chunk_size=8, folder=tmp_path / "resumed" / "work", uncertainty=UNC,
                  sampler=sample, resume=True)


def test_a_fan_read_from_the_chunks_equals_the_written_files(scenario, in_process, tmp_path):
    """Before ``write``, a year of a yearly figure is read from the chunk files' lists (``<key>@years``)."""
    written, _ = in_process
    unwritten = run_study(scenario, 40, 11, "mc", chunk_size=8, folder=tmp_path / "work", uncertainty=UNC,
                          sampler=sample)
    assert unwritten.folder is None
    for key in FAN:
        assert unwritten.fan(key) == written.fan(key)
    year = int(written.years[len(written.years) // 2])
    column = unwritten.column(f"installed_compute@{year}")
    expected = pq.read_table(written.folder / "yearly" / "installed_compute.parquet", columns=[str(year)])
    np.testing.assert_array_equal(column, expected.column(0).to_numpy())


def test_the_study_folder_is_replaced_whole_or_not_at_all(in_process, tmp_path):
    result, tmp = in_process
    out = tmp_path / "out"
    assert result.write(out) == out and result.folder == out
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert {str(p) for p in before} >= {"samples.parquet", "study.json", "yearly/binding.parquet"}

    def broken(staging):
        (staging / "parameters.json").write_text("{}")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        result.write(out, extra=broken)
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left
    assert result.folder == out and result.summary["runs"] == 40
    result.write(tmp / "none" / "out")  # the module's other tests read the study from its first folder


def test_samples_are_reproduced_by_scalar_runs(in_process):
    """A few samples of the study, run one at a time through the scalar engine from ``--set`` values, give the
    same milestones and horizon figures."""
    result, tmp = in_process
    table = pq.read_table(tmp / "none" / "out" / "samples.parquet").to_pylist()
    for row in table[::13]:
        sets = [*SETS]
        for p in UNC.paths:  # each value as a scenario file would give it: annual rates per year, others in SI
            section, name = p.split(".")
            how = field_compounding(SECTIONS[section], name)
            if how is None:
                sets.append(f"{p}={row[p]!r} {field_unit(SECTIONS[section], name)}")
            else:
                sets.append(f"{p}={float(annual_rate(row[p], how)) * YEAR * 100!r} %/yr")
        run = simulate(load_scenario("lunar-base-alpha", sets))
        for name in MILESTONES:
            expected = run.milestones[name]
            assert (np.isnan(row[name]) if expected is None else row[name] == pytest.approx(expected, abs=1e-9))
        for key in YEARLY:
            assert row[key] == pytest.approx(run.yearly(key)[-1], rel=1e-9, abs=1e-300)
        assert row["levelized_cost_per_pflops_year"] == pytest.approx(run.levelized_cost.per_pflops_year, rel=1e-9)


def test_summary_gives_standard_errors_beside_every_probability(in_process):
    result, _ = in_process
    s = result.summary
    n = s["runs"]
    assert n == 40 and s["feasible"] == 40 and s["seed"] == 11
    for m in s["milestones"].values():
        assert [y for y, _ in m["cdf"]] == list(range(2026, 2046)) == [y for y, _ in m["se"]]
        for (_, p), (_, se) in zip(m["cdf"], m["se"], strict=True):
            assert se == pytest.approx(np.sqrt(p * (1 - p) / n))
        ps = [p for _, p in m["cdf"]]
        assert ps == sorted(ps)
        assert m["median"] == next((y for y, p in m["cdf"] if p >= 0.5), None)
    fan = s["fans"]["installed_compute"]
    assert len(fan["values"]) == 20 and all(len(row) == 6 for row in fan["values"])
    assert "sensitivity" not in s


def test_infeasible_samples_are_recorded_not_fatal(scenario, tmp_path):
    unc = Uncertainty({"industry.closure_initial": (0.98, 1.0, ""), "industry.productivity": (0.8, 1.0, "1/yr")})
    result = study(scenario, tmp_path, "infeasible", n=8, unc=unc)
    rows = pq.read_table(tmp_path / "infeasible" / "out" / "samples.parquet").to_pylist()
    bad = [r for r in rows if r["status"] == "infeasible"]
    good = [r for r in rows if r["status"] == "ok"]
    assert bad and good
    assert all(r["industry.closure_initial"] > 0.995 for r in bad)
    assert all("industry.closure_final" in r["reason"] and "\n" not in r["reason"] for r in bad)
    assert all(np.isnan(r["installed_compute"]) for r in bad) and all(r["installed_compute"] > 0 for r in good)
    assert result.summary["infeasible"] == len(bad)


def test_sobol_gives_first_order_and_total_indices(scenario, tmp_path):
    result = study(scenario, tmp_path, "sobol", n=8, method="sobol")
    s = result.summary
    assert s["runs"] == 8 * (len(UNC.paths) + 2)
    by_param = s["sensitivity"]["first_launch"]
    assert set(by_param) == set(UNC.paths)
    assert all({"S1", "ST"} <= set(v) for v in by_param.values())
    assert "year after the horizon" in s["sensitivity_note"]


def test_bad_inputs_are_one_line_each(scenario, tmp_path):
    with pytest.raises(StudyError, match="declares no \\[uncertainty\\] table"):
        run_study(dataclasses.replace(scenario, uncertainty=None), 4, 0, folder=tmp_path / "w", sampler=sample)
    with pytest.raises(StudyError, match="method: got 'grid'.*\n.*power of 2|method: got 'grid'"):
        run_study(scenario, 4, 0, "grid", folder=tmp_path / "w", uncertainty=UNC, sampler=sample)
    with pytest.raises(StudyError, match="expected a power of 2"):
        run_study(scenario, 6, 0, "sobol", folder=tmp_path / "w", uncertainty=UNC, sampler=sample)


def test_memory_held_does_not_grow_with_the_samples(tmp_path):
    """Python and NumPy memory (``tracemalloc``; Arrow's own pool is not traced) at its peak through a study, its
    files and summary: 15 times the samples must not cost 15 times the memory. Results kept for every chunk
    (~600 B a run here) would add ~0.3 MB from 40 to 600 runs. The resident memory
    of a million-run study is measured in ``benchmarks/bench_study_memory.py``."""
    import tracemalloc

    sc = load_scenario("lunar-base-alpha", ["horizon.end_year=2028", "horizon.steps_per_year=4"])
    peaks = []
    for n in (40, 600):  # every path of both sizes once untraced: compiled loops loaded (or compiled, on a fresh
        # cache) and caches filled before the measure, so neither measure pays for them
        warm = run_study(sc, n, 11, "mc", chunk_size=40, folder=tmp_path / f"w{n}" / "work", uncertainty=UNC,
                         sampler=sample)
        warm.write(tmp_path / f"w{n}" / "out")
    for n in (40, 600):
        tried = []
        for k in range(2):  # the least of two: a one-off (a lazy import, a cache's first entry) is not growth
            tracemalloc.start()
            try:
                run = run_study(sc, n, 11, "mc", chunk_size=40, folder=tmp_path / f"m{n}-{k}" / "work",
                                uncertainty=UNC, sampler=sample)
                run.write(tmp_path / f"m{n}-{k}" / "out")
                assert run.summary["runs"] == n
                tried.append(tracemalloc.get_traced_memory()[1])
            finally:
                tracemalloc.stop()
        peaks.append(min(tried))
    assert peaks[1] - peaks[0] < 0.15 * 2**20, peaks


def test_a_chunk_file_holds_every_output_column_for_column(scenario):
    """A chunk's outputs (``run_chunk``: a few arrays, each fan's years as one (runs, years) block) and the chunk
    table made of them (``<key>@years`` lists) hold the same values, year by year, with the same dtypes and bits
    as the run's own yearly figures."""
    from lunarbase.study import _chunk_table, _year_columns, run_chunk

    draws = UNC.from_unit_cube(sample(UNC, 6, "mc", np.random.SeedSequence(4)))
    out = run_chunk(scenario, draws)
    blocks = [name for name in out if name.endswith("@years")]
    assert sorted(blocks) == sorted(f"{k}@years" for k in (*FAN, "binding")) and len(out) < 60
    run = simulate(scenario, draws=draws, inert_samples="allow")
    table = _chunk_table(0, 0, np.zeros((6, 0)), {}, out, ())
    for key in FAN:
        expected = run.yearly(key)
        assert out[f"{key}@years"].shape == expected.shape == (6, len(run.years))
        for j, column in enumerate(_year_columns(table, key, len(run.years))):
            np.testing.assert_array_equal(column.to_numpy(), expected[:, j], err_msg=key, strict=True)
    codes = _year_columns(table, "binding", len(run.years))[-1].to_numpy()
    assert codes.dtype == np.int8 and list(np.asarray(CONSTRAINTS, dtype=object)[codes]) == list(out["binding_final"])
    for name, column in out.items():
        if not name.endswith("@years"):
            back = table.column(name).to_numpy(zero_copy_only=False)
            if column.dtype == object:
                assert back.tolist() == column.tolist(), name
            else:
                np.testing.assert_array_equal(back, column, err_msg=name, strict=True)


@pytest.mark.parametrize("name", ["lunar-base-alpha", "mars-base", "mercury-swarm", "earth-orbit-starship",
                                  "terrestrial"])
def test_a_study_run_holds_what_it_reads_and_the_same_numbers(name):
    """A study's runs hold only the series it reads (``STUDY_SERIES``: the route may skip the rest, the surface
    base's loop writing none of its other outputs) and give every output bit for bit as a full run's."""
    from lunarbase.engine import simulate
    from lunarbase.scenario import uncertainty
    from lunarbase.study import STUDY_SERIES, _Design, _outputs

    scenario = load_scenario(name)
    design = _Design(scenario.uncertainty, uncertainty.sample, "mc", 48, 3, chunks_of(48, 48))
    draws, _ = design.draws(design.point(0))
    full = simulate(scenario, draws=draws, inert_samples="allow")
    lean = simulate(scenario, draws=draws, inert_samples="allow", series=STUDY_SERIES)
    assert set(lean.series) == STUDY_SERIES < set(full.series)
    a, b = _outputs(full), _outputs(lean)
    assert a.keys() == b.keys()
    for key in a:
        assert np.array_equal(a[key], b[key], equal_nan=a[key].dtype != object), key
    with pytest.raises(ValueError, match="series: got no_such_series; expected names of figures.SERIES"):
        simulate(scenario, series={"no_such_series", "crew"})
