"""Build the Word templates `report.docx` and `city_summary.docx` once, with python-docx.

The two files next to this script are what `khcn.documents.services` fills with docxtpl
(Jinja tags inside the Word document). They follow Decree 30/2020/NĐ-CP, Annex I
(DOMAIN.md §8): A4 portrait, margins 20/20/30/15 mm, Times New Roman, body 14 pt justified
with a 1 cm first-line indent and 6 pt between paragraphs, the two-column header block
(issuing body and number on the left, Quốc hiệu/Tiêu ngữ and place/date on the right),
the title "BÁO CÁO" with its summary, Roman-numbered sections, the signature block and
"Nơi nhận:", and the page number centred at the top from page 2.

Regenerate (this overwrites both files, and any edits made to them in Word)::

    PYTHONPATH=. .venv/bin/python khcn/documents/templates/build_templates.py

Editing the templates in Word instead (the normal way once they exist)
-----------------------------------------------------------------------

Staff edit the Word template, code fills it (STYLE.md). Open `report.docx` or
`city_summary.docx` in Word or LibreOffice Writer and change wording, fonts, spacing,
column widths or the "Nơi nhận:" list as for any document; save as .docx (Word 2007+
format) under the same name. Then keep these rules:

- Text in `{{ … }}` is filled by the code (e.g. `{{ place }}`, `{{ r.current }}`). Keep each
  tag whole, typed in one go and formatted as a whole (format the tag to format the value),
  and do not rename what is inside the braces.
- A paragraph holding `{%p … %}` and a table row holding `{%tr … %}` are control lines:
  they disappear from the result and repeat or hide what lies between them (the sections
  and their paragraphs, the indicator rows). Keep each on its own paragraph/row, in pairs
  (`for`/`endfor`, `if`/`endif`).
- Paragraph styles "Doc Block", "Doc Title", "Doc Heading", "Doc Table", "Doc Table Head",
  "Doc Recipients" and "Normal" (body text) carry the layout; change a style to change every
  paragraph using it. The short lines under the issuing body, the motto and the summary are
  top borders of small "Doc Rule" paragraphs; their length is set by the paragraph's left
  and right indents.
- Page number: the header of pages 2+ holds a PAGE field; "Different first page" is on.
- After editing, run `.venv/bin/python -m pytest -q khcn/documents`: the tests render both
  templates and check the layout and the filled values.
"""

from pathlib import Path

from khcn.meetings import docx_layout as meetings_layout
from khcn.reporting import docx_layout as reporting_layout
from khcn.research import docx_layout as research_layout

TEMPLATES = [
    *(
        (Path(research_layout.__file__).parent / "docx" / name, build)
        for name, build in research_layout.DOCX_TEMPLATES.items()
    ),
    *(
        (Path(reporting_layout.__file__).parent / "docx" / name, build)
        for name, build in reporting_layout.DOCX_TEMPLATES.items()
    ),
    *(
        (Path(meetings_layout.__file__).parent / "docx" / name, build)
        for name, build in meetings_layout.DOCX_TEMPLATES.items()
    ),
]


def main() -> None:
    for path, build in TEMPLATES:
        doc = build()
        doc.core_properties.author = "KHCN"
        doc.core_properties.title = path.name.removesuffix(".docx")
        doc.core_properties.language = "vi-VN"
        doc.save(str(path))
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
