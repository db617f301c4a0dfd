"""General rules of Vietnamese administrative prose the task reader follows, each on a sentence of its own shape."""

from __future__ import annotations

from generator.core.model import Registry
from generator.core.names import Names
from generator.importer.clauses import clauses
from generator.importer.extract import Line
from generator.importer.parts import Draft
from generator.importer.prose import read_tasks
from generator.importer.recipients import _recipients


def _tasks(*paragraphs: str) -> list[tuple[str, list[tuple[str, str]]]]:
    lines = [Line(text, f"dòng {n}") for n, text in enumerate(paragraphs, start=1)]
    return [(found.text, [(p.name, p.role) for p in found.people]) for found in read_tasks(lines)]


def test_a_new_subject_after_a_semicolon_begins_a_new_task():
    sentence = (
        "Công an tỉnh bố trí lực lượng kiểm tra, kiểm soát; chỉ đạo Công an các huyện tăng cường tuần tra; "
        "các đơn vị quản lý đường bộ tăng cường công tác tuần đường."
    )
    assert clauses(sentence) == [
        "Công an tỉnh bố trí lực lượng kiểm tra, kiểm soát; chỉ đạo Công an các huyện tăng cường tuần tra",
        "các đơn vị quản lý đường bộ tăng cường công tác tuần đường.",
    ]
    (_, first), (_, second) = _tasks(sentence)
    assert first == [("Công an tỉnh", "lead")] and second == [("các đơn vị quản lý đường bộ", "lead")]


def test_a_list_of_bodies_or_of_grounds_joined_by_semicolons_is_not_cut():
    told = (
        "Chủ tịch UBND tỉnh yêu cầu Giám đốc các sở, Thủ trưởng các ban ngành; các cơ quan Trung ương đóng trên "
        "địa bàn tỉnh tập trung triển khai các nội dung sau:"
    )
    grounds = "Căn cứ Chỉ thị 23/CT-TTg của Thủ tướng; Sở Nội vụ tham mưu dự thảo Chỉ thị."
    assert clauses(told) == [told] and clauses(grounds) == [grounds]


def test_a_lower_case_title_after_an_opening_clause_and_a_list_with_to_chuc_are_one_name():
    ((_, people),) = _tasks(
        "Trên cơ sở Quyết định, thủ trưởng các cơ quan, tổ chức, đơn vị tổ chức triển khai thực hiện khoán kinh phí."
    )
    assert people == [("thủ trưởng các cơ quan, tổ chức, đơn vị", "lead")]


def test_the_enforcement_clause_of_a_decision_is_no_task():
    assert (
        _tasks(
            "Chánh Văn phòng Ủy ban nhân dân tỉnh, Thủ trưởng các sở, ban ngành tỉnh và các tổ chức, cá nhân liên quan "
            "có trách nhiệm thi hành Quyết định này./.",
            "Giám đốc các Sở, Ban, ngành có liên quan căn cứ Quyết định thi hành.",
        )
        == []
    )


def test_a_restated_instruction_is_one_task_in_the_later_words_with_the_earlier_bodies():
    tasks = _tasks(
        "Sở Công thương kính gửi các sở, ngành, xem xét dự thảo và có ý kiến gửi về Sở Công thương để tổng hợp "
        "trình UBND tỉnh trước ngày 03/05/2019.",
        "Do thời gian rất gấp, Sở Công thương đề nghị quý cơ quan sớm có ý kiến bằng văn bản qua thư điện tử "
        "trước ngày 03/5/2019 để tổng hợp trình UBND tỉnh.",
    )
    assert [(text.split(",")[0], people) for text, people in tasks] == [
        ("Do thời gian rất gấp", [("các sở, ngành", "requested")])
    ]


def test_two_like_instructions_to_different_bodies_stay_two():
    tasks = _tasks(
        "Sở Y tế tổ chức kiểm tra, giám sát các cơ sở trên địa bàn.",
        "Sở Giáo dục và Đào tạo tổ chức kiểm tra, giám sát các cơ sở trên địa bàn.",
    )
    assert len(tasks) == 2


