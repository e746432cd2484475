"""Pydantic v2 models of a parsed plan; the JSON Schema in schemas/ is generated from them."""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from cchc_parse.diagnostics import Diagnostic, Location
from cchc_parse.normalise.deadlines import Deadline

SCHEMA_NAME: Literal["cchc.plan"] = "cchc.plan"

# values the normalise and structure stages compute and pass in (tables, classifiers)
AreaBy = Literal["heading", "keywords"]
TaskOrigin = Literal["table", "inline"]
Comparator = Literal[">=", "<=", "=", ">", "<"]
TargetYearSource = Literal["explicit", "context", "plan_year", "none"]
AttachmentKind = Literal["regulation", "appendix", "plan", "outline", "form", "other"]
SCHEMA_VERSION = "1.2.0"  # major: breaking change; minor: new optional fields


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)  # modelbuild.py


class DateParts(_Model):
    """A date as written; a blank day or month stays null."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    iso: Annotated[str | None, Field(description="YYYY-MM-DD when day, month and year are all known")] = None


class Signer(_Model):
    authority: Annotated[list[str], Field(description="Signing prefixes in order: TM, KT, Q, TL, TUQ")] = []
    on_behalf_of: Annotated[str | None, Field(description="What follows the prefix: 'ỦY BAN NHÂN DÂN'")] = None
    title: Annotated[str | None, Field(description="Position of the person who signs: 'PHÓ CHỦ TỊCH'")] = None
    name: str | None = None


class DocumentMeta(_Model):
    """The national document standard's components (Nghị định 30/2020/NĐ-CP, Điều 8)."""

    doc_type: Annotated[str | None, Field(description="Type code: KH, QĐ, BC, CTr, TB, CV, …")] = None
    doc_type_name: Annotated[str | None, Field(description="Type line as written: 'KẾ HOẠCH'")] = None
    genre: Annotated[Literal["document", "article"], Field(
        description="'document' for an administrative document, 'article' for a news text about one")] = "document"
    number: Annotated[str | None, Field(description="Number part of Số/ký hiệu; null when blank")] = None
    symbol: Annotated[str | None, Field(description="Ký hiệu: 'KH-UBND'")] = None
    number_raw: Annotated[str | None, Field(description="The Số line as written")] = None
    issuer: Annotated[str | None, Field(description="Full name of the issuing agency with its province")] = None
    parent_agency: Annotated[str | None, Field(description="Cơ quan chủ quản line as written")] = None
    issuer_lines: Annotated[list[str], Field(description="Agency lines of the header as written")] = []
    place: str | None = None
    date: DateParts | None = None
    title: Annotated[str | None, Field(description="Trích yếu")] = None
    authority: Annotated[str | None, Field(
        description="Who decides, the line after the trích yếu of a decision or resolution: "
                    "'BỘ TRƯỞNG BỘ XÂY DỰNG'")] = None
    draft: Annotated[bool, Field(description="The document is marked 'DỰ THẢO' (a draft)")] = False
    province: Annotated[str | None, Field(description="Province (63-unit list) of the issuer")] = None
    province_after_merger: Annotated[str | None, Field(
        description="For documents before 1 July 2025: the province the issuer's province belongs to after it")] = None
    year: Annotated[int | None, Field(description="The year the plan is for")] = None
    signer: Signer | None = None
    recipients: Annotated[list[str], Field(description="Lines under 'Nơi nhận:'")] = []
    addressees: Annotated[list[str], Field(description="Lines after 'Kính gửi:'")] = []
    signed_by: Annotated[str | None, Field(description="From a digital-signature stamp")] = None
    signed_at: str | None = None
    sources: Annotated[dict[str, Location], Field(
        description="Where the metadata fields stand in the source: number, date, title, signer")] = {}
    source_file: str | None = None
    source_format: str | None = None
    pages: int | None = None
    ocr_pages: list[int] = []


