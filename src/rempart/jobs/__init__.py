"""Background jobs (django-tasks): each task calls exactly one service."""
