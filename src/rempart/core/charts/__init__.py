"""Chart models for server-rendered SVG pictures (core layer, pure).

Each builder takes plain values and returns a small frozen model whose coordinates are already
computed in the SVG user space (``viewBox="0 0 width height"``): the templates only place what
they are given, so every chart is testable here without Django or a browser. Colours are never
chosen here: each mark carries a ``key`` (``critical``, ``met``, ``overdue``...) that the
templates turn into a CSS class (``chart-<key>``) styled in the static stylesheet (strict CSP).

- :mod:`.bars`: horizontal bars and stacked bars (findings by severity, quality per rule family,
  components by licence), and a trend of several series over time;
- :mod:`.heatmap`: a grid of cells by status (Annex I portfolio, likelihood × impact with the
  risks placed in it and an arrow from inherent to residual);
- :mod:`.timeline`: lanes of spans and marks against dated references and a "today" marker
  (Art. 14 stages of a case, support periods against the CRA's application dates).
"""
