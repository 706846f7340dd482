from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from virtlearn import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("learners.urls")),
    path("lti/", include("lti.urls")),
    path("embed/", include("lti.embed_urls")),
    path("", include("virtlearn.diagrams.urls")),
    path("", include("quizzes.urls")),
    path("", include("lessons.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "virtlearn.views.bad_request"
handler403 = "virtlearn.views.permission_denied"
handler404 = "virtlearn.views.page_not_found"
handler500 = "virtlearn.views.server_error"
