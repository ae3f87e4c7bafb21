"""An article's descriptive fields, named once: the order every view, merge, export and
``curator show`` lists them in, and what each is called in words.

>>> FIELDS
('title', 'published', 'outlet', 'url', 'byline', 'dateline', 'language')
>>> RECORD_FIELDS[0], RECORD_FIELDS[-1]
('id', 'merged_into')
"""

from __future__ import annotations

# In the order exports have always written their columns, which pipelines downstream may rely on.
FIELD_LABELS = {
    "title": "Title",
    "published": "Date",
    "outlet": "Outlet",
    "url": "URL",
    "byline": "Byline",
    "dateline": "Dateline",
    "language": "Language",
}
FIELDS = tuple(FIELD_LABELS)
# An article as a record (an export row, `curator show`): its id, its fields, and where it stands.
RECORD_FIELDS = ("id", *FIELDS, "status", "merged_into")
# The columns of an export as CSV: the header an import knows it by (to read its cells back exactly).
# Its metadata, last, as a JSON object: what the article's file had beyond its fields.
EXPORT_CSV_COLUMNS = (*RECORD_FIELDS, "story_id", "sources", "entities", "body", "metadata")
# The header of an export written before the metadata had a column, still read back exactly.
EARLIER_EXPORT_CSV_COLUMNS = EXPORT_CSV_COLUMNS[:-1]
