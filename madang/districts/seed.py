"""Reference data from public sources and from the seed presentation
(shared/seed: "시민협력플랫폼 — 협치서울의 시작과 지역사회력의 조직화", 김일영).

Kept as plain data so that migrations-free loading (`load_demo`) and tests share one truth.
"""

SEOUL = {"code": "11", "name": "서울특별시", "name_en": "Seoul", "slug": "seoul"}

# 자치구: official 5-digit administrative code, name, romanised name, slug
DISTRICTS = [
    ("11110", "종로구", "Jongno-gu", "jongno"),
    ("11140", "중구", "Jung-gu", "jung"),
    ("11170", "용산구", "Yongsan-gu", "yongsan"),
    ("11200", "성동구", "Seongdong-gu", "seongdong"),
    ("11215", "광진구", "Gwangjin-gu", "gwangjin"),
    ("11230", "동대문구", "Dongdaemun-gu", "dongdaemun"),
    ("11260", "중랑구", "Jungnang-gu", "jungnang"),
    ("11290", "성북구", "Seongbuk-gu", "seongbuk"),
    ("11305", "강북구", "Gangbuk-gu", "gangbuk"),
    ("11320", "도봉구", "Dobong-gu", "dobong"),
    ("11350", "노원구", "Nowon-gu", "nowon"),
    ("11380", "은평구", "Eunpyeong-gu", "eunpyeong"),
    ("11410", "서대문구", "Seodaemun-gu", "seodaemun"),
    ("11440", "마포구", "Mapo-gu", "mapo"),
    ("11470", "양천구", "Yangcheon-gu", "yangcheon"),
    ("11500", "강서구", "Gangseo-gu", "gangseo"),
    ("11530", "구로구", "Guro-gu", "guro"),
    ("11545", "금천구", "Geumcheon-gu", "geumcheon"),
    ("11560", "영등포구", "Yeongdeungpo-gu", "yeongdeungpo"),
    ("11590", "동작구", "Dongjak-gu", "dongjak"),
    ("11620", "관악구", "Gwanak-gu", "gwanak"),
    ("11650", "서초구", "Seocho-gu", "seocho"),
    ("11680", "강남구", "Gangnam-gu", "gangnam"),
    ("11710", "송파구", "Songpa-gu", "songpa"),
    ("11740", "강동구", "Gangdong-gu", "gangdong"),
]

# The seed's two tables: program → [(track, 연차, [district slugs])]
PROGRAMS = [
    {
        "slug": "community-innovation",
        "name": "지역사회혁신계획",
        "name_en": "Community Innovation Plan",
        "shared_vision": "",
        "duration_months": None,
        "tracks": [
            (
                "시민참여예산 구단위계획형",
                [
                    (
                        2,
                        [
                            "gwanak",
                            "geumcheon",
                            "seodaemun",
                            "seongdong",
                            "dobong",
                            "dongdaemun",
                            "yeongdeungpo",
                        ],
                    ),
                    (1, ["eunpyeong", "gangseo", "dongjak", "jongno"]),
                ],
            ),
            ("지역사회혁신계획 본 계획", [(2, ["seongbuk"]), (1, ["gangdong", "nowon", "yangcheon"])]),
        ],
    },
    {
        "slug": "citizen-platform",
        "name": "시민협력플랫폼",
        "name_en": "Citizen Cooperation Platform",
        "shared_vision": "자치구 시민주체의 성장을 통한 지역 협치 활성화",
        "duration_months": 36,
        "tracks": [
            (
                "시민협력플랫폼 수행",
                [
                    (2, ["gangbuk", "gwanak", "gwangjin", "mapo", "seodaemun", "eunpyeong"]),
                    (1, ["yangcheon", "guro", "gangseo", "dobong", "seongbuk"]),
                ],
            ),
        ],
    },
]

# 시민협력플랫폼 사업의 목표: five core goals (number, title, evaluation, district-specific)
CORE_GOALS = [
    (1, "시민사회 포괄적 네트워크 활성화", "quant_qual", False),
    (2, "온/오프라인 플랫폼 거점 활성화", "quant_qual", False),
    (3, "자립전략 실행기반의 마련", "quant_qual", False),
    (4, "사업 과정의 합리적 추진", "self_diagnosis", False),
    (5, "자치구별 핵심목표 (개별목표)", "quant_qual", True),
]
# the English titles of CORE_GOALS, by number
CORE_GOALS_EN = {
    1: "An inclusive civil-society network",
    2: "Active online and offline platform hubs",
    3: "Groundwork for self-reliance strategies",
    4: "A sound programme process",
    5: "The district's own core goal",
}

CORE_VALUES = [
    ("개방성 확보", "시민사회(단체, 개인)의 다양한 참여를 보장"),
    ("연대성 강화", "시민사회 내의 다양한 역량과 자원을 협력하여 역량배가"),
    ("자립성 제고", "시민사회의 독자적인 대안정책과 전략을 실행"),
]
# the English (title, description) of CORE_VALUES, in the same order
CORE_VALUES_EN = [
    ("Openness", "Civil society, organisations and individuals alike, can take part"),
    ("Solidarity", "Civil society's many skills and resources multiply by working together"),
    ("Self-reliance", "Civil society carries out its own alternative policies and strategies"),
]

VISIONS = {
    "gangbuk": "주민자치, 순환과 공생의 지역공동체 네트워크의 디딤돌",
    "mapo": "마포 시민사회의 포괄넷 구축과 자립기반 마련",
}
