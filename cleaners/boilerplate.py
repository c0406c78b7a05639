"""Drop site chrome that the extractor lets through (one line at a time)."""

from __future__ import annotations

import re

from .steps import StepContext

__all__ = ["drop_boilerplate", "is_boilerplate", "is_chrome", "is_frame", "is_info_line"]

_NAV_WORDS = (
    "首页|打印|打印本页|打印此页|关闭|关闭窗口|关闭本页|返回顶部|返回|收藏|分享|分享到|"
    "微信|微博|QQ空间|无障碍浏览|无障碍|繁体版|简体版|繁體版|移动版|登录|注册|网站地图|"
    "上一篇|下一篇|相关链接|相关附件|相关文章|相关阅读|相关新闻|相关稿件|附件下载|字体|字号|"
    "大|中|小|默认|放大|缩小|【|】|\\[|\\]|\\||>|/|:|-|视力保护色|背景色"
)
_BREADCRUMB = [
    re.compile(r"^(您)?(当前|现在|所在|目前)?(的)?(所在)?位置\s*[:>]"),
    re.compile(r"^(您当前所在位置|当前位置|您的位置|你的位置|您當前所在位置|當前位置)"),
    re.compile(r"^首页\s*[>›»/]"),
]
_FOOTER = [
    re.compile(r"ICP\s*备|网站标识码|公网安备|版权所有|技术支持\s*[:]|Copyright|©|建议使用.{0,20}浏览器"),
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
]
# An info line: two or more of these labels on one short line.
_INFO_LABELS = re.compile(
    r"(发布时间|发布日期|来源|信息来源|作者|浏览次数|浏览量|访问次数|阅读次数|点击数|字体|字号|"
    r"责任编辑|编辑|时间)\s*[:]"
)


def is_frame(line: str) -> bool:
    """True for a breadcrumb or footer line (never holds document metadata)."""
    return any(p.search(line) for p in _BREADCRUMB) or any(p.search(line) for p in _FOOTER)


def is_chrome(line: str) -> bool:
    """True for a breadcrumb, toggle, counter, share/print/close, QR or footer line."""
    return any(p.search(line) for p in _PATTERNS)


def is_info_line(line: str) -> bool:
    """True for the line under a title that holds date, source, counter … labels."""
    return len(line) <= 120 and len(_INFO_LABELS.findall(line)) >= 2


def is_boilerplate(line: str) -> bool:
    """Chrome or an info line: not part of the body."""
    return is_chrome(line) or is_info_line(line)


def drop_boilerplate(text: str, ctx: StepContext | None = None) -> str:
    """Remove boilerplate lines; report them in ``ctx.removed``."""
    kept = []
    for line in text.split("\n"):
        if is_boilerplate(line):
            if ctx is not None:
                ctx.removed.append(line)
        else:
            kept.append(line)
    return "\n".join(kept)
