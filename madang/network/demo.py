"""A lived-in demo network for 강북구 and 마포구 (and a generic one for any other district).

`network_demo_load(district=…, seed=…)` creates the district's network body, about 150 organisations
(the seed's named bodies plus generated local ones), clustered collaboration ties, network memberships
spread over 30 months, activists with affiliations, committees with seats and local resources, and
indexes them for the Korean search.

Idempotent: everything is keyed on a natural key (organisation name in the district, tie
(source, target, kind), committee name, resource name in the district, person by user e-mail), so a
second run creates nothing. Deterministic: every random choice comes from
`random.Random(seed + district.pk)` and is drawn the same way whatever is already in the database;
only dates are relative to today, and they are set when a row is first created.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from madang.accounts.models import User
from madang.districts.models import Dong

from . import search
from .models import (
    Affiliation,
    Committee,
    CommitteeSeat,
    IssueArea,
    LegalForm,
    Membership,
    Network,
    Organisation,
    OrgKind,
    Person,
    Resource,
    SearchEntry,
    Tie,
)

TARGET_ORGANISATIONS = 150
ACTIVISTS = 20
K = OrgKind
L = LegalForm

# --- vocabulary -------------------------------------------------------------------------------------

# the common 의제 (migration 0003) in their order; created if missing
COMMON_AREAS = [
    "돌봄",
    "복지",
    "환경",
    "청년",
    "교육",
    "문화예술",
    "주거",
    "경제",
    "안전",
    "인권",
    "도시농업",
    "마을공동체",
    "성평등",
    "노동",
    "건강",
    "먹거리",
    "기후위기",
    "이주민",
    "장애",
    "노인",
    "아동·청소년",
]

# words an organisation's name takes from its first 의제
THEMES = {
    "돌봄": ["돌봄", "아이돌봄", "공동육아", "방과후돌봄"],
    "복지": ["나눔", "이웃사랑", "복지"],
    "환경": ["환경", "제로웨이스트", "자원순환", "초록"],
    "청년": ["청년", "청년예술", "청년창업"],
    "교육": ["마을학교", "배움", "책읽기", "인문학"],
    "문화예술": ["문화예술", "마을극단", "생활예술", "사진", "합창"],
    "주거": ["주거", "청년주거", "공동체주택"],
    "경제": ["공동체경제", "로컬상점", "지역화폐"],
    "안전": ["안전", "마을지킴이", "안심골목"],
    "인권": ["인권", "평화"],
    "도시농업": ["도시농업", "텃밭", "옥상텃밭", "도시양봉"],
    "마을공동체": ["마을", "이웃", "골목"],
    "성평등": ["여성", "성평등"],
    "노동": ["노동", "일하는사람들"],
    "건강": ["건강", "마음건강", "생활체육"],
    "먹거리": ["먹거리", "공유부엌", "로컬푸드"],
    "기후위기": ["기후행동", "에너지전환", "햇빛발전"],
    "이주민": ["이주민", "다문화가족"],
    "장애": ["장애인", "발달장애", "장애인자립"],
    "노인": ["어르신", "시니어", "은빛"],
    "아동·청소년": ["청소년", "아동", "어린이"],
}

# what organisations working on an 의제 do (a noun phrase for descriptions)
ACTIVITIES = {
    "돌봄": "이웃 간 돌봄과 공동육아",
    "복지": "복지 사각지대 이웃 찾기와 나눔",
    "환경": "자원순환과 골목 환경 가꾸기",
    "청년": "청년의 일·주거·관계 고민 나누기",
    "교육": "마을 배움터와 방과후 교육",
    "문화예술": "생활문화 공연과 마을 축제",
    "주거": "주거권 상담과 공동체주택 실험",
    "경제": "지역 안에서 돈이 도는 공동체경제",
    "안전": "골목 안전 순찰과 안심귀갓길",
    "인권": "인권 교육과 차별 없는 마을 만들기",
    "도시농업": "옥상·골목 텃밭 가꾸기",
    "마을공동체": "이웃 만남과 마을 의제 발굴",
    "성평등": "성평등 교육과 여성 주민 모임",
    "노동": "지역 노동자 권익 상담",
    "건강": "주민 건강 모임과 마음 돌봄",
    "먹거리": "공유부엌과 로컬푸드 나눔",
    "기후위기": "에너지 전환과 기후행동 캠페인",
    "이주민": "이주민 가족의 정착 지원과 교류",
    "장애": "장애인 자립생활과 이동권 보장",
    "노인": "어르신 말벗과 건강 돌봄",
    "아동·청소년": "아동·청소년 놀이와 자치 활동",
}

# generated organisations: kind → weight, (name suffix, legal form) choices
KIND_WEIGHTS = [
    (K.COMMUNITY, 40),
    (K.CIVIC, 22),
    (K.SOCIAL_ECONOMY, 20),
    (K.NONPROFIT, 9),
    (K.PUBLIC, 4),
    (K.INTERMEDIARY, 2),
    (K.OTHER, 3),
]
SUFFIXES = {
    K.COMMUNITY: [
        ("모임", L.UNINCORPORATED),
        ("주민모임", L.UNINCORPORATED),
        ("나눔회", L.UNINCORPORATED),
        ("동아리", L.UNINCORPORATED),
        ("품앗이", L.UNINCORPORATED),
        ("사랑방", L.UNINCORPORATED),
    ],
    K.CIVIC: [
        ("시민모임", L.UNINCORPORATED),
        ("연대", L.REGISTERED_NPO),
        ("시민행동", L.REGISTERED_NPO),
        ("네트워크", L.UNINCORPORATED),
        ("연구회", L.UNINCORPORATED),
    ],
    K.SOCIAL_ECONOMY: [
        ("협동조합", L.COOPERATIVE),
        ("협동조합", L.COOPERATIVE),
        ("사회적협동조합", L.SOCIAL_COOPERATIVE),
        ("마을기업", L.VILLAGE_ENTERPRISE),
        ("사회적기업", L.SOCIAL_ENTERPRISE),
    ],
    K.NONPROFIT: [
        ("지원센터", L.INCORPORATED_ASSOCIATION),
        ("협회", L.INCORPORATED_ASSOCIATION),
        ("연구소", L.INCORPORATED_ASSOCIATION),
        ("재단", L.FOUNDATION),
    ],
}
# kinds whose names come from a fixed pattern: (pattern, legal form, 의제)
PATTERNS = {
    K.PUBLIC: [
        ("{dong} 주민자치회", L.PUBLIC_BODY, "마을공동체"),
        ("{dong} 작은도서관", L.PUBLIC_BODY, "교육"),
        ("{dong} 청소년문화의집", L.PUBLIC_BODY, "아동·청소년"),
        ("{dong} 지역사회보장협의체", L.PUBLIC_BODY, "복지"),
    ],
    K.INTERMEDIARY: [
        ("{stem} 마을활력소", L.OTHER, "마을공동체"),
        ("{stem} 도시재생 현장지원센터", L.OTHER, "주거"),
    ],
    K.OTHER: [
        ("{stem} 골목상점가 상인회", L.UNINCORPORATED, "경제"),
        ("{stem} 경로당", L.OTHER, "노인"),
    ],
}
# two-의제 name themes that read naturally ("망원 청년 주거협동조합", "수유 어르신 돌봄 나눔회")
COMPOUND_THEMES = [
    ("청년 주거", ("청년", "주거")),
    ("어르신 돌봄", ("노인", "돌봄")),
    ("아이 돌봄", ("돌봄", "아동·청소년")),
    ("청년 문화예술", ("청년", "문화예술")),
    ("청소년 문화예술", ("아동·청소년", "문화예술")),
    ("장애인 자립생활", ("장애", "복지")),
    ("여성 노동", ("성평등", "노동")),
    ("마을 먹거리", ("먹거리", "마을공동체")),
    ("에너지 자립", ("기후위기", "환경")),
    ("이주민 인권", ("이주민", "인권")),
    ("청년 일자리", ("청년", "노동")),
    ("도시농업 텃밭", ("도시농업", "환경")),
    ("마을 안전", ("안전", "마을공동체")),
    ("어르신 건강", ("노인", "건강")),
]
NICKNAMES = ["두레", "마중물", "이음", "너머", "다온", "새싹", "품", "온", "함께", "들꽃", "햇살", "숲"]
SECOND_SENTENCES = [
    "{year}년부터 활동해 왔습니다.",
    "매달 정기 모임을 열고 새 회원을 환영합니다.",
    "이웃 단체들과 함께 마을 축제를 준비합니다.",
    "누구나 참여할 수 있는 열린 모임입니다.",
    "{other} 분야 단체들과도 협력하고 있습니다.",
    "주민 제안으로 시작해 지금은 회원 {members}명이 함께합니다.",
]
TIE_NOTES = {
    Tie.Kind.JOINT_PROJECT: ["공동사업 협약", "마을 의제 공동사업", "주민 교육 공동 운영"],
    Tie.Kind.CO_HOST: ["마을축제 공동주최", "주민 토론회 공동주최", "나눔장터 공동주최"],
    Tie.Kind.NETWORK: ["의제별 네트워크 공동참여", "민관협력 회의 공동참여"],
    Tie.Kind.RESOURCE_SHARING: ["공간 공유", "장비 공유", "강사·활동가 공유"],
}
SURNAMES = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황"]
GIVEN_NAMES = [
    "서연",
    "민준",
    "지우",
    "하은",
    "도윤",
    "수빈",
    "예준",
    "지민",
    "현우",
    "유진",
    "정훈",
    "미경",
    "영숙",
    "상철",
    "은영",
    "성민",
    "혜진",
    "준호",
    "소영",
    "동현",
    "경희",
    "재원",
    "나래",
    "태희",
]
SKILLS = [
    "디자인, 포스터 제작",
    "회계, 사업 정산",
    "회의 진행(퍼실리테이션)",
    "사진·영상 촬영",
    "영어 번역",
    "목공, 집수리",
    "텃밭 가꾸기",
    "상담, 사례 관리",
    "강의, 교육 기획",
    "행사 기획",
    "SNS 홍보, 글쓰기",
    "법률 상담",
    "마을 조사, 인터뷰",
    "요리, 공유부엌 운영",
]
ACTIVIST_ROLES = [
    "주민 활동가",
    "마을 활동가",
    "청년 활동가",
    "협동조합 조합원",
    "퇴직 교사",
    "프리랜서 디자이너",
    "사회복지사",
    "동네 책방 운영자",
]
APPLICATION_MESSAGES = [
    "네트워크에 함께하고 싶습니다.",
    "지역 단체들과 협력하고 싶어 신청합니다.",
    "의제별 네트워크에 참여하고 싶습니다.",
    "",
]
REJECTION_REASONS = [
    "활동 지역이 이 자치구가 아니어서 반려합니다. 해당 자치구 네트워크에 신청해 주세요.",
    "단체 소개와 활동 내역을 확인할 수 없어 반려합니다. 보완해서 다시 신청해 주세요.",
]


# --- the named bodies of each demo district ---------------------------------------------------------


@dataclass
class Named:
    name: str
    kind: str
    legal_form: str
    areas: list[str]
    dongs: list[str]
    founded: int
    members: int | None
    description: str
    handle: str = ""
    hub: bool = False


@dataclass
class ResourceSpec:
    name: str
    kind: str
    owner: str | None
    dong: str | None
    description: str
    availability: str
    how_to_ask: str


@dataclass
class DistrictSpec:
    network_name: str
    member_target: int
    network_description: str
    named: list[Named] = field(default_factory=list)
    demo_org: str | None = None  # the organisation the org-member demo account represents
    subcommittees: list[tuple[str, str]] = field(default_factory=list)
    resources: list[ResourceSpec] = field(default_factory=list)


R = Resource.Kind

GANGBUK = DistrictSpec(
    network_name="강북구민간협의회",
    member_target=1000,
    network_description=(
        "강북구 시민사회의 포괄적 네트워크입니다. 참여조직을 넓히고 민민·민관 협력을 상설화하며, "
        "온라인 플랫폼 회원 1,000명을 목표로 합니다."
    ),
    demo_org="삼양동 마을공동체",
    subcommittees=[
        ("조직발전분과", "참여조직 확대와 조직발전 전략을 맡습니다."),
        ("협치·정책분과", "민관 협력 관계와 지역 정책 연구를 맡습니다."),
    ],
    named=[
        Named(
            "강북구민간협의회",
            K.INTERMEDIARY,
            L.UNINCORPORATED,
            ["마을공동체", "경제"],
            ["미아동", "수유1동"],
            2018,
            120,
            "강북구 시민사회 포괄적 네트워크의 중간지원조직입니다. 참여조직 확대와 협치역량 강화, "
            "네트워크 파티와 주민 활동 마중물 지원을 합니다.",
            "gangbuk-council",
            hub=True,
        ),
        Named(
            "강북공동체경제 협동조합",
            K.SOCIAL_ECONOMY,
            L.COOPERATIVE,
            ["경제", "마을공동체"],
            ["수유1동", "미아동"],
            2019,
            85,
            "지역시민자산 조성을 목표로 공동구매, 공동체기금, 지역 상점 연계를 꾸려 가는 협동조합입니다.",
            "gangbuk-coop",
            hub=True,
        ),
        Named(
            "강북지역포럼",
            K.CIVIC,
            L.UNINCORPORATED,
            ["마을공동체", "인권"],
            ["수유2동"],
            2017,
            60,
            "지역 의제를 함께 토론하는 공론장입니다. 지역사회 정책연구기관 설립을 추진하고 있습니다.",
            "gangbuk-forum",
            hub=True,
        ),
        Named(
            "한신대 캠퍼스타운 주민모임",
            K.COMMUNITY,
            L.UNINCORPORATED,
            ["청년", "마을공동체"],
            ["인수동", "수유3동"],
            2020,
            35,
            "한신대 캠퍼스타운 조성사업의 오프라인 거점을 주민과 학생이 함께 쓰고 가꾸는 모임입니다.",
            "campustown",
        ),
        Named(
            "삼양동 마을공동체",
            K.COMMUNITY,
            L.UNINCORPORATED,
            ["마을공동체", "주거"],
            ["삼양동"],
            2014,
            48,
            "삼양동 주민들이 마을활력소를 거점으로 골목 잔치, 마을 조사, 이웃 돌봄을 함께합니다.",
            "samyang",
        ),
        Named(
            "아이돌봄 품앗이 모임",
            K.COMMUNITY,
            L.UNINCORPORATED,
            ["돌봄", "아동·청소년"],
            ["번1동", "번2동"],
            2016,
            22,
            "번동 부모들이 아이들을 번갈아 돌보고 주말 놀이 모임을 여는 돌봄 품앗이입니다.",
        ),
        Named(
            "강북구 마을자치센터",
            K.INTERMEDIARY,
            L.INCORPORATED_ASSOCIATION,
            ["마을공동체"],
            ["미아동"],
            2017,
            15,
            "주민자치회와 마을공동체 활동을 지원하는 중간지원조직입니다.",
            "gangbuk-village",
            hub=True,
        ),
        Named(
            "강북구 사회적경제지원센터",
            K.INTERMEDIARY,
            L.INCORPORATED_ASSOCIATION,
            ["경제", "노동"],
            ["수유1동"],
            2015,
            12,
            "협동조합·사회적기업·마을기업의 설립과 성장을 돕는 중간지원조직입니다.",
            "gangbuk-se",
            hub=True,
        ),
        Named(
            "강북 청년활동지원센터",
            K.INTERMEDIARY,
            L.INCORPORATED_ASSOCIATION,
            ["청년"],
            ["수유3동"],
            2019,
            10,
            "강북 청년들의 모임과 활동 공간, 청년 정책 참여를 지원합니다.",
            "gangbuk-youth",
        ),
        Named(
            "강북 지역활동가 학교 준비모임",
            K.CIVIC,
            L.UNINCORPORATED,
            ["교육", "마을공동체"],
            ["수유2동"],
            2021,
            18,
            "지역활동가의 체계적인 양성을 위한 공동교육과 활동가 학교 설립을 준비합니다.",
        ),
        Named(
            "강북구지역공동체기금 추진위원회",
            K.CIVIC,
            L.UNINCORPORATED,
            ["경제"],
            [],
            2022,
            25,
            "주민과 단체가 함께 만드는 강북구지역공동체기금의 설치와 운영을 준비합니다.",
        ),
        Named(
            "4·19 민주평화 시민모임",
            K.CIVIC,
            L.REGISTERED_NPO,
            ["인권"],
            ["수유1동", "우이동"],
            2010,
            70,
            "4·19 민주묘지가 있는 마을에서 민주주의와 평화를 기억하는 교육과 행사를 엽니다.",
        ),
        Named(
            "북한산 우이천 환경지킴이",
            K.CIVIC,
            L.REGISTERED_NPO,
            ["환경", "기후위기"],
            ["우이동", "수유3동"],
            2012,
            55,
            "우이천과 북한산 자락의 생태를 조사하고 하천 정화 활동을 합니다.",
        ),
        Named(
            "강북 돌봄 사회적협동조합",
            K.SOCIAL_ECONOMY,
            L.SOCIAL_COOPERATIVE,
            ["돌봄", "노인"],
            ["송중동", "송천동"],
            2018,
            40,
            "어르신 방문 돌봄과 돌봄 노동자의 좋은 일자리를 함께 만드는 사회적협동조합입니다.",
        ),
        Named(
            "미아 골목상점 협동조합",
            K.SOCIAL_ECONOMY,
            L.COOPERATIVE,
            ["경제"],
            ["미아동", "송중동"],
            2020,
            30,
            "미아동 골목 상인들이 공동 배송과 지역화폐 가맹으로 함께 살아갈 길을 찾습니다.",
        ),
        Named(
            "강북마을미디어 협동조합",
            K.SOCIAL_ECONOMY,
            L.COOPERATIVE,
            ["문화예술", "마을공동체"],
            ["삼각산동"],
            2016,
            26,
            "마을신문과 팟캐스트로 강북의 이웃과 단체 소식을 전합니다.",
            "gangbuk-media",
        ),
    ],
    resources=[
        ResourceSpec(
            "삼양동 마을활력소 회의실",
            R.SPACE,
            "삼양동 마을공동체",
            "삼양동",
            "20명이 앉을 수 있는 회의실입니다. 빔프로젝터와 화이트보드가 있습니다.",
            "평일 10시~21시, 주말은 사전 협의",
            "마을활력소 누리집에서 예약하거나 전화로 문의",
        ),
        ResourceSpec(
            "한신대 캠퍼스타운 공유공간",
            R.SPACE,
            "한신대 캠퍼스타운 주민모임",
            "인수동",
            "시민협력플랫폼의 오프라인 거점입니다. 소모임과 강의에 쓸 수 있습니다.",
            "화~토 13시~22시",
            "네트워크 회원은 온라인 예약, 그 밖에는 운영진에게 문의",
        ),
        ResourceSpec(
            "수유 청년공간 세미나실",
            R.SPACE,
            "강북 청년활동지원센터",
            "수유3동",
            "청년 모임을 위한 12석 세미나실입니다.",
            "평일 14시~22시",
            "센터 카카오톡 채널로 신청",
        ),
        ResourceSpec(
            "미아동 공유부엌",
            R.SPACE,
            "미아 골목상점 협동조합",
            "미아동",
            "조리도구를 갖춘 공유부엌입니다. 나눔 반찬 만들기, 요리 교실에 쓸 수 있습니다.",
            "월·수·금 10시~17시",
            "이용 1주 전까지 전화로 예약",
        ),
        ResourceSpec(
            "우이천 공동체 텃밭",
            R.SPACE,
            "북한산 우이천 환경지킴이",
            "우이동",
            "30구획 공동체 텃밭입니다. 봄마다 분양합니다.",
            "3월~11월, 해 뜰 때부터 해 질 때까지",
            "2월 분양 공고를 보고 신청",
        ),
        ResourceSpec(
            "행사용 음향장비",
            R.EQUIPMENT,
            "강북구민간협의회",
            "미아동",
            "앰프 2대, 무선 마이크 4개, 스피커 스탠드 세트입니다.",
            "행사 1주 전까지 예약, 최대 3일 대여",
            "협의회 사무국에 메일로 신청",
        ),
        ResourceSpec(
            "접이식 천막·테이블 세트",
            R.EQUIPMENT,
            "강북구 마을자치센터",
            "미아동",
            "3×3m 천막 6동과 접이식 테이블 20개입니다.",
            "주말 행사 우선, 직접 운반",
            "마을자치센터에 전화로 문의",
        ),
        ResourceSpec(
            "빔프로젝터와 이동식 스크린",
            R.EQUIPMENT,
            "강북지역포럼",
            "수유2동",
            "토론회와 상영회에 쓰는 빔프로젝터와 100인치 스크린입니다.",
            "평일 대여, 다음 날 반납",
            "포럼 운영진에게 문자로 문의",
        ),
        ResourceSpec(
            "삼각산동 공구도서관",
            R.EQUIPMENT,
            "강북마을미디어 협동조합",
            "삼각산동",
            "전동드릴, 사다리, 수리 공구를 빌려주는 마을 공구도서관입니다.",
            "토요일 10시~16시",
            "회원 가입 뒤 현장에서 대여",
        ),
        ResourceSpec(
            "디자인 재능기부",
            R.SKILL,
            "강북 청년활동지원센터",
            None,
            "청년 디자이너들이 단체 포스터와 카드뉴스를 만들어 드립니다.",
            "한 달에 단체 4곳까지",
            "센터 누리집의 신청서 작성",
        ),
        ResourceSpec(
            "회계·정산 멘토링",
            R.SKILL,
            "강북구 사회적경제지원센터",
            "수유1동",
            "보조금 사업 정산과 협동조합 회계를 1:1로 도와드립니다.",
            "매주 목요일 오후",
            "센터에 전화로 예약",
        ),
        ResourceSpec(
            "퍼실리테이터 모임",
            R.SKILL,
            "강북구민간협의회",
            None,
            "주민 토론회와 워크숍 진행을 맡아 줄 퍼실리테이터들입니다.",
            "행사 2주 전까지 요청",
            "협의회 사무국에 메일로 요청",
        ),
        ResourceSpec(
            "강북마을신문",
            R.MEDIA,
            "강북마을미디어 협동조합",
            None,
            "월간 마을신문입니다. 단체 소식과 행사 안내를 실어 드립니다.",
            "매달 20일 마감",
            "편집부 메일로 원고 보내기",
        ),
        ResourceSpec(
            "강북구민간협의회 소식지",
            R.MEDIA,
            "강북구민간협의회",
            None,
            "회원 단체 1,000여 명에게 가는 온라인 소식지입니다.",
            "격주 발행",
            "플랫폼에서 소식 올리기",
        ),
        ResourceSpec(
            "강북공동체기금",
            R.FUND,
            "강북공동체경제 협동조합",
            None,
            "주민과 단체가 함께 모아 지역 활동에 소액 대출과 지원을 하는 공동체기금입니다.",
            "상반기·하반기 공모",
            "공모 공고를 보고 신청서 제출",
        ),
        ResourceSpec(
            "주민 활동 마중물 지원금",
            R.FUND,
            "강북구민간협의회",
            None,
            "새로 시작하는 주민모임에 50만 원까지 활동비를 지원합니다.",
            "연 2회 공모",
            "협의회 누리집에서 신청",
        ),
    ],
)

MAPO = DistrictSpec(
    network_name="마포민간네트워크 '모두마포'",
    member_target=300,
    network_description=(
        "마포 시민사회의 포괄넷 구축과 자립기반 마련을 위한 민간네트워크입니다. 공론장과 동 단위 "
        "네트워크를 운영하고, 지역재단을 준비합니다."
    ),
    demo_org="망원동 마을공동체",
    subcommittees=[
        ("공론장분과", "마포지역포럼과 정책토론회를 준비합니다."),
        ("지역재단분과", "지역재단 기획단과 함께 공동체기금과 자산화를 연구합니다."),
    ],
    named=[
        Named(
            "마포민간네트워크 모두마포",
            K.INTERMEDIARY,
            L.UNINCORPORATED,
            ["마을공동체"],
            ["서교동", "망원1동"],
            2017,
            95,
            "마포 시민사회의 포괄적 네트워크입니다. 운영위원회 정례회의, 워크숍, 다같이 신년회를 엽니다.",
            "modumapo",
            hub=True,
        ),
        Named(
            "마포공동체경제협동조합",
            K.SOCIAL_ECONOMY,
            L.COOPERATIVE,
            ["경제", "마을공동체"],
            ["망원1동", "성산1동"],
            2016,
            150,
            "마포의 협동조합과 주민이 함께 공동체경제를 키우는 협동조합입니다. 상호부조기금을 운영합니다.",
            "mapo-coop",
            hub=True,
        ),
        Named(
            "마포지역재단 기획단",
            K.CIVIC,
            L.UNINCORPORATED,
            ["경제"],
            [],
            2019,
            20,
            "공동체기금과 자산화로 시민사회의 자립기반을 만들 마포지역재단을 연구하고 준비합니다.",
        ),
        Named(
            "마포 로컬리스트 모임",
            K.COMMUNITY,
            L.UNINCORPORATED,
            ["경제", "청년", "문화예술"],
            ["연남동", "서교동", "합정동"],
            2018,
            45,
            "동네에서 일하고 가게를 꾸리는 로컬리스트들의 모임입니다. 해마다 로컬리스트 컨퍼런스를 엽니다.",
            "mapo-localist",
        ),
        Named(
            "망원동 마을공동체",
            K.COMMUNITY,
            L.UNINCORPORATED,
            ["마을공동체", "먹거리"],
            ["망원1동", "망원2동"],
            2013,
            60,
            "망원동 주민들이 마을사랑방을 거점으로 시장 골목 잔치와 반찬 나눔을 함께합니다.",
            "mangwon",
        ),
        Named(
            "아이돌봄 품앗이",
            K.COMMUNITY,
            L.UNINCORPORATED,
            ["돌봄", "아동·청소년"],
            ["성산1동", "망원2동"],
            2011,
            28,
            "성산동과 망원동 부모들이 아이들을 번갈아 돌보는 돌봄 품앗이입니다.",
        ),
        Named(
            "마포지역포럼 준비위원회",
            K.CIVIC,
            L.UNINCORPORATED,
            ["마을공동체", "인권"],
            ["공덕동"],
            2018,
            30,
            "마포지역포럼과 정책토론회를 준비하는 시민 공론장 모임입니다.",
            "mapo-forum",
            hub=True,
        ),
        Named(
            "성미산마을 공동육아 협동조합",
            K.SOCIAL_ECONOMY,
            L.COOPERATIVE,
            ["돌봄", "교육"],
            ["성산1동"],
            2001,
            70,
            "부모와 교사가 함께 꾸리는 공동육아 어린이집입니다.",
        ),
        Named(
            "마포FM 공동체라디오",
            K.NONPROFIT,
            L.INCORPORATED_ASSOCIATION,
            ["문화예술", "마을공동체"],
            ["성산2동"],
            2005,
            120,
            "주민이 직접 만드는 공동체라디오입니다. 단체와 주민의 목소리를 전파에 싣습니다.",
            "mapofm",
        ),
        Named(
            "마포구 마을자치센터",
            K.INTERMEDIARY,
            L.INCORPORATED_ASSOCIATION,
            ["마을공동체"],
            ["공덕동"],
            2016,
            14,
            "마포의 주민자치와 마을공동체 활동을 지원하는 중간지원조직입니다.",
            "mapo-village",
            hub=True,
        ),
        Named(
            "마포 청년활동지원센터",
            K.INTERMEDIARY,
            L.INCORPORATED_ASSOCIATION,
            ["청년"],
            ["서교동"],
            2019,
            9,
            "마포 청년들의 모임과 활동, 청년 정책 참여를 지원합니다.",
            "mapo-youth",
        ),
        Named(
            "경의선숲길 지킴이",
            K.COMMUNITY,
            L.UNINCORPORATED,
            ["환경", "안전"],
            ["연남동", "대흥동", "염리동"],
            2016,
            40,
            "경의선숲길을 함께 가꾸고 쓰레기 줍기와 야간 안전 순찰을 합니다.",
        ),
        Named(
            "홍대앞 예술가 네트워크",
            K.CIVIC,
            L.UNINCORPORATED,
            ["문화예술"],
            ["서교동", "합정동"],
            2012,
            110,
            "홍대앞 예술가와 공간 운영자들이 작업 공간과 공연 기회를 나눕니다.",
        ),
        Named(
            "망원시장 상인회",
            K.OTHER,
            L.UNINCORPORATED,
            ["경제"],
            ["망원2동"],
            2004,
            80,
            "망원시장 상인들의 모임입니다. 지역 단체와 장보기 나눔, 시장 축제를 함께합니다.",
        ),
        Named(
            "마포 기후행동",
            K.CIVIC,
            L.REGISTERED_NPO,
            ["기후위기", "환경"],
            ["상암동", "망원1동"],
            2020,
            65,
            "에너지 전환과 제로웨이스트 가게 지도 만들기로 마포의 기후행동을 이끕니다.",
        ),
        Named(
            "마포 이주민 함께",
            K.CIVIC,
            L.REGISTERED_NPO,
            ["이주민", "인권"],
            ["서교동", "성산2동"],
            2014,
            35,
            "이주민 가족의 한국어 공부와 상담, 주민과의 교류 모임을 엽니다.",
        ),
        Named(
            "마포 돌봄 사회적협동조합",
            K.SOCIAL_ECONOMY,
            L.SOCIAL_COOPERATIVE,
            ["돌봄", "노인"],
            ["아현동", "염리동"],
            2017,
            55,
            "어르신 방문 돌봄과 돌봄 노동자의 좋은 일자리를 함께 만드는 사회적협동조합입니다.",
        ),
    ],
    resources=[
        ResourceSpec(
            "망원동 마을사랑방",
            R.SPACE,
            "망원동 마을공동체",
            "망원1동",
            "15명이 모일 수 있는 좌식 사랑방입니다. 차와 다과 도구가 있습니다.",
            "매일 10시~21시",
            "마을공동체 단체대화방에서 예약",
        ),
        ResourceSpec(
            "모두마포 플랫폼 거점 회의실",
            R.SPACE,
            "마포민간네트워크 모두마포",
            "서교동",
            "시민협력플랫폼의 개방형 거점입니다. 30석 회의실과 작은 방 2개가 있습니다.",
            "평일 10시~22시, 토요일 10시~18시",
            "모두마포 누리집에서 온라인 예약",
        ),
        ResourceSpec(
            "성미산마을극장",
            R.SPACE,
            "성미산마을 공동육아 협동조합",
            "성산1동",
            "100석 규모 마을극장입니다. 공연, 상영회, 총회에 쓸 수 있습니다.",
            "사전 협의",
            "극장 운영팀에 메일로 문의",
        ),
        ResourceSpec(
            "연남동 공유부엌",
            R.SPACE,
            "마포 로컬리스트 모임",
            "연남동",
            "반찬 나눔과 요리 모임을 위한 공유부엌입니다.",
            "화~토 11시~20시",
            "로컬리스트 모임 누리집에서 예약",
        ),
        ResourceSpec(
            "상암 옥상텃밭",
            R.SPACE,
            "마포 기후행동",
            "상암동",
            "빗물 저금통이 있는 20구획 옥상텃밭입니다.",
            "3월~11월",
            "봄 분양 공고를 보고 신청",
        ),
        ResourceSpec(
            "행사용 음향장비",
            R.EQUIPMENT,
            "마포민간네트워크 모두마포",
            "서교동",
            "앰프, 무선 마이크 4개, 믹서 세트입니다.",
            "행사 1주 전까지 예약",
            "모두마포 사무국에 메일로 신청",
        ),
        ResourceSpec(
            "천막·테이블 대여",
            R.EQUIPMENT,
            "마포구 마을자치센터",
            "공덕동",
            "천막 8동과 접이식 테이블 30개입니다.",
            "주말 행사 우선, 직접 운반",
            "마을자치센터에 전화로 문의",
        ),
        ResourceSpec(
            "영상 촬영 장비",
            R.EQUIPMENT,
            "마포FM 공동체라디오",
            "성산2동",
            "캠코더 2대, 삼각대, 무선 마이크를 빌려드립니다.",
            "최대 2일 대여",
            "마포FM 사무국에 전화로 예약",
        ),
        ResourceSpec(
            "디자인 재능기부",
            R.SKILL,
            "마포 청년활동지원센터",
            None,
            "청년 디자이너들이 단체 홍보물을 만들어 드립니다.",
            "한 달에 단체 3곳까지",
            "센터 누리집의 신청서 작성",
        ),
        ResourceSpec(
            "번역·통역 재능기부",
            R.SKILL,
            "마포 이주민 함께",
            None,
            "영어, 중국어, 베트남어 번역과 행사 통역을 도와드립니다.",
            "행사 2주 전까지 요청",
            "단체 메일로 요청",
        ),
        ResourceSpec(
            "사회적경제 회계 컨설팅",
            R.SKILL,
            "마포공동체경제협동조합",
            "망원1동",
            "협동조합 회계와 보조금 정산을 조합원 전문가가 도와드립니다.",
            "매주 화요일 오후",
            "조합 사무국에 전화로 예약",
        ),
        ResourceSpec(
            "마포FM 공동체라디오",
            R.MEDIA,
            "마포FM 공동체라디오",
            "성산2동",
            "단체 소식을 전하는 주간 마을 소식 코너와 출연 기회를 드립니다.",
            "매주 수요일 녹음",
            "방송국 누리집의 제보 게시판",
        ),
        ResourceSpec(
            "모두마포 뉴스레터",
            R.MEDIA,
            "마포민간네트워크 모두마포",
            None,
            "네트워크 회원과 주민에게 가는 월간 뉴스레터입니다.",
            "매달 말 마감",
            "플랫폼에서 소식 올리기",
        ),
        ResourceSpec(
            "마포지역재단 준비기금",
            R.FUND,
            "마포지역재단 기획단",
            None,
            "지역재단 설립을 위해 주민과 단체가 함께 모으는 준비기금입니다.",
            "상시 약정",
            "기획단 사무국에 문의",
        ),
        ResourceSpec(
            "마포공동체경제 상호부조기금",
            R.FUND,
            "마포공동체경제협동조합",
            None,
            "조합원 단체에 긴급 운영자금을 저리로 빌려주는 상호부조기금입니다.",
            "분기별 심사",
            "조합 사무국에 신청서 제출",
        ),
    ],
)

SPECS = {"gangbuk": GANGBUK, "mapo": MAPO}


def _generic_spec(district) -> DistrictSpec:
    short = district.short_name
    return DistrictSpec(
        network_name=f"{district.name} 시민사회 네트워크",
        member_target=300,
        network_description=f"{district.name} 시민사회의 포괄적 네트워크입니다.",
        subcommittees=[
            ("조직분과", "참여조직 확대를 맡습니다."),
            ("정책분과", "민관 협력과 정책 제안을 맡습니다."),
        ],
        resources=[
            ResourceSpec(
                f"{short} 행사용 음향장비",
                R.EQUIPMENT,
                None,
                None,
                "앰프와 무선 마이크 세트입니다.",
                "행사 1주 전까지 예약",
                "네트워크 사무국에 문의",
            ),
            ResourceSpec(
                f"{short} 공동체기금",
                R.FUND,
                None,
                None,
                "주민 활동을 지원하는 공동체기금입니다.",
                "연 2회 공모",
                "공모 공고를 보고 신청",
            ),
        ],
    )


# --- planning (pure: depends only on the random generator, the district and its dongs) -------------


@dataclass
class OrgPlan:
    name: str
    kind: str
    legal_form: str
    areas: list[str]
    dongs: list[str]
    founded_year: int
    member_count: int | None
    description: str
    website: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    address: str = ""
    hub: bool = False


def _batchim(word: str) -> bool:
    last = word[-1] if word else ""
    return "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 != 0


def _eul(word: str) -> str:
    return word + ("을" if _batchim(word) else "를")


def _stem(dong_name: str) -> str:
    """망원1동 → 망원, 삼양동 → 삼양, 번2동 → 번동 (a one-syllable stem keeps its 동)."""
    stem = dong_name.removesuffix("동").rstrip("0123456789")
    return stem if len(stem) >= 2 else stem + "동"


def _phone(rng: random.Random) -> str:
    return f"02-0000-{rng.randint(1000, 9999)}"


def _description(rng: random.Random, kind: str, legal_form: str, areas: list[str], place: str) -> str:
    act = ACTIVITIES[areas[0]]
    if kind == K.COMMUNITY:
        first = f"{place} 주민들이 {_eul(act)} 함께하는 모임입니다."
    elif kind == K.CIVIC:
        first = f"{place}에서 {_eul(act)} 위해 활동하는 시민단체입니다."
    elif kind == K.SOCIAL_ECONOMY:
        first = f"{_eul(act)} 사업으로 풀어 가는 {LegalForm(legal_form).label}입니다."
    elif kind == K.NONPROFIT:
        first = f"{place}의 {_eul(act)} 지원하는 비영리법인입니다."
    elif kind == K.INTERMEDIARY:
        first = f"{place}의 {_eul(act)} 돕는 중간지원조직입니다."
    elif kind == K.PUBLIC:
        first = f"{place} 주민을 위한 공공기관으로 {act}에 힘쓰고 있습니다."
    else:
        first = f"{place}에서 {act}에 함께하고 있습니다."
    template = rng.choice(SECOND_SENTENCES)
    second = template.format(
        year=rng.randint(2005, 2023),
        other=rng.choice(COMMON_AREAS),
        members=rng.randint(10, 60),
    )
    return first if rng.random() < 0.35 else f"{first} {second}"


def _member_count(rng: random.Random, kind: str) -> int | None:
    ranges = {
        K.COMMUNITY: (5, 60),
        K.CIVIC: (10, 300),
        K.SOCIAL_ECONOMY: (5, 200),
        K.NONPROFIT: (20, 800),
        K.INTERMEDIARY: (5, 30),
        K.OTHER: (10, 120),
    }
    if kind not in ranges:
        return None
    low, high = ranges[kind]
    return rng.randint(low, high)


def plan_organisations(
    rng: random.Random, district, dong_names: list[str], spec: DistrictSpec, total: int
) -> list[OrgPlan]:
    """The district's organisations: the named bodies first, then generated ones up to `total`."""
    slug = district.slug
    plans: list[OrgPlan] = []
    for n, named in enumerate(spec.named, start=1):
        dongs = [d for d in named.dongs if d in dong_names]
        handle = named.handle or f"named{n:02d}"
        plans.append(
            OrgPlan(
                name=named.name,
                kind=named.kind,
                legal_form=named.legal_form,
                areas=list(named.areas),
                dongs=dongs,
                founded_year=named.founded,
                member_count=named.members,
                description=named.description,
                website=f"https://example.org/{slug}/{handle}" if named.handle else "",
                contact_email=f"{handle}@{slug}.example.org",
                contact_phone=_phone(rng),
                address=f"서울특별시 {district.name} {dongs[0]}" if dongs else "",
                hub=named.hub,
            )
        )
    names = {p.name for p in plans}
    stems: dict[str, list[str]] = {}
    for dong in dong_names:
        stems.setdefault(_stem(dong), []).append(dong)
    stem_list = list(stems)
    kinds = [k for k, _w in KIND_WEIGHTS]
    weights = [w for _k, w in KIND_WEIGHTS]
    attempts = 0
    while len(plans) < total and attempts < total * 50:
        attempts += 1
        kind = rng.choices(kinds, weights)[0]
        stem = rng.choice(stem_list) if stem_list else ""
        dong = rng.choice(stems[stem]) if stem else ""
        roll = rng.random()
        if kind in PATTERNS:
            pattern, legal_form, area = rng.choice(PATTERNS[kind])
            if not dong:
                continue
            name = pattern.format(dong=dong, stem=stem)
            areas = [area]
        else:
            suffix, legal_form = rng.choice(SUFFIXES[kind])
            area = rng.choice(COMMON_AREAS)
            areas = [area]
            theme = rng.choice(THEMES[area])
            if rng.random() < 0.2:
                theme, areas = rng.choice(COMPOUND_THEMES)
                areas = list(areas)
            if roll < 0.7 and stem:
                name = f"{stem} {theme} {suffix}"
            elif roll < 0.88:
                name = f"{district.short_name} {theme} {suffix}"
            else:
                name = f"{theme} {suffix} {rng.choice(NICKNAMES)}"
        extra = rng.randint(0, 2)
        for other in rng.sample(COMMON_AREAS, 3):
            if len(areas) > extra or len(areas) >= 3:
                break
            if other not in areas:
                areas.append(other)
        if dong and roll < 0.7:
            dongs = [dong]
        else:
            dongs = rng.sample(dong_names, min(len(dong_names), rng.randint(1, 2)))
        if len(dongs) < 3 and dong_names and rng.random() < 0.3:
            neighbour = rng.choice(dong_names)
            if neighbour not in dongs:
                dongs.append(neighbour)
        place = dongs[0] if dongs and roll < 0.7 else district.name
        founded = rng.randint(1995, 2023)
        members = _member_count(rng, kind)
        if legal_form == L.FOUNDATION:
            members = None  # a foundation has no members
        description = _description(rng, kind, legal_form, areas, place)
        index = len(plans) + 1
        website = f"https://example.org/{slug}/org{index:03d}" if rng.random() < 0.4 else ""
        email = f"org{index:03d}@{slug}.example.org" if rng.random() < 0.7 else ""
        phone = _phone(rng) if rng.random() < 0.6 else ""
        if name in names or len(name) > 100:
            continue
        names.add(name)
        plans.append(
            OrgPlan(
                name=name,
                kind=kind,
                legal_form=legal_form,
                areas=areas,
                dongs=dongs,
                founded_year=founded,
                member_count=members,
                description=description,
                website=website,
                contact_email=email,
                contact_phone=phone,
                address=f"서울특별시 {district.name} {dongs[0]}" if dongs and phone else "",
            )
        )
    return plans


