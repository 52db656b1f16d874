"""The report: writers and readers for every format, the meta file, the review page, safe output paths."""

from audit.report.writers import FORMATS, findings_to_text, meta_path, read_report, scores_path, write_report

__all__ = ["FORMATS", "findings_to_text", "meta_path", "read_report", "scores_path", "write_report"]
