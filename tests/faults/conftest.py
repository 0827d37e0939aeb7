from tests.faults.smtp import mail_server, smtp_settings  # noqa: F401 (fixtures)
