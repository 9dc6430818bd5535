from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """The machinery of official documents in the Decree 30/2020/NĐ-CP layout; no models.

    The apps own their documents (`documents.py`, `docx/`, `docx_layout.py`); this app
    renders them and imports none of the domain apps.
    """

    name = "khcn.documents"
    label = "documents"
    verbose_name = _("Official documents")
