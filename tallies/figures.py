"""The tallies' figures, registered from the catalogue (data/catalogue.yaml, `figures`): each is the sum of the
values of its indicators (and bodies) whose period ends within the window. All of them come from one aggregate query
(selectors.catalogue_figures), which runs once per figures_compute call: one figure or all of them cost one query."""

from antqcore.stats import register_figure

from .catalogue import FigureSpec, figure_specs
from .selectors import catalogue_figures


def _figure(spec: FigureSpec):
    return lambda area, start, end: catalogue_figures(area=area, start=start, end=end)[spec.key]


for _spec in figure_specs():
    register_figure(_spec.key, _spec.label)(_figure(_spec))