@dataclass(frozen=True)
class TiePlan:
    a: int  # plan indexes
    b: int
    kind: str
    days_ago: int
    note: str


def plan_ties(rng: random.Random, plans: list[OrgPlan], named_count: int = 0) -> list[TiePlan]:
    """Clustered ties: hubs with many partners, named bodies working together, the rest mostly
    within a shared 의제 or 행정동 (preferring well-connected partners)."""
    n = len(plans)
    if n < 2:
        return []
    hubs = [i for i, p in enumerate(plans) if p.hub]
    # a few generated organisations have no ties yet (never a named body or hub)
    isolated = {i for i in range(n) if not plans[i].hub and rng.random() < 0.04 and i >= named_count}
    named = [i for i in range(min(named_count, n)) if i not in isolated]
    by_area: dict[str, list[int]] = {}
    by_dong: dict[str, list[int]] = {}
    for i, plan in enumerate(plans):
        if i in isolated:
            continue
        for area in plan.areas:
            by_area.setdefault(area, []).append(i)
        for dong in plan.dongs:
            by_dong.setdefault(dong, []).append(i)
    active = [i for i in range(n) if i not in isolated]
    degree = [0] * n
    pairs: dict[tuple[int, int], list[str]] = {}
    ties: list[TiePlan] = []

    def add(i: int, j: int, kinds: list[str]) -> None:
        if i == j:
            return
        pair = (min(i, j), max(i, j))
        kind = rng.choice(kinds)
        days_ago = rng.randint(0, 36 * 30)
        note = rng.choice(TIE_NOTES[kind]) if rng.random() < 0.3 else ""
        if kind in pairs.get(pair, []):
            return
        pairs.setdefault(pair, []).append(kind)
        if len(pairs[pair]) == 1:
            degree[i] += 1
            degree[j] += 1
        ties.append(TiePlan(pair[0], pair[1], kind, days_ago, note))

    def pick(pool: list[int], exclude: int) -> int | None:
        candidates = [c for c in pool if c != exclude]
        if not candidates:
            return None
        return rng.choices(candidates, [degree[c] + 1 for c in candidates])[0]

    hub_kinds = [Tie.Kind.NETWORK, Tie.Kind.NETWORK, Tie.Kind.JOINT_PROJECT, Tie.Kind.RESOURCE_SHARING]
    for hub in hubs:
        for partner in rng.sample(active, min(len(active), rng.randint(10, 20))):
            add(hub, partner, hub_kinds)
    for i in named:
        for partner in rng.sample(named, min(len(named), 2)):
            add(i, partner, [Tie.Kind.JOINT_PROJECT, Tie.Kind.CO_HOST, Tie.Kind.NETWORK])
    area_kinds = [Tie.Kind.JOINT_PROJECT, Tie.Kind.JOINT_PROJECT, Tie.Kind.NETWORK, Tie.Kind.CO_HOST]
    dong_kinds = [Tie.Kind.CO_HOST, Tie.Kind.RESOURCE_SHARING, Tie.Kind.JOINT_PROJECT]
    for i in active:
        for _ in range(rng.choice([0, 1, 1, 1, 2, 2])):
            roll = rng.random()
            if roll < 0.55:
                pool = by_area.get(rng.choice(plans[i].areas), [])
                kinds = area_kinds
            elif roll < 0.85 and plans[i].dongs:
                pool = by_dong.get(rng.choice(plans[i].dongs), [])
                kinds = dong_kinds
            else:
                pool = active
                kinds = list(Tie.Kind.values)
            partner = pick(pool, i)
            if partner is not None:
                add(i, partner, kinds)
                if rng.random() < 0.06:
                    add(i, partner, list(Tie.Kind.values))
    return ties


