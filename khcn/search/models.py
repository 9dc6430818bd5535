"""The site-wide search index (issue 17): one row per searchable record, and the vocabulary of
its folded words that typo correction reads.

Folding (khcn.core.text.fold: NFC and NFD alike, marks dropped, đ→d, casefolded) is done in
Python when a row is written, so SQLite and PostgreSQL match the same words; that is also why
PostgreSQL needs no `unaccent`. The folded columns hold the words separated by single spaces,
with a space at each end, so a whole word is `LIKE '% word %'` on both databases. On PostgreSQL
a GIN full-text index (configuration 'simple') covers both folded columns and their adjacent word
pairs (`pairs_folded`, "o1nhiem nhiem1lang ..."), in FTS_SLICES partial indexes (migration
0003), and a trigram index the folded title (migration 0002); SQLite scans the folded columns.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One record as the search sees it: what matches, what is shown, what is filtered on."""

    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.BigIntegerField()
    unit = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    organisation = models.ForeignKey(
        "geo.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(max_length=300)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=30, blank=True)
    title_folded = models.CharField(max_length=600)
    text_folded = models.TextField(blank=True)
    pairs_folded = models.TextField(blank=True, default="")  # text.pairs_field: PostgreSQL's phrase lookups
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_one_per_record")]
        indexes = [models.Index(fields=["kind", "year"], name="search_entry_kind_year")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"


class SearchWord(models.Model):
    """A folded word of the index and how many entries hold it (for "did you mean")."""

    word = models.CharField(max_length=40, unique=True)
    length = models.PositiveSmallIntegerField(db_index=True)
    entries = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return self.word
