from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Official documents (Decree 30/2020/NĐ-CP layout) generated as .docx; no models."""

    name = "khcn.documents"
    label = "documents"
    verbose_name = _("Official documents")