# --- loading ---------------------------------------------------------------------------------------


def _common_areas() -> dict[str, IssueArea]:
    areas = {a.name: a for a in IssueArea.objects.filter(district__isnull=True, name__in=COMMON_AREAS)}
    for order, name in enumerate(COMMON_AREAS):
        if name not in areas:
            areas[name], _created = IssueArea.objects.get_or_create(
                district=None, name=name, defaults={"order": order}
            )
    return areas


def _aware(days_ago: float, now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=days_ago)


def network_demo_load(*, district, seed: int = 0) -> dict:
    """Load (or top up) the demo network of `district`. Returns the district's totals and what was new."""
    rng = random.Random(seed + district.pk)  # noqa: S311 - demo data, not security
    # one generator per phase, so a phase that skips existing rows cannot shift the next phase's draws
    phase = {
        name: random.Random(rng.getrandbits(64))  # noqa: S311
        for name in ("organisations", "ties", "memberships", "persons", "committees")
    }
    spec = SPECS.get(district.slug) or _generic_spec(district)
    now = timezone.now()
    today = timezone.localdate()
    created = dict.fromkeys(
        [
            "organisations",
            "ties",
            "memberships",
            "persons",
            "affiliations",
            "committees",
            "seats",
            "resources",
        ],
        0,
    )
    with transaction.atomic():
        Network.objects.update_or_create(
            district=district,
            defaults={
                "name": spec.network_name,
                "description": spec.network_description,
                "member_target": spec.member_target,
            },
        )
        areas = _common_areas()
        dongs = {d.name: d for d in Dong.objects.filter(district=district).order_by("code")}
        operator = User.objects.filter(email=f"operator@{district.slug}.demo.madang.kr").first()

        # organisations
        plans = plan_organisations(phase["organisations"], district, list(dongs), spec, TARGET_ORGANISATIONS)
        existing = set(Organisation.objects.filter(district=district).values_list("name", flat=True))
        new_plans = [p for p in plans if p.name not in existing]
        new_orgs = Organisation.objects.bulk_create(
            [
                Organisation(
                    district=district,
                    name=p.name,
                    kind=p.kind,
                    legal_form=p.legal_form,
                    founded_year=p.founded_year,
                    member_count=p.member_count,
                    description=p.description,
                    website=p.website,
                    contact_email=p.contact_email,
                    contact_phone=p.contact_phone,
                    address=p.address,
                    created_by=operator,
                )
                for p in new_plans
            ]
        )
        created["organisations"] = len(new_orgs)
        orgs = {
            o.name: o
            for o in Organisation.objects.filter(district=district, name__in=[p.name for p in plans])
        }
        if new_plans:
            through_areas = Organisation.issue_areas.through
            through_dongs = Organisation.dongs.through
            through_areas.objects.bulk_create(
                [
                    through_areas(organisation_id=orgs[p.name].pk, issuearea_id=areas[a].pk)
                    for p in new_plans
                    for a in dict.fromkeys(p.areas)
                ]
            )
            through_dongs.objects.bulk_create(
                [
                    through_dongs(organisation_id=orgs[p.name].pk, dong_id=dongs[d].pk)
                    for p in new_plans
                    for d in dict.fromkeys(p.dongs)
                ]
            )

        # ties
        tie_plans = plan_ties(phase["ties"], plans, len(spec.named))
        have = set(Tie.objects.filter(district=district).values_list("source_id", "target_id", "kind"))
        new_ties = []
        for t in tie_plans:
            a, b = orgs[plans[t.a].name].pk, orgs[plans[t.b].name].pk
            source, target = min(a, b), max(a, b)
            if (source, target, t.kind) in have:
                continue
            have.add((source, target, t.kind))
            new_ties.append(
                Tie(
                    district=district,
                    source_id=source,
                    target_id=target,
                    kind=t.kind,
                    since=today - datetime.timedelta(days=t.days_ago),
                    note=t.note,
                    origin=Tie.Origin.MANUAL,
                    created_by=operator,
                )
            )
        Tie.objects.bulk_create(new_ties)
        created["ties"] = len(new_ties)

        # organisation memberships
        with_membership = set(
            Membership.objects.filter(district=district, organisation__isnull=False).values_list(
                "organisation_id", flat=True
            )
        )
        mrng = phase["memberships"]
        statuses = []
        for plan in plans:
            days_ago = mrng.uniform(0, 30 * 30.4)
            if plan.hub:
                days_ago = mrng.uniform(27 * 30.4, 30 * 30.4)
            statuses.append(
                [
                    Membership.Status.APPROVED if plan.hub or mrng.random() < 0.66 else None,
                    days_ago,
                    mrng.randint(1, 20),
                    mrng.choice(APPLICATION_MESSAGES),
                    mrng.randint(10, 90),
                ]
            )
        outsiders = [i for i, s in enumerate(statuses) if s[0] is None]
        chosen = mrng.sample(outsiders, min(len(outsiders), 8))
        for order, i in enumerate(chosen):
            statuses[i][0] = (
                Membership.Status.APPLIED
                if order < 5
                else Membership.Status.REJECTED
                if order < 7
                else Membership.Status.LEFT
            )
        memberships = []
        for plan, (status, days_ago, wait, message, left_ago) in zip(plans, statuses, strict=True):
            org = orgs[plan.name]
            if status is None or org.pk in with_membership:
                continue
            decided = _aware(days_ago, now)
            membership = Membership(
                district=district,
                organisation=org,
                status=status,
                message=message,
                applied_at=decided - datetime.timedelta(days=wait),
            )
            if status == Membership.Status.APPLIED:
                membership.applied_at = _aware(wait, now)
            else:
                membership.decided_at = decided
                membership.decided_by = operator
            if status == Membership.Status.REJECTED:
                membership.decision_reason = REJECTION_REASONS[len(memberships) % len(REJECTION_REASONS)]
            if status == Membership.Status.LEFT:
                membership.decided_at = _aware(max(days_ago, 200), now)
                membership.applied_at = membership.decided_at - datetime.timedelta(days=wait)
                membership.left_at = _aware(left_ago, now)
            memberships.append(membership)
        Membership.objects.bulk_create(memberships)
        created["memberships"] += len(memberships)

        # activists
        persons, demo_person = _load_persons(
            phase["persons"], district, spec, plans, orgs, dongs, areas, operator, now, today, created
        )

        # committees and seats
        _load_committees(phase["committees"], district, spec, persons, demo_person, areas, today, created)

        # resources
        owners = {o.name: o for o in Organisation.objects.filter(district=district)}
        have_resources = set(Resource.objects.filter(district=district).values_list("name", flat=True))
        new_resources = [
            Resource(
                district=district,
                name=r.name,
                kind=r.kind,
                owner=owners.get(r.owner) if r.owner else None,
                dong=dongs.get(r.dong) if r.dong else None,
                description=r.description,
                availability=r.availability,
                how_to_ask=r.how_to_ask,
                created_by=operator,
            )
            for r in spec.resources
            if r.name not in have_resources
        ]
        Resource.objects.bulk_create(new_resources)
        created["resources"] = len(new_resources)

        _index_missing(district)

    return {**_totals(district), "created": created}


