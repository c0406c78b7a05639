"""Drop site chrome that the extractor lets through (one line at a time).

Chrome is recognised by form, not by site: breadcrumbs, footers (ICP备, 网站标识码 …),
rows made only of navigation and button words (also as 【…】 groups or with bullets),
font toggles, counters, QR prompts, a lone close glyph, links to the previous and next
article, a media player's controls, info lines (date, source and counter labels; the
title repeated with a date and a label; a date badge ``21`` / ``2024年02月``), and empty
section labels (附件:, 相关文章:) left at the end, editors' credit rows (``编辑:某 校对:某
审核:某``, or two or more lines of one credit each; a lone ``责任编辑:某`` on a government
portal, whose documents carry no site credits, while news sites print it as part of the
article), and the site's own labels (主办单位:, 技术支持: …) where they end the body next
to a footer line. Only short lines
are examined (chrome is short), so the cost stays linear on any page. Info lines go to
``StepContext.info``: they hold metadata.
"""

from __future__ import annotations

import re

from .chars import CELL_SEP, strip_spaces
from .dates import find_date, leading_date
from .labels import KNOWN_LABELS
from .steps import StepContext

__all__ = ["drop_boilerplate", "is_boilerplate", "is_chrome", "is_frame", "is_government",
           "is_info_line"]

