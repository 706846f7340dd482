from __future__ import annotations

from dataclasses import replace

from tests.stacks.factories import (
    BARE_METAL,
    BARE_METAL_VMS,
    CONTAINERS,
    CONTAINERS_IN_VMS,
    HOSTED_VMS,
    make_stack,
)
from virtlearn.stacks.assumptions import DEFAULT_ASSUMPTIONS as A
from virtlearn.stacks.metrics import SECONDS_PER_DAY, measure


def test_bare_metal_seed():
    m = measure(make_stack(BARE_METAL))
    assert (m.kernels, m.vms, m.containers, m.apps) == (1, 0, 0, 1)
    assert m.virtualization == "none"
    assert m.hypervisor_type is None
    assert m.memory_used_mb == A.os_memory_mb + A.app_memory_mb
    assert m.memory_overhead_mb == A.os_memory_mb
    assert m.utilization == round(A.app_memory_mb / A.server_memory_mb, 4)
    assert m.start_seconds == A.server_provision_days * SECONDS_PER_DAY + A.os_boot_seconds
    assert m.apps_that_fit == 1


def test_hosted_hypervisor_seed_runs_a_kernel_per_vm():
    m = measure(make_stack(HOSTED_VMS))
    assert (m.kernels, m.vms, m.containers, m.apps) == (4, 3, 0, 3)
    assert m.virtualization == "hardware"
    assert m.hypervisor_type == 2
    per_vm = A.vm_overhead_mb + A.os_memory_mb + A.libs_memory_mb
    assert m.memory_overhead_mb == A.os_memory_mb + A.hypervisor_memory_mb + 3 * per_vm
    assert m.start_seconds == A.vm_create_seconds + A.os_boot_seconds == 60
    shared = A.os_memory_mb + A.hypervisor_memory_mb
    assert m.apps_that_fit == (A.server_memory_mb - shared) // (per_vm + A.app_memory_mb) == 37


def test_container_seed_shares_one_kernel():
    m = measure(make_stack(CONTAINERS))
    assert (m.kernels, m.vms, m.containers, m.apps) == (1, 0, 3, 3)
    assert m.virtualization == "os"
    assert m.hypervisor_type is None
    per_container = A.container_overhead_mb + A.libs_memory_mb
    assert m.memory_overhead_mb == A.os_memory_mb + A.engine_memory_mb + 3 * per_container
    assert m.start_seconds == A.container_start_seconds == 1
    shared = A.os_memory_mb + A.engine_memory_mb
    assert m.apps_that_fit == (A.server_memory_mb - shared) // (per_container + A.app_memory_mb)


def test_containers_are_lighter_than_vms_which_are_lighter_than_servers():
    bare, vms, containers = (measure(make_stack(t)) for t in (BARE_METAL, HOSTED_VMS, CONTAINERS))
    assert containers.apps_that_fit > vms.apps_that_fit > bare.apps_that_fit
    assert containers.overhead_per_app_mb < vms.overhead_per_app_mb
    assert containers.start_seconds < vms.start_seconds < bare.start_seconds
    assert containers.utilization == vms.utilization  # same apps, same work done
    assert containers.memory_used_mb < vms.memory_used_mb


def test_type_1_saves_the_host_os():
    type_1 = measure(make_stack(BARE_METAL_VMS))
    type_2 = measure(make_stack("server > os > hypervisor > [2*vm > os > app]"))
    assert type_1.hypervisor_type == 1
    assert type_2.memory_used_mb - type_1.memory_used_mb == A.os_memory_mb
    assert type_1.kernels == 2
    assert type_2.kernels == 3


def test_containers_in_vms_virtualize_twice():
    m = measure(make_stack(CONTAINERS_IN_VMS))
    assert m.virtualization == "hardware+os"
    assert (m.kernels, m.vms, m.containers, m.apps) == (1, 1, 2, 2)
    assert m.start_seconds == A.container_start_seconds


def test_figures_come_from_the_assumptions():
    cheap_os = replace(A, os_memory_mb=256, vm_create_seconds=5)
    default = measure(make_stack(HOSTED_VMS))
    changed = measure(make_stack(HOSTED_VMS), cheap_os)
    assert default.memory_used_mb - changed.memory_used_mb == 4 * (1024 - 256)
    assert changed.start_seconds == 5 + A.os_boot_seconds
    assert changed.apps_that_fit > default.apps_that_fit


def test_a_stack_too_big_for_the_server_says_so():
    tiny = replace(A, server_memory_mb=2048)
    m = measure(make_stack(HOSTED_VMS), tiny)
    assert not m.fits
    assert m.memory_free_mb < 0
    assert m.apps_that_fit == 0


def test_an_empty_engine_is_measured_with_the_table_s_container():
    m = measure(make_stack("server > os > engine"))
    per_app = A.container_overhead_mb + A.libs_memory_mb + A.app_memory_mb
    shared = A.os_memory_mb + A.engine_memory_mb
    assert m.apps == 0
    assert m.apps_that_fit == (A.server_memory_mb - shared) // per_app


def test_to_dict_is_json_ready():
    data = measure(make_stack(CONTAINERS)).to_dict()
    assert data["kernels"] == 1
    assert data["containers"] == 3
    assert set(data) >= {
        "kernels",
        "vms",
        "containers",
        "apps",
        "virtualization",
        "hypervisor_type",
        "memory_used_mb",
        "memory_overhead_mb",
        "overhead_per_app_mb",
        "utilization",
        "start_seconds",
        "apps_that_fit",
    }
