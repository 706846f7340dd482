"""A stack in plain words, for screen readers and for the diagram's <desc>.

"A physical server runs an operating system, which runs a container engine with three
containers, each holding bins/libs and an application."

The phrases are English templates marked with `gettext_noop`; a view passes its `gettext`
to get them in the learner's language.
"""

from __future__ import annotations

from collections.abc import Callable

from virtlearn.stacks.notation import gettext_noop as _
from virtlearn.stacks.tree import Kind, Layer

Translate = Callable[[str], str]

# (one, several): several takes %(count)s, a number in words.
NOUNS: dict[Kind, tuple[str, str]] = {
    Kind.SERVER: (_("a physical server"), _("%(count)s physical servers")),
    Kind.OS: (_("an operating system"), _("%(count)s operating systems")),
    Kind.HYPERVISOR: (_("a hypervisor"), _("%(count)s hypervisors")),
    Kind.VM: (_("a virtual machine"), _("%(count)s virtual machines")),
    Kind.ENGINE: (_("a container engine"), _("%(count)s container engines")),
    Kind.CONTAINER: (_("a container"), _("%(count)s containers")),
    Kind.LIBS: (_("bins/libs"), _("%(count)s sets of bins/libs")),
    Kind.APP: (_("an application"), _("%(count)s applications")),
}

NUMBERS = (
    _("zero"),
    _("one"),
    _("two"),
    _("three"),
    _("four"),
    _("five"),
    _("six"),
    _("seven"),
    _("eight"),
    _("nine"),
    _("ten"),
    _("eleven"),
    _("twelve"),
)

CALLED = _('%(thing)s called "%(label)s"')
AND = _("%(first)s and %(last)s")
# When the things listed have their own layers on them, semicolons keep the list readable.
AND_NESTED = _("%(first)s; and %(last)s")

# How a layer leads on to what rests on it: (the bottom layer, one layer, several copies).
RUNS = (
    _("%(thing)s runs %(above)s"),
    _("%(thing)s, which runs %(above)s"),
    _("%(thing)s, each running %(above)s"),
)
WITH = (
    _("%(thing)s with %(above)s"),
    _("%(thing)s with %(above)s"),
    _("%(thing)s, each with %(above)s"),
)
HOLDING = (
    _("%(thing)s holding %(above)s"),
    _("%(thing)s holding %(above)s"),
    _("%(thing)s, each holding %(above)s"),
)
AND_ABOVE = (
    _("%(thing)s and %(above)s"),
    _("%(thing)s and %(above)s"),
    _("%(thing)s, each with %(above)s"),
)
ON_TOP = (
    _("%(thing)s with %(above)s on top"),
    _("%(thing)s with %(above)s on top"),
    _("%(thing)s, each with %(above)s on top"),
)

LEADS_ON: dict[Kind, tuple[str, str, str]] = {
    Kind.SERVER: RUNS,
    Kind.OS: RUNS,
    Kind.VM: RUNS,
    Kind.HYPERVISOR: WITH,
    Kind.ENGINE: WITH,
    Kind.CONTAINER: HOLDING,
    Kind.LIBS: AND_ABOVE,
    Kind.APP: ON_TOP,
}


def _identity(text: str) -> str:
    return text


def _folded(layers: tuple[Layer, ...]) -> list[tuple[Layer, int]]:
    """Consecutive equal layers as (layer, how many)."""
    groups: list[tuple[Layer, int]] = []
    for layer in layers:
        if groups and groups[-1][0] == layer:
            groups[-1] = (layer, groups[-1][1] + 1)
        else:
            groups.append((layer, 1))
    return groups


def describe(stack: Layer, gettext: Translate = _identity) -> str:
    """One sentence (in `gettext`'s language) that says what the diagram shows."""

    def number(count: int) -> str:
        return gettext(NUMBERS[count]) if count < len(NUMBERS) else str(count)

    def noun(layer: Layer, count: int) -> str:
        one, several = NOUNS[layer.kind]
        thing = gettext(one) if count == 1 else gettext(several) % {"count": number(count)}
        if layer.label:
            thing = gettext(CALLED) % {"thing": thing, "label": layer.label}
        return thing

    def listed(parts: list[str], nested: bool) -> str:
        if len(parts) == 1:
            return parts[0]
        if nested:
            return gettext(AND_NESTED) % {"first": "; ".join(parts[:-1]), "last": parts[-1]}
        return gettext(AND) % {"first": ", ".join(parts[:-1]), "last": parts[-1]}

    def phrase(layer: Layer, count: int, bottom: bool = False) -> str:
        thing = noun(layer, count)
        if not layer.above:
            return thing
        groups = _folded(layer.above)
        nested = any(upper.above for upper, _copies in groups)
        above = listed([phrase(upper, copies) for upper, copies in groups], nested)
        at_bottom, one, several = LEADS_ON[layer.kind]
        template = several if count > 1 else at_bottom if bottom else one
        return gettext(template) % {"thing": thing, "above": above}

    sentence = phrase(stack, 1, bottom=True)
    return f"{sentence[:1].upper()}{sentence[1:]}."
