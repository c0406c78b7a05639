"""Curated lexicons of the titles that people carry in Chinese text, each entry justified.

Used by the title-stack grammar (:mod:`cleaners.persons`). A title is ``[organisation]
role``; what a role signals decides whether a ``titles + name`` span may be an injected
endorsement (a private person advertised inside official news) or must stay (an official).

* ``COMMERCIAL_STRONG``: owners and sole directors of private firms. Official news names
  the firm (or its chairman when the firm is the subject); a sole director, legal person
  or founder of a small company cited by name is the usual shape of a paid insertion.
* ``COMMERCIAL``: managers of firms. Common in genuine business news, so weak alone.
* ``HONORIFIC``: honours and designations that private bodies award (often for a fee) and
  that self-promoting biographies list. Official reports do not decorate people this way.
* ``MEMBERSHIP``: membership of associations or parties, which is no post; in official news
  a person is named by post, not by membership.
* ``ASSOCIATION_POST``: posts in an association (会长; 主席, 秘书长 … of a 协会): genuine
  local news reports the heads of recognised associations, so they weigh half, like a
  firm's manager.
* ``OFFICIAL``: posts of government, party, NPC, CPPCC and public bodies. A span holding one
  is never cut (precision first).
* ``NEUTRAL``: professional and academic titles (教授, 工程师 …): they parse as titles but
  signal nothing either way.
* ``TRADES``: a worker's own state-certified vocational grades, professional titles and
  state honours (高级技师, 高级工程师, 全国劳动模范 …): official news introduces model
  workers and craftsmen by them, and no one sells them. A stack holding one is a genuine
  person's; only a commercial span spliced among them may be cut, never the name.
* ``AMBIGUOUS``: posts that exist in government and in associations alike (主席, 主任 …):
  the organisation they follow decides (``OFFICIAL_ORG`` / ``ASSOCIATION_ORG`` /
  ``COMMERCIAL_ORG`` markers).
"""

from __future__ import annotations

__all__ = [
    "AMBIGUOUS",
    "ASSOCIATION_ORG",
    "ASSOCIATION_POST",
    "COMMERCIAL",
    "COMMERCIAL_ORG",
    "COMMERCIAL_STRONG",
    "GROUP_NOUNS",
    "HONORIFIC",
    "MEMBERSHIP",
    "NEUTRAL",
    "OFFICIAL",
    "OFFICIAL_BY_DEFAULT",
    "OFFICIAL_ORG",
    "OFFICIAL_ORG_ENDINGS",
    "PLACE_STARTS",
    "PRESENTER_SLOTS",
    "SURNAMES",
    "TRADES",
]

COMMERCIAL_STRONG: dict[str, str] = {
    "执行董事": "sole director of a limited company that has no board: a small private firm",
    "法定代表人": "the registered legal person of a firm: its owner, not a spokesman",
    "法人代表": "colloquial for the registered legal person of a firm",
    "法人": "colloquial for the registered legal person of a firm",
    "联合创始人": "co-founder of a private firm: the owner promoting it",
    "创始人": "founder of a private firm or brand: the owner promoting it",
    "创办人": "founder of a private firm or school",
    "事业合伙人": "a franchise partner of a brand: a sales role",
    "合伙人": "partner in a private firm or franchise: a sales role",
    "实际控制人": "controlling owner of a firm",
    "发起人": "initiator of a private venture or network: its promoter",
    "主理人": "owner-operator of a studio or shop",
    "股东": "shareholder: owner of a private firm",
    "投资人": "a private investor (知名投资人): the capital side of a firm, promoting it",
}

COMMERCIAL: dict[str, str] = {
    "副董事长": "vice chairman of a firm's board",
    "董事长": "chairman of a firm's board: quoted in genuine business news too",
    "董事": "board member of a firm",
    "副总经理": "deputy general manager of a firm",
    "总经理": "general manager of a firm: quoted in genuine business news too",
    "副总裁": "vice president of a firm",
    "总裁": "president of a firm",
    "首席执行官": "chief executive of a firm",
    "CEO": "chief executive of a firm",
    "总监": "director of a department of a firm",
    "经理": "manager in a firm",
    "店长": "manager of a shop",
    "监事": "supervisor on a firm's board",
}

