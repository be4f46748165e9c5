"""PDF documents people hand to someone else — a manager, a professional order — made with reportlab.
Its standard fonts (Helvetica) hold French as written here (é, ’, « », œ, the non-breaking spaces).
Text is escaped for reportlab's paragraph markup: what people wrote is shown, never interpreted."""

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer


def pdf_document(*, title: str, lines: list[str], sections: list[tuple[str, list[str]]], author: str = "cop-bot",
                 language: str = "en") -> bytes:
    """A letter-size PDF: a title, lines under it (who, what period), then each section's heading and
    its lines (one paragraph each; a section without lines is left out)."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=LETTER, title=title, author=author, lang=language,
                                 leftMargin=inch, rightMargin=inch, topMargin=inch, bottomMargin=inch,
                                 invariant=True)
    story: list[Flowable] = [Paragraph(escape(title), styles["Title"])]
    story += [Paragraph(escape(line), styles["Normal"]) for line in lines]
    for heading, items in sections:
        if not items:
            continue
        story += [Spacer(1, 0.15 * inch), Paragraph(escape(heading), styles["Heading2"])]
        story += [Paragraph(escape(item), styles["Normal"]) for item in items]
    document.build(story)
    return buffer.getvalue()
