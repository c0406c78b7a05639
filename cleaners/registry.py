"""The declared order of the cleaning steps, and the cleaner version derived from it."""

from __future__ import annotations

from .adverts import cut_firm_adverts
from .bios import drop_injected_bios
from .boilerplate import drop_boilerplate
from .chinese import to_simplified
from .citations import drop_citation_marks
from .endorsements import cut_title_stacks
from .html import drop_invisible, inline_script_writes
from .images import join_image_splits
from .infoblock import take_info_block
from .kinship import cut_kinship_items
from .linkspam import drop_link_spam
from .menus import drop_link_blocks
from .normalise import collapse_whitespace, fold_width, join_cells
from .paragraphs import drop_duplicate_blocks, drop_title_repeat, join_broken_lines
from .performers import cut_promo_clauses
from .spam import drop_gambling_spam
from .steps import Step, cleaner_version
from .summaries import drop_summary_table
from .twins import cut_twin_differences
from .widgets import drop_form_widgets

__all__ = ["BODY_STEPS", "CLEANER_VERSION", "RULES", "STEPS", "TEXT_STEPS", "TREE_STEPS"]

# Bump a step's version whenever its output can change for some input.
STEPS: tuple[Step, ...] = (
    Step("drop_invisible", 2, drop_invisible, "tree"),  # 2: no double report of nested hidden
    Step("inline_script_writes", 1, inline_script_writes, "tree"),
    # on the located body; 2: 发布: is a metadata label (a widget's climb stops at it)
    Step("drop_form_widgets", 2, drop_form_widgets, "body"),
    # a flat body's menu, page actions, related-article boxes
    Step("drop_link_blocks", 1, drop_link_blocks, "body"),
    Step("join_image_splits", 1, join_image_splits, "body"),  # a picture inside a sentence
    Step("drop_citation_marks", 1, drop_citation_marks, "body"),  # <sup>[1]</sup>
    # 2: registrable domains, state and party media, services and files, named sources, <p> level
    Step("drop_link_spam", 2, drop_link_spam, "body"),  # …。<a href=off-site>name</a>
    Step("collapse_whitespace", 1, collapse_whitespace, "text"),
    Step("fold_width", 1, fold_width, "text"),
    # 2: on a Simplified page, a paragraph in Traditional is converted on its own
    Step("to_simplified", 2, to_simplified, "text"),
    # 2: 公开分类/公开类别 are catalogue labels
    Step("take_info_block", 2, take_info_block, "text"),
    Step("drop_summary_table", 1, drop_summary_table, "text"),  # a platform's 公告概要
    # 2: 【…】 rows, top info lines; 3: prev/next links, player controls, date badges;
    # 4: editors' credit rows, site labels ending the body, 版权所有 only as a footer states it
    # 5: an unlabelled date opening a top info line (2021-06-10 17:35 来源:某局)
    # 6: a lone 编辑:某 ending a government page's body, a forum's moderation stamp
    # 7: slash credits, credit lines, 原标题, topic links, pagers, 阅读原文
    # 8: 回到顶部; copies of the title do not use up the top lines an info line may open
    # 9: an outbound link's leave-site prompt (您访问的链接即将离开“某某”门户网站 是否继续?)
    Step("drop_boilerplate", 9, drop_boilerplate, "text"),
    # 2: hidden copies; 3: four-character names of two surnames (persons.name_at)
    # 4: trade titles (高级技师, 全国劳动模范) parse as titles; 5: a 兼 between two bodies'
    # titles, planners (规划师, 策划人) parse as titles; 6: 及/暨 as 兼, 经济 no trigger
    # 7: the endorsement score of cut_title_stacks 11
    Step("cut_twin_differences", 7, cut_twin_differences, "text"),
    Step("drop_gambling_spam", 2, drop_gambling_spam, "text"),  # 2: link lists, adverts
    # 2: panel forms, bios, intros; 3: roster outliers, person labels (讲解员), a block ends
    # where the article resumes, off-topic promotions; 4: person headings (学生代表:) over a CV
    # 5: four-character names of two surnames (persons.name_at); 6: trade titles parse
    # 7: others' stacks no CV; 8: the line under a bare panel header is a member with one
    # cue, 股东/总裁 are cues; 9: bullets (◎●) open a panel header, 主持 a group noun, a
    # person heading after 附: or in 【】, 男/女 after a leading name, 《work》入选 a cue
    # 10: a panel's members and a run of CVs: each after the first needs one cue
    # 11: a CV going on in a paragraph that opens with 他/她/其 goes with it (the name may
    # occur there); a colon after a leading name (某某:某协会会员)
    # 12: a member's endorsing titles right after the name; a …风采 heading announces CVs
    # 13: the title grammar of cut_title_stacks 12 (投资人, 达人, 学家; 某某先生 is a name);
    # a CV going on in a paragraph that opens with the name (某某先生…), also under a heading
    # 14: a panel header opening a sentence inside a paragraph takes the paragraph's rest;
    # a CV appended to a genuine paragraph (a private body's officer, two cues) goes
    # 15: also one opening with the name (某某,毕业于…,现任某公司总经理。); a CV whose person
    # is named elsewhere only after endorsing titles; 被誉为 a cue; 特邀主讲: a person heading
    # 16: the title grammar of cut_title_stacks 15
    # 17: a CV appended as a clause inside a sentence (…,某某毕业于…,现任某公司总经理…)
    # 18: a CV sentence whose person is spliced in after a clause of the article's own
    # (…获得特等奖,<titles + name>获评…,其余…) loses that clause only
    # 19: a clause going on with the person's act (,并为获奖学生颁奖) goes with that clause
    Step("drop_injected_bios", 19, drop_injected_bios, "text"),
    # 2: affiliations, lineage and contest titles, garbled items, 邀请了, label colons, list ends
    # 3: an owner or lineage item among a list of officials
    # 4: an owner among public bodies named alone; names of two surnames; A、B和<span>
    # 5: a selling run spliced among a worker's trade titles goes alone (lexicon.TRADES)
    # 6: native places (…教授，某省某市人某某), names that open a title (谷|客座教授),
    # forms of address (某某教授) not a splice cue
    # 7: shared predicates, 还有; 8: 股东/总裁 count as biography cues (tablerows)
    # 9: a 兼 between two bodies' titles joins a stack; planners (规划师, 策划人) parse
    # 10: 及/暨 join two bodies' titles as 兼 does; 经济/经营 … open no stack (民营经济研究会)
    # 11: an alias weighs one and a half; an owner's run spliced into an official's stack
    # 12: name-first stacks (某某——titles), a sentence thanking a sponsor's boss, a private
    # body's head among officials or unnamed groups, a guest's lone predicate goes along;
    # a nickname with the real name in brackets, a caption about the span, sponsor credits;
    # half a cue each for fame in a title (知名博主) and a worldwide association (国际…协会)
    # 13: 理事长 (a post by its body), leading verbs after a name (领衔, 牵头); a private
    # body's officer lecturing; a long clause before the span keeps its comma; a list's
    # first item after its verb, or one before 、 after a comma, takes the 、
    # 14: chairing a meeting as lecturing; 单位… opens no name; a sentence inviting the span
    # goes whole; a credit naming public bodies keeps them; a list before the span shares
    # 15: a 和/与 after a place name is inside a body's name; a person among bodies named
    # alone, a firm's officer in a presenter's slot (讲解员<span>); 由<span>等; 联合 follows
    # 16: a guest label before the span goes with it (,特邀嘉宾<span>先后发表讲话)
    # 17: a group named with 等 ends a stack; a lecture clause goes with its lecturer
    # 18: what a cut speaker says goes with the span where it is theirs (cleaners.quotes);
    # the comma before a span that is one more subject of a list (A、B,<span>参加会见)
    # 19: a cut speaker's praise in quotes (<span>评价说:“…”) goes with the sentence
    # 20: a quote goes only when it opens its sentence (市长某某说:“…” is the mayor's); praise
    # ends at the quote; a firm's trade words are no praise of it; the comma before one more
    # subject only after a list of short noun items
    Step("cut_title_stacks", 20, cut_title_stacks, "text"),
    # 2: labelled guests, 代表作《》; 3-9: the title grammar of cut_title_stacks 9, 10, 13-17
    Step("cut_promo_clauses", 9, cut_promo_clauses, "text"),
    # 2: a firm with its boss in brackets in a list; a place in brackets inside a firm's
    # name; orders, a prescribed product, 登录…平台 as cues; brackets kept whole in clauses
    # 3: one cue must be strong (self-praise alone is news); banks, utilities, carriers and
    # state investment firms are left out; a firm's pupil and a prescribed product are strong
    # 4: a role for the organisers (承办, 运营, 开发的) and a public-interest service (法律援助)
    # discount contact and invitation; 首选, 热销, 优惠, 收费 and a pupil put forward are weak;
    # a closing quote stays with its sentence; table rows and a list's first item are left;
    # a sentence left with only an adverbial goes whole
    # 5: an adverbial lead of up to ten characters before 上/中/期间 (园区首批签约企业中)
    Step("cut_firm_adverts", 5, cut_firm_adverts, "text"),
    Step("cut_kinship_items", 9, cut_kinship_items, "text"),  # 2-9: stacks 9, 10, 12-17
    Step("drop_duplicate_blocks", 1, drop_duplicate_blocks, "text"),
    # 3: a run of clauses is prose; 4: a bracket or quote left open is closed on the next line
    Step("join_broken_lines", 4, join_broken_lines, "text"),
    # 2: a footnote marker after it; 3: a second copy right after the first
    # 4: the second copy right after a first one that opens on a later line; a module's
    # caption (信息详情) right before the copy
    Step("drop_title_repeat", 4, drop_title_repeat, "text"),
    Step("join_cells", 1, join_cells, "text"),
)
TREE_STEPS = tuple(s for s in STEPS if s.on == "tree")
BODY_STEPS = tuple(s for s in STEPS if s.on == "body")
TEXT_STEPS = tuple(s for s in STEPS if s.on == "text")
# The rules that write the metadata block (kind line, five keys, title), and the body
# location (cleaners.locate, cleaners.posts), shape every document, whatever the steps
# did: bump one and every document is re-cleaned.
RULES: dict[str, int] = {
    "locate_body": 5,  # 2: a readers' comment section beside the article is not widened
    #                    into (1: every body location before this entry existed)
    #                    3: a lead in a block or two of its own before it, past wrappers
    #                    4: narrowed to the child holding its prose when the rest is links
    #                    5: or when the rest has no prose and a good share of links
    "decide_kind": 4,  # 2: a column named for both families defers to the addressee lines
    #                    3: 案由/事由 only as a label at a line start (not 赛事由…主办)
    #                    4: a meeting on the handling work (…办理工作督办会) is a summary
    "article_title": 4,  # 2: the heading next to the body; menus and breadcrumbs are none;
    #                      a subtitle under the heading, outside the body, opens the body
    #                      3: a title split over two headings or two lines is joined
    #                      4: a heading that is the browser title's site part is none
    "read_fields": 8,  # 2: a date after a source value, under an empty non-date label, in a
    #                    badge; a font-size label glued to a value ends it
    #                    3: 发布: as a date label, catalogue blocks taken out of the body
    #                    4: a source value cut with an ellipsis is completed from the
    #                    ContentSource/source meta that starts with it (meta normalised)
    #                    5: a date glued to the label after it (2021年06月10日来源:某局)
    #                    6: 公开分类 is a label; a 简体/繁體 toggle run into a value ends it
    #                    7: a lone 简体 after a bar too
    #                    8: a time in Chinese units glued to the label after it (08时45分来源:)
}
CLEANER_VERSION = cleaner_version(STEPS, RULES)
