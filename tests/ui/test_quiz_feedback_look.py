"""Right and wrong marks after answering read at 4.5:1 in every theme (WCAG 1.4.3)."""

from __future__ import annotations

import pytest

from desktop.ui.learning.option_list import MARK_COLOURS
from desktop.ui.theme import THEME_COLOURS, Theme, contrast_ratio

CONCRETE = [Theme.LIGHT, Theme.DARK, Theme.HIGH_CONTRAST]


@pytest.mark.parametrize("theme", CONCRETE)
def test_marks_read_on_the_window_and_the_base_and_differ(theme: Theme) -> None:
    right, wrong = MARK_COLOURS[theme]
    colours = THEME_COLOURS[theme]
    for mark in (right, wrong):
        for background in (colours.window, colours.base):
            assert contrast_ratio(mark, background) >= 4.5, (theme, mark, background)
    assert right != wrong
