"""Tenth-round signals, from the misses of three blind synthetic sets (``gov20``–``gov22``)
and made-up sentences only: a council's head (理事长), a leading verb after a name (领衔),
a private body's officer lecturing, a CV appended to a genuine paragraph, a panel header
inside a paragraph, the separators a cut leaves, a catalogue label and a script toggle in
the metadata, a meeting on the handling work. Every sentence is made up, each rule with
what must stay."""

from __future__ import annotations

from cleaners import clean_page
from cleaners.endorsements import cut_title_stacks
from cleaners.kind import SUMMARY, decide_kind

from .helpers import GOV_ARTICLE_URL, bios, cut, gov_article

# -- the title grammar -----------------------------------------------------------------------


def test_a_council_head_of_an_alliance_is_a_post_in_it():
    line = ("评估显示七成楼栋可直接加装。据青禾建材贸易有限公司董事长、某省绿色建材产业联盟"
            "副理事长郑某川介绍,其余楼栋可同步加固。")
    out, removed = cut(line)
    assert out == "评估显示七成楼栋可直接加装。据介绍,其余楼栋可同步加固。"
    assert removed == ["青禾建材贸易有限公司董事长、某省绿色建材产业联盟副理事长郑某川"]
    red_cross = "市红十字会理事长郑某川出席捐赠仪式并讲话。"
    assert cut_title_stacks(red_cross) == red_cross  # a people's body, one title


def test_a_name_before_a_leading_verb_is_read():
    line = "项目由远岫文化传播有限公司董事长、某某民间艺术协会副会长韩某舟领衔,共设三个展区。"
    out, _ = cut(line)
    assert out == "项目由领衔,共设三个展区。"  # (cutting only the span, as the gold does)
    named = "项目由区文化馆馆长韩某舟领衔,共设三个展区。韩某舟介绍了展区设计。"
    assert cut_title_stacks(named) == named


# -- a private body's officer lecturing -------------------------------------------------------


def test_a_firms_manager_giving_the_lecture_of_a_training_is_cut():
    line = ("开班仪式后,启明智联管理咨询有限公司总经理吕某涛围绕《优化营商环境条例》作专题辅导。"
            "县司法局相关科室负责同志分别进行了授课。")
    out, removed = cut(line)
    assert out == ("开班仪式后,围绕《优化营商环境条例》作专题辅导。"
                   "县司法局相关科室负责同志分别进行了授课。")
    assert removed == ["启明智联管理咨询有限公司总经理吕某涛"]


def test_a_lawyer_a_professor_or_a_founder_sharing_experience_stays():
    lawyer = "开班仪式后,某某律师事务所主任吕某涛作《民法典》专题讲座。"
    assert cut_title_stacks(lawyer) == lawyer  # 普法 lectures are given by lawyers
    professor = "开班仪式后,某某大学教授吕某涛作专题讲座。"
    assert cut_title_stacks(professor) == professor
    sharing = "交流会上,某某电子商务有限公司总经理吕某涛作创业经验分享。"
    assert cut_title_stacks(sharing) == sharing  # no lecture: a peer's experience
    named = ("开班仪式后,启明智联管理咨询有限公司总经理吕某涛作专题辅导。"
             "吕某涛结合企业案例解读了政策。")
    assert cut_title_stacks(named) == named  # named again: the article is about the talk


# -- the separators a cut leaves ------------------------------------------------------------


def test_a_clause_of_its_own_or_a_time_before_the_span_keeps_its_comma():
    stack = "某某养生文化发展有限公司董事长、某某传统养生促进会副会长邵某平"
    out, _ = cut(f"2024年5月,我委举办基层适宜技术培训班,{stack}作开班专题讲座,共培训200人次。")
    assert out == "2024年5月,我委举办基层适宜技术培训班,作开班专题讲座,共培训200人次。"
    out, _ = cut(f"本次培训为期两天。培训首日,{stack}作专题讲座。")
    assert out == "本次培训为期两天。培训首日,作专题讲座。"
    out, _ = cut(f"专家团队,{stack}针对难点作了分析。")  # a short noun subject: the comma goes
    assert out == "专家团队针对难点作了分析。"


def test_a_lists_first_item_takes_its_enumeration_comma():
    stack = "某某冰雪文化传播有限公司执行董事、某省冰雪产业协会理事曹某山(原名曹某)"
    out, _ = cut(f"我局会同{stack}、市交通运输局等部门召开推进会。")
    assert out == "我局会同市交通运输局等部门召开推进会。"
    out, _ = cut(f"随后,{stack}、非遗传承人陆某华现场演示了技艺。")
    assert out == "随后,非遗传承人陆某华现场演示了技艺。"


