from __future__ import annotations

from dataclasses import fields

import pytest

from virtlearn.stacks.assumptions import DEFAULT_ASSUMPTIONS, Assumptions, describe, with_overrides


def test_every_figure_is_described_with_a_label_and_a_unit():
    rows = describe(DEFAULT_ASSUMPTIONS)
    assert [row.key for row in rows] == [field.name for field in fields(Assumptions)]
    assert all(row.label and row.unit in {"MB", "seconds", "days"} for row in rows)
    by_key = {row.key: row.value for row in rows}
    assert by_key["server_memory_mb"] == 65536
    assert by_key["container_start_seconds"] == 1


def test_a_new_vm_boots_a_whole_os():
    assert DEFAULT_ASSUMPTIONS.vm_boot_seconds > DEFAULT_ASSUMPTIONS.os_boot_seconds
    assert DEFAULT_ASSUMPTIONS.vm_boot_seconds > 10 * DEFAULT_ASSUMPTIONS.container_start_seconds


def test_overrides_replace_the_figures_given():
    changed = with_overrides({"app_memory_mb": " 256 ", "container_start_seconds": "0.5"})
    assert changed.app_memory_mb == 256
    assert changed.container_start_seconds == 0.5
    assert changed.os_memory_mb == DEFAULT_ASSUMPTIONS.os_memory_mb
    assert with_overrides({}) == DEFAULT_ASSUMPTIONS


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("app_memory_mb", "lots"),
        ("app_memory_mb", "0"),
        ("app_memory_mb", "12.5"),
        ("app_memory_mb", "-1"),
        ("server_memory_mb", "1e12"),
        ("os_boot_seconds", "nan"),
        ("os_boot_seconds", "inf"),
        ("os_boot_seconds", ""),
        ("os_boot_seconds", "1" * 500),
        ("server_provision_days", "1000"),
    ],
)
def test_bad_values_are_refused_naming_the_field(name, value):
    with pytest.raises(ValueError, match=name):
        with_overrides({name: value})


def test_unknown_fields_are_refused():
    with pytest.raises(ValueError, match="kernel_memory_mb: not an assumption"):
        with_overrides({"kernel_memory_mb": "1"})
