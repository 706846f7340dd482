from __future__ import annotations

import math
from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def whole_minutes(delta: timedelta) -> int:
    """A wait rounded up to whole minutes, never less than one."""
    return max(1, math.ceil(delta.total_seconds() / 60))
