"""LTI 1.3 endpoints: key set, login initiation, launch, deep linking, and a one-time resume."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.contrib.auth import login
from django.contrib.auth.decorators import user_passes_test
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from lessons.models import Lesson, Status
from lti import framing
from lti.accounts import (
    CLAIM,
    DEEP_LINKING_CLAIM,
    account_for,
    record_link,
    target_of,
)
from lti.launch import Launch, LaunchError
from lti.models import DeepLinkRequest, GradeSend, LoginState, LtiUser, ResumeToken, ToolKey
from lti.toolconf import ToolConf, registration_for

COOKIE_CHECK = "virtlearn_lti_cookies"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def problem(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    """A refused login or launch. It shows inside the LMS frame, so any page may frame it:
    it holds no action to trick anyone into."""
    response = render(request, "lti/problem.html", {"message": message}, status=status)
    response.xframe_options_exempt = True
    return framing.with_policy(request, response, framing.policy(frame_ancestors=["*"]))


@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    """The tool's public keys: the current one and those retired within the grace period."""
    ToolKey.objects.current()
    keys = [key.public_jwk for key in ToolKey.objects.published().order_by("-created_at")]
    response = JsonResponse({"keys": keys})
    response["Cache-Control"] = "public, max-age=300"
    return response


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def oidc_login(request: HttpRequest) -> HttpResponse:
    """Third-party initiated login: remember a state and nonce, send the browser to the LMS."""
    params = request.POST if request.method == "POST" else request.GET
    issuer = params.get("iss", "")
    login_hint = params.get("login_hint", "")
    if not issuer or not login_hint:
        return problem(
            request,
            _(
                "The login initiation is missing “iss” or “login_hint”. Start the activity from "
                "the LMS, whose login request carries them."
            ),
        )
    platform = ToolConf().platform(issuer, params.get("client_id"))
    if platform is None:
        return problem(
            request,
            _(
                "No platform is registered with the issuer “%(iss)s” and client id “%(client)s”. "
                "An administrator can register it in the admin (LTI platforms)."
            )
            % {"iss": issuer[:200], "client": params.get("client_id", "")[:200]},
        )
    LoginState.objects.filter(created_at__lt=timezone.now() - LoginState.LIFETIME).delete()
    state = LoginState.objects.create(
        state=secrets.token_urlsafe(32), nonce=secrets.token_urlsafe(32), platform=platform
    )
    query = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": platform.client_id,
        "redirect_uri": request.build_absolute_uri(reverse("lti:launch")),
        "state": state.state,
        "nonce": state.nonce,
        "login_hint": login_hint,
    }
    if params.get("lti_message_hint"):
        query["lti_message_hint"] = params["lti_message_hint"]
    separator = "&" if "?" in platform.auth_login_url else "?"
    return HttpResponseRedirect(f"{platform.auth_login_url}{separator}{urlencode(query)}")


@csrf_exempt
@never_cache
@require_POST
def launch(request: HttpRequest) -> HttpResponse:
    """The LMS posts the signed id_token here. Checked first; written only once accepted."""
    message = Launch(request)
    try:
        message.validate()
    except LaunchError as error:
        return problem(request, error.message, error.status)
    claims = message.claims
    platform, state = message.platform, message.state
    assert platform is not None and state is not None
    with transaction.atomic():
        # Deleting the state is what makes the launch single-use, even under a race.
        if LoginState.objects.filter(pk=state.pk).delete()[0] != 1:
            return problem(
                request, _("This launch was already used. Open the activity again from the LMS.")
            )
        now = timezone.now()
        ResumeToken.objects.filter(created_at__lt=now - ResumeToken.LIFETIME).delete()
        DeepLinkRequest.objects.filter(created_at__lt=now - DeepLinkRequest.LIFETIME).delete()
        user = account_for(claims)
        identity = LtiUser.objects.get(issuer=claims["iss"], sub=claims["sub"])
        if message.is_deep_link_launch():
            settings = claims.get(DEEP_LINKING_CLAIM) or {}
            picking = DeepLinkRequest.objects.create(
                platform=platform,
                deployment_id=str(claims.get(f"{CLAIM}deployment_id", "")),
                return_url=str(settings.get("deep_link_return_url", "")),
                settings=settings,
            )
        else:
            target = target_of(claims)
            record_link(platform, identity, claims, target)
            resume = ResumeToken.objects.create(user=user, next_url=target.url)
    login(request, user, backend=MODEL_BACKEND)
    request.session[framing.FRAME_ORIGIN_KEY] = platform.origins
    if message.is_deep_link_launch():
        return _picker(request, picking)
    response = render(
        request,
        "lti/launched.html",
        {
            "target": target,
            "resume_url": reverse("lti:resume", args=[resume.token]),
            "cookie_check": COOKIE_CHECK,
        },
    )
    # A marker the page's script can read: if it came back, the frame keeps cookies.
    response.set_cookie(
        COOKIE_CHECK,
        "1",
        max_age=300,
        secure=request.is_secure(),
        samesite="None" if request.is_secure() else "Lax",
    )
    return response


