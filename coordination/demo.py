"""Demo data of the coordination app: Bắc Giang's directive documents, coordination agreements and inspections as the
2019 five-year review (the seed report, sections 1, 2.2 and 2.3) tells them.

For Bắc Giang and the period 15/08/2014 – 30/09/2019 every figure equals the seed: 66 agreements in force on
30/09/2019 (22 signed by the provincial police with the Fatherland Front, the departments and the mass
organisations; 44 by the district police and commune police with units of their district), 115 inspections of units
by the district steering committees and 353 by the standing agency (the provincial police). Expired and replaced
agreements, one ending on the last day and one signed the day after, inter-agency inspections and inspections a day
outside the period show the counting rules at work; the first and last days of the period count. The documents are
those the seed names (numbers, dates, issuers and subjects as it writes them); agreements and inspections cite them,
and so do the other demo registries' certification decisions, pilot models and commendations when they are loaded.
Agreement numbers, dates and the findings of inspections are invented. Seeded by `make run` only; production
settings refuse it."""

import datetime
import random

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from antqcore.demo import DEMO_DATE, PROVINCE_CODE
from antqcore.models import Area
from antqcore.selectors import area_q, area_resolve
from antqcore.stats import figures_compute
from units.models import Unit, UnitKind

from .models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Document,
    DocumentCitation,
    DocumentType,
    InspectingBody,
    Inspection,
    PoliceSide,
)

D = datetime.date
# Yên Dũng (221) was merged into Bắc Giang city in 2024 and Thị xã Chũ (224) made out of Lục Ngạn: a map without
# 2019's history has the latter and not the former. The demo takes whichever the map has on 30/09/2019, and puts
# Yên Dũng's documents in the city when Yên Dũng is not there.
YEN_DUNG, CHU, CITY = "221", "224", "213"
PERIOD_START = D(2014, 8, 15)
BEFORE_PERIOD = PERIOD_START - datetime.timedelta(days=1)
AFTER_PERIOD = DEMO_DATE + datetime.timedelta(days=1)
SEED = {"total": 66, "provincial_police": 22, "local_police": 44}
SEED_INSPECTIONS = {"district_committees": 115, "standing_agency": 353}
INTER_AGENCY = 38
PROVINCIAL_POLICE = "Công an tỉnh Bắc Giang"

