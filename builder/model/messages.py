"""The wording of every problem: its severity, message and hint, by code."""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


Wording = tuple[Severity, str, str]
"""A problem's severity, message template and hint template (str.format fields)."""


def error(message: str, hint: str) -> Wording:
    return Severity.ERROR, message, hint


def warning(message: str, hint: str) -> Wording:
    return Severity.WARNING, message, hint


MESSAGES: dict[str, Wording] = {
    # reading the file
    "unreadable": error("cannot read the file: {reason}", "check that it exists and is readable"),
    "encoding": error("the file is not valid UTF-8 (byte {byte})", "save the file as UTF-8"),
    "bom": error("the file starts with a byte-order mark", "save the file as UTF-8 without BOM"),
    "no-front-matter": error(
        "the page has no front matter",
        "start the file with a line '---', the YAML fields, and a closing '---'",
    ),
    "unclosed-front-matter": error(
        "the front matter opened here is never closed", "add a line '---' after the last field"
    ),
    "yaml-syntax": error("invalid YAML: {problem}", "{hint}"),
    "yaml-feature": error(
        "YAML {feature} are not allowed in front matter", "write the value out in full"
    ),
    "yaml-depth": error(
        "the front matter is nested more than {limit} levels deep", "flatten the structure"
    ),
    "not-a-mapping": error(
        "the front matter must be a mapping of 'key: value' lines, not a {found}",
        "write one 'key: value' per line",
    ),
    "duplicate-key": error(
        "the key '{key}' is given twice (first on line {first})", "keep one of them"
    ),
    # fields
    "unknown-key": error("unknown key '{key}'", "{suggestion}"),
    "missing-key": error("the required key '{key}' is missing", "add '{key}:' ({doc})"),
    "empty-value": error("'{key}' is empty", "give it a value ({doc})"),
    "wrong-type": error("'{key}' must be {expected}, but received {found}", "{example}"),
    "bad-text": error("'{key}' {reason}", "{fix}"),
    "bad-number": error(
        "'{key}' must be a whole number or a range like 8-10, but received '{value}'", "{fix}"
    ),
    "bad-dosage": error("the dosage {reason}", "{fix}"),
    "unknown-term": error("unknown {vocabulary} '{value}'", "{suggestion}"),
    # poses (builder/pose/)
    "pose-angle": error(
        "'{joint}' is {value} degrees, outside the human range {low} to {high}",
        "{joint} is the {meaning}",
    ),
    "pose-unknown-joint": error("unknown joint '{value}'", "{suggestion}"),
    "pose-unknown-prop": error("unknown prop '{value}'", "{suggestion}"),
    "pose-unknown-landmark": error("unknown landmark '{value}'", "{suggestion}"),
    "pose-unknown-variation": error(
        "no variation of this page has the heading id '{value}'", "{suggestion}"
    ),
    "pose-bad-value": error("'{key}' cannot be '{value}'", "{suggestion}"),
    "pose-frames": error(
        "a pose needs at least two frames",
        "give 'start' and 'end' (and 'middle' where it helps), each a mapping of joint angles",
    ),
    "pose-floating": error(
        "in the {frame} frame a gap of about {cm} cm is left between the {part} and the "
        "{surface} it should rest on",
        "change the hip, knee or trunk angles of that frame until the {part} touches down",
    ),
    "pose-through-floor": error(
        "in the {frame} frame about {cm} cm of the {part} is inside the {surface}",
        "change the angles of that frame, or the root, so it stays on top",
    ),
    "repeated-term": error("'{value}' is listed twice in '{key}'", "remove the second one"),
    "muscle-overlap": error(
        "'{value}' is both a primary and a secondary muscle", "keep it in 'primary_muscles' only"
    ),
    "none-with-kit": error(
        "'none' cannot be combined with other equipment", "write 'equipment: none' or list the kit"
    ),
    "symlink": error(
        "symbolic links are not allowed in the content directory",
        "replace the link with a real file or folder",
    ),
    "stray-page": error(
        "pages in {section}/ must sit directly in that folder", "move it to {section}/<slug>.md"
    ),
    "bad-slug": error(
        "the file name '{name}' is not a valid slug",
        "use lower-case letters, digits and single hyphens, e.g. 'single-leg-bridge.md'",
    ),
    "body-h1": error(
        "the page body has its own level-1 heading",
        "remove it: the title comes from 'title' in the front matter",
    ),
    "variation-heading": error(
        "the variation '{title}' has no section on the page",
        "add a heading '## {title}' to the body, or give the variation a heading's exact text",
    ),
    "not-a-count": error(
        "'{key}' must be a single whole number, but received '{value}'",
        "for example: {key}: {example}",
    ),
    "same-title": warning(
        "the title '{title}' is already the title of {where}",
        "give each page a title readers can tell apart, or merge the two pages",
    ),
    "similar-title": warning(
        "the title '{title}' differs from '{other}' ({where}) only in case, punctuation or plural",
        "give each page a title readers can tell apart, or merge the two pages",
    ),
    "todo": warning("the page still has a TODO marker", "replace it with real content"),
    # between files
    "unknown-slug": error(
        "'{key}' names '{value}', but there is no exercise with that slug", "{suggestion}"
    ),
    "self-link": error("'{key}' names this exercise itself", "remove '{value}'"),
    "ladder-conflict": error(
        "'{value}' is listed as both easier and harder than this exercise", "keep it on one side"
    ),
    "progression-cycle": error(
        "progressions go round in a circle: {cycle}",
        "an exercise cannot be harder than itself; remove one link of the circle",
    ),
    "path-collision": error(
        "this page sits where the builder generates '{target}'",
        "delete or move it, or put the marker '{marker}' where the generated listing should go",
    ),
    # content policy (builder/stages/policy/)
    "hidden-file": error(
        "hidden files are never published, and none may sit among the pages",
        "rename it without the leading '.', or remove it",
    ),
    "not-a-file": error(
        "this is not a regular file or folder", "replace it with a real file, or remove it"
    ),
    "bad-path": error(
        "the name '{name}' has characters that do not belong in a URL",
        "use letters, digits, '-', '_' and '.'",
    ),
    "portable-name": error("the name '{name}' {reason}", "{fix}"),
    "reserved-name": error(
        "'{name}' is reserved for files the site writes itself", "choose another name"
    ),
    "case-collision": error(
        "this name differs from '{other}' only in letter case",
        "rename one of them: on Windows and macOS they are the same file",
    ),
    "url-collision": error("this and {other} would both be published at '{url}'", "{fix}"),
    "stray-file": error(
        "only pages ('<slug>.md') belong in {section}/",
        "put images in content/images/ and link them from the page; remove anything else",
    ),
    "active-file": error(
        "a browser runs scripts in {suffix} files, so they are not published from content/",
        "use .png, .jpg or .webp for pictures; theme files belong in overrides/",
    ),
    "theme-key": error(
        "the key '{key}' changes how the theme renders this page",
        "remove it: a page cannot choose its template, icon, status, author or dates",
    ),
    "yaml-comment": error(
        "YAML reads ' #' as the start of a comment, so '{key}' is only '{kept}'",
        'put the whole text in quotes: {key}: "{quoted}"',
    ),
    "page-suffix": error(
        "MkDocs publishes '{suffix}' files as pages, but only '.md' pages are checked",
        "rename it to '{name}'",
    ),
    "engine-front": error(
        "MkDocs would end the front matter here, and read what follows differently",
        "open and close front matter with a line of exactly '---', and no '...' in between",
    ),
    "engine-meta": error(
        "MkDocs reads the first line '{text}' as a page setting '{key}', not as text",
        "start the page with front matter between '---' lines, or reword its first line",
    ),
    "page-limit": error("the page {reason}", "{fix}"),
    "more-problems": error(
        "{count} more [{kind}] problems from here on are not listed",
        "fix the ones above, then check again",
    ),
    "bad-character": error(
        "the text contains the invisible control or direction-changing character {char}",
        "delete it and retype the text around it",
    ),
    "unclosed-fence": error(
        "the code block opened here is never closed", "add a line '{fence}' after the code"
    ),
    "unclosed-bracket": error(
        "the '{char}' opened here is never closed in this paragraph",
        "close it with '{close}', or write '\\{char}' for the character itself",
    ),
    "unclosed-tag": error(
        "this '<' opens a tag or link that is never closed",
        "close it with '>', or write '&lt;' for the character itself",
    ),
    "raw-html": error("raw HTML {tag} is not allowed in a page", "{fix}"),
    "event-attribute": error(
        "the attribute '{name}' runs a script", "remove it: pages may not run scripts"
    ),
    "raw-html-link": error(
        "the build cannot check a link written in raw HTML ('{name}')",
        "write it in Markdown: [text](page.md) or ![alt](image.png)",
    ),
    "unsafe-id": error(
        "the id '{id}' holds characters that are not safe in a link to it",
        "use only letters, digits and '-', '_', '.', ':', e.g. '#{fix}'",
    ),
    "html-attribute": error(
        "the attribute '{name}' is not allowed in a page", "allowed attributes: {allowed}"
    ),
    "script-url": error(
        "the link '{url}' uses '{scheme}:', which can run code",
        "link to a page of the guide or to an https:// address",
    ),
    "outside-content": error(
        "'{target}' points outside the content folder",
        "link only to pages and images inside content/",
    ),
    "missing-target": error("'{target}' points to {what} that does not exist", "{suggestion}"),
    # what a strict MkDocs build also refuses (builder/stages/sitecheck.py)
    "absolute-link": error(
        "the link '{target}' starts with '/': it breaks when the site is opened from disk "
        "or published under a sub-path, and the build cannot check it",
        "{fix}",
    ),
    "folder-link": error(
        "the link '{target}' points to a folder, not to a page's file, so the build cannot "
        "check it and it fails when the site is opened from disk",
        "{fix}",
    ),
    "missing-anchor": error("'{target}' points to a heading that {page} does not have", "{fix}"),
    "not-in-nav": error(
        "this page is in no menu of the site, so readers cannot reach it",
        "add it to 'nav:' in {config} (e.g. '- Title: {src}'), or move it into a section",
    ),
    "unused-term": warning(
        "no exercise uses the {vocabulary} '{value}'",
        "use it in an exercise or remove it from {file}",
    ),
    "no-ladder": warning(
        "this exercise is on no ladder: no page lists an easier or harder step for it",
        "add 'regressions' or 'progressions', or say in 'off_ladder' why the guide has none",
    ),
    "source-clash": error(
        "the reference '{value}' has the slug of an article in sources.yml",
        "rename one of them: a page's 'sources' names either by slug",
    ),
    "unused-muscle": warning(
        "no exercise works this muscle, so no index reaches it",
        "list '{value}' in an exercise's 'primary_muscles' or 'secondary_muscles'",
    ),
    # the printed book and routine cards (builder/outputs/article.py, builder/outputs/pdf.py)
    "pdf-local-link": warning(
        "the link '{href}' points at a local server, which no reader of the PDF has",
        "link to the page with a relative Markdown link, e.g. [text](../muscles/biceps-femoris.md)",
    ),
    "pdf-scheme": warning(
        "the link '{href}' uses the '{scheme}:' scheme, which a reader of the PDF cannot follow",
        "link to a page of the guide or to a web address (https://...)",
    ),
    "pdf-markdown-link": warning(
        "the link '{href}' points at a Markdown file",
        "write it as a Markdown link, [text](page.md), so that it becomes the page's address",
    ),
    "pdf-missing-anchor": warning(
        "the link '{href}' has no '#{fragment}' to land on in the book, so it opens the page",
        "link to a heading that exists on {target}",
    ),
    "pdf-no-site-url": warning(
        "the link '{href}' leads to a page that is not in the book",
        "set site_url in mkdocs.yml so that such links become web links",
    ),
    "pdf-missing-page": warning(
        "the built page /{url} is missing, so the book leaves it out",
        "build the site before printing it",
    ),
    "pdf-card-too-long": warning(
        "the routine's card needs {pages} pages even at {size}",
        "shorten the routine page so that it prints on one page",
    ),
    "pdf-part-failed": error(
        "the book could not be printed: the part holding this page failed ({error})",
        "fix the page or the print stylesheets; no book was written, the site's old one removed",
    ),
    "pdf-renderer": warning(
        "WeasyPrint: {message}",
        "the PDF is built offline from files under site/ and overrides/pdf/; "
        "check the print stylesheets and any picture or link from elsewhere",
    ),
}
