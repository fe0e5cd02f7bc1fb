"""Reading grades are computed offline and rank plain text below dense text."""

from bot.readability import grade, plain


def test_plain_words_score_low_and_legal_prose_scores_high() -> None:
    simple = "You can stop at any time. Type exit to leave fast."
    dense = ("Post-conviction vacatur constitutes an extraordinary remedial mechanism "
             "contemplating adjudicative reconsideration of convictions attributable to "
             "victimization.")
    assert grade(simple) < 4 < 12 < grade(dense)


def test_bullets_and_phone_numbers_do_not_count_as_hard_words() -> None:
    assert plain("• Call 1-888-373-7888 now.") == "Call number now."
