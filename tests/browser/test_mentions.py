"""Mentioning a member while writing, by keyboard only: the suggestions after "@", the list's
ARIA states, choosing and dismissing, and the posted link; axe-core clean with the list open."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.factories import UserFactory, make_thread


def test_a_member_is_mentioned_from_the_suggestions_by_keyboard(
    page, transactional_db, log_in_as, axe
):
    UserFactory(username="priya_raman", display_name="Priya Raman", post_count=40)
    UserFactory(username="prince_k", display_name="Prince Kofi", post_count=3)
    UserFactory(username="pri_odd", display_name='<img src=x onerror="alert(1)">', post_count=1)
    author = UserFactory(username="tomasz_w", display_name="Tomasz Wojcik")
    thread = make_thread(title="Who should review the estimate?")
    log_in_as(page, author)
    page.goto(f"/threads/{thread.pk}/reply/")
    body = page.get_by_role("textbox", name="Your reply")
    listbox = page.get_by_role("listbox", name="Members to mention")
    options = listbox.get_by_role("option")

    body.press_sequentially("Thanks @pri")
    expect(options).to_have_count(3)
    expect(options.nth(0)).to_have_text("Priya Raman@priya_raman")  # the most active first
    # A display name is shown as the text it is, never as markup.
    expect(options.nth(2)).to_have_text('<img src=x onerror="alert(1)">@pri_odd')
    expect(body).to_have_attribute("aria-controls", listbox.get_attribute("id"))
    expect(page.get_by_role("status").filter(has_text="3 members to mention")).to_have_count(1)
    assert axe.check(page, "Reply page, members to mention").blocking == []

    body.press("ArrowDown")
    body.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(body).to_have_attribute("aria-activedescendant", options.nth(1).get_attribute("id"))
    body.press("Enter")
    expect(body).to_have_value("Thanks @prince_k ")  # Enter chose; it added no new line
    expect(listbox).to_be_hidden()
    expect(body).not_to_have_attribute("aria-activedescendant", re.compile("."))
    expect(page.get_by_role("status").filter(has_text="@prince_k inserted.")).to_have_count(1)

    body.press_sequentially("and @pri")
    expect(options).to_have_count(3)
    body.press("Home")  # the caret left the name: nothing to suggest
    expect(listbox).to_be_hidden()
    body.press("End")
    expect(options).to_have_count(3)
    body.press("Escape")
    expect(listbox).to_be_hidden()
    body.press("Enter")  # with the list closed, Enter is a new line again
    body.press_sequentially("Cheers.")
    expect(body).to_have_value("Thanks @prince_k and @pri\nCheers.")

    page.get_by_role("button", name="Post your reply").click()
    mention = page.locator("article a.mention")
    expect(mention).to_have_text("@prince_k")
    expect(mention).to_have_attribute("href", "/members/prince_k/")