# -- biographies inside a paragraph ---------------------------------------------------------

PROSE = "三是加强人才培养。联合职业技术学院开设研修班4期,培训骨干220人次。"


def test_a_biography_appended_to_a_genuine_paragraph_goes():
    cv = ("其中根艺工坊由青峦木作艺术品有限公司董事长柏某衡领衔,柏某衡毕业于某美术学院,"
          "被誉为“根艺奇才”。")
    out, removed = bios(f"我局高度重视。\n{PROSE}{cv}\n下一步将继续支持。")
    assert out == f"我局高度重视。\n{PROSE}\n下一步将继续支持。"
    assert removed == [cv]


def test_an_appended_sentence_about_someone_named_elsewhere_or_an_official_stays():
    cv = "其中根艺工坊由青峦木作艺术品有限公司董事长柏某衡领衔,柏某衡毕业于某美术学院。"
    named = f"{PROSE}{cv}\n柏某衡表示将带动更多农户。"
    assert bios(named)[0] == named
    on_topic = f"{PROSE}{cv}\n青峦木作艺术品有限公司已吸纳就业120人。"
    assert bios(on_topic)[0] == on_topic  # the firm is what the reply is about
    official = f"{PROSE}其中工坊由县文广旅体局局长柏某衡牵头,柏某衡毕业于某美术学院。"
    assert bios(official)[0] == official
    one_cue = f"{PROSE}其中工坊由青峦木作艺术品有限公司董事长柏某衡领衔。"
    assert bios(one_cue)[0] == one_cue  # a post and no biography: the stack rules decide


def test_a_panel_header_opening_a_sentence_inside_a_paragraph_takes_the_rest():
    panel = ("关于企业代表:褚某岚,1978年生,毕业于某中医药大学,现任某某康养产业集团董事长,"
             "被誉为“山区康养探路人”。")
    out, removed = bios(f"会议要求,各地要加快养老服务网络建设。{panel}\n会议还通报了进展。")
    assert out == "会议要求,各地要加快养老服务网络建设。\n会议还通报了进展。"
    assert removed == [panel]
    prose = "会议要求,各地要加快网络建设。关于资金保障,市财政将安排专项资金。"
    assert bios(prose)[0] == prose  # 关于 opening an ordinary sentence


# -- metadata and kind ----------------------------------------------------------------------


def test_a_catalogue_row_with_a_publication_class_label_reads_cleanly():
    table = ("<table class='xxgk'><tr><td>索引号:</td><td>430700-0012/2024-00786</td>"
             "<td>公开分类:</td><td>建议提案办理</td></tr><tr><td>发布机构:</td>"
             "<td>某某市教育局</td><td>成文日期:</td><td>2024-07-02</td></tr></table>")
    body = table + "".join(f"<p>{p}</p>" for p in [PROSE * 3, PROSE * 2])
    doc = clean_page(gov_article(body, "关于某某建议的答复").encode(), GOV_ARTICLE_URL)
    meta = doc.sidecar["metadata"]
    assert meta["索引号"] == "430700-0012/2024-00786"
    assert meta["发布机构"] == "某某市教育局"


def test_a_script_toggle_run_into_the_source_value_ends_it():
    info = ("<div class='info'><span>发布时间:2023-09-21</span><span>来源:某某区经济促进局</span>"
            "<span><a href='javascript:void(0)'>简体</a>/<a href='javascript:void(0)'>繁體</a>"
            "</span></div>")
    body = info + "".join(f"<p>{p}</p>" for p in [PROSE * 3, PROSE * 2])
    doc = clean_page(gov_article(body, "某某区召开项目签约会").encode(), GOV_ARTICLE_URL)
    assert doc.sidecar["metadata"]["发布机构"] == "某某区经济促进局"


def test_a_meeting_on_the_handling_work_is_a_summary():
    body = "6月20日,某某厅召开人大代表建议、政协委员提案办理工作督办会,通报办理情况。"
    assert decide_kind("某某厅召开2024年建议提案办理工作督办会", body, "建议提案") == SUMMARY
    reply = "某某代表:您提出的关于加快公路建设的建议收悉,现答复如下。"
    assert decide_kind("对市人大十届三次会议第12号建议的答复", reply, "建议提案") != SUMMARY
