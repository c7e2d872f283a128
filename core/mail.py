"""E-mail helpers every mail of Lernwerk uses: language, absolute links, templated mails.

A mail is sent from three templates (subject, plain text, HTML) rendered in the
recipient's language, so people who chose English for Lernwerk read it in English and
everybody else in German; the same choice the web pages follow. Links in a mail must be
absolute: they are opened outside the site, from the mail program.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def language_for(user) -> str:
    """English if the person chose it for Lernwerk, German otherwise."""
    try:
        preferred = user.wagtail_userprofile.preferred_language or ""
    except ObjectDoesNotExist:
        preferred = ""
    return "en" if preferred.startswith("en") else settings.LANGUAGE_CODE


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_templated_mail(
    template: str, context: dict, to: str, language: str, connection=None
) -> None:
    """Subject, plain text and HTML from ``templates/<template>_subject.txt``,
    ``<template>.txt`` and ``<template>.html``, rendered in ``language``.

    The subject is folded onto one line, as a template's line breaks would break the
    header. ``connection`` lets a batch share one connection to the mail server.
    """
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[to], connection=connection
    )
    message.attach_alternative(html, "text/html")
    message.send()
