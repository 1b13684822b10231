import subprocess


def pdf_text(data: bytes) -> str:
    """The text of a PDF as poppler's pdftotext reads it (what a reader copying from the file gets)."""
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def squeeze(text: str) -> str:
    return "".join(text.split())


def pdf_fonts(data: bytes) -> list[str]:
    """The fonts a PDF embeds, as poppler's pdffonts lists them, without the subset prefix (ABCDEF+)."""
    result = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True)
    lines = result.stdout.decode("utf-8").splitlines()[2:]
    return [line.split()[0].split("+", 1)[-1] for line in lines if line.strip()]


def embedded_once(data: bytes) -> bool:
    """True when the PDF embeds exactly one font: the regular Noto Sans CJK SC (core.pdf's one face)."""
    return pdf_fonts(data) == ["Noto-Sans-CJK-SC"]


def pdf_info(data: bytes) -> dict[str, str]:
    """poppler's pdfinfo of a PDF (Pages, Page size, …) as a dict."""
    result = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True)
    pairs = (line.split(":", 1) for line in result.stdout.decode("utf-8").splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}