MAX_CHROME_LINE = 200
_NAV_WORDS = (
    "首页|打印|打印本页|打印此页|打印文章|关闭|关闭窗口|关闭本页|关闭当前页面|返回顶部|回到顶部|返回|收藏|"
    "分享|分享到|微信|微博|QQ空间|无障碍浏览|无障碍|繁体版|简体版|繁體版|移动版|登录|注册|网站地图|"
    "上一篇|下一篇|相关链接|相关附件|相关文章|相关阅读|相关新闻|相关稿件|附件下载|字体|字号|"
    "内容纠错|纠错|我要纠错|信息发布|大|中|小|默认|放大|缩小|【|】|\\[|\\]|\\||>|/|:|-|▪|•|·|●|"
    "视力保护色|背景色|打印页面|返回列表|返回上页|返回上一页|×|"
    "更多|更多回答|展开全部|展开|收起|编辑|播报|广告|去购买|查看我的收藏|"
    "联系我们|关于我们|使用帮助|帮助中心|法律声明|隐私声明|免责声明|网站声明|站点地图|"
    "下载|点击下载|下载附件"
)
_BREADCRUMB = [
    re.compile(r"^(您)?(当前|现在|所在|目前)?(的)?(所在)?位置\s*[:>]"),
    re.compile(r"^(您当前所在位置|当前位置|您的位置|你的位置|您當前所在位置|當前位置)"),
    re.compile(r"^首页\s*[>›»/]"),
]
_FOOTER = [
    re.compile(r"ICP\s*备|网站标识码|公网安备|技术支持\s*[:]|Copyright|©|建议使用.{0,20}浏览器"),
    # 版权所有 as a footer states it, not a sentence about a copyright holder (版权所有者)
    re.compile(r"版权所有(?![者人方])"),
    re.compile(r"^(主办单位|主办|承办)\s*[:].{0,40}(联系电话|地址|邮编|技术支持|ICP)"),
]
_PATTERNS = [
    *_BREADCRUMB,
    *_FOOTER,
    # font-size toggles, print/close/share rows made only of navigation words
    re.compile(rf"^(?:(?:{_NAV_WORDS})\s*)+$"),
    re.compile(r"[【\[]?\s*字[体号]\s*[:]?\s*[【\[]?\s*大\s*中\s*小\s*[】\]]?"),
    # counters
    re.compile(r"^(浏览量|浏览次数|访问次数|阅读次数|点击数|点击量|访问量|阅读量)\s*[:]?\s*\d*\s*(次)?$"),
    # QR-code prompts
    re.compile(r"扫一扫|扫描二维码|手机扫描|用手机(打开|浏览|查看)|在手机(上)?(打开|查看)"),
    # a lone close glyph or symbol
    re.compile(r"^[Xx×✕✖]$"),
    # the leave-site prompt of an outbound link (您访问的链接即将离开“某某”门户网站 是否继续?)
    re.compile(r"即将离开.{0,30}(?:网站|门户|平台).{0,6}是否继续"),
    # the site's own channels named at the end of an article
    re.compile(r"^[^。,，;；]{0,40}(?:微信公众号|官方微信|官方微博|客户端|抖音号|视频号)(?:下载)?$"),
    # a multi-page article's page numbers (【1】【2】【3】, 上一页 1 2 下一页)
    re.compile(r"^(?:[【\[]\d{1,3}[】\]]\s*){2,}$"
               r"|^(?=.*页)(?:(?:上一页|下一页|首页|尾页|末页|\d{1,3}|共\s*\d+\s*页)\s*){2,}$"),
    # links to the previous and next article, with their titles
    re.compile(r"^[▪•·]?\s*(?:上一篇|下一篇|上一条|下一条|上篇|下篇|前一篇|后一篇)\s*[:：]"),
    # the controls of an embedded video or audio player
    re.compile(r"^(?:Play Video|Play|Pause|Mute|Unmute|Fullscreen|播放|暂停|全屏|静音)$", re.I),
    # a post's stamps and counters on forums and Q&A sites: edited/posted at, the poster's
    # IP location, votes, "all N answers", a login prompt, a price tag of an advert
    re.compile(r"^(?:编辑|发布|发表|修改|更新)于\s*\d|IP\s*属地"),
    # a forum's moderation stamp on a post (本帖最后由 某 于 2024-4-6 20:46 编辑)
    re.compile(r"^本(?:帖|主题)(?:最后)?由.{1,30}?于\s*\d{4}-\d{1,2}-\d{1,2}[\d: ]{0,9}"
               r"(?:编辑|修改|审核通过|加入精华|置顶|移动)$"),
    re.compile(r"^\d+\s*(?:人|个人)?(?:赞同|点赞|喜欢|收藏|觉得有用)(?:了)?(?:该回答|该文章|此回答)?$"),
    re.compile(r"^查看全部\s*\d+\s*(?:个|条)(?:回答|评论|回复)$|^\d+有用\+1$"),
    re.compile(r"^(?:登录|注册)后[^,，。;；]{0,30}$"),
    re.compile(r"^[¥￥]\s*\d+(?:\.\d{1,2})?$"),
    # a WeChat article's link to its source (点击“阅读原文”了解更多)
    re.compile(r"^(?:点击)?[“\"]?阅读原文[”\"]?[^。!?;；]{0,10}$"),
    # reprint and licence notices (转载请注明出处, 本作品采用…协议)
    re.compile(r"^.{0,40}转载(?:请|必须|须)注明.{0,60}$"),
    # a link to a topic page or to earlier coverage, with its title (点击进入专题:,
    # 此前报道:<title>)
    re.compile(r"^点击(?:进入|查看)[^。!?;；]{0,40}$"),
    re.compile(r"^(?:此前报道|相关报道|延伸阅读|推荐阅读|相关阅读|相关新闻)\s*:[^。!?;；]{0,60}$"),
]
# A row of 【…】 groups, each a button or a short label:value (【信息发布:某局】【打印文章】).
_BRACKET_ROW = re.compile(rf"^(?:【(?:(?:{_NAV_WORDS})+|[^【】]{{1,8}}:[^【】]{{0,20}})】\s*)+$")
# An info line: two or more of these labels on one short line.
_INFO_LABELS = re.compile(
    r"(发布时间|发布日期|来源|信息来源|文章来源|作者|浏览次数|浏览量|访问次数|阅读次数|点击数|字体|"
    r"字号|责任编辑|编辑|时间|日期|更新时间|发布)\s*[:]"
)
_ORIGINAL_TITLE = re.compile(r"^原标题\s*:")  # a reprint's own headline, under the title
_ONE_LABEL = re.compile(r"^(发布时间|发布日期|更新时间|来源|信息来源|文章来源)\s*:\s*\S.{0,30}$")
# After a date (and time) that opens a line, only a source or author label and buttons:
# the info line of a template that prints the date unlabelled (``2021年06月10日 17:35 来源:``).
_DATED_LABEL = re.compile(r"^(?:来源|信息来源|文章来源|作者|发布)\s*:.{0,40}$")
# Editors' credits: one or more ``label:name`` of the editorial chain and nothing else;
# ``label/name`` too (摄影/某 编辑/某), after a contributor's ``<unit>供稿``.
_CREDIT_LABELS = ("责任编辑|责编|值班编辑|编辑|编审|校对|审核|审校|审稿|核稿|初审|复审|终审"
                  "|一审|二审|三审|签发|监制|编发|摄影|图片|文字|文|图")