def _load_persons(rng, district, spec, plans, orgs, dongs, areas, operator, now, today, created):
    """The org-member demo account and ACTIVISTS demo activists: (activists, the demo account's Person)."""
    slug = district.slug
    dong_names = list(dongs)
    combos = [s + g for s in SURNAMES for g in GIVEN_NAMES]
    names = rng.sample(combos, ACTIVISTS)
    by_area: dict[str, list[str]] = {}
    for plan in plans:
        for area in plan.areas:
            by_area.setdefault(area, []).append(plan.name)
    generated = [p.name for p in plans[len(spec.named) :]]
    representative_of = rng.sample(generated, min(len(generated), 8))
    people = []  # (email, display_name, person defaults, interests, affiliations [(org, role)])
    member = User.objects.filter(email=f"org-member@{slug}.demo.madang.kr").first()
    demo_org = spec.demo_org if spec.demo_org in orgs else (plans[0].name if plans else None)
    demo_dong = next(iter(p.dongs for p in plans if p.name == demo_org), [])
    member_plan = (
        f"org-member@{slug}.demo.madang.kr",
        None,
        {
            "dong": dongs.get(demo_dong[0]) if demo_dong else None,
            "skills": "마을 행사 기획, 회의 진행(퍼실리테이션)",
            "bio": f"{demo_org}의 대표입니다. 이웃과 함께 마을 의제를 찾고 나눕니다.",
            "phone": "010-0000-0001",
        },
        ["마을공동체", "돌봄"],
        [(demo_org, Affiliation.Role.REPRESENTATIVE)] if demo_org else [],
    )
    if member is not None:
        people.append(member_plan)
    for n, display_name in enumerate(names, start=1):
        interests = rng.sample(COMMON_AREAS, rng.randint(1, 3))
        dong = rng.choice(dong_names) if dong_names else None
        affiliations = []
        if n <= len(representative_of):
            affiliations.append((representative_of[n - 1], Affiliation.Role.REPRESENTATIVE))
        pool = by_area.get(interests[0]) or [p.name for p in plans]
        for _ in range(rng.randint(1, 2)):
            org_name = rng.choice(pool)
            if org_name not in {a for a, _r in affiliations}:
                affiliations.append(
                    (
                        org_name,
                        rng.choice(
                            [Affiliation.Role.STAFF, Affiliation.Role.MEMBER, Affiliation.Role.MEMBER]
                        ),
                    )
                )
        role = rng.choice(ACTIVIST_ROLES)
        interest_text = ", ".join(interests)
        people.append(
            (
                f"activist{n:02d}@{slug}.demo.madang.kr",
                display_name,
                {
                    "dong": dongs.get(dong) if dong else None,
                    "skills": ", ".join(rng.sample(SKILLS, rng.randint(1, 2))),
                    "bio": f"{dong or district.name}에 사는 {role}입니다. "
                    f"{interest_text} 분야에서 활동합니다.",
                    "phone": f"010-0000-{rng.randint(1000, 9999)}" if rng.random() < 0.5 else "",
                },
                interests,
                affiliations,
            )
        )
    member_days = rng.uniform(0, 30 * 30.4)
    joined_days = [rng.uniform(0, 30 * 30.4) for _ in range(ACTIVISTS)]
    if member is not None:
        joined_days.insert(0, member_days)

    activists, demo_person = [], None
    for (email, display_name, defaults, interests, affiliations), days_ago in zip(
        people, joined_days, strict=True
    ):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, display_name=display_name or email, privacy_consent_at=now)
            user.set_unusable_password()
            user.save()
        person, new = Person.objects.get_or_create(
            user=user, district=district, defaults={**defaults, "is_public": True, "consent_at": now}
        )
        if new:
            created["persons"] += 1
            person.interests.set([areas[a] for a in interests])
        for org_name, role in affiliations:
            org = orgs.get(org_name)
            if org is None:
                continue
            _aff, new = Affiliation.objects.get_or_create(
                organisation=org,
                person=person,
                defaults={"role": role, "since": today - datetime.timedelta(days=int(days_ago) + 90)},
            )
            created["affiliations"] += int(new)
        if not Membership.objects.filter(district=district, person=person).exists():
            decided = _aware(days_ago, now)
            Membership.objects.create(
                district=district,
                person=person,
                status=Membership.Status.APPROVED,
                applied_by=user,
                applied_at=decided - datetime.timedelta(days=3),
                decided_by=operator,
                decided_at=decided,
            )
            created["memberships"] += 1
        if display_name is None:
            demo_person = person
        else:
            activists.append(person)
    return activists, demo_person


