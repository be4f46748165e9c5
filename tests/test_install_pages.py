"""The pages an admin sees when installing cop-bot, in a real browser: Debian's chromium, headless,
driven through its chromedriver. The admin opens the install page, clicks "Add to Slack", approves on
Slack's consent page (the fake's, which redirects back at once), and lands on the success page."""

import shutil

import pytest

from tests.test_installations import distributed_serving

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="Debian chromium and chromium-driver are missing (.ci/run installs them)")]


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=390,844", "--lang=fr-CA"):  # a phone's screen
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(20)
    yield driver
    driver.quit()


@pytest.fixture
def distributed_bot(fake_slack, database_url):
    with distributed_serving(fake_slack, database_url) as running:
        yield running


def _fits_the_screen(browser) -> bool:
    return browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


def test_an_admin_installs_from_the_page_and_is_told_what_to_do_next(browser, distributed_bot):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    bot, fake = distributed_bot, distributed_bot.fake
    browser.get(bot.url + "slack/install")
    assert "Ajouter à Slack" in browser.title and "Add to Slack" in browser.title
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "communauté de pratique" in body and "community of practice" in body
    button = browser.find_element(By.ID, "add-to-slack")
    assert button.is_displayed() and button.size["width"] <= 390 and _fits_the_screen(browser)

    fake.install_as("T0AAA", team_name="Hôpital Sainte-Élise")
    button.click()
    WebDriverWait(browser, 10).until(expected_conditions.presence_of_element_located((By.ID, "installed")))
    page = browser.find_element(By.TAG_NAME, "body").text
    assert "cop-bot est installé dans Hôpital Sainte-Élise" in page
    assert "cop-bot is installed in Hôpital Sainte-Élise" in page
    assert page.count("/cop installer") == 1 and page.count("/cop setup") == 1 and _fits_the_screen(browser)
    with bot.cop.runtime.db.reading() as session:
        from storage.models import Workspace

        assert session.get(Workspace, "T0AAA") is not None
    assert fake.token_of("T0AAA") in fake.tokens


def test_an_admin_who_cancels_on_slacks_page_is_told_nothing_was_installed(browser, distributed_bot):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    bot, fake = distributed_bot, distributed_bot.fake
    browser.get(bot.url + "slack/install")
    fake.install_as("T0AAA", deny=True)
    browser.find_element(By.ID, "add-to-slack").click()
    WebDriverWait(browser, 10).until(expected_conditions.presence_of_element_located((By.ID, "not-installed")))
    page = browser.find_element(By.TAG_NAME, "body").text
    assert "rien n’a été installé" in page and "nothing was installed" in page
    # The link back starts a new install.
    browser.find_element(By.LINK_TEXT, "Page d’installation · Install page").click()
    WebDriverWait(browser, 10).until(expected_conditions.presence_of_element_located((By.ID, "add-to-slack")))
    assert not fake.calls_to("oauth.v2.access")