T = DocumentType
# (type, number and symbol, date of issue, issuer, subject, area code of the issuer: "24" for central and
# provincial documents).
DOCUMENTS = [
    (T.DIRECTIVE, "07/CT-BCA-V28", D(2014, 8, 15), "Bộ Công an",
     "Đẩy mạnh phong trào toàn dân bảo vệ an ninh Tổ quốc trong cơ quan, doanh nghiệp, nhà trường đáp ứng yêu cầu, "
     "nhiệm vụ bảo đảm an ninh, trật tự trong tình hình mới", "24"),
    (T.DISPATCH, "1010/UBND-NC", D(2018, 4, 4), "Chủ tịch UBND tỉnh Bắc Giang",
     "Đẩy mạnh công tác xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc trong cơ quan, doanh nghiệp, nhà trường",
     "24"),
    (T.GUIDANCE, "24/HD-HĐTĐKT", D(2018, 9, 25), "Hội đồng Thi đua - Khen thưởng tỉnh Bắc Giang",
     "Khen thưởng trong phong trào toàn dân bảo vệ an ninh Tổ quốc trên địa bàn tỉnh", "24"),
    (T.PROGRAMME, "01/CTr-CA-MTTQ", D(2014, 1, 8), "Công an tỉnh Bắc Giang - Ủy ban MTTQ Việt Nam tỉnh Bắc Giang",
     "Chương trình phối hợp giữa Ủy ban MTTQ tỉnh và các tổ chức thành viên với Công an tỉnh về “Đẩy mạnh phong "
     "trào toàn dân bảo vệ ANTT trong tình hình mới”", "24"),
    (T.REGULATION, "03/QC-BCA-BYT", D(2013, 9, 26), "Bộ Công an - Bộ Y tế",
     "Quy chế phối hợp giữa Bộ Công an và Bộ Y tế về công tác bảo đảm ANTT trong lĩnh vực y tế", "24"),
    (T.CIRCULAR, "06/2015/TTLT/BCA-BGDĐT", D(2015, 8, 28), "Bộ Công an - Bộ Giáo dục và Đào tạo",
     "Phối hợp thực hiện nhiệm vụ bảo vệ an ninh quốc gia và bảo đảm trật tự an toàn xã hội, đấu tranh phòng chống "
     "tội phạm, vi phạm pháp luật khác trong ngành giáo dục", "24"),
    (T.REGULATION, "03/QCPH-BCA-TLĐLĐ", D(2017, 9, 12), "Bộ Công an - Tổng Liên đoàn Lao động Việt Nam",
     "Quy chế phối hợp giữa Bộ Công an với Tổng Liên đoàn Lao động Việt Nam trong công tác bảo đảm ANTT", "24"),
    (T.RESOLUTION, "03/2010/NQLT", D(2010, 6, 24), "Bộ Công an - Trung ương Đoàn TNCS Hồ Chí Minh",
     "Phối hợp hành động phòng, chống ma túy trong thanh thiếu niên", "24"),
    (T.DECREE, "06/2013/NĐ-CP", D(2013, 1, 9), "Chính phủ", "Quy định về bảo vệ cơ quan, doanh nghiệp", "24"),
    (T.CIRCULAR, "23/2012/TT-BCA", D(2012, 4, 27), "Bộ Công an",
     "Quy định về khu dân cư, xã, phường, thị trấn, cơ quan, doanh nghiệp, nhà trường đạt tiêu chuẩn “An toàn về "
     "an ninh, trật tự”", "24"),
    (T.RESOLUTION, "193-NQ/HU", D(2019, 1, 15), "Huyện ủy Yên Dũng",
     "Lãnh đạo nâng cao chất lượng phong trào toàn dân bảo vệ ANTT", YEN_DUNG),
    (T.DISPATCH, "779/UBND-VP", D(2018, 4, 18), "UBND huyện Hiệp Hòa",
     "Đẩy mạnh công tác xây dựng phong trào toàn dân bảo vệ ANTT trong cơ quan, doanh nghiệp, nhà trường", "223"),
    (T.DISPATCH, "492/UBND-CA", D(2018, 6, 4), "UBND huyện Yên Thế",
     "Đẩy mạnh công tác xây dựng phong trào toàn dân bảo vệ ANTT trong cơ quan, doanh nghiệp, nhà trường", "215"),
    (T.PLAN, "280/KH-BCA-V28", D(2014, 9, 18), "Bộ Công an", "Triển khai thực hiện Chỉ thị số 07/CT-BCA-V28", "24"),
    (T.PLAN, "129/KH-CAT-PV28", D(2014, 10, 28), PROVINCIAL_POLICE,
     "Chỉ đạo, triển khai thực hiện Chỉ thị số 07/CT-BCA-V28 tới Công an các đơn vị, địa phương, các ban, ngành, "
     "đoàn thể, các cơ quan, doanh nghiệp, nhà trường", "24"),
    (T.PLAN, "61/KH-CAT-PV28", D(2015, 3, 31), PROVINCIAL_POLICE,
     "Chỉ đạo xây dựng điểm phong trào toàn dân bảo vệ ANTQ trong cơ quan, doanh nghiệp, nhà trường", "24"),
    (T.PLAN, "90/KH-CAT-PV28", D(2017, 4, 20), PROVINCIAL_POLICE,
     "Đẩy mạnh, nâng cao chất lượng công tác xây dựng phong trào toàn dân bảo vệ ANTQ trong cơ quan, doanh nghiệp, "
     "nhà trường", "24"),
    (T.DISPATCH, "375/CAT-PV28", D(2017, 3, 25), PROVINCIAL_POLICE,
     "Khảo sát mô hình tổ chức quần chúng làm nhiệm vụ bảo đảm ANTT ở cơ sở", "24"),
    (T.DISPATCH, "336/CAT-PV28", D(2017, 4, 20), PROVINCIAL_POLICE, "Tăng cường thực hiện Chỉ thị số 07", "24"),
    (T.OTHER, "418/TB-CAT-PV28", D(2018, 4, 23), PROVINCIAL_POLICE,
     "Thông báo tiến độ xây dựng mô hình điểm phong trào toàn dân bảo vệ ANTQ trong cơ quan, doanh nghiệp, nhà "
     "trường", "24"),
    (T.DISPATCH, "516/CAT-PV28", D(2018, 5, 17), PROVINCIAL_POLICE,
     "Đề nghị Sở Y tế phối hợp xây dựng mô hình điểm “Bệnh viện an toàn về ANTT”", "24"),
    (T.DISPATCH, "779/CAT-PV28", D(2018, 7, 24), PROVINCIAL_POLICE,
     "Đề nghị Ban Quản lý các khu công nghiệp tỉnh phối hợp xây dựng mô hình điểm “Doanh nghiệp an toàn về ANTT”",
     "24"),
    (T.DISPATCH, "780/CAT-PV28", D(2018, 7, 24), PROVINCIAL_POLICE,
     "Đề nghị Sở Giáo dục và Đào tạo, Sở Lao động - Thương binh và Xã hội phối hợp xây dựng mô hình điểm “Trường "
     "học an toàn về ANTT”", "24"),
    (T.PLAN, "102/KH-CAT-PA04", D(2018, 9, 26), PROVINCIAL_POLICE,
     "Bảo đảm ANTT đối với khu công nghiệp, doanh nghiệp đầu tư trực tiếp nước ngoài trên địa bàn tỉnh", "24"),
    (T.DISPATCH, "1268/CAT-PV05", D(2018, 12, 5), PROVINCIAL_POLICE,
     "Duy trì hoạt động của mô hình tổ chức quần chúng làm nhiệm vụ bảo đảm ANTT trong cơ quan, doanh nghiệp, nhà "
     "trường", "24"),
    (T.DISPATCH, "126/V05-P5", D(2019, 2, 15), "Cục Xây dựng phong trào bảo vệ ANTQ, Bộ Công an",
     "Đẩy mạnh công tác xây dựng phong trào toàn dân bảo vệ ANTT, góp phần bảo đảm ANTT trong khu công nghiệp, "
     "doanh nghiệp đầu tư trực tiếp nước ngoài", "24"),
    (T.DISPATCH, "189/CAT-XDPTBVANTQ", D(2019, 3, 5), PROVINCIAL_POLICE,
     "Đẩy mạnh công tác xây dựng phong trào toàn dân bảo vệ ANTQ trong khu công nghiệp, doanh nghiệp đầu tư trực "
     "tiếp nước ngoài", "24"),
    (T.DISPATCH, "328/BCĐ", D(2019, 4, 1), "Ban Chỉ đạo tỉnh Bắc Giang",
     "Tiếp tục thực hiện Công văn số 1010/UBND-NC ngày 04/4/2018 của Chủ tịch UBND tỉnh", "24"),
    (T.DISPATCH, "327/CAT-PV05", D(2019, 4, 1), PROVINCIAL_POLICE,
     "Tiếp tục đẩy mạnh thực hiện Thông tư số 23/2012/TT-BCA", "24"),
    (T.PLAN, "128/KH-BCA-V05", D(2019, 4, 12), "Bộ Công an",
     "Sơ kết 05 năm triển khai thực hiện Chỉ thị số 07/CT-BCA-V28 ngày 15/8/2014 của Bộ Công an", "24"),
    (T.DECISION, "750/QĐ-BCĐ", D(2019, 5, 13), "Ban Chỉ đạo tỉnh Bắc Giang",
     "Thành lập Hội đồng thẩm định, xét duyệt cơ quan, doanh nghiệp, nhà trường đạt tiêu chuẩn “An toàn về ANTT”",
     "24"),
    (T.DISPATCH, "247/STTTT-TTBCXB", D(2018, 4, 26), "Sở Thông tin và Truyền thông tỉnh Bắc Giang",
     "Tuyên truyền đẩy mạnh công tác xây dựng phong trào toàn dân bảo vệ ANTQ trong cơ quan, doanh nghiệp, nhà "
     "trường", "24"),
    (T.DISPATCH, "739/SYT-NVY", D(2018, 5, 9), "Sở Y tế tỉnh Bắc Giang",
     "Đẩy mạnh công tác xây dựng phong trào toàn dân bảo vệ ANTQ trong ngành y tế", "24"),
    (T.DISPATCH, "729/SGDDT-CTTT", D(2018, 8, 7), "Sở Giáo dục và Đào tạo tỉnh Bắc Giang",
     "Đẩy mạnh công tác xây dựng phong trào toàn dân bảo vệ ANTQ trong nhà trường", "24"),
    (T.DISPATCH, "940/SGDDT-CTTT", D(2018, 9, 24), "Sở Giáo dục và Đào tạo tỉnh Bắc Giang",
     "Xây dựng trường học đạt tiêu chuẩn “An toàn về ANTT”", "24"),
]