HONORIFIC: dict[str, str] = {
    "终身客座教授": "an honorary chair for life, awarded by private bodies",
    "客座教授": "an honorary chair, the most common bought title in injected biographies",
    "荣誉教授": "an honorary chair",
    "名誉教授": "an honorary chair",
    "特约嘉宾": "a guest label that organisers of commercial events hand out",
    "签约艺术家": "an artist under contract with a gallery or broadcaster: a sales label",
    "签约画家": "a painter under contract with a gallery: a sales label",
    "签约书法家": "a calligrapher under contract with a gallery: a sales label",
    "一级美术师": "a rank that private art bodies confer and biographies list",
    "二级美术师": "a rank that private art bodies confer and biographies list",
    "美术师": "an art rank listed in artists' self-promotion",
    "书法师": "a calligraphy 'rank' (一级书法师) that private art bodies confer: the state's "
              "职称 for artists is 美术师, there is no state 书法师",
    "健康管理师": "a commercial certificate (health manager) listed as a title",
    "设计师": "a commercial designer's certificate listed as a title",
    "艺术家": "self-description of artists in promotional biographies",
    "书法家": "self-description of calligraphers in promotional biographies",
    "画家": "self-description of painters in promotional biographies",
    "收藏家": "self-description of collectors in promotional biographies",
    "形象大使": "an endorsement role",
    "推广大使": "an endorsement role",
    "文化大使": "an endorsement role awarded by private bodies",
    "代言人": "an endorsement role",
    "人才": "designations such as 全国…应用人才 that private bodies certify",
    "大师": "designations such as 工艺美术大师 awarded by private bodies",
    "传承人": "heritage-bearer designations listed in promotional biographies",
    "特邀讲师": "a guest-lecturer label handed out by organisers and training firms",
    "培训师": "a commercial trainer's certificate listed as a title",
    "彩妆师": "a beauty trade certificate listed as a title",
    "造型师": "a beauty trade certificate listed as a title",
    "化妆师": "a beauty trade certificate listed as a title",
    "美容师": "a beauty trade certificate listed as a title",
    "咨询师": "a commercial counselling certificate listed as a title",
    "定妆师": "a beauty trade certificate listed as a title",
    "管理顾问": "a commercial consultant's self-description",
    "智库专家": "a think-tank label that private bodies confer",
    "特聘专家": "a guest-expert label organisers and associations hand out",
    "特聘顾问": "an adviser label associations and firms hand out",
    "达人": "an influencer label (公益达人, 网络达人): self-promotion, no post",
    "网红": "an influencer label: self-promotion, no post",
    "传人": "a lineage claim (某派第三代传人) of promotional biographies; the state's heritage "
            "bearers are named 代表性传承人",
    "弟子": "a lineage claim (某大师入室/关门/再传弟子) that art-market biographies make; "
            "official news introduces people by post, never as someone's disciple",
}

MEMBERSHIP: dict[str, str] = {
    "会员": "membership of an association: no post",
    "常务理事": "a seat on an association's council",
    "理事": "a seat on an association's council",
    "荣誉会长": "an honorary association post",
    "名誉会长": "an honorary association post",
    "荣誉主席": "an honorary association post",
    "名誉主席": "an honorary association post",
    "荣誉副主席": "an honorary association post",
    "党员": "membership of a party: no post",
    "成员": "membership of a body: no post",
}

ASSOCIATION_POST: dict[str, str] = {
    "会长": "head of an association or chamber of commerce: a post genuine news reports "
            "(市书法家协会会长…), and one self-promoters list: weak alone",
    "副会长": "deputy head of an association: weak alone, as 会长",
}

OFFICIAL: tuple[str, ...] = (
    "副委员长", "委员长", "副省长", "省长", "副市长", "市长", "副区长", "区长", "副县长", "县长",
    "副州长", "州长", "副镇长", "镇长", "乡长", "村长", "副书记", "书记", "常委", "副部长", "部长",
    "副厅长", "厅长", "副局长", "局长", "副处长", "处长", "副科长", "科长", "司长", "署长",
    "巡视员", "调研员", "检察长", "庭长", "主委", "副主委", "负责同志",
    "同志", "干部", "总理", "副总理", "国务委员", "参赞", "领事", "所长",
    "大队长", "支队长", "站长", "党组成员", "组长", "副组长",
)

NEUTRAL: tuple[str, ...] = (
    "博士生导师", "教授", "副教授", "研究员", "副研究员", "博士", "院士", "主任医师", "医师",
    "工程师", "教师", "老师", "记者", "编辑", "主持人", "律师", "作家", "专家",
    "学者", "导师", "讲师", "校长", "副校长", "馆长", "教练", "运动员", "选手", "志愿者",
    "顾问", "歌手", "演员", "制片人", "导演", "编剧", "主演", "模特", "主播", "博主", "主编",
    # planners: a registered 城乡规划师 is a state qualification, an 升学规划师 or a 活动策划人
    # a trade; either way a profession, read so that the stack around it is seen
    "规划师", "策划师", "策划人",
    # placings in a contest (某大赛冠军): genuine sports news names champions so, and
    # promotional biographies list them; the grammar must read them to see the stack
    "冠军", "亚军", "季军",
    # a discipline (经济学家, 教育战略学家): a description, read so that a stack starting
    # with it is seen whole
    "学家",
    # a veteran party member (社区老党员): how community news introduces its elders, not
    # a membership an endorser lists (those read 中共党员, 某协会会员)
    "老党员",
)