def _load_committees(rng, district, spec, persons, demo_person, areas, today, created):
    term_start = datetime.date(today.year - 2, today.month, 1)
    term_end = datetime.date(today.year + 1, today.month, 1) - datetime.timedelta(days=1)
    committees = [
        (
            "운영위원회",
            Committee.Kind.STEERING,
            None,
            f"{spec.network_name}의 운영 방향과 사업을 정하는 운영위원회입니다. 매달 정례회의를 엽니다.",
            8,
        ),
        *[(name, Committee.Kind.SUBCOMMITTEE, None, desc, 4) for name, desc in spec.subcommittees],
        (
            "돌봄 네트워크",
            Committee.Kind.ISSUE_NETWORK,
            "돌봄",
            "돌봄 단체와 활동가가 모여 마을 돌봄 의제를 함께 다룹니다.",
            5,
        ),
        (
            "청년 네트워크",
            Committee.Kind.ISSUE_NETWORK,
            "청년",
            "청년 단체와 청년 활동가가 모여 청년 의제를 함께 다룹니다.",
            4,
        ),
    ]
    for name, kind, area, description, size in committees:
        committee, new = Committee.objects.get_or_create(
            district=district,
            name=name,
            defaults={"kind": kind, "issue_area": areas.get(area), "description": description},
        )
        created["committees"] += int(new)
        seated = set(CommitteeSeat.objects.filter(committee=committee).values_list("person_id", flat=True))
        members = rng.sample(persons, min(len(persons), size))
        if kind == Committee.Kind.STEERING and demo_person is not None:
            members.append(demo_person)  # the org-member demo account sits on the steering committee
        for position, person in enumerate(members):
            if person.pk in seated:
                continue
            role = (
                CommitteeSeat.Role.CHAIR
                if position == 0
                else CommitteeSeat.Role.SECRETARY
                if position == 1 and kind == Committee.Kind.STEERING
                else CommitteeSeat.Role.MEMBER
            )
            CommitteeSeat.objects.create(
                committee=committee, person=person, role=role, term_start=term_start, term_end=term_end
            )
            created["seats"] += 1