K = AgreementKind
# The provincial police's 22 agreements in force: (kind, number, signed on, other party, unit of the registry it
# names, subject, documents cited). The seed names the first five.
PROVINCIAL_AGREEMENTS = [
    (K.PROGRAMME, "01/CTr-CA-MTTQ", D(2014, 1, 8), "Ủy ban MTTQ Việt Nam tỉnh Bắc Giang",
     "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Bắc Giang",
     "Đẩy mạnh phong trào toàn dân bảo vệ ANTT trong tình hình mới", ["01/CTr-CA-MTTQ"]),
    (K.REGULATION, "15/QCPH-CAT-SYT", D(2014, 11, 20), "Sở Y tế tỉnh Bắc Giang", "Sở Y tế tỉnh Bắc Giang",
     "Phối hợp bảo đảm ANTT trong lĩnh vực y tế trên địa bàn tỉnh", ["03/QC-BCA-BYT", "07/CT-BCA-V28"]),
    (K.REGULATION, "09/QCPH-CAT-SGDĐT", D(2016, 3, 10), "Sở Giáo dục và Đào tạo tỉnh Bắc Giang",
     "Sở Giáo dục và Đào tạo tỉnh Bắc Giang",
     "Phối hợp bảo vệ an ninh quốc gia, bảo đảm trật tự an toàn xã hội trong ngành giáo dục",
     ["06/2015/TTLT/BCA-BGDĐT"]),
    (K.REGULATION, "21/QCPH-CAT-LĐLĐ", D(2018, 1, 15), "Liên đoàn Lao động tỉnh Bắc Giang",
     "Liên đoàn Lao động tỉnh Bắc Giang", "Phối hợp trong công tác bảo đảm ANTT trong công nhân, viên chức, lao động",
     ["03/QCPH-BCA-TLĐLĐ"]),
    (K.PROGRAMME, "05/CTr-CAT-TĐ", D(2015, 3, 26), "Tỉnh đoàn Bắc Giang", "Tỉnh đoàn tỉnh Bắc Giang",
     "Phối hợp hành động phòng, chống ma túy trong thanh thiếu niên; “Thanh niên xung kích giữ gìn ANTT”",
     ["03/2010/NQLT"]),
    (K.REGULATION, "11/QCPH-CAT-SLĐTBXH", D(2015, 6, 2), "Sở Lao động - Thương binh và Xã hội tỉnh Bắc Giang",
     "Sở Lao động - Thương binh và Xã hội tỉnh Bắc Giang",
     "Phối hợp bảo đảm ANTT trong các cơ sở giáo dục nghề nghiệp và trong quan hệ lao động", ["07/CT-BCA-V28"]),
    (K.PLAN, "115/KH-CAT-BQLKCN", D(2018, 10, 8), "Ban Quản lý các khu công nghiệp tỉnh Bắc Giang",
     "Ban Quản lý các khu công nghiệp tỉnh Bắc Giang",
     "Bảo đảm ANTT trong các khu công nghiệp, doanh nghiệp đầu tư trực tiếp nước ngoài",
     ["102/KH-CAT-PA04", "1010/UBND-NC"]),
    (K.REGULATION, "18/QCPH-CAT-STTTT", D(2016, 5, 17), "Sở Thông tin và Truyền thông tỉnh Bắc Giang",
     "Sở Thông tin và Truyền thông tỉnh Bắc Giang",
     "Phối hợp tuyên truyền về công tác bảo đảm ANTT và phong trào toàn dân bảo vệ ANTQ", ["07/CT-BCA-V28"]),
    (K.REGULATION, "07/QCPH-CAT-STNMT", D(2015, 4, 14), "Sở Tài nguyên và Môi trường tỉnh Bắc Giang",
     "Sở Tài nguyên và Môi trường tỉnh Bắc Giang",
     "Phối hợp phòng, chống tội phạm và vi phạm pháp luật về môi trường", []),
    (K.REGULATION, "12/QCPH-CAT-SCT", D(2016, 8, 22), "Sở Công Thương tỉnh Bắc Giang",
     "Sở Công Thương tỉnh Bắc Giang", "Phối hợp bảo đảm ANTT trong hoạt động thương mại, công nghiệp", []),
    (K.REGULATION, "04/QCPH-CAT-SKHĐT", D(2017, 2, 20), "Sở Kế hoạch và Đầu tư tỉnh Bắc Giang",
     "Sở Kế hoạch và Đầu tư tỉnh Bắc Giang",
     "Phối hợp quản lý doanh nghiệp và dự án đầu tư, nhất là doanh nghiệp có vốn đầu tư nước ngoài", []),
    (K.REGULATION, "16/QCPH-CAT-CT", D(2016, 9, 12), "Cục Thuế tỉnh Bắc Giang", "Cục Thuế tỉnh Bắc Giang",
     "Phối hợp phòng, chống tội phạm và vi phạm pháp luật trong lĩnh vực thuế", []),
    (K.REGULATION, "22/QCPH-CAT-BHXH", D(2017, 11, 6), "Bảo hiểm xã hội tỉnh Bắc Giang",
     "Bảo hiểm xã hội tỉnh Bắc Giang",
     "Phối hợp phòng, chống vi phạm pháp luật về bảo hiểm xã hội, bảo hiểm y tế", []),
    (K.PROGRAMME, "03/CTr-CAT-HLHPN", D(2016, 3, 1), "Hội Liên hiệp Phụ nữ tỉnh Bắc Giang",
     "Hội Liên hiệp Phụ nữ tỉnh Bắc Giang", "Phối hợp tuyên truyền, vận động phụ nữ tham gia bảo vệ ANTQ",
     ["07/CT-BCA-V28"]),
    (K.PROGRAMME, "06/CTr-CAT-HND", D(2017, 5, 9), "Hội Nông dân tỉnh Bắc Giang", "Hội Nông dân tỉnh Bắc Giang",
     "Phối hợp vận động nông dân tham gia phòng, chống tội phạm, tệ nạn xã hội", []),
    (K.REGULATION, "10/QCPH-CAT-ĐPTTH", D(2015, 7, 15), "Đài Phát thanh và Truyền hình tỉnh Bắc Giang",
     "Đài Phát thanh và Truyền hình tỉnh Bắc Giang",
     "Phối hợp xây dựng chuyên mục “An ninh Bắc Giang” và tuyên truyền về công tác bảo đảm ANTT", []),
    (K.REGULATION, "14/QCPH-CAT-SVHTTDL", D(2016, 10, 3), "Sở Văn hóa, Thể thao và Du lịch tỉnh Bắc Giang",
     "Sở Văn hóa, Thể thao và Du lịch tỉnh Bắc Giang",
     "Phối hợp bảo đảm ANTT trong hoạt động văn hóa, thể thao, du lịch", []),
    (K.REGULATION, "08/QCPH-CAT-SGTVT", D(2015, 5, 20), "Sở Giao thông vận tải tỉnh Bắc Giang",
     "Sở Giao thông vận tải tỉnh Bắc Giang", "Phối hợp bảo đảm trật tự, an toàn giao thông", []),
    (K.REGULATION, "19/QCPH-CAT-SXD", D(2017, 8, 28), "Sở Xây dựng tỉnh Bắc Giang", "Sở Xây dựng tỉnh Bắc Giang",
     "Phối hợp bảo đảm ANTT, phòng cháy, chữa cháy trong hoạt động xây dựng", []),
    (K.REGULATION, "13/QCPH-CAT-SNN", D(2016, 6, 6), "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bắc Giang",
     "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bắc Giang",
     "Phối hợp phòng, chống vi phạm pháp luật trong lĩnh vực nông nghiệp, lâm nghiệp", []),
    (K.REGULATION, "02/QCPH-CAT-STP", D(2019, 1, 21), "Sở Tư pháp tỉnh Bắc Giang", "Sở Tư pháp tỉnh Bắc Giang",
     "Phối hợp phổ biến, giáo dục pháp luật trong cơ quan, doanh nghiệp, nhà trường", ["1010/UBND-NC"]),
    (K.PLAN, "45/KH-CAT-SNV", D(2019, 3, 18), "Sở Nội vụ tỉnh Bắc Giang", "Sở Nội vụ tỉnh Bắc Giang",
     "Phối hợp thi đua, khen thưởng trong phong trào toàn dân bảo vệ ANTQ", ["24/HD-HĐTĐKT", "1010/UBND-NC"]),
]
# The 44 agreements of local police units in force, by district-level area (Yên Dũng's go to Chũ on a map without
# Yên Dũng).
LOCAL_BY_DISTRICT = {"222": 7, "213": 6, "223": 5, "217": 4, "216": 4, YEN_DUNG: 4, "218": 4, "219": 4, "215": 3,
                     "220": 3}
