import subprocess


def pdf_text(data: bytes) -> str:
    """The text of a PDF as poppler's pdftotext reads it (what a reader copying from the file gets)."""
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def squeeze(text: str) -> str:
    return "".join(text.split())
