"""Use cases, one function each: authorize, call the core, store in one transaction, audit.

One package per feature, mirroring ``rempart.core``; ``context.py`` (who acts, with which clock,
catalog and configuration) is the only module outside them. The packages form layers, checked by
import-linter (pyproject.toml): a package may call the packages listed below it, never above::

    demo              seeds a demo workspace through every other package
    notifications     channels and reminders; lists every feature's deadline sources
    documents         declaration of conformity, user information, technical file, public page
    assessment        Annex I, evidence and its providers, actions, gap report
    reporting         Art. 14 cases, stage reports, case views
    sboms             SBOMs per release: import, merge, diff, export
    vulnerabilities | disclosure | risk     (independent of each other)
    products          organization, products, releases, markets, the CRA catalog
    accounts          users, tokens, roles (authz) and the audit trail
"""
