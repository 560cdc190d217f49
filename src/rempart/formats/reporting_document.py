"""Printable Art. 14 reports and user notices: HTML (Jinja2, autoescaped) and PDF (WeasyPrint).

Input is the plain dictionary of ``rempart.core.reporting.documents``; the PDF comes from
:func:`rempart.formats.render.html_to_pdf`, whose fetcher reads bundled assets only. The
stylesheet is part of the page.
"""

from __future__ import annotations

from typing import Any

from rempart.core.member_states import label as member_state_label
from rempart.formats.render import asset_text, render_html

STYLE = (
    asset_text("print.css")
    + "th { width: 32%; background: #eee; }\n"
    + ".open-points { border-left: 3pt solid #b45309; padding-left: 6pt; font-size: 9pt; }\n"
)

STAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ d.case }} {{ d.stage.label }}</title>
<style>{{ style|safe }}</style></head><body>
<h1>{{ d.stage.label }}: {{ d.case }}</h1>
<p>{{ d.title }}</p>
<p class="muted">{{ d.stage.citations|join(" · ") }}</p>
<h2>Case</h2><table>
<tr><th>Manufacturer</th><td>{{ d.manufacturer }}</td></tr>
<tr><th>Kind</th><td>{{ "Actively exploited vulnerability (Art. 14(1))" if d.kind == "vulnerability" else "Severe incident (Art. 14(3))" }}</td></tr>
{% if d.vulnerability %}<tr><th>Vulnerability</th><td>{{ d.vulnerability.id }}{% if d.vulnerability.aliases %} ({{ d.vulnerability.aliases|join(", ") }}){% endif %}</td></tr>{% endif %}
<tr><th>Products</th><td>{{ d.products|join("; ") }}</td></tr>
<tr><th>Affected releases</th><td id="releases">{% for r in d.releases %}{{ r.get("product_name") or r.product }} {{ r.version }}{% if r.get("support_ended") %} (support ended {{ r.end_of_support }}){% endif %}{% if not loop.last %}; {% endif %}{% else %}none linked to the case{% endfor %}</td></tr>
<tr><th>Became aware</th><td>{{ d.aware_at or "not confirmed" }}</td></tr>
<tr><th>Due</th><td>{{ d.stage.due_at or "no due time yet" }}{% if d.stage.later_due_at %}<br><span class="muted">later reading (RPT-PERIODS): {{ d.stage.later_due_at }}</span>{% endif %}{% if d.stage.get("anchor_rule") %}<br><span class="muted">{{ d.stage.anchor_rule.text }} [{{ d.stage.anchor_rule.citation }}]</span>{% endif %}</td></tr>
<tr><th>Submitted</th><td>{{ d.stage.submitted_at or "not submitted" }}</td></tr>
</table>
<p class="muted">Times in {{ d.get("time_zone") or "UTC" }}, ISO 8601 with the offset from UTC.</p>
<h2>Recipient (Art. 14(7))</h2><table>
<tr><th>Coordinator CSIRT</th><td>{{ d.recipient.csirt_name or "not entered" }}</td></tr>
<tr><th>Electronic notification end-point</th><td>{{ d.recipient.csirt_endpoint or "not entered" }}</td></tr>
<tr><th>Member State</th><td>{{ state(d.recipient.member_state) if d.recipient.member_state else "not determined" }}{% if d.recipient.basis_label %}<br><span class="muted">{{ d.recipient.basis_label }}</span>{% endif %}</td></tr>
</table>
{% if d.recipient.open_points %}<p class="open-points">Open points before submitting: {{ d.recipient.open_points|join("; ") }}.</p>{% endif %}
<h2>Contents</h2><table>
{% for f in d.fields %}<tr><th>{{ f.label }}<br><span class="muted">{{ f.qualifier }} · {{ f.citation }}</span></th>
<td class="value">{% if not f.value %}<span class="muted">not entered</span>{% elif f.value is string %}{{ f.value }}{% else %}{% for code in f.value %}{{ state(code) }}{% if not loop.last %}, {% endif %}{% endfor %}{% endif %}</td></tr>{% endfor %}
</table>
<p class="muted">Generated {{ d.generated_at }} by Rempart, CRA catalog {{ d.catalog_version }}. Contents as required by Regulation (EU) 2024/2847 Art. 14; no ENISA field list is published (SRP-FIELDS).</p>
</body></html>"""

NOTICE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ d.title }}</title>
<style>{{ style|safe }}</style></head><body>
<h1>Security notice: {{ d.title }}</h1>
<p class="muted">{{ d.notice_id }} · published {{ d.published_at }} ({{ d.get("time_zone") or "UTC" }}) by {{ d.publisher.name }}{% if d.publisher.contact %} · contact {{ d.publisher.contact }}{% endif %}</p>
<h2>What happened</h2><p class="value">{{ d.description }}</p>
{% if d.vulnerabilities %}<p>Identifiers: {{ d.vulnerabilities|join(", ") }}{% if d.severity %} · severity {{ d.severity }}{% endif %}</p>{% endif %}
<h2>Affected</h2><ul>{% for a in d.affected %}<li>{{ a.get("product_name") or a.product }} {{ a.version }}{% if a.get("support_ended") %} (support ended {{ a.end_of_support }}){% endif %}</li>{% else %}<li>no release linked to the case</li>{% endfor %}</ul>
<h2>What you can do</h2>{% if d.user_measures %}<p class="value">{{ d.user_measures }}</p>{% else %}<p class="muted">No measure entered yet.</p>{% endif %}
{% if d.fixed_versions %}<p>Fixed versions: {{ d.fixed_versions|join(", ") }}</p>{% endif %}
<p class="muted">For: {{ d.audience }}. Information to users under Art. 14(8) of Regulation (EU) 2024/2847 [ART14-8]; the same notice is available as JSON.</p>
</body></html>"""


def stage_html(document: dict[str, Any]) -> str:
    return render_html(STAGE, d=document, style=STYLE, state=member_state_label)


def notice_html(document: dict[str, Any]) -> str:
    return render_html(NOTICE, d=document, style=STYLE)
