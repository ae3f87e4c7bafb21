"""An article's descriptive fields, named once: the order every view, merge, export and
``curator show`` lists them in, and what each is called in words.

>>> FIELDS
('title', 'published', 'outlet', 'dateline', 'byline', 'url', 'language')
>>> RECORD_FIELDS[0], RECORD_FIELDS[-1]
('id', 'merged_into')
"""

from __future__ import annotations

FIELD_LABELS = {
    "title": "Title",
    "published": "Date",
    "outlet": "Outlet",
    "dateline": "Dateline",
    "byline": "Byline",
    "url": "URL",
    "language": "Language",
}
FIELDS = tuple(FIELD_LABELS)
# An article as a record (an export row, `curator show`): its id, its fields, and where it stands.
RECORD_FIELDS = ("id", *FIELDS, "status", "merged_into")
