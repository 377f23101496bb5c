"""One APIRouter per resource; pages.py holds the HTML pages."""
