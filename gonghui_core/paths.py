"""Where the project's shared data files are (each defined once)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
VOCAB_FILE = DATA_DIR / "vocabularies.yml"
THEME_KEYWORDS_FILE = DATA_DIR / "theme_keywords.yml"
JIEBA_USER_DICT = DATA_DIR / "jieba_user_dict.txt"
