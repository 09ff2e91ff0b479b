"""Taking a quiz and playing a scenario, by keyboard, as a learner would."""

import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.ui.design.tokens import Tone
from tests.ui.test_reading_journey import create_profile


def key_for(page, written: int):
    """The number key of the option written at ``written``, wherever it is shown."""
    return getattr(Qt.Key, f"Key_{page.options.order.index(written) + 1}")


def answer_by_keys(qtbot, page, right: bool) -> None:
    """Pick options with number keys and answer with Enter."""
    question = page.question
    wanted = (
        sorted(question.correct_indexes)
        if right
        else [next(i for i, o in enumerate(question.options) if not o.correct)]
    )
    for index in wanted:
        qtbot.keyClick(page, key_for(page, index))
    qtbot.keyClick(page, Qt.Key.Key_Return)  # answer
    assert page.next_button.isVisible()
    qtbot.keyClick(page, Qt.Key.Key_Return)  # next question


def start_quiz(qtbot, window):
    create_profile(qtbot, window, "Priya")
    window.go("module:alpha")
    qtbot.mouseClick(window.reader_page.quiz_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.quiz_page
    return window.quiz_page


def test_fail_review_retake_pass(make_window, qtbot):
    window = make_window()
    page = start_quiz(qtbot, window)
    assert page.progress_label.text() == "Question 1 of 10"
    for _ in range(10):
        answer_by_keys(qtbot, page, right=False)
    assert page.result is not None and not page.result.passed
    review = page.results.toPlainText()
    assert "✗ Not passed yet: 0 of 10" in review
    assert "0 of 10 right (0%). The pass mark is 80%: 8 of 10." in review
    assert review.count("Your answer: ") == 10 and review.count("The right answer") >= 5
    qtbot.mouseClick(page.retake_button, Qt.MouseButton.LeftButton)
    assert page.progress_label.text() == "Question 1 of 10"
    for _ in range(10):
        answer_by_keys(qtbot, page, right=True)
    assert page.result.passed and page.result.score == 100
    assert "✓ Passed: 10 of 10" in page.results.toPlainText()
    assert "Best score 100%, latest 100%" in page.results.toPlainText()
    window.go("home")
    assert "Quiz passed" in window.home_page.module_cards[0].summary_text()


def test_feedback_explains_the_chosen_option(make_window, qtbot):
    window = make_window()
    page = start_quiz(qtbot, window)
    qtbot.keyClick(page, key_for(page, 2))  # a wrong option in the builder's first question
    qtbot.keyClick(page, Qt.Key.Key_Return)
    text = page.feedback.toPlainText()
    assert "✗ Not quite" in text
    assert "✗ Your answer: not right" in text
    assert "section ‘Some section’" in text


def test_after_answering_every_option_is_marked_right_or_wrong(make_window, qtbot):
    window = make_window()
    page = start_quiz(qtbot, window)
    assert not any(mark.isVisible() for mark in page.options.marks)
    question = page.question
    qtbot.keyClick(page, key_for(page, 2))  # a wrong option of a multiple-answer question
    qtbot.keyClick(page, Qt.Key.Key_Return)
    marks = {
        written: page.options.marks[place].text()
        for place, written in enumerate(page.options.order)
    }
    assert all(page.options.marks[i].isVisible() for i in range(len(question.options)))
    assert marks[2] == "✗ Your answer: not right"
    for written, option in enumerate(question.options):
        if option.correct:
            assert marks[written].startswith("✓"), marks
    colours = {
        page.options.marks[p].palette().color(page.options.marks[p].foregroundRole()).name()
        for p in range(len(question.options))
    }
    assert len(colours) == 2  # right and wrong differ in colour too, not only in words


def test_results_review_only_the_mistakes_then_practise_them(make_window, qtbot):
    window = make_window()
    page = start_quiz(qtbot, window)
    for number in range(10):
        answer_by_keys(qtbot, page, right=number >= 3)  # three wrong, seven right
    result = page.result
    assert (result.right, result.total, result.needed) == (7, 10, 8)
    text = page.results.toPlainText()
    assert "✗ Not passed yet: 7 of 10" in text and text.count("Your answer: ") == 10
    assert page.mistakes_button.isVisible() and page.practise_button.isVisible()
    qtbot.mouseClick(page.mistakes_button, Qt.MouseButton.LeftButton)
    only = page.results.toPlainText()
    assert "Your mistakes" in only and only.count("Your answer: ") == 3
    assert only.count("The right answer") == 3
    qtbot.mouseClick(page.mistakes_button, Qt.MouseButton.LeftButton)
    assert page.results.toPlainText().count("Your answer: ") == 10
    missed = {q.id for q, _ in result.mistakes}
    qtbot.mouseClick(page.practise_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.refresh_page
    assert {q.question.id for q in window.refresh_page.questions} == missed


def test_options_are_shuffled_and_number_keys_follow_the_order_shown(make_window, qtbot):
    window = make_window()
    page = start_quiz(qtbot, window)
    seen = []
    for _ in range(10):
        question, order = page.question, page.options.order
        seen.append(order)
        labels = [b.parentWidget().findChild(QLabel).text() for b in page.options.buttons]
        assert labels == [question.options[i].text for i in order]  # drawn in that order
        qtbot.keyClick(page, Qt.Key.Key_1)
        assert page.chosen() == [order[0]]  # "1" is the option shown first
        qtbot.keyClick(page, Qt.Key.Key_Return)
        qtbot.keyClick(page, Qt.Key.Key_Return)
    # The builder writes the right answer first; shuffling moves it in some questions
    # (true/false stays put), so pressing "1" throughout no longer passes.
    assert any(order[0] != 0 for order in seen)
    assert not page.result.passed


def test_resuming_shows_the_options_in_the_same_order(make_window, qtbot):
    window = make_window()
    page = start_quiz(qtbot, window)
    answer_by_keys(qtbot, page, right=True)
    order, question_id = page.options.order, page.question.id
    window.close()
    again = make_window()
    qtbot.keyClick(again.profiles_page.list, Qt.Key.Key_Return)
    again.go("quiz:alpha")
    assert again.quiz_page.question.id == question_id
    assert again.quiz_page.options.order == order


def test_leaving_mid_quiz_resumes_at_the_next_question(make_window, qtbot):
    window = make_window()
    page = start_quiz(qtbot, window)
    for _ in range(3):
        answer_by_keys(qtbot, page, right=True)
    window.close()
    again = make_window()
    qtbot.keyClick(again.profiles_page.list, Qt.Key.Key_Return)
    again.go("quiz:alpha")
    assert again.quiz_page.progress_label.text() == "Question 4 of 10"


def test_quiz_changed_since_the_attempt_began_starts_afresh(make_window, qtbot, course_root):
    window = make_window()
    page = start_quiz(qtbot, window)
    answer_by_keys(qtbot, page, right=True)
    window.close()
    quiz_file = course_root / "content" / "alpha" / "quiz.yaml"
    data = yaml.safe_load(quiz_file.read_text())
    data["questions"][0]["prompt"] = "A reworded question?"
    quiz_file.write_text(yaml.safe_dump(data, sort_keys=False))
    again = make_window()
    qtbot.keyClick(again.profiles_page.list, Qt.Key.Key_Return)
    again.go("quiz:alpha")
    assert again.quiz_page.progress_label.text() == "Question 1 of 10"
    assert "has been updated since you started" in again.quiz_page.feedback.toPlainText()


def test_scenario_digits_take_the_choice_shown_there_and_ask_once(make_window, qtbot):
    window = make_window()
    create_profile(qtbot, window, "Priya")
    window.go("scenario:alpha")
    page = window.scenario_page
    node = page.session.node
    second = page.shown[1]  # whatever is shown second in this run
    assert page.text.toPlainText().count("What do you do?") == 1
    qtbot.keyClick(page, Qt.Key.Key_2)  # a plain digit, as in the quiz
    assert page.session.run.path == ((node.id, second),)
    assert page.consequence.isVisibleTo(page)
    assert page.consequence.title.text().endswith(f"You chose: {node.choices[second].text}")


def test_an_authored_question_is_not_asked_twice(make_window, qtbot, course_root):
    scenario_file = course_root / "content" / "alpha" / "scenario.yaml"
    data = yaml.safe_load(scenario_file.read_text())
    data["nodes"][0]["text"] = "A parent messages at night.\n\nWhat should the worker do?"
    scenario_file.write_text(yaml.safe_dump(data, sort_keys=False))
    window = make_window()
    create_profile(qtbot, window, "Priya")
    window.go("scenario:alpha")
    text = window.scenario_page.text.toPlainText()
    assert "What should the worker do?" in text and "What do you do?" not in text


def test_following_the_recommended_path_gets_the_plain_debrief(make_window, qtbot):
    window = make_window()
    create_profile(qtbot, window, "Priya")
    window.go("scenario:alpha")
    page = window.scenario_page
    while not page.session.node.is_ending:
        node = page.session.node
        page.choose(next(i for i, c in enumerate(node.choices) if c.recommended))
    page._show_node()
    assert page.debrief.ending.text.text() == (
        "You made all 3 choices the way the recommended path does."
    )
    assert all("same as recommended" in line for line in page.debrief.yours.lines())
    assert "Your path went another way" not in page.text.toPlainText()


def test_scenario_to_debrief_then_resume_mid_way(make_window, qtbot):
    window = make_window()
    create_profile(qtbot, window, "Priya")
    window.go("scenario:alpha")
    page = window.scenario_page
    assert page.step_label.text().startswith("Decision 1")
    page.choose(0)
    assert "Feedback on Wait" in page.consequence.text.text()
    qtbot.mouseClick(page.continue_button, Qt.MouseButton.LeftButton)
    page.choose(1)  # not the recommended choice: ends poorly
    qtbot.mouseClick(page.continue_button, Qt.MouseButton.LeftButton)
    debrief = page.text.toPlainText()
    ending = page.debrief.ending
    # The ending in words and in its tone (a poor one as an error), with the comparison.
    assert ending.title.text().endswith("A poor outcome") and ending.tone is Tone.ERROR
    assert "1 of your 2 choices matched the recommended one." in ending.text.text()
    assert "Your path ended after 2 decisions; the recommended path has 3." in ending.text.text()
    # The debrief tells the recommended path, and says it was not the learner's.
    assert "Debrief: the recommended path" in debrief and "Your path went another way" in debrief
    # The recommended choice is shown beside the learner's, decision by decision.
    yours, recommended = page.debrief.yours.lines(), page.debrief.recommended.lines()
    assert yours[1].startswith("2. ") and "differs" in yours[1]
    assert recommended[1].startswith("2. Check policy")
    assert "1 more decision" in recommended[-1]
    window.go("home")
    assert window.home_page.module_cards[0].summary_text().startswith("In progress · 1 of 3")

    window.go("scenario:beta")
    window.scenario_page.choose(0)
    window.close()
    again = make_window()
    qtbot.keyClick(again.profiles_page.list, Qt.Key.Key_Return)
    again.go("scenario:beta")
    assert again.scenario_page.step_label.text().startswith("Decision 2")