class Reference(_Model):
    """A document the text cites."""

    doc_type: Annotated[str | None, Field(description="Type code: NĐ, QĐ, KH, NQ, KL, CTr, TT, …")] = None
    number: Annotated[str, Field(description="Full number and symbol: '61/2018/NĐ-CP'")]
    date: Annotated[str | None, Field(description="ISO date of the cited document, if the text gives it")] = None
    issuing_body: Annotated[str | None, Field(description="Derived from the symbol: NĐ-CP → Chính phủ")] = None
    title: Annotated[str | None, Field(description="Type word and subject as cited, when short")] = None
    cited_at: Annotated[list[Location], Field(description="Every place the text cites it")] = []


class Area(_Model):
    code: Annotated[str, Field(description="Reform area code, stable across plans (NQ 76/NQ-CP)")]
    by: Annotated[AreaBy, Field(description="How it was classified")]


class Section(_Model):
    id: Annotated[str, Field(description="Labels joined by dots: 'II.3.đ'")]
    label: Annotated[str | None, Field(description="The numbering as displayed: 'II.', 'a)', '-'")] = None
    kind: Annotated[str, Field(
        description="part | roman | decimal | paren | paren_roman | letter | upper_letter | article | bullet")]
    numbering: Annotated[Literal["typed", "auto"], Field(
        description="Typed text or Word automatic numbering")] = "typed"
    title: Annotated[str | None, Field(description="Heading text")] = None
    text: Annotated[str | None, Field(description="Text of a point, and paragraphs under a heading")] = None
    label_printed: Annotated[str | None, Field(
        description="The label as printed when the sequence shows a typo that was repaired "
                    "('II.' printed for 'III.')")] = None
    notes: Annotated[list[str], Field(description="Footnotes the section's text cites, as text")] = []
    area: Area | None = None
    source: Location = Field(default_factory=Location)
    children: list[Section] = []


class Task(_Model):
    id: Annotated[str, Field(description="STT labels joined by dots: '1.4.b'")]
    parent: str | None = None
    label: Annotated[str | None, Field(description="STT cell as written")] = None
    is_group: Annotated[bool, Field(description="A group row (number and name, no units)")] = False
    content: str = ""
    lead: Annotated[list[str], Field(description="Đơn vị chủ trì")] = []
    support: Annotated[list[str], Field(description="Đơn vị phối hợp")] = []
    outputs: Annotated[list[str], Field(description="Sản phẩm / kết quả")] = []
    deadline: Deadline | None = None
    note: Annotated[str | None, Field(description="Ghi chú")] = None
    lead_canonical: list[str | None] = []
    support_canonical: list[str | None] = []
    section: Annotated[str | None, Field(description="Id of the section the table is in")] = None
    area: Area | None = None
    origin: Annotated[TaskOrigin, Field(
        description="'table': a row of a responsibility table; 'inline': responsibility written under a section "
                    "('- Đơn vị chủ trì: …'), the id is the section's")] = "table"
    source: Location = Field(default_factory=Location)


class Standard(_Model):
    """A technical standard or regulation cited: 'QCVN 40:2025/BTNMT', 'TCVN ISO 9001:2015'."""

    kind: Annotated[str, Field(description="QCVN, TCVN, ISO, …")]
    code: Annotated[str, Field(description="The code as cited, spaces normalised: 'QCVN 40:2025/BTNMT'")]
    cited_at: list[Location] = []


class Target(_Model):
    """A quantitative commitment: 'đạt tối thiểu 95% vào năm 2025'."""

    value: float | int
    unit: str = "%"
    comparator: Annotated[Comparator, Field(description="'tối thiểu' → '>='")] = "="
    year: int | None = None
    year_source: TargetYearSource = "none"
    text: Annotated[str, Field(description="The sentence or clause that states it")]
    section: str | None = None
    task: str | None = None
    source: Location = Field(default_factory=Location)


class ReportDeadline(_Model):
    """Reporting deadlines stated in running text: "báo cáo … quý I (ngày 05/3), 6 tháng (05/6)"."""

    text: Annotated[str, Field(description="The sentence that states them")]
    deadlines: list[Deadline]
    section: str | None = None
    source: Location = Field(default_factory=Location)


class Paragraph(_Model):
    """Text outside the numbered sections: preamble, closing, or the body of an article."""

    role: Literal["preamble", "body", "closing", "appendix"]
    text: str
    notes: Annotated[list[str], Field(description="Footnotes the paragraph cites, as text")] = []
    source: Location = Field(default_factory=Location)


