"""Section labels of the exported text format, per language.

Built in for the languages the shop's export tool writes (nl, en, de, fr). A host
adds labels for its other languages with `HEALTH_ARTICLES_IMPORT_LABELS`; a
language with none of its own reads the labels of every built-in language
(English first), so a file in a new language still imports.
"""

from ..conf import import_labels

KINDS = ("intro", "conclusion", "faq", "question", "answer", "keywords", "references")
FALLBACK_FIRST = "en"

LABELS = {
    "nl": {
        "intro": ["Inleiding", "Introductie"],
        "conclusion": ["Conclusie", "Tot slot"],
        "faq": ["Q&A Sectie", "Veelgestelde vragen", "Vragen en antwoorden"],
        "question": ["V", "Q"],
        "answer": ["A"],
        "keywords": ["Belangrijke zoekwoorden", "Zoekwoorden", "Trefwoorden"],
        "references": ["Referenties", "Bronnen", "Literatuur"],
    },
    "en": {
        "intro": ["Introduction"],
        "conclusion": ["Conclusion", "Conclusions"],
        "faq": ["Q&A Section", "Q&A", "Frequently asked questions", "FAQ"],
        "question": ["Q"],
        "answer": ["A"],
        "keywords": ["Important keywords", "Keywords", "Key terms"],
        "references": ["References", "Sources"],
    },
    "de": {
        "intro": ["Einleitung", "Einführung"],
        "conclusion": ["Fazit", "Schlussfolgerung", "Zusammenfassung"],
        "faq": ["Fragen und Antworten", "Q&A Bereich", "Q&A-Bereich", "Häufig gestellte Fragen"],
        "question": ["F", "Q"],
        "answer": ["A"],
        "keywords": ["Wichtige Schlüsselwörter", "Schlüsselwörter", "Wichtige Suchbegriffe"],
        "references": ["Quellen", "Literatur", "Referenzen"],
    },
    "fr": {
        "intro": ["Introduction"],
        "conclusion": ["Conclusion"],
        "faq": ["Section Q&R", "Questions et réponses", "Q&R", "FAQ", "Foire aux questions"],
        "question": ["Q"],
        "answer": ["R"],
        "keywords": ["Mots-clés importants", "Mots-clés"],
        "references": ["Références", "Sources", "Bibliographie"],
    },
}

# The export tool writes this trailer in English whatever the article's language.
MORE_ARTICLES = ["More articles", "Meer artikelen", "Weitere Artikel", "Plus d'articles"]


def normalise(label):
    return " ".join(label.replace("’", "'").split()).rstrip(":").casefold()


def labels_for(language):
    """{kind: [label, …]} for `language`: the host's labels first, then the built-in ones."""
    extra = import_labels().get(language, {})
    if language in LABELS:
        base = LABELS[language]
    else:
        order = [FALLBACK_FIRST, *(code for code in LABELS if code != FALLBACK_FIRST)]
        base = {kind: [label for code in order for label in LABELS[code][kind]] for kind in KINDS}
    return {kind: list(dict.fromkeys([*extra.get(kind, []), *base[kind]])) for kind in KINDS}
