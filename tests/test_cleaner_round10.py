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


# -- second batch: the misses of ``gov23`` and ``gov24`` -------------------------------------


def test_a_stop_word_opens_no_name():
    line = "各乡镇分管负责人、应急办主任,县安委会有关成员单位分管负责人参加会议。"
    assert cut_title_stacks(line) == line  # 成员 + 单位分管 is no title and name


def test_a_firms_manager_chairing_a_public_meeting_is_cut_an_association_on_topic_stays():
    out, removed = cut("县应急管理局局长方某东出席会议并讲话。"
                       "某某建材有限公司总经理蔡某伟主持会议。")
    assert removed == ["某某建材有限公司总经理蔡某伟"]
    assert "蔡某伟" not in out
    on_topic = ("市工商联主席方某东出席会议并讲话。市青年企业家商会会长蔡某伟主持会议。"
                "市青年企业家商会成立于2015年。")
    assert cut_title_stacks(on_topic) == on_topic


def test_a_name_led_cv_appended_to_a_quote_goes():
    quote = "“我们将持续推动明厨亮灶全覆盖。”县市场监管局副局长陈某远表示。"
    cv = "苏某铭,毕业于某大学食品科学专业,现任某某餐饮管理有限公司总经理。"
    out, removed = bios(f"{quote}{cv}\n下一步将加强日常监管。")
    assert out == f"{quote}\n下一步将加强日常监管。"
    assert removed == [cv]
    teacher = f"{quote}苏某铭,毕业于某师范大学,现任县实验小学教师。"
    assert bios(teacher)[0] == teacher  # no private body's post: the paragraph rules decide
    named = f"{quote}{cv}\n苏某铭介绍了食堂管理经验。"
    assert bios(named)[0] == named


def test_a_cv_whose_person_is_named_elsewhere_only_in_an_endorsing_stack_goes_with_it():
    visit = ("街道党工委书记张某华、街道办事处主任李某,某某慈善促进会荣誉会长、某某置业有限公司"
             "董事长韩某丰带领社区工作人员走访了困难家庭。")
    cv = "韩某丰,1968年出生于某省某县,长期热心公益事业,被誉为“爱心企业家”。"
    text = f"{visit}\n活动共走访32户。\n{cv}"
    step1, removed = bios(text)
    assert removed == [cv]
    out, _ = cut(step1)
    assert out == ("街道党工委书记张某华、街道办事处主任李某带领社区工作人员走访了困难家庭。\n"
                   "活动共走访32户。")
    official = ("区民政局局长韩某丰带领社区工作人员走访了困难家庭。\n"
                "韩某丰,1968年出生于某省某县,被誉为“爱心局长”。")
    assert bios(official)[0] == official  # the other mention is an official's


def test_a_sentence_inviting_the_span_goes_whole():
    out, _ = cut("副局长莫某华出席签约仪式。签约仪式特邀顾问、某某文化传媒有限公司艺术总监、"
                 "著名书法家邓某源(笔名邓某峰)到场见证签约并题赠墨宝。")
    assert out == "副局长莫某华出席签约仪式。"


def test_a_guest_lecturer_heading_over_a_cv_goes_with_it():
    line = ("特邀主讲:甘某成,1969年出生于某省某市,毕业于某农业学校,现任某某生物科技有限公司"
            "董事长,被誉为“矮砧苹果第一人”。")
    out, removed = bios(f"三、主讲人\n某农业大学教授李某平。\n{line}\n四、报名方式")
    assert out == "三、主讲人\n某农业大学教授李某平。\n四、报名方式"
    assert removed == [line]


def test_a_credit_naming_public_bodies_keeps_them():
    out, removed = cut("协办单位:市交通运输局、市自然资源局、某某物流集团有限公司董事长、"
                       "某某现代物流协会常务副会长贺某良")
    assert out == "协办单位:市交通运输局、市自然资源局"
    assert removed == ["、某某物流集团有限公司董事长、某某现代物流协会常务副会长贺某良"]
    sponsor = "图文支持:某某文化传播有限公司总经理刘某某"
    assert cut(sponsor) == ("", [sponsor])


