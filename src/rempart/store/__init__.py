"""The Django app that stores Rempart data: models, migrations and repositories."""
