"""What the search finds among courses (issue 17): the Department all, a unit those it is
invited to (the model's scope rules, as `course_list`)."""

from django.utils.translation import gettext_lazy as _

from khcn.core.searchable import SearchDoc, SearchSource, text_of
from khcn.quality.models import Course


def _document(course: Course) -> SearchDoc:
    return SearchDoc(
        title=course.title,
        text=text_of(course.get_kind_display(), course.topic, course.trainers, course.place),
        url=course.get_absolute_url(),
        year=course.starts_on.year,
    )


SOURCES = (
    SearchSource(
        kind="quality.course",
        label=_("Courses"),
        model=Course,
        document=_document,
        queryset=lambda: Course.objects.all(),
    ),
)
