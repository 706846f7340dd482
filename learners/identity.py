"""Who is learning: the account's Learner, or the anonymous one kept in the session."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest

from learners.models import Learner, LessonRead
from learners.signals import learner_merged

SESSION_KEY = "learner_id"
_CACHE_ATTR = "_learner_cache"
_MISSING = object()


def get_learner(request: HttpRequest, *, create: bool = False) -> Learner | None:
    """The learner behind this request, cached on it.

    Without `create`, nothing is written: a crawler reading pages gets no session and no row.
    """
    cached = getattr(request, _CACHE_ATTR, None)
    if isinstance(cached, Learner):
        return cached
    if cached is _MISSING and not create:
        return None
    learner = _find(request) if cached is None else None
    if learner is None and create:
        learner = _create(request)
    setattr(request, _CACHE_ATTR, learner if learner is not None else _MISSING)
    return learner


def _find(request: HttpRequest) -> Learner | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        learner = Learner.objects.filter(user=user).first()
        if learner is not None:
            learner.user = user
        return learner
    learner_id = request.session.get(SESSION_KEY)
    if not isinstance(learner_id, int):
        return None
    return Learner.objects.filter(pk=learner_id, user__isnull=True).first()


def _create(request: HttpRequest) -> Learner:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        learner = Learner.objects.get_or_create(user=user)[0]
        learner.user = user
        return learner
    learner = Learner.objects.create()
    request.session[SESSION_KEY] = learner.pk
    request.session.save()
    return learner


def forget_learner(request: HttpRequest) -> None:
    """Drop the cached learner, e.g. when the user behind the request changes."""
    if hasattr(request, _CACHE_ATTR):
        delattr(request, _CACHE_ATTR)


def carry_over(request: HttpRequest, user: AbstractBaseUser) -> Learner | None:
    """Move the session's anonymous learner into the account's learner; return the latter.

    Called on log-in. Returns None when the session had no anonymous learner.
    """
    forget_learner(request)
    learner_id = request.session.get(SESSION_KEY)
    if learner_id is None:
        return None
    target = None
    with transaction.atomic():
        source = (
            Learner.objects.filter(pk=learner_id, user__isnull=True).first()
            if isinstance(learner_id, int)
            else None
        )
        if source is not None:
            target = Learner.objects.get_or_create(user=user)[0]
            _merge_reads(source, target)
            learner_merged.send(sender=Learner, source=source, target=target)
            source.delete()
    # Only once the merge is committed: a failed one can be tried again on the next log-in.
    del request.session[SESSION_KEY]
    if target is not None:
        setattr(request, _CACHE_ATTR, target)
    return target


def _merge_reads(source: Learner, target: Learner) -> None:
    """Give the target every read of the source; a lesson both read keeps the widest span."""
    source_reads = {read.lesson_id: read for read in LessonRead.objects.filter(learner=source)}
    if not source_reads:
        return
    shared = list(LessonRead.objects.filter(learner=target, lesson_id__in=source_reads))
    for read in shared:
        theirs = source_reads.pop(read.lesson_id)
        read.first_read_at = min(read.first_read_at, theirs.first_read_at)
        read.last_read_at = max(read.last_read_at, theirs.last_read_at)
    LessonRead.objects.bulk_update(shared, ["first_read_at", "last_read_at"])
    LessonRead.objects.filter(pk__in=[read.pk for read in source_reads.values()]).update(
        learner=target
    )
