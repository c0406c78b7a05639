"""Gambling spam in its three forms (a keyword block, a link list, an advert sentence),
and the lottery, game and warning prose of government pages that must stay. Every
sentence is made up; each form has two wordings."""

from __future__ import annotations

import pytest

from cleaners.spam import drop_gambling_spam, is_gambling_advert
from cleaners.steps import StepContext

from .helpers import clean_gov_article

PROSE = ["贵单位提出的关于加强社区治理的提案收悉,现答复如下。",
         "我局会同各区政府开展社区共建共治共享中心试点建设,取得积极成效。"]


TITLE = "关于加强社区治理的提案答复的函"


def body(inner: str) -> str:
    """The cleaned document of a reply with ``inner`` between its two paragraphs."""
    return clean_gov_article(f"<p>{PROSE[0]}</p>{inner}", PROSE[1:], TITLE).text


@pytest.mark.parametrize("items", [
    ["澳门葡京官网", "威尼斯人娱乐", "真人百家乐", "皇冠体育投注"],
    ["太阳城娱乐城", "美高梅电子游艺", "开户送彩金"],
])
def test_a_list_of_casino_links_goes_from_the_body(items):
    links = "".join(f'<li><a href="http://spam.example/{n}">{t}</a></li>'
                    for n, t in enumerate(items))
    text = body(f"<ul>{links}</ul>")
    assert not any(item in text for item in items)
    assert PROSE[0] in text and PROSE[1] in text


@pytest.mark.parametrize("advert", [
    "澳门新葡京是亚洲最大的在线娱乐平台,提供百家乐、老虎机、真人视讯等游戏,首充即送彩金!",
    "威尼斯人官网注册即送38元彩金,百家乐、牛牛、炸金花天天返水。",
])
def test_an_advert_sentence_goes_and_is_reported(advert):
    ctx = StepContext()
    text = f"正文第一段。\n{advert}\n正文第二段。"
    assert drop_gambling_spam(text, ctx) == "正文第一段。\n正文第二段。"
    assert ctx.removed == [advert]
    assert advert not in body(f"<p>{advert}</p>")


@pytest.mark.parametrize("prose", [
    # a warning names the same games: it is no advert
    "公安机关提醒:网络赌博平台以百家乐、老虎机、真人视讯为诱饵,注册充值后难以提现,切勿参与。",
    "严厉打击以“首充送彩金”为名诱骗群众注册的境外赌场和百家乐网站。",
    # a community centre's games, a lottery shop, the welfare fund, entertainment venues
    "社区活动中心设有棋牌室、麻将室和阅览室,依托智慧养老平台开展预约服务。",
    "福彩公益金支持建设的体彩投注站旁新增便民服务平台,扫码即可下载办事指南。",
    "加强对歌舞娱乐场所、电子游艺厅的日常监管,督促经营者落实主体责任。",
])
def test_lottery_game_and_warning_prose_stays(prose):
    assert not is_gambling_advert(prose)
    assert drop_gambling_spam(f"正文。\n{prose}") == f"正文。\n{prose}"


def test_a_table_of_lottery_shops_is_no_link_list():
    rows = ["1 福彩投注站 中山路12号", "2 体彩投注站 解放路8号", "3 福彩投注站 人民路3号"]
    text = "\n".join(["全市彩票销售网点如下:", *rows])
    assert drop_gambling_spam(text) == text


def test_one_short_line_with_one_term_stays():
    text = "菠菜\n白菜\n萝卜\n本周蔬菜价格平稳。"
    assert drop_gambling_spam(text) == text


def test_a_list_of_games_under_a_warning_stays():
    text = "公安机关提醒,严禁参与以下网络赌博活动:\n网络百家乐\n境外赌球\n老虎机游戏"
    assert drop_gambling_spam(text) == text


def test_an_offer_of_an_app_counts():
    assert is_gambling_advert("葡京娱乐城APP,百家乐、老虎机天天返水")
    assert not is_gambling_advert("葡京娱乐城,百家乐、老虎机天天返水")  # no offer
