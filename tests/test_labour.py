"""The labour-allocation model: calibration from sourced figures, hand-computed values, limits."""
import pytest

import gleap_data as gd


def test_calibration_reads_the_sourced_figures():
    cal = gd.labour_calibration()
    assert cal["base_grain_mt"] == 195.05
    assert cal["base_farm_labour"] == 193_090_000
    assert cal["rural_population"] == 547_040_000
    assert cal["procurement_share"] == pytest.approx(0.246)
    assert cal["share_moved_1958"] == pytest.approx((193_090_000 - 154_900_000) / 193_090_000)
    assert cal["steel_per_moved_worker_t"] == pytest.approx((8.0 - 5.35) * 1e6 / 38_190_000)


def test_model_by_hand():
    cal = gd.labour_calibration()
    row = gd.labour_allocation(0.36, labour_elasticity=0.5, procurement_share=0.25,
                               overreporting=0.0).iloc[0]
    # (1 - 0.36) ** 0.5 = 0.8 -> 0.8 * 195.05 = 156.04 Mt; a quarter procured: 39.01 Mt
    assert row.grain_output_mt == pytest.approx(156.04)
    assert row.procurement_mt == pytest.approx(39.01)
    assert row.grain_left_mt == pytest.approx(117.03)
    assert row.grain_per_rural_person_kg == pytest.approx(117.03e9 / 547_040_000)
    assert row.grain_per_rural_person_kg_per_day == pytest.approx(117.03e9 / 547_040_000 / 365)
    assert row.moved_workers == pytest.approx(0.36 * 193_090_000)
    assert row.steel_mt == pytest.approx(5.35 + 0.36 * 193_090_000 * cal["steel_per_moved_worker_t"] / 1e6)


def test_overreporting_raises_procurement_but_never_above_the_harvest():
    honest = gd.labour_allocation(0.2, procurement_share=0.3).iloc[0]
    inflated = gd.labour_allocation(0.2, procurement_share=0.3, overreporting=1.0).iloc[0]
    assert inflated.procurement_mt == pytest.approx(2 * honest.procurement_mt)
    assert inflated.grain_output_mt == pytest.approx(honest.grain_output_mt)
    capped = gd.labour_allocation(0.2, procurement_share=0.9, overreporting=2.0).iloc[0]
    assert capped.procurement_mt == pytest.approx(capped.grain_output_mt)
    assert capped.grain_left_mt == pytest.approx(0)


def test_many_shares_at_once_and_monotone_harvest():
    out = gd.labour_allocation([0.0, 0.1, 0.2, 0.4])
    assert list(out.index) == [0.0, 0.1, 0.2, 0.4]
    assert out.grain_output_mt.is_monotonic_decreasing
    assert out.steel_mt.is_monotonic_increasing


def test_default_share_is_the_1958_shift():
    assert gd.labour_allocation().index[0] == pytest.approx(gd.labour_calibration()["share_moved_1958"])


def test_actuals():
    act = gd.labour_actuals()
    assert list(act.index) == [1957, 1958, 1959, 1960, 1961]
    assert act.loc[1957, "share_moved"] == 0
    assert act.loc[1960, "grain_output_mt"] == 143.85
    assert act.loc[1959, "procurement_mt"] == 64.12


@pytest.mark.parametrize("kwargs", [{"share_moved": 0.95}, {"share_moved": -0.1},
                                    {"labour_elasticity": 0}, {"procurement_share": 1.2},
                                    {"overreporting": -1}, {"weather_loss": 0.8}])
def test_out_of_range(kwargs):
    with pytest.raises(ValueError, match="must be between"):
        gd.labour_allocation(**kwargs)


@pytest.mark.parametrize("kwargs", [{"share_moved": "a lot"}, {"share_moved": [0.1, "x"]},
                                    {"labour_elasticity": None}, {"share_moved": []}])
def test_wrong_type(kwargs):
    with pytest.raises(TypeError):
        gd.labour_allocation(**kwargs)