ADDRESS_FORMS: dict[str, str] = {
    # written after a name as the way to address the person (叶某教授, 王某先生): the
    # name running into one of these is ordinary prose, not a name spliced into a phrase
    "教授": "a professor addressed by title (张某教授)",
    "副教授": "as 教授",
    "博士": "a doctor addressed by degree",
    "院士": "an academician addressed by rank",
    "研究员": "a research fellow addressed by rank",
    "老师": "a teacher addressed as such",
    "先生": "Mr, the polite form after a name",
    "女士": "Ms, the polite form after a name",
    "同志": "comrade, the official form after a name",
}

TRADES: dict[str, str] = {
    # vocational skill grades the state's 职业技能等级 system certifies (人社部 scheme)
    "特级技师": "the grade above 高级技师 in the state's eight-grade vocational scale",
    "首席技师": "a skilled-worker post that enterprises and governments appoint under the "
                "state's 技能人才 scheme",
    "高级技师": "the top grade (一级) of the state's vocational qualifications",
    "技师": "grade two (二级) of the state's vocational qualifications",
    # professional titles (职称) that state review boards confer
    "正高级工程师": "the highest engineering 职称 the state's review boards confer",
    "高级工程师": "an engineering 职称 the state's review boards confer",
    "高级农艺师": "an agronomy 职称 the state's review boards confer",
    "高级经济师": "an economics 职称 the state's review boards confer",
    # honours that the State Council, governments, the ACFTU or the ACWF confer
    "劳动模范": "the honour governments confer (全国劳动模范: the State Council's)",
    "劳模": "colloquial short form of 劳动模范",
    "技术能手": "the honour the ministry of human resources (全国) or a province confers",
    "五一劳动奖章获得者": "the ACFTU's labour medal",
    "三八红旗手": "the ACWF's honour for women workers",
    "大国工匠": "the ACFTU's yearly craftsman honour",
}

AMBIGUOUS: tuple[str, ...] = (
    "副主席", "主席", "秘书长", "副秘书长", "副主任", "主任", "委员", "副院长", "院长",
    "代表", "负责人员", "负责人", "工作人员", "大使", "社长", "副社长",
    # the head of a council: of an association, a foundation or an alliance (post in it),
    # or of a people's body such as the Red Cross (official by its organisation)
    "理事长", "副理事长",
)
# Ambiguous posts that are official when no organisation says otherwise (有关负责人 of the
# body the article is about); the others are then neutral (代表队, 企业代表).
OFFICIAL_BY_DEFAULT = frozenset({"负责人员", "负责人", "工作人员"})

# Unnamed groups that stand as list items (部分干部职工, 有关负责同志, 学生及家长): a
# list of them names nobody, so one named person among them stands out.
GROUP_NOUNS: tuple[str, ...] = (
    "同志", "负责人", "职工", "干部", "人员", "代表", "群众", "居民", "村民", "市民", "爱好者",
    "家长", "学生", "师生", "志愿者", "党员", "员工",
)

# Organisation markers (substrings of the text before a role).
OFFICIAL_ORG: tuple[str, ...] = (
    "人民政府", "政府", "人大", "常委会", "政协", "党委", "党组", "纪委", "监委", "省委", "市委",
    "区委", "县委", "州委", "中央", "国务院", "办公室", "办公厅", "法院", "检察院", "公安",
    "街道", "管委会", "居委会", "村委会", "民进", "民革", "民盟", "民建", "农工党", "致公党",
    "九三学社", "台盟", "工商联", "总工会", "共青团", "团委", "妇联", "残联", "发展和改革",
    "卫生健康", "教育厅", "教育局", "统计局", "委员会办公室", "驻",
)
OFFICIAL_ORG_ENDINGS: tuple[str, ...] = ("局", "厅", "部", "委", "办", "署", "院", "所", "处")
ASSOCIATION_ORG: tuple[str, ...] = (
    "协会", "学会", "研究会", "促进会", "联合会", "联盟", "商会", "基金会", "组委会",
    "艺术委员会", "专业委员会", "书画院", "画院", "俱乐部", "联谊会", "艺术团", "研究院",
    "工会委员会", "频道", "画报社",
)
COMMERCIAL_ORG: tuple[str, ...] = (
    "公司", "集团", "企业", "品牌", "工作室", "商行", "商务", "传媒", "科技", "文化传播",
    "事务所", "门店",
)

# A presenter's slot a person fills (讲解员<titles>某某, 评委<titles>某某): a title stack
# starts after it, and a firm's officer in it presents where an official or scholar would.
PRESENTER_SLOTS: tuple[str, ...] = ("讲解员", "讲解人", "解说员", "主讲人", "评委")

# How a body's name starts: a province-level division, or a national prefix (中国小水电与
# 农村水利联合会, 山西和康健康管理有限公司): a 和/与 right after one is inside the name.
PLACE_STARTS: tuple[str, ...] = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州",
    "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港",
    "澳门", "中国", "中华", "全国", "国际",
)

# Common single-character surnames (the frequent entries of the 百家姓) and the common
# compound ones: a personal name starts with one of them.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程阎"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥"
    "南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支"
    "卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印"
    "逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
) | frozenset({"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐",
               "夏侯", "长孙", "宇文", "司徒", "西门", "南宫", "端木", "独孤"})