def test_a_layout_table_taken_with_menus_and_related_links_yields_the_article_only():
    prose = ["12月26日下午,由区图书馆主办的公益捐书活动在某镇举行。副局长沈某怡出席活动。",
             "活动现场,区图书馆向6个村级农家书屋捐赠新书3600册,并授牌服务点。",
             "下一步,区图书馆将继续完善总分馆服务体系,推动阅读资源向农村延伸。"]
    related = "".join(f'<li><a href="./t2024{k:04d}.html">关于开展第{k}批专项工作的通知</a>'
                      f"<span>2024-03-0{k}</span></li>" for k in range(1, 10))
    page = f"""<html><head><meta charset="utf-8"></head><body><form id="form1">
<div class="menu"><ul><li><a href="/">首页</a></li><li><a href="/c1/">政务公开</a></li>
<li><a href="/c2/">政务服务</a></li><li><a href="/c3/">互动交流</a></li></ul></div>
<table><tr><td>您现在的位置:<a href="/">首页</a> &gt;&gt; <a href="/l">馆内动态</a></td></tr>
<tr><td class="newstitle">公益捐书活动在某镇举行</td></tr>
<tr><td class="newsinfo">发布时间:2023-12-28 来源:某区图书馆</td></tr>
<tr><td class="newscontent">{"".join(f"<p>{p}</p>" for p in prose)}</td></tr></table>
<div class="xglj"><div class="tit">相关链接</div><ul>{related}</ul></div>
<div class="footer"><p>版权所有:某区图书馆</p></div></form></body></html>"""
    doc = clean_page(page.encode(), GOV_ARTICLE_URL)
    body = doc.text.split("\n")[7:]
    assert body == prose


# -- third batch: the misses of ``gov25`` and ``gov26`` --------------------------------------


def test_a_conjunction_inside_a_bodys_name_starts_no_stack():
    stack = "某某水务科技有限公司首席技术顾问、中国小水电与农村水利联合会特聘专家柏某祥"
    out, removed = cut(f"我局会同县财政局、{stack}、县应急管理局开展了安全鉴定。")
    assert out == "我局会同县财政局、县应急管理局开展了安全鉴定。"
    assert removed == [f"{stack}、"]
    out, _ = cut("我局组织医保部门负责人和山西和康健康管理有限公司总经理、省健康服务业促进会副会长"
                 "乔某海(本名乔某林)召开座谈会。")
    assert out == "我局组织医保部门负责人召开座谈会。"
    plain = "会议由张某明与某某公司董事长李某华共同主持。李某华介绍了项目情况。"
    assert cut_title_stacks(plain) == plain


def test_a_person_among_bodies_named_alone_is_cut():
    line = ("2024年5月,由市总工会、市人力资源和社会保障局、某某人力资源服务集团董事长杜某皓"
            "联合主办竞赛。")
    out, removed = cut(line)
    assert out == "2024年5月,由市总工会、市人力资源和社会保障局联合主办竞赛。"
    assert removed == ["、某某人力资源服务集团董事长杜某皓"]
    bodies = "2024年5月,由市总工会、市人力资源和社会保障局、某某人力资源服务集团联合主办竞赛。"
    assert cut_title_stacks(bodies) == bodies  # a firm among bodies is a co-organiser


def test_a_firms_officer_in_a_presenters_slot_is_cut():
    out, removed = cut("在龙母祖庙,讲解员肇庆市某某文化传播有限公司经理谭某航结合砖雕"
                       "讲述了龙母文化。")
    assert out == "在龙母祖庙,讲解员结合砖雕讲述了龙母文化。"
    assert removed == ["肇庆市某某文化传播有限公司经理谭某航"]
    guide = "在龙母祖庙,讲解员谭某航结合砖雕讲述了龙母文化。"
    assert cut_title_stacks(guide) == guide


def test_the_only_member_named_after_you_takes_its_deng():
    out, _ = cut("评委组由某某文化传媒有限公司总经理、某某舞蹈家协会理事覃某梅等5名"
                 "文艺工作者组成。")
    assert out == "评委组由5名文艺工作者组成。"


def test_a_lone_script_toggle_after_a_bar_ends_the_source():
    info = ("<div class='info'><span>发布日期:2024-07-15</span><span>来源:某某市交通运输局</span>"
            "<span><a href='javascript:;'>简体</a>|<a href='javascript:;'>繁體</a></span></div>")
    body = info + "".join(f"<p>{p}</p>" for p in [PROSE * 3, PROSE * 2])
    doc = clean_page(gov_article(body, "关于某某建议的答复").encode(), GOV_ARTICLE_URL)
    assert doc.sidecar["metadata"]["发布机构"] == "某某市交通运输局"