def _picker(
    request: HttpRequest, picking: DeepLinkRequest, error: str = "", status: int = 200
) -> HttpResponse:
    lessons = (
        Lesson.objects.filter(status=Status.PUBLISHED, course__status=Status.PUBLISHED)
        .select_related("course", "quiz")
        .order_by("course__order", "course__title", "order", "pk")
    )
    items = []
    for lesson in lessons:
        items.append(
            (f"lesson:{lesson.pk}", _("Lesson: %(title)s") % {"title": lesson.title}, lesson)
        )
        if hasattr(lesson, "quiz"):
            items.append(
                (f"quiz:{lesson.pk}", _("Quiz: %(title)s") % {"title": lesson.title}, lesson)
            )
    multiple = str(picking.settings.get("accept_multiple", "true")).lower() != "false"
    return render(
        request,
        "lti/deep_link.html",
        {"picking": picking, "items": items, "multiple": multiple, "error": error},
        status=status,
    )


@csrf_exempt  # the one-time token from the launch is the form's proof, cookies or not
@never_cache
@require_POST
@xframe_options_exempt
def deep_link(request: HttpRequest) -> HttpResponse:
    """Send the lessons and quizzes an instructor picked back to the LMS as resource links."""
    picking = (
        DeepLinkRequest.objects.select_related("platform")
        .filter(token=request.POST.get("token", ""))
        .first()
    )
    if picking is None or picking.expired:
        return problem(
            request,
            _(
                "This selection expired or was already sent. Open the content picker again from the LMS."
            ),
        )
    picked = request.POST.getlist("item")
    lessons = {
        lesson.pk: lesson
        for lesson in Lesson.objects.select_related("course", "quiz").filter(
            status=Status.PUBLISHED,
            course__status=Status.PUBLISHED,
            pk__in=[
                value.partition(":")[2] for value in picked if value.partition(":")[2].isdigit()
            ],
        )
    }
    resources = []
    for value in picked:
        activity, _sep, pk = value.partition(":")
        lesson = lessons.get(int(pk)) if pk.isdigit() else None
        if (
            lesson is None
            or activity not in {"lesson", "quiz"}
            or (activity == "quiz" and not hasattr(lesson, "quiz"))
        ):
            return _picker(
                request, picking, _("One of the items picked no longer exists: pick again."), 400
            )
        resources.append(_resource(request, lesson, activity))
    multiple = str(picking.settings.get("accept_multiple", "true")).lower() != "false"
    if not resources or (len(resources) > 1 and not multiple):
        message = _("Pick one item.") if not multiple else _("Pick at least one item.")
        return _picker(request, picking, message, 400)
    registration = registration_for(picking.platform, ToolKey.objects.current())
    token = DeepLink(registration, picking.deployment_id, picking.settings).get_response_jwt(
        resources
    )
    picking.delete()
    response = render(
        request, "lti/deep_link_return.html", {"return_url": picking.return_url, "jwt": token}
    )
    return framing.with_policy(
        request,
        response,
        framing.policy(
            form_action=[framing.origin_of(picking.return_url)],
            frame_ancestors=picking.platform.origins,
        ),
    )


def _resource(request: HttpRequest, lesson: Lesson, activity: str) -> DeepLinkResource:
    title = _("Quiz: %(title)s") % {"title": lesson.title} if activity == "quiz" else lesson.title
    resource = (
        DeepLinkResource()
        .set_url(request.build_absolute_uri(reverse("lti:launch")))
        .set_title(title)
        .set_custom_params(
            {"course": lesson.course.slug, "lesson": lesson.slug, "activity": activity}
        )
    )
    if activity == "quiz":
        resource.set_lineitem(
            LineItem()
            .set_label(title)
            .set_score_maximum(100)
            .set_resource_id(f"quiz:{lesson.course.slug}/{lesson.slug}")
            .set_tag(f"virtlearn-quiz:{lesson.course.slug}/{lesson.slug}")
        )
    return resource


@never_cache
@require_GET
def resume(request: HttpRequest, token: str) -> HttpResponse:
    """Continue a launch in a tab of its own, for browsers that keep no cookies in the LMS frame."""
    with transaction.atomic():
        entry = (
            ResumeToken.objects.select_for_update()
            .select_related("user")
            .filter(token=token)
            .first()
        )
        if entry is None or entry.expired:
            return problem(
                request,
                _(
                    "This link was already used or has expired. Open the activity again from the LMS."
                ),
                status=404,
            )
        entry.delete()
    login(request, entry.user, backend=MODEL_BACKEND)
    return HttpResponseRedirect(entry.next_url)


@require_GET
@user_passes_test(lambda user: user.is_active and user.is_staff)
def grades(request: HttpRequest) -> HttpResponse:
    """The grade outbox for instructors: what reached the LMS gradebooks, and what did not yet."""
    sends = GradeSend.objects.select_related(
        "link__platform", "link__lti_user__user", "link__lesson"
    )[:200]
    counts = {
        status: GradeSend.objects.filter(status=status).count()
        for status in GradeSend.Status.values
    }
    return render(request, "lti/grades.html", {"sends": sends, "counts": counts})
