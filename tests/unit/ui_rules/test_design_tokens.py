"""The design tokens hold what they promise: every status and callout colour reads in
every theme, and every status has words and a symbol, so colour is never alone."""

from __future__ import annotations

import pytest

from desktop.ui.design.tokens import (
    STATUS_SYMBOLS,
    STATUS_TONES,
    STATUS_WORDS,
    TONES,
    Status,
    Tone,
    status_label,
    tone_colours,
)
from desktop.ui.theme import THEME_COLOURS, Theme, contrast_ratio

THEMES = [Theme.LIGHT, Theme.DARK, Theme.HIGH_CONTRAST]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("tone", list(Tone))
def test_tone_text_reads_on_its_fill_and_its_border_stands_out(theme: Theme, tone: Tone):
    colours = tone_colours(str(theme), tone)
    page = THEME_COLOURS[theme]
    assert contrast_ratio(colours.text, colours.fill) >= 4.5, f"{theme} {tone}: words"
    for around in (page.window, page.base):
        assert contrast_ratio(colours.border, around) >= 3.0, f"{theme} {tone}: border"


def test_every_concrete_theme_has_every_tone():
    assert set(TONES) == {str(t) for t in THEMES}
    for tones in TONES.values():
        assert set(tones) == set(Tone)


def test_every_status_has_words_a_symbol_and_a_tone():
    for status in Status:
        assert STATUS_WORDS[status] and STATUS_SYMBOLS[status] and STATUS_TONES[status]
        assert status_label(status).endswith(STATUS_WORDS[status])
    # Two statuses that look alike in colour must differ in words.
    assert len(set(STATUS_WORDS.values())) == len(Status)
