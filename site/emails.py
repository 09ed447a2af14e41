"""The practice as the sender of the site's emails (the ``practice_email_sender`` hook).

From shows the practice's name with ``DEFAULT_FROM_EMAIL`` (the address the mail server may send
as); replies go to the practice's own address from Settings → Practice settings.
"""

from django.conf import settings
from wagtail.models import Site

from practice_core.mail import Sender


def practice_sender(site=None) -> Sender:
    site = site or Site.objects.filter(is_default_site=True).first()
    from .models import PracticeSettings

    practice = PracticeSettings.for_site(site) if site is not None else PracticeSettings()
    from_email = settings.DEFAULT_FROM_EMAIL
    return Sender(
        name=practice.practice_name,
        from_email=from_email,
        reply_to=(practice.email or from_email,),
    )
