"""Section labels of the exported text format, in the four site languages."""

LABELS = {
    "nl": {
        "intro": ["Inleiding", "Introductie"],
        "conclusion": ["Conclusie", "Tot slot"],
        "faq": ["Q&A Sectie", "Veelgestelde vragen", "Vragen en antwoorden"],
        "question": ["V", "Q"],
        "answer": ["A"],
        "keywords": ["Belangrijke zoekwoorden", "Zoekwoorden", "Trefwoorden"],
    },
    "en": {
        "intro": ["Introduction"],
        "conclusion": ["Conclusion", "Conclusions"],
        "faq": ["Q&A Section", "Q&A", "Frequently asked questions", "FAQ"],
        "question": ["Q"],
        "answer": ["A"],
        "keywords": ["Important keywords", "Keywords", "Key terms"],
    },
    "de": {
        "intro": ["Einleitung", "Einführung"],
        "conclusion": ["Fazit", "Schlussfolgerung", "Zusammenfassung"],
        "faq": ["Fragen und Antworten", "Q&A Bereich", "Q&A-Bereich", "Häufig gestellte Fragen"],
        "question": ["F", "Q"],
        "answer": ["A"],
        "keywords": ["Wichtige Schlüsselwörter", "Schlüsselwörter", "Wichtige Suchbegriffe"],
    },
    "fr": {
        "intro": ["Introduction"],
        "conclusion": ["Conclusion"],
        "faq": ["Section Q&R", "Questions et réponses", "Q&R", "FAQ", "Foire aux questions"],
        "question": ["Q"],
        "answer": ["R"],
        "keywords": ["Mots-clés importants", "Mots-clés"],
    },
}

# The export tool writes this trailer in English whatever the article's language.
MORE_ARTICLES = ["More articles", "Meer artikelen", "Weitere Artikel", "Plus d'articles"]


def normalise(label):
    return " ".join(label.replace("’", "'").split()).rstrip(":").casefold()
