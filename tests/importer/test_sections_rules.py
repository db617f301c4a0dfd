"""A plan's numbered sections: a heading that is itself a whole instruction is a task, its bodies cut at the verb."""

from __future__ import annotations

from generator.core.load import load_dataset
from generator.importer.draft_file import import_directive

from conftest import REPO

PLAN = """ỦY BAN NHÂN DÂN
TỈNH KON TUM
Số: 123/KH-UBND
Kon Tum, ngày 10 tháng 3 năm 2025
KẾ HOẠCH
Triển khai công tác phòng, chống dịch bệnh năm 2025
II. TỔ CHỨC THỰC HIỆN
1. Sở Y tế:
- Chủ trì, phối hợp với các đơn vị liên quan xây dựng phương án phòng, chống dịch trước ngày 30/4/2025.
- Định kỳ hằng quý báo cáo UBND tỉnh kết quả thực hiện.
2. UBND các huyện, thành phố:
- Xây dựng kế hoạch của địa phương, gửi Sở Y tế trước ngày 15/4/2025.
- Chỉ đạo Trạm Y tế các xã tăng cường giám sát.
3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh phối hợp tuyên truyền, vận động Nhân dân.
Nơi nhận:
- Bộ Y tế;
"""


def test_a_numbered_request_without_bullets_is_a_task_of_the_bodies_it_asks(tmp_path):
    source = tmp_path / "kh.txt"
    source.write_text(PLAN, "utf-8")
    dataset, *_ = load_dataset(REPO)
    draft = import_directive(source, tmp_path, dataset.registry, "Kon Tum").draft
    last = draft.sections[-1]
    assert [(a.text, a.role) for a in last.assignees] == [("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "requested")]
    assert [t.text for t in last.tasks] == [
        "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh phối hợp tuyên truyền, vận động Nhân dân."
    ]
