"""Survey forms as files: fillable PDFs out (one per respondent, with e-mail drafts and a
mail-merge list), answered PDFs back in. The format is in docs/SURVEY_FORM.md."""