_CREDITS = re.compile(
    rf"^[【\[]?\s*(?:[\u4e00-\u9fff、]{{2,30}}(?:供稿|供图)\s*)?"
    rf"(?:(?:{_CREDIT_LABELS})\s*[:/]\s*[\u4e00-\u9fff·]{{0,12}}(?:\s+[\u4e00-\u9fff]{{1,4}})*"
    rf"\s*[/|、,，;；]?\s*)+[】\]]?$")
_CREDIT = re.compile(rf"(?:{_CREDIT_LABELS})\s*[:/]")
# one credit alone on its line: a label and personal names only (图:某某调研 is a caption)
_ONE_CREDIT = re.compile(rf"^(?:{_CREDIT_LABELS})\s*[:/]\s*[\u4e00-\u9fff·]{{2,4}}"
                         rf"(?:[ 、][\u4e00-\u9fff·]{{2,4}}){{0,3}}$")
# a lone 编辑:某 ending a government page's body: the site's editor (one at the top, or
# in a credit line, is the article's own)
_LONE_EDITOR = re.compile(r"^[【\[]?\s*编辑\s*:\s*(?:[\u4e00-\u9fff]{2,4}[ 、]?){1,3}"
                          r"\s*[】\]]?$")
_RESPONSIBLE = re.compile(r"^[【\[]?\s*(?:责任编辑|责编)\s*:")  # not 编辑: an author's credit
# The site's own labels (who runs the site), dropped where they end the body by a footer.
_SITE_LABEL = re.compile(r"^(?:主办单位|主办|承办单位|承办|协办单位|主管单位|运行维护单位|运维单位|"
                         r"网站维护|维护单位|技术支持|联系我们)\s*[:]\s*[^。,，;；]{1,40}$")
_GOVERNMENT_HOST = re.compile(r"\.gov(?:\.cn)?(?::\d+)?(?:/|$)|^https?://[^/]*\.gov\.", re.I)
_GOVERNMENT_MARKS = ("网站标识码", "政府信息公开")
_EMPTY_SECTION = re.compile(
    r"^(附件|附件下载|相关附件|相关文章|相关链接|相关阅读|相关文件)\s*[:>]*\s*(?:暂无|无)?$")
TOP_LINES = 3  # the body's first lines, where a lone info line may stand
_BADGE_DAY = re.compile(r"(\d{1,2})$")
_BADGE_MONTH = re.compile(r"((?:19|20)\d{2})\s*[年./-]\s*(\d{1,2})\s*月?$")


def is_government(url: str, page_text: str) -> bool:
    """True for a government portal's page: a ``.gov.cn`` host, or a page that shows a
    网站标识码 (the national standard gives one to government sites only) or 政府信息公开."""
    return bool(_GOVERNMENT_HOST.search(url or "")) or any(
        mark in page_text for mark in _GOVERNMENT_MARKS)


def is_credit(line: str, government: bool = False) -> bool:
    """An editors' credit row: two or more labels of the editorial chain (编辑:某 校对:某),
    or on a government page a lone 责任编辑:某 (the site's editor; a lone 编辑:某 is the
    article's own credit, like 作者:); never one in round brackets (the
    article's own credit line, ``(责任编辑:… / 图片来源:…)``)."""
    if len(line) > 80 or line.startswith("(") or not _CREDITS.match(line):
        return False
    return len(_CREDIT.findall(line)) >= 2 or (government and bool(_RESPONSIBLE.match(line)))


def is_frame(line: str) -> bool:
    """True for a breadcrumb or footer line (never holds document metadata)."""
    return any(p.search(line) for p in _BREADCRUMB) or any(p.search(line) for p in _FOOTER)


def is_chrome(line: str) -> bool:
    """True for a breadcrumb, toggle, counter, share/print/close, QR or footer line."""
    if len(line) > MAX_CHROME_LINE:
        return False
    return any(p.search(line) for p in _PATTERNS) or bool(_BRACKET_ROW.match(line))


def is_info_line(line: str) -> bool:
    """True for the line under a title that holds date, source, counter … labels; a line
    in round brackets is the article's own credit line (``(责任编辑:… / 图片来源:…)``)."""
    if line.startswith("(") and line.endswith(")"):
        return False
    return len(line) <= 120 and len(_INFO_LABELS.findall(line)) >= 2


def is_boilerplate(line: str) -> bool:
    """Chrome or an info line: not part of the body."""
    return is_chrome(line) or is_info_line(line)


