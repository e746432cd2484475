"""Image-only PDFs for the OCR tests: a Vietnamese page drawn with a TrueType font (Liberation
Serif, else DejaVu Serif: both have the Vietnamese glyphs), saved by Pillow as a scanned PDF."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

DPI = 200
FONTS = ("/usr/share/fonts/truetype/liberation2/LiberationSerif-{}.ttf",
         "/usr/share/fonts/truetype/dejavu/DejaVuSerif{}.ttf")


def font(size_pt: float, bold: bool = False) -> ImageFont.FreeTypeFont:
    px = round(size_pt * DPI / 72)
    for pattern in FONTS:
        style = ("Bold" if bold else "Regular") if "liberation" in pattern else ("-Bold" if bold else "")
        path = Path(pattern.format(style))
        if path.exists():
            return ImageFont.truetype(str(path), px)
    raise FileNotFoundError("no Liberation Serif or DejaVu Serif font (Debian: fonts-liberation2)")


def page() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("RGB", (round(8.27 * DPI), round(11.69 * DPI)), "white")
    return img, ImageDraw.Draw(img)


def pt(v: float) -> int:
    """Points → pixels."""
    return round(v * DPI / 72)


def centred(d: ImageDraw.ImageDraw, cx: float, y: float, text: str, f: ImageFont.FreeTypeFont) -> None:
    w = d.textlength(text, font=f)
    d.text((pt(cx) - w / 2, pt(y)), text, font=f, fill="black")


def header_page(number: str = "15", seal: bool = False) -> Image.Image:
    """A plan's first page: two-column header, title, body, Nơi nhận | signer (optionally under a
    red seal)."""
    img, d = page()
    r, b = font(13), font(13, bold=True)
    centred(d, 150, 60, "ỦY BAN NHÂN DÂN", r)
    centred(d, 150, 78, "TỈNH LÀO CAI", b)
    centred(d, 400, 60, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", b)
    centred(d, 400, 78, "Độc lập - Tự do - Hạnh phúc", b)
    centred(d, 150, 110, f"Số: {number}/KH-UBND", r)
    centred(d, 400, 110, "Lào Cai, ngày 12 tháng 3 năm 2025", font(13))
    centred(d, 297, 150, "KẾ HOẠCH", font(14, bold=True))
    centred(d, 297, 170, "Cải cách hành chính năm 2025", b)
    y = 210.0
    body = ("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "Nâng cao chất lượng phục vụ người dân và doanh nghiệp.",
            "II. NHIỆM VỤ", "1. Rà soát thủ tục hành chính của các sở, ngành.")
    for text in body:
        d.text((pt(85), pt(y)), text, font=b if text[:2] in ("I.", "II") else r, fill="black")
        y += 22
    y += 20
    d.text((pt(85), pt(y)), "Nơi nhận:", font=font(12, bold=True), fill="black")
    for i, text in enumerate(("- Sở Nội vụ;", "- Lưu: VT.")):
        d.text((pt(85), pt(y + 16 + 15 * i)), text, font=font(11), fill="black")
    centred(d, 420, y, "TM. ỦY BAN NHÂN DÂN", b)
    centred(d, 420, y + 18, "CHỦ TỊCH", b)
    centred(d, 420, y + 100, "Nguyễn Văn An", b)
    if seal:
        red = (220, 30, 40)
        cx, cy, rad = pt(400), pt(y + 85), pt(45)
        d.ellipse((cx - rad, cy - rad, cx + rad, cy + rad), outline=red, width=pt(3))
        inner = rad - pt(8)
        d.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), outline=red, width=pt(1.5))
        d.text((cx - pt(30), cy - pt(6)), "ỦY BAN NHÂN DÂN", font=font(8, bold=True), fill=red)
        d.line((pt(380), pt(y + 95), pt(470), pt(y + 70)), fill=(30, 40, 200), width=pt(1.5))  # the signature
    return img


def table_page() -> Image.Image:
    """A ruled responsibility table: STT | Nhiệm vụ | Chủ trì | Thời hạn."""
    img, d = page()
    r, b = font(12), font(12, bold=True)
    xs = [70, 110, 330, 440, 530]
    ys = [100, 130, 160, 190]
    for x in xs:
        d.line((pt(x), pt(ys[0]), pt(x), pt(ys[-1])), fill="black", width=2)
    for y in ys:
        d.line((pt(xs[0]), pt(y), pt(xs[-1]), pt(y)), fill="black", width=2)
    rows = [("STT", "Nhiệm vụ", "Chủ trì", "Thời hạn"),
            ("1", "Rà soát thủ tục hành chính", "Sở Nội vụ", "Tháng 6"),
            ("2", "Số hóa hồ sơ một cửa", "Sở Tư pháp", "Quý III")]
    for (top, row) in zip(ys, rows, strict=False):
        for x, text in zip(xs, row, strict=False):
            d.text((pt(x + 5), pt(top + 8)), text, font=b if top == ys[0] else r, fill="black")
    return img


def save_pdf(images: list[Image.Image], path: Path) -> Path:
    images[0].save(path, "PDF", resolution=DPI, save_all=True, append_images=images[1:])
    return path
