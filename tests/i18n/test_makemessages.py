"""makemessages runs clean over the project's templates and Python."""

from tests.i18n.catalogues import po_messages


def test_makemessages_writes_no_warning_or_error(makemessages_run):
    po_file, stderr = makemessages_run
    assert stderr.strip() == "", f"makemessages wrote warnings or errors:\n{stderr}"
    assert po_file.exists()


def test_the_catalogue_holds_messages_from_templates_python_and_plurals(makemessages_run):
    messages = {msgid: plural for _, msgid, plural in po_messages(makemessages_run[0])}
    assert "Ask a question" in messages  # base.html
    assert messages.get("%(count)s minute ago") == "%(count)s minutes ago"  # time_ago