def _is_top_info(line: str, title: str) -> bool:
    """A lone info line at the body's top: one date/source label, an unlabelled date
    before a source label (``2021-06-10 17:35 来源:某局``), or the title repeated with a
    date and a label (``标题 2023-08-19 来源:解放日报``)."""
    if _ONE_LABEL.match(line) or _ORIGINAL_TITLE.match(line):
        return True
    dated = leading_date(line)
    if dated and _DATED_LABEL.match(dated[1]):
        return True
    flat = strip_spaces(line)
    return bool(title) and len(flat) <= len(title) + 40 and flat.startswith(title) and (
        find_date(flat[len(title):]) is not None and bool(_INFO_LABELS.search(line)))


def _is_label_row(line: str) -> bool:
    """A table row of metadata labels only (the header of a column-layout 信息公开 table)."""
    cells = [c.strip().rstrip(":") for c in line.split(CELL_SEP)]
    return len(cells) >= 3 and all(c in KNOWN_LABELS for c in cells)


def _date_badge(lines: list[str]) -> tuple[int, str] | None:
    """A date printed as a badge at the body's top: the day on one line, the year and
    month on the next (``21`` / ``2024年02月``) or the other way round. Its first line and
    the date."""
    for i in range(min(TOP_LINES, len(lines) - 1)):
        for day, month in ((lines[i], lines[i + 1]), (lines[i + 1], lines[i])):
            d, m = _BADGE_DAY.match(day.strip()), _BADGE_MONTH.match(month.strip())
            if d and m and 1 <= int(d.group(1)) <= 31:
                return i, f"{m.group(1)}年{m.group(2)}月{d.group(1)}日"
    return None


def _trailing_site_labels(lines: list[str], dropped: list[bool]) -> list[int]:
    """The site-label lines (主办单位:某某) among the body's last lines when only chrome
    and such labels follow them and a footer line (网站标识码, ICP备 …) is among them."""
    j = len(lines) - 1
    while j >= 0 and (dropped[j] or not lines[j].strip() or _SITE_LABEL.match(lines[j])):
        j -= 1
    tail = range(j + 1, len(lines))
    if not any(dropped[k] and is_frame(lines[k]) for k in tail):
        return []
    return [k for k in tail if not dropped[k] and _SITE_LABEL.match(lines[k])]


def _credit_runs(lines: list[str]) -> list[int]:
    """Lines of one editorial credit each (编辑:某 / 审核:某 / 校对:某) two or more in a
    row: the chain printed a label a line."""
    single = [bool(_ONE_CREDIT.match(line)) for line in lines]
    out, k = [], 0
    while k < len(lines):
        end = k
        while end < len(lines) and single[end]:
            end += 1
        if end - k >= 2:
            out.extend(range(k, end))
        k = end + 1
    return out


def drop_boilerplate(text: str, ctx: StepContext | None = None) -> str:
    """Remove boilerplate lines; report them in ``ctx.removed`` (info lines in ``ctx.info``)."""
    title = strip_spaces(ctx.title) if ctx is not None else ""
    government = ctx.government if ctx is not None else False
    lines = text.split("\n")
    dropped = [False] * len(lines)
    label_row = -2
    badge = _date_badge(lines)
    if badge is not None and ctx is not None:
        ctx.info.append(badge[1])
    badge_lines = (badge[0], badge[0] + 1) if badge else ()
    copies = 0  # copies of the title among the lines so far: they do not use up the top
    for i, line in enumerate(lines):
        copies += bool(title) and strip_spaces(line) == title
        if i < TOP_LINES and CELL_SEP in line and _is_label_row(line):
            label_row = i
        info = (is_info_line(line) or (i - copies < TOP_LINES and _is_top_info(line, title))
                or i in (label_row, label_row + 1) or i in badge_lines)
        if info or is_chrome(line) or is_credit(line, government):
            dropped[i] = True
            if ctx is not None:
                ctx.removed.append(line)
                if info:
                    ctx.info.append(line)
    for k in [*_credit_runs(lines), *_trailing_site_labels(lines, dropped)]:
        if dropped[k]:
            continue
        dropped[k] = True
        if ctx is not None:
            ctx.removed.append(lines[k])
    kept = [line for line, gone in zip(lines, dropped, strict=True) if not gone]
    if government and kept and _LONE_EDITOR.match(kept[-1]):  # the site's editor, last
        if ctx is not None:
            ctx.removed.append(kept[-1])
        kept.pop()
    while kept and _EMPTY_SECTION.match(kept[-1]):
        if ctx is not None:
            ctx.removed.append(kept[-1])
        kept.pop()
    return "\n".join(kept)
