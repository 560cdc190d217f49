"""One function per use case: authorization, core rules, storage in one transaction, audit."""
