"""The Annex I gap report as a standalone HTML page and as a PDF (formats layer).

Both are rendered from the JSON-ready report dictionary (``rempart.gap-report/1``). The HTML
is self-contained (inline style, no scripts, no external resources) and autoescaped. The PDF
comes from :func:`rempart.formats.render.html_to_pdf`: a link or stylesheet smuggled into the
report can never read a local file or reach the network.
"""

from __future__ import annotations

from typing import Any

from rempart.formats import render

TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Annex I gap report · {{ r.product.name }}</title>
<style>
@page { size: A4; margin: 18mm 15mm; @bottom-right { content: "page " counter(page) " of " counter(pages); font-size: 8pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; color: #111; }
h1 { font-size: 16pt; margin: 0 0 4pt; } h2 { font-size: 12pt; margin: 14pt 0 4pt; } h3 { font-size: 10.5pt; margin: 10pt 0 3pt; }
table { border-collapse: collapse; width: 100%; } th, td { border: 0.5pt solid #999; padding: 3pt; text-align: left; vertical-align: top; }
thead { display: table-header-group; } .muted { color: #555; } .figure { font-size: 22pt; font-weight: bold; }
.met { color: #0a6b2d; } .not-met { color: #a3000b; } .state-missing { color: #a3000b; } .state-attention { color: #8a5a00; } .state-present { color: #0a6b2d; }
code { font-size: 8.5pt; }
</style></head>
<body>
<h1>Annex I gap report: {{ r.product.name }}</h1>
<p class="muted">Product <code>{{ r.product.slug }}</code>{% if r.product.current_release %} · current release {{ r.product.current_release }}{% endif %} · generated {{ r.generated_at }} · CRA catalog {{ r.catalog_version }} · Regulation (EU) 2024/2847, Art. 13 <code>ART13-1</code> <code>ART13-2</code>, Annex I</p>

<h2>Readiness</h2>
<p><span class="figure" id="readiness">{{ r.readiness.percent }} %</span> — {{ r.readiness.explanation }}</p>
<p class="muted">Rule: {{ r.readiness.rule }}.</p>
<table><thead><tr><th>Met</th><th>Not met</th><th>In progress</th><th>Not started</th><th>Not applicable</th></tr></thead>
<tbody><tr><td>{{ r.readiness.met }}</td><td>{{ r.readiness.not_met }}</td><td>{{ r.readiness.in_progress }}</td><td>{{ r.readiness.not_started }}</td><td>{{ r.readiness.not_applicable }}</td></tr></tbody></table>

<h2>Dates that apply</h2>
<ul>{% for d in r.deadlines %}<li><strong>{{ d.date }}</strong>: {{ d.what }} <code>{{ d.id }}</code></li>{% endfor %}</ul>

<h2>Requirements</h2>
<table><thead><tr><th>ID</th><th>Requirement</th><th>Status</th><th>How met / justification</th><th>Evidence</th></tr></thead><tbody>
{% for q in r.requirements %}<tr>
<td><code>{{ q.id }}</code><br><span class="muted">{{ q.ref }}</span></td>
<td>{{ q.summary }}{% if q.owner %}<br><span class="muted">Owner: {{ q.owner }}</span>{% endif %}{% if q.reviewed_on %}<br><span class="muted">Reviewed {{ q.reviewed_on }} by {{ q.reviewer }}</span>{% endif %}</td>
<td class="{{ 'met' if q.status == 'met' else ('not-met' if q.applicable else '') }}">{{ 'not applicable' if not q.applicable else q.status }}</td>
<td>{% if not q.applicable %}Justification <code>ART13-4</code>: {{ q.justification }}{% else %}{{ q.how_met }}{% for l in q.links %}<br>{{ l }}{% endfor %}{% endif %}</td>
<td>{% for e in q.evidence %}{{ e.kind }}: {{ e.title }}{% if e.sha256 %} <span class="muted">(SHA-256 {{ e.sha256[:16] }}…, {{ e.size }} bytes)</span>{% endif %}{% if e.url %} {{ e.url }}{% endif %}{% if e.record %} <code>{{ e.record }}</code>{% endif %}<br>{% endfor %}
{% for a in q.automatic %}<span class="state-{{ a.state }}">[{{ a.state }}]</span> {{ a.title }}: {{ a.detail }}<br>{% endfor %}</td>
</tr>{% endfor %}
</tbody></table>

{% if r.other_evidence %}<h2>Other automatic evidence</h2>
<ul>{% for a in r.other_evidence %}<li><span class="state-{{ a.state }}">[{{ a.state }}]</span> {{ a.title }} ({{ a.requirement_ids|join(", ") }}): {{ a.detail }}</li>{% endfor %}</ul>{% endif %}

<h2>Gaps</h2>
{% if r.gaps %}<p>{% for g in r.gaps %}<code>{{ g }}</code>{% if not loop.last %}, {% endif %}{% endfor %}</p>{% else %}<p>None: every applicable requirement is recorded as met.</p>{% endif %}

{% set v = r.vulnerability_handling %}
<h2 id="vulnerability-handling">Exploited and critical findings, Art. 14 cases</h2>
<p class="muted">Read with Annex I Part II: open findings that are known exploited (CISA KEV) or critical, and the product's open Art. 14 reporting cases with their next due time (UTC). {% for c in v.citations %}{{ c.label }}{% if not loop.last %} · {% endif %}{% endfor %}</p>
<h3>Open findings: known exploited or critical ({{ v.findings_total }})</h3>
{% if v.findings %}<table><thead><tr><th>Vulnerability</th><th>Release</th><th>Component</th><th>Severity</th><th>Known exploited</th></tr></thead><tbody>
{% for f in v.findings %}<tr><td>{{ f.vulnerability_id }}</td><td>{{ f.release }}</td><td>{{ f.component }}</td><td>{{ f.severity }}</td><td>{{ "yes (CISA KEV)" if f.known_exploited else "no" }}</td></tr>{% endfor %}
</tbody></table>{% if v.findings_total > v.findings|length %}<p class="muted">The first {{ v.findings|length }} of {{ v.findings_total }} are listed.</p>{% endif %}
{% else %}<p>None open among the findings of the latest scans. Findings of unknown severity are not counted here; see the product's findings.</p>{% endif %}
<h3>Open Art. 14 cases ({{ v.cases|length }})</h3>
{% if v.cases %}<table><thead><tr><th>Case</th><th>Status</th><th>Affected releases</th><th>Next report due (UTC)</th></tr></thead><tbody>
{% for c in v.cases %}<tr><td><strong>{{ c.reference }}</strong> {{ c.title }}{% if c.vulnerability_id %} <span class="muted">({{ c.vulnerability_id }})</span>{% endif %}</td><td>{{ c.status }}</td><td>{{ c.releases|join(", ") or "none linked" }}</td>
<td>{% if c.next_due %}{{ c.next_due.label }} <code>{{ c.next_due.citation }}</code>: {% if c.next_due.due_at %}<strong class="{{ 'not-met' if c.next_due.state == 'overdue' else '' }}">{{ c.next_due.due_at[:10] }} {{ c.next_due.due_at[11:16] }} UTC</strong>{% if c.next_due.state == 'overdue' %} (overdue){% endif %}{% else %}no fixed time{% endif %}{% elif c.status == "proposed" %}awareness not confirmed yet: the clocks start when a person confirms it{% else %}no report due{% endif %}</td></tr>{% endfor %}
</tbody></table>{% else %}<p>No open Art. 14 case for this product.</p>{% endif %}

<h2>Open actions</h2>
{% if r.open_actions %}<table><thead><tr><th>Action</th><th>Requirement</th><th>Owner</th><th>Due</th></tr></thead><tbody>
{% for a in r.open_actions %}<tr><td>{{ a.title }}</td><td>{% if a.requirement %}<code>{{ a.requirement }}</code>{% endif %}</td><td>{{ a.owner or "—" }}</td><td>{{ a.due_on or "—" }}{% if a.overdue %} (overdue){% endif %}</td></tr>{% endfor %}
</tbody></table>{% else %}<p>No open actions.</p>{% endif %}
<p class="muted">Automatic evidence is shown as Rempart found it when the report was made; it never marks a requirement met. Not legal advice.</p>
</body></html>
"""


def render_html(report: dict[str, Any]) -> str:
    return render.render_html(TEMPLATE, r=report)


def render_pdf(html: str) -> bytes:
    return render.html_to_pdf(html)