DISTRICT_DOCUMENTS = {"223": ("779/UBND-VP", D(2018, 4, 18)), "215": ("492/UBND-CA", D(2018, 6, 4)),
                      YEN_DUNG: ("193-NQ/HU", D(2019, 1, 15))}
LOCAL_SUBJECTS = {
    K.REGULATION: "Quy chế phối hợp bảo đảm an ninh, trật tự tại {unit}",
    K.PROGRAMME: "Chương trình phối hợp xây dựng phong trào toàn dân bảo vệ ANTQ tại {unit}",
    K.PLAN: "Kế hoạch phối hợp bảo đảm ANTT, phòng cháy, chữa cháy tại {unit}",
}
SYMBOLS = {K.REGULATION: "QCPH", K.PROGRAMME: "CTr", K.PLAN: "KH"}

SUBJECTS = [
    ("Kiểm tra, hướng dẫn công tác xây dựng phong trào toàn dân bảo vệ ANTQ", []),
    ("Kiểm tra việc thực hiện Chỉ thị số 07/CT-BCA-V28 và Thông tư số 23/2012/TT-BCA",
     ["07/CT-BCA-V28", "23/2012/TT-BCA"]),
    ("Kiểm tra công tác bảo vệ cơ quan, doanh nghiệp theo Nghị định số 06/2013/NĐ-CP", ["06/2013/NĐ-CP"]),
]
SUBJECT_1010 = ("Kiểm tra việc thực hiện Công văn số 1010/UBND-NC của Chủ tịch UBND tỉnh", ["1010/UBND-NC"])
INTER_AGENCY_SUBJECT = "Kiểm tra liên ngành công tác bảo đảm ANTT, phòng cháy, chữa cháy"
FINDINGS = [
    "Đơn vị đã ban hành nghị quyết chuyên đề, kế hoạch thực hiện công tác bảo đảm ANTT; 100% cán bộ, người lao "
    "động ký cam kết.",
    "Nội quy, quy chế bảo vệ cơ quan chưa được bổ sung, sửa đổi kịp thời; hệ thống tường rào còn xuống cấp.",
    "Duy trì tốt mô hình tự quản về ANTT; lực lượng bảo vệ được bố trí phù hợp với quy mô của đơn vị.",
    "Chưa lắp đặt camera an ninh tại cổng ra vào; sổ sách theo dõi khách ra vào chưa đầy đủ.",
    "Công tác phòng cháy, chữa cháy được quan tâm; đội PCCC cơ sở được kiện toàn, huấn luyện định kỳ.",
]
RECOMMENDATIONS = [
    "Củng cố hệ thống tường rào, lắp đặt camera an ninh.",
    "Xây dựng, bổ sung, sửa đổi nội quy, quy chế bảo vệ cơ quan, đơn vị.",
    "Tiếp tục duy trì và thực hiện có hiệu quả các mô hình, điển hình tiên tiến trong phong trào toàn dân bảo vệ "
    "ANTQ.",
    "Thực hiện có hiệu quả quy chế phối hợp đã ký kết với chính quyền địa phương và lực lượng Công an.",
    "Tăng cường công tác bảo vệ chính trị nội bộ, bảo vệ bí mật Nhà nước.",
]