def test_a_capitalised_giao_after_the_issuer_is_the_verb_and_a_polite_request_is_a_request():
    ((_, given),) = _tasks("UBND tỉnh Giao Sở Kế hoạch và Đầu tư chủ trì nghiên cứu, giải quyết đề nghị của Công ty.")
    ((_, asked),) = _tasks("Sở Nội vụ trân trọng đề nghị các cơ quan, đơn vị tham gia ý kiến trước ngày 15/4/2023.")
    assert given == [("Sở Kế hoạch và Đầu tư", "lead")] and asked == [("các cơ quan, đơn vị", "requested")]


def test_a_semicolon_inside_the_list_of_whom_a_body_urges_or_before_its_partners_does_not_cut():
    urged = (
        "Sở Tài nguyên và Môi trường đôn đốc các sở, ngành liên quan; UBND thành phố và các huyện khẩn trương "
        "triển khai thực hiện Chỉ thị; tổng hợp số liệu, báo cáo UBND tỉnh trước ngày 29/5/2015."
    )
    partners = "Sở Y tế chủ trì xây dựng kế hoạch; Sở Tài chính, UBND các huyện phối hợp thực hiện."
    assert clauses(urged) == [urged] and clauses(partners) == [partners]
    ((_, people),) = _tasks(partners)
    assert people == [("Sở Y tế", "lead"), ("Sở Tài chính", "cooperating"), ("UBND các huyện", "cooperating")]


