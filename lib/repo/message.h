#ifndef PMO_REPO_MESSAGE_H
#define PMO_REPO_MESSAGE_H
/*
 * Commit messages as git tools show them: `git log --oneline`, forges and
 * mail clients show the subject (the first line), and git's own advice is to
 * keep it within 72 columns. pmo's subjects carry values the user typed (a
 * title, every field=value of a set), so they can be any length.
 */

/* Subjects are cut to this many display columns (CJK characters take two). */
#define PMO_SUBJECT_COLS 72

/* Copy message to *out with its subject at most PMO_SUBJECT_COLS columns
 * wide. A longer subject is cut at a character boundary, its trailing
 * spaces dropped, and ends with "…"; the full subject then opens the body
 * as its own paragraph, so nothing the user typed is lost. A message whose
 * subject fits is copied unchanged. PMO_ENOMEM is the only error. */
int pmo_message_fit(char **out, const char *message);

#endif
