"""What bumps the site version (``core.versions``): every change to the page tree's
shape or to who may enter the admin.

Publishing, unpublishing, moving and deleting pages change URLs, header links and the
sections a user may see; sites change root paths; view restrictions change who may
read; group permissions change who sees the admin link; topic tags are named on every
listing. Each bump reaches every worker with its next request.
"""

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import versions


def _bump_site(**kwargs):
    if not kwargs.get("raw"):
        versions.bump(versions.SITE)


@receiver(page_published, dispatch_uid="core_site_version_published")
@receiver(page_unpublished, dispatch_uid="core_site_version_unpublished")
@receiver(post_page_move, dispatch_uid="core_site_version_moved")
def page_tree_changed(sender, **kwargs):
    _bump_site(**kwargs)


@receiver(post_delete, dispatch_uid="core_site_version_page_deleted")
def page_deleted(sender, instance, **kwargs):
    # Deleting a page deletes its subclass row and its Page row; bump once, for the latter.
    if sender is Page:
        _bump_site(**kwargs)


@receiver(post_save, sender=Site, dispatch_uid="core_site_version_site_saved")
@receiver(post_delete, sender=Site, dispatch_uid="core_site_version_site_deleted")
@receiver(post_save, sender=Tag, dispatch_uid="core_site_version_tag_saved")
@receiver(post_delete, sender=Tag, dispatch_uid="core_site_version_tag_deleted")
@receiver(post_save, sender=PageViewRestriction, dispatch_uid="core_site_version_pvr_saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="core_site_version_pvr_deleted")
def site_settings_changed(sender, **kwargs):
    _bump_site(**kwargs)


@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="core_site_version_perms")
def group_permissions_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _bump_site(**kwargs)
