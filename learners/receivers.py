"""Signal receivers: carry an anonymous learner's work over to the account on log-in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from learners.identity import carry_over, forget_learner


@receiver(user_logged_in, dispatch_uid="learners.carry_over")
def carry_over_on_login(
    sender: type, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any
) -> None:
    # login() keeps the anonymous session's data (only its key changes), so the id is here.
    if request is not None and hasattr(request, "session"):
        carry_over(request, user)


@receiver(user_logged_out, dispatch_uid="learners.forget")
def forget_on_logout(sender: type, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None:
        forget_learner(request)
