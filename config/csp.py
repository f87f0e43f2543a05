"""Content-Security-Policy: enforced on public pages, report-only in the Wagtail admin.

Wagtail's admin still relies on inline styles and scripts in places, so there
the same policy is only reported (browser console, or a report-uri if one is
added); everywhere else it is enforced.
"""

from django.urls import NoReverseMatch, reverse

from csp.middleware import CSPMiddleware as BaseCSPMiddleware


def admin_prefix():
    try:
        return reverse("wagtailadmin_home")
    except NoReverseMatch:
        return None


class CSPMiddleware(BaseCSPMiddleware):
    def process_response(self, request, response):
        prefix = admin_prefix()
        if prefix and request.path_info.startswith(prefix):
            response._csp_exempt = True
        else:
            response._csp_exempt_ro = True
        return super().process_response(request, response)
