"""The tallies' figures, registered from the catalogue (data/catalogue.yaml, `figures`): each is the sum of the
values of its indicators (and bodies) whose period ends within the window, read by selectors.tally_figures. A figure
asked alone costs one query; the summary page asks for all of them in one."""

from antqcore.stats import register_figure

from ..catalogue import FigureSpec, figure_specs
from ..selectors.tallies import tally_figures


def _figure(spec: FigureSpec):
    return lambda area, start, end: tally_figures(area=area, start=start, end=end, specs=[spec])[spec.key]


for _spec in figure_specs():
    register_figure(_spec.key, _spec.label)(_figure(_spec))