def test_a_request_of_the_provincial_committee_to_its_own_bodies_is_a_command_and_of_others_a_request():
    ((_, commanded),) = _tasks(
        "Ngày 25-5, UBND thành phố ban hành văn bản số 2678/UBND-CATP. Trong đó, đề nghị các sở, ban, ngành, "
        "UBND các quận, huyện tăng cường tuyên truyền phòng cháy chữa cháy."
    )
    ((_, front),) = _tasks("UBND tỉnh đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh tuyên truyền, vận động Nhân dân.")
    ((_, asked),) = _tasks("Sở Xây dựng đề nghị UBND các huyện tăng cường phòng, chống đuối nước.")
    assert commanded == [("các sở, ban, ngành", "lead"), ("UBND các quận, huyện", "lead")]
    assert front == [("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "requested")]
    assert asked == [("UBND các huyện", "requested")]


def test_a_new_subject_after_a_condition_clause_begins_a_new_task_with_its_condition():
    sentence = (
        "Đối với các đề án đã gửi Bộ, đề nghị các địa phương tiếp tục hoàn thiện hồ sơ, sau khi Quốc hội thông "
        "qua Nghị quyết sửa đổi, bổ sung, Bộ Nội vụ sẽ chủ trì thực hiện quy trình."
    )
    assert clauses(sentence) == [
        "Đối với các đề án đã gửi Bộ, đề nghị các địa phương tiếp tục hoàn thiện hồ sơ",
        "sau khi Quốc hội thông qua Nghị quyết sửa đổi, bổ sung, Bộ Nội vụ sẽ chủ trì thực hiện quy trình.",
    ]


def test_an_item_is_one_task_over_its_sentences_and_the_paragraphs_that_go_on_with_it():
    lines = [
        Line("Chủ tịch UBND tỉnh yêu cầu Giám đốc các sở thực hiện các nội dung sau:", "dòng 1"),
        Line("1. Tiếp tục quán triệt các chủ trương của Đảng về cải cách hành chính.", "dòng 2"),
        Line("Triển khai công tác cải cách hành chính giai đoạn 2021-2030 thống nhất, đồng bộ.", "dòng 3"),
        Line("2. Rà soát thủ tục hành chính. Căn cứ kết quả này, Chủ tịch UBND tỉnh yêu cầu Gi", "dòng 4"),
    ]
    tasks = [found.text for found in read_tasks(lines)]
    assert tasks == [
        "Tiếp tục quán triệt các chủ trương của Đảng về cải cách hành chính. Triển khai công tác cải cách hành "
        "chính giai đoạn 2021-2030 thống nhất, đồng bộ.",
        "Rà soát thủ tục hành chính. Căn cứ kết quả này, Chủ tịch UBND tỉnh yêu cầu Gi",
    ]


def test_a_paragraph_opening_with_dong_thoi_is_new_work_for_the_bodies_before_it():
    tasks = _tasks(
        "Tổ công tác của Chủ tịch UBND tỉnh đề nghị các cơ quan, đơn vị liên quan khẩn trương rà soát nhiệm vụ.",
        "Đồng thời, thực hiện nghiêm chỉ đạo của Chủ tịch UBND tỉnh tại Công văn số 1907/UBND-KSTT.",
    )
    assert [people for _, people in tasks] == [[("các cơ quan, đơn vị liên quan", "lead")]] * 2


def test_yeu_cau_without_a_body_asks_more_of_the_same_work_and_the_closing_formula_is_no_task():
    ((text, people),) = _tasks(
        "Giao Sở Kế hoạch và Đầu tư chủ trì tham gia ý kiến vào dự thảo Chỉ thị. Yêu cầu hoàn thiện gửi ý kiến "
        "tham gia về Bộ Kế hoạch và Đầu tư trước ngày 28/9/2018.",
        "Căn cứ nội dung này, Chủ tịch UBND tỉnh yêu cầu Giám đốc Sở Kế hoạch và Đầu tư triển khai thực hiện.",
    )
    assert text.endswith("trước ngày 28/9/2018.") and people == [("Sở Kế hoạch và Đầu tư", "lead")]


def test_a_first_word_glued_to_the_next_still_opens_the_letter_after_kinh_gui():
    lines = [
        Line(text, f"dòng {n}")
        for n, text in enumerate(["Kính gửi: BộCông Thương", "", "Xétbáo cáo của Phòng Thương mại (công văn số 1)"])
    ]
    assert _recipients(Draft(), lines, Names(Registry({}, {}), None)) == 2  # the letter starts at "Xétbáo cáo"


def test_the_paragraph_that_sends_the_report_with_its_deadline_belongs_to_the_task():
    ((text, _),) = _tasks(
        "Ủy ban Dân tộc đề nghị UBND các tỉnh xây dựng báo cáo sơ kết về tình hình thực hiện Đề án.",
        "Báo cáo sơ kết đánh giá tình hình, kết quả tổ chức triển khai thực hiện Đề án hỗ trợ hoạt động bình đẳng "
        "giới gửi về Ủy ban Dân tộc trước ngày 15 tháng 5 năm 2021.",
    )
    assert text.endswith("trước ngày 15 tháng 5 năm 2021.")


def test_the_bodies_a_document_is_sent_to_are_no_subject():
    ((_, people),) = _tasks(
        "Trên cơ sở Kế hoạch của tỉnh, UBND tỉnh vừa ban hành văn bản số 4099/UBND-KGVX, gửi Sở Văn hóa, Thể thao "
        "và Du lịch, Sở Ngoại vụ về tham mưu tổ chức chương trình văn hóa.",
        "Theo đó, giao Sở Văn hóa, Thể thao và Du lịch chủ trì tham mưu UBND tỉnh tổ chức chương trình.",
    )
    assert people == [("Sở Văn hóa, Thể thao và Du lịch", "lead")]


def test_a_body_named_by_its_head_after_it_was_named_in_full_is_that_body():
    tasks = _tasks(
        "Công an tỉnh tổ chức vận động người có uy tín theo chức năng, nhiệm vụ được giao. Đối với các địa bàn "
        "trọng điểm, giao Công an chủ trì, xây dựng kế hoạch cụ thể."
    )
    assert [people for _, people in tasks] == [[("Công an tỉnh", "lead")]] * 2


def test_people_named_with_bodies_are_their_own_assignees_and_bare_kinds_cooperate():
    ((_, told),) = _tasks("Yêu cầu các đơn vị chức năng và chủ rừng thực hiện ngay các biện pháp phòng cháy rừng.")
    ((_, partners),) = _tasks(
        "Ban Dân tộc chủ trì, phối hợp với đơn vị, địa phương có liên quan xây dựng kế hoạch thực hiện Đề án."
    )
    assert told == [("các đơn vị chức năng", "lead"), ("chủ rừng", "lead")]
    assert partners == [("Ban Dân tộc", "lead"), ("đơn vị, địa phương có liên quan", "cooperating")]


def test_a_body_that_announces_and_then_asks_gives_the_work_to_those_it_asks():
    ((_, people),) = _tasks(
        "Chi cục Kiểm lâm thông báo cấp dự báo cháy rừng trên địa bàn tỉnh, đề nghị UBND xã, phường, các Công ty "
        "lâm nghiệp quan tâm phối hợp triển khai thực hiện."
    )
    assert ("Chi cục Kiểm lâm", "lead") not in people and ("UBND xã, phường", "requested") in people


def test_cac_to_chuc_is_a_kind_of_body_and_chinh_tri_xa_hoi_is_one_name():
    ((_, people),) = _tasks(
        "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tuyên truyền, vận động."
    )
    assert [name for name, _ in people] == ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "các tổ chức chính trị - xã hội"]


def test_wrapped_text_keeps_a_heading_in_capitals_apart_and_a_range_cut_at_its_dash_together():
    wrapped = [
        "Chủ tịch UBND tỉnh yêu cầu Giám đốc các sở, Chủ tịch UBND các huyện, triển khai việc lập kế hoạch đầu tư",
        "công trung hạn giai đoạn 2021 - 2025, với các nội dung sau:",
        "I. ĐÁNH GIÁ",
        "TÌNH HÌNH THỰC HIỆN KẾ HOẠCH ĐẦU TƯ CÔNG TRUNG HẠN GIAI ĐOẠN 2016-2020",
        "Căn cứ các nghị quyết của HĐND tỉnh về kế hoạch đầu tư công trung hạn giai đoạn 2016",
        "- 2020; tình hình thực hiện kế hoạch năm 2019, yêu cầu các sở, ban, ngành, UBND các huyện khẩn",
        "trương đánh giá tình hình thực hiện kế hoạch đầu tư công trung hạn giai đoạn 2016 - 2020 của",
        "ngành, địa phương mình, trong đó phải chia theo từng nguồn vốn và từng dự án cụ thể của đơn vị",
    ]
    tasks = [text for text, _ in _tasks(*wrapped)]
    assert len(tasks) == 1 and tasks[0].startswith("Căn cứ các nghị quyết") and "2016 - 2020; tình hình" in tasks[0]


def test_a_letter_to_the_prime_minister_that_reports_is_a_report(tmp_path):
    from generator.core.load import load_dataset
    from generator.importer.draft_file import import_directive

    from conftest import REPO

    source = tmp_path / "bc.txt"
    source.write_text(
        "BỘ TÀI CHÍNH\nSố: 14447/BTC-ĐT\nHà Nội, ngày 29 tháng 12 năm 2023\nKính gửi: Thủ tướng Chính phủ.\n"
        "Thực hiện chế độ báo cáo theo quy định, Bộ Tài chính báo cáo tình hình giải ngân vốn như sau:\n"
        "- Thủ tướng Chính phủ giao cho các bộ, cơ quan trung ương và địa phương là 708.252,4 tỷ đồng.\n",
        "utf-8",
    )
    dataset, *_ = load_dataset(REPO)
    assert import_directive(source, tmp_path, dataset.registry).draft.verdict == "report"


def test_the_items_of_a_lead_in_that_states_competences_give_no_work():
    tasks = _tasks(
        "Cụ thể thẩm quyền quyết định khoán kinh phí sử dụng xe ô tô phục vụ công tác chung như sau:",
        "(1) Thủ trưởng các cơ quan, đơn vị cấp tỉnh quyết định khoán kinh phí sử dụng xe ô tô của đơn vị mình.",
        "(2) Chủ tịch Ủy ban nhân dân các huyện quyết định khoán kinh phí sử dụng xe ô tô của cấp huyện.",
        "Sở Tài chính hướng dẫn các cơ quan, đơn vị tổ chức thực hiện Quyết định này.",
    )
    assert [people for _, people in tasks] == [[("Sở Tài chính", "lead")]]


def test_the_committees_office_or_a_named_district_given_work_is_an_assignee():
    ((_, office),) = _tasks("Văn phòng UBND tỉnh theo dõi, đôn đốc các đơn vị thực hiện, báo cáo Chủ tịch UBND tỉnh.")
    ((_, district),) = _tasks("UBND huyện Phong Thổ chủ trì rà soát quỹ đất, báo cáo UBND tỉnh trước ngày 30/6/2025.")
    assert office == [("Văn phòng UBND tỉnh", "lead")] and district == [("UBND huyện Phong Thổ", "lead")]
    assert _tasks("Văn phòng UBND tỉnh thông báo ý kiến chỉ đạo của Chủ tịch UBND tỉnh như sau.") == []


def test_trong_viec_ends_the_name_of_a_partner():
    ((_, people),) = _tasks("Kho bạc Nhà nước tỉnh phối hợp chặt chẽ với Sở Tài chính trong việc giải ngân vốn.")
    assert people == [("Kho bạc Nhà nước tỉnh", "lead"), ("Sở Tài chính", "cooperating")]


def test_words_the_source_glued_together_are_read_apart():
    from generator.importer.bodies import unglue

    assert unglue("GiaoBộ Công Thương chủ trì") == "Giao Bộ Công Thương chủ trì"
    assert unglue("trình Thủ tướng quyết định trong tháng 4 năm2009, ngày 11 tháng 12năm 2008") == (
        "trình Thủ tướng quyết định trong tháng 4 năm 2009, ngày 11 tháng 12 năm 2008"
    )
    # A capital inside a name that is no body's head, and a head at a word's start, are left alone.
    assert unglue("Công ty VinFast; UBND tỉnh; các Sở") == "Công ty VinFast; UBND tỉnh; các Sở"
    glued = "GiaoBộ Công Thương chủ trì, phối hợp với Văn phòng Chính phủ hoàn thiện dự thảo."
    assert _tasks(glued) == []  # the verb glued to the body hides both
    ((_, people),) = _tasks(unglue(glued))
    assert ("Bộ Công Thương", "lead") in people


def test_a_text_that_asks_for_a_report_is_no_report():
    from generator.importer.header import _is_report

    due = "Báo cáo hoàn thành gửi về UBND tỉnh trước ngày 05/6/2017."  # a line that opens like a report's title
    asking = [
        "UBND tỉnh yêu cầu báo cáo kết quả thực hiện ý kiến kiến nghị của cử tri",
        "Chủ tịch UBND tỉnh yêu cầu lãnh đạo các sở, ban, ngành tổng hợp kết quả.",
        "UBND tỉnh giao trách nhiệm Sở Nội vụ đôn đốc, tổng hợp.",
    ]
    reporting = ["BÁO CÁO", "Kết quả thực hiện nhiệm vụ năm 2024", "Năm 2024, Sở đã hoàn thành 12 nhiệm vụ."]
    lines = lambda texts: [Line(t, f"dòng {n}") for n, t in enumerate(texts, 1)]  # noqa: E731
    for ask in asking:
        assert not _is_report(Draft(), lines([ask, due])), ask
    assert _is_report(Draft(), lines([due]))
    assert _is_report(Draft(), lines(reporting))


def test_a_radio_and_television_station_keeps_the_dash_of_its_name():
    (_, station), (_, health) = _tasks(
        "Đài truyền thanh - truyền hình các huyện, thị xã xây dựng chương trình tuyên truyền; "
        "Sở Y tế - cơ quan thường trực tổng hợp."
    )
    assert station == [("Đài truyền thanh - truyền hình các huyện, thị xã", "lead")]
    assert health == [("Sở Y tế", "lead")]  # a dash before what explains the name still ends it


def test_a_body_named_again_among_the_partners_is_listed_once_in_its_first_role():
    ((_, people),) = _tasks(
        "Bộ Nông nghiệp và Phát triển nông thôn đề nghị UBND các tỉnh, thành phố trực thuộc trung ương; Thủ trưởng "
        "các cơ quan, đơn vị liên quan thuộc Bộ phối hợp tổ chức thực hiện công tác phòng, chống chuột hiệu quả."
    )
    names = [name for name, _role in people]
    assert len(names) == len(set(names)) and len(names) >= 2


def test_the_press_that_reported_is_no_assignee():
    found = _tasks(
        'Thông tấn xã Việt Nam ngày 09 tháng 11 năm 2011, có bài: "Chưa được cấp phép đã ngang nhiên khai phá rừng".',
        "Phó Thủ tướng yêu cầu Bộ Nông nghiệp và Phát triển nông thôn kiểm tra, làm rõ những vấn đề báo nêu.",
    )
    assert [people for _text, people in found] == [[("Bộ Nông nghiệp và Phát triển nông thôn", "lead")]]


def test_an_office_conveying_its_chairmans_opinion_asks_in_the_chairmans_voice():
    tasks = _tasks(
        "Văn phòng UBND tỉnh truyền đạt ý kiến của đồng chí Nguyễn Văn A, Chủ tịch UBND tỉnh về việc tổ chức hội "
        "nghị tổng kết năm.",
        "Đề nghị UBND huyện Tam Đường chủ trì tổ chức hội nghị bảo đảm tiết kiệm.",
    )
    assert [people for _, people in tasks] == [[("UBND huyện Tam Đường", "lead")]]


def test_kinds_listed_after_a_lone_cac_so_are_one_group():
    ((_, people),) = _tasks("UBND tỉnh yêu cầu các Sở, Ban, ngành tỉnh; UBND các huyện rà soát danh mục dự án.")
    assert people == [("các Sở, Ban, ngành tỉnh", "lead"), ("UBND các huyện", "lead")]


def test_a_body_asks_its_own_units_as_their_head():
    ((_, people),) = _tasks(
        "Chi cục Thú y đề nghị Trạm Thú y các huyện, các đơn vị thuộc Chi cục và UBND các xã tăng cường giám sát dịch "
        "bệnh."
    )
    assert people == [
        ("Trạm Thú y các huyện", "lead"),
        ("các đơn vị thuộc Chi cục", "lead"),
        ("UBND các xã", "requested"),
    ]


def test_a_connective_before_a_verb_goes_on_with_the_bodies_before():
    tasks = _tasks(
        "Sở Văn hóa và Thể thao tuyên truyền về Ngày Gia đình Việt Nam.",
        "Ngoài ra, vận động các doanh nghiệp, các hội tham gia hưởng ứng.",
    )
    assert [people for _, people in tasks] == [[("Sở Văn hóa và Thể thao", "lead")]] * 2


def test_the_dash_between_two_levels_of_committee_is_inside_the_name():
    ((_, people),) = _tasks("Giao Sở Y tế chủ trì, phối hợp với Ủy ban nhân dân xã - phường rà soát các hộ nghèo.")
    assert people == [("Sở Y tế", "lead"), ("Ủy ban nhân dân xã - phường", "cooperating")]


def test_a_full_stop_typed_inside_the_list_of_partners_does_not_end_the_task():
    ((text, people),) = _tasks(
        "Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính, Sở Tư pháp. Ban Dân tộc và UBND các huyện căn cứ "
        "hướng dẫn của Bộ triển khai thực hiện."
    )
    assert text.endswith("triển khai thực hiện.")
    assert people == [
        ("Sở Nội vụ", "lead"),
        ("Sở Tài chính", "cooperating"),
        ("Sở Tư pháp", "cooperating"),
        ("Ban Dân tộc", "cooperating"),
        ("UBND các huyện", "cooperating"),
    ]


def test_a_permission_is_a_task_only_when_a_deadline_comes_with_it():
    given = _tasks(
        "Đồng ý để Công ty Cổ phần Xây dựng Bình Minh thực hiện khảo sát mỏ đá tại xã Nậm Tăm.",
        "Thời hạn thực hiện và báo cáo kết quả về UBND tỉnh không quá 3 tháng kể từ ngày ký văn bản này.",
    )
    assert [people for _, people in given] == [[("Công ty Cổ phần Xây dựng Bình Minh", "lead")]]
    assert given[0][0].endswith("kể từ ngày ký văn bản này.")
    assert _tasks("Đồng ý để Công ty Cổ phần Xây dựng Bình Minh thực hiện khảo sát mỏ đá tại xã Nậm Tăm.") == []
    ((text, _),) = _tasks("1. Sở Y tế tổ chức tập huấn trước ngày 15/5/2025. Đồng ý kinh phí theo đề xuất của Sở.")
    assert text == "Sở Y tế tổ chức tập huấn trước ngày 15/5/2025."  # an answer given beside the work is not it


def test_giao_trach_nhiem_cho_gives_the_work_and_lien_minh_and_mttq_are_bodies():
    ((_, people),) = _tasks(
        "UBND tỉnh giao trách nhiệm cho Sở Công Thương chủ trì, phối hợp với Liên minh Hợp tác xã tỉnh tổ chức hội chợ."
    )
    assert people == [("Sở Công Thương", "lead"), ("Liên minh Hợp tác xã tỉnh", "cooperating")]
    ((_, asked),) = _tasks("UBND huyện đề nghị UB.MTTQVN huyện, Chủ tịch UBND các xã tổ chức ra quân.")
    assert asked == [("UB.MTTQVN huyện", "requested"), ("Chủ tịch UBND các xã", "lead")]


def test_a_body_addressed_as_quy_is_asked():
    ((_, people),) = _tasks("Quý Cơ quan, đơn vị có ý kiến xin gửi về Sở Tư pháp trước ngày 10/3/2025.")
    assert people == [("Quý Cơ quan, đơn vị", "requested")]


def test_the_items_under_a_lead_in_that_asks_are_asked_and_an_item_of_time_completes_the_one_above():
    tasks = _tasks(
        "Sở Xây dựng đề nghị các đơn vị thực hiện các nội dung sau:",
        "1. Các Sở, Ban, Ngành tỉnh, UBND các huyện: Góp ý dự thảo Quy chế gửi Sở Xây dựng.",
        "2. Thời gian góp ý: chậm nhất ngày 20/6/2025.",
    )
    ((text, people),) = tasks
    assert people == [("Các Sở, Ban, Ngành tỉnh", "requested"), ("UBND các huyện", "requested")]
    assert text.endswith("chậm nhất ngày 20/6/2025.")


def test_an_earlier_assignment_named_as_a_subject_is_no_new_one():
    assert (
        _tasks("Thực hiện chỉ đạo của UBND tỉnh về việc giao Sở Y tế xây dựng đề án, Sở Y tế đã dự thảo đề án.") == []
    )


def test_what_a_body_sends_others_to_do_after_a_purpose_is_asked_of_them():
    ((_, people),) = _tasks(
        "Để có cơ sở tổng hợp, trình UBND tỉnh ban hành; Sở Nội vụ gửi đến các cơ quan, đơn vị tham gia góp ý dự thảo."
    )
    assert people == [("các cơ quan, đơn vị", "requested")]


def test_a_portals_tag_before_the_sentence_is_not_its_subject():
    ((_, people),) = _tasks("(binhdinh.gov.vn) Theo Công văn số 12/UBND, UBND tỉnh đề nghị Sở Y tế kiểm tra.")
    assert people == [("Sở Y tế", "lead")]


def test_the_comments_sent_back_by_a_date_complete_the_request_before():
    ((text, people),) = _tasks(
        "Sở Tư pháp đề nghị các sở, ngành tham gia góp ý dự thảo Quy chế. Các ý kiến góp ý gửi về Sở Tư pháp trước "
        "ngày 12 tháng 9 năm 2025 để tổng hợp, trình UBND tỉnh xem xét, quyết định."
    )
    assert people == [("các sở, ngành", "requested")] and "trước ngày 12 tháng 9 năm 2025" in text


def test_long_grounds_before_the_work_are_not_the_tasks_text_and_short_ones_stay():
    grounds = "; ".join(
        f"của Ủy ban nhân dân tỉnh {name} tại văn bản số {n}/UBND-KT ngày 0{n} tháng 5 năm 2024 về việc hỗ trợ vốn"
        for n, name in enumerate(("Hà Giang", "Trà Vinh", "Bình Định", "Sơn La"), start=1)
    )
    work = "Phó Thủ tướng Lê Văn B giao Bộ Tài chính xem xét, xử lý theo thẩm quyền."
    ((text, people),) = _tasks(f"Xét đề nghị {grounds}, {work}")
    assert text == work and people == [("Bộ Tài chính", "lead")]
    short = "Xét đề nghị của Sở Nội vụ, UBND tỉnh giao Sở Tài chính bố trí kinh phí."
    assert [t for t, _ in _tasks(short)] == [short]