def _spread(total: int, parts: int) -> list[int]:
    base, rest = divmod(total, parts)
    return [base + (i < rest) for i in range(parts)]


# The seed's inspections by year (2014 counts from 15/08): more in the full years.
YEARS = [(2014, PERIOD_START, D(2014, 12, 31)), (2015, D(2015, 1, 1), D(2015, 12, 31)),
         (2016, D(2016, 1, 1), D(2016, 12, 31)), (2017, D(2017, 1, 1), D(2017, 12, 31)),
         (2018, D(2018, 1, 1), D(2018, 12, 31)), (2019, D(2019, 1, 1), DEMO_DATE)]
STANDING_BY_YEAR = [21, 68, 70, 70, 72, 52]
DISTRICT_BY_YEAR = [6, 22, 22, 22, 23, 20]


class _DemoBuilder:
    def __init__(self):
        self.rng = random.Random(2207)
        self.province = area_resolve(code=PROVINCE_CODE, on=DEMO_DATE)
        self.districts = {a.code: a for a in Area.objects.valid_on(DEMO_DATE).filter(
            level="district", path__startswith=self.province.path + ".")}
        if YEN_DUNG not in self.districts:
            self.districts[YEN_DUNG] = self.districts[CHU]
            self.yen_dung_documents_in = self.districts[CITY]
        else:
            self.yen_dung_documents_in = self.districts[YEN_DUNG]
        self.units = list(Unit.objects.alive().filter(area_q(self.province, "commune"))
                          .select_related("commune__parent").order_by("pk"))
        if not self.units:
            raise ImproperlyConfigured("The records demo needs the units demo first.")
        self.units_by_name = {u.name: u for u in self.units}
        # Units sit on the communes of the last old map; the demo's districts are those of 2019 (Yên Dũng...), so a
        # unit belongs to the district its commune was in on the demo date (one lookup per commune).
        district_of_commune: dict[int, int | None] = {}
        for unit in self.units:
            if unit.commune_id not in district_of_commune:
                chain = unit.commune.ancestors_on(DEMO_DATE)
                district_of_commune[unit.commune_id] = next(
                    (a.pk for a in chain if a.level == "district"), unit.commune.parent_id)
        self.district_of_unit = {u.pk: district_of_commune[u.commune_id] for u in self.units}
        self.documents: dict[str, Document] = {}
        self.agreements: list[Agreement] = []
        self.inspections: list[Inspection] = []
        self.cites: list[tuple[object, str]] = []  # (record, document number)

    def day(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randint(0, (end - start).days))

    def units_on(self, day: datetime.date, district: Area | None = None) -> list[Unit]:
        return [u for u in self.units if (u.started_on is None or u.started_on <= day)
                and (u.dissolved_on is None or u.dissolved_on > day)
                and (district is None or self.district_of_unit[u.pk] == district.pk)]

    # --- documents -------------------------------------------------------------------------------------------

    def build_documents(self) -> None:
        rows = []
        for doc_type, number, issued, issuer, subject, code in DOCUMENTS:
            area = (self.province if code == PROVINCE_CODE else
                    self.yen_dung_documents_in if code == YEN_DUNG else self.districts[code])
            rows.append(Document(doc_type=doc_type, number=number, issued_on=issued, issuer=issuer, subject=subject,
                                 area=area))
            rows[-1].keep_search_text()
        bulk_create_with_history(rows, Document, batch_size=500)
        self.documents = {d.number: d for d in rows}

    # --- agreements ------------------------------------------------------------------------------------------

    def reviews(self, signed: datetime.date, until: datetime.date) -> list[str]:
        """A review about each year after signing, up to `until`."""
        dates, day = [], signed
        while True:
            day = day + datetime.timedelta(days=self.rng.randint(330, 400))
            if day > until:
                return dates
            dates.append(day.isoformat())

    def agreement(self, **fields) -> Agreement:
        cites = fields.pop("cites", [])
        signed = fields["signed_on"]
        until = min(fields.get("ended_on") or DEMO_DATE, DEMO_DATE)
        agreement = Agreement(review_dates=self.reviews(signed, until), **fields)
        self.agreements.append(agreement)
        self.cites += [(agreement, number) for number in cites]
        return agreement

    def build_provincial(self) -> list[Agreement]:
        built = []
        for kind, number, signed, partner, unit_name, subject, cites in PROVINCIAL_AGREEMENTS:
            if signed >= PERIOD_START and "07/CT-BCA-V28" not in cites and self.rng.random() < 0.5:
                cites = [*cites, "07/CT-BCA-V28"]
            built.append(self.agreement(
                kind=kind, number=number, signed_on=signed, police_side=PoliceSide.PROVINCIAL, area=self.province,
                police_unit_name=PROVINCIAL_POLICE, partner_name=partner,
                partner_unit=self.units_by_name.get(unit_name), subject=subject, cites=cites))
        return built

    def local_police(self, area: Area) -> str:
        return f"Công an {area.kind.lower()} {area.short_name}"

    def local(self, district: Area, signed: datetime.date, n: int, *, unit: Unit | None = None,
              area: Area | None = None, named: bool | None = None, **extra) -> Agreement:
        """An agreement of a district's police (or, one time in four, a commune's) with a unit of the district."""
        rng = self.rng
        unit = unit or rng.choice(self.units_on(signed, district))
        commune_level = rng.random() < 0.25 if area is None else area.level == "commune"
        if area is None and commune_level and not unit.commune.is_valid_on(signed):
            commune_level = False  # the unit's commune did not exist yet on that day's map: its district's police
        area = area or (unit.commune if commune_level else district)
        kind = rng.choice([K.REGULATION, K.REGULATION, K.PROGRAMME, K.PLAN])
        symbol = f"{SYMBOLS[kind]}-CA{'X' if commune_level else ('TP' if district.kind == 'Thành phố' else 'H')}"
        cites = ["07/CT-BCA-V28"] if signed >= PERIOD_START else []
        if signed >= D(2018, 4, 4):
            cites.append("1010/UBND-NC")
        if district.code in DISTRICT_DOCUMENTS and signed >= DISTRICT_DOCUMENTS[district.code][1]:
            cites.append(DISTRICT_DOCUMENTS[district.code][0])
        if unit.kind == UnitKind.ENTERPRISE and rng.random() < 0.5:
            cites.append("06/2013/NĐ-CP")
        named = rng.random() < 0.8 if named is None else named  # the others name the unit in words only
        return self.agreement(
            kind=kind, number=f"{n:02d}/{symbol}", signed_on=signed, police_side=PoliceSide.LOCAL, area=area,
            police_unit_name=self.local_police(area), partner_name=unit.name, partner_unit=unit if named else None,
            subject=LOCAL_SUBJECTS[kind].format(unit=unit.name), cites=cites, **extra)

    def build_local(self) -> list[Agreement]:
        built, n = [], 0
        for code, count in LOCAL_BY_DISTRICT.items():
            district = self.districts[code]
            for i in range(count):
                n += 1
                if code == "222" and i == 0:  # signed on the last day of the period: it counts
                    signed = DEMO_DATE
                else:
                    signed = self.day(D(2014, 9, 1), D(2019, 8, 31))
                built.append(self.local(district, signed, n))
        # In force on 30/09/2019 and expired since: the figure goes by the dates, not today's status.
        built[3].status, built[3].ended_on = AgreementStatus.EXPIRED, D(2020, 12, 31)
        return built

    def build_not_counted(self, provincial: list[Agreement], local: list[Agreement]) -> None:
        """Expired and replaced agreements, one ending on the last day and one signed the day after."""
        rng = self.rng
        lao_dong = next(a for a in provincial if a.number == "21/QCPH-CAT-LĐLĐ")
        self.agreement(kind=K.REGULATION, number="07/QCPH-CAT-LĐLĐ", signed_on=D(2012, 5, 10),
                       police_side=PoliceSide.PROVINCIAL, area=self.province, police_unit_name=PROVINCIAL_POLICE,
                       partner_name="Liên đoàn Lao động tỉnh Bắc Giang", partner_unit=lao_dong.partner_unit,
                       subject="Phối hợp trong công tác bảo đảm ANTT trong công nhân, viên chức, lao động",
                       status=AgreementStatus.REPLACED, ended_on=lao_dong.signed_on, replaced_by=lao_dong)
        for year in (2015, 2016, 2017):
            self.agreement(kind=K.PLAN, number=f"{rng.randint(20, 90)}/KH-CAT-BQLKCN", signed_on=D(year, 2, 10),
                           police_side=PoliceSide.PROVINCIAL, area=self.province, police_unit_name=PROVINCIAL_POLICE,
                           partner_name="Ban Quản lý các khu công nghiệp tỉnh Bắc Giang",
                           partner_unit=self.units_by_name.get("Ban Quản lý các khu công nghiệp tỉnh Bắc Giang"),
                           subject=f"Bảo đảm ANTT trong các khu công nghiệp năm {year}",
                           status=AgreementStatus.EXPIRED, ended_on=D(year, 12, 31), cites=["07/CT-BCA-V28"])
        n = 100
        # Agreements renewed with the same unit: the older one is replaced on the day the newer one is signed.
        renewed = [a for a in local if a.signed_on > D(2016, 1, 1) and a.partner_unit is not None
                   and (a.partner_unit.started_on is None or a.partner_unit.started_on < D(2012, 1, 1))]
        for newer in rng.sample(renewed, 3):
            n += 1
            district = newer.area if newer.area.level == "district" else newer.area.parent
            self.local(district, self.day(D(2012, 1, 1), newer.signed_on - datetime.timedelta(days=400)), n,
                       unit=newer.partner_unit, area=newer.area, named=True, status=AgreementStatus.REPLACED,
                       ended_on=newer.signed_on, replaced_by=newer)
        for code, ended in (("218", D(2017, 6, 30)), ("219", D(2018, 12, 31)), ("222", DEMO_DATE)):
            n += 1
            self.local(self.districts[code], self.day(D(2014, 9, 1), ended - datetime.timedelta(days=200)), n,
                       status=AgreementStatus.EXPIRED, ended_on=ended)
        n += 1
        self.local(self.districts["223"], AFTER_PERIOD, n)

    def save_agreements(self) -> None:
        # The replacing agreements first: the replaced ones point at them.
        replacing = {id(a.replaced_by) for a in self.agreements if a.replaced_by is not None}
        first = [a for a in self.agreements if id(a) in replacing]
        rest = [a for a in self.agreements if id(a) not in replacing]
        bulk_create_with_history(first, Agreement, batch_size=500)
        for agreement in rest:
            if agreement.replaced_by is not None:
                agreement.replaced_by_id = agreement.replaced_by.pk
        bulk_create_with_history(rest, Agreement, batch_size=500)

    # --- inspections -----------------------------------------------------------------------------------------

    def inspection(self, body: str, day: datetime.date, unit: Unit, taken: set) -> None:
        rng = self.rng
        taken.add((unit.pk, day, body))
        if body == InspectingBody.INTER_AGENCY:
            subject, cites = INTER_AGENCY_SUBJECT, []
        else:
            subject, cites = rng.choice(SUBJECTS + ([SUBJECT_1010] if day >= D(2018, 4, 4) else []))
        inspection = Inspection(
            inspected_on=day, inspecting_body=body, unit=unit, area=unit.commune, subject=subject,
            findings=" ".join(rng.sample(FINDINGS, 2)), recommendations=" ".join(rng.sample(RECOMMENDATIONS, 2)),
            follow_up_done=day < D(2019, 3, 31) or rng.random() < 0.5)
        if inspection.follow_up_done:
            inspection.follow_up_note = "Đơn vị đã khắc phục các tồn tại, hạn chế theo kiến nghị của Đoàn kiểm tra."
        self.inspections.append(inspection)
        self.cites += [(inspection, number) for number in cites]

    def pick(self, day: datetime.date, district: Area | None, taken: set, body: str) -> Unit:
        pool = self.units_on(day, district)
        while True:
            unit = self.rng.choice(pool)
            if (unit.pk, day, body) not in taken:
                return unit

    def build_inspections(self) -> None:
        rng, taken = self.rng, set()
        codes = list(LOCAL_BY_DISTRICT)
        for (year, start, end), standing, district in zip(YEARS, STANDING_BY_YEAR, DISTRICT_BY_YEAR, strict=True):
            for i in range(standing):
                day = {(2014, 0): PERIOD_START, (2019, 0): DEMO_DATE}.get((year, i)) or self.day(start, end)
                self.inspection(InspectingBody.STANDING_AGENCY, day, self.pick(day, None, taken, "s"), taken)
            # Each district's steering committee inspects units of its district; Việt Yên's every year.
            for i, count in enumerate(_spread(district, len(codes))):
                committee = self.districts[codes[(i + year) % len(codes)]]
                for _ in range(count):
                    day = self.day(start, end)
                    self.inspection(InspectingBody.DISTRICT_COMMITTEE, day,
                                    self.pick(day, committee, taken, "d"), taken)
            for _ in range(INTER_AGENCY // len(YEARS) + (year == 2019) * (INTER_AGENCY % len(YEARS))):
                day = self.day(start, end)
                self.inspection(InspectingBody.INTER_AGENCY, day, self.pick(day, None, taken, "i"), taken)
        viet_yen = self.districts["222"]
        # A day outside the period on either side: they do not count.
        self.inspection(InspectingBody.STANDING_AGENCY, BEFORE_PERIOD, self.pick(BEFORE_PERIOD, None, taken, "s"),
                        taken)
        self.inspection(InspectingBody.DISTRICT_COMMITTEE, AFTER_PERIOD,
                        self.pick(AFTER_PERIOD, viet_yen, taken, "d"), taken)
        rng.shuffle(self.inspections)
        self.inspections.sort(key=lambda i: i.inspected_on)

    # --- citations -------------------------------------------------------------------------------------------

    def other_registries_cite(self) -> None:
        """The demo's certification decisions cite Circular 23/2012, pilot models the plan that made them pilots and
        the provincial dispatch 1010, commendations of the province after 25/09/2018 its guidance 24: when those
        registries are loaded."""
        from certification.models import Decision
        from commendations.models import Commendation, Grantor
        from models_registry.models import MovementModel

        for decision in Decision.objects.filter(area_q(self.province, "area")):
            self.cites.append((decision, "23/2012/TT-BCA"))
            if decision.date >= D(2018, 4, 4):
                self.cites.append((decision, "1010/UBND-NC"))
        for model in MovementModel.objects.filter(area_q(self.province, "area"), is_pilot=True):
            if model.established_on >= D(2015, 3, 31):
                self.cites.append((model, "61/KH-CAT-PV28"))
            if model.established_on >= D(2018, 4, 4):
                self.cites.append((model, "1010/UBND-NC"))
        for commendation in Commendation.objects.filter(
                area_q(self.province, "area"), decision_date__gte=D(2018, 9, 25),
                grantor__in=[Grantor.PROVINCE_CHAIRMAN, Grantor.POLICE_DIRECTOR]):
            self.cites.append((commendation, "24/HD-HĐTĐKT"))

    def save_citations(self) -> int:
        types: dict[type, ContentType] = {}
        rows, seen = [], set()
        for record, number in self.cites:
            content_type = types.setdefault(type(record), ContentType.objects.get_for_model(type(record)))
            key = (self.documents[number].pk, content_type.pk, record.pk)
            if key not in seen:
                seen.add(key)
                rows.append(DocumentCitation(document=self.documents[number], content_type=content_type,
                                             object_id=record.pk))
        DocumentCitation.objects.bulk_create(rows, batch_size=1000)
        return len(rows)

    def check(self) -> None:
        """The seed's figures, computed by the statistics registry: a demo that misses them must not load."""
        keys = [f"coordination.{k}" for k in SEED] + [f"inspections.{k}" for k in SEED_INSPECTIONS]
        got = {key.split(".", 1)[1]: value for key, value in
               figures_compute(area=self.province, start=PERIOD_START, end=DEMO_DATE, keys=keys).items()}
        if got != SEED | SEED_INSPECTIONS:
            raise ValueError(f"The records demo misses the seed: {got} instead of {SEED | SEED_INSPECTIONS}")


def coordination_demo_seed() -> dict[str, int]:
    """Seed the documents, agreements and inspections of the Bắc Giang demo (after the units demo, and after the
    registries whose records cite documents). Does nothing when the part has records already. Returns the number of
    rows created by model."""
    if not getattr(settings, "ANTQ_ALLOW_DEMO_DATA", False):
        raise ImproperlyConfigured("Demo data is not allowed with these settings (production?).")
    with transaction.atomic():
        if Document.objects.exists() or Agreement.objects.exists() or Inspection.objects.exists():
            return {"documents": 0, "agreements": 0, "inspections": 0, "citations": 0}
        builder = _DemoBuilder()
        builder.build_documents()
        provincial = builder.build_provincial()
        local = builder.build_local()
        builder.build_not_counted(provincial, local)
        builder.build_inspections()
        builder.save_agreements()
        bulk_create_with_history(builder.inspections, Inspection, batch_size=500)
        builder.other_registries_cite()
        citations = builder.save_citations()
        builder.check()
    return {"documents": len(builder.documents), "agreements": len(builder.agreements),
            "inspections": len(builder.inspections), "citations": citations}
