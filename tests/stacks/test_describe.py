from __future__ import annotations

from tests.stacks.factories import BARE_METAL, CONTAINERS, HOSTED_VMS, make_stack
from virtlearn.stacks.describe import describe


def test_the_seed_stacks_in_words():
    assert describe(make_stack(BARE_METAL)) == (
        "A physical server runs an operating system, which runs an application."
    )
    assert describe(make_stack(CONTAINERS)) == (
        "A physical server runs an operating system, which runs a container engine with "
        "three containers, each holding bins/libs and an application."
    )
    assert describe(make_stack(HOSTED_VMS)) == (
        "A physical server runs an operating system, which runs a hypervisor with three "
        "virtual machines, each running an operating system, which runs bins/libs and an "
        "application."
    )


def test_labels_and_mixed_layers_are_named():
    text = describe(make_stack('server > hypervisor "ESXi" > [vm > os > app, vm "db" > os > app]'))
    assert text == (
        'A physical server runs a hypervisor called "ESXi" with a virtual machine, which runs '
        "an operating system, which runs an application; and a virtual machine called "
        '"db", which runs an operating system, which runs an application.'
    )


def test_simple_lists_use_commas_and_and():
    assert describe(make_stack("server > os > [app, libs, app]")) == (
        "A physical server runs an operating system, which runs an application, bins/libs "
        "and an application."
    )


def test_large_counts_use_digits():
    assert "twenty containers" not in describe(make_stack("server > os > engine > [20*container]"))
    assert "20 containers" in describe(make_stack("server > os > engine > [20*container]"))


def test_invalid_stacks_are_described_as_drawn():
    assert describe(make_stack("app > server")) == "An application with a physical server on top."


def test_a_translation_function_is_applied_to_every_phrase():
    seen: list[str] = []

    def record(text: str) -> str:
        seen.append(text)
        return text.replace("runs", "boots").replace("physical server", "host")

    assert describe(make_stack("server > os"), record) == "A host boots an operating system."
    assert "%(thing)s runs %(above)s" in seen
