"""The Practice settings screen's way to the translated Practice details, one link per language.

Practice settings (name, email, logo…) are a Wagtail site setting, which wagtail-localize does not
translate; the tagline, postal address and crisis note are read in each visitor's language, so
they stay a translatable snippet (:class:`practice_site.models.PracticeDetails`, with drafts and
revisions). The owner finds both under Settings; this panel links each language's details from
the settings screen, with its state, so nothing site-wide is out of sight.
"""

from django.urls import reverse
from wagtail.admin.panels import Panel
from wagtail.models import Locale

from practice_core.permissions import may_change_locale


def details_by_language(user):
    """``[{"locale", "details", "edit_url", "add_url"}]`` for every language, the source first;
    a language the user may not work in has no links."""
    from .models import PracticeDetails

    details = {item.locale_id: item for item in PracticeDetails.objects.all()}
    rows = []
    source = Locale.get_default()
    locales = sorted(Locale.objects.all(), key=lambda locale: (locale != source, locale.pk))
    for locale in locales:
        item = details.get(locale.pk)
        allowed = may_change_locale(user, locale.pk)
        rows.append(
            {
                "locale": locale,
                "details": item,
                "edit_url": reverse(
                    "wagtailsnippets_practice_site_practicedetails:edit", args=[item.pk]
                )
                if item is not None and allowed
                else "",
                "add_url": reverse("wagtailsnippets_practice_site_practicedetails:add")
                + f"?locale={locale.language_code}"
                if item is None and allowed
                else "",
            }
        )
    return rows


class PracticeDetailsPanel(Panel):
    """Links from Practice settings to each language's Practice details, with their state."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "practice_site/admin/practice_details_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["languages"] = details_by_language(self.request.user)
            context["list_url"] = reverse("wagtailsnippets_practice_site_practicedetails:list")
            return context