class Attachment(_Model):
    """What a document issues or carries after its own signature: a Quy chế, a Phụ lục, a report outline, a form."""

    kind: Annotated[AttachmentKind, Field(
        description="'regulation' (Quy chế, Quy định), 'appendix' (Phụ lục), 'plan' (a Kế hoạch issued by a decision), "
                    "'outline' (đề cương, report outline), 'form' (blank template: 'Mẫu số 01/…'), 'other'")]
    label: Annotated[str | None, Field(description="'PHỤ LỤC I', 'Mẫu số 01/HNCT'")] = None
    title: str | None = None
    issued_with: Annotated[str | None, Field(description="'(Ban hành kèm theo Quyết định số …)' as written")] = None
    sections: list[Section] = []
    tasks: list[Task] = []
    references: list[Reference] = []
    paragraphs: list[Paragraph] = []
    source: Location = Field(default_factory=Location)


class PlanDocument(_Model):
    schema_name: Literal["cchc.plan"] = SCHEMA_NAME
    schema_version: str = SCHEMA_VERSION
    document: DocumentMeta = Field(default_factory=DocumentMeta)
    legal_bases: list[Reference] = []
    references: list[Reference] = []
    sections: list[Section] = []
    tasks: Annotated[list[Task], Field(description="Rows of the responsibility table(s)")] = []
    inline_tasks: Annotated[list[Task], Field(
        description="Responsibility written in the text under each task ('- Đơn vị chủ trì: …'), origin 'inline'")] = []
    standards: list[Standard] = []
    attachments: list[Attachment] = []
    targets: list[Target] = []
    report_deadlines: list[ReportDeadline] = []
    paragraphs: list[Paragraph] = []
    diagnostics: list[Diagnostic] = []

    def walk_sections(self) -> list[Section]:
        """Every section, depth first (with a stack: the rules walk the tree several times a document,
        validate/lintrun.py keeps one walk for them)."""
        out: list[Section] = []
        stack = list(reversed(self.sections))
        while stack:
            s = stack.pop()
            out.append(s)
            stack.extend(reversed(s.children))
        return out


_M = TypeVar("_M", bound=BaseModel)
_set = object.__setattr__


def trusted(cls: type[_M], values: dict[str, Any], defaulted: frozenset[str] = frozenset()) -> _M:
    """``cls(**values)`` without validation, for the models made by the thousand (sections, paragraphs) from
    values of the fields' types already (plain str, int, None, fresh lists, models).

    ``values`` holds every field, in the order of the class (the order ``model_dump`` writes them in);
    ``defaulted`` names those given their default, which a validated call would not have in its fields set.
    tests/normalise/test_trusted.py checks both against validated models.
    """
    obj = cls.__new__(cls)
    _set(obj, "__dict__", values)
    fields = _SET_FIELDS.get((cls, defaulted))
    if fields is None:  # set(values).difference(defaulted), once a class: ``values`` holds every field
        fields = _SET_FIELDS[(cls, defaulted)] = frozenset(cls.model_fields).difference(defaulted)
    _set(obj, "__pydantic_fields_set__", set(fields))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


_SET_FIELDS: dict[tuple[type[BaseModel], frozenset[str]], frozenset[str]] = {}


def paragraph(role: str, text: str, notes: list[str], source: Location) -> Paragraph:
    """``Paragraph(role=…, text=…, notes=…, source=…)``, built as ``trusted`` builds (all four fields count as
    set, also an appendix paragraph's empty notes: no dump excludes unset fields), the fields set shared
    by them all as Location.of shares its own (pydantic only adds a field's name to it: one it holds)."""
    obj = Paragraph.__new__(Paragraph)
    _set(obj, "__dict__", {"role": role, "text": text, "notes": notes, "source": source})
    _set(obj, "__pydantic_fields_set__", _PARAGRAPH_SET)
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


_PARAGRAPH_SET = set(Paragraph.model_fields)


def to_jsonable(doc: PlanDocument) -> dict[str, Any]:
    return doc.model_dump(mode="json", exclude_none=False)
