"""The columns of a table of tasks as plans name them, and its deadline cells read as the prose would read them."""

from __future__ import annotations

from generator.importer.tables import header, row


def test_thoi_gian_thuc_hien_is_the_deadline_column_not_the_lead():
    columns = header("TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện")
    assert columns == {"task": 1, "lead": 2, "cooperating": 3, "when": 4}
    columns = header("STT | Nội dung công việc | Đơn vị thực hiện | Thời gian thực hiện")
    assert columns == {"task": 1, "lead": 2, "when": 3}


def test_a_year_alone_in_the_deadline_column_is_within_that_year():
    columns = {"task": 1, "lead": 2, "when": 3}
    found = row("1 | Xây dựng cơ sở dữ liệu đất đai | Sở Tài nguyên và Môi trường | 2026", "dòng 2", columns)
    assert found is not None and found.when == "trong năm 2026" and found.lead == ["Sở Tài nguyên và Môi trường"]


def test_a_table_of_a_word_file_is_read_row_by_row(tmp_path):
    from docx import Document

    from generator.importer.extract import extract

    document = Document()
    document.add_paragraph("PHỤ LỤC: NHIỆM VỤ CỤ THỂ")
    table = document.add_table(rows=2, cols=4)
    rows = [
        ("Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"),
        ("Rà soát quy chế phối hợp", "Sở Tư pháp", "Sở Nội vụ", "Quý III/2025"),
    ]
    for table_row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(table_row.cells, texts, strict=True):
            cell.text = text
    target = tmp_path / "bang.docx"
    document.save(str(target))
    texts = [line.text for line in extract(target).lines]
    assert "Rà soát quy chế phối hợp | Sở Tư pháp | Sở Nội vụ | Quý III/2025" in texts
    assert header(texts[texts.index("Rà soát quy chế phối hợp | Sở Tư pháp | Sở Nội vụ | Quý III/2025") - 1])
