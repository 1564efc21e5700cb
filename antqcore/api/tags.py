"""The registries of the API: the tag of each operation (by its path) and their descriptions. Plain data: the
settings read TAG_DESCRIPTIONS."""

# The registry an operation belongs to, by the first segments of its path under /api/v1/ (longest first).
TAGS = [
    ("activities/agreements", "coordination"),
    ("activities/inspections", "coordination"),
    ("activities/documents", "coordination"),
    ("activities/indicators", "tallies"),
    ("activities/bodies", "tallies"),
    ("activities/values", "tallies"),
    ("certification", "certification"),
    ("industrial-zones", "units"),
    ("units", "units"),
    ("models", "models"),
    ("commendations", "commendations"),
    ("incidents", "incidents"),
    ("reports", "reports"),
    ("areas", "areas"),
    ("organisations", "organisations"),
    ("stats", "stats"),
    ("me", "accounts"),
]

# Shown by the documentation page, in the order of the menu.
TAG_DESCRIPTIONS = [
    {"name": "accounts", "description": "Tài khoản đang dùng API"},
    {"name": "areas", "description": "Địa bàn hành chính (cả bản đồ trước và sau 01/07/2025)"},
    {"name": "organisations", "description": "Cơ quan, tổ chức của người dùng"},
    {"name": "units",
     "description": "Cơ quan, doanh nghiệp, nhà trường; lực lượng bảo vệ, đội PCCC; khu, cụm công nghiệp"},
    {"name": "certification", "description": "Phân loại, công nhận \"An toàn về ANTT\""},
    {"name": "models", "description": "Mô hình quần chúng tự quản"},
    {"name": "incidents", "description": "Vụ việc, vụ án"},
    {"name": "commendations", "description": "Khen thưởng"},
    {"name": "tallies", "description": "Số liệu tuyên truyền, tập huấn và hoạt động khác"},
    {"name": "coordination", "description": "Quy chế phối hợp, kiểm tra, văn bản chỉ đạo"},
    {"name": "reports", "description": "Báo cáo định kỳ (PDF, Excel)"},
    {"name": "stats", "description": "Số liệu thống kê theo địa bàn và kỳ"},
]