def test_a_logo_heading_naming_the_site_is_no_title():
    prose = ["9月10日至11日,某州第八届残疾人职业技能竞赛在某市举行,136名选手参加比赛。",
             "本届竞赛设置扎染、木雕、电子商务等5个比赛项目,既突出民族传统技艺,又兼顾新业态。",
             "州残联相关负责人表示,下一步将推荐优秀选手参加全省竞赛,帮助更多残疾人稳定就业。"]
    related = "".join(f'<li><a href="/art/{k}.html">关于开展第{k}批专项工作的通知</a>'
                      f"<span>2024-09-12</span></li>" for k in range(1, 10))
    page = f"""<html><head><meta charset="utf-8">
<title>某州残疾人职业技能竞赛圆满落幕_某某自治州残疾人联合会</title></head><body>
<div class="header"><h1>某某自治州残疾人联合会</h1></div>
<div class="main"><form><div class="article">
<h1 class="arti_title">某州残疾人职业技能竞赛圆满落幕</h1>
<div class="label"><span>发布日期:2024-09-12</span></div>
<div id="vsb_content">{"".join(f"<p>{p}</p>" for p in prose)}</div></div></form>
<div class="share"><a href="javascript:;">微信</a><a href="javascript:;">微博</a></div>
<div class="related"><div class="tit">相关链接</div><ul>{related}</ul></div></div>
<div class="footer"><p>版权所有:某某自治州残疾人联合会</p></div></body></html>"""
    doc = clean_page(page.encode(), GOV_ARTICLE_URL)
    assert doc.sidecar["title"] == "某州残疾人职业技能竞赛圆满落幕"
    assert doc.text.split("\n")[7:] == prose


# -- fourth batch: the misses of ``gov27`` and ``gov28`` -------------------------------------


def test_a_guest_label_before_the_span_goes_with_it():
    out, removed = cut("副区长高某军,区人大常委会副主任赵某萍,特邀嘉宾某某环境科技有限公司董事长、"
                       "某某环卫保洁行业协会名誉会长白某飞先后发表讲话。")
    assert out == "副区长高某军,区人大常委会副主任赵某萍先后发表讲话。"
    assert removed[0].startswith(",特邀嘉宾")
    guest = "特邀嘉宾、市文联主席白某飞出席活动。"
    assert cut_title_stacks(guest) == guest


def test_a_biography_clause_inside_a_sentence_goes():
    clause = ",黎某琪毕业于某师范大学播音专业,现任某某文化传媒有限公司总经理,被誉为“椰城金话筒”"
    opening = "活动在社区党委副书记符某燕的主持下拉开帷幕"
    out, removed = bios(f"{opening}{clause}。民警讲解了防溺水守则。")
    assert out == "活动在社区党委副书记符某燕的主持下拉开帷幕。民警讲解了防溺水守则。"
    assert removed == [clause]
    named = f"活动在社区党委副书记符某燕的主持下拉开帷幕{clause}。黎某琪主持了互动环节。"
    assert bios(named)[0] == named
    teacher = "活动由社区主持,王某华毕业于某师范大学,现任县实验小学教师,讲解了安全知识。"
    assert bios(teacher)[0] == teacher  # no private body's post


def test_an_info_table_and_related_links_beside_the_article_stay_out():
    prose = ["一、搭建企业法律服务平台。我局在区政务服务中心设立服务站,为企业提供法律咨询。",
             "二、开展法治体检专项行动。组织律师深入园区,为156家民营企业开展法治体检。",
             "感谢您对我区司法行政工作的关心和支持。"]
    related = "".join(f'<li><a href="../202405/{k}.html">关于开展第{k}批专项工作的通知</a>'
                      f"<span>2024-04-0{k}</span></li>" for k in range(1, 9))
    page = f"""<html><head><meta charset="utf-8"><title>关于某某提案的答复_某区司法局</title></head>
<body><div class="content">
<div class="position"><a href="/">首页</a> &gt; <a href="/x">答复</a></div>
<div class="xxgk_table"><span>索引号:000014349/2024-00312</span><span>发布机构:某区司法局</span>
<span>发布日期:2024-06-18</span></div>
<div class="article"><h1>关于某某提案的答复</h1>{"".join(f"<p>{p}</p>" for p in prose)}</div>
<div class="share-bar"><a href="javascript:;">微信</a><a href="javascript:;">微博</a></div>
<div class="related"><h3>相关链接</h3><ul>{related}</ul></div></div>
<div class="footer">版权所有:某区司法局</div></body></html>"""
    doc = clean_page(page.encode(), GOV_ARTICLE_URL)
    assert doc.text.split("\n")[7:] == prose
    assert doc.sidecar["metadata"]["发布机构"] == "某区司法局"
