"""Liaison forms built with openpyxl, laid out like the seed's 附件2, and the directory they refer to."""

import io

from openpyxl import Workbook

from tests.factories import JurisdictionFactory, UnitFactory

HEADER = ["序号", "姓名", "单位名称", "职务/职称", "手机号", "邮箱"]
TITLE_ROWS = [["活动联络员信息表"], ["填报单位（盖章）："]]
NOTES = [["备注："], ["1.请于 3 月 17 日前，将此表盖章后发送电子版文件和扫描件至邮箱。"]]
# With the two title rows the header is on row 3, so data rows start on row 4.
FIRST_DATA_ROW = 4


def build_sheet(rows, *, title_rows=TITLE_ROWS, header=HEADER, notes=NOTES):
    """The bytes of an .xlsx liaison form: title rows, the header, the data rows, the notes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "联络员信息表"
    for row in [*title_rows, header, *rows, *notes]:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_directory():
    """Two provinces, each with its water department and a city bureau under it.

    Hebei's directory names its water department as the administering office;
    Shanxi's names none yet.
    """
    hebei = JurisdictionFactory(name="河北省水利厅", short_name="河北", code="hebei-directory")
    shanxi = JurisdictionFactory(name="山西省水利厅", short_name="山西", code="shanxi-directory")
    hebei_top = UnitFactory(name="河北省水利厅", jurisdiction=hebei)
    hebei_city = UnitFactory(name="石家庄市水务局", jurisdiction=hebei, parent=hebei_top)
    shanxi_top = UnitFactory(name="山西省水利厅", jurisdiction=shanxi)
    hebei.administering_office = hebei_top
    hebei.save(update_fields=["administering_office"])
    return {
        "hebei": hebei,
        "shanxi": shanxi,
        "hebei_top": hebei_top,
        "hebei_city": hebei_city,
        "shanxi_top": shanxi_top,
    }


GOOD_ROWS = [
    [1, "张伟", "河北省水利厅", "处长", "13812345678", "zhangwei@hebei.example.cn"],
    [2, "李娜", "石家庄市水务局", "科员", "13987654321", "lina@sjz.example.cn"],
]
