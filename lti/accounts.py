"""What an accepted launch writes: the LMS user's account, and the lesson or quiz they opened."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone

from lessons.models import Lesson
from lti.models import LtiUser, Platform, ResourceLink

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
DEEP_LINKING_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
INSTRUCTORS = "Instructors"
# Context, institution and system roles alike: "...membership#Instructor", "...person#Administrator".
INSTRUCTOR_ROLES = ("Instructor", "Administrator")


def is_instructor_role(roles: list[str]) -> bool:
    return any(
        role.rsplit("#", 1)[-1] in INSTRUCTOR_ROLES for role in roles if isinstance(role, str)
    )


def account_for(claims: dict[str, Any]) -> AbstractUser:
    """The account of the LMS user (issuer, sub), made on their first launch.

    Instructors and administrators become staff in the Instructors group; a later launch as a
    learner does not take that away (an instructor previewing as a student stays an instructor).
    """
    issuer, sub = str(claims["iss"]), str(claims["sub"])
    identity = LtiUser.objects.select_related("user").filter(issuer=issuer, sub=sub).first()
    if identity is not None:
        user = identity.user
    else:
        digest = hashlib.sha256(f"{issuer}\n{sub}".encode()).hexdigest()[:24]
        user = get_user_model()(username=f"lti-{digest}")
        user.set_unusable_password()
        user.save()
        LtiUser.objects.create(issuer=issuer, sub=sub, user=user)
    user.first_name = str(claims.get("given_name", user.first_name))[:150]
    user.last_name = str(claims.get("family_name", user.last_name))[:150]
    user.email = str(claims.get("email", user.email))[:254]
    if is_instructor_role(claims.get(f"{CLAIM}roles") or []):
        user.is_staff = True
        user.save()
        group = Group.objects.filter(name=INSTRUCTORS).first()
        if group is not None:
            user.groups.add(group)
    else:
        user.save()
    return user


@dataclass(frozen=True)
class Target:
    """Where a launch lands: a lesson, or its quiz."""

    lesson: Lesson | None
    is_quiz: bool

    @property
    def url(self) -> str:
        if self.lesson is None:
            return reverse("lessons:home")
        args = [self.lesson.course.slug, self.lesson.slug]
        if self.is_quiz:
            try:
                return reverse("quizzes:quiz", args=args)
            except NoReverseMatch:  # the quiz pages are not mounted (yet)
                return reverse("lessons:lesson", args=args) + "quiz/"
        return reverse("lessons:lesson", args=args)


def target_of(claims: dict[str, Any]) -> Target:
    """The lesson or quiz a launch opens: from the custom parameters deep linking put in the
    link, else from the target link URI when it is a lesson or quiz address of this site."""
    custom = claims.get(f"{CLAIM}custom") or {}
    course, lesson = custom.get("course"), custom.get("lesson")
    is_quiz = custom.get("activity") == "quiz"
    if not (course and lesson):
        course, lesson, is_quiz = _from_uri(str(claims.get(f"{CLAIM}target_link_uri", "")))
    found = (
        Lesson.objects.select_related("course").filter(course__slug=course, slug=lesson).first()
        if course and lesson
        else None
    )
    return Target(found, is_quiz and found is not None)


def _from_uri(uri: str) -> tuple[str | None, str | None, bool]:
    try:
        match = resolve(urlsplit(uri).path or "/")
    except Resolver404:
        return None, None, False
    if match.view_name in {"lessons:lesson", "quizzes:quiz"}:
        return (
            match.kwargs.get("course"),
            match.kwargs.get("lesson"),
            match.view_name == "quizzes:quiz",
        )
    return None, None, False


def record_link(
    platform: Platform, identity: LtiUser, claims: dict[str, Any], target: Target
) -> ResourceLink:
    """Remember the placement and its grade service, so a finished attempt can send its score."""
    link_claim = claims.get(f"{CLAIM}resource_link") or {}
    ags = claims.get(AGS_CLAIM) or {}
    link, _created = ResourceLink.objects.update_or_create(
        lti_user=identity,
        resource_link_id=str(link_claim.get("id", ""))[:255],
        defaults={
            "platform": platform,
            "deployment_id": str(claims.get(f"{CLAIM}deployment_id", ""))[:255],
            "title": str(link_claim.get("title", ""))[:255],
            "lesson": target.lesson,
            "is_quiz": target.is_quiz,
            "lineitems_url": str(ags.get("lineitems", ""))[:500],
            "lineitem_url": str(ags.get("lineitem", ""))[:500],
            "scopes": [str(scope) for scope in ags.get("scope", []) if isinstance(scope, str)],
            "launched_at": timezone.now(),
        },
    )
    return link