def _index_missing(district) -> None:
    """Index every organisation, public person and resource of the district that has no SearchEntry."""

    def missing(object_type: str) -> set[int]:
        return set(
            SearchEntry.objects.filter(district=district, object_type=object_type).values_list(
                "object_id", flat=True
            )
        )

    done = missing("organisation")
    for org in Organisation.objects.filter(district=district).prefetch_related("issue_areas", "dongs"):
        if org.pk not in done:
            search.index_organisation(org)
    done = missing("person")
    people = Person.objects.filter(district=district, is_public=True).select_related("user", "dong")
    for person in people.prefetch_related("interests"):
        if person.pk not in done:
            search.index_person(person)
    done = missing("resource")
    for resource in Resource.objects.filter(district=district).select_related("owner", "dong"):
        if resource.pk not in done:
            search.index_resource(resource)


def _totals(district) -> dict:
    members = Membership.objects.filter(district=district).aggregate(
        members=Count("id", filter=Q(status=Membership.Status.APPROVED)),
        pending=Count("id", filter=Q(status=Membership.Status.APPLIED)),
        rejected=Count("id", filter=Q(status=Membership.Status.REJECTED)),
        left=Count("id", filter=Q(status=Membership.Status.LEFT)),
    )
    return {
        "organisations": Organisation.objects.filter(district=district).count(),
        "ties": Tie.objects.filter(district=district).count(),
        **members,
        "persons": Person.objects.filter(district=district).count(),
        "committees": Committee.objects.filter(district=district).count(),
        "seats": CommitteeSeat.objects.filter(committee__district=district).count(),
        "resources": Resource.objects.filter(district=district).count(),
    }
